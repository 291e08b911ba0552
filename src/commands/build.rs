//! `journey build`: check, then write the outputs. Nothing is written when
//! any build has errors; the outputs are written as one set, all or none
//! (`journey_disk::outputs`).
//!
//! JSON is one document per build (`<build>.json`); the diagram formats are
//! one file per journey, named by its ID (`first_order.svg`).

use super::check;
use crate::cli::{Common, Deny, Diagrams, FontChoice};
use crate::output::{self, say};
use crate::Outcome;
use journey_compiler::diagnostic::{Code, Diagnostic, Severity};
use journey_compiler::ir::Model;
use journey_compiler::layout::{self, Options, Theme};
use journey_compiler::render::png::Fonts;
use journey_compiler::render::{self, Colors};
use journey_compiler::resolve::Kind;
use journey_compiler::source::FileId;
use journey_compiler::source::Span;
use journey_compiler::{Build, Compilation};
use journey_disk::{outputs, Project};
use miette::{miette, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every format `--format` accepts, with its file extension.
const FORMATS: &[(&str, &str)] = &[("json", "json"), ("svg", "svg"), ("png", "png"), ("html", "html"), ("mermaid", "mmd")];

pub fn run(paths: &[PathBuf], out_dir: &Path, formats: &[String], diagrams: &Diagrams, common: &Common) -> Result<Outcome> {
    // A build killed earlier may have left its staging folder: finished or
    // removed now, whatever this build then does.
    if out_dir.is_dir() {
        let _ = outputs::recover(out_dir);
    }
    for format in formats {
        if !FORMATS.iter().any(|(name, _)| name == format) {
            let known: Vec<&str> = FORMATS.iter().map(|(name, _)| *name).collect();
            return Err(miette!("output format `{}` is unknown; available: {}", output::shown(format), known.join(", ")));
        }
    }
    render::png::check_scale(diagrams.scale).map_err(|e| miette!("{}", e.0))?;
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
            return Err(miette!("no persona `{}` is declared; the personas are: {}", output::shown(persona), known.join(", ")));
        }
    }
    let mut diagnostics = check::shown_diagnostics(&compilation, common);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return check::finish(&compilation, &diagnostics, common);
    }
    let wants = |format: &str| formats.iter().any(|f| f == format);
    let colors: Colors = diagrams.theme.into();
    let options = Options { theme: colors.theme(), view: diagrams.view.into(), persona: diagrams.persona.clone() };
    let models: Vec<Model> = compilation.builds.iter().map(|build| build.model(&compilation.workspace)).collect();
    // The journeys to draw: all, or the ones `--persona` walks.
    let drawn = |model: &Model| -> Vec<usize> {
        (0..model.journeys.len())
            .filter(|&j| options.persona.as_ref().is_none_or(|p| model.journeys[j].personas.iter().any(|id| id == p)))
            .collect()
    };
    if options.persona.is_some() && models.iter().all(|m| drawn(m).is_empty()) {
        let persona = options.persona.as_deref().unwrap_or_default();
        return Err(miette!("no journey is walked by persona `{}`; nothing to draw", output::shown(persona)));
    }
    if wants("png") {
        // A picture too large to draw is refused before anything is laid out.
        for model in &models {
            for j in drawn(model) {
                let (width, height) = layout::smallest_size(&model.journeys[j], &options);
                png_size(&model.journeys[j].id, width, height, diagrams.scale)?;
            }
        }
    }
    let fonts = png_fonts(diagrams.fonts);
    let mut missing_glyphs = BTreeSet::new();
    // Everything is rendered first, then written as one set: a failure
    // midway leaves the previous outputs as they were.
    let mut outputs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut add = |name: String, contents: Vec<u8>| -> Result<()> {
        if outputs.contains_key(&name) {
            return Err(miette!(
                "two builds would both write `{}`; build them separately or rename one",
                output::path(&out_dir.join(&name))
            ));
        }
        outputs.insert(name, contents);
        Ok(())
    };
    for (build, model) in compilation.builds.iter().zip(&models) {
        if wants("json") {
            add(format!("{}.json", build_name(&compilation, build)), render::json::json(model).into_bytes())?;
        }
        for journey in drawn(model).into_iter().map(|j| &model.journeys[j]) {
            let name = |extension: &str| format!("{}.{extension}", journey.id);
            if wants("mermaid") {
                add(name("mmd"), render::mermaid::mermaid(model, journey, options.persona.as_deref()).into_bytes())?;
            }
            if !(wants("svg") || wants("png") || wants("html")) {
                continue;
            }
            let diagram = layout::layout(model, journey, &options);
            if wants("png") {
                png_size(&journey.id, diagram.width, diagram.height, diagrams.scale)?;
            }
            // One theme's drawing, and with `auto` the one that carries both.
            let plain = render::svg(&diagram);
            let svg = match colors {
                Colors::Auto => {
                    let dark = layout::layout(model, journey, &Options { theme: Theme::Dark, ..options.clone() });
                    render::svg::svg_with(&diagram, &render::svg::SvgOptions { dark: Some(&dark), ..Default::default() })
                }
                _ => plain.clone(),
            };
            if wants("png") {
                missing_glyphs.extend(fonts.missing(&diagram));
                // A picture has one theme: `auto` draws the light one.
                let png =
                    render::png::png(&plain, diagrams.scale, &fonts).map_err(|e| miette!("can't draw `{}` as PNG: {}", journey.id, e.0))?;
                add(name("png"), png)?;
            }
            if wants("html") {
                add(name("html"), render::html::html(model, journey, &svg, colors).into_bytes())?;
            }
            if wants("svg") {
                add(name("svg"), svg.into_bytes())?;
            }
        }
    }
    // One report, with what only drawing found (W0007) after what the check found.
    if !missing_glyphs.is_empty() {
        diagnostics.extend(missing_glyph_warnings(&compilation, &missing_glyphs, paths, common)?);
    }
    let outcome = check::finish(&compilation, &diagnostics, common)?;
    if matches!(outcome, Outcome::SourceErrors) {
        return Ok(outcome);
    }
    outputs::write_set(out_dir, &outputs).map_err(|e| miette!("{e}"))?;
    if !common.quiet {
        for name in outputs.keys() {
            say!("wrote {}", output::path(&out_dir.join(name)));
        }
    }
    super::leave_to_exit((compilation, models, outputs));
    Ok(outcome)
}

