//! Diagnostics out: one renderer per `--message-format`, all fed the same data.

mod github;
mod human;
mod json;
mod sarif;

use crate::cli::MessageFormat;
use journey_compiler::diagnostic::Diagnostic;
use journey_compiler::source::{FileId, Sources, Span};
use std::io::Write;

/// Where a span is, as people and CI tools count: 1-based lines and
/// character columns, plus byte offsets (the JSON model's positions).
pub use journey_compiler::ir::Position as Place;

pub fn place(sources: &Sources, file: FileId, span: Span) -> Place {
    Place::new(sources, file, span)
}

/// Prints diagnostics in the chosen format. Human output goes to stderr (it
/// is for people); the machine formats go to stdout (to pipe or redirect).
pub fn emit(format: MessageFormat, sources: &Sources, diagnostics: &[Diagnostic], color: bool) -> std::io::Result<()> {
    match format {
        MessageFormat::Human => human::emit(sources, diagnostics, color),
        MessageFormat::Short => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                writeln!(out, "{}", short_line(sources, d))?;
            }
            Ok(())
        }
        MessageFormat::Json => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                writeln!(out, "{}", json::diagnostic(sources, d))?;
            }
            Ok(())
        }
        MessageFormat::Github => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                writeln!(out, "{}", github::command(sources, d))?;
            }
            Ok(())
        }
        MessageFormat::Sarif => {
            let mut out = std::io::stdout().lock();
            let document = sarif::document(sources, diagnostics);
            writeln!(out, "{}", serde_json::to_string_pretty(&document).expect("JSON values always serialise"))
        }
    }
}

/// `path:line:col: severity[CODE]: message`.
pub fn short_line(sources: &Sources, d: &Diagnostic) -> String {
    let at = place(sources, d.primary.file, d.primary.span);
    format!("{}:{}:{}: {}[{}]: {}", at.file, at.line, at.column, d.severity.as_str(), d.code, d.message)
}

/// The human summary line: "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    use journey_compiler::diagnostic::Severity;
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
