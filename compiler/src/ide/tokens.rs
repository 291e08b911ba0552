//! Semantic tokens: keywords; IDs by kind, with whether they are declared
//! there and whether they are built in; strings, numbers, operators and
//! comments. In source order, never overlapping, never across a line break.

use super::query;
use super::Analysis;
use crate::language::{Context, Kind};
use crate::source::{FileId, Span};
use crate::syntax::cst::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Where the ID is declared.
    pub declaration: bool,
    /// A built-in emotion.
    pub builtin: bool,
    /// A `///` doc comment.
    pub documentation: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Keyword,
    /// An ID: declared or referred to, of this kind.
    Name(Kind),
    /// An ID that is no name known here (`type digital`, an unknown word).
    Word,
    String,
    Number,
    Operator,
    Comment,
}

pub fn tokens(analysis: &Analysis<'_>, file: FileId) -> Vec<Token> {
    let source = analysis.source(file);
    let text = &source.text;
    let names = &analysis.build.names;
    let plain = |span: Span, kind: TokenKind| Token { span, kind, declaration: false, builtin: false, documentation: false };
    // What each name in this file is, by where it starts.
    let mut known: HashMap<u32, Token> = HashMap::new();
    for reference in names.references.iter().filter(|r| r.file == file) {
        let token = Token { builtin: query::is_builtin(reference), ..plain(reference.span, TokenKind::Name(reference.expected)) };
        known.insert(reference.span.start, token);
    }
    for declaration in names.declarations.iter().filter(|d| d.file == file) {
        known.insert(declaration.span.start, Token { declaration: true, ..plain(declaration.span, TokenKind::Name(declaration.kind)) });
    }
    let mut tokens: Vec<Token> = Vec::new();
    query::walk(&analysis.parsed(file).cst, Context::TopLevel, &mut |statement, _| {
        tokens.push(plain(statement.keyword_span, TokenKind::Keyword));
        for arg in &statement.args {
            let span = query::value_span(arg, text);
            tokens.push(match &arg.value {
                Value::Identifier(_) => known.get(&span.start).map_or(plain(span, TokenKind::Word), |t| Token { span, ..*t }),
                Value::String(_) => plain(span, TokenKind::String),
                Value::Quantity(_) | Value::Range(..) => plain(span, TokenKind::Number),
                Value::Operator(_) => plain(span, TokenKind::Operator),
            });
        }
    });
    for comment in query::comments(text) {
        tokens.push(Token { documentation: comment.doc, ..plain(comment.span, TokenKind::Comment) });
    }
    tokens.sort_by_key(|t| (t.span.start, t.span.end));
    let mut last_end = 0;
    tokens.retain(|token| {
        let keep = token.span.start as usize >= last_end
            && token.span.start < token.span.end
            && text.get(token.span.range()).is_some_and(|slice| !slice.contains(['\n', '\r']));
        if keep {
            last_end = token.span.end as usize;
        }
        keep
    });
    tokens
}
