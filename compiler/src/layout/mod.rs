//! Stage 5: layout. Turns one journey of the resolved model into a
//! [`Diagram`] of plain geometry that renderers draw without knowing the model.
//!
//! The map is a grid. Columns are steps, grouped under their stage's
//! header band; rows are lanes (steps, channels, doing, thinking, feeling,
//! pains, opportunities, the blueprint lanes, stage KPIs), each left out
//! when no step fills it. Above the grid sit the header, the legend and the
//! persona cards; below it, the journey's own KPIs.
//!
//! The algorithm runs in three passes:
//! 1. **Columns.** Each step takes the narrowest of a few widths at which
//!    its tallest card is short enough; the grid is then widened to the
//!    minimum page width if it is narrower.
//! 2. **Rows.** Every card is built at the origin with its text wrapped to
//!    its column, so each lane is as tall as its tallest card.
//! 3. **Placement.** Top to bottom, moving the pieces into place.
//!
//! Text is wrapped with the embedded font's metrics ([`text`]), so a box
//! is always as large as the text in it. Nothing iterates a hash map and
//! every number comes from the model in order: the same model gives the
//! same diagram.

mod blueprint;
mod cards;
mod cells;
pub mod diagram;
mod emotion;
mod flow;
pub mod geometry;
mod header;
mod stages;
pub mod text;
pub mod theme;

pub use diagram::*;
pub use theme::Theme;

use crate::ir;
use crate::language::ChannelType;
use cards::Card;
use cells::Lane;
use geometry::Bounds;
use text::Style;
use theme::Palette;

/// Which parts of the map to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Everything: personas, all lanes, KPIs, the legend.
    #[default]
    Full,
    /// The header, the stage bands and the emotion curve.
    Emotion,
    /// Steps and the frontstage, backstage and support lanes.
    Blueprint,
}

/// How to lay a journey out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    pub theme: Theme,
    pub view: View,
    /// Keep only the steps for this persona (and those for everyone).
    pub persona: Option<String>,
}

/// Space around the whole map.
const MARGIN: f64 = 48.0;
/// The column of lane names on the left.
const LABEL_COLUMN: f64 = 150.0;
/// Between the lane names and the first step column.
const LABEL_GAP: f64 = 24.0;
/// Between step columns of one stage, and between stages.
const COLUMN_GAP: f64 = 12.0;
const STAGE_GAP: f64 = 32.0;
/// How far a stage's panel reaches around its columns.
const PANEL_PAD: f64 = 10.0;
/// Between lanes, and between the big sections of the page.
const LANE_GAP: f64 = 12.0;
const SECTION_GAP: f64 = 36.0;
/// Narrowest page: small journeys still get room for the header and legend.
const MIN_WIDTH: f64 = 1280.0;
/// Column widths tried in turn, and the card height that is tall enough.
const FULL_WIDTHS: [f64; 5] = [200.0, 230.0, 260.0, 300.0, 340.0];
const EMOTION_WIDTH: f64 = 150.0;
const TALL_CARD: f64 = 150.0;
/// KPI cards: the narrowest in a stage, and the width in the journey band.
const KPI_MIN_WIDTH: f64 = 200.0;
const JOURNEY_KPI_WIDTH: f64 = 270.0;

/// What every part of the layout reads.
pub(crate) struct Ctx<'a> {
    pub model: &'a ir::Model,
    pub journey: &'a ir::Journey,
    pub options: &'a Options,
    pub palette: &'static Palette,
    /// Whether the steps lane is drawn as swimlanes (see [`bands`]): a
    /// step card then need not say whose it is.
    pub swimlanes: bool,
    /// The flow's edges as (from, to), to ask about one without a search.
    pub edges: rustc_hash::FxHashSet<(&'a str, &'a str)>,
}

impl<'a> Ctx<'a> {
    /// User text made safe to measure and draw (see [`text::clean`]).
    pub fn clean(&self, text: &str) -> String {
        text::clean(text)
    }

    pub fn team<'s>(&'s self, id: &'s str) -> &'s str {
        self.model.team(id).map_or(id, |t| t.label.as_str())
    }

