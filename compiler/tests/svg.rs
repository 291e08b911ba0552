//! The SVG of every example journey, of a generated stress journey and of
//! hostile labels: valid XML, accessible, every text inside its box (measured
//! with the same font metrics as layout), no overlapping cards or lines of
//! text, readable contrast, nothing executable, and the same bytes every time.

use journey_compiler::ir::{Journey, Model};
use journey_compiler::layout::theme::{contrast, Color};
use journey_compiler::layout::{self, text, Options, Theme, View, Weight};
use journey_compiler::render::svg;
use journey_compiler::source::{LoadError, Loader, MemoryLoader};
use std::path::{Path, PathBuf};

struct Disk;

impl Loader for Disk {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        std::fs::read(path).map_err(|_| LoadError::NotFound)
    }
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Every example file outside `invalid/`.
fn example_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [examples_dir(), examples_dir().join("saas")] {
        for entry in std::fs::read_dir(&dir).expect("examples are readable") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "journey") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The models of every build of the roots, which must have no error.
fn models(roots: &[PathBuf], loader: &dyn Loader) -> Vec<Model> {
    let compilation = journey_compiler::compile(roots, loader, &Default::default());
    compilation
        .builds
        .iter()
        .map(|build| {
            let errors: Vec<_> = build.diagnostics.iter().filter(|d| d.is_error()).map(|d| &d.message).collect();
            assert!(errors.is_empty(), "{errors:?}");
            build.model(&compilation.workspace)
        })
        .collect()
}

fn from_text(text: &str) -> Model {
    let loader = MemoryLoader::new().with("test.journey", text.as_bytes().to_vec());
    models(&[PathBuf::from("test.journey")], &loader).remove(0)
}

fn render(model: &Model, journey: &Journey, options: &Options) -> String {
    svg(&layout::layout(model, journey, options))
}

fn all_options() -> Vec<Options> {
    let mut all = Vec::new();
    for theme in [Theme::Light, Theme::Dark] {
        for view in [View::Full, View::Emotion, View::Blueprint] {
            all.push(Options { theme, view, persona: None });
        }
    }
    all
}

/// A box in diagram coordinates.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, other: &Box2, tolerance: f64) -> bool {
        self.x0 + tolerance < other.x1 && other.x0 + tolerance < self.x1 && self.y0 + tolerance < other.y1 && other.y0 + tolerance < self.y1
    }

    fn contains(&self, inner: &Box2, tolerance: f64) -> bool {
        inner.x0 >= self.x0 - tolerance
            && inner.x1 <= self.x1 + tolerance
            && inner.y0 >= self.y0 - tolerance
            && inner.y1 <= self.y1 + tolerance
    }
}

fn number(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name).unwrap_or_else(|| panic!("<{}> has {name}", node.tag_name().name())).parse().expect("a number")
}

fn rect_box(rect: roxmltree::Node) -> Box2 {
    let (x, y) = (rect.attribute("x").map_or(0.0, |v| v.parse().expect("x")), rect.attribute("y").map_or(0.0, |v| v.parse().expect("y")));
    Box2 { x0: x, y0: y, x1: x + number(rect, "width"), y1: y + number(rect, "height") }
}

fn classes<'a>(node: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    node.attribute("class").map_or(vec![], |c| c.split(' ').collect())
}

