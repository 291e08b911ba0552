//! `textDocument/codeAction` (see `journey_compiler::ide::fixes`): the fixes that diagnostics carry (did-you-mean
//! replacements, declaring a missing channel, team, persona or emotion), as
//! quick fixes. Diagnostics are matched by range in the latest compilation,
//! so the actions never depend on what the client sends back.

use super::diagnostics;
use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::ide;
use journey_compiler::source::{FileId, Span};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

pub fn code_actions(analysis: &Analysis, file: FileId, span: Span) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::of(analysis.source(file));
    let mut actions = Vec::new();
    for (diagnostic, fix, preferred) in ide::fixes::fixes(&analysis.ide(), file, span) {
        {
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for edit in &fix.edits {
                let Some(uri) = analysis.uri(edit.file) else { continue };
                let range = LineIndex::of(analysis.source(edit.file)).range(edit.span);
                changes.entry(uri.clone()).or_default().push(TextEdit { range, new_text: edit.replacement.clone() });
            }
            if changes.is_empty() {
                continue;
            }
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::convert(analysis, &index, diagnostic)]),
                edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            }));
        }
    }
    actions
}
