//! Finding ```` ```journey ```` fences in a Markdown page, as CommonMark
//! reads it, without a Markdown parser: only block structure matters, and
//! only enough of it to never take for a map what a reader sees as
//! something else.
//!
//! - A fence opens with three or more backticks or tildes, indented at most
//!   three spaces, and closes with at least as many of the same character;
//!   an info string after backticks has no backtick.
//! - Every other fence is skipped whole, so a ```` ```journey ```` inside a
//!   ```` ````markdown ```` example stays an example.
//! - A line indented four spaces or more is never a fence (indented code, or
//!   a paragraph going on).
//! - Front matter (`---` YAML or `+++` TOML on the first line) and HTML
//!   blocks (a comment, `<pre>`, a `<div>` up to its blank line) hide what is
//!   in them.
//! - Fences inside list items and block quotes are not looked at: a map sits
//!   at the top level of a page.

use std::ops::Range;

/// One ```` ```journey ```` fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The whole fence, from its opening line's first byte to the end of its
    /// closing line (its line ending included).
    pub range: Range<usize>,
    /// The text after the word `journey` on the opening line: the options.
    pub info: Range<usize>,
    /// The lines between the fence lines, as written.
    pub body: Range<usize>,
    /// Spaces before the opening fence (0 to 3).
    pub indent: usize,
    /// The opening line's ending (`"\n"`, `"\r\n"` or `""` at the end of the page).
    pub newline: &'static str,
    /// False when the page ends before a closing fence.
    pub closed: bool,
}

/// A line of the page: its byte range without the ending, and its ending.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// The line with its ending.
    pub next: usize,
}

/// The lines of a text, ended by `\n`, `\r\n` or a lone `\r` (as CommonMark ends them).
pub fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        let next = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        out.push(Line { start, end, next });
        start = next;
    }
    out
}

/// Spaces before the line's first other character (a tab counts to the next
/// multiple of four), and where that character is.
fn indentation(line: &str) -> (usize, usize) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, i),
        }
    }
    (columns, line.len())
}

/// An opening or closing fence: its character, its length and where the rest of the line starts.
fn fence_marker(line: &str) -> Option<(u8, usize, usize, usize)> {
    let (columns, at) = indentation(line);
    if columns > 3 {
        return None;
    }
    let rest = &line.as_bytes()[at..];
    let mark = *rest.first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let length = rest.iter().take_while(|&&b| b == mark).count();
    (length >= 3).then_some((mark, length, at + length, columns))
}

/// The kinds of HTML block CommonMark knows, by how they end.
enum HtmlEnd {
    /// At the line that holds this text (a comment's `-->`, `</pre>`…).
    Contains(&'static str),
    /// At the next blank line.
    BlankLine,
}

/// Block-level tags (CommonMark's list) that start an HTML block ending at a blank line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether an HTML block starts on this line, and how it ends.
fn html_start(line: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let (columns, at) = indentation(line);
    if columns > 3 {
        return None;
    }
    let rest = &line[at..];
    // The first bytes, lowercased: only ASCII matters, and a cut inside a character is no reason to stop looking.
    let lower: String = rest.bytes().take(12).map(|b| char::from(b.to_ascii_lowercase())).collect();
    for (tag, end) in [("<pre", "</pre>"), ("<script", "</script>"), ("<style", "</style>"), ("<textarea", "</textarea>")] {
        if lower.starts_with(tag) && lower[tag.len()..].chars().next().is_none_or(|c| c == '>' || c.is_ascii_whitespace()) {
            return Some(HtmlEnd::Contains(end));
        }
    }
    if rest.starts_with("<!--") {
        return Some(HtmlEnd::Contains("-->"));
    }
    if rest.starts_with("<?") {
        return Some(HtmlEnd::Contains("?>"));
    }
    if rest.starts_with("<![CDATA[") {
        return Some(HtmlEnd::Contains("]]>"));
    }
    if rest.starts_with("<!") && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(HtmlEnd::Contains(">"));
    }
    let name_start = if rest.starts_with("</") {
        2
    } else if rest.starts_with('<') {
        1
    } else {
        return None;
    };
    let name: String = rest[name_start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if name.is_empty() {
        return None;
    }
    let after = rest[name_start + name.len()..].chars().next();
    let ends_tag = after.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
    if ends_tag && BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
        return Some(HtmlEnd::BlankLine);
    }
    // Any other tag alone on its line (CommonMark's seventh kind: one
    // complete opening or closing tag, then only spaces) can't interrupt a paragraph.
    let tag = rest.trim_end_matches([' ', '\t']);
    let inner = &tag[name_start + name.len()..];
    let alone = ends_tag && tag.ends_with('>') && !inner[..inner.len() - 1].contains(['<', '>']);
    (!in_paragraph && alone).then_some(HtmlEnd::BlankLine)
}

/// A blank line, as CommonMark counts one: spaces and tabs only.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// `# Heading`, or a thematic break (`---`, `***`, `___`).
fn is_heading_or_break(rest: &str) -> bool {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
        return true;
    }
    let marks: Vec<u8> = rest.bytes().filter(|&b| b != b' ' && b != b'\t').collect();
    marks.len() >= 3 && marks.iter().all(|&b| b == marks[0]) && matches!(marks[0], b'-' | b'*' | b'_')
}

/// Where front matter ends (the byte after its closing line), if the page has any.
fn front_matter_end(text: &str, lines: &[Line]) -> Option<usize> {
    let first = lines.first()?;
    let opening = text[first.start..first.end].trim_end();
    if opening != "---" && opening != "+++" {
        return None;
    }
    let closings: &[&str] = if opening == "---" { &["---", "..."] } else { &["+++"] };
    lines[1..].iter().find(|l| closings.contains(&text[l.start..l.end].trim_end())).map(|l| l.next)
}

