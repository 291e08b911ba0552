//! Rename: IDs only, applied to the declaration and every reference in
//! every file of the build. Keywords, built-in emotions and names that
//! resolve to nothing are refused with a reason, and so is a new name that
//! is not an ID or is taken.

use super::query::{self, Symbol};
use super::{Analysis, FileSpan};
use crate::emotions::builtin_score;
use crate::language::{Context, Kind};
use crate::resolve::DeclId;
use crate::source::{FileId, Span};

/// The declaration to rename at the offset, or why there is none.
fn renamable(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Result<(DeclId, Span), String> {
    let build = analysis.build;
    match query::symbol_at(build, file, offset) {
        Some(Symbol::Declaration(index)) => Ok((index, build.names.declaration(index).span)),
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

/// What would be renamed at the offset: the span under the cursor and the
/// ID it stands for; or why nothing can be.
pub fn prepare(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Result<(Span, String), String> {
    let (index, span) = renamable(analysis, file, offset)?;
    Ok((span, analysis.build.names.declaration(index).id.to_string()))
}

/// Whether a text is an ID as the grammar reads it.
pub fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Every place to write `new_name` (the declaration and its uses, sorted),
/// or why the rename can't be made. Empty when the name is unchanged.
pub fn rename(analysis: &Analysis<'_>, file: FileId, offset: usize, new_name: &str) -> Result<Vec<FileSpan>, String> {
    let (index, _) = renamable(analysis, file, offset)?;
    let names = &analysis.build.names;
    let declaration = names.declaration(index);
    if !is_id(new_name) {
        return Err(format!("`{new_name}` is not an ID: start with a letter, then letters, digits, `_` or `-`"));
    }
    if new_name == declaration.id {
        return Ok(Vec::new());
    }
    let kind = declaration.kind;
    if let Some(existing) = names.lookup(kind, declaration.journey, new_name) {
        let (line, _) = analysis.source(existing.file).human_position(existing.span.start as usize);
        return Err(format!("there is already {} `{new_name}` (line {line})", article(kind)));
    }
    if kind == Kind::Emotion && builtin_score(new_name).is_some() {
        return Err(format!("`{new_name}` is a built-in emotion; pick another name"));
    }
    let mut spans = vec![FileSpan { file: declaration.file, span: declaration.span }];
    spans.extend(names.references.iter().filter(|r| r.target == Some(index)).map(|r| FileSpan { file: r.file, span: r.span }));
    spans.sort();
    spans.dedup();
    Ok(spans)
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