/// The boxes of every line of a `<text>`, measured with the layout's fonts.
fn line_boxes(text_node: roxmltree::Node) -> Vec<(Box2, String)> {
    let size = number(text_node, "font-size");
    let weight = if text_node.attribute("font-weight") == Some("bold") { Weight::Bold } else { Weight::Regular };
    let font = text::fonts().face(weight);
    text_node
        .children()
        .filter(|n| n.has_tag_name("tspan"))
        .map(|tspan| {
            let content = tspan.text().unwrap_or("").to_string();
            let width = text::width(&content, size, weight);
            let (x, y) = (number(tspan, "x"), number(tspan, "y"));
            let x0 = match text_node.attribute("text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            (Box2 { x0, y0: y - font.ascent * size, x1: x0 + width, y1: y + font.descent * size }, content)
        })
        .collect()
}

/// Every structural promise of the SVG, checked on the parsed document.
fn check(svg: &str, name: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"), "{name}");
    assert_eq!(root.attribute("role"), Some("img"), "{name}");
    assert!(root.attribute("font-family").is_some_and(|f| f.starts_with("DejaVu Sans")), "{name}");
    let width = number(root, "width");
    let height = number(root, "height");
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {} {}", root.attribute("width").unwrap(), root.attribute("height").unwrap()).as_str())
    );
    let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
    let title = doc.descendants().find(|n| n.attribute("id") == Some(labelled)).expect("the labelling element");
    assert_eq!(title.tag_name().name(), "title", "{name}");
    assert!(title.text().is_some_and(|t| !t.trim().is_empty()), "{name}: empty title");
    let described = root.attribute("aria-describedby").expect("aria-describedby");
    let desc = doc.descendants().find(|n| n.attribute("id") == Some(described)).expect("the describing element");
    assert_eq!(desc.tag_name().name(), "desc", "{name}");
    assert!(desc.text().is_some_and(|t| t.len() > 20), "{name}: empty desc");

    // Safe to publish.
    assert!(!svg.contains("<script"), "{name}");
    let mut ids = std::collections::BTreeSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(!["script", "foreignObject", "a", "iframe", "image", "use", "style"].contains(&tag), "{name}: <{tag}>");
        for attribute in node.attributes() {
            let (key, value) = (attribute.name(), attribute.value());
            assert!(!key.to_ascii_lowercase().starts_with("on"), "{name}: {key}= on <{tag}>");
            assert!(!key.ends_with("href"), "{name}: {key}");
            let lower = value.to_ascii_lowercase();
            assert!(!lower.contains("javascript:") && !lower.contains("url(") && !lower.contains("@import"), "{name}: {key}={value:?}");
        }
        if let Some(id) = node.attribute("id") {
            assert!(ids.insert(id.to_string()), "{name}: duplicate id {id}");
        }
    }

    // Every text lies inside the first rect of its group, and reads well on it.
    let mut lines = Vec::new();
    let mut cards = Vec::new();
    for group in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let rect = group.children().find(|n| n.has_tag_name("rect"));
        if classes(group).contains(&"card") {
            let rect = rect.unwrap_or_else(|| panic!("{name}: card {:?} has no rect", group.attribute("id")));
            cards.push((rect_box(rect), group.attribute("id").unwrap_or("?").to_string()));
        }
        for text_node in group.children().filter(|n| n.has_tag_name("text")) {
            let rect = rect.unwrap_or_else(|| panic!("{name}: a text in {:?} has no rect", classes(group)));
            let bounds = rect_box(rect);
            let fill = Color::parse(rect.attribute("fill").expect("a text's box is filled")).expect("a hex fill");
            let ink = Color::parse(text_node.attribute("fill").expect("text fill")).expect("a hex text colour");
            for (line, content) in line_boxes(text_node) {
                assert!(
                    bounds.contains(&line, 0.05),
                    "{name}: {content:?} at {line:?} is outside its box {bounds:?} in {:?}",
                    classes(group)
                );
                assert!(line.x0 >= 0.0 && line.x1 <= width && line.y0 >= 0.0 && line.y1 <= height, "{name}: {content:?} off the page");
                let ratio = contrast(ink, fill);
                assert!(ratio >= 4.5, "{name}: {content:?} has contrast {ratio:.2}");
                lines.push((line, content));
            }
        }
    }
    assert!(doc.descendants().filter(|n| n.has_tag_name("text")).all(|t| t.parent().is_some_and(|p| p.has_tag_name("g"))));

    for (i, (a, a_id)) in cards.iter().enumerate() {
        for (b, b_id) in &cards[i + 1..] {
            assert!(!a.overlaps(b, 0.01), "{name}: cards {a_id} {a:?} and {b_id} {b:?} overlap");
        }
    }
    lines.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    for (i, (a, a_text)) in lines.iter().enumerate() {
        for (b, b_text) in &lines[i + 1..] {
            if b.x0 >= a.x1 {
                break;
            }
            assert!(!a.overlaps(b, 0.5), "{name}: lines {a_text:?} {a:?} and {b_text:?} {b:?} overlap");
        }
    }
}

