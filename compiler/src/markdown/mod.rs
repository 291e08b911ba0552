//! Journey maps in Markdown pages: the one fence engine that `journey
//! markdown`, `journey mdbook` and the MkDocs and Docusaurus plugins share.
//!
//! ```text
//! page ─fences::find─▶ fences ─options::parse─▶ what each asks for
//!      ─compile (inline text, or file=)─▶ model ─render::draw─▶ SVG / image / Mermaid
//!      ─splice─▶ the page, every byte outside the fences unchanged
//! ```
//!
//! IO-free like the rest of the compiler: files (`file=`, and what a map
//! `use`s) come through a [`Loader`], images go back to the caller to write.
//! A map written inline is compiled as a file at the page's own path whose
//! text is the fence's body; its diagnostics are then moved to the page's
//! text, so they point at the page's own lines and columns in every report.

pub mod fences;
pub mod options;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Model;
use crate::layout::{self, View};
use crate::render::svg::{escape, SvgOptions};
use crate::render::{self, Colors};
use crate::source::{normalize, FileId, LoadError, Loader, SourceFile, Sources, Span};
use crate::unicode::escape_hidden;
use fences::Fence;
use options::FenceOptions;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How a page's maps are drawn and put in.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    pub config: &'a Config,
    /// For fences without `theme=`.
    pub colors: Colors,
    /// For fences without `view=`.
    pub view: View,
    pub embed: Embed,
    pub placement: Placement,
    /// Written before an image's file name in its link (`""` for an image
    /// beside the page, `"../.journey/"`…).
    pub image_link: String,
}

/// What stands for a map in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embed {
    /// The SVG itself, in a `<div class="journey-map">`.
    Inline,
    /// An image link to an SVG file named after its content.
    Image,
    /// A ```` ```mermaid ```` fence (for renderers that draw Mermaid, as GitHub does).
    Mermaid,
}

/// Where the drawing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In place of the fence (a site build's copy of the page).
    Replace,
    /// Right after the fence, which stays (a README kept up to date in place).
    After,
}

/// An image file for the caller to write beside the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What replaced one fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The 1-based line of the fence's opening line.
    pub line: usize,
    /// The bytes of the page replaced (the fence, and in [`Placement::After`]
    /// the block generated after it last time).
    pub range: Range<usize>,
    /// What they became.
    pub text: String,
}

