//! Loading files and their `use`s, and cutting them into builds.
//!
//! Every root file is loaded with everything it `use`s (each file once, paths
//! relative to the using file). Files joined by `use`, in either direction,
//! form one *build*: one namespace, one JSON document. Unrelated files are
//! separate builds, so a folder of independent journeys checks cleanly.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{normalize, FileId, LoadError, Loader, SourceFile, Sources, Span};
use crate::syntax::{self, ast, Parsed};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Larger files are refused with a diagnostic rather than parsed.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

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
}

impl Workspace {
    /// Loads the roots and everything they `use`.
    pub fn load(roots: &[PathBuf], loader: &dyn Loader) -> Workspace {
        let mut workspace = Workspace::default();
        for root in roots {
            let path = normalize(root);
            if workspace.sources.find(&path).is_some() {
                continue;
            }
            match loader.load(&path) {
                Ok(bytes) => {
                    workspace.add(path, bytes, loader);
                }
                Err(error) => workspace.unreadable_roots.push((path, error)),
            }
        }
        workspace.find_cycles();
        workspace
    }

    fn add(&mut self, path: PathBuf, bytes: Vec<u8>, loader: &dyn Loader) -> FileId {
        let (text, problem) = decode(bytes);
        let id = self.sources.add(SourceFile::new(path.clone(), text));
        let parsed = match problem {
            Some((span, message, help)) => {
                let diagnostic = Diagnostic::new(Code::UnreadableSource, id, span, message).label("here").help(help);
                Parsed { cst: Default::default(), ast: Default::default(), diagnostics: vec![diagnostic] }
            }
            None => syntax::parse(id, &self.sources.get(id).text),
        };
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
            let target_path = normalize(&base.join(&using.path.text));
            let target = match self.sources.find(&target_path) {
                Some(existing) => Some(existing),
                None => match loader.load(&target_path) {
                    Ok(bytes) => Some(self.add(target_path, bytes, loader)),
                    Err(error) => {
                        let reason = match error {
                            LoadError::NotFound => "no such file".to_string(),
                            LoadError::Other(reason) => reason,
                        };
                        let shown = target_path.to_string_lossy().replace('\\', "/");
                        self.load_diagnostics.push(
                            Diagnostic::new(Code::MissingFile, id, using.path.span, format!("can't read `{}`: {reason}", using.path.text))
                                .label(format!("looked for `{shown}`"))
                                .help("paths in `use` are relative to the file that has the `use`"),
                        );
                        None
                    }
                },
            };
            self.imports[id.0 as usize].push(Import { span: using.path.span, target });
        }
        id
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

/// Bytes → text. Invalid UTF-8 and oversized files become one diagnostic.
fn decode(bytes: Vec<u8>) -> (String, Option<(Span, String, String)>) {
    if bytes.len() > MAX_FILE_BYTES {
        let size = bytes.len() as f64 / (1024.0 * 1024.0);
        return (
            String::new(),
            Some((
                Span::default(),
                format!("the file is {size:.1} MiB; Journey reads files up to {} MiB", MAX_FILE_BYTES / 1024 / 1024),
                "split the journeys into several files joined by `use`".into(),
            )),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            (
                text,
                Some((
                    Span::new(at, at),
                    format!("the file is not valid UTF-8 text (invalid byte at offset {at})"),
                    "save the file as UTF-8 in your editor".into(),
                )),
            )
        }
    }
}
