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
    /// Arrows for what the written order doesn't show: branches, loops, exits.
    Flow,
    Channels,
    Does,
    Thinks,
    Says,
    Emotion,
    Pains,
    Delights,
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
                Lane::Flow,
                Lane::Channels,
                Lane::Does,
                Lane::Thinks,
                Lane::Says,
                Lane::Emotion,
                Lane::Pains,
                Lane::Delights,
                Lane::Opportunities,
                Lane::Frontstage,
                Lane::Backstage,
                Lane::Support,
                Lane::Kpis,
            ],
            View::Emotion => &[Lane::Steps, Lane::Emotion],
            // A service blueprint's layers: what the customer does and the
            // touchpoints above the line of interaction, then the staff and systems.
            View::Blueprint => &[Lane::Steps, Lane::Flow, Lane::Does, Lane::Channels, Lane::Frontstage, Lane::Backstage, Lane::Support],
        }
    }

    /// Used in ids (`lane-does`, `does-checkout`).
    pub fn id(self) -> &'static str {
        match self {
            Lane::Steps => "steps",
            Lane::Flow => "flow",
            Lane::Channels => "channels",
            Lane::Does => "does",
            Lane::Thinks => "thinks",
            Lane::Says => "says",
            Lane::Emotion => "emotion",
            Lane::Pains => "pains",
            Lane::Delights => "delights",
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
            Lane::Flow => "lane-flow",
            Lane::Channels => "lane-channels",
            Lane::Does => "lane-does",
            Lane::Thinks => "lane-thinks",
            Lane::Says => "lane-says",
            Lane::Emotion => "lane-emotion",
            Lane::Pains => "lane-pains",
            Lane::Delights => "lane-delights",
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
            Lane::Flow => "Flow",
            Lane::Channels => "Channels & touchpoints",
            Lane::Does => "Doing",
            Lane::Thinks => "Thinking",
            Lane::Says => "Saying",
            Lane::Emotion => "Feeling",
            Lane::Pains => "Pain points",
            Lane::Delights => "Delights",
            Lane::Opportunities => "Opportunities",
            Lane::Frontstage => "Frontstage",
            Lane::Backstage => "Backstage",
            Lane::Support => "Support processes",
            Lane::Kpis => "Stage KPIs",
        }
    }

    /// Whether the lane is made of one card per step.
    pub fn has_cells(self) -> bool {
        !matches!(self, Lane::Flow | Lane::Emotion | Lane::Kpis)
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
    // `said`: the keyword of texts a persona may own (`pain`, `does`, …);
    // `None` for the staff's and systems' lanes, which every map keeps.
    let list = |stack: &mut Stack, said: Option<&str>, items: &[SmolStr], style: Style, quoted: bool| {
        for (index, item) in items.iter().enumerate() {
            let body = if quoted { format!("\u{201c}{}\u{201d}", item.trim()) } else { item.to_string() };
            let owners = step.owners(said.unwrap_or_default(), index);
            let Some(text) = said_text(ctx, said, index, body, &owners, &step.attributions) else { continue };
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
            if step.decision {
                meta.push("Decision".to_string());
                classes.push("decision");
            }
            if step.path == ir::PathKind::Side {
                meta.push("Side path".to_string());
                classes.push("side-path");
            }
            if let Some(evidence) = step.evidence {
                dashed = evidence != Evidence::Observed;
                meta.push(evidence_word(evidence).to_string());
            }
            if let Some(owner) = &step.owner {
                meta.push(format!("Owner: {}", ctx.team(owner)));
            }
            stack.gap(6.0);
            stack.text(&ctx.clean(&meta.join(" \u{b7} ")), Style::new(11.5, Weight::Regular, palette.muted));
            if let Some(moment) = &step.moment {
                classes.push("moment");
                let label = moment.label.as_deref().unwrap_or("Moment that matters");
                stack.gap(6.0);
                stack.piece(pill(
                    &ctx.clean(&format!("\u{2605} {label}")),
                    11.5,
                    Weight::Bold,
                    palette.delight,
                    inner,
                    vec!["badge", "moment"],
                ));
            }
            let time: Vec<String> = [
                step.wait.as_ref().map(|w| format!("Waits {} before", duration_words(w))),
                step.duration.as_ref().map(|d| format!("Takes {}", duration_words(d))),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !time.is_empty() {
                stack.gap(4.0);
                stack.text(&ctx.clean(&time.join(" \u{b7} ")), Style::new(11.5, Weight::Regular, palette.muted));
            }
            // Persona labels often hold commas ("Maya, busy parent"): a line of their own, `;` between.
            // In swimlanes the band says whose a step of one persona is.
            let band_says_it = ctx.swimlanes && step.personas.len() == 1;
            if !step.personas.is_empty() && !band_says_it {
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
            for touchpoint in &step.touchpoints {
                // The channel is named when the step has several, unless the text says it.
                let text = match &touchpoint.channel {
                    Some(channel) if step.channels.len() > 1 && !touchpoint.text.contains(ctx.channel(channel).0) => {
                        format!("{} ({})", touchpoint.text, ctx.channel(channel).0)
                    }
                    _ => touchpoint.text.to_string(),
                };
                stack.gap(ITEM_GAP);
                stack.text(&ctx.clean(&text), Style::new(12.5, Weight::Regular, palette.card.text));
            }
        }
        Lane::Does => list(&mut stack, Some("does"), &step.does, body(palette.card.text), false),
        Lane::Thinks => {
            swatch = palette.thinks;
            list(&mut stack, Some("thinks"), &step.thinks, body(swatch.text), true);
        }
        Lane::Says => list(&mut stack, Some("quote"), &step.quotes, Style::new(BODY, Weight::Regular, palette.card.text), true),
        Lane::Pains => {
            swatch = palette.pain;
            list(&mut stack, Some("pain"), &step.pains, body(swatch.text), false);
        }
        Lane::Delights => {
            swatch = palette.delight;
            list(&mut stack, Some("delight"), &step.delights, body(swatch.text), false);
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
            list(&mut stack, None, items, body(swatch.text), false);
        }
        Lane::Flow | Lane::Emotion | Lane::Kpis => return None,
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

/// How the map shows the `index`th text of the statement `said` (`pain`,
/// `does`, …; `None` for staff and systems, which every map keeps): left
/// out on the map of a persona it isn't theirs, and prefixed with the
/// persona it is said `for` on a map of several personas.
fn said_text(
    ctx: &Ctx,
    said: Option<&str>,
    index: usize,
    body: String,
    owners: &[&SmolStr],
    attributions: &[ir::Attribution],
) -> Option<String> {
    let shown = ctx.options.persona.as_ref();
    if said.is_some() && shown.is_some_and(|shown| !owners.iter().any(|o| o.as_str() == shown.as_str())) {
        return None;
    }
    let statement = said.unwrap_or_default();
    let whose = attributions.iter().find(|a| a.statement == statement && a.index == index).map(|a| &a.persona);
    Some(match whose {
        Some(persona) if ctx.journey.personas.len() > 1 => format!("{}: {body}", short_name(ctx.persona_name(persona))),
        _ => body,
    })
}

/// "Dana" from "Dana, farmer": the name before a comma, for a prefix.
pub fn short_name(label: &str) -> &str {
    label.split(',').next().unwrap_or(label).trim()
}

/// `40min` → "40 min", `2w` → "2 weeks", `1d` → "1 day".
pub fn duration_words(value: &ir::Value) -> String {
    let number =
        if value.value.fract() == 0.0 { format!("{}", value.value as i64) } else { format!("{}", (value.value * 100.0).round() / 100.0) };
    let one = value.value == 1.0;
    let unit = match value.unit.as_str() {
        "s" => "s",
        "min" => "min",
        "h" => "h",
        "d" if one => "day",
        "d" => "days",
        "w" if one => "week",
        "w" => "weeks",
        other => other,
    };
    format!("{number} {unit}")
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

/// The card of a stage's own content in one lane (its pains, delights,
/// opportunities or systems), `width` wide: drawn across the stage's columns.
pub fn stage_cell(ctx: &Ctx, lane: Lane, stage: &ir::Stage, width: f64) -> Option<Card> {
    let palette = ctx.palette;
    let inner = Card::inner_width(width, PAD, false);
    let mut stack = Stack::new(inner);
    // As in `cell`: the keyword of texts a persona may own, `None` for systems.
    let (swatch, said, items): (_, Option<&str>, &[SmolStr]) = match lane {
        Lane::Pains => (palette.pain, Some("pain"), &stage.pains),
        Lane::Delights => (palette.delight, Some("delight"), &stage.delights),
        Lane::Support => (palette.blueprint, None, &stage.support),
        Lane::Opportunities => (palette.opportunity, None, &[]),
        _ => return None,
    };
    let heading = Style::new(11.0, Weight::Bold, swatch.text);
    let body = Style::new(BODY, Weight::Regular, swatch.text);
    let mut any = false;
    for (index, item) in items.iter().enumerate() {
        let owners = stage.owners(said.unwrap_or_default(), index);
        let Some(text) = said_text(ctx, said, index, item.to_string(), &owners, &stage.attributions) else { continue };
        if !any {
            stack.text("WHOLE STAGE", heading);
        }
        any = true;
        stack.gap(ITEM_GAP);
        stack.text(&ctx.clean(&text), body);
    }
    if lane == Lane::Opportunities {
        for opportunity in &stage.opportunities {
            if !any {
                stack.text("WHOLE STAGE", heading);
            }
            any = true;
            stack.gap(ITEM_GAP);
            stack.text(&ctx.clean(&opportunity.label), body);
            if let Some(owner) = &opportunity.owner {
                stack.gap(3.0);
                stack.text(&ctx.clean(ctx.team(owner)), Style::new(11.5, Weight::Bold, swatch.text));
            }
        }
    }
    if !any {
        return None;
    }
    let id = format!("{}-stage-{}", lane.id(), stage.id);
    Some(Card {
        id: Some(id),
        classes: vec!["cell", "card", "stage-wide", lane.id()],
        swatch,
        dashed: false,
        stripe: None,
        pad: PAD,
        content: stack.into_piece(),
    })
}
