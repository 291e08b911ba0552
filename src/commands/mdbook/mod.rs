//! `journey mdbook`: an mdBook preprocessor. In `book.toml`:
//!
//! ```toml
//! [preprocessor.journey]
//! command = "journey mdbook"
//! ```
//!
//! mdBook runs `journey mdbook supports RENDERER` (every renderer is: the
//! exit status is 0), then `journey mdbook` with `[context, book]` as JSON on
//! stdin, and reads the book back on stdout. The book is walked as JSON,
//! not as mdBook's types, so both protocols work: 0.4 lists the book's
//! items under `sections`, 0.5 under `items`; a chapter is
//! `{"Chapter": {"content", "path", "sub_items", …}}` in both, and
//! everything else goes back exactly as it came.
//!
//! For the `html` renderer each map is inlined as SVG (the site's theme
//! switch recolours it); for any other renderer it is an SVG file in
//! `src/journey-maps/`, written only when its bytes change (so `mdbook
//! serve` doesn't rebuild in a loop), with an image link. Errors go to
//! stderr with the chapter's path and line; a broken map fails the build
//! unless `on-error = "warn"`.

mod links;

use super::check::finish_with;
use crate::cli::OnError;
use crate::cli::{Common, MessageFormat};
use crate::output::{self, say};
use crate::report::Stream;
use crate::Outcome;
use journey_compiler::layout::View;
use journey_compiler::markdown::{self, options, Embed, Image, Placement, Settings};
use journey_compiler::render::Colors;
use journey_compiler::source::Sources;
use journey_disk::{outputs, Project};
use miette::{miette, Result};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A book on stdin larger than this is not a book.
const MAX_BOOK_BYTES: u64 = 256 * 1024 * 1024;

/// Where maps drawn for renderers other than `html` go, inside the book's `src`.
pub const IMAGE_FOLDER: &str = "journey-maps";

/// The keys mdBook itself reads from a preprocessor's table.
const MDBOOK_KEYS: &[&str] = &["command", "renderers", "before", "after", "optional"];

/// `journey mdbook supports RENDERER`: yes, for every renderer.
pub fn supports(_renderer: &str) -> Result<Outcome> {
    Ok(Outcome::Success)
}

pub fn run() -> Result<Outcome> {
    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_BOOK_BYTES + 1)
        .read_to_end(&mut input)
        .map_err(|e| miette!("can't read the book from mdBook: {e}"))?;
    if input.len() as u64 > MAX_BOOK_BYTES {
        return Err(miette!("the book mdBook sent is larger than {} MiB", MAX_BOOK_BYTES / 1024 / 1024));
    }
    let (context, mut book) = match serde_json::from_slice::<Value>(&input) {
        Ok(Value::Array(mut pair)) if pair.len() == 2 => {
            let book = pair.pop().unwrap_or_default();
            (pair.pop().unwrap_or_default(), book)
        }
        Ok(_) => return Err(miette!("mdBook sent something other than `[context, book]`; is this an mdBook preprocessor run?")),
        Err(e) => return Err(miette!("mdBook's input is not JSON: {e}; run `journey mdbook` from mdBook, not by hand")),
    };
    let options = BookOptions::read(&context)?;
    let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
    let src = context["config"]["book"]["src"].as_str().unwrap_or("src");
    let renderer = context["renderer"].as_str().unwrap_or("html");
    let src_dir = shown_path(&root.join(src));
    let project = Project::for_paths(None, std::slice::from_ref(&root)).map_err(|e| miette!("{e}"))?;
    let embed = if renderer == "html" { Embed::Inline } else { Embed::Image };
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let mut images: Vec<Image> = Vec::new();
    let mut pages = 0;
    let mut draw = |chapter: &mut Value| {
        // The file as written (`README.md`); `path` is where mdBook renders it (`index.md`).
        let Some(path) = chapter["source_path"].as_str().or(chapter["path"].as_str()).map(PathBuf::from) else { return };
        let Some(content) = chapter["content"].as_str() else { return };
        if !content.contains("journey") {
            return;
        }
        pages += 1;
        let depth = path.components().count().saturating_sub(1);
        let settings = Settings {
            config: &project.config,
            colors: options.colors,
            view: options.view,
            embed,
            placement: Placement::Replace,
            image_link: format!("{}{IMAGE_FOLDER}/", "../".repeat(depth)),
        };
        let page = src_dir.join(&path);
        let mut drawn = markdown::render_page(&page, content, &settings, &project, &mut sources);
        if !drawn.diagnostics.is_empty() {
            // After `links`, the text may hold included files: each place goes back to the file it was written in.
            let original = journey_compiler::source::Loader::load(&project, &page).ok().and_then(|b| String::from_utf8(b).ok());
            if let Some(original) = original.filter(|o| o != content) {
                match links::Origins::trace(&page, &original, content, &project, &mut sources) {
                    Some(origins) => drawn.diagnostics.iter_mut().for_each(|d| _ = origins.relocate(d, drawn.page)),
                    None => drawn.diagnostics.iter_mut().for_each(links::untraced),
                }
            }
        }
        diagnostics.extend(drawn.diagnostics);
        for image in drawn.images {
            if !images.iter().any(|i| i.name == image.name) {
                images.push(image);
            }
        }
        chapter["content"] = Value::String(drawn.text);
    };
    for list in ["sections", "items"] {
        if let Some(items) = book.get_mut(list).and_then(Value::as_array_mut) {
            each_chapter(items, &mut draw);
        }
    }
    let common =
        Common { deny: Vec::new(), message_format: MessageFormat::Human, color: crate::cli::ColorChoice::Auto, quiet: true, config: None };
    let outcome = finish_with(&sources, &diagnostics, &common, Stream::Stderr, pages, "chapter", "failed")?;
    let failed = diagnostics.iter().any(|d| d.is_error());
    if failed && options.on_error == OnError::Fail {
        say!("journey: {} in the book's maps; no book was produced (set `on-error = \"warn\"` under [preprocessor.journey] to show them in the pages instead)", crate::report::summary(&diagnostics));
        return Ok(Outcome::SourceErrors);
    }
    // Only a renderer that links images has a say over them (`html` runs
    // first in the same build and inlines its maps).
    if embed == Embed::Image {
        write_images(&src_dir.join(IMAGE_FOLDER), &images, &root)?;
    }
    let mut text = serde_json::to_string(&book).map_err(|e| miette!("can't write the book: {e}"))?;
    text.push('\n');
    output::to_stdout(&text).map_err(|e| miette!("can't give the book back to mdBook: {e}"))?;
    let _ = outcome; // a map's errors under `on-error = "warn"` still give a book
    Ok(Outcome::Success)
}

