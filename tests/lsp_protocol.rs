//! The language server through its protocol: `journey lsp` runs as a child
//! process and is spoken to over stdio with real JSON-RPC framing. Every
//! test works on its own copy of `examples/` with that copy as the root.

mod common;
mod lsp_client;

use lsp_client::{examples_copy, find, uri, Client};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

fn start(root: &Path) -> Client {
    Client::start(&common::binary(), root)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"].as_array().expect("a list").iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().expect("a list").iter().map(|i| i["label"].as_str().expect("a label").to_string()).collect()
}

fn td(uri: &str) -> Value {
    json!({ "uri": uri })
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": td(uri), "position": position })
}

/// Every symbol name of a document-symbol tree, depth first.
fn symbol_names(symbols: &Value, out: &mut Vec<String>) {
    for symbol in symbols.as_array().expect("a list") {
        out.push(symbol["name"].as_str().expect("named").to_string());
        if let Some(children) = symbol.get("children") {
            symbol_names(children, out);
        }
    }
}

#[test]
fn diagnostics_after_open_with_codes_help_and_related_information() {
    let root = examples_copy("diagnostics");
    let mut client = start(&root);

    let unresolved = uri(&root.join("invalid/unresolved.journey"));
    client.open(&unresolved, &read(&root.join("invalid/unresolved.journey")));
    let params = client.diagnostics_for_version(&unresolved, 1);
    let diagnostic = params["diagnostics"].as_array().expect("a list").iter().find(|d| d["code"] == "E0010").expect("E0010");
    assert!(diagnostic["message"].as_str().expect("text").starts_with("unknown channel `emial`"), "{diagnostic}");
    assert!(diagnostic["message"].as_str().expect("text").contains("help: did you mean `email`?"));
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "journey");
    assert_eq!(diagnostic["range"], json!({ "start": { "line": 11, "character": 25 }, "end": { "line": 11, "character": 30 } }));

    // A secondary label becomes related information, pointing at the first declaration.
    let duplicate = uri(&root.join("invalid/duplicate.journey"));
    client.open(&duplicate, &read(&root.join("invalid/duplicate.journey")));
    let params = client.diagnostics_for_version(&duplicate, 1);
    let e0012 = params["diagnostics"].as_array().expect("a list").iter().find(|d| d["code"] == "E0012").expect("E0012");
    let related = &e0012["relatedInformation"][0];
    assert_eq!(related["message"], "first declared here");
    assert_eq!(related["location"]["uri"], duplicate.as_str());

    // Syntax errors are published too; unused declarations are marked unnecessary.
    let syntax = uri(&root.join("invalid/syntax.journey"));
    client.open(&syntax, &read(&root.join("invalid/syntax.journey")));
    assert!(codes(&client.diagnostics_for_version(&syntax, 1)).contains(&"E0001".to_string()));
    let warnings = uri(&root.join("invalid/warnings.journey"));
    client.open(&warnings, &read(&root.join("invalid/warnings.journey")));
    let params = client.diagnostics_for_version(&warnings, 1);
    let unused = params["diagnostics"].as_array().expect("a list").iter().find(|d| d["code"] == "W0001").expect("W0001");
    assert_eq!(unused["severity"], 2);
    assert_eq!(unused["tags"], json!([1]));

    // Files that are not open are checked too (the whole root), without a version.
    let cycle = uri(&root.join("invalid/cycle-b.journey"));
    let params = client.diagnostics_where(&cycle, |p| codes(p).contains(&"E0031".to_string()));
    assert!(params.get("version").is_none_or(Value::is_null));

    // A clean example has no diagnostics after a fix.
    let text = read(&root.join("invalid/unresolved.journey")).replace("emial", "email");
    client.change(&unresolved, 2, &text);
    let params = client.diagnostics_for_version(&unresolved, 2);
    assert!(!codes(&params).contains(&"E0010".to_string()), "{params}");
    assert!(client.shutdown().success());
}

