//! Stage 2: names. Builds the symbol tables of one build, reports duplicate
//! declarations, and connects every reference to its declaration (or
//! explains why it can't: unknown name with a did-you-mean, or a name of the
//! wrong kind).
//!
//! Scopes: personas, channels, teams, emotions and journeys are global to a
//! build (all files joined by `use`); stages, steps and KPIs belong to their
//! journey. Each kind has its own namespace, so a team and a channel may
//! share an ID.

use crate::diagnostic::{Code, Diagnostic, Edit};
use crate::emotions::builtin_score;
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::syntax::ast::{self, Header, Name};
use smol_str::SmolStr;
// Fx: these maps are hashed once per name and per reference, and SipHash's
// protection against crafted keys buys nothing in a compiler.
use rustc_hash::FxHashMap as HashMap;

pub use crate::language::Kind;

impl Kind {
    fn article(self) -> &'static str {
        match self {
            Kind::Emotion => "an",
            _ => "a",
        }
    }

    fn is_global(self) -> bool {
        matches!(self, Kind::Persona | Kind::Channel | Kind::Team | Kind::Emotion | Kind::Journey)
    }
}

/// A declaration of a build: an index into [`Names::declarations`], typed
/// so it is never taken for another count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclId(pub u32);

impl DeclId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a declaration's AST node is: the item of its file and, inside a
/// journey, the stage, step or KPI. Looked up directly, never searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodePath {
    /// A top-level declaration: persona, channel, team, emotion, journey.
    Item {
        file: FileId,
        item: usize,
    },
    Phase {
        file: FileId,
        item: usize,
        phase: usize,
    },
    Stage {
        file: FileId,
        item: usize,
        stage: usize,
    },
    Step {
        file: FileId,
        item: usize,
        stage: usize,
        step: usize,
    },
    StageKpi {
        file: FileId,
        item: usize,
        stage: usize,
        kpi: usize,
    },
    JourneyKpi {
        file: FileId,
        item: usize,
        kpi: usize,
    },
}

/// Where something is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub kind: Kind,
    pub id: SmolStr,
    pub file: FileId,
    /// The span of the ID.
    pub span: Span,
    /// The whole declaration (for folding, outline).
    pub full_span: Span,
    pub label: SmolStr,
    pub doc: Option<String>,
    /// For stages, steps and KPIs: the index of their journey in the build.
    pub journey: Option<usize>,
    /// Its AST node.
    pub node: NodePath,
}

/// One use of a name, resolved or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub file: FileId,
    pub span: Span,
    pub expected: Kind,
    pub name: SmolStr,
    pub journey: Option<usize>,
    /// The declaration it names; `None` when unresolved or built-in.
    pub target: Option<DeclId>,
}

/// The symbol tables of one build.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub declarations: Vec<Declaration>,
    pub references: Vec<Reference>,
    /// Custom emotions whose score is valid, by ID.
    pub emotion_scores: HashMap<SmolStr, i8>,
    /// (kind, journey for scoped kinds, id) → first declaration.
    index: HashMap<(Kind, Option<usize>, SmolStr), DeclId>,
}

impl Names {
    pub fn lookup(&self, kind: Kind, journey: Option<usize>, id: &str) -> Option<&Declaration> {
        let scope = if kind.is_global() { None } else { journey };
        self.index.get(&(kind, scope, SmolStr::new(id))).map(|&id| self.declaration(id))
    }

    pub fn declaration(&self, id: DeclId) -> &Declaration {
        &self.declarations[id.index()]
    }

    /// Every declaration with its ID.
    pub fn iter(&self) -> impl Iterator<Item = (DeclId, &Declaration)> {
        self.declarations.iter().enumerate().map(|(i, d)| (DeclId(i as u32), d))
    }

    /// How many references point at a declaration.
    pub fn uses(&self, declaration: DeclId) -> usize {
        self.references.iter().filter(|r| r.target == Some(declaration)).count()
    }

