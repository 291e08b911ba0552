//! `textDocument/semanticTokens/full` (see `journey_compiler::ide::tokens`): keywords; IDs by kind (personas,
//! channels and teams as types, emotions as enum members, steps as
//! functions, KPIs as variables, journeys and stages as namespaces), with
//! `declaration` where they are declared and `defaultLibrary` for built-in
//! emotions; strings, numbers, operators and comments.

use crate::analysis::Analysis;
use crate::convert::{utf16_len, LineIndex};
use journey_compiler::ide::tokens::{self, TokenKind};
use journey_compiler::language::Kind;
use journey_compiler::source::FileId;
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
        Kind::Journey | Kind::Phase | Kind::Stage => NAMESPACE,
    }
}

pub fn semantic_tokens(analysis: &Analysis, file: FileId) -> Vec<SemanticToken> {
    let source = analysis.source(file);
    let index = LineIndex::of(source);
    let mut encoded = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for token in tokens::tokens(&analysis.ide(), file) {
        let token_type = match token.kind {
            TokenKind::Keyword | TokenKind::Word => KEYWORD,
            TokenKind::Name(kind) => kind_type(kind),
            TokenKind::String => STRING,
            TokenKind::Number => NUMBER,
            TokenKind::Operator => OPERATOR,
            TokenKind::Comment => COMMENT,
        };
        let modifiers = [(token.declaration, DECLARATION), (token.builtin, DEFAULT_LIBRARY), (token.documentation, DOCUMENTATION)]
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |bits, (_, bit)| bits | bit);
        let start = index.position(token.span.start as usize);
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 { start.character - last_start } else { start.character };
        let length = utf16_len(source.slice(token.span));
        encoded.push(SemanticToken { delta_line, delta_start, length, token_type, token_modifiers_bitset: modifiers });
        last_line = start.line;
        last_start = start.character;
    }
    encoded
}
