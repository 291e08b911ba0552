//! The abstract syntax tree: declarations with their attributes, every
//! piece carrying its span. References are still plain names here;
//! `resolve` connects them.

use super::cst::Operator;
pub use crate::language::{ChannelType, Evidence, Level, State};
use crate::source::Span;
use smol_str::SmolStr;

/// A name as written: an ID being declared or a reference to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: SmolStr,
    pub span: Span,
}

/// A string as written (escapes resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: SmolStr,
    pub span: Span,
}

/// An enumerated word (`digital`, `as-is`, `high`) and where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Use(Use),
    Persona(Persona),
    Channel(Channel),
    Team(Team),
    Emotion(Emotion),
    Journey(Journey),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub path: Text,
    pub span: Span,
}

/// What every declaration has: an ID, a display label and documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub id: Name,
    /// Defaults to the ID when not written.
    pub label: Option<Text>,
    pub doc: Option<String>,
    /// The whole declaration.
    pub span: Span,
}

impl Header {
    pub fn label(&self) -> &SmolStr {
        self.label.as_ref().map_or(&self.id.text, |l| &l.text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Persona {
    pub header: Header,
    pub goals: Vec<Text>,
    pub needs: Vec<Text>,
    pub frustrations: Vec<Text>,
    pub quotes: Vec<Text>,
    pub traits: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub header: Header,
    pub kind: Option<Word<ChannelType>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub header: Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Emotion {
    pub header: Header,
    pub score: Option<Score>,
}

/// A number on the emotion scale as written; `check` judges its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub value: f64,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub header: Header,
    pub personas: Vec<Name>,
    pub goal: Option<Text>,
    pub state: Option<Word<State>>,
    /// Every stage in written order, whether or not it is in a phase.
    pub stages: Vec<Stage>,
    pub phases: Vec<Phase>,
    pub kpis: Vec<Kpi>,
    pub opportunities: Vec<Opportunity>,
}

/// `phase ID "Label" { stage … }`: its stages stay in [`Journey::stages`],
/// which keeps every other layer's view of a journey flat.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub header: Header,
    /// Indices into [`Journey::stages`]: consecutive by construction.
    pub stages: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub header: Header,
    pub goal: Option<Text>,
    pub steps: Vec<Step>,
    pub kpis: Vec<Kpi>,
    pub pains: Vec<Said>,
    pub delights: Vec<Said>,
    pub opportunities: Vec<Opportunity>,
    pub support: Vec<Text>,
}

/// `feels NAME`, `feels NAME SCORE` or `feels SCORE`, optionally `for PERSONA`.
#[derive(Debug, Clone, PartialEq)]
pub struct Feels {
    pub emotion: Option<Name>,
    pub score: Option<Score>,
    /// Whose feeling it is; without one, the step's personas'.
    pub persona: Option<Name>,
    pub span: Span,
}

/// Text optionally said of one persona: `pain "…" for officer`.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub text: Text,
    pub persona: Option<Name>,
}

/// `touchpoint "…"`, optionally `via CHANNEL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Touchpoint {
    pub text: Text,
    pub channel: Option<Name>,
}

/// One step named by `next`, with the outcome that leads there.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    pub step: Name,
    pub outcome: Option<Text>,
}

/// `moment` or `exit`, with an optional label.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    pub label: Text,
    pub owner: Option<Name>,
    pub impact: Option<Word<Level>>,
    pub effort: Option<Word<Level>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepBody {
    pub channels: Vec<Name>,
    pub touchpoints: Vec<Touchpoint>,
    pub does: Vec<Said>,
    pub thinks: Vec<Said>,
    /// At most one per persona, and one without.
    pub feels: Vec<Feels>,
    pub pains: Vec<Said>,
    pub delights: Vec<Said>,
    pub quotes: Vec<Said>,
    pub moment: Option<Mark>,
    pub opportunities: Vec<Opportunity>,
    pub personas: Vec<Name>,
    pub kpis: Vec<Name>,
    pub next: Vec<Next>,
    pub owner: Option<Name>,
    pub frontstage: Vec<Text>,
    pub backstage: Vec<Text>,
    pub support: Vec<Text>,
    pub evidence: Option<Word<Evidence>>,
    pub sources: Vec<Text>,
    pub duration: Option<Measure>,
    pub wait: Option<Measure>,
    pub exit: Option<Mark>,
}

impl StepBody {
    /// Every text that may be said `for` a persona, by the keyword that
    /// writes it (also the `statement` of the JSON's attributions).
    pub fn said(&self) -> [(&'static str, &[Said]); 5] {
        [("does", &self.does), ("thinks", &self.thinks), ("pain", &self.pains), ("delight", &self.delights), ("quote", &self.quotes)]
    }

    /// The feeling written without `for`.
    pub fn unattributed_feels(&self) -> Option<&Feels> {
        self.feels.iter().find(|f| f.persona.is_none())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub header: Header,
    pub body: StepBody,
}

/// The kind of quantity a KPI value is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain number (a count, a score).
    Number,
    Percent,
    /// Stored in seconds; `written` is the unit as typed (`min`, `d`, …).
    Duration {
        written: DurationUnit,
    },
    /// An ISO 4217 code, also for amounts written with `$`, `€`, `£`, `¥`.
    Money {
        currency: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    pub const ALL: [DurationUnit; 5] =
        [DurationUnit::Seconds, DurationUnit::Minutes, DurationUnit::Hours, DurationUnit::Days, DurationUnit::Weeks];

    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "min",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
        }
    }

    pub fn seconds(self) -> f64 {
        match self {
            DurationUnit::Seconds => 1.0,
            DurationUnit::Minutes => 60.0,
            DurationUnit::Hours => 3_600.0,
            DurationUnit::Days => 86_400.0,
            DurationUnit::Weeks => 604_800.0,
        }
    }

    pub fn from_suffix(text: &str) -> Option<DurationUnit> {
        DurationUnit::ALL.into_iter().find(|u| u.suffix() == text)
    }
}

/// A KPI value: the number as written and its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The number in the written unit (`14` for `14min`).
    pub value: f64,
    pub unit: Unit,
    /// The source text, for messages and output (`$54.20`).
    pub text: SmolStr,
    pub span: Span,
}

impl Measure {
    /// The value in the unit's base (seconds for durations), for comparisons.
    pub fn base_value(&self) -> f64 {
        match &self.unit {
            Unit::Duration { written } => self.value * written.seconds(),
            _ => self.value,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Compare { operator: Operator, value: Measure },
    Range { low: Measure, high: Measure },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    pub header: Header,
    pub target: Option<Target>,
    pub target_span: Option<Span>,
    pub actual: Option<Measure>,
    pub baseline: Option<Measure>,
    pub owner: Option<Name>,
    pub scale: Option<(Measure, Measure)>,
    pub scale_span: Option<Span>,
    /// The `doc "…"` attribute, joined with any `///` comment.
    pub description: Option<Text>,
}
