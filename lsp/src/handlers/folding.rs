//! `textDocument/foldingRange` (see `journey_compiler::ide::folding`).

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::ide::folding::{self, FoldKind};
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

pub fn folding_ranges(analysis: &Analysis, file: FileId, line_folding_only: bool) -> Vec<FoldingRange> {
    let index = LineIndex::of(analysis.source(file));
    let mut ranges = Vec::new();
    for fold in folding::folds(&analysis.ide(), file) {
        let (start, end) = (index.position(fold.start), index.position(fold.end));
        match fold.kind {
            FoldKind::Comments => ranges.push(FoldingRange {
                start_line: start.line,
                end_line: end.line,
                kind: Some(FoldingRangeKind::Comment),
                ..FoldingRange::default()
            }),
            // Keep the line with the `}` visible.
            FoldKind::Block if line_folding_only => {
                if end.line > start.line + 1 {
                    ranges.push(FoldingRange {
                        start_line: start.line,
                        end_line: end.line - 1,
                        kind: Some(FoldingRangeKind::Region),
                        ..FoldingRange::default()
                    });
                }
            }
            FoldKind::Block => ranges.push(FoldingRange {
                start_line: start.line,
                start_character: Some(start.character),
                end_line: end.line,
                end_character: Some(end.character),
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            }),
        }
    }
    ranges.sort_by_key(|r| (r.start_line, r.end_line));
    ranges
}
