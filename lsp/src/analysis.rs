//! Compiling after each change, and the rules that keep results current.
//!
//! Design. Every change to a document bumps the state's *generation*. A
//! compilation reads a snapshot of the state (open buffers over the disk, all
//! `*.journey` under the root) and is tagged with the generation it saw.
//!
//! - **Order**: the server handles messages one at a time (concurrency level
//!   1), so changes are applied in the order they were sent, and a request
//!   sees every change sent before it.
//! - **Debounce**: a change after a quiet period is checked at once; a change
//!   that follows another within [`DEBOUNCE`] waits for the typing to pause.
//!   When the wait ends, a task whose generation is no longer the latest does
//!   nothing: a later one will.
//! - **One compilation at a time** ([`Engine::fresh`] holds a lock), on the
//!   blocking pool so the protocol keeps flowing; a panic in the compiler is
//!   caught and logged.
//! - **Only what changed**: a [`Snapshot`] holds one [`Analysis`] per build
//!   (files joined by `use`). The first compilation reads every file; after
//!   that, only the builds whose buffers changed are compiled again (with
//!   any build a changed file now `use`s), and the others are kept. A save,
//!   a change on disk or new settings compile everything again.
//! - **Never stale**: diagnostics are published only from the compilation of
//!   the latest generation, with each open document's version. Requests use
//!   [`Engine::fresh`], which compiles first if a change is still pending, so
//!   positions and results always refer to the text the client has.

use crate::handlers;
use crate::state::{path_to_uri, uri_to_path, Inputs, OverlayLoader, State};
use journey_compiler::source::{FileId, SourceFile};
use journey_compiler::workspace::Workspace;
use journey_compiler::{Build, Compilation};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

/// How long typing must pause before a burst of changes is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

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
        (0..compiled.compilation.builds.len()).map(|build| Arc::new(Analysis { compiled: Arc::clone(&compiled), build })).collect()
    }
}

