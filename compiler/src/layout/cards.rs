//! Cards and pills: the boxes that hold text. A card's content is built at
//! the origin first so its height is known before the row it sits in is;
//! [`Card::place`] then draws the box and moves the content into it.

use super::diagram::{Anchor, Group, Node, Stroke, Weight};
use super::geometry::{flow, Bounds, Piece, Stack};
use super::text::{self, Style};
use super::theme::{Color, Palette, Swatch};
use super::Ctx;
use crate::ir;
use crate::ir::Status;
use smol_str::SmolStr;

/// Space between a card's edge and its content.
pub const PAD: f64 = 12.0;
/// Width of the status stripe on a KPI card.
const STRIPE: f64 = 5.0;
/// Corner radius of cards.
const RADIUS: f64 = 8.0;

/// A box of content waiting for its position and its row's height.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: Option<String>,
    pub classes: Vec<&'static str>,
    pub swatch: Swatch,
    /// A dashed outline: the content is assumed or proposed, not observed.
    pub dashed: bool,
    /// A coloured bar down the left edge (KPI status).
    pub stripe: Option<Color>,
    pub pad: f64,
    /// Content at the origin, within [`Card::inner_width`].
    pub content: Piece,
}

impl Card {
    /// The content width of a card `width` wide.
    pub fn inner_width(width: f64, pad: f64, stripe: bool) -> f64 {
        width - 2.0 * pad - if stripe { STRIPE } else { 0.0 }
    }

    /// The smallest height that holds the content.
    pub fn natural_height(&self) -> f64 {
        self.content.height + 2.0 * self.pad
    }

    /// Draws the card with its top left corner at (x, y).
    pub fn place(self, x: f64, y: f64, width: f64, height: f64) -> Node {
        let bounds = Bounds { x, y, width, height };
        let dash = if self.dashed { Some((5.0, 4.0)) } else { None };
        let stroke = Stroke { color: self.swatch.border, width: 1.0, dash };
        let mut children = Vec::new();
        let mut left = x + self.pad;
        if let Some(color) = self.stripe {
            let stripe = Bounds { x, y, width: STRIPE, height };
            children.push(Node::Rect(stripe.rect(0.0, Some(color), None)));
            left += STRIPE;
        }
        children.extend(self.content.place(left, y + self.pad));
        Node::Group(Group {
            id: self.id,
            classes: self.classes,
            rect: Some(bounds.rect(RADIUS, Some(self.swatch.fill), Some(stroke))),
            children,
        })
    }
}

/// A rounded label: text on a swatch, wrapped if it is wider than `max_width`,
/// outlined when the swatch's border differs from its fill.
pub fn pill(label: &str, size: f64, weight: Weight, swatch: Swatch, max_width: f64, classes: Vec<&'static str>) -> Piece {
    let (pad_x, pad_y) = (size * 0.7, size * 0.3);
    let style = Style::new(size, weight, swatch.text).leading(1.25);
    let (block, height) = text::block(label, style, Anchor::Start, pad_x, pad_y, (max_width - 2.0 * pad_x).max(size));
    let text_width = block.lines.iter().map(|l| l.width).fold(0.0, f64::max);
    let bounds = Bounds { x: 0.0, y: 0.0, width: text_width + 2.0 * pad_x, height: height + 2.0 * pad_y };
    let radius = (bounds.height / 2.0).min(size);
    // An outline only where the swatch asks for one (emotion labels, line labels).
    let stroke = (swatch.border != swatch.fill).then_some(Stroke { color: swatch.border, width: 1.0, dash: None });
    let group = Group { id: None, classes, rect: Some(bounds.rect(radius, Some(swatch.fill), stroke)), children: vec![Node::Text(block)] };
    Piece { nodes: vec![Node::Group(group)], width: bounds.width, height: bounds.height }
}

/// The swatch and the word for a KPI status.
pub fn status(palette: &Palette, status: Status) -> (Swatch, &'static str, &'static str) {
    match status {
        Status::Met => (palette.met, "Met", "status-met"),
        Status::Missed => (palette.missed, "Missed", "status-missed"),
        Status::Unknown => (palette.unknown, "Unknown", "status-unknown"),
    }
}