#[test]
fn a_burst_of_changes_ends_with_the_diagnostics_of_the_final_text() {
    let root = examples_copy("burst");
    let path = root.join("grocery.journey");
    let original = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &original);
    client.diagnostics_for_version(&doc, 1);

    // 50 rapid full-text changes, each with its own typo; the last one's typo is `final_typo`.
    for version in 2..=51 {
        let typo = if version == 51 { "final_typo".to_string() } else { format!("typo_{version}") };
        client.change(&doc, version, &original.replace("      channel social", &format!("      channel {typo}")));
    }
    let last = client.diagnostics_for_version(&doc, 51);
    client.settle(Duration::from_millis(500));

    let publishes = client.published(&doc);
    let final_publish = publishes.last().expect("published");
    assert_eq!(final_publish["version"], 51, "nothing is published after the final version: {publishes:#?}");
    assert_eq!(final_publish, &last);
    let messages: Vec<&str> = last["diagnostics"].as_array().expect("a list").iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("unknown channel `final_typo`")), "{messages:?}");
    assert!(!messages.iter().any(|m| m.contains("typo_")), "no diagnostics of an older text: {messages:?}");
    // Versions only go forward, and each publish describes its own version's text.
    let versions: Vec<i64> = publishes.iter().filter_map(|p| p["version"].as_i64()).collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    for publish in &publishes {
        let version = publish["version"].as_i64().expect("open documents have versions");
        for diagnostic in publish["diagnostics"].as_array().expect("a list") {
            let message = diagnostic["message"].as_str().expect("text");
            if let Some(rest) = message.strip_prefix("unknown channel `typo_") {
                assert!(rest.starts_with(&format!("{version}`")), "version {version} published with {message}");
            }
        }
    }
    assert!(publishes.len() < 50, "the burst was debounced: {} publishes", publishes.len());
    assert!(client.shutdown().success());
}

#[test]
fn hover_definition_and_references() {
    let root = examples_copy("navigation");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);

    // A channel reference: label, type, uses.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "channel web", 1, 9)));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.starts_with("**channel** `web` — Website"), "{value}");
    assert!(value.contains("type: digital"), "{value}");
    assert_eq!(hover["range"]["start"], find(&text, "channel web", 1, 8));

    // A persona: doc comment and goals.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "persona maya", 1, 9)));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("Works full time and shops for a family of four."), "{value}");
    assert!(value.contains("goal: Get the weekly shop done in ten minutes"), "{value}");

    // A KPI: target, actual and status.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "kpi checkout_abandonment", 0, 5)));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    for fact in ["target: <= 20%", "actual: 34%", "baseline: 41%", "status: missed"] {
        assert!(value.contains(fact), "{fact} in {value}");
    }

    // Emotions: a custom one's score, a built-in one's score.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "feels reassured", 0, 7)));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("score: +2"));
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "feels frustrated", 0, 7)));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.contains("built-in") && value.contains("score: -2"), "{value}");

    // Nothing to say about a string.
    assert_eq!(client.request_ok("textDocument/hover", at(&doc, find(&text, "Checkout screen", 0, 2))), Value::Null);

    // A keyword: what the language table says of it, where it is written.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "touchpoint \"Instagram", 0, 3)));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    let table = journey_compiler::language::attribute(journey_compiler::language::Context::Step, "touchpoint").expect("in the table");
    assert!(value.starts_with("**touchpoint** in a step") && value.contains(table.doc), "{value}");
    assert_eq!(hover["range"]["start"], find(&text, "touchpoint \"Instagram", 0, 0));

    // Definition: from `next confirm` to the step.
    let definition = client.request_ok("textDocument/definition", at(&doc, find(&text, "next confirm", 0, 6)));
    assert_eq!(definition["uri"], doc.as_str());
    assert_eq!(definition["range"]["start"], find(&text, "step confirm", 0, 5));

    // References of `web`, with and without the declaration.
    let params = |include: bool| json!({ "textDocument": td(&doc), "position": find(&text, "channel web", 0, 9), "context": { "includeDeclaration": include } });
    let all = client.request_ok("textDocument/references", params(true));
    assert_eq!(all.as_array().expect("a list").len(), 3, "{all}");
    let uses = client.request_ok("textDocument/references", params(false));
    let lines: Vec<i64> = uses.as_array().expect("a list").iter().map(|l| l["range"]["start"]["line"].as_i64().expect("line")).collect();
    assert_eq!(lines, [40, 47]);
    assert!(client.shutdown().success());
}

