//! `journey fmt`: one canonical layout, written in place; `--check` for CI.

use crate::cli::ColorChoice;
use crate::output::{self, say};
use crate::Outcome;
use journey_compiler::source::{LoadError, Loader};
use journey_disk::outputs::replace_file;
use journey_disk::Project;
use miette::{miette, IntoDiagnostic, Result};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], check: bool, quiet: bool, _color: ColorChoice) -> Result<Outcome> {
    let files = super::check::sources(paths)?;
    // Read like `check` reads: regular files inside the project only.
    let project = Project::for_paths_unconfigured(paths);
    let mut unformatted = Vec::new();
    let mut broken = 0;
    for path in &files {
        let shown = output::path(path);
        let bytes = match project.load(path) {
            Ok(bytes) => bytes,
            Err(error @ (LoadError::NotFound | LoadError::Other(_))) => return Err(miette!("can't read `{shown}`: {error}")),
            Err(refused) => {
                say!("error: `{shown}` not formatted: {refused}");
                broken += 1;
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            say!("error: `{shown}` is not UTF-8 text; not formatted");
            broken += 1;
            continue;
        };
        let formatted = match journey_compiler::format::format(&text) {
            Ok(formatted) => formatted,
            Err(error) => {
                say!("error: `{shown}` not formatted: {}", output::shown(&error.message));
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        if check {
            unformatted.push(shown);
        } else {
            replace_file(path, formatted.as_bytes()).map_err(|e| miette!("{e}"))?;
            if !quiet {
                say!("formatted {shown}");
            }
        }
    }
    if check {
        let list: String = unformatted.iter().map(|path| format!("{path}\n")).collect();
        output::to_stdout(&list).into_diagnostic()?;
        if !unformatted.is_empty() && !quiet {
            say!("{} file(s) would be reformatted; run `journey fmt`", unformatted.len());
        }
    }
    Ok(if broken > 0 || (check && !unformatted.is_empty()) { Outcome::SourceErrors } else { Outcome::Success })
}
