//! `textDocument/references` (see `journey_compiler::ide::navigation`).

use super::location;
use crate::analysis::Analysis;
use journey_compiler::ide;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::Location;

pub fn references(analysis: &Analysis, file: FileId, offset: usize, include_declaration: bool) -> Option<Vec<Location>> {
    let found = ide::navigation::references(&analysis.ide(), file, offset, include_declaration)?;
    Some(found.into_iter().filter_map(|at| location(analysis, at.file, at.span)).collect())
}
