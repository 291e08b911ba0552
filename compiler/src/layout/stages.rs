//! The stage bands over the grid and the panels that group each stage's columns.

use super::cards::{self, Card};
use super::diagram::{Anchor, Circle, Group, Node, Stroke, Weight};
use super::geometry::{signed, Bounds, Piece, Stack};
use super::text::{self, Style};
use super::{span, Column, Ctx, StagePlan, PANEL_PAD};
use crate::ir;

/// The band of each phase above its stages' headers, when the journey has
/// phases: its height.
pub(super) fn phases(ctx: &Ctx, stages: &[StagePlan], columns: &[Column], y: f64) -> Option<(Vec<Node>, f64)> {
    let swatch = ctx.palette.phase;
    let mut built = Vec::new();
    for phase in &ctx.journey.phases {
        let drawn: Vec<usize> = stages.iter().enumerate().filter(|(_, s)| phase.stages.contains(&s.stage.id)).map(|(i, _)| i).collect();
        let (Some(first), Some(last)) = (drawn.first(), drawn.last()) else { continue };
        let (Some((left, _)), Some((_, right))) = (span(columns, *first), span(columns, *last)) else { continue };
        let width = right - left;
        let mut stack = Stack::new(Card::inner_width(width, cards::PAD, false));
        stack.text(&ctx.clean(&phase.label), Style::new(13.5, Weight::Bold, swatch.text));
        let card = Card {
            id: Some(format!("phase-{}", phase.id)),
            classes: vec!["phase", "card"],
            swatch,
            dashed: false,
            stripe: None,
            pad: cards::PAD,
            content: stack.into_piece(),
        };
        built.push((left, width, card));
    }
    if built.is_empty() {
        return None;
    }
    let height = built.iter().map(|(_, _, c)| c.natural_height()).fold(0.0, f64::max);
    Some((built.into_iter().map(|(x, width, card)| card.place(x, y, width, height)).collect(), height))
}

/// The header band of every stage: label, mean emotion, goal. All as tall as the tallest.
pub(super) fn headers(ctx: &Ctx, stages: &[StagePlan], columns: &[Column], y: f64) -> (Vec<Node>, f64) {
    let palette = ctx.palette;
    let swatch = palette.stage_header;
    let mut built = Vec::new();
    // The curves of the whole map, so every stage speaks of the same personas.
    let drawn: Vec<&ir::Step> = stages.iter().flat_map(|s| s.steps.iter().copied()).collect();
    let series = super::emotion::series(ctx, &drawn);
    for (index, stage) in stages.iter().enumerate() {
        let Some((left, right)) = span(columns, index) else { continue };
        let width = right - left;
        let inner = Card::inner_width(width, cards::PAD, false);
        let mut stack = Stack::new(inner);
        stack.text(&ctx.clean(&stage.stage.label), Style::new(16.0, Weight::Bold, swatch.text).leading(1.25));
        stack.gap(6.0);
        // Recomputed from the steps drawn, on the main path, for each persona
        // drawn: a persona's map shows that persona's mean.
        let main = || stage.steps.iter().filter(|s| s.path == ir::PathKind::Main);
        let persona_scores = |persona: &str| -> Vec<f64> {
            main().filter_map(|s| s.feelings.iter().find(|f| f.persona == persona)).map(|f| f64::from(f.score)).collect()
        };
        // Never another persona's feelings: the feelings without `for`
        // stand alone only on a map without personas.
        let scores: Vec<f64> = match series.as_slice() {
            [only] => match only.persona.as_deref() {
                Some(persona) => persona_scores(persona),
                None => main().filter_map(|s| s.emotion.as_ref()).map(|e| f64::from(e.score)).collect(),
            },
            _ => Vec::new(),
        };
        let small = Style::new(12.0, Weight::Regular, palette.stage_header_muted);
        let steps = stage.steps.len();
        let count = format!("{steps} {}", if steps == 1 { "step" } else { "steps" });
        if series.len() > 1 {
            let means: Vec<String> = series
                .iter()
                .filter_map(|line| {
                    let persona = line.persona.as_deref()?;
                    let scores = persona_scores(persona);
                    let name = super::cells::short_name(ctx.persona_name(persona));
                    (!scores.is_empty()).then(|| format!("{name} {}", signed(scores.iter().sum::<f64>() / scores.len() as f64)))
                })
                .collect();
            let text = if means.is_empty() {
                format!("{count} \u{b7} no emotion recorded")
            } else {
                format!("Mean {} \u{b7} {count}", means.join(", "))
            };
            stack.text(&ctx.clean(&text), small);
        } else if scores.is_empty() {
            stack.text(&format!("{count} \u{b7} no emotion recorded"), small);
        } else {
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            let (block, height) =
                text::block(&format!("Mean emotion {} \u{b7} {count}", signed(mean)), small, Anchor::Start, 16.0, 0.0, inner - 16.0);
            let font = &text::fonts().regular;
            let dot_y = font.ascent * small.size - (font.ascent - font.descent) * small.size / 2.0 - 1.0;
            // A light ring keeps dark marker colours visible on the dark band.
            let ring = Stroke { color: swatch.text, width: 1.5, dash: None };
            let dot =
                Circle { class: Some("mean-emotion"), cx: 5.0, cy: dot_y, r: 5.0, fill: palette.emotion_color(mean), stroke: Some(ring) };
            stack.piece(Piece { nodes: vec![Node::Circle(dot), Node::Text(block)], width: inner, height });
        }
        if let Some(goal) = &stage.stage.goal {
            stack.gap(6.0);
            stack.text(&ctx.clean(&format!("Goal: {goal}")), small);
        }
        let card = Card {
            id: Some(format!("stage-{}", stage.stage.id)),
            classes: vec!["stage", "card"],
            swatch,
            dashed: false,
            stripe: None,
            pad: cards::PAD,
            content: stack.into_piece(),
        };
        built.push((left, width, card));
    }
    let height = built.iter().map(|(_, _, c)| c.natural_height()).fold(0.0, f64::max);
    let nodes = built.into_iter().map(|(x, width, card)| card.place(x, y, width, height)).collect();
    (nodes, height)
}

/// The tinted panel behind each stage's columns, from the header band down.
pub(super) fn panels(ctx: &Ctx, stages: &[StagePlan], columns: &[Column], top: f64, bottom: f64) -> Node {
    let children = (0..stages.len())
        .filter_map(|index| span(columns, index))
        .map(|(left, right)| {
            let bounds = Bounds { x: left - PANEL_PAD, y: top, width: right - left + 2.0 * PANEL_PAD, height: bottom - top };
            Node::Rect(bounds.rect(12.0, Some(ctx.palette.stage_panel), None))
        })
        .collect();
    Node::Group(Group { id: None, classes: vec!["stage-panels"], rect: None, children })
}
