//! Diagnostics out: one renderer per `--message-format`, all fed the same data.

mod github;
mod human;
mod json;
mod sarif;

use crate::cli::MessageFormat;
use crate::output::{self, shown};
use journey_compiler::diagnostic::Diagnostic;
use journey_compiler::source::{FileId, Sources, Span};

/// Where a span is, as people and CI tools count: 1-based lines and
/// character columns, plus byte offsets (the JSON model's positions).
pub use journey_compiler::ir::Position as Place;

pub fn place(sources: &Sources, file: FileId, span: Span) -> Place {
    Place::new(sources, file, span)
}

/// Prints diagnostics in the chosen format. Human output goes to stderr (it
/// is for people); the machine formats go to stdout (to pipe or redirect),
/// written whole or not at all: a closed pipe ends them quietly, any other
/// failure is an error (a truncated SARIF file must not pass for a report).
pub fn emit(format: MessageFormat, sources: &Sources, diagnostics: &[Diagnostic], color: bool) -> std::io::Result<()> {
    let mut out = String::new();
    match format {
        MessageFormat::Human => {
            human::emit(sources, diagnostics, color);
            return Ok(());
        }
        MessageFormat::Short => {
            for d in diagnostics {
                out.push_str(&short_line(sources, d));
                out.push('\n');
            }
        }
        MessageFormat::Json => {
            for d in diagnostics {
                out.push_str(&json::diagnostic(sources, d).to_string());
                out.push('\n');
            }
        }
        MessageFormat::Github => {
            for d in diagnostics {
                out.push_str(&github::command(sources, d));
                out.push('\n');
            }
        }
        MessageFormat::Sarif => {
            let document = sarif::document(sources, diagnostics);
            out = serde_json::to_string_pretty(&document).expect("JSON values always serialise");
            out.push('\n');
        }
    }
    output::to_stdout(&out)
}

/// `path:line:col: severity[CODE]: message`, hidden characters escaped.
pub fn short_line(sources: &Sources, d: &Diagnostic) -> String {
    let at = place(sources, d.primary.file, d.primary.span);
    format!("{}:{}:{}: {}[{}]: {}", shown(&at.file), at.line, at.column, d.severity.as_str(), d.code, shown(&d.message))
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
