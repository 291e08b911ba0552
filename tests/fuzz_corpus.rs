//! Replays every fuzz target's committed corpus and every crash it found
//! (`fuzz/corpus/TARGET/`, `fuzz/artifacts/TARGET/`) through the same
//! target bodies, on stable: what the fuzzer once proved, CI checks on
//! every run. Running the fuzzer itself needs nightly (see `fuzz/README.md`).

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

/// The inputs of one target: its corpus, then its crashes.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for folder in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        found.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
    }
    found.sort();
    found
}

fn replay(target: &str, body: fn(&[u8]), at_least: usize) {
    let inputs = inputs(target);
    assert!(inputs.len() >= at_least, "the {target} corpus has {} inputs", inputs.len());
    for path in inputs {
        let data = std::fs::read(&path).expect("readable");
        if let Err(panic) = std::panic::catch_unwind(|| body(&data)) {
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("{target}: {} fails again: {}", path.display(), message.unwrap_or_default());
        }
    }
}

#[test]
fn the_check_corpus_still_passes() {
    replay("check", targets::check, 50);
}

#[test]
fn the_format_corpus_still_passes() {
    replay("format", targets::format_file, 50);
}

#[test]
fn the_render_corpus_still_passes() {
    replay("render", targets::render_files, 6);
}

#[test]
fn the_markdown_corpus_still_passes() {
    replay("markdown", targets::markdown_page, 10);
}

#[test]
fn the_lsp_corpus_still_passes() {
    replay("lsp", targets::lsp_session, 20);
}
