//! `cargo bench`: check + JSON for generated journeys of 100, 1,000 and
//! 10,000 steps. Prints the median of several runs and the time per step,
//! which should stay flat as the journey grows (linear time).
//!
//! Target (docs/performance.md): 10,000 steps in under 100 ms on the
//! 2-core reference machine.

mod common;

use journey_compiler::config::Config;

/// The same allocator as the `journey` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use journey_compiler::source::MemoryLoader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn check_and_serialise(text: &str) -> usize {
    let loader = MemoryLoader::new().with("bench.journey", text.as_bytes().to_vec());
    let compilation = journey_compiler::compile(&[PathBuf::from("bench.journey")], &loader, &Config::default());
    let build = &compilation.builds[0];
    assert!(!build.has_errors(), "the generated journey is valid");
    journey_compiler::render::json::json(&build.model(&compilation.workspace)).len()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    println!("check + JSON, median of runs (release build)");
    println!("{:>8} {:>10} {:>12} {:>14}", "steps", "bytes", "time", "per step");
    for steps in [100, 1_000, 10_000] {
        let text = common::generate(steps, common::Shape::Check);
        if let Some(dir) = std::env::var_os("JOURNEY_BENCH_DUMP") {
            std::fs::write(PathBuf::from(dir).join(format!("bench-{steps}.journey")), &text).expect("writable dump folder");
        }
        let runs = if steps <= 1_000 { 30 } else { 9 };
        check_and_serialise(&text); // warm-up
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(check_and_serialise(std::hint::black_box(&text)));
                start.elapsed()
            })
            .collect();
        let time = median(times);
        println!("{steps:>8} {:>10} {:>9.2} ms {:>11.2} µs", text.len(), time.as_secs_f64() * 1e3, time.as_secs_f64() * 1e6 / steps as f64);
    }
}
