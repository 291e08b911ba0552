//! The emotion lane: a −3…+3 scale, the negative zone tinted, a smooth
//! curve through every scored step, a marker per step coloured by score and
//! the emotion's name beside it.
//!
//! The curve is a monotone cubic (Steffen's method, as d3's `curveMonotoneX`):
//! between two steps it never rises above the higher nor dips below the
//! lower, so it never suggests a feeling nobody recorded. Each label goes
//! below its marker unless the curve passes there, then above.

use super::cards::pill;
use super::diagram::{Anchor, Circle, Group, Line, Node, Path, Point, Segment, Stroke, Weight};
use super::geometry::{signed, Bounds};
use super::text::{self, Style};
use super::Ctx;
use crate::ir;

/// Pixels per score point.
const UNIT: f64 = 30.0;
/// Marker radius.
const RADIUS: f64 = 8.0;
/// Space between a marker and its label.
const LABEL_GAP: f64 = 6.0;
/// Space between the label and the lane's edge.
const EDGE: f64 = 8.0;

/// A step's column: where the marker goes and how wide its label may be.
pub struct Column<'a> {
    pub x: f64,
    pub width: f64,
    pub step: &'a ir::Step,
}

/// The horizontal extent of the lane: the label column and the step columns.
pub struct Frame {
    /// The right edge of the lane-label column, where the scale's numbers end.
    pub scale_right: f64,
    pub grid_left: f64,
    pub grid_right: f64,
}

struct Mark {
    x: f64,
    y: f64,
    score: i8,
    step: String,
    main: bool,
    /// The series (persona) the point belongs to.
    series: usize,
    label: super::geometry::Piece,
}

/// One persona's curve: their name and how the line is drawn. A journey
/// without personas (an error, but the editor still draws) has one series
/// of the feelings written without `for`.
pub struct Series {
    pub persona: Option<String>,
    pub color: super::theme::Color,
    pub dash: Option<(f64, f64)>,
}

/// Dashes per series, so the curves differ by more than colour.
const DASHES: [Option<(f64, f64)>; 4] = [None, Some((10.0, 5.0)), Some((3.0, 4.0)), Some((14.0, 4.0))];
/// How far apart two personas' markers at one step sit.
const SERIES_OFFSET: f64 = 20.0;

/// The series the map draws: one per persona shown that has a feeling.
pub fn series(ctx: &Ctx, steps: &[&ir::Step]) -> Vec<Series> {
    let palette = ctx.palette;
    if ctx.journey.personas.is_empty() {
        return vec![Series { persona: None, color: palette.curve.color, dash: None }];
    }
    ctx.personas()
        .iter()
        .filter(|p| steps.iter().any(|s| s.feelings.iter().any(|f| f.persona == p.id)))
        .enumerate()
        .map(|(i, p)| Series {
            persona: Some(p.id.to_string()),
            color: if i == 0 { palette.curve.color } else { palette.persona_curves[i % palette.persona_curves.len()] },
            dash: DASHES[i % DASHES.len()],
        })
        .collect()
}

/// The (emotion, score) a series has at a step.
fn point<'a>(series: &Series, step: &'a ir::Step) -> Option<(Option<&'a str>, i8)> {
    match &series.persona {
        None => step.emotion.as_ref().map(|e| (e.name.as_deref(), e.score)),
        Some(persona) => step.feelings.iter().find(|f| f.persona == *persona).map(|f| (f.name.as_deref(), f.score)),
    }
}

