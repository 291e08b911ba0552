//! `textDocument/formatting`: the same formatter as `journey fmt`, sent as
//! one edit covering only what changed (so the cursor and folds elsewhere stay put).

use crate::convert::LineIndex;
use journey_compiler::format;
use journey_compiler::source::Span;
use tower_lsp_server::ls_types::TextEdit;

/// The edits that format a text; `Err` (the formatter's reason) when it has syntax errors.
pub fn format(text: &str) -> Result<Vec<TextEdit>, String> {
    let formatted = format::format(text).map_err(|e| e.message)?;
    Ok(minimal_edit(text, &formatted).into_iter().collect())
}

/// One edit turning `old` into `new`: the part between their common prefix and suffix.
fn minimal_edit(old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let index = LineIndex::new(old);
    Some(TextEdit { range: index.range(Span::new(prefix, old.len() - suffix)), new_text: new[prefix..new.len() - suffix].to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, edit: &TextEdit) -> String {
        let index = LineIndex::new(old);
        let span = index.span(edit.range).expect("inside");
        format!("{}{}{}", &old[..span.start as usize], edit.new_text, &old[span.end as usize..])
    }

    #[test]
    fn the_edit_covers_only_the_change() {
        let old = "team a \"Ä\"\nteam   b \"B\"\nteam c \"C\"\n";
        let new = "team a \"Ä\"\nteam b \"B\"\nteam c \"C\"\n";
        let edit = minimal_edit(old, new).expect("differs");
        assert_eq!(edit.range.start.line, 1);
        assert_eq!(edit.range.end.line, 1);
        assert_eq!(apply(old, &edit), new);
        assert!(minimal_edit(new, new).is_none());
        let edit = minimal_edit("é", "è").expect("differs");
        assert_eq!(apply("é", &edit), "è");
    }

    #[test]
    fn formats_like_journey_fmt() {
        let old = "team   growth   \"Growth\"\n";
        let edits = format(old).expect("valid");
        assert_eq!(edits.len(), 1);
        assert_eq!(apply(old, &edits[0]), format::format(old).expect("valid"));
        assert!(format("team \"x\n").is_err());
    }
}
