//! Everything that touches the disk: finding sources, loading them, the
//! settings file, and writing outputs atomically.

use journey_compiler::config::Config;
use journey_compiler::source::{LoadError, Loader};
use miette::{miette, IntoDiagnostic, Result, WrapErr};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads source files from the disk.
pub struct DiskLoader;

impl Loader for DiskLoader {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LoadError::NotFound),
            Err(e) => Err(LoadError::Other(e.to_string())),
        }
    }
}

/// The `.journey` files named by PATH arguments: files as given, directories
/// searched recursively (hidden folders, `target` and `node_modules` skipped).
/// Sorted, so every run sees the same order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut found = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| miette!("can't read `{}`: {e}", path.display()))?;
        if metadata.is_dir() {
            walk(path, &mut found).wrap_err_with(|| format!("can't search `{}`", path.display()))?;
        } else {
            found.push(path.clone());
        }
    }
    let cwd = std::env::current_dir().ok();
    let mut found: Vec<PathBuf> = found.into_iter().map(|path| relative_to(cwd.as_deref(), path)).collect();
    found.sort();
    found.dedup();
    Ok(found)
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

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).into_diagnostic()?.collect::<std::io::Result<_>>().into_diagnostic()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type().into_diagnostic()?;
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found)?;
            }
        } else if name.ends_with(".journey") {
            found.push(strip_dot(&path));
        }
    }
    Ok(())
}

/// `./a/b.journey` → `a/b.journey`: what people expect to see in messages.
fn strip_dot(path: &Path) -> PathBuf {
    path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// The settings: `--config FILE`, else the nearest `journey.toml` at or above
/// the first path (or the current directory), else the defaults.
pub fn load_config(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config> {
    let file = match explicit {
        Some(file) => Some(file.to_path_buf()),
        None => {
            let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
            let start = std::fs::canonicalize(&start).unwrap_or(start);
            let dir = if start.is_dir() { start } else { start.parent().map(Path::to_path_buf).unwrap_or_default() };
            dir.ancestors().map(|d| d.join("journey.toml")).find(|f| f.is_file())
        }
    };
    let Some(file) = file else { return Ok(Config::default()) };
    let text = std::fs::read_to_string(&file).map_err(|e| miette!("can't read `{}`: {e}", file.display()))?;
    Config::parse(&text).map_err(|e| miette!("bad settings in `{}`: {e}", file.display()))
}

/// Writes a file so that readers see the old or the new contents, never a
/// half-written one: a temporary file in the same directory, then a rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| miette!("can't create `{}`: {e}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| miette!("can't write in `{}`: {e}", dir.display()))?;
    temp.write_all(contents).and_then(|_| temp.flush()).map_err(|e| miette!("can't write `{}`: {e}", path.display()))?;
    #[cfg(unix)]
    {
        // Temporary files are private (0600); outputs are meant to be published.
        use std::os::unix::fs::PermissionsExt;
        let _ = temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    temp.persist(path).map_err(|e| miette!("can't write `{}`: {}", path.display(), e.error))?;
    Ok(())
}
