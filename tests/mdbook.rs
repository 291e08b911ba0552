//! `journey mdbook` against the preprocessor input of both mdBook major
//! versions, as they really sent it (`tests/fixtures/mdbook/`, recorded
//! from mdBook 0.4.52 and 0.5.4 building `tests/fixtures/books/three-maps`).
//! The real mdBook 0.5 build is in tests/sites/run.sh.

mod common;
use common::*;
use serde_json::Value;
use std::process::{Command, Stdio};

/// Runs `journey mdbook` on a recorded input, in a copy of the book, with
/// `[preprocessor.journey]` settings added.
fn preprocess(fixture: &str, settings: &[(&str, &str)]) -> (Scratch, std::process::Output, Value) {
    preprocess_with(fixture, settings, |_| {})
}

/// [`preprocess`], with the (first) chapter changed first.
fn preprocess_with(fixture: &str, settings: &[(&str, &str)], change: impl Fn(&mut Value)) -> (Scratch, std::process::Output, Value) {
    preprocess_book(fixture, settings, &[], change)
}

/// [`preprocess_with`], with more files in the book first.
fn preprocess_book(
    fixture: &str,
    settings: &[(&str, &str)],
    files: &[(&str, &str)],
    change: impl Fn(&mut Value),
) -> (Scratch, std::process::Output, Value) {
    let book = Scratch::new("mdbook");
    copy_dir(&root().join("tests/fixtures/books/three-maps"), book.path());
    for (path, text) in files {
        std::fs::write(book.join(path), text).unwrap();
    }
    let text = std::fs::read_to_string(root().join("tests/fixtures/mdbook").join(fixture)).unwrap();
    let mut input: Value = serde_json::from_str(&text).unwrap();
    input[0]["root"] = Value::String(book.str().to_string());
    for list in ["sections", "items"] {
        if let Some(chapter) = input[1].get_mut(list).and_then(|items| items.get_mut(0)).map(|item| &mut item["Chapter"]) {
            change(chapter);
        }
    }
    for (key, value) in settings {
        input[0]["config"]["preprocessor"]["journey"][*key] = Value::String(value.to_string());
    }
    let output = journey_with_stdin(book.path(), &["mdbook"], &input.to_string());
    (book, output, input)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

const FIXTURES: &[(&str, &str)] = &[("mdbook-0.4.52", "sections"), ("mdbook-0.5.4", "items")];

#[test]
fn both_protocols_get_their_book_back_with_maps_drawn() {
    for (version, list) in FIXTURES {
        let (_book, output, input) = preprocess(&format!("{version}-html.json"), &[("on-error", "warn")]);
        assert_eq!(output.status.code(), Some(0), "{version}: {}", stderr(&output));
        let book: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{version}: not JSON ({e})"));
        // Everything but the chapter's content comes back as it came.
        let mut expected = input[1].clone();
        let chapter = &book[list][0]["Chapter"];
        expected[list][0]["Chapter"]["content"] = chapter["content"].clone();
        assert_eq!(book, expected, "{version}: the book changed beyond its content");
        let content = chapter["content"].as_str().unwrap();
        assert_eq!(content.matches("<svg").count(), 2, "{version}: the two good maps inline for html");
        assert_eq!(content.matches("class=\"journey-error\"").count(), 1, "{version}: the broken one as a box");
        assert!(!content.contains("```journey"));
        assert!(stderr(&output).contains("src/three-maps.maps-2.errors-1.md:23:45"), "{version}: {}", stderr(&output));
    }
}

#[test]
fn other_renderers_get_image_files() {
    for (version, list) in FIXTURES {
        let (book_dir, output, _) = preprocess(&format!("{version}-markdown.json"), &[("on-error", "warn"), ("theme", "dark")]);
        assert_eq!(output.status.code(), Some(0), "{version}: {}", stderr(&output));
        let book: Value = serde_json::from_slice(&output.stdout).unwrap();
        let content = book[list][0]["Chapter"]["content"].as_str().unwrap();
        let links: Vec<&str> = content.lines().filter(|l| l.starts_with("![")).collect();
        assert_eq!(links.len(), 2, "{version}: {content}");
        for link in links {
            let target = link.split("](").nth(1).unwrap().trim_end_matches(')');
            assert!(target.starts_with("journey-maps/"), "{target}");
            let svg = std::fs::read_to_string(book_dir.join("src").join(target)).unwrap();
            assert!(svg.contains("fill=\"#0b1120\"") && !svg.contains("@media"), "{version}: theme = \"dark\" draws one dark picture");
        }
    }
}

/// After mdBook's `links`, a map from an `{{#include}}`d file is reported
/// at that file's line, and the chapter's own text at the chapter's.
#[test]
fn a_map_from_an_included_file_is_reported_where_it_was_written() {
    let part = "Intro\n\n```journey\npersona ana \"Ana\"\njourney v \"V\" {\n  persona ana\n  stage s \"S\" { step a \"A\" { channel phone } }\n}\n```\n";
    let chapter = "# Included\n\n{{#include part.md}}\n\n```journey view=slides\n```\n";
    // What `links` sends: the part without its last line ending, in place of the directive.
    let sent = chapter.replace("{{#include part.md}}", part.strip_suffix('\n').unwrap());
    for (version, _) in FIXTURES {
        let (_book, output, _) =
            preprocess_book(&format!("{version}-html.json"), &[], &[("src/part.md", part), ("src/chapter.md", chapter)], |ch| {
                ch["content"] = Value::String(sent.clone());
                ch["path"] = Value::String("chapter.md".into());
                ch["source_path"] = Value::String("chapter.md".into());
            });
        assert_eq!(output.status.code(), Some(1), "{version}");
        let report = stderr(&output);
        assert!(report.contains("unknown channel `phone`") && report.contains("src/part.md:7:38"), "{version}: {report}");
        assert!(report.contains("`view=slides` is not a view") && report.contains("src/chapter.md:5:17"), "{version}: {report}");
    }
}

#[test]
fn a_broken_map_fails_the_book_with_its_place() {
    for (version, _) in FIXTURES {
        let (_book, output, _) = preprocess(&format!("{version}-html.json"), &[]);
        assert_eq!(output.status.code(), Some(1), "{version}");
        assert!(output.stdout.is_empty(), "{version}: no book for mdBook to render");
        let report = stderr(&output);
        assert!(
            report.contains("error[E0010]: unknown channel `phone`") && report.contains("src/three-maps.maps-2.errors-1.md:23:45"),
            "{report}"
        );
    }
}

#[test]
fn settings_and_renderers() {
    for renderer in ["html", "markdown", "epub", "pdf"] {
        assert_eq!(journey(&["mdbook", "supports", renderer]).status.code(), Some(0), "supports {renderer}");
    }
    let (_book, output, _) = preprocess("mdbook-0.5.4-html.json", &[("on-eror", "warn")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`on-eror` is not a setting of [preprocessor.journey]"), "{}", stderr(&output));
    let (_book, output, _) = preprocess("mdbook-0.5.4-html.json", &[("view", "slides")]);
    assert_eq!(output.status.code(), Some(2));
    let garbage = Command::new(binary()).arg("mdbook").stdin(Stdio::null()).output().unwrap();
    assert_eq!(garbage.status.code(), Some(2), "no input is a usage error, not a panic");
}
