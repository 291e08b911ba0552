//! `--message-format`: every renderer (short, json, github, sarif) shows the
//! same diagnostics in the shape its readers (editors, CI problem matchers,
//! GitHub annotations, code-scanning dashboards) expect.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const UNRESOLVED: &str = "examples/invalid/unresolved.journey";
const WARNINGS: &str = "examples/invalid/warnings.journey";
const DUPLICATE: &str = "examples/invalid/duplicate.journey";
const CLEAN: &str = "examples/grocery.journey";
const UNICODE: &str = "tests/fixtures/cli/unicode.journey";
const WITH_COMMA: &str = "tests/fixtures/cli/with,comma.journey";

/// Checks a fixture the way it asks to be checked (see [`checking`]).
fn check(path: &str, format: &str, extra: &[&str]) -> Output {
    let mut args = checking(path);
    args.extend(["--message-format", format].map(String::from));
    args.extend(extra.iter().map(|e| e.to_string()));
    journey(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("can't read {path}: {e}"))
}

/// Every diagnostic fixture (files and folders), relative to the repository root.
fn diagnostic_fixtures() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/diagnostics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "journey" || e == "md"))
        .map(|p| p.strip_prefix(root()).unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert!(found.len() >= 20, "the diagnostic fixtures are missing: {found:?}");
    found
}

/// The 1-based line and character column of a byte offset, counted from the file itself.
fn human_position(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

// ───────────────────────────── short ─────────────────────────────

/// `path:line:col: severity[CODE]: message`, taken apart.
#[derive(Debug, PartialEq)]
struct Short {
    path: String,
    line: usize,
    column: usize,
    severity: String,
    code: String,
    message: String,
}

fn parse_short(line: &str) -> Short {
    fn bad<T>(line: &str) -> T {
        panic!("not `path:line:col: severity[CODE]: message`: {line:?}")
    }
    // The path may contain `:`: take the message, the kind and the numbers off from the right.
    let (head, message) = line.split_once("]: ").unwrap_or_else(|| bad(line));
    let (place, kind) = head.rsplit_once(": ").unwrap_or_else(|| bad(line));
    let (severity, code) = kind.split_once('[').unwrap_or_else(|| bad(line));
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| bad(line));
    let line_number = parts.next().and_then(|l| l.parse().ok()).unwrap_or_else(|| bad(line));
    let path = parts.next().unwrap_or_else(|| bad(line)).to_string();
    Short { path, line: line_number, column, severity: severity.into(), code: code.into(), message: message.into() }
}

#[test]
fn short_prints_one_documented_line_per_error() {
    let output = check(UNRESOLVED, "short", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "examples/invalid/unresolved.journey:12:26: error[E0010]: unknown channel `emial`\n");
}