/// The fonts PNGs are drawn with: Journey's own, and with `--fonts system` the machine's.
fn png_fonts(choice: FontChoice) -> Fonts {
    let mut fonts = Fonts::embedded();
    if choice == FontChoice::System {
        fonts.database_mut().load_system_fonts();
    }
    fonts
}

/// W0007 for the characters no font could draw: one warning per source
/// file that has them, at the first, naming them all (the same lint levels
/// as every other warning).
fn missing_glyph_warnings(
    compilation: &Compilation,
    missing: &BTreeSet<char>,
    paths: &[PathBuf],
    common: &Common,
) -> Result<Vec<Diagnostic>> {
    let named: Vec<String> = missing.iter().take(40).map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
    let more = missing.len().saturating_sub(named.len());
    let list = if more > 0 { format!("{} and {more} more", named.join(", ")) } else { named.join(", ") };
    let mut warnings = Vec::new();
    for (file, source) in compilation.workspace.sources.iter() {
        let Some((at, c)) = source.text.char_indices().find(|(_, c)| missing.contains(c)) else { continue };
        let span = Span::new(at, at + c.len_utf8());
        warnings.push(
            Diagnostic::new(Code::MissingGlyph, file, span, format!("the PNG has no font for {list}: drawn as empty boxes"))
                .label("no font has this character")
                .help("install fonts that have them (Debian: fonts-noto-cjk, fonts-noto-color-emoji) and build with `--fonts system`; SVG and HTML are drawn with the reader's fonts"),
        );
    }
    let project = Project::for_paths(common.config.as_deref(), paths).map_err(|e| miette!("{e}"))?;
    let deny = common.deny.contains(&Deny::Warnings);
    Ok(project
        .config
        .apply(warnings)
        .into_iter()
        .map(|mut d| {
            if deny && d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
            d
        })
        .collect())
}

/// Refuses a PNG larger than the renderer draws.
fn png_size(journey: &str, width: f64, height: f64, scale: f32) -> Result<()> {
    render::png::check_size(width, height, scale).map_err(|e| miette!("can't draw `{journey}` as PNG: {}", e.0))
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
