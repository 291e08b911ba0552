//! A build's outputs, written as one set: all of them or none.
//!
//! ```text
//! out/
//!   .journey-build-Xb3k9Q/    staging: locked (flock) while its build runs
//!     first_order.svg         every output, complete and synced to disk
//!     grocery.json
//!     .commit                 written once all are: the set is decided
//!   first_order.svg           the outputs, moved into place by rename
//! ```
//!
//! - Nothing in the output folder changes until every output is written in
//!   full. A full disk, or any other error, removes the staging folder and
//!   leaves the previous outputs exactly as they were.
//! - Then the set is moved into place: `.commit`, one rename per file, the
//!   staging folder removed. Interrupts (Ctrl-C, SIGTERM, SIGHUP) are held
//!   back for those few microseconds, so they land before or after.
//! - A build killed outright (kill -9, a power cut) leaves its staging
//!   folder. The next build into the folder finishes its work before
//!   starting its own: with `.commit` the killed build's set is moved into
//!   place, without it the folder is deleted. A staging folder is only
//!   touched once its lock is free, so builds running side by side never
//!   touch each other's; they take turns to commit (a lock on the output
//!   folder itself).

use crate::project::shown;
use crate::read::sentence;
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The start of every staging folder's name.
pub const STAGING_PREFIX: &str = ".journey-build-";

/// The marker that decides a staging folder's set.
const COMMIT_MARK: &str = ".commit";

/// Where a staging folder keeps a second name of the outputs it replaces.
const REPLACED: &str = ".replaced";

/// Writes `outputs` (file name → bytes) into `out_dir` as one set. The
/// error is a sentence for the user.
pub fn write_set(out_dir: &Path, outputs: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    for name in outputs.keys() {
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".." && !name.starts_with(STAGING_PREFIX);
        assert!(plain, "output names are plain file names: {name:?}");
    }
    fs::create_dir_all(out_dir).map_err(|e| format!("can't create `{}`: {}", shown(out_dir), sentence(&e)))?;
    let staging = {
        let _turn = FolderLock::take(out_dir).map_err(|e| format!("can't lock `{}`: {}", shown(out_dir), sentence(&e)))?;
        recover_locked(out_dir);
        Staging::create(out_dir).map_err(|e| format!("can't write in `{}`: {}", shown(out_dir), sentence(&e)))?
    };
    // Written without the folder's lock: builds side by side write at once.
    if let Err(error) = staging.write(outputs) {
        staging.discard();
        return Err(format!("can't write the outputs in `{}`: {}; nothing was changed", shown(out_dir), sentence(&error)));
    }
    let _turn = FolderLock::take(out_dir).map_err(|e| format!("can't lock `{}`: {}", shown(out_dir), sentence(&e)))?;
    if let Some(name) = outputs.keys().find(|name| out_dir.join(name).symlink_metadata().is_ok_and(|m| m.is_dir())) {
        staging.discard();
        return Err(format!("can't write `{}`: a folder of that name is in the way; nothing was changed", shown(&out_dir.join(name))));
    }
    let _held = HeldSignals::hold();
    staging.commit(out_dir, outputs.keys())
}

/// Finishes or removes what killed builds left in `out_dir` (see the module
/// documentation). Builds call it before writing; exposed for tests.
pub fn recover(out_dir: &Path) -> io::Result<()> {
    let _turn = FolderLock::take(out_dir)?;
    recover_locked(out_dir);
    Ok(())
}

/// [`recover`], with the folder's lock already taken. Best effort: what
/// can't be cleaned now is tried again by the next build.
fn recover_locked(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        let is_staging = entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX);
        // The entry itself: a link by that name is not followed.
        if !is_staging || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let staging = entry.path();
        let Ok(folder) = File::open(&staging) else { continue };
        if !try_lock(&folder) {
            continue; // a build that is still running
        }
        if staging.join(COMMIT_MARK).exists() {
            // The killed build had decided: move the rest of its set into place.
            if let Ok(files) = fs::read_dir(&staging) {
                for file in files.flatten().filter(|f| f.file_name() != COMMIT_MARK && f.file_name() != REPLACED) {
                    let _ = fs::rename(file.path(), out_dir.join(file.file_name()));
                }
            }
        }
        let _ = fs::remove_dir_all(&staging);
    }
}

/// A staging folder, locked for as long as this value lives.
struct Staging {
    path: PathBuf,
    /// Holds the lock.
    _folder: File,
}

