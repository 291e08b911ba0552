//! The built-in emotions and their scores on the −3…+3 scale.

/// Every built-in emotion, from best to worst (the language table's).
pub use crate::language::BUILTIN_EMOTIONS as BUILTIN;

pub fn builtin_score(name: &str) -> Option<i8> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The lowest and highest score.
pub const MIN_SCORE: f64 = -3.0;
pub const MAX_SCORE: f64 = 3.0;

/// A step at or below this score should say what hurts (W0003).
pub const NEGATIVE: i8 = -2;
