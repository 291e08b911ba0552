//! The model as the JSON document `journey build --format json` writes:
//! serde_json's pretty printer (two-space indentation, keys in declaration
//! order) and a final line break.

use crate::ir::Model;

/// The JSON text of a model.
pub fn json(model: &Model) -> String {
    let mut text = serde_json::to_string_pretty(model).expect("the model always serialises");
    text.push('\n');
    text
}
