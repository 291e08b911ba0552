//! Source files, byte spans and the [`Loader`] trait that keeps the core free of IO.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// A byte range in one source file. Cheap to copy; the file is known from context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= self.end as usize
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Span {
        Span::new(span.start(), span.end())
    }
}

/// Index of a file in a [`Sources`] table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One loaded file: where it came from, its text and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the build knows it: normalised, relative paths kept relative.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters and UTF-16 units before each [`CHAR_BLOCK`] bytes, made
    /// on first use: a column then costs one block's count, not the line's
    /// (a 16 MiB line with thousands of diagnostics must not be quadratic).
    counts_before: std::sync::OnceLock<Vec<Counts>>,
}

/// See [`SourceFile::chars_before`].
const CHAR_BLOCK: usize = 1024;

/// Characters and UTF-16 code units in some text.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    chars: u32,
    utf16: u32,
}

impl Counts {
    fn of(bytes: &[u8]) -> Counts {
        // A byte that is not a UTF-8 continuation starts a character; one
        // that starts four bytes stands for two UTF-16 units.
        let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32;
        let astral = bytes.iter().filter(|&&b| b >= 0xF0).count() as u32;
        Counts { chars, utf16: chars + astral }
    }
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let line_starts = line_starts(&text);
        SourceFile { path, text, line_starts, counts_before: std::sync::OnceLock::new() }
    }

    /// Byte offsets at which each line starts (`\n`, `\r\n` and lone `\r` end lines).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line and 0-based byte column of an offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        (line, offset - self.line_starts[line])
    }

    /// 1-based line and 1-based column counted in characters, as people and CI tools read them.
    pub fn human_position(&self, offset: usize) -> (usize, usize) {
        let (line, _) = self.line_col(offset);
        let start = self.line_starts[line];
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        (line + 1, self.counts_between(start, offset.max(start)).chars as usize + 1)
    }

    /// UTF-16 code units from `start` to `end` (character boundaries), as
    /// the language server protocol counts columns.
    pub fn utf16_between(&self, start: usize, end: usize) -> u32 {
        self.counts_between(start, end).utf16
    }

    /// What the text holds from `start` to `end`: counted directly on a
    /// line of usual length, from the block counts on a long one.
    fn counts_between(&self, start: usize, end: usize) -> Counts {
        if end - start <= 2 * CHAR_BLOCK {
            return Counts::of(&self.text.as_bytes()[start..end]);
        }
        let (before, after) = (self.counts_up_to(start), self.counts_up_to(end));
        Counts { chars: after.chars - before.chars, utf16: after.utf16 - before.utf16 }
    }

    /// What the text holds before byte `offset` (a character boundary).
    fn counts_up_to(&self, offset: usize) -> Counts {
        let bytes = self.text.as_bytes();
        let before = self.counts_before.get_or_init(|| {
            let mut total = Counts::default();
            bytes
                .chunks(CHAR_BLOCK)
                .map(|block| {
                    let here = total;
                    let counts = Counts::of(block);
                    total.chars += counts.chars;
                    total.utf16 += counts.utf16;
                    here
                })
                .collect()
        });
        let offset = offset.min(bytes.len());
        // At the very end of a text that fills its last block, that block.
        let block = (offset / CHAR_BLOCK).min(before.len().saturating_sub(1));
        let counted = before.get(block).copied().unwrap_or_default();
        let rest = Counts::of(&bytes[(block * CHAR_BLOCK).min(offset)..offset]);
        Counts { chars: counted.chars + rest.chars, utf16: counted.utf16 + rest.utf16 }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Journey lines are about 30 bytes long.
    let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
    starts.push(0);
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[end] == b'\n' || bytes.get(end + 1) != Some(&b'\n') {
            starts.push(end + 1);
        }
    }
    starts
}

