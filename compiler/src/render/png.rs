//! PNG, rendered in-process with resvg from the SVG, using only the fonts
//! embedded in Journey (never the system's), so the same input gives the
//! same pixels on every machine.

/// Why a PNG could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngError(pub String);

/// Rasterises an SVG made by [`super::svg`]; `scale` 2.0 gives a picture
/// twice as wide and high (for high-density screens and slides).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(PngError(format!("scale must be above 0 and at most 8, not {scale}")));
    }
    let mut options = resvg::usvg::Options::default();
    for font in crate::layout::text::FONT_FILES {
        options.fontdb_mut().load_font_data(font.to_vec());
    }
    options.font_family = "DejaVu Sans".to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError(format!("the SVG can't be read: {e}")))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| PngError("the picture would be empty".into()))?;
    if u64::from(size.width()) * u64::from(size.height()) > 100_000_000 {
        return Err(PngError(format!(
            "the picture would be {}×{} pixels; use a smaller --scale or --format svg",
            size.width(),
            size.height()
        )));
    }
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| PngError("the picture is too large".into()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PngError(format!("can't encode the PNG: {e}")))
}
