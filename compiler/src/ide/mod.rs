//! The editor's questions, answered over one checked build: what is at an
//! offset, where it is declared and used, how to rename it, what to offer
//! at the cursor, what the file's outline, folds and tokens are, which
//! fixes apply. Everything is in byte offsets and the compiler's own types,
//! free of any protocol: the language server (`lsp/`) turns the answers
//! into LSP messages and UTF-16 positions, and the tests read them as
//! caret-marked snapshots (`compiler/tests/ide.rs`).
//!
//! This is the last floor of the compiler: it reads the syntax trees, the
//! resolved names and the checks, and nothing below reads it.

pub mod completion;
pub mod fixes;
pub mod folding;
pub mod hover;
pub mod navigation;
pub mod outline;
pub mod query;
pub mod rename;
pub mod tokens;

use crate::ir;
use crate::resolve::{Declaration, NodePath};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::{ast, Parsed};
use crate::workspace::Workspace;
use crate::Build;
use std::sync::OnceLock;

pub use crate::language::Kind;

/// One checked build of a workspace and its model: what every question is
/// asked of. The derived figures (a step's score, a KPI's status and delta,
/// a stage's mean) are read from the model, never computed a second time.
#[derive(Debug, Clone, Copy)]
pub struct Analysis<'a> {
    pub workspace: &'a Workspace,
    pub build: &'a Build,
    /// `build.model(workspace)`, made by the first question that needs it
    /// and kept by whoever keeps the build.
    model: &'a OnceLock<ir::Model>,
}

impl<'a> Analysis<'a> {
    /// A stage's place in the model (journeys, stages, steps and KPIs are
    /// in the model in the order resolve declared them).
    pub fn model_stage(&self, declaration: &Declaration) -> Option<&'a ir::Stage> {
        let journey = self.model().journeys.get(declaration.journey?)?;
        match declaration.node {
            NodePath::Stage { stage, .. } => journey.stages.get(stage),
            _ => None,
        }
    }

    pub fn model_step(&self, declaration: &Declaration) -> Option<&'a ir::Step> {
        let journey = self.model().journeys.get(declaration.journey?)?;
        match declaration.node {
            NodePath::Step { stage, step, .. } => journey.stages.get(stage)?.steps.get(step),
            _ => None,
        }
    }

    pub fn model_kpi(&self, declaration: &Declaration) -> Option<&'a ir::Kpi> {
        let journey = self.model().journeys.get(declaration.journey?)?;
        match declaration.node {
            NodePath::StageKpi { stage, kpi, .. } => journey.stages.get(stage)?.kpis.get(kpi),
            NodePath::JourneyKpi { kpi, .. } => journey.kpis.get(kpi),
            _ => None,
        }
    }

    /// The journey a preview of `file` shows: the first written in it, else
    /// the first of its build (a file of personas shows the journey that uses them).
    pub fn journey_to_show(&self, file: FileId) -> Option<&'a str> {
        let asts = self.asts();
        let journeys = crate::resolve::journeys(&asts);
        let (_, journey) = journeys.iter().find(|(f, _)| *f == file).or_else(|| journeys.first())?;
        Some(journey.header.id.text.as_str())
    }

    pub fn new(workspace: &'a Workspace, build: &'a Build, model: &'a OnceLock<ir::Model>) -> Analysis<'a> {
        Analysis { workspace, build, model }
    }

    /// The build's model (the JSON document), with its derived figures.
    pub fn model(&self) -> &'a ir::Model {
        self.model.get_or_init(|| self.build.model(self.workspace))
    }

    pub fn source(&self, file: FileId) -> &'a SourceFile {
        self.workspace.sources.get(file)
    }

    pub fn parsed(&self, file: FileId) -> &'a Parsed {
        &self.workspace.parsed[file.0 as usize]
    }

    /// The ASTs of the build's files, in the build's order.
    pub fn asts(&self) -> Vec<(FileId, &'a ast::File)> {
        self.build.files.iter().map(|f| (*f, &self.parsed(*f).ast)).collect()
    }
}

/// A place in a file of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileSpan {
    pub file: FileId,
    pub span: Span,
}
