//! Compiler diagnostics → `textDocument/publishDiagnostics`: codes, help,
//! secondary labels as related information, unused declarations faded.
//!
//! Published in stages (as taplo does): where a line has a syntax error,
//! the semantic diagnostics on that line are left out, so they never sit on
//! top of the error that caused them.

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use journey_compiler::diagnostic::{self, Code, Severity};
use journey_compiler::source::FileId;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString};

/// The diagnostics to show for one file.
pub fn for_file(analysis: &Analysis, file: FileId) -> Vec<Diagnostic> {
    let build = analysis.the_build();
    let source = analysis.source(file);
    let index = LineIndex::of(source);
    let ours: Vec<&diagnostic::Diagnostic> = build.diagnostics.iter().filter(|d| d.primary.file == file).collect();
    let syntax_lines: Vec<(u32, u32)> = ours
        .iter()
        .filter(|d| is_syntax(d.code))
        .map(|d| {
            let range = index.range(d.primary.span);
            (range.start.line, range.end.line)
        })
        .collect();
    ours.into_iter()
        .filter(|d| {
            if is_syntax(d.code) {
                return true;
            }
            let range = index.range(d.primary.span);
            !syntax_lines.iter().any(|(start, end)| range.start.line <= *end && *start <= range.end.line)
        })
        .map(|d| convert(analysis, &index, d))
        .collect()
}

fn is_syntax(code: Code) -> bool {
    matches!(code, Code::Syntax | Code::UnreadableSource)
}

/// One compiler diagnostic in the protocol's terms.
pub fn convert(analysis: &Analysis, index: &LineIndex<'_>, d: &diagnostic::Diagnostic) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related = Vec::new();
    for label in &d.secondary {
        let Some(uri) = analysis.uri(label.file) else { continue };
        let source = analysis.source(label.file);
        related.push(DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: LineIndex::of(source).range(label.span) },
            message: label.message.clone(),
        });
    }
    Diagnostic {
        range: index.range(d.primary.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("journey".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.code == Code::Unused).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
