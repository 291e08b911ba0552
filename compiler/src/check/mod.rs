//! Stage 3: meaning. Kinds were settled by `resolve`; this stage checks
//! scores, KPI units and ranges, and runs the lints (warnings and infos).

pub mod flow;
pub mod kpi;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Edit};
use crate::emotions::{builtin_score, MAX_SCORE, MIN_SCORE, NEGATIVE};
use crate::resolve::{self, Kind, Names};
use crate::source::FileId;
use crate::syntax::ast::{self, Score, Step};

/// Runs every check over one build.
pub fn check(files: &[(FileId, &ast::File)], names: &Names, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (file, ast) in files {
        for item in &ast.items {
            if let ast::Item::Emotion(emotion) = item {
                if let Some(score) = &emotion.score {
                    check_score(*file, score, &mut diagnostics);
                }
            }
        }
    }
    for (index, (file, journey)) in resolve::journeys(files).into_iter().enumerate() {
        check_journey(file, index, journey, names, config, &mut diagnostics);
    }
    unused(names, &mut diagnostics);
    diagnostics
}

fn check_score(file: FileId, score: &Score, diagnostics: &mut Vec<Diagnostic>) {
    let value = score.value;
    if value.fract() != 0.0 || !(MIN_SCORE..=MAX_SCORE).contains(&value) {
        let text = crate::syntax::lower::format_number(value);
        let shown = if value > 0.0 { format!("+{text}") } else { text };
        diagnostics.push(
            Diagnostic::new(Code::ScoreRange, file, score.span, format!("score `{shown}` is outside -3..+3"))
                .label("emotion scores are whole numbers from -3 (worst) to +3 (best)")
                .help("use -3 for the worst moment and +3 for the best"),
        );
    }
}

/// The emotion score of a step's feeling written without `for` (the one
/// the step's own personas feel).
pub fn step_score(step: &Step, names: &Names) -> Option<i8> {
    feels_score(step.body.unattributed_feels()?, names)
}

/// The score of one feeling: its own `SCORE`, else its emotion's.
pub fn feels_score(feels: &ast::Feels, names: &Names) -> Option<i8> {
    if let Some(score) = &feels.score {
        let valid = score.value.fract() == 0.0 && (MIN_SCORE..=MAX_SCORE).contains(&score.value);
        return valid.then_some(score.value as i8);
    }
    let emotion = feels.emotion.as_ref()?;
    if let Some(declared) = names.lookup(Kind::Emotion, None, &emotion.text) {
        return custom_score(declared.id.as_str(), names);
    }
    builtin_score(&emotion.text)
}

/// Whose a step's content is when it doesn't say (`feels happy`, `pain
/// "…"` without `for`): the step's personas, or when it names none, the
/// journey's first, the persona the map is first of all for.
pub fn voices<'a>(step: &'a Step, journey: &'a ast::Journey) -> &'a [ast::Name] {
    if step.body.personas.is_empty() {
        journey.personas.get(..1).unwrap_or(&[])
    } else {
        &step.body.personas
    }
}

/// Whether a persona takes part in a step: a step that names no persona
/// concerns every persona of the journey.
pub fn takes_part(step: &Step, journey: &ast::Journey, persona: &str) -> bool {
    let named = |names: &[ast::Name]| names.iter().any(|n| n.text == persona);
    named(&journey.personas) && (step.body.personas.is_empty() || named(&step.body.personas))
}

/// Scores of custom emotions are kept on the side by the builder of the model;
/// here we only need to know the name resolves to a valid score.
fn custom_score(id: &str, names: &Names) -> Option<i8> {
    names.emotion_scores.get(id).copied()
}

