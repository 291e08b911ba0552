//! `cargo bench --bench svg`: from source text to SVG (check, model,
//! layout, SVG writer) for generated journeys of 10, 100 and 1,000 steps.
//! Prints the median of several runs, the share spent in layout and SVG,
//! and the time per step, which should stay flat as the journey grows; then
//! the same for a journey of two actors in swimlanes, with a decision every
//! third step and a loop back every seventh (the flow lane, two curves).

mod common;

use journey_compiler::config::Config;
use journey_compiler::layout::{layout, Options};
use journey_compiler::render::svg;

/// The same allocator as the `journey` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use journey_compiler::source::MemoryLoader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Check and model (untimed here), then the layout and SVG of the journey.
fn build(text: &str) -> journey_compiler::ir::Model {
    let loader = MemoryLoader::new().with("bench.journey", text.as_bytes().to_vec());
    let compilation = journey_compiler::compile(&[PathBuf::from("bench.journey")], &loader, &Config::default());
    let build = &compilation.builds[0];
    assert!(!build.has_errors(), "the generated journey is valid");
    build.model(&compilation.workspace)
}

fn render(model: &journey_compiler::ir::Model) -> usize {
    svg(&layout(model, &model.journeys[0], &Options::default())).len()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Two personas, each step one's alone, a decision every third step
/// (two outcomes) and a loop back every seventh.
fn actors(steps: usize) -> String {
    let mut text = String::from("persona p \"P\"\npersona q \"Q\"\nchannel web \"Web\"\njourney j \"J\" {\n  persona p, q\n");
    for stage in 0..steps.div_ceil(10) {
        text.push_str(&format!("  stage s{stage} \"Stage {stage}\" {{\n"));
        for i in stage * 10..(stage * 10 + 10).min(steps) {
            let next = if i % 7 == 0 && i > 3 && i + 1 < steps {
                format!("; next st{}, st{} \"Again\"", i + 1, i - 3)
            } else if i % 3 == 0 && i + 2 < steps {
                format!("; next st{} \"Yes\", st{} \"No\"", i + 2, i + 1)
            } else {
                String::new()
            };
            let who = if i % 2 == 0 { "p" } else { "q" };
            text.push_str(&format!("    step st{i} \"Step {i}\" {{ channel web; persona {who}; feels happy{next} }}\n"));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    text
}

fn main() {
    for (title, make) in [
        (
            "source → SVG (check, model, layout, SVG), median of runs (release build)",
            (|n| common::generate(n, common::Shape::Diagram)) as fn(usize) -> String,
        ),
        ("two actors, decisions and loops: source → SVG", actors as fn(usize) -> String),
    ] {
        table(title, make);
    }
}

fn table(title: &str, make: fn(usize) -> String) {
    println!("{title}");
    println!("{:>8} {:>10} {:>12} {:>14} {:>14}", "steps", "SVG bytes", "total", "layout + SVG", "per step");
    for steps in [10, 100, 1_000] {
        let text = make(steps);
        if let Some(dir) = std::env::var_os("JOURNEY_BENCH_DUMP") {
            let model = build(&text);
            let svg = svg(&layout(&model, &model.journeys[0], &Options::default()));
            std::fs::write(PathBuf::from(dir).join(format!("bench-{steps}.svg")), svg).expect("writable dump folder");
        }
        let runs = if steps <= 100 { 30 } else { 11 };
        let bytes = render(&build(&text)); // warm-up
        let mut totals = Vec::new();
        let mut renders = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let model = build(std::hint::black_box(&text));
            let middle = Instant::now();
            std::hint::black_box(render(std::hint::black_box(&model)));
            renders.push(middle.elapsed());
            totals.push(start.elapsed());
        }
        let (total, render) = (median(totals), median(renders));
        println!(
            "{steps:>8} {bytes:>10} {:>9.2} ms {:>11.2} ms {:>11.2} µs",
            total.as_secs_f64() * 1e3,
            render.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e6 / steps as f64
        );
    }
}