/// A KPI: label, target and actual, a status pill with the delta, baseline and owner.
pub fn kpi(ctx: &Ctx, kpi: &ir::Kpi, width: f64) -> Card {
    let palette = ctx.palette;
    let inner = Card::inner_width(width, PAD, true);
    let mut stack = Stack::new(inner);
    stack.text(&ctx.clean(&kpi.label), Style::new(13.0, Weight::Bold, palette.card.text));
    stack.gap(6.0);
    let target = match &kpi.target {
        None => "No target".to_string(),
        Some(target) => match (&target.value, &target.low, &target.high) {
            (Some(value), _, _) => format!("Target {} {}", operator(target.operator), value.text),
            (None, Some(low), Some(high)) => format!("Target {}\u{2013}{}", low.text, high.text),
            _ => "No target".to_string(),
        },
    };
    let actual = kpi.actual.as_ref().map_or("no actual yet".to_string(), |a| format!("Actual {}", a.text));
    stack.text(&ctx.clean(&format!("{target} \u{b7} {actual}")), Style::new(12.0, Weight::Regular, palette.card.text));
    stack.gap(8.0);
    let (swatch, word, _) = status(palette, kpi.status);
    let mut row = vec![pill(word, 11.0, Weight::Bold, swatch, inner, vec!["status"])];
    if let Some(delta) = &kpi.delta {
        let text = format!("{} vs target", delta.text.replacen('-', "\u{2212}", 1));
        let style = Style::new(11.5, Weight::Regular, palette.muted);
        let (block, height) = text::block(&ctx.clean(&text), style, Anchor::Start, 0.0, 0.0, inner);
        let width = block.lines.iter().map(|l| l.width).fold(0.0, f64::max);
        // Centre the delta on the pill's height when it is a single line.
        let pill_height = row[0].height;
        let mut nodes = vec![Node::Text(block)];
        let shift = ((pill_height - height) / 2.0).max(0.0);
        super::diagram::translate_all(&mut nodes, 0.0, shift);
        row.push(Piece { nodes, width, height: height + shift });
    }
    stack.piece(flow(row, inner, 8.0, 6.0));
    let mut meta = Vec::new();
    if let Some(baseline) = &kpi.baseline {
        meta.push(format!("Baseline {}", baseline.text));
    }
    if let Some(owner) = &kpi.owner {
        meta.push(format!("Owner: {}", ctx.team(owner)));
    }
    stack.gap(8.0);
    stack.text(&ctx.clean(&meta.join(" \u{b7} ")), Style::new(11.5, Weight::Regular, palette.muted));
    let (_, _, status_class) = status(palette, kpi.status);
    Card {
        id: Some(format!("kpi-{}", kpi.id)),
        classes: vec!["kpi", "card", status_class],
        swatch: palette.card,
        dashed: false,
        stripe: Some(swatch.fill),
        pad: PAD,
        content: stack.into_piece(),
    }
}

fn operator(op: &str) -> &str {
    match op {
        ">=" => "\u{2265}",
        "<=" => "\u{2264}",
        other => other,
    }
}

/// Widths of a persona card's sections: who they are, then goals, needs, frustrations.
const PERSONA_SECTIONS: [f64; 2] = [300.0, 250.0];
const PERSONA_PAD: f64 = 16.0;
const PERSONA_GAP: f64 = 28.0;

/// A persona: name, description, quotes and traits beside goals, needs and frustrations.
/// Sections shrink together when the card would be wider than `max_width`.
pub fn persona(ctx: &Ctx, persona: &ir::Persona, max_width: f64) -> Card {
    let palette = ctx.palette;
    let lists: Vec<(&str, &Vec<SmolStr>)> = [("Goals", &persona.goals), ("Needs", &persona.needs), ("Frustrations", &persona.frustrations)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect();
    let natural = PERSONA_SECTIONS[0] + lists.len() as f64 * (PERSONA_SECTIONS[1] + PERSONA_GAP) + 2.0 * PERSONA_PAD;
    let scale = (max_width / natural).min(1.0);
    let mut sections = Vec::new();

    let mut who = Stack::new(PERSONA_SECTIONS[0] * scale);
    who.text(&ctx.clean(&persona.label), Style::new(18.0, Weight::Bold, palette.card.text).leading(1.2));
    who.gap(6.0);
    if let Some(doc) = &persona.doc {
        who.text(&ctx.clean(doc), Style::new(12.5, Weight::Regular, palette.muted));
    }
    if !persona.traits.is_empty() {
        who.gap(6.0);
        who.text(&ctx.clean(&persona.traits.join(" \u{b7} ")), Style::new(12.0, Weight::Regular, palette.muted));
    }
    for quote in &persona.quotes {
        who.gap(10.0);
        who.text(&ctx.clean(&format!("\u{201c}{quote}\u{201d}")), Style::new(14.0, Weight::Regular, palette.card.text));
    }
    sections.push(who.into_piece());

    for (title, items) in lists {
        let mut section = Stack::new(PERSONA_SECTIONS[1] * scale);
        section.text(&title.to_uppercase(), Style::new(11.0, Weight::Bold, palette.muted));
        for item in items {
            section.gap(6.0);
            section.text(&ctx.clean(item), Style::new(13.0, Weight::Regular, palette.card.text));
        }
        sections.push(section.into_piece());
    }
    let row = flow(sections, f64::INFINITY, PERSONA_GAP * scale, 0.0);
    Card {
        id: Some(format!("persona-{}", persona.id)),
        classes: vec!["persona", "card"],
        swatch: palette.card,
        dashed: false,
        stripe: None,
        pad: PERSONA_PAD,
        content: row,
    }
}

impl Card {
    /// The width the card needs for its content.
    pub fn natural_width(&self) -> f64 {
        self.content.width + 2.0 * self.pad + if self.stripe.is_some() { STRIPE } else { 0.0 }
    }
}
