//! The diagram: plain geometry, the contract between layout and renderers
//! (as D2's `d2target`). Absolute coordinates in CSS pixels, y pointing
//! down; every text is already wrapped and measured. A renderer draws the
//! nodes in order (later nodes on top) and never needs the model.

use super::theme::Color;

/// One laid-out journey map.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The id of the root element, derived from the journey ID (`journey-first_order`).
    pub id: String,
    pub width: f64,
    pub height: f64,
    /// A short accessible name (`<title>`).
    pub title: String,
    /// A sentence or two that says what the map shows (`<desc>`).
    pub description: String,
    /// The font the text was measured with, first, then fallbacks (CSS `font-family`).
    pub font_family: String,
    /// Fills the whole canvas before any node is drawn.
    pub background: Color,
    pub nodes: Vec<Node>,
}

/// An element of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Group(Group),
    Rect(Rect),
    Text(Text),
    Line(Line),
    Path(Path),
    Circle(Circle),
}

/// A named set of nodes. When `rect` is set it is drawn first and is the box
/// of every text directly inside the group: those texts lie within it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// Stable and unique within the diagram, derived from source IDs (`step-checkout`).
    pub id: Option<String>,
    /// A fixed vocabulary (`card`, `step`, `lane-does`…) that sites can style.
    pub classes: Vec<&'static str>,
    pub rect: Option<Rect>,
    pub children: Vec<Node>,
}

/// An axis-aligned rectangle, optionally with rounded corners.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub radius: f64,
    pub fill: Option<Color>,
    pub stroke: Option<Stroke>,
}

/// How a line or an outline is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f64,
    /// Dash and gap lengths; `None` for a solid line.
    pub dash: Option<(f64, f64)>,
}

/// A block of wrapped text: one or more lines sharing one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub lines: Vec<TextLine>,
    /// Font size in pixels.
    pub size: f64,
    pub weight: Weight,
    pub fill: Color,
    pub anchor: Anchor,
}

/// One line of a text block: its anchor point on the baseline and its measured width.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub text: String,
    /// The advance width measured with the embedded font.
    pub width: f64,
}

/// Font weight: the two faces embedded for measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// Which point of a line `x` is (SVG `text-anchor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A straight segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub class: Option<&'static str>,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub stroke: Stroke,
}

/// An open or closed path of straight and cubic Bézier segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub class: Option<&'static str>,
    pub segments: Vec<Segment>,
    pub fill: Option<Color>,
    pub stroke: Option<Stroke>,
}

/// One command of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    MoveTo(Point),
    LineTo(Point),
    /// Two control points, then the end point.
    CubicTo(Point, Point, Point),
    Close,
}

/// A point in diagram coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A filled circle, such as a marker on the emotion curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    pub class: Option<&'static str>,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub fill: Color,
    pub stroke: Option<Stroke>,
}

impl Node {
    /// Moves the node and everything in it; layout builds pieces at the
    /// origin, measures them, then places them.
    pub fn translate(&mut self, dx: f64, dy: f64) {
        match self {
            Node::Group(group) => {
                if let Some(rect) = &mut group.rect {
                    rect.x += dx;
                    rect.y += dy;
                }
                for child in &mut group.children {
                    child.translate(dx, dy);
                }
            }
            Node::Rect(rect) => {
                rect.x += dx;
                rect.y += dy;
            }
            Node::Text(text) => {
                for line in &mut text.lines {
                    line.x += dx;
                    line.y += dy;
                }
            }
            Node::Line(line) => {
                line.x1 += dx;
                line.x2 += dx;
                line.y1 += dy;
                line.y2 += dy;
            }
            Node::Path(path) => {
                let shift = |p: &mut Point| {
                    p.x += dx;
                    p.y += dy;
                };
                for segment in &mut path.segments {
                    match segment {
                        Segment::MoveTo(p) | Segment::LineTo(p) => shift(p),
                        Segment::CubicTo(a, b, c) => {
                            shift(a);
                            shift(b);
                            shift(c);
                        }
                        Segment::Close => {}
                    }
                }
            }
            Node::Circle(circle) => {
                circle.cx += dx;
                circle.cy += dy;
            }
        }
    }
}

/// Moves every node of a list.
pub fn translate_all(nodes: &mut [Node], dx: f64, dy: f64) {
    for node in nodes {
        node.translate(dx, dy);
    }
}
