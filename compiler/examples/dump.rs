use journey_compiler::source::{Loader, LoadError};
use std::path::{Path, PathBuf};
struct Disk;
impl Loader for Disk {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        std::fs::read(path).map_err(|_| LoadError::NotFound)
    }
}
fn main() {
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
            println!("{}:{}:{}: {}[{}] {} | {} | help: {:?}", s.path.display(), l, col, d.severity.as_str(), d.code, d.message, d.primary.message, d.help);
        }
    }
}
