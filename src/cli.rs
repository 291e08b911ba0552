//! The command line, as `docs/brief/TOOLCHAIN.md` names it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "journey", version, about = "Customer journey maps as code: check, build and format .journey files")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and check; print diagnostics
    Check {
        /// Files or directories (all `*.journey` below them); default: the current directory
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Check, then write outputs (one JSON document per build) into DIR
    Build {
        /// Files or directories (all `*.journey` below them); default: the current directory
        paths: Vec<PathBuf>,
        /// Where to write the outputs
        #[arg(short = 'o', long = "out-dir", value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
        /// Output formats, comma-separated: svg, png, html, mermaid, json
        #[arg(long, value_delimiter = ',', default_value = "svg")]
        format: Vec<String>,
        #[command(flatten)]
        diagrams: Diagrams,
        #[command(flatten)]
        common: Common,
    },
    /// Format files in place (`--check`: only report files that would change)
    Fmt {
        /// Report unformatted files and exit 1 instead of writing
        #[arg(long)]
        check: bool,
        /// Files or directories; default: the current directory
        paths: Vec<PathBuf>,
        /// Print nothing but errors
        #[arg(short, long)]
        quiet: bool,
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Draw the ```journey fences of Markdown pages (static sites, READMEs)
    Markdown {
        /// Markdown files or folders (every `*.md` below them); `-` reads one page on stdin and writes it to stdout
        paths: Vec<PathBuf>,
        #[command(flatten)]
        args: MarkdownArgs,
        #[command(flatten)]
        common: Common,
    },
    /// mdBook preprocessor (book.toml: `[preprocessor.journey] command = "journey mdbook"`)
    Mdbook {
        #[command(subcommand)]
        supports: Option<MdbookCommand>,
    },
    /// Run the language server on stdin/stdout
    Lsp,
    /// Explain a diagnostic code or a keyword (no argument: list the codes)
    Explain {
        /// A code like `E0010`, its name like `unresolved-reference`, or a keyword like `feels`
        code: Option<String>,
    },
    /// Print the language's vocabulary as JSON: blocks, statements, words, emotions
    Language {
        /// Print the language reference as Markdown instead (docs/reference.md)
        #[arg(long)]
        markdown: bool,
    },
    /// Create a starter project with one journey
    Init {
        /// Where to create it; default: the current directory
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MdbookCommand {
    /// Whether the preprocessor works with RENDERER (it works with every one)
    Supports { renderer: String },
}

/// What `journey markdown` writes, and where.
#[derive(Args, Debug, Clone)]
pub struct MarkdownArgs {
    /// Write the pages into DIR with each fence replaced by its map; without it,
    /// pages are updated in place: the fence stays and its drawing follows it
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Put each map's SVG in the page instead of an image file beside it
    #[arg(long, conflicts_with = "mermaid")]
    pub inline: bool,
    /// Write ```mermaid blocks (GitHub draws them) instead of images
    #[arg(long)]
    pub mermaid: bool,
    /// Write nothing; exit 1 when a page or an image is not up to date
    #[arg(long)]
    pub check: bool,
    /// With `-`: print each fence's line and replacement as JSON instead of the page (for plugins)
    #[arg(long)]
    pub json: bool,
    /// With `-`: the page's path, for `file=` and for messages; default `stdin.md`
    #[arg(long, value_name = "PATH")]
    pub page: Option<PathBuf>,
    /// What a broken map does: `fail` the command, or `warn` and show an error box in the page
    #[arg(long, value_enum, default_value_t = OnError::Fail)]
    pub on_error: OnError,
    #[command(flatten)]
    pub diagrams: MapLook,
}

/// How maps in pages are drawn (a fence's own `theme=` and `view=` win).
#[derive(Args, Debug, Clone)]
pub struct MapLook {
    /// Colours: `auto` follows the reader's and the site's light or dark theme
    #[arg(long, value_enum, default_value_t = Theme::Auto)]
    pub theme: Theme,
    /// `full` map, `emotion` or `blueprint`
    #[arg(long, value_enum, default_value_t = View::Full)]
    pub view: View,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    Fail,
    Warn,
}

/// Flags shared by `check` and `build`.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// `--deny warnings` turns warnings into errors (for CI)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Colour in human output (also off when NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only errors and warnings, no summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Settings file; default: the nearest `journey.toml` above the first path
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How diagrams are drawn (`build` only).
#[derive(Args, Debug, Clone)]
pub struct Diagrams {
    /// Colours of the diagram; `auto` carries both, dark when the reader prefers it (PNG: light)
    #[arg(long, value_enum, default_value_t = Theme::Light)]
    pub theme: Theme,
    /// `full` map, `emotion` (stages and the curve, for slides) or `blueprint` (service blueprint lanes)
    #[arg(long, value_enum, default_value_t = View::Full)]
    pub view: View,
    /// Keep only the steps that concern this persona (and the journeys it walks)
    #[arg(long, value_name = "ID")]
    pub persona: Option<String>,
    /// PNG resolution: 2 draws twice as many pixels each way
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    /// PNG fonts: Journey's own (the same pixels everywhere), or the system's too (for Chinese, Japanese, emoji…)
    #[arg(long, value_enum, default_value_t = FontChoice::Embedded)]
    pub fonts: FontChoice,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontChoice {
    Embedded,
    System,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl From<Theme> for journey_compiler::render::Colors {
    fn from(theme: Theme) -> Self {
        match theme {
            Theme::Light => journey_compiler::render::Colors::Light,
            Theme::Dark => journey_compiler::render::Colors::Dark,
            Theme::Auto => journey_compiler::render::Colors::Auto,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Full,
    Emotion,
    Blueprint,
}

impl From<View> for journey_compiler::layout::View {
    fn from(view: View) -> Self {
        match view {
            View::Full => journey_compiler::layout::View::Full,
            View::Emotion => journey_compiler::layout::View::Emotion,
            View::Blueprint => journey_compiler::layout::View::Blueprint,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageFormat {
    Human,
    Short,
    Json,
    Github,
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