#[test]
fn short_prints_warnings_and_succeeds() {
    let output = check(WARNINGS, "short", &[]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let lines: Vec<Short> = stdout(&output).lines().map(parse_short).collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&output));
    for line in &lines {
        assert_eq!(line.path, WARNINGS);
        assert_eq!(line.severity, "warning");
    }
    assert_eq!((lines[0].line, lines[0].column, lines[0].code.as_str()), (5, 9, "W0001"));
    assert!(lines[0].message.contains("`sms`"), "{:?}", lines[0]);
    assert_eq!(lines[1].code, "W0003");

    // Denied warnings are errors, and the line says so.
    let denied = check(WARNINGS, "short", &["--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(stdout(&denied).lines().map(parse_short).all(|s| s.severity == "error" && s.code.starts_with('W')), "{}", stdout(&denied));
}

#[test]
fn short_prints_nothing_for_a_clean_file() {
    let output = check(CLEAN, "short", &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
}

// ───────────────────────────── json ─────────────────────────────

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

/// The fields every location object has, checked against the file it names.
fn assert_location(value: &Value, what: &str) {
    for field in ["file", "line", "column", "end_line", "end_column", "offset", "end_offset"] {
        assert!(!value[field].is_null(), "{what}: no `{field}` in {value}");
    }
    let file = value["file"].as_str().unwrap_or_else(|| panic!("{what}: `file` is not a string: {value}"));
    let number = |field: &str| value[field].as_u64().unwrap_or_else(|| panic!("{what}: `{field}` is not a number: {value}")) as usize;
    let text = std::fs::read(root().join(file)).unwrap_or_else(|e| panic!("{what}: `file` {file} can't be read: {e}"));
    let (offset, end_offset) = (number("offset"), number("end_offset"));
    assert!(offset <= end_offset && end_offset <= text.len(), "{what}: offsets outside {file}: {value}");
    assert!(number("line") >= 1 && number("column") >= 1, "{what}: lines and columns are 1-based: {value}");
    assert_eq!(human_position(&text, offset), (number("line"), number("column")), "{what}: line/column of offset {offset}: {value}");
    assert_eq!(human_position(&text, end_offset), (number("end_line"), number("end_column")), "{what}: end of {value}");
}

/// The shape of one `--message-format json` diagnostic.
fn assert_json_shape(d: &Value) {
    for field in ["code", "name", "severity", "message"] {
        assert!(d[field].as_str().is_some_and(|s| !s.is_empty()), "`{field}` is not a non-empty string: {d}");
    }
    assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()), "{d}");
    assert!(d["help"].is_null() || d["help"].is_string(), "{d}");
    assert!(d["primary"]["message"].is_string(), "{d}");
    assert_location(&d["primary"], "primary");
    for label in d["labels"].as_array().unwrap_or_else(|| panic!("`labels` is not an array: {d}")) {
        assert!(label["message"].is_string(), "{d}");
        assert_location(label, "label");
    }
    for fix in d["fixes"].as_array().unwrap_or_else(|| panic!("`fixes` is not an array: {d}")) {
        assert!(fix["title"].as_str().is_some_and(|t| !t.is_empty()), "{d}");
        let edits = fix["edits"].as_array().unwrap_or_else(|| panic!("`edits` is not an array: {d}"));
        assert!(!edits.is_empty(), "a fix without edits: {d}");
        for edit in edits {
            assert!(edit["replacement"].is_string(), "{d}");
            assert_location(edit, "edit");
        }
    }
}

#[test]
fn json_describes_the_unresolved_reference_completely() {
    let output = check(UNRESOLVED, "json", &[]);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{}", stdout(&output));
    let d = &diagnostics[0];
    assert_json_shape(d);
    assert_eq!(d["code"], "E0010");
    assert_eq!(d["name"], "unresolved-reference");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown channel `emial`");
    assert_eq!(d["labels"], serde_json::json!([]));
    assert!(d["help"].as_str().unwrap().contains("`email`"), "{d}");
    let primary = &d["primary"];
    assert_eq!(primary["file"], UNRESOLVED);
    assert_eq!((primary["line"].as_u64(), primary["column"].as_u64()), (Some(12), Some(26)));
    assert_eq!((primary["end_line"].as_u64(), primary["end_column"].as_u64()), (Some(12), Some(31)));
    assert!(!primary["message"].as_str().unwrap().is_empty());

    // The byte offsets cut exactly the misspelt name out of the file.
    let text = read(UNRESOLVED);
    let (start, end) = (primary["offset"].as_u64().unwrap() as usize, primary["end_offset"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], b"emial");

    // The did-you-mean fix replaces that same span with `email`.
    let fix = d["fixes"].as_array().unwrap().iter().find(|f| f["title"].as_str().unwrap().contains("`email`")).expect("a fix to `email`");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{fix}");
    assert_eq!(edits[0]["replacement"], "email");
    assert_eq!(edits[0]["file"], UNRESOLVED);
    assert_eq!((edits[0]["offset"].as_u64(), edits[0]["end_offset"].as_u64()), (Some(start as u64), Some(end as u64)));
}

