//! Where a place in a chapter was written, when mdBook's `links`
//! preprocessor ran first (`after = ["links"]`, so that maps in included
//! text are drawn): `{{#include file}}` puts another file's text into the
//! chapter, and a line of the text mdBook hands over is then not that line
//! of the chapter's file.
//!
//! The chapter's file, read again, is cut at its `{{#…}}` directives; the
//! text between them is found again in what mdBook sent, and what stands
//! for each include is looked up in the included file. A diagnostic is then
//! moved to the file and line it was written at. Where that can't be known
//! (an include inside an include, `rustdoc_include`'s hidden lines, an
//! escaped `\{{#include}}`), it stays where it is and says why.

use journey_compiler::diagnostic::Diagnostic;
use journey_compiler::source::{FileId, Loader, SourceFile, Sources, Span};
use std::ops::Range;
use std::path::Path;

/// The directives that put a file's text in the chapter.
const INCLUDES: &[&str] = &["include", "rustdoc_include", "playground"];

/// A stretch of the text mdBook sent, and where it was written.
struct Piece {
    sent: Range<usize>,
    /// The file and the offset in it of the stretch's first byte; `None`
    /// where the text can't be traced (a directive's output not found).
    written: Option<(FileId, usize)>,
}

/// How the text mdBook sent for a chapter was made from its files.
pub struct Origins {
    pieces: Vec<Piece>,
}

impl Origins {
    /// Traces `sent` (a chapter's content) back to `original` (its file,
    /// at `page`). `None` when the two can't be lined up.
    pub fn trace(page: &Path, original: &str, sent: &str, loader: &dyn Loader, sources: &mut Sources) -> Option<Origins> {
        let directives = directives(original)?;
        let chapter = sources.add(SourceFile::new(page.to_path_buf(), original.to_string()));
        let folder = page.parent().unwrap_or(Path::new(""));
        let mut pieces = Vec::new();
        // The chapter's own text before each directive, and after the last.
        let mut own_start = 0;
        let mut at = 0;
        for (index, directive) in directives.iter().enumerate() {
            let own = &original[own_start..directive.range.start];
            if !sent[at..].starts_with(own) {
                return None;
            }
            pieces.push(Piece { sent: at..at + own.len(), written: Some((chapter, own_start)) });
            at += own.len();
            let next_own_end = directives.get(index + 1).map_or(original.len(), |d| d.range.start);
            let next_own = &original[directive.range.end..next_own_end];
            let last = index + 1 == directives.len();
            // What the directive put here: the included text itself when it
            // can be read and is there, else up to the chapter's next own text.
            let included = directive.file.as_ref().and_then(|file| {
                let path = journey_compiler::source::normalize(&folder.join(file));
                let text = String::from_utf8(loader.load(&path).ok()?).ok()?;
                let (offset, length) = included_part(&text, directive.lines)?;
                sent[at..].starts_with(&text[offset..offset + length]).then_some((path, text, offset, length))
            });
            let output_end = match &included {
                Some((_, _, _, length)) => at + length,
                None if last => sent.len().checked_sub(next_own.len()).filter(|&end| end >= at && sent[end..] == *next_own)?,
                // Two directives side by side: where one's output ends is not known.
                None if next_own.is_empty() => return None,
                None => at + sent[at..].find(next_own)?,
            };
            let written = included.map(|(path, text, offset, _)| {
                let id = match sources.find(&path) {
                    Some(known) if sources.get(known).text == text => known,
                    _ => sources.add(SourceFile::new(path, text)),
                };
                (id, offset)
            });
            pieces.push(Piece { sent: at..output_end, written });
            at = output_end;
            own_start = directive.range.end;
        }
        let rest = &original[own_start..];
        if &sent[at..] != rest {
            return None;
        }
        pieces.push(Piece { sent: at..sent.len(), written: Some((chapter, own_start)) });
        Some(Origins { pieces })
    }

