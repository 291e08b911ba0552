//! The lanes (rows) of the map and the card each step gets in a lane.

use super::cards::{pill, Card, PAD};
use super::diagram::Weight;
use super::geometry::{flow, Stack};
use super::text::Style;
use super::{Ctx, View};
use crate::ir;
use crate::language::{ChannelType, Evidence, Level};
use smol_str::SmolStr;

/// One row of the map, top to bottom in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Steps,
    Channels,
    Does,
    Thinks,
    Emotion,
    Pains,
    Opportunities,
    Frontstage,
    Backstage,
    Support,
    Kpis,
}

impl Lane {
    /// The lanes a view may show, in order; each is still left out when no step fills it.
    pub fn for_view(view: View) -> &'static [Lane] {
        match view {
            View::Full => &[
                Lane::Steps,
                Lane::Channels,
                Lane::Does,
                Lane::Thinks,
                Lane::Emotion,
                Lane::Pains,
                Lane::Opportunities,
                Lane::Frontstage,
                Lane::Backstage,
                Lane::Support,
                Lane::Kpis,
            ],
            View::Emotion => &[Lane::Emotion],
            View::Blueprint => &[Lane::Steps, Lane::Frontstage, Lane::Backstage, Lane::Support],
        }
    }

    /// Used in ids (`lane-does`, `does-checkout`).
    pub fn id(self) -> &'static str {
        match self {
            Lane::Steps => "steps",
            Lane::Channels => "channels",
            Lane::Does => "does",
            Lane::Thinks => "thinks",
            Lane::Emotion => "emotion",
            Lane::Pains => "pains",
            Lane::Opportunities => "opportunities",
            Lane::Frontstage => "frontstage",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
            Lane::Kpis => "kpis",
        }
    }

    /// The class of the lane's group (a fixed vocabulary, so `&'static`).
    pub fn class(self) -> &'static str {
        match self {
            Lane::Steps => "lane-steps",
            Lane::Channels => "lane-channels",
            Lane::Does => "lane-does",
            Lane::Thinks => "lane-thinks",
            Lane::Emotion => "lane-emotion",
            Lane::Pains => "lane-pains",
            Lane::Opportunities => "lane-opportunities",
            Lane::Frontstage => "lane-frontstage",
            Lane::Backstage => "lane-backstage",
            Lane::Support => "lane-support",
            Lane::Kpis => "lane-kpis",
        }
    }

    /// The heading in the lane label column.
    pub fn label(self) -> &'static str {
        match self {
            Lane::Steps => "Steps",
            Lane::Channels => "Channels & touchpoints",
            Lane::Does => "Doing",
            Lane::Thinks => "Thinking",
            Lane::Emotion => "Feeling",
            Lane::Pains => "Pain points",
            Lane::Opportunities => "Opportunities",
            Lane::Frontstage => "Frontstage",
            Lane::Backstage => "Backstage",
            Lane::Support => "Support processes",
            Lane::Kpis => "Stage KPIs",
        }
    }

    /// Whether the lane is made of one card per step.
    pub fn has_cells(self) -> bool {
        !matches!(self, Lane::Emotion | Lane::Kpis)
    }
}

const BODY: f64 = 13.0;
const ITEM_GAP: f64 = 8.0;

