//! Stage 4: the resolved model of one build, as the versioned JSON document
//! (`"version": 1`) that dashboards, diagrams and other tools read. Every
//! reference is a checked ID; derived figures (scores, stage emotion, KPI
//! status and delta, the channel × stage matrix, the flow) are computed here
//! so no consumer has to. `docs/journey.schema.json` describes this shape:
//! change both together.

use crate::check::{self, flow, kpi};
use crate::resolve::{self, Kind, Names};
use crate::source::{FileId, Sources, Span};
use crate::syntax::ast::{self, ChannelType, Evidence, Level, Measure, State, Target, Unit};
use crate::syntax::cst::Operator;
use rustc_hash::FxHashMap;
use serde::Serialize;
use smol_str::SmolStr;

/// A KPI's status, as the model (and the diagrams drawn from it) carry it.
pub use crate::check::kpi::Status;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Model {
    pub version: u32,
    /// The build's files, as given (paths relative to where the build ran).
    pub files: Vec<String>,
    pub personas: Vec<Persona>,
    pub channels: Vec<Channel>,
    pub teams: Vec<Team>,
    /// Custom emotions, then the built-in ones the build uses.
    pub emotions: Vec<Emotion>,
    pub journeys: Vec<Journey>,
    /// Where each persona, channel and team is, by ID: what layout and the
    /// writers look names up in (a build may declare thousands).
    #[serde(skip)]
    pub(crate) index: Index,
}

/// Positions in [`Model`]'s lists by ID. With duplicate IDs (an error, but
/// the editor still draws) the first declaration wins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    personas: FxHashMap<SmolStr, usize>,
    channels: FxHashMap<SmolStr, usize>,
    teams: FxHashMap<SmolStr, usize>,
}

impl Index {
    fn of(model: &Model) -> Index {
        fn positions<'a>(ids: impl Iterator<Item = &'a SmolStr>) -> FxHashMap<SmolStr, usize> {
            let mut map = FxHashMap::default();
            for (i, id) in ids.enumerate() {
                map.entry(id.clone()).or_insert(i);
            }
            map
        }
        Index {
            personas: positions(model.personas.iter().map(|p| &p.id)),
            channels: positions(model.channels.iter().map(|c| &c.id)),
            teams: positions(model.teams.iter().map(|t| &t.id)),
        }
    }
}

impl Model {
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.index.personas.get(id).map(|&i| &self.personas[i])
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.index.channels.get(id).map(|&i| &self.channels[i])
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.index.teams.get(id).map(|&i| &self.teams[i])
    }
}

/// Where an element is written: 1-based line and column (in characters), byte offsets.
/// The diagnostic renderers report places the same way.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Position {
    pub file: SmolStr,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub end_offset: usize,
}

impl Position {
    /// The position of a span, with the file's display path.
    pub fn new(sources: &Sources, file: FileId, span: Span) -> Position {
        Position::with_path(sources, file, span, display_path(sources, file).into())
    }

