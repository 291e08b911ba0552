//! The language's contract: every example compiles cleanly, and every
//! `examples/invalid/` file fails exactly as its header says.

mod common;
use common::*;

/// The builds of `examples/`: each file on its own, `saas/` as one build.
fn example_builds() -> Vec<String> {
    let mut builds = vec!["examples/saas".to_string()];
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "journey") {
            builds.push(format!("examples/{}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    builds.sort();
    builds
}

#[test]
fn every_example_compiles_without_errors_or_warnings() {
    let builds = example_builds();
    assert!(builds.len() >= 5, "the contract examples and ours: {builds:?}");
    for build in builds {
        let output = journey(&["check", &build, "--deny", "warnings", "--message-format", "short"]);
        assert_eq!(output.status.code(), Some(0), "{build}:\n{}{}", stdout(&output), stderr(&output));
        assert_eq!(stdout(&output), "", "{build} reported something");
    }
}

#[test]
fn every_invalid_example_fails_as_its_header_says() {
    let dir = root().join("examples/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expectations = expectations(&text);
        assert!(!expectations.is_empty(), "{} has no `// expect:` header", path.display());
        let relative = format!("examples/invalid/{}", path.file_name().unwrap().to_string_lossy());
        let problems = unmet(&relative, &expectations);
        assert!(problems.is_empty(), "{relative}:\n{}", problems.join("\n"));
        checked += 1;
    }
    assert_eq!(checked, 9);
}

#[test]
fn the_invalid_folder_as_a_whole_fails() {
    let output = journey(&["check", "examples/invalid"]);
    assert_eq!(output.status.code(), Some(1));
}