    pub fn persona_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.model.persona(id).map_or(id, |p| p.label.as_str())
    }

    pub fn channel<'s>(&'s self, id: &'s str) -> (&'s str, Option<ChannelType>) {
        self.model.channel(id).map_or((id, None), |c| (c.label.as_str(), c.kind))
    }

    /// What the map calls an emotion: a custom emotion's label, else its name.
    pub fn emotion_label<'s>(&'s self, name: &'s str) -> &'s str {
        self.model.emotions.iter().find(|e| e.id == name).map_or(name, |e| e.label.as_str())
    }

    /// Whether the flow has an edge from one step to another.
    pub fn leads_to(&self, from: &str, to: &str) -> bool {
        self.edges.contains(&(from, to))
    }

    /// The personas the map is drawn for, in the journey's order.
    pub fn personas(&self) -> Vec<&'a ir::Persona> {
        self.journey
            .personas
            .iter()
            .filter(|id| self.options.persona.as_ref().is_none_or(|p| p == *id))
            .filter_map(|id| self.model.persona(id))
            .collect()
    }
}

/// A stage and the steps of it that are drawn.
pub(crate) struct StagePlan<'a> {
    pub stage: &'a ir::Stage,
    pub steps: Vec<&'a ir::Step>,
}

/// Keeps the steps for the persona; a stage that loses every step to the
/// filter goes too (a stage written without steps keeps its band).
fn plan<'a>(journey: &'a ir::Journey, persona: Option<&str>) -> Vec<StagePlan<'a>> {
    journey
        .stages
        .iter()
        .filter_map(|stage| {
            let steps: Vec<&ir::Step> = stage.steps.iter().filter(|step| persona.is_none_or(|p| step.concerns(p))).collect();
            (steps.len() == stage.steps.len() || !steps.is_empty()).then_some(StagePlan { stage, steps })
        })
        .collect()
}

/// One column of the grid.
struct Column<'a> {
    x: f64,
    width: f64,
    stage: usize,
    step: Option<&'a ir::Step>,
    /// The step's card in each lane that has cards, built at `width`.
    cards: Vec<Option<Card>>,
    /// Where the step's card ends, once the steps lane is placed: where
    /// flow arrows leave it and reach it.
    bottom: f64,
}

