//! The project: the folders Journey may read, and the settings that apply.
//!
//! Every read goes through [`Project::allows`]: the path, made absolute and
//! normalised, must lie under one of the project's folders, and so must the
//! real path after symbolic links are followed. The first check needs no
//! disk, so a path outside the project is refused without even learning
//! whether it exists; the second catches a link inside the project that
//! leads out of it. The folders are:
//!
//! - the folder of the settings file (`--config FILE`, or the nearest
//!   `journey.toml` at or above the first path; in the editor, at or above
//!   the workspace folder);
//! - the folder of every path checked (the folder itself, or the folder a
//!   file is in), or the editor's workspace folder and the folders of the
//!   documents open in it;
//! - the folders `journey.toml` lists under `[use] allow`.

use crate::read::{load_error, read_capped, read_capped_where, sentence};
use journey_compiler::config::Config;
use journey_compiler::source::{normalize, LoadError, Loader, MAX_FILE_BYTES};
use journey_compiler::unicode::escape_hidden;
use std::path::{Path, PathBuf};

/// The settings file's name.
pub const SETTINGS_FILE: &str = "journey.toml";

/// Settings are a few lines; a bigger file is not one.
pub const MAX_SETTINGS_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    roots: Vec<Root>,
    pub config: Config,
    /// The settings file the config came from, if any.
    pub config_file: Option<PathBuf>,
}

/// One folder reads may reach: as written (absolute, normalised) and where
/// it really is (links followed), when it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Root {
    lexical: PathBuf,
    canonical: Option<PathBuf>,
}

impl Root {
    fn new(folder: &Path) -> Root {
        let lexical = absolute(folder);
        let canonical = std::fs::canonicalize(&lexical).ok();
        Root { lexical, canonical }
    }

    fn contains(&self, path: &Path) -> bool {
        // Never an empty or relative root: `starts_with("")` holds for every path.
        let lexical = self.lexical.is_absolute() && path.starts_with(&self.lexical);
        lexical || self.canonical.as_ref().is_some_and(|c| c.is_absolute() && path.starts_with(c))
    }
}

impl Project {
    /// A project of `folders`, with the settings read from `config_file`.
    ///
    /// A relative folder that is a link (or lies under one) leading out of
    /// the working directory and the settings' folder counts as where it is
    /// written, not where it leads: a pull request that turns `maps` into a
    /// link to `../../..` must not make the runner's home part of the
    /// project. An absolute folder is taken as it resolves: whoever typed
    /// it chose it.
    pub fn new(config_file: Option<PathBuf>, config: Config, folders: &[PathBuf]) -> Project {
        let base = config_file.as_deref().map(folder_of);
        let anchors: Vec<PathBuf> =
            [std::env::current_dir().ok(), base.clone()].into_iter().flatten().filter_map(|f| std::fs::canonicalize(f).ok()).collect();
        let mut roots: Vec<Root> = folders
            .iter()
            .map(|folder| {
                let mut root = Root::new(folder);
                let escapes = root.canonical.as_ref().is_some_and(|real| !anchors.iter().any(|anchor| real.starts_with(anchor)));
                if folder.is_relative() && escapes {
                    root.canonical = None;
                }
                root
            })
            .collect();
        if let Some(base) = base {
            roots.push(Root::new(&base));
            roots.extend(config.use_allow.iter().map(|allowed| Root::new(&base.join(allowed))));
        }
        roots.dedup();
        Project { roots, config, config_file }
    }

    /// For the command line: the settings (`--config FILE`, else the nearest
    /// `journey.toml` at or above the first path), and their folder, every
    /// path's folder and `[use] allow` as the roots. The error is a sentence.
    pub fn for_paths(explicit_config: Option<&Path>, paths: &[PathBuf]) -> Result<Project, String> {
        let (config_file, folders) = locate(explicit_config, paths);
        let config = match &config_file {
            Some(file) if explicit_config.is_none() => read_found_settings(file)?,
            Some(file) => read_settings(file)?,
            None => Config::default(),
        };
        Ok(Project::new(config_file, config, &folders))
    }

    /// The same folders without reading the settings (`journey fmt` needs
    /// none, and formats a project whose `journey.toml` is broken).
    pub fn for_paths_unconfigured(paths: &[PathBuf]) -> Project {
        let (config_file, folders) = locate(None, paths);
        Project::new(config_file, Config::default(), &folders)
    }

    /// For the editor: the settings at or above the workspace folder, and
    /// that folder. Bad settings give the defaults and the reason.
    pub fn for_workspace(folder: &Path) -> (Project, Option<String>) {
        let config_file = find_settings(folder);
        let (config, problem) = match &config_file {
            Some(file) => match read_found_settings(file) {
                Ok(config) => (config, None),
                Err(problem) => (Config::default(), Some(problem)),
            },
            None => (Config::default(), None),
        };
        (Project::new(config_file, config, &[folder.to_path_buf()]), problem)
    }