/// A page with its maps drawn.
#[derive(Debug)]
pub struct Rendered {
    pub text: String,
    pub replacements: Vec<Replacement>,
    pub images: Vec<Image>,
    /// Image files named by generated blocks this page no longer has (for the caller to delete).
    pub dropped_images: Vec<String>,
    /// The page's file in the [`Sources`] given (the diagnostics point into them).
    pub page: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

/// How far an inlined map may shrink to fit a page's column (its smallest text, 12 px, stays above 8 px).
pub const INLINE_SHRINK: f64 = 0.7;

/// The most maps one page may hold: a real page has a handful; each costs a compile.
pub const MAX_MAPS_PER_PAGE: usize = 500;

/// The first line of a block [`Placement::After`] writes, and its last.
pub const GENERATED_BEGIN: &str = "<!-- journey: drawn from the fence above by `journey markdown`; edits here are overwritten -->";
pub const GENERATED_END: &str = "<!-- journey: end -->";

/// Draws every map of the page at `path` (as the project knows it,
/// relative to the working folder) with text `text`. The page, and every
/// file its diagnostics point into, are added to `sources`, so that one
/// report can hold the diagnostics of many pages.
pub fn render_page(path: &Path, text: &str, settings: &Settings, loader: &dyn Loader, sources: &mut Sources) -> Rendered {
    let mut taken = std::mem::take(sources);
    let page_id = taken.add(SourceFile::new(path.to_path_buf(), text.to_string()));
    let mut page = Page { path, text, settings, loader, page: page_id, sources: taken, diagnostics: Vec::new(), images: Vec::new() };
    let fences = fences::find(text);
    let mut replacements = Vec::new();
    let mut dropped_images = Vec::new();
    for (index, fence) in fences.iter().enumerate() {
        let next_fence = fences.get(index + 1).map_or(text.len(), |f| f.range.start);
        if index == MAX_MAPS_PER_PAGE {
            let span = Span::new(fence.range.start, fence.range.start);
            page.diagnostics.push(
                Diagnostic::new(Code::FenceOption, page_id, span, format!("more than {MAX_MAPS_PER_PAGE} maps on one page"))
                    .label("this map and the ones after it are not drawn")
                    .help("split the page; each map is compiled on its own"),
            );
            break;
        }
        // A block drawn after the fence by an earlier in-place run goes too:
        // a README kept up to date and then published shows each map once.
        let (old, range) = page.generated_after(fence, next_fence);
        let (drawn, range) = match settings.placement {
            Placement::Replace => (page.fence(index, fence), range),
            // A fence left open takes the rest of the page: nothing can go after it.
            Placement::After if !fence.closed => {
                page.fence(index, fence);
                (text[fence.range.clone()].to_string(), fence.range.clone())
            }
            Placement::After => {
                dropped_images.extend(old);
                let fence_text = &text[fence.range.clone()];
                let newline = if fence_text.ends_with('\n') || fence_text.ends_with('\r') { "" } else { line_ending(fence) };
                (format!("{fence_text}{newline}{}", page.fence(index, fence)), fence.range.start..range.end)
            }
        };
        let line = page.sources.get(page_id).line_col(fence.range.start).0 + 1;
        replacements.push(Replacement { line, range, text: drawn });
    }
    let new_names: Vec<&str> = page.images.iter().map(|i| i.name.as_str()).collect();
    dropped_images.retain(|name| !new_names.contains(&name.as_str()));
    dropped_images.sort();
    dropped_images.dedup();
    let text = splice(text, &replacements);
    page.diagnostics.sort_by_key(|d| (d.primary.file.0, d.primary.span.start));
    *sources = page.sources;
    Rendered { text, replacements, images: page.images, dropped_images, page: page_id, diagnostics: page.diagnostics }
}

/// `text` with each replacement's range (in order, not overlapping) replaced by its text.
pub fn splice(text: &str, replacements: &[Replacement]) -> String {
    let mut out = String::with_capacity(text.len() + replacements.iter().map(|r| r.text.len()).sum::<usize>());
    let mut at = 0;
    for r in replacements {
        out.push_str(&text[at..r.range.start]);
        out.push_str(&r.text);
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One page being drawn.
struct Page<'a> {
    path: &'a Path,
    text: &'a str,
    settings: &'a Settings<'a>,
    loader: &'a dyn Loader,
    page: FileId,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    images: Vec<Image>,
}

/// The maps of one fence, ready to draw.
struct Compiled {
    model: Model,
    journeys: Vec<usize>,
    options: FenceOptions,
}

impl Page<'_> {
    /// What stands for fence number `index`: its maps, or the error box.
    fn fence(&mut self, index: usize, fence: &Fence) -> String {
        let before = self.diagnostics.len();
        let compiled = self.compile(fence);
        let failed = self.diagnostics[before..].iter().any(Diagnostic::is_error);
        let newline = line_ending(fence);
        let drawn = match compiled {
            Some(compiled) if !failed => self.draw(index, fence, &compiled),
            _ => self.error_box(fence, &self.diagnostics[before..]),
        };
        // A fence indented under a list item stays in the item: so does what
        // replaces it. In its place, the first line follows the fence's own
        // indentation (or list marker); after it, every line is indented.
        let drawn = indented(&drawn, fence.indent, self.settings.placement == Placement::After);
        if newline == "\n" {
            drawn
        } else {
            drawn.replace('\n', newline)
        }
    }

    /// Reads the options, compiles the map and picks its journeys; every
    /// problem goes to the page's diagnostics.
    fn compile(&mut self, fence: &Fence) -> Option<Compiled> {
        let (options, problems) = options::parse(self.text, fence.info.clone(), self.page);
        if !problems.is_empty() {
            // A map asked for wrongly is not drawn, nor checked: the options first.
            self.diagnostics.extend(problems);
            return None;
        }
        if let Some((cut, content)) = fence.cut_at {
            let open = Span::new(fence.range.start, fence.info.end);
            let line = &self.text[cut..];
            let cut_line = Span::new(cut, cut + line.find(['\n', '\r']).unwrap_or(line.len()));
            self.diagnostics.push(
                Diagnostic::new(Code::FenceOption, self.page, open, "this ```journey fence is cut short by the end of its list item")
                    .label("opened in a list item")
                    .secondary(self.page, cut_line, "not indented for the item: the item, and the map with it, end before this line")
                    .help(format!(
                        "indent every line of the map at least {content} spaces, as the item's text is, or take the fence out of the list"
                    )),
            );
            return None;
        }
        if !fence.closed {
            let open = Span::new(fence.range.start, fence.info.end);
            self.diagnostics.push(
                Diagnostic::new(Code::FenceOption, self.page, open, "this ```journey fence is never closed")
                    .label("opened here")
                    .help("end the map with a line of three backticks (or the fence's own characters)"),
            );
            return None;
        }
        let folder = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let inline = InlineMap { page: self.path, body: &self.text[fence.body.clone()], inner: self.loader };
        let (root, loader): (PathBuf, &dyn Loader) = match &options.file {
            Some((file, at)) => {
                let root = normalize(&folder.join(file));
                if Path::new(file).is_absolute() {
                    self.refuse(at, LoadError::OutsideProject, file);
                    return None;
                }
                if let Err(error) = self.loader.may_read(&root) {
                    self.refuse(at, error, file);
                    return None;
                }
                (root, self.loader)
            }
            None => (self.path.to_path_buf(), &inline),
        };
        let compilation = crate::compile(std::slice::from_ref(&root), loader, self.settings.config);
        if let Some((_, error)) = compilation.workspace.unreadable_roots.first() {
            let at = options.file.as_ref().map(|(_, at)| at.clone()).unwrap_or(fence.info.clone());
            self.refuse(&at, error.clone(), &root.to_string_lossy());
            return None;
        }
        let root_id = compilation.workspace.sources.find(&root)?;
        let build = compilation.builds.iter().find(|b| b.files.contains(&root_id))?;
        let body_start = if options.file.is_none() { fence.body.start } else { 0 };
        let inline_root = options.file.is_none().then_some(root_id);
        for diagnostic in build.diagnostics.iter().filter(|d| d.severity != Severity::Info) {
            let mut moved = self.moved(diagnostic, &compilation.workspace.sources, inline_root, body_start);
            if moved.primary.file != self.page {
                // In the map's own file: say which page's fence drew it (two fences may share a file).
                let at = options.file.as_ref().map_or(fence.range.start..fence.info.end, |(_, at)| at.clone());
                moved = moved.secondary(self.page, Span::new(at.start, at.end), "in the map drawn here");
            }
            self.diagnostics.push(moved);
        }
        if build.has_errors() {
            return None;
        }
        let model = build.model(&compilation.workspace);
        let journeys = self.journeys(&model, &options, fence)?;
        Some(Compiled { model, journeys, options })
    }

    /// The journeys a fence draws: the one `journey=` names, else all, less
    /// those `persona=` doesn't walk.
    fn journeys(&mut self, model: &Model, options: &FenceOptions, fence: &Fence) -> Option<Vec<usize>> {
        let known = || model.journeys.iter().map(|j| format!("`{}`", j.id)).collect::<Vec<_>>().join(", ");
        let mut journeys: Vec<usize> = (0..model.journeys.len()).collect();
        if let Some((id, at)) = &options.journey {
            match model.journeys.iter().position(|j| j.id == id.as_str()) {
                Some(j) => journeys = vec![j],
                None => {
                    let message = format!("the map has no journey `{id}`");
                    self.option_problem(at, message, format!("its journeys are {}", known()));
                    return None;
                }
            }
        }
        if let Some((persona, at)) = &options.persona {
            if model.persona(persona).is_none() {
                let personas = model.personas.iter().map(|p| format!("`{}`", p.id)).collect::<Vec<_>>().join(", ");
                self.option_problem(at, format!("the map has no persona `{persona}`"), format!("its personas are {personas}"));
                return None;
            }
            journeys.retain(|&j| model.journeys[j].personas.iter().any(|p| p == persona.as_str()));
            if journeys.is_empty() {
                self.option_problem(
                    at,
                    format!("no journey of this map is walked by `{persona}`"),
                    "leave `persona=` out, or name a persona the journey lists".into(),
                );
                return None;
            }
        }
        if journeys.is_empty() {
            let span = Span::new(fence.range.start, fence.info.end);
            self.diagnostics.push(
                Diagnostic::new(Code::FenceOption, self.page, span, "this map has no journey to draw")
                    .label("here")
                    .help("add a `journey ID \"Title\" { … }` block, or point `file=` at a file that has one"),
            );
            return None;
        }
        Some(journeys)
    }

    /// What stands for a compiled fence: one drawing per journey.
    fn draw(&mut self, index: usize, fence: &Fence, compiled: &Compiled) -> String {
        let Compiled { model, journeys, options } = compiled;
        let colors = options.colors.unwrap_or(self.settings.colors);
        let layout_options = layout::Options {
            theme: colors.theme(),
            view: options.view.unwrap_or(self.settings.view),
            persona: options.persona.as_ref().map(|(p, _)| p.clone()),
        };
        let mut out = String::new();
        for &j in journeys {
            let journey = &model.journeys[j];
            match self.settings.embed {
                Embed::Inline => {
                    let prefix = format!(
                        "j{:08x}-",
                        fnv(&[self.path.to_string_lossy().as_bytes(), &(index as u64).to_le_bytes(), journey.id.as_bytes()]) as u32
                    );
                    // Sites shrink pictures to their column (Material does), any
                    // amount: a map shrinks to 70 % at most, its text readable.
                    let look = SvgOptions { id_prefix: &prefix, shrink_to: Some(INLINE_SHRINK), ..SvgOptions::default() };
                    let svg = render::draw(model, journey, &layout_options, colors, look);
                    if out.is_empty() && self.settings.placement == Placement::Replace && !after_blank_line(self.text, fence.range.start) {
                        // Python-Markdown takes HTML as a block only after a blank line.
                        out.push('\n');
                    }
                    // A map is a wide poster: it keeps its size (its text stays
                    // readable) and scrolls sideways inside the page's column.
                    out.push_str("<div class=\"journey-map\" style=\"overflow-x:auto;max-width:100%\">\n");
                    out.push_str(&svg);
                    out.push_str("</div>\n\n");
                }
                Embed::Image => {
                    let svg = render::draw(model, journey, &layout_options, colors, SvgOptions::default());
                    let name = format!("{}-{:016x}.svg", journey.id, fnv(&[svg.as_bytes()]));
                    out.push_str(&format!("![{}]({})\n", alt_text(&journey.title), link(&format!("{}{name}", self.settings.image_link))));
                    if !self.images.iter().any(|i| i.name == name) {
                        self.images.push(Image { name, bytes: svg.into_bytes() });
                    }
                }
                Embed::Mermaid => {
                    let mermaid = render::mermaid::mermaid(model, journey, layout_options.persona.as_deref());
                    let ticks = "`".repeat(longest_run(&mermaid, '`').max(2) + 1);
                    out.push_str(&format!("{ticks}mermaid\n{mermaid}{ticks}\n"));
                }
            }
        }
        self.wrap_generated(out)
    }

    /// In [`Placement::After`], the markers around what was drawn.
    fn wrap_generated(&self, drawn: String) -> String {
        match self.settings.placement {
            Placement::Replace => drawn,
            Placement::After => format!("{GENERATED_BEGIN}\n{}{GENERATED_END}\n", drawn.trim_start_matches('\n')),
        }
    }

    /// The box a page shows for a broken map (with `on-error = warn`): the
    /// errors as the terminal's short report gives them.
    ///
    /// In a README drawn in place, a place in the page is given by its line
    /// in the map, not in the page: the blocks drawn above it move the
    /// page's lines, and the box must not change from one run to the next.
    fn error_box(&self, fence: &Fence, diagnostics: &[Diagnostic]) -> String {
        let mut lines = String::new();
        let page = self.sources.get(self.page);
        let first_line = page.human_position(fence.body.start).0;
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            let file = self.sources.get(d.primary.file);
            let (line, column) = file.human_position(d.primary.span.start as usize);
            let message = escape_hidden(&d.message, true);
            let path = file.path.to_string_lossy();
            let at = match self.settings.placement {
                Placement::After if d.primary.file == self.page && line >= first_line => {
                    format!("{path}, line {} of the map, column {column}", line - first_line + 1)
                }
                Placement::After if d.primary.file == self.page => format!("{path}, the fence's line"),
                _ => format!("{path}:{line}:{column}"),
            };
            let shown = format!("{at}: error[{}]: {message}", d.code);
            lines.push_str(&escape(&escape_hidden(&shown, true)));
            lines.push('\n');
        }
        let mut out = String::new();
        if self.settings.placement == Placement::Replace {
            out.push('\n');
        }
        out.push_str(
            "<div class=\"journey-error\" role=\"alert\" style=\"border:2px solid #cf222e;border-radius:6px;padding:8px 12px;margin:1em 0;background:#fff1f0;color:#82071e\">\n\
             <p style=\"margin:0 0 6px;font-weight:bold\">This journey map has errors and was not drawn.</p>\n\
             <pre style=\"margin:0;white-space:pre-wrap;background:transparent;color:#82071e;border:0;padding:0\">",
        );
        out.push_str(lines.trim_end());
        out.push_str("</pre>\n</div>\n\n");
        self.wrap_generated(out)
    }