#[test]
fn applying_the_json_fix_makes_the_file_check() {
    let (_, diagnostics) = json_diagnostics(UNRESOLVED, &[]);
    let fix = &diagnostics[0]["fixes"][0];
    assert!(fix["title"].as_str().unwrap().contains("`email`"), "the first fix is the likeliest one: {fix}");
    let mut text = read(UNRESOLVED);
    let mut edits = fix["edits"].as_array().unwrap().clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e["offset"].as_u64()));
    for edit in edits {
        let (start, end) = (edit["offset"].as_u64().unwrap() as usize, edit["end_offset"].as_u64().unwrap() as usize);
        text.splice(start..end, edit["replacement"].as_str().unwrap().bytes());
    }
    let dir = std::env::temp_dir().join(format!("journey-formats-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fixed.journey"), &text).unwrap();
    let output = journey_in(&dir, &["check", "fixed.journey", "--message-format", "short"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "after the fix:\n{}\n{}", String::from_utf8_lossy(&text), stdout(&output));
}

#[test]
fn json_secondary_label_points_at_the_first_declaration() {
    let output = check(DUPLICATE, "json", &[]);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics = json_lines(&output);
    let d = diagnostics.iter().find(|d| d["code"] == "E0012").unwrap_or_else(|| panic!("no E0012: {}", stdout(&output)));
    assert_json_shape(d);
    assert_eq!(d["primary"]["line"], 4);
    let labels = d["labels"].as_array().unwrap();
    let first = labels.iter().find(|l| l["message"] == "first declared here").unwrap_or_else(|| panic!("no secondary label: {d}"));
    assert_eq!(first["file"], DUPLICATE);
    assert_eq!(first["line"], 3);
    let text = read(DUPLICATE);
    assert_eq!(&text[first["offset"].as_u64().unwrap() as usize..first["end_offset"].as_u64().unwrap() as usize], b"web");
}

#[test]
fn json_columns_count_characters_and_offsets_count_bytes() {
    let output = check(UNICODE, "json", &[]);
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{}", stdout(&output));
    let primary = &diagnostics[0]["primary"];
    let text = read(UNICODE);
    let (start, end) = (primary["offset"].as_u64().unwrap() as usize, primary["end_offset"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], b"emial");
    let line = String::from_utf8(text.clone()).unwrap().lines().nth(9).unwrap().to_string();
    let column = line[..line.find("emial").unwrap()].chars().count() + 1;
    assert!(column < line.find("emial").unwrap() + 1, "the fixture has multi-byte characters before the error");
    assert_eq!((primary["line"].as_u64(), primary["column"].as_u64()), (Some(10), Some(column as u64)), "{primary}");
    assert_eq!(primary["end_column"].as_u64(), Some(column as u64 + 5));
}

#[test]
fn json_is_one_well_formed_object_per_line_for_every_fixture() {
    for fixture in diagnostic_fixtures() {
        let output = check(&fixture, "json", &[]);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{fixture}: {}", stderr(&output));
        let diagnostics = json_lines(&output);
        assert!(!diagnostics.is_empty(), "{fixture} reports nothing");
        for d in &diagnostics {
            assert_json_shape(d);
        }
    }
}

