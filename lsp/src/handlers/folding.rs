//! `textDocument/foldingRange`: every `{ … }` block that spans lines, and
//! runs of two or more comment lines.

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use crate::query;
use journey_compiler::source::FileId;
use journey_compiler::syntax::cst::{Block, Entry};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

pub fn folding_ranges(analysis: &Analysis, file: FileId, line_folding_only: bool) -> Vec<FoldingRange> {
    let source = analysis.source(file);
    let index = LineIndex::of(source);
    let mut ranges = Vec::new();
    blocks(&analysis.parsed(file).cst, &index, line_folding_only, &mut ranges);
    let mut run: Option<(u32, u32)> = None;
    let flush = |run: Option<(u32, u32)>, ranges: &mut Vec<FoldingRange>| {
        if let Some((start, end)) = run.filter(|(s, e)| e > s) {
            ranges.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Comment),
                ..FoldingRange::default()
            });
        }
    };
    for comment in query::comments(&source.text).into_iter().filter(|c| c.own_line) {
        let line = index.position(comment.span.start as usize).line;
        run = match run {
            Some((start, end)) if end + 1 == line => Some((start, line)),
            previous => {
                flush(previous, &mut ranges);
                Some((line, line))
            }
        };
    }
    flush(run, &mut ranges);
    ranges.sort_by_key(|r| (r.start_line, r.end_line));
    ranges
}

fn blocks(block: &Block, index: &LineIndex<'_>, line_folding_only: bool, ranges: &mut Vec<FoldingRange>) {
    if let (Some(open), Some(close)) = (block.open, block.close) {
        let start = index.position(open.end as usize);
        let end = index.position(close.start as usize);
        if line_folding_only {
            // Keep the line with the `}` visible.
            if end.line > start.line + 1 {
                ranges.push(FoldingRange {
                    start_line: start.line,
                    end_line: end.line - 1,
                    kind: Some(FoldingRangeKind::Region),
                    ..FoldingRange::default()
                });
            }
        } else if end.line > start.line {
            ranges.push(FoldingRange {
                start_line: start.line,
                start_character: Some(start.character),
                end_line: end.line,
                end_character: Some(end.character),
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
    }
    for entry in &block.entries {
        match entry {
            Entry::Statement(statement) => {
                if let Some(inner) = &statement.block {
                    blocks(inner, index, line_folding_only, ranges);
                }
            }
            Entry::Error { block: Some(inner), .. } => blocks(inner, index, line_folding_only, ranges),
            _ => {}
        }
    }
}
