//! The formatter against the contract examples and hand-written tricky
//! inputs: it keeps the canonical examples as they are, is idempotent, keeps
//! every comment and never changes what a file means.

use journey_compiler::format::format;
use journey_compiler::source::{FileId, Span};
use journey_compiler::syntax::cst::{Block, Entry, Quantity, Value};
use journey_compiler::syntax::parse;
use std::path::{Path, PathBuf};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Every `.journey` file under `examples/`, sorted.
fn examples() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("examples/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "journey") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&examples_dir(), &mut found);
    found.sort();
    assert!(found.len() > 5, "the examples were not found in {}", examples_dir().display());
    found
}

fn is_syntax_example(path: &Path) -> bool {
    path.ends_with("invalid/syntax.journey")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("an example is UTF-8 text")
}

fn fmt(text: &str) -> String {
    match format(text) {
        Ok(out) => out,
        Err(error) => panic!("not formatted: {}\n--- input:\n{text}", error.message),
    }
}

/// The `// comments` of a text, in order, without trailing whitespace. Written
/// independently of the formatter's own scanner.
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.split(['\n', '\r']) {
        let mut chars = line.char_indices().peekable();
        let mut in_string = false;
        while let Some((i, c)) = chars.next() {
            if in_string {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => in_string = false,
                    _ => {}
                }
            } else if c == '"' {
                in_string = true;
            } else if line[i..].starts_with("//") {
                let rest = &line[i..];
                let doc = rest.starts_with("///") && !rest.starts_with("////");
                if !doc {
                    found.push(rest.trim_end().to_string());
                }
                break;
            }
        }
    }
    found
}

/// The tree of a text without its spans: keywords, values (with their
/// commas) and doc comments, nested as written.
fn tree(text: &str) -> String {
    fn quantity(q: &Quantity) -> Quantity {
        Quantity { span: Span::default(), ..q.clone() }
    }
    fn block(this: &Block, depth: usize, out: &mut String) {
        for entry in &this.entries {
            out.push_str(&"  ".repeat(depth));
            match entry {
                Entry::Doc { text, .. } => out.push_str(&format!("doc {text:?}\n")),
                Entry::Error { .. } => out.push_str("ERROR\n"),
                Entry::Statement(statement) => {
                    out.push_str(&statement.keyword);
                    for arg in &statement.args {
                        let value = match &arg.value {
                            Value::Quantity(q) => Value::Quantity(quantity(q)),
                            Value::Range(range) => Value::Range(Box::new((quantity(&range.0), quantity(&range.1)))),
                            other => other.clone(),
                        };
                        out.push_str(&format!(" {}{value:?}", if arg.comma { "," } else { "" }));
                    }
                    if statement.bad_tail.is_some() {
                        out.push_str(" BAD_TAIL");
                    }
                    out.push('\n');
                    if let Some(inner) = &statement.block {
                        out.push_str(&"  ".repeat(depth));
                        out.push_str("{\n");
                        block(inner, depth + 1, out);
                        out.push_str(&"  ".repeat(depth));
                        out.push_str("}\n");
                    }
                }
            }
        }
    }
    let mut out = String::new();
    block(&parse(FileId(0), text).cst, 0, &mut out);
    out
}

/// The AST and the non-syntax diagnostics of a text, with every span erased.
fn meaning(text: &str) -> String {
    let parsed = parse(FileId(0), text);
    let diagnostics: Vec<_> = parsed.diagnostics.iter().map(|d| (d.code, d.message.clone())).collect();
    erase_spans(&format!("{:#?}\n{diagnostics:?}", parsed.ast))
}

/// Replaces every `Span { start: …, end: … }` of a `Debug` rendering by `Span`.
fn erase_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find('}').expect("a span's `Debug` closes") + at;
        out.push_str("Span");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Everything the formatter promises about one input.
fn check_properties(input: &str) -> String {
    let out = fmt(input);
    assert_eq!(fmt(&out), out, "formatting is not idempotent\n--- input:\n{input}\n--- first pass:\n{out}");
    assert_eq!(comments(&out), comments(input), "comments changed\n--- input:\n{input}\n--- output:\n{out}");
    assert_eq!(tree(&out), tree(input), "the tree changed\n--- input:\n{input}\n--- output:\n{out}");
    assert_eq!(meaning(&out), meaning(input), "the AST changed\n--- input:\n{input}\n--- output:\n{out}");
    assert!(!out.contains('\r'), "CR in the output:\n{out}");
    assert!(!out.starts_with('\u{FEFF}'), "BOM in the output");
    assert!(out.is_empty() || (out.ends_with('\n') && !out.ends_with("\n\n")), "not one final newline:\n{out:?}");
    assert!(!out.starts_with('\n'), "a blank line opens the file:\n{out}");
    for line in out.lines() {
        assert_eq!(line, line.trim_end(), "trailing whitespace in {line:?}");
    }
    assert!(!out.contains("\n\n\n"), "two blank lines in a row:\n{out}");
    assert!(!out.contains("{\n\n"), "a blank line after `{{`:\n{out}");
    out
}

