//! The SVG writer: a [`Diagram`] to a standalone, accessible SVG document.
//!
//! Safe to publish by construction: every string from the diagram is
//! escaped (text and attributes alike) and cleaned of characters XML cannot
//! carry; element and attribute names are fixed here, so no user text can
//! become a `<script>`, an `on…` handler, a link or a reference to another
//! file. Output is deterministic: nodes in order, numbers rounded to two
//! decimals, no maps.

use crate::layout::diagram::{Anchor, Circle, Diagram, Group, Line, Node, Path, Rect, Segment, Stroke, Text, Weight};
use crate::layout::text::is_forbidden;
use crate::layout::theme::Color;
use std::fmt::{self, Display, Write};

/// How an SVG is written beyond its diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct SvgOptions<'a> {
    /// Put before every `id` (and the references to them), so that several
    /// maps inlined in one page never share an id.
    pub id_prefix: &'a str,
    /// The same map laid out in the dark theme: the SVG then carries both
    /// (`--theme auto`, see [`super::scheme`]).
    pub dark: Option<&'a Diagram>,
    /// For a map inlined in a page: it fits the page's column, but shrinks
    /// no further than this share of its size (below, its text would be too
    /// small to read) and scrolls sideways instead; never grows past its size.
    pub shrink_to: Option<f64>,
}

/// Writes the diagram as an SVG document.
pub fn svg(diagram: &Diagram) -> String {
    svg_with(diagram, &SvgOptions::default())
}

/// Writes the diagram as an SVG document, with ids prefixed and both themes as asked.
pub fn svg_with(diagram: &Diagram, options: &SvgOptions) -> String {
    let root_id = format!("{}{}", options.id_prefix, diagram.id);
    let mut recoloured;
    let mut style = None;
    let diagram = match options.dark {
        Some(dark) => {
            recoloured = diagram.clone();
            style = super::scheme::dark_style(&mut recoloured, dark, &root_id);
            &recoloured
        }
        None => diagram,
    };
    // About 2.7 kB per step in practice; start big enough for small maps.
    let mut w = Writer { out: String::with_capacity(64 * 1024), depth: 0, id_prefix: options.id_prefix };
    let id = Escaped(&root_id);
    let (width, height) = (Num(diagram.width), Num(diagram.height));
    w.indent();
    let _ = writeln!(
        w.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"{}\"{}>",
        Escaped(&diagram.font_family),
        RootStyle(options.shrink_to.map(|share| (diagram.width * share, diagram.width)))
    );
    w.depth += 1;
    w.indent();
    let _ = writeln!(w.out, "<title id=\"{id}-title\">{}</title>", Escaped(&diagram.title));
    w.indent();
    let _ = writeln!(w.out, "<desc id=\"{id}-desc\">{}</desc>", Escaped(&diagram.description));
    if let Some(style) = style {
        // Ids are escaped-safe already: journey IDs and a hex prefix.
        w.out.push_str(&style);
        w.out.push('\n');
    }
    w.indent();
    let _ = writeln!(w.out, "<rect class=\"background\" width=\"{width}\" height=\"{height}\" fill=\"{}\"/>", Hex(diagram.background));
    for node in &diagram.nodes {
        w.node(node);
    }
    w.depth -= 1;
    w.out.push_str("</svg>\n");
    w.out
}

/// Streams elements into one string, indented by depth. Everything is
/// written with `write!` and the [`Num`], [`Hex`] and [`Escaped`] adapters,
/// so no element allocates (a map of 1,000 steps is several megabytes).
struct Writer<'a> {
    out: String,
    depth: usize,
    id_prefix: &'a str,
}

