//! Hostile and broken input: no panic, no hang, a clear error. The library
//! must return diagnostics whose spans lie inside their files; the binary
//! must exit 1 (not 101, a panic, nor die on a signal) with a diagnostic that
//! points at the right place; and one syntax error must not hide the rest of
//! the file.

mod common;
use common::*;
use journey_compiler::config::Config;
use journey_compiler::source::{MemoryLoader, Span};
use journey_compiler::Compilation;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ───────────────────────────── Helpers ─────────────────────────────

/// `journey check NAME --message-format json` on a file holding `bytes`.
fn check_bytes(name: &str, bytes: &[u8]) -> Run {
    let dir = Scratch::new("check");
    dir.write(name, bytes);
    run(&dir.0, &["check", name, "--message-format", "json"], Duration::from_secs(120))
}

/// Exit 1, a clean failure: not a panic (101) nor a signal (`None`).
fn assert_clean_failure(run: &Run, what: &str) {
    assert_ne!(run.code, Some(101), "{what}: the binary panicked\n{}", run.describe());
    assert_eq!(run.code, Some(1), "{what}: expected exit 1\n{}", run.describe());
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.describe());
}

/// Compiles one in-memory file.
fn compile_bytes(bytes: &[u8]) -> Compilation {
    let loader = MemoryLoader::new().with("fuzz.journey", bytes.to_vec());
    journey_compiler::compile(&[PathBuf::from("fuzz.journey")], &loader, &Config::default())
}

/// Every span of every diagnostic lies within its file and on character boundaries.
fn span_problems(compilation: &Compilation) -> Vec<String> {
    let sources = &compilation.workspace.sources;
    let mut problems = Vec::new();
    for build in &compilation.builds {
        for d in &build.diagnostics {
            let mut places: Vec<(journey_compiler::source::FileId, Span, &str)> = vec![(d.primary.file, d.primary.span, "primary")];
            places.extend(d.secondary.iter().map(|l| (l.file, l.span, "label")));
            places.extend(d.fixes.iter().flat_map(|f| f.edits.iter().map(|e| (e.file, e.span, "fix"))));
            for (file, span, role) in places {
                if file.0 as usize >= sources.len() {
                    problems.push(format!("{} {role}: unknown file {file:?}", d.code));
                    continue;
                }
                let text = &sources.get(file).text;
                let (start, end) = (span.start as usize, span.end as usize);
                if start > end || end > text.len() {
                    problems.push(format!("{} {role}: span {start}..{end} outside a file of {} bytes ({})", d.code, text.len(), d.message));
                } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                    problems.push(format!("{} {role}: span {start}..{end} splits a character ({})", d.code, d.message));
                }
            }
        }
    }
    problems
}

/// The whole library pipeline on some bytes: compile, spans, model, format, format again.
fn survive(bytes: &[u8]) -> Result<(), TestCaseError> {
    let compilation = compile_bytes(bytes);
    let problems = span_problems(&compilation);
    prop_assert!(problems.is_empty(), "bad spans for {:?}:\n{}", String::from_utf8_lossy(bytes), problems.join("\n"));
    for build in &compilation.builds {
        // The language server shows the best-effort model of broken files too.
        let model = build.model(&compilation.workspace);
        serde_json::to_string(&model).expect("the model serialises");
    }
    let text = String::from_utf8_lossy(bytes);
    if let Ok(formatted) = journey_compiler::format::format(&text) {
        let again = journey_compiler::format::format(&formatted);
        prop_assert_eq!(again.as_ref(), Ok(&formatted), "formatting is not idempotent for {:?}", text);
    }
    Ok(())
}

