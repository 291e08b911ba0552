//! Concrete syntax → AST: gives each keyword its meaning.
//!
//! Which keywords each block accepts, and which of them may be given only
//! once, is the language table's ([`crate::language`]). A keyword outside
//! its block's list is an *unknown attribute* (E0003, with a did-you-mean);
//! a second once-only attribute is E0005; a keyword with values of the wrong
//! shape is a *syntax*
//! error (E0001) worded for people ("expected a name for the stage, like
//! `awareness`"); a value outside an allowed set is an *invalid value*
//! (E0004). Lowering never gives up on a declaration: a stage with a broken
//! header keeps its steps, so the outline and the later checks still see them.

use super::ast::*;
use super::cst::{Arg, Block, Entry, Quantity, Statement, Suffix, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::language::{
    self, Attribute, BlockKey, ChannelKey, Choice, JourneyKey, KpiKey, OpportunityKey, PersonaKey, PhaseKey, Repeat, StageKey, StepKey,
    TopLevelKey,
};
use crate::language::{FOR, VIA};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use smol_str::SmolStr;
use std::borrow::Cow;

pub use crate::language::Context;

/// Lowers one parsed file.
pub fn lower(file: FileId, cst: &Block) -> (File, Vec<Diagnostic>) {
    let mut lower = Lower { file, diagnostics: Vec::new() };
    let mut items = Vec::new();
    lower.each_statement(cst, |lower, key, statement, doc| {
        let item = match key {
            TopLevelKey::Use => lower.use_item(statement).map(Item::Use),
            TopLevelKey::Persona => Some(Item::Persona(lower.persona(statement, doc))),
            TopLevelKey::Channel => Some(Item::Channel(lower.channel(statement, doc))),
            TopLevelKey::Team => Some(Item::Team(lower.team(statement, doc))),
            TopLevelKey::Emotion => Some(Item::Emotion(lower.emotion(statement, doc))),
            TopLevelKey::Journey => Some(Item::Journey(lower.journey(statement, doc))),
        };
        items.extend(item);
    });
    (File { items }, lower.diagnostics)
}

/// What [`Lower::each_statement_dyn`] calls for each known statement.
type EachStatement<'f, 'b> = dyn FnMut(&mut Lower, &'static Attribute, &'b Statement, Option<String>) + 'f;

struct Lower {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
}

impl Lower {
    fn report(&mut self, code: Code, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(code, self.file, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Calls `each` for every statement of a block whose keyword is allowed
    /// there (the block is `K`'s), with its key and the doc comment written
    /// above it; reports the others, and the repeats of once-only ones.
    fn each_statement<'b, K: BlockKey>(&mut self, block: &'b Block, mut each: impl FnMut(&mut Lower, K, &'b Statement, Option<String>)) {
        let mut first_given: Vec<(&'static str, Option<&'b str>, Span)> = Vec::new();
        self.each_statement_dyn(block, K::CONTEXT, &mut |lower, attribute, statement, doc| {
            let persona = match attribute.repeat {
                Repeat::Many => None,
                Repeat::Once => Some(None),
                Repeat::OncePerPersona => Some(trailing_name(statement, FOR).map(|(_, name)| name.as_str())),
            };
            if let Some(persona) = persona {
                if let Some(&(_, _, first)) = first_given.iter().find(|(keyword, p, _)| *keyword == attribute.keyword && *p == persona) {
                    lower.repeated(statement, attribute, persona, first);
                    return;
                }
                first_given.push((attribute.keyword, persona, statement.span));
            }
            let key = K::of(attribute.key).expect("the table gives each block's statements that block's keys");
            each(lower, key, statement, doc);
        });
    }

    fn each_statement_dyn<'b>(&mut self, block: &'b Block, context: Context, each: &mut EachStatement<'_, 'b>) {
        let mut doc: Vec<&str> = Vec::new();
        for entry in &block.entries {
            match entry {
                Entry::Doc { text, .. } => doc.push(text),
                Entry::Error { block: Some(inner), .. } => {
                    // Read the orphan block's contents so that their own errors show.
                    self.each_statement_dyn(inner, context, &mut |_, _, _, _| {});
                    doc.clear();
                }
                Entry::Error { .. } => doc.clear(),
                Entry::Statement(statement) => {
                    let joined = (!doc.is_empty()).then(|| doc.join("\n"));
                    doc.clear();
                    match language::attribute(context, &statement.keyword) {
                        Some(attribute) => each(self, attribute, statement, joined),
                        None => self.unknown_attribute(statement, context),
                    }
                }
            }
        }
    }

    fn unknown_attribute(&mut self, statement: &Statement, context: Context) {
        let keyword = &statement.keyword;
        let allowed: Vec<&str> = context.keywords().collect();
        let span = statement.keyword_span;
        let message = if context == Context::TopLevel {
            format!("unknown declaration `{keyword}`")
        } else {
            format!("unknown attribute `{keyword}` for {}", context.describe())
        };
        let suggestion = did_you_mean(keyword, allowed.iter().copied());
        let file = self.file;
        let diagnostic = self.report(Code::UnknownAttribute, span, message);
        diagnostic.primary.message = format!("not known in {}", context.describe());
        if let Some(suggestion) = suggestion {
            diagnostic.help = Some(format!("did you mean `{suggestion}`?"));
            diagnostic.fixes.push(crate::diagnostic::Fix {
                title: format!("replace with `{suggestion}`"),
                edits: vec![crate::diagnostic::Edit { file, span, replacement: suggestion.to_string() }],
            });
        } else if let Some(home) = Context::home_of(keyword) {
            diagnostic.help = Some(format!("`{keyword}` belongs in {}", home.describe()));
        } else if allowed.is_empty() {
            diagnostic.help = Some(format!("{} takes no attributes", context.describe()));
        } else {
            diagnostic.help = Some(format!("{} may hold: {}", context.describe(), allowed.join(", ")));
        }
    }

    /// Reports a second `goal`, `feels`, … in the same block (a second
    /// `feels … for PERSONA` for the same persona).
    fn repeated(&mut self, statement: &Statement, attribute: &Attribute, persona: Option<&str>, first: Span) {
        let file = self.file;
        let keyword = attribute.keyword;
        let (message, help) = match (attribute.repeat, persona) {
            (Repeat::OncePerPersona, Some(persona)) => (
                format!("`{keyword}` is given more than once for `{persona}`"),
                format!("each persona has one `{keyword}` per step: keep one and remove the other"),
            ),
            (Repeat::OncePerPersona, None) => (
                format!("`{keyword}` is given more than once"),
                format!("a step has one `{keyword}` for its personas; another persona's is written `{keyword} … for PERSONA`"),
            ),
            _ => (
                format!("`{keyword}` is given more than once"),
                format!("`{keyword}` may be given once here: keep one and remove the other"),
            ),
        };
        let diagnostic = self.report(Code::RepeatedAttribute, statement.keyword_span, message);
        diagnostic.primary.message = "given again here".into();
        diagnostic.secondary.push(crate::diagnostic::Label::new(file, first, "first given here"));
        diagnostic.help = Some(help);
    }

    fn no_block(&mut self, statement: &Statement) {
        if let Some(block) = &statement.block {
            let span = block.open.unwrap_or(statement.span);
            self.report(Code::Syntax, span, format!("`{}` takes no `{{ … }}` block", statement.keyword)).help =
                Some("remove the block".into());
        }
    }

    fn extra_values(&mut self, statement: &Statement, from: usize, expected: &str) {
        if let Some(arg) = statement.args.get(from) {
            let span = arg.span.to(statement.args.last().expect("non-empty").span);
            self.report(
                Code::Syntax,
                span,
                format!("expected the end of the statement after {expected}, found {}", arg.value.describe()),
            )
            .help = Some(format!("`{}` takes {expected} only; put each statement on its own line", statement.keyword));
        }
    }

    fn missing(&mut self, statement: &Statement, message: String, example: &str) {
        if statement.bad_tail.is_some() && statement.args.is_empty() {
            return; // the broken value (an unclosed string, say) is already reported
        }
        let span = match statement.args.first() {
            Some(arg) => arg.span,
            None => Span::new(statement.keyword_span.end as usize, statement.keyword_span.end as usize),
        };
        let help = format!("for example: `{} {example}`", statement.keyword);
        let diagnostic = self.report(Code::Syntax, span, message);
        diagnostic.primary.message = "expected here".into();
        diagnostic.help = Some(help);
    }

    // ───────────────────────── declarations ─────────────────────────

    /// `keyword ID "Label"`: reads the ID and the optional label. A missing
    /// ID is reported and replaced by an empty one so the block is still read.
    fn header(&mut self, statement: &Statement, doc: Option<String>, what: &str, example: &str) -> (Header, usize) {
        let mut next = 0;
        let id = match statement.args.first() {
            Some(Arg { value: Value::Identifier(id), span, comma: false }) => {
                next = 1;
                Name { text: id.clone(), span: *span }
            }
            Some(arg) => {
                let found = arg.value.describe();
                self.missing(
                    statement,
                    format!("expected a name for the {what}, like `{example}`, found {found}"),
                    &format!("{example} \"…\""),
                );
                Name { text: SmolStr::default(), span: arg.span }
            }
            None => {
                self.missing(statement, format!("expected a name for the {what}, like `{example}`"), &format!("{example} \"…\""));
                Name { text: SmolStr::default(), span: statement.keyword_span }
            }
        };
        let mut label = None;
        if let Some(Arg { value: Value::String(text), span, .. }) = statement.args.get(next) {
            label = Some(Text { text: text.clone(), span: *span });
            next += 1;
        } else if let Some(arg) = statement.args.get(next) {
            if !matches!(arg.value, Value::Quantity(_)) || what != "emotion" {
                let found = arg.value.describe();
                self.report(Code::Syntax, arg.span, format!("expected the {what}'s label in double quotes, found {found}")).help =
                    Some(format!("labels are text in quotes: `{} {} \"My label\"`", statement.keyword, id.text));
                next += 1;
            }
        }
        (Header { id, label, doc, span: statement.span }, next)
    }

    fn use_item(&mut self, statement: &Statement) -> Option<Use> {
        self.no_block(statement);
        match statement.args.first() {
            Some(Arg { value: Value::String(path), span, .. }) => {
                self.extra_values(statement, 1, "the path");
                Some(Use { path: Text { text: path.clone(), span: *span }, span: statement.span })
            }
            _ => {
                self.missing(statement, "expected the path of a file in double quotes".into(), "\"common.journey\"");
                None
            }
        }
    }

    fn persona(&mut self, statement: &Statement, doc: Option<String>) -> Persona {
        let (header, next) = self.header(statement, doc, "persona", "maya");
        self.extra_values(statement, next, "the ID and label");
        let mut persona = Persona { header, goals: vec![], needs: vec![], frustrations: vec![], quotes: vec![], traits: vec![] };
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, attribute, _| {
                let list = match key {
                    PersonaKey::Goal => &mut persona.goals,
                    PersonaKey::Need => &mut persona.needs,
                    PersonaKey::Frustration => &mut persona.frustrations,
                    PersonaKey::Quote => &mut persona.quotes,
                    PersonaKey::Trait => &mut persona.traits,
                };
                list.extend(lower.text(attribute));
            });
        }
        persona
    }

    fn channel(&mut self, statement: &Statement, doc: Option<String>) -> Channel {
        let (header, next) = self.header(statement, doc, "channel", "email");
        self.extra_values(statement, next, "the ID and label");
        let mut kind = None;
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, attribute, _| match key {
                ChannelKey::Type => kind = lower.word(attribute, "channel type", language::CHANNEL_TYPES),
            });
        }
        Channel { header, kind }
    }

    fn team(&mut self, statement: &Statement, doc: Option<String>) -> Team {
        let (header, next) = self.header(statement, doc, "team", "growth");
        self.extra_values(statement, next, "the ID and label");
        if let Some(block) = &statement.block {
            // A team takes no attributes: each statement is reported.
            self.each_statement_dyn(block, Context::Team, &mut |_, _, _, _| {});
        }
        Team { header }
    }

    fn emotion(&mut self, statement: &Statement, doc: Option<String>) -> Emotion {
        self.no_block(statement);
        let (header, mut next) = self.header(statement, doc, "emotion", "reassured");
        let score = match statement.args.get(next) {
            Some(Arg { value: Value::Quantity(q), .. }) => {
                next += 1;
                self.score(q)
            }
            _ => {
                self.missing(statement, "expected the emotion's score from -3 to +3".into(), &format!("{} +2", header.id.text));
                None
            }
        };
        self.extra_values(statement, next, "the ID and score");
        Emotion { header, score }
    }

    fn journey(&mut self, statement: &Statement, doc: Option<String>) -> Journey {
        let (header, next) = self.header(statement, doc, "journey", "first_order");
        self.extra_values(statement, next, "the ID and title");
        let mut journey = Journey {
            header,
            personas: vec![],
            goal: None,
            state: None,
            stages: vec![],
            phases: vec![],
            kpis: vec![],
            opportunities: vec![],
        };
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, attribute, doc| match key {
                JourneyKey::Persona => journey.personas.extend(lower.names(attribute, "persona", "maya")),
                JourneyKey::Goal => journey.goal = lower.text(attribute),
                JourneyKey::State => journey.state = lower.word(attribute, "state", language::STATES),
                JourneyKey::Phase => {
                    let phase = lower.phase(attribute, doc, &mut journey.stages);
                    journey.phases.push(phase);
                }
                JourneyKey::Stage => journey.stages.push(lower.stage(attribute, doc)),
                JourneyKey::Kpi => journey.kpis.push(lower.kpi(attribute, doc)),
                JourneyKey::Opportunity => journey.opportunities.extend(lower.opportunity(attribute)),
            });
        }
        journey
    }

    /// A phase's stages are added to the journey's, in order; the phase
    /// keeps their range.
    fn phase(&mut self, statement: &Statement, doc: Option<String>, stages: &mut Vec<Stage>) -> Phase {
        let (header, next) = self.header(statement, doc, "phase", "before");
        self.extra_values(statement, next, "the ID and label");
        let start = stages.len();
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, attribute, doc| match key {
                PhaseKey::Stage => stages.push(lower.stage(attribute, doc)),
            });
        }
        Phase { header, stages: start..stages.len() }
    }

    fn stage(&mut self, statement: &Statement, doc: Option<String>) -> Stage {
        let (header, next) = self.header(statement, doc, "stage", "awareness");
        self.extra_values(statement, next, "the ID and label");
        let mut stage = Stage {
            header,
            goal: None,
            steps: vec![],
            kpis: vec![],
            pains: vec![],
            delights: vec![],
            opportunities: vec![],
            support: vec![],
        };
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, attribute, doc| match key {
                StageKey::Step => stage.steps.push(lower.step(attribute, doc)),
                StageKey::Kpi => stage.kpis.push(lower.kpi(attribute, doc)),
                StageKey::Goal => stage.goal = lower.text(attribute),
                StageKey::Pain => stage.pains.extend(lower.said(attribute)),
                StageKey::Delight => stage.delights.extend(lower.said(attribute)),
                StageKey::Opportunity => stage.opportunities.extend(lower.opportunity(attribute)),
                StageKey::Support => stage.support.extend(lower.text(attribute)),
            });
        }
        stage
    }

    fn step(&mut self, statement: &Statement, doc: Option<String>) -> Step {
        let (header, next) = self.header(statement, doc, "step", "sign_up");
        self.extra_values(statement, next, "the ID and label");
        let mut body = StepBody::default();
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, a, _| match key {
                StepKey::Channel => body.channels.extend(lower.names(a, "channel", "web")),
                StepKey::Touchpoint => body.touchpoints.extend(lower.touchpoint(a)),
                StepKey::Does => body.does.extend(lower.said(a)),
                StepKey::Thinks => body.thinks.extend(lower.said(a)),
                StepKey::Feels => body.feels.extend(lower.feels(a)),
                StepKey::Pain => body.pains.extend(lower.said(a)),
                StepKey::Delight => body.delights.extend(lower.said(a)),
                StepKey::Quote => body.quotes.extend(lower.said(a)),
                StepKey::Moment => body.moment = Some(lower.mark(a)),
                StepKey::Opportunity => body.opportunities.extend(lower.opportunity(a)),
                StepKey::Persona => body.personas.extend(lower.names(a, "persona", "maya")),
                StepKey::Kpi => body.kpis.extend(lower.names(a, "KPI", "conversion")),
                StepKey::Next => body.next.extend(lower.next(a)),
                StepKey::Owner => body.owner = lower.names(a, "team", "growth").into_iter().next(),
                StepKey::Frontstage => body.frontstage.extend(lower.text(a)),
                StepKey::Backstage => body.backstage.extend(lower.text(a)),
                StepKey::Support => body.support.extend(lower.text(a)),
                StepKey::Evidence => body.evidence = lower.word(a, "evidence", language::EVIDENCE),
                StepKey::Source => body.sources.extend(lower.text(a)),
                StepKey::Duration => body.duration = lower.duration(a),
                StepKey::Wait => body.wait = lower.duration(a),
                StepKey::Exit => body.exit = Some(lower.mark(a)),
            });
        }
        Step { header, body }
    }

    fn opportunity(&mut self, statement: &Statement) -> Option<Opportunity> {
        let label = match statement.args.first() {
            Some(Arg { value: Value::String(text), span, .. }) => Text { text: text.clone(), span: *span },
            _ => {
                self.missing(statement, "expected the opportunity in double quotes".into(), "\"Show fees up front\" { owner growth }");
                return None;
            }
        };
        self.extra_values(statement, 1, "the text");
        let mut opportunity = Opportunity { label, owner: None, impact: None, effort: None, span: statement.span };
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, a, _| match key {
                OpportunityKey::Owner => opportunity.owner = lower.names(a, "team", "growth").into_iter().next(),
                OpportunityKey::Impact => opportunity.impact = lower.word(a, "impact", language::LEVELS),
                OpportunityKey::Effort => opportunity.effort = lower.word(a, "effort", language::LEVELS),
            });
        }
        Some(opportunity)
    }

    fn kpi(&mut self, statement: &Statement, doc: Option<String>) -> Kpi {
        let (header, next) = self.header(statement, doc, "KPI", "conversion");
        self.extra_values(statement, next, "the ID and label");
        let mut kpi = Kpi {
            header,
            target: None,
            target_span: None,
            actual: None,
            baseline: None,
            owner: None,
            scale: None,
            scale_span: None,
            description: None,
        };
        if let Some(block) = &statement.block {
            self.each_statement(block, |lower, key, a, _| {
                lower.no_block(a);
                match key {
                    KpiKey::Target => {
                        kpi.target = lower.target(a);
                        kpi.target_span = Some(a.span);
                    }
                    KpiKey::Actual => kpi.actual = lower.single_measure(a),
                    KpiKey::Baseline => kpi.baseline = lower.single_measure(a),
                    KpiKey::Owner => kpi.owner = lower.names(a, "team", "growth").into_iter().next(),
                    KpiKey::Scale => {
                        kpi.scale = lower.scale(a);
                        kpi.scale_span = Some(a.span);
                    }
                    KpiKey::Doc => kpi.description = lower.text(a),
                }
            });
        }
        kpi
    }

    // ─────────────────────────── values ───────────────────────────

    /// `keyword "text"`.
    fn text(&mut self, statement: &Statement) -> Option<Text> {
        self.no_block(statement);
        match statement.args.first() {
            Some(Arg { value: Value::String(text), span, .. }) => {
                self.extra_values(statement, 1, "the text");
                Some(Text { text: text.clone(), span: *span })
            }
            Some(arg) => {
                let found = arg.value.describe();
                let keyword = &statement.keyword;
                self.report(Code::Syntax, arg.span, format!("expected text in double quotes after `{keyword}`, found {found}")).help =
                    Some(format!("for example: `{keyword} \"…\"`"));
                None
            }
            None => {
                self.missing(statement, format!("expected text in double quotes after `{}`", statement.keyword), "\"…\"");
                None
            }
        }
    }

    /// `keyword "text"`, optionally `for PERSONA`.
    fn said(&mut self, statement: &Statement) -> Option<Said> {
        let (statement, persona) = self.split_trailing(statement, FOR, "persona", "officer");
        Some(Said { text: self.text(&statement)?, persona })
    }

    /// `touchpoint "text"`, optionally `via CHANNEL`.
    fn touchpoint(&mut self, statement: &Statement) -> Option<Touchpoint> {
        let (statement, channel) = self.split_trailing(statement, VIA, "channel", "email");
        Some(Touchpoint { text: self.text(&statement)?, channel })
    }

    /// `moment`, `exit`, or either with a label in quotes.
    fn mark(&mut self, statement: &Statement) -> Mark {
        self.no_block(statement);
        let label = match statement.args.first() {
            None => None,
            Some(Arg { value: Value::String(text), span, .. }) => {
                self.extra_values(statement, 1, "the label");
                Some(Text { text: text.clone(), span: *span })
            }
            Some(arg) => {
                let found = arg.value.describe();
                let keyword = &statement.keyword;
                self.report(Code::Syntax, arg.span, format!("expected a label in double quotes after `{keyword}`, found {found}")).help =
                    Some(format!("write `{keyword}` alone, or with a label: `{keyword} \"…\"`"));
                None
            }
        };
        Mark { label, span: statement.span }
    }

    /// `next a, b`, each name optionally followed by its outcome in quotes:
    /// `next approve "Approved"`.
    fn next(&mut self, statement: &Statement) -> Vec<Next> {
        self.no_block(statement);
        if statement.args.is_empty() {
            self.missing(statement, "expected the name of a step, like `checkout`".into(), "checkout");
            return vec![];
        }
        // Each string right after a name (no comma between) is that name's
        // outcome; the names are then read as any list of names.
        let mut names_only: Vec<Arg> = Vec::new();
        let mut outcomes: Vec<(Span, Text)> = Vec::new();
        for arg in &statement.args {
            match (&arg.value, arg.comma, names_only.last()) {
                (Value::String(text), false, Some(name)) if !outcomes.iter().any(|(at, _)| *at == name.span) => {
                    outcomes.push((name.span, Text { text: text.clone(), span: arg.span }));
                }
                _ => names_only.push(arg.clone()),
            }
        }
        let names_statement = Statement { args: names_only, ..statement.clone() };
        // A name keeps the span of its argument (or a part of it), which
        // pairs it with its outcome even when a bad argument was dropped.
        self.names(&names_statement, "step", "checkout")
            .into_iter()
            .map(|step| {
                let outcome =
                    outcomes.iter().find(|(at, _)| at.start <= step.span.start && step.span.end <= at.end).map(|(_, t)| t.clone());
                Next { step, outcome }
            })
            .collect()
    }

    /// `duration 20min`, `wait 2d`.
    fn duration(&mut self, statement: &Statement) -> Option<Measure> {
        self.no_block(statement);
        let measure = self.single_measure(statement)?;
        if !matches!(measure.unit, Unit::Duration { .. }) {
            let keyword = &statement.keyword;
            self.report(Code::InvalidValue, measure.span, format!("`{keyword}` takes a duration, found `{}`", measure.text)).help =
                Some(format!("durations use s, min, h, d or w: `{keyword} 20min`, `{keyword} 2d`"));
            return None;
        }
        Some(measure)
    }

    /// Splits `WORD NAME` (`for officer`, `via email`) off the end of a
    /// statement's values; what is left is read as usual.
    fn split_trailing<'s>(
        &mut self,
        statement: &'s Statement,
        word: &str,
        what: &str,
        example: &str,
    ) -> (Cow<'s, Statement>, Option<Name>) {
        let Some(at) = statement.args.iter().skip(1).position(|a| !a.comma && matches!(&a.value, Value::Identifier(w) if w == word)) else {
            return (Cow::Borrowed(statement), None);
        };
        let at = at + 1;
        let name = match statement.args.get(at + 1) {
            Some(Arg { value: Value::Identifier(name), span, comma: false }) => Some(Name { text: name.clone(), span: *span }),
            Some(arg) => {
                let found = arg.value.describe();
                self.report(Code::Syntax, arg.span, format!("expected the name of a {what} after `{word}`, found {found}")).help =
                    Some(format!("for example: `{word} {example}`"));
                None
            }
            None => {
                let end = statement.args[at].span.end as usize;
                self.report(Code::Syntax, Span::new(end, end), format!("expected the name of a {what} after `{word}`")).help =
                    Some(format!("for example: `{word} {example}`"));
                None
            }
        };
        if name.is_some() {
            self.extra_values(statement, at + 2, &format!("`{word}` and the {what}"));
        }
        let mut rest = statement.clone();
        rest.args.truncate(at);
        (Cow::Owned(rest), name)
    }

    /// `keyword a, b, c`: names separated by commas.
    fn names(&mut self, statement: &Statement, what: &str, example: &str) -> Vec<Name> {
        self.no_block(statement);
        if statement.args.is_empty() {
            self.missing(statement, format!("expected the name of a {what}, like `{example}`"), example);
            return vec![];
        }
        let mut names = Vec::new();
        for (i, arg) in statement.args.iter().enumerate() {
            match &arg.value {
                Value::Identifier(name) => {
                    if i > 0 && !arg.comma {
                        let at = Span::new(arg.span.start as usize, arg.span.start as usize);
                        self.report(Code::Syntax, at, format!("expected `,` before `{name}`")).help =
                            Some(format!("separate the names with commas: `{} a, b`", statement.keyword));
                    }
                    names.push(Name { text: name.clone(), span: arg.span_without_comma() });
                }
                Value::String(quoted) if is_identifier(quoted) => {
                    // `channel "web"`: report the quotes once, and still use the name
                    // so the step doesn't also look channel-less and `web` unused.
                    let span = arg.span_without_comma_for(quoted.len() + 2);
                    let file = self.file;
                    let diagnostic = self.report(Code::Syntax, span, format!("names are written without quotes: `{quoted}`"));
                    diagnostic.help = Some(format!("write `{} {quoted}`", statement.keyword));
                    diagnostic.fixes.push(crate::diagnostic::Fix {
                        title: "remove the quotes".into(),
                        edits: vec![crate::diagnostic::Edit { file, span, replacement: quoted.to_string() }],
                    });
                    names.push(Name { text: quoted.clone(), span });
                }
                other => {
                    let found = other.describe();
                    self.report(Code::Syntax, arg.span, format!("expected the name of a {what}, found {found}")).help =
                        Some(format!("names are written without quotes, like `{} {example}`", statement.keyword));
                }
            }
        }
        names
    }

    /// `keyword word` where the word is one of a few.
    fn word<T: Copy>(&mut self, statement: &Statement, what: &str, choices: &[Choice<T>]) -> Option<Word<T>> {
        self.no_block(statement);
        let allowed: Vec<(&str, T)> = choices.iter().map(|c| (c.word, c.value)).collect();
        let listing = allowed.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(", ");
        let Some(arg) = statement.args.first() else {
            self.missing(statement, format!("expected the {what}: one of {listing}"), allowed[0].0);
            return None;
        };
        self.extra_values(statement, 1, &format!("the {what}"));
        if let Value::String(quoted) = &arg.value {
            if let Some((word, value)) = allowed.iter().find(|(w, _)| w == quoted) {
                let file = self.file;
                let message = format!("`{}` takes a word without quotes: `{word}`", statement.keyword);
                let diagnostic = self.report(Code::InvalidValue, arg.span, message);
                diagnostic.fixes.push(crate::diagnostic::Fix {
                    title: "remove the quotes".into(),
                    edits: vec![crate::diagnostic::Edit { file, span: arg.span, replacement: word.to_string() }],
                });
                return Some(Word { value: *value, span: arg.span });
            }
        }
        let found = match &arg.value {
            Value::Identifier(word) => word.as_str(),
            other => other.describe(),
        };
        if let Some((_, value)) = allowed.iter().find(|(w, _)| *w == found) {
            return Some(Word { value: *value, span: arg.span });
        }
        let suggestion = did_you_mean(found, allowed.iter().map(|(w, _)| *w));
        let file = self.file;
        let diagnostic = self.report(Code::InvalidValue, arg.span, format!("expected `{}` to be one of: {listing}", statement.keyword));
        diagnostic.primary.message = format!("`{found}` is not a {what}");
        if let Some(suggestion) = suggestion {
            diagnostic.help = Some(format!("did you mean `{suggestion}`?"));
            diagnostic.fixes.push(crate::diagnostic::Fix {
                title: format!("replace with `{suggestion}`"),
                edits: vec![crate::diagnostic::Edit { file, span: arg.span, replacement: suggestion.to_string() }],
            });
        }
        None
    }

    fn feels(&mut self, statement: &Statement) -> Option<Feels> {
        self.no_block(statement);
        let span = statement.span;
        if let [Arg { value: Value::Identifier(word), span: at, .. }, Arg { value: Value::Identifier(_), .. }, ..] =
            statement.args.as_slice()
        {
            if word == FOR && statement.args.len() == 2 {
                self.report(Code::Syntax, *at, "expected an emotion or a score before `for`").help =
                    Some("for example: `feels relieved for officer`".into());
                return None;
            }
        }
        let (statement, persona) = self.split_trailing(statement, FOR, "persona", "officer");
        let statement = statement.as_ref();
        match statement.args.as_slice() {
            [Arg { value: Value::Identifier(name), span: at, .. }, rest @ ..] => {
                let emotion = Some(Name { text: name.clone(), span: *at });
                let score = match rest {
                    [] => None,
                    [Arg { value: Value::Quantity(q), .. }, ..] => {
                        self.extra_values(statement, 2, "the emotion and its score");
                        self.score(q)
                    }
                    [other, ..] => {
                        let found = other.value.describe();
                        self.report(Code::Syntax, other.span, format!("expected a score from -3 to +3 after the emotion, found {found}"))
                            .help = Some("for example: `feels annoyed -3`".into());
                        None
                    }
                };
                Some(Feels { emotion, score, persona, span })
            }
            [Arg { value: Value::Quantity(q), .. }, ..] => {
                self.extra_values(statement, 1, "the score");
                let score = self.score(q);
                Some(Feels { emotion: None, score, persona, span })
            }
            [other, ..] => {
                let found = other.value.describe();
                self.report(Code::Syntax, other.span, format!("expected an emotion or a score after `feels`, found {found}")).help =
                    Some("for example: `feels frustrated`, `feels annoyed -3` or `feels +1`".into());
                None
            }
            [] => {
                self.missing(statement, "expected an emotion or a score after `feels`".into(), "happy");
                None
            }
        }
    }

    /// A bare number on the emotion scale.
    fn score(&mut self, quantity: &Quantity) -> Option<Score> {
        if quantity.suffix != Suffix::None || quantity.currency_symbol.is_some() {
            self.report(Code::InvalidValue, quantity.span, "expected a score from -3 to +3 without a unit").help =
                Some("scores are whole numbers such as `-2` or `+1`".into());
            return None;
        }
        Some(Score { value: quantity.number, span: quantity.span })
    }

    fn target(&mut self, statement: &Statement) -> Option<Target> {
        match statement.args.as_slice() {
            [Arg { value: Value::Operator(operator), .. }, Arg { value: Value::Quantity(q), .. }, ..] => {
                self.extra_values(statement, 2, "the comparison and the value");
                let value = self.measure(q)?;
                Some(Target::Compare { operator: *operator, value })
            }
            [Arg { value: Value::Range(range), span, .. }, ..] => {
                self.extra_values(statement, 1, "the range");
                let (low, high) = self.range(&range.0, &range.1, *span)?;
                Some(Target::Range { low, high })
            }
            [Arg { value: Value::Quantity(q), span, .. }, ..] => {
                let text = format!(">= {}", q.text);
                let file = self.file;
                let diagnostic = self.report(Code::Syntax, *span, "expected a comparison before the target value");
                diagnostic.help = Some("write `target >= …`, `<= …`, `> …`, `< …` or `= …`, or a range like `30%..40%`".into());
                diagnostic.fixes.push(crate::diagnostic::Fix {
                    title: "compare with `>=`".into(),
                    edits: vec![crate::diagnostic::Edit { file, span: *span, replacement: text }],
                });
                None
            }
            _ => {
                self.missing(statement, "expected a target like `>= 40%` or a range like `30%..40%`".into(), ">= 40%");
                None
            }
        }
    }

    fn single_measure(&mut self, statement: &Statement) -> Option<Measure> {
        match statement.args.first() {
            Some(Arg { value: Value::Quantity(q), .. }) => {
                self.extra_values(statement, 1, "the value");
                self.measure(q)
            }
            Some(arg) => {
                let found = arg.value.describe();
                let keyword = &statement.keyword;
                self.report(Code::Syntax, arg.span, format!("expected a number after `{keyword}`, found {found}")).help =
                    Some(format!("for example: `{keyword} 12%`, `{keyword} 14min` or `{keyword} $54.20`"));
                None
            }
            None => {
                self.missing(statement, format!("expected a number after `{}`", statement.keyword), "12%");
                None
            }
        }
    }

    fn scale(&mut self, statement: &Statement) -> Option<(Measure, Measure)> {
        match statement.args.first() {
            Some(Arg { value: Value::Range(range), span, .. }) => {
                self.extra_values(statement, 1, "the range");
                self.range(&range.0, &range.1, *span)
            }
            _ => {
                self.missing(statement, "expected the range of valid values, like `-100..100`".into(), "-100..100");
                None
            }
        }
    }

    fn range(&mut self, low: &Quantity, high: &Quantity, span: Span) -> Option<(Measure, Measure)> {
        let (low, high) = (self.measure(low)?, self.measure(high)?);
        if low.unit == high.unit && low.base_value() > high.base_value() {
            self.report(Code::InvalidValue, span, format!("the range `{}..{}` is empty", low.text, high.text)).help =
                Some("write the smaller value first".into());
            return None;
        }
        Some((low, high))
    }

    /// A number with its unit, as a KPI value.
    fn measure(&mut self, q: &Quantity) -> Option<Measure> {
        let text = q.text.clone();
        let unit = match (&q.suffix, q.currency_symbol) {
            (Suffix::None, None) => Unit::Number,
            (Suffix::None, Some(symbol)) => Unit::Money { currency: symbol_currency(symbol).to_string() },
            (Suffix::Percent, None) => Unit::Percent,
            (Suffix::Unit(unit), None) => match DurationUnit::from_suffix(unit) {
                Some(written) => Unit::Duration { written },
                None => {
                    let suggestion = did_you_mean(unit, DurationUnit::ALL.iter().map(|u| u.suffix()));
                    let diagnostic = self.report(Code::InvalidValue, q.span, format!("unknown unit `{unit}`"));
                    diagnostic.help = Some(match suggestion {
                        Some(s) => format!("did you mean `{s}`? durations use s, min, h, d or w"),
                        None => "durations use s, min, h, d or w; money is written `$12` or `12 USD`".into(),
                    });
                    return None;
                }
            },
            (Suffix::Currency(code), None) => {
                if !crate::units::is_currency(code) {
                    self.report(Code::InvalidValue, q.span, format!("unknown currency `{code}`")).help =
                        Some("use an ISO 4217 code such as USD, EUR, GBP or JPY".into());
                    return None;
                }
                Unit::Money { currency: code.clone() }
            }
            (_, Some(symbol)) => {
                self.report(Code::InvalidValue, q.span, format!("`{symbol}` can't go with a unit")).help =
                    Some("write money as `$12.50` or `12.50 USD`, not both".into());
                return None;
            }
        };
        if !q.number.is_finite() {
            self.report(Code::InvalidValue, q.span, "this number is too large");
            return None;
        }
        Some(Measure { value: q.number, unit, text, span: q.span })
    }
}

