//! What the server knows between messages: the open documents (text and
//! version), the workspace root and the `.journey` files found under it, the
//! project (the folders it may read, and the settings), and a generation
//! counter that every change bumps.
//!
//! Documents are keyed by their normalised path, the same key the compiler
//! uses, so a buffer and a file reached through `use` are one file. Buffers
//! that are not files (`untitled:`) get their URI as their path.

use crate::convert::LineIndex;
use journey_compiler::source::{normalize, LoadError, Loader};
use journey_disk::{discover, Project};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// One open buffer.
#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    pub text: Arc<String>,
    pub version: i32,
}

#[derive(Debug, Default)]
pub struct State {
    pub root: Option<PathBuf>,
    pub documents: HashMap<PathBuf, Document>,
    /// `*.journey` under the root, not necessarily open.
    pub discovered: Vec<PathBuf>,
    /// The folders the server may read (the workspace, or the folder of
    /// `journey.toml` above it) and the settings.
    pub project: Arc<Project>,
    /// Bumped whenever files on disk may have changed (save, watched files, discovery).
    pub disk_epoch: u64,
    /// Bumped by every change to what a compilation reads.
    pub generation: u64,
    pub last_change: Option<Instant>,
    /// The client folds whole lines only (`foldingRange.lineFoldingOnly`).
    pub line_folding_only: bool,
}

/// What one compilation reads: a snapshot of the state.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub generation: u64,
    pub roots: Vec<PathBuf>,
    pub overlay: HashMap<PathBuf, Document>,
    /// The project, with the folders of open documents outside it added.
    pub project: Arc<Project>,
    pub disk_epoch: u64,
}

impl State {
    pub fn snapshot(&self) -> Inputs {
        let mut roots: Vec<PathBuf> = self.discovered.iter().chain(self.documents.keys()).cloned().collect();
        roots.sort();
        roots.dedup();
        // A document open outside the project may read its own folder.
        let outside: Vec<PathBuf> = self
            .documents
            .keys()
            .filter(|path| path.is_absolute() && self.project.allows_as_written(path).is_err())
            .filter_map(|path| path.parent().map(Path::to_path_buf))
            .collect();
        let project = if outside.is_empty() { Arc::clone(&self.project) } else { Arc::new(self.project.with_folders(&outside)) };
        Inputs { generation: self.generation, roots, overlay: self.documents.clone(), project, disk_epoch: self.disk_epoch }
    }

    /// Records a change; returns the new generation and whether it follows a
    /// quiet period (then it is checked at once, else after the debounce).
    pub fn touch(&mut self, quiet: std::time::Duration) -> (u64, bool) {
        let now = Instant::now();
        let leading = self.last_change.is_none_or(|last| now.duration_since(last) >= quiet);
        self.last_change = Some(now);
        self.generation += 1;
        (self.generation, leading)
    }

    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = uri_to_path(&uri);
        self.documents.insert(path, Document { uri, text: Arc::new(text), version });
    }

    /// Applies incremental or full changes, in order. Returns `false` when the
    /// document is not open.
    pub fn change(&mut self, uri: &Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) -> bool {
        let path = uri_to_path(uri);
        let Some(document) = self.documents.get_mut(&path) else { return false };
        let mut text = String::clone(&document.text);
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&text);
                    let start = index.offset(range.start).unwrap_or(text.len());
                    let end = index.offset(range.end).unwrap_or(text.len());
                    let (start, end) = (start.min(end), start.max(end));
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        document.text = Arc::new(text);
        document.version = version;
        true
    }

    pub fn close(&mut self, uri: &Uri) {
        self.documents.remove(&uri_to_path(uri));
    }

    #[cfg(test)]
    pub fn document(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(&uri_to_path(uri))
    }

    /// Finds the `.journey` files under the root again and rereads
    /// `journey.toml` (a regular file only, capped: never a pipe that blocks).
    pub fn rediscover(&mut self) {
        let Some(root) = self.root.clone() else { return };
        let found = discover::journey_files(&root);
        for problem in &found.problems {
            log!("{problem}");
        }
        if found.truncated {
            log!("more than {} `.journey` files under the workspace; the rest are not checked", discover::MAX_FILES);
        }
        self.discovered = found.files.iter().map(|path| normalize(path)).collect();
        self.disk_epoch += 1;
        let (project, problem) = Project::for_workspace(&root);
        if let Some(problem) = problem {
            log!("ignoring the settings: {problem}");
        }
        self.project = Arc::new(project);
    }
}

/// The compiler's key for a document: its normalised file path, or the URI
/// itself for documents that are not files.
pub fn uri_to_path(uri: &Uri) -> PathBuf {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    match is_file.then(|| uri.to_file_path()).flatten() {
        Some(path) => normalize(&path),
        None => PathBuf::from(uri.as_str()),
    }
}

/// The URI of a path: an open document's own URI, else a `file:` URI.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    if path.is_absolute() {
        Uri::from_file_path(path)
    } else {
        path.to_str().and_then(|s| s.parse().ok())
    }
}

/// Serves open buffers, and the disk for everything else, inside the project only.
pub struct OverlayLoader<'a> {
    pub overlay: &'a HashMap<PathBuf, Document>,
    pub project: &'a Project,
}

impl Loader for OverlayLoader<'_> {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        if !path.is_absolute() {
            // A buffer that is not a file (`untitled:`) is the client's own;
            // a `use` from one has no folder to read.
            return self.overlay.get(&normalize(path)).map(|d| d.text.as_bytes().to_vec()).ok_or(LoadError::NotFound);
        }
        if let Some(document) = self.overlay.get(&normalize(path)) {
            self.project.allows_as_written(path)?;
            return Ok(document.text.as_bytes().to_vec());
        }
        self.project.load(path)
    }

    fn may_read(&self, path: &Path) -> Result<(), LoadError> {
        match (path.is_absolute(), self.overlay.contains_key(&normalize(path))) {
            (false, _) => Ok(()),
            (true, true) => self.project.allows_as_written(path),
            (true, false) => self.project.allows(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn uri(s: &str) -> Uri {
        s.parse().expect("valid URI")
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut state = State::default();
        let u = uri("file:///tmp/a.journey");
        state.open(u.clone(), "team a \"A\"\n".into(), 1);
        let change = |sl, sc, el, ec, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range { start: Position::new(sl, sc), end: Position::new(el, ec) }),
            range_length: None,
            text: text.into(),
        };
        assert!(state.change(&u, 2, vec![change(0, 5, 0, 6, "bé"), change(0, 7, 0, 7, "c")]));
        let doc = state.document(&u).expect("open");
        assert_eq!(doc.text.as_str(), "team béc \"A\"\n");
        assert_eq!(doc.version, 2);
        assert!(!state.change(&uri("file:///tmp/other.journey"), 1, vec![]));
    }

    #[test]
    fn paths_of_uris() {
        assert_eq!(uri_to_path(&uri("file:///tmp/x/../a%20b.journey")), PathBuf::from("/tmp/a b.journey"));
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), PathBuf::from("untitled:Untitled-1"));
        let back = path_to_uri(Path::new("/tmp/a b.journey")).expect("absolute");
        assert_eq!(back.as_str(), "file:///tmp/a%20b.journey");
    }
}
