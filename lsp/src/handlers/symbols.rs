//! `textDocument/documentSymbol` and `workspace/symbol` (see
//! `journey_compiler::ide::outline`).

use crate::analysis::{Analysis, Snapshot};
use crate::convert::LineIndex;
use journey_compiler::ide::outline::{self, OutlineItem};
use journey_compiler::language::Kind;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::{DocumentSymbol, Location, OneOf, SymbolKind, WorkspaceSymbol};

/// How many workspace symbols one query returns at most.
const MAX_WORKSPACE_SYMBOLS: usize = 1_000;

pub fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Persona => SymbolKind::CLASS,
        Kind::Channel => SymbolKind::INTERFACE,
        Kind::Team => SymbolKind::STRUCT,
        Kind::Emotion => SymbolKind::ENUM_MEMBER,
        Kind::Journey => SymbolKind::MODULE,
        Kind::Phase | Kind::Stage => SymbolKind::NAMESPACE,
        Kind::Step => SymbolKind::FUNCTION,
        Kind::Kpi => SymbolKind::VARIABLE,
    }
}

pub fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<DocumentSymbol> {
    let index = LineIndex::of(analysis.source(file));
    outline::outline(&analysis.ide(), file).into_iter().map(|item| symbol(item, &index)).collect()
}

fn symbol(item: OutlineItem, index: &LineIndex<'_>) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = item.children.into_iter().map(|child| symbol(child, index)).collect();
    #[allow(deprecated)] // `deprecated` is a required field of the type
    DocumentSymbol {
        name: item.name,
        detail: item.detail,
        kind: symbol_kind(item.kind),
        tags: None,
        deprecated: None,
        range: index.range(item.span),
        selection_range: index.range(item.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn workspace_symbols(snapshot: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    let mut found = Vec::new();
    for analysis in &snapshot.builds {
        for declaration in outline::search(&analysis.ide(), query, MAX_WORKSPACE_SYMBOLS - found.len()) {
            let Some(uri) = analysis.uri(declaration.at.file) else { continue };
            let range = LineIndex::of(analysis.source(declaration.at.file)).range(declaration.at.span);
            found.push(WorkspaceSymbol {
                name: declaration.id,
                kind: symbol_kind(declaration.kind),
                tags: None,
                container_name: declaration.container,
                location: OneOf::Left(Location { uri: uri.clone(), range }),
                data: None,
            });
        }
        if found.len() >= MAX_WORKSPACE_SYMBOLS {
            break;
        }
    }
    found
}
