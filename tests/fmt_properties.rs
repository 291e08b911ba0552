//! Properties of `journey fmt` over generated journeys and over the examples:
//! formatting succeeds on valid files, is idempotent, keeps every `//`
//! comment in order, and never changes what the file means (the JSON model
//! of the formatted file equals the original's, positions aside).

mod common;
use common::*;

use journey_compiler::format::format;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use std::collections::BTreeMap;
use std::path::PathBuf;

// What formatting must keep (idempotence, comments, meaning) is written
// once, with the fuzz target that checks it on arbitrary files.
#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;
use targets::{check_formatting, meaning};

// ───────────────────────────── A generator of valid journeys ─────────────────────────────

/// splitmix64: small, fast, reproducible from the seed proptest picks.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A random subset of at least `min` items, in their order.
    fn subset<T: Clone>(&mut self, items: &[T], min: usize) -> Vec<T> {
        loop {
            let chosen: Vec<T> = items.iter().filter(|_| self.chance(50)).cloned().collect();
            if chosen.len() >= min.min(items.len()) {
                return chosen;
            }
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// One statement: doc lines, keyword, values (each with or without a comma before it), an optional block.
struct Stmt {
    docs: Vec<String>,
    keyword: String,
    args: Vec<(bool, String)>,
    block: Option<Vec<Stmt>>,
}

impl Stmt {
    fn new(keyword: &str, args: &[&str]) -> Stmt {
        Stmt { docs: vec![], keyword: keyword.into(), args: args.iter().map(|a| (false, a.to_string())).collect(), block: None }
    }

    fn list(keyword: &str, items: &[String]) -> Stmt {
        Stmt {
            docs: vec![],
            keyword: keyword.into(),
            args: items.iter().enumerate().map(|(i, a)| (i > 0, a.clone())).collect(),
            block: None,
        }
    }

    fn with(mut self, children: Vec<Stmt>) -> Stmt {
        self.block = Some(children);
        self
    }

    fn simple(&self) -> bool {
        self.block.is_none() && self.docs.is_empty()
    }
}

const WORDS: &[&str] = &[
    "Maya",
    "checkout",
    "Café",
    "naïve",
    "日本語",
    "😀",
    "\\\"quoted\\\"",
    "back\\\\slash",
    "tab\\there",
    "line\\nbreak",
    "\\u{1F600}",
    "https://example.com/a//b",
    "a; b",
    "{braces}",
    "// not a comment",
    "/// nor a doc",
    "100%",
    "$5",
    "#hash",
    "  spaced  ",
    "x",
];

fn string(rng: &mut Rng) -> String {
    if rng.chance(3) {
        return "\"\"".into();
    }
    let words: Vec<&str> = (0..rng.between(1, 4)).map(|_| *rng.pick(WORDS)).collect();
    format!("\"{}\"", words.join(" "))
}

const COMMENT_WORDS: &[&str] =
    &["note", "TODO", "\"unclosed", "{", "}", ";", "// twice", "///", "é", "😀", "a\"b\"c", "\\", "step x \"y\" {", "  wide"];

fn comment(rng: &mut Rng, counter: &mut usize) -> String {
    *counter += 1;
    let prefix = rng.pick(&["// ", "//", "//// ", "//  ", "//\t"]);
    let words: Vec<&str> = (0..rng.between(0, 4)).map(|_| *rng.pick(COMMENT_WORDS)).collect();
    // The counter first: the body never starts with `/`, which would make a doc comment.
    format!("{prefix}c{counter} {}", words.join(" "))
}

fn doc_lines(rng: &mut Rng) -> Vec<String> {
    if !rng.chance(20) {
        return vec![];
    }
    (0..rng.between(1, 2))
        .map(|_| {
            if rng.chance(10) {
                return String::new();
            }
            let words: Vec<&str> =
                (0..rng.between(1, 3)).map(|_| *rng.pick(&["Docs", "for é", "the \"thing\"", "{x}", "a // b"])).collect();
            words.join(" ")
        })
        .collect()
}

/// The built-in emotions, from the language table.
fn builtin() -> Vec<&'static str> {
    journey_compiler::language::BUILTIN_EMOTIONS.iter().map(|(name, _)| *name).collect()
}
const SCORES: &[&str] = &["+3", "+2", "+1", "0", "-1", "-2", "-3"];
const OPERATORS: &[&str] = &[">=", "<=", ">", "<", "="];

/// A number with 0–2 decimals in `lo..=hi`.
fn number(rng: &mut Rng, lo: i64, hi: i64) -> (f64, String) {
    let whole = lo + rng.below((hi - lo + 1) as usize) as i64;
    if whole < hi && rng.chance(30) {
        let decimals = rng.between(1, 99);
        let text = if whole < 0 { format!("-{}.{decimals:02}", -whole - 1) } else { format!("{whole}.{decimals:02}") };
        (text.parse().unwrap(), text)
    } else {
        (whole as f64, whole.to_string())
    }
}

/// A KPI block: a target, an actual, maybe a baseline, owner, scale and doc, all in one unit.
fn kpi(rng: &mut Rng, id: &str, teams: &[String]) -> Stmt {
    let kind = rng.below(4);
    let currency = rng.below(3);
    let duration_unit = *rng.pick(&["s", "min", "h", "d", "w"]);
    let scaled = kind == 3 && rng.chance(50);
    let value = |rng: &mut Rng| -> (f64, String) {
        match kind {
            0 => {
                let (n, t) = number(rng, 0, 99);
                (n, format!("{t}%"))
            }
            1 => {
                let (n, t) = number(rng, 1, 90);
                (n, format!("{t}{duration_unit}"))
            }
            2 => {
                let (n, t) = number(rng, 1, 5000);
                let spaces = " ".repeat(rng.between(1, 3));
                let text = match (currency, rng.chance(50)) {
                    (0, true) => format!("${t}"),
                    (1, true) => format!("€{t}"),
                    (2, true) => format!("£{t}"),
                    (c, _) => format!("{t}{spaces}{}", ["USD", "EUR", "GBP"][c]),
                };
                (n, text)
            }
            _ if scaled => number(rng, -100, 100),
            _ => number(rng, -1000, 1000),
        }
    };
    let mut children = Vec::new();
    if rng.chance(85) {
        let target = if rng.chance(25) {
            let (a, b) = (value(rng), value(rng));
            let (low, high) = if a.0 <= b.0 { (a.1, b.1) } else { (b.1, a.1) };
            Stmt::new("target", &[&format!("{low}..{high}")])
        } else {
            let op = *rng.pick(OPERATORS);
            Stmt::new("target", &[op, &value(rng).1])
        };
        children.push(target);
    }
    if rng.chance(80) {
        children.push(Stmt::new("actual", &[&value(rng).1]));
    }
    if rng.chance(30) {
        children.push(Stmt::new("baseline", &[&value(rng).1]));
    }
    if scaled {
        children.push(Stmt::new("scale", &["-100..100"]));
    }
    if !teams.is_empty() && rng.chance(40) {
        children.push(Stmt::new("owner", &[rng.pick(teams).as_str()]));
    }
    if rng.chance(15) {
        children.push(Stmt::new("doc", &[&string(rng)]));
    }
    rng.shuffle(&mut children);
    let mut stmt = Stmt::new("kpi", &[id, &string(rng)]).with(children);
    stmt.docs = doc_lines(rng);
    stmt
}

struct Scope {
    personas: Vec<String>,
    channels: Vec<String>,
    teams: Vec<String>,
    emotions: Vec<String>,
}

fn step(rng: &mut Rng, id: &str, scope: &Scope, personas: &[String], kpis: &[String], steps: &[String]) -> Stmt {
    let mut attrs = Vec::new();
    // A step names its personas or concerns everyone; `for` names one of them.
    let step_personas = if rng.chance(15) { rng.subset(personas, 1) } else { Vec::new() };
    let taking_part = if step_personas.is_empty() { personas.to_vec() } else { step_personas.clone() };
    let channels = if rng.chance(80) { rng.subset(&scope.channels, 1) } else { Vec::new() };
    if !channels.is_empty() {
        attrs.push(Stmt::list("channel", &channels));
    }
    for _ in 0..rng.between(0, 2) {
        if rng.chance(40) {
            match channels.is_empty() || rng.chance(50) {
                true => attrs.push(Stmt::new("touchpoint", &[&string(rng)])),
                false => attrs.push(Stmt::new("touchpoint", &[&string(rng), "via", rng.pick(&channels).as_str()])),
            }
        }
    }
    for keyword in ["does", "thinks", "pain", "delight", "quote", "frontstage", "backstage", "support", "source"] {
        let most = if matches!(keyword, "does" | "pain") { 2 } else { 1 };
        let chance = if matches!(keyword, "does" | "thinks" | "pain" | "delight") { 40 } else { 10 };
        let said = matches!(keyword, "does" | "thinks" | "pain" | "delight" | "quote");
        for _ in 0..most {
            if rng.chance(chance) {
                let text = string(rng);
                match said && rng.chance(30) {
                    true => attrs.push(Stmt::new(keyword, &[&text, "for", rng.pick(&taking_part).as_str()])),
                    false => attrs.push(Stmt::new(keyword, &[&text])),
                }
            }
        }
    }
    if rng.chance(15) {
        attrs.push(if rng.chance(50) { Stmt::new("moment", &[]) } else { Stmt::new("moment", &[&string(rng)]) });
    }
    for keyword in ["duration", "wait"] {
        if rng.chance(15) {
            attrs.push(Stmt::new(keyword, &[*rng.pick(&["30s", "45min", "2h", "3d", "1.5w"])]));
        }
    }
    // Not for a persona the feeling without `for` already belongs to.
    let voices = if step_personas.is_empty() { personas[..1].to_vec() } else { step_personas.clone() };
    for persona in taking_part.iter().filter(|p| !voices.contains(p)) {
        if rng.chance(20) {
            attrs.push(Stmt::new("feels", &[*rng.pick(&builtin()), "for", persona.as_str()]));
        }
    }
    if rng.chance(80) {
        let feels = match rng.below(4) {
            0 => Stmt::new("feels", &[*rng.pick(&builtin())]),
            1 => Stmt::new("feels", &[*rng.pick(&builtin()), *rng.pick(SCORES)]),
            2 => Stmt::new("feels", &[*rng.pick(SCORES)]),
            _ if !scope.emotions.is_empty() => Stmt::new("feels", &[rng.pick(&scope.emotions).as_str()]),
            _ => Stmt::new("feels", &[*rng.pick(&builtin())]),
        };
        attrs.push(feels);
    }
    if rng.chance(30) {
        let mut opportunity = Stmt::new("opportunity", &[&string(rng)]);
        if rng.chance(70) {
            let mut children = Vec::new();
            if !scope.teams.is_empty() && rng.chance(70) {
                children.push(Stmt::new("owner", &[rng.pick(&scope.teams).as_str()]));
            }
            for keyword in ["impact", "effort"] {
                if rng.chance(60) {
                    children.push(Stmt::new(keyword, &[*rng.pick(&["low", "medium", "high"])]));
                }
            }
            opportunity = opportunity.with(children);
        }
        attrs.push(opportunity);
    }
    if !step_personas.is_empty() {
        attrs.push(Stmt::list("persona", &step_personas));
    }
    if !kpis.is_empty() && rng.chance(20) {
        attrs.push(Stmt::list("kpi", &rng.subset(kpis, 1)));
    }
    let others: Vec<String> = steps.iter().filter(|s| *s != id).cloned().collect();
    if !others.is_empty() && rng.chance(15) {
        let mut next = rng.subset(&others, 1);
        next.truncate(2);
        if rng.chance(50) {
            // `next a "Outcome", b "Other"`: each name with its outcome.
            let mut stmt = Stmt::list("next", &next);
            stmt.args = next.iter().enumerate().flat_map(|(i, n)| [(i > 0, n.clone()), (false, string(rng))]).collect();
            attrs.push(stmt);
        } else {
            attrs.push(Stmt::list("next", &next));
        }
    }
    if rng.chance(8) {
        attrs.push(if rng.chance(50) { Stmt::new("exit", &[]) } else { Stmt::new("exit", &[&string(rng)]) });
    }
    if !scope.teams.is_empty() && rng.chance(20) {
        attrs.push(Stmt::new("owner", &[rng.pick(&scope.teams).as_str()]));
    }
    if rng.chance(20) {
        attrs.push(Stmt::new("evidence", &[*rng.pick(&["observed", "assumed", "proposed"])]));
    }
    rng.shuffle(&mut attrs);
    let mut stmt = Stmt::new("step", &[id, &string(rng)]).with(attrs);
    stmt.docs = doc_lines(rng);
    stmt
}

fn journey(rng: &mut Rng, j: usize, scope: &Scope) -> Stmt {
    let personas = rng.subset(&scope.personas, 1);
    let stage_count = rng.between(1, 3);
    let layout: Vec<Vec<String>> = (0..stage_count).map(|s| (0..rng.between(1, 3)).map(|n| format!("st{j}_{s}_{n}")).collect()).collect();
    let steps: Vec<String> = layout.iter().flatten().cloned().collect();
    let journey_kpis: Vec<String> = (0..rng.between(0, 3)).map(|n| format!("k{j}_{n}")).collect();
    let stage_kpis: Vec<Vec<String>> =
        (0..stage_count).map(|s| (0..rng.between(0, 2)).map(|n| format!("k{j}_{s}_{n}")).collect()).collect();
    let all_kpis: Vec<String> = journey_kpis.iter().chain(stage_kpis.iter().flatten()).cloned().collect();

    let mut children = vec![Stmt::list("persona", &personas)];
    if rng.chance(50) {
        children.push(Stmt::new("goal", &[&string(rng)]));
    }
    if rng.chance(30) {
        children.push(Stmt::new("state", &[*rng.pick(&["as-is", "to-be"])]));
    }
    for (s, stage_steps) in layout.iter().enumerate() {
        let mut stage_children = Vec::new();
        if rng.chance(30) {
            stage_children.push(Stmt::new("goal", &[&string(rng)]));
        }
        for id in stage_steps {
            stage_children.push(step(rng, id, scope, &personas, &all_kpis, &steps));
        }
        for id in &stage_kpis[s] {
            stage_children.push(kpi(rng, id, &scope.teams));
        }
        for keyword in ["pain", "delight", "support"] {
            if rng.chance(15) {
                stage_children.push(Stmt::new(keyword, &[&string(rng)]));
            }
        }
        let mut stage = Stmt::new("stage", &[&format!("s{j}_{s}"), &string(rng)]).with(stage_children);
        stage.docs = doc_lines(rng);
        // Some stages sit in a phase of their own.
        if rng.chance(25) {
            children.push(Stmt::new("phase", &[&format!("ph{j}_{s}"), &string(rng)]).with(vec![stage]));
        } else {
            children.push(stage);
        }
    }
    for id in &journey_kpis {
        children.push(kpi(rng, id, &scope.teams));
    }
    let mut stmt = Stmt::new("journey", &[&format!("j{j}"), &string(rng)]).with(children);
    stmt.docs = doc_lines(rng);
    stmt
}

/// The declarations of one random, valid file.
fn file(rng: &mut Rng) -> Vec<Stmt> {
    let scope = Scope {
        personas: (0..rng.between(1, 3)).map(|i| format!("p{i}")).collect(),
        channels: (0..rng.between(1, 4)).map(|i| format!("ch-{i}")).collect(),
        teams: (0..rng.between(0, 3)).map(|i| format!("team_{i}")).collect(),
        emotions: (0..rng.between(0, 2)).map(|i| format!("mood{i}")).collect(),
    };
    let mut items = Vec::new();
    for id in &scope.personas {
        let mut persona = Stmt::new("persona", &[id, &string(rng)]);
        if rng.chance(70) {
            let mut attrs = Vec::new();
            for keyword in ["goal", "need", "frustration", "quote", "trait"] {
                for _ in 0..rng.between(0, 2) {
                    attrs.push(Stmt::new(keyword, &[&string(rng)]));
                }
            }
            persona = persona.with(attrs);
        }
        items.push(persona);
    }
    for id in &scope.channels {
        let mut channel = Stmt::new("channel", &[id, &string(rng)]);
        if rng.chance(60) {
            channel = channel.with(vec![Stmt::new("type", &[*rng.pick(&["digital", "human", "physical", "broadcast"])])]);
        }
        items.push(channel);
    }
    for id in &scope.teams {
        items.push(Stmt::new("team", &[id, &string(rng)]));
    }
    for id in &scope.emotions {
        items.push(Stmt::new("emotion", &[id, *rng.pick(SCORES)]));
    }
    for j in 0..rng.between(1, 2) {
        items.push(journey(rng, j, &scope));
    }
    for item in &mut items {
        if item.docs.is_empty() {
            item.docs = doc_lines(rng);
        }
    }
    // Declarations may come in any order.
    if rng.chance(30) {
        rng.shuffle(&mut items);
    }
    items
}

/// Writes statements with random layout: indentation, blank lines, comments
/// on their own lines and at line ends, inline `{ a; b }` blocks, `;`-joined lines.
struct Writer<'r> {
    rng: &'r mut Rng,
    out: String,
    comments: usize,
}

