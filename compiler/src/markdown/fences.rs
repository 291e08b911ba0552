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
//! - List items are followed as CommonMark has them (`-`, `+`, `*`, `1.`,
//!   `1)`, nested, a fence on the marker's own line): a fence in an item is
//!   indented as the item's content, at most three spaces further in, and
//!   ends where the item ends. A paragraph goes on lazily into a line not
//!   indented for its item; a fence never does.
//! - Block quotes are read as paragraphs: a fence in one is not looked at.

use std::ops::Range;

/// One ```` ```journey ```` fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The whole fence, from its opening marks (after the indentation and
    /// any list marker before them) to the end of its closing line (its
    /// line ending included).
    pub range: Range<usize>,
    /// The text after the word `journey` on the opening line: the options.
    pub info: Range<usize>,
    /// The lines between the fence lines, as written.
    pub body: Range<usize>,
    /// The column of the opening fence's first mark (0 to 3 at the top of
    /// the page, further in under a list item). The range starts there.
    pub indent: usize,
    /// The opening line's ending (`"\n"`, `"\r\n"` or `""` at the end of the page).
    pub newline: &'static str,
    /// False when the page, or the fence's list item, ends before a closing fence.
    pub closed: bool,
    /// Where the fence's list item ended it: the start of the first line
    /// not indented for the item, and the column the item's content starts at.
    pub cut_at: Option<(usize, usize)>,
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

/// The column and byte of the first character after the spaces and tabs
/// that follow byte `at` (at column `column`); a tab reaches the next
/// multiple of four.
fn skip_spaces(line: &str, at: usize, column: usize) -> (usize, usize) {
    let mut columns = column;
    for (i, c) in line[at..].char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, at + i),
        }
    }
    (columns, line.len())
}

/// A fence's opening or closing marks at the start of `rest`: its
/// character, its length and where the text after them starts.
fn fence_marks(rest: &str) -> Option<(u8, usize, usize)> {
    let mark = *rest.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let length = rest.bytes().take_while(|&b| b == mark).count();
    (length >= 3).then_some((mark, length, length))
}

