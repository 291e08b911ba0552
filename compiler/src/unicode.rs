//! Characters that change what a text says without being seen: control
//! characters, bidirectional overrides and isolates (the "Trojan Source"
//! characters), and zero-width characters. One table, read by every layer:
//!
//! - the parser warns about them (W0006, with a fix that removes them);
//! - the SVG, HTML and Mermaid writers leave them out of labels, so a label
//!   never reads differently than its text;
//! - terminal and CI-annotation output shows them as visible `\u{…}` escapes
//!   ([`escape_hidden`]), so a message can't retitle a window, clear the
//!   screen or hide text;
//! - the JSON model keeps strings exactly as written: it is data.
//!
//! Also counted: the combining grapheme joiner, the Hangul fillers and the
//! tag characters (invisible letters that can smuggle text; a subdivision
//! flag such as Scotland's, which is made of them, is drawn as a plain
//! black flag).
//!
//! Left out on purpose, because real text needs them: tab, line breaks, the
//! zero-width joiner and non-joiner (emoji sequences, Persian and Indic
//! scripts), the left-to-right, right-to-left and Arabic letter marks
//! (Hebrew and Arabic labels), variation selectors (emoji presentation) and
//! the soft hyphen.

use std::borrow::Cow;

/// Whether `c` is a character Journey treats as hidden.
pub fn is_hidden(c: char) -> bool {
    name(c).is_some()
}

/// Whether `c` is a control character (C0 other than tab and line breaks, DEL, C1).
pub fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7F}'..='\u{9F}').contains(&c)
}

/// Whether `c` is a bidirectional embedding, override or isolate.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What a hidden character is called in messages; `None` for every other character.
pub fn name(c: char) -> Option<&'static str> {
    Some(match c {
        c if is_control(c) => "a control character",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200B}' => "zero-width space",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{034F}' => "combining grapheme joiner",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "Hangul filler",
        '\u{E0000}'..='\u{E007F}' => "tag character",
        _ => return None,
    })
}

/// Every hidden character in `text` (except a byte-order mark at the very
/// start, which the grammar reads), as (byte offset, character). Looks at
/// the bytes first: only a control byte or the lead byte of a hidden
/// character's UTF-8 form is decoded, so a clean 16 MiB file costs one pass.
pub fn find_hidden(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    (start..bytes.len()).filter(move |&i| may_start_hidden(bytes[i])).filter_map(move |i| {
        let c = text[i..].chars().next()?;
        is_hidden(c).then_some((i, c))
    })
}

/// The first byte of every hidden character: C0 controls, DEL, `0xC2`
/// (U+0080…U+00BF, the C1 controls), `0xCD` (U+0340…, U+034F), `0xE1`
/// (U+1000…, U+115F, U+1160, U+180E), `0xE2` (U+2000…, the bidi controls
/// and zero-width characters), `0xE3` (U+3000…, U+3164), `0xEF` (U+F000…,
/// U+FEFF, U+FFA0), `0xF3` (U+C0000…, the tag characters). A test checks
/// the list against the table.
fn may_start_hidden(byte: u8) -> bool {
    (byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r')) || matches!(byte, 0x7F | 0xC2 | 0xCD | 0xE1 | 0xE2 | 0xE3 | 0xEF | 0xF3)
}

/// `text` with every hidden character written as a visible escape
/// (`\u{1b}`, `\u{202e}`), the way a Journey string would spell it. Tabs
/// and line breaks stay, except where `one_line` asks for them escaped too.
pub fn escape_hidden(text: &str, one_line: bool) -> Cow<'_, str> {
    let needs = |c: char| is_hidden(c) || (one_line && matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}'));
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` without its hidden characters (for labels that are drawn).
pub fn strip_hidden(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_hidden(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_filter_lets_no_hidden_character_through() {
        for code in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(code) else { continue };
            if is_hidden(c) {
                let mut buffer = [0; 4];
                let first = c.encode_utf8(&mut buffer).as_bytes()[0];
                assert!(may_start_hidden(first), "U+{code:04X} would be missed");
            }
        }
    }

    #[test]
    fn finds_escapes_and_strips() {
        let text = "\u{FEFF}a\u{202E}b\u{1b}[2Jc\u{200D}d";
        let found: Vec<(usize, char)> = find_hidden(text).collect();
        assert_eq!(found, vec![(4, '\u{202E}'), (8, '\u{1b}')]);
        assert_eq!(escape_hidden("a\u{1b}]0;x\u{7}", false), "a\\u{1b}]0;x\\u{7}");
        assert_eq!(escape_hidden("a\tb\nc", false), "a\tb\nc");
        assert_eq!(escape_hidden("a\tb\nc", true), "a\\u{9}b\\u{a}c");
        assert_eq!(strip_hidden("pay\u{200B}ment \u{202E}olleh"), "payment olleh");
        // Joiners and marks are real text.
        assert!(matches!(strip_hidden("👨\u{200D}👩 \u{200F}שלום"), Cow::Borrowed(_)));
    }
}