/// Ids of the groups with a class.
fn ids_with_class(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    doc.descendants().filter(|n| classes(*n).contains(&class)).filter_map(|n| n.attribute("id").map(String::from)).collect()
}

fn has_class(svg: &str, class: &str) -> bool {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    let found = doc.descendants().any(|n| classes(n).contains(&class));
    found
}

/// All text of the document with the white space taken out, so words
/// broken across lines still read as one.
fn squashed_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    doc.descendants().filter(|n| n.has_tag_name("tspan")).filter_map(|n| n.text()).collect::<String>().split_whitespace().collect()
}

#[test]
fn every_example_renders_to_valid_accessible_svg() {
    let files = example_files();
    assert!(files.len() >= 6, "{files:?}");
    let mut journeys = 0;
    for model in models(&files, &Disk) {
        for journey in &model.journeys {
            for options in all_options() {
                let svg = render(&model, journey, &options);
                check(&svg, &format!("{} {:?} {:?}", journey.id, options.theme, options.view));
            }
            for persona in &journey.personas {
                let options = Options { persona: Some(persona.to_string()), ..Options::default() };
                check(&render(&model, journey, &options), &format!("{} for {persona}", journey.id));
            }
            journeys += 1;
        }
    }
    assert!(journeys >= 6);
}

#[test]
fn the_full_map_has_every_part_with_stable_ids() {
    let model = models(&[examples_dir().join("grocery.journey")], &Disk).remove(0);
    let svg = render(&model, &model.journeys[0], &Options::default());
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap_or_else(|| panic!("no #{id}"));
    assert_eq!(doc.root_element().attribute("id"), Some("journey-first_order"));
    for expected in ["header", "legend", "persona-maya", "stage-purchase", "step-checkout", "channels-checkout", "thinks-checkout"] {
        id(expected);
    }
    for expected in ["pains-checkout", "opportunities-checkout", "emotion-checkout", "kpi-checkout_abandonment", "kpi-conversion"] {
        id(expected);
    }
    for lane in ["lane-steps", "lane-channels", "lane-does", "lane-thinks", "lane-emotion", "lane-pains", "lane-opportunities", "lane-kpis"]
    {
        assert!(has_class(&svg, lane), "{lane}");
    }
    // No step of the grocery journey has blueprint lanes.
    assert!(!has_class(&svg, "lane-frontstage") && !has_class(&svg, "line-of-visibility"));
    assert!(classes(id("step-checkout")).contains(&"step") && classes(id("stage-purchase")).contains(&"stage"));
    assert!(classes(id("kpi-checkout_abandonment")).contains(&"status-missed"));
    let curve = doc.descendants().find(|n| classes(*n).contains(&"emotion-curve")).expect("the curve");
    assert!(curve.attribute("d").is_some_and(|d| d.contains('C')), "a smooth path");
    assert_eq!(ids_with_class(&svg, "marker").len(), 8, "a marker per scored step");
    assert!(has_class(&svg, "negative-zone") && has_class(&svg, "zero-line"));
    let text = squashed_text(&svg);
    for expected in ["FirstgroceryorderGoal:", "frustrated", "Meanemotion", "Target≥12%·Actual9.5%", "Checkoutsquad·impacthigh·effortlow"]
    {
        assert!(text.contains(expected), "{expected}");
    }
    assert!(text.contains("“Ifitdoesn'tworkonmyphone,I'mgone.”"));
}

