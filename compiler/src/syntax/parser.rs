//! Text → concrete syntax tree, with pest.
//!
//! The grammar never fails: broken text is matched by its `bad_*` rules and
//! turned into syntax diagnostics here, so one mistake never hides the rest
//! of the file. Before pest runs, `scan` checks the nesting depth of `{`
//! (pest is a recursive parser: 100,000 nested braces must give an error, not
//! a stack overflow; the workspace refuses oversized files).

use super::cst::{Arg, Block, Entry, Operator, Quantity, Statement, Suffix, Value};
use super::scan::{too_deep, MAX_DEPTH};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::iterators::{Pair, Pairs};
use pest::Parser;
use smol_str::SmolStr;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/journey.pest"]
struct JourneyParser;

/// Parses one file. Always returns a tree (possibly partial) and the syntax
/// problems found.
pub fn parse(file: FileId, text: &str) -> (Block, Vec<Diagnostic>) {
    if let Some(span) = too_deep(text) {
        let diagnostic =
            Diagnostic::new(Code::UnreadableSource, file, span, format!("blocks are nested more than {MAX_DEPTH} levels deep"))
                .label("this `{` is too deep")
                .help("a journey needs four levels at most (journey → stage → step → opportunity); check for a run of unclosed `{`");
        return (Block::default(), vec![diagnostic]);
    }
    let scratch = Diagnostic::new(Code::Syntax, file, Span::default(), "");
    let mut builder = Builder { file, text, diagnostics: Vec::new(), dropped: 0, scratch, hidden_escapes: Vec::new() };
    let block = match JourneyParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file_pair = pairs.next().expect("the `file` rule always produces one pair");
            builder.block(file_pair.into_inner(), None)
        }
        Err(error) => {
            // The grammar has a fallback for every character, so this is a bug
            // in the grammar; still say something useful instead of panicking.
            let offset = match error.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            let expected = match &error.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    positives.iter().map(|r| rule_name(*r)).collect::<Vec<_>>().join(", ")
                }
                pest::error::ErrorVariant::CustomError { message } => message.clone(),
            };
            builder.diagnostics.push(Diagnostic::new(Code::Syntax, file, Span::new(offset, offset), format!("expected {expected}")));
            Block::default()
        }
    };
    if builder.dropped > 0 {
        let first_dropped = builder.scratch.primary.span;
        let note = Diagnostic::new(Code::Syntax, file, first_dropped, format!("{} more syntax errors not shown", builder.dropped))
            .label("the first of them")
            .help("fix the ones above first: one mistake often causes many");
        builder.diagnostics.push(note);
    }
    let mut diagnostics = builder.diagnostics;
    diagnostics.extend(super::hidden::escape_warnings(file, &builder.hidden_escapes));
    (block, diagnostics)
}

/// What every rule is called in messages. Exhaustive on purpose: a new rule
/// must get a name a person can read.
pub fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::file => "a Journey file",
        Rule::body => "statements",
        Rule::block => "a `{ … }` block",
        Rule::close_brace => "`}`",
        Rule::statement => "a statement",
        Rule::keyword => "a keyword",
        Rule::comma => "`,`",
        Rule::doc_comment => "a `///` doc comment",
        Rule::value => "a value",
        Rule::range => "a range like `1..5`",
        Rule::quantity => "a number",
        Rule::currency_symbol => "a currency sign",
        Rule::number => "a number",
        Rule::unit => "a unit",
        Rule::iso_currency => "a currency code like `USD`",
        Rule::operator => "a comparison like `>=`",
        Rule::identifier => "a name",
        Rule::identifier_char => "a letter, digit, `_` or `-`",
        Rule::string => "a string in double quotes",
        Rule::escape => "an escape like `\\n`",
        Rule::bad_statement | Rule::bad_tail | Rule::bad_token | Rule::bad_char => "a value or the end of the line",
        Rule::line_char => "a character",
        Rule::string_char => "a character of a string",
        Rule::bad_escape_string | Rule::bad_string => "a string in double quotes",
        Rule::bad_unclosed => "`}`",
        Rule::bad_close => "a statement",
        Rule::gap => "a line break or `;`",
        Rule::values_end => "the end of the line",
        Rule::value_start => "a value",
        Rule::space => "a space",
        Rule::comment => "a comment",
        Rule::numeric => "a number",
        Rule::bom => "a byte-order mark",
        Rule::blank => "a space",
        Rule::EOI => "the end of the file",
    }
}

