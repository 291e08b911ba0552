//! Quick fixes: the fixes the build's diagnostics carry (did-you-mean
//! replacements, declaring a missing channel, …) whose diagnostic touches a
//! span of a file. Read from the build itself, so they never depend on what
//! an editor sends back.

use super::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::source::{FileId, Span};

/// The fixes for the diagnostics that overlap `span`, each with its
/// diagnostic; the first fix of each diagnostic is the preferred one.
pub fn fixes<'a>(analysis: &Analysis<'a>, file: FileId, span: Span) -> Vec<(&'a Diagnostic, &'a Fix, bool)> {
    let overlaps = |d: Span| d.start <= span.end && span.start <= d.end;
    analysis
        .build
        .diagnostics
        .iter()
        .filter(|d| d.primary.file == file && overlaps(d.primary.span))
        .flat_map(|d| d.fixes.iter().enumerate().map(move |(i, fix)| (d, fix, i == 0)))
        .collect()
}
