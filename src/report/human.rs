//! Rich terminal reports with source snippets, by codespan-reporting.
//!
//! codespan-reporting prints the source lines a diagnostic points at as
//! they are. Sources are hostile, so it is shown an *excerpt* instead
//! ([`Excerpt`]): only the lines the labels touch, each cut to a window of
//! about [`WINDOW`] characters around its labels (a 16 MiB line is shown as
//! a few words of it), hidden characters written as `\u{…}` escapes. Line
//! and column numbers are still the real ones.

use crate::output::shown;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle, Severity as Level};
use codespan_reporting::files::{Error, Files};
use codespan_reporting::term::{self, termcolor};
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::source::{FileId, SourceFile, Sources, Span};
use journey_compiler::unicode::escape_hidden;
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;

/// The most characters of one source line a report shows.
const WINDOW: usize = 160;
/// Characters kept before a label when a long line is cut.
const BEFORE: usize = 40;

pub fn emit(sources: &Sources, diagnostics: &[Diagnostic], color: bool) {
    let choice = if color { termcolor::ColorChoice::Always } else { termcolor::ColorChoice::Never };
    let stream = termcolor::StandardStream::stderr(choice);
    let mut stderr = stream.lock();
    let config = term::Config::default();
    let mut columns = Columns::default();
    for diagnostic in diagnostics {
        let (excerpts, report) = report(sources, diagnostic, &mut columns);
        match term::emit_to_write_style(&mut stderr, &config, &excerpts, &report) {
            Ok(()) => {}
            // Stderr has nowhere to report its own failure: a closed one is quietly the end of it.
            Err(Error::Io(_)) => return,
            // An excerpt codespan could not lay out: the diagnostic still reaches the reader, on one line.
            Err(_) => {
                if writeln!(stderr, "{}", super::short_line(sources, diagnostic)).is_err() {
                    return;
                }
            }
        }
    }
}

/// The excerpts of the files a diagnostic points into, and the report in their offsets.
fn report(sources: &Sources, d: &Diagnostic, columns: &mut Columns) -> (Excerpts, Report<usize>) {
    let labels: Vec<(LabelStyle, FileId, Span, &str)> =
        std::iter::once((LabelStyle::Primary, d.primary.file, d.primary.span, d.primary.message.as_str()))
            .chain(d.secondary.iter().map(|l| (LabelStyle::Secondary, l.file, l.span, l.message.as_str())))
            .collect();
    // Each file once, in the order the labels name them (the primary's first).
    let mut files: Vec<FileId> = Vec::new();
    for (_, file, ..) in &labels {
        if !files.contains(file) {
            files.push(*file);
        }
    }
    let mut excerpts = Excerpts { files: Vec::new() };
    let mut report_labels = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let spans: Vec<Span> = labels.iter().filter(|(_, f, ..)| f == file).map(|(_, _, span, _)| *span).collect();
        let excerpt = Excerpt::new(sources, *file, &spans, columns);
        for (style, _, span, message) in labels.iter().filter(|(_, f, ..)| f == file) {
            report_labels.push(Label::new(*style, index, excerpt.range(*span)).with_message(shown(message)));
        }
        excerpts.files.push(excerpt);
    }
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape_hidden(help, false)));
    }
    let report = Report::new(level).with_code(d.code.as_str()).with_message(shown(&d.message)).with_labels(report_labels).with_notes(notes);
    (excerpts, report)
}

/// The excerpts of one report, one per file it points into.
struct Excerpts {
    files: Vec<Excerpt>,
}

/// The lines of one file a report shows, cut and escaped.
struct Excerpt {
    name: String,
    text: String,
    /// Real line index → the line in `text`, and how to map offsets back.
    lines: BTreeMap<usize, Line>,
}

struct Line {
    /// Where the line is in the excerpt's text (without its line break).
    range: Range<usize>,
    /// Pairs of (real offset, excerpt offset) at every character boundary
    /// of the window, with the window's end last.
    offsets: Vec<(usize, usize)>,
    /// The real 1-based column of the window's first character.
    first_column: usize,
}

