//! Mermaid `journey` text, for places that render Mermaid natively (GitHub
//! Markdown). Sections are stages, tasks are steps, actors are personas, and
//! scores map from Journey's −3…+3 onto Mermaid's 1…5.
//!
//! Mermaid's journey lexer splits on `#`, `:`, `;`, `,` (in actor lists) and
//! line breaks, and treats a line starting with `title` or `section` as a
//! keyword, so every user string passes through [`clean`], which swaps those
//! characters for look-alikes that mean nothing to Mermaid.
//!
//! What Mermaid's journey can't show is left out with a `%%` comment in
//! its place, never forced into the text: it has one score per task (the
//! feeling written without `for`, else that of the first persona who has
//! one; on a persona's export, that persona's), no phases, no flow (branches, outcomes, exits) and no moments.

use crate::ir::{Journey, Model};

/// The Mermaid text of one journey; with `persona`, only the steps that
/// concern that persona (as in the diagram's persona view).
pub fn mermaid(model: &Model, journey: &Journey, persona: Option<&str>) -> String {
    let mut out = String::from("journey\n");
    out.push_str(&format!("  title {}\n", clean(&journey.title, &journey.id)));
    let label_of = |id: &str| model.persona(id).map_or(id.to_string(), |p| p.label.to_string());
    let several = persona.is_none()
        && journey
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .any(|s| s.feelings.iter().any(|f| Some(f.score) != s.feelings.first().map(|first| first.score)));
    if several {
        out.push_str(
            "  %% One score per task: the feeling written without `for`, else the first persona's who has one; the others are left out\n",
        );
    }
    for stage in &journey.stages {
        if let Some(phase) = journey.phases.iter().find(|p| p.stages.first() == Some(&stage.id)) {
            out.push_str(&format!("  %% phase {}\n", clean(&phase.label, &phase.id)));
        }
        let concerns = |step: &&crate::ir::Step| persona.is_none_or(|p| step.concerns(p));
        let steps: Vec<&crate::ir::Step> = stage.steps.iter().filter(concerns).collect();
        if steps.is_empty() && persona.is_some() {
            continue; // a stage this persona never passes through
        }
        out.push_str(&format!("  section {}\n", clean(&stage.label, &stage.id)));
        for step in steps {
            let feeling = match persona {
                Some(p) => step.feelings.iter().find(|f| f.persona == p).map(|f| f.score),
                None => step.emotion.as_ref().map(|e| e.score).or_else(|| step.feelings.first().map(|f| f.score)),
            };
            let score = feeling.map_or(3, score);
            if feeling.is_none() {
                out.push_str("    %% no feeling recorded: Mermaid needs a score, 3 is its neutral\n");
            }
            for note in notes(journey, step) {
                out.push_str(&format!("    %% {}\n", clean(&note, "")));
            }
            let personas = if step.personas.is_empty() { &journey.personas } else { &step.personas };
            let actors: Vec<String> = personas.iter().map(|id| clean_actor(&label_of(id), id)).collect();
            out.push_str(&format!("    {}: {score}: {}\n", clean(&step.label, &step.id), actors.join(", ")));
        }
    }
    out
}

/// What the flow and the marks say about a step, that Mermaid can't draw.
fn notes(journey: &Journey, step: &crate::ir::Step) -> Vec<String> {
    let mut notes = Vec::new();
    if step.path == crate::ir::PathKind::Side {
        notes.push("side path, not on the main path".to_string());
    }
    if let Some(moment) = &step.moment {
        notes.push(format!("moment that matters{}", moment.label.as_ref().map_or(String::new(), |l| format!(" - {l}"))));
    }
    if step.decision {
        let outcomes: Vec<String> = journey
            .flow
            .iter()
            .filter(|e| e.from == step.id)
            .map(|e| match &e.outcome {
                Some(outcome) => format!("{outcome} leads to {}", e.to),
                None => format!("to {}", e.to),
            })
            .collect();
        notes.push(format!("decision - {}", outcomes.join(" / ")));
    }
    if let Some(exit) = &step.exit {
        notes.push(format!("the customer may leave here{}", exit.label.as_ref().map_or(String::new(), |l| format!(" - {l}"))));
    }
    notes
}

/// −3…+3 onto 1…5, linearly and rounded: −3→1, −2→2, −1→2, 0→3, +1→4, +2→4, +3→5.
/// Steps without `feels` sit at the neutral 3.
pub fn score(score: i8) -> u8 {
    (1.0 + (f64::from(score) + 3.0) * 4.0 / 6.0).round().clamp(1.0, 5.0) as u8
}

/// Makes a label safe for Mermaid; falls back to the ID when nothing is left.
fn clean(text: &str, fallback: &str) -> String {
    let mut cleaned: String = text
        .chars()
        .filter(|&c| !crate::unicode::is_hidden(c))
        .map(|c| match c {
            ':' => '꞉',  // U+A789 modifier letter colon
            ';' => '；', // fullwidth semicolon
            '#' => '＃', // fullwidth number sign
            '%' => '％', // `%%` starts a comment
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if cleaned.is_empty() {
        cleaned = fallback.to_string();
    }
    // A task or section starting with a keyword would be read as that keyword.
    let starts_with_keyword = ["title", "section", "accTitle", "accDescr"].iter().any(|k| cleaned.starts_with(k));
    if starts_with_keyword {
        cleaned.insert(0, '\u{2060}'); // word joiner: invisible, not a keyword
    }
    cleaned
}

/// Actor names are separated by commas in Mermaid.
fn clean_actor(text: &str, fallback: &str) -> String {
    clean(&text.replace(',', "‚"), fallback) // U+201A single low-9 quotation mark
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_cover_mermaids_scale_symmetrically() {
        let mapped: Vec<u8> = (-3..=3).map(score).collect();
        assert_eq!(mapped, [1, 2, 2, 3, 4, 4, 5]);
    }

    #[test]
    fn hazards_are_replaced() {
        let cleaned = clean("a: b; c # d %% e\nf", "x");
        assert!(!cleaned.contains([':', ';', '#', '\n']) && !cleaned.contains("%%"), "{cleaned}");
        assert_eq!(clean("  \n ", "fallback"), "fallback");
        assert!(clean("title of the deed", "x").starts_with('\u{2060}'));
        assert!(!clean_actor("Maya, busy parent", "maya").contains(','));
        // Hidden characters are left out, so a label reads as what it is.
        assert_eq!(clean("Pay\u{202E} now\u{200B}!", "x"), "Pay now!");
    }
}