/// Lays out one journey of the model.
pub fn layout(model: &ir::Model, journey: &ir::Journey, options: &Options) -> Diagram {
    let edges = journey.flow.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    let mut ctx = Ctx { model, journey, options, palette: options.theme.palette(), swimlanes: false, edges };
    let stages = plan(journey, options.persona.as_deref());
    let steps: Vec<&ir::Step> = stages.iter().flat_map(|s| s.steps.iter().copied()).collect();
    let bands = bands(&ctx, &steps);
    ctx.swimlanes = bands.len() > 1;
    let lanes = lanes(&ctx, &stages, &steps);
    let cell_lanes: Vec<Lane> = lanes.iter().copied().filter(|l| l.has_cells()).collect();

    // Pass 1: columns.
    let mut columns = columns(&ctx, &stages, &cell_lanes);
    let content_left = MARGIN + LABEL_COLUMN + LABEL_GAP;
    let grid_right = columns.last().map_or(content_left, |c| c.x + c.width);
    let width = (grid_right + MARGIN).max(MIN_WIDTH);
    if grid_right + MARGIN < MIN_WIDTH && !columns.is_empty() {
        let extra = (MIN_WIDTH - MARGIN - grid_right) / columns.len() as f64;
        for (i, column) in columns.iter_mut().enumerate() {
            column.x += extra * i as f64;
            column.width += extra;
            column.cards = cards_of(&ctx, &cell_lanes, column.step, column.width);
        }
    }
    let grid_left = columns.first().map_or(content_left, |c| c.x) - PANEL_PAD;
    let grid_right = columns.last().map_or(content_left, |c| c.x + c.width) + PANEL_PAD;

    // Pass 2 and 3: build each section and place it below the previous one.
    let mut background = Vec::new();
    let mut nodes = Vec::new();
    let mut y = MARGIN;

    // The emotion view keeps a legend when it draws several personas' curves.
    let several_curves = emotion::series(&ctx, &steps).len() > 1;
    let legend = (options.view == View::Full || options.view == View::Emotion && several_curves).then(|| header::legend(&ctx, &stages));
    let legend_width = legend.as_ref().map_or(0.0, |l| l.natural_width());
    let header_width = width - 2.0 * MARGIN - if legend.is_some() { legend_width + SECTION_GAP } else { 0.0 };
    let (header_nodes, header_height) = header::header(&ctx, &stages, MARGIN, y, header_width);
    nodes.extend(header_nodes);
    let mut top_height = header_height;
    if let Some(legend) = legend {
        let height = legend.natural_height();
        nodes.push(legend.place(width - MARGIN - legend_width, y, legend_width, height));
        top_height = top_height.max(height);
    }
    y += top_height + SECTION_GAP;

    if options.view == View::Full {
        let personas = ctx.personas();
        if !personas.is_empty() {
            let available = width - 2.0 * MARGIN;
            let cards: Vec<Card> = personas.iter().map(|p| cards::persona(&ctx, p, available)).collect();
            let (placed, height) = place_row_of_cards(cards, MARGIN, y, available, 24.0, Some("personas"));
            nodes.push(placed);
            y += height + SECTION_GAP;
        }
    }

    // The grid: stage bands, then the lanes.
    let grid_top = y;
    if let Some((phase_nodes, phase_height)) = stages::phases(&ctx, &stages, &columns, y) {
        nodes.push(lane_label(&ctx, "Phases", Some("lane-phases"), y, LABEL_COLUMN));
        nodes.extend(phase_nodes);
        y += phase_height + LANE_GAP;
    }
    let (stage_nodes, stage_height) = stages::headers(&ctx, &stages, &columns, y);
    nodes.push(lane_label(&ctx, "Stages", Some("lane-stages"), y, LABEL_COLUMN));
    nodes.extend(stage_nodes);
    y += stage_height;

    let mut blueprint_lines = Vec::new();
    for (index, lane) in lanes.iter().copied().enumerate() {
        let previous = index.checked_sub(1).map(|i| lanes[i]);
        y += match blueprint::line_above(lane, previous) {
            Some(line) => {
                let (node, gap) = blueprint::line(&ctx, line, y, width);
                blueprint_lines.push(node);
                gap
            }
            None => LANE_GAP,
        };
        let (lane_node, height) = match lane {
            Lane::Emotion => emotion_lane(&ctx, &columns, y, grid_left, grid_right),
            Lane::Flow => flow_lane(&ctx, &columns, y),
            Lane::Kpis => kpi_lane(&ctx, &stages, &columns, y),
            Lane::Steps if bands.len() > 1 => {
                let index = cell_lanes.iter().position(|l| *l == lane).expect("a lane with cells");
                swimlanes(&ctx, &bands, index, &mut columns, y, width)
            }
            Lane::Steps => {
                let index = cell_lanes.iter().position(|l| *l == lane).expect("a lane with cells");
                let (node, height) = cell_lane(&ctx, lane, index, &stages, &mut columns, y);
                for column in &mut columns {
                    column.bottom = y + height;
                }
                (node, height)
            }
            _ => {
                let index = cell_lanes.iter().position(|l| *l == lane).expect("a lane with cells");
                cell_lane(&ctx, lane, index, &stages, &mut columns, y)
            }
        };
        nodes.push(lane_node);
        y += height;
    }
    if lanes.last() == Some(&Lane::Frontstage) {
        let (node, gap) = blueprint::line(&ctx, blueprint::Line::Visibility, y, width);
        blueprint_lines.push(node);
        y += gap;
    }
    nodes.extend(blueprint_lines);
    let grid_bottom = y;
    background.push(stages::panels(&ctx, &stages, &columns, grid_top - PANEL_PAD, grid_bottom + PANEL_PAD));
    y = grid_bottom + PANEL_PAD;

    if options.view == View::Full && !journey.kpis.is_empty() {
        y += SECTION_GAP;
        let label = lane_label(&ctx, "Journey KPIs", None, y, LABEL_COLUMN);
        let available = width - MARGIN - content_left;
        let cards: Vec<Card> = journey.kpis.iter().map(|k| cards::kpi(&ctx, k, JOURNEY_KPI_WIDTH)).collect();
        let (placed, height) = place_row_of_cards(cards, content_left, y, available, COLUMN_GAP, None);
        nodes.push(Node::Group(Group {
            id: Some("lane-journey-kpis".into()),
            classes: vec!["lane", "lane-journey-kpis"],
            rect: None,
            children: vec![label, placed],
        }));
        y += height;
    }

    background.extend(nodes);
    Diagram {
        id: format!("journey-{}", journey.id),
        width,
        height: y + MARGIN,
        title: header::title(&ctx),
        description: header::description(&ctx, &stages),
        font_family: text::FONT_FAMILY.to_string(),
        background: ctx.palette.background,
        nodes: background,
    }
}

