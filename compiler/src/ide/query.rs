//! The questions every feature asks, in byte offsets: what is at this
//! offset, which AST node a declaration is, which blocks enclose the cursor.

use super::Analysis;
use crate::emotions::builtin_score;
use crate::language::{self, Context, Kind};
use crate::resolve::{self, DeclId, Declaration, NodePath, Reference};
use crate::source::{FileId, Span};
use crate::syntax::ast;
use crate::syntax::cst::{Arg, Block, Entry, Statement, Value};
use crate::Build;

/// What the cursor is on.
#[derive(Debug, Clone, Copy)]
pub enum Symbol<'a> {
    /// The ID of a declaration.
    Declaration(DeclId),
    /// A use of a name, resolved or not.
    Reference(&'a Reference),
}

/// The declaration or reference whose name covers the offset; a cursor just
/// after a name counts as on it.
pub fn symbol_at(build: &Build, file: FileId, offset: usize) -> Option<Symbol<'_>> {
    let names = &build.names;
    let inside = |span: Span| (span.start as usize) <= offset && offset < span.end as usize;
    let touching = |span: Span| span.contains(offset);
    for test in [&inside as &dyn Fn(Span) -> bool, &touching] {
        if let Some((id, _)) = names.iter().find(|(_, d)| d.file == file && test(d.span) && d.span.start < d.span.end) {
            return Some(Symbol::Declaration(id));
        }
        if let Some(r) = names.references.iter().find(|r| r.file == file && test(r.span) && r.span.start < r.span.end) {
            return Some(Symbol::Reference(r));
        }
    }
    None
}

/// The declaration a symbol stands for, if it resolves to one.
pub fn target(symbol: Symbol<'_>) -> Option<DeclId> {
    match symbol {
        Symbol::Declaration(i) => Some(i),
        Symbol::Reference(r) => r.target,
    }
}

/// Whether a reference names a built-in emotion (no declaration to go to).
pub fn is_builtin(reference: &Reference) -> bool {
    reference.target.is_none() && reference.expected == Kind::Emotion && builtin_score(&reference.name).is_some()
}

