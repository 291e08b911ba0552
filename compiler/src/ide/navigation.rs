//! Go to definition and find references: from a name to where it is
//! declared, and to every use of it, in any file of the build.

use super::query::{self, Symbol};
use super::{Analysis, FileSpan};
use crate::source::FileId;

/// Where the name at the offset is declared.
pub fn definition(analysis: &Analysis<'_>, file: FileId, offset: usize) -> Option<FileSpan> {
    let index = query::target(query::symbol_at(analysis.build, file, offset)?)?;
    let declaration = analysis.build.names.declaration(index);
    Some(FileSpan { file: declaration.file, span: declaration.span })
}

/// Every use of the name at the offset (and its declaration, if asked).
/// For a built-in emotion or an unknown name: every use of the same name
/// and kind.
pub fn references(analysis: &Analysis<'_>, file: FileId, offset: usize, include_declaration: bool) -> Option<Vec<FileSpan>> {
    let symbol = query::symbol_at(analysis.build, file, offset)?;
    let names = &analysis.build.names;
    let mut found = Vec::new();
    match query::target(symbol) {
        Some(index) => {
            let declaration = names.declaration(index);
            if include_declaration {
                found.push(FileSpan { file: declaration.file, span: declaration.span });
            }
            found.extend(names.references.iter().filter(|r| r.target == Some(index)).map(|r| FileSpan { file: r.file, span: r.span }));
        }
        None => {
            let Symbol::Reference(at) = symbol else { return None };
            let same = |r: &&crate::resolve::Reference| r.target.is_none() && r.expected == at.expected && r.name == at.name;
            found.extend(names.references.iter().filter(same).map(|r| FileSpan { file: r.file, span: r.span }));
        }
    }
    Some(found)
}
