//! The language as data: every block, the statements it holds (keyword,
//! value shape, once or repeatable, a one-line doc and an example), the
//! enumerated words and the built-in emotions.
//!
//! This is the one place the vocabulary is written down. Lowering reads it to
//! accept or refuse a keyword and to report a repeat (E0005); the language
//! server reads it for completion and for hover on a keyword; `journey
//! explain KEYWORD` prints it; `journey language` writes it as JSON, from
//! which the VS Code grammar and snippets are generated (and tests fail when
//! those files or the JSON drift from this table).
//!
//! Each block's keywords are an enum of their own ([`StepKey`], …), so
//! lowering matches them exhaustively: a new attribute added here does not
//! compile until lowering gives it a meaning.

use serde::Serialize;

/// The kinds of block, each with the statements it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    TopLevel,
    Persona,
    Channel,
    Team,
    Emotion,
    Journey,
    Phase,
    Stage,
    Step,
    Opportunity,
    Kpi,
}

/// What a declaration declares: each kind is its own namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Persona,
    Channel,
    Team,
    Emotion,
    Journey,
    Phase,
    Stage,
    Step,
    Kpi,
}

impl Kind {
    /// How the kind is called in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Persona => "persona",
            Kind::Channel => "channel",
            Kind::Team => "team",
            Kind::Emotion => "emotion",
            Kind::Journey => "journey",
            Kind::Phase => "phase",
            Kind::Stage => "stage",
            Kind::Step => "step",
            Kind::Kpi => "KPI",
        }
    }
}

/// The shape of a statement's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Shape {
    /// `use "path"`: the path of another file.
    Path,
    /// `keyword ID "Label"`, and the block it opens (if it may have one).
    Declaration { kind: Kind, block: Option<Context> },
    /// `emotion ID SCORE`, or `emotion ID "Label" SCORE`.
    EmotionDeclaration,
    /// `opportunity "…" { … }`: text, and an optional block.
    Opportunity,
    /// Text in double quotes.
    Text,
    /// Text in double quotes, optionally said of one persona: `"…" for officer`.
    Said,
    /// Text in double quotes, optionally on one of the step's channels: `"…" via email`.
    Touchpoint,
    /// Steps, comma-separated, each optionally with the outcome that leads
    /// there: `next approve "Approved"`.
    Next,
    /// A mark with an optional short label in double quotes: `moment "Moment of truth"`.
    Mark,
    /// A duration: `20min`, `2d`.
    Duration,
    /// Names of declarations of one kind, comma-separated.
    Names { kind: Kind },
    /// The name of one declaration.
    Name { kind: Kind },
    /// One word of a list.
    Word { words: Words },
    /// `EMOTION`, `EMOTION SCORE` or `SCORE`, optionally `for PERSONA`.
    Feels,
    /// `OP VALUE` or a range.
    Target,
    /// A number with its unit.
    Measure,
    /// `LOW..HIGH`.
    Range,
}

/// How often a statement may appear in one block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// A second one is E0005.
    Once,
    /// Each adds to a list.
    Many,
    /// Once for each persona (`for PERSONA`), and once for none.
    OncePerPersona,
}

impl Repeat {
    /// How the rule is called in `journey explain` and the reference.
    pub fn describe(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Many => "repeatable",
            Repeat::OncePerPersona => "once per persona",
        }
    }
}

/// One statement of one block.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Attribute {
    pub keyword: &'static str,
    #[serde(skip)]
    pub key: Key,
    #[serde(flatten)]
    pub shape: Shape,
    pub repeat: Repeat,
    pub doc: &'static str,
    pub example: &'static str,
}

impl Attribute {
    /// The block this statement is written in.
    pub fn context(&self) -> Context {
        self.key.context()
    }

    /// The kind of block this statement's `{ … }` is read as. An emotion
    /// takes no block (one is an error), but what is written in one is read
    /// as an emotion's: nothing.
    pub fn opens(&self) -> Option<Context> {
        match self.shape {
            Shape::Declaration { block, .. } => block,
            Shape::EmotionDeclaration => Some(Context::Emotion),
            Shape::Opportunity => Some(Context::Opportunity),
            _ => None,
        }
    }