struct Builder<'t> {
    file: FileId,
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
    /// Syntax errors past [`MAX_SYNTAX_ERRORS`], counted but not kept.
    dropped: usize,
    /// Where dropped errors are written; keeps the first one's place for the note.
    scratch: Diagnostic,
    /// `\u{…}` escapes that spell a hidden character (W0006, capped apart
    /// from the syntax errors).
    hidden_escapes: Vec<(Span, char)>,
}

/// A file reports at most this many syntax errors, then says how many more.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// The spaces the grammar skips inside and between statements (`blank`):
/// exactly these, so that a message never trims away the junk it is about.
const BLANKS: [char; 2] = [' ', '\t'];

impl<'t> Builder<'t> {
    /// The file span of a pair.
    fn span(&self, span: pest::Span<'_>) -> Span {
        Span::new(span.start(), span.end())
    }

    fn error(&mut self, span: Span, message: String) -> &mut Diagnostic {
        // Past the cap, further errors go to a scratch diagnostic nobody sees:
        // a thousand copies of the same mistake help no one.
        debug_assert!(span.start <= span.end && span.end as usize <= self.text.len(), "{span:?} is outside the file");
        if self.diagnostics.len() >= MAX_SYNTAX_ERRORS {
            self.dropped += 1;
            if self.dropped == 1 {
                self.scratch = Diagnostic::new(Code::Syntax, self.file, span, message);
            } else {
                self.scratch.message = message;
            }
            return &mut self.scratch;
        }
        self.diagnostics.push(Diagnostic::new(Code::Syntax, self.file, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Builds a block from the pairs inside `file` or `block`.
    fn block(&mut self, pairs: Pairs<'_, Rule>, open: Option<Span>) -> Block {
        // Sized up front (the pairs are counted already): a 10,000-step
        // journey would otherwise spend a tenth of its parse regrowing vectors.
        let mut block = Block { entries: Vec::with_capacity(pairs.len()), open, close: None };
        for pair in pairs {
            match pair.as_rule() {
                Rule::doc_comment => {
                    let start = pair.as_span().start();
                    let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                    if !self.text[line_start..start].trim_matches([' ', '\t', '\u{FEFF}']).is_empty() {
                        self.error(self.span(pair.as_span()), "a `///` doc comment must be on a line of its own".into()).help =
                            Some("put it on the line above the declaration it documents, or write `//` for a plain comment".into());
                    }
                    let text = pair.as_str().trim_start_matches("///");
                    let text = text.strip_prefix(' ').unwrap_or(text).trim_end_matches(BLANKS).to_string();
                    block.entries.push(Entry::Doc { text, span: self.span(pair.as_span()) });
                }
                Rule::statement => block.entries.push(Entry::Statement(self.statement(pair))),
                Rule::bad_statement => {
                    let span = self.span(pair.as_span());
                    let start = pair.as_span().start();
                    // The junk is everything before the block, if there is one
                    // (`bad_token` is silent, so only the block shows as a child).
                    let mut inner = None;
                    let mut junk_end = pair.as_span().end();
                    for child in pair.into_inner() {
                        if child.as_rule() == Rule::block {
                            junk_end = child.as_span().start();
                            inner = Some(self.nested_block(child));
                        }
                    }
                    // Trimmed of the blanks the grammar skips, and no more: a
                    // vertical tab or a no-break space is junk to report, not space.
                    let found = self.text[start..junk_end].trim_end_matches(BLANKS);
                    if found.is_empty() {
                        let brace = Span::new(junk_end, junk_end + 1);
                        self.error(brace, "expected a keyword before `{`".into()).primary.message =
                            "this block belongs to no statement".into();
                    } else {
                        let junk = Span::new(start, start + found.len());
                        let message = if found.starts_with('"') && found.ends_with('"') && found.len() > 1 {
                            format!("expected a keyword, found the string {}", short(found))
                        } else {
                            format!("expected a keyword, found `{}`", short(found))
                        };
                        let diagnostic = self.error(junk, message);
                        diagnostic.primary.message = "a statement starts with a word like `step` or `channel`".into();
                    }
                    block.entries.push(Entry::Error { span, block: inner });
                }
                Rule::close_brace => block.close = Some(self.span(pair.as_span())),
                Rule::bad_unclosed => {
                    let open = open.unwrap_or_default();
                    self.error(open, "this `{` is never closed".into()).help = Some("add a `}` where the block should end".into());
                }
                Rule::bad_close => {
                    self.error(self.span(pair.as_span()), "unexpected `}` with no `{` to close".into()).help =
                        Some("remove it, or add the `{` it was meant to close".into());
                }
                Rule::EOI => {}
                other => unreachable!("the grammar puts no {other:?} in a block"),
            }
        }
        block
    }

    fn nested_block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let start = pair.as_span().start();
        let open = Span::new(start, start + 1);
        self.block(pair.into_inner(), Some(open))
    }

    fn statement(&mut self, pair: Pair<'_, Rule>) -> Statement {
        let span = self.span(pair.as_span());
        let start = pair.as_span().start();
        // The keyword is silent in the grammar (one pair fewer per
        // statement): it is the run of name characters the statement starts with.
        let text = pair.as_str();
        let length = text.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-')).unwrap_or(text.len());
        let keyword = SmolStr::new(&text[..length]);
        let keyword_span = Span::new(start, start + length);
        let inner = pair.into_inner();
        let args = Vec::with_capacity(inner.len());
        let mut statement = Statement { keyword, keyword_span, args, bad_tail: None, block: None, span };
        let mut comma_at: Option<usize> = None;
        for child in inner {
            match child.as_rule() {
                Rule::comma => comma_at = Some(child.as_span().start()),
                Rule::bad_tail => {
                    statement.bad_tail = Some(self.span(child.as_span()));
                    self.report_tail(&statement.keyword, child);
                }
                Rule::block => statement.block = Some(self.nested_block(child)),
                _ => {
                    let value_span = child.as_span();
                    let start = comma_at.take().unwrap_or(value_span.start());
                    let comma = start != value_span.start();
                    let value = self.value(child);
                    statement.args.push(Arg { comma, value, span: Span::new(start, value_span.end()) });
                }
            }
        }
        statement
    }

    fn report_tail(&mut self, keyword: &str, tail: Pair<'_, Rule>) {
        let span = self.span(tail.as_span());
        let text = tail.as_str().trim_end_matches(BLANKS);
        if text.starts_with('"') {
            let closed = text.len() > 1 && text.ends_with('"');
            if closed {
                let diagnostic = self.error(span, format!("unknown escape in the string {}", short(text)));
                diagnostic.help = Some("a string may hold `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`; write `\\\\` for a backslash".into());
            } else {
                let diagnostic = self.error(span, "this string is never closed".into());
                diagnostic.primary.message = "add a `\"` before the end of the line".into();
                diagnostic.help = Some("a string can't span lines; write `\\n` for a line break".into());
            }
            return;
        }
        let diagnostic = self.error(span, format!("unexpected `{}` after `{keyword}`", short(text)));
        diagnostic.primary.message = "expected a value, `{` or the end of the line".into();
        diagnostic.help = Some("values are names, \"strings\", numbers like `12%`, `2h` or `$5`, and ranges like `1..5`; put each statement on its own line or separate them with `;`".into());
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        match pair.as_rule() {
            Rule::identifier => Value::Identifier(SmolStr::new(pair.as_str())),
            Rule::string => {
                let text = pair.as_str();
                Value::String(self.unescape(pair.as_span().start() + 1, &text[1..text.len() - 1]))
            }
            Rule::quantity => Value::Quantity(quantity(self.span(pair.as_span()), pair.as_str())),
            Rule::range => {
                let mut inner = pair.into_inner();
                let quantity_of = |pair: Option<Pair<'_, Rule>>| {
                    let pair = pair.expect("a range has a start and an end");
                    quantity(self.span(pair.as_span()), pair.as_str())
                };
                let low = quantity_of(inner.next());
                let high = quantity_of(inner.next());
                Value::Range(Box::new((low, high)))
            }
            Rule::operator => Value::Operator(match pair.as_str() {
                ">=" => Operator::AtLeast,
                "<=" => Operator::AtMost,
                ">" => Operator::Above,
                "<" => Operator::Below,
                _ => Operator::Equal,
            }),
            other => unreachable!("the grammar has no {other:?} value"),
        }
    }

    /// Resolves the escapes of a string's content (which starts at `base`).
    fn unescape(&mut self, base: usize, raw: &str) -> SmolStr {
        if !raw.contains('\\') {
            return SmolStr::new(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'u')) => {
                    let rest = &raw[i + 2..];
                    let end = rest.find('}').unwrap_or(rest.len());
                    let hex = rest.get(1..end).unwrap_or("");
                    let escape_len = 2 + end + 1;
                    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => {
                            if crate::unicode::is_hidden(ch) {
                                let span = Span::new(base + i, base + i + escape_len.min(raw.len() - i));
                                self.hidden_escapes.push((span, ch));
                            }
                            out.push(ch);
                        }
                        None => {
                            let span = Span::new(base + i, base + i + escape_len.min(raw.len() - i));
                            self.error(span, format!("`\\u{{{hex}}}` is not a Unicode character")).help =
                                Some("use a code point up to 10FFFF that is not a surrogate, like `\\u{1F600}`".into());
                        }
                    }
                    for _ in 0..end + 1 {
                        chars.next();
                    }
                }
                _ => {}
            }
        }
        SmolStr::from(out)
    }
}

