//! `textDocument/semanticTokens/full`: keywords; IDs by kind (personas,
//! channels and teams as types, emotions as enum members, steps as
//! functions, KPIs as variables, journeys and stages as namespaces), with
//! `declaration` where they are declared and `defaultLibrary` for built-in
//! emotions; strings, numbers, operators and comments.

use crate::analysis::Analysis;
use crate::convert::{utf16_len, LineIndex};
use crate::query;
use journey_compiler::resolve::Kind;
use journey_compiler::source::{FileId, Span};
use journey_compiler::syntax::cst::Value;
use journey_compiler::syntax::lower::Context;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend};

const KEYWORD: u32 = 0;
const TYPE: u32 = 1;
const ENUM_MEMBER: u32 = 2;
const FUNCTION: u32 = 3;
const VARIABLE: u32 = 4;
const NAMESPACE: u32 = 5;
const STRING: u32 = 6;
const NUMBER: u32 = 7;
const COMMENT: u32 = 8;
const OPERATOR: u32 = 9;

const DECLARATION: u32 = 1 << 0;
const DEFAULT_LIBRARY: u32 = 1 << 1;
const DOCUMENTATION: u32 = 1 << 2;

/// The token types and modifiers, in the order the numbers above index them.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::KEYWORD,
            SemanticTokenType::TYPE,
            SemanticTokenType::ENUM_MEMBER,
            SemanticTokenType::FUNCTION,
            SemanticTokenType::VARIABLE,
            SemanticTokenType::NAMESPACE,
            SemanticTokenType::STRING,
            SemanticTokenType::NUMBER,
            SemanticTokenType::COMMENT,
            SemanticTokenType::OPERATOR,
        ],
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
            SemanticTokenModifier::DOCUMENTATION,
        ],
    }
}

fn kind_type(kind: Kind) -> u32 {
    match kind {
        Kind::Persona | Kind::Channel | Kind::Team => TYPE,
        Kind::Emotion => ENUM_MEMBER,
        Kind::Step => FUNCTION,
        Kind::Kpi => VARIABLE,
        Kind::Journey | Kind::Stage => NAMESPACE,
    }
}

pub fn semantic_tokens(analysis: &Analysis, file: FileId) -> Vec<SemanticToken> {
    let source = analysis.source(file);
    let text = &source.text;
    let build = analysis.build(file);
    // What each name in this file is, by where it starts.
    let mut names: HashMap<u32, (u32, u32)> = HashMap::new();
    for reference in build.names.references.iter().filter(|r| r.file == file) {
        let modifiers = if query::is_builtin(reference) { DEFAULT_LIBRARY } else { 0 };
        names.insert(reference.span.start, (kind_type(reference.expected), modifiers));
    }
    for declaration in build.names.declarations.iter().filter(|d| d.file == file) {
        names.insert(declaration.span.start, (kind_type(declaration.kind), DECLARATION));
    }

    let mut tokens: Vec<(Span, u32, u32)> = Vec::new();
    query::walk(&analysis.parsed(file).cst, Context::TopLevel, &mut |statement, _| {
        tokens.push((statement.keyword_span, KEYWORD, 0));
        for arg in &statement.args {
            let span = query::value_span(arg, text);
            let (kind, modifiers) = match &arg.value {
                Value::Identifier(_) => names.get(&span.start).copied().unwrap_or((KEYWORD, 0)),
                Value::String(_) => (STRING, 0),
                Value::Quantity(_) | Value::Range(..) => (NUMBER, 0),
                Value::Operator(_) => (OPERATOR, 0),
            };
            tokens.push((span, kind, modifiers));
        }
    });
    for comment in query::comments(text) {
        tokens.push((comment.span, COMMENT, if comment.doc { DOCUMENTATION } else { 0 }));
    }
    tokens.sort_by_key(|(span, _, _)| (span.start, span.end));

    let index = LineIndex::of(source);
    let mut encoded = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_start, mut last_end) = (0u32, 0u32, 0usize);
    for (span, token_type, modifiers) in tokens {
        if (span.start as usize) < last_end || span.start >= span.end {
            continue; // overlapping or empty: keep the first
        }
        let start = index.position(span.start as usize);
        let Some(slice) = text.get(span.range()) else { continue };
        if slice.contains(['\n', '\r']) {
            continue; // tokens never span lines in this language
        }
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 { start.character - last_start } else { start.character };
        encoded.push(SemanticToken { delta_line, delta_start, length: utf16_len(slice), token_type, token_modifiers_bitset: modifiers });
        last_line = start.line;
        last_start = start.character;
        last_end = span.end as usize;
    }
    encoded
}