impl Writer<'_> {
    fn indent(&mut self) {
        let indent = *self.rng.pick(&["", " ", "  ", "    ", "\t", "      ", "\t  "]);
        self.out.push_str(indent);
    }

    fn newline(&mut self) {
        if self.rng.chance(10) {
            let space = *self.rng.pick(&[" ", "\t", "   "]);
            self.out.push_str(space);
        }
        self.out.push('\n');
    }

    fn maybe_trailing_comment(&mut self) {
        if self.rng.chance(15) {
            let comment = comment(self.rng, &mut self.comments);
            let space = *self.rng.pick(&[" ", "  ", "\t", ""]);
            self.out.push_str(space);
            self.out.push_str(&comment);
        }
    }

    fn gap(&mut self) {
        for _ in 0..self.rng.between(0, 2).saturating_sub(usize::from(self.rng.chance(50))) {
            if self.rng.chance(30) {
                self.indent();
            }
            self.out.push('\n');
        }
        while self.rng.chance(15) {
            self.indent();
            let comment = comment(self.rng, &mut self.comments);
            self.out.push_str(&comment);
            self.newline();
        }
    }

    fn head(&mut self, stmt: &Stmt) -> String {
        let mut head = stmt.keyword.clone();
        for (comma, arg) in &stmt.args {
            let separator = if *comma { *self.rng.pick(&[", ", ",", " , ", ",\t", " ,"]) } else { *self.rng.pick(&[" ", " ", "  ", "\t"]) };
            head.push_str(separator);
            head.push_str(arg);
        }
        head
    }

    fn docs(&mut self, stmt: &Stmt) {
        for doc in &stmt.docs {
            self.indent();
            let space = if doc.is_empty() { "" } else { *self.rng.pick(&[" ", " ", ""]) };
            self.out.push_str(&format!("///{space}{doc}"));
            self.newline();
            if self.rng.chance(5) {
                self.indent();
                let comment = comment(self.rng, &mut self.comments);
                self.out.push_str(&comment);
                self.newline();
            }
        }
    }

    fn statements(&mut self, stmts: &[Stmt]) {
        let mut i = 0;
        while i < stmts.len() {
            self.gap();
            let stmt = &stmts[i];
            self.docs(stmt);
            self.indent();
            self.statement(stmt);
            // Sometimes the next simple statement joins this line after a `;`.
            while stmts[i].block.is_none() && i + 1 < stmts.len() && stmts[i + 1].simple() && self.rng.chance(15) {
                i += 1;
                let separator = *self.rng.pick(&["; ", ";", " ; "]);
                self.out.push_str(separator);
                let head = self.head(&stmts[i]);
                self.out.push_str(&head);
            }
            self.maybe_trailing_comment();
            self.newline();
            i += 1;
        }
    }

    fn statement(&mut self, stmt: &Stmt) {
        let head = self.head(stmt);
        self.out.push_str(&head);
        let Some(children) = &stmt.block else { return };
        let inlinable = children.iter().all(Stmt::simple);
        if inlinable && self.rng.chance(40) {
            let (open, separator, close) =
                (*self.rng.pick(&[" { ", " {", "{ ", " {  "]), *self.rng.pick(&["; ", ";", " ; "]), *self.rng.pick(&[" }", "}", "  }"]));
            let parts: Vec<String> = children.iter().map(|c| self.head(c)).collect();
            if parts.is_empty() {
                let empty = *self.rng.pick(&[" {}", " { }", "{}"]);
                self.out.push_str(empty);
            } else {
                self.out.push_str(&format!("{open}{}{close}", parts.join(separator)));
            }
            return;
        }
        let open = *self.rng.pick(&[" {", "{", "  {"]);
        self.out.push_str(open);
        self.maybe_trailing_comment();
        self.newline();
        self.statements(children);
        self.gap();
        self.indent();
        self.out.push('}');
    }
}