/// The card of one step in one lane, `width` wide; `None` when the step
/// has nothing for this lane (the lane's cell stays empty).
pub fn cell(ctx: &Ctx, lane: Lane, step: &ir::Step, width: f64) -> Option<Card> {
    let palette = ctx.palette;
    let inner = Card::inner_width(width, PAD, false);
    let mut stack = Stack::new(inner);
    let body = |color| Style::new(BODY, Weight::Regular, color);
    let list = |stack: &mut Stack, items: &[SmolStr], style: Style, quoted: bool| {
        for item in items {
            let text = if quoted { format!("\u{201c}{}\u{201d}", item.trim()) } else { item.to_string() };
            stack.gap(ITEM_GAP);
            stack.text(&ctx.clean(&text), style);
        }
    };
    let mut swatch = palette.card;
    let mut dashed = false;
    let mut classes = vec!["cell", "card", lane.id()];
    match lane {
        Lane::Steps => {
            classes = vec!["step", "card"];
            stack.text(&ctx.clean(&step.label), Style::new(14.5, Weight::Bold, palette.card.text).leading(1.25));
            let mut meta = Vec::new();
            if let Some(evidence) = step.evidence {
                dashed = evidence != Evidence::Observed;
                meta.push(evidence_word(evidence).to_string());
            }
            if let Some(owner) = &step.owner {
                meta.push(format!("Owner: {}", ctx.team(owner)));
            }
            stack.gap(6.0);
            stack.text(&ctx.clean(&meta.join(" \u{b7} ")), Style::new(11.5, Weight::Regular, palette.muted));
            // Persona labels often hold commas ("Maya, busy parent"): a line of their own, `;` between.
            if !step.personas.is_empty() {
                let names: Vec<&str> = step.personas.iter().map(|p| ctx.persona_name(p)).collect();
                stack.gap(4.0);
                stack.text(&ctx.clean(&format!("For {}", names.join("; "))), Style::new(11.5, Weight::Regular, palette.muted));
            }
            for source in &step.sources {
                stack.gap(4.0);
                stack.text(&ctx.clean(&format!("Source: {source}")), Style::new(11.0, Weight::Regular, palette.muted));
            }
        }
        Lane::Channels => {
            let badges = step
                .channels
                .iter()
                .map(|id| {
                    let (label, kind) = ctx.channel(id);
                    let (index, class) = channel_style(kind);
                    pill(&ctx.clean(label), 11.5, Weight::Regular, palette.channel[index], inner, vec!["badge", "channel", class])
                })
                .collect();
            stack.piece(flow(badges, inner, 6.0, 6.0));
            if let Some(touchpoint) = &step.touchpoint {
                stack.gap(ITEM_GAP);
                stack.text(&ctx.clean(touchpoint), Style::new(12.5, Weight::Regular, palette.card.text));
            }
        }
        Lane::Does => list(&mut stack, &step.does, body(palette.card.text), false),
        Lane::Thinks => {
            swatch = palette.thinks;
            list(&mut stack, &step.thinks, body(swatch.text), true);
        }
        Lane::Pains => {
            swatch = palette.pain;
            list(&mut stack, &step.pains, body(swatch.text), false);
        }
        Lane::Opportunities => {
            swatch = palette.opportunity;
            for opportunity in &step.opportunities {
                stack.gap(12.0);
                stack.text(&ctx.clean(&opportunity.label), body(swatch.text));
                let mut meta = Vec::new();
                if let Some(owner) = &opportunity.owner {
                    meta.push(ctx.team(owner).to_string());
                }
                if let Some(impact) = opportunity.impact {
                    meta.push(format!("impact {}", level_word(impact)));
                }
                if let Some(effort) = opportunity.effort {
                    meta.push(format!("effort {}", level_word(effort)));
                }
                stack.gap(3.0);
                stack.text(&ctx.clean(&meta.join(" \u{b7} ")), Style::new(11.5, Weight::Bold, swatch.text));
            }
        }
        Lane::Frontstage | Lane::Backstage | Lane::Support => {
            swatch = palette.blueprint;
            let items = match lane {
                Lane::Frontstage => &step.frontstage,
                Lane::Backstage => &step.backstage,
                _ => &step.support,
            };
            list(&mut stack, items, body(swatch.text), false);
        }
        Lane::Emotion | Lane::Kpis => return None,
    }
    if stack.is_empty() {
        return None;
    }
    let id = match lane {
        Lane::Steps => format!("step-{}", step.id),
        _ => format!("{}-{}", lane.id(), step.id),
    };
    Some(Card { id: Some(id), classes, swatch, dashed, stripe: None, pad: PAD, content: stack.into_piece() })
}

fn channel_style(kind: Option<ChannelType>) -> (usize, &'static str) {
    match kind {
        Some(ChannelType::Digital) => (0, "channel-digital"),
        Some(ChannelType::Human) => (1, "channel-human"),
        Some(ChannelType::Physical) => (2, "channel-physical"),
        Some(ChannelType::Broadcast) => (3, "channel-broadcast"),
        None => (4, "channel-untyped"),
    }
}

fn evidence_word(evidence: Evidence) -> &'static str {
    match evidence {
        Evidence::Observed => "Observed",
        Evidence::Assumed => "Assumed",
        Evidence::Proposed => "Proposed",
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}
