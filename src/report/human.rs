//! Rich terminal reports with source snippets, by codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use journey_compiler::diagnostic::{Diagnostic, Severity};
use journey_compiler::source::Sources;

pub fn emit(sources: &Sources, diagnostics: &[Diagnostic], color: bool) -> std::io::Result<()> {
    let files = files(sources);
    let choice = if color { termcolor::ColorChoice::Always } else { termcolor::ColorChoice::Never };
    let stream = termcolor::StandardStream::stderr(choice);
    let mut stderr = stream.lock();
    let config = term::Config::default();
    for diagnostic in diagnostics {
        term::emit_to_write_style(&mut stderr, &config, &files, &report(diagnostic)).map_err(std::io::Error::other)?;
    }
    Ok(())
}

fn files(sources: &Sources) -> SimpleFiles<String, &str> {
    let mut files = SimpleFiles::new();
    for (id, source) in sources.iter() {
        files.add(journey_compiler::ir::display_path(sources, id), source.text.as_str());
    }
    files
}

fn report(d: &Diagnostic) -> Report<usize> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut labels =
        vec![Label::new(LabelStyle::Primary, d.primary.file.0 as usize, d.primary.span.range()).with_message(&d.primary.message)];
    for label in &d.secondary {
        labels.push(Label::new(LabelStyle::Secondary, label.file.0 as usize, label.span.range()).with_message(&label.message));
    }
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    Report::new(level).with_code(d.code.as_str()).with_message(&d.message).with_labels(labels).with_notes(notes)
}
