//! The outline of a file (journey → stages → steps and KPIs, with personas,
//! channels, teams and emotions at the top) and the search of every
//! declaration of a build.
//!
//! The outline is read from the concrete syntax tree, not the AST, so that
//! it keeps every stage and step while the file is being typed and broken.

use super::query;
use super::{Analysis, FileSpan};
use crate::language::{Context, Kind};
use crate::resolve;
use crate::source::{FileId, Span};
use crate::syntax::cst::{Block, Entry};

/// One declaration in the outline, with those inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    /// Its ID, or `(stage without an ID)`.
    pub name: String,
    /// Its label, when written.
    pub detail: Option<String>,
    pub kind: Kind,
    /// The whole declaration.
    pub span: Span,
    /// Its ID (or its keyword, without one).
    pub selection: Span,
    pub children: Vec<OutlineItem>,
}

/// A declaration's label; a step that is a moment that matters says so
/// after it (`Signs the papers · moment: The decision`).
fn detail(statement: &crate::syntax::cst::Statement, kind: Kind) -> Option<String> {
    use crate::syntax::cst::Value;
    let label = query::declared_label(statement).map(str::to_string);
    let moment = statement.block.iter().flat_map(|b| &b.entries).filter(|_| kind == Kind::Step).find_map(|entry| match entry {
        Entry::Statement(s) if s.keyword == "moment" => Some(match s.args.first().map(|a| &a.value) {
            Some(Value::String(text)) => format!("moment: {text}"),
            _ => "moment that matters".to_string(),
        }),
        _ => None,
    });
    match (label, moment) {
        (Some(label), Some(moment)) => Some(format!("{label} · {moment}")),
        (label, moment) => label.or(moment),
    }
}

pub fn outline(analysis: &Analysis<'_>, file: FileId) -> Vec<OutlineItem> {
    items(&analysis.parsed(file).cst, Context::TopLevel, &analysis.source(file).text)
}

fn items(block: &Block, context: Context, text: &str) -> Vec<OutlineItem> {
    let mut found = Vec::new();
    for entry in &block.entries {
        match entry {
            Entry::Statement(statement) => {
                let inner = context.child(&statement.keyword).unwrap_or(context);
                let children = statement.block.as_ref().map(|b| items(b, inner, text)).unwrap_or_default();
                match query::declares(context, statement) {
                    Some(kind) => {
                        let id = query::declared_id(statement, text);
                        found.push(OutlineItem {
                            name: id.map_or_else(|| format!("({} without an ID)", kind.as_str()), |(id, _)| id.to_string()),
                            detail: detail(statement, kind),
                            kind,
                            span: statement.span,
                            selection: id.map_or(statement.keyword_span, |(_, span)| span),
                            children,
                        });
                    }
                    // A statement that declares nothing but holds declarations: lift them up.
                    None => found.extend(children),
                }
            }
            Entry::Error { block: Some(inner), .. } => found.extend(items(inner, context, text)),
            _ => {}
        }
    }
    found
}

/// A declaration found by a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub kind: Kind,
    pub at: FileSpan,
    /// The journey of a stage, step or KPI.
    pub container: Option<String>,
}

/// Declarations whose ID or label contains the query (case-insensitive), or
/// whose ID has its letters in order (`chkout` finds `checkout`); at most `limit`.
pub fn search(analysis: &Analysis<'_>, query: &str, limit: usize) -> Vec<Found> {
    let query = query.to_lowercase();
    let asts = analysis.asts();
    let journeys = resolve::journeys(&asts);
    let matches = |declaration: &&resolve::Declaration| {
        let id = declaration.id.to_lowercase();
        query.is_empty() || id.contains(&query) || declaration.label.to_lowercase().contains(&query) || subsequence(&query, &id)
    };
    analysis
        .build
        .names
        .declarations
        .iter()
        .filter(matches)
        .take(limit)
        .map(|declaration| Found {
            id: declaration.id.to_string(),
            kind: declaration.kind,
            at: FileSpan { file: declaration.file, span: declaration.span },
            container: declaration.journey.and_then(|j| journeys.get(j)).map(|(_, journey)| journey.header.id.text.to_string()),
        })
        .collect()
}

fn subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}
