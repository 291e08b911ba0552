//! One fixture per diagnostic code (`tests/fixtures/diagnostics/CODE-what.journey`,
//! a folder for multi-file cases, or a Markdown page for the fences of
//! `journey markdown`), each with `// expect:` lines, and a
//! snapshot of the rendered report so the messages read like documentation.

mod common;
use common::*;
use journey_compiler::diagnostic::Code;
use std::path::PathBuf;

/// Every fixture: a `.journey` file or a folder, with its code from its name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/fixtures/diagnostics");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "journey" || e == "md"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    found.sort();
    found
}

fn relative(path: &std::path::Path) -> String {
    path.strip_prefix(root()).unwrap().to_string_lossy().into_owned()
}

/// The source of a fixture (every file of a folder), for the snapshot.
fn sources(path: &std::path::Path) -> String {
    let mut files = if path.is_dir() {
        std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect::<Vec<_>>()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    files
        .iter()
        .map(|f| format!("── {} ──\n{}", relative(f), String::from_utf8_lossy(&std::fs::read(f).unwrap())))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_code_has_a_fixture_and_an_explanation() {
    let names: Vec<String> = fixtures().into_iter().map(|(name, _)| name).collect();
    for code in Code::ALL {
        assert!(names.iter().any(|n| n.starts_with(code.as_str())), "no fixture for {code}");
        let output = journey(&["explain", code.as_str()]);
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.starts_with(&format!("# {code}")), "explanation of {code} starts with its title: {text}");
        assert!(text.contains("```journey"), "explanation of {code} has an example");
        // The name works as well as the code.
        assert_eq!(stdout(&journey(&["explain", code.name()])), text);
    }
    assert_eq!(journey(&["explain", "E9999"]).status.code(), Some(2));
}

#[test]
fn every_fixture_reports_its_code_and_expectations() {
    for (name, path) in fixtures() {
        let code = &name[..5];
        let shown = relative(&path);
        let (output, diagnostics) = json_diagnostics(&shown, &[]);
        assert!(diagnostics.iter().any(|d| d["code"] == code), "{shown} does not report {code}:\n{}{}", stdout(&output), stderr(&output));
        let files: Vec<PathBuf> = if path.is_dir() {
            std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()).filter(|f| f.extension().is_some_and(|e| e == "journey")).collect()
        } else {
            vec![path.clone()]
        };
        let expectations: Vec<Expect> =
            files.iter().flat_map(|f| expectations(&String::from_utf8_lossy(&std::fs::read(f).unwrap()))).collect();
        assert!(!expectations.is_empty(), "{shown} has no `// expect:` line");
        let problems = unmet(&shown, &expectations);
        assert!(problems.is_empty(), "{shown}:\n{}", problems.join("\n"));
    }
}

#[test]
fn rendered_reports_match_their_snapshots() {
    for (name, path) in fixtures() {
        let shown = relative(&path);
        let mut args = checking(&shown);
        args.extend(["--color", "never", "-q"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = journey(&args);
        let report = format!("{}\n══ journey {} ══\n{}", sources(&path), args[0], stderr(&output));
        insta::with_settings!({ snapshot_path => "snapshots/diagnostics", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, report);
        });
    }
}
