//! Data flows one way through the compiler: no module imports one that
//! comes later in the pipeline, so there is no import cycle. The order is
//! written here once; a new module must take its place in it.

use std::path::Path;

/// Each top-level module and its floor; a module may use its own floor and those below.
const FLOORS: &[(&str, u8)] = &[
    ("language", 0),
    ("reference", 1),
    ("source", 1),
    ("unicode", 1),
    ("units", 1),
    ("suggest", 1),
    ("emotions", 1),
    ("diagnostic", 2),
    ("config", 3),
    ("syntax", 4),
    ("format", 5),
    ("workspace", 5),
    ("resolve", 6),
    ("check", 7),
    ("ir", 8),
    ("layout", 9),
    ("render", 10),
    ("ide", 11),
    ("markdown", 11),
];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(name, _)| *name == module).map(|(_, floor)| *floor)
}

/// `(module, file, used)` for every `crate::used` outside comments.
fn uses(dir: &Path, module: Option<&str>, found: &mut Vec<(String, String, String)>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("an entry").path();
        let name = path.file_stem().expect("a name").to_string_lossy().into_owned();
        let module = module.map(str::to_string).unwrap_or_else(|| name.clone());
        if path.is_dir() {
            uses(&path, Some(&module), found);
        } else if path.extension().is_some_and(|e| e == "rs") && !(module == "lib" && path.parent() == Some(dir)) {
            let text = std::fs::read_to_string(&path).expect("readable");
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + 7..];
                    // `crate::a::…`, or a group: `crate::{a, b::c}`.
                    let names: Vec<&str> = match rest.strip_prefix('{') {
                        Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                        None => vec![rest],
                    };
                    for name in names {
                        let used: String = name.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                        if !used.is_empty() && used != module && floor(&used).is_some() {
                            found.push((module.clone(), path.display().to_string(), used));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn no_module_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    uses(&src, None, &mut found);
    assert!(found.len() > 50, "the scan found only {} uses", found.len());
    let mut wrong = Vec::new();
    for (module, file, used) in &found {
        let Some(own) = floor(module) else {
            wrong.push(format!("{file}: module `{module}` has no floor in FLOORS"));
            continue;
        };
        if floor(used).is_some_and(|theirs| theirs > own) {
            wrong.push(format!("{file}: `{module}` uses `{used}`, which comes later"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
