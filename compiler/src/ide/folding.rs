//! Folds: every `{ … }` block, and runs of comment lines.

use super::query;
use super::Analysis;
use crate::source::FileId;
use crate::syntax::cst::{Block, Entry};

/// One foldable range, in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// Blocks: after the `{`; comments: the first comment's start.
    pub start: usize,
    /// Blocks: before the `}`; comments: the last comment's start.
    pub end: usize,
    pub kind: FoldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Block,
    /// Two or more comment lines in a row.
    Comments,
}

/// The folds of a file that span lines, in order of their start.
pub fn folds(analysis: &Analysis<'_>, file: FileId) -> Vec<Fold> {
    let source = analysis.source(file);
    let line = |offset: usize| source.line_col(offset).0;
    let mut found = Vec::new();
    blocks(&analysis.parsed(file).cst, &mut found);
    found.retain(|fold| line(fold.end) > line(fold.start));
    let mut run: Option<(usize, usize)> = None; // first and last comment's starts
    let flush = |run: Option<(usize, usize)>, found: &mut Vec<Fold>| {
        if let Some((start, end)) = run.filter(|(s, e)| line(*e) > line(*s)) {
            found.push(Fold { start, end, kind: FoldKind::Comments });
        }
    };
    for comment in query::comments(&source.text).into_iter().filter(|c| c.own_line) {
        let start = comment.span.start as usize;
        run = match run {
            Some((first, last)) if line(last) + 1 == line(start) => Some((first, start)),
            previous => {
                flush(previous, &mut found);
                Some((start, start))
            }
        };
    }
    flush(run, &mut found);
    found.sort_by_key(|fold| (fold.start, fold.end));
    found
}

fn blocks(block: &Block, found: &mut Vec<Fold>) {
    if let (Some(open), Some(close)) = (block.open, block.close) {
        found.push(Fold { start: open.end as usize, end: close.start as usize, kind: FoldKind::Block });
    }
    for entry in &block.entries {
        match entry {
            Entry::Statement(statement) => {
                if let Some(inner) = &statement.block {
                    blocks(inner, found);
                }
            }
            Entry::Error { block: Some(inner), .. } => blocks(inner, found),
            _ => {}
        }
    }
}
