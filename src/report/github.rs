//! `--message-format github`: GitHub Actions workflow commands, which show up
//! as annotations on the pull request's changed lines.

use super::place;
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::source::Sources;

pub fn command(sources: &Sources, d: &Diagnostic) -> String {
    let at = place(sources, d.primary.file, d.primary.span);
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&at.file),
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
}