/// Pieces of Journey-looking text: keywords, values, punctuation, comments, odd characters.
const FRAGMENTS: &[&str] = &[
    "journey",
    "stage",
    "step",
    "persona",
    "channel",
    "team",
    "emotion",
    "kpi",
    "use",
    "target",
    "actual",
    "baseline",
    "scale",
    "owner",
    "feels",
    "next",
    "does",
    "pain",
    "opportunity",
    "impact",
    "effort",
    "type",
    "state",
    "goal",
    "doc",
    "evidence",
    "maya",
    "web",
    "j",
    "a",
    "b",
    "happy",
    "annoyed",
    "high",
    "as-is",
    "digital",
    "thinkz",
    "{",
    "}",
    "{",
    "}",
    "\"",
    "\"text\"",
    "\"a \\\"b\\\" c\"",
    "\"\\q\"",
    "\"\\u{1F600}\"",
    "\"\\u{110000}\"",
    "\"unterminated",
    "-3",
    "+2",
    "7",
    "40%",
    "120%",
    "2.5%",
    "$5",
    "€9",
    "£5",
    "12.50 USD",
    "12 XYZ",
    "2h",
    "1.5h",
    "10min",
    "3d",
    "2w",
    "5parsecs",
    "..",
    "-100..100",
    "30%..40%",
    "5..1",
    ">=",
    "<=",
    "<",
    ">",
    "=",
    ",",
    ";",
    "//",
    "// comment\n",
    "///",
    "/// doc\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    " ",
    " ",
    "\t",
    "\u{0}",
    "😀",
    "é",
    "\u{FEFF}",
    "@@",
    "\\",
    "#",
    "99999999999999999999999999999999999999",
    "0.",
    ".5",
    "-",
    "+",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS.to_vec()), 0..200).prop_map(|pieces| {
        let mut text = pieces.concat();
        while text.len() > 2048 {
            text.pop();
        }
        text
    })
}

fn examples() -> &'static [String] {
    static EXAMPLES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    EXAMPLES.get_or_init(|| {
        ["grocery.journey", "data-sharing.journey", "saas/onboarding.journey", "saas/common.journey", "invalid/syntax.journey"]
            .iter()
            .map(|f| std::fs::read_to_string(root().join("examples").join(f)).unwrap())
            .collect()
    })
}

fn config(cases: u32) -> ProptestConfig {
    // No regression files: the tests must not write into the source tree.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        survive(&bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        survive(text.as_bytes())?;
    }

    #[test]
    fn journey_looking_token_soup_never_panics(text in soup()) {
        survive(text.as_bytes())?;
    }

    /// Spaces the grammar does not skip (a vertical tab, a no-break space,
    /// a line separator…) next to braces and words: a message once trimmed
    /// them away and pointed past the end of the file.
    #[test]
    fn odd_spaces_are_reported_inside_the_file(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{feff}", " ", "\t", "\n", "\r",
            "{", "}", "\"", "team", "a", ";", "//", "///",
        ]), 1..12),
    ) {
        survive(pieces.concat().as_bytes())?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Real files with a few cuts and insertions: the recovery paths on realistic text.
    #[test]
    fn mutated_examples_never_panic(
        which in 0usize..5,
        edits in prop::collection::vec((0usize..100_000, 0usize..40, prop::sample::select(FRAGMENTS.to_vec())), 1..5),
    ) {
        let mut text = examples()[which].clone();
        for (at, cut, insert) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, insert);
        }
        survive(text.as_bytes())?;
    }
}

// ───────────────────────────── Deep nesting, huge files ─────────────────────────────

const DEEP: usize = 100_000;

#[test]
fn deeply_nested_braces_are_an_unreadable_source_error_not_a_crash() {
    let cases = [
        ("open.journey", "{".repeat(DEEP)),
        ("balanced.journey", format!("{}{}", "{".repeat(DEEP), "}".repeat(DEEP))),
        ("journeys.journey", "journey j \"J\" {".repeat(DEEP)),
        ("journeys-closed.journey", format!("{}{}", "journey j \"J\" {\n".repeat(DEEP), "}\n".repeat(DEEP))),
    ];
    for (name, text) in &cases {
        let run = check_bytes(name, text.as_bytes());
        assert_clean_failure(&run, name);
        let diagnostics = run.diagnostics();
        assert!(run.codes().contains(&"E0002".to_string()), "{name}: expected E0002\n{}", run.describe());
        let e0002 = diagnostics.iter().find(|d| d["code"] == "E0002").unwrap();
        assert_eq!(e0002["primary"]["file"], *name);
        assert!(e0002["message"].as_str().unwrap().contains("nested"), "{name}: the message says what is wrong: {}", e0002["message"]);
        // The library says the same, without a stack overflow.
        let compilation = compile_bytes(text.as_bytes());
        assert!(compilation.builds[0].diagnostics.iter().any(|d| d.code.as_str() == "E0002"), "{name}: library");
        assert!(span_problems(&compilation).is_empty());
    }
}

