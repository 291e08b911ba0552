//! `textDocument/prepareRename` and `textDocument/rename` (see
//! `journey_compiler::ide::rename`).

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::ide;
use journey_compiler::source::FileId;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

pub fn prepare(analysis: &Analysis, file: FileId, offset: usize) -> Result<PrepareRenameResponse, String> {
    let (span, placeholder) = ide::rename::prepare(&analysis.ide(), file, offset)?;
    let range = LineIndex::of(analysis.source(file)).range(span);
    Ok(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder })
}

pub fn rename(analysis: &Analysis, file: FileId, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let places = ide::rename::rename(&analysis.ide(), file, offset, new_name)?;
    if places.is_empty() {
        return Ok(WorkspaceEdit::default());
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for at in places {
        let Some(uri) = analysis.uri(at.file) else { continue };
        let range = LineIndex::of(analysis.source(at.file)).range(at.span);
        changes.entry(uri.clone()).or_default().push(TextEdit { range, new_text: new_name.to_string() });
    }
    Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
}
