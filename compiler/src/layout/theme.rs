//! Colour palettes for the light and dark themes, and the WCAG contrast
//! ratio that keeps every text readable on the surface it sits on.

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// `#rrggbb`, lowercase, as SVG and CSS read it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Parses `#rrggbb`.
    pub fn parse(hex: &str) -> Option<Color> {
        let digits = hex.strip_prefix('#')?;
        if digits.len() != 6 || !digits.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
        Some(Color(channel(0)?, channel(2)?, channel(4)?))
    }

    /// Relative luminance (WCAG 2.x).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// The WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white).
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The two colour schemes a diagram can be drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

/// A fill with the text colour drawn on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
    pub fill: Color,
    pub text: Color,
    /// The outline, where the swatch has one.
    pub border: Color,
}

/// Every colour a diagram uses. Texts are only ever drawn on the fill they
/// are paired with here, so [`Palette::text_pairs`] covers them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub background: Color,
    /// Headings and body text on the background.
    pub ink: Color,
    /// Secondary text on the background and on cards.
    pub muted: Color,
    /// A plain card (steps, does, KPIs, personas, the legend).
    pub card: Swatch,
    /// The panel behind each stage's columns.
    pub stage_panel: Color,
    /// The stage header band.
    pub stage_header: Swatch,
    /// Secondary text in the stage header.
    pub stage_header_muted: Color,
    pub thinks: Swatch,
    pub pain: Swatch,
    pub delight: Swatch,
    pub opportunity: Swatch,
    /// The band of a phase above the stage headers.
    pub phase: Swatch,
    pub blueprint: Swatch,
    /// Pills: KPI status met, missed, unknown.
    pub met: Swatch,
    pub missed: Swatch,
    pub unknown: Swatch,
    /// Channel badges by channel type: digital, human, physical, broadcast, untyped.
    pub channel: [Swatch; 5],
    /// The journey state badge: as-is, to-be.
    pub state: [Swatch; 2],
    /// Marker colours for scores −3 … +3.
    pub emotion: [Color; 7],
    /// The tint of the emotion lane below zero.
    pub negative_zone: Color,
    pub curve: Pen,
    /// Each persona's curve, in the journey's order (the first is `curve`'s
    /// colour); told apart by dashes too, not by colour alone.
    pub persona_curves: [Color; 4],
    /// The ring of a moment that matters on the curve, and its star.
    pub moment: Color,
    /// Flow arrows: branches, loops, exits.
    pub flow: Color,
    pub zero_line: Color,
    pub grid_line: Color,
    /// The ring around curve markers, separating them from the curve.
    pub marker_ring: Color,
    /// Blueprint lines (interaction, visibility, internal interaction).
    pub blueprint_line: Color,
}

/// A line colour and width, without dashes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pen {
    pub color: Color,
    pub width: f64,
}

impl Palette {
    /// The marker colour of a score, clamped to −3…+3.
    pub fn emotion_color(&self, score: f64) -> Color {
        let index = (score.round().clamp(-3.0, 3.0) + 3.0) as usize;
        self.emotion[index]
    }

    /// Every (name, text, background) pair a diagram draws.
    pub fn text_pairs(&self) -> Vec<(&'static str, Color, Color)> {
        let mut pairs = vec![
            ("ink on background", self.ink, self.background),
            ("muted on background", self.muted, self.background),
            ("card text", self.card.text, self.card.fill),
            ("muted on card", self.muted, self.card.fill),
            ("stage header", self.stage_header.text, self.stage_header.fill),
            ("stage header secondary", self.stage_header_muted, self.stage_header.fill),
            ("thinks", self.thinks.text, self.thinks.fill),
            ("pain", self.pain.text, self.pain.fill),
            ("delight", self.delight.text, self.delight.fill),
            ("phase", self.phase.text, self.phase.fill),
            ("opportunity", self.opportunity.text, self.opportunity.fill),
            ("blueprint", self.blueprint.text, self.blueprint.fill),
            ("met", self.met.text, self.met.fill),
            ("missed", self.missed.text, self.missed.fill),
            ("unknown", self.unknown.text, self.unknown.fill),
            ("as-is", self.state[0].text, self.state[0].fill),
            ("to-be", self.state[1].text, self.state[1].fill),
        ];
        let channels = ["digital channel", "human channel", "physical channel", "broadcast channel", "untyped channel"];
        for (name, swatch) in channels.iter().zip(&self.channel) {
            pairs.push((name, swatch.text, swatch.fill));
        }
        pairs
    }