/// Every file of a build, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(i as u32))
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    NotFound,
    /// Not a regular file: never opened, since a pipe or a device could
    /// block or never end.
    NotAFile(FileKind),
    /// Larger than the loader's cap (the size, when known, in bytes).
    TooLarge(Option<u64>),
    /// The path leads outside the project (after symbolic links): never opened.
    OutsideProject,
    /// Any other reason, in words (permission denied, …).
    Other(String),
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Unknown,
}

impl FileKind {
    /// "a directory", "a named pipe (FIFO)", …
    pub fn described(self) -> &'static str {
        match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Unknown => "not a regular file",
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => f.write_str("no such file"),
            LoadError::NotAFile(FileKind::Unknown) => f.write_str("it is not a regular file"),
            LoadError::NotAFile(kind) => write!(f, "it is {}, not a file", kind.described()),
            LoadError::TooLarge(Some(bytes)) => {
                write!(f, "it is {}; Journey reads files up to {}", mebibytes(*bytes), mebibytes(MAX_FILE_BYTES as u64))
            }
            LoadError::TooLarge(None) => write!(f, "it is larger than {}, the most Journey reads", mebibytes(MAX_FILE_BYTES as u64)),
            LoadError::OutsideProject => f.write_str("it is outside the project"),
            LoadError::Other(reason) => f.write_str(reason),
        }
    }
}

/// `16 MiB`, `50.0 MiB`.
pub fn mebibytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

/// Larger files are refused with a diagnostic rather than parsed; loaders
/// read at most this many bytes and one more.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Where the compiler gets file contents from: the disk for the CLI, open
/// editor buffers (falling back to disk) for the language server, a map of
/// strings for tests. Bytes, not text: the compiler reports invalid UTF-8
/// itself, with a position.
pub trait Loader {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError>;

    /// Whether `path` may be read at all, without reading it: a loader with
    /// a boundary answers `OutsideProject` here, so that a `use` is told it
    /// reaches outside before anything else is said of the file.
    fn may_read(&self, _path: &Path) -> Result<(), LoadError> {
        Ok(())
    }

    /// What the file at `path` really is (on a disk: the path with links
    /// and `..` resolved), when two paths may name one file. Two paths with
    /// the same identity are loaded once.
    fn identity(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// Files held in memory, keyed by path. Handy for tests and tools.
#[derive(Debug, Default, Clone)]
pub struct MemoryLoader {
    pub files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) -> MemoryLoader {
        self.files.insert(normalize(&path.into()), text.into());
        self
    }
}

impl Loader for MemoryLoader {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        self.files.get(&normalize(path)).cloned().ok_or(LoadError::NotFound)
    }
}

/// Lexical path normalisation (`a/./b/../c` → `a/c`), without touching the disk
/// so that it behaves the same for buffers and for files.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_all_line_endings() {
        let file = SourceFile::new("a".into(), "ab\r\néx\rz\n".into());
        assert_eq!(file.human_position(0), (1, 1));
        assert_eq!(file.human_position(4), (2, 1));
        assert_eq!(file.human_position(7), (2, 3)); // `é` is two bytes, one column
        assert_eq!(file.human_position(8), (3, 1));
    }

    /// Columns in characters across many blocks of a long line, with
    /// characters of one to four bytes straddling the block edges.
    #[test]
    fn columns_on_a_long_line_are_counted_in_characters() {
        let text: String = "aé€😀".repeat(700) + "\nxé\n";
        let exact = "a".repeat(CHAR_BLOCK * 2);
        assert_eq!(SourceFile::new("b".into(), exact.clone()).human_position(exact.len()), (1, exact.len() + 1));
        let file = SourceFile::new("a".into(), text.clone());
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(file.human_position(offset).1, expected, "at {offset}");
            let utf16: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
            assert_eq!(file.utf16_between(line_start, offset) as usize, utf16, "at {offset}");
        }
    }

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize(Path::new("a/./b/../c.journey")), PathBuf::from("a/c.journey"));
        assert_eq!(normalize(Path::new("../x/../y")), PathBuf::from("../y"));
    }
}
