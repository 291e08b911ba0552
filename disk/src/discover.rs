//! Finding the `*.journey` files a command or the editor works on (and
//! the Markdown pages `journey markdown` draws maps in).
//!
//! Folders are searched recursively, skipping hidden folders, `target` and
//! `node_modules`; links to folders are not followed (no loops), links to
//! files are kept, so that [`crate::Project`] can refuse one that leads out
//! of the project with a diagnostic instead of silently reading it.

use crate::project::shown;
use crate::read::sentence;
use std::path::{Path, PathBuf};

/// More files than this under one folder is a mistake (a home folder opened
/// by accident), not a project.
pub const MAX_FILES: usize = 20_000;

/// How deep folders are searched.
const MAX_DEPTH: usize = 64;

/// What a search found.
#[derive(Debug, Default)]
pub struct Found {
    /// Sorted.
    pub files: Vec<PathBuf>,
    /// Folders that could not be read, with the reason.
    pub problems: Vec<String>,
    /// The search stopped at [`MAX_FILES`].
    pub truncated: bool,
}

/// The endings of the files a search looks for.
pub const JOURNEY: &[&str] = &[".journey"];
pub const MARKDOWN: &[&str] = &[".md", ".markdown"];

/// Every `*.journey` file below `folder`.
pub fn journey_files(folder: &Path) -> Found {
    files_below(folder, JOURNEY)
}

/// Every file below `folder` whose name ends with one of `endings`.
pub fn files_below(folder: &Path, endings: &[&str]) -> Found {
    let mut found = Found::default();
    walk(folder, endings, &mut found, 0);
    found.files.sort();
    found
}

fn walk(folder: &Path, endings: &[&str], found: &mut Found, depth: usize) {
    if depth > MAX_DEPTH {
        found.problems.push(format!("`{}` is nested more than {MAX_DEPTH} folders deep; not searched", shown(folder)));
        return;
    }
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => return found.problems.push(format!("can't search `{}`: {}", shown(folder), sentence(&error))),
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if found.files.len() >= MAX_FILES {
            found.truncated = true;
            return;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // The entry itself, links not followed.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&entry.path(), endings, found, depth + 1);
            }
        } else if endings.iter().any(|ending| name.ends_with(ending)) {
            found.files.push(strip_dot(&entry.path()));
        }
    }
}

/// The files named by command-line PATHs: files as given, folders searched
/// (see [`journey_files`]); no PATH means the current folder. Paths below
/// the working directory come back relative to it, sorted, each once.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    files(paths, JOURNEY)
}

/// [`sources`] for files with other `endings` (Markdown pages).
pub fn files(paths: &[PathBuf], endings: &[&str]) -> Result<Vec<PathBuf>, String> {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| format!("can't read `{}`: {}", shown(path), sentence(&e)))?;
        if !metadata.is_dir() {
            files.push(path.clone()); // a pipe or a device is refused when it is loaded, with a diagnostic
            continue;
        }
        let found = files_below(path, endings);
        if let Some(problem) = found.problems.into_iter().next() {
            return Err(problem);
        }
        if found.truncated {
            return Err(format!("more than {MAX_FILES} `*{}` files below `{}`; use a smaller folder", endings[0], shown(path)));
        }
        files.extend(found.files);
    }
    let cwd = std::env::current_dir().ok();
    let mut files: Vec<PathBuf> = files.into_iter().map(|path| relative_to(cwd.as_deref(), path)).collect();
    files.sort();
    files.dedup();
    Ok(files)
}

/// Absolute paths below the working directory become relative, so outputs
/// (positions in the JSON, SARIF locations) don't depend on where the
/// checkout lives.
fn relative_to(cwd: Option<&Path>, path: PathBuf) -> PathBuf {
    match cwd {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).map(Path::to_path_buf).unwrap_or(path),
        _ => path,
    }
}

/// `./a/b.journey` → `a/b.journey`: what people expect to see in messages.
fn strip_dot(path: &Path) -> PathBuf {
    path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_hidden_and_build_folders() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for folder in ["a/b", ".git", "target", "node_modules"] {
            std::fs::create_dir_all(dir.path().join(folder)).expect("folders");
        }
        for file in ["a/b/x.journey", "a/y.journey", ".git/z.journey", "target/t.journey", "node_modules/n.journey", "a/notes.txt"] {
            std::fs::write(dir.path().join(file), "").expect("written");
        }
        let found = journey_files(dir.path());
        let names: Vec<String> = found.files.iter().map(|f| f.strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a/b/x.journey", "a/y.journey"]);
        assert!(found.problems.is_empty() && !found.truncated);
    }
}
