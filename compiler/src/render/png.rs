//! PNG, rendered in-process with resvg from the SVG. By default only the
//! fonts embedded in Journey are used, so the same input gives the same
//! pixels on every machine. DejaVu Sans has Latin, Greek, Cyrillic and
//! more, but no Chinese, Japanese, Korean or emoji: a label in those would
//! be drawn as empty boxes, so [`Fonts::missing`] names every character no
//! font has (W0007), and `--fonts system` adds the machine's fonts (the
//! command line loads them; the compiler reads no files).

use crate::layout::diagram::{Diagram, Node};
use resvg::usvg::fontdb;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The fonts a PNG is drawn with.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
}

impl Default for Fonts {
    fn default() -> Fonts {
        Fonts::embedded()
    }
}

impl Fonts {
    /// Journey's own fonts only.
    pub fn embedded() -> Fonts {
        let mut db = fontdb::Database::new();
        for font in crate::layout::text::FONT_FILES {
            db.load_font_data(font.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        Fonts { db: Arc::new(db) }
    }

    /// The database, to add fonts to (the command line's `--fonts system`).
    pub fn database_mut(&mut self) -> &mut fontdb::Database {
        Arc::make_mut(&mut self.db)
    }

    /// The characters of the diagram's texts that no font has a glyph for,
    /// in code point order (spaces, controls and joiners aside: they have no ink).
    pub fn missing(&self, diagram: &Diagram) -> BTreeSet<char> {
        let mut seen = BTreeSet::new();
        let mut texts = Vec::new();
        collect_texts(&diagram.nodes, &mut texts);
        for text in texts {
            seen.extend(text.chars().filter(|&c| has_ink(c)));
        }
        // ASCII is DejaVu's for certain. The rest is looked up face by face,
        // each font read and parsed once (a system has hundreds of faces).
        let mut left: BTreeSet<char> = seen.into_iter().filter(|c| !c.is_ascii_graphic()).collect();
        let faces: Vec<fontdb::ID> = self.db.faces().map(|f| f.id).collect();
        for id in faces {
            if left.is_empty() {
                break;
            }
            self.db.with_face_data(id, |data, index| {
                if let Ok(face) = ttf_parser::Face::parse(data, index) {
                    left.retain(|&c| face.glyph_index(c).is_none());
                }
            });
        }
        left
    }
}

/// Whether a character leaves marks on the page (not a space, control, joiner or variation selector).
fn has_ink(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !crate::unicode::is_hidden(c)
        && !matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

fn collect_texts<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        match node {
            Node::Group(group) => collect_texts(&group.children, out),
            Node::Text(text) => out.extend(text.lines.iter().map(|l| l.text.as_str())),
            _ => {}
        }
    }
}

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

/// Rasterises an SVG made by [`super::svg`] with `fonts`; `scale` 2.0 gives
/// a picture twice as wide and high (for high-density screens and slides).
pub fn png(svg: &str, scale: f32, fonts: &Fonts) -> Result<Vec<u8>, PngError> {
    check_scale(scale)?;
    let mut options = resvg::usvg::Options { fontdb: fonts.db.clone(), ..resvg::usvg::Options::default() };
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
