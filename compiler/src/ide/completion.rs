//! Completion, knowing where the cursor is.
//!
//! The kind of block around the cursor comes from the concrete syntax tree
//! (so it works while the file is broken); the statement being typed comes
//! from the text of the current line, up to the cursor. At the start of a
//! statement the keywords of that block are offered; after a keyword that
//! takes names, only names of the right kind: `channel` → channels, `owner`
//! → teams, `persona` → personas, `kpi` and `next` → the KPIs and steps of
//! the enclosing journey, `feels` → emotions with their scores; after a
//! keyword that takes a word from a list (`type`, `state`, `impact`, …),
//! those words.

use super::query::{self, Enclosing};
use super::Analysis;
use crate::language::{self, Context, Kind, Shape, FOR, VIA};
use crate::resolve::Declaration;
use crate::source::FileId;
use crate::Build;
use std::collections::HashSet;

/// One thing to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line beside the label.
    pub detail: Option<String>,
    /// Markdown, shown when the item is selected.
    pub documentation: Option<String>,
    /// Where it sorts, when not by its label.
    pub sort_text: Option<String>,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// The first word of a statement.
    Keyword,
    /// A word of a list, or a built-in emotion.
    Word,
    /// The ID of a declaration of this kind.
    Declaration(Kind),
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind) -> CompletionItem {
        CompletionItem { label: label.into(), kind, detail: None, documentation: None, sort_text: None }
    }
}

/// What the cursor is completing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    /// The first word of a statement.
    Keyword,
    /// A value after `keyword`; `before` holds the values already written.
    Value { keyword: String, before: Vec<String> },
    /// The name after `for` (a persona) or `via` (a channel) at the end of
    /// a statement: `pain "…" for off`.
    Trailing { word: &'static str },
    /// Inside a string or a comment, or after a complete value.
    Nothing,
}

/// Reads the current line up to the cursor.
fn position(line: &str) -> Position {
    // Where the statement under the cursor starts: after the last `;`, `{`
    // or `}` outside a string. A `//` outside a string starts a comment.
    let mut start = 0;
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'"' => in_string = true,
                b';' | b'{' | b'}' => start = i + 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => return Position::Nothing,
                _ => {}
            }
        }
        i += 1;
    }
    if in_string {
        return Position::Nothing;
    }
    let statement = line[start..].trim_start();
    let is_word_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let keyword_end = statement.find(|c: char| !is_word_char(c)).unwrap_or(statement.len());
    if keyword_end == statement.len() {
        return Position::Keyword;
    }
    let keyword = &statement[..keyword_end];
    let rest = &statement[keyword_end..];
    let word_start = rest.rfind(|c: char| !is_word_char(c)).map_or(0, |i| i + 1);
    let before_word = &rest[..word_start];
    for word in [FOR, VIA] {
        if before_word.trim_end().strip_suffix(word).is_some_and(|head| head.ends_with([' ', '\t', '"']))
            && before_word.ends_with([' ', '\t'])
        {
            return Position::Trailing { word };
        }
    }
    if keyword.is_empty() || !rest.starts_with([' ', '\t']) {
        return Position::Nothing;
    }
    let mut parts: Vec<&str> = rest.split(',').collect();
    let current = parts.pop().unwrap_or("").trim_start();
    if current.contains(|c: char| !is_word_char(c)) {
        return Position::Nothing; // a complete value (or a string, a number) before the cursor
    }
    Position::Value { keyword: keyword.to_string(), before: parts.iter().map(|p| p.trim().to_string()).collect() }
}

/// The completions at a byte offset of a file.
pub fn completion(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let source = analysis.source(file);
    let (_, column) = source.line_col(offset);
    let line = source.text.get(offset - column..offset).unwrap_or("");
    let cst = &analysis.parsed(file).cst;
    let path = query::enclosing(cst, offset, source.text.len());
    let context = path.last().map_or(Context::TopLevel, |e| e.context);
    match position(line) {
        Position::Nothing => Vec::new(),
        Position::Keyword => language::attributes(context)
            .map(|attribute| CompletionItem {
                detail: Some(format!("in {}", context.describe())),
                documentation: Some(format!("{}\n\n```journey\n{}\n```", attribute.doc, attribute.example)),
                ..CompletionItem::new(attribute.keyword, CompletionKind::Keyword)
            })
            .collect(),
        Position::Trailing { word } => {
            // The personas of the journey (those of the step, when it names
            // some) after `for`; the step's channels after `via`.
            let (kind, keyword, blocks): (Kind, &str, &[Context]) = if word == FOR {
                (Kind::Persona, "persona", &[Context::Step, Context::Journey])
            } else {
                (Kind::Channel, "channel", &[Context::Step])
            };
            let mut items = names(analysis.build, kind, None);
            let listed = blocks.iter().find_map(|&context| {
                let block = path.iter().rev().find(|e| e.context == context)?.block;
                let listed = listed_names(block, keyword);
                (!listed.is_empty()).then_some(listed)
            });
            if let Some(listed) = listed {
                let listed: HashSet<String> = listed.into_iter().collect();
                items.retain(|item| listed.contains(&item.label));
            }
            items
        }
        Position::Value { keyword, before } => {
            let mut items = values(analysis, file, &path, context, &keyword);
            items.retain(|item| !before.contains(&item.label));
            items
        }
    }
}