    /// The same project with more folders (the editor's documents open outside the workspace).
    pub fn with_folders(&self, folders: &[PathBuf]) -> Project {
        let mut project = self.clone();
        for folder in folders {
            let root = Root::new(folder);
            if !project.roots.contains(&root) {
                project.roots.push(root);
            }
        }
        project
    }

    /// Whether `path` may be read: inside a root as written, and again once
    /// its links are followed. `NotFound` only for a path inside the project.
    pub fn allows(&self, path: &Path) -> Result<(), LoadError> {
        self.allows_as_written(path)?;
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            // Missing, or unreadable: said only when the part of the path
            // that exists leads into the project, so that a link inside it
            // tells nothing of what lies outside.
            Err(error) => {
                return match resolve_links(path) {
                    Some(resolved) if self.contains_real(&resolved) => Err(load_error(&error)),
                    _ => Err(LoadError::OutsideProject),
                };
            }
        };
        if self.contains_real(&real) {
            Ok(())
        } else {
            Err(LoadError::OutsideProject)
        }
    }

    /// Whether a real path (links followed) lies in the project.
    fn contains_real(&self, real: &Path) -> bool {
        self.roots.iter().any(|root| root.contains(real))
    }

    /// The check without the disk, for text that is not a file yet (an editor's buffer).
    pub fn allows_as_written(&self, path: &Path) -> Result<(), LoadError> {
        let lexical = absolute(path);
        if self.roots.iter().any(|root| root.contains(&lexical)) {
            Ok(())
        } else {
            Err(LoadError::OutsideProject)
        }
    }
}

/// The disk, through the project's boundary and with the size cap.
impl Loader for Project {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        self.allows(path)?;
        read_capped_where(path, MAX_FILE_BYTES, &|real| self.contains_real(real))
    }

    fn may_read(&self, path: &Path) -> Result<(), LoadError> {
        self.allows(path)
    }

    fn identity(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// The settings file for command-line PATHs, and the folder of each path.
fn locate(explicit_config: Option<&Path>, paths: &[PathBuf]) -> (Option<PathBuf>, Vec<PathBuf>) {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    let config_file = match explicit_config {
        Some(file) => Some(file.to_path_buf()),
        None => find_settings(&paths[0]),
    };
    let folders = paths.iter().map(|p| if p.is_dir() { p.clone() } else { folder_of(p) }).collect();
    (config_file, folders)
}

/// Reads settings found by the search (not named with `--config`). Such a
/// file must be a file of its own folder: a link leading elsewhere is
/// refused unread, or a pull request could make `journey.toml` a link to
/// any file and have the settings' error message quote it. Checked by name
/// before the open, and again on the file actually opened.
fn read_found_settings(file: &Path) -> Result<Config, String> {
    let folder = std::fs::canonicalize(folder_of(file)).map_err(|e| format!("can't read `{}`: {}", shown(file), sentence(&e)))?;
    let in_folder = |real: &Path| real.parent() == Some(folder.as_path());
    match std::fs::canonicalize(file) {
        Ok(real) if in_folder(&real) => {}
        Ok(_) => return Err(link_out_of_folder(file)),
        Err(error) => return Err(format!("can't read `{}`: {}", shown(file), load_error(&error))),
    }
    let bytes = read_capped_where(file, MAX_SETTINGS_BYTES, &in_folder).map_err(|e| match e {
        LoadError::OutsideProject => link_out_of_folder(file),
        other => format!("can't read `{}`: {other}", shown(file)),
    })?;
    parse_settings(file, bytes)
}

fn link_out_of_folder(file: &Path) -> String {
    format!("`{}` is a link that leads out of its folder; it was not read", shown(file))
}

/// The nearest `journey.toml` at or above `start` (a file or a folder). Any
/// kind of file by that name counts, so a pipe called `journey.toml` is
/// reported rather than skipped.
///
/// The folders are searched as written, not where links lead: a folder
/// that is a link to somewhere else must not bring that place's settings
/// (and their `[use] allow`) into the project.
pub fn find_settings(start: &Path) -> Option<PathBuf> {
    let start = absolute(start);
    let folder = if start.is_dir() { start } else { folder_of(&start) };
    folder.ancestors().map(|d| d.join(SETTINGS_FILE)).find(|f| f.symlink_metadata().is_ok())
}

/// Reads and parses a settings file (a regular file, at most [`MAX_SETTINGS_BYTES`]).
pub fn read_settings(file: &Path) -> Result<Config, String> {
    let bytes = read_capped(file, MAX_SETTINGS_BYTES).map_err(|e| format!("can't read `{}`: {e}", shown(file)))?;
    parse_settings(file, bytes)
}

fn parse_settings(file: &Path, bytes: Vec<u8>) -> Result<Config, String> {
    let text = String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", shown(file)))?;
    Config::parse(&text).map_err(|e| format!("bad settings in `{}`: {e}", shown(file)))
}

/// A path as messages show it: `/` separators, hidden characters as escapes.
pub fn shown(path: &Path) -> String {
    escape_hidden(&path.to_string_lossy(), true).into_owned()
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Where a path that does not (fully) exist leads: its links followed as
/// far as they exist, the rest as written. `None` when a link can't be read
/// or links loop. For "not found" to be said only of paths in the project.
fn resolve_links(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut pending: Vec<std::ffi::OsString> = Vec::new();
    let mut resolved = PathBuf::new();
    let push_parts = |pending: &mut Vec<std::ffi::OsString>, resolved: &mut PathBuf, path: &Path| {
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                Component::Prefix(_) | Component::RootDir => *resolved = PathBuf::from(component.as_os_str()),
                other => parts.push(other.as_os_str().to_os_string()),
            }
        }
        pending.extend(parts.into_iter().rev());
    };
    push_parts(&mut pending, &mut resolved, &absolute(path));
    let mut links = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            resolved.pop();
            continue;
        }
        if part == "." {
            continue;
        }
        let next = resolved.join(&part);
        match next.symlink_metadata() {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                links += 1;
                let target = std::fs::read_link(&next).ok().filter(|_| links <= 40)?;
                if target.is_absolute() {
                    resolved = PathBuf::new();
                }
                push_parts(&mut pending, &mut resolved, &target);
            }
            Ok(_) => resolved = next,
            Err(_) => {
                // The rest does not exist: as written.
                resolved = next;
                while let Some(rest) = pending.pop() {
                    resolved.push(rest);
                }
                return Some(normalize(&resolved));
            }
        }
    }
    Some(resolved)
}