/// One build (files joined by `use`) of a compilation: what the handlers
/// work on. Builds are independent, so a change to one file recompiles
/// only its build; the others keep their analysis.
#[derive(Debug)]
pub struct Analysis {
    compiled: Arc<Compiled>,
    build: usize,
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
        journey_compiler::ide::Analysis::new(self.workspace(), self.the_build())
    }

    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.the_build().files.iter().copied()
    }

    /// The version of an open document in this compilation.
    pub fn version(&self, file: FileId) -> Option<i32> {
        self.compiled.versions.get(&file).copied()
    }

    fn path(&self, file: FileId) -> &Path {
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
        let path = uri_to_path(uri);
        let analysis = self.builds.get(*self.index.get(&path)?)?;
        Some((analysis, analysis.file_at(&path)?))
    }

    /// The snapshot of a new generation: the builds whose files changed are
    /// compiled again (with any build a changed file now reaches through
    /// `use`), the others are kept. Returns it with the indices of the new builds.
    fn update(previous: Option<&Snapshot>, inputs: &Inputs) -> (Snapshot, Vec<usize>) {
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

/// Locks a mutex, even one a panicking thread left behind (the data is
/// replaced wholesale, never left half-written).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Owns the state, the latest analysis and the publishing of diagnostics.
#[derive(Debug)]
pub struct Engine {
    pub client: Client,
    pub state: Mutex<State>,
    current: Mutex<Option<Arc<Snapshot>>>,
    /// A generation whose compilation panicked: not tried again.
    failed: Mutex<Option<u64>>,
    compiling: tokio::sync::Mutex<()>,
    /// What was last published for each URI (a hash), so files that are not
    /// open are published only when their diagnostics change.
    published: Mutex<HashMap<Uri, u64>>,
    /// Files compiled again and not published since.
    pending: Mutex<HashSet<PathBuf>>,
}

impl Engine {
    pub fn new(client: Client) -> Engine {
        Engine {
            client,
            state: Mutex::new(State::default()),
            current: Mutex::new(None),
            failed: Mutex::new(None),
            compiling: tokio::sync::Mutex::new(()),
            published: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashSet::new()),
        }
    }

    pub fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    /// Records a change made to the state and arranges for it to be checked.
    pub fn changed(self: &Arc<Self>) {
        let (generation, leading) = lock(&self.state).touch(DEBOUNCE);
        let engine = Arc::clone(self);
        tokio::spawn(async move {
            if !leading {
                tokio::time::sleep(DEBOUNCE).await;
            }
            if engine.generation() != generation {
                return; // a later change will be checked instead
            }
            let _compiling = engine.compiling.lock().await;
            let Some(snapshot) = engine.fresh_locked().await else { return };
            engine.publish(&snapshot).await;
        });
    }

    /// The snapshot of the latest generation, compiled now if a change is pending.
    pub async fn fresh(&self) -> Result<Arc<Snapshot>, Error> {
        let _compiling = self.compiling.lock().await;
        self.fresh_locked().await.ok_or_else(|| Error {
            code: ErrorCode::InternalError,
            message: "the sources could not be analysed (internal error; see the server log)".into(),
            data: None,
        })
    }

    /// The latest snapshot, compiled on the blocking pool if a change is pending.
    async fn fresh_locked(&self) -> Option<Arc<Snapshot>> {
        let inputs = lock(&self.state).snapshot();
        let generation = inputs.generation;
        let previous = lock(&self.current).clone();
        if let Some(current) = &previous {
            if current.generation == generation {
                return Some(Arc::clone(current));
            }
        }
        if *lock(&self.failed) == Some(generation) {
            return None;
        }
        let started = Instant::now();
        let result =
            tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| Snapshot::update(previous.as_deref(), &inputs)))).await;
        match result {
            Ok(Ok((snapshot, fresh))) => {
                let snapshot = Arc::new(snapshot);
                let mut current = lock(&self.current);
                if current.as_ref().is_none_or(|c| c.generation < generation) {
                    *current = Some(Arc::clone(&snapshot));
                }
                if started.elapsed() > Duration::from_millis(500) {
                    log!("compilation took {} ms", started.elapsed().as_millis());
                }
                // Files compiled again, to be published by the next check (here, or
                // after a request compiled them).
                let mut pending = lock(&self.pending);
                for &i in &fresh {
                    let analysis = &snapshot.builds[i];
                    pending.extend(analysis.files().map(|f| analysis.path(f).to_path_buf()));
                }
                Some(snapshot)
            }
            Ok(Err(panic)) => {
                log!("the compiler panicked: {}", panic_message(panic.as_ref()));
                *lock(&self.failed) = Some(generation);
                None
            }
            Err(error) => {
                log!("the compilation task failed: {error}");
                *lock(&self.failed) = Some(generation);
                None
            }
        }
    }

    /// Publishes the diagnostics of the files compiled since the last
    /// publish: always for open documents, for other files only when they
    /// changed; and empty lists for files that are gone. Stops as soon as
    /// the snapshot is no longer the latest.
    async fn publish(&self, snapshot: &Snapshot) {
        let pending: Vec<PathBuf> = lock(&self.pending).drain().collect();
        let mut batch = Vec::new();
        for path in &pending {
            let Some(analysis) = snapshot.index.get(path).and_then(|&i| snapshot.builds.get(i)) else { continue };
            let Some(file) = analysis.file_at(path) else { continue };
            let Some(uri) = analysis.uri(file) else { continue };
            let diagnostics = match catch_unwind(AssertUnwindSafe(|| handlers::diagnostics::for_file(analysis, file))) {
                Ok(diagnostics) => diagnostics,
                Err(panic) => {
                    log!("converting diagnostics panicked: {}", panic_message(panic.as_ref()));
                    continue;
                }
            };
            let version = analysis.version(file);
            let key = hash_of(&diagnostics);
            if version.is_none() && lock(&self.published).get(uri) == Some(&key) {
                continue;
            }
            batch.push((Some(path), uri.clone(), diagnostics, version, key));
        }
        let present: HashSet<Uri> =
            snapshot.builds.iter().flat_map(|a| a.files().filter_map(|f| a.uri(f).cloned()).collect::<Vec<_>>()).collect();
        let gone: Vec<Uri> = lock(&self.published).keys().filter(|uri| !present.contains(*uri)).cloned().collect();
        for uri in gone {
            batch.push((None, uri, Vec::new(), None, 0));
        }
        let mut batch = batch.into_iter();
        while let Some((path, uri, diagnostics, version, key)) = batch.next() {
            if self.generation() != snapshot.generation {
                // A newer compilation will publish; keep what was not sent.
                let mut pending = lock(&self.pending);
                pending.extend(path.cloned());
                pending.extend(batch.filter_map(|(path, ..)| path.cloned()));
                return;
            }
            if path.is_some() {
                lock(&self.published).insert(uri.clone(), key);
            } else {
                lock(&self.published).remove(&uri);
            }
            self.client.publish_diagnostics(uri, diagnostics, version).await;
        }
    }
}

fn hash_of(diagnostics: &[tower_lsp_server::ls_types::Diagnostic]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics).unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}

/// The text of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
