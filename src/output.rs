//! Writing to the terminal and to pipes, without ever panicking (as
//! `println!` does when its pipe is closed).
//!
//! A reader that goes away (`journey check | head`, stderr closed by a CI
//! wrapper) is not an error: what can't be printed is dropped and the
//! command finishes its work, so its exit status still says what it found.
//! Any other failure to write a report (a full disk under `> report.sarif`)
//! is an error, since a truncated report would be read as a complete one.
//! Every text that reaches the terminal from a source or a path shows its
//! control, bidirectional and zero-width characters as `\u{…}` escapes
//! ([`shown`]), so it can't rewrite the screen.

use std::io::{self, Write};

/// Prints a line for people on stderr; never fails.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::to_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;

pub fn to_stderr(args: std::fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// Writes report text on stdout. A closed pipe is quietly the end of it.
pub fn to_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    quiet_if_closed(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// A write to a pipe its reader closed counts as done.
pub fn quiet_if_closed(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A text for the terminal: hidden characters escaped, on one line.
pub fn shown(text: &str) -> String {
    journey_compiler::unicode::escape_hidden(text, true).into_owned()
}

/// A path for the terminal.
pub fn path(path: &std::path::Path) -> String {
    journey_disk::project::shown(path)
}