#[test]
fn blueprint_lanes_sit_under_the_line_of_visibility() {
    let model = models(&[examples_dir().join("hospital.journey")], &Disk).remove(0);
    let full = render(&model, &model.journeys[0], &Options::default());
    for class in
        ["lane-frontstage", "lane-backstage", "lane-support", "line-of-interaction", "line-of-visibility", "line-of-internal-interaction"]
    {
        assert!(has_class(&full, class), "{class}");
    }
    let doc = roxmltree::Document::parse(&full).expect("XML");
    let y_of = |id: &str| {
        let node = doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap_or_else(|| panic!("#{id}"));
        node.descendants()
            .find(|n| n.has_tag_name("line") || n.has_tag_name("rect"))
            .map(|n| n.attribute("y1").or(n.attribute("y")).unwrap().parse::<f64>().unwrap())
            .unwrap()
    };
    assert!(y_of("frontstage-assessment") < y_of("line-of-visibility"));
    assert!(y_of("line-of-visibility") < y_of("backstage-assessment"));
    assert!(y_of("backstage-assessment") < y_of("support-assessment"));
}

#[test]
fn views_change_what_is_drawn() {
    let model = models(&[examples_dir().join("hospital.journey")], &Disk).remove(0);
    let journey = &model.journeys[0];
    let emotion = render(&model, journey, &Options { view: View::Emotion, ..Options::default() });
    assert!(has_class(&emotion, "lane-emotion") && has_class(&emotion, "emotion-curve") && has_class(&emotion, "stage"));
    // Step names stay, so the curve can go on a slide.
    assert!(has_class(&emotion, "lane-steps"));
    assert!(squashed_text(&emotion).contains(&journey.stages[0].steps[0].label.replace(' ', "")));
    for absent in ["lane-does", "lane-pains", "lane-kpis", "persona", "lane-frontstage", "kpi", "status"] {
        assert!(!has_class(&emotion, absent), "the emotion view has {absent}");
    }
    // Two personas, two curves: the legend says which is whose.
    assert!(has_class(&emotion, "legend") && has_class(&emotion, "legend-curve"));
    let blueprint = render(&model, journey, &Options { view: View::Blueprint, ..Options::default() });
    // The standard layers: customer actions and touchpoints above the line
    // of interaction, then frontstage, backstage and support.
    for present in [
        "lane-steps",
        "lane-does",
        "lane-channels",
        "line-of-interaction",
        "lane-frontstage",
        "lane-backstage",
        "lane-support",
        "line-of-visibility",
        "stage",
    ] {
        assert!(has_class(&blueprint, present), "the blueprint lacks {present}");
    }
    for absent in ["lane-emotion", "lane-pains", "persona", "kpi"] {
        assert!(!has_class(&blueprint, absent), "the blueprint has {absent}");
    }
    assert!(squashed_text(&blueprint).contains("Anaesthetistreviewsflaggedanswers"));
}

#[test]
fn the_persona_filter_keeps_only_that_personas_steps() {
    let dir = examples_dir().join("saas");
    let roots = [dir.join("common.journey"), dir.join("onboarding.journey"), dir.join("renewal.journey")];
    let models = models(&roots, &Disk);
    let (model, journey) = models
        .iter()
        .flat_map(|m| m.journeys.iter().map(move |j| (m, j)))
        .find(|(_, j)| j.id == "onboarding")
        .expect("the onboarding journey");
    let all = render(model, journey, &Options::default());
    assert_eq!(ids_with_class(&all, "step").len(), 6);
    let jo = render(model, journey, &Options { persona: Some("jo".into()), ..Options::default() });
    check(&jo, "onboarding for jo");
    assert_eq!(ids_with_class(&jo, "step"), ["step-first_route", "step-checklist"]);
    assert_eq!(ids_with_class(&jo, "persona"), ["persona-jo"]);
    // Stages with none of Jo's steps are gone; the journey's KPIs stay.
    assert_eq!(ids_with_class(&jo, "stage"), ["stage-adopt"]);
    assert!(ids_with_class(&jo, "kpi").contains(&"kpi-trial_conversion".to_string()));
    let doc = roxmltree::Document::parse(&jo).expect("XML");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).expect("a title");
    assert!(title.contains("Jo, dispatcher"), "{title}");
}