#[test]
fn json_prints_nothing_for_a_clean_file() {
    let output = check(CLEAN, "json", &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
}

// ───────────────────────────── github ─────────────────────────────

/// A workflow command, decoded the way the Actions runner decodes it.
#[derive(Debug)]
struct Command {
    kind: String,
    properties: Vec<(String, String)>,
    message: String,
}

impl Command {
    fn get(&self, key: &str) -> &str {
        self.properties.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no `{key}` in {self:?}"))
    }
}

fn unescape_data(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
}

fn unescape_property(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

fn parse_command(line: &str) -> Command {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let (head, data) = rest.split_once("::").unwrap_or_else(|| panic!("no `::` before the message: {line}"));
    // Raw `:` or `,` inside a property would end it early; raw `%` not followed by an escape is ambiguous.
    let (kind, properties) = head.split_once(' ').unwrap_or_else(|| panic!("no properties: {line}"));
    let properties = properties
        .split(',')
        .map(|p| {
            let (key, value) = p.split_once('=').unwrap_or_else(|| panic!("property without `=` ({p}) in {line}"));
            (key.to_string(), unescape_property(value))
        })
        .collect();
    Command { kind: kind.to_string(), properties, message: unescape_data(data) }
}

#[test]
fn github_annotates_errors_with_the_documented_properties() {
    let output = check(UNRESOLVED, "github", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "one command per diagnostic, on one line: {text}");
    assert!(
        text.starts_with(
            "::error file=examples/invalid/unresolved.journey,line=12,col=26,endLine=12,endColumn=31,title=E0010 unresolved-reference::unknown channel `emial`"
        ),
        "{text}"
    );
    // The help goes on a second line of the annotation: an escaped newline.
    let command = parse_command(text.trim_end());
    assert_eq!(command.message, "unknown channel `emial`\nhelp: did you mean `email`?");
    assert!(text.contains("%0Ahelp: "), "{text}");
}

#[test]
fn github_annotates_warnings_as_warnings() {
    let output = check(WARNINGS, "github", &[]);
    assert_eq!(output.status.code(), Some(0));
    let commands: Vec<Command> = stdout(&output).lines().map(parse_command).collect();
    assert_eq!(commands.len(), 2, "{}", stdout(&output));
    assert!(commands.iter().all(|c| c.kind == "warning" && c.get("file") == WARNINGS), "{commands:?}");
    assert_eq!(commands[0].get("title"), "W0001 unused-declaration");
    assert_eq!((commands[0].get("line"), commands[0].get("col")), ("5", "9"));
}

#[test]
fn github_escapes_commas_in_file_names_and_percent_signs_in_messages() {
    let output = check(WITH_COMMA, "github", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    for line in &lines {
        assert!(line.starts_with("::error file=tests/fixtures/cli/with%2Ccomma.journey,line="), "{line}");
    }
    // `%` in the message: `120%` must reach the runner as `120%25`, or it would read `%` plus garbage.
    assert!(lines[0].contains("::percentage `120%25` is outside 0..100%25"), "{}", lines[0]);
    let percent = parse_command(lines[0]);
    assert_eq!(percent.get("file"), WITH_COMMA);
    assert_eq!(percent.get("title"), "E0021 percentage-out-of-range");
    assert!(percent.message.starts_with("percentage `120%` is outside 0..100%"), "{percent:?}");
    // `:` is fine in the message (only properties escape it).
    let currencies = parse_command(lines[1]);
    assert!(currencies.message.starts_with("KPI `basket` mixes currencies: the target"), "{currencies:?}");
    assert_eq!(currencies.get("line"), "17");
}

#[cfg(unix)]
#[test]
fn github_escapes_colons_commas_and_percent_signs_in_properties() {
    let dir = std::env::temp_dir().join(format!("journey-formats-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = "50%: a,b.journey";
    std::fs::write(dir.join(name), read(UNRESOLVED)).unwrap();
    let output = journey_in(&dir, &["check", name, "--message-format", "github"]);
    let _ = std::fs::remove_dir_all(&dir);
    let text = stdout(&output);
    assert!(text.starts_with("::error file=50%25%3A a%2Cb.journey,line=12,col=26,"), "{text}");
    assert_eq!(parse_command(text.trim_end()).get("file"), name);
}

// ───────────────────────────── every format agrees ─────────────────────────────

#[test]
fn short_github_and_sarif_say_what_json_says_for_every_fixture() {
    for fixture in diagnostic_fixtures() {
        let json = json_lines(&check(&fixture, "json", &[]));
        let short: Vec<Short> = stdout(&check(&fixture, "short", &[])).lines().map(parse_short).collect();
        let github: Vec<Command> = stdout(&check(&fixture, "github", &[])).lines().map(parse_command).collect();
        let sarif: Value = serde_json::from_str(&stdout(&check(&fixture, "sarif", &[]))).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(short.len(), json.len(), "{fixture}: short vs json");
        assert_eq!(github.len(), json.len(), "{fixture}: github vs json");
        assert_eq!(results.len(), json.len(), "{fixture}: sarif vs json");
        for (i, d) in json.iter().enumerate() {
            let p = &d["primary"];
            let (line, column) = (p["line"].as_u64().unwrap() as usize, p["column"].as_u64().unwrap() as usize);
            let severity = d["severity"].as_str().unwrap();
            let code = d["code"].as_str().unwrap();
            let message = d["message"].as_str().unwrap();
            let expected = Short {
                path: p["file"].as_str().unwrap().into(),
                line,
                column,
                severity: severity.into(),
                code: code.into(),
                message: message.into(),
            };
            assert_eq!(short[i], expected, "{fixture}: short line {i}");

            let g = &github[i];
            assert_eq!(g.kind, severity, "{fixture}: {g:?}");
            assert_eq!(g.get("file"), p["file"].as_str().unwrap());
            assert_eq!(g.get("line"), line.to_string());
            assert_eq!(g.get("col"), column.to_string());
            assert_eq!(g.get("endLine"), p["end_line"].to_string());
            assert_eq!(g.get("endColumn"), p["end_column"].to_string());
            assert_eq!(g.get("title"), format!("{code} {}", d["name"].as_str().unwrap()));
            let with_help = match d["help"].as_str() {
                Some(help) => format!("{message}\nhelp: {help}"),
                None => message.to_string(),
            };
            assert_eq!(g.message, with_help, "{fixture}");

            let r = &results[i];
            assert_eq!(r["ruleId"], code, "{fixture}");
            assert_eq!(r["level"], if severity == "info" { "note" } else { severity }, "{fixture}");
            assert!(r["message"]["text"].as_str().unwrap().starts_with(message), "{fixture}: {r}");
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert_eq!(
                (region["startLine"].as_u64(), region["startColumn"].as_u64()),
                (Some(line as u64), Some(column as u64)),
                "{fixture}"
            );
            assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (p["end_line"].as_u64(), p["end_column"].as_u64()));
            assert_eq!(region["byteOffset"], p["offset"]);
            assert_eq!(region["byteLength"].as_u64().unwrap(), p["end_offset"].as_u64().unwrap() - p["offset"].as_u64().unwrap());
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
            assert_eq!(uri, p["file"].as_str().unwrap(), "{fixture}: fixture paths need no escaping");
        }
    }
}

// ───────────────────────────── sarif ─────────────────────────────

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_slice(&read("tests/schemas/sarif-2.1.0.json")).unwrap();
    jsonschema::draft7::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

/// Runs `check … --message-format sarif` in DIR, parses and validates the document.
fn sarif_in(dir: &Path, args: &[&str]) -> (Output, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--message-format", "sarif"]);
    let output = journey_in(dir, &all);
    let document: Value = serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&output)));
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "the SARIF log of {args:?} is invalid:\n{}", errors.join("\n"));
    (output, document)
}

