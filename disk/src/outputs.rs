//! A build's outputs, written as one set: all of them or none.
//!
//! ```text
//! out/
//!   .journey-build-Xb3k9Q/    staging: locked (flock) while its build runs
//!     .journey-staging        its identity (device and inode of the folder)
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
//!   folder itself), and each finishes any killed build's set before
//!   moving its own, so an older set never lands over a newer one.
//! - Only folders this code made are touched: the name's pattern, and a
//!   `.journey-staging` file that holds the folder's own device and inode
//!   numbers (a folder of that name in a checkout, or one a user made, has
//!   other numbers, so it is left alone). Only regular files are moved.

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

/// The file that says a staging folder is one of ours.
const IDENTITY: &str = ".journey-staging";

/// The random part of a staging folder's name is this long (tempfile's).
const RANDOM_LEN: usize = 6;

/// Where a staging folder keeps a second name of the outputs it replaces.
const REPLACED: &str = ".replaced";

/// Writes `outputs` (file name → bytes) into `out_dir` as one set. The
/// error is a sentence for the user.
pub fn write_set(out_dir: &Path, outputs: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    let staging = stage(out_dir, outputs)?;
    move_in(out_dir, staging, outputs)
}

/// The first half of [`write_set`]: every output written into a new staging
/// folder, with nothing in the output folder changed.
fn stage(out_dir: &Path, outputs: &BTreeMap<String, Vec<u8>>) -> Result<Staging, String> {
    if let Some(name) = outputs.keys().find(|name| !is_plain_name(name)) {
        return Err(format!("`{}` can't be the name of an output file; rename the source or the journey", shown(Path::new(name))));
    }
    fs::create_dir_all(out_dir).map_err(|e| format!("can't create `{}`: {}", shown(out_dir), sentence(&e)))?;
    let staging = {
        let _turn = FolderLock::take(out_dir).map_err(|e| cant_lock(out_dir, e))?;
        recover_locked(out_dir);
        Staging::create(out_dir).map_err(|e| format!("can't write in `{}`: {}", shown(out_dir), sentence(&e)))?
    };
    // Written without the folder's lock: builds side by side write at once.
    // From here on, an early return drops `staging`, which removes it.
    staging
        .write(outputs)
        .map_err(|e| format!("can't write the outputs in `{}`: {}; nothing was changed", shown(out_dir), sentence(&e)))?;
    Ok(staging)
}

/// The second half: the staged set moved into place, in the folder's turn.
fn move_in(out_dir: &Path, staging: Staging, outputs: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    let _turn = FolderLock::take(out_dir).map_err(|e| cant_lock(out_dir, e))?;
    // A build killed while moving its set since this one started: finish
    // that set first, so that it never lands over this one later.
    recover_locked(out_dir);
    if let Some(name) = outputs.keys().find(|name| out_dir.join(name).symlink_metadata().is_ok_and(|m| m.is_dir())) {
        return Err(format!("can't write `{}`: a folder of that name is in the way; nothing was changed", shown(&out_dir.join(name))));
    }
    staging.commit(out_dir, outputs.keys())
}

fn cant_lock(out_dir: &Path, error: io::Error) -> String {
    format!("can't lock `{}`: {}", shown(out_dir), sentence(&error))
}

/// A name the set may have: one plain file name, not a staging folder's.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && name != "." && name != ".." && !name.starts_with(STAGING_PREFIX)
}