/// A lower bound on the size of [`layout`]'s diagram, from counting its
/// columns: cheap enough to refuse a picture too large to draw (a PNG of
/// 10,000 steps) before laying it out. Every column is at least the
/// narrowest width, and a map is at least a header and a lane tall.
pub fn smallest_size(journey: &ir::Journey, options: &Options) -> (f64, f64) {
    let stages = plan(journey, options.persona.as_deref());
    let narrowest = if options.view == View::Emotion { EMOTION_WIDTH } else { FULL_WIDTHS[0] };
    let columns: usize = stages.iter().map(|s| s.steps.len().max(1)).sum();
    let gaps = columns.saturating_sub(1) as f64 * COLUMN_GAP + stages.len().saturating_sub(1) as f64 * (STAGE_GAP - COLUMN_GAP);
    let width = MARGIN + LABEL_COLUMN + LABEL_GAP + columns as f64 * narrowest + gaps + MARGIN;
    (width.max(MIN_WIDTH), 2.0 * MARGIN + SECTION_GAP + TALL_CARD)
}

/// The lanes the view shows that some step fills.
fn lanes(ctx: &Ctx, stages: &[StagePlan], steps: &[&ir::Step]) -> Vec<Lane> {
    Lane::for_view(ctx.options.view)
        .iter()
        .copied()
        .filter(|lane| match lane {
            Lane::Steps => true,
            Lane::Emotion => ctx.options.view == View::Emotion || steps.iter().any(|s| s.emotion.is_some() || !s.feelings.is_empty()),
            Lane::Flow => {
                let columns: Vec<flow::Column> = steps.iter().map(|step| flow::Column { x: 0.0, width: 0.0, bottom: 0.0, step }).collect();
                flow::needed(ctx, &columns)
            }
            Lane::Kpis => stages.iter().any(|s| !s.stage.kpis.is_empty()),
            _ => {
                steps.iter().any(|s| cells::cell(ctx, *lane, s, FULL_WIDTHS[0]).is_some())
                    || stages.iter().any(|s| cells::stage_cell(ctx, *lane, s.stage, FULL_WIDTHS[0]).is_some())
            }
        })
        .collect()
}

/// Pass 1: the narrowest width from the list at which the step's tallest
/// card is no taller than [`TALL_CARD`], then x positions. The cards built
/// at the chosen width are kept for pass 2.
fn columns<'a>(ctx: &Ctx, stages: &[StagePlan<'a>], lanes: &[Lane]) -> Vec<Column<'a>> {
    let widths: &[f64] = if ctx.options.view == View::Emotion { &[EMOTION_WIDTH] } else { &FULL_WIDTHS };
    let mut columns = Vec::new();
    let mut x = MARGIN + LABEL_COLUMN + LABEL_GAP;
    for (stage_index, stage) in stages.iter().enumerate() {
        if stage_index > 0 {
            x += STAGE_GAP - COLUMN_GAP;
        }
        let mut steps: Vec<Option<&ir::Step>> = stage.steps.iter().map(|s| Some(*s)).collect();
        if steps.is_empty() {
            steps.push(None);
        }
        for step in steps {
            let mut width = widths[0];
            let mut cards = cards_of(ctx, lanes, step, width);
            for &wider in &widths[1..] {
                let tallest = cards.iter().flatten().map(Card::natural_height).fold(0.0, f64::max);
                if tallest <= TALL_CARD {
                    break;
                }
                width = wider;
                cards = cards_of(ctx, lanes, step, width);
            }
            columns.push(Column { x, width, stage: stage_index, step, cards, bottom: 0.0 });
            x += width + COLUMN_GAP;
        }
    }
    columns
}

