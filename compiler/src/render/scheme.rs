//! One SVG for light and dark (`--theme auto`): the map is drawn in the
//! light theme, and a `<style>` recolours it to the dark theme when the
//! reader prefers dark or the page around it says so.
//!
//! The same journey is laid out in both themes; the two diagrams have the
//! same nodes in the same order and differ only in colours, so walking them
//! side by side pairs every light colour with its dark counterpart. A rule
//! `[fill="#ffffff"]{fill:#0d1117}` then recolours by attribute value,
//! which needs no class or id on any element. For that the pairing must be
//! a function: where one light colour has two dark counterparts (the light
//! theme uses one grey for two things the dark theme tells apart), the
//! second gets a light colour one step away, which nobody can see and which
//! keeps every contrast the palette tests check.
//!
//! Which page says dark: mdBook's `coal`, `navy` and `ayu` classes on
//! `<html>`, `html.dark` (VitePress, Tailwind's convention), Material for
//! MkDocs' `slate` scheme on `<body>`, Docusaurus' `data-theme="dark"` on
//! `<html>`, Bootstrap's `data-bs-theme="dark"` on `<html>` (MkDocs' own
//! `mkdocs` theme's `color_mode`). Which says light, overruling the
//! reader's preference: mdBook's `light` and `rust`, Material's `default`,
//! Docusaurus' `data-theme="light"`, Bootstrap's `data-bs-theme="light"`. Only those elements are looked at: a `<div
//! class="light">` around a map says nothing of the page's theme.

use crate::layout::diagram::{Diagram, Node, Stroke};
use crate::layout::theme::Color;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Page markers of a dark theme (on `<html>` or `<body>`).
const DARK_PAGES: &str =
    "html.coal,html.navy,html.ayu,html.dark,body[data-md-color-scheme=slate],html[data-theme=dark],html[data-bs-theme=dark]";
/// Page markers of a light theme, which win over the reader's preference.
const LIGHT_PAGES: &str = "html.light,html.rust,body[data-md-color-scheme=default],html[data-theme=light],html[data-bs-theme=light]";

/// Light colour → dark colour, for fills and for strokes.
#[derive(Default)]
struct Pairs {
    fill: BTreeMap<Color, Color>,
    stroke: BTreeMap<Color, Color>,
}

/// Recolours `light` so that each of its colours has one dark counterpart
/// in `dark`, and returns the `<style>` element that switches it; `None`
/// when the two diagrams are not the same drawing.
pub fn dark_style(light: &mut Diagram, dark: &Diagram, root_id: &str) -> Option<String> {
    if light.nodes.len() != dark.nodes.len() {
        return None;
    }
    let mut pairs = Pairs::default();
    light.background = pair(&mut pairs.fill, light.background, dark.background);
    for (l, d) in light.nodes.iter_mut().zip(&dark.nodes) {
        if !walk(&mut pairs, l, d) {
            return None;
        }
    }
    Some(style(&pairs, root_id))
}

/// Pairs the colours of one node and its children; false when the nodes differ in shape.
fn walk(pairs: &mut Pairs, light: &mut Node, dark: &Node) -> bool {
    match (light, dark) {
        (Node::Group(l), Node::Group(d)) => {
            if l.children.len() != d.children.len() || l.rect.is_some() != d.rect.is_some() {
                return false;
            }
            if let (Some(lr), Some(dr)) = (&mut l.rect, &d.rect) {
                fill_and_stroke(pairs, &mut lr.fill, dr.fill, &mut lr.stroke, dr.stroke.as_ref());
            }
            l.children.iter_mut().zip(&d.children).all(|(l, d)| walk(pairs, l, d))
        }
        (Node::Rect(l), Node::Rect(d)) => {
            fill_and_stroke(pairs, &mut l.fill, d.fill, &mut l.stroke, d.stroke.as_ref());
            true
        }
        (Node::Text(l), Node::Text(d)) => {
            l.fill = pair(&mut pairs.fill, l.fill, d.fill);
            true
        }
        (Node::Line(l), Node::Line(d)) => {
            l.stroke.color = pair(&mut pairs.stroke, l.stroke.color, d.stroke.color);
            true
        }
        (Node::Path(l), Node::Path(d)) => {
            fill_and_stroke(pairs, &mut l.fill, d.fill, &mut l.stroke, d.stroke.as_ref());
            true
        }
        (Node::Circle(l), Node::Circle(d)) => {
            l.fill = pair(&mut pairs.fill, l.fill, d.fill);
            stroke(pairs, &mut l.stroke, d.stroke.as_ref());
            true
        }
        _ => false,
    }
}

