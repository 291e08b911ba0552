//! The Journey compiler core: `.journey` sources in, diagnostics and the
//! resolved model out. No IO: files come through a [`source::Loader`].
//!
//! ```text
//! text ─syntax─▶ CST ─lower─▶ AST ─resolve─▶ names ─check─▶ diagnostics
//!                  │                               └──ir──▶ Model (JSON)
//!                  └──format──▶ canonical text
//!
//! `language` (the table of the language) sits under all of it; `ide`
//! (the editor's questions over a checked build) on top of all of it.
//! ```

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod emotions;
pub mod format;
pub mod ide;
pub mod ir;
pub mod language;
pub mod layout;
pub mod markdown;
pub mod reference;
pub mod render;
pub mod resolve;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod unicode;
pub mod units;
pub mod workspace;

use config::Config;
use diagnostic::Diagnostic;
use source::{FileId, Loader};
use std::path::PathBuf;
use workspace::Workspace;

/// The result of checking one build (files joined by `use`).
#[derive(Debug)]
pub struct Build {
    /// The build's files, sorted by path.
    pub files: Vec<FileId>,
    /// Every problem, sorted by file and position, lint levels applied.
    pub diagnostics: Vec<Diagnostic>,
    pub names: resolve::Names,
}

impl Build {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The resolved model (the JSON document). Complete when the build has no
    /// error, best effort otherwise. Built on demand: `check` never needs it.
    pub fn model(&self, workspace: &Workspace) -> ir::Model {
        let asts: Vec<(FileId, &syntax::ast::File)> = self.files.iter().map(|f| (*f, &workspace.parsed[f.0 as usize].ast)).collect();
        ir::build(&workspace.sources, &asts, &self.names)
    }
}

/// Everything loaded and every build checked.
#[derive(Debug)]
pub struct Compilation {
    pub workspace: Workspace,
    pub builds: Vec<Build>,
}

/// Loads the roots (and what they `use`), splits them into builds and checks each.
pub fn compile(roots: &[PathBuf], loader: &dyn Loader, config: &Config) -> Compilation {
    let workspace = Workspace::load(roots, loader);
    let builds = workspace.builds().into_iter().map(|files| check_build(&workspace, files, config)).collect();
    Compilation { workspace, builds }
}

/// Resolves and checks one build of an already loaded workspace.
pub fn check_build(workspace: &Workspace, files: Vec<FileId>, config: &Config) -> Build {
    let asts: Vec<(FileId, &syntax::ast::File)> = files.iter().map(|f| (*f, &workspace.parsed[f.0 as usize].ast)).collect();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for file in &files {
        diagnostics.extend(workspace.parsed[file.0 as usize].diagnostics.iter().cloned());
    }
    diagnostics.extend(workspace.load_diagnostics.iter().filter(|d| files.contains(&d.primary.file)).cloned());
    let (names, resolve_diagnostics) = resolve::resolve(&asts);
    diagnostics.extend(resolve_diagnostics);
    diagnostics.extend(check::check(&asts, &names, config));
    let mut diagnostics = config.apply(diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.primary.file, a.primary.span.start, a.primary.span.end, a.code).cmp(&(
            b.primary.file,
            b.primary.span.start,
            b.primary.span.end,
            b.code,
        ))
    });
    diagnostics.dedup();
    debug_assert!(
        diagnostics.iter().all(|d| d.is_inside(&workspace.sources)),
        "a diagnostic points outside its file: {:?}",
        diagnostics.iter().find(|d| !d.is_inside(&workspace.sources))
    );
    Build { files, diagnostics, names }
}