impl Staging {
    /// Called with the output folder's lock taken, so that no recovery sees
    /// the new folder before it is locked.
    fn create(out_dir: &Path) -> io::Result<Staging> {
        let path = tempfile::Builder::new().prefix(STAGING_PREFIX).tempdir_in(out_dir)?.keep();
        let folder = File::open(&path)?;
        if !try_lock(&folder) {
            return Err(io::Error::other("a new staging folder is locked by someone else"));
        }
        Ok(Staging { path, _folder: folder })
    }

    /// Every output, complete and on disk.
    fn write(&self, outputs: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
        for (name, bytes) in outputs {
            let mut file = create_published(&self.path.join(name))?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        sync_folder(&self.path)
    }

    /// Decides the set, then moves it into place. After `.commit` is
    /// written, a failure leaves the staging folder for the next build to finish.
    fn commit<'a>(self, out_dir: &Path, names: impl Iterator<Item = &'a String>) -> Result<(), String> {
        let names: Vec<&String> = names.collect();
        // The outputs being replaced get a second name in the staging folder:
        // a rename over a file's last name frees its data, which takes long
        // enough for a kill to land in the middle of the set; this way the
        // renames only switch names, and the old data goes with the folder.
        let replaced = self.path.join(REPLACED);
        if fs::create_dir(&replaced).is_ok() {
            for name in &names {
                let _ = fs::hard_link(out_dir.join(name), replaced.join(name)); // best effort: some file systems have no links
            }
        }
        let mark = self.path.join(COMMIT_MARK);
        if let Err(error) = File::create(&mark).and_then(|f| f.sync_all()).and_then(|()| sync_folder(&self.path)) {
            self.discard();
            return Err(format!("can't write in `{}`: {}; nothing was changed", shown(out_dir), sentence(&error)));
        }
        let moves: Vec<(PathBuf, PathBuf)> = names.iter().map(|name| (self.path.join(name), out_dir.join(name))).collect();
        if let Err((index, error)) = move_all(&moves) {
            return Err(format!(
                "can't move `{}` into place: {}; the next build into `{}` finishes the set",
                shown(&moves[index].1),
                sentence(&error),
                shown(out_dir)
            ));
        }
        let _ = sync_folder(out_dir);
        self.discard();
        Ok(())
    }

    fn discard(self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Renames every `(from, to)`, all of them or, on a failure, up to the
/// failing one (its index and error).
///
/// On Unix the renames are made by a child process: a `kill -9` of the
/// build between two renames would leave a mixed set (until the next
/// build finishes it), while the child, which nobody was asked to kill,
/// finishes the few microseconds of work. The child only calls `rename`
/// and `_exit`, which are safe after `fork` in a threaded program, on
/// paths prepared before it.
#[cfg(unix)]
fn move_all(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c_path = |path: &Path| CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other);
    let mut prepared = Vec::with_capacity(moves.len());
    for (index, (from, to)) in moves.iter().enumerate() {
        prepared.push((c_path(from).map_err(|e| (index, e))?, c_path(to).map_err(|e| (index, e))?));
    }
    // SAFETY: see above; the child touches only `prepared`, made before the fork.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        for (index, (from, to)) in prepared.iter().enumerate() {
            // SAFETY: valid, NUL-terminated paths.
            if unsafe { libc::rename(from.as_ptr(), to.as_ptr()) } != 0 {
                // The failing index in the exit status; the parent retries it for the error.
                unsafe { libc::_exit(1 + index.min(250) as i32) };
            }
        }
        unsafe { libc::_exit(0) };
    }
    if pid > 0 {
        let mut status = 0;
        loop {
            // SAFETY: waits for the child made above.
            if unsafe { libc::waitpid(pid, &mut status, 0) } == pid {
                break;
            }
            if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                break;
            }
        }
        if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
            return Ok(());
        }
    }
    // No child (or it failed): the renames here, which also gives the error.
    move_in_process(moves)
}

#[cfg(not(unix))]
fn move_all(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    move_in_process(moves)
}

/// The renames in this process; those already made are skipped.
fn move_in_process(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    for (index, (from, to)) in moves.iter().enumerate() {
        if !from.exists() && to.exists() {
            continue; // moved already
        }
        fs::rename(from, to).map_err(|e| (index, e))?;
    }
    Ok(())
}

/// A new file that others may read (outputs are meant to be published).
fn create_published(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    options.open(path)
}

