//! The fence engine over generated Markdown: pages of paragraphs, other
//! code blocks (some holding a ```` ```journey ```` line as an example),
//! indented code, HTML comments, front matter, backtick and tilde fences
//! indented up to three spaces, maps in list items, LF and CRLF. Every map fence the page really
//! has is found and no other; every byte outside them comes back unchanged;
//! a README drawn twice is the same page.

use journey_compiler::config::Config;
use journey_compiler::layout::View;
use journey_compiler::markdown::{self, fences, Embed, Placement, Settings};
use journey_compiler::render::Colors;
use journey_compiler::source::{MemoryLoader, Sources};
use proptest::prelude::*;
use std::ops::Range;
use std::path::Path;

/// One block of a page; `Map` is the only one a reader sees as a map.
#[derive(Debug, Clone)]
enum Block {
    Paragraph(Vec<String>),
    /// Markdown a real page holds around maps, fences among it: headings,
    /// rules, list items, HTML of several kinds, inline code, non-ASCII.
    Mixed(Vec<&'static str>),
    Map {
        mark: char,
        length: usize,
        indent: usize,
        broken: bool,
        emotion: bool,
    },
    /// A map in a list item: under its marker (nested in an ordered item,
    /// or not), a blank line and `relative` spaces further in than the
    /// item's text, or on the marker's own line.
    ListMap {
        marker: &'static str,
        nested: bool,
        on_marker_line: bool,
        relative: usize,
    },
    OtherFence {
        mark: char,
        example: bool,
    },
    IndentedCode,
    Comment,
    Blank,
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => prop::collection::vec("[a-zA-Z ,.`*_#>-]{0,30}", 1..3).prop_map(Block::Paragraph),
        3 => prop::collection::vec(prop::sample::select(MIXED.to_vec()), 1..4).prop_map(Block::Mixed),
        3 => (prop::sample::select(vec!['`', '~']), 3usize..6, 0usize..4, any::<bool>(), any::<bool>())
            .prop_map(|(mark, length, indent, broken, emotion)| Block::Map { mark, length, indent, broken, emotion }),
        2 => (prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "10. ", "2) ", "-   ", "-\t"]), any::<bool>(), any::<bool>(), 0usize..4)
            .prop_map(|(marker, nested, on_marker_line, relative)| Block::ListMap { marker, nested, on_marker_line, relative }),
        1 => (prop::sample::select(vec!['`', '~']), any::<bool>()).prop_map(|(mark, example)| Block::OtherFence { mark, example }),
        1 => Just(Block::IndentedCode),
        1 => Just(Block::Comment),
        2 => Just(Block::Blank),
    ]
}

