//! `cargo bench --bench hostile`: hostile inputs at the sizes issue 8 names,
//! through the optimised `journey` binary, as a CI run would meet them.
//!
//! | case                                                  | target  |
//! |-------------------------------------------------------|---------|
//! | `build --format svg,mermaid`, 100,000 personas        | < 5 s   |
//! | `journey/render` of 60,000 personas, then a hover     | < 3 s   |
//! | the human report of an error on a 16 MiB line         | < 0.5 s |
//! | `--format png` of 10,000 steps, refused               | before layout |
//!
//! It prints each figure beside its target, best and median of a few runs,
//! and how the time grows (a quarter of the size, then the whole: linear is
//! about ×4). A benchmark, not a timed test: it reports, it does not fail.

mod common;

#[path = "../tests/common/mod.rs"]
mod test_common;
use test_common::many_personas;

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const JOURNEY: &str = env!("CARGO_BIN_EXE_journey");
const RUNS: usize = 5;

/// Best and median wall time of `journey ARGS` in `dir`.
fn time(dir: &Path, args: &[&str]) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let status =
                Command::new(JOURNEY).args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).status().expect("runs");
            assert!(status.code().is_some(), "journey {args:?} died");
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[RUNS / 2])
}

fn row(what: &str, (best, median): (Duration, Duration), target: &str, growth: Option<f64>) {
    let growth = growth.map_or_else(String::new, |g| format!("  ×{g:.1} from a quarter"));
    println!("{what:<58} best {:>8.3} s  median {:>8.3} s  target {target}{growth}", best.as_secs_f64(), median.as_secs_f64());
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("journey-bench-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn main() {
    println!("hostile inputs, release build, best and median of {RUNS} runs");

    let dir = scratch("personas");
    std::fs::write(dir.join("quarter.journey"), many_personas(25_000)).unwrap();
    std::fs::write(dir.join("many.journey"), many_personas(100_000)).unwrap();
    let args = |file: &'static str| ["build", file, "--format", "svg,mermaid", "-o", "out", "-q"];
    let quarter = time(&dir, &args("quarter.journey"));
    let whole = time(&dir, &args("many.journey"));
    row("build --format svg,mermaid, 100,000 personas", whole, "< 5 s", Some(whole.1.as_secs_f64() / quarter.1.as_secs_f64()));

    let dir = scratch("long-line");
    let line = |bytes: usize| format!("team a \"{}\" @@\n", "x".repeat(bytes - 20));
    std::fs::write(dir.join("quarter.journey"), line(4 * 1024 * 1024)).unwrap();
    std::fs::write(dir.join("long.journey"), line(16 * 1024 * 1024)).unwrap();
    let human_quarter = time(&dir, &["check", "quarter.journey"]);
    let human = time(&dir, &["check", "long.journey"]);
    let json = time(&dir, &["check", "long.journey", "--message-format", "json"]);
    row("check, an error on a 16 MiB line, human report", human, "< 0.5 s", Some(human.1.as_secs_f64() / human_quarter.1.as_secs_f64()));
    row("  the same, JSON report (reading and checking alone)", json, "", None);

    let dir = scratch("png");
    std::fs::write(dir.join("long.journey"), common::generate(10_000, common::Shape::Diagram)).unwrap();
    let refused = time(&dir, &["build", "long.journey", "--format", "png", "-o", "out"]);
    let checked = time(&dir, &["check", "long.journey"]);
    row("build --format png, 10,000 steps (refused)", refused, "≈ check alone", None);
    row("  check alone, 10,000 steps", checked, "", None);

    let dir = scratch("lsp");
    let text = many_personas(60_000);
    let path = dir.join("many.journey");
    std::fs::write(&path, &text).unwrap();
    let doc = lsp_client::uri(&path);
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let mut client = lsp_client::Client::start(JOURNEY, &dir);
        client.open(&doc, &text);
        let started = Instant::now();
        client.request_ok("journey/render", json!({ "uri": doc, "theme": "light" }));
        let render = started.elapsed();
        client.request_ok("textDocument/hover", json!({ "textDocument": { "uri": doc }, "position": { "line": 59_999, "character": 9 } }));
        times.push((render, started.elapsed()));
        client.shutdown();
    }
    times.sort();
    let (render, both) = times[RUNS / 2];
    println!(
        "{:<58} render {:>8.3} s  and a hover  {:>8.3} s  target < 3 s (median)",
        "language server, journey/render of 60,000 personas",
        render.as_secs_f64(),
        both.as_secs_f64()
    );
}