/// `.journey-build-` and the random part, as [`Staging::create`] names them.
fn is_staging_name(name: &str) -> bool {
    name.strip_prefix(STAGING_PREFIX).is_some_and(|random| random.len() == RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What a staging folder's identity file says: its device and inode.
fn identity(folder: &File) -> io::Result<String> {
    let metadata = folder.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(format!("{}:{}", metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        Ok(format!("{:?}", metadata.created()?))
    }
}

/// Whether the folder's identity file names this very folder.
fn is_ours(folder: &File, path: &Path) -> bool {
    let marker = path.join(IDENTITY);
    let regular = marker.symlink_metadata().is_ok_and(|m| m.is_file() && m.len() < 100);
    regular && identity(folder).is_ok_and(|id| fs::read_to_string(&marker).is_ok_and(|written| written == id))
}

/// Finishes or removes what killed builds left in `out_dir` (see the module
/// documentation). Builds call it before writing; exposed for tests.
pub fn recover(out_dir: &Path) -> io::Result<()> {
    let _turn = FolderLock::take(out_dir)?;
    recover_locked(out_dir);
    Ok(())
}

/// [`recover`], with the folder's lock already taken. Best effort: what
/// can't be done now is left for the next build to try again.
fn recover_locked(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        // The entry itself: a link by that name is not followed.
        if !is_staging_name(&entry.file_name().to_string_lossy()) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let staging = entry.path();
        let Ok(folder) = open_folder(&staging) else { continue };
        if try_lock(&folder) != Lock::Taken {
            continue; // a build that is still running, or no locks to tell
        }
        if !is_ours(&folder, &staging) {
            // Killed between making the folder and naming it ours: then it
            // is empty, and `remove_dir` removes nothing else.
            let _ = fs::remove_dir(&staging);
            continue;
        }
        let mut finished = true;
        if staging.join(COMMIT_MARK).symlink_metadata().is_ok_and(|m| m.is_file()) {
            // The killed build had decided: move the rest of its set into place.
            if let Ok(files) = fs::read_dir(&staging) {
                for file in files.flatten() {
                    let name = file.file_name();
                    let is_output =
                        is_plain_name(&name.to_string_lossy()) && ![COMMIT_MARK, REPLACED, IDENTITY].contains(&&*name.to_string_lossy());
                    if is_output && file.file_type().is_ok_and(|t| t.is_file()) {
                        finished &= fs::rename(file.path(), out_dir.join(&name)).is_ok();
                    }
                }
            }
        }
        if finished {
            let _ = fs::remove_dir_all(&staging);
        }
    }
}

/// A staging folder, locked for as long as this value lives, and removed
/// when it is dropped unless a decided set must be left for recovery.
struct Staging {
    path: PathBuf,
    /// Holds the lock.
    lock: File,
    keep: bool,
}

impl Staging {
    /// Called with the output folder's lock taken, so that no recovery sees
    /// the new folder before it is locked.
    fn create(out_dir: &Path) -> io::Result<Staging> {
        let path = tempfile::Builder::new().prefix(STAGING_PREFIX).rand_bytes(RANDOM_LEN).tempdir_in(out_dir)?.keep();
        let staging = Staging { lock: open_folder(&path)?, path, keep: false };
        if try_lock(&staging.lock) == Lock::Busy {
            return Err(io::Error::other("a new staging folder is locked by someone else"));
        }
        let mut marker = create_published(&staging.path.join(IDENTITY))?;
        marker.write_all(identity(&staging.lock)?.as_bytes())?;
        Ok(staging)
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
    fn commit<'a>(mut self, out_dir: &Path, names: impl Iterator<Item = &'a String>) -> Result<(), String> {
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
        File::create(&mark)
            .and_then(|f| f.sync_all())
            .and_then(|()| sync_folder(&self.path))
            .map_err(|e| format!("can't write in `{}`: {}; nothing was changed", shown(out_dir), sentence(&e)))?;
        let moves: Vec<(PathBuf, PathBuf)> = names.iter().map(|name| (self.path.join(name), out_dir.join(name))).collect();
        let moved = {
            let _held = HeldSignals::hold(); // only for the renames themselves
            move_all(&moves)
        };
        if let Err((index, error)) = moved {
            self.keep = true;
            return Err(format!(
                "can't move `{}` into place: {}; the next build into `{}` finishes the set",
                shown(&moves[index].1),
                sentence(&error),
                shown(out_dir)
            ));
        }
        let _ = sync_folder(out_dir);
        Ok(()) // dropped: the folder and the replaced outputs' data go
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Renames every `(from, to)`: all of them or, on a failure, those before
/// the failing one (its index and error).
///
/// On Unix the renames are made by a child process: a `kill -9` of the
/// build between two renames would leave a mixed set (until the next
/// build finishes it), while the child, which nobody was asked to kill,
/// finishes the few microseconds of work. The child only calls `rename`
/// and `_exit`, which are safe after `fork` in a threaded program, on
/// paths prepared before it. Whatever the child reports, the renames are
/// then checked here (and any it did not make, made), so its exit status
/// is never trusted alone.
#[cfg(unix)]
fn move_all(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c_path = |path: &Path| CString::new(path.as_os_str().as_bytes()).ok();
    let prepared: Option<Vec<(CString, CString)>> = moves.iter().map(|(from, to)| Some((c_path(from)?, c_path(to)?))).collect();
    if let Some(prepared) = prepared {
        // SAFETY: see above; the child touches only `prepared`, made before the fork.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            for (from, to) in &prepared {
                // SAFETY: valid, NUL-terminated paths.
                if unsafe { libc::rename(from.as_ptr(), to.as_ptr()) } != 0 {
                    unsafe { libc::_exit(1) };
                }
            }
            unsafe { libc::_exit(0) };
        }
        if pid > 0 {
            let mut status = 0;
            // SAFETY: waits for the child made above; EINTR retried.
            while unsafe { libc::waitpid(pid, &mut status, 0) } == -1 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {}
        }
    }
    move_in_process(moves)
}

#[cfg(not(unix))]
fn move_all(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    move_in_process(moves)
}

/// The renames in this process; those already made are skipped.
fn move_in_process(moves: &[(PathBuf, PathBuf)]) -> Result<(), (usize, io::Error)> {
    for (index, (from, to)) in moves.iter().enumerate() {
        if from.symlink_metadata().is_err() && to.symlink_metadata().is_ok() {
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

/// Writes one file in place atomically (a temporary file beside it, synced,
/// then a rename), for `journey fmt`: readers see the old or the new text.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<(), String> {
    write_beside(path, contents, true)
}

/// Writes `contents` to `path` atomically, only when the file doesn't
/// already hold exactly these bytes, so that a site's file watcher sees no
/// change when nothing changed (`journey markdown`, `journey mdbook`).
/// Makes the file's folder when needed. True when it wrote.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool, String> {
    if is_up_to_date(path, contents) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("can't make the folder `{}`: {}", shown(dir), sentence(&e)))?;
    }
    replace_file(path, contents)?;
    Ok(true)
}

/// Whether the regular file at `path` holds exactly `contents` (read no further than their length and one byte).
pub fn is_up_to_date(path: &Path, contents: &[u8]) -> bool {
    crate::read::read_capped(path, contents.len()).is_ok_and(|bytes| bytes == contents)
}

/// Creates a new file atomically, never replacing one (`journey init`): a
/// file that appeared meanwhile, or a link by that name, is an error.
pub fn create_file(path: &Path, contents: &[u8]) -> Result<(), String> {
    write_beside(path, contents, false)
}

fn write_beside(path: &Path, contents: &[u8], replace: bool) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".journey-write-")
        .tempfile_in(dir)
        .map_err(|e| format!("can't write in `{}`: {}", shown(dir), sentence(&e)))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("can't write `{}`: {}", shown(path), sentence(&e)))?;
    #[cfg(unix)]
    {
        // Keep the file's own permissions (temporary files are 0600).
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        let _ = temp.as_file().set_permissions(fs::Permissions::from_mode(mode));
    }
    let persisted = if replace { temp.persist(path) } else { temp.persist_noclobber(path) };
    persisted.map_err(|e| format!("can't write `{}`: {}", shown(path), sentence(&e.error)))?;
    Ok(())
}

