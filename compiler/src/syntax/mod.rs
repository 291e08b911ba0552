//! Stage 1: text → concrete syntax tree (pest) → AST.

pub mod ast;
pub mod cst;
pub mod hidden;
pub mod lower;
pub mod parser;
pub mod scan;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;

/// One parsed file: the tree as written (for the formatter), the AST (for
/// the checks) and the syntax problems found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub cst: cst::Block,
    pub ast: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and lowers one file's text.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let (cst, mut diagnostics) = parser::parse(file, text);
    let (ast, lowering) = lower::lower(file, &cst);
    diagnostics.extend(lowering);
    diagnostics.extend(hidden::hidden_characters(file, text));
    Parsed { cst, ast, diagnostics }
}
