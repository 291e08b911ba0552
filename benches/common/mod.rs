//! What the benchmarks share: a generator of realistic journeys.
//!
//! Every step has a channel, a touchpoint, `does`, `thinks` and `feels`;
//! every fifth a pain point with an opportunity; each stage a KPI with units,
//! and the journey a duration KPI — about 240 bytes per step, like the
//! examples. [`Shape::Diagram`] adds what only a drawing needs to exercise:
//! a fuller persona card, a negative emotion, blueprint lanes every seventh
//! step, and short stages so there are many stage bands.

/// Which variant of the generated journey.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each bench uses one of them
pub enum Shape {
    /// 20 steps a stage (the check and language-server benches).
    Check,
    /// 5 steps a stage, blueprint lanes, a full persona (the SVG bench).
    Diagram,
}

/// A valid journey of `steps` steps.
pub fn generate(steps: usize, shape: Shape) -> String {
    let diagram = shape == Shape::Diagram;
    let persona = if diagram {
        "persona maya \"Maya, busy parent\" {\n  goal \"Finish quickly\"\n  need \"Delivery slots after 6pm\"\n  frustration \"Surprise fees at checkout\"\n  quote \"If it doesn't work on my phone, I'm gone.\"\n}\n"
    } else {
        "persona maya \"Maya, busy parent\" {\n  goal \"Finish quickly\"\n}\n"
    };
    let mut out = format!(
        "{persona}\nchannel web \"Website\" {{ type digital }}\nchannel app \"App\" {{ type digital }}\nchannel phone \"Phone\" {{ type human }}\n\nteam product \"Product\"\n\njourney big \"A long journey\" {{\n  persona maya\n  goal \"Get it done\"\n{}",
        if diagram { "  state as-is\n" } else { "" }
    );
    let per_stage = if diagram { 5 } else { 20 };
    let feelings = if diagram {
        ["curious", "happy", "unsure", "frustrated", "relieved"]
    } else {
        ["curious", "happy", "unsure", "pleased", "relieved"]
    };
    let (pain_at, does) =
        if diagram { (3, "Taps through to the next screen and reads the small print") } else { (2, "Taps through to the next screen") };
    let mut step = 0;
    let mut stage = 0;
    while step < steps {
        out.push_str(&format!("\n  stage stage_{stage} \"Stage {stage}\" {{\n"));
        for _ in 0..per_stage.min(steps - step) {
            let channel = ["web", "app", "phone"][step % 3];
            let feeling = feelings[step % 5];
            out.push_str(&format!(
                "    step step_{step} \"Does thing number {step}\" {{\n      channel {channel}\n      touchpoint \"Screen {step}\"\n      does \"{does}\"\n      thinks \"Is this the right place?\"\n      feels {feeling}\n"
            ));
            if step % 5 == pain_at {
                out.push_str("      pain \"The button is hard to find\"\n      opportunity \"Make the button bigger\" { owner product; impact high; effort low }\n");
            }
            if diagram && step % 7 == 0 {
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
