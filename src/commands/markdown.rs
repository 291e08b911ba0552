//! `journey markdown`: draws the ```` ```journey ```` fences of Markdown
//! pages, for any static site generator and for READMEs. The fence engine
//! is the compiler's (`journey_compiler::markdown`); this is its disk.
//!
//! - `-o DIR`: each page is written to DIR with its fences replaced (by an
//!   image link to a content-named SVG beside it, `--inline` SVG, or
//!   `--mermaid`).
//! - Without `-o`: pages are updated in place; each fence stays and the
//!   drawing is kept up to date in a marked block right after it.
//! - `-`: one page from stdin to stdout (plugins); `--json` gives each
//!   fence's replacement instead of the page.
//! - `--check`: nothing is written; exit 1 when a page or image is stale.
//!
//! Every page is drawn before anything is written; a broken map (unless
//! `--on-error warn`) writes nothing. Files are written atomically and
//! only when their bytes change, images before the pages that link them.

use super::check::finish_with;
use crate::cli::{Common, MarkdownArgs, OnError};
use crate::output::{self, say};
use crate::report::Stream;
use crate::Outcome;
use journey_compiler::markdown::{self, Embed, Placement, Rendered, Settings};
use journey_compiler::source::{Sources, MAX_FILE_BYTES};
use journey_disk::{discover, outputs, Project};
use miette::{miette, Result};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One page read.
struct Source {
    /// Where it was read (as the project knows it).
    path: PathBuf,
    /// Where its drawn copy goes (`None`: to stdout).
    out: Option<PathBuf>,
    text: String,
}

