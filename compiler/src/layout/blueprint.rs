//! The lines of a service blueprint: interaction, visibility and internal
//! interaction, drawn across the page in the gaps between lanes.

use super::cards;
use super::cells::Lane;
use super::diagram::{self, Group, Node, Stroke, Weight};
use super::{Ctx, LABEL_COLUMN, LANE_GAP, MARGIN};

/// The three lines of a service blueprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    Interaction,
    Visibility,
    InternalInteraction,
}

/// The line drawn in the gap above a lane: interaction above frontstage,
/// visibility above what the customer cannot see, internal interaction
/// between backstage and support.
pub(super) fn line_above(lane: Lane, previous: Option<Lane>) -> Option<Line> {
    match lane {
        Lane::Frontstage => Some(Line::Interaction),
        Lane::Backstage => Some(Line::Visibility),
        Lane::Support if previous == Some(Lane::Backstage) => Some(Line::InternalInteraction),
        Lane::Support => Some(Line::Visibility),
        _ if previous == Some(Lane::Frontstage) => Some(Line::Visibility),
        _ => None,
    }
}

/// A labelled line across the page in a gap starting at `y`; returns it and the gap's height.
pub(super) fn line(ctx: &Ctx, line: Line, y: f64, width: f64) -> (Node, f64) {
    let palette = ctx.palette;
    let (label, class, dash, stroke_width) = match line {
        Line::Interaction => ("Line of interaction", "line-of-interaction", None, 1.5),
        Line::Visibility => ("Line of visibility", "line-of-visibility", Some((9.0, 5.0)), 2.0),
        Line::InternalInteraction => ("Line of internal interaction", "line-of-internal-interaction", Some((2.0, 4.0)), 1.5),
    };
    let mut swatch = palette.card;
    swatch.border = palette.blueprint_line;
    let label = cards::pill(label, 11.0, Weight::Bold, swatch, LABEL_COLUMN, vec!["line-label"]);
    let gap = (label.height + 2.0 * LANE_GAP).max(40.0);
    let middle = y + gap / 2.0;
    let (label_width, label_height) = (label.width, label.height);
    let stroke = Stroke { color: palette.blueprint_line, width: stroke_width, dash };
    let rule =
        diagram::Line { class: Some("blueprint-line"), x1: MARGIN + label_width + 8.0, y1: middle, x2: width - MARGIN, y2: middle, stroke };
    let mut children = label.place(MARGIN, middle - label_height / 2.0);
    children.push(Node::Line(rule));
    (Node::Group(Group { id: Some(class.into()), classes: vec!["blueprint-line", class], rect: None, children }), gap)
}