/// Reads a quantity's parts from its text (the grammar keeps it one token).
fn quantity(span: Span, pair_text: &str) -> Quantity {
    let mut rest = pair_text;
    let negative = rest.starts_with('-');
    rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    let currency_symbol = rest.chars().next().filter(|c| matches!(c, '$' | '€' | '£' | '¥'));
    if let Some(symbol) = currency_symbol {
        rest = &rest[symbol.len_utf8()..];
    }
    let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let number: f64 = rest[..digits].parse().unwrap_or(f64::INFINITY);
    let suffix = match rest[digits..].trim_start() {
        "" => Suffix::None,
        "%" => Suffix::Percent,
        code if rest[digits..].starts_with(' ') => Suffix::Currency(code.to_string()),
        unit => Suffix::Unit(unit.to_string()),
    };
    let text = if pair_text.contains("  ") || pair_text.contains('\t') {
        SmolStr::from(pair_text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        SmolStr::new(pair_text)
    };
    Quantity { text, number: if negative { -number } else { number }, currency_symbol, suffix, span }
}

/// Keeps quoted source short in messages.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(40).collect::<String>())
    } else {
        line.to_string()
    }
}

/// Development aid: how long pest alone takes (no tree building).
#[doc(hidden)]
pub fn pest_only(text: &str) -> usize {
    if too_deep(text).is_some() {
        return 0; // pest would recurse too deep
    }
    JourneyParser::parse(Rule::file, text).map(|p| p.count()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(FileId(0), text).1.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn clean_text_has_no_errors() {
        assert!(errors("persona a \"A\" { goal \"x\" }\n// note\nchannel w \"W\"; team t \"T\"\r\n").is_empty());
    }

    #[test]
    fn every_broken_line_is_reported_once() {
        let found = errors("persona a \"A\n@@\nchannel b \"B\" ??\n}\n");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn unclosed_block_points_at_its_brace() {
        let (_, diagnostics) = parse(FileId(0), "journey j \"J\" {\n  stage s \"S\" {\n}\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].primary.span, Span::new(14, 15));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        // The second: an unclosed string, then lines that start with `{` and
        // end with `\`; the depth check once read it all as one string.
        for text in ["{".repeat(100_000), format!("\"{}", "\\\n{".repeat(100_000))] {
            let (_, diagnostics) = parse(FileId(0), &text);
            assert_eq!(diagnostics[0].code, Code::UnreadableSource);
        }
    }

    #[test]
    fn escapes_are_resolved() {
        let (block, _) = parse(FileId(0), r#"goal "a\"b\\c\u{1F600}""#);
        let Entry::Statement(statement) = &block.entries[0] else { panic!() };
        assert_eq!(statement.args[0].value, Value::String("a\"b\\c😀".into()));
    }
}