/// The cards of a step in each lane, `width` wide.
fn cards_of(ctx: &Ctx, lanes: &[Lane], step: Option<&ir::Step>, width: f64) -> Vec<Option<Card>> {
    lanes.iter().map(|lane| step.and_then(|step| cells::cell(ctx, *lane, step, width))).collect()
}

/// The name of a lane in the label column, at the lane's top.
fn lane_label(ctx: &Ctx, label: &str, extra_class: Option<&'static str>, y: f64, width: f64) -> Node {
    let style = Style::new(11.5, Weight::Bold, ctx.palette.muted).leading(1.3);
    let (block, height) = text::block(&label.to_uppercase(), style, Anchor::Start, MARGIN, y + 4.0, width);
    // The box reaches a little left of the text: some capitals (`J`) have a
    // negative side bearing, so their ink starts before the text's x.
    let bounds = Bounds { x: MARGIN - 4.0, y, width: width + 4.0, height: height + 8.0 };
    Node::Group(Group {
        id: None,
        classes: std::iter::once("lane-label").chain(extra_class).collect(),
        rect: Some(bounds.rect(0.0, Some(ctx.palette.background), None)),
        children: vec![Node::Text(block)],
    })
}

/// A lane of one card per step, all as tall as the tallest; `index` is the
/// lane's place among the lanes with cards. Below them, the cards of the
/// stages that have content of their own for this lane, each as wide as
/// its stage.
fn cell_lane(ctx: &Ctx, lane: Lane, index: usize, stages: &[StagePlan], columns: &mut [Column], y: f64) -> (Node, f64) {
    let cards: Vec<(f64, f64, Card)> = columns.iter_mut().filter_map(|c| c.cards[index].take().map(|card| (c.x, c.width, card))).collect();
    let label = lane_label(ctx, lane.label(), None, y, LABEL_COLUMN);
    let label_height = node_height(&label);
    let steps_height = cards.iter().map(|(_, _, c)| c.natural_height()).fold(0.0, f64::max);
    let mut children = vec![label];
    children.extend(cards.into_iter().map(|(x, width, card)| card.place(x, y, width, steps_height)));
    let stage_cards: Vec<(f64, f64, Card)> = stages
        .iter()
        .enumerate()
        .filter_map(|(i, stage)| {
            let (left, right) = span(columns, i)?;
            cells::stage_cell(ctx, lane, stage.stage, right - left).map(|card| (left, right - left, card))
        })
        .collect();
    let stage_top = if steps_height > 0.0 { y + steps_height + LANE_GAP } else { y };
    let stage_height = stage_cards.iter().map(|(_, _, c)| c.natural_height()).fold(0.0, f64::max);
    children.extend(stage_cards.into_iter().map(|(x, width, card)| card.place(x, stage_top, width, stage_height)));
    let height = (stage_top - y + stage_height).max(label_height);
    let group = Group { id: Some(format!("lane-{}", lane.id())), classes: vec!["lane", lane.class()], rect: None, children };
    (Node::Group(group), height)
}

/// The personas with a band of their own in the steps lane: those of the
/// personas shown that some drawn step names, when there are two or more
/// and some step is one persona's alone. (A persona no step names, such as
/// "every student" above the groups, gets no empty band: the steps for
/// everyone span all bands.)
fn bands<'a>(ctx: &Ctx<'a>, steps: &[&ir::Step]) -> Vec<&'a ir::Persona> {
    let named_by_steps: rustc_hash::FxHashSet<&str> = steps.iter().flat_map(|s| s.personas.iter().map(|p| p.as_str())).collect();
    let named: Vec<&'a ir::Persona> = ctx.personas().into_iter().filter(|p| named_by_steps.contains(p.id.as_str())).collect();
    let own_steps = steps.iter().any(|s| s.personas.len() == 1 && named.iter().any(|p| p.id == s.personas[0]));
    if named.len() > 1 && own_steps {
        named
    } else {
        Vec::new()
    }
}