#[test]
fn features_work_across_files_including_ones_not_open() {
    let root = examples_copy("multi-file");
    let onboarding_path = root.join("saas/onboarding.journey");
    let onboarding_text = read(&onboarding_path);
    let onboarding = uri(&onboarding_path);
    let common_path = root.join("saas/common.journey");
    let common = uri(&common_path);
    let renewal = uri(&root.join("saas/renewal.journey"));
    let mut client = start(&root);
    client.open(&onboarding, &onboarding_text);
    client.diagnostics_for_version(&onboarding, 1);

    // Hover and definition reach `common.journey`, which is not open.
    let position = find(&onboarding_text, "persona alana, jo", 0, 9);
    let hover = client.request_ok("textDocument/hover", at(&onboarding, position.clone()));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("Alana, operations lead"));
    let definition = client.request_ok("textDocument/definition", at(&onboarding, position.clone()));
    assert_eq!(definition["uri"], common.as_str());
    let references = client.request_ok(
        "textDocument/references",
        json!({ "textDocument": td(&onboarding), "position": position.clone(), "context": { "includeDeclaration": true } }),
    );
    let files: BTreeSet<String> =
        references.as_array().expect("a list").iter().map(|l| l["uri"].as_str().expect("uri").to_string()).collect();
    assert_eq!(files, BTreeSet::from([common.clone(), onboarding.clone(), renewal.clone()]));

    // A rename from a use updates the declaration and every use, in every file of the build.
    let prepare = client.request_ok("textDocument/prepareRename", at(&onboarding, position.clone()));
    assert_eq!(prepare["placeholder"], "alana");
    let edit = client.request_ok(
        "textDocument/rename",
        json!({ "textDocument": td(&onboarding), "position": position.clone(), "newName": "alana_ops" }),
    );
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.keys().cloned().collect::<BTreeSet<_>>(), BTreeSet::from([common.clone(), onboarding.clone(), renewal.clone()]));
    let common_text = read(&common_path);
    let declaration = &changes[&common]
        .as_array()
        .expect("edits")
        .iter()
        .find(|e| e["range"]["start"] == find(&common_text, "persona alana", 0, 8))
        .expect("the declaration is renamed");
    assert_eq!(declaration["newText"], "alana_ops");
    let onboarding_edits = changes[&onboarding].as_array().expect("edits").len();
    assert_eq!(onboarding_edits, onboarding_text.matches("alana").count());

    // Editing the open buffer of `common.journey` (not saved) changes what the other file sees.
    client.open(&common, &common_text);
    let renamed = common_text.replace("channel web \"Website\"", "channel site \"Website\"");
    client.change(&common, 2, &renamed);
    let params = client.diagnostics_where(&onboarding, |p| codes(p).contains(&"E0010".to_string()));
    let message = params["diagnostics"].as_array().expect("a list").iter().find(|d| d["code"] == "E0010").expect("E0010")["message"]
        .as_str()
        .expect("text")
        .to_string();
    assert!(message.starts_with("unknown channel `web`"), "{message}");
    // …and closing it without saving goes back to the file on disk.
    client.notify("textDocument/didClose", json!({ "textDocument": td(&common) }));
    client.diagnostics_where(&onboarding, |p| !codes(p).contains(&"E0010".to_string()));

    // A file changed on disk by another program is read again when the client says so.
    let renewal_path = root.join("saas/renewal.journey");
    std::fs::write(&renewal_path, read(&renewal_path).replace("channel sales", "channel salez")).expect("writable");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": renewal, "type": 2 }] }));
    let params = client.diagnostics_where(&renewal, |p| codes(p).contains(&"E0010".to_string()));
    assert!(params.get("version").is_none_or(Value::is_null));
    assert!(client.shutdown().success());
}

#[test]
fn rename_refuses_keywords_builtins_and_bad_names() {
    let root = examples_copy("rename");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);

    let error = client.request_err("textDocument/prepareRename", at(&doc, find(&text, "channel social", 1, 2)));
    assert!(error["message"].as_str().expect("text").contains("`channel` is a keyword"), "{error}");
    let error = client.request_err(
        "textDocument/rename",
        json!({ "textDocument": td(&doc), "position": find(&text, "channel social", 1, 2), "newName": "x" }),
    );
    assert!(error["message"].as_str().expect("text").contains("keyword"), "{error}");
    let error = client.request_err("textDocument/prepareRename", at(&doc, find(&text, "feels curious", 0, 7)));
    assert!(error["message"].as_str().expect("text").contains("built-in emotion"), "{error}");
    let position = find(&text, "channel social", 1, 9);
    let error = client.request_err("textDocument/rename", json!({ "textDocument": td(&doc), "position": position, "newName": "2 words" }));
    assert!(error["message"].as_str().expect("text").contains("not an ID"), "{error}");
    let error = client.request_err("textDocument/rename", json!({ "textDocument": td(&doc), "position": position, "newName": "web" }));
    assert!(error["message"].as_str().expect("text").contains("already"), "{error}");

    // A step renamed from its declaration: the `next` that points at it follows.
    let edit = client.request_ok(
        "textDocument/rename",
        json!({ "textDocument": td(&doc), "position": find(&text, "step confirm", 0, 6), "newName": "confirmation" }),
    );
    let edits = edit["changes"][&doc].as_array().expect("edits");
    assert_eq!(edits.len(), 3, "the declaration and two `next`: {edits:?}");
    assert!(client.shutdown().success());
}

