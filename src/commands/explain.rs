//! `journey explain CODE`: the long explanation of a diagnostic.

use crate::output;
use crate::Outcome;
use journey_compiler::diagnostic::Code;
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
    let code = Code::parse(text)
        .ok_or_else(|| miette!("unknown diagnostic code `{}`; run `journey explain` to list them", output::shown(text)))?;
    output::to_stdout(code.explanation()).into_diagnostic()?;
    Ok(Outcome::Success)
}
