//! A quick pass over the raw text before pest runs. It finds how deep the
//! braces nest (pest is recursive: 100,000 nested `{` must be an error, not
//! a stack overflow) and, in a big file, where to cut it in two so the halves
//! can be parsed on two threads (see `split`).
//!
//! Strings and comments are skipped the way the grammar reads them: a string
//! ends at its closing quote or at the end of the line, a comment at the end
//! of the line. Bytes that matter are few, so the rest is skipped in a tight
//! loop: the pass costs about a millisecond per megabyte.

use super::split::Cut;
use crate::source::Span;
use std::ops::Range;

/// Blocks may nest this deep; the language itself needs four levels.
pub const MAX_DEPTH: usize = 32;

/// What the pass found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The first `{` nested deeper than [`MAX_DEPTH`].
    pub too_deep: Option<Span>,
    /// Where to cut the file in two, if asked for and worth it.
    pub cut: Option<Cut>,
}

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The bytes the pass looks at; all others are skipped.
const STOP: [bool; 256] = table(b"\"/{}\n\r");
/// The bytes that end a run of plain string text.
const STRING_STOP: [bool; 256] = table(b"\"\\\n\r");

/// Scans `text`; looks for a cut only when asked to.
///
/// The cut is at the first statement line after the middle of the file,
/// either at the top level (the chunk is the rest of the file) or one level
/// down (the chunk runs to the end of that block: a journey's later stages),
/// whichever chunk is bigger; none when the bigger is a sliver.
pub fn scan(text: &str, find_cut: bool) -> Scan {
    let bytes = text.as_bytes();
    let middle = if find_cut { text.len() / 2 } else { usize::MAX };
    let mut depth = 0usize;
    // Statement lines after the middle: the first at the top level, and the
    // first one level down with the end of its block.
    let mut top: Option<usize> = None;
    let mut nested: Option<(usize, Option<usize>)> = None;
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
                    return Scan { too_deep: Some(Span::new(i, i + 1)), cut: None };
                }
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if let Some((_, end @ None)) = &mut nested {
                    if depth == 0 {
                        *end = Some(i);
                    }
                }
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            b'\n' | b'\r' if i >= middle => {
                let line = i + 1;
                let first = bytes[line..].iter().position(|b| !matches!(b, b' ' | b'\t')).map_or(bytes.len(), |p| line + p);
                if bytes.get(first).is_some_and(u8::is_ascii_alphabetic) {
                    match depth {
                        0 if top.is_none() => top = Some(line),
                        1 if nested.is_none() => nested = Some((line, None)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let top = top.map(|start| Cut { start, end: text.len() });
    let nested = nested.and_then(|(start, end)| Some(Cut { start, end: end? }));
    let cut = [top, nested].into_iter().flatten().max_by_key(|cut| cut.end - cut.start);
    Scan { too_deep: None, cut: cut.filter(|cut| cut.end - cut.start >= text.len() / 8) }
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
        assert_eq!(scan(&text, false).too_deep, None);
        assert_eq!(scan(&format!("{text}{{"), false).too_deep, Some(Span::new(text.len(), text.len() + 1)));
    }

    /// `"\` at the end of a line is a broken string that ends there, as in
    /// the grammar: the next line's braces still count.
    #[test]
    fn a_backslash_does_not_hide_the_next_line() {
        for line_break in ["\n", "\r", "\r\n"] {
            let text = format!("\"{}", format!("\\{line_break}{{").repeat(MAX_DEPTH + 1));
            assert!(scan(&text, false).too_deep.is_some(), "{text:?}");
        }
    }

    #[test]
    fn a_journey_is_cut_before_a_later_stage() {
        let stage = "  stage s \"S\" {\n    step a \"A\" { does \"{\" }\n  }\n";
        let text = format!("journey j \"J\" {{\n{}}}\nteam t \"T\"\n", stage.repeat(10));
        let cut = scan(&text, true).cut.expect("a cut");
        assert!(text[cut.start..].starts_with("  stage s"), "{cut:?}");
        assert_eq!(&text[cut.end..], "}\nteam t \"T\"\n");
        assert_eq!(scan(&text, false).cut, None);
    }
}
