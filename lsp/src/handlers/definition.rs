//! `textDocument/definition` (see `journey_compiler::ide::navigation`).

use super::location;
use crate::analysis::Analysis;
use journey_compiler::ide;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::GotoDefinitionResponse;

pub fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Option<GotoDefinitionResponse> {
    let at = ide::navigation::definition(&analysis.ide(), file, offset)?;
    location(analysis, at.file, at.span).map(GotoDefinitionResponse::Scalar)
}