    /// Moves every place of `diagnostic` that is in `page` (the text sent)
    /// to where it was written. Places that can't be traced stay, with a
    /// word in the help; false then.
    pub fn relocate(&self, diagnostic: &mut Diagnostic, page: FileId) -> bool {
        let mut moved = diagnostic.clone();
        let mut traced = true;
        let mut place = |file: &mut FileId, span: &mut Span| {
            if *file != page {
                return;
            }
            let (start, end) = (span.start as usize, span.end as usize);
            let piece =
                self.pieces.iter().find(|p| p.sent.start <= start && end <= p.sent.end && (start < p.sent.end || p.sent.is_empty()));
            match piece.and_then(|p| p.written.map(|w| (p, w))) {
                Some((piece, (written, offset))) => {
                    *file = written;
                    *span = Span::new(start - piece.sent.start + offset, end - piece.sent.start + offset);
                }
                None => traced = false,
            }
        };
        place(&mut moved.primary.file, &mut moved.primary.span);
        for label in &mut moved.secondary {
            place(&mut label.file, &mut label.span);
        }
        for edit in moved.fixes.iter_mut().flat_map(|f| &mut f.edits) {
            place(&mut edit.file, &mut edit.span);
        }
        if traced {
            *diagnostic = moved;
        } else {
            untraced(diagnostic);
        }
        traced
    }
}

/// Says that a diagnostic's line is the text mdBook sent's, not the file's.
pub fn untraced(diagnostic: &mut Diagnostic) {
    let note = "the line is counted in the chapter as mdBook's `links` made it, with the text of `{{#include}}`d files in it";
    diagnostic.help = Some(match diagnostic.help.take() {
        Some(help) => format!("{help}\n{note}"),
        None => note.to_string(),
    });
}

/// One `{{#name arguments}}` of the chapter's file.
struct Directive {
    range: Range<usize>,
    /// The file an include reads, relative to the chapter (without `:lines` or `:anchor`).
    file: Option<String>,
    /// The lines it takes (1-based, both ends), as `file:2:10`, `file:2:`,
    /// `file::10` or `file:4` write them; `None` for an anchor (not traced).
    lines: Option<(usize, usize)>,
}

/// The byte range (start, length) of the lines an include takes, as mdBook
/// puts them in: without the last one's line ending.
fn included_part(text: &str, lines: Option<(usize, usize)>) -> Option<(usize, usize)> {
    let (first, last) = lines?;
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).filter(|&i| i < text.len()).collect();
    let start = *starts.get(first.checked_sub(1)?)?;
    let end = starts.get(last).map_or(text.len(), |&next| next - 1);
    // (mdBook joins the lines it takes: the file's last line ending is not put in.)
    let end = if end == text.len() { text.strip_suffix('\n').map_or(end, str::len).max(start) } else { end };
    Some((start, end - start))
}

