//! One module per subcommand.

pub mod build;
pub mod check;
pub mod explain;
pub mod fmt;
pub mod init;
pub mod lsp;
pub mod markdown;
pub mod mdbook;

use crate::cli::ColorChoice;
use std::io::IsTerminal;

/// Leaves a compiled build (or its outputs) to the operating system: the
/// process ends right after, and taking a 10,000-step build apart piece by
/// piece costs several milliseconds the OS spends none of. Only for a
/// command that exits next: anything long-running (`lsp`, a watch mode)
/// must free what it builds.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Whether to colour output on stderr: `--color`, then `NO_COLOR`, then whether it is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    }
}
