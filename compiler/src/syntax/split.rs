//! Big files are parsed in two halves, on two threads.
//!
//! pest parses one character at a time, so a 2 MB journey takes tens of
//! milliseconds; a second core halves that. The file is cut at a line where a
//! statement starts, in its second half: the *chunk* from there to the end
//! of the block the line is in (or to the end of the file) is parsed on one
//! thread, the text *around* it on the other, and the chunk's statements are
//! put back into the block they came from. Every line break in Journey lies
//! between two statements of some block, so the chunk is a list of whole
//! statements and the two parses together read exactly what one would.
//!
//! Only clean halves are used: when either has a syntax problem the whole
//! file is parsed again in one piece, so messages (and recovery) never
//! depend on where the cut fell. A big file with a mistake so costs about
//! half as much again as before; a clean one about two thirds. `tests` checks that the joined tree equals
//! the one-piece tree for every possible cut.

use super::cst::{Block, Entry};
use super::parser::{parse_part, Places};
use crate::parallel;
use crate::source::FileId;

/// Smaller files are parsed in one piece: starting a thread costs more than
/// it saves below this size (about 1,000 steps). `scan` finds the cut.
pub const SPLIT_FROM_BYTES: usize = 256 * 1024;

/// `text[start..end]` is the chunk: whole statements of one block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    pub start: usize,
    pub end: usize,
}

/// Parses the chunk and the text around it on two threads and joins them.
pub fn parse_cut(file: FileId, text: &str, cut: Cut) -> Option<Block> {
    let chunk_places = Places { offset: cut.start, ..Places::WHOLE };
    let around_places = Places { offset: 0, hole_at: cut.start, hole_len: cut.end - cut.start };
    // The chunk on the second thread, the text around it here.
    let ((chunk, chunk_problems), (mut tree, around_problems)) = parallel::join(
        || parse_part(file, &text[cut.start..cut.end], chunk_places),
        || parse_part(file, &[&text[..cut.start], &text[cut.end..]].concat(), around_places),
    );
    if !chunk_problems.is_empty() || !around_problems.is_empty() {
        return None;
    }
    let block = block_around(&mut tree, cut)?;
    let at = block.entries.partition_point(|entry| (start_of(entry) as usize) < cut.start);
    block.entries.splice(at..at, chunk.entries);
    Some(tree)
}

/// The innermost block that holds the cut: the chunk's statements go there.
fn block_around(tree: &mut Block, cut: Cut) -> Option<&mut Block> {
    let holds = |block: &Block| {
        let opens_before = block.open.is_some_and(|open| (open.start as usize) < cut.start);
        let closes_after = block.close.is_some_and(|close| (close.start as usize) >= cut.end);
        opens_before && closes_after
    };
    let inner = tree.entries.iter().position(|entry| match entry {
        Entry::Statement(statement) => statement.block.as_ref().is_some_and(holds),
        _ => false,
    });
    match inner {
        None => Some(tree),
        Some(index) => match &mut tree.entries[index] {
            Entry::Statement(statement) => block_around(statement.block.as_mut()?, cut),
            _ => None,
        },
    }
}

