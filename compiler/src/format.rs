//! The formatter: one canonical layout for `.journey` files.
//!
//! Design. The concrete syntax tree (`syntax::cst`) holds every statement,
//! value and doc comment, but not the plain `// comments` (the grammar skips
//! them) nor the layout. So the formatter works from two inputs:
//!
//! - the CST, printed statement by statement, each value copied from the
//!   source through its span (strings keep their escapes, numbers their
//!   form; only the spaces inside a value such as `12.50   USD` are
//!   normalised);
//! - the comments, found by scanning the text (strings skipped, `///` left
//!   to the tree). Each comment is either *own-line* (nothing but spaces
//!   before it on its line) or *trailing*, in which case its *anchor* is
//!   the end of the last code before it on that line (`;` not counted).
//!
//! Printing walks the tree in source order with a cursor into the comments.
//! Before an entry, the comments that start before it are printed on their
//! own lines; before a block's `}`, the rest of the block's comments. When a
//! line of code is finished, a trailing comment whose anchor is the end of
//! that code (a value, a `{` or a `}`) is appended to it. Blank lines are
//! decided from source line numbers: one blank line wherever the source had
//! at least one between two printed items, never after `{`, before `}` or
//! after a doc comment.
//!
//! The file is formatted only when it has no syntax error, and the result is
//! checked before it is returned: it must read back as the same tree with
//! the same comments, so a formatter bug can never change a file's meaning.

use crate::diagnostic::Code;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::cst::{Arg, Block, Entry, Quantity, Statement, Value};
use crate::syntax::parse;
use std::fmt;

/// Blocks are printed on one line only if that line fits in this many columns.
pub const MAX_WIDTH: usize = 120;

const INDENT: &str = "  ";

/// Why a file was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// Formats one file. `Err` when the file has syntax errors (the formatter
/// never touches broken files).
pub fn format(text: &str) -> Result<String, FormatError> {
    // The byte-order mark is dropped (UTF-8 needs none). The grammar reads
    // one; a second is junk, an error in the file, so it must not become
    // the one the grammar skips here (found by the fuzzer).
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.starts_with('\u{FEFF}') {
        return Err(FormatError { message: "the file has syntax errors; fix them first (line 1: a second byte-order mark)".into() });
    }
    let parsed = parse(FileId(0), text);
    let source = SourceFile::new(Default::default(), text.to_string());
    let first_error =
        parsed.diagnostics.iter().filter(|d| matches!(d.code, Code::Syntax | Code::UnreadableSource)).min_by_key(|d| d.primary.span.start);
    if let Some(error) = first_error {
        let (line, _) = source.human_position(error.primary.span.start as usize);
        return Err(FormatError { message: format!("the file has syntax errors; fix them first (line {line}: {})", error.message) });
    }
    let comments = scan_comments(text);
    let mut printer = Printer { text, source: &source, comments: &comments, next: 0, out: String::with_capacity(text.len() + 64) };
    printer.body(&parsed.cst, 0, text.len())?;
    let out = printer.out;
    verify(&parsed.cst, &comments, &out)?;
    Ok(out)
}

/// One `// comment`, without its trailing whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Comment<'t> {
    start: usize,
    text: &'t str,
    /// For a comment after code on the same line: the end of that code.
    anchor: Option<usize>,
}

/// The `//` comments of a file, without `///` doc comments (exactly three
/// slashes; `////` is a plain comment, as in the grammar): those are statements.
fn scan_comments(text: &str) -> Vec<Comment<'_>> {
    let bytes = text.as_bytes();
    crate::syntax::scan::comments(text)
        .into_iter()
        .filter(|comment| !(bytes.get(comment.start + 2) == Some(&b'/') && bytes.get(comment.start + 3) != Some(&b'/')))
        .map(|comment| Comment {
            start: comment.start,
            // Trimmed of the blanks the grammar skips and no more: a trailing
            // form feed is text (and W0006), which formatting must keep.
            text: text[comment.clone()].trim_end_matches([' ', '\t']),
            anchor: anchor(bytes, comment.start),
        })
        .collect()
}

/// The end of the code before a comment on its line, if there is any.
fn anchor(bytes: &[u8], comment: usize) -> Option<usize> {
    let mut i = comment;
    while i > 0 {
        match bytes[i - 1] {
            b' ' | b'\t' | b';' => i -= 1,
            b'\n' | b'\r' => return None,
            _ => return Some(i),
        }
    }
    None
}