    /// Every (name, graphic, background) pair whose graphic carries meaning
    /// and needs 3:1 (WCAG 1.4.11): markers on the lane, status stripes on cards.
    pub fn graphic_pairs(&self) -> Vec<(String, Color, Color)> {
        let mut pairs = Vec::new();
        for (i, color) in self.emotion.iter().enumerate() {
            let backdrop = if i < 3 { self.negative_zone } else { self.stage_panel };
            pairs.push((format!("emotion {}", i as i32 - 3), *color, backdrop));
        }
        pairs.push(("curve".into(), self.curve.color, self.stage_panel));
        for (i, color) in self.persona_curves.iter().enumerate() {
            pairs.push((format!("persona curve {i}"), *color, self.stage_panel));
            pairs.push((format!("persona curve {i} below zero"), *color, self.negative_zone));
        }
        pairs.push(("moment".into(), self.moment, self.stage_panel));
        pairs.push(("flow arrows".into(), self.flow, self.stage_panel));
        pairs.push(("curve below zero".into(), self.curve.color, self.negative_zone));
        for (name, swatch) in [("met", self.met), ("missed", self.missed), ("unknown", self.unknown)] {
            pairs.push((format!("{name} stripe"), swatch.fill, self.card.fill));
        }
        pairs
    }
}

const fn swatch(fill: Color, text: Color, border: Color) -> Swatch {
    Swatch { fill, text, border }
}