/// The steps lane as swimlanes: a band per persona, each step in the band
/// of its persona; a step of several personas (or of everyone) spans from
/// the first of their bands to the last.
fn swimlanes(ctx: &Ctx, bands: &[&ir::Persona], index: usize, columns: &mut [Column], y: f64, width: f64) -> (Node, f64) {
    let band_of = |id: &str| bands.iter().position(|p| p.id == id);
    let mut cards: Vec<(usize, usize, usize, Card)> = Vec::new();
    for (at, column) in columns.iter_mut().enumerate() {
        let (Some(step), Some(card)) = (column.step, column.cards[index].take()) else { continue };
        let mine: Vec<usize> = step.personas.iter().filter_map(|p| band_of(p)).collect();
        let (first, last) = match (mine.iter().min(), mine.iter().max()) {
            (Some(&first), Some(&last)) => (first, last),
            _ => (0, bands.len() - 1),
        };
        cards.push((at, first, last, card));
    }
    let labels: Vec<String> = bands.iter().map(|p| ctx.persona_name(&p.id).to_string()).collect();
    let label_heights: Vec<f64> = labels.iter().map(|l| node_height(&lane_label(ctx, l, None, 0.0, LABEL_COLUMN))).collect();
    // Each band as tall as its own cards; a spanning card taller than its
    // bands makes its last band taller.
    let mut heights: Vec<f64> = label_heights.clone();
    for (_, first, last, card) in &cards {
        if first == last {
            heights[*first] = heights[*first].max(card.natural_height());
        }
    }
    for (_, first, last, card) in &cards {
        let available: f64 = heights[*first..=*last].iter().sum::<f64>() + (*last - *first) as f64 * LANE_GAP;
        if card.natural_height() > available {
            heights[*last] += card.natural_height() - available;
        }
    }
    let tops: Vec<f64> = heights
        .iter()
        .scan(y, |top, h| {
            let here = *top;
            *top += h + LANE_GAP;
            Some(here)
        })
        .collect();
    let mut children = Vec::new();
    for (band, label) in labels.iter().enumerate() {
        let mut group = vec![lane_label(ctx, label, None, tops[band], LABEL_COLUMN)];
        if band > 0 {
            let line_y = tops[band] - LANE_GAP / 2.0;
            let stroke = Stroke { color: ctx.palette.grid_line, width: 1.0, dash: Some((4.0, 4.0)) };
            group.push(Node::Line(diagram::Line {
                class: Some("swimlane-line"),
                x1: MARGIN,
                y1: line_y,
                x2: width - MARGIN,
                y2: line_y,
                stroke,
            }));
        }
        children.push(Node::Group(Group {
            id: Some(format!("swimlane-{}", bands[band].id)),
            classes: vec!["swimlane"],
            rect: None,
            children: group,
        }));
    }
    let total = tops.last().copied().unwrap_or(y) + heights.last().copied().unwrap_or(0.0) - y;
    for column in columns.iter_mut() {
        column.bottom = y + total;
    }
    for (at, first, last, card) in cards {
        let height = tops[last] + heights[last] - tops[first];
        let column = &mut columns[at];
        column.bottom = tops[first] + height;
        children.push(card.place(column.x, tops[first], column.width, height));
    }
    let group = Group { id: Some("lane-steps".into()), classes: vec!["lane", Lane::Steps.class(), "swimlanes"], rect: None, children };
    (Node::Group(group), total)
}

fn flow_lane(ctx: &Ctx, columns: &[Column], y: f64) -> (Node, f64) {
    let arrows: Vec<flow::Column> =
        columns.iter().filter_map(|c| c.step.map(|step| flow::Column { x: c.x, width: c.width, bottom: c.bottom, step })).collect();
    let (lane_nodes, height) = flow::lane(ctx, &arrows, y);
    let label = lane_label(ctx, Lane::Flow.label(), None, y + 8.0, LABEL_COLUMN);
    let mut children = vec![label];
    children.extend(lane_nodes);
    let group = Group { id: Some("lane-flow".into()), classes: vec!["lane", Lane::Flow.class()], rect: None, children };
    (Node::Group(group), height)
}