/// Opens a folder to lock it: read-only, and (on Unix) refusing anything
/// that is not a folder without waiting, should one be swapped for a pipe.
fn open_folder(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_DIRECTORY | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// How long a build waits for another to finish moving its set into place.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// An exclusive lock on a folder (flock on the folder itself: no lock file
/// to leave behind). Released when dropped, or by the kernel when the
/// process dies. Where locks are not supported (some network file systems,
/// Windows) builds go unlocked, as they did before locks.
struct FolderLock(#[allow(dead_code)] Option<File>);

impl FolderLock {
    fn take(folder: &Path) -> io::Result<FolderLock> {
        #[cfg(unix)]
        {
            let file = open_folder(folder)?;
            let started = std::time::Instant::now();
            // Without blocking, and with a deadline: another program that
            // holds the lock for ever must not hold the build for ever.
            loop {
                match try_lock(&file) {
                    Lock::Taken => return Ok(FolderLock(Some(file))),
                    Lock::Unsupported => return Ok(FolderLock(None)),
                    Lock::Busy => {}
                }
                if started.elapsed() > LOCK_PATIENCE {
                    return Err(io::Error::other(format!("another program has held it for {} s", LOCK_PATIENCE.as_secs())));
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        #[cfg(not(unix))]
        {
            let _ = folder;
            Ok(FolderLock(None))
        }
    }
}

/// What trying a lock gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    Taken,
    /// Someone else holds it.
    Busy,
    /// The file system has no locks: nobody can be told apart.
    Unsupported,
}

/// Takes an exclusive lock without waiting.
fn try_lock(file: &File) -> Lock {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: a valid descriptor, owned by `file`.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Lock::Taken;
        }
        match io::Error::last_os_error().raw_os_error() {
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::ENOSYS) => Lock::Unsupported,
            _ => Lock::Busy,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Lock::Unsupported
    }
}

/// Ctrl-C, Ctrl-Z, SIGTERM and SIGHUP held back while a set moves into
/// place; any that came are delivered when this is dropped. The child that
/// makes the renames inherits the mask. (SIGKILL can't be held: the child
/// and recovery cover it.)
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
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGTSTP] {
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
        let undecided = killed_staging(&out);
        fs::write(undecided.join("a.svg"), "half").unwrap();
        // Killed while moving its set into place: `a.svg` moved, `b.json` not yet.
        let decided = killed_staging(&out);
        fs::write(decided.join(COMMIT_MARK), "").unwrap();
        fs::write(decided.join("b.json"), "new b").unwrap();
        fs::write(out.join("a.svg"), "new a").unwrap();
        recover(&out).unwrap();
        let found = contents(&out);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found["a.svg"].as_str(), found["b.json"].as_str()), ("new a", "new b"));
    }

    /// A staging folder as a build killed with kill -9 leaves it: made and
    /// named ours, its lock gone with the process.
    fn killed_staging(out: &Path) -> PathBuf {
        let mut staging = Staging::create(out).unwrap();
        staging.keep = true;
        staging.path.clone() // dropped: the lock goes, the folder stays
    }

    /// Folders that only look like staging folders (a user's, or one
    /// committed to a repository with a `.commit` in it) are never touched.
    #[test]
    fn folders_not_made_by_a_build_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let users = out.join(format!("{STAGING_PREFIX}notes"));
        fs::create_dir(&users).unwrap();
        fs::write(users.join("keep.txt"), "mine").unwrap();
        let planted = out.join(format!("{STAGING_PREFIX}abc123"));
        fs::create_dir(&planted).unwrap();
        fs::write(planted.join(COMMIT_MARK), "").unwrap();
        fs::write(planted.join(IDENTITY), "1:2").unwrap();
        fs::write(planted.join("index.html"), "planted").unwrap();
        write_set(out, &set(&[("a.svg", "new a")])).expect("written");
        assert_eq!(fs::read_to_string(users.join("keep.txt")).unwrap(), "mine");
        assert_eq!(fs::read_to_string(planted.join("index.html")).unwrap(), "planted");
        assert!(!out.join("index.html").exists(), "a planted set was moved into place");
    }

    /// A build killed mid-commit after this one started is finished before
    /// this one's set moves in, never over it afterwards.
    #[test]
    fn an_older_set_never_lands_over_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let newer = set(&[("a.svg", "newer a"), ("b.svg", "newer b")]);
        let staging = stage(out, &newer).expect("staged");
        let older = killed_staging(out);
        fs::write(older.join(COMMIT_MARK), "").unwrap();
        fs::write(older.join("b.svg"), "older b").unwrap();
        fs::write(older.join("a.svg"), "older a").unwrap();
        move_in(out, staging, &newer).expect("moved in");
        recover(out).unwrap();
        let found = contents(out);
        assert_eq!((found["a.svg"].as_str(), found["b.svg"].as_str()), ("newer a", "newer b"), "{found:?}");
    }

    #[test]
    fn a_running_build_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        fs::write(staging.path.join("a.svg"), "in progress").unwrap();
        recover(dir.path()).unwrap();
        assert!(staging.path.join("a.svg").exists(), "another build's staging folder was touched");
        drop(staging);
        assert!(contents(dir.path()).is_empty());
    }

    #[test]
    fn names_that_are_not_plain_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a/b.svg", "..", ".journey-build-x.json", ""] {
            let error = write_set(dir.path(), &set(&[(name, "x")])).expect_err("refused");
            assert!(error.contains("can't be the name of an output file"), "{error}");
        }
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