/// `path` made absolute (against the working directory) and normalised, without the disk.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stay_inside_the_project() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let project_dir = dir.path().join("project");
        std::fs::create_dir_all(project_dir.join("maps")).expect("folders");
        std::fs::write(project_dir.join("maps/a.journey"), "team a \"A\"\n").expect("written");
        std::fs::write(dir.path().join("secret.journey"), "team s \"S\"\n").expect("written");
        let project = Project::new(None, Config::default(), std::slice::from_ref(&project_dir));
        assert_eq!(project.load(&project_dir.join("maps/a.journey")).expect("inside"), b"team a \"A\"\n");
        assert_eq!(project.load(&project_dir.join("maps/../../secret.journey")), Err(LoadError::OutsideProject));
        assert_eq!(project.load(Path::new("/etc/passwd")), Err(LoadError::OutsideProject));
        // Outside is refused before the disk is asked: no existence oracle.
        assert_eq!(project.load(&dir.path().join("nothing-here")), Err(LoadError::OutsideProject));
        assert_eq!(project.load(&project_dir.join("nothing-here")), Err(LoadError::NotFound));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.journey"), project_dir.join("maps/link.journey")).expect("a link");
            assert_eq!(project.load(&project_dir.join("maps/link.journey")), Err(LoadError::OutsideProject));
            assert!(project.allows_as_written(&project_dir.join("maps/link.journey")).is_ok());
        }
    }

    #[test]
    fn settings_add_their_folder_and_allowed_ones() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(dir.path().join("project/maps")).expect("folders");
        std::fs::create_dir_all(dir.path().join("shared")).expect("folders");
        std::fs::write(dir.path().join("shared/people.journey"), "team p \"P\"\n").expect("written");
        std::fs::write(dir.path().join("project/journey.toml"), "[use]\nallow = [\"../shared\"]\n").expect("written");
        let project = Project::for_paths(None, &[dir.path().join("project/maps")]).expect("settings read");
        assert_eq!(project.config.use_allow, ["../shared"]);
        assert!(project.allows(&dir.path().join("project/journey.toml")).is_ok());
        assert!(project.allows(&dir.path().join("shared/people.journey")).is_ok());
        assert_eq!(project.allows(&dir.path().join("other")), Err(LoadError::OutsideProject));
    }

    #[cfg(unix)]
    #[test]
    fn a_settings_file_that_is_not_a_file_is_an_error() {
        let error = Project::for_paths(Some(Path::new("/dev/zero")), &[]).expect_err("a device");
        assert_eq!(error, "can't read `/dev/zero`: it is a character device, not a file");
    }
}