pub fn run(paths: &[PathBuf], args: &MarkdownArgs, common: &Common) -> Result<Outcome> {
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && paths.len() > 1 {
        return Err(miette!("`-` (a page on stdin) can't be given with other paths"));
    }
    let embed = if args.inline {
        Embed::Inline
    } else if args.mermaid {
        Embed::Mermaid
    } else {
        Embed::Image
    };
    if stdin && embed == Embed::Image && args.out_dir.is_none() {
        return Err(miette!("a page on stdin has nowhere to put its images: give `-o DIR`, or `--inline` or `--mermaid`"));
    }
    if paths.is_empty() && args.out_dir.is_none() {
        // In place, every Markdown page below the current folder would be rewritten: name them.
        return Err(miette!(
            "name the pages to update in place, as in `journey markdown README.md docs/`; with `-o DIR`, the current folder is the default"
        ));
    }
    if args.json && !stdin {
        return Err(miette!("`--json` is for a page on stdin (`journey markdown - --json`)"));
    }
    let page_path = args.page.clone().unwrap_or_else(|| PathBuf::from("stdin.md"));
    // A page on stdin comes from a site's build, run in the site's folder:
    // that folder and the page's are the project.
    let folders: Vec<PathBuf> = if stdin { vec![page_path.clone(), PathBuf::from(".")] } else { paths.to_vec() };
    let project = Project::for_paths(common.config.as_deref(), &folders).map_err(|e| miette!("{e}"))?;
    let pages = if stdin { vec![read_stdin(page_path)?] } else { read_pages(paths, args, &project)? };
    let placement = if stdin || args.out_dir.is_some() { Placement::Replace } else { Placement::After };
    let settings = Settings {
        config: &project.config,
        colors: args.diagrams.theme.into(),
        view: args.diagrams.view.into(),
        embed,
        placement,
        image_link: String::new(),
    };
    let mut sources = Sources::default();
    let rendered: Vec<Rendered> =
        pages.iter().map(|page| markdown::render_page(&page.path, &page.text, &settings, &project, &mut sources)).collect();
    let deny_warnings = common.deny.contains(&crate::cli::Deny::Warnings);
    let diagnostics: Vec<_> = rendered
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .map(|mut d| {
            if deny_warnings && d.severity == journey_compiler::diagnostic::Severity::Warning {
                d.severity = journey_compiler::diagnostic::Severity::Error;
            }
            d
        })
        .collect();
    let stream = if stdin { Stream::Stderr } else { Stream::Stdout };
    // With --check, the closing line says whether the pages are up to date instead.
    let quiet = Common { quiet: common.quiet || args.check, ..common.clone() };
    let verdict = if args.on_error == OnError::Fail { "failed" } else { "drawn with error boxes" };
    let outcome = finish_with(&sources, &diagnostics, &quiet, stream, pages.len(), "page", verdict)?;
    if matches!(outcome, Outcome::SourceErrors) && args.on_error == OnError::Fail {
        return Ok(Outcome::SourceErrors);
    }
    // `--on-error warn`: the maps' errors are in the pages' error boxes, and the build goes on.
    let outcome = Outcome::Success;
    if stdin {
        let page = &rendered[0];
        let up_to_date = write_images(page, args.out_dir.as_deref(), args.check, common)?;
        let text = if args.json { replacements_json(page) } else { page.text.clone() };
        output::to_stdout(&text).map_err(|e| miette!("can't write the page: {e}"))?;
        return Ok(if up_to_date { Outcome::Success } else { Outcome::SourceErrors });
    }
    let mut stale = Vec::new();
    let mut wrote = Vec::new();
    // Images first: a page is never written before the images it links.
    for (page, drawn) in pages.iter().zip(&rendered) {
        let folder = image_folder(page);
        for image in &drawn.images {
            let path = folder.join(&image.name);
            update(&path, &image.bytes, args.check, &mut stale, &mut wrote)?;
        }
    }
    let produced: BTreeSet<PathBuf> =
        pages.iter().zip(&rendered).flat_map(|(page, drawn)| drawn.images.iter().map(|i| image_folder(page).join(&i.name))).collect();
    for (page, drawn) in pages.iter().zip(&rendered) {
        let out = page.out.as_ref().expect("pages from files have a place to go");
        update(out, drawn.text.as_bytes(), args.check, &mut stale, &mut wrote)?;
    }
    // Images a README's blocks no longer link: ours by their name, in the page's folder.
    for (page, drawn) in pages.iter().zip(&rendered) {
        for name in &drawn.dropped_images {
            let path = image_folder(page).join(name);
            if !is_generated_name(name) || produced.contains(&path) || !path.is_file() || linked_elsewhere(&path, &page.path) {
                continue;
            }
            if args.check {
                stale.push(path); // still there: it would be removed
            } else {
                std::fs::remove_file(&path).map_err(|e| miette!("can't remove `{}`: {e}", output::path(&path)))?;
                wrote.push(path);
            }
        }
    }
    if args.check {
        for path in &stale {
            let what = if !path.exists() {
                "missing"
            } else if produced.contains(path) || pages.iter().any(|p| p.out.as_ref() == Some(path)) {
                "stale"
            } else {
                "no longer used"
            };
            say!("{what}: {}", output::path(path));
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if !stale.is_empty() {
            if !common.quiet {
                say!(
                    "out of date: {} file{}; run the same `journey markdown` command (same flags) without `--check`",
                    stale.len(),
                    plural(stale.len())
                );
            }
            return Ok(Outcome::SourceErrors);
        }
        if !common.quiet {
            let whose = if pages.len() == 1 { "its" } else { "their" };
            say!("ok: {} page{} and {whose} drawings up to date", pages.len(), plural(pages.len()));
        }
        return Ok(outcome);
    }
    if !common.quiet {
        for path in &wrote {
            say!("{} {}", if path.exists() { "wrote" } else { "removed" }, output::path(path));
        }
    }
    Ok(outcome)
}

/// Writes `bytes` to `path` if they differ (or, with `check`, notes it as stale).
fn update(path: &Path, bytes: &[u8], check: bool, stale: &mut Vec<PathBuf>, wrote: &mut Vec<PathBuf>) -> Result<()> {
    if check {
        if !outputs::is_up_to_date(path, bytes) {
            stale.push(path.to_path_buf());
        }
        return Ok(());
    }
    if outputs::write_if_changed(path, bytes).map_err(|e| miette!("{e}"))? {
        wrote.push(path.to_path_buf());
    }
    Ok(())
}

/// A page on stdin writes its images (if any) into `-o DIR`; with `check`,
/// says which are stale instead, and whether all were up to date.
fn write_images(page: &Rendered, out_dir: Option<&Path>, check: bool, common: &Common) -> Result<bool> {
    let Some(dir) = out_dir else { return Ok(true) };
    let (mut stale, mut wrote) = (Vec::new(), Vec::new());
    for image in &page.images {
        update(&dir.join(&image.name), &image.bytes, check, &mut stale, &mut wrote)?;
    }
    for path in &stale {
        say!("{}: {}", if path.exists() { "stale" } else { "missing" }, output::path(path));
    }
    if !common.quiet {
        for path in &wrote {
            say!("wrote {}", output::path(path));
        }
    }
    Ok(stale.is_empty())
}

/// Whether another Markdown page beside the image still names it (a
/// second page drawn from the same map, not in this run).
fn linked_elsewhere(image: &Path, page: &Path) -> bool {
    let (Some(folder), Some(name)) = (image.parent(), image.file_name().and_then(|n| n.to_str())) else { return true };
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    let Ok(entries) = std::fs::read_dir(folder) else { return true };
    entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md" || e == "markdown")).any(|other| {
        !same_file(&other, page)
            && journey_disk::read::read_capped(&other, MAX_FILE_BYTES)
                .is_ok_and(|bytes| bytes.windows(name.len()).any(|w| w == name.as_bytes()))
    })
}

