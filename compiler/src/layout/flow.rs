//! The flow lane, under the steps: what the written order doesn't show.
//! A decision gets a diamond and an arrow per outcome, labelled with it;
//! side paths branch off as arrows; loops go back as dashed arrows; an exit
//! is an arrow out to "Leaves". A step of the main path that simply leads to
//! the next column gets no arrow: reading left to right says it already.
//!
//! Arrows run below the step cards: down from the step they leave, along a
//! level of the lane, and up into the step they reach. Levels are handed out
//! so that no two arrows (and their labels) share a stretch of one level.

use super::cards::pill;
use super::diagram::{Group, Node, Path, Point, Segment, Stroke, Weight};
use super::Ctx;
use crate::ir;

/// From the top of the lane to the first level, and between levels.
const FIRST_LEVEL: f64 = 30.0;
const LEVEL: f64 = 32.0;
/// Between the arrows leaving (or reaching) one step.
const PORT: f64 = 9.0;
const ARROW: f64 = 7.0;
const DIAMOND: f64 = 8.0;
const LABEL_MAX: f64 = 190.0;

/// A step's column, as the lane needs it.
pub struct Column<'a> {
    pub x: f64,
    pub width: f64,
    /// The bottom of the step's card, where its arrows start and end.
    pub bottom: f64,
    pub step: &'a ir::Step,
}

/// One arrow to draw: between two columns, or out of the journey.
struct Arrow {
    from: usize,
    /// `None` for an exit.
    to: Option<usize>,
    label: Option<String>,
    main: bool,
    is_loop: bool,
    id: String,
}

/// The arrows of the drawn columns (edges and exits the written order
/// doesn't show), in the order they are drawn.
fn arrows(ctx: &Ctx, columns: &[Column]) -> Vec<Arrow> {
    // The first column of an ID, as resolve reads a duplicate (E0012).
    let mut positions: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (i, column) in columns.iter().enumerate() {
        positions.entry(column.step.id.as_str()).or_insert(i);
    }
    let column_of = |id: &str| positions.get(id).copied();
    let mut found = Vec::new();
    for edge in &ctx.journey.flow {
        let (Some(from), Some(to)) = (column_of(&edge.from), column_of(&edge.to)) else { continue };
        if edge.main && !edge.is_loop && to == from + 1 && edge.outcome.is_none() {
            continue;
        }
        let label = edge.outcome.as_ref().map(|o| o.to_string()).or_else(|| edge.is_loop.then(|| "Back".to_string()));
        let id = format!("flow-{}-{}", edge.from, edge.to);
        found.push(Arrow { from, to: Some(to), label, main: edge.main, is_loop: edge.is_loop, id });
    }
    for (from, column) in columns.iter().enumerate() {
        if let Some(exit) = &column.step.exit {
            let label = match &exit.label {
                Some(label) => format!("Leaves: {label}"),
                None => "Leaves".to_string(),
            };
            let id = format!("exit-{}", column.step.id);
            found.push(Arrow { from, to: None, label: Some(label), main: false, is_loop: false, id });
        }
    }
    found
}

/// Whether the lane has anything to draw.
pub fn needed(ctx: &Ctx, columns: &[Column]) -> bool {
    !arrows(ctx, columns).is_empty()
}