/// A random valid `.journey` text.
fn generate(seed: u64) -> String {
    let mut rng = Rng(seed);
    let items = file(&mut rng);
    let mut layout = Rng(rng.next());
    let mut writer = Writer { rng: &mut layout, out: String::new(), comments: 0 };
    if writer.rng.chance(30) {
        let comment = comment(writer.rng, &mut writer.comments);
        writer.out.push_str(&comment);
        writer.out.push('\n');
    }
    writer.statements(&items);
    writer.gap();
    let mut text = writer.out;
    if layout.chance(10) {
        text.truncate(text.trim_end_matches(['\n', ' ', '\t']).len());
    }
    if layout.chance(20) {
        text = text.replace('\n', "\r\n");
    }
    if layout.chance(5) {
        text.insert(0, '\u{FEFF}');
    }
    text
}

fn config(cases: u32) -> ProptestConfig {
    // No regression files: the tests must not write into the source tree.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn formatting_generated_journeys_keeps_comments_and_meaning(seed in any::<u64>()) {
        let text = generate(seed);
        let files: BTreeMap<String, String> = [("gen.journey".to_string(), text.clone())].into();
        let original = meaning(&files, "gen.journey");
        prop_assert!(original.errors.is_empty(), "seed {}: a generated file that should be valid has errors (a compiler or generator bug): {:#?}\n--- input:\n{}", seed, original.errors, text);
        if let Err(problem) = check_formatting(&files, "gen.journey") {
            prop_assert!(false, "seed {}: {}\n--- input:\n{}", seed, problem, text);
        }
    }
}

