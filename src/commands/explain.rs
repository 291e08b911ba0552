//! `journey explain CODE|KEYWORD`: the long explanation of a diagnostic, or
//! what a keyword means in each block that has it; `journey language`: the
//! language table as JSON (what the VS Code grammar is generated from).

use crate::output;
use crate::Outcome;
use journey_compiler::diagnostic::Code;
use journey_compiler::language;
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
        let repeat = attribute.repeat.describe();
        let _ = writeln!(out, "`{}` in {} ({}, {repeat})", attribute.keyword, attribute.context().describe(), attribute.shape.describe());
        let _ = writeln!(out, "  {}", attribute.doc);
        let _ = writeln!(out, "  {}\n", attribute.example);
    }
    (!out.is_empty()).then_some(out)
}

/// `journey language`, or with `--markdown` the language reference.
pub fn language(markdown: bool) -> Result<Outcome> {
    let text = if markdown { journey_compiler::reference::markdown() } else { language::to_json() };
    output::to_stdout(&text).into_diagnostic()?;
    Ok(Outcome::Success)
}
