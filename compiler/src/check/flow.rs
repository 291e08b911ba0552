//! The flow between steps: without `next`, a step leads to the next one
//! written (across stage boundaries); with `next`, only to the steps named.

use crate::language::Kind;
use crate::resolve::{Names, NodePath};
use crate::syntax::ast::{Journey, Step};

/// Why one step leads to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// The next step written.
    Sequence,
    /// Named by `next`.
    Next,
}

/// The steps of a journey in written order.
pub fn steps(journey: &Journey) -> Vec<&Step> {
    journey.stages.iter().flat_map(|stage| &stage.steps).collect()
}

/// Every edge `(from, to, kind)` as indices into [`steps`]. A `next` name
/// leads where `resolve` resolved it (the journey `scope` of the build);
/// names that don't resolve are skipped (`resolve` reports them).
pub fn edges(journey: &Journey, names: &Names, scope: usize) -> Vec<(usize, usize, EdgeKind)> {
    let steps = steps(journey);
    // Where each stage's steps start in the written order.
    let starts: Vec<usize> = journey
        .stages
        .iter()
        .scan(0, |at, stage| {
            let here = *at;
            *at += stage.steps.len();
            Some(here)
        })
        .collect();
    let index = |name: &str| match names.lookup(Kind::Step, Some(scope), name)?.node {
        NodePath::Step { stage, step, .. } => Some(starts.get(stage)? + step),
        _ => None,
    };
    let mut edges = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if step.body.next.is_empty() {
            if i + 1 < steps.len() {
                edges.push((i, i + 1, EdgeKind::Sequence));
            }
        } else {
            for name in &step.body.next {
                if let Some(target) = index(name.text.as_str()).filter(|&t| t < steps.len()) {
                    edges.push((i, target, EdgeKind::Next));
                }
            }
        }
    }
    edges
}

/// Steps that can't be reached from the journey's first step.
pub fn unreachable<'a>(journey: &'a Journey, names: &Names, scope: usize) -> Vec<&'a Step> {
    let steps = steps(journey);
    if steps.is_empty() {
        return Vec::new();
    }
    let mut successors = vec![Vec::new(); steps.len()];
    for (from, to, _) in edges(journey, names, scope) {
        successors[from].push(to);
    }
    let mut reached = vec![false; steps.len()];
    let mut queue = vec![0];
    reached[0] = true;
    while let Some(at) = queue.pop() {
        for &to in &successors[at] {
            if !reached[to] {
                reached[to] = true;
                queue.push(to);
            }
        }
    }
    steps.into_iter().zip(reached).filter(|(_, r)| !r).map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// `next` leads where the name resolves, as go-to-definition says: to
    /// the first of two steps with one ID (the second is a duplicate, E0012).
    #[test]
    fn next_leads_where_resolve_says() {
        let text = "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" {}\n    step b \"B\" { next a }\n  }\n  stage t \"T\" {\n    step a \"Again\" {}\n  }\n}\n";
        let parsed = crate::syntax::parse(FileId(0), text);
        let files = [(FileId(0), &parsed.ast)];
        let (names, _) = crate::resolve::resolve(&files);
        let crate::syntax::ast::Item::Journey(journey) = &parsed.ast.items[0] else { panic!("a journey") };
        assert_eq!(edges(journey, &names, 0), vec![(0, 1, EdgeKind::Sequence), (1, 0, EdgeKind::Next)]);
    }
}
