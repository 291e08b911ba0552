//! Text: measuring with the embedded DejaVu Sans metrics, cleaning user
//! strings, and wrapping them at word boundaries to a width.
//!
//! Widths are advance sums from the font's `hmtx` table, without kerning
//! (DejaVu's kerning pairs mostly tighten text, so this errs wide). A
//! character the font lacks is drawn by the browser from a fallback font we
//! cannot know, so it is measured generously: 1 em for East Asian wide
//! characters, 1.25 em for emoji and anything else. Right-to-left text is
//! measured the same way: bidi reordering does not change a line's width.

use super::diagram::{Anchor, Text, TextLine, Weight};
use super::theme::Color;
use std::sync::OnceLock;

/// What the SVG asks for: the embedded font first, then look-alikes.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

/// The embedded font files (regular, bold; DejaVu Sans under the Bitstream
/// Vera licence, `assets/fonts/LICENSE`), for renderers that draw text
/// themselves (PNG): the same metrics the layout measured with.
pub static FONT_FILES: [&[u8]; 2] =
    [include_bytes!("../../assets/fonts/DejaVuSans.ttf"), include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf")];

/// One face's metrics in em units, with a table for the first 256 code
/// points so that the common case never touches the font tables.
pub struct Font {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
    /// Height above the baseline, in em.
    pub ascent: f64,
    /// Depth below the baseline, in em (positive).
    pub descent: f64,
    latin1: [f64; 256],
}

impl Font {
    fn load(data: &'static [u8]) -> Font {
        let face = ttf_parser::Face::parse(data, 0).expect("the embedded font is a valid TrueType file");
        let units_per_em = f64::from(face.units_per_em());
        let mut font = Font {
            ascent: f64::from(face.ascender()) / units_per_em,
            descent: -f64::from(face.descender()) / units_per_em,
            face,
            units_per_em,
            latin1: [0.0; 256],
        };
        for code in 0..256u32 {
            let c = char::from_u32(code).expect("below 256 is always a char");
            font.latin1[code as usize] = font.lookup(c);
        }
        font
    }

    /// The advance of one character, in em.
    pub fn advance(&self, c: char) -> f64 {
        match self.latin1.get(c as usize) {
            Some(width) => *width,
            None => self.lookup(c),
        }
    }

    fn lookup(&self, c: char) -> f64 {
        if is_invisible(c) {
            return 0.0;
        }
        // DejaVu draws some emoji, but browsers prefer a colour emoji font for them.
        if is_emoji(c) {
            return 1.25;
        }
        let glyph = self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g));
        match glyph {
            Some(advance) => f64::from(advance) / self.units_per_em,
            None if is_wide(c) => 1.0,
            None => 1.25,
        }
    }
}

/// The two embedded faces.
pub struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

/// The fonts, loaded once per process.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts { regular: Font::load(FONT_FILES[0]), bold: Font::load(FONT_FILES[1]) })
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// The width of a single line of text in pixels.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let font = fonts().face(weight);
    text.chars().map(|c| font.advance(c)).sum::<f64>() * size
}

/// Characters that take no room: format controls and variation selectors.
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE007F)
}

/// Characters shown as emoji by default: the pictographic blocks and regional indicators.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF | 0x1F300..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF | 0x1FA70..=0x1FAFF)
}

/// East Asian Wide and Fullwidth characters (the main blocks of UAX #11).
fn is_wide(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x2FFFD
            | 0x30000..=0x3FFFD
    )
}

/// Removes what must never reach the output: control characters other than
/// tab and newline, and the non-characters U+FFFE and U+FFFF. Tabs become
/// spaces. Layout measures the cleaned text, so what is drawn is what was measured.
pub fn clean(text: &str) -> String {
    text.chars().filter(|&c| !is_forbidden(c)).map(|c| if c == '\t' { ' ' } else { c }).collect()
}

/// Characters XML 1.0 cannot carry, or that have no business in a label:
/// the hidden ones ([`crate::unicode`]) would make it read differently than it is.
pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}' || crate::unicode::is_hidden(c)
}

/// The look of a text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f64,
    pub weight: Weight,
    pub fill: Color,
    /// Distance between baselines as a multiple of the size.
    pub leading: f64,
}

impl Style {
    pub fn new(size: f64, weight: Weight, fill: Color) -> Style {
        Style { size, weight, fill, leading: 1.35 }
    }

    pub fn leading(self, leading: f64) -> Style {
        Style { leading, ..self }
    }

    fn font(&self) -> &'static Font {
        fonts().face(self.weight)
    }

    /// Height of a block of `lines` lines, from the top of the first line's
    /// ascent to the bottom of the last line's descent.
    pub fn height(&self, lines: usize) -> f64 {
        if lines == 0 {
            return 0.0;
        }
        let font = self.font();
        (lines - 1) as f64 * self.leading * self.size + (font.ascent + font.descent) * self.size
    }
}

