//! The built-in emotions and their scores on the −3…+3 scale.

/// Every built-in emotion, from best to worst.
pub const BUILTIN: &[(&str, i8)] = &[
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

pub fn builtin_score(name: &str) -> Option<i8> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The lowest and highest score.
pub const MIN_SCORE: f64 = -3.0;
pub const MAX_SCORE: f64 = 3.0;

/// A step at or below this score should say what hurts (W0003).
pub const NEGATIVE: i8 = -2;