#[test]
fn completion_knows_the_context() {
    let root = examples_copy("completion");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);
    let channels = ["social", "web", "app", "email", "phone", "doorstep"];

    // Add an empty line inside the `checkout` step and type on it.
    let mut version = 1;
    let mut typed = |client: &mut Client, line: &str| -> Value {
        version += 1;
        let new_text = text.replace("      kpi checkout_abandonment\n", &format!("      kpi checkout_abandonment\n{line}\n"));
        client.change(&doc, version, &new_text);
        let position = find(&new_text, &format!("{line}\n"), 0, line.encode_utf16().count() as u32);
        client.request_ok("textDocument/completion", at(&doc, position))
    };
    assert_eq!(labels(&typed(&mut client, "      channel ")), channels);
    assert_eq!(labels(&typed(&mut client, "      channel web, ")), ["social", "app", "email", "phone", "doorstep"]);
    assert_eq!(labels(&typed(&mut client, "      owner ")), ["growth", "product", "ops"]);
    assert_eq!(labels(&typed(&mut client, "      persona ")), ["maya"]);
    assert_eq!(
        labels(&typed(&mut client, "      kpi ")),
        ["signup_rate", "checkout_abandonment", "basket_value", "conversion", "time_to_order", "nps"]
    );
    let next = labels(&typed(&mut client, "      next "));
    assert_eq!(next, ["see_ad", "compare", "sign_up", "fill_basket", "call_support", "confirm", "receive"], "every step but this one");
    let feels = typed(&mut client, "      feels ");
    let items = feels.as_array().expect("a list");
    assert_eq!(items[0]["label"], "reassured");
    assert!(items[0]["detail"].as_str().expect("detail").starts_with("+2"));
    let happy = items.iter().find(|i| i["label"] == "happy").expect("built-in emotions");
    assert_eq!(happy["detail"], "+2 · built-in");
    assert_eq!(items.len(), 1 + journey_compiler::emotions::BUILTIN.len());
    let evidence = labels(&typed(&mut client, "      evidence "));
    assert_eq!(evidence, ["observed", "assumed", "proposed"]);

    // Keywords valid at that point: the attributes of a step.
    let offered = typed(&mut client, "      ");
    let keywords = labels(&offered);
    let step: Vec<String> = journey_compiler::language::Context::Step.keywords().map(str::to_string).collect();
    assert_eq!(keywords, step, "a step's keywords, in the table's order");
    let feels = offered.as_array().expect("a list").iter().find(|i| i["label"] == "feels").expect("feels");
    let meaning = journey_compiler::language::attribute(journey_compiler::language::Context::Step, "feels").expect("in the table").doc;
    assert!(feels["documentation"]["value"].as_str().expect("documentation").contains(meaning), "{feels}");
    assert!(!keywords.contains(&"stage".to_string()), "{keywords:?}");
    // Nothing inside a string or after a complete value.
    assert_eq!(typed(&mut client, "      does \"Types "), json!([]));
    assert_eq!(typed(&mut client, "      feels happy "), json!([]));

    // At the top level: the declarations; inside a channel: `type` and its words.
    client.change(&doc, 100, &format!("{text}\n"));
    let top = client.request_ok("textDocument/completion", at(&doc, json!({ "line": text.matches('\n').count() + 1, "character": 0 })));
    assert_eq!(labels(&top), ["use", "persona", "channel", "team", "emotion", "journey"]);
    let types = client.request_ok("textDocument/completion", at(&doc, find(&text, "type digital", 0, 5)));
    assert_eq!(labels(&types), ["digital", "human", "physical", "broadcast"]);
    assert!(client.shutdown().success());
}

#[test]
fn a_half_typed_step_keeps_outline_hover_and_completion() {
    let root = examples_copy("broken");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);
    client.diagnostics_for_version(&doc, 1);

    // Type a new step in the middle of the file, one keystroke at a time: its
    // block is not closed yet and `channel` has no value.
    let anchor = find(&text, "    step checkout", 0, 0);
    client.edit(&doc, 2, json!({ "start": anchor, "end": anchor }), "\n");
    let typing = "    step pay \"Pays\" {\n      channel ";
    let mut version = 2;
    let mut position = anchor.clone();
    for ch in typing.chars() {
        version += 1;
        client.edit(&doc, version, json!({ "start": position, "end": position }), &ch.to_string());
        if ch == '\n' {
            position = json!({ "line": position["line"].as_i64().expect("line") + 1, "character": 0 });
        } else {
            position["character"] = json!(position["character"].as_i64().expect("character") + ch.len_utf16() as i64);
        }
    }
    let params = client.diagnostics_for_version(&doc, version);
    assert!(codes(&params).contains(&"E0001".to_string()), "the missing channel and the unclosed block are errors");

    let completion = client.request_ok("textDocument/completion", at(&doc, position.clone()));
    assert_eq!(labels(&completion), ["social", "web", "app", "email", "phone", "doorstep"]);

    let symbols = client.request_ok("textDocument/documentSymbol", json!({ "textDocument": td(&doc) }));
    let mut names = Vec::new();
    symbol_names(&symbols, &mut names);
    for expected in [
        "first_order",
        "awareness",
        "consideration",
        "purchase",
        "delivery",
        "see_ad",
        "compare",
        "sign_up",
        "fill_basket",
        "pay",
        "checkout",
        "call_support",
        "confirm",
        "receive",
        "maya",
        "web",
    ] {
        assert!(names.contains(&expected.to_string()), "{expected} in the outline: {names:?}");
    }

    // Hover above the broken part still works.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "channel social", 1, 9)));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("Social media"));
    assert!(client.shutdown().success());
}