/// The lane's nodes, starting at `top`, and its height.
pub fn lane(ctx: &Ctx, columns: &[Column], top: f64, frame: &Frame) -> (Vec<Node>, f64) {
    let palette = ctx.palette;
    let steps: Vec<&ir::Step> = columns.iter().map(|c| c.step).collect();
    let series = series(ctx, &steps);
    let several = series.len() > 1;
    let mut marks: Vec<Mark> = Vec::new();
    for column in columns {
        let here: Vec<(usize, Option<&str>, i8)> =
            series.iter().enumerate().filter_map(|(i, s)| point(s, column.step).map(|(name, score)| (i, name, score))).collect();
        let count = here.len();
        for (j, (series_index, name, score)) in here.into_iter().enumerate() {
            let word = match name {
                Some(name) => ctx.clean(ctx.emotion_label(name)),
                None => signed(f64::from(score)),
            };
            let mut swatch = palette.card;
            swatch.border = palette.emotion_color(f64::from(score));
            let label = pill(&word, 12.0, Weight::Regular, swatch, column.width - 16.0, vec!["emotion-label"]);
            let offset = (j as f64 - (count as f64 - 1.0) / 2.0) * SERIES_OFFSET;
            marks.push(Mark {
                x: column.x + column.width / 2.0 + offset,
                y: 0.0,
                score,
                step: column.step.id.to_string(),
                main: column.step.path == ir::PathKind::Main,
                series: series_index,
                label,
            });
        }
    }
    let label_height = marks.iter().map(|m| m.label.height).fold(20.0, f64::max);
    let pad = RADIUS + LABEL_GAP + label_height + EDGE;
    let zero = top + pad + 3.0 * UNIT;
    let y_of = |score: f64| zero - score * UNIT;
    let height = 2.0 * pad + 6.0 * UNIT;
    for mark in &mut marks {
        mark.y = y_of(f64::from(mark.score));
    }

    let mut nodes = Vec::new();
    let zone = Bounds { x: frame.grid_left, y: zero, width: frame.grid_right - frame.grid_left, height: top + height - zero };
    nodes.push(Node::Group(Group {
        id: None,
        classes: vec!["negative-zone"],
        rect: Some(zone.rect(0.0, Some(palette.negative_zone), None)),
        children: vec![],
    }));
    for score in [-3, -2, -1, 1, 2, 3] {
        let y = y_of(f64::from(score));
        let stroke = Stroke { color: palette.grid_line, width: 1.0, dash: None };
        nodes.push(Node::Line(Line { class: Some("grid-line"), x1: frame.grid_left, y1: y, x2: frame.grid_right, y2: y, stroke }));
    }
    let stroke = Stroke { color: palette.zero_line, width: 1.5, dash: Some((6.0, 4.0)) };
    nodes.push(Node::Line(Line { class: Some("zero-line"), x1: frame.grid_left, y1: zero, x2: frame.grid_right, y2: zero, stroke }));
    for score in -3..=3 {
        nodes.push(tick(ctx, score, y_of(f64::from(score)), frame.scale_right));
    }

    // Each persona's curve follows the main path; side paths are dotted
    // segments from the main point before them (and back to the one after,
    // when they rejoin).
    // Each curve apart: labels are kept off every one of them.
    let mut curves: Vec<Vec<Segment>> = Vec::new();
    for (index, line) in series.iter().enumerate() {
        let own: Vec<&Mark> = marks.iter().filter(|m| m.series == index).collect();
        let main: Vec<Point> = own.iter().filter(|m| m.main).map(|m| Point { x: m.x, y: m.y }).collect();
        let segments = curve(&main);
        let class = if several { "emotion-curve persona-curve" } else { "emotion-curve" };
        if segments.len() > 1 {
            let stroke = Stroke { color: line.color, width: palette.curve.width, dash: line.dash };
            nodes.push(Node::Path(Path { class: Some(class), segments: segments.clone(), fill: None, stroke: Some(stroke) }));
        }
        curves.push(segments);
        for branch in branches(ctx, &own) {
            let stroke = Stroke { color: line.color, width: 2.0, dash: Some((1.5, 5.0)) };
            let segments: Vec<Segment> =
                branch.iter().enumerate().map(|(i, p)| if i == 0 { Segment::MoveTo(*p) } else { Segment::LineTo(*p) }).collect();
            nodes.push(Node::Path(Path { class: Some("emotion-branch"), segments, fill: None, stroke: Some(stroke) }));
        }
    }
    let clearance = palette.curve.width / 2.0 + 2.0;
    let mut placed: Vec<Bounds> = Vec::new();
    let moments: rustc_hash::FxHashSet<&str> = columns.iter().filter(|c| c.step.moment.is_some()).map(|c| c.step.id.as_str()).collect();
    for mark in marks {
        let (w, h) = (mark.label.width, mark.label.height);
        let below = Bounds { x: mark.x - w / 2.0, y: mark.y + RADIUS + LABEL_GAP, width: w, height: h };
        let above = Bounds { y: mark.y - RADIUS - LABEL_GAP - h, ..below };
        // Crossing the curves costs; covering another label costs more.
        let cost = |b: &Bounds| {
            curves.iter().map(|c| crossings(c, b, clearance)).sum::<usize>() + 100 * placed.iter().filter(|p| overlaps(p, b)).count()
        };
        let place = if cost(&below) <= cost(&above) { below } else { above };
        placed.push(place);
        let color = palette.emotion_color(f64::from(mark.score));
        let ring_color = if several { series[mark.series].color } else { palette.marker_ring };
        let outline = Stroke { color: ring_color, width: 2.5, dash: None };
        let circle = Circle { class: None, cx: mark.x, cy: mark.y, r: RADIUS, fill: color, stroke: Some(outline) };
        let mut children = vec![Node::Circle(circle)];
        if moments.contains(mark.step.as_str()) {
            let pen = Stroke { color: palette.moment, width: 2.5, dash: None };
            let segments = ring(mark.x, mark.y, RADIUS + 5.0);
            children.push(Node::Path(Path { class: Some("moment-marker"), segments, fill: None, stroke: Some(pen) }));
        }
        children.extend(mark.label.place(place.x, place.y));
        let id = match &series[mark.series].persona {
            Some(persona) if several => format!("emotion-{}-{persona}", mark.step),
            _ => format!("emotion-{}", mark.step),
        };
        nodes.push(Node::Group(Group { id: Some(id), classes: vec!["marker", score_class(mark.score)], rect: None, children }));
    }
    (nodes, height)
}