/// Every ```` ```journey ```` fence of the page, in order.
pub fn find(text: &str) -> Vec<Fence> {
    let lines = lines(text);
    let mut fences = Vec::new();
    let mut i = 0;
    if let Some(end) = front_matter_end(text, &lines) {
        i = lines.iter().position(|l| l.start >= end).unwrap_or(lines.len());
    }
    let mut in_paragraph = false;
    while i < lines.len() {
        let line = &text[lines[i].start..lines[i].end];
        if is_blank(line) {
            in_paragraph = false;
            i += 1;
            continue;
        }
        if let Some((mark, length, info_start, indent)) = fence_marker(line) {
            let info = &line[info_start..];
            if mark == b'`' && info.contains('`') {
                // Not a fence: inline code in a paragraph.
                in_paragraph = true;
                i += 1;
                continue;
            }
            let closing = lines[i + 1..].iter().position(|l| {
                fence_marker(&text[l.start..l.end]).is_some_and(|(m, n, rest, _)| {
                    m == mark && n >= length && text[l.start..l.end][rest..].trim_matches([' ', '\t']).is_empty()
                })
            });
            let last = closing.map_or(lines.len() - 1, |c| i + 1 + c);
            let word = info.trim_start().split(char::is_whitespace).next().unwrap_or("");
            if word == "journey" {
                let open = lines[i];
                let leading = info.len() - info.trim_start().len();
                let info_at = open.start + info_start + leading + "journey".len();
                let body_start = open.next;
                let body_end = closing.map_or(text.len(), |_| lines[last].start);
                let newline = match &text[open.end..open.next] {
                    "\r\n" => "\r\n",
                    "\n" => "\n",
                    "\r" => "\r",
                    _ => "",
                };
                fences.push(Fence {
                    range: open.start..lines[last].next,
                    info: info_at..open.end,
                    body: body_start..body_end.max(body_start),
                    indent,
                    newline,
                    closed: closing.is_some(),
                });
            }
            in_paragraph = false;
            i = last + 1;
            continue;
        }
        if let Some(end) = html_start(line, in_paragraph) {
            let ends_at = match end {
                HtmlEnd::Contains(needle) => {
                    let lower = |l: &Line| text[l.start..l.end].to_ascii_lowercase();
                    // The end may be on the opening line itself.
                    (i..lines.len()).find(|&j| lower(&lines[j]).contains(needle)).unwrap_or(lines.len() - 1)
                }
                HtmlEnd::BlankLine => (i..lines.len()).find(|&j| is_blank(&text[lines[j].start..lines[j].end])).unwrap_or(lines.len()),
            };
            in_paragraph = false;
            i = ends_at + 1;
            continue;
        }
        let (columns, at) = indentation(line);
        // A heading or a thematic break is a block of its own, not the start of a paragraph.
        if columns < 4 {
            in_paragraph = !is_heading_or_break(&line[at..]);
        }
        i += 1;
    }
    fences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|f| &text[f.body]).collect()
    }

    #[test]
    fn finds_backtick_and_tilde_fences_with_their_options() {
        let page = "# Title\n\n```journey file=map.journey\nx\n```\n\ntext\n\n~~~~journey\ny\n~~~~\n";
        let fences = find(page);
        assert_eq!(fences.len(), 2);
        assert_eq!(&page[fences[0].info.clone()], " file=map.journey");
        assert_eq!(&page[fences[0].range.clone()], "```journey file=map.journey\nx\n```\n");
        assert_eq!(&page[fences[1].body.clone()], "y\n");
    }

    #[test]
    fn skips_what_a_reader_sees_as_something_else() {
        // Inside another fence, indented code, front matter, comments, other languages.
        let page = "---\ntitle: x\n```journey\n---\n````md\n```journey\nno\n```\n````\n\n    ```journey\n    no\n    ```\n\n<!--\n```journey\nno\n```\n-->\n```journeys\nno\n```\n```rust\n```journey\n```\n";
        assert!(find(page).is_empty(), "{:?}", find(page));
    }

    #[test]
    fn a_longer_closing_fence_and_crlf_endings() {
        let page = "  ```journey\r\na\r\n```````\r\nafter";
        let fence = &find(page)[0];
        assert_eq!(fence.indent, 2);
        assert_eq!(fence.newline, "\r\n");
        assert_eq!(&page[fence.range.clone()], "  ```journey\r\na\r\n```````\r\n");
        assert!(fence.closed);
    }

    #[test]
    fn a_fence_left_open_runs_to_the_end() {
        let page = "```journey\na\nb";
        let fence = &find(page)[0];
        assert!(!fence.closed);
        assert_eq!(bodies(page), ["a\nb"]);
        assert_eq!(fence.range, 0..page.len());
    }

    #[test]
    fn html_blocks_as_commonmark_reads_them() {
        // A comment opening with non-ASCII text still hides what is in it.
        assert!(find("<!-- Карта -->\n<!-- éééé\n```journey\nx\n```\n-->\n").is_empty());
        // An ideographic space is no blank line: the div's block goes on.
        assert!(find("<div>\n\u{3000}\n```journey\nx\n```\n</div>\n").is_empty());
        // Inline tags in a paragraph are no HTML block: the fence interrupts the paragraph.
        assert_eq!(bodies("<kbd>x</kbd>\n```journey\ny\n```\n"), ["y\n"]);
        // After a heading, a lone tag starts an HTML block, which hides the fence.
        assert!(find("# h\n<custom>\n```journey\ny\n```\n").is_empty());
    }

    #[test]
    fn a_closing_fence_must_match_its_character() {
        assert_eq!(bodies("```journey\na\n~~~\nb\n```\n"), ["a\n~~~\nb\n"]);
    }
}
