//! `cargo bench --bench svg`: from source text to SVG (check, model,
//! layout, SVG writer) for generated journeys of 10, 100 and 1,000 steps.
//! Prints the median of several runs, the share spent in layout and SVG,
//! and the time per step, which should stay flat as the journey grows.

use journey_compiler::config::Config;
use journey_compiler::layout::{layout, Options};
use journey_compiler::render::svg;

/// The same allocator as the `journey` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use journey_compiler::source::MemoryLoader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A realistic journey: every step has a channel, a touchpoint, an
/// emotion and text lanes; every fifth a pain point with an opportunity,
/// every seventh blueprint lanes; stage KPIs with units and journey KPIs.
pub fn generate(steps: usize) -> String {
    let mut out = String::from(
        "persona maya \"Maya, busy parent\" {\n  goal \"Finish quickly\"\n  need \"Delivery slots after 6pm\"\n  frustration \"Surprise fees at checkout\"\n  quote \"If it doesn't work on my phone, I'm gone.\"\n}\n\nchannel web \"Website\" { type digital }\nchannel app \"App\" { type digital }\nchannel phone \"Phone\" { type human }\n\nteam product \"Product\"\n\njourney big \"A long journey\" {\n  persona maya\n  goal \"Get it done\"\n  state as-is\n",
    );
    let per_stage = 5;
    let mut step = 0;
    let mut stage = 0;
    while step < steps {
        out.push_str(&format!("\n  stage stage_{stage} \"Stage {stage}\" {{\n"));
        for _ in 0..per_stage.min(steps - step) {
            let channel = ["web", "app", "phone"][step % 3];
            let feeling = ["curious", "happy", "unsure", "frustrated", "relieved"][step % 5];
            out.push_str(&format!(
                "    step step_{step} \"Does thing number {step}\" {{\n      channel {channel}\n      touchpoint \"Screen {step}\"\n      does \"Taps through to the next screen and reads the small print\"\n      thinks \"Is this the right place?\"\n      feels {feeling}\n"
            ));
            if step % 5 == 3 {
                out.push_str("      pain \"The button is hard to find\"\n      opportunity \"Make the button bigger\" { owner product; impact high; effort low }\n");
            }
            if step % 7 == 0 {
                out.push_str("      frontstage \"Agent answers in chat\"\n      backstage \"Order service reserves stock\"\n      support \"Inventory system\"\n");
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

fn main() {
    println!("source → SVG (check, model, layout, SVG), median of runs (release build)");
    println!("{:>8} {:>10} {:>12} {:>14} {:>14}", "steps", "SVG bytes", "total", "layout + SVG", "per step");
    for steps in [10, 100, 1_000] {
        let text = generate(steps);
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