fn sarif(args: &[&str]) -> (Output, Value) {
    sarif_in(&root(), args)
}

fn artifact(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["artifactLocation"]
}

/// The codes `journey explain` lists, with their names.
fn explained_codes() -> Vec<(String, String)> {
    let output = journey(&["explain"]);
    assert_eq!(output.status.code(), Some(0));
    stdout(&output)
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words[0].to_string(), words[2].to_string())
        })
        .collect()
}

#[test]
fn sarif_for_errors_validates_and_locates_them() {
    let (output, document) = sarif(&[UNRESOLVED]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(document["version"], "2.1.0");
    let run = &document["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "E0010");
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].as_str().unwrap().contains("unknown channel `emial`"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], "E0010", "ruleIndex points at its rule");
    assert_eq!(artifact(result)["uri"], UNRESOLVED);
    assert_eq!(artifact(result)["uriBaseId"], "%SRCROOT%");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(12), Some(26)));
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(12), Some(31)));

    // The schema does catch mistakes: a level SARIF doesn't have.
    let mut broken = document.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_validator().is_valid(&broken), "the validator checks levels");

    // %SRCROOT% is the working directory, so base + uri is the file.
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("%SRCROOT% is defined");
    let base = base.strip_prefix("file://").unwrap_or_else(|| panic!("not a file URI: {base}"));
    assert!(base.ends_with('/'), "a base URI ends with `/`: {base}");
    assert_eq!(std::fs::canonicalize(PathBuf::from(base).join(UNRESOLVED)).unwrap(), root().join(UNRESOLVED).canonicalize().unwrap());
}

