//! Small geometry helpers: boxes, the stacking and flowing of pieces built
//! at the origin, and the display of signed numbers.

use super::diagram::{Anchor, Node, Rect, Stroke};
use super::text::{self, Style};
use super::theme::Color;

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Bounds {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Bounds) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    pub fn rect(&self, radius: f64, fill: Option<Color>, stroke: Option<Stroke>) -> Rect {
        Rect { x: self.x, y: self.y, width: self.width, height: self.height, radius, fill, stroke }
    }
}

/// A piece built at the origin with its size, ready to be placed.
#[derive(Debug, Clone)]
pub struct Piece {
    pub nodes: Vec<Node>,
    pub width: f64,
    pub height: f64,
}

impl Piece {
    /// Moves the piece so that its top left corner is at (x, y).
    pub fn place(mut self, x: f64, y: f64) -> Vec<Node> {
        super::diagram::translate_all(&mut self.nodes, x, y);
        self.nodes
    }
}

/// Lays pieces top to bottom in a column of fixed width, from y = 0. Gaps
/// are only put between pieces, never before the first.
#[derive(Debug, Clone)]
pub struct Stack {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<Node>,
    pending_gap: f64,
}

impl Stack {
    pub fn new(width: f64) -> Stack {
        Stack { width, height: 0.0, nodes: Vec::new(), pending_gap: 0.0 }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Asks for space before the next piece (the largest request wins).
    pub fn gap(&mut self, gap: f64) {
        self.pending_gap = self.pending_gap.max(gap);
    }

    fn top(&mut self) -> f64 {
        if !self.nodes.is_empty() {
            self.height += self.pending_gap;
        }
        self.pending_gap = 0.0;
        self.height
    }

    /// A wrapped text block the width of the stack; blank text adds nothing.
    pub fn text(&mut self, text: &str, style: Style) {
        if text.trim().is_empty() {
            return;
        }
        let top = self.top();
        let (block, height) = text::block(text, style, Anchor::Start, 0.0, top, self.width);
        self.nodes.push(Node::Text(block));
        self.height = top + height;
    }

    /// A piece, left-aligned.
    pub fn piece(&mut self, piece: Piece) {
        if piece.nodes.is_empty() {
            return;
        }
        let top = self.top();
        self.height = top + piece.height;
        self.nodes.extend(piece.place(0.0, top));
    }

    pub fn into_piece(self) -> Piece {
        Piece { nodes: self.nodes, width: self.width, height: self.height }
    }
}

/// Flows pieces left to right, wrapping to a new row when the width is
/// used up; each row is as tall as its tallest piece.
pub fn flow(pieces: Vec<Piece>, width: f64, gap_x: f64, gap_y: f64) -> Piece {
    let mut nodes = Vec::new();
    let (mut x, mut y, mut row_height, mut used_width) = (0.0, 0.0, 0.0f64, 0.0f64);
    for piece in pieces {
        if x > 0.0 && x + piece.width > width + 1e-9 {
            x = 0.0;
            y += row_height + gap_y;
            row_height = 0.0;
        }
        row_height = row_height.max(piece.height);
        used_width = used_width.max(x + piece.width);
        let advance = piece.width + gap_x;
        nodes.extend(piece.place(x, y));
        x += advance;
    }
    let height = if nodes.is_empty() { 0.0 } else { y + row_height };
    Piece { nodes, width: used_width, height }
}

/// A score or mean for people: `+2`, `0`, `−0.67` (a real minus sign),
/// at most two decimals.
pub fn signed(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        return "0".to_string();
    }
    let digits = format!("{:.2}", rounded.abs());
    let digits = digits.trim_end_matches('0').trim_end_matches('.');
    format!("{}{digits}", if rounded > 0.0 { '+' } else { '\u{2212}' })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers() {
        assert_eq!(signed(2.0), "+2");
        assert_eq!(signed(-0.666), "\u{2212}0.67");
        assert_eq!(signed(-0.001), "0");
        assert_eq!(signed(0.5), "+0.5");
    }

    #[test]
    fn overlap_ignores_touching_edges() {
        let a = Bounds { x: 0.0, y: 0.0, width: 10.0, height: 10.0 };
        let b = Bounds { x: 10.0, y: 0.0, width: 10.0, height: 10.0 };
        let c = Bounds { x: 5.0, y: 5.0, width: 10.0, height: 10.0 };
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && c.overlaps(&b));
    }

    #[test]
    fn flow_wraps_rows() {
        let piece = |w: f64| Piece {
            nodes: vec![Node::Rect(Bounds { x: 0.0, y: 0.0, width: w, height: 10.0 }.rect(0.0, None, None))],
            width: w,
            height: 10.0,
        };
        let flowed = flow(vec![piece(40.0), piece(40.0), piece(40.0)], 90.0, 5.0, 4.0);
        assert_eq!(flowed.height, 24.0);
        assert_eq!(flowed.width, 85.0);
    }
}