#[test]
fn rendering_is_deterministic() {
    for model in models(&example_files(), &Disk) {
        for journey in &model.journeys {
            for options in all_options() {
                let first = render(&model, journey, &options);
                let second = render(&model.clone(), journey, &options);
                assert_eq!(first, second, "{}", journey.id);
            }
        }
    }
}

/// A journey that tries every way to break the layout: 40 steps, long
/// labels, unbroken words, CJK, emoji, right-to-left scripts, every lane.
fn stress_journey() -> String {
    let long_word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";
    let texts = [
        "A very long label that goes on and on to describe in painful detail what the customer does at this point",
        long_word,
        "顧客が注文する 顧客が注文する顧客が注文する顧客が注文する",
        "Delivery is on its way 😀🚚 with emoji 👨\u{200d}👩\u{200d}👧 and flags 🇩🇪",
        "العميل يطلب المنتج من المتجر عبر الإنترنت",
        "הלקוח מזמין את המוצר באתר",
        "x",
    ];
    let mut out = String::from(
        "persona p \"A persona with a remarkably long name that must wrap inside the persona card\" {\n  goal \"Goal with Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen and 顧客が注文する\"\n  need \"😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚😀🚚\"\n  frustration \"العميل يطلب المنتج\"\n  quote \"הלקוח מזמין את המוצר באתר\"\n}\n\
         persona q \"Q\" { goal \"Short\" }\n\
         channel web \"A website channel with a name far longer than any badge should have to hold\" { type digital }\n\
         channel shop \"店舗\" { type physical }\n\
         channel call \"Call\" { type human }\n\
         channel tv \"TV\" { type broadcast }\n\
         team t \"Supercalifragilisticexpialidocious customer experience team\"\n\n\
         journey stress \"Stress: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen 顧客が注文する 😀🚚 العميل يطلب\" {\n  persona p, q\n  goal \"Keep every text inside its box, whatever the labels\"\n  state to-be\n",
    );
    let mut step = 0;
    for stage in 0..8 {
        let label = texts[stage % texts.len()];
        out.push_str(&format!("\n  stage s{stage} \"{label}\" {{\n    goal \"{}\"\n", texts[(stage + 1) % texts.len()]));
        for _ in 0..5 {
            let t = |k: usize| texts[(step + k) % texts.len()];
            let channels = ["web", "shop, call", "tv", "web, shop, call, tv", "call"][step % 5];
            let score = (step % 7) as i32 - 3;
            let feels = match step % 3 {
                0 => format!("{score:+}"),
                1 => "frustrated".to_string(),
                _ => "delighted".to_string(),
            };
            out.push_str(&format!(
                "    step st{step} \"{}\" {{\n      channel {channels}\n      touchpoint \"{}\"\n      does \"{}\"\n      does \"{}\"\n      thinks \"{}\"\n      feels {feels}\n      pain \"{}\"\n      opportunity \"{}\" {{ owner t; impact high; effort low }}\n      frontstage \"{}\"\n      backstage \"{}\"\n      support \"{}\"\n      evidence {}\n      source \"{}\"\n      owner t\n",
                t(0), t(1), t(2), t(3), t(4), t(5), t(6), t(1), t(2), t(3), ["observed", "assumed", "proposed"][step % 3], t(4)
            ));
            if step % 4 == 0 {
                out.push_str("      persona p\n");
            }
            out.push_str("    }\n");
            step += 1;
        }
        out.push_str(&format!(
            "    kpi k{stage} \"{}\" {{ target >= 80%; actual 76.5%; baseline 60%; owner t }}\n    kpi l{stage} \"{long_word}\" {{ target 10min..20min; actual 25min }}\n  }}\n",
            texts[stage % texts.len()]
        ));
    }
    out.push_str(&format!("\n  kpi j1 \"{long_word}{long_word}\" {{ target <= 2h; actual 95min; owner t }}\n  kpi j2 \"顧客が注文する顧客が注文する顧客が注文する\" {{ target >= $60; actual $54.20 }}\n  kpi j3 \"No actual\" {{ target >= 3 }}\n}}\n"));
    out
}

