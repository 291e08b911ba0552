//! Byte offsets ↔ LSP positions. The protocol counts columns in UTF-16 code
//! units; the compiler counts bytes. This is the only module that knows it.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as in the compiler's
//! `SourceFile::line_starts` and in the LSP specification.

use journey_compiler::source::{SourceFile, Span};
use std::borrow::Cow;
use tower_lsp_server::ls_types::{Position, Range};

/// Where the lines of one text start, for converting positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Cow<'t, [usize]>,
    /// The compiled file, whose counts make a column cheap on a long line.
    file: Option<&'t SourceFile>,
}

impl<'t> LineIndex<'t> {
    /// Indexes a text (for buffers that were not compiled).
    pub fn new(text: &'t str) -> LineIndex<'t> {
        LineIndex { text, starts: Cow::Owned(line_starts(text)), file: None }
    }

    /// Borrows the line starts the compiler already computed.
    pub fn of(file: &'t SourceFile) -> LineIndex<'t> {
        LineIndex { text: &file.text, starts: Cow::Borrowed(file.line_starts()), file: Some(file) }
    }

    #[cfg(test)]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a line's content, without its line break.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = match self.starts.get(line + 1) {
            Some(&next) => {
                let bytes = self.text.as_bytes();
                if next >= 2 && bytes[next - 2] == b'\r' && bytes[next - 1] == b'\n' {
                    next - 2
                } else {
                    next - 1
                }
            }
            None => self.text.len(),
        };
        (start, end.max(start))
    }

    /// The LSP position of a byte offset (clamped to the text, floored to a character).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let (start, end) = self.line_bounds(line);
        // An offset inside a `\r\n` counts as the end of the line.
        let upto = offset.min(end);
        let character = match self.file {
            Some(file) => file.utf16_between(start, upto),
            None => utf16_len(&self.text[start..upto]),
        };
        Position { line: line as u32, character }
    }

    /// The byte offset of an LSP position. `None` when the line is past the
    /// end of the text; a character past the end of its line means the end of
    /// the line (as the specification says).
    pub fn offset(&self, position: Position) -> Option<usize> {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return None;
        }
        let (start, end) = self.line_bounds(line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= wanted {
                return Some(start + i);
            }
            units += c.len_utf16();
            if units > wanted {
                // Inside a surrogate pair: the start of that character.
                return Some(start + i);
            }
        }
        Some(end)
    }

    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start as usize), end: self.position(span.end as usize) }
    }

    /// The byte span of an LSP range; `None` when either end is past the end of the text.
    pub fn span(&self, range: Range) -> Option<Span> {
        let start = self.offset(range.start)?;
        let end = self.offset(range.end)?;
        Some(Span::new(start.min(end), start.max(end)))
    }

    /// The position just after the last character.
    #[cfg(test)]
    pub fn end(&self) -> Position {
        self.position(self.text.len())
    }
}

/// How many UTF-16 code units a text takes.
pub fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_round_trip() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.position(0), pos(0, 0));
        assert_eq!(index.position(4), pos(1, 1));
        assert_eq!(index.position(6), pos(2, 0));
        assert_eq!(index.offset(pos(1, 1)), Some(4));
        assert_eq!(index.offset(pos(2, 0)), Some(6));
        assert_eq!(index.offset(pos(3, 0)), None, "past the last line");
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn accented_letters_are_one_unit_two_bytes() {
        // `é` is 2 bytes in UTF-8 and 1 unit in UTF-16.
        let text = "step é \"café\" x";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("present");
        assert_eq!(index.position(x), pos(0, 14));
        assert_eq!(index.offset(pos(0, 14)), Some(x));
        let after_e = text.find('é').expect("present") + 'é'.len_utf8();
        assert_eq!(index.position(after_e), pos(0, 6));
    }

    #[test]
    fn emoji_take_two_units() {
        // 😀 is 4 bytes in UTF-8 and a surrogate pair (2 units) in UTF-16.
        let text = "a😀b";
        let index = LineIndex::new(text);
        assert_eq!(index.position(5), pos(0, 3));
        assert_eq!(index.offset(pos(0, 3)), Some(5));
        assert_eq!(index.offset(pos(0, 1)), Some(1));
        // The middle of the pair falls back to the start of the character.
        assert_eq!(index.offset(pos(0, 2)), Some(1));
        // Inside the character's bytes: floored to its start.
        assert_eq!(index.position(3), pos(0, 1));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nbé\rc";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.position(3), pos(1, 0));
        assert_eq!(index.position(7), pos(2, 0));
        // Between `\r` and `\n`: still the end of line 0.
        assert_eq!(index.position(2), pos(0, 1));
        // A character past the end of a line clamps to the line's end, before the break.
        assert_eq!(index.offset(pos(0, 99)), Some(1));
        assert_eq!(index.offset(pos(1, 99)), Some(6));
        assert_eq!(index.offset(pos(2, 1)), Some(8));
    }

    #[test]
    fn spans_and_ranges() {
        let text = "x é\r\nyz";
        let index = LineIndex::new(text);
        let span = Span::new(2, 8);
        let range = index.range(span);
        assert_eq!(range, Range { start: pos(0, 2), end: pos(1, 2) });
        assert_eq!(index.span(range), Some(span));
        assert_eq!(index.end(), pos(1, 2));
    }

    #[test]
    fn agrees_with_the_compiler_line_starts() {
        let text = "a\r\nb\rc\n\nd";
        let file = SourceFile::new("f".into(), text.into());
        let ours = LineIndex::new(text);
        let theirs = LineIndex::of(&file);
        for offset in 0..=text.len() {
            assert_eq!(ours.position(offset), theirs.position(offset));
        }
    }
}
