//! Loading files and their `use`s, and cutting them into builds.
//!
//! Every root file is loaded with everything it `use`s (each file once, paths
//! relative to the using file). Files joined by `use`, in either direction,
//! form one *build*: one namespace, one JSON document. Unrelated files are
//! separate builds, so a folder of independent journeys checks cleanly.

use crate::diagnostic::{Code, Diagnostic};
pub use crate::source::MAX_FILE_BYTES;
use crate::source::{mebibytes, normalize, FileId, LoadError, Loader, SourceFile, Sources, Span};
use crate::syntax::{self, ast, Parsed};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the project is, in the words of the messages (`journey_disk::project` decides it).
const PROJECT: &str = "the folder of `journey.toml` and the folders checked, or the editor's workspace";

/// A `use` and the file it reached, if any.
#[derive(Debug, Clone)]
pub struct Import {
    pub span: Span,
    pub target: Option<FileId>,
}

/// All loaded files with their parse results.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Sources,
    pub parsed: Vec<Parsed>,
    pub imports: Vec<Vec<Import>>,
    /// Problems found while loading (missing files, cycles, bad encoding), by file.
    pub load_diagnostics: Vec<Diagnostic>,
    /// Root paths that could not be read at all, with the reason.
    pub unreadable_roots: Vec<(PathBuf, LoadError)>,
    /// Each loaded file by its identity ([`Loader::identity`]): `../a/x.journey`
    /// seen from `a/` is the `x.journey` already loaded.
    identities: BTreeMap<PathBuf, FileId>,
}

impl Workspace {
    /// Loads the roots and everything they `use`.
    pub fn load(roots: &[PathBuf], loader: &dyn Loader) -> Workspace {
        let mut workspace = Workspace::default();
        for root in roots {
            let path = normalize(root);
            if workspace.known(&path, loader).is_some() {
                continue;
            }
            match loader.load(&path) {
                Ok(bytes) => {
                    workspace.add(path, bytes, loader);
                }
                // Gone since it was found, or no permission: the command can't run.
                Err(error @ (LoadError::NotFound | LoadError::Other(_))) => workspace.unreadable_roots.push((path, error)),
                // Refused: reported in the file itself, which the rest of the run skips.
                Err(refusal) => {
                    workspace.add_refused(path, &refusal);
                }
            }
        }
        workspace.find_cycles();
        workspace
    }

