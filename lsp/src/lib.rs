//! The Journey language server: diagnostics, hover, go to definition, find
//! references, rename, completion, outline, workspace symbols, folding,
//! semantic tokens, formatting, quick fixes and a live SVG preview
//! (`journey/render`), across every file joined by `use`.
//!
//! A library: `journey lsp` calls [`run_stdio`]. Stdout is the protocol, so
//! nothing else may print there; logs go to stderr.
//!
//! ```text
//! stdin ─stdio (frames checked)─▶ tower-lsp-server ─▶ server.rs ─▶ handlers/*
//!                                   (one message         │            ▲
//!                                    at a time)          ▼            │
//!                                               state.rs ─▶ analysis.rs (compile,
//!                                               (buffers,    debounce, publish)
//!                                                root)
//! ```

#![deny(clippy::print_stdout)]

mod analysis;
mod convert;
mod handlers;
mod query;
mod server;
mod state;
mod stdio;

use std::time::Duration;
use tower_lsp_server::LspService;

/// Serves the protocol on stdin/stdout until the client says `exit` or closes stdin.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
    let (input, output, finish) = stdio::Stdio::start()?.split();
    runtime.block_on(async {
        let (service, socket) = LspService::build(server::Server::new).custom_method("journey/render", server::Server::render).finish();
        // One message at a time: changes are applied in the order they were
        // sent (tower-lsp#284), and handlers are quick; compiling happens on
        // the blocking pool.
        tower_lsp_server::Server::new(input, output, socket).concurrency_level(1).serve(service).await;
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    finish.finish();
    Ok(())
}
