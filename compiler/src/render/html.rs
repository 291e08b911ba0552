//! A single self-contained HTML page: the diagram inline, the persona and
//! the KPI table, no scripts and no external requests, so it works offline
//! and can be dropped on any static site.

use super::svg::escape;
use crate::ir::{Journey, Kpi, Model, Opportunity};
use crate::language::Level;
use crate::render::Colors;
use std::fmt::Write;

/// Page colours: background, text, muted text, borders, KPI met, KPI missed.
/// Every text colour keeps WCAG AA (4.5:1) on its background.
const LIGHT_PAGE: [&str; 6] = ["#ffffff", "#1f2328", "#57606a", "#d0d7de", "#1a7f37", "#cf222e"];
const DARK_PAGE: [&str; 6] = ["#0d1117", "#e6edf3", "#9da7b3", "#30363d", "#3fb950", "#ff7b72"];

fn page_colors(colors: [&str; 6]) -> String {
    let [background, text, muted, border, met, missed] = colors;
    format!("--background: {background}; --text: {text}; --muted: {muted}; --border: {border}; --met: {met}; --missed: {missed};")
}

/// The page for one journey around its already rendered SVG (drawn in
/// `colors`; with [`Colors::Auto`] the page follows the reader's preference too).
///
/// The map itself shows the title, the goal and the personas, so the page
/// doesn't say them again (the `<h1>` is there for screen readers and
/// outlines only). The map fits the window's width; on a narrow screen it
/// keeps its size and scrolls inside its own box, as wide tables do, and
/// the page itself never scrolls sideways.
pub fn html(model: &Model, journey: &Journey, svg: &str, colors: Colors) -> String {
    let (scheme, base, dark) = match colors {
        Colors::Light => ("light", LIGHT_PAGE, None),
        Colors::Dark => ("dark", DARK_PAGE, None),
        Colors::Auto => ("light dark", LIGHT_PAGE, Some(DARK_PAGE)),
    };
    let mut page = String::new();
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may load from elsewhere: no scripts, no remote styles, fonts or images.
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(page, "<meta name=\"color-scheme\" content=\"{scheme}\">");
    let _ = writeln!(page, "<title>{}</title>", escape(&journey.title));
    let _ = writeln!(page, "<style>\n:root {{ {} }}", page_colors(base));
    if let Some(dark) = dark {
        let _ = writeln!(page, "@media (prefers-color-scheme: dark) {{ :root {{ {} }} }}", page_colors(dark));
    }
    page.push_str(
        "* { box-sizing: border-box; }\n\
         body { margin: 0; padding: 16px; background: var(--background); color: var(--text); font-family: \"DejaVu Sans\", Verdana, sans-serif; }\n\
         main { max-width: 100%; overflow-wrap: anywhere; }\n\
         .diagram, .table { max-width: 100%; overflow-x: auto; }\n\
         .diagram { border: 1px solid var(--border); border-radius: 8px; }\n\
         .diagram svg { display: block; width: 100%; height: auto; }\n\
         @media (max-width: 800px) { .diagram svg { width: auto; max-width: none; } }\n\
         .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }\n\
         h2 { font-size: 1.3em; margin: 0 0 8px; }\n\
         .muted { color: var(--muted); }\n\
         table { border-collapse: collapse; margin: 8px 0 24px; }\n\
         th, td { border: 1px solid var(--border); padding: 6px 10px; text-align: left; vertical-align: top; }\n\
         .met { color: var(--met); font-weight: bold; } .missed { color: var(--missed); font-weight: bold; } .unknown { color: var(--muted); }\n\
         section { margin-top: 24px; }\n</style>\n</head>\n<body>\n<main>\n",
    );
    let _ = writeln!(page, "<h1 class=\"visually-hidden\">{}</h1>", escape(&journey.title));
    let _ = writeln!(page, "<div class=\"diagram\">\n{svg}</div>");
    moments(&mut page, journey);
    kpi_table(&mut page, model, journey);
    backlog(&mut page, model, journey);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn kpi_table(page: &mut String, model: &Model, journey: &Journey) {
    let team = |id: &str| model.team(id).map_or(id.to_string(), |t| t.label.to_string());
    let kpis: Vec<(&str, &Kpi)> = journey
        .stages
        .iter()
        .flat_map(|stage| stage.kpis.iter().map(move |k| (stage.label.as_str(), k)))
        .chain(journey.kpis.iter().map(|k| ("Whole journey", k)))
        .collect();
    if kpis.is_empty() {
        return;
    }
    page.push_str("<section class=\"kpis\">\n<h2>KPIs</h2>\n<div class=\"table\"><table>\n<thead><tr><th>KPI</th><th>Where</th><th>Target</th><th>Actual</th><th>Baseline</th><th>Status</th><th>Delta</th><th>Owner</th></tr></thead>\n<tbody>\n");
    for (place, kpi) in kpis {
        let target = kpi.target.as_ref().map_or(String::new(), |t| match (&t.value, &t.low, &t.high) {
            (Some(value), _, _) => format!("{} {}", symbol(t.operator), value.text),
            (None, Some(low), Some(high)) => format!("{}..{}", low.text, high.text),
            _ => String::new(),
        });
        let status = match kpi.status {
            crate::ir::Status::Met => "met",
            crate::ir::Status::Missed => "missed",
            crate::ir::Status::Unknown => "unknown",
        };
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{status}\">{status}</td><td>{}</td><td>{}</td></tr>",
            escape(&kpi.label),
            escape(place),
            escape(&target),
            escape(kpi.actual.as_ref().map_or("", |v| v.text.as_str())),
            escape(kpi.baseline.as_ref().map_or("", |v| v.text.as_str())),
            escape(kpi.delta.as_ref().map_or("", |d| d.text.as_str())),
            escape(&kpi.owner.as_deref().map(team).unwrap_or_default()),
        );
    }
    page.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The moments that matter, in the order they happen.
fn moments(page: &mut String, journey: &Journey) {
    if journey.moments.is_empty() {
        return;
    }
    page.push_str("<section class=\"moments\">\n<h2>Moments that matter</h2>\n<ol>\n");
    for moment in &journey.moments {
        let stage = journey.stages.iter().find(|s| s.id == moment.stage);
        let step = stage.and_then(|s| s.steps.iter().find(|st| st.id == moment.step));
        let (Some(stage), Some(step)) = (stage, step) else { continue };
        let label = moment.label.as_ref().map_or(String::new(), |l| format!("<strong>{}</strong>: ", escape(l)));
        let _ = writeln!(page, "<li>{label}{} <span class=\"muted\">({})</span></li>", escape(&step.label), escape(&stage.label));
    }
    page.push_str("</ol>\n</section>\n");
}

/// Every opportunity of the journey, its stages and its steps, as a
/// backlog: highest impact first, then lowest effort, then as written.
fn backlog(page: &mut String, model: &Model, journey: &Journey) {
    let team = |id: &str| model.team(id).map_or(id.to_string(), |t| t.label.to_string());
    let mut items: Vec<(String, &Opportunity)> = journey.opportunities.iter().map(|o| ("Whole journey".to_string(), o)).collect();
    for stage in &journey.stages {
        items.extend(stage.opportunities.iter().map(|o| (stage.label.to_string(), o)));
        for step in &stage.steps {
            items.extend(step.opportunities.iter().map(|o| (format!("{} · {}", stage.label, step.label), o)));
        }
    }
    if items.is_empty() {
        return;
    }
    let rank = |level: Option<Level>| level.map_or(1, |l| l as u8);
    items.sort_by_key(|(_, o)| (std::cmp::Reverse(rank(o.impact)), rank(o.effort)));
    page.push_str("<section class=\"backlog\">\n<h2>Opportunities</h2>\n<div class=\"table\"><table>\n<thead><tr><th>Opportunity</th><th>Where</th><th>Impact</th><th>Effort</th><th>Owner</th></tr></thead>\n<tbody>\n");
    for (place, opportunity) in items {
        let word = |level: Option<Level>| level.map_or("", |l| l.word());
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&opportunity.label),
            escape(&place),
            word(opportunity.impact),
            word(opportunity.effort),
            escape(&opportunity.owner.as_deref().map(team).unwrap_or_default()),
        );
    }
    page.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// `>=` as people write it: `≥` (the diagram writes the same).
fn symbol(operator: &str) -> &str {
    match operator {
        ">=" => "≥",
        "<=" => "≤",
        other => other,
    }
}
