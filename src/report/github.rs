//! `--message-format github`: GitHub Actions workflow commands, which show up
//! as annotations on the pull request's changed lines.

use super::place;
use crate::output::shown;
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::source::Sources;

pub fn command(sources: &Sources, d: &Diagnostic) -> String {
    let at = place(sources, d.primary.file, d.primary.span);
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // Each part on one line with hidden characters escaped, so the runner's
    // log can't be rewritten; the help goes on a line of its own.
    let mut message = shown(&d.message);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&shown(help));
    }
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&shown(&at.file)),
        at.line,
        at.column,
        at.end_line,
        at.end_column,
        property(&format!("{} {}", d.code, d.code.name())),
        data(&message)
    )
}

/// Escapes a message the way the Actions runner unescapes it.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Property values additionally escape `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_the_runner_would_split_on() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("50%: a\nb"), "50%25: a%0Ab");
    }

    #[test]
    fn hidden_characters_never_reach_the_log() {
        use journey_compiler::diagnostic::{Code, Diagnostic};
        use journey_compiler::source::{SourceFile, Sources, Span};
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new("a\u{1b}[31m.journey".into(), "team a \"A\"\n".into()));
        let d = Diagnostic::new(Code::Syntax, file, Span::new(0, 4), "bad \u{1b}]0;pwned\u{7} \u{202E}x\ny").help("fix\u{9b}it");
        let line = super::command(&sources, &d);
        assert!(!line.chars().any(|c| c.is_control() || journey_compiler::unicode::is_hidden(c)), "{line:?}");
        assert!(line.contains(r"bad \u{1b}]0;pwned\u{7} \u{202e}x\u{a}y%0Ahelp: fix\u{9b}it"), "{line}");
        assert!(line.contains(r"file=a\u{1b}[31m.journey"), "{line}");
    }
}