/// A list item's marker at the start of `rest` (`-`, `+`, `*`, or up to
/// nine digits and `.` or `)`), followed by a space, a tab or the line's
/// end: its length in bytes, and whether an item it starts may interrupt
/// a paragraph (not empty, and an ordered one numbered 1).
fn list_marker(rest: &str) -> Option<(usize, bool)> {
    let bytes = rest.as_bytes();
    let (length, first) = match bytes.first()? {
        b'-' | b'+' | b'*' => (1, true),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            (digits + 1, &rest[..digits] == "1")
        }
        _ => return None,
    };
    let after = &rest[length..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((length, first && !is_blank(after)))
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
/// `rest` is the line after its indentation (three spaces at most).
fn html_start(rest: &str, in_paragraph: bool) -> Option<HtmlEnd> {
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
    let close = lines[1..].iter().position(|l| closings.contains(&text[l.start..l.end].trim_end()))? + 1;
    // A page may open with a rule (`---`) too: front matter starts with a
    // key (`title: …`, `title = …`), as the sites that read it want it.
    let first = lines[1..close].iter().map(|l| text[l.start..l.end].trim()).find(|l| !l.is_empty() && !l.starts_with('#'));
    let key = |word: &str| !word.trim().is_empty() && word.chars().all(|c| c.is_alphanumeric() || "_-. \"'".contains(c));
    let starts_with_key = |line: &str| match opening {
        "---" => line.split_once(':').is_some_and(|(k, value)| key(k) && (value.is_empty() || value.starts_with([' ', '\t']))),
        _ => line.starts_with('[') || line.split_once('=').is_some_and(|(k, _)| key(k)),
    };
    first.is_none_or(starts_with_key).then(|| lines[close].next)
}
/// Whether a line (after its indentation, at most three spaces further in
/// than its container's content) starts a block, and so can't carry a
/// paragraph on lazily into a list item it isn't indented for.
fn starts_block(rest: &str) -> bool {
    fence_marks(rest).is_some()
        || is_heading_or_break(rest)
        || rest.starts_with('>')
        || html_start(rest, true).is_some()
        || list_marker(rest).is_some_and(|(_, may_interrupt)| may_interrupt)
}

/// Every ```` ```journey ```` fence of the page, in order.
pub fn find(text: &str) -> Vec<Fence> {
    let lines = lines(text);
    let line_text = |j: usize| &text[lines[j].start..lines[j].end];
    let mut fences = Vec::new();
    let mut i = 0;
    if let Some(end) = front_matter_end(text, &lines) {
        i = lines.iter().position(|l| l.start >= end).unwrap_or(lines.len());
    }
    // The column where the content of each open list item starts, outermost first.
    let mut items: Vec<usize> = Vec::new();
    let mut in_paragraph = false;
    'lines: while i < lines.len() {
        let line = line_text(i);
        if is_blank(line) {
            in_paragraph = false;
            i += 1;
            continue;
        }
        let (mut columns, mut at) = skip_spaces(line, 0, 0);
        // The items this line is indented for stay open; the others end,
        // unless the line carries a paragraph on (CommonMark's laziness).
        let kept = items.iter().take_while(|&&content| columns >= content).count();
        if kept < items.len() {
            let base = if kept == 0 { 0 } else { items[kept - 1] };
            if in_paragraph && (columns - base > 3 || !starts_block(&line[at..])) {
                i += 1;
                continue;
            }
            items.truncate(kept);
            in_paragraph = false;
        }
        // The line's blocks, left to right: list markers, then what follows them.
        loop {
            let base = items.last().copied().unwrap_or(0);
            let rest = &line[at..];
            if columns - base > 3 || rest.is_empty() {
                // Indented code, or a paragraph going on; or an empty list item.
                break;
            }
            if is_heading_or_break(rest) {
                // A block of its own, not the start of a paragraph (and `- - -` is no list).
                in_paragraph = false;
                break;
            }
            if let Some((length, may_interrupt)) = list_marker(rest) {
                if !in_paragraph || may_interrupt {
                    let marker_end = columns + length;
                    let (content, content_at) = skip_spaces(line, at + length, marker_end);
                    // Five spaces or more after the marker: the item holds indented code, one space in.
                    let blank_or_code = content_at == line.len() || content - marker_end > 4;
                    items.push(if blank_or_code { marker_end + 1 } else { content });
                    in_paragraph = false;
                    (columns, at) = (content, content_at);
                    continue;
                }
            }
            if let Some((mark, length, after_marks)) = fence_marks(rest) {
                let info_start = at + after_marks;
                let info = &line[info_start..];
                if mark == b'`' && info.contains('`') {
                    // Not a fence: inline code in a paragraph.
                    in_paragraph = true;
                    break;
                }
                // The fence ends at its closing line, or where its list item ends.
                let mut last = lines.len() - 1;
                let mut closed = false;
                let mut cut_at = None;
                for (j, _) in lines.iter().enumerate().skip(i + 1) {
                    let body_line = line_text(j);
                    if is_blank(body_line) {
                        continue;
                    }
                    let (c, a) = skip_spaces(body_line, 0, 0);
                    if c < base {
                        (last, cut_at) = (j - 1, Some((lines[j].start, base)));
                        break;
                    }
                    let closes = fence_marks(&body_line[a..])
                        .is_some_and(|(m, n, after)| m == mark && n >= length && is_blank(&body_line[a + after..]));
                    if c - base <= 3 && closes {
                        (last, closed) = (j, true);
                        break;
                    }
                }
                let word = info.trim_start().split(char::is_whitespace).next().unwrap_or("");
                if word == "journey" {
                    let open = lines[i];
                    let leading = info.len() - info.trim_start().len();
                    let info_at = open.start + info_start + leading + "journey".len();
                    let body_start = open.next.min(lines[last].next);
                    let body_end = if closed { lines[last].start } else { lines[last].next };
                    let newline = match &text[open.end..open.next] {
                        "\r\n" => "\r\n",
                        "\n" => "\n",
                        "\r" => "\r",
                        _ => "",
                    };
                    fences.push(Fence {
                        range: open.start + at..lines[last].next,
                        info: info_at..open.end,
                        body: body_start..body_end.max(body_start),
                        indent: columns,
                        newline,
                        closed,
                        cut_at,
                    });
                }
                in_paragraph = false;
                i = last + 1;
                continue 'lines;
            }
            if let Some(end) = html_start(rest, in_paragraph) {
                // It ends at its own end, or where its list item ends.
                let outside = |j: usize| !is_blank(line_text(j)) && skip_spaces(line_text(j), 0, 0).0 < base;
                let ends_at = match end {
                    // The end may be on the opening line itself.
                    HtmlEnd::Contains(needle) => (i..lines.len())
                        .find(|&j| (j > i && outside(j)) || line_text(j).to_ascii_lowercase().contains(needle))
                        .map_or(lines.len() - 1, |j| if j > i && outside(j) { j - 1 } else { j }),
                    HtmlEnd::BlankLine => (i + 1..lines.len())
                        .find(|&j| is_blank(line_text(j)) || outside(j))
                        .map_or(lines.len(), |j| j - usize::from(outside(j))),
                };
                in_paragraph = false;
                i = ends_at + 1;
                continue 'lines;
            }
            // A paragraph (or a block quote, read as one).
            in_paragraph = true;
            break;
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
        assert_eq!(&page[fence.range.clone()], "```journey\r\na\r\n```````\r\n");
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
    fn fences_in_list_items_as_commonmark_has_them() {
        // Under `-`, `10.` and a nested item, indented for each; on the marker's own line.
        let page =
            "1. a\n   - b\n\n     ```journey\n     x\n     ```\n\n10. c\n\n    ~~~journey\n    y\n    ~~~\n\n- ```journey\n  z\n  ```\n";
        assert_eq!(bodies(page), ["     x\n", "    y\n", "  z\n"]);
        let fences = find(page);
        assert_eq!(fences.iter().map(|f| f.indent).collect::<Vec<_>>(), [5, 4, 2]);
        assert!(page[fences[2].range.start..].starts_with("```journey"));
        // Four spaces in for Python-Markdown's lists (`-   item`).
        assert_eq!(bodies("-   item\n\n    ```journey\n    x\n    ```\n"), ["    x\n"]);
        // Four spaces further in than the item's content is code, not a fence.
        assert!(find("- item\n\n      ```journey\n      x\n      ```\n").is_empty());
        // A map line not indented for the item ends the item, and the fence with it.
        let open = &find("- a\n  ```journey\nx\n  ```\n")[0];
        assert!(!open.closed);
        // After the list, a fence at the page's own level.
        assert_eq!(bodies("- a\n\n```journey\nq\n```\n"), ["q\n"]);
        // A paragraph goes on lazily; `- - -` is a rule, not an item.
        assert_eq!(bodies("- a\nlazy\n  ```journey\n  w\n  ```\n- - -\n    ```journey\n    no\n    ```\n"), ["  w\n"]);
    }

    #[test]
    fn front_matter_starts_with_a_key_a_rule_does_not() {
        assert!(find("---\ntitle: Visit\n---\n```journey\nx\n```\n").len() == 1);
        assert!(find("---\ntitle: x\n```journey\ny\n```\n---\n").is_empty(), "inside front matter");
        assert!(find("+++\ntitle = \"x\"\n```journey\ny\n```\n+++\n").is_empty(), "inside TOML front matter");
        // A page opening with a rule, a heading and a map, and a rule further down.
        assert_eq!(bodies("---\n\n# Title\n\n```journey file=m.journey\n```\n\n---\n\nEnd\n"), [""]);
        assert_eq!(bodies("---\nSee `x`: below.\n```journey\ny\n```\n---\n"), ["y\n"]);
    }

    #[test]
    fn a_closing_fence_must_match_its_character() {
        assert_eq!(bodies("```journey\na\n~~~\nb\n```\n"), ["a\n~~~\nb\n"]);
    }
}
