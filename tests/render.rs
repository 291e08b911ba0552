//! Diagrams through the command line: golden SVG and Mermaid files for every
//! example (accept changes on purpose with `JOURNEY_ACCEPT=1 cargo test
//! --test render`), identical bytes on every run for every format, and what
//! the PNG and HTML pages promise.

mod common;
use common::*;

/// Every example build and the journeys it draws.
const EXAMPLES: &[(&str, &[&str])] = &[
    ("examples/grocery.journey", &["first_order"]),
    ("examples/data-sharing.journey", &["data_sharing"]),
    ("examples/hospital.journey", &["knee_surgery"]),
    ("examples/farm-loan.journey", &["farm_loan"]),
    ("examples/employee-onboarding.journey", &["first_90_days"]),
    ("examples/saas", &["onboarding", "renewal"]),
];

fn build(path: &str, out: &Scratch, extra: &[&str]) {
    let mut args = vec!["build", path, "-o", out.str(), "-q"];
    args.extend_from_slice(extra);
    let output = journey(&args);
    assert_eq!(output.status.code(), Some(0), "journey {args:?}:\n{}", stderr(&output));
}

#[test]
fn every_example_matches_its_golden_svg_and_mermaid() {
    let accept = std::env::var_os("JOURNEY_ACCEPT").is_some();
    let golden = root().join("tests/golden");
    let mut stale = Vec::new();
    for (path, journeys) in EXAMPLES {
        let out = Scratch::new("golden");
        build(path, &out, &["--format", "svg,mermaid"]);
        for journey in *journeys {
            for extension in ["svg", "mmd"] {
                let name = format!("{journey}.{extension}");
                let actual = out.read(&name);
                let expected_path = golden.join(&name);
                if accept {
                    std::fs::create_dir_all(&golden).unwrap();
                    std::fs::write(&expected_path, &actual).unwrap();
                    continue;
                }
                let expected = std::fs::read(&expected_path).unwrap_or_default();
                if expected != actual {
                    stale.push(name);
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "these outputs differ from tests/golden/: {stale:?}\nlook at them, then accept on purpose with `JOURNEY_ACCEPT=1 cargo test --test render`"
    );
}

#[test]
fn every_example_builds_to_every_format_with_identical_bytes_on_every_run() {
    for (path, journeys) in EXAMPLES {
        let (first, second) = (Scratch::new("det-1"), Scratch::new("det-2"));
        for out in [&first, &second] {
            build(path, out, &["--format", "svg,png,html,mermaid,json"]);
        }
        for journey in *journeys {
            for extension in ["svg", "png", "html", "mmd"] {
                let name = format!("{journey}.{extension}");
                let bytes = first.read(&name);
                assert!(!bytes.is_empty(), "{path}: {name} is empty");
                assert!(bytes == second.read(&name), "{path}: {name} differs between two runs");
            }
        }
    }
}

/// PNG width and height from the IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (width, height)
}

/// Where a text's line is drawn: (x, baseline y, font size), from the SVG.
fn text_place(svg: &str, wanted: &str) -> (f32, f32, f32) {
    let document = roxmltree::Document::parse(svg).unwrap();
    let tspan = document.descendants().find(|n| n.has_tag_name("tspan") && n.text() == Some(wanted)).expect("the text is drawn");
    let number = |node: roxmltree::Node, name: &str| node.attribute(name).unwrap().parse::<f32>().unwrap();
    (number(tspan, "x"), number(tspan, "y"), number(tspan.parent().unwrap(), "font-size"))
}

/// Pixels in a box of the picture: (dark ones, strongly coloured ones).
fn ink(png: &[u8], (x, y, w, h): (f32, f32, f32, f32)) -> (usize, usize) {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
    let (mut dark, mut coloured) = (0, 0);
    for py in y.max(0.0) as u32..((y + h) as u32).min(pixmap.height()) {
        for px in x.max(0.0) as u32..((x + w) as u32).min(pixmap.width()) {
            let p = pixmap.pixel(px, py).unwrap().demultiply();
            let (r, g, b) = (i32::from(p.red()), i32::from(p.green()), i32::from(p.blue()));
            if r + g + b < 450 {
                dark += 1;
            }
            if r.max(g).max(b) - r.min(g).min(b) > 120 {
                coloured += 1;
            }
        }
    }
    (dark, coloured)
}

/// Chinese, Japanese, Korean and emoji in a PNG: with `--fonts system`
/// (tests/run-all.sh installs Debian's fonts-wqy-microhei and
/// fonts-noto-color-emoji) their glyphs are drawn, the emoji in colour;
/// with Journey's own fonts the build says which characters it can't draw.
#[test]
fn png_draws_cjk_and_emoji_with_system_fonts_or_says_it_cant() {
    let fixture = "tests/fixtures/render/cjk-emoji.journey";
    let (system, embedded) = (Scratch::new("png-system"), Scratch::new("png-embedded"));
    let drawn = journey(&["build", fixture, "--format", "png,svg", "--fonts", "system", "-o", system.str()]);
    assert_eq!(drawn.status.code(), Some(0), "{}", stderr(&drawn));
    assert!(
        !stderr(&drawn).contains("W0007"),
        "no font for some characters on this machine; tests/run-all.sh installs fonts-wqy-microhei and fonts-noto-color-emoji:\n{}",
        stderr(&drawn)
    );
    let svg = String::from_utf8(system.read("order.svg")).unwrap();
    let png = system.read("order.png");
    // "速い" and then "🎉": the CJK glyphs leave dark ink, the emoji colour.
    let (x, y, size) = text_place(&svg, "速い 🎉");
    let (dark, _) = ink(&png, (x, y - size, 2.0 * size, 1.3 * size));
    let (_, coloured) = ink(&png, (x + 2.2 * size, y - size, 1.6 * size, 1.3 * size));
    assert!(dark > 60, "the CJK glyphs are drawn ({dark} dark pixels)");
    assert!(coloured > 20, "the emoji is drawn in colour ({coloured} coloured pixels)");

    let warned = journey(&["build", fixture, "--format", "png", "-o", embedded.str()]);
    assert_eq!(warned.status.code(), Some(0), "a warning, not an error");
    let report = stderr(&warned);
    for c in ["美 (U+7F8E)", "購 (U+8CFC)", "구 (U+AD6C)", "🎉 (U+1F389)"] {
        assert!(report.contains(c), "W0007 names {c}: {report}");
    }
    assert!(report.contains("warning[W0007]") && report.contains("cjk-emoji.journey:3:"), "at the first such character: {report}");
    let without = embedded.read("order.png");
    let (dark_without, _) = ink(&without, (x, y - size, 2.0 * size, 1.3 * size));
    let (_, coloured) = ink(&without, (x + 2.2 * size, y - size, 1.6 * size, 1.3 * size));
    assert!(
        dark_without < dark / 2,
        "without the system's fonts the glyphs are missing ({dark_without} dark pixels), and the build said so"
    );
    assert_eq!(coloured, 0, "without the system's fonts no emoji is drawn");
    let denied = Scratch::new("png-denied");
    let output = journey(&["build", fixture, "--format", "png", "--deny", "warnings", "-o", denied.str()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(denied.entries().is_empty(), "nothing written when the warning is denied");
}

#[test]
fn png_is_drawn_in_process_and_scales() {
    let (one, two) = (Scratch::new("png-1"), Scratch::new("png-2"));
    build("examples/grocery.journey", &one, &["--format", "png,svg"]);
    build("examples/grocery.journey", &two, &["--format", "png", "--scale", "2"]);
    let (w1, h1) = png_size(&one.read("first_order.png"));
    let (w2, h2) = png_size(&two.read("first_order.png"));
    assert!(w1 > 800 && h1 > 400, "a readable picture: {w1}×{h1}");
    assert!(w2.abs_diff(2 * w1) <= 1 && h2.abs_diff(2 * h1) <= 1, "--scale 2 doubles {w1}×{h1}, got {w2}×{h2}");
    let svg = String::from_utf8(one.read("first_order.svg")).unwrap();
    let view_box = svg.split("viewBox=\"").nth(1).unwrap().split('"').next().unwrap();
    let width: f64 = view_box.split(' ').nth(2).unwrap().parse().unwrap();
    assert!((f64::from(w1) - width).abs() <= 1.0, "the PNG is as wide as the SVG's viewBox");
    let output = journey(&["build", "examples/grocery.journey", "--format", "png", "--scale", "0", "-o", one.str()]);
    assert_eq!(output.status.code(), Some(2), "--scale 0 is a usage error");
}

#[test]
fn html_page_is_self_contained() {
    let out = Scratch::new("html");
    build("examples/grocery.journey", &out, &["--format", "html"]);
    let page = String::from_utf8(out.read("first_order.html")).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("<svg") && page.contains("</svg>"), "the diagram is inline");
    for kpi in ["Visitor-to-sign-up rate", "Checkout abandonment", "Net Promoter Score"] {
        assert!(page.contains(kpi), "the KPI table lists {kpi}");
    }
    // The map shows the title, the goal and the persona; the page around it doesn't say them again.
    let (start, end) = (page.find("<svg").unwrap(), page.find("</svg>").unwrap());
    let (map, around) = (&page[start..end], format!("{}{}", &page[..start], &page[end..]));
    assert!(map.contains("Maya, busy parent") && map.contains("Place a first order"), "the map has the persona and the goal");
    for said in ["Maya, busy parent", "Place a first order", "Get the weekly shop"] {
        assert!(!around.contains(said), "the page repeats {said:?} outside the map");
    }
    assert_eq!(around.matches("First grocery order").count(), 2, "the title: <title> and a visually hidden <h1>");
    assert!(page.contains(".diagram svg { display: block; width: 100%; height: auto; }"), "the map fits the window's width");
    let lower = page.to_lowercase();
    for external in ["<script", "src=\"http", "href=\"http", "@import", "url(http", "<link"] {
        assert!(!lower.contains(external), "no external requests or scripts: found {external}");
    }
    assert!(lower.contains("content-security-policy"), "a CSP forbids loading anything");
}

/// `--theme auto`: the SVG and the page around it both follow the reader's
/// preference; the PNG of the same build is the light picture.
#[test]
fn auto_theme_pages_carry_both_themes() {
    let out = Scratch::new("auto");
    build("examples/grocery.journey", &out, &["--format", "svg,html,png", "--theme", "auto"]);
    let svg = String::from_utf8(out.read("first_order.svg")).unwrap();
    assert!(svg.contains("@media (prefers-color-scheme: dark)") && svg.contains("[data-md-color-scheme=slate]"), "both themes in one SVG");
    assert!(svg.contains("fill=\"#f8fafc\""), "drawn light where nothing says dark");
    let page = String::from_utf8(out.read("first_order.html")).unwrap();
    assert!(page.contains("<meta name=\"color-scheme\" content=\"light dark\">"));
    assert_eq!(page.matches("@media (prefers-color-scheme: dark)").count(), 2, "the page's colours and the map's");
    let light = Scratch::new("auto-light");
    build("examples/grocery.journey", &light, &["--format", "png"]);
    assert!(out.read("first_order.png") == light.read("first_order.png"), "a PNG has one theme: auto draws the light one");
}

/// The page lists the moments that matter in order, and every
/// opportunity (journey, stage and step) as a backlog, highest impact first.
#[test]
fn html_page_lists_moments_and_the_backlog() {
    let out = Scratch::new("html-backlog");
    build("examples/farm-loan.journey", &out, &["--format", "html"]);
    let page = String::from_utf8(out.read("farm_loan.html")).unwrap();
    let moments = &page[page.find("<section class=\"moments\">").expect("a moments section")..];
    let (truth, decision) = (moments.find("Moment of truth").unwrap(), moments.find("The decision").unwrap());
    assert!(truth < decision, "in the order they happen");
    let backlog = &page[page.find("<section class=\"backlog\">").expect("a backlog section")..];
    let rows: Vec<&str> = backlog.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 4, "two of the journey, one of a stage, one of a step: {rows:?}");
    let impact_of = |row: &str| row.split("<td>").nth(3).unwrap_or("").trim_end_matches("</td>").to_string();
    assert!(rows[0].contains("One checklist of documents") && rows[0].contains("Whole journey"));
    assert!(rows.iter().all(|r| impact_of(r) == "high"), "{rows:?}");
    assert!(backlog.contains("Fill the figures in once") && backlog.contains("Getting ready · Gathers tax returns"));
    assert!(rows[1].contains("Give every file a decision date") && rows[1].contains("<td>Review</td>"), "high impact, low effort next");
}

#[test]
fn hostile_labels_are_escaped_in_every_text_format() {
    let dir = Scratch::new("hostile");
    let source = "persona p \"<script>alert(1)</script>\"\nchannel web \"javascript:alert(1)\"\n\
        journey j \"Title ]]> & \\\"quoted\\\" onload=alert(1)\" {\n  persona p\n  stage s \"<img src=x onerror=alert(1)>\" {\n\
        step a \"a: b; c # d, e \\u{1} <b>\" { channel web; feels happy; does \"<![CDATA[ x ]]>\" }\n  }\n}\n";
    std::fs::write(dir.0.join("hostile.journey"), source).unwrap();
    let out = Scratch::new("hostile-out");
    let output = journey_in(&dir.0, &["build", "hostile.journey", "--format", "svg,html,mermaid", "-o", out.str(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for name in ["j.svg", "j.html"] {
        let text = String::from_utf8(out.read(name)).unwrap();
        let lower = text.to_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<b>"), "{name}: markup escaped");
        assert!(!lower.contains("]]>") || lower.contains("]]&gt;"), "{name}: `]]>` escaped");
        assert!(!text.contains('\u{1}'), "{name}: control characters removed");
        assert!(lower.contains("&lt;script&gt;"), "{name}: the label is still there, escaped");
    }
    let mermaid = String::from_utf8(out.read("j.mmd")).unwrap();
    let task = mermaid.lines().find(|l| l.contains("<b>")).expect("the step is a task");
    assert_eq!(task.matches(':').count(), 2, "only Mermaid's own colons remain: {task}");
    assert!(!task.contains(';') && !task.contains('#'), "{task}");
}

#[test]
fn persona_and_view_options_change_what_is_drawn() {
    let (all, jo, emotion) = (Scratch::new("all"), Scratch::new("jo"), Scratch::new("emotion"));
    build("examples/saas", &all, &["--format", "svg"]);
    build("examples/saas", &jo, &["--format", "svg", "--persona", "jo"]);
    build("examples/saas", &emotion, &["--format", "svg", "--view", "emotion"]);
    let text = |s: &Scratch, n: &str| String::from_utf8(s.read(n)).unwrap();
    let (full, only_jo) = (text(&all, "onboarding.svg"), text(&jo, "onboarding.svg"));
    assert!(full.contains("id=\"step-import\"") && full.contains("id=\"step-first_route\""));
    assert!(!only_jo.contains("id=\"step-import\""), "alana's steps are left out for jo");
    assert!(only_jo.contains("id=\"step-first_route\""), "jo's steps stay");
    assert!(!jo.0.join("renewal.svg").exists(), "jo does not walk the renewal journey");
    let slide = text(&emotion, "onboarding.svg");
    assert!(slide.contains("lane-emotion") && !slide.contains("lane-pains"), "the emotion view keeps the curve only");
    let output = journey(&["build", "examples/saas", "--persona", "nobody", "-o", all.str()]);
    assert_eq!(output.status.code(), Some(2), "an unknown persona is a usage error:\n{}", stderr(&output));
}
