//! `journey lsp`: the language server on stdin/stdout (see the `journey-lsp` crate).

use crate::Outcome;
use miette::{miette, Result};

pub fn run() -> Result<Outcome> {
    match journey_lsp::run_stdio().map_err(|e| miette!("the language server stopped: {e}"))? {
        journey_lsp::Ended::Cleanly => Ok(Outcome::Success),
        journey_lsp::Ended::WithoutShutdown => Ok(Outcome::ExitWithoutShutdown),
    }
}
