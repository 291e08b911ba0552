//! W0006: hidden characters in the text (see [`crate::unicode`]), found by
//! one pass over the bytes. A run of them is one warning with a fix that
//! deletes it; a `\u{…}` escape that spells one is found by the parser.

use crate::diagnostic::{Code, Diagnostic, Edit};
use crate::source::{FileId, Span};
use crate::unicode;

/// A file reports at most this many runs, then says how many more.
const MAX_REPORTED: usize = 100;

/// One warning per run of hidden characters written into the text.
pub fn hidden_characters(file: FileId, text: &str) -> Vec<Diagnostic> {
    let mut runs: Vec<(usize, usize, char, usize)> = Vec::new(); // start, end, first character, count
    for (at, c) in unicode::find_hidden(text) {
        match runs.last_mut() {
            Some((_, end, _, count)) if *end == at => {
                *end = at + c.len_utf8();
                *count += 1;
            }
            _ => runs.push((at, at + c.len_utf8(), c, 1)),
        }
    }
    let runs: Vec<(Span, char, usize)> = runs.into_iter().map(|(start, end, first, count)| (Span::new(start, end), first, count)).collect();
    capped(file, &runs, "runs of hidden characters")
}

/// One warning per `\u{…}` escape that spells a hidden character, with the
/// same cap as the characters written raw.
pub fn escape_warnings(file: FileId, escapes: &[(Span, char)]) -> Vec<Diagnostic> {
    let runs: Vec<(Span, char, usize)> = escapes.iter().map(|&(span, c)| (span, c, 1)).collect();
    capped(file, &runs, "escapes of hidden characters")
}

/// The first [`MAX_REPORTED`] warnings, and a note of how many more.
fn capped(file: FileId, runs: &[(Span, char, usize)], what: &str) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> =
        runs.iter().take(MAX_REPORTED).map(|&(span, first, count)| warning(file, span, first, count)).collect();
    if let Some(&(span, ..)) = runs.get(MAX_REPORTED) {
        diagnostics.push(
            Diagnostic::new(Code::HiddenCharacter, file, span, format!("{} more {what} not shown", runs.len() - MAX_REPORTED))
                .label("the first of them")
                .help("this file holds many invisible characters; it may not be the text it looks like"),
        );
    }
    diagnostics
}

/// The warning for hidden characters at `span` (written raw, or as the escape `span` covers).
pub fn warning(file: FileId, span: Span, first: char, count: usize) -> Diagnostic {
    let what = unicode::name(first).unwrap_or("a hidden character");
    let message = if count == 1 {
        format!("hidden character: {what} (U+{:04X})", first as u32)
    } else {
        format!("{count} hidden characters, the first {what} (U+{:04X})", first as u32)
    };
    let why = if unicode::is_control(first) {
        "in a terminal or a CI log it can rewrite what is shown"
    } else if unicode::is_bidi_control(first) {
        "it reorders the text around it on screen"
    } else {
        "it is invisible: two texts that look the same are different"
    };
    let title = if count == 1 { "remove the hidden character" } else { "remove the hidden characters" };
    Diagnostic::new(Code::HiddenCharacter, file, span, message)
        .label(why)
        .help("diagrams leave it out and terminal output shows it as an escape; remove it from the source")
        .fix(title, vec![Edit { file, span, replacement: String::new() }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_one_warning_each() {
        let text = "team a \"A\u{202E}\u{2066}b\"\n// \u{200B}\nteam b \"\u{1b}[2J\"\n";
        let found = hidden_characters(FileId(0), text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].message.starts_with("2 hidden characters, the first right-to-left override"));
        assert_eq!(&text[found[0].primary.span.range()], "\u{202E}\u{2066}");
        assert!(found[2].message.contains("control character"));
        assert!(hidden_characters(FileId(0), "\u{FEFF}team a \"👨\u{200D}👩 \u{200F}שלום\"").is_empty());
    }

    /// 100,000 escapes of a zero-width space: a hundred warnings and a note,
    /// and a syntax error after them still shows.
    #[test]
    fn escapes_are_capped_apart_from_syntax_errors() {
        let text = format!("team a \"{}\"\nteam b \"B\" junk\n", "\\u{200b}".repeat(100_000));
        let found = crate::syntax::parse(FileId(0), &text).diagnostics;
        let hidden = found.iter().filter(|d| d.code == Code::HiddenCharacter).count();
        assert_eq!(hidden, MAX_REPORTED + 1);
        assert!(found.iter().any(|d| d.message.starts_with("99900 more escapes")));
        assert!(found.iter().any(|d| d.code == Code::Syntax && &text[d.primary.span.range()] == "junk"), "{:?}", found.last());
    }
}