    /// The generated block right after a fence (from an earlier run), if
    /// any: the images it names, and the range to replace (the fence and the block).
    fn generated_after(&mut self, fence: &Fence, next_fence: usize) -> (Vec<String>, Range<usize>) {
        let rest = &self.text[fence.range.end..next_fence.max(fence.range.end)];
        if !rest.trim_start_matches(' ').starts_with(GENERATED_BEGIN) {
            return (Vec::new(), fence.range.clone());
        }
        // Its end is before the next fence, or it has none.
        for line in fences::lines(rest) {
            if rest[line.start..line.end].trim() == GENERATED_END {
                let block = &rest[..line.next];
                let images = fences::lines(block).iter().filter_map(|l| image_name(&block[l.start..l.end])).collect();
                return (images, fence.range.start..fence.range.end + line.next);
            }
        }
        let at = Span::new(fence.range.end, fence.range.end + rest.find(['\n', '\r']).unwrap_or(rest.len()));
        self.diagnostics.push(
            Diagnostic::new(Code::FenceOption, self.page, at, "the block drawn after this map has lost its end line")
                .label("starts here")
                .help(format!("delete the block down to the map's image, or end it with `{GENERATED_END}`, and run again")),
        );
        (Vec::new(), fence.range.clone())
    }

    fn option_problem(&mut self, at: &Range<usize>, message: String, help: String) {
        let span = Span::new(at.start, at.end);
        self.diagnostics.push(Diagnostic::new(Code::FenceOption, self.page, span, message).label("here").help(help));
    }