impl Writer<'_> {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Group(group) => self.group(group),
            Node::Rect(rect) => self.rect(rect),
            Node::Text(text) => self.text(text),
            Node::Line(line) => self.line(line),
            Node::Path(path) => self.path(path),
            Node::Circle(circle) => self.circle(circle),
        }
    }

    fn group(&mut self, group: &Group) {
        self.indent();
        self.out.push_str("<g");
        if let Some(id) = &group.id {
            let _ = write!(self.out, " id=\"{}{}\"", Escaped(self.id_prefix), Escaped(id));
        }
        if !group.classes.is_empty() {
            self.out.push_str(" class=\"");
            for (i, class) in group.classes.iter().enumerate() {
                if i > 0 {
                    self.out.push(' ');
                }
                let _ = write!(self.out, "{}", Escaped(class));
            }
            self.out.push('"');
        }
        if group.rect.is_none() && group.children.is_empty() {
            self.out.push_str("/>\n");
            return;
        }
        self.out.push_str(">\n");
        self.depth += 1;
        if let Some(rect) = &group.rect {
            self.rect(rect);
        }
        for child in &group.children {
            self.node(child);
        }
        self.depth -= 1;
        self.indent();
        self.out.push_str("</g>\n");
    }

    fn rect(&mut self, rect: &Rect) {
        self.indent();
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            Num(rect.x),
            Num(rect.y),
            Num(rect.width),
            Num(rect.height)
        );
        if rect.radius > 0.0 {
            let _ = write!(self.out, " rx=\"{}\"", Num(rect.radius));
        }
        self.fill(rect.fill);
        self.stroke(rect.stroke.as_ref());
        self.out.push_str("/>\n");
    }

    fn text(&mut self, text: &Text) {
        if text.lines.is_empty() {
            return;
        }
        self.indent();
        let _ = write!(self.out, "<text font-size=\"{}\"", Num(text.size));
        if text.weight == Weight::Bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        let _ = write!(self.out, " fill=\"{}\"", Hex(text.fill));
        match text.anchor {
            Anchor::Start => {}
            Anchor::Middle => self.out.push_str(" text-anchor=\"middle\""),
            Anchor::End => self.out.push_str(" text-anchor=\"end\""),
        }
        self.out.push_str(">\n");
        self.depth += 1;
        for line in &text.lines {
            self.indent();
            let _ = writeln!(self.out, "<tspan x=\"{}\" y=\"{}\">{}</tspan>", Num(line.x), Num(line.y), Escaped(&line.text));
        }
        self.depth -= 1;
        self.indent();
        self.out.push_str("</text>\n");
    }

    fn line(&mut self, line: &Line) {
        self.indent();
        self.out.push_str("<line");
        self.class(line.class);
        let _ = write!(self.out, " x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"", Num(line.x1), Num(line.y1), Num(line.x2), Num(line.y2));
        self.stroke(Some(&line.stroke));
        self.out.push_str("/>\n");
    }

    fn path(&mut self, path: &Path) {
        self.indent();
        self.out.push_str("<path");
        self.class(path.class);
        self.out.push_str(" d=\"");
        for (i, segment) in path.segments.iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            let _ = match segment {
                Segment::MoveTo(p) => write!(self.out, "M{} {}", Num(p.x), Num(p.y)),
                Segment::LineTo(p) => write!(self.out, "L{} {}", Num(p.x), Num(p.y)),
                Segment::CubicTo(a, b, p) => {
                    write!(self.out, "C{} {} {} {} {} {}", Num(a.x), Num(a.y), Num(b.x), Num(b.y), Num(p.x), Num(p.y))
                }
                Segment::Close => write!(self.out, "Z"),
            };
        }
        self.out.push('"');
        self.fill(path.fill);
        self.stroke(path.stroke.as_ref());
        if path.stroke.is_some() {
            self.out.push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
        }
        self.out.push_str("/>\n");
    }

    fn circle(&mut self, circle: &Circle) {
        self.indent();
        self.out.push_str("<circle");
        self.class(circle.class);
        let _ = write!(self.out, " cx=\"{}\" cy=\"{}\" r=\"{}\"", Num(circle.cx), Num(circle.cy), Num(circle.r));
        self.fill(Some(circle.fill));
        self.stroke(circle.stroke.as_ref());
        self.out.push_str("/>\n");
    }

    fn class(&mut self, class: Option<&str>) {
        if let Some(class) = class {
            let _ = write!(self.out, " class=\"{}\"", Escaped(class));
        }
    }

    fn fill(&mut self, fill: Option<Color>) {
        match fill {
            Some(color) => {
                let _ = write!(self.out, " fill=\"{}\"", Hex(color));
            }
            None => self.out.push_str(" fill=\"none\""),
        }
    }

    fn stroke(&mut self, stroke: Option<&Stroke>) {
        let Some(stroke) = stroke else { return };
        let _ = write!(self.out, " stroke=\"{}\" stroke-width=\"{}\"", Hex(stroke.color), Num(stroke.width));
        if let Some((dash, gap)) = stroke.dash {
            let _ = write!(self.out, " stroke-dasharray=\"{} {}\"", Num(dash), Num(gap));
        }
    }
}

