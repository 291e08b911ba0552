//! The scheduling half of the language server: when to compile and what to
//! publish. The pure half (what a compilation holds and what can be reused)
//! is `analysis.rs`.
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
//! - **Never stale**: diagnostics are published only from the compilation of
//!   the latest generation, with each open document's version. Requests use
//!   [`Engine::fresh`], which compiles first if a change is still pending, so
//!   positions and results always refer to the text the client has.

use crate::analysis::Snapshot;
use crate::handlers;
use crate::state::State;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

/// How long typing must pause before a burst of changes is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

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
            let Some((analysis, file)) = snapshot.locate_path(path) else { continue };
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
