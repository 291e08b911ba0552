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
            println!("{}", serde_json::to_string_pretty(&b.model).unwrap());
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
    let text = std::fs::read_to_string(path).unwrap();
    let t = std::time::Instant::now();
    journey_compiler::syntax::parser::pest_only(&text);
    eprintln!("pest {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let (cst, d) = journey_compiler::syntax::parser::parse(journey_compiler::source::FileId(0), &text);
    eprintln!("parse {:?} ({} diags)", t.elapsed(), d.len());
    let t = std::time::Instant::now();
    let (ast, _) = journey_compiler::syntax::lower::lower(journey_compiler::source::FileId(0), &cst);
    eprintln!("lower {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let files = [(journey_compiler::source::FileId(0), &ast)];
    let (names, _) = journey_compiler::resolve::resolve(&files);
    eprintln!("resolve {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let d = journey_compiler::check::check(&files, &names, &Default::default());
    eprintln!("check {:?} {}", t.elapsed(), d.len());
    let mut sources = journey_compiler::source::Sources::default();
    sources.add(journey_compiler::source::SourceFile::new("x".into(), text.clone()));
    let t = std::time::Instant::now();
    let model = journey_compiler::ir::build(&sources, &files, &names);
    eprintln!("ir {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let json = serde_json::to_string_pretty(&model).unwrap();
    eprintln!("json {:?} {}", t.elapsed(), json.len());
}
