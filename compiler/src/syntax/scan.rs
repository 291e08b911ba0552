//! Quick passes over the raw text, outside pest. One finds how deep the
//! braces nest before pest runs (pest is recursive: 100,000 nested `{` must
//! be an error, not a stack overflow); the other finds the comments, which
//! the grammar skips.
//!
//! Strings and comments are skipped the way the grammar reads them: a string
//! ends at its closing quote or at the end of the line, a comment at the end
//! of the line. Bytes that matter are few, so the rest is skipped in a tight
//! loop: the pass costs about a millisecond per megabyte.

use crate::source::Span;
use std::ops::Range;

/// Blocks may nest this deep; the language itself needs four levels.
pub const MAX_DEPTH: usize = 32;

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The bytes the depth pass looks at; all others are skipped.
const STOP: [bool; 256] = table(b"\"/{}");
/// The bytes that end a run of plain string text.
const STRING_STOP: [bool; 256] = table(b"\"\\\n\r");

/// The first `{` nested deeper than [`MAX_DEPTH`], if any.
pub fn too_deep(text: &str) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if !STOP[bytes[i] as usize] {
            i += 1;
            continue;
        }
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                continue;
            }
            b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(Span::new(i, i + 1));
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The `//` comments of a text, `///` doc comments included, each from its
/// slashes to the end of its line. The grammar skips comments, so the
/// formatter and the language server find them here.
pub fn comments(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'"', b'/', &bytes[i..]) {
        i += at;
        if bytes[i] == b'"' {
            i = string_end(bytes, i);
        } else if bytes.get(i + 1) == Some(&b'/') {
            let end = line_end(bytes, i);
            found.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Where the string opening at `start` ends: after its closing quote, or at
/// the end of its line (an escape never reaches past it), as in the grammar.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    loop {
        while i < bytes.len() && !STRING_STOP[bytes[i] as usize] {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'\\') => i += if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) { 1 } else { 2 },
            Some(b'"') => return i + 1,
            _ => return i.min(bytes.len()),
        }
    }
}

/// The end of the line `i` is on (before its line break).
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |end| i + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        let text = format!("{}\"{}\" // {}\n", "{".repeat(MAX_DEPTH), "{".repeat(100), "{".repeat(100));
        assert_eq!(too_deep(&text), None);
        assert_eq!(too_deep(&format!("{text}{{")), Some(Span::new(text.len(), text.len() + 1)));
    }

    /// `"\` at the end of a line is a broken string that ends there, as in
    /// the grammar: the next line's braces still count.
    #[test]
    fn a_backslash_does_not_hide_the_next_line() {
        for line_break in ["\n", "\r", "\r\n"] {
            let text = format!("\"{}", format!("\\{line_break}{{").repeat(MAX_DEPTH + 1));
            assert!(too_deep(&text).is_some(), "{text:?}");
        }
    }
}
