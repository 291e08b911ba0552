//! The Journey language server: diagnostics, hover, go to definition, find
//! references, rename, completion, outline, workspace symbols, folding,
//! semantic tokens, formatting, quick fixes and a live SVG preview
//! (`journey/render`), across every file joined by `use`.
//!
//! A library: `journey lsp` calls [`run_stdio`]. Stdout is the protocol, so
//! nothing else may print there; logs go to stderr.
//!
//! ```text
//! stdin ─stdio (frames checked)─▶ tower-lsp-server ─▶ server.rs ─▶ handlers/* ─▶ journey_compiler::ide
//!                                   (one message         │        (protocol types,   (the answers, in
//!                                    at a time)          ▼         UTF-16)            byte offsets)
//!                                   state.rs ─▶ engine.rs (debounce, compile, publish)
//!                                   (buffers,      └─▶ analysis.rs (snapshot: one analysis per build,
//!                                    root)                          reused while its files don't change)
//! ```

#![deny(clippy::print_stdout, clippy::print_stderr)]

/// A line for the server's log (stderr). Never panics as `eprintln!` does
/// when stderr is closed: a client that drops the log must not stop the server.
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::log_line(format_args!($($arg)*))
    };
}

fn log_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let line = journey_compiler::unicode::escape_hidden(&args.to_string(), true).into_owned();
    let _ = writeln!(std::io::stderr().lock(), "journey-lsp: {line}");
}

mod analysis;
mod convert;
mod engine;
mod handlers;
mod server;
mod state;
mod stdio;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::LspService;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit` (or the end of input): exit status 0.
    Cleanly,
    /// `exit` (or the end of input) without `shutdown` first: the protocol
    /// asks for exit status 1.
    WithoutShutdown,
}

/// One whole session from a client's raw bytes, in this process, for the
/// fuzzer (`fuzz/`) and the replay of its corpus: the harness's own
/// `initialize` (no workspace folder: nothing is read from the disk but
/// what documents `use`), then `input` through the same frame guard as
/// stdin, then the end of input. Returns everything the server wrote.
#[doc(hidden)]
pub fn fuzz_session(input: &[u8]) -> Vec<u8> {
    let start = serde_json::json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": { "capabilities": {} } });
    let ready = serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} });
    let mut session = stdio::frame(start.to_string().as_bytes());
    session.extend(stdio::frame(ready.to_string().as_bytes()));
    session.extend_from_slice(input);
    let (input, output, collect) = stdio::Stdio::in_memory(&session);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
    runtime.block_on(async {
        let (service, socket) = LspService::build(|client| server::Server::new(client, Arc::new(AtomicBool::new(false))))
            .custom_method("journey/render", server::Server::render)
            .finish();
        tower_lsp_server::Server::new(input, output, socket).concurrency_level(1).serve(service).await;
    });
    // Waits for a compilation still running on the blocking pool; drops the rest.
    runtime.shutdown_timeout(Duration::from_secs(10));
    collect()
}

/// Serves the protocol on stdin/stdout until the client says `exit` or closes stdin.
pub fn run_stdio() -> std::io::Result<Ended> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
    let (input, output, finish) = stdio::Stdio::start()?.split();
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shut_down);
    runtime.block_on(async {
        let (service, socket) = LspService::build(move |client| server::Server::new(client, Arc::clone(&flag)))
            .custom_method("journey/render", server::Server::render)
            .finish();
        // One message at a time: changes are applied in the order they were
        // sent (tower-lsp#284), and handlers are quick; compiling happens on
        // the blocking pool.
        tower_lsp_server::Server::new(input, output, socket).concurrency_level(1).serve(service).await;
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    finish.finish();
    Ok(if shut_down.load(Ordering::SeqCst) { Ended::Cleanly } else { Ended::WithoutShutdown })
}