/// A circle as a path (four cubic arcs), for a ring without a fill.
pub fn ring(cx: f64, cy: f64, r: f64) -> Vec<Segment> {
    let k = 0.552_284_75 * r;
    let p = |x: f64, y: f64| Point { x, y };
    vec![
        Segment::MoveTo(p(cx + r, cy)),
        Segment::CubicTo(p(cx + r, cy + k), p(cx + k, cy + r), p(cx, cy + r)),
        Segment::CubicTo(p(cx - k, cy + r), p(cx - r, cy + k), p(cx - r, cy)),
        Segment::CubicTo(p(cx - r, cy - k), p(cx - k, cy - r), p(cx, cy - r)),
        Segment::CubicTo(p(cx + k, cy - r), p(cx + r, cy - k), p(cx + r, cy)),
        Segment::Close,
    ]
}

fn overlaps(a: &Bounds, b: &Bounds) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// The dotted segments of one series' side paths: each run of side-path
/// points, from the main point before it, to the main point after it when
/// the run leads on to a later step of the main path.
fn branches(ctx: &Ctx, marks: &[&Mark]) -> Vec<Vec<Point>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        if marks[i].main {
            i += 1;
            continue;
        }
        // A run of side points that lead one to the next: one branch.
        let start = i;
        i += 1;
        while i < marks.len() && !marks[i].main && ctx.leads_to(&marks[i - 1].step, &marks[i].step) {
            i += 1;
        }
        let run = &marks[start..i];
        let mut points: Vec<Point> = Vec::new();
        // From the point of this persona's main path that leads into the
        // branch; a branch entered from another persona's step has none.
        if let Some(before) = marks[..start].iter().rev().find(|m| m.main && ctx.leads_to(&m.step, &run[0].step)) {
            points.push(Point { x: before.x, y: before.y });
        }
        points.extend(run.iter().map(|m| Point { x: m.x, y: m.y }));
        if let Some(after) = marks.get(i).filter(|after| run.iter().any(|m| ctx.leads_to(&m.step, &after.step))) {
            points.push(Point { x: after.x, y: after.y });
        }
        if points.len() > 1 {
            found.push(points);
        }
    }
    found
}

/// A number of the scale, right-aligned in the label column.
fn tick(ctx: &Ctx, score: i8, y: f64, right: f64) -> Node {
    let style = Style::new(11.0, Weight::Regular, ctx.palette.muted);
    let size = style.size;
    let font = &text::fonts().regular;
    let top = y - (font.ascent + font.descent) * size / 2.0;
    let (block, height) = text::block(&signed(f64::from(score)), style, Anchor::End, right, top, 60.0);
    let width = block.lines[0].width;
    let bounds = Bounds { x: right - width - 2.0, y: top - 1.0, width: width + 4.0, height: height + 2.0 };
    Node::Group(Group {
        id: None,
        classes: vec!["tick"],
        rect: Some(bounds.rect(0.0, Some(ctx.palette.background), None)),
        children: vec![Node::Text(block)],
    })
}

/// A class per score, for sites that restyle markers (`score-n2`, `score-0`, `score-p3`).
pub fn score_class(score: i8) -> &'static str {
    match score {
        i8::MIN..=-3 => "score-n3",
        -2 => "score-n2",
        -1 => "score-n1",
        0 => "score-0",
        1 => "score-p1",
        2 => "score-p2",
        3..=i8::MAX => "score-p3",
    }
}

/// The monotone cubic through points sorted by x, as path segments.
pub fn curve(points: &[Point]) -> Vec<Segment> {
    let Some(first) = points.first() else { return vec![] };
    let mut segments = vec![Segment::MoveTo(*first)];
    let slopes = tangents(points);
    for i in 1..points.len() {
        let (p0, p1) = (points[i - 1], points[i]);
        let third = (p1.x - p0.x) / 3.0;
        let c1 = Point { x: p0.x + third, y: p0.y + slopes[i - 1] * third };
        let c2 = Point { x: p1.x - third, y: p1.y - slopes[i] * third };
        segments.push(Segment::CubicTo(c1, c2, p1));
    }
    segments
}