#[test]
fn many_empty_blocks_side_by_side_fail_cleanly() {
    // 100,000 `{}` pairs are not deep, just wrong: syntax errors, quickly, no crash.
    let text = "{}".repeat(DEEP);
    let dir = Scratch::new("pairs");
    dir.write("pairs.journey", text.as_bytes());
    let started = Instant::now();
    let run = run(&dir.0, &["check", "pairs.journey", "--message-format", "short"], Duration::from_secs(120));
    assert_clean_failure(&run, "pairs.journey");
    assert!(run.stdout.contains("E0001"), "{}", run.describe());
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
}

#[test]
fn a_50_mb_file_is_refused_as_too_large() {
    let dir = Scratch::new("large");
    let line = format!("// {}\n", "x".repeat(96));
    let text = line.repeat(50 * 1000 * 1000 / line.len() + 1);
    assert!(text.len() >= 50_000_000);
    dir.write("large.journey", text.as_bytes());
    drop(text);
    let run = run(&dir.0, &["check", "large.journey", "--message-format", "json"], Duration::from_secs(120));
    assert_clean_failure(&run, "large.journey");
    let diagnostics = run.diagnostics();
    assert_eq!(diagnostics.len(), 1, "one clear error: {}", run.describe());
    let d = &diagnostics[0];
    assert_eq!(d["code"], "E0002");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("16 MiB"), "the message names the limit: {message}");
    assert!(
        message.contains("MiB") && (message.contains("47.") || message.contains("48") || message.contains("too large")),
        "and the size: {message}"
    );
    // `build` refuses it too, and writes nothing.
    let run = run_build(&dir.0, "large.journey");
    assert_clean_failure(&run, "build large.journey");
    assert!(!dir.0.join("out").join("large.json").exists());
}

fn run_build(dir: &Path, name: &str) -> Run {
    std::fs::create_dir_all(dir.join("out")).unwrap();
    run(dir, &["build", name, "-o", "out", "--message-format", "json"], Duration::from_secs(120))
}

// ───────────────────────────── Encoding, NUL, empty files ─────────────────────────────

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let before = "// Personas\npersona maya \"Maya\" {\n  quote \"Café ☕ ";
    let mut bytes = before.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\xfe ok\"\n}\n");
    let last_line = before.rsplit('\n').next().unwrap();
    let (line, column) = (before.matches('\n').count() + 1, last_line.chars().count() + 1);
    assert_eq!((line, column), (3, 17), "2 spaces, `quote`, a space, `\"Café ☕ ` is 16 characters");

    let run = check_bytes("latin.journey", &bytes);
    assert_clean_failure(&run, "invalid UTF-8");
    let diagnostics = run.diagnostics();
    let d = diagnostics.iter().find(|d| d["code"] == "E0002").unwrap_or_else(|| panic!("no E0002\n{}", run.describe()));
    assert_eq!(d["primary"]["line"], line, "{d}");
    assert_eq!(d["primary"]["column"], column, "{d}");
    assert_eq!(d["primary"]["offset"], before.len(), "{d}");
    assert!(d["message"].as_str().unwrap().contains("UTF-8"), "{d}");

    let compilation = compile_bytes(&bytes);
    let d = compilation.builds[0].diagnostics.iter().find(|d| d.code.as_str() == "E0002").expect("library E0002");
    assert_eq!(d.primary.span.start as usize, before.len());
    assert!(span_problems(&compilation).is_empty());
}

