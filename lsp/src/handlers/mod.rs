//! One module per LSP feature. Each takes an [`Analysis`] (or a text) and
//! byte offsets and answers in protocol types; `server.rs` only wires them.

pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod references;
pub mod rename;
pub mod render;
pub mod semantic_tokens;
pub mod symbols;

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::source::{FileId, Span};
use tower_lsp_server::ls_types::Location;

/// Where a span of a file is, for the client.
pub fn location(analysis: &Analysis, file: FileId, span: Span) -> Option<Location> {
    let uri = analysis.uri(file)?.clone();
    Some(Location { uri, range: LineIndex::of(analysis.source(file)).range(span) })
}