/// A declaration's AST node.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Persona(&'a ast::Persona),
    Channel(&'a ast::Channel),
    Team,
    Emotion(&'a ast::Emotion),
    Journey(&'a ast::Journey),
    /// A phase, with its journey (its stages are the journey's).
    Phase(&'a ast::Journey, &'a ast::Phase),
    Stage(&'a ast::Stage),
    Step(&'a ast::Step),
    Kpi(&'a ast::Kpi),
}

/// A declaration's AST node, where resolve found it.
pub fn node<'a>(analysis: &Analysis<'a>, declaration: &Declaration) -> Option<Node<'a>> {
    let item = |file: FileId, item: usize| analysis.parsed(file).ast.items.get(item);
    let journey = |file: FileId, index: usize| match item(file, index) {
        Some(ast::Item::Journey(journey)) => Some(journey),
        _ => None,
    };
    Some(match declaration.node {
        NodePath::Item { file, item: index } => match item(file, index)? {
            ast::Item::Persona(p) => Node::Persona(p),
            ast::Item::Channel(c) => Node::Channel(c),
            ast::Item::Team(_) => Node::Team,
            ast::Item::Emotion(e) => Node::Emotion(e),
            ast::Item::Journey(j) => Node::Journey(j),
            ast::Item::Use(_) => return None,
        },
        NodePath::Phase { file, item, phase } => {
            let journey = journey(file, item)?;
            Node::Phase(journey, journey.phases.get(phase)?)
        }
        NodePath::Stage { file, item, stage } => Node::Stage(journey(file, item)?.stages.get(stage)?),
        NodePath::Step { file, item, stage, step } => Node::Step(journey(file, item)?.stages.get(stage)?.steps.get(step)?),
        NodePath::StageKpi { file, item, stage, kpi } => Node::Kpi(journey(file, item)?.stages.get(stage)?.kpis.get(kpi)?),
        NodePath::JourneyKpi { file, item, kpi } => Node::Kpi(journey(file, item)?.kpis.get(kpi)?),
    })
}

/// The index (in the build's journey order) of the journey declared by a
/// statement, as `Declaration::journey` and `Reference::journey` count them.
pub fn journey_index(analysis: &Analysis<'_>, file: FileId, statement: &Statement) -> Option<usize> {
    let asts = analysis.asts();
    resolve::journeys(&asts).iter().position(|(f, journey)| *f == file && journey.header.span == statement.span)
}

/// Whether a statement declares something (its first value is the new ID).
/// A keyword that declares in some block is taken at its word where it
/// doesn't belong (`stage` in a step), and so is one with a block it can't
/// have (`kpi k { … }` in a step), so a half-typed file keeps its outline.
pub fn declares(context: Context, statement: &Statement) -> Option<Kind> {
    if let Some(attribute) = language::attribute(context, &statement.keyword) {
        if attribute.declares().is_some() || statement.block.is_none() || attribute.opens().is_some() {
            return attribute.declares();
        }
    }
    language::ATTRIBUTES.iter().filter(|a| a.keyword == statement.keyword).find_map(|a| a.declares())
}

/// One block around the cursor: the statement that owns it and its kind.
#[derive(Debug, Clone, Copy)]
pub struct Enclosing<'a> {
    pub statement: Option<&'a Statement>,
    pub context: Context,
    pub block: &'a Block,
}

fn block_contains(block: &Block, offset: usize, text_len: usize) -> bool {
    let Some(open) = block.open else { return true };
    let end = block.close.map_or(text_len, |close| close.start as usize);
    (open.end as usize) <= offset && offset <= end
}

/// The blocks around an offset, outermost (the file) first.
pub fn enclosing(cst: &Block, offset: usize, text_len: usize) -> Vec<Enclosing<'_>> {
    let mut path = vec![Enclosing { statement: None, context: Context::TopLevel, block: cst }];
    loop {
        let here = *path.last().expect("starts with the file");
        let mut next = None;
        for entry in &here.block.entries {
            match entry {
                Entry::Statement(statement) => {
                    if let Some(block) = &statement.block {
                        if block_contains(block, offset, text_len) {
                            let context = here.context.child(&statement.keyword).unwrap_or(here.context);
                            next = Some(Enclosing { statement: Some(statement), context, block });
                            break;
                        }
                    }
                }
                // A block after unreadable text is read in the surrounding kind.
                Entry::Error { block: Some(block), .. } if block_contains(block, offset, text_len) => {
                    next = Some(Enclosing { statement: here.statement, context: here.context, block });
                    break;
                }
                _ => {}
            }
        }
        match next {
            Some(next) => path.push(next),
            None => return path,
        }
    }
}

/// Every statement of a tree with the kind of block it sits in, in source order.
pub fn walk<'a>(block: &'a Block, context: Context, each: &mut dyn FnMut(&'a Statement, Context)) {
    for entry in &block.entries {
        match entry {
            Entry::Statement(statement) => {
                each(statement, context);
                if let Some(inner) = &statement.block {
                    walk(inner, context.child(&statement.keyword).unwrap_or(context), each);
                }
            }
            Entry::Error { block: Some(inner), .. } => walk(inner, context, each),
            _ => {}
        }
    }
}

/// The span of a value without the comma (and spaces) that may come before it.
pub fn value_span(arg: &Arg, text: &str) -> Span {
    if !arg.comma {
        return arg.span;
    }
    let slice = text.get(arg.span.range()).unwrap_or("");
    let skipped = slice.len() - slice.trim_start_matches([',', ' ', '\t']).len();
    Span::new(arg.span.start as usize + skipped, arg.span.end as usize)
}

/// The ID a declaring statement gives (its first value, if a name).
pub fn declared_id<'a>(statement: &'a Statement, text: &str) -> Option<(&'a str, Span)> {
    match statement.args.first() {
        Some(arg @ Arg { value: Value::Identifier(id), comma: false, .. }) => Some((id.as_str(), value_span(arg, text))),
        _ => None,
    }
}

/// The label a declaring statement gives (its second value, if a string).
pub fn declared_label(statement: &Statement) -> Option<&str> {
    match statement.args.get(1) {
        Some(Arg { value: Value::String(label), .. }) => Some(label),
        _ => None,
    }
}

/// A `// comment` or `/// doc comment` found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// `///`: documentation for the next declaration.
    pub doc: bool,
    /// Nothing but spaces before it on its line.
    pub own_line: bool,
}

/// The comments of a text (found by the compiler's quick pass, which skips
/// strings as the grammar does).
pub fn comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    crate::syntax::scan::comments(text)
        .into_iter()
        .map(|range| {
            let line_start = bytes[..range.start].iter().rposition(|b| matches!(b, b'\n' | b'\r')).map_or(0, |i| i + 1);
            let slashes = bytes[range.clone()].iter().take_while(|&&b| b == b'/').count();
            Comment {
                span: Span::new(range.start, range.end),
                doc: slashes == 3,
                own_line: bytes[line_start..range.start].iter().all(|b| matches!(b, b' ' | b'\t')),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings() {
        let text = "// a\nteam t \"x // y\" // z\n/// doc\n//// four\nteam \"open // q\nx";
        let found = comments(text);
        let texts: Vec<&str> = found.iter().map(|c| &text[c.span.range()]).collect();
        assert_eq!(texts, ["// a", "// z", "/// doc", "//// four"]);
        assert_eq!(
            found.iter().map(|c| (c.doc, c.own_line)).collect::<Vec<_>>(),
            [(false, true), (false, false), (true, true), (false, true)]
        );
    }
}
