//! `journey check`: parse and check, print diagnostics.

use crate::cli::{Common, Deny, MessageFormat};
use crate::output::{self, say};
use crate::report::{self, Stream};
use crate::Outcome;
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::source::Sources;
use journey_compiler::Compilation;
use journey_disk::{discover, Project};
use miette::{miette, Result};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], common: &Common) -> Result<Outcome> {
    let compilation = compile(paths, common)?;
    let diagnostics = shown_diagnostics(&compilation, common);
    let outcome = finish(&compilation, &diagnostics, common);
    super::leave_to_exit(compilation);
    outcome
}

/// Finds the files, reads the settings and compiles, reading only inside
/// the project; inputs that can't be read at all are usage errors.
pub fn compile(paths: &[PathBuf], common: &Common) -> Result<Compilation> {
    let files = sources(paths)?;
    let project = Project::for_paths(common.config.as_deref(), paths).map_err(|e| miette!("{e}"))?;
    let compilation = journey_compiler::compile(&files, &project, &project.config);
    if let Some((path, error)) = compilation.workspace.unreadable_roots.first() {
        return Err(miette!("can't read `{}`: {error}", output::path(path)));
    }
    Ok(compilation)
}

/// The `.journey` files PATHs name; none is a usage error.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let files = discover::sources(paths).map_err(|e| miette!("{e}"))?;
    if files.is_empty() {
        let place = paths.first().map_or_else(|| ".".to_string(), |p| output::path(p));
        return Err(miette!("no `.journey` files found in `{place}`"));
    }
    Ok(files)
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
    finish_with(sources, diagnostics, common, Stream::Stdout, sources.len(), "file", "failed")
}

/// [`finish`] for any set of sources: `checked` things (`noun`s) were
/// checked; `on_error` is the summary's first word when there are errors
/// (`failed`, unless the errors don't fail the run).
pub fn finish_with(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    common: &Common,
    stream: Stream,
    checked: usize,
    noun: &str,
    on_error: &str,
) -> Result<Outcome> {
    let color = super::use_color(common.color);
    report::emit_to(common.message_format, sources, diagnostics, color, stream).map_err(|e| miette!("can't write the report: {e}"))?;
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if common.message_format == MessageFormat::Human && !common.quiet {
        let plural = if checked == 1 { "" } else { "s" };
        let verdict = if failed { on_error } else { "ok" };
        say!("{verdict}: {checked} {noun}{plural} checked, {}", report::summary(diagnostics));
    }
    Ok(if failed { Outcome::SourceErrors } else { Outcome::Success })
}
