//! `journey/render` (custom request): the SVG of a document for the live
//! preview, from the same compilation as the diagnostics, with its version.

use crate::analysis::Analysis;
use journey_compiler::layout;
use journey_compiler::source::FileId;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::Uri;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RenderParams {
    pub uri: Uri,
    #[serde(default)]
    pub theme: Theme,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct RenderResult {
    pub svg: String,
    /// The version of the document the SVG shows (`null` for a file that is not open).
    pub version: Option<i32>,
}

/// The SVG of the document's journey (the first journey written in it, else
/// the first of its build): the whole pipeline after checking, model →
/// layout → SVG, on the compilation the diagnostics came from.
pub fn svg(analysis: &Analysis, file: FileId, theme: Theme) -> Result<String, String> {
    let Some(id) = analysis.ide().journey_to_show(file) else {
        return Err("nothing to preview: no journey in this file or in the files it is joined to by `use`".into());
    };
    let model = analysis.ide().model();
    let Some(journey) = model.journeys.iter().find(|j| j.id == id) else {
        return Err(format!("nothing to preview: journey `{id}` could not be read"));
    };
    let theme = match theme {
        Theme::Light => layout::Theme::Light,
        Theme::Dark => layout::Theme::Dark,
    };
    let diagram = layout::layout(model, journey, &layout::Options { theme, ..layout::Options::default() });
    Ok(journey_compiler::render::svg(&diagram))
}
