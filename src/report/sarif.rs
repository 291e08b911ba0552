//! `--message-format sarif`: a SARIF 2.1.0 log for code-scanning dashboards.
//! Paths are relative to the working directory (`%SRCROOT%`), columns count
//! Unicode code points, and every code is described in `rules`.

use super::place;
use journey_compiler::diagnostic::{Code, Diagnostic, Severity};
use journey_compiler::source::{FileId, Sources, Span};
use serde_json::{json, Value};

pub fn document(sources: &Sources, diagnostics: &[Diagnostic]) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let results: Vec<Value> = diagnostics.iter().map(|d| result(sources, d)).collect();
    let root = std::env::current_dir().ok().map(|dir| format!("file://{}/", percent_encode(dir.to_string_lossy().trim_end_matches('/'))));
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "journey",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/journey",
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = root {
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "name": code.name(),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": first_paragraph(code.explanation()) },
        "help": { "text": code.full_explanation(), "markdown": code.full_explanation() },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

/// The explanation's first paragraph after its `#` title.
fn first_paragraph(markdown: &str) -> String {
    markdown.split("\n\n").map(str::trim).find(|p| !p.is_empty() && !p.starts_with('#')).unwrap_or(markdown).replace('\n', " ")
}

fn location(sources: &Sources, file: FileId, span: Span) -> Value {
    let at = place(sources, file, span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": relative_uri(&at.file), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column,
                "byteOffset": at.offset,
                "byteLength": at.end_offset - at.offset,
            }
        }
    })
}

/// Source paths are kept as the user gave them; make absolute ones relative
/// to the working directory when they lie below it.
fn relative_uri(path: &str) -> String {
    let path = std::path::Path::new(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| path.to_path_buf());
    percent_encode(&relative.to_string_lossy().replace('\\', "/"))
}

/// Percent-encodes a relative path for a URI: everything but unreserved
/// characters and `/` (RFC 3986), so `#`, `%` and spaces survive.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn result(sources: &Sources, d: &Diagnostic) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut value = location(sources, label.file, label.span);
            value["id"] = json!(i);
            value["message"] = json!({ "text": label.message });
            value
        })
        .collect();
    let rule_index = Code::ALL.iter().position(|c| *c == d.code).expect("every code is in ALL");
    json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(sources, d.primary.file, d.primary.span)],
        "relatedLocations": related,
    })
}