/// Tangent slopes that keep each piece monotone (Steffen 1990).
fn tangents(points: &[Point]) -> Vec<f64> {
    let n = points.len();
    if n < 2 {
        return vec![0.0; n];
    }
    let secant = |i: usize| {
        let dx = points[i + 1].x - points[i].x;
        if dx.abs() < 1e-12 {
            0.0
        } else {
            (points[i + 1].y - points[i].y) / dx
        }
    };
    let mut slopes = vec![0.0; n];
    for i in 1..n - 1 {
        let (h0, h1) = (points[i].x - points[i - 1].x, points[i + 1].x - points[i].x);
        let (s0, s1) = (secant(i - 1), secant(i));
        let p = (s0 * h1 + s1 * h0) / (h0 + h1);
        slopes[i] = (sign(s0) + sign(s1)) * s0.abs().min(s1.abs()).min(0.5 * p.abs());
    }
    // The ends: the one-sided three-point estimate, clamped so the first
    // and last pieces stay monotone too (Fritsch–Carlson).
    let end = |s: f64, inner: f64| {
        let m = (3.0 * s - inner) / 2.0;
        if m * s <= 0.0 {
            0.0
        } else if m.abs() > 3.0 * s.abs() {
            3.0 * s
        } else {
            m
        }
    };
    if n == 2 {
        slopes[0] = secant(0);
        slopes[1] = secant(0);
    } else {
        slopes[0] = end(secant(0), slopes[1]);
        slopes[n - 1] = end(secant(n - 2), slopes[n - 2]);
    }
    slopes
}

/// −1, 0 or +1 (unlike `f64::signum`, zero for zero).
fn sign(value: f64) -> f64 {
    if value > 0.0 {
        1.0
    } else if value < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// The curve's y at x, if the curve spans x. Control points sit at thirds
/// of each piece, so x is linear in the Bézier parameter. Pieces are sorted
/// by x, so a binary search finds the one under x (labels of long journeys
/// would otherwise make this quadratic).
fn y_at(segments: &[Segment], x: f64) -> Option<f64> {
    let end_of = |segment: &Segment| match segment {
        Segment::MoveTo(p) | Segment::LineTo(p) | Segment::CubicTo(_, _, p) => Some(*p),
        Segment::Close => None,
    };
    let first = end_of(segments.first()?)?;
    let pieces = &segments[1..];
    let index = pieces.partition_point(|s| end_of(s).is_some_and(|p| p.x < x));
    let Some(Segment::CubicTo(c1, c2, end)) = pieces.get(index) else { return None };
    let start = if index == 0 { first } else { end_of(&pieces[index - 1])? };
    if x < start.x || x > end.x || end.x <= start.x {
        return None;
    }
    let t = (x - start.x) / (end.x - start.x);
    let u = 1.0 - t;
    Some(u * u * u * start.y + 3.0 * u * u * t * c1.y + 3.0 * u * t * t * c2.y + t * t * t * end.y)
}

/// How many samples of the curve pass through a box (grown by `clearance`).
fn crossings(segments: &[Segment], bounds: &Bounds, clearance: f64) -> usize {
    const SAMPLES: usize = 16;
    (0..=SAMPLES)
        .filter_map(|i| y_at(segments, bounds.x + bounds.width * i as f64 / SAMPLES as f64))
        .filter(|y| *y >= bounds.y - clearance && *y <= bounds.bottom() + clearance)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn the_curve_never_overshoots_the_recorded_scores() {
        let points = [p(0.0, 10.0), p(100.0, 100.0), p(200.0, 0.0), p(300.0, 0.0), p(400.0, 60.0)];
        let segments = curve(&points);
        for x in 0..=400 {
            let y = y_at(&segments, f64::from(x)).expect("inside the curve");
            let i = (x as usize / 100).min(3);
            let (lo, hi) = (points[i].y.min(points[i + 1].y), points[i].y.max(points[i + 1].y));
            assert!(y >= lo - 1e-9 && y <= hi + 1e-9, "x {x}: {y} outside {lo}..{hi}");
        }
        assert_eq!(y_at(&segments, 500.0), None);
    }

    #[test]
    fn the_curve_passes_through_every_point() {
        let points = [p(0.0, 5.0), p(50.0, 20.0), p(120.0, -4.0)];
        let segments = curve(&points);
        for point in points {
            assert!((y_at(&segments, point.x).expect("on the curve") - point.y).abs() < 1e-9);
        }
        assert_eq!(curve(&[]), vec![]);
        assert_eq!(curve(&[p(1.0, 2.0)]), vec![Segment::MoveTo(p(1.0, 2.0))]);
    }

    #[test]
    fn crossings_see_the_curve() {
        let segments = curve(&[p(0.0, 0.0), p(100.0, 0.0)]);
        let on = Bounds { x: 10.0, y: -5.0, width: 20.0, height: 10.0 };
        let off = Bounds { y: 20.0, ..on };
        assert!(crossings(&segments, &on, 0.0) > 0);
        assert_eq!(crossings(&segments, &off, 2.0), 0);
    }
}
