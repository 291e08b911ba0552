//! The one diagnostic type. Every stage produces it; the terminal, the short,
//! JSON, GitHub and SARIF formats and the language server all render it.

use crate::source::{FileId, Sources, Span};
use serde::Serialize;

/// How serious a diagnostic is, after lint levels were applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file with a short note ("first declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Label {
        debug_assert!(span.start <= span.end, "a span that ends before it starts: {span:?}");
        Label { file, span, message: message.into() }
    }
}

/// One replacement of source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

/// A machine-applicable fix: what the editor's quick fix does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A problem found in the sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and an unlabelled primary span.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: Label::new(file, span, ""),
            secondary: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    pub fn label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    pub fn secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label::new(file, span, message));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix { title: title.into(), edits });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether every place it names (labels and fixes) lies inside its file,
    /// on character boundaries. The constructor can't know the file, so the
    /// build asserts this where diagnostics meet their files ([`crate::check_build`]).
    pub fn is_inside(&self, sources: &Sources) -> bool {
        let inside = |file: FileId, span: Span| {
            let text = &sources.get(file).text;
            span.start <= span.end && text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize)
        };
        std::iter::once(&self.primary).chain(&self.secondary).all(|l| inside(l.file, l.span))
            && self.fixes.iter().flat_map(|f| &f.edits).all(|e| inside(e.file, e.span))
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $summary:literal;)*) => {
        /// Every diagnostic code. Codes are stable: never renumber, only add.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// `E0010`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// `unresolved-reference`: the name `journey.toml` may use instead of the code.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line for tables and SARIF rule descriptions.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The long explanation `journey explain` prints (Markdown).
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => include_str!(concat!("explain/", $code, ".md")),)* }
            }
        }
    };
}

codes! {
    Syntax = "E0001", "syntax-error", Error, "the text can't be read as Journey";
    UnreadableSource = "E0002", "unreadable-source", Error, "the file is not a regular file, not UTF-8 text, too large, or nested too deeply";
    UnknownAttribute = "E0003", "unknown-attribute", Error, "a keyword that doesn't belong in this block";
    InvalidValue = "E0004", "invalid-value", Error, "a value of the wrong shape or not among the allowed words";
    RepeatedAttribute = "E0005", "repeated-attribute", Error, "an attribute that may appear once is given twice";
    Unresolved = "E0010", "unresolved-reference", Error, "a name that is declared nowhere in the build";
    WrongKind = "E0011", "wrong-kind", Error, "a name of the wrong kind (a persona where a team is expected)";
    Duplicate = "E0012", "duplicate-declaration", Error, "two declarations of the same kind with the same ID";
    ScoreRange = "E0020", "score-out-of-range", Error, "an emotion score outside -3..+3";
    PercentRange = "E0021", "percentage-out-of-range", Error, "a percentage outside 0..100% where it is a share";
    UnitMismatch = "E0022", "kpi-unit-mismatch", Error, "a KPI's values are in different units";
    OutsideScale = "E0023", "outside-kpi-scale", Error, "a KPI value outside the KPI's scale";
    MissingFile = "E0030", "missing-file", Error, "`use` names a file that can't be read";
    ImportCycle = "E0031", "import-cycle", Error, "files that `use` each other in a circle";
    OutsideProject = "E0032", "outside-project", Error, "a file outside the project: an absolute `use`, a `..` past the project's folder, or a link out of it";
    NoStage = "E0040", "journey-without-stage", Error, "a journey with no stage";
    NoPersona = "E0041", "journey-without-persona", Error, "a journey with no persona";
    PersonaNotTakingPart = "E0042", "persona-not-taking-part", Error, "a step, a feeling or a text given to a persona the journey or the step doesn't have";
    ChannelNotOnStep = "E0043", "channel-not-on-step", Error, "a touchpoint `via` a channel the step doesn't list";
    FenceOption = "E0050", "bad-map-fence", Error, "a ```journey fence in Markdown with a wrong option, no end, or nothing to draw";
    Unused = "W0001", "unused-declaration", Warning, "a declaration that nothing uses";
    Unreachable = "W0002", "unreachable-step", Warning, "a step that can't be reached from the journey's first step";
    NegativeWithoutPain = "W0003", "negative-emotion-without-pain", Warning, "a strongly negative step with no pain point recorded";
    TooManyKpis = "W0004", "too-many-kpis", Warning, "more headline KPIs than the convention allows";
    NoChannel = "W0005", "step-without-channel", Warning, "a step with no channel";
    HiddenCharacter = "W0006", "hidden-character", Warning, "a control, bidirectional or zero-width character that changes how text reads";
    MissingGlyph = "W0007", "missing-glyph", Warning, "a character a PNG has no font for, which would be drawn as an empty box";
    PainWithoutOpportunity = "I0001", "pain-without-opportunity", Info, "a pain point with no opportunity at the same step";
}

impl Code {
    /// Looks a code up by `E0010` or by `unresolved-reference` (case-insensitive).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text) || c.name().eq_ignore_ascii_case(text))
    }

    /// Warnings and infos are lints: their level can be changed in `journey.toml`.
    pub fn is_lint(self) -> bool {
        self.default_severity() != Severity::Error
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Code {
    /// The long explanation as `journey explain` and SARIF show it: the
    /// written text, and for the codes about which statements a block
    /// takes, the list from the language table (never written by hand).
    pub fn full_explanation(self) -> String {
        use crate::language::{self, Repeat, CONTEXTS};
        use std::fmt::Write;
        let mut text = self.explanation().to_string();
        let blocks = CONTEXTS.iter().filter(|c| language::attributes(**c).next().is_some());
        let quoted = |keywords: Vec<&str>| keywords.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        match self {
            Code::UnknownAttribute => {
                text.push_str("\n## What each block takes\n\n");
                for &context in blocks {
                    let _ = writeln!(text, "- {}: {}", context.describe(), quoted(context.keywords().collect()));
                }
            }
            Code::RepeatedAttribute => {
                text.push_str("\n## Once or repeatable\n\n");
                for &context in blocks {
                    let with = |repeat| quoted(language::attributes(context).filter(|a| a.repeat == repeat).map(|a| a.keyword).collect());
                    let parts: Vec<String> = [Repeat::Once, Repeat::OncePerPersona, Repeat::Many]
                        .into_iter()
                        .map(|repeat| (repeat.describe(), with(repeat)))
                        .filter(|(_, keywords)| !keywords.is_empty())
                        .map(|(rule, keywords)| format!("{rule}: {keywords}"))
                        .collect();
                    let _ = writeln!(text, "- {}: {}", context.describe(), parts.join("; "));
                }
            }
            _ => {}
        }
        text
    }
}
