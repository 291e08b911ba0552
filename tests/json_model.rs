//! The JSON document `journey build` writes: valid against
//! `docs/journey.schema.json`, deterministic, and with derived figures (KPI
//! status and delta, emotion scores and summaries, the flow, the channel ×
//! stage matrix, positions) equal to what a reader of the source computes
//! on its own. The expectations here come from a tiny independent reader of
//! the `.journey` text and from the language brief, never from the program.

mod common;
use common::*;
use journey_compiler::config::Config;
use journey_compiler::source::MemoryLoader;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

// ───────────────────────────── Builds and temp dirs ─────────────────────────────

/// Every example build: (what `journey build` is given, the build's files).
const BUILDS: &[(&str, &[&str])] = &[
    ("examples/grocery.journey", &["examples/grocery.journey"]),
    ("examples/data-sharing.journey", &["examples/data-sharing.journey"]),
    ("examples/hospital.journey", &["examples/hospital.journey"]),
    ("examples/farm-loan.journey", &["examples/farm-loan.journey"]),
    ("examples/employee-onboarding.journey", &["examples/employee-onboarding.journey"]),
    ("examples/saas", &["examples/saas/common.journey", "examples/saas/onboarding.journey", "examples/saas/renewal.journey"]),
];

/// Runs `journey build PATH -o TMP` and returns the bytes of the one JSON document written.
fn build_bytes(path: &str) -> Vec<u8> {
    let out = Scratch::new("build");
    let output = journey(&["build", "--format", "json", path, "-o", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "journey build {path} failed:\n{}{}", stdout(&output), stderr(&output));
    let files = out.files();
    let json: Vec<&PathBuf> = files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")).collect();
    assert_eq!(json.len(), 1, "one JSON document per build, got {files:?}");
    std::fs::read(json[0]).unwrap()
}

fn build_json(path: &str) -> Value {
    let bytes = build_bytes(path);
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path}: the output is not JSON: {e}"))
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/journey.schema.json")).expect("the schema ships with the project");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "the schema says it is draft 2020-12");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{e} (at `{}`)", e.instance_path())).collect()
}

/// Compiles one in-memory file with the library; returns the error codes and the model.
fn compile_memory(text: &str) -> (Vec<String>, Value) {
    let loader = MemoryLoader::new().with("memory.journey", text);
    let compilation = journey_compiler::compile(&[PathBuf::from("memory.journey")], &loader, &Config::default());
    assert_eq!(compilation.builds.len(), 1, "one file is one build");
    let build = &compilation.builds[0];
    let errors = build.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str().to_string()).collect();
    let model = serde_json::to_value(build.model(&compilation.workspace)).expect("the model serialises");
    (errors, model)
}

// ───────────────────────────── A tiny source reader ─────────────────────────────

/// One statement of a `.journey` file: its keyword, the rest of its text and
/// the statements of its `{ … }` block.
#[derive(Debug, Clone)]
struct Node {
    keyword: String,
    args: String,
    children: Vec<Node>,
}

impl Node {
    fn from_text(text: &str) -> Option<Node> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let (keyword, args) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        Some(Node { keyword: keyword.to_string(), args: args.trim().to_string(), children: Vec::new() })
    }

    /// The declared ID: the first word after the keyword.
    fn id(&self) -> &str {
        self.args.split_whitespace().next().unwrap_or("")
    }

    fn all<'a>(&'a self, keyword: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.keyword == keyword)
    }

    fn first(&self, keyword: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.keyword == keyword)
    }

    /// The comma-separated names of a reference list (`channel web, email`).
    fn names(&self) -> Vec<String> {
        self.args.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    }
}

/// Reads statements separated by line breaks and `;`, with `{ … }` blocks,
/// skipping comments and respecting strings. Enough for well-formed files.
fn read_tree(text: &str) -> Vec<Node> {
    let mut levels: Vec<(Option<Node>, Vec<Node>)> = vec![(None, Vec::new())];
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    fn flush(current: &mut String, levels: &mut [(Option<Node>, Vec<Node>)]) {
        if let Some(node) = Node::from_text(current) {
            levels.last_mut().unwrap().1.push(node);
        }
        current.clear();
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                current.push(c);
                i += 1;
                while i < chars.len() && chars[i] != '"' && chars[i] != '\n' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        current.push(chars[i]);
                        i += 1;
                    }
                    current.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() && chars[i] == '"' {
                    current.push('"');
                }
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                flush(&mut current, &mut levels);
            }
            '\n' | ';' => flush(&mut current, &mut levels),
            '{' => {
                let header = Node::from_text(&current).unwrap_or(Node { keyword: String::new(), args: String::new(), children: vec![] });
                current.clear();
                levels.push((Some(header), Vec::new()));
            }
            '}' => {
                flush(&mut current, &mut levels);
                let (header, children) = levels.pop().expect("balanced braces");
                let mut node = header.expect("a block has a header");
                node.children = children;
                levels.last_mut().unwrap().1.push(node);
            }
            _ => current.push(c),
        }
        i += 1;
    }
    flush(&mut current, &mut levels);
    assert_eq!(levels.len(), 1, "unbalanced braces in the example");
    levels.pop().unwrap().1
}

/// The top-level statements of every file of a build.
fn read_build(files: &[&str]) -> Vec<Node> {
    files.iter().flat_map(|f| read_tree(&std::fs::read_to_string(root().join(f)).unwrap())).collect()
}

// ───────────────────────────── KPI values, computed independently ─────────────────────────────

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Number,
    Percent,
    /// Seconds per written unit, and the unit.
    Duration(f64, String),
    Money(String),
}

#[derive(Debug, Clone)]
struct Quantity {
    number: f64,
    kind: Kind,
}

impl Quantity {
    /// The value in the base unit: seconds for durations.
    fn base(&self) -> f64 {
        match &self.kind {
            Kind::Duration(seconds, _) => self.number * seconds,
            _ => self.number,
        }
    }

    fn suffix(&self) -> String {
        match &self.kind {
            Kind::Number => String::new(),
            Kind::Percent => "%".into(),
            Kind::Duration(_, unit) => unit.clone(),
            Kind::Money(code) => code.clone(),
        }
    }

    fn unit_name(&self) -> &'static str {
        match self.kind {
            Kind::Number => "number",
            Kind::Percent => "percent",
            Kind::Duration(..) => "duration",
            Kind::Money(_) => "money",
        }
    }
}

fn seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "s" => 1.0,
        "min" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        "w" => 604_800.0,
        _ => return None,
    })
}