/// Wraps text to `max_width` pixels: greedy, at spaces, keeping explicit
/// line breaks; a word longer than a line is broken between characters
/// (which is also how CJK text, written without spaces, breaks). Runs of
/// white space collapse to one space, as SVG renders them. Returns each
/// line with its width.
pub fn wrap(text: &str, size: f64, weight: Weight, max_width: f64) -> Vec<(String, f64)> {
    let font = fonts().face(weight);
    let measure = |s: &str| s.chars().map(|c| font.advance(c)).sum::<f64>() * size;
    let space = font.advance(' ') * size;
    let fits = |w: f64| w <= max_width + 1e-9;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split_whitespace() {
            let word_width = measure(word);
            if !line.is_empty() && fits(line_width + space + word_width) {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push((std::mem::take(&mut line), line_width));
            }
            if fits(word_width) {
                line = word.to_string();
                line_width = word_width;
                continue;
            }
            // An overlong word: fill lines character by character. A
            // zero-width character (a combining mark) stays with the one before.
            let mut chunk = String::new();
            let mut chunk_width = 0.0;
            for c in word.chars() {
                let advance = font.advance(c) * size;
                if !chunk.is_empty() && advance > 0.0 && !fits(chunk_width + advance) {
                    lines.push((std::mem::take(&mut chunk), chunk_width));
                    chunk_width = 0.0;
                }
                chunk.push(c);
                chunk_width += advance;
            }
            line = chunk;
            line_width = chunk_width;
        }
        if !line.is_empty() {
            lines.push((line, line_width));
        }
    }
    lines
}

/// A wrapped text block whose first line's ascent touches `top`; `x` is the
/// anchor point. Returns the block and its height (zero lines for blank text).
pub fn block(text: &str, style: Style, anchor: Anchor, x: f64, top: f64, max_width: f64) -> (Text, f64) {
    let lines = wrap(text, style.size, style.weight, max_width);
    let first_baseline = top + style.font().ascent * style.size;
    let height = style.height(lines.len());
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, (text, width))| TextLine { x, y: first_baseline + i as f64 * style.leading * style.size, text, width })
        .collect();
    (Text { lines, size: style.size, weight: style.weight, fill: style.fill, anchor }, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_font() {
        // DejaVu Sans: `i` is narrower than `W`; bold is wider than regular.
        assert!(width("i", 10.0, Weight::Regular) < width("W", 10.0, Weight::Regular));
        assert!(width("Hello", 14.0, Weight::Bold) > width("Hello", 14.0, Weight::Regular));
        // The advance of `a` in DejaVu Sans is 1255/2048 em.
        assert!((width("a", 2048.0, Weight::Regular) - 1255.0).abs() < 1e-6);
        assert_eq!(width("", 12.0, Weight::Regular), 0.0);
    }

    #[test]
    fn missing_glyphs_are_measured_generously() {
        assert_eq!(width("顧客", 10.0, Weight::Regular), 20.0);
        assert_eq!(width("😀", 10.0, Weight::Regular), 12.5);
        assert_eq!(width("\u{FE0F}", 10.0, Weight::Regular), 0.0);
        // DejaVu Sans has Hebrew and Arabic glyphs: measured from the font.
        let hebrew = width("שלום", 10.0, Weight::Regular);
        assert!(hebrew > 0.0 && hebrew < 40.0, "{hebrew}");
    }

    #[test]
    fn wraps_at_spaces_and_never_exceeds_the_width() {
        let text = "Opens three competitor sites in tabs and compares the delivery fees";
        let lines = wrap(text, 13.0, Weight::Regular, 120.0);
        assert!(lines.len() > 2);
        for (line, width) in &lines {
            assert!(*width <= 120.0, "{line:?} is {width}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
        let joined: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn breaks_overlong_words_and_cjk() {
        let word = "Supercalifragilisticexpialidocious".repeat(3);
        let lines = wrap(&word, 14.0, Weight::Bold, 100.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|(_, w)| *w <= 100.0));
        assert_eq!(lines.iter().map(|(l, _)| l.as_str()).collect::<String>(), word);
        let cjk = wrap("顧客が注文する", 10.0, Weight::Regular, 35.0);
        assert_eq!(cjk.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["顧客が", "注文す", "る"]);
    }

    #[test]
    fn keeps_line_breaks_and_collapses_spaces() {
        let lines = wrap("one  two\n\nthree\t four", 12.0, Weight::Regular, 1000.0);
        let lines: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["one two", "three four"]);
        assert!(wrap("   ", 12.0, Weight::Regular, 100.0).is_empty());
    }

    #[test]
    fn cleaning_removes_control_characters() {
        assert_eq!(clean("a\u{1}b\u{0}c\u{1F}d\u{FFFE}\u{FFFF}e"), "abcde");
        assert_eq!(clean("tab\there\nnext"), "tab here\nnext");
        assert_eq!(clean("顧客 😀 שלום"), "顧客 😀 שלום");
        // Overrides and zero-width characters would make a label read differently than it is.
        assert_eq!(clean("Pay\u{202E}won\u{202C} \u{200B}now\u{2066}\u{FEFF}"), "Paywon now");
        assert_eq!(clean("👨\u{200D}👩 \u{200F}שלום"), "👨\u{200D}👩 \u{200F}שלום");
    }

    #[test]
    fn block_height_covers_ascent_and_descent() {
        let style = Style::new(10.0, Weight::Regular, Color(0, 0, 0));
        let (text, height) = block("a b", style, Anchor::Start, 5.0, 20.0, 1000.0);
        assert_eq!(text.lines.len(), 1);
        let font = &fonts().regular;
        assert!((text.lines[0].y - (20.0 + font.ascent * 10.0)).abs() < 1e-9);
        assert!((height - (font.ascent + font.descent) * 10.0).abs() < 1e-9);
    }
}
