//! The flow between steps: without `next`, a step leads to the next one
//! written (across stage boundaries); with `next`, only to the steps named.

use crate::syntax::ast::{Journey, Step};
use rustc_hash::FxHashMap as HashMap;

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

/// Every edge `(from, to, kind)` as indices into [`steps`]. Names that don't
/// resolve are skipped (they are reported by `resolve`).
pub fn edges(journey: &Journey) -> Vec<(usize, usize, EdgeKind)> {
    let steps = steps(journey);
    let index: HashMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.header.id.text.as_str(), i)).collect();
    let mut edges = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if step.body.next.is_empty() {
            if i + 1 < steps.len() {
                edges.push((i, i + 1, EdgeKind::Sequence));
            }
        } else {
            for name in &step.body.next {
                if let Some(&target) = index.get(name.text.as_str()) {
                    edges.push((i, target, EdgeKind::Next));
                }
            }
        }
    }
    edges
}

/// Steps that can't be reached from the journey's first step.
pub fn unreachable(journey: &Journey) -> Vec<&Step> {
    let steps = steps(journey);
    if steps.is_empty() {
        return Vec::new();
    }
    let mut successors = vec![Vec::new(); steps.len()];
    for (from, to, _) in edges(journey) {
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
