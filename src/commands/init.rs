//! `journey init [DIR]`: a starter project that checks cleanly.

use crate::disk;
use crate::Outcome;
use miette::{miette, Result};
use std::path::Path;

const STARTER: &str = include_str!("init/first.journey");
const SETTINGS: &str = include_str!("init/journey.toml");

pub fn run(dir: Option<&Path>) -> Result<Outcome> {
    let dir = dir.unwrap_or(Path::new("."));
    let files = [(dir.join("journey.toml"), SETTINGS), (dir.join("first.journey"), STARTER)];
    for (path, _) in &files {
        if path.exists() {
            return Err(miette!("`{}` already exists; `journey init` never overwrites files", path.display()));
        }
    }
    for (path, contents) in &files {
        disk::write_atomic(path, contents.as_bytes())?;
        eprintln!("created {}", path.display());
    }
    eprintln!("next: `journey check {}` and `journey build {} -o out`", dir.display(), dir.display());
    Ok(Outcome::Success)
}
