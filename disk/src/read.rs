//! Reading one file: a regular file only, and never more than a cap.
//!
//! The type is checked before opening (a FIFO's `open` blocks until a writer
//! comes, `/dev/zero` never ends), the open itself cannot block (a file
//! swapped for a pipe in between is opened non-blocking and refused), and
//! the read stops one byte past the cap, so a file that grows while it is
//! read costs no more than that.

use journey_compiler::source::{FileKind, LoadError};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The bytes of the regular file at `path`, if it holds at most `cap` of them.
pub fn read_capped(path: &Path, cap: usize) -> Result<Vec<u8>, LoadError> {
    read_capped_where(path, cap, &|_| true)
}

/// [`read_capped`], and only if the file opened is at a real path (links
/// followed) that `allowed` accepts. Checked on the open file itself: a link
/// swapped between a check by name and the open must not let another file
/// through. The path is resolved again after the open and must lead to the
/// very file opened (same device and inode), or the read is refused.
pub fn read_capped_where(path: &Path, cap: usize, allowed: &dyn Fn(&Path) -> bool) -> Result<Vec<u8>, LoadError> {
    // `metadata` follows symbolic links and never opens the file.
    let metadata = std::fs::metadata(path).map_err(|e| load_error(&e))?;
    check_regular(&metadata, cap)?;
    let file = open_without_blocking(path).map_err(|e| load_error(&e))?;
    let metadata = file.metadata().map_err(|e| load_error(&e))?;
    let real = std::fs::canonicalize(path).map_err(|_| LoadError::OutsideProject)?;
    if !allowed(&real) || !same_file(&metadata, &real) {
        return Err(LoadError::OutsideProject);
    }
    check_regular(&metadata, cap)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    file.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(|e| load_error(&e))?;
    if bytes.len() > cap {
        return Err(LoadError::TooLarge(None)); // it grew while it was read
    }
    Ok(bytes)
}

/// Whether `path` is (still) the file `opened` describes.
fn same_file(opened: &Metadata, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).is_ok_and(|now| now.dev() == opened.dev() && now.ino() == opened.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (opened, path);
        true
    }
}

fn check_regular(metadata: &Metadata, cap: usize) -> Result<(), LoadError> {
    if !metadata.is_file() {
        return Err(LoadError::NotAFile(kind_of(metadata)));
    }
    if metadata.len() > cap as u64 {
        return Err(LoadError::TooLarge(Some(metadata.len())));
    }
    Ok(())
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NOCTTY: a terminal device opened by mistake never becomes ours.
    OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// What a path that is not a regular file is.
pub fn kind_of(metadata: &Metadata) -> FileKind {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return FileKind::Directory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return FileKind::Fifo;
        }
        if kind.is_socket() {
            return FileKind::Socket;
        }
        if kind.is_char_device() {
            return FileKind::CharDevice;
        }
        if kind.is_block_device() {
            return FileKind::BlockDevice;
        }
    }
    FileKind::Unknown
}

/// An IO error as the compiler reports it: in words, never in Rust's debug form.
pub fn load_error(error: &io::Error) -> LoadError {
    match error.kind() {
        io::ErrorKind::NotFound => LoadError::NotFound,
        io::ErrorKind::IsADirectory => LoadError::NotAFile(FileKind::Directory),
        io::ErrorKind::PermissionDenied => LoadError::Other("permission denied".into()),
        _ => LoadError::Other(sentence(error)),
    }
}

/// `Permission denied (os error 13)` → `permission denied`: the OS's words, lower-cased, without the number.
pub fn sentence(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_up_to_the_cap() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("a.journey");
        std::fs::write(&path, b"team a \"A\"\n").expect("written");
        assert_eq!(read_capped(&path, 100).expect("read"), b"team a \"A\"\n");
        assert_eq!(read_capped(&path, 4), Err(LoadError::TooLarge(Some(11))));
        assert_eq!(read_capped(&dir.path().join("none"), 4), Err(LoadError::NotFound));
        assert_eq!(read_capped(dir.path(), 4), Err(LoadError::NotAFile(FileKind::Directory)));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking() {
        assert_eq!(read_capped(Path::new("/dev/zero"), 1 << 20), Err(LoadError::NotAFile(FileKind::CharDevice)));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fifo = dir.path().join("pipe.journey");
        let c_path = std::ffi::CString::new(fifo.to_str().expect("UTF-8 path")).expect("no NUL");
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        assert_eq!(read_capped(&fifo, 1 << 20), Err(LoadError::NotAFile(FileKind::Fifo)));
        // Even when the type check is skipped, opening does not wait for a writer.
        let file = open_without_blocking(&fifo).expect("opened at once");
        assert!(!file.metadata().expect("metadata").is_file());
    }

    #[test]
    fn errors_read_as_sentences() {
        let error = io::Error::from_raw_os_error(13);
        assert_eq!(sentence(&error), "permission denied");
        assert_eq!(load_error(&error), LoadError::Other("permission denied".into()));
    }
}
