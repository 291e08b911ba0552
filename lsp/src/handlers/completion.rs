//! `textDocument/completion` (see `journey_compiler::ide::completion`).

use crate::analysis::Analysis;
use journey_compiler::ide::completion::{self, CompletionKind};
use journey_compiler::language::Kind;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind};

pub fn completion(analysis: &Analysis, file: FileId, offset: usize) -> Vec<CompletionItem> {
    completion::completion(&analysis.ide(), file, offset)
        .into_iter()
        .map(|item| CompletionItem {
            label: item.label,
            kind: Some(item_kind(item.kind)),
            detail: item.detail,
            documentation: item
                .documentation
                .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            sort_text: item.sort_text,
            ..CompletionItem::default()
        })
        .collect()
}

fn item_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Word => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Declaration(kind) => match kind {
            Kind::Persona => CompletionItemKind::CLASS,
            Kind::Channel => CompletionItemKind::INTERFACE,
            Kind::Team => CompletionItemKind::STRUCT,
            Kind::Emotion => CompletionItemKind::ENUM_MEMBER,
            Kind::Journey | Kind::Phase | Kind::Stage => CompletionItemKind::MODULE,
            Kind::Step => CompletionItemKind::FUNCTION,
            Kind::Kpi => CompletionItemKind::VARIABLE,
        },
    }
}
