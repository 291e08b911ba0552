//! `textDocument/documentSymbol` (the outline: journey → stages → steps and
//! KPIs, with personas, channels, teams and emotions at the top) and
//! `workspace/symbol` (every declaration of every build).
//!
//! The outline is read from the concrete syntax tree, not the AST, so that
//! it keeps every stage and step while the file is being typed and broken.

use crate::analysis::{Analysis, Snapshot};
use crate::convert::LineIndex;
use crate::query;
use journey_compiler::resolve::{self, Kind};
use journey_compiler::source::FileId;
use journey_compiler::syntax::cst::{Block, Entry};
use journey_compiler::syntax::lower::Context;
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
        Kind::Stage => SymbolKind::NAMESPACE,
        Kind::Step => SymbolKind::FUNCTION,
        Kind::Kpi => SymbolKind::VARIABLE,
    }
}

pub fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<DocumentSymbol> {
    let source = analysis.source(file);
    let index = LineIndex::of(source);
    outline(&analysis.parsed(file).cst, Context::TopLevel, &source.text, &index)
}

fn outline(block: &Block, context: Context, text: &str, index: &LineIndex<'_>) -> Vec<DocumentSymbol> {
    let mut symbols = Vec::new();
    for entry in &block.entries {
        match entry {
            Entry::Statement(statement) => {
                let inner_context = context.child(&statement.keyword).unwrap_or(context);
                let children = statement.block.as_ref().map(|b| outline(b, inner_context, text, index)).unwrap_or_default();
                match query::declares(context, statement) {
                    Some(kind) => {
                        let id = query::declared_id(statement, text);
                        let name = id.map_or_else(|| format!("({} without an ID)", kind.as_str()), |(id, _)| id.to_string());
                        let selection = id.map_or(statement.keyword_span, |(_, span)| span);
                        #[allow(deprecated)] // `deprecated` is a required field of the type
                        symbols.push(DocumentSymbol {
                            name,
                            detail: query::declared_label(statement).map(str::to_string),
                            kind: symbol_kind(kind),
                            tags: None,
                            deprecated: None,
                            range: index.range(statement.span),
                            selection_range: index.range(selection),
                            children: (!children.is_empty()).then_some(children),
                        });
                    }
                    // A statement that declares nothing but holds declarations: lift them up.
                    None => symbols.extend(children),
                }
            }
            Entry::Error { block: Some(inner), .. } => symbols.extend(outline(inner, context, text, index)),
            _ => {}
        }
    }
    symbols
}

/// Declarations whose ID or label contains the query (case-insensitive), or
/// whose ID has its letters in order (`chkout` finds `checkout`).
pub fn workspace_symbols(snapshot: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut found = Vec::new();
    for analysis in &snapshot.builds {
        let build = analysis.the_build();
        let asts = analysis.asts(build);
        let journeys = resolve::journeys(&asts);
        for declaration in &build.names.declarations {
            let id = declaration.id.to_lowercase();
            let matches =
                query.is_empty() || id.contains(&query) || declaration.label.to_lowercase().contains(&query) || subsequence(&query, &id);
            if !matches {
                continue;
            }
            let Some(uri) = analysis.uri(declaration.file) else { continue };
            let range = LineIndex::of(analysis.source(declaration.file)).range(declaration.span);
            let container = declaration.journey.and_then(|j| journeys.get(j)).map(|(_, journey)| journey.header.id.text.to_string());
            found.push(WorkspaceSymbol {
                name: declaration.id.to_string(),
                kind: symbol_kind(declaration.kind),
                tags: None,
                container_name: container,
                location: OneOf::Left(Location { uri: uri.clone(), range }),
                data: None,
            });
            if found.len() >= MAX_WORKSPACE_SYMBOLS {
                return found;
            }
        }
    }
    found
}

fn subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}