/// The `WORD NAME` at the end of a statement, as [`Lower::split_trailing`] reads it.
fn trailing_name<'s>(statement: &'s Statement, word: &str) -> Option<(usize, &'s SmolStr)> {
    let at = statement.args.iter().position(|a| !a.comma && matches!(&a.value, Value::Identifier(w) if w == word))?;
    match statement.args.get(at + 1) {
        Some(Arg { value: Value::Identifier(name), comma: false, .. }) => Some((at, name)),
        _ => None,
    }
}

/// Whether a string could have been written as a name (`"web"` → `web`).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Arg {
    /// The last `len` bytes of the argument: the value without a leading comma.
    fn span_without_comma_for(&self, len: usize) -> Span {
        Span::new((self.span.end as usize).saturating_sub(len).max(self.span.start as usize), self.span.end as usize)
    }

    /// The value's own span, without a leading comma.
    fn span_without_comma(&self) -> Span {
        if self.comma {
            // The comma and any spaces come first; the value is the trailing part.
            Span::new(
                self.span.end as usize - value_len(&self.value).min((self.span.end - self.span.start) as usize),
                self.span.end as usize,
            )
        } else {
            self.span
        }
    }
}

fn value_len(value: &Value) -> usize {
    match value {
        Value::Identifier(name) => name.len(),
        _ => usize::MAX,
    }
}

