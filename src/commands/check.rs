//! `journey check`: parse and check, print diagnostics.

use crate::cli::{Common, Deny, MessageFormat};
use crate::disk::{self, DiskLoader};
use crate::report;
use crate::Outcome;
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::Compilation;
use miette::{miette, Result};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], common: &Common) -> Result<Outcome> {
    let compilation = compile(paths, common)?;
    let diagnostics = shown_diagnostics(&compilation, common);
    let outcome = finish(&compilation, &diagnostics, common);
    super::leave_to_exit(compilation);
    outcome
}

/// Finds the files, reads the settings and compiles; unreadable inputs are usage errors.
pub fn compile(paths: &[PathBuf], common: &Common) -> Result<Compilation> {
    let files = disk::discover(paths)?;
    if files.is_empty() {
        let place = paths.first().map_or_else(|| ".".to_string(), |p| p.display().to_string());
        return Err(miette!("no `.journey` files found in `{place}`"));
    }
    let config = disk::load_config(common.config.as_deref(), paths)?;
    let compilation = journey_compiler::compile(&files, &DiskLoader, &config);
    if let Some((path, error)) = compilation.workspace.unreadable_roots.first() {
        return Err(miette!("can't read `{}`: {error:?}", path.display()));
    }
    Ok(compilation)
}

/// Every build's diagnostics with `--deny warnings` applied; infos are for
/// the editor and not printed here.
pub fn shown_diagnostics(compilation: &Compilation, common: &Common) -> Vec<Diagnostic> {
    let deny_warnings = common.deny.contains(&Deny::Warnings);
    compilation
        .builds
        .iter()
        .flat_map(|build| build.diagnostics.iter().cloned())
        .filter(|d| d.severity != Severity::Info)
        .map(|mut d| {
            if deny_warnings && d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
            d
        })
        .collect()
}

/// Prints the diagnostics (and, for people, a summary) and picks the outcome.
pub fn finish(compilation: &Compilation, diagnostics: &[Diagnostic], common: &Common) -> Result<Outcome> {
    let sources = &compilation.workspace.sources;
    let color = super::use_color(common.color);
    report::emit(common.message_format, sources, diagnostics, color).map_err(|e| miette!("can't print diagnostics: {e}"))?;
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if common.message_format == MessageFormat::Human && !common.quiet {
        let files = sources.len();
        let plural = if files == 1 { "" } else { "s" };
        let verdict = if failed { "failed" } else { "ok" };
        eprintln!("{verdict}: {files} file{plural} checked, {}", report::summary(diagnostics));
    }
    Ok(if failed { Outcome::SourceErrors } else { Outcome::Success })
}
