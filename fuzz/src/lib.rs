//! The bodies of Journey's fuzz targets: plain functions that panic when a
//! promise breaks (what each target feeds and checks: `fuzz/README.md`).
//! `fuzz_targets/*.rs` give them libFuzzer's inputs (nightly);
//! `tests/fuzz_corpus.rs` replays the committed corpus and every crash
//! found through them on stable, so CI checks each one on every run;
//! `tests/fmt_properties.rs` shares the formatter's properties.

use journey_compiler::config::Config;
use journey_compiler::format::format;
use journey_compiler::layout::{Options, View};
use journey_compiler::markdown::{self, Embed, Placement, Settings};
use journey_compiler::render::svg::SvgOptions;
use journey_compiler::render::{self, Colors};
use journey_compiler::source::MemoryLoader;
use journey_compiler::source::Sources;
use journey_compiler::Compilation;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where one file ends and the next begins in a fuzz input.
pub const FILE_BREAK: &[u8] = b"\n-----\n";

/// The files of an input: `a.journey`, `b.journey`, … (at most eight).
pub fn files(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut rest = data;
    for name in 'a'..='h' {
        let (file, next) = match rest.windows(FILE_BREAK.len()).position(|w| w == FILE_BREAK) {
            Some(at) if name < 'h' => (&rest[..at], Some(&rest[at + FILE_BREAK.len()..])),
            _ => (rest, None),
        };
        files.insert(format!("{name}.journey"), file.to_vec());
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    files
}

/// Every file of an input compiled as one folder is.
pub fn compile(files: &BTreeMap<String, Vec<u8>>) -> Compilation {
    let loader = files.iter().fold(MemoryLoader::new(), |loader, (name, bytes)| loader.with(name.as_str(), bytes.clone()));
    let roots: Vec<PathBuf> = files.keys().map(PathBuf::from).collect();
    journey_compiler::compile(&roots, &loader, &Config::default())
}

// ───────────────────────────── check ─────────────────────────────

/// Any bytes: compiled without a panic, every diagnostic inside its file,
/// every build's model written as JSON that reads back as the same value.
pub fn check(data: &[u8]) {
    let compilation = compile(&files(data));
    let sources = &compilation.workspace.sources;
    for build in &compilation.builds {
        for d in &build.diagnostics {
            assert!(d.is_inside(sources), "{} points outside its file: {d:?}", d.code);
            // Positions as people read them, as every report computes them.
            let _ = journey_compiler::ir::Position::new(sources, d.primary.file, d.primary.span);
        }
        let model = build.model(&compilation.workspace);
        let written = render::json::json(&model);
        let read: Value = serde_json::from_str(&written).expect("the model's JSON reads back");
        assert_eq!(read, serde_json::to_value(&model).expect("the model serialises"), "the JSON writer changed the model");
    }
}

// ───────────────────────────── format ─────────────────────────────

/// One UTF-8 file: formatting it (when it can be formatted) is idempotent,
/// keeps every comment in order and changes nothing it means.
pub fn format_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = BTreeMap::from([("a.journey".to_string(), text.to_string())]);
    if format(text).is_err() {
        return; // a file with a syntax error is refused, not formatted
    }
    if let Err(problem) = check_formatting(&files, "a.journey") {
        panic!("{problem}");
    }
}

/// Removes every `position` key, recursively.
pub fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("position");
            map.values_mut().for_each(strip_positions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

/// What a build of `root` means: its model without positions, and its diagnostic codes.
pub struct Meaning {
    pub model: Value,
    pub codes: Vec<String>,
    pub errors: Vec<String>,
}

pub fn meaning(files: &BTreeMap<String, String>, root: &str) -> Meaning {
    let loader = files.iter().fold(MemoryLoader::new(), |loader, (path, text)| loader.with(path.as_str(), text.as_bytes()));
    let compilation = journey_compiler::compile(&[PathBuf::from(root)], &loader, &Config::default());
    let build = compilation
        .builds
        .iter()
        .find(|b| b.files.iter().any(|f| compilation.workspace.sources.get(*f).path == Path::new(root)))
        .expect("the root's build");
    let mut model = serde_json::to_value(build.model(&compilation.workspace)).expect("the model serialises");
    strip_positions(&mut model);
    let mut codes: Vec<String> = build.diagnostics.iter().map(|d| d.code.as_str().to_string()).collect();
    codes.sort();
    let errors = build.diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.code.as_str(), d.message)).collect();
    Meaning { model, codes, errors }
}