/// Calls `f` on every chapter of a list of book items, depth first (in mdBook's order).
fn each_chapter(items: &mut [Value], f: &mut impl FnMut(&mut Value)) {
    for item in items {
        let Some(chapter) = item.get_mut("Chapter") else { continue };
        f(chapter);
        if let Some(subs) = chapter.get_mut("sub_items").and_then(Value::as_array_mut) {
            each_chapter(subs, f);
        }
    }
}

/// Writes the images (each only when its bytes changed) and removes the
/// ones this book no longer has.
fn write_images(folder: &Path, images: &[Image], root: &Path) -> Result<()> {
    // Only a real folder inside the book: a link would send the writes (and the removals) elsewhere.
    if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
        return Err(miette!("`{}` is not a folder (a link?); the maps' images are not written there", output::path(folder)));
    }
    let inside = |path: &Path| match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !inside(parent) {
            return Err(miette!("`{}` lies outside the book; the maps' images are not written there", output::path(folder)));
        }
    }
    for image in images {
        outputs::write_if_changed(&folder.join(&image.name), &image.bytes).map_err(|e| miette!("{e}"))?;
    }
    let Ok(entries) = std::fs::read_dir(folder) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = super::markdown::is_generated_name(&name);
        if ours && !images.iter().any(|i| i.name == name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// `[preprocessor.journey]`: `on-error`, `theme`, `view`.
struct BookOptions {
    on_error: OnError,
    colors: Colors,
    view: View,
}

impl BookOptions {
    fn read(context: &Value) -> Result<BookOptions> {
        let mut options = BookOptions { on_error: OnError::Fail, colors: Colors::Auto, view: View::Full };
        let Some(table) = context["config"]["preprocessor"]["journey"].as_object() else { return Ok(options) };
        for (key, value) in table {
            let word = value.as_str();
            let bad =
                || miette!("`{}` under [preprocessor.journey] in book.toml: {}", output::shown(key), output::shown(&value.to_string()));
            match key.as_str() {
                "on-error" => {
                    options.on_error = match word {
                        Some("fail") => OnError::Fail,
                        Some("warn") => OnError::Warn,
                        _ => return Err(bad().wrap_err("`on-error` is \"fail\" or \"warn\"")),
                    }
                }
                "theme" => {
                    options.colors = word
                        .and_then(options::colors_named)
                        .ok_or_else(|| bad().wrap_err(format!("`theme` is {}", options::theme_words())))?
                }
                "view" => {
                    options.view =
                        word.and_then(options::view_named).ok_or_else(|| bad().wrap_err(format!("`view` is {}", options::view_words())))?
                }
                known if MDBOOK_KEYS.contains(&known) => {}
                other => {
                    return Err(miette!(
                        "`{}` is not a setting of [preprocessor.journey]; the settings are `on-error`, `theme` and `view`",
                        output::shown(other)
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// `root/src` as messages show it: relative to the working folder when below it.
fn shown_path(path: &Path) -> PathBuf {
    let path = journey_compiler::source::normalize(path);
    match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(path),
        _ => path,
    }
}
