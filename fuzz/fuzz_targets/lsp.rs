//! A client's raw bytes (framed JSON-RPC) to an in-process language server.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| journey_fuzz::lsp_session(data));