/// `14min`, `$54.20`, `€3000`, `1340 EUR`, `9.5%`, `-100`, `4.2`.
fn quantity(text: &str) -> Quantity {
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let symbols = [("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")];
    let mut currency = None;
    let mut rest = rest;
    for (symbol, code) in symbols {
        if let Some(after) = rest.strip_prefix(symbol) {
            currency = Some(code.to_string());
            rest = after;
        }
    }
    let digits_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let number: f64 = rest[..digits_end].parse().unwrap_or_else(|_| panic!("not a number: {text:?}"));
    let number = if negative { -number } else { number };
    let suffix = rest[digits_end..].trim();
    let kind = match (currency, suffix) {
        (Some(code), "") => Kind::Money(code),
        (None, "") => Kind::Number,
        (None, "%") => Kind::Percent,
        (None, code) if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => Kind::Money(code.to_string()),
        (None, unit) => Kind::Duration(seconds(unit).unwrap_or_else(|| panic!("unknown unit in {text:?}")), unit.to_string()),
        (Some(_), other) => panic!("money with a unit: {other:?}"),
    };
    Quantity { number, kind }
}

#[derive(Debug, Clone)]
enum SourceTarget {
    Compare(String, Quantity),
    Range(Quantity, Quantity),
}

#[derive(Debug, Clone)]
struct SourceKpi {
    id: String,
    target: Option<SourceTarget>,
    actual: Option<Quantity>,
    baseline: Option<Quantity>,
    scale: Option<(Quantity, Quantity)>,
}

fn range(text: &str) -> Option<(Quantity, Quantity)> {
    // `-100..100`: split at the `..` (numbers have at most one `.` of their own, not two).
    let (low, high) = text.split_once("..")?;
    Some((quantity(low), quantity(high)))
}

fn source_kpi(node: &Node) -> SourceKpi {
    let target = node.first("target").map(|t| {
        let args = t.args.trim();
        for op in [">=", "<=", ">", "<", "="] {
            if let Some(value) = args.strip_prefix(op) {
                return SourceTarget::Compare(op.to_string(), quantity(value));
            }
        }
        let (low, high) = range(args).unwrap_or_else(|| panic!("a target is `OP VALUE` or a range: {args:?}"));
        SourceTarget::Range(low, high)
    });
    SourceKpi {
        id: node.id().to_string(),
        target,
        actual: node.first("actual").map(|a| quantity(&a.args)),
        baseline: node.first("baseline").map(|a| quantity(&a.args)),
        scale: node.first("scale").map(|s| range(&s.args).expect("a scale is a range")),
    }
}

/// KPI declarations (`kpi ID "Label" { … }`), at journey and stage level.
fn source_kpis(items: &[Node]) -> Vec<SourceKpi> {
    let mut kpis = Vec::new();
    for journey in items.iter().filter(|n| n.keyword == "journey") {
        kpis.extend(journey.all("kpi").map(source_kpi));
        for stage in stages_of(journey) {
            kpis.extend(stage.all("kpi").map(source_kpi));
        }
    }
    kpis
}

