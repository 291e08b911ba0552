//! Hover: the declaration's kind, ID and label, its doc comment, and the
//! facts that matter for its kind (a persona's goals, an emotion's score, a
//! channel's type, a KPI's target, actual and status); on a keyword, what
//! the language table says of it there.

use super::query::{self, Node, Symbol};
use super::Analysis;
use crate::emotions::builtin_score;
use crate::ir::Status;
use crate::language::{self, Kind};
use crate::resolve::Declaration;
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Measure, Target};
use crate::syntax::cst::Entry;
use std::fmt::Write;

/// What to show, in Markdown, and the span it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

pub fn hover(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Option<Hover> {
    let build = analysis.build;
    let Some(symbol) = query::symbol_at(build, file, offset) else {
        return keyword(analysis, file, offset);
    };
    let span = match symbol {
        Symbol::Declaration(id) => build.names.declaration(id).span,
        Symbol::Reference(r) => r.span,
    };
    let value = match symbol {
        Symbol::Reference(r) if query::is_builtin(r) => {
            let score = builtin_score(&r.name).unwrap_or_default();
            format!("**emotion** `{}` (built-in)\n\nscore: {}", r.name, signed(score.into()))
        }
        Symbol::Reference(r) if r.target.is_none() => format!("unknown {} `{}`", r.expected.as_str(), r.name),
        _ => {
            let index = query::target(symbol)?;
            describe(analysis, index)
        }
    };
    Some(Hover { span, markdown: value })
}

/// On a keyword: what the language table says of it in this block.
fn keyword(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Option<Hover> {
    let source = analysis.source(file);
    let path = query::enclosing(&analysis.parsed(file).cst, offset, source.text.len());
    let here = path.last()?;
    let statement = here.block.entries.iter().find_map(|entry| match entry {
        Entry::Statement(s) if s.keyword_span.start as usize <= offset && offset <= s.keyword_span.end as usize => Some(s),
        _ => None,
    })?;
    let attribute = language::attribute(here.context, &statement.keyword)?;
    let value =
        format!("**{}** in {}\n\n{}\n\n```journey\n{}\n```", attribute.keyword, here.context.describe(), attribute.doc, attribute.example);
    Some(Hover { span: statement.keyword_span, markdown: value })
}

/// The Markdown for one declaration.
fn describe(analysis: &Analysis<'_>, index: crate::resolve::DeclId) -> String {
    let build = analysis.build;
    let names = &build.names;
    let declaration: &Declaration = names.declaration(index);
    let mut out = format!("**{}** `{}`", declaration.kind.as_str(), declaration.id);
    if declaration.label != declaration.id {
        let _ = write!(out, " — {}", declaration.label);
    }
    if let Some(doc) = &declaration.doc {
        let _ = write!(out, "\n\n{doc}");
    }
    let mut facts: Vec<String> = Vec::new();
    match query::node(analysis, declaration) {
        Some(Node::Persona(persona)) => {
            list(&mut facts, "goal", &persona.goals);
            list(&mut facts, "need", &persona.needs);
            list(&mut facts, "frustration", &persona.frustrations);
        }
        Some(Node::Channel(channel)) => match channel.kind {
            Some(kind) => facts.push(format!("type: {}", kind.value.word())),
            None => facts.push("type: not given".into()),
        },
        Some(Node::Team) => {}
        Some(Node::Emotion(emotion)) => match names.emotion_scores.get(&emotion.header.id.text) {
            Some(score) => facts.push(format!("score: {}", signed((*score).into()))),
            None => facts.push(format!("score: {}", emotion.score.map_or("not valid".to_string(), |s| signed(s.value)))),
        },
        Some(Node::Journey(journey)) => {
            if let Some(goal) = &journey.goal {
                facts.push(format!("goal: {}", goal.text));
            }
            if let Some(state) = journey.state {
                facts.push(format!("state: {}", state.value.word()));
            }
            if !journey.personas.is_empty() {
                facts.push(format!("personas: {}", ids(&journey.personas)));
            }
            let steps: usize = journey.stages.iter().map(|s| s.steps.len()).sum();
            facts.push(format!("{} stages, {steps} steps", journey.stages.len()));
        }
        Some(Node::Phase(journey, phase)) => {
            let stages: Vec<&str> = journey.stages[phase.stages.clone()].iter().map(|s| s.header.id.text.as_str()).collect();
            facts.push(format!("stages: {}", if stages.is_empty() { "none".to_string() } else { stages.join(", ") }));
        }
        Some(Node::Stage(stage)) => {
            if let Some(goal) = &stage.goal {
                facts.push(format!("goal: {}", goal.text));
            }
            facts.push(format!("{} steps", stage.steps.len()));
            // As the map's stage header says it: each persona's mean on the
            // main path (the feelings without `for` on a map without personas).
            if let Some(model) = analysis.model_stage(declaration) {
                let shown = |mean: f64| signed((mean * 100.0).round() / 100.0);
                match model.by_persona.as_slice() {
                    [] => {
                        if let Some(mean) = model.emotion.mean {
                            facts.push(format!("mean emotion on the main path: {}", shown(mean)));
                        }
                    }
                    [only] => {
                        if let Some(mean) = only.emotion.mean {
                            facts.push(format!("mean emotion on the main path: {}", shown(mean)));
                        }
                    }
                    several => {
                        for figures in several {
                            if let Some(mean) = figures.emotion.mean {
                                facts.push(format!("mean emotion of {} on the main path: {}", figures.persona, shown(mean)));
                            }
                        }
                    }
                }
            }
            if !stage.pains.is_empty() || !stage.delights.is_empty() {
                facts.push(format!("stage pain points: {}, delights: {}", stage.pains.len(), stage.delights.len()));
            }
        }
        Some(Node::Step(step)) => {
            let body = &step.body;
            if !body.channels.is_empty() {
                facts.push(format!("channel: {}", ids(&body.channels)));
            }
            let model = analysis.model_step(declaration);
            if let Some(moment) = &body.moment {
                let label = moment.label.as_ref().map_or(String::new(), |l| format!(": {}", l.text));
                facts.push(format!("moment that matters{label}"));
            }
            for feels in &body.feels {
                let emotion = feels.emotion.as_ref().map_or("", |e| e.text.as_str());
                let score = crate::check::feels_score(feels, names).map(|s| signed(s.into()));
                let text = match (emotion, score) {
                    ("", Some(score)) => score,
                    (emotion, Some(score)) => format!("{emotion} ({score})"),
                    (emotion, None) => emotion.to_string(),
                };
                let whose = match &feels.persona {
                    Some(persona) => format!(" for {}", persona.text),
                    None => String::new(),
                };
                facts.push(format!("feels: {text}{whose}"));
            }
            if let Some(owner) = &body.owner {
                facts.push(format!("owner: {}", owner.text));
            }
            if !body.pains.is_empty() {
                facts.push(format!("pain points: {}", body.pains.len()));
            }
            if !body.delights.is_empty() {
                facts.push(format!("delights: {}", body.delights.len()));
            }
            if let Some(duration) = &body.duration {
                facts.push(format!("takes {}", duration.text));
            }
            if let Some(wait) = &body.wait {
                facts.push(format!("wait before: {}", wait.text));
            }
            if !body.next.is_empty() {
                let next: Vec<String> = body
                    .next
                    .iter()
                    .map(|n| match &n.outcome {
                        Some(outcome) => format!("{} ({})", n.step.text, outcome.text),
                        None => n.step.text.to_string(),
                    })
                    .collect();
                facts.push(format!("next: {}", next.join(", ")));
            }
            if let Some(exit) = &body.exit {
                let label = exit.label.as_ref().map_or(String::new(), |l| format!(": {}", l.text));
                facts.push(format!("the customer may leave here{label}"));
            }
            if model.is_some_and(|m| m.path == crate::ir::PathKind::Side) {
                facts.push("on a side path".into());
            }
        }
        Some(Node::Kpi(kpi_node)) => kpi_facts(kpi_node, analysis.model_kpi(declaration), &mut facts),
        None => {}
    }
    let uses = names.uses(index);
    if matches!(declaration.kind, Kind::Persona | Kind::Channel | Kind::Team | Kind::Emotion) {
        facts.push(match uses {
            0 => "not used".to_string(),
            1 => "used once".to_string(),
            n => format!("used {n} times"),
        });
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    out
}

/// What is written (target, actual, baseline, owner) and what the model
/// derived from it (status, delta).
fn kpi_facts(kpi_node: &ast::Kpi, model: Option<&crate::ir::Kpi>, facts: &mut Vec<String>) {
    match &kpi_node.target {
        Some(Target::Compare { operator, value }) => facts.push(format!("target: {} {}", operator.as_str(), value.text)),
        Some(Target::Range { low, high }) => facts.push(format!("target: {}..{}", low.text, high.text)),
        None => facts.push("target: not given".into()),
    }
    let measure = |m: &Option<Measure>| m.as_ref().map_or("not given".to_string(), |m| m.text.to_string());
    facts.push(format!("actual: {}", measure(&kpi_node.actual)));
    if kpi_node.baseline.is_some() {
        facts.push(format!("baseline: {}", measure(&kpi_node.baseline)));
    }
    let status = match model.map_or(Status::Unknown, |k| k.status) {
        Status::Met => "met ✓",
        Status::Missed => "missed ✗",
        Status::Unknown => "unknown",
    };
    match model.and_then(|k| k.delta.as_ref()) {
        Some(delta) => facts.push(format!("status: {status} ({} to target)", delta.text)),
        None => facts.push(format!("status: {status}")),
    }
    if let Some(owner) = &kpi_node.owner {
        facts.push(format!("owner: {}", owner.text));
    }
}

fn list(facts: &mut Vec<String>, what: &str, texts: &[ast::Text]) {
    match texts {
        [] => {}
        [one] => facts.push(format!("{what}: {}", one.text)),
        many => facts.push(format!("{what}s: {}", many.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("; "))),
    }
}

fn ids(names: &[ast::Name]) -> String {
    names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join(", ")
}

/// `+2`, `0`, `-1.5`.
fn signed(value: f64) -> String {
    let number = crate::syntax::lower::format_number(value.abs());
    if value > 0.0 {
        format!("+{number}")
    } else if value < 0.0 {
        format!("-{number}")
    } else {
        number
    }
}