fn start_of(entry: &Entry) -> u32 {
    match entry {
        Entry::Doc { span, .. } | Entry::Error { span, .. } => span.start,
        Entry::Statement(statement) => statement.span.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parser::parse_part;
    use crate::syntax::scan::scan;

    fn find_cut(text: &str) -> Option<Cut> {
        scan(text, true).cut
    }

    fn parse_in_two(file: FileId, text: &str) -> Option<Block> {
        parse_cut(file, text, find_cut(text)?)
    }

    fn whole(text: &str) -> Block {
        let (tree, problems) = parse_part(FileId(0), text, Places::WHOLE);
        assert!(problems.is_empty(), "{problems:?}");
        tree
    }

    const JOURNEY: &str = "persona maya \"Maya\"\r\nchannel web \"Web\" { type digital }\n\n/// The long one.\njourney j \"J\" {\n  persona maya\n  /// First.\n  stage a \"A\" {\n    step s1 \"S1\" { channel web; feels happy }\n    step s2 \"S2\" {\n      does \"Looks at { braces } and \\\"quotes\\\" // not a comment\"\n      // a comment with a }\n    }\n  }\n  stage b \"B\" {\n    step s3 \"S3\" { next s1 }\n    kpi k \"K\" { target >= 80%; actual 76.5% }\n  }\n\n  kpi t \"T\" { target <= 2h }\n}\nteam ops \"Ops\"\n";

    /// Lone CRs, tabs, a byte-order mark, an escaped brace.
    const ODD: &str = "\u{FEFF}persona p \"P\"\rjourney j \"J\" {\r\tpersona p\r\tstage a \"A \\u{7B}\" {\r\t\tstep s \"S\" { feels happy }\r\t}\r\tstage b \"B\" { step t \"T\" }\r}\rteam t \"T\"\r";

    /// Every cut at every line start, to every later line start or `}`: the
    /// joined tree is the one-piece tree whenever both halves are clean.
    #[test]
    fn every_cut_gives_the_one_piece_tree() {
        for text in [JOURNEY, ODD] {
            let expected = whole(text);
            let breaks = text.char_indices().filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')));
            let line_starts: Vec<usize> = std::iter::once(0).chain(breaks.map(|(i, _)| i + 1)).collect();
            let ends: Vec<usize> = line_starts
                .iter()
                .copied()
                .chain(text.char_indices().filter(|(_, c)| *c == '}').map(|(i, _)| i))
                .chain([text.len()])
                .collect();
            let mut joined = 0;
            for &start in &line_starts {
                for &end in ends.iter().filter(|&&end| end > start) {
                    if let Some(tree) = parse_cut(FileId(0), text, Cut { start, end }) {
                        assert_eq!(tree, expected, "cut {start}..{end}: {:?}", &text[start..end]);
                        joined += 1;
                    }
                }
            }
            // Stages, steps and top-level items can all be cut out cleanly.
            assert!(joined > 10, "only {joined} cuts joined in {text:?}");
        }
    }

    #[test]
    fn a_journey_is_cut_between_its_stages() {
        let cut = find_cut(JOURNEY).expect("a cut");
        assert!(JOURNEY[cut.start..].trim_start().starts_with("stage b"), "{cut:?}");
        assert_eq!(&JOURNEY[cut.end..cut.end + 2], "}\n", "{cut:?}");
    }

    /// A journey of `stages` stages of ten steps, above the size that splits.
    fn big_journey(stages: usize) -> String {
        let mut text = String::from("persona maya \"Maya\"\nchannel web \"Web\"\n\njourney big \"Big\" {\n  persona maya\n");
        for stage in 0..stages {
            text.push_str(&format!("  /// Stage {stage}.\n  stage s{stage} \"Stage {stage}\" {{\n"));
            for step in 0..10 {
                text.push_str(&format!(
                    "    step s{stage}_{step} \"Step {step}\" {{\n      channel web\n      does \"Reads \\\"{{ the }}\\\" page\" // {{\n      feels happy\n    }}\n"
                ));
            }
            text.push_str(&format!("    kpi k{stage} \"K\" {{ target 1..5; actual 3 }}\n  }}\n"));
        }
        text + "}\n"
    }

    #[test]
    fn a_big_journey_is_parsed_in_two_as_in_one() {
        let text = big_journey(300);
        assert!(text.len() > SPLIT_FROM_BYTES);
        let cut = find_cut(&text).expect("a cut between stages");
        assert!(text[cut.start..].trim_start().starts_with("stage s"), "{:?}", &text[cut.start..cut.start + 40]);
        assert_eq!(parse_in_two(FileId(0), &text), Some(whole(&text)));
    }

    #[test]
    fn a_file_of_many_journeys_is_cut_between_them() {
        let text = big_journey(100).repeat(4).replace("persona maya \"Maya\"\nchannel web \"Web\"\n", "");
        let text = format!("persona maya \"Maya\"\nchannel web \"Web\"\n{text}");
        let cut = find_cut(&text).expect("a cut");
        assert_eq!(cut.end, text.len(), "the rest of the file is the chunk");
        assert_eq!(parse_in_two(FileId(0), &text), Some(whole(&text)));
    }

    /// A mistake anywhere makes the file parse in one piece, so its messages
    /// are the ones a one-piece parse gives.
    #[test]
    fn a_big_file_with_a_mistake_is_parsed_in_one_piece() {
        let text = big_journey(300);
        let at = text.len() * 3 / 4;
        let broken = format!("{}{}", &text[..at], text[at..].replacen("feels happy", "feels \"happy", 1));
        assert_eq!(parse_in_two(FileId(0), &broken), None);
        let (_, problems) = crate::syntax::parser::parse(FileId(0), &broken);
        assert_eq!(problems, parse_part(FileId(0), &broken, Places::WHOLE).1);
        assert!(!problems.is_empty());
    }

    #[test]
    fn broken_halves_are_not_joined() {
        let text = "journey j \"J\" {\n  stage a \"A\" {\n  }\n  stage b \"B\" {\n    step s \"S\" @@\n  }\n}\n";
        let start = text.find("  stage b").unwrap();
        let end = text.rfind('}').unwrap();
        assert_eq!(parse_cut(FileId(0), text, Cut { start, end }), None);
    }
}