struct Printer<'a, 't> {
    text: &'t str,
    source: &'a SourceFile,
    comments: &'a [Comment<'t>],
    /// The first comment not printed yet.
    next: usize,
    out: String,
}

/// Where the previous printed item of a block ended, for blank lines.
#[derive(Clone, Copy)]
struct Previous {
    line: usize,
    doc: bool,
}

impl Printer<'_, '_> {
    fn line_of(&self, offset: usize) -> usize {
        self.source.line_col(offset).0
    }

    /// Prints the entries of a block (or of the file) and the comments among
    /// them, up to `end`: the block's `}` or the end of the file.
    fn body(&mut self, block: &Block, depth: usize, end: usize) -> Result<(), FormatError> {
        let mut previous: Option<Previous> = None;
        for entry in &block.entries {
            let start = match entry {
                Entry::Doc { span, .. } => span.start as usize,
                Entry::Statement(statement) => statement.span.start as usize,
                Entry::Error { .. } => return Err(unreadable()),
            };
            self.own_line_comments(start, depth, &mut previous);
            self.blank_line(previous, start);
            match entry {
                Entry::Doc { text, .. } => {
                    let doc = if text.is_empty() { "///".to_string() } else { format!("/// {text}") };
                    self.indent(depth);
                    self.out.push_str(&doc);
                    self.out.push('\n');
                    previous = Some(Previous { line: self.line_of(start), doc: true });
                }
                Entry::Statement(statement) => {
                    self.statement(statement, depth)?;
                    previous = Some(Previous { line: self.line_of(code_end(statement)), doc: false });
                }
                Entry::Error { .. } => return Err(unreadable()),
            }
        }
        self.own_line_comments(end, depth, &mut previous);
        Ok(())
    }

    /// Prints, each on its own line, the comments that start before `limit`.
    /// A trailing comment that found no line to end ends up here too rather
    /// than being lost.
    fn own_line_comments(&mut self, limit: usize, depth: usize, previous: &mut Option<Previous>) {
        while let Some(comment) = self.comments.get(self.next).filter(|c| c.start < limit) {
            self.next += 1;
            self.blank_line(*previous, comment.start);
            self.indent(depth);
            self.out.push_str(comment.text);
            self.out.push('\n');
            *previous = Some(Previous { line: self.line_of(comment.start), doc: false });
        }
    }

