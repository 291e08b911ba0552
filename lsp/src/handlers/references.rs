//! `textDocument/references`: every use of a declaration across the files of its build.

use super::location;
use crate::analysis::Analysis;
use crate::query::{self, Symbol};
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::Location;

pub fn references(analysis: &Analysis, file: FileId, offset: usize, include_declaration: bool) -> Option<Vec<Location>> {
    let build = analysis.build(file);
    let symbol = query::symbol_at(build, file, offset)?;
    let names = &build.names;
    let mut found = Vec::new();
    match query::target(symbol) {
        Some(index) => {
            let declaration = &names.declarations[index];
            if include_declaration {
                found.extend(location(analysis, declaration.file, declaration.span));
            }
            for reference in names.references.iter().filter(|r| r.target == Some(index)) {
                found.extend(location(analysis, reference.file, reference.span));
            }
        }
        // Built-in emotions and unknown names: every use of the same name and kind.
        None => {
            let Symbol::Reference(at) = symbol else { return None };
            for reference in names.references.iter().filter(|r| r.target.is_none() && r.expected == at.expected && r.name == at.name) {
                found.extend(location(analysis, reference.file, reference.span));
            }
        }
    }
    Some(found)
}
