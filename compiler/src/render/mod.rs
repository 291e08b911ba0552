//! Stage 6: renderers. JSON writes the model as it is. SVG draws a [`crate::layout::Diagram`] (plain
//! geometry) and never sees the model or the syntax; PNG rasterises that SVG
//! and HTML wraps it in a page with the persona and KPI tables. Mermaid is
//! the exception: Mermaid lays out its own diagrams, so it is written from the
//! model directly.

pub mod html;
pub mod json;
pub mod mermaid;
pub mod png;
pub mod scheme;
pub mod svg;

pub use svg::svg;

use crate::ir::{Journey, Model};
use crate::layout::{self, Theme};

/// Which colours a drawing carries: one theme, or both (`auto`), the dark
/// one switched on by the reader's preference or the page's own theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colors {
    #[default]
    Light,
    Dark,
    Auto,
}

impl Colors {
    /// The theme the map is laid out in (`auto` draws the light one first).
    pub fn theme(self) -> Theme {
        match self {
            Colors::Light | Colors::Auto => Theme::Light,
            Colors::Dark => Theme::Dark,
        }
    }
}

/// Lays out one journey and writes its SVG, in the colours asked for, with
/// the ids and root style of `svg` ([`svg::SvgOptions::dark`] is set here
/// for `auto`). Every front end that draws a map comes here.
pub fn draw(model: &Model, journey: &Journey, options: &layout::Options, colors: Colors, svg: svg::SvgOptions) -> String {
    let options = layout::Options { theme: colors.theme(), ..options.clone() };
    let diagram = layout::layout(model, journey, &options);
    let dark = (colors == Colors::Auto).then(|| layout::layout(model, journey, &layout::Options { theme: Theme::Dark, ..options.clone() }));
    svg::svg_with(&diagram, &svg::SvgOptions { dark: dark.as_ref(), ..svg })
}