#[test]
fn sarif_lists_every_code_as_a_described_rule() {
    let (_, document) = sarif(&[UNRESOLVED]);
    let rules = document["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<(String, String)> =
        rules.iter().map(|r| (r["id"].as_str().unwrap().to_string(), r["name"].as_str().unwrap_or("").to_string())).collect();
    let explained = explained_codes();
    assert!(explained.len() >= 20, "`journey explain` lists the codes: {explained:?}");
    assert_eq!(ids, explained, "SARIF rules vs `journey explain`");
    for rule in rules {
        for field in ["shortDescription", "fullDescription"] {
            let text = rule[field]["text"].as_str().unwrap_or("");
            assert!(!text.trim().is_empty(), "{} has no {field}", rule["id"]);
            assert!(!text.starts_with('#'), "{} {field} is the explanation's title, not a description: {text}", rule["id"]);
        }
    }
}

#[test]
fn sarif_for_warnings_uses_the_warning_level_unless_denied() {
    let (output, document) = sarif(&[WARNINGS]);
    assert_eq!(output.status.code(), Some(0));
    let results = document["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| r["level"] == "warning"), "{results:?}");
    assert_eq!(results[0]["ruleId"], "W0001");

    let (output, document) = sarif(&[WARNINGS, "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let results = document["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["level"] == "error"), "{results:?}");
}

#[test]
fn sarif_related_locations_carry_the_secondary_labels() {
    let (_, document) = sarif(&[DUPLICATE]);
    let result = &document["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "E0012");
    let related = result["relatedLocations"].as_array().unwrap();
    let first = related.iter().find(|l| l["message"]["text"] == "first declared here").unwrap_or_else(|| panic!("{result}"));
    assert_eq!(first["physicalLocation"]["region"]["startLine"], 3);
    assert_eq!(first["physicalLocation"]["artifactLocation"]["uri"], DUPLICATE);
}

#[test]
fn sarif_for_a_clean_build_validates_and_has_no_results() {
    let (output, document) = sarif(&[CLEAN]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(document["runs"].as_array().unwrap().len(), 1);
    assert_eq!(document["runs"][0]["results"], serde_json::json!([]));
    assert!(!document["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_uri_is_relative_to_the_working_directory_for_absolute_paths() {
    let absolute = root().join(UNRESOLVED);
    let (output, document) = sarif_in(&root().join("examples"), &[absolute.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let location = artifact(&document["runs"][0]["results"][0]);
    assert_eq!(location["uri"], "invalid/unresolved.journey");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
}

#[test]
fn sarif_columns_count_characters() {
    let (_, document) = sarif(&[UNICODE]);
    assert_eq!(document["runs"][0]["columnKind"], "unicodeCodePoints");
    let (_, json) = json_diagnostics(UNICODE, &[]);
    let region = &document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], json[0]["primary"]["column"]);
    assert_eq!(region["byteOffset"], json[0]["primary"]["offset"]);
}

#[test]
fn sarif_for_every_fixture_at_once_validates() {
    let (output, document) = sarif(&["tests/fixtures/diagnostics"]);
    assert_eq!(output.status.code(), Some(1));
    let results = document["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 20, "{}", results.len());
    for result in results {
        let uri = artifact(result)["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/diagnostics/"), "{uri}");
    }
}

/// `%`, `#` and spaces are not allowed as such in a URI: a dashboard would
/// read `#` as the start of a fragment and `%` as an escape.
#[cfg(unix)]
#[test]
fn sarif_uris_percent_encode_what_uris_cannot_hold() {
    let dir = std::env::temp_dir().join(format!("journey-formats-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = "50% off #1.journey";
    std::fs::write(dir.join(name), read(UNRESOLVED)).unwrap();
    let output = journey_in(&dir, &["check", name, "--message-format", "sarif"]);
    let _ = std::fs::remove_dir_all(&dir);
    let document: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let uri = artifact(&document["runs"][0]["results"][0])["uri"].clone();
    let valid = sarif_validator().is_valid(&document);
    assert_eq!(uri, "50%25%20off%20%231.journey", "(valid per schema: {valid})");
    assert!(valid);
}