    /// What the statement declares, if it is a declaration.
    pub fn declares(&self) -> Option<Kind> {
        match self.shape {
            Shape::Declaration { kind, .. } => Some(kind),
            Shape::EmotionDeclaration => Some(Kind::Emotion),
            _ => None,
        }
    }

    /// The kind of the names it refers to, if it refers to any.
    pub fn refers_to(&self) -> Option<Kind> {
        match self.shape {
            Shape::Names { kind } | Shape::Name { kind } => Some(kind),
            Shape::Next => Some(Kind::Step),
            Shape::Feels => Some(Kind::Emotion),
            _ => None,
        }
    }
}

impl Shape {
    /// The statement's values, in words (`journey explain`, the reference).
    pub fn describe(self) -> String {
        match self {
            Shape::Path => "the path of a file in quotes".into(),
            Shape::Declaration { kind, block: Some(block) } if attributes(block).next().is_some() => {
                format!("declares a {}: an ID, an optional label in quotes and an optional `{{ … }}` block", kind.as_str())
            }
            Shape::Declaration { kind, .. } => format!("declares a {}: an ID and an optional label in quotes", kind.as_str()),
            Shape::EmotionDeclaration => "declares an emotion: ID, an optional label in quotes, and a score from -3 to +3".into(),
            Shape::Opportunity => "text in quotes and an optional block".into(),
            Shape::Text => "text in quotes".into(),
            Shape::Said => "text in quotes, optionally `for PERSONA`".into(),
            Shape::Touchpoint => "text in quotes, optionally `via CHANNEL` (one of the step's channels)".into(),
            Shape::Next => "step names, comma-separated, each optionally followed by its outcome in quotes".into(),
            Shape::Mark => "nothing, or a short label in quotes".into(),
            Shape::Duration => "a duration: a number with s, min, h, d or w".into(),
            Shape::Names { kind } => format!("{} names, comma-separated", kind.as_str()),
            Shape::Name { kind } => format!("a {} name", kind.as_str()),
            Shape::Word { words } => {
                let words: Vec<&str> = words.words().into_iter().map(|(word, _)| word).collect();
                format!("one of {}", words.join(", "))
            }
            Shape::Feels => "an emotion, an emotion and a score, or a score; optionally `for PERSONA`".into(),
            Shape::Target => "a comparison and a value, or a range".into(),
            Shape::Measure => "a number with its unit".into(),
            Shape::Range => "a range like -100..100".into(),
        }
    }
}

/// Every statement's key, by the block it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    TopLevel(TopLevelKey),
    Persona(PersonaKey),
    Channel(ChannelKey),
    Journey(JourneyKey),
    Phase(PhaseKey),
    Stage(StageKey),
    Step(StepKey),
    Opportunity(OpportunityKey),
    Kpi(KpiKey),
}