/// The chapter's directives, in order; `None` if one is escaped (`\{{#…}}`,
/// which mdBook writes without its backslash) or never closed.
fn directives(text: &str) -> Option<Vec<Directive>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{{#") {
        let start = from + found;
        if text[..start].ends_with('\\') {
            return None;
        }
        let end = start + text[start..].find("}}")? + 2;
        let inner = text[start + 3..end - 2].trim();
        let mut words = inner.split_whitespace();
        let name = words.next().unwrap_or("");
        let argument = INCLUDES.contains(&name).then(|| words.next()).flatten();
        let file = argument.map(|arg| arg.split(':').next().unwrap_or(arg).to_string());
        let lines = argument.and_then(|arg| {
            let mut parts = arg.split(':').skip(1);
            let number = |part: Option<&str>, default: usize| match part {
                None | Some("") => Some(default),
                Some(n) => n.parse::<usize>().ok().filter(|&n| n > 0),
            };
            match (parts.next(), parts.next()) {
                (None, _) => Some((1, usize::MAX)),
                (Some(one), None) => number(Some(one), 1).map(|n| (n, n)),
                (first, last) => Some((number(first, 1)?, number(last, usize::MAX)?)),
            }
        });
        out.push(Directive { range: start..end, file, lines });
        from = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use journey_compiler::diagnostic::Code;
    use journey_compiler::source::MemoryLoader;

    #[test]
    fn a_place_in_included_text_goes_back_to_its_file() {
        let loader = MemoryLoader::new().with("src/part.md", "intro\n```journey\nbroken here\n```\n");
        let original = "# Chapter\n\n{{#include part.md}}\nafter\n";
        let sent = "# Chapter\n\nintro\n```journey\nbroken here\n```\nafter\n";
        let mut sources = Sources::default();
        let page = sources.add(SourceFile::new("src/chapter.md".into(), sent.to_string()));
        let origins = Origins::trace(Path::new("src/chapter.md"), original, sent, &loader, &mut sources).expect("traced");

        let at = sent.find("broken").unwrap();
        let mut d = Diagnostic::new(Code::FenceOption, page, Span::new(at, at + 6), "x");
        assert!(origins.relocate(&mut d, page));
        let file = sources.get(d.primary.file);
        assert_eq!(file.path, Path::new("src/part.md"));
        assert_eq!(file.human_position(d.primary.span.start as usize), (3, 1));

        let at = sent.find("after").unwrap();
        let mut d = Diagnostic::new(Code::FenceOption, page, Span::new(at, at + 5), "x");
        assert!(origins.relocate(&mut d, page));
        let file = sources.get(d.primary.file);
        assert_eq!((file.path.as_path(), file.human_position(d.primary.span.start as usize)), (Path::new("src/chapter.md"), (4, 1)));
    }

    #[test]
    fn an_included_range_of_lines_and_a_file_with_short_lines() {
        // The chapter's own text after the include is one line ending, as often.
        let part = "line 1\nline 2\n```journey\nbad\n```\n";
        let loader = MemoryLoader::new().with("src/part.md", part).with("maps/m.journey", "a\nb\nc\nd\n");
        let original = "# Two\n\n{{#include part.md}}\n```journey\n{{#include ../maps/m.journey:2:3}}\nlast\n```\n";
        let sent = "# Two\n\nline 1\nline 2\n```journey\nbad\n```\n```journey\nb\nc\nlast\n```\n";
        let mut sources = Sources::default();
        let page = sources.add(SourceFile::new("src/two.md".into(), sent.to_string()));
        let origins = Origins::trace(Path::new("src/two.md"), original, sent, &loader, &mut sources).expect("traced");
        // A needle's first byte, one byte long.
        let position = |needle: &str| {
            let at = sent.find(needle).unwrap();
            let mut d = Diagnostic::new(Code::FenceOption, page, Span::new(at, at + 1), "x");
            assert!(origins.relocate(&mut d, page), "{needle}");
            let file = sources.get(d.primary.file);
            (file.path.to_string_lossy().into_owned(), file.human_position(d.primary.span.start as usize))
        };
        assert_eq!(position("bad"), ("src/part.md".to_string(), (4, 1)));
        assert_eq!(position("c\nlast"), ("maps/m.journey".to_string(), (3, 1)));
        // A place across the included text and the chapter's own is not moved.
        let at = sent.find("c\nlast").unwrap();
        let mut d = Diagnostic::new(Code::FenceOption, page, Span::new(at, at + 4), "x");
        assert!(!origins.relocate(&mut d, page));
        assert_eq!(position("last"), ("src/two.md".to_string(), (6, 1)));
    }

    #[test]
    fn what_cant_be_traced_stays_and_says_so() {
        let loader = MemoryLoader::new();
        let original = "a\n{{#include missing.md}}\nb\n";
        let sent = "a\nWHATEVER\nb\n";
        let mut sources = Sources::default();
        let page = sources.add(SourceFile::new("src/c.md".into(), sent.to_string()));
        let origins = Origins::trace(Path::new("src/c.md"), original, sent, &loader, &mut sources).expect("lined up");
        let mut d = Diagnostic::new(Code::FenceOption, page, Span::new(2, 4), "x");
        assert!(!origins.relocate(&mut d, page));
        assert_eq!(d.primary.file, page);
        assert!(d.help.unwrap().contains("`links`"));
        // An escaped directive: not lined up at all.
        assert!(Origins::trace(Path::new("src/c.md"), "\\{{#include x}}", "{{#include x}}", &loader, &mut sources).is_none());
    }
}
