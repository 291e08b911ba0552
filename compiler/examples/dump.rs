//! A developer's tool, not part of the product: prints what the compiler
//! makes of some files.
//!
//! ```text
//! cargo run -p journey-compiler --example dump -- FILE…          diagnostics, one line each
//! cargo run -p journey-compiler --example dump -- --json FILE…   the JSON model of each build
//! cargo run --release -p journey-compiler --example dump -- --time FILE   best of 7 per stage, and what each allocates
//! cargo run --release -p journey-compiler --example dump -- --pest FILE   pest alone, best of $RUNS (15) runs
//! ```
use journey_compiler::source::{LoadError, Loader};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts allocations so `--time` can say how much memory each stage asks for.
struct Counting;
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size, Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
#[global_allocator]
static ALLOCATOR: Counting = Counting;

struct Disk;
impl Loader for Disk {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        std::fs::read(path).map_err(|_| LoadError::NotFound)
    }
}
fn main() {
    if std::env::args().nth(1).as_deref() == Some("--pest") {
        let t = std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap();
        let runs = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);
        let mut best = f64::MAX;
        for _ in 0..runs {
            let start = std::time::Instant::now();
            journey_compiler::syntax::parser::pest_only(&t);
            best = best.min(start.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!("pest alone: {best:.2} ms (best of {runs})");
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
/// Best time of seven runs per stage, and what each stage allocates.
fn timing(path: &str) {
    use journey_compiler::source::FileId;
    const STAGES: [&str; 9] = ["pest alone", "pest + cst", "lower", "resolve", "check", "sources", "model", "json", "drop all"];
    let text = std::fs::read_to_string(path).unwrap();
    let mut best = [f64::MAX; 9];
    let mut bytes = [0usize; 9];
    let mut allocations = [0usize; 9];
    for _ in 0..7 {
        let mut t = std::time::Instant::now();
        let (mut b, mut a) = (ALLOCATED.load(Relaxed), ALLOCATIONS.load(Relaxed));
        let mut lap = |i: usize| {
            best[i] = best[i].min(t.elapsed().as_secs_f64() * 1e3);
            bytes[i] = ALLOCATED.load(Relaxed) - b;
            allocations[i] = ALLOCATIONS.load(Relaxed) - a;
            (b, a) = (ALLOCATED.load(Relaxed), ALLOCATIONS.load(Relaxed));
            t = std::time::Instant::now();
        };
        journey_compiler::syntax::parser::pest_only(&text);
        lap(0);
        let (cst, _) = journey_compiler::syntax::parser::parse(FileId(0), &text);
        lap(1);
        let (ast, _) = journey_compiler::syntax::lower::lower(FileId(0), &cst);
        lap(2);
        let files = [(FileId(0), &ast)];
        let (names, _) = journey_compiler::resolve::resolve(&files);
        lap(3);
        let _d = journey_compiler::check::check(&files, &names, &Default::default());
        lap(4);
        let mut sources = journey_compiler::source::Sources::default();
        sources.add(journey_compiler::source::SourceFile::new("x".into(), text.clone()));
        lap(5);
        let model = journey_compiler::ir::build(&sources, &files, &names);
        lap(6);
        let json = journey_compiler::render::json::json(&model);
        lap(7);
        drop((json, model, sources, _d, names, ast, cst));
        lap(8);
    }
    eprintln!("{:>12} {:>8}  {:>9} {:>11}", "stage", "ms", "MB", "allocations");
    for (i, name) in STAGES.iter().enumerate() {
        eprintln!("{name:>12} {:8.2}  {:9.1} {:11}", best[i], bytes[i] as f64 / 1e6, allocations[i]);
    }
}