/// The `//` comments of a text, in order, without trailing blanks (strings
/// skipped; `///` doc comments are not comments, `////` is). Written apart
/// from the compiler's own comment finder, as an oracle for it: a string
/// ends at its line's end, even after a backslash.
pub fn comments(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                i += 1;
                while i < chars.len() && !matches!(chars[i], '"' | '\n' | '\r') {
                    let escapes = chars[i] == '\\' && chars.get(i + 1).is_some_and(|c| !matches!(c, '\n' | '\r'));
                    i += if escapes { 2 } else { 1 };
                }
                i += 1;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], '\n' | '\r') {
                    i += 1;
                }
                let comment: String = chars[start..i].iter().collect();
                let doc = comment.starts_with("///") && !comment.starts_with("////");
                if !doc {
                    found.push(comment.trim_end_matches([' ', '\t']).to_string());
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// Checks every property of formatting one file of a set; `Err` describes the first broken one.
pub fn check_formatting(files: &BTreeMap<String, String>, path: &str) -> Result<(), String> {
    let text = &files[path];
    let formatted = format(text).map_err(|e| format!("format failed: {e}"))?;
    let again = format(&formatted).map_err(|e| format!("formatting the output failed: {e}\n--- output:\n{formatted}"))?;
    if again != formatted {
        return Err(format!("not idempotent\n--- once:\n{formatted}\n--- twice:\n{again}"));
    }
    let (before, after) = (comments(text), comments(&formatted));
    if before != after {
        return Err(format!("comments changed\n--- before: {before:#?}\n--- after: {after:#?}\n--- output:\n{formatted}"));
    }
    let original = meaning(files, path);
    let mut changed = files.clone();
    changed.insert(path.to_string(), formatted.clone());
    let reformatted = meaning(&changed, path);
    if original.model != reformatted.model {
        let (a, b) = (serde_json::to_string_pretty(&original.model).unwrap(), serde_json::to_string_pretty(&reformatted.model).unwrap());
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let context = |s: &str| s.lines().skip(first.saturating_sub(5)).take(12).collect::<Vec<_>>().join("\n");
        return Err(format!(
            "the model changed (first difference at line {first} of the JSON)\n--- before:\n{}\n--- after:\n{}\n--- output:\n{formatted}",
            context(&a),
            context(&b)
        ));
    }
    if original.codes != reformatted.codes {
        return Err(format!("the diagnostics changed: {:?} → {:?}\n--- output:\n{formatted}", original.codes, reformatted.codes));
    }
    Ok(())
}

// ───────────────────────────── render ─────────────────────────────

/// Journeys without errors: every journey drawn in a view, theme and
/// persona the input picks is well-formed XML with no active content and
/// no hidden character, the same twice; its HTML page and Mermaid text too.
pub fn render_files(data: &[u8]) {
    let compilation = compile(&files(data));
    let pick = data.iter().fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
    for build in &compilation.builds {
        if build.has_errors() {
            continue;
        }
        let model = build.model(&compilation.workspace);
        for journey in &model.journeys {
            let view = [View::Full, View::Emotion, View::Blueprint][pick % 3];
            let colors = [Colors::Light, Colors::Dark, Colors::Auto][pick / 3 % 3];
            let persona = (pick / 9 % 2 == 1).then(|| journey.personas.first().cloned()).flatten().map(|p| p.to_string());
            let options = Options { theme: colors.theme(), view, persona: persona.clone() };
            let svg = render::draw(&model, journey, &options, colors, SvgOptions { id_prefix: "j1-", ..SvgOptions::default() });
            assert_eq!(
                svg,
                render::draw(&model, journey, &options, colors, SvgOptions { id_prefix: "j1-", ..SvgOptions::default() }),
                "the same model drew two pictures"
            );
            assert_safe_svg(&svg);
            let html = render::html::html(&model, journey, &svg, colors);
            assert!(!html.to_ascii_lowercase().contains("<script"), "a script in the page");
            assert!(html.contains("Content-Security-Policy"), "the page lost its CSP");
            let mermaid = render::mermaid::mermaid(&model, journey, persona.as_deref());
            assert_safe_mermaid(&mermaid);
        }
    }
}

/// Well-formed XML, nothing that runs or loads, no hidden character in text.
pub fn assert_safe_svg(svg: &str) {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML ({e})"));
    for node in document.descendants() {
        if node.is_element() {
            let name = node.tag_name().name().to_ascii_lowercase();
            assert!(!matches!(name.as_str(), "script" | "foreignobject" | "iframe" | "image" | "use" | "a"), "an active element <{name}>");
            if name == "style" {
                // `--theme auto`'s colours: nothing a stylesheet could load.
                let css = node.text().unwrap_or_default().to_ascii_lowercase();
                assert!(!css.contains("url(") && !css.contains("@import") && !css.contains('\\'), "a style that loads: {css}");
            }
            for attribute in node.attributes() {
                let key = attribute.name().to_ascii_lowercase();
                assert!(!key.starts_with("on"), "an event attribute {key}");
                let value = attribute.value().to_ascii_lowercase();
                assert!(!value.contains("javascript:") && !value.contains("url(http"), "an active value {key}={value}");
                if key == "href" {
                    assert!(value.starts_with('#'), "an external reference {value}");
                }
            }
        }
        if let Some(text) = node.text() {
            assert!(!text.chars().any(journey_compiler::unicode::is_hidden), "a hidden character drawn: {text:?}");
        }
    }
}

/// One statement per line, labels without the characters Mermaid splits on.
pub fn assert_safe_mermaid(mermaid: &str) {
    let mut lines = mermaid.lines();
    assert_eq!(lines.next(), Some("journey"));
    for line in lines {
        let trimmed = line.trim_start();
        // The writer's own notes of what Mermaid can't show: a whole line,
        // with no second `%%` (a directive or comment smuggled in a label).
        let (note, rest) = match trimmed.strip_prefix("%% ") {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        assert!(
            note || trimmed.starts_with("title ") || trimmed.starts_with("section ") || line.starts_with("    "),
            "a stray Mermaid line {line:?}"
        );
        assert!(!rest.contains("%%") && !rest.contains('#') && !rest.starts_with('{'), "a comment or an entity in {line:?}");
        // Hidden characters never pass, except the word joiner Mermaid's writer puts before a keyword.
        assert!(!line.chars().any(|c| journey_compiler::unicode::is_hidden(c) && c != '\u{2060}'), "a hidden character in {line:?}");
        if line.starts_with("    ") && !note {
            assert_eq!(line.matches(':').count(), 2, "a task is `label: score: actors`: {line:?}");
        }
    }
}

// ───────────────────────────── markdown ─────────────────────────────

/// Any page (bytes as UTF-8, lossily): its maps drawn in every placement and
/// embedding without a panic; the replaced ranges in order, on character
/// boundaries, and every byte outside them kept; every diagnostic inside
/// its file; each drawn SVG safe. Files a fence names come from the input
/// too (`name.journey` after a `-----` line).
pub fn markdown_page(data: &[u8]) {
    let mut parts = data.splitn(2, |&b| b == 0);
    let page = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let others = files(parts.next().unwrap_or_default());
    let loader = others.iter().fold(MemoryLoader::new(), |loader, (name, bytes)| loader.with(name.as_str(), bytes.clone()));
    let config = Config::default();
    for (embed, placement) in [(Embed::Inline, Placement::Replace), (Embed::Image, Placement::After), (Embed::Mermaid, Placement::Replace)]
    {
        let settings = Settings { config: &config, colors: Colors::Auto, view: View::Full, embed, placement, image_link: String::new() };
        let mut sources = Sources::default();
        let drawn = markdown::render_page(Path::new("page.md"), &page, &settings, &loader, &mut sources);
        let (mut from, mut to) = (0, 0);
        for r in &drawn.replacements {
            assert!(r.range.start >= from && r.range.start <= r.range.end, "replacements out of order");
            assert!(page.is_char_boundary(r.range.start) && page.is_char_boundary(r.range.end), "a range inside a character");
            let kept = &page[from..r.range.start];
            assert_eq!(&drawn.text[to..to + kept.len()], kept, "a byte outside the fences changed");
            to += kept.len() + r.text.len();
            from = r.range.end;
        }
        assert_eq!(&drawn.text[to..], &page[from..], "the end of the page changed");
        for d in &drawn.diagnostics {
            assert!(d.is_inside(&sources), "a diagnostic outside its file: {d:?}");
        }
        for image in &drawn.images {
            assert_safe_svg(std::str::from_utf8(&image.bytes).expect("an SVG is text"));
        }
    }
}

// ───────────────────────────── lsp ─────────────────────────────

/// A client's raw bytes to the language server: every frame it writes is
/// well framed JSON-RPC, and no handler panicked (the server turns a panic
/// into an internal error to keep the session alive, so that answer counts
/// as a crash here).
pub fn lsp_session(data: &[u8]) {
    let written = journey_lsp::fuzz_session(data);
    let mut rest = &written[..];
    while !rest.is_empty() {
        let header_end = rest.windows(4).position(|w| w == b"\r\n\r\n").expect("a header ends with a blank line");
        let header = std::str::from_utf8(&rest[..header_end]).expect("an ASCII header");
        let length: usize = header.strip_prefix("Content-Length: ").and_then(|n| n.parse().ok()).expect("a Content-Length header");
        let body = &rest[header_end + 4..header_end + 4 + length];
        let message: Value = serde_json::from_slice(body).expect("each frame is JSON");
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        if let Some(error) = message.get("error") {
            let text = error["message"].as_str().unwrap_or_default();
            assert!(!text.contains("internal error") && !text.contains("could not be analysed"), "a handler panicked: {message}");
        }
        rest = &rest[header_end + 4 + length..];
    }
}