    /// A `file=` that can't be read.
    fn refuse(&mut self, at: &Range<usize>, error: LoadError, file: &str) {
        let span = Span::new(at.start, at.end);
        let (code, help) = match error {
            LoadError::OutsideProject => (
                Code::OutsideProject,
                "`file=` reads only inside the project: the pages' folders, the site's folder (with a page on stdin), and the folder of the nearest `journey.toml` with its `[use] allow`; a `journey.toml` at the site's root lets every page reach the maps below it",
            ),
            _ => (Code::MissingFile, "`file=` is relative to the page's folder"),
        };
        let message = format!("can't read the map `{}`: {error}", escape_hidden(file, true));
        self.diagnostics.push(Diagnostic::new(code, self.page, span, message).label("named here").help(help));
    }

    /// A diagnostic of a fence's compilation, pointing into the page's
    /// [`Sources`]: the inline map's positions moved onto the page's text,
    /// other files added as they are.
    fn moved(&mut self, d: &Diagnostic, from: &Sources, inline_root: Option<FileId>, body_start: usize) -> Diagnostic {
        let mut d = d.clone();
        let page = self.page;
        let mut place = |file: &mut FileId, span: &mut Span| {
            if Some(*file) == inline_root {
                *file = page;
                *span = Span::new(span.start as usize + body_start, span.end as usize + body_start);
                return;
            }
            let source = from.get(*file);
            *file = match self.sources.find(&source.path) {
                Some(known) if known != page => known,
                _ => self.sources.add(source.clone()),
            };
        };
        place(&mut d.primary.file, &mut d.primary.span);
        for label in &mut d.secondary {
            place(&mut label.file, &mut label.span);
        }
        for edit in d.fixes.iter_mut().flat_map(|f| &mut f.edits) {
            place(&mut edit.file, &mut edit.span);
        }
        d
    }
}

