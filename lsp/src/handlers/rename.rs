//! `textDocument/prepareRename` and `textDocument/rename`: IDs only, applied
//! to the declaration and every reference in every file of the build.
//! Keywords, built-in emotions and names that resolve to nothing are refused
//! with a reason, and so is a new name that is not an ID or is taken.

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use crate::query::{self, Symbol};
use journey_compiler::emotions::builtin_score;
use journey_compiler::resolve::Kind;
use journey_compiler::source::{FileId, Span};
use journey_compiler::syntax::lower::Context;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

/// The declaration to rename at the offset, or why there is none.
fn renamable(analysis: &Analysis, file: FileId, offset: usize) -> Result<(usize, Span), String> {
    let build = analysis.build(file);
    match query::symbol_at(build, file, offset) {
        Some(Symbol::Declaration(index)) => Ok((index, build.names.declarations[index].span)),
        Some(Symbol::Reference(r)) if query::is_builtin(r) => {
            Err(format!("`{}` is a built-in emotion and can't be renamed; declare your own with `emotion NAME SCORE`", r.name))
        }
        Some(Symbol::Reference(r)) => match r.target {
            Some(index) => Ok((index, r.span)),
            None => Err(format!("`{}` is not declared as {} anywhere, so there is nothing to rename", r.name, article(r.expected))),
        },
        None => {
            let mut keyword = None;
            query::walk(&analysis.parsed(file).cst, Context::TopLevel, &mut |statement, _| {
                if statement.keyword_span.contains(offset) {
                    keyword = Some(statement.keyword.clone());
                }
            });
            Err(match keyword {
                Some(keyword) => format!("`{keyword}` is a keyword; only IDs can be renamed"),
                None => "only IDs (of personas, channels, teams, emotions, journeys, stages, steps and KPIs) can be renamed".into(),
            })
        }
    }
}

fn article(kind: Kind) -> String {
    match kind {
        Kind::Emotion => "an emotion".into(),
        other => format!("a {}", other.as_str()),
    }
}

pub fn prepare(analysis: &Analysis, file: FileId, offset: usize) -> Result<PrepareRenameResponse, String> {
    let (index, span) = renamable(analysis, file, offset)?;
    let range = LineIndex::of(analysis.source(file)).range(span);
    let placeholder = analysis.build(file).names.declarations[index].id.clone();
    Ok(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder: placeholder.to_string() })
}

/// Whether a text is an ID as the grammar reads it.
pub fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub fn rename(analysis: &Analysis, file: FileId, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let (index, _) = renamable(analysis, file, offset)?;
    let build = analysis.build(file);
    let names = &build.names;
    let declaration = &names.declarations[index];
    if !is_id(new_name) {
        return Err(format!("`{new_name}` is not an ID: start with a letter, then letters, digits, `_` or `-`"));
    }
    if new_name == declaration.id {
        return Ok(WorkspaceEdit::default());
    }
    let kind = declaration.kind;
    if let Some(existing) = names.lookup(kind, declaration.journey, new_name) {
        let (line, _) = analysis.source(existing.file).human_position(existing.span.start as usize);
        return Err(format!("there is already {} `{new_name}` (line {line})", article(kind)));
    }
    if kind == Kind::Emotion && builtin_score(new_name).is_some() {
        return Err(format!("`{new_name}` is a built-in emotion; pick another name"));
    }
    let mut spans: Vec<(FileId, Span)> = vec![(declaration.file, declaration.span)];
    spans.extend(names.references.iter().filter(|r| r.target == Some(index)).map(|r| (r.file, r.span)));
    spans.sort();
    spans.dedup();
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, span) in spans {
        let Some(uri) = analysis.uri(file) else { continue };
        let range = LineIndex::of(analysis.source(file)).range(span);
        changes.entry(uri.clone()).or_default().push(TextEdit { range, new_text: new_name.to_string() });
    }
    Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids() {
        assert!(super::is_id("web"));
        assert!(super::is_id("as-is_2"));
        assert!(!super::is_id("2web"));
        assert!(!super::is_id(""));
        assert!(!super::is_id("web site"));
        assert!(!super::is_id("café"));
    }
}
