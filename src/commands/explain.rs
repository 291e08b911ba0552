//! `journey explain CODE`: the long explanation of a diagnostic.

use crate::Outcome;
use journey_compiler::diagnostic::Code;
use miette::{miette, Result};

pub fn run(code: Option<&str>) -> Result<Outcome> {
    let Some(text) = code else {
        println!("Diagnostic codes (journey explain CODE for details):\n");
        for code in Code::ALL {
            println!("  {}  {:<8} {:<32} {}", code, code.default_severity().as_str(), code.name(), code.summary());
        }
        return Ok(Outcome::Success);
    };
    let code = Code::parse(text).ok_or_else(|| miette!("unknown diagnostic code `{text}`; run `journey explain` to list them"))?;
    print!("{}", code.explanation());
    Ok(Outcome::Success)
}