#[test]
fn a_stress_journey_keeps_every_text_in_its_box() {
    let model = from_text(&stress_journey());
    let journey = &model.journeys[0];
    let steps: usize = journey.stages.iter().map(|s| s.steps.len()).sum();
    assert_eq!(steps, 40);
    for options in all_options() {
        let svg = render(&model, journey, &options);
        check(&svg, &format!("stress {:?} {:?}", options.theme, options.view));
    }
    let for_q = render(&model, journey, &Options { persona: Some("q".into()), ..Options::default() });
    check(&for_q, "stress for q");
    assert_eq!(ids_with_class(&for_q, "step").len(), 30);
    let text = squashed_text(&render(&model, journey, &Options::default()));
    for expected in ["顧客が注文する", "😀🚚", "العميليطلب", "הלקוחמזמין", "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"]
    {
        assert!(text.contains(expected), "{expected}");
    }
}

/// Whether the raw text has ` on` + letters + `=` anywhere, as an event attribute would.
fn reads_like_handler(svg: &str) -> bool {
    let lower = svg.to_ascii_lowercase();
    lower.match_indices(" on").any(|(i, _)| {
        let rest = &lower[i + 3..];
        let letters = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
        letters > 0 && rest[letters..].starts_with('=')
    })
}

#[test]
fn hostile_labels_are_escaped() {
    let source = r#"persona p "\"quoted\" & 'single' <b>bold</b>" { goal "]]> <![CDATA[ x ]]>" }
channel web "<img src=x onerror=alert(1)>" { type digital }
team t "</text><script>alert(2)</script>"
journey j "<script>alert(1)</script>" {
  persona p
  goal "javascript:alert(1)"
  stage s "Stage onload=alert(1)" {
    step a "\" onload=\"alert(1)" {
      channel web
      does "bell\u{1}here and \u{1b}escape"
      thinks "<svg onload=alert(1)>"
      feels happy
      pain "&amp; &lt; literal entities"
      opportunity "<a href=\"javascript:alert(1)\">click</a>" { owner t }
    }
  }
}
"#;
    let model = from_text(source);
    for options in all_options() {
        let svg = render(&model, &model.journeys[0], &options);
        check(&svg, &format!("hostile {:?}", options.view));
        assert!(!svg.contains("<script") && !svg.contains("<img") && !svg.contains("<a ") && !svg.contains("<![CDATA["));
        assert!(!svg.contains('\u{1}') && !svg.contains('\u{1b}'));
        // Not even in text does anything read like a handler or a script URL.
        assert!(!svg.to_ascii_lowercase().contains("javascript:"));
        assert!(!reads_like_handler(&svg), "an ` on…=` in the raw SVG");
    }
    let svg = render(&model, &model.journeys[0], &Options::default());
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("&amp;amp; &amp;lt; literal entities"));
    assert!(svg.contains("&quot;quoted&quot; &amp; &apos;single&apos;"));
    // The parsed text is the label as written, minus the control characters.
    let text = squashed_text(&svg);
    for expected in ["<script>alert(1)</script>", "\"onload=\"alert(1)", "]]><![CDATA[x]]>", "bellhereandescape", "javascript:alert(1)"] {
        assert!(text.contains(expected), "{expected}");
    }
}

#[test]
fn sparse_journeys_still_render() {
    let model = from_text(
        "persona p \"P\"\npersona q \"Q\"\njourney j \"Sparse\" {\n  persona p, q\n  stage empty \"A stage without steps\" {\n  }\n  stage one \"One\" {\n    step a \"Unscored\" { channel web; persona p }\n  }\n}\nchannel web \"Web\"\n",
    );
    let journey = &model.journeys[0];
    for mut options in all_options() {
        check(&render(&model, journey, &options), &format!("sparse {:?}", options.view));
        options.persona = Some("nobody".into());
        check(&render(&model, journey, &options), &format!("sparse for nobody {:?}", options.view));
    }
    let svg = render(&model, journey, &Options::default());
    assert_eq!(ids_with_class(&svg, "stage"), ["stage-empty", "stage-one"]);
    // No step has a score: no emotion lane in the full map, an empty scale in the emotion view.
    assert!(!has_class(&svg, "lane-emotion"));
    let emotion = render(&model, journey, &Options { view: View::Emotion, ..Options::default() });
    assert!(has_class(&emotion, "lane-emotion") && !has_class(&emotion, "marker"));
    // Q has no step of their own: the stage written without steps stays, `one` goes.
    let for_q = render(&model, journey, &Options { persona: Some("q".into()), ..Options::default() });
    assert_eq!(ids_with_class(&for_q, "stage"), ["stage-empty"]);
}

