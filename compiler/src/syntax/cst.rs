//! The concrete syntax tree: statements as written, before any keyword is
//! given a meaning. The formatter prints it back; `lower` turns it into the AST.

use crate::source::Span;
use smol_str::SmolStr;

/// The statements of a file or of one `{ … }` block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub entries: Vec<Entry>,
    /// The braces of a block; `None` for a file's top level.
    pub open: Option<Span>,
    /// `None` when the block is never closed (already reported).
    pub close: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// `/// text`, without the slashes.
    Doc {
        text: String,
        span: Span,
    },
    Statement(Statement),
    /// Text that could not be read (already reported); its block, if any, is kept.
    Error {
        span: Span,
        block: Option<Block>,
    },
}

/// `keyword value, value … { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub keyword: SmolStr,
    pub keyword_span: Span,
    pub args: Vec<Arg>,
    /// Junk after the values (already reported).
    pub bad_tail: Option<Span>,
    pub block: Option<Block>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Whether a `,` came before this value.
    pub comma: bool,
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Identifier(SmolStr),
    /// The string's text with escapes resolved.
    String(SmolStr),
    Quantity(Quantity),
    /// Boxed: ranges are rare, and inline they would double every value's size.
    Range(Box<(Quantity, Quantity)>),
    Operator(Operator),
}

impl Value {
    /// How the value is called in messages: "a name", "a string", …
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Identifier(_) => "a name",
            Value::String(_) => "a string",
            Value::Quantity(_) => "a number",
            Value::Range(..) => "a range",
            Value::Operator(_) => "a comparison",
        }
    }
}

/// A number as written, with its sign, currency and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// As written, with runs of spaces folded (`12.50 USD`).
    pub text: SmolStr,
    pub number: f64,
    pub currency_symbol: Option<char>,
    pub suffix: Suffix,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Suffix {
    None,
    Percent,
    /// Letters right after the number (`min`, `d`, or a typo).
    Unit(String),
    /// Three capital letters after a space (`USD`).
    Currency(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Operator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<")]
    Below,
    #[serde(rename = "=")]
    Equal,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::AtLeast => ">=",
            Operator::AtMost => "<=",
            Operator::Above => ">",
            Operator::Below => "<",
            Operator::Equal => "=",
        }
    }
}