#[test]
fn a_nul_byte_is_a_syntax_error_at_its_position() {
    let before = "persona maya \"Maya\"\nteam a";
    let mut bytes = before.as_bytes().to_vec();
    bytes.extend_from_slice(b"\x00b \"Team\"\n");
    let run = check_bytes("nul.journey", &bytes);
    assert_clean_failure(&run, "NUL byte");
    let diagnostics = run.diagnostics();
    let hit = diagnostics.iter().find(|d| d["code"] == "E0001").unwrap_or_else(|| panic!("no syntax error\n{}", run.describe()));
    assert_eq!(hit["primary"]["line"], 2, "{hit}");
    assert_eq!(hit["primary"]["column"], "team a".len() + 1, "{hit}");
    assert_eq!(hit["primary"]["offset"], before.len(), "{hit}");
}

#[test]
fn files_with_nothing_to_check_succeed() {
    let cases: &[(&str, &[u8])] = &[
        ("empty.journey", b""),
        ("bom.journey", b"\xef\xbb\xbf"),
        ("comments.journey", b"// just notes\n// nothing declared yet\n"),
        ("blank.journey", b"  \n\r\n\t\n"),
        ("bom-comment.journey", b"\xef\xbb\xbf// notes\r\n"),
    ];
    for (name, bytes) in cases {
        let run = check_bytes(name, bytes);
        assert_eq!(run.code, Some(0), "{name}: nothing to check is fine\n{}", run.describe());
        assert!(run.diagnostics().is_empty(), "{name}: {}", run.describe());
        let compilation = compile_bytes(bytes);
        assert!(compilation.builds.iter().all(|b| !b.has_errors()), "{name}: library");
        let formatted = journey_compiler::format::format(&String::from_utf8_lossy(bytes));
        assert!(formatted.is_ok(), "{name}: {formatted:?}");
    }
}

#[test]
fn a_byte_order_mark_changes_nothing() {
    // Windows editors write a BOM; the file means the same with or without it,
    // including a `///` doc comment on its first line.
    let text = "/// The people who ship orders.\nteam ops \"Fulfilment\"\npersona p \"P\"\nchannel c \"C\"\njourney j \"J\" {\n  persona p\n  stage s \"S\" {\n    step a \"A\" { channel c; owner ops }\n  }\n}\n";
    let plain = check_bytes("plain.journey", text.as_bytes());
    assert_eq!(plain.code, Some(0), "{}", plain.describe());
    let with_bom = check_bytes("bom.journey", format!("\u{FEFF}{text}").as_bytes());
    assert_eq!(with_bom.code, Some(0), "a BOM before a doc comment is not an error\n{}", with_bom.describe());
    assert_eq!(with_bom.codes(), plain.codes());
}

#[test]
fn odd_but_harmless_files_never_crash() {
    let cases: &[(&str, &[u8])] = &[
        ("doc-only.journey", b"/// a doc comment for nothing\n"),
        ("lone-cr.journey", b"\r\r\r"),
        ("only-brace.journey", b"}"),
        ("only-quote.journey", b"\""),
        ("bom-twice.journey", b"\xef\xbb\xbf\xef\xbb\xbfpersona p \"P\"\n"),
        ("emoji-id.journey", "persona 😀 \"P\"\n".as_bytes()),
    ];
    for (name, bytes) in cases {
        let run = check_bytes(name, bytes);
        assert!(matches!(run.code, Some(0) | Some(1)), "{name}: exit 0 or 1, never a crash\n{}", run.describe());
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.describe());
    }
}

// ───────────────────────────── Recovery ─────────────────────────────

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    text[..at].matches('\n').count() + 1
}

/// A journey with three unrelated syntax errors (an unclosed string, junk
/// after a value, a stray line of text) and then an unknown channel.
fn three_errors(stray: &str) -> String {
    format!(
        "persona maya \"Maya\"
channel web \"Website\"

journey j \"J\" {{
  persona maya
  stage s \"S\" {{
    step a \"Opens the app\" {{
      channel web
      does \"Opens the app
      feels happy @@
      {stray}
    }}
    step b \"Browses\" {{
      channel webb
      feels pleased
    }}
  }}
}}
"
    )
}