/// A page: its text, and the byte range of each real map fence.
fn page() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    (0..3usize, any::<bool>(), prop::collection::vec(block(), 1..10), any::<bool>()).prop_map(
        |(ending, front_matter, blocks, left_open)| {
            // LF, CRLF, or old Mac's lone CR, which CommonMark also reads as a line ending.
            let nl = ["\n", "\r\n", "\r"][ending];
            let mut text = String::new();
            let mut maps = Vec::new();
            if front_matter {
                text.push_str(&format!("---{nl}title: \"```journey\"{nl}```journey{nl}---{nl}"));
            }
            for (n, block) in blocks.iter().enumerate() {
                // Blocks are kept apart by a blank line, as people write them.
                if !text.is_empty() {
                    text.push_str(nl);
                }
                match block {
                    Block::Paragraph(lines) => {
                        for line in lines {
                            // A paragraph line starting with a fence would be a fence.
                            let line = line.trim_start_matches(['`', '~', ' ', '#', '>', '-', '*']);
                            text.push_str(&format!("Text {line}{nl}"));
                        }
                    }
                    Block::Map { mark, length, indent, broken, emotion } => {
                        let fence: String = std::iter::repeat_n(*mark, *length).collect();
                        let options = if *emotion { " view=emotion" } else { "" };
                        text.push_str(&" ".repeat(*indent));
                        let start = text.len();
                        text.push_str(&format!("{fence}journey{options}{nl}"));
                        let channel = if *broken { "nowhere" } else { "desk" };
                        for line in [
                            "persona ana \"Ana\"".to_string(),
                            "channel desk \"Desk\" { type human }".to_string(),
                            format!("journey j{n} \"Map {n}\" {{"),
                            "  persona ana".to_string(),
                            format!("  stage s \"Stage\" {{ step a \"Arrives\" {{ channel {channel}; feels happy }} }}"),
                            "}".to_string(),
                        ] {
                            text.push_str(&line);
                            text.push_str(nl);
                        }
                        text.push_str(&format!(
                            "{fence}{}{nl}",
                            if *length > 3 { std::iter::repeat_n(*mark, 1).collect::<String>() } else { String::new() }
                        ));
                        maps.push(start..text.len());
                    }
                    Block::ListMap { marker, nested, on_marker_line, relative } => {
                        let outer = if *nested { "   " } else { "" };
                        if *nested {
                            // (A blank line: an item numbered other than 1 can't interrupt a paragraph.)
                            text.push_str(&format!("1. Outer{nl}{nl}"));
                        }
                        // The column the item's text starts at (a tab after the marker reaches the next multiple of 4).
                        let content = if marker.ends_with('\t') { (outer.len() + 1) / 4 * 4 + 4 } else { outer.len() + marker.len() };
                        let pad = " ".repeat(content);
                        if *on_marker_line {
                            text.push_str(&format!("{outer}{marker}"));
                        } else {
                            text.push_str(&format!("{outer}{marker}Item{nl}{nl}{pad}{}", " ".repeat(*relative)));
                        }
                        let start = text.len();
                        text.push_str(&format!("```journey{nl}"));
                        for line in
                            [format!("journey l{n} \"List {n}\" {{"), "  stage s \"S\" { step a \"A\" }".to_string(), "}".to_string()]
                        {
                            text.push_str(&format!("{pad}{line}{nl}"));
                        }
                        text.push_str(&format!("{pad}```{nl}"));
                        maps.push(start..text.len());
                        // The list ends (what follows is not in the item).
                        text.push_str(&format!("{nl}After the list.{nl}"));
                    }
                    Block::OtherFence { mark, example } => {
                        let outer: String = std::iter::repeat_n(*mark, 4).collect();
                        text.push_str(&format!("{outer}markdown{nl}"));
                        if *example {
                            text.push_str(&format!("```journey{nl}persona x \"X\"{nl}```{nl}"));
                        }
                        text.push_str(&format!("fn main() {{}}{nl}{outer}{nl}"));
                    }
                    Block::Mixed(lines) => {
                        for line in lines {
                            text.push_str(line);
                            text.push_str(nl);
                        }
                    }
                    // After a paragraph at the page's level, so that no list item above takes it in.
                    Block::IndentedCode => text.push_str(&format!("Code:{nl}{nl}    ```journey{nl}    persona x \"X\"{nl}    ```{nl}")),
                    Block::Comment => text.push_str(&format!("<!-- Карта, 地図{nl}```journey{nl}persona x \"X\"{nl}```{nl}-->{nl}")),
                    Block::Blank => text.push_str(nl),
                }
            }
            if left_open {
                // A map fence never closed: it runs to the end, and is reported, not drawn.
                if !text.is_empty() {
                    text.push_str(nl);
                }
                let start = text.len();
                text.push_str(&format!("```journey{nl}persona x \"Ünclosed\"{nl}"));
                maps.push(start..text.len());
            }
            (text, maps)
        },
    )
}

/// Lines that are not map fences themselves but change how the lines
/// after them are read (a fence line among them is an example, or not).
const MIXED: &[&str] = &[
    "# Heading",
    "## Карта",
    "---",
    "***",
    "- item",
    "1. item",
    "<div>",
    "</div>",
    "<kbd>x</kbd> text",
    "<custom>",
    "<!-- 地図 -->",
    "<!-- open",
    "-->",
    "<pre>",
    "</pre>",
    "Text with `code`",
    "    indented",
    "\u{3000}",
    "> quoted",
    "```journey",
    "```",
    "~~~journey",
    "~~~",
    "Ünïcödé text",
];