const fn rgb(hex: u32) -> Color {
    Color((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

static LIGHT: Palette = Palette {
    background: rgb(0xf8fafc),
    ink: rgb(0x0f172a),
    muted: rgb(0x475569),
    card: swatch(rgb(0xffffff), rgb(0x1e293b), rgb(0xd5dce6)),
    stage_panel: rgb(0xeef2f7),
    stage_header: swatch(rgb(0x1e3a5f), rgb(0xffffff), rgb(0x1e3a5f)),
    stage_header_muted: rgb(0xd6e2f0),
    thinks: swatch(rgb(0xeef4ff), rgb(0x1e3a8a), rgb(0xc7d7fb)),
    pain: swatch(rgb(0xfff1f1), rgb(0x8f1d1d), rgb(0xf6c4c4)),
    delight: swatch(rgb(0xfff7e0), rgb(0x713f00), rgb(0xf0d27a)),
    opportunity: swatch(rgb(0xecf8f1), rgb(0x14532d), rgb(0xb5e2c8)),
    phase: swatch(rgb(0xe2e8f0), rgb(0x1e293b), rgb(0xcbd5e1)),
    blueprint: swatch(rgb(0xffffff), rgb(0x1e293b), rgb(0xc3cbd8)),
    met: swatch(rgb(0x15803d), rgb(0xffffff), rgb(0x15803d)),
    missed: swatch(rgb(0xb91c1c), rgb(0xffffff), rgb(0xb91c1c)),
    unknown: swatch(rgb(0x64748b), rgb(0xffffff), rgb(0x64748b)),
    channel: [
        swatch(rgb(0xe0ecff), rgb(0x1e40af), rgb(0xe0ecff)),
        swatch(rgb(0xfce7f3), rgb(0x9d174d), rgb(0xfce7f3)),
        swatch(rgb(0xfdf0d5), rgb(0x8a4b08), rgb(0xfdf0d5)),
        swatch(rgb(0xede9fe), rgb(0x5b21b6), rgb(0xede9fe)),
        swatch(rgb(0xe8ecf1), rgb(0x334155), rgb(0xe8ecf1)),
    ],
    state: [swatch(rgb(0xe0e7ff), rgb(0x3730a3), rgb(0xe0e7ff)), swatch(rgb(0xdcfce7), rgb(0x166534), rgb(0xdcfce7))],
    emotion: [rgb(0x991b1b), rgb(0xdc2626), rgb(0xc2410c), rgb(0x64748b), rgb(0x0d9488), rgb(0x15803d), rgb(0x14532d)],
    negative_zone: rgb(0xfbe9ea),
    curve: Pen { color: rgb(0x1e293b), width: 3.0 },
    persona_curves: [rgb(0x1e293b), rgb(0x7c3aed), rgb(0xb45309), rgb(0x0369a1)],
    moment: rgb(0xa16207),
    flow: rgb(0x475569),
    zero_line: rgb(0x64748b),
    grid_line: rgb(0xd9e0ea),
    marker_ring: rgb(0xffffff),
    blueprint_line: rgb(0x475569),
};

static DARK: Palette = Palette {
    background: rgb(0x0b1120),
    ink: rgb(0xf1f5f9),
    muted: rgb(0xa8b3c7),
    card: swatch(rgb(0x172033), rgb(0xe2e8f0), rgb(0x2c3a55)),
    stage_panel: rgb(0x111a2c),
    stage_header: swatch(rgb(0x27406b), rgb(0xffffff), rgb(0x27406b)),
    stage_header_muted: rgb(0xd0dcf0),
    thinks: swatch(rgb(0x172a54), rgb(0xc7dafe), rgb(0x2a4488)),
    pain: swatch(rgb(0x3a1a20), rgb(0xfecaca), rgb(0x6b2a33)),
    delight: swatch(rgb(0x33290a), rgb(0xfde68a), rgb(0x6b5314)),
    opportunity: swatch(rgb(0x11301f), rgb(0xbbf7d0), rgb(0x1f5a3a)),
    phase: swatch(rgb(0x1e293b), rgb(0xe2e8f0), rgb(0x334155)),
    blueprint: swatch(rgb(0x172033), rgb(0xe2e8f0), rgb(0x3a4a68)),
    met: swatch(rgb(0x4ade80), rgb(0x052e16), rgb(0x4ade80)),
    missed: swatch(rgb(0xf87171), rgb(0x450a0a), rgb(0xf87171)),
    unknown: swatch(rgb(0x94a3b8), rgb(0x0f172a), rgb(0x94a3b8)),
    channel: [
        swatch(rgb(0x1e3a8a), rgb(0xdbeafe), rgb(0x1e3a8a)),
        swatch(rgb(0x701a45), rgb(0xfce7f3), rgb(0x701a45)),
        swatch(rgb(0x6b3a06), rgb(0xfef3c7), rgb(0x6b3a06)),
        swatch(rgb(0x4c1d95), rgb(0xede9fe), rgb(0x4c1d95)),
        swatch(rgb(0x334155), rgb(0xe2e8f0), rgb(0x334155)),
    ],
    state: [swatch(rgb(0x312e81), rgb(0xe0e7ff), rgb(0x312e81)), swatch(rgb(0x14532d), rgb(0xdcfce7), rgb(0x14532d))],
    emotion: [rgb(0xf05252), rgb(0xfb8a5b), rgb(0xfbbf24), rgb(0x94a3b8), rgb(0x2dd4bf), rgb(0x4ade80), rgb(0x86efac)],
    negative_zone: rgb(0x2a1420),
    curve: Pen { color: rgb(0xe2e8f0), width: 3.0 },
    persona_curves: [rgb(0xe2e8f0), rgb(0xc4b5fd), rgb(0xfbbf24), rgb(0x7dd3fc)],
    moment: rgb(0xfacc15),
    flow: rgb(0xa8b3c7),
    zero_line: rgb(0x8391a7),
    grid_line: rgb(0x233049),
    marker_ring: rgb(0x0b1120),
    blueprint_line: rgb(0xa8b3c7),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_and_white_is_21() {
        assert!((contrast(Color(0, 0, 0), Color(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(Color(9, 9, 9), Color(9, 9, 9)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn every_text_meets_wcag_aa_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for (name, text, background) in theme.palette().text_pairs() {
                let ratio = contrast(text, background);
                assert!(ratio >= 4.5, "{theme:?} {name}: {} on {} is {ratio:.2}:1", text.hex(), background.hex());
            }
        }
    }

    #[test]
    fn markers_and_stripes_stand_out_from_their_backdrop() {
        for theme in [Theme::Light, Theme::Dark] {
            for (name, graphic, background) in theme.palette().graphic_pairs() {
                let ratio = contrast(graphic, background);
                assert!(ratio >= 3.0, "{theme:?} {name}: {} on {} is {ratio:.2}:1", graphic.hex(), background.hex());
            }
        }
    }

    #[test]
    fn hex_round_trips() {
        let color = Color(0x1e, 0x3a, 0x5f);
        assert_eq!(color.hex(), "#1e3a5f");
        assert_eq!(Color::parse("#1e3a5f"), Some(color));
        assert_eq!(Color::parse("1e3a5f"), None);
    }
}
