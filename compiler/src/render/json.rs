//! The model as the JSON document `journey build --format json` writes:
//! indented by two spaces, keys in declaration order, a final line break.
//!
//! The bytes are exactly serde_json's pretty printer's. Only the indentation
//! is written differently: serde_json writes one `"  "` per level, a call
//! each, and a 10,000-step journey has a million indented lines. Long
//! journeys are also written on two threads (see [`in_two`]).

use crate::ir::{Journey, Model, Stage};
use crate::parallel;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// The JSON text of a model.
pub fn json(model: &Model) -> String {
    let stages: usize = model.journeys.iter().map(|journey| journey.stages.len()).sum();
    let out = if stages >= parallel::STAGES_FOR_TWO_THREADS { in_two(model) } else { write(model, 0, Vec::with_capacity(estimate(model))) };
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// About 7 bytes of JSON per byte of source: one allocation instead of a
/// dozen doublings of a multi-megabyte buffer.
fn estimate(model: &Model) -> usize {
    let source: usize = model.journeys.iter().map(|j| j.position.end_offset.saturating_sub(j.position.offset)).sum();
    (source * 7).max(4096)
}

/// `value` as indented JSON, written as if it were `level` levels deep, and a
/// line break at the top level.
fn write<T: Serialize + ?Sized>(value: &T, level: usize, mut out: Vec<u8>) -> Vec<u8> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Indented { level, has_value: false });
    value.serialize(&mut serializer).expect("the model always serialises");
    if level == 0 {
        out.push(b'\n');
    }
    out
}

/// Stage objects sit this deep: model → journeys → journey → stages → stage.
const STAGE_LEVEL: usize = 4;

/// Writes the stages (most of the text) apart from the rest: the first two
/// thirds of them on a second thread; here, the model with empty stage lists
/// and the last third. Then each journey's `"stages": []` gets its list: that
/// key at the start of a line (strings hold no raw line breaks), at a
/// journey's depth (the channel × stage matrix's sits deeper), searched for
/// only after `"journeys"` (the model's last field).
fn in_two(model: &Model) -> Vec<u8> {
    let all: Vec<&Stage> = model.journeys.iter().flat_map(|journey| &journey.stages).collect();
    let (first, last) = all.split_at(all.len() * 2 / 3);
    let outline = Model { journeys: model.journeys.iter().map(without_stages).collect(), ..model_without_journeys(model) };
    let (first, (outline, last)) =
        parallel::join(|| stage_objects(first), || (write(&outline, 0, Vec::with_capacity(estimate(model) / 3)), stage_objects(last)));
    // Each journey's stage objects, in order, from the two halves.
    let size = outline.len() + first.text.len() + last.text.len() + 16 * all.len();
    let mut objects = first.objects().chain(last.objects());
    let mut out = Vec::with_capacity(size);
    let marker = b"\n      \"stages\": []";
    let journeys = find(&outline, b"\n  \"journeys\": [").expect("the model has journeys");
    out.extend_from_slice(&outline[..journeys]);
    let mut rest = &outline[journeys..];
    for journey in &model.journeys {
        let at = find(rest, marker).expect("every journey has a stages key");
        out.extend_from_slice(&rest[..at + marker.len() - 2]);
        rest = &rest[at + marker.len()..];
        if journey.stages.is_empty() {
            out.extend_from_slice(b"[]");
            continue;
        }
        out.push(b'[');
        for (index, text) in objects.by_ref().take(journey.stages.len()).enumerate() {
            out.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
            out.extend_from_slice(&BREAK[1..1 + 2 * STAGE_LEVEL]);
            out.extend_from_slice(text);
        }
        out.extend_from_slice(&BREAK[..1 + 2 * (STAGE_LEVEL - 1)]);
        out.push(b']');
    }
    out.extend_from_slice(rest);
    out
}

/// Stage objects written one after the other, and where each ends.
struct Objects {
    text: Vec<u8>,
    ends: Vec<usize>,
}

impl Objects {
    fn objects(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.text[start..end])
    }
}

/// Each stage's object, written at its depth, into one buffer.
fn stage_objects(stages: &[&Stage]) -> Objects {
    let source: usize = stages.iter().map(|stage| stage.position.end_offset.saturating_sub(stage.position.offset)).sum();
    let mut objects = Objects { text: Vec::with_capacity(source * 7), ends: Vec::with_capacity(stages.len()) };
    for stage in stages {
        objects.text = write(*stage, STAGE_LEVEL, std::mem::take(&mut objects.text));
        objects.ends.push(objects.text.len());
    }
    objects
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// A journey with an empty stage list (written out in full, so that a new
/// field is a compile error here rather than missing from the JSON).
fn without_stages(journey: &Journey) -> Journey {
    let Journey { id, title, doc, goal, state, personas, emotion, stages: _, kpis, flow, channel_stage_matrix, position } = journey;
    Journey {
        id: id.clone(),
        title: title.clone(),
        doc: doc.clone(),
        goal: goal.clone(),
        state: *state,
        personas: personas.clone(),
        emotion: emotion.clone(),
        stages: Vec::new(),
        kpis: kpis.clone(),
        flow: flow.clone(),
        channel_stage_matrix: channel_stage_matrix.clone(),
        position: position.clone(),
    }
}

fn model_without_journeys(model: &Model) -> Model {
    let Model { version, files, personas, channels, teams, emotions, journeys: _, index: _ } = model;
    Model {
        version: *version,
        files: files.clone(),
        personas: personas.clone(),
        channels: channels.clone(),
        teams: teams.clone(),
        emotions: emotions.clone(),
        journeys: Vec::new(),
        index: Default::default(), // not written
    }
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

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own unless the list or object is empty.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
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
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
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

    /// Long journeys take the two-thread path; the bytes stay the same, with
    /// a journey without stages between two long ones.
    #[test]
    fn written_in_two_the_same_bytes() {
        let long = |id: &str| {
            let stages: String = (0..parallel::STAGES_FOR_TWO_THREADS)
                .map(|i| {
                    format!("  stage {id}_s{i} \"Stage \\\"{i}\\\"\" {{\n    step {id}_a{i} \"A\" {{ does \"x\"; feels happy }}\n  }}\n")
                })
                .collect();
            format!("journey {id} \"{id}\" {{\n{stages}}}\n")
        };
        let text = format!("{}journey empty \"Empty\" {{\n  goal \"\\\"stages\\\": []\"\n}}\n{}", long("one"), long("two"));
        let loader = MemoryLoader::new().with("long.journey", text.into_bytes());
        let compilation = crate::compile(&[PathBuf::from("long.journey")], &loader, &Config::default());
        let model = compilation.builds[0].model(&compilation.workspace);
        assert_eq!(json(&model), serde_json::to_string_pretty(&model).expect("serialises") + "\n");
    }
}