/// Images go beside the page they are in (its drawn copy, with `-o`).
fn image_folder(page: &Source) -> PathBuf {
    let out = page.out.as_deref().unwrap_or(&page.path);
    out.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `first_order-0123456789abcdef.svg`: a name this command gives an image.
pub fn is_generated_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".svg") else { return false };
    let Some((id, hash)) = stem.rsplit_once('-') else { return false };
    !id.is_empty() && !id.contains('/') && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Each fence's line and what replaces it, for plugins that swap nodes of their own tree.
fn replacements_json(page: &Rendered) -> String {
    let fences: Vec<serde_json::Value> = page.replacements.iter().map(|r| serde_json::json!({ "line": r.line, "html": r.text })).collect();
    let mut text = serde_json::json!({ "fences": fences }).to_string();
    text.push('\n');
    text
}

fn read_stdin(path: PathBuf) -> Result<Source> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| miette!("can't read stdin: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(miette!("the page on stdin is larger than {}", journey_compiler::source::mebibytes(MAX_FILE_BYTES as u64)));
    }
    let text = String::from_utf8(bytes).map_err(|_| miette!("the page on stdin is not UTF-8 text"))?;
    Ok(Source { path, out: None, text })
}

/// Every Markdown page the PATHs name, read within the project and the
/// size cap, each with where its drawn copy goes.
fn read_pages(paths: &[PathBuf], args: &MarkdownArgs, project: &Project) -> Result<Vec<Source>> {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    let mut pages = Vec::new();
    let mut targets = BTreeSet::new();
    for path in paths {
        let files = discover::files(std::slice::from_ref(path), discover::MARKDOWN).map_err(|e| miette!("{e}"))?;
        if files.is_empty() && path.is_dir() {
            return Err(miette!("no Markdown pages (`*.md`) found in `{}`", output::path(path)));
        }
        // A site built into a folder below its pages is not read back as
        // pages. Only below: `-o` onto the folder itself is refused page by
        // page, and onto a folder above it (`-o .`) takes every page.
        let out_dir = args
            .out_dir
            .as_ref()
            .and_then(|dir| std::fs::canonicalize(dir).ok())
            .filter(|dir| std::fs::canonicalize(path).is_ok_and(|folder| path.is_dir() && dir != &folder && dir.starts_with(&folder)));
        let found = files.len();
        let files: Vec<PathBuf> = files
            .into_iter()
            .filter(|file| !out_dir.as_ref().is_some_and(|dir| std::fs::canonicalize(file).is_ok_and(|real| real.starts_with(dir))))
            .collect();
        if found > 0 && files.is_empty() {
            return Err(miette!("every Markdown page in `{}` is inside the `-o` folder; name the pages' own folder", output::path(path)));
        }
        for file in files {
            let out = match &args.out_dir {
                None => file.clone(),
                Some(dir) => {
                    let relative =
                        if path.is_dir() { relative_below(&file, path) } else { file.file_name().map(PathBuf::from).unwrap_or_default() };
                    dir.join(relative)
                }
            };
            if args.out_dir.is_some() && same_file(&out, &file) {
                return Err(miette!("`-o` would write over the page `{}` itself; choose another folder", output::path(&file)));
            }
            if !targets.insert(out.clone()) {
                return Err(miette!("two pages would both be written to `{}`", output::path(&out)));
            }
            if args.out_dir.is_none() && std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(miette!("`{}` is a link; a page is rewritten in place only as a file of its own", output::path(&file)));
            }
            // Through the project's boundary, like a map: a page that is a
            // link out of the project is not read (nor published by `-o`).
            let bytes =
                journey_compiler::source::Loader::load(project, &file).map_err(|e| miette!("can't read `{}`: {e}", output::path(&file)))?;
            let text = String::from_utf8(bytes).map_err(|_| miette!("`{}` is not UTF-8 text", output::path(&file)))?;
            pages.push(Source { path: file, out: Some(out), text });
        }
    }
    Ok(pages)
}

/// `file` relative to the folder `base` it was found in.
fn relative_below(file: &Path, base: &Path) -> PathBuf {
    let base = base.strip_prefix(".").unwrap_or(base);
    file.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| file.file_name().map(PathBuf::from).unwrap_or_default())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
