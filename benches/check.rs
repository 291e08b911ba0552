//! `cargo bench`: check + JSON for generated journeys of 100, 1,000 and
//! 10,000 steps. Prints the median of several runs and the time per step,
//! which should stay flat as the journey grows (linear time).
//!
//! Target (docs/performance.md): 10,000 steps in under 100 ms on the
//! 2-core reference machine.

use journey_compiler::config::Config;

/// The same allocator as the `journey` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use journey_compiler::source::MemoryLoader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A realistic journey: every step has a channel, an emotion, text lanes,
/// and every fifth a pain point with an opportunity; stage KPIs with units.
pub fn generate(steps: usize) -> String {
    let mut out = String::from(
        "persona maya \"Maya, busy parent\" {\n  goal \"Finish quickly\"\n}\n\nchannel web \"Website\" { type digital }\nchannel app \"App\" { type digital }\nchannel phone \"Phone\" { type human }\n\nteam product \"Product\"\n\njourney big \"A long journey\" {\n  persona maya\n  goal \"Get it done\"\n",
    );
    let per_stage = 20;
    let mut step = 0;
    let mut stage = 0;
    while step < steps {
        out.push_str(&format!("\n  stage stage_{stage} \"Stage {stage}\" {{\n"));
        for _ in 0..per_stage.min(steps - step) {
            let channel = ["web", "app", "phone"][step % 3];
            let feeling = ["curious", "happy", "unsure", "pleased", "relieved"][step % 5];
            out.push_str(&format!(
                "    step step_{step} \"Does thing number {step}\" {{\n      channel {channel}\n      touchpoint \"Screen {step}\"\n      does \"Taps through to the next screen\"\n      thinks \"Is this the right place?\"\n      feels {feeling}\n"
            ));
            if step % 5 == 2 {
                out.push_str("      pain \"The button is hard to find\"\n      opportunity \"Make the button bigger\" { owner product; impact high; effort low }\n");
            }
            out.push_str("    }\n");
            step += 1;
        }
        out.push_str(&format!("    kpi kpi_{stage} \"Completion of stage {stage}\" {{\n      target >= 80%\n      actual 76.5%\n      owner product\n    }}\n  }}\n"));
        stage += 1;
    }
    out.push_str("\n  kpi time \"Time to finish\" {\n    target <= 2h\n    actual 95min\n  }\n}\n");
    out
}

fn check_and_serialise(text: &str) -> usize {
    let loader = MemoryLoader::new().with("bench.journey", text.as_bytes().to_vec());
    let compilation = journey_compiler::compile(&[PathBuf::from("bench.journey")], &loader, &Config::default());
    let build = &compilation.builds[0];
    assert!(!build.has_errors(), "the generated journey is valid");
    serde_json::to_string_pretty(&build.model(&compilation.workspace)).expect("serialises").len()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    println!("check + JSON, median of runs (release build)");
    println!("{:>8} {:>10} {:>12} {:>14}", "steps", "bytes", "time", "per step");
    for steps in [100, 1_000, 10_000] {
        let text = generate(steps);
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
