//! The pure half of the language server: compiled builds and the rule for
//! reusing them. A [`Snapshot`] holds one [`Analysis`] per build (files
//! joined by `use`) at one generation of the state. The first compilation
//! reads every file; after that, only the builds whose buffers changed are
//! compiled again (with any build a changed file now `use`s), and the
//! others are kept. A save, a change on disk or new settings compile
//! everything again. No protocol, no tasks, no clock: the scheduler
//! (`engine.rs`) decides when, this decides what.

use crate::state::{path_to_uri, uri_to_path, Inputs, OverlayLoader};
use journey_compiler::ir::Model;
use journey_compiler::source::{FileId, SourceFile};
use journey_compiler::workspace::Workspace;
use journey_compiler::{Build, Compilation};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::Uri;

/// One run of the compiler over some of the workspace's files, and how to
/// find things in it. Shared by the [`Analysis`] of each of its builds.
#[derive(Debug)]
struct Compiled {
    compilation: Compilation,
    paths: HashMap<PathBuf, FileId>,
    build_of: Vec<usize>,
    uris: Vec<Option<Uri>>,
    versions: HashMap<FileId, i32>,
    /// The buffer text each file was read from (`None`: the disk).
    texts: Vec<Option<Arc<String>>>,
}

impl Compiled {
    fn compile(roots: &[PathBuf], inputs: &Inputs) -> Compiled {
        let loader = OverlayLoader { overlay: &inputs.overlay, project: &inputs.project };
        let compilation = journey_compiler::compile(roots, &loader, &inputs.project.config);
        let sources = &compilation.workspace.sources;
        let mut paths = HashMap::with_capacity(sources.len());
        let mut uris = Vec::with_capacity(sources.len());
        let mut texts = Vec::with_capacity(sources.len());
        let mut versions = HashMap::new();
        for (id, file) in sources.iter() {
            paths.insert(file.path.clone(), id);
            match inputs.overlay.get(&file.path) {
                Some(document) => {
                    versions.insert(id, document.version);
                    uris.push(Some(document.uri.clone()));
                    texts.push(Some(Arc::clone(&document.text)));
                }
                None => {
                    uris.push(path_to_uri(&file.path));
                    texts.push(None);
                }
            }
        }
        let mut build_of = vec![0; sources.len()];
        for (index, build) in compilation.builds.iter().enumerate() {
            for file in &build.files {
                build_of[file.0 as usize] = index;
            }
        }
        Compiled { compilation, paths, build_of, uris, versions, texts }
    }

    /// One [`Analysis`] per build.
    fn split(self) -> Vec<Arc<Analysis>> {
        let compiled = Arc::new(self);
        (0..compiled.compilation.builds.len())
            .map(|build| Arc::new(Analysis { compiled: Arc::clone(&compiled), build, model: OnceLock::new() }))
            .collect()
    }
}

/// One build (files joined by `use`) of a compilation: what the handlers
/// work on. Builds are independent, so a change to one file recompiles
/// only its build; the others keep their analysis.
#[derive(Debug)]
pub struct Analysis {
    compiled: Arc<Compiled>,
    build: usize,
    /// The build's model, made on the first request that needs it (hover's
    /// figures, the preview) and kept as long as the build is.
    model: OnceLock<Model>,
}

impl Analysis {
    fn file_at(&self, path: &Path) -> Option<FileId> {
        self.compiled.paths.get(path).copied().filter(|f| self.compiled.build_of[f.0 as usize] == self.build)
    }

    pub fn uri(&self, file: FileId) -> Option<&Uri> {
        self.compiled.uris.get(file.0 as usize).and_then(Option::as_ref)
    }

    pub fn source(&self, file: FileId) -> &SourceFile {
        self.compiled.compilation.workspace.sources.get(file)
    }

    pub fn workspace(&self) -> &Workspace {
        &self.compiled.compilation.workspace
    }

    pub fn the_build(&self) -> &Build {
        &self.compiled.compilation.builds[self.build]
    }