    fn add(&mut self, path: PathBuf, bytes: Vec<u8>, loader: &dyn Loader) -> FileId {
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(Undecodable::TooLarge(size)) => return self.add_refused(path, &LoadError::TooLarge(Some(size))),
            Err(Undecodable::NotUtf8 { text, at }) => {
                let id = self.sources.add(SourceFile::new(path, text));
                let diagnostic = Diagnostic::new(
                    Code::UnreadableSource,
                    id,
                    Span::new(at, at),
                    format!("the file is not valid UTF-8 text (invalid byte at offset {at})"),
                )
                .label("here")
                .help("save the file as UTF-8 in your editor");
                self.push_unparsed(diagnostic);
                return id;
            }
        };
        let id = self.sources.add(SourceFile::new(path.clone(), text));
        if let Some(identity) = loader.identity(&path) {
            self.identities.entry(identity).or_insert(id);
        }
        let parsed = syntax::parse(id, &self.sources.get(id).text);
        let uses: Vec<ast::Use> = parsed
            .ast
            .items
            .iter()
            .filter_map(|item| match item {
                ast::Item::Use(u) => Some(u.clone()),
                _ => None,
            })
            .collect();
        self.parsed.push(parsed);
        self.imports.push(Vec::new());
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for using in uses {
            let target = self.follow(id, &base, &using, loader);
            self.imports[id.0 as usize].push(Import { span: using.path.span, target });
        }
        id
    }

    /// The file a `use` names, loaded if it is new; `None` (and a diagnostic) when it can't be read.
    fn follow(&mut self, from: FileId, base: &Path, using: &ast::Use, loader: &dyn Loader) -> Option<FileId> {
        let written = &using.path.text;
        let outside = |message: String| {
            Diagnostic::new(Code::OutsideProject, from, using.path.span, message).label("not read").help(format!(
                "a `use` reaches only files inside the project ({PROJECT}); list other folders under `[use] allow` in `journey.toml`"
            ))
        };
        if Path::new(written.as_str()).is_absolute() || written.starts_with('\\') {
            let mut refused = outside(format!("`use` of an absolute path: `{written}`"));
            refused.help = Some("write the path relative to this file; an absolute path is refused, since it reaches outside the project and works on no other machine".into());
            self.load_diagnostics.push(refused);
            return None;
        }
        let target_path = normalize(&base.join(written.as_str()));
        if loader.may_read(&target_path) == Err(LoadError::OutsideProject) {
            self.load_diagnostics.push(outside(format!("`{written}` is outside the project")));
            return None;
        }
        // Only journeys: a `use ".env"` inside the project would otherwise have
        // its lines quoted as syntax errors.
        if !written.ends_with(".journey") {
            self.load_diagnostics.push(
                Diagnostic::new(
                    Code::MissingFile,
                    from,
                    using.path.span,
                    format!("can't read `{written}`: `use` reads only `.journey` files"),
                )
                .label("not read")
                .help("name the file with the `.journey` ending, as every Journey source is"),
            );
            return None;
        }
        if let Some(existing) = self.known(&target_path, loader) {
            return Some(existing);
        }
        match loader.load(&target_path) {
            Ok(bytes) => Some(self.add(target_path, bytes, loader)),
            // Too large: said in the file itself, as for a file checked directly.
            Err(too_large @ LoadError::TooLarge(_)) => Some(self.add_refused(target_path, &too_large)),
            Err(LoadError::OutsideProject) => {
                self.load_diagnostics.push(outside(format!("`{written}` is outside the project")));
                None
            }
            Err(error) => {
                let shown = target_path.to_string_lossy().replace('\\', "/");
                self.load_diagnostics.push(
                    Diagnostic::new(Code::MissingFile, from, using.path.span, format!("can't read `{written}`: {error}"))
                        .label(format!("looked for `{shown}`"))
                        .help("paths in `use` are relative to the file that has the `use`"),
                );
                None
            }
        }
    }

    /// The file already loaded under this path, or under another name for it.
    fn known(&self, path: &Path, loader: &dyn Loader) -> Option<FileId> {
        self.sources.find(path).or_else(|| self.identities.get(&loader.identity(path)?).copied())
    }

    /// A file that was not read: no text, no tree, one diagnostic saying why.
    fn add_refused(&mut self, path: PathBuf, why: &LoadError) -> FileId {
        let id = self.sources.add(SourceFile::new(path, String::new()));
        let diagnostic = match why {
            LoadError::OutsideProject => {
                Diagnostic::new(Code::OutsideProject, id, Span::default(), "this file leads outside the project; it was not read")
                    .label("a link to a place outside the project")
                    .help(format!("the project is {PROJECT}; put the file itself here instead of a link"))
            }
            LoadError::TooLarge(size) => {
                let size = size.map_or_else(|| format!("larger than {}", mebibytes(MAX_FILE_BYTES as u64)), mebibytes);
                Diagnostic::new(
                    Code::UnreadableSource,
                    id,
                    Span::default(),
                    format!("the file is {size}; Journey reads files up to {}", mebibytes(MAX_FILE_BYTES as u64)),
                )
                .label("not read")
                .help("split the journeys into several files joined by `use`")
            }
            other => Diagnostic::new(Code::UnreadableSource, id, Span::default(), format!("can't read this file: {other}"))
                .label("not read")
                .help("Journey reads only regular files: a pipe or a device could keep the build waiting forever"),
        };
        self.push_unparsed(diagnostic);
        id
    }

    /// Records the parse result of a file that could not be parsed: its one diagnostic.
    fn push_unparsed(&mut self, diagnostic: Diagnostic) {
        self.parsed.push(Parsed { cst: Default::default(), ast: Default::default(), diagnostics: vec![diagnostic] });
        self.imports.push(Vec::new());
    }

    /// Reports every `use` that closes a circle of files.
    fn find_cycles(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let count = self.sources.len();
        let mut marks = vec![Mark::New; count];
        let mut diagnostics = Vec::new();
        for start in 0..count {
            if marks[start] != Mark::New {
                continue;
            }
            // Iterative depth-first search: (file, next import to follow).
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            marks[start] = Mark::Active;
            while let Some(&mut (file, ref mut next)) = stack.last_mut() {
                let imports = &self.imports[file];
                if *next >= imports.len() {
                    marks[file] = Mark::Done;
                    stack.pop();
                    continue;
                }
                let import = imports[*next].clone();
                *next += 1;
                let Some(target) = import.target else { continue };
                let target = target.0 as usize;
                match marks[target] {
                    Mark::New => {
                        marks[target] = Mark::Active;
                        stack.push((target, 0));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|(f, _)| *f == target).expect("active files are on the stack");
                        let chain: Vec<String> =
                            stack[from..].iter().map(|(f, _)| self.file_name(*f)).chain(std::iter::once(self.file_name(target))).collect();
                        let mut diagnostic = Diagnostic::new(
                            Code::ImportCycle,
                            FileId(file as u32),
                            import.span,
                            format!("import cycle: {}", chain.join(" → ")),
                        )
                        .label("this `use` closes the cycle")
                        .help("move what both files need into a third file that both `use`");
                        for window in stack[from..].windows(2) {
                            let (f, n) = window[0];
                            let span = self.imports[f][n - 1].span;
                            diagnostic = diagnostic.secondary(FileId(f as u32), span, "part of the cycle");
                        }
                        diagnostics.push(diagnostic);
                    }
                    Mark::Done => {}
                }
            }
        }
        self.load_diagnostics.extend(diagnostics);
    }

    fn file_name(&self, file: usize) -> String {
        let path = &self.sources.get(FileId(file as u32)).path;
        format!("`{}`", path.file_name().map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy()))
    }

    /// Groups files joined by `use` (either direction); each group sorted by path.
    pub fn builds(&self) -> Vec<Vec<FileId>> {
        let count = self.sources.len();
        let mut group: Vec<usize> = (0..count).collect();
        fn find(group: &mut [usize], mut x: usize) -> usize {
            while group[x] != x {
                group[x] = group[group[x]];
                x = group[x];
            }
            x
        }
        for (file, imports) in self.imports.iter().enumerate() {
            for target in imports.iter().filter_map(|i| i.target) {
                let (a, b) = (find(&mut group, file), find(&mut group, target.0 as usize));
                group[a.max(b)] = a.min(b);
            }
        }
        let mut builds: BTreeMap<usize, Vec<FileId>> = BTreeMap::new();
        for file in 0..count {
            let root = find(&mut group, file);
            builds.entry(root).or_default().push(FileId(file as u32));
        }
        let mut builds: Vec<Vec<FileId>> = builds.into_values().collect();
        for build in &mut builds {
            build.sort_by(|a, b| self.sources.get(*a).path.cmp(&self.sources.get(*b).path));
        }
        builds.sort_by(|a, b| self.sources.get(a[0]).path.cmp(&self.sources.get(b[0]).path));
        builds
    }
}

/// Why bytes are not source text.
enum Undecodable {
    TooLarge(u64),
    /// The text with replacement characters, and the offset of the first bad byte.
    NotUtf8 {
        text: String,
        at: usize,
    },
}

/// Bytes → text. Loaders cap what they read; this cap is for the ones that
/// hand over buffers (an editor may send anything).
fn decode(bytes: Vec<u8>) -> Result<String, Undecodable> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Undecodable::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        Undecodable::NotUtf8 { text: String::from_utf8_lossy(error.as_bytes()).into_owned(), at }
    })
}