fn values(analysis: &Analysis<'_>, file: FileId, path: &[Enclosing<'_>], context: Context, keyword: &str) -> Vec<CompletionItem> {
    let build = analysis.build;
    let journey = || {
        let statement = path.iter().rev().find(|e| e.context == Context::Journey)?.statement?;
        query::journey_index(analysis, file, statement)
    };
    let Some(attribute) = language::attribute(context, keyword) else {
        return Vec::new();
    };
    match attribute.shape {
        Shape::Names { kind: Kind::Step } | Shape::Next => {
            let this_step = path.iter().rev().find(|e| e.context == Context::Step).and_then(|e| e.statement);
            let this_id = this_step.and_then(|s| query::declared_id(s, &analysis.source(file).text)).map(|(id, _)| id.to_string());
            let mut steps = journey().map_or_else(Vec::new, |j| names(build, Kind::Step, Some(j)));
            steps.retain(|item| Some(&item.label) != this_id.as_ref());
            steps
        }
        Shape::Names { kind: kind @ (Kind::Kpi | Kind::Stage) } | Shape::Name { kind: kind @ (Kind::Kpi | Kind::Stage) } => {
            journey().map_or_else(Vec::new, |j| names(build, kind, Some(j)))
        }
        Shape::Names { kind } | Shape::Name { kind } => names(build, kind, None),
        Shape::Feels => feelings(build),
        Shape::Word { words } => words
            .words()
            .into_iter()
            .map(|(word, doc)| CompletionItem { detail: Some(doc.to_string()), ..CompletionItem::new(word, CompletionKind::Word) })
            .collect(),
        _ => Vec::new(),
    }
}

/// The names a block's `keyword` lines list (`persona a, b`), as written.
fn listed_names(block: &crate::syntax::cst::Block, keyword: &str) -> Vec<String> {
    use crate::syntax::cst::{Entry, Value};
    block
        .entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Statement(statement) if statement.keyword == keyword => Some(statement),
            _ => None,
        })
        .flat_map(|statement| &statement.args)
        .filter_map(|arg| match &arg.value {
            Value::Identifier(name) => Some(name.to_string()),
            _ => None,
        })
        .collect()
}

/// Declarations of one kind (of one journey, for stages, steps and KPIs).
fn names(build: &Build, kind: Kind, journey: Option<usize>) -> Vec<CompletionItem> {
    let mut seen = HashSet::new();
    build
        .names
        .declarations
        .iter()
        .filter(|d| d.kind == kind && (journey.is_none() || d.journey == journey) && seen.insert(d.id.as_str()))
        .map(|d| item(d, d.label.to_string()))
        .collect()
}

fn item(declaration: &Declaration, detail: String) -> CompletionItem {
    CompletionItem {
        detail: Some(detail),
        documentation: declaration.doc.clone(),
        ..CompletionItem::new(declaration.id.as_str(), CompletionKind::Declaration(declaration.kind))
    }
}

/// Declared emotions, then the built-in ones from best to worst, each with its score.
fn feelings(build: &Build) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    for declaration in build.names.declarations.iter().filter(|d| d.kind == Kind::Emotion) {
        if !seen.insert(declaration.id.to_string()) {
            continue;
        }
        let score = build.names.emotion_scores.get(&declaration.id).map_or("no valid score".to_string(), |s| format!("{s:+}"));
        items.push(item(declaration, format!("{score} · {}", declaration.label)));
    }
    for (name, score) in language::BUILTIN_EMOTIONS {
        if seen.insert(name.to_string()) {
            items
                .push(CompletionItem {
                    detail: Some(format!("{score:+} · built-in")), ..CompletionItem::new(*name, CompletionKind::Word)
                });
        }
    }
    for (i, item) in items.iter_mut().enumerate() {
        item.sort_text = Some(format!("{i:03}"));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(keyword: &str, before: &[&str]) -> Position {
        Position::Value { keyword: keyword.into(), before: before.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn reads_the_line_up_to_the_cursor() {
        assert_eq!(position(""), Position::Keyword);
        assert_eq!(position("    cha"), Position::Keyword);
        assert_eq!(position("  step a \"A\" { fe"), Position::Keyword);
        assert_eq!(position("      channel "), value("channel", &[]));
        assert_eq!(position("      channel we"), value("channel", &[]));
        assert_eq!(position("      channel web, em"), value("channel", &["web"]));
        assert_eq!(position("      channel web "), Position::Nothing);
        assert_eq!(position("      does \"tap"), Position::Nothing);
        assert_eq!(position("      does \"a; b\"; feels "), value("feels", &[]));
        assert_eq!(position("      // channel "), Position::Nothing);
        assert_eq!(position("      feels happy "), Position::Nothing);
        assert_eq!(position("      feels happy for "), Position::Trailing { word: "for" });
        assert_eq!(position("      pain \"Slow\" for lu"), Position::Trailing { word: "for" });
        assert_eq!(position("      touchpoint \"Letter\" via ma"), Position::Trailing { word: "via" });
        assert_eq!(position("      does \"Waits for "), Position::Nothing);
    }
}