    /// The compiler's view of this build, for the editor's questions.
    pub fn ide(&self) -> journey_compiler::ide::Analysis<'_> {
        journey_compiler::ide::Analysis::new(self.workspace(), self.the_build(), &self.model)
    }

    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.the_build().files.iter().copied()
    }

    /// The version of an open document in this compilation.
    pub fn version(&self, file: FileId) -> Option<i32> {
        self.compiled.versions.get(&file).copied()
    }

    pub fn path(&self, file: FileId) -> &Path {
        &self.source(file).path
    }

    /// Whether every file still has the text it was compiled from.
    fn is_current(&self, inputs: &Inputs) -> bool {
        self.files().all(|file| {
            let then = &self.compiled.texts[file.0 as usize];
            let now = inputs.overlay.get(self.path(file)).map(|d| &d.text);
            match (then, now) {
                (None, None) => true,
                (Some(then), Some(now)) => Arc::ptr_eq(then, now),
                _ => false,
            }
        })
    }

    /// Whether a `use` of this build names a file that could not be read.
    fn misses_a_file(&self) -> bool {
        self.the_build().diagnostics.iter().any(|d| d.code == journey_compiler::diagnostic::Code::MissingFile)
    }
}

/// Every build of the workspace at one generation.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub generation: u64,
    pub builds: Vec<Arc<Analysis>>,
    index: HashMap<PathBuf, usize>,
    disk_epoch: u64,
    project: Arc<journey_disk::Project>,
}

impl Snapshot {
    fn new(generation: u64, builds: Vec<Arc<Analysis>>, inputs: &Inputs) -> Snapshot {
        let mut index = HashMap::new();
        for (i, analysis) in builds.iter().enumerate() {
            for file in analysis.files() {
                index.insert(analysis.path(file).to_path_buf(), i);
            }
        }
        Snapshot { generation, builds, index, disk_epoch: inputs.disk_epoch, project: Arc::clone(&inputs.project) }
    }

    /// The build a document belongs to, and its file there.
    pub fn locate(&self, uri: &Uri) -> Option<(&Arc<Analysis>, FileId)> {
        self.locate_path(&uri_to_path(uri))
    }

    /// The build a file belongs to, and its file there.
    pub fn locate_path(&self, path: &Path) -> Option<(&Arc<Analysis>, FileId)> {
        let analysis = self.builds.get(*self.index.get(path)?)?;
        Some((analysis, analysis.file_at(path)?))
    }

    /// The snapshot of a new generation: the builds whose files changed are
    /// compiled again (with any build a changed file now reaches through
    /// `use`), the others are kept. Returns it with the indices of the new builds.
    pub(crate) fn update(previous: Option<&Snapshot>, inputs: &Inputs) -> (Snapshot, Vec<usize>) {
        let previous = previous.filter(|p| p.disk_epoch == inputs.disk_epoch && p.project == inputs.project);
        let Some(previous) = previous else {
            let builds = Compiled::compile(&inputs.roots, inputs).split();
            let fresh = (0..builds.len()).collect();
            return (Snapshot::new(inputs.generation, builds, inputs), fresh);
        };
        let roots: HashSet<&PathBuf> = inputs.roots.iter().collect();
        let new_roots: Vec<&PathBuf> = inputs.roots.iter().filter(|r| !previous.index.contains_key(*r)).collect();
        let mut keep: Vec<Arc<Analysis>> = Vec::new();
        let mut dirty: Vec<PathBuf> = new_roots.iter().map(|r| (*r).clone()).collect();
        let root_paths = |analysis: &Analysis| -> Vec<PathBuf> {
            analysis.files().map(|f| analysis.path(f).to_path_buf()).filter(|p| roots.contains(p)).collect()
        };
        for analysis in &previous.builds {
            // A new file may be the one a `use` was missing.
            let may_gain_a_file = !new_roots.is_empty() && analysis.misses_a_file();
            if !may_gain_a_file && analysis.is_current(inputs) {
                keep.push(Arc::clone(analysis));
            } else {
                dirty.extend(root_paths(analysis));
            }
        }
        if dirty.is_empty() {
            return (Snapshot::new(inputs.generation, keep, inputs), Vec::new());
        }
        loop {
            dirty.sort();
            dirty.dedup();
            let compiled = Compiled::compile(&dirty, inputs);
            // A changed file that now `use`s a file of a kept build joins that build.
            let (joined, kept): (Vec<_>, Vec<_>) =
                keep.into_iter().partition(|analysis| analysis.files().any(|f| compiled.paths.contains_key(analysis.path(f))));
            keep = kept;
            if joined.is_empty() {
                let start = keep.len();
                keep.extend(compiled.split());
                let fresh = (start..keep.len()).collect();
                return (Snapshot::new(inputs.generation, keep, inputs), fresh);
            }
            for analysis in joined {
                dirty.extend(root_paths(&analysis));
            }
        }
    }
}