impl Excerpt {
    fn new(sources: &Sources, file: FileId, spans: &[Span], columns: &mut Columns) -> Excerpt {
        let source = sources.get(file);
        // The lines to show: each label's first line (a label over several
        // lines is shown on its first), and a single line between two of them.
        let mut wanted: BTreeMap<usize, Vec<Span>> = BTreeMap::new();
        for span in spans {
            let (line, _) = source.line_col(span.start as usize);
            wanted.entry(line).or_default().push(*span);
        }
        let labelled: Vec<usize> = wanted.keys().copied().collect();
        for pair in labelled.windows(2) {
            if pair[1] == pair[0] + 2 {
                wanted.entry(pair[0] + 1).or_default();
            }
        }
        let mut excerpt =
            Excerpt { name: shown(&journey_compiler::ir::display_path(sources, file)), text: String::new(), lines: BTreeMap::new() };
        for (line, spans) in wanted {
            excerpt.add_line(source, line, &spans, columns.column(file, source, line));
        }
        excerpt
    }

    /// Adds real line `line`, cut to a window around `spans`.
    fn add_line(&mut self, source: &SourceFile, line: usize, spans: &[Span], mut column_of: impl FnMut(usize) -> usize) {
        let text = &source.text;
        let starts = source.line_starts();
        let line_start = starts[line];
        let line_end = starts.get(line + 1).map_or(text.len(), |&next| next);
        let line_end = line_start + text[line_start..line_end].trim_end_matches(['\n', '\r']).len();
        // Anchored on the first label given (the primary, when it is on this
        // line: the caret and the `file:line:column` above it must be right);
        // floored to a character, whatever the span says.
        let mut first = spans.first().map_or(line_start, |s| (s.start as usize).clamp(line_start, line_end));
        while !text.is_char_boundary(first) {
            first -= 1;
        }
        // The window: the whole line when it fits, else from a little before
        // that label, at most WINDOW characters.
        let fits = text[line_start..line_end].chars().nth(WINDOW).is_none();
        let window_start = match text[line_start..first].char_indices().nth_back(BEFORE).filter(|_| !fits) {
            Some((i, c)) => line_start + i + c.len_utf8(),
            None => line_start,
        };
        let mut window_end = window_start;
        for (count, c) in text[window_start..line_end].chars().enumerate() {
            if count >= WINDOW {
                break;
            }
            window_end += c.len_utf8();
        }
        let start = self.text.len();
        if window_start > line_start {
            self.text.push('…');
        }
        let mut offsets = Vec::with_capacity(window_end - window_start + 1);
        for (i, c) in text[window_start..window_end].char_indices() {
            offsets.push((window_start + i, self.text.len()));
            let mut buffer = [0; 4];
            self.text.push_str(&escape_hidden(c.encode_utf8(&mut buffer), false));
        }
        offsets.push((window_end, self.text.len()));
        if window_end < line_end {
            self.text.push('…');
        }
        let range = start..self.text.len();
        self.text.push('\n');
        self.lines.insert(line, Line { range, offsets, first_column: column_of(window_start) });
    }

    /// A real span as a range of the excerpt: clamped to its line's window.
    fn range(&self, span: Span) -> Range<usize> {
        let Some(line) = self.line_of(span.start as usize) else { return 0..0 };
        let start = line.excerpt_offset(span.start as usize);
        let end = line.excerpt_offset(span.end as usize).max(start);
        start..end
    }

    fn line_of(&self, offset: usize) -> Option<&Line> {
        // The line whose window holds the offset: the last one starting at or before it.
        self.lines.values().rfind(|l| l.offsets.first().is_some_and(|(real, _)| *real <= offset)).or_else(|| self.lines.values().next())
    }
}

impl Line {
    /// The excerpt offset of a real offset, clamped to the window.
    fn excerpt_offset(&self, offset: usize) -> usize {
        match self.offsets.binary_search_by_key(&offset, |(real, _)| *real) {
            Ok(i) => self.offsets[i].1,
            Err(0) => self.offsets[0].1,
            Err(i) if i >= self.offsets.len() => self.offsets[self.offsets.len() - 1].1,
            Err(i) => self.offsets[i - 1].1, // inside a character: its start
        }
    }