fn symbol_currency(symbol: char) -> &'static str {
    match symbol {
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        _ => "USD",
    }
}

/// `54.2` → `54.2`, `3.0` → `3`.
pub fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        let text = format!("{number:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::language::{Attribute, Context, Repeat, Shape, ATTRIBUTES};
    use crate::source::FileId;

    /// `statement` written inside a block of `context`.
    fn inside(context: Context, statement: &str) -> String {
        let step = |s: &str| format!("journey j \"J\" {{\n  stage s \"S\" {{\n    step a \"A\" {{\n{s}\n    }}\n  }}\n}}\n");
        match context {
            Context::TopLevel => format!("{statement}\n"),
            Context::Persona => format!("persona p \"P\" {{\n{statement}\n}}\n"),
            Context::Channel => format!("channel c \"C\" {{\n{statement}\n}}\n"),
            Context::Team | Context::Emotion => unreachable!("no statements"),
            Context::Journey => format!("journey j \"J\" {{\n{statement}\n}}\n"),
            Context::Phase => format!("journey j \"J\" {{\n  phase p \"P\" {{\n{statement}\n  }}\n}}\n"),
            Context::Stage => format!("journey j \"J\" {{\n  stage s \"S\" {{\n{statement}\n  }}\n}}\n"),
            Context::Step => step(statement),
            Context::Opportunity => step(&format!("opportunity \"O\" {{\n{statement}\n}}")),
            Context::Kpi => format!("journey j \"J\" {{\n  kpi k \"K\" {{\n{statement}\n  }}\n}}\n"),
        }
    }

    /// Ways to write the statement correctly: its example, or one per word.
    fn samples(attribute: &Attribute) -> Vec<String> {
        match attribute.shape {
            Shape::Word { words } => words.words().iter().map(|(word, _)| format!("{} {word}", attribute.keyword)).collect(),
            _ if attribute.example.contains('…') => vec![format!("{} x \"X\"", attribute.keyword)],
            _ => vec![attribute.example.to_string()],
        }
    }

    fn codes(text: &str) -> Vec<Code> {
        crate::syntax::parse(FileId(0), text).diagnostics.iter().map(|d| d.code).collect()
    }

    /// An outcome stays with its step even when a bad name before it is dropped.
    #[test]
    fn outcomes_stay_with_their_step() {
        let text = "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" { next b, 3 \"Oops\", c \"Yes\" }\n  }\n}\n";
        let parsed = crate::syntax::parse(FileId(0), text);
        let crate::syntax::ast::Item::Journey(journey) = &parsed.ast.items[0] else { panic!("a journey") };
        let next: Vec<(&str, Option<&str>)> = journey.stages[0].steps[0]
            .body
            .next
            .iter()
            .map(|n| (n.step.text.as_str(), n.outcome.as_ref().map(|o| o.text.as_str())))
            .collect();
        assert_eq!(next, [("b", None), ("c", Some("Yes"))]);
    }

    #[test]
    fn a_value_too_many_is_named_in_plain_words() {
        let found = crate::syntax::parse(FileId(0), "team t \"T\" extra\n").diagnostics;
        assert_eq!(found[0].message, "expected the end of the statement after the ID and label, found a name");
    }

    /// Every statement of the table is lowered where the table puts it, with
    /// each of its words, and may be repeated exactly when the table says so.
    #[test]
    fn lowering_follows_the_language_table() {
        for attribute in ATTRIBUTES {
            for sample in samples(attribute) {
                let once = inside(attribute.context(), &sample);
                assert_eq!(codes(&once), vec![], "{once}");
                let twice = inside(attribute.context(), &format!("{sample}\n{sample}"));
                let repeated = codes(&twice).contains(&Code::RepeatedAttribute);
                assert_eq!(repeated, attribute.repeat != Repeat::Many, "{twice}");
            }
            // The same keyword in a block that doesn't list it is unknown.
            if attribute.context() != Context::Opportunity && crate::language::attribute(Context::Opportunity, attribute.keyword).is_none()
            {
                let elsewhere = inside(Context::Opportunity, &samples(attribute)[0]);
                assert!(codes(&elsewhere).contains(&Code::UnknownAttribute), "{elsewhere}");
            }
        }
    }
}
