//! The editor's features where they are decided (`journey_compiler::ide`),
//! one caret-marked fixture per feature and per tricky context, each with
//! its answer as an insta snapshot (`compiler/tests/snapshots/ide@*.snap`).
//!
//! A fixture (`compiler/tests/ide/NAME.journey`) starts with a line
//! `// FEATURE` (`hover`, `definition`, `references`, `rename NEW_NAME`,
//! `completion`, `outline` (with the workspace search), `folding`, `tokens`,
//! `fixes`, `diagnostics`, `format`, `preview`: every feature the README
//! lists under "In the editor") and may hold
//! several files, each after a line `//- PATH`; `$0` marks the cursor (in
//! one file). The answer is written with each place as `file:line:col`
//! and the text it covers, so a snapshot reads without the fixture open.
//!
//! New or changed answers: `cargo insta review` (or `INSTA_UPDATE=always`).

use journey_compiler::config::Config;
use journey_compiler::ide::{self, Analysis, FileSpan};
use journey_compiler::source::{FileId, MemoryLoader, Span};
use journey_compiler::Compilation;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const CURSOR: &str = "$0";

struct Fixture {
    feature: String,
    compilation: Compilation,
    models: Vec<std::sync::OnceLock<journey_compiler::ir::Model>>,
    /// The file with the cursor (else the first file) and the cursor's offset.
    file: FileId,
    offset: usize,
}

fn load(text: &str) -> Fixture {
    let (header, rest) = text.split_once('\n').expect("a header line and the files");
    let feature = header.strip_prefix("// ").expect("the header is `// FEATURE`").to_string();
    let mut files: Vec<(String, String)> = Vec::new();
    for line in rest.split_inclusive('\n') {
        match line.strip_prefix("//- ") {
            Some(path) => files.push((path.trim().to_string(), String::new())),
            None if files.is_empty() => files.push(("main.journey".into(), line.to_string())),
            None => files.last_mut().expect("a file").1.push_str(line),
        }
    }
    let mut cursor = None;
    let mut loader = MemoryLoader::new();
    for (path, text) in &files {
        if let Some(at) = text.find(CURSOR) {
            assert!(cursor.is_none(), "one `$0` per fixture");
            cursor = Some((path.clone(), at));
        }
        loader = loader.with(path.as_str(), text.replacen(CURSOR, "", 1));
    }
    let roots: Vec<PathBuf> = files.iter().map(|(path, _)| PathBuf::from(path)).collect();
    let compilation = journey_compiler::compile(&roots, &loader, &Config::default());
    let (path, offset) = cursor.unwrap_or_else(|| (files[0].0.clone(), 0));
    let file = compilation.workspace.sources.find(Path::new(&path)).expect("the cursor's file is loaded");
    let models = compilation.builds.iter().map(|_| std::sync::OnceLock::new()).collect();
    Fixture { feature, compilation, models, file, offset }
}

