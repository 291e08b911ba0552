//! Everything Journey does with the disk, in one place, for the command
//! line and the language server alike. Maps are built from pull requests in
//! CI, so every input is treated as hostile:
//!
//! - [`read`]: only regular files are opened (never a pipe, a device or a
//!   socket, which could block or never end), and never more than a cap;
//! - [`project`]: every read stays inside the project (the folder of
//!   `journey.toml`, or of the paths checked, or the editor's workspace),
//!   after symbolic links are followed; [`project::Project`] is the
//!   compiler's [`Loader`](journey_compiler::source::Loader);
//! - [`discover`]: the `*.journey` files below a folder;
//! - [`outputs`]: a build's outputs are written as one set, all or nothing.

pub mod discover;
pub mod outputs;
pub mod project;
pub mod read;

pub use project::Project;