/// The journey fences pulldown-cmark (mdBook's parser) finds outside block
/// quotes, as byte ranges of the page.
fn commonmark_fences(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let mut found = Vec::new();
    let mut depth = 0;
    // Front matter, which the sites that have it strip first, becomes blank
    // lines (pulldown-cmark's own option takes any later `---` block for one).
    let all = fences::lines(text);
    let mut blanked = text.to_string();
    let opening = all.first().map(|l| &text[l.start..l.end]);
    if let Some(opening @ ("---" | "+++")) = opening {
        if let Some(close) =
            all[1..].iter().position(|l| &text[l.start..l.end] == opening || (opening == "---" && &text[l.start..l.end] == "..."))
        {
            let end = all[close + 1].end;
            // Byte for byte, so that offsets stay the page's.
            blanked = text[..end]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c.to_string() } else { " ".repeat(c.len_utf8()) })
                .collect::<String>()
                + &text[end..];
        }
    }
    let text = blanked.as_str();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(pulldown_cmark::TagEnd::BlockQuote(_)) => depth -= 1,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if depth == 0 && info.split_whitespace().next() == Some("journey") =>
            {
                found.push(range)
            }
            _ => {}
        }
    }
    found
}

fn settings<'a>(config: &'a Config, embed: Embed, placement: Placement) -> Settings<'a> {
    Settings { config, colors: Colors::Auto, view: View::Full, embed, placement, image_link: String::new() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_global_rejects: 100_000, ..ProptestConfig::default() })]

    #[test]
    fn every_byte_outside_the_maps_is_kept((text, maps) in page(), inline in any::<bool>()) {
        // Without the lines that change how the rest reads, the generator knows the fences itself.
        let found: Vec<Range<usize>> = fences::find(&text).into_iter().map(|f| f.range).collect();
        if !text.contains("<!-- open") && !text.contains("<pre>") && !text.contains("<div>") && !text.contains("<custom>") && !fences::lines(&text).iter().any(|l| ["```", "~~~"].iter().any(|m| text[l.start..].starts_with(m))) {
            prop_assert_eq!(&found, &maps, "the fences of\n{}", text);
        }
        let maps = found;

        let config = Config::default();
        let embed = if inline { Embed::Inline } else { Embed::Image };
        let drawn = markdown::render_page(Path::new("page.md"), &text, &settings(&config, embed, Placement::Replace), &MemoryLoader::new(), &mut Sources::default());
        prop_assert_eq!(drawn.replacements.len(), maps.len());
        // Walk the output: outside each replaced range, the page's own bytes.
        let (mut from, mut to) = (0, 0);
        for r in &drawn.replacements {
            let kept = &text[from..r.range.start];
            prop_assert_eq!(&drawn.text[to..to + kept.len()], kept);
            to += kept.len();
            prop_assert_eq!(&drawn.text[to..to + r.text.len()], r.text.as_str());
            prop_assert!(!r.text.lines().any(|l| l.trim_start().starts_with("```journey")), "a map stayed a fence");
            to += r.text.len();
            from = r.range.end;
        }
        prop_assert_eq!(&drawn.text[to..], &text[from..]);
    }

    /// The engine finds the fences mdBook's parser finds, no more: at the
    /// top level and in list items, nested, under every kind of marker.
    #[test]
    fn fences_are_found_where_commonmark_has_them((text, _) in page()) {
        // pulldown-cmark doesn't take a lone CR for a line ending (CommonMark does).
        prop_assume!(!text.replace("\r\n", "\n").contains('\r'));
        // Compared by line: pulldown-cmark's range starts after the indentation.
        let line = |at: usize| fences::lines(&text[..at]).iter().filter(|l| l.next > l.end).count();
        let ours: Vec<usize> = fences::find(&text).into_iter().map(|f| line(f.range.start)).collect();
        let theirs: Vec<usize> = commonmark_fences(&text).into_iter().map(|r| line(r.start)).collect();
        prop_assert_eq!(ours, theirs, "the fences of\n{:?}", text);
    }

    #[test]
    fn a_readme_drawn_twice_is_the_same_page((text, maps) in page(), mermaid in any::<bool>()) {
        let config = Config::default();
        let embed = if mermaid { Embed::Mermaid } else { Embed::Image };
        let settings = settings(&config, embed, Placement::After);
        let loader = MemoryLoader::new();
        let once = markdown::render_page(Path::new("README.md"), &text, &settings, &loader, &mut Sources::default());
        let twice = markdown::render_page(Path::new("README.md"), &once.text, &settings, &loader, &mut Sources::default());
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(once.images, twice.images);
        prop_assert!(twice.dropped_images.is_empty());
        // The fences themselves stay, byte for byte.
        for map in &maps {
            prop_assert!(once.text.contains(&text[map.clone()]));
        }
    }
}
