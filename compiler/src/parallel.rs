//! Big builds use both cores of the reference machine (and of most CI
//! runners): the work is cut in two halves, one of them on a second thread.

use std::panic::resume_unwind;
use std::sync::Mutex;

/// A journey's stages are lowered, modelled and written on two threads from
/// this many on (about 1,000 steps); below it a thread costs more than it saves.
pub const STAGES_FOR_TWO_THREADS: usize = 50;

/// Runs `there` on a second thread while `here` runs on this one, and
/// returns both results. Without a thread to be had, runs both here. A panic
/// on the second thread goes on here.
pub fn join<A: Send, B>(there: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    // Behind a lock so that this thread can still run it if no thread starts.
    let there = Mutex::new(Some(there));
    let run = || there.lock().ok().and_then(|mut there| there.take()).map(|there| there());
    std::thread::scope(|scope| {
        // The main thread's stack size: pest recurses once per nesting level.
        let helper = std::thread::Builder::new().name("second core".into()).stack_size(8 << 20).spawn_scoped(scope, run).ok();
        let b = here();
        let a = helper.and_then(|helper| helper.join().unwrap_or_else(|panic| resume_unwind(panic))).or_else(run);
        (a.expect("`there` runs exactly once"), b)
    })
}

/// `items.map(work)`, in order; the first half on a second thread when
/// there are at least `from` items (below that a thread costs more than it
/// saves).
pub fn map_in_two<T: Send, U: Send>(items: Vec<T>, from: usize, work: impl Fn(T) -> U + Sync) -> Vec<U> {
    if items.len() < from.max(2) {
        return items.into_iter().map(work).collect();
    }
    let mut first = items;
    let second = first.split_off(first.len() / 2);
    let work = &work;
    let (mut first, mut second) =
        join(move || first.into_iter().map(work).collect::<Vec<U>>(), move || second.into_iter().map(work).collect::<Vec<U>>());
    first.append(&mut second);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order() {
        let items: Vec<usize> = (0..1001).collect();
        assert_eq!(map_in_two(items.clone(), 10, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(map_in_two(vec![1, 2, 3], 10, |i| i + 1), vec![2, 3, 4]);
        assert_eq!(map_in_two(Vec::<u8>::new(), 0, |i| i), Vec::<u8>::new());
    }

    #[test]
    fn runs_both_sides() {
        assert_eq!(join(|| 1 + 1, || "here"), (2, "here"));
    }
}