/// What a careful reader expects of a KPI: status, delta (value, unit), unit name, currency.
struct Expected {
    status: &'static str,
    delta: Option<(f64, String)>,
    unit: &'static str,
    currency: Option<String>,
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

fn expected(kpi: &SourceKpi) -> Expected {
    let reference = match &kpi.target {
        Some(SourceTarget::Compare(_, value)) => Some(value),
        Some(SourceTarget::Range(low, _)) => Some(low),
        None => kpi.actual.as_ref().or(kpi.baseline.as_ref()).or(kpi.scale.as_ref().map(|(low, _)| low)),
    };
    let unit = reference.map_or("number", Quantity::unit_name);
    let currency = match reference.map(|r| &r.kind) {
        Some(Kind::Money(code)) => Some(code.clone()),
        _ => None,
    };
    let (Some(target), Some(actual)) = (&kpi.target, &kpi.actual) else {
        return Expected { status: "unknown", delta: None, unit, currency };
    };
    let a = actual.base();
    let (met, difference, target_unit) = match target {
        SourceTarget::Compare(op, value) => {
            let t = value.base();
            let met = match op.as_str() {
                ">=" => a >= t,
                "<=" => a <= t,
                ">" => a > t,
                "<" => a < t,
                "=" => a == t,
                other => panic!("operator {other}"),
            };
            (met, a - t, value)
        }
        SourceTarget::Range(low, high) => {
            let (lo, hi) = (low.base(), high.base());
            let difference = if a < lo {
                a - lo
            } else if a > hi {
                a - hi
            } else {
                0.0
            };
            (difference == 0.0, difference, low)
        }
    };
    let per_unit = match &target_unit.kind {
        Kind::Duration(seconds, _) => *seconds,
        _ => 1.0,
    };
    Expected {
        status: if met { "met" } else { "missed" },
        delta: Some((round4(difference / per_unit), target_unit.suffix())),
        unit,
        currency,
    }
}

/// Every KPI of a model (journey-level and stage-level), by ID.
fn json_kpis(model: &Value) -> BTreeMap<String, Value> {
    let mut kpis = BTreeMap::new();
    for journey in model["journeys"].as_array().unwrap() {
        let stage_kpis = journey["stages"].as_array().unwrap().iter().flat_map(|s| s["kpis"].as_array().unwrap());
        for kpi in journey["kpis"].as_array().unwrap().iter().chain(stage_kpis) {
            let id = kpi["id"].as_str().unwrap().to_string();
            assert!(kpis.insert(id.clone(), kpi.clone()).is_none(), "KPI `{id}` appears twice in the model");
        }
    }
    kpis
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Compares one KPI of the model with the reader's expectation; returns the problems.
fn kpi_problems(source: &SourceKpi, json: &Value) -> Vec<String> {
    let id = &source.id;
    let want = expected(source);
    let mut problems = Vec::new();
    if json["status"] != want.status {
        problems.push(format!("`{id}`: status {} but the figures say {}", json["status"], want.status));
    }
    if json["unit"] != want.unit {
        problems.push(format!("`{id}`: unit {} but the values are {}", json["unit"], want.unit));
    }
    if json["currency"].as_str().map(str::to_string) != want.currency {
        problems.push(format!("`{id}`: currency {} but expected {:?}", json["currency"], want.currency));
    }
    match (&want.delta, json["delta"].is_null()) {
        (None, true) => {}
        (None, false) => problems.push(format!("`{id}`: no delta expected (no actual or no target), got {}", json["delta"])),
        (Some((value, unit)), _) => {
            let delta = &json["delta"];
            let got = delta["value"].as_f64();
            if !got.is_some_and(|g| close(g, *value)) {
                problems.push(format!("`{id}`: delta {} but actual − target is {value} {unit}", delta["value"]));
            }
            if delta["unit"] != unit.as_str() {
                problems.push(format!("`{id}`: delta unit {} but the target is written in {unit:?}", delta["unit"]));
            }
            // The text reads as the signed value and its unit: `+4min`, `-5.8 USD`.
            let text = delta["text"].as_str().unwrap_or("");
            let number = text.trim_end_matches(unit.as_str()).trim();
            let sign_ok = if *value < 0.0 { number.starts_with('-') } else { !number.starts_with('-') };
            let parsed = number.trim_start_matches(['+', '-']).parse::<f64>();
            if !text.ends_with(unit.as_str()) || !sign_ok || !parsed.is_ok_and(|n| close(n, value.abs())) {
                problems.push(format!("`{id}`: delta text {text:?} doesn't read as {value} {unit}"));
            }
        }
    }
    // The values themselves, in their base unit (seconds for durations).
    let mut pairs: Vec<(&str, Option<&Quantity>, &Value)> =
        vec![("actual", source.actual.as_ref(), &json["actual"]), ("baseline", source.baseline.as_ref(), &json["baseline"])];
    match &source.target {
        Some(SourceTarget::Compare(op, value)) => {
            if json["target"]["operator"] != op.as_str() {
                problems.push(format!("`{id}`: target operator {} but the source says {op}", json["target"]["operator"]));
            }
            pairs.push(("target", Some(value), &json["target"]["value"]));
        }
        Some(SourceTarget::Range(low, high)) => {
            if json["target"]["operator"] != "range" {
                problems.push(format!("`{id}`: target operator {} but the source has a range", json["target"]["operator"]));
            }
            pairs.push(("target low", Some(low), &json["target"]["low"]));
            pairs.push(("target high", Some(high), &json["target"]["high"]));
        }
        None => {
            if !json["target"].is_null() {
                problems.push(format!("`{id}`: a target in the model but none in the source"));
            }
        }
    }
    for (role, source, json) in pairs {
        match source {
            None if json.is_null() => {}
            None => problems.push(format!("`{id}`: {role} in the model but not in the source")),
            Some(q) => {
                if !json["value"].as_f64().is_some_and(|v| close(v, q.number)) || !json["base"].as_f64().is_some_and(|b| close(b, q.base()))
                {
                    problems.push(format!("`{id}`: {role} is {json} but the source means {} (base {})", q.number, q.base()));
                }
                if json["unit"] != q.suffix().as_str() {
                    problems.push(format!("`{id}`: {role} unit {} but written in {:?}", json["unit"], q.suffix()));
                }
            }
        }
    }
    problems
}

// ───────────────────────────── Tests: schema and determinism ─────────────────────────────

#[test]
fn every_example_build_is_valid_against_the_json_schema() {
    let validator = schema_validator();
    for (path, _) in BUILDS {
        let model = build_json(path);
        let errors = schema_errors(&validator, &model);
        assert!(errors.is_empty(), "{path}: the JSON breaks docs/journey.schema.json:\n{}", errors.join("\n"));
        assert_eq!(model["version"], 1);
    }
}

#[test]
fn the_schema_rejects_documents_that_break_it() {
    // Guards the test above: a schema that accepts anything would prove nothing.
    let validator = schema_validator();
    let model = build_json("examples/grocery.journey");
    assert!(validator.is_valid(&model));
    let mut wrong_version = model.clone();
    wrong_version["version"] = Value::from(2);
    assert!(!validator.is_valid(&wrong_version), "version 2 accepted");
    let mut wrong_status = model.clone();
    wrong_status["journeys"][0]["kpis"][0]["status"] = Value::from("great");
    assert!(!validator.is_valid(&wrong_status), "an unknown KPI status accepted");
    let mut wrong_score = model.clone();
    wrong_score["journeys"][0]["stages"][0]["steps"][0]["emotion"]["score"] = Value::from(7);
    assert!(!validator.is_valid(&wrong_score), "a score of 7 accepted");
    let mut missing = model;
    missing["journeys"][0]["stages"][0]["steps"][0].as_object_mut().unwrap().remove("channels");
    assert!(!validator.is_valid(&missing), "a step without `channels` accepted");
}

#[test]
fn building_twice_gives_identical_bytes() {
    for (path, _) in BUILDS {
        let first = build_bytes(path);
        let second = build_bytes(path);
        assert!(first == second, "{path}: two builds of the same sources differ");
        assert!(first.ends_with(b"\n"), "{path}: the document ends with a newline");
    }
}

// ───────────────────────────── Tests: KPI figures ─────────────────────────────

#[test]
fn kpi_status_delta_and_unit_match_the_figures_in_the_source() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for (path, files) in BUILDS {
        let model = build_json(path);
        let json = json_kpis(&model);
        let source = source_kpis(&read_build(files));
        let source_ids: BTreeSet<&str> = source.iter().map(|k| k.id.as_str()).collect();
        let json_ids: BTreeSet<&str> = json.keys().map(String::as_str).collect();
        assert_eq!(source_ids, json_ids, "{path}: the model's KPIs are not the ones declared");
        for kpi in &source {
            problems.extend(kpi_problems(kpi, &json[&kpi.id]).into_iter().map(|p| format!("{path}: {p}")));
            checked += 1;
        }
    }
    assert!(checked >= 30, "all the examples' KPIs were read ({checked})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn kpi_figures_the_brief_spells_out() {
    let grocery = json_kpis(&build_json("examples/grocery.journey"));
    let time = &grocery["time_to_order"];
    assert_eq!(time["status"], "missed");
    assert_eq!(time["unit"], "duration");
    assert_eq!(time["delta"]["value"].as_f64(), Some(4.0));
    assert_eq!(time["delta"]["unit"], "min");
    let basket = &grocery["basket_value"];
    assert_eq!(basket["status"], "missed");
    assert_eq!(basket["unit"], "money");
    assert_eq!(basket["currency"], "USD");
    assert!(close(basket["delta"]["value"].as_f64().unwrap(), -5.8));
    assert_eq!(basket["delta"]["unit"], "USD");
    let nps = &grocery["nps"];
    assert_eq!(nps["status"], "missed");
    assert_eq!(nps["unit"], "number");
    assert_eq!(nps["delta"]["value"].as_f64(), Some(-9.0));

    let saas = json_kpis(&build_json("examples/saas"));
    let setup = &saas["setup_time"];
    assert_eq!(setup["status"], "missed");
    assert_eq!(setup["delta"]["value"].as_f64(), Some(1.5));
    assert_eq!(setup["delta"]["unit"], "d");
    assert_eq!(saas["csat"]["status"], "met");
}

#[test]
fn kpi_value_text_is_the_value_as_written() {
    // The schema and `ir.rs` say a value's `text` is "the value as written";
    // a dashboard shows it as is, so `$54.20` must not become `$54.2`.
    let mut problems = Vec::new();
    for (path, files) in BUILDS {
        let json = json_kpis(&build_json(path));
        for file in *files {
            let text = std::fs::read_to_string(root().join(file)).unwrap();
            for journey in read_tree(&text).iter().filter(|n| n.keyword == "journey") {
                let kpis = journey.all("kpi").chain(stages_of(journey).into_iter().flat_map(|s| s.all("kpi")));
                for kpi in kpis {
                    let model = &json[kpi.id()];
                    let target = kpi.first("target").map(|t| t.args.trim_start_matches(['>', '<', '=']).trim().to_string());
                    if let (Some(written), Some(field)) = (target, model["target"]["value"].as_object()) {
                        if field["text"] != written.as_str() {
                            problems.push(format!("{file}: `{}` target written `{written}`, text {}", kpi.id(), field["text"]));
                        }
                    }
                    for (keyword, field) in [("actual", &model["actual"]), ("baseline", &model["baseline"])] {
                        if let Some(node) = kpi.first(keyword) {
                            if field["text"] != node.args.as_str() {
                                problems.push(format!("{file}: `{}` {keyword} written `{}`, text {}", kpi.id(), node.args, field["text"]));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const UNITS_JOURNEY: &str = r#"persona p "P"
channel c "C"
journey j "J" {
  persona p
  stage s "S" {
    step a "A" { channel c; feels happy }
  }
  kpi weeks "Weeks" { target <= 3w; actual 10d }
  kpi hours "Hours" { target >= 2h; actual 90min }
  kpi pending "No actual yet" { target >= 50% }
}
"#;

#[test]
fn durations_compare_across_units_and_the_delta_is_in_the_targets_unit() {
    let (errors, model) = compile_memory(UNITS_JOURNEY);
    assert!(errors.is_empty(), "{errors:?}");
    let errors = schema_errors(&schema_validator(), &model);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let kpis = json_kpis(&model);

    let (day, week, hour, minute) = (86_400.0, 604_800.0, 3_600.0, 60.0);
    let weeks = &kpis["weeks"];
    assert_eq!(weeks["status"], "met", "10 days is within 3 weeks");
    let want = round4((10.0 * day - 3.0 * week) / week);
    assert!(close(want, -1.5714));
    assert!(close(weeks["delta"]["value"].as_f64().unwrap(), want), "{}", weeks["delta"]);
    assert_eq!(weeks["delta"]["unit"], "w");
    assert!(close(weeks["actual"]["base"].as_f64().unwrap(), 10.0 * day));
    assert!(close(weeks["target"]["value"]["base"].as_f64().unwrap(), 3.0 * week));

    let hours = &kpis["hours"];
    assert_eq!(hours["status"], "missed", "90 minutes is less than 2 hours");
    assert!(close(hours["delta"]["value"].as_f64().unwrap(), (90.0 * minute - 2.0 * hour) / hour));
    assert_eq!(hours["delta"]["unit"], "h");

    let pending = &kpis["pending"];
    assert_eq!(pending["status"], "unknown");
    assert!(pending["delta"].is_null());
    assert_eq!(pending["unit"], "percent");
}

#[test]
fn two_currencies_in_one_kpi_are_an_error_and_nothing_is_written() {
    let dir = Scratch::new("currencies");
    let source =
        UNITS_JOURNEY.replace("kpi pending \"No actual yet\" { target >= 50% }", "kpi basket \"Basket\" { target >= $60; actual €54 }");
    std::fs::write(dir.path().join("money.journey"), &source).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let output = journey_in(dir.path(), &["build", "money.journey", "-o", "out", "--message-format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    let codes: Vec<String> =
        stdout(&output).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["code"].as_str().unwrap().to_string()).collect();
    assert!(codes.contains(&"E0022".to_string()), "{codes:?}");
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert!(written.is_empty(), "nothing is written when the build has errors: {written:?}");
}

#[test]
fn a_percentage_over_100_is_an_error_unless_the_scale_allows_it() {
    let share =
        UNITS_JOURNEY.replace("kpi pending \"No actual yet\" { target >= 50% }", "kpi growth \"Growth\" { target >= 100%; actual 120% }");
    let (errors, _) = compile_memory(&share);
    assert_eq!(errors, vec!["E0021"]);

    let scaled = share.replace("target >= 100%;", "scale 0%..200%; target >= 100%;");
    let (errors, model) = compile_memory(&scaled);
    assert!(errors.is_empty(), "{errors:?}");
    let growth = &json_kpis(&model)["growth"];
    assert_eq!(growth["status"], "met");
    assert!(close(growth["delta"]["value"].as_f64().unwrap(), 20.0));
    assert_eq!(growth["delta"]["unit"], "%");
}

// ───────────────────────────── Tests: emotions, flow, matrix ─────────────────────────────

/// The built-in emotions of the language brief.
const BUILTIN: &[(&str, i64)] = &[
    ("delighted", 3),
    ("excited", 2),
    ("happy", 2),
    ("confident", 2),
    ("relieved", 2),
    ("pleased", 1),
    ("curious", 1),
    ("hopeful", 1),
    ("satisfied", 1),
    ("neutral", 0),
    ("unsure", -1),
    ("confused", -1),
    ("impatient", -1),
    ("bored", -1),
    ("anxious", -2),
    ("frustrated", -2),
    ("disappointed", -2),
    ("annoyed", -2),
    ("angry", -3),
    ("furious", -3),
];

fn score(text: &str) -> Option<i64> {
    let text = text.trim();
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

/// (name, score) of a `feels` statement.
fn feels(args: &str, custom: &BTreeMap<String, i64>) -> (Option<String>, i64) {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [only] if score(only).is_some() => (None, score(only).unwrap()),
        [name] => {
            let known = custom.get(*name).copied().or_else(|| BUILTIN.iter().find(|(n, _)| n == name).map(|(_, s)| *s));
            (Some(name.to_string()), known.unwrap_or_else(|| panic!("unknown emotion {name}")))
        }
        [name, value] => (Some(name.to_string()), score(value).expect("a score")),
        other => panic!("unexpected feels {other:?}"),
    }
}

/// Mean, min, max and count of scores.
fn summary(scores: &[i64]) -> (Option<f64>, Option<i64>, Option<i64>, usize) {
    if scores.is_empty() {
        return (None, None, None, 0);
    }
    let mean = scores.iter().sum::<i64>() as f64 / scores.len() as f64;
    (Some(mean), scores.iter().copied().min(), scores.iter().copied().max(), scores.len())
}

fn summary_problems(what: &str, scores: &[i64], json: &Value) -> Vec<String> {
    let (mean, min, max, count) = summary(scores);
    let mut problems = Vec::new();
    let json_mean = json["mean"].as_f64();
    // The mean may be rounded for display, to two decimals at most.
    let mean_ok = match (mean, json_mean) {
        (None, None) => true,
        (Some(m), Some(j)) => (m - j).abs() <= 0.005 + 1e-9,
        _ => false,
    };
    if !mean_ok {
        problems.push(format!("{what}: mean {} but the steps' scores {scores:?} give {mean:?}", json["mean"]));
    }
    if json["min"].as_i64() != min || json["max"].as_i64() != max {
        problems.push(format!("{what}: min/max {}/{} but the steps' scores {scores:?} give {min:?}/{max:?}", json["min"], json["max"]));
    }
    if json["scored_steps"].as_u64() != Some(count as u64) {
        problems.push(format!("{what}: scored_steps {} but {count} steps have `feels`", json["scored_steps"]));
    }
    problems
}

/// A journey's stages in written order, inside phases or not.
fn stages_of(journey: &Node) -> Vec<&Node> {
    journey
        .children
        .iter()
        .flat_map(|c| if c.keyword == "phase" { c.all("stage").collect() } else { vec![c] })
        .filter(|c| c.keyword == "stage")
        .collect()
}

/// Splits a trailing `for PERSONA` off a statement's values.
fn said_for(args: &str) -> (&str, Option<&str>) {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [.., "for", persona] if words.len() >= 3 => (args[..args.rfind(" for ").unwrap()].trim(), Some(*persona)),
        _ => (args, None),
    }
}

/// Which steps (in written order) are on the main path, read from the
/// `next` and `exit` lines: without `next`, a step leads to the next one
/// written unless it has `exit`. The main path is the first way, trying
/// successors in written order and never revisiting a step, that reaches a
/// step leading nowhere; if every way loops, the first successors not yet
/// visited.
fn main_path(steps: &[&Node]) -> Vec<bool> {
    let index = |id: &str| steps.iter().position(|s| s.id() == id);
    let successors: Vec<Vec<usize>> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let nexts: Vec<usize> = step
                .all("next")
                .flat_map(|n| n.args.split(',').map(|part| part.split_whitespace().next().unwrap_or("").to_string()).collect::<Vec<_>>())
                .filter_map(|id| index(&id))
                .collect();
            if step.first("next").is_some() {
                nexts
            } else if step.first("exit").is_none() && i + 1 < steps.len() {
                vec![i + 1]
            } else {
                vec![]
            }
        })
        .collect();
    // Small examples: a plain recursive search, unlike the compiler's.
    fn search(at: usize, successors: &[Vec<usize>], path: &mut Vec<usize>) -> bool {
        path.push(at);
        if successors[at].is_empty() {
            return true;
        }
        for &to in &successors[at] {
            if !path.contains(&to) && search(to, successors, path) {
                return true;
            }
        }
        path.pop();
        false
    }
    let mut main = vec![false; steps.len()];
    if steps.is_empty() {
        return main;
    }
    let mut path = Vec::new();
    if !search(0, &successors, &mut path) {
        let mut at = Some(0);
        while let Some(step) = at {
            path.push(step);
            at = successors[step].iter().copied().find(|to| !path.contains(to));
        }
    }
    for step in path {
        main[step] = true;
    }
    main
}

/// Every figure of the emotion curve, recomputed from the text: each
/// stage's and journey's mean on the main path and on side paths, overall
/// (feelings written without `for`) and for each persona (`feels … for P`,
/// else the step's personas, or the journey's first when it names none).
#[test]
fn emotion_scores_and_stage_summaries_follow_from_the_feels_lines() {
    let mut problems = Vec::new();
    let mut steps_checked = 0;
    let mut side_steps = 0;
    let mut persona_points = 0;
    let mut pains_checked = 0;
    for (path, files) in BUILDS {
        let model = build_json(path);
        let items = read_build(files);
        let custom: BTreeMap<String, i64> = items
            .iter()
            .filter(|n| n.keyword == "emotion")
            .map(|n| (n.id().to_string(), score(n.args.split_whitespace().last().unwrap()).unwrap()))
            .collect();
        for (id, value) in &custom {
            let emotion = model["emotions"].as_array().unwrap().iter().find(|e| e["id"] == id.as_str());
            assert!(emotion.is_some_and(|e| e["score"] == *value && e["builtin"] == false), "{path}: custom emotion `{id}` {value}");
        }
        for journey in items.iter().filter(|n| n.keyword == "journey") {
            let json_journey =
                model["journeys"].as_array().unwrap().iter().find(|j| j["id"] == journey.id()).expect("the journey is in the model");
            let personas: Vec<String> = journey.all("persona").flat_map(|p| p.names()).collect();
            let stages = stages_of(journey);
            let all_steps: Vec<&Node> = stages.iter().flat_map(|s| s.all("step")).collect();
            let main = main_path(&all_steps);
            let mut at = 0;
            // (main, side) scores: overall, and by persona.
            let mut journey_scores = (Vec::new(), Vec::new());
            let mut journey_by_persona: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
            for (stage, json_stage) in stages.iter().zip(json_journey["stages"].as_array().unwrap()) {
                assert_eq!(json_stage["id"], stage.id(), "{path}: stages in written order");
                let mut scores = (Vec::new(), Vec::new());
                let mut by_persona: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
                // (pains, delights) each persona owns: `for` them, else the
                // step's personas (the journey's first on a step naming none,
                // and on the stage itself).
                let mut owned: BTreeMap<String, (usize, usize)> = BTreeMap::new();
                let first: Vec<String> = personas.iter().take(1).cloned().collect();
                let own = |line: &Node, voices: &[String], owned: &mut BTreeMap<String, (usize, usize)>| {
                    let owners = match said_for(&line.args).1 {
                        Some(persona) => vec![persona.to_string()],
                        None => voices.to_vec(),
                    };
                    for owner in owners {
                        let entry = owned.entry(owner).or_default();
                        if line.keyword == "pain" {
                            entry.0 += 1
                        } else {
                            entry.1 += 1
                        }
                    }
                };
                for line in stage.children.iter().filter(|c| c.keyword == "pain" || c.keyword == "delight") {
                    own(line, &first, &mut owned);
                }
                for (step, json_step) in stage.all("step").zip(json_stage["steps"].as_array().unwrap()) {
                    assert_eq!(json_step["id"], step.id(), "{path}: steps in written order");
                    let on_main = main[at];
                    at += 1;
                    steps_checked += 1;
                    side_steps += usize::from(!on_main);
                    let expected_path = if on_main { "main" } else { "side" };
                    if json_step["path"] != expected_path {
                        problems.push(format!("{path}: `{}` is on the {expected_path} path, model says {}", step.id(), json_step["path"]));
                    }
                    let step_personas: Vec<String> = step.all("persona").flat_map(|p| p.names()).collect();
                    let voices: Vec<&str> = if step_personas.is_empty() {
                        personas.iter().take(1).map(String::as_str).collect()
                    } else {
                        step_personas.iter().map(String::as_str).collect()
                    };
                    let voices_owned: Vec<String> = voices.iter().map(|v| v.to_string()).collect();
                    for line in step.children.iter().filter(|c| c.keyword == "pain" || c.keyword == "delight") {
                        own(line, &voices_owned, &mut owned);
                    }
                    let mut feelings: BTreeMap<String, i64> = BTreeMap::new();
                    let mut unattributed = None;
                    for line in step.all("feels") {
                        let (args, persona) = said_for(&line.args);
                        let (name, value) = feels(args, &custom);
                        match persona {
                            Some(persona) => {
                                feelings.insert(persona.to_string(), value);
                            }
                            None => unattributed = Some((name, value)),
                        }
                    }
                    match &unattributed {
                        None => {
                            if !json_step["emotion"].is_null() {
                                problems.push(format!("{path}: `{}` has no `feels` but an emotion {}", step.id(), json_step["emotion"]));
                            }
                        }
                        Some((name, value)) => {
                            if on_main { &mut scores.0 } else { &mut scores.1 }.push(*value);
                            let emotion = &json_step["emotion"];
                            if emotion["score"].as_i64() != Some(*value) || emotion["name"].as_str() != name.as_deref() {
                                problems.push(format!("{path}: `{}` feels {name:?} {value}, model says {emotion}", step.id()));
                            }
                            for voice in &voices {
                                feelings.entry(voice.to_string()).or_insert(*value);
                            }
                        }
                    }
                    for (persona, value) in &feelings {
                        let point = json_step["feelings"].as_array().unwrap().iter().find(|f| f["persona"] == *persona);
                        if point.and_then(|p| p["score"].as_i64()) != Some(*value) {
                            problems.push(format!("{path}: `{}` feels {value} for {persona}, model says {point:?}", step.id()));
                        }
                        let entry = by_persona.entry(persona.clone()).or_default();
                        if on_main { &mut entry.0 } else { &mut entry.1 }.push(*value);
                        persona_points += 1;
                    }
                    if json_step["feelings"].as_array().unwrap().len() != feelings.len() {
                        problems.push(format!(
                            "{path}: `{}` has {} feelings, model says {}",
                            step.id(),
                            feelings.len(),
                            json_step["feelings"]
                        ));
                    }
                }
                assert_eq!(
                    stage.all("step").count(),
                    json_stage["steps"].as_array().unwrap().len(),
                    "{path}: every step of `{}`",
                    stage.id()
                );
                let what = format!("{path}: stage `{}`", stage.id());
                for figures in json_stage["by_persona"].as_array().unwrap() {
                    let persona = figures["persona"].as_str().unwrap();
                    let (pains, delights) = owned.get(persona).copied().unwrap_or_default();
                    if figures["pains"] != pains || figures["delights"] != delights {
                        problems.push(format!("{what}: {persona} owns {pains} pains and {delights} delights, model says {figures}"));
                    }
                    pains_checked += pains + delights;
                }
                problems.extend(summary_problems(&what, &scores.0, &json_stage["emotion"]));
                problems.extend(summary_problems(&format!("{what} (side paths)"), &scores.1, &json_stage["side_emotion"]));
                problems.extend(persona_problems(&what, &personas, &by_persona, &json_stage["by_persona"]));
                journey_scores.0.extend(scores.0);
                journey_scores.1.extend(scores.1);
                for (persona, (main, side)) in by_persona {
                    let entry = journey_by_persona.entry(persona).or_default();
                    entry.0.extend(main);
                    entry.1.extend(side);
                }
            }
            let what = format!("{path}: journey `{}`", journey.id());
            problems.extend(summary_problems(&what, &journey_scores.0, &json_journey["emotion"]));
            problems.extend(summary_problems(&format!("{what} (side paths)"), &journey_scores.1, &json_journey["side_emotion"]));
            problems.extend(persona_problems(&what, &personas, &journey_by_persona, &json_journey["by_persona"]));
        }
    }
    assert!(steps_checked >= 40, "{steps_checked} steps");
    assert!(side_steps >= 3, "the examples have side paths: {side_steps}");
    assert!(persona_points >= 40, "{persona_points} persona points");
    assert!(pains_checked >= 20, "{pains_checked} pains and delights");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each persona's main-path and side-path figures against the model's `by_persona`.
fn persona_problems(what: &str, personas: &[String], computed: &BTreeMap<String, (Vec<i64>, Vec<i64>)>, json: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let listed: Vec<&str> = json.as_array().unwrap().iter().map(|f| f["persona"].as_str().unwrap()).collect();
    if listed != personas.iter().map(String::as_str).collect::<Vec<_>>() {
        problems.push(format!("{what}: figures for {listed:?}, the journey's personas are {personas:?}"));
    }
    for figures in json.as_array().unwrap() {
        let persona = figures["persona"].as_str().unwrap();
        let (main, side) = computed.get(persona).cloned().unwrap_or_default();
        problems.extend(summary_problems(&format!("{what} for {persona}"), &main, &figures["emotion"]));
        problems.extend(summary_problems(&format!("{what} for {persona} (side paths)"), &side, &figures["side_emotion"]));
    }
    problems
}

#[test]
fn grocery_emotions_the_brief_spells_out() {
    let model = build_json("examples/grocery.journey");
    let steps: BTreeMap<String, Value> = model["journeys"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["steps"].as_array().unwrap().clone())
        .map(|s| (s["id"].as_str().unwrap().to_string(), s))
        .collect();
    assert_eq!(steps["see_ad"]["emotion"]["score"], 1, "curious is +1");
    assert_eq!(steps["call_support"]["emotion"]["score"], -3, "`feels annoyed -3` overrides annoyed's -2");
    assert_eq!(steps["call_support"]["emotion"]["name"], "annoyed");
    assert_eq!(steps["confirm"]["emotion"]["score"], 2, "custom `emotion reassured +2`");
    assert_eq!(steps["receive"]["emotion"]["score"], 3, "delighted is +3");
}

/// (from, to, kind) edges a reader expects: `next` where written, else the next step written.
fn expected_flow(journey: &Node) -> Vec<(String, String, String)> {
    let steps: Vec<&Node> = stages_of(journey).into_iter().flat_map(|s| s.all("step")).collect();
    let mut edges = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        match step.first("next") {
            Some(_) => {
                // `next a "Outcome", b`: the first word of each item.
                let targets = step.all("next").flat_map(|n| n.names()).map(|item| item.split_whitespace().next().unwrap_or("").to_string());
                edges.extend(targets.map(|to| (step.id().to_string(), to, "next".to_string())));
            }
            // A step with `exit` and no `next` leads nowhere.
            None if step.first("exit").is_some() => {}
            None => {
                if let Some(following) = steps.get(i + 1) {
                    edges.push((step.id().to_string(), following.id().to_string(), "sequence".to_string()));
                }
            }
        }
    }
    edges.sort();
    edges
}

#[test]
fn flow_edges_follow_next_and_written_order() {
    for (path, files) in BUILDS {
        let model = build_json(path);
        for journey in read_build(files).iter().filter(|n| n.keyword == "journey") {
            let json = model["journeys"].as_array().unwrap().iter().find(|j| j["id"] == journey.id()).unwrap();
            let mut flow: Vec<(String, String, String)> = json["flow"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["from"].as_str().unwrap().into(), e["to"].as_str().unwrap().into(), e["kind"].as_str().unwrap().into()))
                .collect();
            flow.sort();
            assert_eq!(flow, expected_flow(journey), "{path}: flow of `{}`", journey.id());
            // Each step's `next` lists exactly where its edges go.
            for step in json["stages"].as_array().unwrap().iter().flat_map(|s| s["steps"].as_array().unwrap()) {
                let mut next: Vec<&str> = step["next"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
                let mut targets: Vec<&str> =
                    flow.iter().filter(|(from, _, _)| step["id"] == from.as_str()).map(|(_, to, _)| to.as_str()).collect();
                next.sort();
                targets.sort();
                assert_eq!(next, targets, "{path}: `next` of step {}", step["id"]);
            }
        }
    }
}

#[test]
fn grocery_flow_the_brief_spells_out() {
    let model = build_json("examples/grocery.journey");
    let flow: Vec<(String, String, String)> = model["journeys"][0]["flow"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["from"].as_str().unwrap().into(), e["to"].as_str().unwrap().into(), e["kind"].as_str().unwrap().into()))
        .collect();
    let has = |from: &str, to: &str, kind: &str| flow.iter().any(|(f, t, k)| f == from && t == to && k == kind);
    assert!(has("checkout", "confirm", "next"), "{flow:?}");
    assert!(has("checkout", "call_support", "next"), "{flow:?}");
    assert!(has("call_support", "confirm", "next"), "{flow:?}");
    assert!(has("compare", "sign_up", "sequence"), "{flow:?}");
    assert!(has("confirm", "receive", "sequence"), "across stages: {flow:?}");
    assert!(!has("checkout", "call_support", "sequence"), "`next` replaces the written order: {flow:?}");
    assert_eq!(flow.iter().filter(|(f, _, _)| f == "checkout").count(), 2, "checkout leads only where `next` says: {flow:?}");
}

#[test]
fn channel_stage_matrix_lists_the_steps_of_each_stage_in_each_channel() {
    for (path, files) in BUILDS {
        let model = build_json(path);
        for journey in read_build(files).iter().filter(|n| n.keyword == "journey") {
            let json = &model["journeys"].as_array().unwrap().iter().find(|j| j["id"] == journey.id()).unwrap()["channel_stage_matrix"];
            let stages: Vec<&Node> = stages_of(journey);
            let json_stages: Vec<&str> = json["stages"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            assert_eq!(json_stages, stages.iter().map(|s| s.id()).collect::<Vec<_>>(), "{path}: matrix stages");
            let used: BTreeSet<String> = stages
                .iter()
                .flat_map(|s| s.all("step"))
                .flat_map(|step| step.first("channel").map(Node::names).unwrap_or_default())
                .collect();
            let json_channels: Vec<&str> = json["channels"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(json_channels.iter().map(|c| c.to_string()).collect::<BTreeSet<_>>(), used, "{path}: matrix channels");
            assert_eq!(json_channels.len(), used.len(), "{path}: each channel once");
            for (c, channel) in json_channels.iter().enumerate() {
                for (s, stage) in stages.iter().enumerate() {
                    let want: Vec<&str> = stage
                        .all("step")
                        .filter(|step| step.first("channel").is_some_and(|ch| ch.names().iter().any(|n| n == channel)))
                        .map(Node::id)
                        .collect();
                    let got: Vec<&str> = json["cells"][c][s].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
                    assert_eq!(got, want, "{path}: cell ({channel}, {})", stage.id());
                }
            }
        }
    }
    // The brief's example.
    let model = build_json("examples/grocery.journey");
    let matrix = &model["journeys"][0]["channel_stage_matrix"];
    let c = matrix["channels"].as_array().unwrap().iter().position(|c| c == "web").unwrap();
    let s = matrix["stages"].as_array().unwrap().iter().position(|s| s == "consideration").unwrap();
    assert_eq!(matrix["cells"][c][s], serde_json::json!(["compare", "sign_up"]));
}

#[test]
fn kpi_steps_are_the_steps_that_say_they_move_it() {
    for (path, files) in BUILDS {
        let kpis = json_kpis(&build_json(path));
        let mut want: BTreeMap<String, Vec<String>> = kpis.keys().map(|k| (k.clone(), Vec::new())).collect();
        for journey in read_build(files).iter().filter(|n| n.keyword == "journey") {
            for step in stages_of(journey).into_iter().flat_map(|s| s.all("step")) {
                for kpi in step.all("kpi").flat_map(Node::names) {
                    want.get_mut(&kpi).unwrap_or_else(|| panic!("{path}: step kpi {kpi} declared")).push(step.id().to_string());
                }
            }
        }
        for (id, steps) in want {
            let got: Vec<&str> = kpis[&id]["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            assert_eq!(got, steps, "{path}: steps of KPI `{id}`");
        }
    }
}

// ───────────────────────────── Tests: references and positions ─────────────────────────────

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[test]
fn every_reference_names_an_id_that_exists_in_the_document() {
    for (path, _) in BUILDS {
        let model = build_json(path);
        let (personas, channels, teams, emotions) =
            (ids(&model["personas"]), ids(&model["channels"]), ids(&model["teams"]), ids(&model["emotions"]));
        let mut problems = Vec::new();
        let mut check = |what: &str, name: &str, set: &BTreeSet<String>| {
            if !set.contains(name) {
                problems.push(format!("{what} `{name}` is not in the document"));
            }
        };
        for journey in model["journeys"].as_array().unwrap() {
            let stages: Vec<&Value> = journey["stages"].as_array().unwrap().iter().collect();
            let steps: Vec<&Value> = stages.iter().flat_map(|s| s["steps"].as_array().unwrap()).collect();
            let step_ids: BTreeSet<String> = steps.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
            let stage_ids: BTreeSet<String> = stages.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
            let all_kpis: Vec<&Value> =
                journey["kpis"].as_array().unwrap().iter().chain(stages.iter().flat_map(|s| s["kpis"].as_array().unwrap())).collect();
            let kpi_ids: BTreeSet<String> = all_kpis.iter().map(|k| k["id"].as_str().unwrap().to_string()).collect();
            for p in strings(&journey["personas"]) {
                check("journey persona", &p, &personas);
            }
            for step in &steps {
                for c in strings(&step["channels"]) {
                    check("step channel", &c, &channels);
                }
                for p in strings(&step["personas"]) {
                    check("step persona", &p, &personas);
                }
                for k in strings(&step["kpis"]) {
                    check("step KPI", &k, &kpi_ids);
                }
                for n in strings(&step["next"]) {
                    check("next step", &n, &step_ids);
                }
                if let Some(owner) = step["owner"].as_str() {
                    check("step owner", owner, &teams);
                }
                if let Some(name) = step["emotion"]["name"].as_str() {
                    check("emotion", name, &emotions);
                }
                for o in step["opportunities"].as_array().unwrap() {
                    if let Some(owner) = o["owner"].as_str() {
                        check("opportunity owner", owner, &teams);
                    }
                }
            }
            for kpi in &all_kpis {
                if let Some(owner) = kpi["owner"].as_str() {
                    check("KPI owner", owner, &teams);
                }
                for s in strings(&kpi["steps"]) {
                    check("KPI step", &s, &step_ids);
                }
            }
            for edge in journey["flow"].as_array().unwrap() {
                check("flow from", edge["from"].as_str().unwrap(), &step_ids);
                check("flow to", edge["to"].as_str().unwrap(), &step_ids);
            }
            let matrix = &journey["channel_stage_matrix"];
            for c in strings(&matrix["channels"]) {
                check("matrix channel", &c, &channels);
            }
            for s in strings(&matrix["stages"]) {
                check("matrix stage", &s, &stage_ids);
            }
            for cell in matrix["cells"].as_array().unwrap().iter().flat_map(|row| row.as_array().unwrap()) {
                for s in strings(cell) {
                    check("matrix step", &s, &step_ids);
                }
            }
        }
        assert!(problems.is_empty(), "{path}:\n{}", problems.join("\n"));
    }
}

/// 1-based line and column (in characters) of a byte offset; `\n`, `\r\n` and `\r` end lines.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let ends_line = *b == b'\n' || (*b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, before[line_start..].chars().count() + 1)
}

#[test]
fn positions_point_at_the_declarations_in_the_source() {
    for (path, files) in BUILDS {
        let model = build_json(path);
        let texts: BTreeMap<String, String> =
            files.iter().map(|f| (f.to_string(), std::fs::read_to_string(root().join(f)).unwrap())).collect();
        assert_eq!(strings(&model["files"]).into_iter().collect::<BTreeSet<_>>(), texts.keys().cloned().collect(), "{path}: files");
        let mut problems = Vec::new();
        let mut check = |what: String, expected_start: String, position: &Value| {
            let file = position["file"].as_str().unwrap_or("?");
            let Some(text) = texts.get(file) else {
                problems.push(format!("{what}: position in unknown file {file:?}"));
                return;
            };
            let (offset, end) = (position["offset"].as_u64().unwrap() as usize, position["end_offset"].as_u64().unwrap() as usize);
            let Some(slice) = text.get(offset..end) else {
                problems.push(format!("{what}: {offset}..{end} is not a slice of {file}"));
                return;
            };
            if !slice.starts_with(&expected_start) {
                problems.push(format!("{what}: {file}:{offset}..{end} is {slice:?}, expected it to start with {expected_start:?}"));
            }
            let (line, column) = line_column(text, offset);
            let (end_line, end_column) = line_column(text, end);
            let got = [&position["line"], &position["column"], &position["end_line"], &position["end_column"]]
                .map(|v| v.as_u64().unwrap() as usize);
            if got != [line, column, end_line, end_column] {
                problems.push(format!(
                    "{what}: line/column {got:?} but offset {offset}..{end} is at {:?}",
                    [line, column, end_line, end_column]
                ));
            }
        };
        for (list, keyword) in [("personas", "persona"), ("channels", "channel"), ("teams", "team")] {
            for item in model[list].as_array().unwrap() {
                let id = item["id"].as_str().unwrap();
                check(format!("{keyword} {id}"), format!("{keyword} {id}"), &item["position"]);
            }
        }
        for emotion in model["emotions"].as_array().unwrap().iter().filter(|e| e["builtin"] == false) {
            let id = emotion["id"].as_str().unwrap();
            check(format!("emotion {id}"), format!("emotion {id}"), &emotion["position"]);
        }
        for journey in model["journeys"].as_array().unwrap() {
            let id = journey["id"].as_str().unwrap();
            check(format!("journey {id}"), format!("journey {id}"), &journey["position"]);
            let mut kpis: Vec<&Value> = journey["kpis"].as_array().unwrap().iter().collect();
            for stage in journey["stages"].as_array().unwrap() {
                let id = stage["id"].as_str().unwrap();
                check(format!("stage {id}"), format!("stage {id}"), &stage["position"]);
                kpis.extend(stage["kpis"].as_array().unwrap());
                for step in stage["steps"].as_array().unwrap() {
                    let id = step["id"].as_str().unwrap();
                    check(format!("step {id}"), format!("step {id}"), &step["position"]);
                    for o in step["opportunities"].as_array().unwrap() {
                        check(format!("opportunity of {id}"), "opportunity \"".into(), &o["position"]);
                    }
                }
            }
            for kpi in kpis {
                let id = kpi["id"].as_str().unwrap();
                check(format!("kpi {id}"), format!("kpi {id}"), &kpi["position"]);
            }
        }
        assert!(problems.is_empty(), "{path}:\n{}", problems.join("\n"));
    }
}

#[test]
fn the_binary_and_the_library_agree_on_the_model() {
    // `journey build` writes what `Build::model` gives, for a one-file build.
    let text = std::fs::read_to_string(root().join("examples/grocery.journey")).unwrap();
    let loader = MemoryLoader::new().with("examples/grocery.journey", text.as_bytes());
    let compilation = journey_compiler::compile(&[PathBuf::from("examples/grocery.journey")], &loader, &Config::default());
    let library = serde_json::to_value(compilation.builds[0].model(&compilation.workspace)).unwrap();
    assert_eq!(library, build_json("examples/grocery.journey"));
}