/// Makes a folder's entries durable (renames and new files survive a power cut).
fn sync_folder(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(path)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes one file in place atomically (a temporary file beside it, then a
/// rename), for `journey fmt`: readers see the old or the new text.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".journey-fmt-")
        .tempfile_in(dir)
        .map_err(|e| format!("can't write in `{}`: {}", shown(dir), sentence(&e)))?;
    temp.write_all(contents).and_then(|()| temp.flush()).map_err(|e| format!("can't write `{}`: {}", shown(path), sentence(&e)))?;
    #[cfg(unix)]
    {
        // Keep the file's own permissions (temporary files are 0600).
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        let _ = temp.as_file().set_permissions(fs::Permissions::from_mode(mode));
    }
    temp.persist(path).map_err(|e| format!("can't write `{}`: {}", shown(path), sentence(&e.error)))?;
    Ok(())
}

/// An exclusive lock on a folder (flock on the folder itself: no lock file
/// to leave behind). Released when dropped, or by the kernel when the
/// process dies.
struct FolderLock(#[allow(dead_code)] File);

impl FolderLock {
    fn take(folder: &Path) -> io::Result<FolderLock> {
        let file = File::open(folder)?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            loop {
                // SAFETY: a valid descriptor, owned by `file`.
                if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                    break;
                }
                let error = io::Error::last_os_error();
                if error.kind() != io::ErrorKind::Interrupted {
                    return Err(error);
                }
            }
        }
        Ok(FolderLock(file))
    }
}

/// Takes an exclusive lock without waiting; `false` when someone holds it.
fn try_lock(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: a valid descriptor, owned by `file`.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

/// Ctrl-C, SIGTERM and SIGHUP held back while a set moves into place; any
/// that came are delivered when this is dropped. (SIGKILL can't be held:
/// recovery covers it.)
struct HeldSignals {
    #[cfg(unix)]
    previous: libc::sigset_t,
}

impl HeldSignals {
    fn hold() -> HeldSignals {
        #[cfg(unix)]
        // SAFETY: plain signal-set manipulation on values owned here.
        unsafe {
            let mut held: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut held);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut held, signal);
            }
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &held, &mut previous);
            HeldSignals { previous }
        }
        #[cfg(not(unix))]
        HeldSignals {}
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: restores the mask saved by `hold`.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(dir: &Path) -> BTreeMap<String, String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read_to_string(e.path()).unwrap_or_else(|_| "<folder>".into())))
            .collect()
    }

    fn set(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files.iter().map(|(n, c)| (n.to_string(), c.as_bytes().to_vec())).collect()
    }

    #[test]
    fn writes_the_set_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_set(&out, &set(&[("a.svg", "new a"), ("b.json", "new b")])).expect("written");
        assert_eq!(
            contents(&out),
            set(&[("a.svg", "new a"), ("b.json", "new b")]).into_iter().map(|(n, c)| (n, String::from_utf8(c).unwrap())).collect()
        );
    }

    #[test]
    fn a_killed_build_is_finished_or_undone_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        fs::write(out.join("a.svg"), "old a").unwrap();
        fs::write(out.join("b.json"), "old b").unwrap();
        // Killed while writing: no `.commit`.
        let undecided = out.join(format!("{STAGING_PREFIX}killed1"));
        fs::create_dir(&undecided).unwrap();
        fs::write(undecided.join("a.svg"), "half").unwrap();
        // Killed while moving its set into place: `a.svg` moved, `b.json` not yet.
        let decided = out.join(format!("{STAGING_PREFIX}killed2"));
        fs::create_dir(&decided).unwrap();
        fs::write(decided.join(COMMIT_MARK), "").unwrap();
        fs::write(decided.join("b.json"), "new b").unwrap();
        fs::write(out.join("a.svg"), "new a").unwrap();
        recover(&out).unwrap();
        let found = contents(&out);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found["a.svg"].as_str(), found["b.json"].as_str()), ("new a", "new b"));
    }

    #[test]
    fn a_running_build_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        fs::write(staging.path.join("a.svg"), "in progress").unwrap();
        recover(dir.path()).unwrap();
        assert!(staging.path.join("a.svg").exists(), "another build's staging folder was touched");
        staging.discard();
        assert!(contents(dir.path()).is_empty());
    }

    #[test]
    fn a_folder_in_the_way_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.svg"), "old a").unwrap();
        fs::create_dir(dir.path().join("b.json")).unwrap();
        let error = write_set(dir.path(), &set(&[("a.svg", "new a"), ("b.json", "new b")])).expect_err("refused");
        assert!(error.contains("a folder of that name is in the way"), "{error}");
        let found = contents(dir.path());
        assert_eq!((found.len(), found["a.svg"].as_str()), (2, "old a"));
    }
}