/// A number rounded to two decimals, without trailing zeros or `-0`.
pub struct Num(pub f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_finite() {
            return f.write_str("0");
        }
        // Hundredths as an integer: exact, and no float formatting.
        let hundredths = (self.0 * 100.0).round() as i64;
        if hundredths < 0 {
            f.write_str("-")?;
        }
        let (whole, fraction) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
        write!(f, "{whole}")?;
        match fraction {
            0 => Ok(()),
            f10 if f10 % 10 == 0 => write!(f, ".{}", f10 / 10),
            _ => write!(f, ".{fraction:02}"),
        }
    }
}

/// A colour as `#rrggbb`.
struct Hex(Color);

impl Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0 .0, self.0 .1, self.0 .2)
    }
}

/// ` style="…"` of an inlined map: its narrowest and widest width.
struct RootStyle(Option<(f64, f64)>);

impl Display for RootStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => Ok(()),
            Some((narrowest, widest)) => {
                write!(f, " style=\"width:100%;height:auto;min-width:{}px;max-width:{}px\"", Num(narrowest), Num(widest))
            }
        }
    }
}

/// Text escaped for XML as it is written (see [`escape`]).
struct Escaped<'a>(&'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The common case, nothing to escape, writes the string as it is.
        if !self.0.chars().any(needs_care) {
            return f.write_str(self.0);
        }
        f.write_str(&escape(self.0))
    }
}

/// Characters [`escape`] may change.
fn needs_care(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'' | ':' | '=' | '\n' | '\r' | '{') || is_forbidden(c)
}

/// A number as the SVG writes it (see [`Num`]).
pub fn num(value: f64) -> String {
    Num(value).to_string()
}

/// Escapes the five XML special characters and drops characters XML 1.0
/// cannot carry (controls other than tab and newline, U+FFFE, U+FFFF).
///
/// Belt and braces for sites that scan published files with simple
/// patterns: in text that reads like `javascript:` or ` onload=`, the `:`
/// or `=` is written as a character reference. It renders the same, and is
/// harmless anyway since user text only ever lands in text and attribute
/// values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // No line of an SVG is ever blank, so an SVG inlined in Markdown
            // stays one HTML block: a blank line would end it, and the text
            // after would be read as Markdown (links, images).
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // mdBook's `{{#include …}}` is expanded in a page after its
            // preprocessors run: text never spells one out.
            '{' if out.ends_with('{') => out.push_str("&#123;"),
            ':' if ends_with_scheme(&out) => out.push_str("&#58;"),
            '=' if ends_with_handler_name(&out) => out.push_str("&#61;"),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The trailing run of ASCII letters.
fn last_word(text: &str) -> &str {
    let start = text.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    &text[start..]
}

fn ends_with_scheme(text: &str) -> bool {
    let word = last_word(text).to_ascii_lowercase();
    word.ends_with("javascript") || word.ends_with("vbscript")
}

fn ends_with_handler_name(text: &str) -> bool {
    let word = last_word(text);
    word.len() > 2 && word[..2].eq_ignore_ascii_case("on")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("<script>alert('x') & \"y\"</script>"), "&lt;script&gt;alert(&apos;x&apos;) &amp; &quot;y&quot;&lt;/script&gt;");
        assert_eq!(escape("a\u{1}b\u{0}\u{1b}c\u{FFFE}\u{FFFF}"), "abc");
        assert_eq!(escape("]]>"), "]]&gt;");
        assert_eq!(escape("tab\tnewline\n顧客😀"), "tab\tnewline&#10;顧客😀");
        assert_eq!(escape("a\r\n\nb {{#include x}}"), "a&#13;&#10;&#10;b {&#123;#include x}}");
        assert_eq!(escape("JavaScript:alert(1) onload=x Mon=1 a=b: c"), "JavaScript&#58;alert(1) onload&#61;x Mon=1 a=b: c");
    }

    #[test]
    fn numbers_have_at_most_two_decimals() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005_1), "1.01");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-12.5), "-12.5");
        assert_eq!(num(1234.567), "1234.57");
        assert_eq!(num(f64::NAN), "0");
    }
}