/// The farm loan: a curve and a band per persona; with `--persona`, that
/// persona's steps, one curve, no bands; phases and whole-stage cards drawn.
#[test]
fn several_actors_get_their_own_curves_and_lanes() {
    let model = models(&[examples_dir().join("farm-loan.journey")], &Disk).remove(0);
    let journey = &model.journeys[0];
    let all = render(&model, journey, &Options::default());
    check(&all, "farm loan");
    assert_eq!(ids_with_class(&all, "swimlane"), ["swimlane-dana", "swimlane-luis"]);
    assert_eq!(all.matches("persona-curve").count(), 2, "a curve per persona");
    // A persona's markers only where they take part: Luis has none at Dana's first step.
    assert!(all.contains("id=\"emotion-hears-dana\"") && !all.contains("id=\"emotion-hears-luis\""));
    assert!(all.contains("id=\"emotion-first_visit-luis\""), "feels … for luis at a shared step");
    assert_eq!(ids_with_class(&all, "phase"), ["phase-before", "phase-apply", "phase-after"]);
    assert!(ids_with_class(&all, "stage-wide").contains(&"pains-stage-prepare".to_string()));
    assert!(ids_with_class(&all, "decision").contains(&"step-checks_file".to_string()));
    assert!(ids_with_class(&all, "side-path").contains(&"step-rejection".to_string()));
    assert!(ids_with_class(&all, "loop").contains(&"flow-resubmits-checks_file".to_string()));
    assert!(ids_with_class(&all, "exit").contains(&"exit-rejection".to_string()));
    assert!(squashed_text(&all).contains("Relieved,fornow"), "a custom emotion is drawn by its label");

    let luis = render(&model, journey, &Options { persona: Some("luis".into()), ..Options::default() });
    check(&luis, "farm loan for luis");
    assert!(!has_class(&luis, "swimlane"));
    assert_eq!(luis.matches("class=\"emotion-curve\"").count(), 1);
    assert!(!ids_with_class(&luis, "step").contains(&"step-hears".to_string()), "Dana's own steps are left out");
    assert!(!squashed_text(&luis).contains("Nobodysayshowlong"), "Dana's stage pain is left out");
}

/// A side path is drawn as a branch, never on the main curve: the grocery
/// map's call to support is marked and its point is off the main line.
#[test]
fn a_side_path_is_a_branch_not_the_main_line() {
    let model = models(&[examples_dir().join("grocery.journey")], &Disk).remove(0);
    let svg = render(&model, &model.journeys[0], &Options::default());
    assert!(ids_with_class(&svg, "side-path").contains(&"step-call_support".to_string()));
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let main = doc.descendants().find(|n| n.attribute("class") == Some("emotion-curve")).expect("the main curve");
    let marker = doc.descendants().find(|n| n.attribute("id") == Some("emotion-call_support")).expect("its marker");
    let circle = marker.descendants().find(|n| n.has_tag_name("circle")).unwrap();
    let point = format!("{} {}", circle.attribute("cx").unwrap(), circle.attribute("cy").unwrap());
    assert!(main.attribute("d").unwrap().contains(' '), "points are written `x y`");
    assert!(!main.attribute("d").unwrap().contains(&point), "the main curve passes the side path's point {point}");
    assert!(has_class(&svg, "emotion-branch"));
    assert!(squashed_text(&svg).contains("Meanemotion+0.67"), "Purchase's mean counts the main path");
}