impl Key {
    pub fn context(self) -> Context {
        match self {
            Key::TopLevel(_) => Context::TopLevel,
            Key::Persona(_) => Context::Persona,
            Key::Channel(_) => Context::Channel,
            Key::Journey(_) => Context::Journey,
            Key::Phase(_) => Context::Phase,
            Key::Stage(_) => Context::Stage,
            Key::Step(_) => Context::Step,
            Key::Opportunity(_) => Context::Opportunity,
            Key::Kpi(_) => Context::Kpi,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopLevelKey {
    Use,
    Persona,
    Channel,
    Team,
    Emotion,
    Journey,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonaKey {
    Goal,
    Need,
    Frustration,
    Quote,
    Trait,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKey {
    Type,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JourneyKey {
    Persona,
    Goal,
    State,
    Phase,
    Stage,
    Kpi,
    Opportunity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseKey {
    Stage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKey {
    Step,
    Kpi,
    Goal,
    Pain,
    Delight,
    Opportunity,
    Support,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKey {
    Channel,
    Touchpoint,
    Does,
    Thinks,
    Feels,
    Pain,
    Delight,
    Quote,
    Moment,
    Opportunity,
    Persona,
    Kpi,
    Next,
    Owner,
    Frontstage,
    Backstage,
    Support,
    Evidence,
    Source,
    Duration,
    Wait,
    Exit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpportunityKey {
    Owner,
    Impact,
    Effort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiKey {
    Target,
    Actual,
    Baseline,
    Owner,
    Scale,
    Doc,
}

/// A block's own key type: lowering asks for the keys of one block at a time.
pub trait BlockKey: Copy {
    const CONTEXT: Context;
    fn of(key: Key) -> Option<Self>;
}

macro_rules! block_key {
    ($($key:ident => $variant:ident),* $(,)?) => {$(
        impl BlockKey for $key {
            const CONTEXT: Context = Context::$variant;
            fn of(key: Key) -> Option<Self> {
                match key {
                    Key::$variant(key) => Some(key),
                    _ => None,
                }
            }
        }
    )*};
}

block_key!(
    TopLevelKey => TopLevel,
    PersonaKey => Persona,
    ChannelKey => Channel,
    JourneyKey => Journey,
    PhaseKey => Phase,
    StageKey => Stage,
    StepKey => Step,
    OpportunityKey => Opportunity,
    KpiKey => Kpi,
);

const fn statement(keyword: &'static str, key: Key, shape: Shape, repeat: Repeat, doc: &'static str, example: &'static str) -> Attribute {
    Attribute { keyword, key, shape, repeat, doc, example }
}

use Repeat::{Many, Once, OncePerPersona};

const fn declaration(kind: Kind, block: Option<Context>) -> Shape {
    Shape::Declaration { kind, block }
}

/// Every statement of the language, block by block, in the order the brief
/// lists them (completion offers them in this order).
pub const ATTRIBUTES: &[Attribute] = &[
    // The top level of a file.
    statement(
        "use",
        Key::TopLevel(TopLevelKey::Use),
        Shape::Path,
        Many,
        "Loads another file, relative to this one; its declarations join this build.",
        "use \"common.journey\"",
    ),
    statement(
        "persona",
        Key::TopLevel(TopLevelKey::Persona),
        declaration(Kind::Persona, Some(Context::Persona)),
        Many,
        "Declares a persona: who walks a journey.",
        "persona maya \"Maya, busy parent\" { goal \"Shop in ten minutes\" }",
    ),
    statement(
        "channel",
        Key::TopLevel(TopLevelKey::Channel),
        declaration(Kind::Channel, Some(Context::Channel)),
        Many,
        "Declares a channel: where the customer meets the business.",
        "channel app \"Mobile app\" { type digital }",
    ),
    statement(
        "team",
        Key::TopLevel(TopLevelKey::Team),
        declaration(Kind::Team, Some(Context::Team)),
        Many,
        "Declares a team: the owner of opportunities, touchpoints and KPIs.",
        "team growth \"Growth squad\"",
    ),
    statement(
        "emotion",
        Key::TopLevel(TopLevelKey::Emotion),
        Shape::EmotionDeclaration,
        Many,
        "Declares a custom emotion with its score from -3 to +3, and the label the map shows (the ID without one).",
        "emotion reassured \"Reassured, for now\" +2",
    ),
    statement(
        "journey",
        Key::TopLevel(TopLevelKey::Journey),
        declaration(Kind::Journey, Some(Context::Journey)),
        Many,
        "Declares a journey: the map itself.",
        "journey first_order \"First order\" { … }",
    ),
    // persona
    statement(
        "goal",
        Key::Persona(PersonaKey::Goal),
        Shape::Text,
        Many,
        "What the persona wants to achieve.",
        "goal \"Get the weekly shop done in ten minutes\"",
    ),
    statement(
        "need",
        Key::Persona(PersonaKey::Need),
        Shape::Text,
        Many,
        "What the persona needs from the service.",
        "need \"Delivery slots after 6 pm\"",
    ),
    statement(
        "frustration",
        Key::Persona(PersonaKey::Frustration),
        Shape::Text,
        Many,
        "What frustrates the persona today.",
        "frustration \"Substitutions nobody asked for\"",
    ),
    statement(
        "quote",
        Key::Persona(PersonaKey::Quote),
        Shape::Text,
        Many,
        "Something the persona said, in their words.",
        "quote \"I shop on my phone on the bus\"",
    ),
    statement("trait", Key::Persona(PersonaKey::Trait), Shape::Text, Many, "A trait of the persona.", "trait \"Price-conscious\""),
    // channel
    statement(
        "type",
        Key::Channel(ChannelKey::Type),
        Shape::Word { words: Words::ChannelType },
        Once,
        "What kind of channel it is.",
        "type digital",
    ),
    // journey
    statement(
        "persona",
        Key::Journey(JourneyKey::Persona),
        Shape::Names { kind: Kind::Persona },
        Many,
        "Who walks the journey (at least one persona).",
        "persona maya",
    ),
    statement(
        "goal",
        Key::Journey(JourneyKey::Goal),
        Shape::Text,
        Once,
        "What the customer wants from the whole journey.",
        "goal \"Groceries at the door tonight\"",
    ),
    statement(
        "state",
        Key::Journey(JourneyKey::State),
        Shape::Word { words: Words::State },
        Once,
        "Whether the map shows today's journey or a designed one.",
        "state as-is",
    ),
    statement(
        "phase",
        Key::Journey(JourneyKey::Phase),
        declaration(Kind::Phase, Some(Context::Phase)),
        Many,
        "A phase: consecutive stages grouped under one band (before, during, after).",
        "phase before \"Before the visit\" { stage … }",
    ),
    statement(
        "stage",
        Key::Journey(JourneyKey::Stage),
        declaration(Kind::Stage, Some(Context::Stage)),
        Many,
        "A stage of the journey: a column of the map, ordered as written.",
        "stage purchase \"Purchase\" { … }",
    ),
    statement(
        "kpi",
        Key::Journey(JourneyKey::Kpi),
        declaration(Kind::Kpi, Some(Context::Kpi)),
        Many,
        "A KPI of the whole journey.",
        "kpi conversion \"Conversion\" { target >= 40%; actual 34% }",
    ),
    statement(
        "opportunity",
        Key::Journey(JourneyKey::Opportunity),
        Shape::Opportunity,
        Many,
        "An idea that cuts across the journey: the backlog of the map.",
        "opportunity \"One case number from start to end\" { owner ops; impact high }",
    ),
    // phase
    statement(
        "stage",
        Key::Phase(PhaseKey::Stage),
        declaration(Kind::Stage, Some(Context::Stage)),
        Many,
        "A stage of the phase, ordered as written.",
        "stage apply \"Apply\" { … }",
    ),
    // stage
    statement(
        "step",
        Key::Stage(StageKey::Step),
        declaration(Kind::Step, Some(Context::Step)),
        Many,
        "A step of the stage, ordered as written.",
        "step checkout \"Checks out\" { … }",
    ),
    statement(
        "kpi",
        Key::Stage(StageKey::Kpi),
        declaration(Kind::Kpi, Some(Context::Kpi)),
        Many,
        "A KPI of this stage.",
        "kpi abandonment \"Abandonment\" { target <= 20%; actual 34% }",
    ),
    statement(
        "goal",
        Key::Stage(StageKey::Goal),
        Shape::Text,
        Once,
        "What the customer wants from this stage.",
        "goal \"Pay without surprises\"",
    ),
    statement(
        "pain",
        Key::Stage(StageKey::Pain),
        Shape::Said,
        Many,
        "A pain point of the whole stage, drawn across its columns.",
        "pain \"Nobody says how long the review takes\" for applicant",
    ),
    statement(
        "delight",
        Key::Stage(StageKey::Delight),
        Shape::Said,
        Many,
        "A point of delight of the whole stage.",
        "delight \"Same officer from start to finish\"",
    ),
    statement(
        "opportunity",
        Key::Stage(StageKey::Opportunity),
        Shape::Opportunity,
        Many,
        "An idea to improve the whole stage.",
        "opportunity \"Publish the review times\" { owner ops }",
    ),
    statement(
        "support",
        Key::Stage(StageKey::Support),
        Shape::Text,
        Many,
        "Service blueprint: a system behind the whole stage.",
        "support \"Case management system\"",
    ),
    // step
    statement(
        "channel",
        Key::Step(StepKey::Channel),
        Shape::Names { kind: Kind::Channel },
        Many,
        "Where the step happens (channels, comma-separated).",
        "channel app, email",
    ),
    statement(
        "touchpoint",
        Key::Step(StepKey::Touchpoint),
        Shape::Touchpoint,
        Many,
        "A concrete contact (an ad, a form, a call), optionally on one of the step's channels.",
        "touchpoint \"Confirmation email\" via email",
    ),
    statement(
        "does",
        Key::Step(StepKey::Does),
        Shape::Said,
        Many,
        "What the customer (or the persona named) does.",
        "does \"Enters a promo code\"",
    ),
    statement(
        "thinks",
        Key::Step(StepKey::Thinks),
        Shape::Said,
        Many,
        "What the customer (or the persona named) thinks.",
        "thinks \"Where do I put the code?\"",
    ),
    statement(
        "feels",
        Key::Step(StepKey::Feels),
        Shape::Feels,
        OncePerPersona,
        "How the step's personas feel (or the persona named): a point on their emotion curve.",
        "feels relieved for officer",
    ),
    statement(
        "pain",
        Key::Step(StepKey::Pain),
        Shape::Said,
        Many,
        "A pain point, of the step's personas or of the persona named.",
        "pain \"Promo code field hidden behind a menu\"",
    ),
    statement(
        "delight",
        Key::Step(StepKey::Delight),
        Shape::Said,
        Many,
        "A point of delight: what works well and should be kept.",
        "delight \"Money arrives the same day\" for applicant",
    ),
    statement(
        "quote",
        Key::Step(StepKey::Quote),
        Shape::Said,
        Many,
        "Something a customer said at this step, in their words (the step's `source` says where).",
        "quote \"I had no idea what was missing\" for applicant",
    ),
    statement(
        "moment",
        Key::Step(StepKey::Moment),
        Shape::Mark,
        Once,
        "Marks a moment that matters (a moment of truth), with an optional short label.",
        "moment \"Moment of truth\"",
    ),
    statement(
        "opportunity",
        Key::Step(StepKey::Opportunity),
        Shape::Opportunity,
        Many,
        "An idea to improve the step, with its owner, impact and effort.",
        "opportunity \"Show the promo field\" { owner growth; impact high; effort low }",
    ),
    statement(
        "persona",
        Key::Step(StepKey::Persona),
        Shape::Names { kind: Kind::Persona },
        Many,
        "The step concerns only these personas.",
        "persona maya",
    ),
    statement("kpi", Key::Step(StepKey::Kpi), Shape::Names { kind: Kind::Kpi }, Many, "The KPIs this step moves.", "kpi conversion"),
    statement(
        "next",
        Key::Step(StepKey::Next),
        Shape::Next,
        Many,
        "The steps that can follow, each with an optional outcome; the main path takes the first that leads on to an end. Without it, the next step written.",
        "next approve \"Approved\"",
    ),
    statement(
        "owner",
        Key::Step(StepKey::Owner),
        Shape::Name { kind: Kind::Team },
        Once,
        "The team that owns the touchpoint.",
        "owner growth",
    ),
    statement(
        "frontstage",
        Key::Step(StepKey::Frontstage),
        Shape::Text,
        Many,
        "Service blueprint: what staff do in the customer's view.",
        "frontstage \"Driver calls on arrival\"",
    ),
    statement(
        "backstage",
        Key::Step(StepKey::Backstage),
        Shape::Text,
        Many,
        "Service blueprint: what staff do out of view.",
        "backstage \"Picker checks substitutions\"",
    ),
    statement(
        "support",
        Key::Step(StepKey::Support),
        Shape::Text,
        Many,
        "Service blueprint: the systems behind the step.",
        "support \"Order management system\"",
    ),
    statement(
        "evidence",
        Key::Step(StepKey::Evidence),
        Shape::Word { words: Words::Evidence },
        Once,
        "How the step's content is known.",
        "evidence observed",
    ),
    statement(
        "source",
        Key::Step(StepKey::Source),
        Shape::Text,
        Many,
        "Where it was learned: an interview, a ticket, a study.",
        "source \"Interview 12\"",
    ),
    statement("duration", Key::Step(StepKey::Duration), Shape::Duration, Once, "How long the step takes.", "duration 20min"),
    statement("wait", Key::Step(StepKey::Wait), Shape::Duration, Once, "How long the customer waits before the step.", "wait 2d"),
    statement(
        "exit",
        Key::Step(StepKey::Exit),
        Shape::Mark,
        Once,
        "The customer may leave the journey here: a drop-out, with an optional label. Without `next`, the path ends.",
        "exit \"Takes the loan elsewhere\"",
    ),
    // opportunity
    statement(
        "owner",
        Key::Opportunity(OpportunityKey::Owner),
        Shape::Name { kind: Kind::Team },
        Once,
        "The team that owns the opportunity.",
        "owner growth",
    ),
    statement(
        "impact",
        Key::Opportunity(OpportunityKey::Impact),
        Shape::Word { words: Words::Level },
        Once,
        "How much it would help.",
        "impact high",
    ),
    statement(
        "effort",
        Key::Opportunity(OpportunityKey::Effort),
        Shape::Word { words: Words::Level },
        Once,
        "How much work it would take.",
        "effort low",
    ),
    // kpi
    statement(
        "target",
        Key::Kpi(KpiKey::Target),
        Shape::Target,
        Once,
        "The goal: a comparison (`>=`, `<=`, `>`, `<`, `=`) and a value, or a range.",
        "target >= 40%",
    ),
    statement("actual", Key::Kpi(KpiKey::Actual), Shape::Measure, Once, "The value measured today.", "actual 34%"),
    statement(
        "baseline",
        Key::Kpi(KpiKey::Baseline),
        Shape::Measure,
        Once,
        "The value before the change, to show the delta.",
        "baseline 28%",
    ),
    statement("owner", Key::Kpi(KpiKey::Owner), Shape::Name { kind: Kind::Team }, Once, "The team that owns the KPI.", "owner growth"),
    statement("scale", Key::Kpi(KpiKey::Scale), Shape::Range, Once, "The valid range of a score KPI such as NPS.", "scale -100..100"),
    statement(
        "doc",
        Key::Kpi(KpiKey::Doc),
        Shape::Text,
        Once,
        "How the KPI is measured.",
        "doc \"Share of started checkouts not completed\"",
    ),
];

/// The statements of one block, in table order.
pub fn attributes(context: Context) -> impl Iterator<Item = &'static Attribute> {
    ATTRIBUTES.iter().filter(move |a| a.context() == context)
}

/// The statement `keyword` of a block, if the block has it.
pub fn attribute(context: Context, keyword: &str) -> Option<&'static Attribute> {
    attributes(context).find(|a| a.keyword == keyword)
}

/// The blocks in the order they are documented.
pub const CONTEXTS: [Context; 11] = [
    Context::TopLevel,
    Context::Persona,
    Context::Channel,
    Context::Team,
    Context::Emotion,
    Context::Journey,
    Context::Phase,
    Context::Stage,
    Context::Step,
    Context::Opportunity,
    Context::Kpi,
];

impl Context {
    /// The block's keywords, in table order.
    pub fn keywords(self) -> impl Iterator<Item = &'static str> {
        attributes(self).map(|a| a.keyword)
    }

    /// How the block is called in messages ("a step").
    pub fn describe(self) -> &'static str {
        match self {
            Context::TopLevel => "the top level of a file",
            Context::Persona => "a persona",
            Context::Channel => "a channel",
            Context::Team => "a team",
            Context::Emotion => "an emotion",
            Context::Journey => "a journey",
            Context::Phase => "a phase",
            Context::Stage => "a stage",
            Context::Step => "a step",
            Context::Opportunity => "an opportunity",
            Context::Kpi => "a KPI",
        }
    }

    /// The block a statement's `{ … }` opens, judged from its keyword. Known
    /// block keywords are taken at their word even where they don't belong,
    /// so a half-typed file still gets the right suggestions.
    /// The same rule as the outline's: a statement that can't have a block
    /// here (`kpi k { … }` in a step) is read as what opens one elsewhere.
    pub fn child(self, keyword: &str) -> Option<Context> {
        attribute(self, keyword)
            .and_then(Attribute::opens)
            .or_else(|| ATTRIBUTES.iter().filter(|a| a.keyword == keyword).find_map(Attribute::opens))
    }

    /// Where a keyword does belong, for "`stage` belongs in a journey": the
    /// journey's own blocks first (`goal` in a step belongs in a journey or
    /// a stage more likely than in a persona).
    pub fn home_of(keyword: &str) -> Option<Context> {
        const LIKELY: [Context; 10] = [
            Context::TopLevel,
            Context::Journey,
            Context::Phase,
            Context::Stage,
            Context::Step,
            Context::Kpi,
            Context::Opportunity,
            Context::Persona,
            Context::Channel,
            Context::Emotion,
        ];
        LIKELY.into_iter().find(|context| attribute(*context, keyword).is_some())
    }
}

/// The word before the persona a text or a feeling is said of: `pain "…" for officer`.
pub const FOR: &str = "for";
/// The word before the channel a touchpoint is on: `touchpoint "…" via email`.
pub const VIA: &str = "via";

// ───────────────────────────── enumerated words ─────────────────────────────

/// One word of a list, the value it stands for and what it means.
#[derive(Clone, Copy, Debug)]
pub struct Choice<T> {
    pub value: T,
    pub word: &'static str,
    pub doc: &'static str,
}

const fn choice<T>(value: T, word: &'static str, doc: &'static str) -> Choice<T> {
    Choice { value, word, doc }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelType {
    Digital,
    Human,
    Physical,
    Broadcast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    AsIs,
    ToBe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Observed,
    Assumed,
    Proposed,
}

pub const CHANNEL_TYPES: &[Choice<ChannelType>] = &[
    choice(ChannelType::Digital, "digital", "screens: web, app, email, chat"),
    choice(ChannelType::Human, "human", "people: a call, a visit, a counter"),
    choice(ChannelType::Physical, "physical", "things and places: a shop, a parcel, a letter"),
    choice(ChannelType::Broadcast, "broadcast", "one to many: TV, radio, posters"),
];
pub const STATES: &[Choice<State>] =
    &[choice(State::AsIs, "as-is", "the journey as it is today"), choice(State::ToBe, "to-be", "the journey as designed")];
pub const LEVELS: &[Choice<Level>] =
    &[choice(Level::Low, "low", "low"), choice(Level::Medium, "medium", "medium"), choice(Level::High, "high", "high")];
pub const EVIDENCE: &[Choice<Evidence>] = &[
    choice(Evidence::Observed, "observed", "seen in research"),
    choice(Evidence::Assumed, "assumed", "a hypothesis, not yet checked"),
    choice(Evidence::Proposed, "proposed", "a design, not yet built"),
];

/// The word lists, by name: what statements of [`Shape::Word`] point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Words {
    ChannelType,
    State,
    Level,
    Evidence,
}

impl Words {
    pub const ALL: [Words; 4] = [Words::ChannelType, Words::State, Words::Level, Words::Evidence];

    /// How one of the words is called in messages ("a channel type").
    pub fn what(self) -> &'static str {
        match self {
            Words::ChannelType => "channel type",
            Words::State => "state",
            Words::Level => "level",
            Words::Evidence => "evidence",
        }
    }

    /// The words and their meanings, in order.
    pub fn words(self) -> Vec<(&'static str, &'static str)> {
        fn plain<T>(choices: &[Choice<T>]) -> Vec<(&'static str, &'static str)> {
            choices.iter().map(|c| (c.word, c.doc)).collect()
        }
        match self {
            Words::ChannelType => plain(CHANNEL_TYPES),
            Words::State => plain(STATES),
            Words::Level => plain(LEVELS),
            Words::Evidence => plain(EVIDENCE),
        }
    }
}

/// The word a value is written as.
fn word_of<T: PartialEq>(choices: &[Choice<T>], value: &T) -> &'static str {
    choices.iter().find(|c| c.value == *value).map_or("", |c| c.word)
}

macro_rules! written_as_word {
    ($($type:ty => $choices:expr),* $(,)?) => {$(
        impl $type {
            pub fn word(self) -> &'static str {
                word_of($choices, &self)
            }
        }

        /// In the JSON model, as written in the source.
        impl Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.word())
            }
        }
    )*};
}

written_as_word!(ChannelType => CHANNEL_TYPES, State => STATES, Level => LEVELS, Evidence => EVIDENCE);

// ───────────────────────────── emotions ─────────────────────────────

/// Every built-in emotion with its score, from best to worst.
pub const BUILTIN_EMOTIONS: &[(&str, i8)] = &[
    ("delighted", 3),
    ("excited", 2),
    ("happy", 2),
    ("confident", 2),
    ("relieved", 2),
    ("pleased", 1),
    ("curious", 1),
    ("hopeful", 1),
    ("satisfied", 1),
    ("neutral", 0),
    ("unsure", -1),
    ("confused", -1),
    ("impatient", -1),
    ("bored", -1),
    ("anxious", -2),
    ("frustrated", -2),
    ("disappointed", -2),
    ("annoyed", -2),
    ("angry", -3),
    ("furious", -3),
];

// ───────────────────────────── the table as JSON ─────────────────────────────

/// The table as the JSON document `journey language` writes: the blocks with
/// their statements, the word lists and the built-in emotions. The VS Code
/// grammar and snippets are generated from it.
pub fn to_json() -> String {
    #[derive(Serialize)]
    struct Block {
        name: Context,
        describe: &'static str,
        statements: Vec<&'static Attribute>,
    }
    #[derive(Serialize)]
    struct WordList {
        name: Words,
        what: &'static str,
        words: Vec<Word>,
    }
    #[derive(Serialize)]
    struct Word {
        word: &'static str,
        doc: &'static str,
    }
    #[derive(Serialize)]
    struct Emotion {
        name: &'static str,
        score: i8,
    }
    #[derive(Serialize)]
    struct Language {
        blocks: Vec<Block>,
        words: Vec<WordList>,
        emotions: Vec<Emotion>,
    }
    let language = Language {
        blocks: CONTEXTS.iter().map(|&name| Block { name, describe: name.describe(), statements: attributes(name).collect() }).collect(),
        words: Words::ALL
            .iter()
            .map(|&name| WordList {
                name,
                what: name.what(),
                words: name.words().into_iter().map(|(word, doc)| Word { word, doc }).collect(),
            })
            .collect(),
        emotions: BUILTIN_EMOTIONS.iter().map(|&(name, score)| Emotion { name, score }).collect(),
    };
    let mut text = serde_json::to_string_pretty(&language).expect("the table always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_block_has_a_keyword_twice() {
        for context in CONTEXTS {
            let keywords: Vec<&str> = context.keywords().collect();
            for (i, keyword) in keywords.iter().enumerate() {
                assert!(!keywords[..i].contains(keyword), "`{keyword}` twice in {context:?}");
            }
        }
    }

    #[test]
    fn every_example_starts_with_its_keyword() {
        for attribute in ATTRIBUTES {
            assert!(attribute.example.starts_with(&format!("{} ", attribute.keyword)), "{attribute:?}");
            assert!(!attribute.doc.is_empty() && attribute.doc.ends_with('.'), "{attribute:?}");
        }
    }

    #[test]
    fn every_block_that_is_opened_is_documented() {
        for attribute in ATTRIBUTES {
            if let Some(block) = attribute.opens() {
                assert!(CONTEXTS.contains(&block));
            }
        }
    }

    #[test]
    fn words_are_written_as_in_their_list() {
        assert_eq!(serde_json::to_string(&State::AsIs).unwrap(), "\"as-is\"");
        assert_eq!(ChannelType::Broadcast.word(), "broadcast");
        for words in Words::ALL {
            assert!(!words.words().is_empty());
        }
    }
}
