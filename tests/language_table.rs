//! The language table (`compiler/src/language.rs`) is the one place the
//! vocabulary is written. What is generated from it must not drift:
//! `editors/vscode/language.json` (`journey language`) is what the VS Code
//! grammar and its tests are made from, so it must be the table's.

mod common;
use common::*;
use std::path::Path;

#[test]
fn the_vscode_copy_of_the_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/language.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let printed = run(Path::new(env!("CARGO_MANIFEST_DIR")), &["language"], std::time::Duration::from_secs(20));
    assert_eq!(printed.code, Some(0), "{}", printed.describe());
    assert_eq!(printed.stdout, journey_compiler::language::to_json());
    assert!(
        committed == printed.stdout,
        "editors/vscode/language.json is stale: run `cargo run -- language > editors/vscode/language.json`, then `npm run grammar` in editors/vscode"
    );
}

/// `docs/reference.md` is `journey language --markdown`, and it lists every
/// statement the compiler accepts, in the section of its block, with its
/// example, and every word of every list.
#[test]
fn the_reference_is_current_and_complete() {
    use journey_compiler::language::{self, Words, CONTEXTS};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("docs/reference.md")).unwrap_or_default();
    let printed = run(root, &["language", "--markdown"], std::time::Duration::from_secs(20));
    assert_eq!(printed.code, Some(0), "{}", printed.describe());
    assert!(committed == printed.stdout, "docs/reference.md is stale: run `cargo run -- language --markdown > docs/reference.md`");
    let sections: Vec<&str> = committed.split("\n### ").collect();
    for context in CONTEXTS {
        for attribute in language::attributes(context) {
            let row = format!("| `{}` |", attribute.keyword);
            let example = attribute.example.replace('|', "\\|");
            let listed = sections.iter().any(|section| {
                section.lines().any(|line| line.starts_with(&row) && line.contains(&example))
                    && language::ATTRIBUTES.iter().any(|a| a.opens() == Some(context) && section.contains(&format!("(`{}`)", a.keyword)))
                    || context == language::Context::TopLevel && section.starts_with("Top level") && section.contains(&row)
            });
            assert!(listed, "the reference lacks `{}` in {} with its example", attribute.keyword, context.describe());
        }
    }
    for words in Words::ALL {
        for (word, _) in words.words() {
            assert!(committed.contains(&format!("| `{word}` |")), "the reference lacks the word `{word}`");
        }
    }
}

/// `journey explain KEYWORD` says what the table says, in every block.
#[test]
fn explain_reads_the_table() {
    let explained = run(Path::new("."), &["explain", "owner"], std::time::Duration::from_secs(20));
    assert_eq!(explained.code, Some(0), "{}", explained.describe());
    for attribute in journey_compiler::language::ATTRIBUTES.iter().filter(|a| a.keyword == "owner") {
        assert!(explained.stdout.contains(attribute.doc), "{}", explained.stdout);
        assert!(explained.stdout.contains(attribute.context().describe()), "{}", explained.stdout);
    }
    let unknown = run(Path::new("."), &["explain", "colour"], std::time::Duration::from_secs(20));
    assert_eq!(unknown.code, Some(2), "{}", unknown.describe());
}

/// The JSON model's schema lists the same words as the table.
#[test]
fn the_schema_s_word_lists_are_the_table_s() {
    use journey_compiler::language::Words;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/journey.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the schema")).expect("JSON");
    for (definition, words) in
        [("channelType", Words::ChannelType), ("state", Words::State), ("level", Words::Level), ("evidence", Words::Evidence)]
    {
        let listed: Vec<&str> =
            schema["$defs"][definition]["enum"].as_array().expect("an enum").iter().filter_map(serde_json::Value::as_str).collect();
        let table: Vec<&str> = words.words().into_iter().map(|(word, _)| word).collect();
        assert_eq!(listed, table, "docs/journey.schema.json `{definition}`");
    }
}

/// The README's "language at a glance" names every statement of each block.
#[test]
fn the_readme_s_table_names_every_statement() {
    use journey_compiler::language::{self, Context};
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let rows = [
        (Context::Persona, "| `persona ID"),
        (Context::Channel, "| `channel ID"),
        (Context::Journey, "| `journey ID"),
        (Context::Phase, "| `phase ID"),
        (Context::Stage, "| `stage ID"),
        (Context::Step, "| `step ID"),
        (Context::Opportunity, "| `opportunity "),
        (Context::Kpi, "| `kpi ID"),
    ];
    for (context, start) in rows {
        let row = readme.lines().find(|line| line.starts_with(start)).unwrap_or_else(|| panic!("no README row starting {start}"));
        for keyword in language::attributes(context).map(|a| a.keyword) {
            let named = [format!("`{keyword}`"), format!("`{keyword} "), format!("; {keyword} "), format!("{{ {keyword} ")];
            assert!(named.iter().any(|form| row.contains(form.as_str())), "README's {context:?} row lacks `{keyword}`: {row}");
        }
    }
}

/// `journey explain E0003` and `E0005` list what the table says.
#[test]
fn the_explanations_list_the_table() {
    use journey_compiler::diagnostic::Code;
    use journey_compiler::language::{self, Context, Repeat};
    let unknown = Code::UnknownAttribute.full_explanation();
    let step: Vec<String> = Context::Step.keywords().map(|k| format!("`{k}`")).collect();
    assert!(unknown.contains(&format!("- a step: {}", step.join(", "))), "{unknown}");
    let repeated = Code::RepeatedAttribute.full_explanation();
    let once: Vec<String> =
        language::attributes(Context::Step).filter(|a| a.repeat == Repeat::Once).map(|a| format!("`{}`", a.keyword)).collect();
    assert!(repeated.contains(&format!("- a step: once: {};", once.join(", "))), "{repeated}");
}
