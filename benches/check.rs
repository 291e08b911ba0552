//! `cargo bench --bench check`: check + JSON for generated journeys of 100,
//! 1,000 and 10,000 steps, the way `journey build --format json` does it:
//! load and parse, resolve and check, build the model, write the JSON text.
//! Prints the median and the best of several runs (the VM this runs on
//! swings by a quarter from minute to minute; the best run is the code's own
//! cost), the time per step (which should stay flat as the journey grows:
//! linear time) and where the time goes.
//!
//! Target (docs/performance.md): 1,000 steps in under 40 ms on the 2-core
//! reference machine, and the time per step flat (linear cost). 10,000 steps
//! is far beyond any real map; it is there to show the growth.

mod common;

use journey_compiler::config::Config;
use journey_compiler::source::MemoryLoader;
use journey_compiler::workspace::Workspace;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The same allocator as the `journey` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What one run took, phase by phase.
#[derive(Clone, Copy, Default)]
struct Phases {
    parse: Duration,
    check: Duration,
    model: Duration,
    json: Duration,
    /// Freeing everything afterwards. The `journey` binary skips this (it
    /// exits instead), so it is reported but not counted.
    free: Duration,
}

impl Phases {
    fn total(&self) -> Duration {
        self.parse + self.check + self.model + self.json
    }
}

fn check_and_serialise(text: &str) -> Phases {
    let loader = MemoryLoader::new().with("bench.journey", text.as_bytes().to_vec());
    let roots = [PathBuf::from("bench.journey")];
    let start = Instant::now();
    let workspace = Workspace::load(&roots, &loader);
    let parsed = Instant::now();
    let build = journey_compiler::check_build(&workspace, workspace.builds().remove(0), &Config::default());
    let checked = Instant::now();
    assert!(!build.has_errors(), "the generated journey is valid");
    let model = build.model(&workspace);
    let modelled = Instant::now();
    let json = journey_compiler::render::json::json(&model);
    let written = Instant::now();
    std::hint::black_box(json.len());
    drop((json, model, build, workspace));
    Phases { parse: parsed - start, check: checked - parsed, model: modelled - checked, json: written - modelled, free: written.elapsed() }
}

fn median(runs: &[Phases], of: impl Fn(&Phases) -> Duration) -> f64 {
    let mut times: Vec<Duration> = runs.iter().map(of).collect();
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    println!("check + JSON, median and best of runs (release build); per step and phases from the median");
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} | {:>7} {:>7} {:>7} {:>7} | {:>7}",
        "steps", "bytes", "median", "best", "per step", "parse", "check", "model", "json", "(free)"
    );
    for steps in [100, 1_000, 10_000] {
        let text = common::generate(steps, common::Shape::Check);
        if let Some(dir) = std::env::var_os("JOURNEY_BENCH_DUMP") {
            std::fs::write(PathBuf::from(dir).join(format!("bench-{steps}.journey")), &text).expect("writable dump folder");
        }
        let runs = if steps <= 1_000 { 30 } else { 15 };
        check_and_serialise(&text); // warm-up
        let runs: Vec<Phases> = (0..runs).map(|_| check_and_serialise(std::hint::black_box(&text))).collect();
        let time = median(&runs, Phases::total);
        let best = runs.iter().map(Phases::total).min().unwrap_or_default().as_secs_f64() * 1e3;
        println!(
            "{steps:>8} {:>10} {time:>7.2} ms {best:>7.2} ms {:>7.2} µs | {:>7.2} {:>7.2} {:>7.2} {:>7.2} | {:>7.2}",
            text.len(),
            time * 1e3 / steps as f64,
            median(&runs, |p| p.parse),
            median(&runs, |p| p.check),
            median(&runs, |p| p.model),
            median(&runs, |p| p.json),
            median(&runs, |p| p.free),
        );
    }
}
