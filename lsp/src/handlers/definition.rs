//! `textDocument/definition`: from a name to where it is declared, in any file of the build.

use super::location;
use crate::analysis::Analysis;
use crate::query;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::GotoDefinitionResponse;

pub fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Option<GotoDefinitionResponse> {
    let build = analysis.build(file);
    let index = query::target(query::symbol_at(build, file, offset)?)?;
    let declaration = &build.names.declarations[index];
    location(analysis, declaration.file, declaration.span).map(GotoDefinitionResponse::Scalar)
}