    fn with_path(sources: &Sources, file: FileId, span: Span, path: SmolStr) -> Position {
        let source = sources.get(file);
        let (line, column) = source.human_position(span.start as usize);
        let (end_line, end_column) = source.human_position(span.end as usize);
        Position { file: path, line, column, end_line, end_column, offset: span.start as usize, end_offset: span.end as usize }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Persona {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    pub goals: Vec<SmolStr>,
    pub needs: Vec<SmolStr>,
    pub frustrations: Vec<SmolStr>,
    pub quotes: Vec<SmolStr>,
    pub traits: Vec<SmolStr>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Channel {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<ChannelType>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Team {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Emotion {
    pub id: SmolStr,
    /// What the map shows: the declared label, else the ID.
    pub label: SmolStr,
    pub score: i8,
    pub builtin: bool,
    pub doc: Option<String>,
    /// `null` for built-in emotions.
    pub position: Option<Position>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Journey {
    pub id: SmolStr,
    pub title: SmolStr,
    pub doc: Option<String>,
    pub goal: Option<SmolStr>,
    pub state: Option<State>,
    pub personas: Vec<SmolStr>,
    /// Mean, lowest and highest score of the main path's steps (the
    /// feelings written without `for`).
    pub emotion: EmotionSummary,
    /// The same figures for the steps on side paths.
    pub side_emotion: EmotionSummary,
    /// Each persona's figures over the whole journey.
    pub by_persona: Vec<PersonaFigures>,
    /// Time on the main path.
    pub time: Time,
    pub phases: Vec<Phase>,
    pub stages: Vec<Stage>,
    /// Journey-level KPIs (stage KPIs sit in their stage).
    pub kpis: Vec<Kpi>,
    /// Opportunities that cut across the journey: its backlog.
    pub opportunities: Vec<Opportunity>,
    /// The steps marked as moments that matter, in written order.
    pub moments: Vec<Moment>,
    pub flow: Vec<Edge>,
    pub channel_stage_matrix: Matrix,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Phase {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    /// Its stages' IDs, in order.
    pub stages: Vec<SmolStr>,
    pub position: Position,
}

/// One persona's feelings, pains and delights over a stage or a journey.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonaFigures {
    pub persona: SmolStr,
    /// Their feelings on the main path.
    pub emotion: EmotionSummary,
    /// Their feelings on side paths.
    pub side_emotion: EmotionSummary,
    /// Pain points and delights that are theirs (`for` them, or written
    /// without `for` at a step whose content is theirs).
    pub pains: usize,
    pub delights: usize,
}

/// Durations and waits summed over the main path's steps.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Time {
    pub duration_seconds: f64,
    pub wait_seconds: f64,
    /// How many of those steps have a `duration` or a `wait`.
    pub timed_steps: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Moment {
    pub step: SmolStr,
    pub stage: SmolStr,
    pub label: Option<SmolStr>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EmotionSummary {
    pub mean: Option<f64>,
    pub min: Option<i8>,
    pub max: Option<i8>,
    /// How many steps have a score.
    pub scored_steps: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stage {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    pub goal: Option<SmolStr>,
    /// The phase the stage is in.
    pub phase: Option<SmolStr>,
    /// The main path's steps (feelings written without `for`).
    pub emotion: EmotionSummary,
    /// The side paths' steps.
    pub side_emotion: EmotionSummary,
    pub by_persona: Vec<PersonaFigures>,
    pub time: Time,
    pub steps: Vec<Step>,
    pub kpis: Vec<Kpi>,
    /// Pain points, delights, opportunities and systems of the whole stage.
    pub pains: Vec<SmolStr>,
    pub delights: Vec<SmolStr>,
    /// Which of the stage's pains and delights are said of one persona.
    pub attributions: Vec<Attribution>,
    pub opportunities: Vec<Opportunity>,
    pub support: Vec<SmolStr>,
    pub position: Position,
    /// Whose the stage's pains and delights without `for` are: the
    /// journey's first persona's (as a step that names no one).
    #[serde(skip)]
    pub voices: Vec<SmolStr>,
}

impl Stage {
    /// Whose the `index`th `pain` or `delight` of the stage is.
    pub fn owners(&self, statement: &str, index: usize) -> Vec<&SmolStr> {
        owners(&self.attributions, &self.voices, statement, index)
    }
}

/// Whose the `index`th text of `statement` is: the persona it is said
/// `for`, else the voices of its step or stage.
fn owners<'a>(attributions: &'a [Attribution], voices: &'a [SmolStr], statement: &str, index: usize) -> Vec<&'a SmolStr> {
    match attributions.iter().find(|a| a.statement == statement && a.index == index) {
        Some(attribution) => vec![&attribution.persona],
        None => voices.iter().collect(),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    pub channels: Vec<SmolStr>,
    /// The first touchpoint's text (see `touchpoints` for all of them).
    pub touchpoint: Option<SmolStr>,
    pub touchpoints: Vec<Touchpoint>,
    pub does: Vec<SmolStr>,
    pub thinks: Vec<SmolStr>,
    /// The feeling written without `for`; `null` when there is none.
    pub emotion: Option<StepEmotion>,
    /// Each persona's feeling at this step: a point on their curve.
    pub feelings: Vec<Feeling>,
    pub pains: Vec<SmolStr>,
    pub delights: Vec<SmolStr>,
    pub quotes: Vec<SmolStr>,
    /// Which of the step's texts are said of one persona.
    pub attributions: Vec<Attribution>,
    /// Set when the step is a moment that matters.
    pub moment: Option<Mark>,
    /// Set when the customer may leave the journey here.
    pub exit: Option<Mark>,
    /// `main` or `side`.
    pub path: PathKind,
    /// Whether the step has more than one outcome (steps it leads to, and an exit).
    pub decision: bool,
    pub duration: Option<Value>,
    pub wait: Option<Value>,
    pub opportunities: Vec<Opportunity>,
    /// The personas this step concerns; empty means all of the journey's.
    pub personas: Vec<SmolStr>,
    pub kpis: Vec<SmolStr>,
    /// The steps this one leads to (explicit `next`, or the next step written).
    pub next: Vec<SmolStr>,
    pub owner: Option<SmolStr>,
    pub frontstage: Vec<SmolStr>,
    pub backstage: Vec<SmolStr>,
    pub support: Vec<SmolStr>,
    pub evidence: Option<Evidence>,
    pub sources: Vec<SmolStr>,
    pub position: Position,
    /// Whose the step's texts and feeling written without `for` are
    /// ([`check::voices`]): what a persona's map keeps.
    #[serde(skip)]
    pub voices: Vec<SmolStr>,
}

impl Step {
    /// Whether the step concerns a persona: it names them, or names no one.
    pub fn concerns(&self, persona: &str) -> bool {
        self.personas.is_empty() || self.personas.iter().any(|p| p == persona)
    }

    /// Whose the `index`th text of `statement` (`pain`, `does`, …) is: the
    /// persona it is said `for`, else the step's voices.
    pub fn owners(&self, statement: &str, index: usize) -> Vec<&SmolStr> {
        owners(&self.attributions, &self.voices, statement, index)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Touchpoint {
    pub text: SmolStr,
    /// The step's channel it is on, if written (`via`).
    pub channel: Option<SmolStr>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Feeling {
    pub persona: SmolStr,
    /// The emotion's name; `null` for a bare score.
    pub name: Option<SmolStr>,
    pub score: i8,
}

/// A text said of one persona: `pain "…" for officer` is the pain at
/// `index` in the list `statement` names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attribution {
    /// `does`, `thinks`, `pain`, `delight` or `quote`.
    pub statement: &'static str,
    pub index: usize,
    pub persona: SmolStr,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mark {
    pub label: Option<SmolStr>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PathKind {
    Main,
    Side,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepEmotion {
    /// The emotion's name; `null` for a bare `feels SCORE`.
    pub name: Option<SmolStr>,
    pub score: i8,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Opportunity {
    pub label: SmolStr,
    pub owner: Option<SmolStr>,
    pub impact: Option<Level>,
    pub effort: Option<Level>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Kpi {
    pub id: SmolStr,
    pub label: SmolStr,
    pub doc: Option<String>,
    /// `number`, `percent`, `duration` or `money`.
    pub unit: &'static str,
    /// The ISO 4217 code of a money KPI.
    pub currency: Option<SmolStr>,
    pub target: Option<KpiTarget>,
    pub actual: Option<Value>,
    pub baseline: Option<Value>,
    pub scale: Option<[Value; 2]>,
    pub owner: Option<SmolStr>,
    pub status: kpi::Status,
    /// Actual minus target (or the nearest end of a target range), in the target's unit.
    pub delta: Option<kpi::Delta>,
    /// Steps that say they move this KPI.
    pub steps: Vec<SmolStr>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KpiTarget {
    /// `>=`, `<=`, `>`, `<`, `=`, or `range`.
    pub operator: &'static str,
    /// For comparisons.
    pub value: Option<Value>,
    /// For ranges.
    pub low: Option<Value>,
    pub high: Option<Value>,
}

/// A KPI value as written, with its number in the written unit and in the base unit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Value {
    pub text: SmolStr,
    pub value: f64,
    /// `%`, `min`, `EUR`, or empty for plain numbers.
    pub unit: SmolStr,
    /// The value in the base unit: seconds for durations, otherwise the value itself.
    pub base: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    pub from: SmolStr,
    pub to: SmolStr,
    pub kind: flow::EdgeKind,
    /// The outcome that leads this way (`next approve "Approved"`).
    pub outcome: Option<SmolStr>,
    /// Whether the main path takes this edge.
    pub main: bool,
    /// Back to a step written earlier, or to itself.
    #[serde(rename = "loop")]
    pub is_loop: bool,
}

/// Which steps of each stage happen in each channel.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matrix {
    pub channels: Vec<SmolStr>,
    pub stages: Vec<SmolStr>,
    /// `cells[c][s]`: the steps of stage `s` that use channel `c`.
    pub cells: Vec<Vec<Vec<SmolStr>>>,
}

/// Builds the model of one build. Meant for builds without errors; with
/// errors it still gives a best-effort model (the language server uses it).
pub fn build(sources: &Sources, files: &[(FileId, &ast::File)], names: &Names) -> Model {
    let paths = sources.iter().map(|(id, _)| display_path(sources, id).into()).collect();
    let mut builder = Builder { sources, names, file: FileId(0), paths };
    let mut model = Model {
        version: VERSION,
        files: files.iter().map(|(f, _)| display_path(sources, *f)).collect(),
        personas: vec![],
        channels: vec![],
        teams: vec![],
        emotions: vec![],
        journeys: vec![],
        index: Index::default(),
    };
    for (file, ast) in files {
        builder.file = *file;
        for item in &ast.items {
            match item {
                ast::Item::Persona(p) => model.personas.push(Persona {
                    id: p.header.id.text.clone(),
                    label: p.header.label().clone(),
                    doc: p.header.doc.clone(),
                    goals: texts(&p.goals),
                    needs: texts(&p.needs),
                    frustrations: texts(&p.frustrations),
                    quotes: texts(&p.quotes),
                    traits: texts(&p.traits),
                    position: builder.position(p.header.span),
                }),
                ast::Item::Channel(c) => model.channels.push(Channel {
                    id: c.header.id.text.clone(),
                    label: c.header.label().clone(),
                    doc: c.header.doc.clone(),
                    kind: c.kind.map(|k| k.value),
                    position: builder.position(c.header.span),
                }),
                ast::Item::Team(t) => model.teams.push(Team {
                    id: t.header.id.text.clone(),
                    label: t.header.label().clone(),
                    doc: t.header.doc.clone(),
                    position: builder.position(t.header.span),
                }),
                ast::Item::Emotion(e) => model.emotions.push(Emotion {
                    id: e.header.id.text.clone(),
                    label: e.header.label().clone(),
                    score: names.emotion_scores.get(&e.header.id.text).copied().unwrap_or(0),
                    builtin: false,
                    doc: e.header.doc.clone(),
                    position: Some(builder.position(e.header.span)),
                }),
                ast::Item::Journey(_) | ast::Item::Use(_) => {}
            }
        }
    }
    let mut builtins: Vec<&str> = names
        .references
        .iter()
        .filter(|r| r.expected == Kind::Emotion && r.target.is_none())
        .filter_map(|r| crate::emotions::BUILTIN.iter().find(|(n, _)| *n == r.name).map(|(n, _)| *n))
        .collect();
    builtins.sort_by_key(|name| crate::emotions::BUILTIN.iter().position(|(n, _)| n == name));
    builtins.dedup();
    for name in builtins {
        let score = crate::emotions::builtin_score(name).expect("filtered to built-ins");
        let id = SmolStr::new_static(name);
        model.emotions.push(Emotion { id: id.clone(), label: id, score, builtin: true, doc: None, position: None });
    }
    for (index, (file, journey)) in resolve::journeys(files).into_iter().enumerate() {
        builder.file = file;
        model.journeys.push(builder.journey(journey, index));
    }
    model.index = Index::of(&model);
    model
}

fn texts(texts: &[ast::Text]) -> Vec<SmolStr> {
    texts.iter().map(|t| t.text.clone()).collect()
}

fn ids(names: &[ast::Name]) -> Vec<SmolStr> {
    names.iter().map(|n| n.text.clone()).collect()
}

/// A path as shown to users and written into outputs: `/` separators on every platform.
pub fn display_path(sources: &Sources, file: FileId) -> String {
    sources.get(file).path.to_string_lossy().replace('\\', "/")
}

struct Builder<'a> {
    sources: &'a Sources,
    names: &'a Names,
    file: FileId,
    /// Display paths by file, computed once.
    paths: Vec<SmolStr>,
}

impl Builder<'_> {
    fn position(&self, span: Span) -> Position {
        Position::with_path(self.sources, self.file, span, self.paths[self.file.0 as usize].clone())
    }

    fn journey(&self, journey: &ast::Journey, scope: usize) -> Journey {
        let all_steps = flow::steps(journey);
        let flow_edges = flow::edges(journey, self.names, scope);
        let paths = flow::paths(all_steps.len(), &flow_edges);
        let mut next: Vec<Vec<SmolStr>> = vec![Vec::new(); all_steps.len()];
        let mut edges = Vec::with_capacity(flow_edges.len());
        for (e, edge) in flow_edges.iter().enumerate() {
            let (from_id, to_id) = (all_steps[edge.from].header.id.text.clone(), all_steps[edge.to].header.id.text.clone());
            next[edge.from].push(to_id.clone());
            edges.push(Edge {
                from: from_id,
                to: to_id,
                kind: edge.kind,
                outcome: edge.outcome.map(SmolStr::new),
                main: paths.main_edge[e],
                is_loop: edge.is_loop(),
            });
        }
        // KPI → steps that move it.
        let mut kpi_steps: FxHashMap<&str, Vec<SmolStr>> = FxHashMap::default();
        for step in &all_steps {
            for kpi in &step.body.kpis {
                kpi_steps.entry(kpi.text.as_str()).or_default().push(step.header.id.text.clone());
            }
        }
        let phase_of = |stage: usize| journey.phases.iter().find(|p| p.stages.contains(&stage)).map(|p| p.header.id.text.clone());
        let mut at = 0;
        let mut tallies: Vec<Tally> = vec![Tally::default(); journey.personas.len()];
        let mut stages = Vec::with_capacity(journey.stages.len());
        for (index, stage) in journey.stages.iter().enumerate() {
            let steps: Vec<Step> = stage
                .steps
                .iter()
                .map(|step| {
                    let built = self.step(journey, step, std::mem::take(&mut next[at]), paths.main[at]);
                    at += 1;
                    built
                })
                .collect();
            let stage = self.stage(journey, stage, steps, phase_of(index), &kpi_steps);
            for (total, of_stage) in tallies.iter_mut().zip(tally(journey, &stage)) {
                total.add(&of_stage);
            }
            stages.push(stage);
        }
        let steps = || stages.iter().flat_map(|s| &s.steps);
        Journey {
            id: journey.header.id.text.clone(),
            title: journey.header.label().clone(),
            doc: journey.header.doc.clone(),
            goal: journey.goal.as_ref().map(|g| g.text.clone()),
            state: journey.state.map(|s| s.value),
            personas: ids(&journey.personas),
            emotion: summary(&scores(steps(), PathKind::Main)),
            side_emotion: summary(&scores(steps(), PathKind::Side)),
            by_persona: once_each(journey.personas.iter().zip(&tallies).map(|(p, t)| t.figures(&p.text))),
            time: time(steps()),
            phases: journey
                .phases
                .iter()
                .map(|phase| Phase {
                    id: phase.header.id.text.clone(),
                    label: phase.header.label().clone(),
                    doc: phase.header.doc.clone(),
                    stages: journey.stages[phase.stages.clone()].iter().map(|s| s.header.id.text.clone()).collect(),
                    position: self.position(phase.header.span),
                })
                .collect(),
            moments: stages
                .iter()
                .flat_map(|stage| {
                    stage.steps.iter().filter_map(|step| {
                        let moment = step.moment.as_ref()?;
                        Some(Moment { step: step.id.clone(), stage: stage.id.clone(), label: moment.label.clone() })
                    })
                })
                .collect(),
            channel_stage_matrix: matrix(journey),
            stages,
            kpis: journey.kpis.iter().map(|k| self.kpi(k, &kpi_steps)).collect(),
            opportunities: self.opportunities(&journey.opportunities),
            flow: edges,
            position: self.position(journey.header.span),
        }
    }

    fn stage(
        &self,
        journey: &ast::Journey,
        stage: &ast::Stage,
        steps: Vec<Step>,
        phase: Option<SmolStr>,
        kpi_steps: &FxHashMap<&str, Vec<SmolStr>>,
    ) -> Stage {
        let mut built = Stage {
            emotion: summary(&scores(&steps, PathKind::Main)),
            side_emotion: summary(&scores(&steps, PathKind::Side)),
            by_persona: Vec::new(),
            time: time(&steps),
            id: stage.header.id.text.clone(),
            label: stage.header.label().clone(),
            doc: stage.header.doc.clone(),
            goal: stage.goal.as_ref().map(|g| g.text.clone()),
            phase,
            steps,
            kpis: stage.kpis.iter().map(|k| self.kpi(k, kpi_steps)).collect(),
            pains: said_texts(&stage.pains),
            delights: said_texts(&stage.delights),
            attributions: attributions(&[("pain", &stage.pains), ("delight", &stage.delights)]),
            opportunities: self.opportunities(&stage.opportunities),
            support: texts(&stage.support),
            position: self.position(stage.header.span),
            voices: ids(journey.personas.get(..1).unwrap_or(&[])),
        };
        built.by_persona = once_each(journey.personas.iter().zip(tally(journey, &built)).map(|(p, t)| t.figures(&p.text)));
        built
    }

    fn opportunities(&self, opportunities: &[ast::Opportunity]) -> Vec<Opportunity> {
        opportunities
            .iter()
            .map(|o| Opportunity {
                label: o.label.text.clone(),
                owner: o.owner.as_ref().map(|n| n.text.clone()),
                impact: o.impact.map(|w| w.value),
                effort: o.effort.map(|w| w.value),
                position: self.position(o.span),
            })
            .collect()
    }

    fn step(&self, journey: &ast::Journey, step: &ast::Step, next: Vec<SmolStr>, main: bool) -> Step {
        let body = &step.body;
        let emotion = body.unattributed_feels().and_then(|feels| {
            let score = check::feels_score(feels, self.names)?;
            Some(StepEmotion { name: feels.emotion.as_ref().map(|e| e.text.clone()), score })
        });
        let mark = |mark: &Option<ast::Mark>| mark.as_ref().map(|m| Mark { label: m.label.as_ref().map(|l| l.text.clone()) });
        let outcomes = next.len() + usize::from(body.exit.is_some());
        Step {
            id: step.header.id.text.clone(),
            label: step.header.label().clone(),
            doc: step.header.doc.clone(),
            channels: ids(&body.channels),
            touchpoint: body.touchpoints.first().map(|t| t.text.text.clone()),
            touchpoints: body
                .touchpoints
                .iter()
                .map(|t| Touchpoint { text: t.text.text.clone(), channel: t.channel.as_ref().map(|c| c.text.clone()) })
                .collect(),
            does: said_texts(&body.does),
            thinks: said_texts(&body.thinks),
            emotion,
            feelings: feelings(journey, step, self.names),
            pains: said_texts(&body.pains),
            delights: said_texts(&body.delights),
            quotes: said_texts(&body.quotes),
            attributions: attributions(&body.said()),
            moment: mark(&body.moment),
            exit: mark(&body.exit),
            path: if main { PathKind::Main } else { PathKind::Side },
            decision: outcomes > 1,
            duration: body.duration.as_ref().map(value_of),
            wait: body.wait.as_ref().map(value_of),
            opportunities: self.opportunities(&body.opportunities),
            personas: ids(&body.personas),
            kpis: ids(&body.kpis),
            next,
            owner: body.owner.as_ref().map(|n| n.text.clone()),
            frontstage: texts(&body.frontstage),
            backstage: texts(&body.backstage),
            support: texts(&body.support),
            evidence: body.evidence.map(|w| w.value),
            sources: texts(&body.sources),
            position: self.position(step.header.span),
            voices: ids(check::voices(step, journey)),
        }
    }

    fn kpi(&self, kpi: &ast::Kpi, steps: &FxHashMap<&str, Vec<SmolStr>>) -> Kpi {
        let (status, delta) = kpi::evaluate(kpi);
        let reference = match &kpi.target {
            Some(Target::Compare { value, .. }) => Some(value),
            Some(Target::Range { low, .. }) => Some(low),
            None => kpi.actual.as_ref().or(kpi.baseline.as_ref()).or(kpi.scale.as_ref().map(|(low, _)| low)),
        };
        let (unit, currency) = match reference.map(|m| &m.unit) {
            None | Some(Unit::Number) => ("number", None),
            Some(Unit::Percent) => ("percent", None),
            Some(Unit::Duration { .. }) => ("duration", None),
            Some(Unit::Money { currency }) => ("money", Some(SmolStr::new(currency))),
        };
        let doc = match (&kpi.header.doc, &kpi.description) {
            (Some(doc), Some(text)) => Some(format!("{doc}\n{}", text.text)),
            (doc, text) => doc.clone().or_else(|| text.as_ref().map(|t| t.text.to_string())),
        };
        Kpi {
            id: kpi.header.id.text.clone(),
            label: kpi.header.label().clone(),
            doc,
            unit,
            currency,
            target: kpi.target.as_ref().map(|target| match target {
                Target::Compare { operator, value } => {
                    KpiTarget { operator: operator_text(*operator), value: Some(value_of(value)), low: None, high: None }
                }
                Target::Range { low, high } => {
                    KpiTarget { operator: "range", value: None, low: Some(value_of(low)), high: Some(value_of(high)) }
                }
            }),
            actual: kpi.actual.as_ref().map(value_of),
            baseline: kpi.baseline.as_ref().map(value_of),
            scale: kpi.scale.as_ref().map(|(low, high)| [value_of(low), value_of(high)]),
            owner: kpi.owner.as_ref().map(|n| n.text.clone()),
            status,
            delta,
            steps: steps.get(kpi.header.id.text.as_str()).cloned().unwrap_or_default(),
            position: self.position(kpi.header.span),
        }
    }
}

fn operator_text(operator: Operator) -> &'static str {
    operator.as_str()
}

fn value_of(measure: &Measure) -> Value {
    Value {
        text: measure.text.clone(),
        value: measure.value,
        unit: SmolStr::new(kpi::unit_suffix(&measure.unit)),
        base: kpi::round(measure.base_value()),
    }
}

/// The scores of the steps on one kind of path that have a feeling written without `for`.
fn scores<'a>(steps: impl IntoIterator<Item = &'a Step>, path: PathKind) -> Vec<i8> {
    steps.into_iter().filter(|s| s.path == path).filter_map(|step| step.emotion.as_ref().map(|emotion| emotion.score)).collect()
}

/// Each persona's feeling at a step: `feels … for PERSONA`, else the
/// feeling written without `for` when the step's content is theirs.
fn feelings(journey: &ast::Journey, step: &ast::Step, names: &Names) -> Vec<Feeling> {
    // Sets: a journey (and a step) may name thousands of personas.
    let voices: rustc_hash::FxHashSet<&str> = check::voices(step, journey).iter().map(|v| v.text.as_str()).collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut found = Vec::new();
    for persona in &journey.personas {
        if !seen.insert(persona.text.as_str()) {
            continue; // a persona the journey names twice
        }
        let own = step.body.feels.iter().find(|f| f.persona.as_ref().is_some_and(|p| p.text == persona.text));
        let feels = own.or_else(|| step.body.unattributed_feels().filter(|_| voices.contains(persona.text.as_str())));
        if let Some(feels) = feels {
            if let Some(score) = check::feels_score(feels, names) {
                found.push(Feeling { persona: persona.text.clone(), name: feels.emotion.as_ref().map(|e| e.text.clone()), score });
            }
        }
    }
    found
}

/// Each persona's figures once, though the journey may name them twice.
/// (A set, not a search of the list: a journey may name thousands.)
fn once_each(figures: impl Iterator<Item = PersonaFigures>) -> Vec<PersonaFigures> {
    let mut seen = rustc_hash::FxHashSet::default();
    figures.filter(|f| seen.insert(f.persona.clone())).collect()
}

fn said_texts(said: &[ast::Said]) -> Vec<SmolStr> {
    said.iter().map(|s| s.text.text.clone()).collect()
}

fn attributions(lists: &[(&'static str, &[ast::Said])]) -> Vec<Attribution> {
    let mut found = Vec::new();
    for (statement, said) in lists {
        for (index, s) in said.iter().enumerate() {
            if let Some(persona) = &s.persona {
                found.push(Attribution { statement, index, persona: persona.text.clone() });
            }
        }
    }
    found
}

fn time<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Time {
    let mut time = Time { duration_seconds: 0.0, wait_seconds: 0.0, timed_steps: 0 };
    for step in steps.into_iter().filter(|s| s.path == PathKind::Main) {
        if step.duration.is_some() || step.wait.is_some() {
            time.timed_steps += 1;
        }
        time.duration_seconds += step.duration.as_ref().map_or(0.0, |d| d.base);
        time.wait_seconds += step.wait.as_ref().map_or(0.0, |w| w.base);
    }
    time
}

/// One persona's scores, pains and delights, added up stage by stage.
#[derive(Clone, Default)]
struct Tally {
    main: Vec<i8>,
    side: Vec<i8>,
    pains: usize,
    delights: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.main.extend(&other.main);
        self.side.extend(&other.side);
        self.pains += other.pains;
        self.delights += other.delights;
    }

    fn figures(&self, persona: &SmolStr) -> PersonaFigures {
        PersonaFigures {
            persona: persona.clone(),
            emotion: summary(&self.main),
            side_emotion: summary(&self.side),
            pains: self.pains,
            delights: self.delights,
        }
    }
}

/// Each of the journey's personas' tally over one built stage: their
/// feelings by path, and the pains and delights that are theirs.
fn tally(journey: &ast::Journey, built: &Stage) -> Vec<Tally> {
    fn count<'a>(persona: &str, len: usize, owners: impl Fn(usize) -> Vec<&'a SmolStr>) -> usize {
        (0..len).filter(|&i| owners(i).iter().any(|o| *o == persona)).count()
    }
    journey
        .personas
        .iter()
        .map(|persona| {
            let persona = persona.text.as_str();
            let mut tally = Tally::default();
            for step in &built.steps {
                if let Some(feeling) = step.feelings.iter().find(|f| f.persona == persona) {
                    match step.path {
                        PathKind::Main => tally.main.push(feeling.score),
                        PathKind::Side => tally.side.push(feeling.score),
                    }
                }
                tally.pains += count(persona, step.pains.len(), |i| step.owners("pain", i));
                tally.delights += count(persona, step.delights.len(), |i| step.owners("delight", i));
            }
            tally.pains += count(persona, built.pains.len(), |i| built.owners("pain", i));
            tally.delights += count(persona, built.delights.len(), |i| built.owners("delight", i));
            tally
        })
        .collect()
}

fn summary(scores: &[i8]) -> EmotionSummary {
    if scores.is_empty() {
        return EmotionSummary { mean: None, min: None, max: None, scored_steps: 0 };
    }
    let sum: i64 = scores.iter().map(|&s| i64::from(s)).sum();
    let mean = (sum as f64 / scores.len() as f64 * 100.0).round() / 100.0;
    EmotionSummary {
        mean: Some(if mean == 0.0 { 0.0 } else { mean }),
        min: scores.iter().copied().min(),
        max: scores.iter().copied().max(),
        scored_steps: scores.len(),
    }
}

fn matrix(journey: &ast::Journey) -> Matrix {
    // Rows in the order channels are first used; one pass over the steps.
    let mut row_of: FxHashMap<&str, usize> = FxHashMap::default();
    let mut channels: Vec<SmolStr> = Vec::new();
    for step in flow::steps(journey) {
        for channel in &step.body.channels {
            row_of.entry(channel.text.as_str()).or_insert_with(|| {
                channels.push(channel.text.clone());
                channels.len() - 1
            });
        }
    }
    let stages: Vec<SmolStr> = journey.stages.iter().map(|s| s.header.id.text.clone()).collect();
    let mut cells: Vec<Vec<Vec<SmolStr>>> = vec![vec![Vec::new(); stages.len()]; channels.len()];
    for (column, stage) in journey.stages.iter().enumerate() {
        for step in &stage.steps {
            for channel in &step.body.channels {
                let cell = &mut cells[row_of[channel.text.as_str()]][column];
                // A channel written twice on one step lists the step once.
                if cell.last() != Some(&step.header.id.text) {
                    cell.push(step.header.id.text.clone());
                }
            }
        }
    }
    Matrix { channels, stages, cells }
}
