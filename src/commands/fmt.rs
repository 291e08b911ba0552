//! `journey fmt`: one canonical layout, written in place; `--check` for CI.

use crate::cli::ColorChoice;
use crate::disk;
use crate::Outcome;
use miette::{miette, Result};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], check: bool, quiet: bool, _color: ColorChoice) -> Result<Outcome> {
    let files = disk::discover(paths)?;
    if files.is_empty() {
        let place = paths.first().map_or_else(|| ".".to_string(), |p| p.display().to_string());
        return Err(miette!("no `.journey` files found in `{place}`"));
    }
    let mut unformatted = 0;
    let mut broken = 0;
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| miette!("can't read `{}`: {e}", path.display()))?;
        let Ok(text) = String::from_utf8(bytes) else {
            eprintln!("error: `{}` is not UTF-8 text; not formatted", path.display());
            broken += 1;
            continue;
        };
        let formatted = match journey_compiler::format::format(&text) {
            Ok(formatted) => formatted,
            Err(error) => {
                eprintln!("error: `{}` not formatted: {}", path.display(), error.message);
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        unformatted += 1;
        if check {
            println!("{}", path.display());
        } else {
            disk::write_atomic(path, formatted.as_bytes())?;
            if !quiet {
                eprintln!("formatted {}", path.display());
            }
        }
    }
    if check && unformatted > 0 && !quiet {
        eprintln!("{unformatted} file(s) would be reformatted; run `journey fmt`");
    }
    Ok(if broken > 0 || (check && unformatted > 0) { Outcome::SourceErrors } else { Outcome::Success })
}
