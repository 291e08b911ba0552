//! The flow between steps: without `next`, a step leads to the next one
//! written (across stage boundaries); with `next`, only to the steps named;
//! with `exit` and no `next`, nowhere (the customer leaves).
//!
//! The *main path* starts at the journey's first step and goes, by the
//! successors in written order, to a step that leads nowhere (the end, or an
//! exit), backing out of a branch that only loops back; only when every way
//! loops does it take one (the first successors not yet visited). Every
//! other step is on a side path. An edge back to a step written earlier (or
//! to itself) is a loop.

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

/// One step leading to another, as indices into [`steps`].
#[derive(Clone, Debug, PartialEq)]
pub struct Edge<'a> {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// The outcome written after the `next` name: `next approve "Approved"`.
    pub outcome: Option<&'a str>,
}

impl Edge<'_> {
    /// Back to a step written earlier, or to itself.
    pub fn is_loop(&self) -> bool {
        self.to <= self.from
    }
}

/// Every edge as indices into [`steps`]. A `next` name leads where `resolve`
/// resolved it (the journey `scope` of the build); names that don't resolve
/// are skipped (`resolve` reports them).
pub fn edges<'a>(journey: &'a Journey, names: &Names, scope: usize) -> Vec<Edge<'a>> {
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
            if i + 1 < steps.len() && step.body.exit.is_none() {
                edges.push(Edge { from: i, to: i + 1, kind: EdgeKind::Sequence, outcome: None });
            }
        } else {
            for next in &step.body.next {
                if let Some(target) = index(next.step.text.as_str()).filter(|&t| t < steps.len()) {
                    let outcome = next.outcome.as_ref().map(|o| o.text.as_str());
                    edges.push(Edge { from: i, to: target, kind: EdgeKind::Next, outcome });
                }
            }
        }
    }
    edges
}

/// Which steps are on the main path, by index into [`steps`], and which
/// edges it takes.
pub struct Paths {
    pub main: Vec<bool>,
    /// `main_edge[e]`: whether edge `e` of [`edges`] is a step of the main path.
    pub main_edge: Vec<bool>,
}

pub fn paths(step_count: usize, edges: &[Edge]) -> Paths {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); step_count];
    for (e, edge) in edges.iter().enumerate() {
        out[edge.from].push(e);
    }
    let mut main = vec![false; step_count];
    let mut main_edge = vec![false; edges.len()];
    if step_count == 0 {
        return Paths { main, main_edge };
    }
    // Depth first, successors in written order, backing up from a step
    // whose every way on is already on the path (a loop) until the path
    // reaches a real end: a step that leads nowhere (the last step, or an
    // exit). A step found to lead only into loops is not tried again, so
    // this is linear in the size of the flow; and it uses a stack of its
    // own, not recursion (a generated journey may have 100,000 steps).
    let mut dead = vec![false; step_count];
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    let mut taken: Vec<usize> = Vec::new();
    main[0] = true;
    let mut found = false;
    while let Some(&mut (step, ref mut cursor)) = stack.last_mut() {
        if out[step].is_empty() {
            found = true;
            break;
        }
        let mut advanced = false;
        while *cursor < out[step].len() {
            let e = out[step][*cursor];
            *cursor += 1;
            let to = edges[e].to;
            if !main[to] && !dead[to] {
                main[to] = true;
                taken.push(e);
                stack.push((to, 0));
                advanced = true;
                break;
            }
        }
        if !advanced {
            dead[step] = true;
            main[step] = false;
            stack.pop();
            if !stack.is_empty() {
                taken.pop();
            }
        }
    }
    if !found {
        // Every way from the first step ends in a loop: the main path is
        // then the first successors not yet visited, as far as they go.
        main.iter_mut().for_each(|m| *m = false);
        taken.clear();
        let mut at = Some(0);
        while let Some(step) = at {
            main[step] = true;
            at = out[step].iter().copied().find(|&e| !main[edges[e].to]).map(|e| {
                taken.push(e);
                edges[e].to
            });
        }
    }
    for e in taken {
        main_edge[e] = true;
    }
    Paths { main, main_edge }
}

/// Steps that can't be reached from the journey's first step.
pub fn unreachable<'a>(journey: &'a Journey, names: &Names, scope: usize) -> Vec<&'a Step> {
    let steps = steps(journey);
    if steps.is_empty() {
        return Vec::new();
    }
    let mut successors = vec![Vec::new(); steps.len()];
    for edge in edges(journey, names, scope) {
        successors[edge.from].push(edge.to);
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
        let found: Vec<(usize, usize, EdgeKind)> = edges(journey, &names, 0).iter().map(|e| (e.from, e.to, e.kind)).collect();
        assert_eq!(found, vec![(0, 1, EdgeKind::Sequence), (1, 0, EdgeKind::Next)]);
    }

    fn journey_paths(text: &str) -> Vec<bool> {
        let parsed = crate::syntax::parse(FileId(0), text);
        let files = [(FileId(0), &parsed.ast)];
        let (names, _) = crate::resolve::resolve(&files);
        let crate::syntax::ast::Item::Journey(journey) = &parsed.ast.items[0] else { panic!("a journey") };
        let edges = edges(journey, &names, 0);
        paths(steps(journey).len(), &edges).main
    }

    /// A loop written as the first `next` doesn't end the main path, a
    /// branch that only loops back is backed out of, and a step that only an
    /// exit leaves ends it.
    #[test]
    fn the_main_path_skips_loops_and_ends_at_an_exit() {
        let text = "journey j \"J\" {\n  stage s \"S\" {\n    step check \"C\" { next fix, go }\n    step fix \"F\" { next check }\n    step go \"G\" {}\n    step done \"D\" {}\n  }\n}\n";
        assert_eq!(journey_paths(text), vec![true, false, true, true]);
        let text = "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" {}\n    step b \"B\" { next a, c }\n    step side \"Side\" { exit }\n    step c \"C\" { next side }\n  }\n}\n";
        assert_eq!(journey_paths(text), vec![true, true, true, true]);
        let text = "journey j \"J\" {\n  stage s \"S\" {\n    step a \"A\" { next c, b }\n    step b \"B\" { exit }\n    step c \"C\" {}\n  }\n}\n";
        assert_eq!(journey_paths(text), vec![true, false, true]);
    }
}