fn check_journey(file: FileId, index: usize, journey: &ast::Journey, names: &Names, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    let id = &journey.header.id;
    // For W0005's help: a channel the build declares, found once.
    let first_channel = names.iter().find(|(_, d)| d.kind == Kind::Channel && !d.id.is_empty()).map(|(_, d)| d.id.as_str());
    if journey.stages.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::NoStage, file, id.span, format!("journey `{}` has no stage", id.text))
                .label("a journey needs at least one stage")
                .help("add a stage: `stage awareness \"Awareness\" { step … }`"),
        );
    }
    if journey.personas.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::NoPersona, file, id.span, format!("journey `{}` has no persona", id.text))
                .label("who walks this journey?")
                .help("name at least one persona inside the journey: `persona maya`"),
        );
    }
    if journey.kpis.len() > config.max_journey_kpis {
        let extra = &journey.kpis[config.max_journey_kpis];
        diagnostics.push(
            Diagnostic::new(
                Code::TooManyKpis,
                file,
                extra.header.id.span,
                format!("journey `{}` has {} KPIs; keep the headline metrics to {}", id.text, journey.kpis.len(), config.max_journey_kpis),
            )
            .label("one KPI too many from here on")
            .help("move detailed KPIs into the stages they belong to, or raise `max-per-journey` under `[kpi]` in journey.toml"),
        );
    }
    for stage in &journey.stages {
        if stage.kpis.len() > config.max_stage_kpis {
            let extra = &stage.kpis[config.max_stage_kpis];
            diagnostics.push(
                Diagnostic::new(
                    Code::TooManyKpis,
                    file,
                    extra.header.id.span,
                    format!("stage `{}` has {} KPIs; keep them to {}", stage.header.id.text, stage.kpis.len(), config.max_stage_kpis),
                )
                .label("one KPI too many from here on")
                .help("keep the KPIs that matter most for this stage, or raise `max-per-stage` under `[kpi]` in journey.toml"),
            );
        }
        for kpi in &stage.kpis {
            kpi::check(file, kpi, diagnostics);
        }
        for step in &stage.steps {
            check_step(file, step, names, first_channel, diagnostics);
            check_personas(file, journey, step, names, diagnostics);
        }
        for said in stage.pains.iter().chain(&stage.delights) {
            if let Some(persona) = &said.persona {
                if !journey.personas.iter().any(|p| p.text == persona.text) {
                    diagnostics.push(not_in_journey(file, journey, persona));
                }
            }
        }
    }
    for kpi in &journey.kpis {
        kpi::check(file, kpi, diagnostics);
    }
    for step in flow::unreachable(journey, names, index) {
        diagnostics.push(
            Diagnostic::new(Code::Unreachable, file, step.header.id.span, format!("step `{}` can't be reached", step.header.id.text))
                .label("no step leads here")
                .help("a step leads to the next one written unless it has `next`; add this step to a `next` list, or remove it"),
        );
    }
    let _ = index;
}

fn check_step(file: FileId, step: &Step, names: &Names, first_channel: Option<&str>, diagnostics: &mut Vec<Diagnostic>) {
    let body = &step.body;
    let id = &step.header.id;
    for score in body.feels.iter().filter_map(|f| f.score.as_ref()) {
        check_score(file, score, diagnostics);
    }
    if body.channels.is_empty() && !id.text.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::NoChannel, file, id.span, format!("step `{}` has no channel", id.text))
                .label("where does this happen?")
                .help(match first_channel {
                    Some(channel) => format!("add the channel it happens in, one of the build's: `channel {channel}`"),
                    None => "declare the channel it happens in (`channel web \"Website\"`) and name it here: `channel web`".to_string(),
                }),
        );
    }
    for feels in &body.feels {
        let Some(score) = feels_score(feels, names) else { continue };
        if score <= NEGATIVE && body.pains.is_empty() {
            let emotion = feels.emotion.as_ref().map_or(String::new(), |e| format!("`{}` ", e.text));
            diagnostics.push(
                Diagnostic::new(
                    Code::NegativeWithoutPain,
                    file,
                    feels.span,
                    format!("step `{}` feels {emotion}({score}) but records no pain", id.text),
                )
                .label("a strongly negative moment")
                .help("say what hurts with `pain \"…\"` so the team can act on it"),
            );
            break; // once per step: one pain answers every feeling of it
        }
    }
    if let Some(first) = body.pains.first() {
        if body.opportunities.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::PainWithoutOpportunity,
                    file,
                    first.text.span,
                    format!("step `{}` has a pain point but no opportunity", id.text),
                )
                .label("nothing is planned for this yet")
                .help("add `opportunity \"…\" { owner TEAM }` with an idea to improve it"),
            );
        }
    }
}