/// The lane's nodes, from `top`, and its height.
pub fn lane(ctx: &Ctx, columns: &[Column], top: f64) -> (Vec<Node>, f64) {
    let palette = ctx.palette;
    let arrows = arrows(ctx, columns);
    let centre = |i: usize| columns[i].x + columns[i].width / 2.0;
    // Ports: each arrow leaving or reaching a column gets its own x there.
    let mut leaving = vec![0usize; columns.len()];
    let mut reaching = vec![0usize; columns.len()];
    let mut ends: Vec<(f64, Option<f64>)> = Vec::new();
    for arrow in &arrows {
        let out = centre(arrow.from) + PORT * (leaving[arrow.from] as f64 - 0.5);
        leaving[arrow.from] += 1;
        let into = arrow.to.map(|to| {
            let x = centre(to) - PORT * (reaching[to] as f64 + 0.5) - PORT;
            reaching[to] += 1;
            x
        });
        ends.push((out, into));
    }
    let mut swatch = palette.card;
    swatch.border = palette.flow;
    let labels: Vec<Option<super::geometry::Piece>> = arrows
        .iter()
        .map(|a| a.label.as_ref().map(|text| pill(&ctx.clean(text), 11.5, Weight::Regular, swatch, LABEL_MAX, vec!["flow-label"])))
        .collect();
    // Levels: shortest arrows nearest the steps; each level's stretches apart.
    let mut order: Vec<usize> = (0..arrows.len()).collect();
    let stretch = |i: usize| {
        let (out, into) = ends[i];
        let end = into.unwrap_or(out + 14.0);
        let label = labels[i].as_ref().map_or(0.0, |l| l.width + 12.0);
        (out.min(end) - 4.0, out.max(end).max(out.min(end) + label) + 4.0)
    };
    order.sort_by(|&a, &b| {
        let (a0, a1) = stretch(a);
        let (b0, b1) = stretch(b);
        (a1 - a0).total_cmp(&(b1 - b0)).then(a.cmp(&b))
    });
    let mut levels: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut level_of = vec![0usize; arrows.len()];
    for i in order {
        let (start, end) = stretch(i);
        let free = levels.iter().position(|taken| taken.iter().all(|&(s, e)| end <= s || start >= e));
        let level = free.unwrap_or_else(|| {
            levels.push(Vec::new());
            levels.len() - 1
        });
        levels[level].push((start, end));
        level_of[i] = level;
    }
    let height = FIRST_LEVEL + levels.len().saturating_sub(1) as f64 * LEVEL + 22.0;

    let mut nodes = Vec::new();
    for (index, step) in columns.iter().enumerate().filter(|(_, c)| c.step.decision) {
        let (x, y) = (centre(index), step.bottom + 2.0);
        let p = |x: f64, y: f64| Point { x, y };
        let segments = vec![
            Segment::MoveTo(p(x, y)),
            Segment::LineTo(p(x + DIAMOND, y + DIAMOND)),
            Segment::LineTo(p(x, y + 2.0 * DIAMOND)),
            Segment::LineTo(p(x - DIAMOND, y + DIAMOND)),
            Segment::Close,
        ];
        nodes.push(Node::Group(Group {
            id: Some(format!("decision-{}", step.step.id)),
            classes: vec!["decision-marker"],
            rect: None,
            children: vec![Node::Path(Path { class: None, segments, fill: Some(palette.flow), stroke: None })],
        }));
    }
    for (i, arrow) in arrows.iter().enumerate() {
        let (out, into) = ends[i];
        let y = top + FIRST_LEVEL + level_of[i] as f64 * LEVEL;
        let from = &columns[arrow.from];
        let start = if from.step.decision { from.bottom + 2.0 + 2.0 * DIAMOND } else { from.bottom };
        let p = |x: f64, y: f64| Point { x, y };
        let mut segments = vec![Segment::MoveTo(p(out, start)), Segment::LineTo(p(out, y))];
        let head = match into {
            Some(into) => {
                let end = arrow.to.map_or(top, |to| columns[to].bottom);
                segments.push(Segment::LineTo(p(into, y)));
                segments.push(Segment::LineTo(p(into, end + ARROW)));
                // Pointing up, into the step it reaches.
                vec![
                    Segment::MoveTo(p(into, end)),
                    Segment::LineTo(p(into - ARROW / 1.4, end + ARROW)),
                    Segment::LineTo(p(into + ARROW / 1.4, end + ARROW)),
                    Segment::Close,
                ]
            }
            None => {
                segments.push(Segment::LineTo(p(out + 10.0, y)));
                // Pointing right, out of the journey.
                vec![
                    Segment::MoveTo(p(out + 10.0 + ARROW, y)),
                    Segment::LineTo(p(out + 10.0, y - ARROW / 1.4)),
                    Segment::LineTo(p(out + 10.0, y + ARROW / 1.4)),
                    Segment::Close,
                ]
            }
        };
        let dash = if arrow.is_loop || !arrow.main { Some((6.0, 4.0)) } else { None };
        let stroke = Stroke { color: palette.flow, width: 1.8, dash };
        let mut children = vec![
            Node::Path(Path { class: Some("flow-arrow"), segments, fill: None, stroke: Some(stroke) }),
            Node::Path(Path { class: Some("flow-head"), segments: head, fill: Some(palette.flow), stroke: None }),
        ];
        if let Some(label) = &labels[i] {
            let mut x = match into {
                Some(into) => out.min(into) + 8.0,
                None => out + 10.0 + ARROW + 4.0,
            };
            // Right of every other arrow's upright that passes this level.
            let mut uprights: Vec<f64> = (0..arrows.len())
                .filter(|&j| j != i && level_of[j] >= level_of[i])
                .flat_map(|j| [Some(ends[j].0), ends[j].1])
                .flatten()
                .collect();
            uprights.sort_by(f64::total_cmp);
            for upright in uprights {
                if upright >= x - 3.0 && upright <= x + label.width + 3.0 {
                    x = upright + 6.0;
                }
            }
            children.extend(label.clone().place(x, y - label.height / 2.0));
        }
        let mut classes = vec!["flow-edge"];
        classes.push(match (arrow.to, arrow.is_loop, arrow.main) {
            (None, _, _) => "exit",
            (_, true, _) => "loop",
            (_, _, true) => "main",
            _ => "branch",
        });
        nodes.push(Node::Group(Group { id: Some(arrow.id.clone()), classes, rect: None, children }));
    }
    (nodes, height)
}
