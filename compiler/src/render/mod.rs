//! Stage 6: renderers. JSON writes the model as it is. SVG draws a [`crate::layout::Diagram`] (plain
//! geometry) and never sees the model or the syntax; PNG rasterises that SVG
//! and HTML wraps it in a page with the persona and KPI tables. Mermaid is
//! the exception: Mermaid lays out its own diagrams, so it is written from the
//! model directly.

pub mod html;
pub mod json;
pub mod mermaid;
pub mod png;
pub mod svg;

pub use svg::svg;
