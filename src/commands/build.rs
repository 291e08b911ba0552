//! `journey build`: check, then write the outputs. Nothing is written when
//! any build has errors; every file is written atomically.

use super::check;
use crate::cli::Common;
use crate::disk;
use crate::Outcome;
use journey_compiler::source::FileId;
use journey_compiler::{Build, Compilation};
use miette::{miette, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The formats `--format` accepts today.
const FORMATS: &[&str] = &["json"];

pub fn run(paths: &[PathBuf], out_dir: &Path, formats: &[String], common: &Common) -> Result<Outcome> {
    for format in formats {
        if !FORMATS.contains(&format.as_str()) {
            let planned = ["svg", "png", "html", "mermaid", "md"];
            let why = if planned.contains(&format.as_str()) { "is not available yet" } else { "is unknown" };
            return Err(miette!("output format `{format}` {why}; available: {}", FORMATS.join(", ")));
        }
    }
    let compilation = check::compile(paths, common)?;
    let diagnostics = check::shown_diagnostics(&compilation, common);
    let outcome = check::finish(&compilation, &diagnostics, common)?;
    if matches!(outcome, Outcome::SourceErrors) {
        return Ok(outcome);
    }
    // Render everything first, then write: a failure midway leaves no mix of old and new.
    let mut outputs: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    for build in &compilation.builds {
        let name = build_name(&compilation, build);
        if formats.iter().any(|f| f == "json") {
            let mut json = serde_json::to_string_pretty(&build.model(&compilation.workspace)).expect("the model always serialises");
            json.push('\n');
            let path = out_dir.join(format!("{name}.json"));
            if outputs.insert(path.clone(), json.into_bytes()).is_some() {
                return Err(miette!("two builds would both write `{}`; build them separately or rename one", path.display()));
            }
        }
    }
    for (path, contents) in &outputs {
        disk::write_atomic(path, contents)?;
        if !common.quiet {
            eprintln!("wrote {}", path.display());
        }
    }
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
