//! `journey explain CODE|KEYWORD`: the long explanation of a diagnostic, or
//! what a keyword means in each block that has it; `journey language`: the
//! language table as JSON (what the VS Code grammar is generated from).

use crate::output;
use crate::Outcome;
use journey_compiler::diagnostic::Code;
use journey_compiler::language::{self, Repeat, Shape};
use miette::{miette, IntoDiagnostic, Result};
use std::fmt::Write;

pub fn run(code: Option<&str>) -> Result<Outcome> {
    let Some(text) = code else {
        let mut list = String::from("Diagnostic codes (journey explain CODE for details):\n\n");
        for code in Code::ALL {
            let _ = writeln!(list, "  {}  {:<8} {:<32} {}", code, code.default_severity().as_str(), code.name(), code.summary());
        }
        output::to_stdout(&list).into_diagnostic()?;
        return Ok(Outcome::Success);
    };
    if let Some(code) = Code::parse(text) {
        output::to_stdout(&code.full_explanation()).into_diagnostic()?;
        return Ok(Outcome::Success);
    }
    let keyword = keyword(text).ok_or_else(|| {
        miette!("`{}` is neither a diagnostic code nor a keyword; run `journey explain` to list the codes", output::shown(text))
    })?;
    output::to_stdout(&keyword).into_diagnostic()?;
    Ok(Outcome::Success)
}

/// What a keyword means, in every block that has it.
fn keyword(text: &str) -> Option<String> {
    let mut out = String::new();
    for attribute in language::ATTRIBUTES.iter().filter(|a| a.keyword == text) {
        let repeat = match attribute.repeat {
            Repeat::Once => "once",
            Repeat::Many => "repeatable",
        };
        let _ = writeln!(out, "`{}` in {} ({}, {repeat})", attribute.keyword, attribute.context().describe(), shape(attribute.shape));
        let _ = writeln!(out, "  {}", attribute.doc);
        let _ = writeln!(out, "  {}\n", attribute.example);
    }
    (!out.is_empty()).then_some(out)
}

/// A statement's values, in words.
fn shape(shape: Shape) -> String {
    match shape {
        Shape::Path => "the path of a file in quotes".into(),
        Shape::Declaration { kind, block: Some(_) } => format!("declares a {}: ID, label and a block", kind.as_str()),
        Shape::Declaration { kind, block: None } => format!("declares a {}: ID and label", kind.as_str()),
        Shape::EmotionDeclaration => "declares an emotion: ID and score".into(),
        Shape::Opportunity => "text in quotes and a block".into(),
        Shape::Text => "text in quotes".into(),
        Shape::Names { kind } => format!("{} names, comma-separated", kind.as_str()),
        Shape::Name { kind } => format!("a {} name", kind.as_str()),
        Shape::Word { words } => {
            let words: Vec<&str> = words.words().into_iter().map(|(word, _)| word).collect();
            format!("one of {}", words.join(", "))
        }
        Shape::Feels => "an emotion, an emotion and a score, or a score".into(),
        Shape::Target => "a comparison and a value, or a range".into(),
        Shape::Measure => "a number with its unit".into(),
        Shape::Range => "a range like -100..100".into(),
    }
}

/// `journey language`.
pub fn language() -> Result<Outcome> {
    output::to_stdout(&language::to_json()).into_diagnostic()?;
    Ok(Outcome::Success)
}