    fn declare(&mut self, declaration: Declaration, diagnostics: &mut Vec<Diagnostic>) {
        if declaration.id.is_empty() {
            return; // a broken header, already reported
        }
        let scope = if declaration.kind.is_global() { None } else { declaration.journey };
        let key = (declaration.kind, scope, declaration.id.clone());
        if let Some(&first) = self.index.get(&key) {
            let first = self.declaration(first);
            let kind = declaration.kind.as_str();
            diagnostics.push(
                Diagnostic::new(Code::Duplicate, declaration.file, declaration.span, format!("duplicate {kind} `{}`", declaration.id))
                    .label(format!("`{}` declared again here", declaration.id))
                    .secondary(first.file, first.span, "first declared here")
                    .help(format!("give each {kind} its own ID, or remove one of the two")),
            );
        } else if declaration.kind == Kind::Emotion && builtin_score(&declaration.id).is_some() {
            diagnostics.push(
                Diagnostic::new(Code::Duplicate, declaration.file, declaration.span, format!("`{}` is a built-in emotion", declaration.id))
                    .label("declared again here")
                    .help(format!("pick another name, or write `feels {} SCORE` at a step to change its score there", declaration.id)),
            );
        } else {
            self.index.insert(key, DeclId(self.declarations.len() as u32));
        }
        self.declarations.push(declaration);
    }
}

/// The journeys of a build in order, with the file each comes from.
pub fn journeys<'a>(files: &[(FileId, &'a ast::File)]) -> Vec<(FileId, &'a ast::Journey)> {
    files
        .iter()
        .flat_map(|(file, ast)| {
            ast.items.iter().filter_map(move |item| match item {
                ast::Item::Journey(journey) => Some((*file, journey)),
                _ => None,
            })
        })
        .collect()
}

/// Collects declarations, then resolves every reference.
pub fn resolve(files: &[(FileId, &ast::File)]) -> (Names, Vec<Diagnostic>) {
    let mut names = Names::default();
    let mut diagnostics = Vec::new();
    let declaration = |kind, file, header: &Header, journey, node| Declaration {
        kind,
        id: header.id.text.clone(),
        file,
        span: header.id.span,
        full_span: header.span,
        label: header.label().clone(),
        doc: header.doc.clone(),
        journey,
        node,
    };

    for (file, ast) in files {
        for (item_index, item) in ast.items.iter().enumerate() {
            let (kind, header) = match item {
                ast::Item::Persona(p) => (Kind::Persona, &p.header),
                ast::Item::Channel(c) => (Kind::Channel, &c.header),
                ast::Item::Team(t) => (Kind::Team, &t.header),
                ast::Item::Emotion(e) => {
                    let valid = e.score.filter(|s| s.value.fract() == 0.0 && (-3.0..=3.0).contains(&s.value));
                    if let Some(score) = valid {
                        names.emotion_scores.entry(e.header.id.text.clone()).or_insert(score.value as i8);
                    }
                    (Kind::Emotion, &e.header)
                }
                ast::Item::Journey(j) => (Kind::Journey, &j.header),
                ast::Item::Use(_) => continue,
            };
            names.declare(declaration(kind, *file, header, None, NodePath::Item { file: *file, item: item_index }), &mut diagnostics);
        }
    }
    // The journeys in build order, with where each sits in its file.
    let placed: Vec<(FileId, usize, &ast::Journey)> = files
        .iter()
        .flat_map(|(file, ast)| {
            ast.items.iter().enumerate().filter_map(move |(item, it)| match it {
                ast::Item::Journey(journey) => Some((*file, item, journey)),
                _ => None,
            })
        })
        .collect();
    for (index, &(file, item, journey)) in placed.iter().enumerate() {
        let scope = Some(index);
        for (phase, p) in journey.phases.iter().enumerate() {
            names.declare(declaration(Kind::Phase, file, &p.header, scope, NodePath::Phase { file, item, phase }), &mut diagnostics);
        }
        for (stage_index, stage) in journey.stages.iter().enumerate() {
            let at = NodePath::Stage { file, item, stage: stage_index };
            names.declare(declaration(Kind::Stage, file, &stage.header, scope, at), &mut diagnostics);
            for (step, s) in stage.steps.iter().enumerate() {
                let at = NodePath::Step { file, item, stage: stage_index, step };
                names.declare(declaration(Kind::Step, file, &s.header, scope, at), &mut diagnostics);
            }
            for (kpi, k) in stage.kpis.iter().enumerate() {
                let at = NodePath::StageKpi { file, item, stage: stage_index, kpi };
                names.declare(declaration(Kind::Kpi, file, &k.header, scope, at), &mut diagnostics);
            }
        }
        for (kpi, k) in journey.kpis.iter().enumerate() {
            names.declare(declaration(Kind::Kpi, file, &k.header, scope, NodePath::JourneyKpi { file, item, kpi }), &mut diagnostics);
        }
    }
    let journeys = journeys(files);

    let mut resolver = Resolver { names: &mut names, diagnostics: &mut diagnostics, files };
    for (index, (file, journey)) in journeys.iter().enumerate() {
        let file = *file;
        let scope = Some(index);
        for persona in &journey.personas {
            resolver.reference(file, persona, Kind::Persona, scope);
        }
        let mut kpis: Vec<&ast::Kpi> = journey.kpis.iter().collect();
        for name in owners(&journey.opportunities) {
            resolver.reference(file, name, Kind::Team, scope);
        }
        for stage in &journey.stages {
            kpis.extend(&stage.kpis);
            for name in said_of(&stage.pains).chain(said_of(&stage.delights)) {
                resolver.reference(file, name, Kind::Persona, scope);
            }
            for name in owners(&stage.opportunities) {
                resolver.reference(file, name, Kind::Team, scope);
            }
            for step in &stage.steps {
                let body = &step.body;
                for name in body.channels.iter().chain(body.touchpoints.iter().filter_map(|t| t.channel.as_ref())) {
                    resolver.reference(file, name, Kind::Channel, scope);
                }
                let personas = body.personas.iter().chain(body.feels.iter().filter_map(|f| f.persona.as_ref()));
                for name in personas.chain(body.said().into_iter().flat_map(|(_, s)| said_of(s))) {
                    resolver.reference(file, name, Kind::Persona, scope);
                }
                for name in &body.kpis {
                    resolver.reference(file, name, Kind::Kpi, scope);
                }
                for next in &body.next {
                    resolver.reference(file, &next.step, Kind::Step, scope);
                }
                for name in body.owner.iter().chain(owners(&body.opportunities)) {
                    resolver.reference(file, name, Kind::Team, scope);
                }
                for emotion in body.feels.iter().filter_map(|f| f.emotion.as_ref()) {
                    resolver.reference(file, emotion, Kind::Emotion, scope);
                }
            }
        }
        for kpi in kpis {
            if let Some(owner) = &kpi.owner {
                resolver.reference(file, owner, Kind::Team, scope);
            }
        }
    }
    (names, diagnostics)
}

