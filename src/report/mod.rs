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
/// Where the machine formats go.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    /// When stdout carries something else (a page, a book for mdBook).
    Stderr,
}

/// [`emit`], with the machine formats sent to `stream`.
pub fn emit_to(format: MessageFormat, sources: &Sources, diagnostics: &[Diagnostic], color: bool, stream: Stream) -> std::io::Result<()> {
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
    if matches!(format, MessageFormat::Json | MessageFormat::Sarif) {
        out = json_escaped(&out);
    }
    match stream {
        Stream::Stdout => output::to_stdout(&out),
        Stream::Stderr => {
            output::to_stderr(format_args!("{out}"));
            Ok(())
        }
    }
}

/// JSON text with every hidden character as a `\uXXXX` escape: the same
/// data, but nothing a terminal or a CI log would act on (serde_json escapes
/// only U+0000…U+001F; DEL, the C1 controls and the bidi overrides pass).
/// Hidden characters can only stand inside JSON strings, so this is safe.
fn json_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if journey_compiler::unicode::is_hidden(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn json_reports_escape_what_a_terminal_would_act_on() {
        let text = serde_json::to_string(&serde_json::json!({ "m": "a\u{9b}31m\u{202E}b\u{E0041}\u{7f}" })).unwrap();
        let escaped = super::json_escaped(&text);
        assert!(escaped.is_ascii(), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["m"], "a\u{9b}31m\u{202E}b\u{E0041}\u{7f}");
    }
}