    /// One blank line before an item at `start` if the source had any.
    fn blank_line(&mut self, previous: Option<Previous>, start: usize) {
        if let Some(previous) = previous {
            if !previous.doc && self.line_of(start) > previous.line + 1 {
                self.out.push('\n');
            }
        }
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    /// Prints a line of code whose last token ends at `code_end` in the
    /// source, with the comment that trails that token.
    fn code_line(&mut self, depth: usize, code: &str, code_end: usize) {
        self.indent(depth);
        self.out.push_str(code);
        if let Some(comment) = self.comments.get(self.next).filter(|c| c.anchor == Some(code_end)) {
            self.next += 1;
            self.out.push(' ');
            self.out.push_str(comment.text);
        }
        self.out.push('\n');
    }

    fn statement(&mut self, statement: &Statement, depth: usize) -> Result<(), FormatError> {
        if statement.bad_tail.is_some() {
            return Err(unreadable());
        }
        let head = self.head(statement);
        let Some(block) = &statement.block else {
            self.code_line(depth, &head, code_end(statement));
            return Ok(());
        };
        let (Some(open), Some(close)) = (block.open, block.close) else { return Err(unreadable()) };
        let comment_inside = self.comments.get(self.next).is_some_and(|c| c.start < close.start as usize);
        if block.entries.is_empty() && !comment_inside {
            self.code_line(depth, &format!("{head} {{}}"), close.end as usize);
            return Ok(());
        }
        if !comment_inside {
            if let Some(inline) = self.inline(block, open, close, depth, &head) {
                self.code_line(depth, &inline, close.end as usize);
                return Ok(());
            }
        }
        self.code_line(depth, &format!("{head} {{"), open.end as usize);
        self.body(block, depth + 1, close.start as usize)?;
        self.code_line(depth, "}", close.end as usize);
        Ok(())
    }

    /// `head { a; b; c }`, when the block was written on one line, holds only
    /// plain statements and fits.
    fn inline(&self, block: &Block, open: Span, close: Span, depth: usize, head: &str) -> Option<String> {
        if self.line_of(open.start as usize) != self.line_of(close.start as usize) {
            return None;
        }
        let mut parts = Vec::with_capacity(block.entries.len());
        for entry in &block.entries {
            match entry {
                Entry::Statement(statement) if statement.block.is_none() => parts.push(self.head(statement)),
                _ => return None,
            }
        }
        let line = format!("{head} {{ {} }}", parts.join("; "));
        (depth * INDENT.len() + line.chars().count() <= MAX_WIDTH).then_some(line)
    }

    /// The keyword and the values: `channel web, email`.
    fn head(&self, statement: &Statement) -> String {
        let mut head = statement.keyword.to_string();
        for arg in &statement.args {
            head.push_str(if arg.comma { ", " } else { " " });
            head.push_str(&self.value_text(arg));
        }
        head
    }

    /// A value as written, without its comma; spaces inside it (only
    /// `12.50   USD` can have any) become one.
    fn value_text(&self, arg: &Arg) -> String {
        let written = self.text.get(arg.span.range()).unwrap_or("");
        let written = if arg.comma { written.trim_start_matches(',').trim_start_matches([' ', '\t']) } else { written };
        if matches!(arg.value, Value::String(_)) {
            return written.to_string();
        }
        written.split([' ', '\t']).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// Where a statement's code ends: its `}`, its last value or its keyword.
fn code_end(statement: &Statement) -> usize {
    if let Some(close) = statement.block.as_ref().and_then(|b| b.close) {
        return close.end as usize;
    }
    match statement.args.last() {
        Some(arg) => arg.span.end as usize,
        None => statement.keyword_span.end as usize,
    }
}

/// Only reachable if the parser reported no syntax error for broken text.
fn unreadable() -> FormatError {
    FormatError { message: "the file has syntax errors; fix them first".into() }
}

/// Checks that the output reads back as the same tree with the same comments.
fn verify(tree: &Block, comments: &[Comment<'_>], out: &str) -> Result<(), FormatError> {
    let reparsed = parse(FileId(0), out);
    let clean = !reparsed.diagnostics.iter().any(|d| matches!(d.code, Code::Syntax | Code::UnreadableSource));
    let same_comments = scan_comments(out).iter().map(|c| c.text).eq(comments.iter().map(|c| c.text));
    if clean && same_comments && same_block(tree, &reparsed.cst) {
        Ok(())
    } else {
        Err(FormatError {
            message: "internal error: formatting would change the file's meaning, so it was left as it is; please report this".into(),
        })
    }
}

/// Whether two trees say the same thing, spans aside.
fn same_block(a: &Block, b: &Block) -> bool {
    a.entries.len() == b.entries.len() && a.entries.iter().zip(&b.entries).all(|(a, b)| same_entry(a, b))
}

fn same_entry(a: &Entry, b: &Entry) -> bool {
    match (a, b) {
        (Entry::Doc { text: a, .. }, Entry::Doc { text: b, .. }) => a == b,
        (Entry::Statement(a), Entry::Statement(b)) => {
            a.keyword == b.keyword
                && a.bad_tail.is_none()
                && b.bad_tail.is_none()
                && a.args.len() == b.args.len()
                && a.args.iter().zip(&b.args).all(|(a, b)| a.comma == b.comma && without_spans(&a.value) == without_spans(&b.value))
                && match (&a.block, &b.block) {
                    (None, None) => true,
                    (Some(a), Some(b)) => same_block(a, b),
                    _ => false,
                }
        }
        _ => false,
    }
}

fn without_spans(value: &Value) -> Value {
    let quantity = |q: &Quantity| Quantity { span: Span::default(), ..q.clone() };
    match value {
        Value::Quantity(q) => Value::Quantity(quantity(q)),
        Value::Range(range) => Value::Range(Box::new((quantity(&range.0), quantity(&range.1)))),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(text) {
            Ok(out) => out,
            Err(error) => panic!("{}\n--- input:\n{text}", error.message),
        }
    }

    #[test]
    fn comments_skip_strings_and_doc_comments() {
        let found = scan_comments("goal \"a // b\" // c\n/// doc\n//// four\n  // own\n");
        let texts: Vec<_> = found.iter().map(|c| c.text).collect();
        assert_eq!(texts, ["// c", "//// four", "// own"]);
        assert_eq!(found[0].anchor, Some(13));
        assert_eq!(found[1].anchor, None);
        assert_eq!(found[2].anchor, None);
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        let texts: Vec<_> = scan_comments(r#"goal "say \"// hi\" now" // real"#).iter().map(|c| c.text).collect();
        assert_eq!(texts, ["// real"]);
    }

    #[test]
    fn anchors_skip_semicolons() {
        assert_eq!(anchor(b"a; // c", 3), Some(1));
        assert_eq!(anchor(b"x\n ; // c", 5), None);
    }

    #[test]
    fn indents_and_normalises_spacing() {
        let out = fmt("journey   j \"J\"{\nstage s \"S\"{\n\t\tstep a \"A\"  {  channel web ,email;feels happy   }\n}}");
        assert_eq!(out, "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" { channel web, email; feels happy }\n  }\n}\n");
    }

    #[test]
    fn values_keep_their_form() {
        assert_eq!(
            fmt("kpi k \"K\" {\n target >= 12.50   USD\n actual $9.5\n scale -100..100\n}\n"),
            "kpi k \"K\" {\n  target >= 12.50 USD\n  actual $9.5\n  scale -100..100\n}\n"
        );
        assert_eq!(fmt("goal \"a\\u{1F600}  \\\"b\\\"\"\n"), "goal \"a\\u{1F600}  \\\"b\\\"\"\n");
    }

    #[test]
    fn semicolons_split_outside_inline_blocks() {
        assert_eq!(fmt("team a \"A\"; team b \"B\"\n"), "team a \"A\"\nteam b \"B\"\n");
    }

    #[test]
    fn blocks_stay_inline_only_when_they_were_and_fit() {
        assert_eq!(fmt("x {\n a; b\n}\n"), "x {\n  a\n  b\n}\n");
        assert_eq!(fmt("x { a { b } }\n"), "x {\n  a { b }\n}\n");
        assert_eq!(fmt("x {\n\n}\n"), "x {}\n");
        // `x { goal "…" }` is 13 columns plus the string's text.
        let fits = format!("x {{ goal \"{}\" }}\n", "w".repeat(107));
        assert_eq!(fmt(&fits), fits);
        let long = format!("x {{ goal \"{}\" }}\n", "w".repeat(108));
        assert_eq!(fmt(&long), format!("x {{\n  goal \"{}\"\n}}\n", "w".repeat(108)));
    }

    #[test]
    fn blank_lines_collapse_to_one_and_never_open_or_close_a_block() {
        let out = fmt("\n\na\n\n\n\nb {\n\n  c\n\n}\n\n\n");
        assert_eq!(out, "a\n\nb {\n  c\n}\n");
    }

    #[test]
    fn comments_stay_where_they_were() {
        let input = "// head\n\nx { // open\n  // first\n  a 1 // one\n\n  // before close\n} // after\n// tail\n";
        assert_eq!(fmt(input), input);
        assert_eq!(fmt("x {   //  open  \n}\n"), "x { //  open\n}\n");
        assert_eq!(fmt("a; b // on b\n"), "a\nb // on b\n");
    }

    #[test]
    fn doc_comments_sit_directly_above_their_statement() {
        assert_eq!(fmt("///doc\n\nteam a \"A\"\n///\nteam b\n"), "/// doc\nteam a \"A\"\n///\nteam b\n");
    }

    #[test]
    fn bom_and_crlf_are_dropped() {
        assert_eq!(fmt("\u{FEFF}team a \"A\" // c\r\n\r\nteam b\r\n"), "team a \"A\" // c\n\nteam b\n");
    }

    #[test]
    fn empty_files_stay_empty() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n \n"), "");
        assert_eq!(fmt("// only\n"), "// only\n");
    }

    #[test]
    fn syntax_errors_are_refused() {
        let error = format("team a \"A\"\npersona \"x\n").unwrap_err();
        assert!(error.message.starts_with("the file has syntax errors; fix them first (line 2: "), "{}", error.message);
        assert!(format("x {\n").is_err());
        assert!(format(&"{".repeat(100)).is_err());
    }

    #[test]
    fn unknown_keywords_are_still_formatted() {
        assert_eq!(fmt("thinkz   \"x\"\n"), "thinkz \"x\"\n");
    }
}