fn fill_and_stroke(
    pairs: &mut Pairs,
    fill: &mut Option<Color>,
    dark_fill: Option<Color>,
    line: &mut Option<Stroke>,
    dark_line: Option<&Stroke>,
) {
    if let (Some(l), Some(d)) = (fill.as_mut(), dark_fill) {
        *l = pair(&mut pairs.fill, *l, d);
    }
    stroke(pairs, line, dark_line);
}

fn stroke(pairs: &mut Pairs, line: &mut Option<Stroke>, dark_line: Option<&Stroke>) {
    if let (Some(l), Some(d)) = (line.as_mut(), dark_line) {
        l.color = pair(&mut pairs.stroke, l.color, d.color);
    }
}

/// The light colour to draw so that it stands for `dark`: `light` itself,
/// or the nearest colour not yet paired with another dark one.
fn pair(pairs: &mut BTreeMap<Color, Color>, light: Color, dark: Color) -> Color {
    for candidate in nearby(light) {
        match pairs.get(&candidate) {
            Some(paired) if *paired == dark => return candidate,
            Some(_) => continue,
            None => {
                pairs.insert(candidate, dark);
                return candidate;
            }
        }
    }
    light
}

/// `light`, then colours one, two, three… steps away in the blue channel
/// (towards the middle, so the step stays inside 0..=255).
fn nearby(light: Color) -> impl Iterator<Item = Color> {
    let Color(r, g, b) = light;
    (0..=64u8).map(move |step| if b >= 128 { Color(r, g, b - step) } else { Color(r, g, b + step) })
}

/// The rules, scoped to this map's root element so that several maps on
/// one page don't meet. Each recoloured colour reads a custom property
/// (`fill:var(--jf3,#ffffff)`) that only the dark conditions define, so
/// the light colours stand wherever nothing says dark.
fn style(pairs: &Pairs, root_id: &str) -> String {
    let mut uses = String::new();
    let mut darks = String::new();
    for (attribute, short, map) in [("fill", "f", &pairs.fill), ("stroke", "s", &pairs.stroke)] {
        for (n, (light, dark)) in map.iter().filter(|(l, d)| l != d).enumerate() {
            let (light, dark) = (light.hex(), dark.hex());
            let _ = writeln!(uses, "#{root_id} [{attribute}=\"{light}\"]{{{attribute}:var(--j{short}{n},{light})}}");
            let _ = write!(darks, "--j{short}{n}:{dark};");
        }
    }
    format!(
        "<style>\n{uses}\
         @media (prefers-color-scheme: dark) {{ #{root_id}:not(:is({LIGHT_PAGES}) *) {{ {darks} }} }}\n\
         :is({DARK_PAGES}) #{root_id} {{ {darks} }}\n</style>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_light_colour_with_two_dark_counterparts_is_split() {
        let mut pairs = BTreeMap::new();
        let grey = Color(200, 200, 200);
        assert_eq!(pair(&mut pairs, grey, Color(1, 1, 1)), grey);
        let second = pair(&mut pairs, grey, Color(2, 2, 2));
        assert_eq!(second, Color(200, 200, 199));
        assert_eq!(pair(&mut pairs, grey, Color(2, 2, 2)), second, "the same pair maps the same way again");
        assert_eq!(pair(&mut pairs, grey, Color(1, 1, 1)), grey);
    }
}
