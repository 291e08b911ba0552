//! The command line as users and CI scripts see it: exit statuses, the
//! human report, `build`, `fmt`, `init`, `explain`, and what a build is.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

const UNRESOLVED: &str = "examples/invalid/unresolved.journey";
const WARNINGS: &str = "examples/invalid/warnings.journey";
const CLEAN: &str = "examples/grocery.journey";

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("can't read {}: {e}", path.display()))
}

fn example(name: &str) -> Vec<u8> {
    read(root().join(name))
}

fn show(output: &Output) -> String {
    format!("exit {:?}\n-- stdout --\n{}-- stderr --\n{}", output.status.code(), stdout(output), stderr(output))
}

/// Stderr with miette's frame and line wrapping taken out, for searching messages.
fn flat_stderr(output: &Output) -> String {
    stderr(output).replace(['│', '×'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

const ESC: char = '\u{1b}';

// ───────────────────────────── exit statuses ─────────────────────────────

#[test]
fn exit_status_is_zero_for_a_clean_example() {
    let output = journey(&["check", CLEAN]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
}

#[test]
fn exit_status_is_zero_for_warnings_and_one_when_they_are_denied() {
    let output = journey(&["check", WARNINGS]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(stderr(&output).contains("warning[W0001]"), "{}", show(&output));
    let denied = journey(&["check", WARNINGS, "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", show(&denied));
}

#[test]
fn exit_status_is_one_for_errors() {
    let output = journey(&["check", UNRESOLVED]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(journey(&["check", "examples/invalid"]).status.code(), Some(1));
}

#[test]
fn exit_status_is_two_for_a_missing_path() {
    let output = journey(&["check", "examples/no-such-file.journey"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(stderr(&output).contains("no-such-file.journey"), "the message names the path:\n{}", show(&output));
    let output = journey(&["build", "examples/no-such-dir", "-o", "target/never"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
}

#[test]
fn exit_status_is_two_for_a_bad_flag() {
    for args in [&["check", "--bogus"][..], &["check", CLEAN, "--message-format", "xml"], &["check", CLEAN, "--deny", "everything"]] {
        let output = journey(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}:\n{}", show(&output));
        assert!(!stderr(&output).is_empty(), "{args:?} says what is wrong");
    }
}

#[test]
fn exit_status_is_two_for_an_unknown_format() {
    for format in ["pdf", "md"] {
        let out = Scratch::new(format);
        let output = journey(&["build", CLEAN, "-o", out.str(), "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{}", show(&output));
        let message = flat_stderr(&output);
        assert!(
            message.contains(format) && message.contains("svg, png, html, mermaid"),
            "names the format and the available ones:\n{}",
            show(&output)
        );
        assert!(out.entries().is_empty(), "nothing written: {:?}", out.entries());
    }
}

#[test]
fn exit_status_is_two_for_an_unknown_explain_code() {
    let output = journey(&["explain", "E9999"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(stderr(&output).contains("E9999"), "{}", show(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn exit_status_is_two_for_a_directory_without_journeys() {
    let empty = Scratch::new("empty");
    let output = journey(&["check", empty.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(flat_stderr(&output).contains("no `.journey` files"), "{}", show(&output));
}

// ───────────────────────────── the human report ─────────────────────────────

#[test]
fn color_never_has_no_escape_codes() {
    let output = journey(&["check", UNRESOLVED, "--color", "never"]);
    assert!(stderr(&output).contains("error[E0010]"), "{}", show(&output));
    assert!(!stderr(&output).contains(ESC), "{}", show(&output));
}

#[test]
fn color_always_colours_even_with_no_color_set() {
    // The helper sets NO_COLOR; an explicit `--color always` wins over it.
    let output = journey(&["check", UNRESOLVED, "--color", "always"]);
    assert!(stderr(&output).contains(&format!("{ESC}[")), "{}", show(&output));
    assert!(stderr(&output).contains("E0010"));
}

#[test]
fn no_color_turns_colour_off_by_default() {
    let output = journey(&["check", UNRESOLVED]);
    assert!(stderr(&output).contains("error[E0010]"), "{}", show(&output));
    assert!(!stderr(&output).contains(ESC), "{}", show(&output));
}

#[test]
fn machine_formats_never_have_escape_codes() {
    for format in ["short", "json", "github", "sarif"] {
        let output = journey(&["check", UNRESOLVED, "--message-format", format, "--color", "always"]);
        assert!(!stdout(&output).contains(ESC), "{format}:\n{}", show(&output));
        assert!(!stdout(&output).is_empty(), "{format}");
    }
}

#[test]
fn human_report_goes_to_stderr_with_a_summary_line() {
    let output = journey(&["check", UNRESOLVED]);
    assert_eq!(stdout(&output), "", "diagnostics for people go to stderr");
    let text = stderr(&output);
    assert!(text.contains("error[E0010]: unknown channel `emial`"), "{text}");
    assert!(text.contains("examples/invalid/unresolved.journey:12:26"), "{text}");
    assert!(text.contains("did you mean `email`?"), "{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(last.starts_with("failed:") && last.ends_with("1 error"), "summary: {last:?}");

    let clean = journey(&["check", CLEAN]);
    let last = stderr(&clean).lines().last().unwrap_or("").to_string();
    assert!(last.starts_with("ok:"), "summary: {last:?}");

    let warnings = journey(&["check", WARNINGS]);
    let last = stderr(&warnings).lines().last().unwrap_or("").to_string();
    assert!(last.starts_with("ok:") && last.ends_with("2 warnings"), "summary: {last:?}");
}

#[test]
fn quiet_suppresses_the_summary_but_not_the_diagnostics() {
    let output = journey(&["check", UNRESOLVED, "-q"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[E0010]"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("failed:") || l.starts_with("ok:")), "{text}");

    let clean = journey(&["check", CLEAN, "-q"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stderr(&clean), "", "a clean quiet check prints nothing");
    assert_eq!(stdout(&clean), "");
}

#[test]
fn infos_are_not_printed_unless_raised() {
    // grocery.journey has a pain point with no opportunity (I0001, an info).
    for format in ["human", "short", "json", "github"] {
        let output = journey(&["check", CLEAN, "--message-format", format]);
        assert_eq!(output.status.code(), Some(0));
        assert!(!stdout(&output).contains("I0001") && !stderr(&output).contains("I0001"), "{format}:\n{}", show(&output));
        assert_eq!(stdout(&output), "", "{format}");
    }
    assert_eq!(stderr(&journey(&["check", CLEAN])), "ok: 1 file checked, no problems\n");

    // The same file with the lint raised to `warn` in journey.toml does print it.
    let project = Scratch::new("info");
    std::fs::write(project.join("grocery.journey"), example(CLEAN)).unwrap();
    std::fs::write(project.join("journey.toml"), "[lints]\npain-without-opportunity = \"warn\"\n").unwrap();
    let output = journey(&["check", project.str(), "--message-format", "short"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(stdout(&output).contains("warning[I0001]"), "{}", show(&output));
}

#[test]
fn a_raised_info_is_printed_from_the_fixture_settings() {
    let output = journey(&["check", "tests/fixtures/diagnostics/I0001-pain-without-opportunity"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(stderr(&output).contains("warning[I0001]: step `a` has a pain point but no opportunity"), "{}", show(&output));
    let denied = journey(&["check", "tests/fixtures/diagnostics/I0001-pain-without-opportunity", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", show(&denied));
}

#[test]
fn a_bad_lint_level_in_journey_toml_is_a_usage_error() {
    let project = Scratch::new("settings");
    std::fs::write(project.join("grocery.journey"), example(CLEAN)).unwrap();
    std::fs::write(project.join("journey.toml"), "[lints]\nunused-declaration = \"loud\"\n").unwrap();
    let output = journey(&["check", project.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    let message = flat_stderr(&output);
    assert!(message.contains("journey.toml"), "names the file:\n{}", show(&output));
    assert!(message.contains("loud"), "names the bad level:\n{}", show(&output));
    assert!(message.contains("allow") && message.contains("deny"), "lists the good ones:\n{}", show(&output));

    // The same from inside the project, with no path at all.
    let output = journey_in(project.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));

    // An unknown lint is a usage error too.
    std::fs::write(project.join("journey.toml"), "[lints]\nno-such-lint = \"warn\"\n").unwrap();
    let output = journey(&["check", project.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(flat_stderr(&output).contains("no-such-lint"), "{}", show(&output));
}

#[test]
fn a_missing_settings_file_is_a_usage_error() {
    let dir = Scratch::new("no-config");
    let missing = dir.join("journey.toml");
    let output = journey(&["check", CLEAN, "--config", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(flat_stderr(&output).contains("journey.toml"), "{}", show(&output));
}

// ───────────────────────────── build ─────────────────────────────

/// `journey build --format json …`: these tests are about the JSON document.
fn build(args: &[&str]) -> Output {
    let mut all = vec!["build", "--format", "json"];
    all.extend_from_slice(args);
    journey(&all)
}

fn parse(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn build_writes_one_json_document_per_build() {
    let out = Scratch::new("build-one");
    let output = build(&[CLEAN, "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(out.entries(), ["grocery.json"]);
    let model = parse(&read(out.join("grocery.json")));
    assert_eq!(model["version"], 1);
    assert!(model["journeys"].as_array().is_some_and(|j| j.iter().any(|j| j["id"] == "first_order")), "{model}");
}

#[test]
fn build_of_a_folder_writes_one_document_with_all_its_journeys() {
    let out = Scratch::new("build-saas");
    let output = build(&["examples/saas", "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(out.entries(), ["saas.json"]);
    let model = parse(&read(out.join("saas.json")));
    assert_eq!(model["version"], 1);
    let ids: Vec<&str> = model["journeys"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["onboarding", "renewal"]);
}

#[test]
fn build_names_a_folder_build_after_the_folder_from_inside_it_too() {
    let out = Scratch::new("build-inside");
    let output = journey_in(&root().join("examples/saas"), &["build", "--format", "json", "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let output = journey_in(&root().join("examples/saas"), &["build", "--format", "json", ".", "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(out.entries(), ["saas.json"], "the same folder gives the same output name wherever it is built from");
}

#[test]
fn build_is_deterministic() {
    let (first, second) = (Scratch::new("build-a"), Scratch::new("build-b"));
    for out in [&first, &second, &second] {
        let output = build(&[CLEAN, "examples/saas", "-o", out.str(), "-q"]);
        assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    }
    assert_eq!(first.entries(), ["grocery.json", "saas.json"]);
    assert_eq!(second.entries(), first.entries(), "no temporary files left behind");
    for name in first.entries() {
        assert!(read(first.join(&name)) == read(second.join(&name)), "{name} differs between builds");
    }
}

#[test]
fn build_output_does_not_depend_on_how_the_path_is_spelt() {
    // The same sources must give the same bytes on every machine: an absolute
    // path (which differs between checkouts) must not leak into the output.
    let (relative, absolute) = (Scratch::new("build-rel"), Scratch::new("build-abs"));
    let output = build(&[CLEAN, "-o", relative.str(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let path = root().join(CLEAN);
    let output = build(&[path.to_str().unwrap(), "-o", absolute.str(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let (a, b) = (read(relative.join("grocery.json")), read(absolute.join("grocery.json")));
    let first_difference = a.iter().zip(&b).position(|(x, y)| x != y);
    assert!(
        a == b,
        "grocery.json differs when built from `{CLEAN}` and from `{}` (first difference at byte {first_difference:?}):\n{}",
        path.display(),
        String::from_utf8_lossy(&b[..b.len().min(200)])
    );
}

#[test]
fn build_with_errors_writes_nothing_and_keeps_old_outputs() {
    let out = Scratch::new("build-errors");
    std::fs::write(out.join("unresolved.json"), "old").unwrap();
    let output = build(&[UNRESOLVED, "-o", out.str()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(read(out.join("unresolved.json")), b"old");
    assert_eq!(out.entries(), ["unresolved.json"], "nothing else written");

    // One bad build stops the good ones too.
    let output = build(&[CLEAN, UNRESOLVED, "-o", out.str()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(out.entries(), ["unresolved.json"]);

    // Nor is the output folder created.
    let missing = out.join("not-yet");
    let output = build(&[UNRESOLVED, "-o", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!missing.exists(), "a build with errors created {}", missing.display());
}

#[test]
fn build_refuses_two_builds_with_the_same_output_name() {
    let (copy, out) = (Scratch::new("build-clash-src"), Scratch::new("build-clash-out"));
    std::fs::write(copy.join("grocery.journey"), example(CLEAN)).unwrap();
    let output = build(&[CLEAN, copy.str(), "-o", out.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(flat_stderr(&output).contains("grocery.json"), "names the clashing output:\n{}", show(&output));
    assert!(out.entries().is_empty(), "nothing written: {:?}", out.entries());
}

#[test]
fn build_with_denied_warnings_writes_nothing() {
    let out = Scratch::new("build-deny");
    let output = build(&[WARNINGS, "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(out.entries(), ["warnings.json"]);
    std::fs::write(out.join("warnings.json"), "old").unwrap();
    let output = build(&[WARNINGS, "-o", out.str(), "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(read(out.join("warnings.json")), b"old");
}

#[test]
fn build_replaces_outputs_and_leaves_no_temporary_files() {
    let out = Scratch::new("build-replace");
    std::fs::write(out.join("grocery.json"), "old").unwrap();
    let output = build(&[CLEAN, "-o", out.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(out.entries(), ["grocery.json"]);
    assert_eq!(parse(&read(out.join("grocery.json")))["version"], 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("grocery.json")).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "outputs are readable by others (to publish): {mode:o}");
    }
}

// ───────────────────────────── fmt ─────────────────────────────

/// Takes every line's indentation away.
fn flatten(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(text.to_vec()).unwrap();
    text.lines().map(|l| format!("{}\n", l.trim_start())).collect::<String>().into_bytes()
}

#[test]
fn fmt_check_passes_a_formatted_file_silently() {
    let dir = Scratch::new("fmt-clean");
    std::fs::write(dir.join("grocery.journey"), example(CLEAN)).unwrap();
    let output = journey_in(dir.path(), &["fmt", "--check", "grocery.journey"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "");
}

#[test]
fn fmt_check_reports_and_fmt_repairs_a_mangled_file() {
    let dir = Scratch::new("fmt-mangled");
    let file = dir.join("grocery.journey");
    let original = example(CLEAN);
    let mangled = flatten(&original);
    assert_ne!(mangled, original);
    std::fs::write(&file, &mangled).unwrap();

    let output = journey(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(stdout(&output).lines().collect::<Vec<_>>(), [file.to_str().unwrap()], "prints the path");
    assert_eq!(read(&file), mangled, "--check changes nothing");

    let output = journey(&["fmt", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(read(&file) == original, "fmt restores the example's layout:\n{}", String::from_utf8_lossy(&read(&file)));

    let output = journey(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(dir.entries(), ["grocery.journey"], "no temporary files left behind");
}

#[test]
fn fmt_refuses_a_file_with_a_syntax_error() {
    let dir = Scratch::new("fmt-syntax");
    let file = dir.join("syntax.journey");
    let mangled = flatten(&example("examples/invalid/syntax.journey"));
    std::fs::write(&file, &mangled).unwrap();
    for check in [false, true] {
        let mut args = vec!["fmt", file.to_str().unwrap()];
        if check {
            args.push("--check");
        }
        let output = journey(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", show(&output));
        assert!(stderr(&output).contains("syntax.journey"), "names the file: {}", show(&output));
        assert_eq!(read(&file), mangled, "{args:?} left the file as it was");
    }
    assert_eq!(dir.entries(), ["syntax.journey"]);
}

// ───────────────────────────── init ─────────────────────────────

#[test]
fn init_creates_a_project_that_checks_cleanly_and_never_overwrites() {
    let dir = Scratch::new("init");
    let output = journey(&["init", dir.str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(dir.entries(), ["first.journey", "journey.toml"]);

    let output = journey(&["check", dir.str(), "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(!stderr(&output).contains("warning") && !stderr(&output).contains("error"), "{}", show(&output));
    let out = Scratch::new("init-build");
    assert_eq!(journey(&["build", dir.str(), "-o", out.str(), "-q"]).status.code(), Some(0));

    // Edited files survive a second `init`.
    std::fs::write(dir.join("first.journey"), "// mine\n").unwrap();
    std::fs::write(dir.join("journey.toml"), "# mine\n").unwrap();
    let output = journey(&["init", dir.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(flat_stderr(&output).contains("already exists"), "{}", show(&output));
    assert_eq!(read(dir.join("first.journey")), b"// mine\n");
    assert_eq!(read(dir.join("journey.toml")), b"# mine\n");
    assert_eq!(dir.entries(), ["first.journey", "journey.toml"]);

    // With only one of the two files there, it still writes nothing.
    std::fs::remove_file(dir.join("journey.toml")).unwrap();
    let output = journey(&["init", dir.str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert_eq!(dir.entries(), ["first.journey"]);
    assert_eq!(read(dir.join("first.journey")), b"// mine\n");
}

#[test]
fn init_without_a_directory_uses_the_current_one() {
    let dir = Scratch::new("init-here");
    let output = journey_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(dir.entries(), ["first.journey", "journey.toml"]);
    assert_eq!(journey_in(dir.path(), &["check", "--deny", "warnings"]).status.code(), Some(0));
}

// ───────────────────────────── explain ─────────────────────────────

#[test]
fn explain_without_a_code_lists_every_code() {
    let output = journey(&["explain"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let listed: Vec<String> =
        stdout(&output).lines().filter(|l| l.starts_with("  ")).map(|l| l.split_whitespace().next().unwrap().to_string()).collect();
    let all: Vec<String> = journey_compiler::diagnostic::Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(listed, all);
    for code in journey_compiler::diagnostic::Code::ALL {
        let line = stdout(&output).lines().find(|l| l.trim_start().starts_with(code.as_str())).unwrap().to_string();
        assert!(line.contains(code.name()), "{line}");
    }
}

#[test]
fn explain_takes_a_code_or_its_name() {
    let by_code = journey(&["explain", "W0001"]);
    let by_name = journey(&["explain", "unused-declaration"]);
    assert_eq!(by_code.status.code(), Some(0), "{}", show(&by_code));
    assert_eq!(by_name.status.code(), Some(0), "{}", show(&by_name));
    assert!(stdout(&by_code).starts_with("# W0001"), "{}", stdout(&by_code));
    assert!(stdout(&by_code).len() > 200, "a long explanation");
    assert_eq!(stdout(&by_code), stdout(&by_name));
    assert_ne!(stdout(&by_code), stdout(&journey(&["explain", "W0002"])));
}

// ───────────────────────────── what a build is ─────────────────────────────

#[test]
fn files_not_joined_by_use_are_separate_builds() {
    let output = journey(&["check", "tests/fixtures/cli/separate-builds", "--deny", "warnings", "--message-format", "short"]);
    assert_eq!(output.status.code(), Some(0), "two unrelated journeys may both declare `maya`:\n{}", show(&output));
    assert_eq!(stdout(&output), "");
    let human = journey(&["check", "tests/fixtures/cli/separate-builds"]);
    assert!(stderr(&human).starts_with("ok: 2 files checked"), "{}", show(&human));
}

#[test]
fn files_joined_by_use_are_one_build() {
    let output = journey(&["check", "tests/fixtures/cli/joined-build", "--message-format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    let diagnostics: Vec<serde_json::Value> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(diagnostics.len(), 1, "one duplicate, reported once:\n{}", stdout(&output));
    assert_eq!(diagnostics[0]["code"], "E0012");
    assert_eq!(diagnostics[0]["message"], "duplicate persona `maya`");
    let files: Vec<&str> = std::iter::once(&diagnostics[0]["primary"])
        .chain(diagnostics[0]["labels"].as_array().unwrap())
        .map(|l| l["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("people.journey")) && files.iter().any(|f| f.ends_with("main.journey")), "{files:?}");

    // Checking only the entry file pulls people.journey in all the same.
    let output = journey(&["check", "tests/fixtures/cli/joined-build/main.journey", "--message-format", "short"]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert!(stdout(&output).contains("error[E0012]: duplicate persona `maya`"), "{}", show(&output));
}

#[test]
fn check_without_a_path_checks_the_current_directory() {
    let output = journey_in(&root().join("examples/saas"), &["check", "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(stderr(&output).starts_with("ok: 3 files checked"), "{}", show(&output));
    let output = journey_in(&root().join("examples/invalid"), &["check", "-q"]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
}