#[test]
fn the_generator_covers_the_layouts_it_promises() {
    // Guards the property above against a generator that quietly stopped varying.
    let texts: Vec<String> = (0..64).map(generate).collect();
    let any = |p: &dyn Fn(&str) -> bool| texts.iter().any(|t| p(t));
    assert!(any(&|t| t.contains("\r\n")), "CRLF");
    assert!(any(&|t| t.contains("\t")), "tabs");
    assert!(any(&|t| t.contains("///")), "doc comments");
    assert!(any(&|t| t.lines().any(|l| l.trim_start().starts_with("// c"))), "own-line comments");
    assert!(any(&|t| t.lines().any(|l| !l.trim_start().starts_with("//") && l.contains("// c"))), "trailing comments");
    assert!(any(&|t| t.contains("\n\n")), "blank lines");
    assert!(any(&|t| t.lines().any(|l| l.contains('{') && l.contains('}') && l.contains(';'))), "inline blocks");
    assert!(any(&|t| t.lines().any(|l| l.trim_end().ends_with('{'))), "multi-line blocks");
    assert!(any(&|t| t.contains("kpi ") && t.contains("target")), "KPIs");
    assert!(any(&|t| t.contains("next ")), "`next`");
    assert!(any(&|t| t.contains("opportunity")), "opportunities");
    assert!(any(&|t| t.contains(" USD") || t.contains(" EUR") || t.contains(" GBP")), "ISO money");
    let plain = texts.iter().filter(|t| !t.contains('\u{FEFF}')).count();
    assert!(plain > 0);
}