impl Fixture {
    fn analysis(&self) -> Analysis<'_> {
        let index = self.compilation.builds.iter().position(|b| b.files.contains(&self.file)).expect("the file's build");
        Analysis::new(&self.compilation.workspace, &self.compilation.builds[index], &self.models[index])
    }

    /// `path:line:col `text``.
    fn place(&self, at: FileSpan) -> String {
        let source = self.compilation.workspace.sources.get(at.file);
        let (line, column) = source.human_position(at.span.start as usize);
        format!("{}:{line}:{column} `{}`", source.path.display(), source.slice(at.span))
    }

    fn here(&self, span: Span) -> String {
        self.place(FileSpan { file: self.file, span })
    }

    fn answer(&self) -> String {
        let analysis = self.analysis();
        let (file, offset) = (self.file, self.offset);
        let mut out = String::new();
        let (feature, argument) = self.feature.split_once(' ').unwrap_or((&self.feature, ""));
        match feature {
            "hover" => match ide::hover::hover(&analysis, file, offset) {
                Some(hover) => out = format!("{}\n\n{}\n", self.here(hover.span), hover.markdown),
                None => out.push_str("(nothing)\n"),
            },
            "definition" => match ide::navigation::definition(&analysis, file, offset) {
                Some(at) => out = format!("{}\n", self.place(at)),
                None => out.push_str("(nothing)\n"),
            },
            "references" => match ide::navigation::references(&analysis, file, offset, true) {
                Some(found) => found.into_iter().for_each(|at| writeln!(out, "{}", self.place(at)).unwrap()),
                None => out.push_str("(nothing)\n"),
            },
            "rename" => {
                match ide::rename::prepare(&analysis, file, offset) {
                    Ok((span, placeholder)) => writeln!(out, "prepare: {} (placeholder `{placeholder}`)", self.here(span)).unwrap(),
                    Err(why) => writeln!(out, "prepare refused: {why}").unwrap(),
                }
                match ide::rename::rename(&analysis, file, offset, argument) {
                    Ok(places) => places.into_iter().for_each(|at| writeln!(out, "→ `{argument}` at {}", self.place(at)).unwrap()),
                    Err(why) => writeln!(out, "rename to `{argument}` refused: {why}").unwrap(),
                }
            }
            "completion" => {
                for item in ide::completion::completion(&analysis, file, offset) {
                    let detail = item.detail.map(|d| format!(" — {d}")).unwrap_or_default();
                    writeln!(out, "{} ({:?}){detail}", item.label, item.kind).unwrap();
                }
            }
            "outline" => {
                fn tree(fixture: &Fixture, items: &[ide::outline::OutlineItem], depth: usize, out: &mut String) {
                    for item in items {
                        let detail = item.detail.as_ref().map(|d| format!(" \"{d}\"")).unwrap_or_default();
                        writeln!(out, "{}{:?} {}{detail} at {}", "  ".repeat(depth), item.kind, item.name, fixture.here(item.selection))
                            .unwrap();
                        tree(fixture, &item.children, depth + 1, out);
                    }
                }
                tree(self, &ide::outline::outline(&analysis, file), 0, &mut out);
                writeln!(out, "\nsearch `chk`:").unwrap();
                for found in ide::outline::search(&analysis, "chk", 10) {
                    writeln!(out, "{:?} {} in {:?} at {}", found.kind, found.id, found.container, self.place(found.at)).unwrap();
                }
            }
            "folding" => {
                let source = analysis.source(file);
                for fold in ide::folding::folds(&analysis, file) {
                    let (start, end) = (source.human_position(fold.start).0, source.human_position(fold.end).0);
                    writeln!(out, "{:?} lines {start}–{end}", fold.kind).unwrap();
                }
            }
            "tokens" => {
                for token in ide::tokens::tokens(&analysis, file) {
                    let flags: String = [(token.declaration, " declaration"), (token.builtin, " built-in"), (token.documentation, " doc")]
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, name)| *name)
                        .collect();
                    writeln!(out, "{} {:?}{flags}", self.here(token.span), token.kind).unwrap();
                }
            }
            "fixes" => {
                for (diagnostic, fix, preferred) in ide::fixes::fixes(&analysis, file, Span::new(offset, offset)) {
                    let star = if preferred { " (preferred)" } else { "" };
                    writeln!(out, "{} {}: {}{star}", diagnostic.code, diagnostic.message, fix.title).unwrap();
                    for edit in &fix.edits {
                        let at = self.place(FileSpan { file: edit.file, span: edit.span });
                        writeln!(out, "  at {at}: write {:?}", edit.replacement).unwrap();
                    }
                }
            }
            "diagnostics" => {
                for diagnostic in analysis.build.diagnostics.iter().filter(|d| d.primary.file == file) {
                    writeln!(out, "{} {}: {}", diagnostic.code, self.here(diagnostic.primary.span), diagnostic.message).unwrap();
                }
            }
            "format" => match journey_compiler::format::format(&analysis.source(file).text) {
                Ok(text) => out = text,
                Err(why) => writeln!(out, "refused: {why:?}").unwrap(),
            },
            "preview" => writeln!(out, "{:?}", analysis.journey_to_show(file)).unwrap(),
            other => panic!("unknown feature `{other}` in the header"),
        }
        out
    }
}

#[test]
fn ide_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ide");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("compiler/tests/ide")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "journey"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 12, "only {} fixtures", fixtures.len());
    for path in fixtures {
        let text = std::fs::read_to_string(&path).expect("readable");
        let fixture = load(&text);
        let name = path.file_stem().expect("a name").to_string_lossy().into_owned();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(name.clone());
        settings.set_description(text.clone());
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!("ide", fixture.answer()));
    }
}
