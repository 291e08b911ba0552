//! `journey lsp`: the language server on stdin/stdout (see the `journey-lsp` crate).

use crate::Outcome;
use miette::{miette, Result};

pub fn run() -> Result<Outcome> {
    journey_lsp::run_stdio().map_err(|e| miette!("the language server stopped: {e}"))?;
    Ok(Outcome::Success)
}
