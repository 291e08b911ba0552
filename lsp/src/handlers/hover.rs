//! `textDocument/hover` (see `journey_compiler::ide::hover`).

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::ide;
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

pub fn hover(analysis: &Analysis, file: FileId, offset: usize) -> Option<Hover> {
    let found = ide::hover::hover(&analysis.ide(), file, offset)?;
    let range = LineIndex::of(analysis.source(file)).range(found.span);
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: found.markdown }), range: Some(range) })
}
