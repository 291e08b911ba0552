//! The options on a fence's opening line: ```` ```journey file=map.journey
//! journey=first_order view=emotion persona=maya theme=dark ````.
//!
//! Each is `key=value`; a value with spaces is quoted (`file="my map.journey"`).
//! Keys and values are checked here, with a position for every mistake.

use crate::diagnostic::{Code, Diagnostic};
use crate::layout::View;
use crate::render::Colors;
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use std::ops::Range;

/// What a fence asks for; `None` is the page's (or the site's) default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FenceOptions {
    /// The map's source file, relative to the page, and where it is written.
    pub file: Option<(String, Range<usize>)>,
    /// Draw only this journey of the source, and where its ID is written.
    pub journey: Option<(String, Range<usize>)>,
    pub view: Option<View>,
    pub persona: Option<(String, Range<usize>)>,
    pub colors: Option<Colors>,
}

/// Every key a fence takes, for messages and suggestions.
pub const KEYS: &[&str] = &["file", "journey", "view", "persona", "theme"];

/// The words of `view=` and `theme=`.
const VIEWS: [(&str, View); 3] = [("full", View::Full), ("emotion", View::Emotion), ("blueprint", View::Blueprint)];
const THEMES: [(&str, Colors); 3] = [("auto", Colors::Auto), ("light", Colors::Light), ("dark", Colors::Dark)];

/// The view a word names (`emotion`), for every place that takes one (a fence, `book.toml`).
pub fn view_named(word: &str) -> Option<View> {
    VIEWS.iter().find(|(name, _)| *name == word).map(|(_, view)| *view)
}

/// The colours a word names (`auto`).
pub fn colors_named(word: &str) -> Option<Colors> {
    THEMES.iter().find(|(name, _)| *name == word).map(|(_, colors)| *colors)
}

/// The words of `view=` and `theme=`, for messages.
pub fn view_words() -> String {
    listed(&VIEWS.map(|(name, _)| name))
}

pub fn theme_words() -> String {
    listed(&THEMES.map(|(name, _)| name))
}

/// Reads the options in `text[info]`; the diagnostics are in `file` (the page).
pub fn parse(text: &str, info: Range<usize>, file: FileId) -> (FenceOptions, Vec<Diagnostic>) {
    let mut options = FenceOptions::default();
    let mut problems = Vec::new();
    let problem = |range: &Range<usize>, message: String| {
        Diagnostic::new(Code::FenceOption, file, Span::new(range.start, range.end), message).label("here")
    };
    let mut seen: Vec<(String, Range<usize>)> = Vec::new();
    for (key, key_at, value, value_at, quote_closed) in tokens(text, info) {
        if !quote_closed {
            problems.push(
                problem(&value_at, format!("the quoted value of `{key}` has no closing quote"))
                    .help(format!("end it with `\"`, as in `{key}=\"my map.journey\"`")),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            // Which one would win is no choice for a reader to guess.
            let first = Span::new(first.start, first.end);
            problems.push(
                problem(&key_at, format!("`{key}` is given twice on one fence"))
                    .secondary(file, first, "first given here")
                    .help("keep one of them"),
            );
            continue;
        }
        seen.push((key.clone(), key_at.clone()));
        let Some(value) = value else {
            let mut d = problem(&key_at, format!("`{key}` on a ```journey fence needs a value, as in `{key}=…`"));
            if !KEYS.contains(&key.as_str()) {
                d = d.help(format!("a fence takes {}", listed(KEYS)));
            }
            problems.push(d);
            continue;
        };
        match key.as_str() {
            "file" => options.file = Some((value, value_at)),
            "journey" => options.journey = Some((value, value_at)),
            "persona" => options.persona = Some((value, value_at)),
            "view" => match view_named(&value) {
                Some(view) => options.view = Some(view),
                None => {
                    problems.push(problem(&value_at, format!("`view={value}` is not a view")).help(format!("a view is {}", view_words())))
                }
            },
            "theme" => match colors_named(&value) {
                Some(colors) => options.colors = Some(colors),
                None => problems
                    .push(problem(&value_at, format!("`theme={value}` is not a theme")).help(format!("a theme is {}", theme_words()))),
            },
            _ => {
                let help = match did_you_mean(&key, KEYS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? A fence takes {}", listed(KEYS)),
                    None => format!("a fence takes {}", listed(KEYS)),
                };
                problems.push(problem(&key_at, format!("`{key}` is not an option of a ```journey fence")).help(help));
            }
        }
    }
    (options, problems)
}

fn listed(words: &[&str]) -> String {
    words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
}

/// One `key=value` on the fence line: the key and its range, the value
/// (unquoted) and its range, and false for a quote never closed.
type Token = (String, Range<usize>, Option<String>, Range<usize>, bool);

fn tokens(text: &str, info: Range<usize>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = info.start;
    while i < info.end {
        if bytes[i].is_ascii_whitespace() || bytes[i] == b',' {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < info.end && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b',' {
            i += 1;
        }
        let key = text[key_start..i].to_string();
        let key_at = key_start..i;
        if i >= info.end || bytes[i] != b'=' {
            out.push((key, key_at, None, i..i, true));
            continue;
        }
        i += 1;
        let value_start = i;
        if i < info.end && bytes[i] == b'"' {
            i += 1;
            let quoted = i;
            while i < info.end && bytes[i] != b'"' {
                i += 1;
            }
            let value = text[quoted..i].to_string();
            let closed = i < info.end;
            i = (i + 1).min(info.end);
            out.push((key, key_at, Some(value), value_start..i, closed));
        } else {
            while i < info.end && !bytes[i].is_ascii_whitespace() && bytes[i] != b',' {
                i += 1;
            }
            out.push((key, key_at, Some(text[value_start..i].to_string()), value_start..i, true));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(info: &str) -> (FenceOptions, Vec<String>) {
        let (options, problems) = parse(info, 0..info.len(), FileId(0));
        (options, problems.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn reads_every_option() {
        let (options, problems) = read(r#" file="my map.journey" journey=first view=emotion persona=maya theme=dark"#);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.file.unwrap().0, "my map.journey");
        assert_eq!(options.journey.unwrap().0, "first");
        assert_eq!(options.view, Some(View::Emotion));
        assert_eq!(options.persona.unwrap().0, "maya");
        assert_eq!(options.colors, Some(Colors::Dark));
    }

    #[test]
    fn says_what_is_wrong_and_where() {
        let info = " fille=x view=wide theme";
        let (_, problems) = parse(info, 0..info.len(), FileId(0));
        let at: Vec<&str> = problems.iter().map(|d| &info[d.primary.span.range()]).collect();
        assert_eq!(at, ["fille", "wide", "theme"]);
        assert!(problems[0].help.as_deref().unwrap().contains("did you mean `file`"));
    }

    #[test]
    fn a_quote_left_open_and_an_option_given_twice() {
        let info = r#" view=emotion file="map.journey view=full"#;
        let (_, problems) = parse(info, 0..info.len(), FileId(0));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("no closing quote"), "{}", problems[0].message);
        let info = " view=emotion view=full";
        let (_, problems) = parse(info, 0..info.len(), FileId(0));
        assert_eq!(problems.len(), 1);
        assert_eq!(&info[problems[0].primary.span.range()], "view");
        assert_eq!(problems[0].primary.span.start, 14, "the second one");
    }
}
