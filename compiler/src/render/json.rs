//! The model as the JSON document `journey build --format json` writes:
//! indented by two spaces, keys in declaration order, a final line break.
//!
//! The bytes are exactly serde_json's pretty printer's. Only the indentation
//! is written differently: serde_json writes one `"  "` per level, a call
//! each, and a 10,000-step journey has a million indented lines.

use crate::ir::Model;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// The JSON text of a model.
pub fn json(model: &Model) -> String {
    // About 6 bytes of JSON per byte of source; one allocation instead of a
    // dozen doublings of a multi-megabyte buffer.
    let estimate = model.journeys.iter().map(|j| j.position.end_offset.saturating_sub(j.position.offset)).sum::<usize>() * 7;
    let mut out = Vec::with_capacity(estimate.max(4096));
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Indented { level: 0, has_value: false });
    model.serialize(&mut serializer).expect("the model always serialises");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's `PrettyFormatter` with two-space indentation, written as one
/// slice per line. Numbers and strings keep the trait's default writers,
/// which are also the pretty printer's.
struct Indented {
    level: usize,
    has_value: bool,
}

/// A line break and enough indentation for 32 levels (the model has 8).
const BREAK: &[u8] = b"\n                                                                ";

impl Indented {
    fn line_break<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        let width = 1 + 2 * self.level;
        if width <= BREAK.len() {
            return writer.write_all(&BREAK[..width]);
        }
        writer.write_all(b"\n")?;
        (0..self.level).try_for_each(|_| writer.write_all(b"  "))
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.line_break(writer)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.begin_array_value(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::MemoryLoader;
    use std::path::PathBuf;

    /// The same bytes as serde_json's own pretty printer, on every example.
    #[test]
    fn same_bytes_as_serde_json_pretty() {
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut checked = 0;
        for entry in std::fs::read_dir(examples).expect("the examples folder") {
            let path = entry.expect("a folder entry").path();
            if path.extension().is_none_or(|e| e != "journey") {
                continue;
            }
            let loader = MemoryLoader::new().with("example.journey", std::fs::read(&path).expect("readable"));
            let compilation = crate::compile(&[PathBuf::from("example.journey")], &loader, &Config::default());
            let model = compilation.builds[0].model(&compilation.workspace);
            let expected = serde_json::to_string_pretty(&model).expect("serialises") + "\n";
            assert_eq!(json(&model), expected, "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 4, "only {checked} examples found");
    }
}