/// Where two texts first differ, by line, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    for (n, (e, a)) in expected.split('\n').zip(actual.split('\n')).enumerate() {
        if e != a {
            return format!("line {}:\n  input:  {e:?}\n  output: {a:?}", n + 1);
        }
    }
    format!("line counts differ: input {}, output {}", expected.split('\n').count(), actual.split('\n').count())
}

#[test]
fn contract_examples_are_exactly_canonical() {
    let mut different = Vec::new();
    for path in examples().iter().filter(|p| !is_syntax_example(p)) {
        let text = read(path);
        let out = check_properties(&text);
        if out != text {
            different.push(format!("{}: {}", path.display(), first_difference(&text, &out)));
        }
    }
    assert!(different.is_empty(), "examples that are not in canonical style:\n{}", different.join("\n"));
}

#[test]
fn examples_come_back_from_a_mangled_layout() {
    for path in examples().iter().filter(|p| !is_syntax_example(p)) {
        let text = read(path);
        // No indentation, trailing spaces, CRLF and a BOM.
        let mangled: String =
            std::iter::once("\u{FEFF}".to_string()).chain(text.lines().map(|line| format!("{}  \t\r\n", line.trim_start()))).collect();
        let out = check_properties(&mangled);
        assert_eq!(out, fmt(&text), "{}: {}", path.display(), first_difference(&fmt(&text), &out));
    }
}

#[test]
fn syntax_errors_are_refused() {
    let path = examples_dir().join("invalid/syntax.journey");
    let error = format(&read(&path)).expect_err("invalid/syntax.journey has a syntax error");
    assert!(error.message.starts_with("the file has syntax errors; fix them first (line 7: "), "{}", error.message);
    for broken in [
        "team a \"A\n",
        "journey j \"J\" {\n  stage s \"S\" {\n}\n",
        "}\n",
        "step a \"A\" @@\n",
        "goal \"\\q\"\n",
        "/// doc\n@@ { team t }\n",
        "team a \"A\" /// not a doc here\n",
    ] {
        assert!(format(broken).is_err(), "formatted a broken file:\n{broken}");
    }
}

#[test]
fn formatting_is_structural_not_semantic() {
    // Unknown attributes and unresolved names are for `check` to report.
    let input = "persona maya \"Maya\" {\n  thinkz \"x\"\n}\njourney j \"J\" {\n  persona nobody\n}\n";
    assert_eq!(check_properties(input), input);
}

/// Hand-written inputs: (input, expected output).
const CASES: &[(&str, &str)] = &[
    // A comment after `{`, one before `}` and one after `}`.
    (
        "journey j \"J\" { // the map\n  stage s \"S\" {\n    step a \"A\"\n    // more to come\n  } // end of s\n}\n",
        "journey j \"J\" { // the map\n  stage s \"S\" {\n    step a \"A\"\n    // more to come\n  } // end of s\n}\n",
    ),
    // Comments between the lines of a block, with blank lines kept (at most one).
    (
        "step a \"A\" {\n  channel web\n\n\n  // why email too\n  channel email // added later\n  // the feeling\n\n  feels happy\n}\n",
        "step a \"A\" {\n  channel web\n\n  // why email too\n  channel email // added later\n  // the feeling\n\n  feels happy\n}\n",
    ),
    // `//` inside a string is text, not a comment; escapes stay as written.
    (
        "touchpoint   \"https://example.com // not a comment \\\"quoted\\\"\"   // a comment\n",
        "touchpoint \"https://example.com // not a comment \\\"quoted\\\"\" // a comment\n",
    ),
    // CRLF line endings and a BOM.
    ("\u{FEFF}// head\r\nteam a \"A\"   // trailing  \r\n\r\n\r\nteam b \"B\"\r\n", "// head\nteam a \"A\" // trailing\n\nteam b \"B\"\n"),
    // `;`-joined statements go on their own lines; the comment stays with the last.
    ("team a \"A\"; team b \"B\"; // both teams\n", "team a \"A\"\nteam b \"B\" // both teams\n"),
    // ... but stay joined inside a block written on one line.
    ("channel web \"Web\" {type digital;}\n", "channel web \"Web\" { type digital }\n"),
    // A block written on several lines stays on several lines.
    (
        "opportunity \"O\" { owner growth\n impact high; effort low }\n",
        "opportunity \"O\" {\n  owner growth\n  impact high\n  effort low\n}\n",
    ),
    // A comment inside a block written on one line is impossible, but after it it stays.
    ("step a \"A\" { channel web; feels happy } // inline\n", "step a \"A\" { channel web; feels happy } // inline\n"),
    // An empty block, with and without a comment.
    ("persona p \"P\" {\n\n}\n", "persona p \"P\" {}\n"),
    ("persona p \"P\" { // to fill in\n}\n", "persona p \"P\" { // to fill in\n}\n"),
    ("persona p \"P\" {\n    // to fill in\n}\n", "persona p \"P\" {\n  // to fill in\n}\n"),
    // Four slashes are a comment, three a doc comment (which sits directly on its statement).
    ("//// banner\n///Maya\n\nperson maya\n", "//// banner\n/// Maya\nperson maya\n"),
    ("///\n///   indented\npersona p\n", "///\n///   indented\npersona p\n"),
    // Values keep their form, only the spaces inside money are normalised.
    (
        "kpi k \"K\" {target >=   12.50    USD; actual $12.5; baseline +3; scale -100..100 }\n",
        "kpi k \"K\" { target >= 12.50 USD; actual $12.5; baseline +3; scale -100..100 }\n",
    ),
    ("journey j \"J\" {\n  persona a,b ,  c\n}\n", "journey j \"J\" {\n  persona a, b, c\n}\n"),
    // Comments at the end of the file, with no final newline.
    ("team a \"A\"\n\n// the end", "team a \"A\"\n\n// the end\n"),
    // Tabs and odd indentation.
    (
        "journey j \"J\" {\n\t\tstage s \"S\" {\n step a \"A\" {\n\t\t\t}\n }\n}\n",
        "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" {}\n  }\n}\n",
    ),
    // Nested blocks written on one line open up; the innermost stays inline.
    (
        "journey j \"J\" { stage s \"S\" { step a \"A\" { feels happy } } } // one line\n",
        "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" { feels happy }\n  }\n} // one line\n",
    ),
    // A comment after a `}` that closes a block and a statement joined after it.
    ("x {\n  a\n}; y // on y\n", "x {\n  a\n}\ny // on y\n"),
    // Non-ASCII in strings and comments.
    ("persona p \"Zoë 😀\" // ünïcode ✓\n", "persona p \"Zoë 😀\" // ünïcode ✓\n"),
    // A line holding only `;` and a comment.
    ("a\n; // alone\nb\n", "a\n// alone\nb\n"),
];

