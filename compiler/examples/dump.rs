//! A developer's tool, not part of the product: prints what the compiler
//! makes of some files.
//!
//! ```text
//! cargo run -p journey-compiler --example dump -- FILE…          diagnostics, one line each
//! cargo run -p journey-compiler --example dump -- --json FILE…   the JSON model of each build
//! cargo run --release -p journey-compiler --example dump -- --time FILE   time per stage (docs/performance.md)
//! cargo run --release -p journey-compiler --example dump -- --pest FILE   pest alone, five times (for perf)
//! ```
use journey_compiler::source::{LoadError, Loader};
use std::path::{Path, PathBuf};
struct Disk;
impl Loader for Disk {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        std::fs::read(path).map_err(|_| LoadError::NotFound)
    }
}
fn main() {
    if std::env::args().nth(1).as_deref() == Some("--pest") {
        let t = std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap();
        for _ in 0..5 {
            journey_compiler::syntax::parser::pest_only(&t);
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--time") {
        timing(&std::env::args().nth(2).unwrap());
        return;
    }
    let json = std::env::args().nth(1).as_deref() == Some("--json");
    let roots: Vec<PathBuf> = std::env::args().skip(if json { 2 } else { 1 }).map(PathBuf::from).collect();
    let c = journey_compiler::compile(&roots, &Disk, &Default::default());
    if json {
        for b in &c.builds {
            println!("{}", serde_json::to_string_pretty(&b.model(&c.workspace)).unwrap());
        }
        return;
    }
    for b in &c.builds {
        println!("== build {:?}", b.files.iter().map(|f| c.workspace.sources.get(*f).path.display().to_string()).collect::<Vec<_>>());
        for d in &b.diagnostics {
            let s = c.workspace.sources.get(d.primary.file);
            let (l, col) = s.human_position(d.primary.span.start as usize);
            println!(
                "{}:{}:{}: {}[{}] {} | {} | help: {:?}",
                s.path.display(),
                l,
                col,
                d.severity.as_str(),
                d.code,
                d.message,
                d.primary.message,
                d.help
            );
        }
    }
}
#[allow(dead_code)]
pub fn timing(path: &str) {
    use journey_compiler::source::FileId;
    let text = std::fs::read_to_string(path).unwrap();
    let mut best = [f64::MAX; 8];
    for _ in 0..7 {
        let mut t = std::time::Instant::now();
        let mut lap = |i: usize, best: &mut [f64; 8]| {
            let e = t.elapsed().as_secs_f64() * 1e3;
            best[i] = best[i].min(e);
            t = std::time::Instant::now();
        };
        journey_compiler::syntax::parser::pest_only(&text);
        lap(0, &mut best);
        let (cst, _) = journey_compiler::syntax::parser::parse(FileId(0), &text);
        lap(1, &mut best);
        let (ast, _) = journey_compiler::syntax::lower::lower(FileId(0), &cst);
        lap(2, &mut best);
        let files = [(FileId(0), &ast)];
        let (names, _) = journey_compiler::resolve::resolve(&files);
        lap(3, &mut best);
        let _d = journey_compiler::check::check(&files, &names, &Default::default());
        lap(4, &mut best);
        let mut sources = journey_compiler::source::Sources::default();
        sources.add(journey_compiler::source::SourceFile::new("x".into(), text.clone()));
        lap(7, &mut best);
        let model = journey_compiler::ir::build(&sources, &files, &names);
        lap(5, &mut best);
        let json = serde_json::to_string_pretty(&model).unwrap();
        std::hint::black_box(json);
        lap(6, &mut best);
    }
    for (i, name) in ["pest", "parse(cst)", "lower", "resolve", "check", "ir", "json", "sources"].iter().enumerate() {
        eprintln!("{name:>12} {:8.2} ms", best[i]);
    }
}