fn assert_all_four_reported(text: &str, stray: &str) {
    let run = check_bytes("three.journey", text.as_bytes());
    assert_clean_failure(&run, "three errors");
    let diagnostics = run.diagnostics();
    let errors: Vec<(String, u64)> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["primary"]["line"].as_u64().unwrap()))
        .collect();
    let want = vec![
        ("E0001".to_string(), line_of(text, "does \"Opens") as u64),
        ("E0001".to_string(), line_of(text, "@@") as u64),
        ("E0001".to_string(), line_of(text, stray) as u64),
        ("E0010".to_string(), line_of(text, "webb") as u64),
    ];
    let mut distinct = errors.clone();
    distinct.dedup();
    assert_eq!(distinct, want, "{}", run.describe());
    let unknown = diagnostics.iter().find(|d| d["code"] == "E0010").unwrap();
    assert!(unknown["message"].as_str().unwrap().contains("webb"), "{unknown}");
    let stray_error = diagnostics.iter().find(|d| d["primary"]["line"] == line_of(text, stray)).unwrap();
    assert_eq!(stray_error["primary"]["column"], 7, "the stray line's error starts where its text does: {stray_error}");
}

#[test]
fn three_syntax_errors_and_an_unknown_channel_are_all_reported() {
    let stray = "- Waits for the page to load";
    assert_all_four_reported(&three_errors(stray), stray);
}

#[test]
fn each_of_the_three_mistakes_is_reported_once() {
    // One mistake, one error: an unclosed string is not also "expected text
    // in double quotes", which would send the reader looking for a second problem.
    let stray = "- Waits for the page to load";
    let text = three_errors(stray);
    let run = check_bytes("three.journey", text.as_bytes());
    let errors: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{} line {}: {}", d["code"], d["primary"]["line"], d["message"]))
        .collect();
    assert_eq!(errors.len(), 4, "three syntax errors and one unknown channel:\n{}", errors.join("\n"));
}

#[test]
fn a_stray_line_starting_with_a_non_ascii_character_is_a_syntax_error_not_a_crash() {
    // A bullet pasted from a document, an emoji, an accented word.
    for stray in ["• Waits for the page to load", "😀 happy", "Über-annoyed", "£5 off"] {
        assert_all_four_reported(&three_errors(stray), stray);
    }
}

#[test]
fn one_broken_step_does_not_hide_the_rest_of_grocery() {
    let original = std::fs::read_to_string(root().join("examples/grocery.journey")).unwrap();
    let fill = original.find("step fill_basket").unwrap();
    let feels = fill + original[fill..].find("feels happy").unwrap();
    let mut text = original.clone();
    text.replace_range(feels..feels + "feels happy".len(), "feels \"");
    let receive = text.find("step receive").unwrap();
    let channel = receive + text[receive..].find("channel doorstep").unwrap();
    text.replace_range(channel..channel + "channel doorstep".len(), "channel doorstop");

    let run = check_bytes("grocery.journey", text.as_bytes());
    assert_clean_failure(&run, "broken grocery");
    let errors: Vec<(String, u64)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["primary"]["line"].as_u64().unwrap()))
        .collect();
    let (broken, later) = (line_of(&text, "feels \"") as u64, line_of(&text, "channel doorstop") as u64);
    // The broken line may give more than one syntax error (a missing emotion,
    // an unclosed string), but only that line; the later step is still checked.
    assert!(errors.iter().any(|(code, line)| code == "E0001" && *line == broken), "{}", run.describe());
    let others: Vec<&(String, u64)> = errors.iter().filter(|(code, line)| !(code == "E0001" && *line == broken)).collect();
    assert_eq!(others, vec![&("E0010".to_string(), later)], "{}", run.describe());
}