/// The teams that own a list of opportunities.
fn owners(opportunities: &[ast::Opportunity]) -> impl Iterator<Item = &Name> {
    opportunities.iter().filter_map(|o| o.owner.as_ref())
}

/// The personas texts are said of.
fn said_of(said: &[ast::Said]) -> impl Iterator<Item = &Name> {
    said.iter().filter_map(|s| s.persona.as_ref())
}

struct Resolver<'a, 'f> {
    names: &'a mut Names,
    diagnostics: &'a mut Vec<Diagnostic>,
    files: &'a [(FileId, &'f ast::File)],
}

impl Resolver<'_, '_> {
    fn reference(&mut self, file: FileId, name: &Name, expected: Kind, journey: Option<usize>) {
        let scope = if expected.is_global() { None } else { journey };
        let target = self.names.index.get(&(expected, scope, name.text.clone())).copied();
        let builtin = expected == Kind::Emotion && builtin_score(&name.text).is_some();
        if target.is_none() && !builtin {
            let diagnostic = self.unresolved(file, name, expected, journey);
            self.diagnostics.push(diagnostic);
        }
        self.names.references.push(Reference { file, span: name.span, expected, name: name.text.clone(), journey, target });
    }

    fn unresolved(&self, file: FileId, name: &Name, expected: Kind, journey: Option<usize>) -> Diagnostic {
        let wanted = expected.as_str();
        // A declaration of another kind with that name: the wrong kind, not a typo.
        let other = self
            .names
            .declarations
            .iter()
            .find(|d| d.id == name.text && d.kind != expected && (d.kind.is_global() || d.journey == journey));
        if let Some(other) = other {
            return Diagnostic::new(
                Code::WrongKind,
                file,
                name.span,
                format!("expected {} {wanted}, found {} `{}`", expected.article(), other.kind.as_str(), name.text),
            )
            .label(format!("this is {} {}, not {} {wanted}", other.kind.article(), other.kind.as_str(), expected.article()))
            .secondary(
                other.file,
                other.span,
                format!("`{}` is declared as {} {} here", name.text, other.kind.article(), other.kind.as_str()),
            )
            .help(self.candidates_help(expected, journey));
        }
        let candidates = self.candidates(expected, journey);
        let suggestion = did_you_mean(&name.text, candidates.iter().map(String::as_str));
        let mut diagnostic = Diagnostic::new(Code::Unresolved, file, name.span, format!("unknown {wanted} `{}`", name.text))
            .label(format!("no {wanted} has this name"));
        if let Some(suggestion) = suggestion {
            diagnostic = diagnostic
                .help(format!("did you mean `{suggestion}`?"))
                .fix(format!("replace with `{suggestion}`"), vec![Edit { file, span: name.span, replacement: suggestion.to_string() }]);
        } else {
            diagnostic = diagnostic.help(self.candidates_help(expected, journey));
        }
        if let Some(edit) = self.declaration_edit(file, expected, &name.text) {
            diagnostic = diagnostic.fix(format!("declare {} {wanted} `{}`", expected.article(), name.text), vec![edit]);
        }
        diagnostic
    }

