//! The model as the JSON document `journey build --format json` writes:
//! serde_json's pretty printer (two-space indentation, keys in declaration
//! order) and a final line break.

use crate::ir::Model;

/// The JSON text of a model.
pub fn json(model: &Model) -> String {
    // About 7 bytes of JSON per byte of source: one allocation instead of a
    // dozen doublings of a multi-megabyte buffer.
    let source: usize = model.journeys.iter().map(|j| j.position.end_offset.saturating_sub(j.position.offset)).sum();
    let mut out = Vec::with_capacity((source * 7).max(4096));
    serde_json::to_writer_pretty(&mut out, model).expect("the model always serialises");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