    /// The real column of an excerpt offset.
    fn real_column(&self, excerpt_offset: usize) -> usize {
        let before = self.offsets.iter().take_while(|(_, e)| *e < excerpt_offset).count();
        self.first_column + before
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.text)
    }

    /// The real index of the line holding an excerpt offset.
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let file = self.file(id)?;
        let found = file.lines.iter().rfind(|(_, l)| l.range.start <= byte_index).or_else(|| file.lines.iter().next());
        Ok(found.map_or(0, |(index, _)| *index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let file = self.file(id)?;
        let line = file.lines.get(&line_index).ok_or(Error::LineTooLarge { given: line_index, max: file.lines.len() })?;
        Ok(line.range.clone())
    }

    fn column_number(&'a self, id: usize, line_index: usize, byte_index: usize) -> Result<usize, Error> {
        let file = self.file(id)?;
        Ok(file.lines.get(&line_index).map_or(1, |line| line.real_column(byte_index)))
    }
}

impl Excerpts {
    fn file(&self, id: usize) -> Result<&Excerpt, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

/// Real columns, counted on from the last one asked for in the same file
/// and line: diagnostics come sorted by position, so a hundred of them on
/// one 16 MiB line cost one pass over it, not a hundred.
#[derive(Default)]
struct Columns {
    last: Option<(FileId, usize, usize, usize)>, // file, line, offset, column
}

impl Columns {
    /// The column finder for one line of one file.
    fn column<'s>(&'s mut self, file: FileId, source: &'s SourceFile, line: usize) -> impl FnMut(usize) -> usize + 's {
        move |offset| {
            let (from, column) = match self.last {
                Some((f, l, at, column)) if f == file && l == line && at <= offset => (at, column),
                _ => (source.line_starts()[line], 1),
            };
            let column = column + source.text[from..offset].chars().count();
            self.last = Some((file, line, offset, column));
            column
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journey_compiler::diagnostic::Code;

    /// Where a report starts: the `file:line:column` codespan prints.
    fn locus(sources: &Sources, d: &Diagnostic) -> String {
        let at = super::super::place(sources, d.primary.file, d.primary.span);
        format!("{}:{}:{}", at.file, at.line, at.column)
    }

    fn render(text: &str, span: Span) -> String {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new("a.journey".into(), text.to_string()));
        let d = Diagnostic::new(Code::Syntax, file, span, "bad \u{1b}]0;title\u{7}").label("here\u{202E}");
        let (excerpts, report) = report(&sources, &d, &mut Columns::default());
        let mut out = termcolor::NoColor::new(Vec::new());
        term::emit_to_write_style(&mut out, &term::Config::default(), &excerpts, &report).expect("rendered");
        let rendered = String::from_utf8(out.into_inner()).expect("UTF-8");
        assert!(rendered.contains(&locus(&sources, &d)), "the real position is shown:\n{rendered}");
        rendered
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let line = format!("{}@@{}\n", "x".repeat(5_000), "y".repeat(5_000));
        let rendered = render(&format!("team a \"A\"\n{line}"), Span::new(11 + 5_000, 11 + 5_002));
        assert!(rendered.contains("a.journey:2:5001"), "{rendered}");
        assert!(rendered.lines().all(|l| l.chars().count() < WINDOW + 40), "{rendered}");
        assert!(rendered.contains("…xxxx") && rendered.contains("@@yyy") && rendered.contains("yyy…"), "{rendered}");
        assert!(rendered.contains("^^ here"), "{rendered}");
    }

    #[test]
    fn hidden_characters_are_shown_as_escapes() {
        let rendered = render("team a \"\u{1b}[2J\u{202E}x\"\n", Span::new(8, 14));
        assert!(!rendered.chars().any(journey_compiler::unicode::is_hidden), "{rendered:?}");
        assert!(rendered.contains(r"\u{1b}[2J\u{202e}x"), "{rendered}");
        assert!(rendered.contains(r"bad \u{1b}]0;title\u{7}") && rendered.contains(r"here\u{202e}"), "{rendered}");
    }
}