fn node_height(node: &Node) -> f64 {
    match node {
        Node::Group(Group { rect: Some(rect), .. }) => rect.height,
        _ => 0.0,
    }
}

fn emotion_lane(ctx: &Ctx, columns: &[Column], y: f64, grid_left: f64, grid_right: f64) -> (Node, f64) {
    let marks: Vec<emotion::Column> =
        columns.iter().filter_map(|c| c.step.map(|step| emotion::Column { x: c.x, width: c.width, step })).collect();
    let frame = emotion::Frame { scale_right: MARGIN + LABEL_COLUMN, grid_left, grid_right };
    let (lane_nodes, height) = emotion::lane(ctx, &marks, y, &frame);
    // The scale's numbers take the right of the label column.
    let mut children = vec![lane_label(ctx, Lane::Emotion.label(), None, y, LABEL_COLUMN - 48.0)];
    children.extend(lane_nodes);
    let group = Group { id: Some("lane-emotion".into()), classes: vec!["lane", Lane::Emotion.class()], rect: None, children };
    (Node::Group(group), height)
}

/// Stage KPIs under their stage: cards share the stage's width, in rows.
fn kpi_lane(ctx: &Ctx, stages: &[StagePlan], columns: &[Column], y: f64) -> (Node, f64) {
    let mut children = vec![lane_label(ctx, Lane::Kpis.label(), None, y, LABEL_COLUMN)];
    let mut height = node_height(&children[0]);
    for (index, stage) in stages.iter().enumerate() {
        let Some((left, right)) = span(columns, index) else { continue };
        if stage.stage.kpis.is_empty() {
            continue;
        }
        let available = right - left;
        let per_row = (((available + COLUMN_GAP) / (KPI_MIN_WIDTH + COLUMN_GAP)).floor() as usize).clamp(1, stage.stage.kpis.len());
        let card_width = (available - (per_row - 1) as f64 * COLUMN_GAP) / per_row as f64;
        let cards: Vec<Card> = stage.stage.kpis.iter().map(|k| cards::kpi(ctx, k, card_width)).collect();
        let (placed, stage_height) = place_row_of_cards(cards, left, y, available, COLUMN_GAP, None);
        children.push(placed);
        height = height.max(stage_height);
    }
    let group = Group { id: Some("lane-kpis".into()), classes: vec!["lane", Lane::Kpis.class()], rect: None, children };
    (Node::Group(group), height)
}

/// Places cards left to right from (x, y), wrapping within `available`;
/// the cards of a row share the row's height. Returns a group and its height.
fn place_row_of_cards(cards: Vec<Card>, x: f64, y: f64, available: f64, gap: f64, class: Option<&'static str>) -> (Node, f64) {
    let mut rows: Vec<Vec<Card>> = Vec::new();
    let mut used = f64::INFINITY;
    for card in cards {
        let width = card.natural_width();
        if used + gap + width > available + 1e-9 || rows.is_empty() {
            rows.push(Vec::new());
            used = width;
        } else {
            used += gap + width;
        }
        rows.last_mut().expect("a row was just pushed").push(card);
    }
    let mut children = Vec::new();
    let mut top = y;
    for (i, row) in rows.into_iter().enumerate() {
        if i > 0 {
            top += gap;
        }
        let height = row.iter().map(Card::natural_height).fold(0.0, f64::max);
        let mut left = x;
        for card in row {
            let width = card.natural_width();
            children.push(card.place(left, top, width, height));
            left += width + gap;
        }
        top += height;
    }
    let group = Group { id: None, classes: class.into_iter().collect(), rect: None, children };
    (Node::Group(group), top - y)
}

/// The x range of a stage's columns.
fn span(columns: &[Column], stage: usize) -> Option<(f64, f64)> {
    let mut of_stage = columns.iter().filter(|c| c.stage == stage);
    let first = of_stage.next()?;
    let last = of_stage.next_back().unwrap_or(first);
    Some((first.x, last.x + last.width))
}