#[test]
fn tricky_inputs() {
    for (input, expected) in CASES {
        let out = check_properties(input);
        assert_eq!(&out, expected, "\n--- input:\n{input}\n--- {}", first_difference(expected, &out));
        assert_eq!(check_properties(expected), *expected, "the expected output is not canonical:\n{expected}");
    }
}

#[test]
fn long_inline_blocks_open_up() {
    let opportunity = format!("opportunity \"{}\" {{ owner growth; impact high; effort low }}", "x".repeat(60));
    let short = format!("stage s \"S\" {{\n  step a \"A\" {{\n    {opportunity}\n  }}\n}}\n");
    assert_eq!(check_properties(&short), short);
    let opportunity = format!("opportunity \"{}\" {{ owner growth; impact high; effort low }}", "x".repeat(61));
    let long = format!("stage s \"S\" {{\n  step a \"A\" {{\n    {opportunity}\n  }}\n}}\n");
    let out = check_properties(&long);
    assert!(
        out.contains(&format!(
            "    opportunity \"{}\" {{\n      owner growth\n      impact high\n      effort low\n    }}\n",
            "x".repeat(61)
        )),
        "{out}"
    );
}

#[test]
fn the_comment_helper_agrees_with_the_grammar() {
    assert_eq!(comments("a \"// no\" // yes\n/// doc\n//// four\n"), ["// yes", "//// four"]);
}

/// Whether a line is a comment or a doc comment (its text would swallow what follows).
fn is_comment_line(line: &str) -> bool {
    line.trim_start().starts_with("//") || line.contains(" //")
}

#[test]
fn examples_survive_comments_on_every_line() {
    for path in examples().iter().filter(|p| !is_syntax_example(p)) {
        let mut commented = String::new();
        for (n, line) in read(path).lines().enumerate() {
            let indent = &line[..line.len() - line.trim_start().len()];
            commented.push_str(&format!("{indent}// own {n}\n"));
            if line.trim().is_empty() || is_comment_line(line) {
                commented.push_str(&format!("{line}\n"));
            } else {
                commented.push_str(&format!("{line}   // trailing {n}   \n"));
            }
        }
        let out = check_properties(&commented);
        for line in out.lines() {
            let own = line.trim_start().starts_with("// own");
            assert!(own || !line.trim_start().starts_with("// trailing"), "{}: a trailing comment lost its line: {line:?}", path.display());
        }
    }
}

#[test]
fn examples_survive_being_joined_with_semicolons() {
    for path in examples().iter().filter(|p| !is_syntax_example(p)) {
        let mut joined = String::new();
        for line in read(path).lines() {
            if line.trim().is_empty() {
                continue;
            }
            if is_comment_line(line) {
                joined.push_str(&format!("\n{line}\n"));
            } else {
                joined.push_str(line.trim());
                joined.push_str("; ");
            }
        }
        check_properties(&joined);
    }
}
