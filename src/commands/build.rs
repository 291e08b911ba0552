//! `journey build`: check, then write the outputs. Nothing is written when
//! any build has errors; every file is written atomically.
//!
//! JSON is one document per build (`<build>.json`); the diagram formats are
//! one file per journey, named by its ID (`first_order.svg`).

use super::check;
use crate::cli::{Common, Diagrams};
use crate::disk;
use crate::Outcome;
use journey_compiler::layout::{self, Options};
use journey_compiler::render;
use journey_compiler::resolve::Kind;
use journey_compiler::source::FileId;
use journey_compiler::{Build, Compilation};
use miette::{miette, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every format `--format` accepts, with its file extension.
const FORMATS: &[(&str, &str)] = &[("json", "json"), ("svg", "svg"), ("png", "png"), ("html", "html"), ("mermaid", "mmd")];

pub fn run(paths: &[PathBuf], out_dir: &Path, formats: &[String], diagrams: &Diagrams, common: &Common) -> Result<Outcome> {
    for format in formats {
        if !FORMATS.iter().any(|(name, _)| name == format) {
            let known: Vec<&str> = FORMATS.iter().map(|(name, _)| *name).collect();
            return Err(miette!("output format `{format}` is unknown; available: {}", known.join(", ")));
        }
    }
    if !(diagrams.scale.is_finite() && diagrams.scale > 0.0 && diagrams.scale <= 8.0) {
        return Err(miette!("`--scale` must be above 0 and at most 8, not {}", diagrams.scale));
    }
    let compilation = check::compile(paths, common)?;
    if let Some(persona) = &diagrams.persona {
        let known: Vec<&str> = compilation
            .builds
            .iter()
            .flat_map(|b| &b.names.declarations)
            .filter(|d| d.kind == Kind::Persona)
            .map(|d| d.id.as_str())
            .collect();
        if !known.contains(&persona.as_str()) {
            return Err(miette!("no persona `{persona}` is declared; the personas are: {}", known.join(", ")));
        }
    }
    let diagnostics = check::shown_diagnostics(&compilation, common);
    let outcome = check::finish(&compilation, &diagnostics, common)?;
    if matches!(outcome, Outcome::SourceErrors) {
        return Ok(outcome);
    }
    let wants = |format: &str| formats.iter().any(|f| f == format);
    let options = Options { theme: diagrams.theme.into(), view: diagrams.view.into(), persona: diagrams.persona.clone() };
    // Render everything first, then write: a failure midway leaves no mix of old and new.
    let mut outputs: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut add = |path: PathBuf, contents: Vec<u8>| -> Result<()> {
        if outputs.insert(path.clone(), contents).is_some() {
            return Err(miette!("two builds would both write `{}`; build them separately or rename one", path.display()));
        }
        Ok(())
    };
    let mut persona_found = options.persona.is_none();
    let mut models = Vec::new();
    for build in &compilation.builds {
        models.push(build.model(&compilation.workspace));
        let model = models.last().expect("just pushed");
        if wants("json") {
            let json = render::json::json(model);
            add(out_dir.join(format!("{}.json", build_name(&compilation, build))), json.into_bytes())?;
        }
        for journey in &model.journeys {
            if let Some(persona) = &options.persona {
                if !journey.personas.iter().any(|p| p == persona) {
                    continue; // `--persona` draws only the journeys that persona walks
                }
                persona_found = true;
            }
            let path = |extension: &str| out_dir.join(format!("{}.{extension}", journey.id));
            if wants("mermaid") {
                add(path("mmd"), render::mermaid::mermaid(model, journey, options.persona.as_deref()).into_bytes())?;
            }
            if !(wants("svg") || wants("png") || wants("html")) {
                continue;
            }
            let svg = render::svg(&layout::layout(model, journey, &options));
            if wants("png") {
                let png = render::png::png(&svg, diagrams.scale).map_err(|e| miette!("can't draw `{}` as PNG: {}", journey.id, e.0))?;
                add(path("png"), png)?;
            }
            if wants("html") {
                add(path("html"), render::html::html(model, journey, &svg, options.theme).into_bytes())?;
            }
            if wants("svg") {
                add(path("svg"), svg.into_bytes())?;
            }
        }
    }
    if !persona_found {
        let persona = options.persona.as_deref().unwrap_or_default();
        return Err(miette!("no journey is walked by persona `{persona}`; nothing to draw"));
    }
    for (path, contents) in &outputs {
        disk::write_atomic(path, contents)?;
        if !common.quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    super::leave_to_exit((compilation, models, outputs));
    Ok(outcome)
}

/// A build is named after its entry file: the one no other file `use`s. With
/// several entries (`saas/onboarding` and `saas/renewal`), after their folder.
fn build_name(compilation: &Compilation, build: &Build) -> String {
    let workspace = &compilation.workspace;
    let imported: Vec<FileId> = build.files.iter().flat_map(|f| workspace.imports[f.0 as usize].iter().filter_map(|i| i.target)).collect();
    let roots: Vec<&Path> =
        build.files.iter().filter(|f| !imported.contains(f)).map(|f| workspace.sources.get(*f).path.as_path()).collect();
    let stem = |path: &Path| path.file_stem().map_or_else(|| "journey".to_string(), |s| s.to_string_lossy().into_owned());
    match roots.as_slice() {
        [single] => stem(single),
        [first, ..] => {
            // `onboarding.journey` has the parent `""`: that is the current directory.
            let parent = first.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
            let parent = parent.and_then(|p| std::fs::canonicalize(p).ok());
            parent.as_deref().and_then(Path::file_name).map_or_else(|| stem(first), |n| n.to_string_lossy().into_owned())
        }
        [] => stem(&workspace.sources.get(build.files[0]).path),
    }
}
