//! `journey init [DIR]`: a starter project that checks cleanly.

use crate::output::{self, say};
use crate::Outcome;
use journey_disk::outputs::create_file;
use miette::{miette, Result};
use std::path::Path;

const STARTER: &str = include_str!("init/first.journey");
const SETTINGS: &str = include_str!("init/journey.toml");

pub fn run(dir: Option<&Path>) -> Result<Outcome> {
    let dir = dir.unwrap_or(Path::new("."));
    let files = [(dir.join("journey.toml"), SETTINGS), (dir.join("first.journey"), STARTER)];
    for (path, _) in &files {
        if path.symlink_metadata().is_ok() {
            return Err(miette!("`{}` already exists; `journey init` never overwrites files", output::path(path)));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| miette!("can't create `{}`: {e}", output::path(dir)))?;
    for (path, contents) in &files {
        create_file(path, contents.as_bytes()).map_err(|e| miette!("{e}"))?;
        say!("created {}", output::path(path));
    }
    let dir = output::path(dir);
    say!("next: `journey check {dir}` and `journey build {dir} -o out`");
    Ok(Outcome::Success)
}
