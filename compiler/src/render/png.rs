//! PNG, rendered in-process with resvg from the SVG, using only the fonts
//! embedded in Journey (never the system's), so the same input gives the
//! same pixels on every machine.

/// Why a PNG could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngError(pub String);

/// The most pixels a PNG may have (10,000 × 10,000): a picture this big
/// takes 400 MB to draw; more is a mistake or an attack.
pub const MAX_PIXELS: u64 = 100_000_000;

/// The largest `--scale`.
pub const MAX_SCALE: f32 = 8.0;

/// A scale above 0 and at most [`MAX_SCALE`].
pub fn check_scale(scale: f32) -> Result<(), PngError> {
    if scale.is_finite() && scale > 0.0 && scale <= MAX_SCALE {
        Ok(())
    } else {
        Err(PngError(format!("`--scale` must be above 0 and at most {MAX_SCALE}, not {scale}")))
    }
}

/// Refuses a picture of `width` × `height` (SVG units) at `scale` that
/// would be larger than [`MAX_PIXELS`]. Build calls it with the layout's
/// lower bound before laying out, and with the diagram's size before drawing.
pub fn check_size(width: f64, height: f64, scale: f32) -> Result<(), PngError> {
    check_scale(scale)?;
    let (w, h) = ((width * f64::from(scale)).ceil(), (height * f64::from(scale)).ceil());
    if w * h > MAX_PIXELS as f64 || w > f64::from(i32::MAX / 4) || h > f64::from(i32::MAX / 4) {
        return Err(PngError(format!(
            "the picture would be at least {w:.0}×{h:.0} pixels, more than {} million; use a smaller --scale, --format svg, or --persona to draw less",
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

/// Rasterises an SVG made by [`super::svg`]; `scale` 2.0 gives a picture
/// twice as wide and high (for high-density screens and slides).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    check_scale(scale)?;
    let mut options = resvg::usvg::Options::default();
    for font in crate::layout::text::FONT_FILES {
        options.fontdb_mut().load_font_data(font.to_vec());
    }
    options.font_family = "DejaVu Sans".to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError(format!("the SVG can't be read: {e}")))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| PngError("the picture would be empty".into()))?;
    if u64::from(size.width()) * u64::from(size.height()) > MAX_PIXELS {
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
