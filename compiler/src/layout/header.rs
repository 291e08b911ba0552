//! The top of the map (state badge, title, goal, description), the legend,
//! and the accessible title and description of the whole diagram.

use super::cards::{pill, status, Card, PAD};
use super::diagram::{Anchor, Circle, Group, Node, Stroke, Weight};
use super::geometry::{flow, signed, Bounds, Piece, Stack};
use super::text::{self, Style};
use super::{Ctx, StagePlan, View};
use crate::ir::Status;
use crate::language::{Evidence, State};

/// The header at (x, y), `width` wide: its nodes and height.
pub fn header(ctx: &Ctx, stages: &[StagePlan], x: f64, y: f64, width: f64) -> (Vec<Node>, f64) {
    let palette = ctx.palette;
    let journey = ctx.journey;
    let mut stack = Stack::new(width);
    let mut kicker = Vec::new();
    if let Some(state) = journey.state {
        let (label, swatch) = match state {
            State::AsIs => ("As-is", palette.state[0]),
            State::ToBe => ("To-be", palette.state[1]),
        };
        kicker.push(pill(label, 11.5, Weight::Bold, swatch, width, vec!["badge", "state"]));
    }
    let steps: usize = stages.iter().map(|s| s.steps.len()).sum();
    let mut words = vec![match ctx.options.view {
        View::Full => "Customer journey map".to_string(),
        View::Emotion => "Emotion curve".to_string(),
        View::Blueprint => "Service blueprint".to_string(),
    }];
    words.push(format!("{} {}", stages.len(), plural(stages.len(), "stage", "stages")));
    words.push(format!("{steps} {}", plural(steps, "step", "steps")));
    if let Some(persona) = &ctx.options.persona {
        words.push(format!("for {}", ctx.persona_name(persona)));
    }
    let style = Style::new(12.5, Weight::Regular, palette.muted);
    let kicker_height = kicker.first().map_or(0.0, |p| p.height);
    let (block, height) = text::block(&ctx.clean(&words.join(" \u{b7} ")), style, Anchor::Start, 0.0, 0.0, width);
    let text_width = block.lines.iter().map(|l| l.width).fold(0.0, f64::max);
    let mut nodes = vec![Node::Text(block)];
    // Centre a one-line kicker on the badge.
    super::diagram::translate_all(&mut nodes, 0.0, ((kicker_height - height) / 2.0).max(0.0));
    kicker.push(Piece { nodes, width: text_width, height: height.max(kicker_height) });
    stack.piece(flow(kicker, width, 10.0, 6.0));
    stack.gap(10.0);
    stack.text(&ctx.clean(&journey.title), Style::new(30.0, Weight::Bold, palette.ink).leading(1.2));
    if let Some(goal) = &journey.goal {
        stack.gap(8.0);
        stack.text(&ctx.clean(&format!("Goal: {goal}")), Style::new(16.0, Weight::Regular, palette.ink));
    }
    if let Some(doc) = &journey.doc {
        stack.gap(6.0);
        stack.text(&ctx.clean(doc), Style::new(13.5, Weight::Regular, palette.muted));
    }
    let piece = stack.into_piece();
    // The box reaches a little left of the text, as a lane label's does: some
    // capitals (`J`) have a negative side bearing, so their ink starts
    // before the text's x.
    let bounds = Bounds { x: x - 4.0, y, width: width + 4.0, height: piece.height };
    let group = Group {
        id: Some("header".into()),
        classes: vec!["header"],
        rect: Some(bounds.rect(0.0, Some(palette.background), None)),
        children: piece.place(x, y),
    };
    (vec![Node::Group(group)], bounds.height)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The legend: emotion colours, KPI status colours, and what a dashed
/// outline means when the map has one.
pub fn legend(ctx: &Ctx, stages: &[StagePlan]) -> Card {
    let palette = ctx.palette;
    let caption = Style::new(11.0, Weight::Bold, palette.muted);
    let mut sections = Vec::new();

    let mut emotion = Stack::new(7.0 * 36.0);
    emotion.text("EMOTION", caption);
    emotion.gap(8.0);
    let swatches = (-3..=3)
        .map(|score| {
            let label = signed(f64::from(score));
            let style = Style::new(11.0, Weight::Regular, palette.card.text);
            let (block, _) = text::block(&label, style, Anchor::Middle, 18.0, 22.0, 36.0);
            let height = 22.0 + style.height(1);
            let ring = Stroke { color: palette.marker_ring, width: 2.0, dash: None };
            let circle =
                Circle { class: None, cx: 18.0, cy: 8.0, r: 7.0, fill: palette.emotion_color(f64::from(score)), stroke: Some(ring) };
            Piece { nodes: vec![Node::Circle(circle), Node::Text(block)], width: 36.0, height }
        })
        .collect();
    emotion.piece(flow(swatches, 7.0 * 36.0, 0.0, 0.0));
    sections.push(emotion.into_piece());

    // The emotion view draws no KPIs: its legend is the emotions and the curves.
    let full = ctx.options.view != View::Emotion;
    let mut kpis = Stack::new(220.0);
    kpis.text("KPI STATUS", caption);
    kpis.gap(8.0);
    let pills = [Status::Met, Status::Missed, Status::Unknown]
        .into_iter()
        .map(|s| {
            let (swatch, word, _) = status(palette, s);
            pill(word, 11.0, Weight::Bold, swatch, 220.0, vec!["status"])
        })
        .collect();
    kpis.piece(flow(pills, 220.0, 6.0, 6.0));
    let has_kpis = !ctx.journey.kpis.is_empty() || stages.iter().any(|s| !s.stage.kpis.is_empty());
    if full && has_kpis {
        sections.push(kpis.into_piece());
    }

    let steps: Vec<&crate::ir::Step> = stages.iter().flat_map(|s| s.steps.iter().copied()).collect();
    let series = super::emotion::series(ctx, &steps);
    let side = steps.iter().any(|s| s.path == crate::ir::PathKind::Side && (s.emotion.is_some() || !s.feelings.is_empty()));
    let moments = steps.iter().any(|s| s.moment.is_some());
    if series.len() > 1 || side || moments {
        let width = 190.0;
        let mut curves = Stack::new(width);
        curves.text("CURVES", caption);
        let style = Style::new(11.0, Weight::Regular, palette.card.text);
        let entry = |sample: Vec<Node>, label: &str| {
            let (block, height) = text::block(&ctx.clean(label), style, Anchor::Start, 36.0, 0.0, width - 36.0);
            let mut nodes = vec![Node::Text(block)];
            let offset = ((height - 18.0) / 2.0).max(0.0);
            let mut sample = sample;
            super::diagram::translate_all(&mut sample, 0.0, offset);
            nodes.extend(sample);
            Piece { nodes, width, height: height.max(18.0) }
        };
        let line = |class, color, dash, line_width| {
            let p = |x: f64| super::diagram::Point { x, y: 9.0 };
            let segments = vec![super::diagram::Segment::MoveTo(p(0.0)), super::diagram::Segment::LineTo(p(28.0))];
            vec![Node::Path(super::diagram::Path {
                class: Some(class),
                segments,
                fill: None,
                stroke: Some(Stroke { color, width: line_width, dash }),
            })]
        };
        if series.len() > 1 {
            for line_series in &series {
                let name = line_series.persona.as_deref().map_or("", |p| ctx.persona_name(p));
                curves.gap(6.0);
                curves.piece(entry(line("legend-curve", line_series.color, line_series.dash, palette.curve.width), name));
            }
        }
        if side {
            curves.gap(6.0);
            curves.piece(entry(line("legend-side-path", palette.curve.color, Some((1.5, 5.0)), 2.0), "Side path"));
        }
        if moments {
            let ring = super::emotion::ring(14.0, 9.0, 8.0);
            let pen = Stroke { color: palette.moment, width: 2.5, dash: None };
            let sample = vec![Node::Path(super::diagram::Path { class: None, segments: ring, fill: None, stroke: Some(pen) })];
            curves.gap(6.0);
            curves.piece(entry(sample, "Moment that matters"));
        }
        sections.push(curves.into_piece());
    }

    let unobserved = stages.iter().flat_map(|s| &s.steps).any(|s| matches!(s.evidence, Some(Evidence::Assumed | Evidence::Proposed)));
    if unobserved && ctx.options.view != View::Emotion {
        let mut evidence = Stack::new(170.0);
        evidence.text("EVIDENCE", caption);
        evidence.gap(8.0);
        let sample = Bounds { x: 0.0, y: 0.0, width: 28.0, height: 18.0 };
        let stroke = Stroke { color: palette.card.text, width: 1.0, dash: Some((5.0, 4.0)) };
        let style = Style::new(11.0, Weight::Regular, palette.card.text);
        let (block, height) = text::block("Assumed or proposed", style, Anchor::Start, 36.0, 0.0, 134.0);
        let mut nodes = vec![Node::Text(block)];
        super::diagram::translate_all(&mut nodes, 0.0, ((18.0 - height) / 2.0).max(0.0));
        nodes.insert(0, Node::Rect(sample.rect(4.0, Some(palette.card.fill), Some(stroke))));
        evidence.piece(Piece { nodes, width: 170.0, height: height.max(18.0) });
        sections.push(evidence.into_piece());
    }

    Card {
        id: Some("legend".into()),
        classes: vec!["legend", "card"],
        swatch: palette.card,
        dashed: false,
        stripe: None,
        pad: PAD + 2.0,
        content: flow(sections, f64::INFINITY, 28.0, 0.0),
    }
}

/// The accessible name: the journey's title, and the view or persona when not the full map.
pub fn title(ctx: &Ctx) -> String {
    let mut title = ctx.clean(&ctx.journey.title);
    match ctx.options.view {
        View::Full => {}
        View::Emotion => title.push_str(" \u{2014} emotion curve"),
        View::Blueprint => title.push_str(" \u{2014} service blueprint"),
    }
    if let Some(persona) = &ctx.options.persona {
        title.push_str(&ctx.clean(&format!(" \u{2014} for {}", ctx.persona_name(persona))));
    }
    title
}

/// What a screen reader says about the map: who, the goal, the stages, the
/// emotion's range, and how many pains, opportunities and KPIs.
pub fn description(ctx: &Ctx, stages: &[StagePlan]) -> String {
    let journey = ctx.journey;
    let mut parts = Vec::new();
    let personas: Vec<&str> = ctx.personas().iter().map(|p| p.label.as_str()).collect();
    let who = if personas.is_empty() { String::new() } else { format!(" for {}", personas.join(" and ")) };
    let kind = match journey.state {
        Some(State::AsIs) => "An as-is",
        Some(State::ToBe) => "A to-be",
        None => "A",
    };
    parts.push(format!("{kind} customer journey map of \u{201c}{}\u{201d}{who}.", journey.title));
    if let Some(goal) = &journey.goal {
        parts.push(format!("Goal: {goal}."));
    }
    let steps: Vec<_> = stages.iter().flat_map(|s| &s.steps).collect();
    let labels: Vec<&str> = stages.iter().map(|s| s.stage.label.as_str()).collect();
    parts.push(format!(
        "{} {}, {} {}: {}.",
        stages.len(),
        plural(stages.len(), "stage", "stages"),
        steps.len(),
        plural(steps.len(), "step", "steps"),
        labels.join(", ")
    ));
    let scores: Vec<i8> = steps.iter().filter_map(|s| s.emotion.as_ref().map(|e| e.score)).collect();
    if let (Some(min), Some(max)) = (scores.iter().min(), scores.iter().max()) {
        let mean = scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len() as f64;
        parts.push(format!("Emotion from {} to {}, mean {}.", signed(f64::from(*min)), signed(f64::from(*max)), signed(mean)));
    }
    if ctx.options.view == View::Full {
        let pains: usize = steps.iter().map(|s| s.pains.len()).sum();
        let opportunities: usize = steps.iter().map(|s| s.opportunities.len()).sum();
        parts.push(format!(
            "{pains} pain {}, {opportunities} {}.",
            plural(pains, "point", "points"),
            plural(opportunities, "opportunity", "opportunities")
        ));
        let kpis: Vec<_> = stages.iter().flat_map(|s| &s.stage.kpis).chain(&journey.kpis).collect();
        if !kpis.is_empty() {
            let count = |status: Status| kpis.iter().filter(|k| k.status == status).count();
            parts.push(format!(
                "{} {}: {} met, {} missed, {} unknown.",
                kpis.len(),
                plural(kpis.len(), "KPI", "KPIs"),
                count(Status::Met),
                count(Status::Missed),
                count(Status::Unknown)
            ));
        }
    }
    ctx.clean(&parts.join(" "))
}