// ───────────────────────────── The examples ─────────────────────────────

/// Every `.journey` file under `examples/`, by path relative to the repository root.
fn example_files() -> BTreeMap<String, String> {
    fn walk(dir: &std::path::Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "journey") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("examples"), &mut found);
    found
        .into_iter()
        .map(|p| {
            let relative = p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn formatting_every_example_keeps_comments_and_meaning() {
    let files = example_files();
    assert!(files.len() >= 15, "{:?}", files.keys());
    let mut problems = Vec::new();
    for path in files.keys().filter(|p| !p.ends_with("invalid/syntax.journey")) {
        if let Err(problem) = check_formatting(&files, path) {
            problems.push(format!("{path}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(format(&files["examples/invalid/syntax.journey"]).is_err(), "a file with syntax errors is left alone");
}

#[test]
fn formatting_a_messed_up_example_gives_back_its_canonical_form() {
    // Re-indented, CRLF, trailing spaces, doubled blank lines: the layout a
    // colleague's editor might leave. `fmt` restores one canonical text.
    let files = example_files();
    for path in files.keys().filter(|p| !p.ends_with("invalid/syntax.journey")) {
        let text = &files[path];
        let canonical = format(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let flattened: String = text.lines().map(|l| format!("{}\n", l.trim_start())).collect();
        let tabs: String = text.lines().map(|l| format!("\t{l}   \n")).collect();
        let crlf = text.replace('\n', "\r\n");
        let airy = text.replace("\n\n", "\n\n\n\n");
        for (how, messed) in [("flattened", flattened), ("tabs and trailing spaces", tabs), ("CRLF", crlf), ("extra blank lines", airy)] {
            let formatted = format(&messed).unwrap_or_else(|e| panic!("{path} ({how}): {e}"));
            assert_eq!(formatted, canonical, "{path} ({how})");
        }
    }
}