#[test]
fn symbols_folding_semantic_tokens_formatting_and_code_actions() {
    let root = examples_copy("features");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);

    // The outline: declarations at the top, journey → stages → steps and KPIs.
    let symbols = client.request_ok("textDocument/documentSymbol", json!({ "textDocument": td(&doc) }));
    let top: Vec<&str> = symbols.as_array().expect("a list").iter().map(|s| s["name"].as_str().expect("name")).collect();
    assert_eq!(top, ["maya", "social", "web", "app", "email", "phone", "doorstep", "growth", "product", "ops", "reassured", "first_order"]);
    let journey = &symbols[11];
    assert_eq!(journey["detail"], "First grocery order");
    assert_eq!(journey["kind"], 2, "module");
    let children: Vec<&str> = journey["children"].as_array().expect("stages").iter().map(|s| s["name"].as_str().expect("name")).collect();
    assert_eq!(children, ["awareness", "consideration", "purchase", "delivery", "conversion", "time_to_order", "nps"]);
    let purchase = &journey["children"][2];
    let steps: Vec<&str> = purchase["children"].as_array().expect("steps").iter().map(|s| s["name"].as_str().expect("name")).collect();
    assert_eq!(steps, ["fill_basket", "checkout", "call_support", "confirm", "checkout_abandonment", "basket_value"]);
    assert_eq!(purchase["children"][0]["kind"], 12, "function");

    // Workspace symbols come from every file under the root.
    let found = client.request_ok("workspace/symbol", json!({ "query": "alana" }));
    let found = found.as_array().expect("a list");
    assert!(found.iter().any(|s| s["name"] == "alana" && s["location"]["uri"].as_str().expect("uri").ends_with("saas/common.journey")));

    // Folding: the persona block and the journey.
    let folds = client.request_ok("textDocument/foldingRange", json!({ "textDocument": td(&doc) }));
    let folds = folds.as_array().expect("a list");
    assert!(folds.iter().any(|f| f["startLine"] == 3 && f["endLine"] == 8), "{folds:?}");
    assert!(folds.iter().any(|f| f["startLine"] == 23 && f["endLine"] == 118), "{folds:?}");

    // Semantic tokens, decoded with the legend.
    let init_legend =
        json!(["keyword", "type", "enumMember", "function", "variable", "namespace", "string", "number", "comment", "operator"]);
    let tokens = client.request_ok("textDocument/semanticTokens/full", json!({ "textDocument": td(&doc) }));
    let data: Vec<u64> = tokens["data"].as_array().expect("data").iter().map(|n| n.as_u64().expect("number")).collect();
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut line, mut start) = (0u64, 0u64);
    let mut decoded = Vec::new();
    for chunk in data.chunks(5) {
        if chunk[0] > 0 {
            line += chunk[0];
            start = chunk[1];
        } else {
            start += chunk[1];
        }
        let word: String = lines[line as usize].chars().skip(start as usize).take(chunk[2] as usize).collect();
        decoded.push((line, word, init_legend[chunk[3] as usize].as_str().expect("type").to_string(), chunk[4]));
    }
    let token = |line: u64, word: &str| {
        decoded.iter().find(|(l, w, _, _)| *l == line && w == word).cloned().unwrap_or_else(|| panic!("{word} on line {line}"))
    };
    assert_eq!(token(0, "// A first online grocery order, from an ad to the second order.").2, "comment");
    assert_eq!(token(2, "/// Works full time and shops for a family of four.").3, 4, "documentation");
    assert_eq!(token(3, "persona").2, "keyword");
    assert_eq!(token(3, "maya").2, "type");
    assert_eq!(token(3, "maya").3, 1, "declaration");
    assert_eq!(token(3, "\"Maya, busy parent\"").2, "string");
    assert_eq!(token(29, "see_ad").2, "function");
    assert_eq!(token(34, "curious").2, "enumMember");
    assert_eq!(token(34, "curious").3, 2, "built-in: defaultLibrary");
    assert_eq!(token(40, "web").2, "type");
    assert_eq!(token(40, "web").3, 0);
    assert_eq!(token(52, ">=").2, "operator");
    assert_eq!(token(52, "12%").2, "number");
    assert_eq!(token(62, "basket_value").2, "variable");

    // Formatting: the same result as `journey fmt`.
    let messy = text.replace("team growth \"Growth\"", "team   growth    \"Growth\"   ").replace("    step see_ad", "        step see_ad");
    client.change(&doc, 2, &messy);
    let edits = client
        .request_ok("textDocument/formatting", json!({ "textDocument": td(&doc), "options": { "tabSize": 2, "insertSpaces": true } }));
    let edits = edits.as_array().expect("a list");
    assert_eq!(edits.len(), 1);
    let applied = apply(&messy, &edits[0]);
    assert_eq!(applied, journey_compiler::format::format(&messy).expect("formats"));
    assert_eq!(applied, text);
    // A file with syntax errors is not formatted, and the reason is given.
    client.change(&doc, 3, &text.replace("team ops \"Fulfilment\"", "team ops \"Fulfilment"));
    let error = client
        .request_err("textDocument/formatting", json!({ "textDocument": td(&doc), "options": { "tabSize": 2, "insertSpaces": true } }));
    assert!(error["message"].as_str().expect("text").contains("syntax errors"), "{error}");

    // Code actions: the fixes of the diagnostic under the cursor.
    let typo = text.replace("      channel phone", "      channel phnoe");
    client.change(&doc, 4, &typo);
    let position = find(&typo, "phnoe", 0, 1);
    let actions = client.request_ok(
        "textDocument/codeAction",
        json!({ "textDocument": td(&doc), "range": { "start": position, "end": position }, "context": { "diagnostics": [] } }),
    );
    let actions = actions.as_array().expect("a list");
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().expect("title")).collect();
    assert_eq!(titles, ["replace with `phone`", "declare a channel `phnoe`"]);
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "E0010");
    let edit = &actions[0]["edit"]["changes"][&doc][0];
    assert_eq!(apply(&typo, edit), text);
    let declare = &actions[1]["edit"]["changes"][&doc][0];
    assert!(declare["newText"].as_str().expect("text").starts_with("channel phnoe \"Phnoe\""), "{declare}");
    // Nowhere near a diagnostic: no action.
    let actions = client.request_ok(
        "textDocument/codeAction",
        json!({ "textDocument": td(&doc), "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions, json!([]));
    assert!(client.shutdown().success());
}

/// Applies one text edit (UTF-16 positions) to a text.
fn apply(text: &str, edit: &Value) -> String {
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[line_start..].char_indices() {
            if units >= character || c == '\n' {
                return line_start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let (start, end) = (offset(&edit["range"]["start"]), offset(&edit["range"]["end"]));
    format!("{}{}{}", &text[..start], edit["newText"].as_str().expect("text"), &text[end..])
}

#[test]
fn positions_are_utf16() {
    let root = examples_copy("utf16");
    let path = root.join("unicode.journey");
    let text = "channel web \"Web\" { type digital }\npersona p \"P\"\n\njourney j \"Café 😀 é\" {\n  persona p\n  stage s \"S\" {\n    step a \"Ünïcödé 😀\" { channel web; feels happy; next b }\n    step b \"B\" { channel web }\n  }\n}\n";
    std::fs::write(&path, text).expect("writable");
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, text);
    // `web` after the emoji: the emoji is 2 UTF-16 units, 4 bytes.
    let position = find(text, "channel web; feels", 0, 8);
    assert_eq!(position["character"], 34);
    let hover = client.request_ok("textDocument/hover", at(&doc, position.clone()));
    assert_eq!(hover["range"]["start"]["character"], 34);
    assert_eq!(hover["range"]["end"]["character"], 37);
    let definition = client.request_ok("textDocument/definition", at(&doc, find(text, "next b", 0, 5)));
    assert_eq!(definition["range"]["start"], json!({ "line": 7, "character": 9 }));
    let references = client.request_ok(
        "textDocument/references",
        json!({ "textDocument": td(&doc), "position": { "line": 0, "character": 9 }, "context": { "includeDeclaration": false } }),
    );
    assert_eq!(references[0]["range"]["start"], json!({ "line": 6, "character": 34 }));
    // An incremental edit after the emoji lands where the client meant it.
    client.edit(&doc, 2, json!({ "start": { "line": 6, "character": 34 }, "end": { "line": 6, "character": 37 } }), "wbe");
    let params = client.diagnostics_for_version(&doc, 2);
    let e0010 = params["diagnostics"].as_array().expect("a list").iter().find(|d| d["code"] == "E0010").expect("E0010").clone();
    assert!(e0010["message"].as_str().expect("text").starts_with("unknown channel `wbe`"));
    assert_eq!(e0010["range"]["start"], json!({ "line": 6, "character": 34 }));
    assert!(client.shutdown().success());
}

#[test]
fn live_preview_renders_the_latest_version() {
    let root = examples_copy("render");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);
    let result = client.request_ok("journey/render", json!({ "uri": doc, "theme": "dark" }));
    assert!(result["svg"].as_str().expect("svg").starts_with("<svg"), "{result}");
    assert_eq!(result["version"], 1);
    client.change(&doc, 2, &text.replace("Sees a video ad", "Sees a short video ad"));
    let result = client.request_ok("journey/render", json!({ "uri": doc, "theme": "light" }));
    assert_eq!(result["version"], 2, "the preview is of the latest version");
    assert!(result["svg"].as_str().expect("svg").contains("short"));
    let error = client.request_err("journey/render", json!({ "uri": "file:///nowhere/x.journey", "theme": "light" }));
    assert_eq!(error["code"], -32602);
    assert!(client.shutdown().success());
}

/// The next error response, keeping the notifications that come first.
fn next_error(client: &mut Client) -> Value {
    loop {
        let message = client.next(lsp_client::TIMEOUT).expect("an answer");
        if message.get("error").is_some() {
            return message;
        }
        client.notifications.push(message);
    }
}

#[test]
fn bad_input_gets_errors_never_a_crash() {
    let root = examples_copy("robustness");
    let path = root.join("grocery.journey");
    let text = read(&path);
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);

    // Not JSON: a parse error with a null id.
    client.send_raw(b"Content-Length: 12\r\n\r\n{\"jsonrpc\": ");
    let error = next_error(&mut client);
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null);
    // JSON, but not JSON-RPC 2.0.
    client.send(&json!({ "jsonrpc": "1.0", "id": 41, "method": "textDocument/hover" }));
    let error = client.response(json!(41));
    assert_eq!(error["error"]["code"], -32600, "{error}");
    // A header without a length.
    client.send_raw(b"Content-Type: application/json\r\n\r\n");
    let error = next_error(&mut client);
    assert_eq!(error["error"]["code"], -32700, "{error}");
    // Unknown methods, the protocol's own `$/…` ones too (an answer, not silence).
    let error = client.request_err("journey/doesNotExist", json!({}));
    assert_eq!(error["code"], -32601);
    let error = client.request_err("$/unknown", json!({}));
    assert_eq!(error["code"], -32601, "{error}");
    client.notify("$/unknownNotification", json!({}));
    client.notify("journey/unknownNotification", json!({ "x": 1 }));
    // Wrong params for a known method.
    let error = client.request_err("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(error["code"], -32602);
    // A document that is neither open nor in the workspace.
    let error = client.request_err("textDocument/hover", at("file:///nowhere/else.journey", json!({ "line": 0, "character": 0 })));
    assert_eq!(error["code"], -32602);
    assert!(error["message"].as_str().expect("text").contains("unknown document"));
    let error = client.request_err("textDocument/documentSymbol", json!({ "textDocument": td("file:///nowhere/else.journey") }));
    assert_eq!(error["code"], -32602);
    // Positions past the end of the file.
    let error = client.request_err("textDocument/hover", at(&doc, json!({ "line": 10_000, "character": 0 })));
    assert!(error["message"].as_str().expect("text").contains("past the end"), "{error}");
    let error = client.request_err("textDocument/completion", at(&doc, json!({ "line": 500, "character": 3 })));
    assert_eq!(error["code"], -32602);
    let error = client.request_err("textDocument/codeAction", json!({ "textDocument": td(&doc), "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 900, "character": 0 } }, "context": { "diagnostics": [] } }));
    assert_eq!(error["code"], -32602);
    // A character past the end of a line means the end of that line (as the specification says).
    client.request_ok("textDocument/hover", at(&doc, json!({ "line": 3, "character": 500 })));
    // Changes to documents that are not open, and edits past the end, do no harm.
    client.change("file:///nowhere/else.journey", 2, "team x \"X\"\n");
    client.edit(
        &doc,
        2,
        json!({ "start": { "line": 9_999, "character": 0 }, "end": { "line": 9_999, "character": 5 } }),
        "team late \"Late\"\n",
    );
    client.diagnostics_for_version(&doc, 2);

    // Still serving.
    let hover = client.request_ok("textDocument/hover", at(&doc, find(&text, "channel web", 1, 9)));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("Website"));
    assert!(client.alive());
    assert!(client.stderr().lines().all(|l| !l.contains("panicked")), "{}", client.stderr());
    assert!(client.shutdown().success());
}

#[test]
fn builds_are_checked_again_when_they_join_or_a_missing_file_appears() {
    let root = examples_copy("incremental");
    let grocery_path = root.join("grocery.journey");
    let grocery_text = read(&grocery_path);
    let grocery = uri(&grocery_path);
    let extra = uri(&root.join("extra.journey"));
    let mut client = start(&root);
    client.open(&grocery, &grocery_text);
    client.diagnostics_for_version(&grocery, 1);

    // A new buffer on its own: its names are unknown.
    let body = "journey extra \"Extra\" {\n  persona maya\n  stage s \"S\" {\n    step a \"A\" { channel web; feels happy }\n  }\n}\n";
    client.open(&extra, body);
    let params = client.diagnostics_for_version(&extra, 1);
    assert!(codes(&params).contains(&"E0010".to_string()), "{params}");

    // It `use`s grocery.journey: the two builds become one.
    client.change(&extra, 2, &format!("use \"grocery.journey\"\n\n{body}"));
    let params = client.diagnostics_for_version(&extra, 2);
    assert!(!codes(&params).contains(&"E0010".to_string()), "{params}");
    let hover = client.request_ok("textDocument/hover", at(&grocery, find(&grocery_text, "channel web", 0, 9)));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("used 3 times"), "{hover}");

    // A `use` of a file that does not exist yet…
    client.change(&extra, 3, &format!("use \"grocery.journey\"\nuse \"later.journey\"\n\n{body}"));
    let params = client.diagnostics_for_version(&extra, 3);
    assert!(codes(&params).contains(&"E0030".to_string()), "{params}");
    // …is read as soon as that file is opened.
    client.open(&uri(&root.join("later.journey")), "team later \"Later\"\n");
    let params = client.diagnostics_where(&extra, |p| p["version"] == 3 && !codes(p).contains(&"E0030".to_string()));
    assert!(codes(&params).is_empty() || !codes(&params).contains(&"E0010".to_string()), "{params}");
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let root = examples_copy("exit");
    let client = start(&root);
    assert_eq!(client.exit_without_shutdown().code(), Some(1));
    let client = start(&root);
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn hostile_buffers_and_settings_never_stop_the_server() {
    let root = examples_copy("hostile");
    // A pipe called `journey.toml`: reading it would block every request.
    let fifo = std::ffi::CString::new(root.join("journey.toml").to_str().expect("UTF-8")).expect("no NUL");
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.journey")).expect("a link");
    let mut client = start(&root);
    let symbols = client.request_ok("workspace/symbol", json!({ "query": "maya" }));
    assert!(!symbols.as_array().expect("a list").is_empty(), "{symbols}");
    assert!(client.stderr().contains("journey.toml`: it is a named pipe (FIFO), not a file"), "{}", client.stderr());

    // A buffer that reaches for /dev/zero and for files outside the project.
    let path = root.join("hostile.journey");
    let doc = uri(&path);
    let text = "use \"/dev/zero\"\nuse \"../../../../etc/passwd\"\nuse \"zero.journey\"\nteam t \"T\"\n";
    client.open(&doc, text);
    let params = client.diagnostics_for_version(&doc, 1);
    assert_eq!(codes(&params), ["E0032", "E0032", "E0032", "W0001"], "{params}");
    let hover = client.request("textDocument/hover", at(&doc, json!({ "line": 3, "character": 5 })));
    assert!(hover.get("error").is_none(), "{hover}");
    assert!(client.shutdown().success());
}

#[test]
fn a_preview_of_sixty_thousand_personas_leaves_the_server_answering() {
    let root = examples_copy("personas");
    let text = common::many_personas(60_000);
    let path = root.join("many.journey");
    let doc = uri(&path);
    let mut client = start(&root);
    client.open(&doc, &text);
    // Within the client's timeout (30 s), where the quadratic layout took a minute.
    let result = client.request_ok("journey/render", json!({ "uri": doc, "theme": "light" }));
    assert!(result["svg"].as_str().expect("svg").contains("Persona 59999"));
    let hover = client.request_ok("textDocument/hover", at(&doc, json!({ "line": 59_999, "character": 9 })));
    assert!(hover["contents"]["value"].as_str().expect("markdown").contains("Persona 59999"), "{hover}");
    assert!(client.shutdown().success());
}