    /// Names of the expected kind visible from the reference.
    fn candidates(&self, expected: Kind, journey: Option<usize>) -> Vec<String> {
        let mut names: Vec<String> = self
            .names
            .declarations
            .iter()
            .filter(|d| d.kind == expected && (expected.is_global() || d.journey == journey))
            .map(|d| d.id.to_string())
            .collect();
        if expected == Kind::Emotion {
            names.extend(crate::emotions::BUILTIN.iter().map(|(name, _)| name.to_string()));
        }
        names
    }

    fn candidates_help(&self, expected: Kind, journey: Option<usize>) -> String {
        let mut candidates = self.candidates(expected, journey);
        candidates.sort();
        candidates.dedup();
        let kind = expected.as_str();
        match candidates.len() {
            0 => format!("no {kind} is declared yet; declare one with `{}`", example_declaration(expected)),
            1..=8 => format!("the {kind}s in scope are: {}", candidates.join(", ")),
            n => format!("{n} {kind}s are in scope, for example: {}", candidates[..6].join(", ")),
        }
    }

    /// "Declare the missing channel": a new top-level line before the first
    /// journey of the file that refers to it.
    fn declaration_edit(&self, file: FileId, expected: Kind, name: &str) -> Option<Edit> {
        let line = match expected {
            Kind::Channel => format!("channel {name} \"{}\"\n", capitalise(name)),
            Kind::Team => format!("team {name} \"{}\"\n", capitalise(name)),
            Kind::Persona => format!("persona {name} \"{}\"\n", capitalise(name)),
            Kind::Emotion => format!("emotion {name} 0\n"),
            _ => return None,
        };
        let (_, ast) = self.files.iter().find(|(f, _)| *f == file)?;
        let journey = ast.items.iter().find_map(|item| match item {
            ast::Item::Journey(j) => Some(j.header.span.start),
            _ => None,
        })?;
        let at = Span { start: journey, end: journey };
        Some(Edit { file, span: at, replacement: format!("{line}\n") })
    }
}

fn example_declaration(kind: Kind) -> &'static str {
    match kind {
        Kind::Persona => "persona maya \"Maya\"",
        Kind::Channel => "channel web \"Website\"",
        Kind::Team => "team growth \"Growth\"",
        Kind::Emotion => "emotion reassured +2",
        Kind::Journey => "journey first_order \"First order\" { … }",
        Kind::Phase => "phase before \"Before the visit\" { stage … }",
        Kind::Stage => "stage awareness \"Awareness\" { … }",
        Kind::Step => "step sign_up \"Signs up\" { … }",
        Kind::Kpi => "kpi conversion \"Conversion\" { … }",
    }
}

fn capitalise(id: &str) -> String {
    let words = id.replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