/// E0042 for a persona who isn't in the journey or the step, and E0043
/// for a touchpoint on a channel the step doesn't list.
fn check_personas(file: FileId, journey: &ast::Journey, step: &Step, names: &Names, diagnostics: &mut Vec<Diagnostic>) {
    let body = &step.body;
    // `feels happy` is already the feeling of the step's own personas: a
    // `feels … for` one of them is a second feeling for the same person.
    if let Some(unattributed) = body.unattributed_feels() {
        let voices = voices(step, journey);
        for feels in &body.feels {
            let Some(persona) = feels.persona.as_ref().filter(|p| voices.iter().any(|v| v.text == p.text)) else { continue };
            diagnostics.push(
                Diagnostic::new(
                    Code::RepeatedAttribute,
                    file,
                    persona.span,
                    format!("`feels` is given twice for `{}` in step `{}`", persona.text, step.header.id.text),
                )
                .label(format!("`feels` without `for` is already `{}`'s here", persona.text))
                .secondary(file, unattributed.span, "this feeling is theirs")
                .help("keep one: drop the `for` line, or add `for PERSONA` to the other to give it to someone else"),
            );
        }
    }
    let in_journey = |name: &ast::Name| journey.personas.iter().any(|p| p.text == name.text);
    for persona in &body.personas {
        if !in_journey(persona) && !journey.personas.is_empty() && names.lookup(Kind::Persona, None, &persona.text).is_some() {
            diagnostics.push(not_in_journey(file, journey, persona));
        }
    }
    let said = body.said();
    let attributed = body
        .feels
        .iter()
        .filter_map(|f| f.persona.as_ref())
        .chain(said.iter().flat_map(|(_, texts)| texts.iter()).filter_map(|s| s.persona.as_ref()));
    for persona in attributed {
        if names.lookup(Kind::Persona, None, &persona.text).is_none() {
            continue; // not a persona at all: resolve reports it (E0010)
        }
        if !in_journey(persona) {
            diagnostics.push(not_in_journey(file, journey, persona));
        } else if !takes_part(step, journey, &persona.text) {
            let listed: Vec<String> = body.personas.iter().map(|p| format!("`{}`", p.text)).collect();
            diagnostics.push(
                Diagnostic::new(
                    Code::PersonaNotTakingPart,
                    file,
                    persona.span,
                    format!("`{}` doesn't take part in step `{}`", persona.text, step.header.id.text),
                )
                .label(format!("the step is only for {}", listed.join(", ")))
                .help(format!("add `{}` to the step's `persona` line, or give this to someone who is there", persona.text)),
            );
        }
    }
    for touchpoint in &body.touchpoints {
        let Some(channel) = &touchpoint.channel else { continue };
        if !body.channels.iter().any(|c| c.text == channel.text) {
            diagnostics.push(
                Diagnostic::new(
                    Code::ChannelNotOnStep,
                    file,
                    channel.span,
                    format!("step `{}` doesn't happen in channel `{}`", step.header.id.text, channel.text),
                )
                .label("not in the step's `channel` line")
                .help(format!("add `{}` to the step's `channel` line, or name a channel the step lists", channel.text)),
            );
        }
    }
}

fn not_in_journey(file: FileId, journey: &ast::Journey, persona: &ast::Name) -> Diagnostic {
    let listed: Vec<String> = journey.personas.iter().map(|p| format!("`{}`", p.text)).collect();
    Diagnostic::new(
        Code::PersonaNotTakingPart,
        file,
        persona.span,
        format!("`{}` is not a persona of journey `{}`", persona.text, journey.header.id.text),
    )
    .label(if listed.is_empty() {
        "the journey names no persona".to_string()
    } else {
        format!("the journey is walked by {}", listed.join(", "))
    })
    .help(format!("add it to the journey's `persona` line: `persona {}`", persona.text))
}

fn unused(names: &Names, diagnostics: &mut Vec<Diagnostic>) {
    // One pass over the references, not one per declaration: a big build has
    // hundreds of declarations and tens of thousands of references.
    let mut used = vec![false; names.declarations.len()];
    for target in names.references.iter().filter_map(|reference| reference.target) {
        used[target.index()] = true;
    }
    for (index, declaration) in names.declarations.iter().enumerate() {
        if !matches!(declaration.kind, Kind::Persona | Kind::Channel | Kind::Team | Kind::Emotion) || declaration.id.is_empty() {
            continue;
        }
        if names.lookup(declaration.kind, None, &declaration.id) != Some(declaration) || used[index] {
            continue; // a duplicate (reported already) or used
        }
        let kind = declaration.kind.as_str();
        let how = match declaration.kind {
            Kind::Persona => format!("add it to a journey with `persona {}`", declaration.id),
            Kind::Channel => format!("use it in a step with `channel {}`", declaration.id),
            Kind::Team => format!("make it the owner of a step, opportunity or KPI with `owner {}`", declaration.id),
            _ => format!("use it in a step with `feels {}`", declaration.id),
        };
        diagnostics.push(
            Diagnostic::new(Code::Unused, declaration.file, declaration.span, format!("{kind} `{}` is never used", declaration.id))
                .label("declared here")
                .help(format!("{how}, or remove it"))
                .fix(
                    format!("remove the unused {kind}"),
                    vec![Edit { file: declaration.file, span: declaration.full_span, replacement: String::new() }],
                ),
        );
    }
}