/// The loader of an inline map: the page's path reads as the fence's body.
struct InlineMap<'a> {
    page: &'a Path,
    body: &'a str,
    inner: &'a dyn Loader,
}

impl Loader for InlineMap<'_> {
    fn load(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        if normalize(path) == normalize(self.page) {
            return Ok(self.body.as_bytes().to_vec());
        }
        self.inner.load(path)
    }

    fn may_read(&self, path: &Path) -> Result<(), LoadError> {
        if normalize(path) == normalize(self.page) {
            return Ok(());
        }
        self.inner.may_read(path)
    }

    fn identity(&self, path: &Path) -> Option<PathBuf> {
        self.inner.identity(path)
    }
}

/// Every line that has text, `spaces` further in; the first one too if `first`.
fn indented(text: &str, spaces: usize, first: bool) -> String {
    if spaces == 0 {
        return text.to_string();
    }
    let pad = " ".repeat(spaces);
    text.split_inclusive('\n')
        .enumerate()
        .map(|(n, line)| if line.trim().is_empty() || (n == 0 && !first) { line.to_string() } else { format!("{pad}{line}") })
        .collect()
}

fn line_ending(fence: &Fence) -> &'static str {
    if fence.newline.is_empty() {
        "\n"
    } else {
        fence.newline
    }
}

/// Whether `at` starts the page or follows a blank line.
fn after_blank_line(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with("\n\n") || before.ends_with("\r\n\r\n") || before.ends_with("\r\r")
}

/// A journey's title as an image's alt text: one line, brackets escaped.
fn alt_text(title: &str) -> String {
    let mut out = String::new();
    for c in escape_hidden(title, true).chars() {
        match c {
            '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A link destination, in angle brackets when it has spaces or brackets.
fn link(target: &str) -> String {
    if target.contains(|c: char| c.is_whitespace() || "()<>".contains(c)) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

/// The file name of an image link line (`![Title](dir/name.svg)` → `dir/name.svg`).
fn image_name(line: &str) -> Option<String> {
    let line = line.trim();
    if !line.starts_with("![") || !line.ends_with(')') {
        return None;
    }
    let start = line.rfind("](")? + 2;
    Some(line[start..line.len() - 1].trim_matches(['<', '>']).to_string())
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// FNV-1a, 64 bits: image names and id prefixes must stay the same from
/// one release to the next (std's hasher makes no such promise).
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // Parts end, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
