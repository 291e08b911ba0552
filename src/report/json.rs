//! `--message-format json`: one JSON object per diagnostic, per line.

use super::{place, Place};
use journey_compiler::diagnostic::Diagnostic;
use journey_compiler::source::Sources;
use serde_json::{json, Value};

fn location(at: &Place) -> Value {
    json!({
        "file": at.file,
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
        "offset": at.offset,
        "end_offset": at.end_offset,
    })
}

pub fn diagnostic(sources: &Sources, d: &Diagnostic) -> Value {
    let mut primary = location(&place(sources, d.primary.file, d.primary.span));
    primary["message"] = json!(d.primary.message);
    let labels: Vec<Value> = d
        .secondary
        .iter()
        .map(|l| {
            let mut value = location(&place(sources, l.file, l.span));
            value["message"] = json!(l.message);
            value
        })
        .collect();
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .map(|f| {
            let edits: Vec<Value> = f
                .edits
                .iter()
                .map(|e| {
                    let mut value = location(&place(sources, e.file, e.span));
                    value["replacement"] = json!(e.replacement);
                    value
                })
                .collect();
            json!({ "title": f.title, "edits": edits })
        })
        .collect();
    json!({
        "code": d.code.as_str(),
        "name": d.code.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "primary": primary,
        "labels": labels,
        "help": d.help,
        "fixes": fixes,
    })
}
