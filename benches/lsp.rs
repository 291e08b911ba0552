//! `cargo bench --bench lsp`: the language server as an editor feels it.
//! Starts the real `journey lsp` (optimised build) and speaks JSON-RPC to it
//! over stdio, timing from the moment a message is written:
//!
//! - edit → diagnostics published (a one-character change, then the
//!   `publishDiagnostics` of that version), for `examples/grocery.journey`
//!   and for a generated 2,000-step journey (real maps have 10–300 steps);
//! - hover and completion on a settled document.
//!
//! Prints the median and the slowest of N runs. Targets: edit →
//! diagnostics < 20 ms (grocery) and < 150 ms (2,000 steps); hover and
//! completion < 20 ms. A benchmark, not a timed test: it reports, it does
//! not fail on a slow machine.

mod common;

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use lsp_client::{find, uri, Client};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 25;

struct Stats {
    median: Duration,
    max: Duration,
}

fn stats(mut times: Vec<Duration>) -> Stats {
    times.sort();
    Stats { median: times[times.len() / 2], max: *times.last().expect("runs") }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Times edit → publishDiagnostics of the edited version. Each edit comes
/// after a quiet period, as one keystroke after a pause does.
fn edit_to_diagnostics(client: &mut Client, doc: &str, text: &str, anchor: &str) -> Stats {
    let position = find(text, anchor, 0, 0);
    let mut times = Vec::new();
    for run in 0..RUNS {
        std::thread::sleep(Duration::from_millis(120));
        let version = 2 + run as i64;
        // Alternately insert and delete one character.
        let (range, new_text) = if run % 2 == 0 {
            (json!({ "start": position, "end": position }), "x")
        } else {
            let mut end = position.clone();
            end["character"] = json!(position["character"].as_i64().expect("character") + 1);
            (json!({ "start": position, "end": end }), "")
        };
        let started = Instant::now();
        client.edit(doc, version, range, new_text);
        client.diagnostics_for_version(doc, version);
        times.push(started.elapsed());
    }
    stats(times)
}

fn request_times(client: &mut Client, method: &str, params: Value) -> Stats {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let response = client.request(method, params.clone());
        times.push(started.elapsed());
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
    stats(times)
}

struct Row {
    what: String,
    stats: Stats,
    target: Duration,
}

fn main() {
    // Built with the bench profile (optimised), like the release binary.
    let binary = env!("CARGO_BIN_EXE_journey");
    let dir = std::env::temp_dir().join(format!("journey-lsp-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let grocery_text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grocery.journey")).expect("example");
    std::fs::write(dir.join("grocery.journey"), &grocery_text).expect("writable");
    let big_text = common::generate(2_000, common::Shape::Check);
    std::fs::write(dir.join("big.journey"), &big_text).expect("writable");

    let mut rows = Vec::new();
    let mut client = Client::start(binary, &dir);

    let grocery = uri(&dir.join("grocery.journey"));
    client.open(&grocery, &grocery_text);
    client.diagnostics_for_version(&grocery, 1);
    rows.push(Row {
        what: "edit → diagnostics, grocery (3 KB)".into(),
        stats: edit_to_diagnostics(&mut client, &grocery, &grocery_text, "Checks out"),
        target: Duration::from_millis(20),
    });
    rows.push(Row {
        what: "hover, grocery".into(),
        stats: request_times(
            &mut client,
            "textDocument/hover",
            json!({ "textDocument": { "uri": grocery }, "position": find(&grocery_text, "kpi checkout_abandonment", 0, 5) }),
        ),
        target: Duration::from_millis(20),
    });
    rows.push(Row {
        what: "completion after `channel `, grocery".into(),
        stats: request_times(
            &mut client,
            "textDocument/completion",
            json!({ "textDocument": { "uri": grocery }, "position": find(&grocery_text, "channel web, email", 0, 8) }),
        ),
        target: Duration::from_millis(20),
    });
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": grocery } }));

    let big = uri(&dir.join("big.journey"));
    client.open(&big, &big_text);
    client.diagnostics_for_version(&big, 1);
    let kb = big_text.len() / 1024;
    rows.push(Row {
        what: format!("edit → diagnostics, 2,000 steps ({kb} KB)"),
        stats: edit_to_diagnostics(&mut client, &big, &big_text, "Does thing number 1000\""),
        target: Duration::from_millis(150),
    });
    rows.push(Row {
        what: "hover, 2,000 steps".into(),
        stats: request_times(
            &mut client,
            "textDocument/hover",
            json!({ "textDocument": { "uri": big }, "position": find(&big_text, "step step_1500 ", 0, 6) }),
        ),
        target: Duration::from_millis(20),
    });
    rows.push(Row {
        what: "completion after `channel `, 2,000 steps".into(),
        stats: request_times(
            &mut client,
            "textDocument/completion",
            json!({ "textDocument": { "uri": big }, "position": find(&big_text, "channel app", 300, 8) }),
        ),
        target: Duration::from_millis(20),
    });
    assert!(client.shutdown().success());
    let _ = std::fs::remove_dir_all(&dir);

    println!("journey lsp (optimised build), median and slowest of {RUNS} runs, over stdio:\n");
    println!("| {:<44} | {:>9} | {:>9} | {:>7} | {:<4} |", "what", "median", "slowest", "target", "");
    println!("|{:-<46}|{:->11}|{:->11}|{:->9}|{:-<6}|", "", "", "", "", "");
    for row in rows {
        let verdict = if row.stats.median < row.target { "ok" } else { "SLOW" };
        println!(
            "| {:<44} | {:>9} | {:>9} | {:>7} | {:<4} |",
            row.what,
            ms(row.stats.median),
            ms(row.stats.max),
            format!("< {} ms", row.target.as_millis()),
            verdict
        );
    }
}
