//! Big builds use both cores of the reference machine (and of most CI
//! runners): the work is a list of independent pieces, cut in two halves.

use std::sync::Mutex;

/// `items.map(work)`, in order; the first half on a second thread when
/// there are at least `from` items (below that a thread costs more than it
/// saves). Without a thread to be had, all of it runs here.
pub fn map_in_two<T: Send, U: Send>(items: Vec<T>, from: usize, work: impl Fn(T) -> U + Sync) -> Vec<U> {
    if items.len() < from.max(2) {
        return items.into_iter().map(work).collect();
    }
    let mut first = items;
    let second = first.split_off(first.len() / 2);
    let first = Mutex::new(Some(first));
    let take = || first.lock().ok().and_then(|mut items| items.take()).unwrap_or_default();
    let (work, take) = (&work, &take);
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("second core".into())
            .spawn_scoped(scope, move || take().into_iter().map(work).collect::<Vec<U>>())
            .ok();
        let mut second: Vec<U> = second.into_iter().map(work).collect();
        let mut out = match helper {
            Some(helper) => helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => take().into_iter().map(work).collect(),
        };
        out.append(&mut second);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::map_in_two;

    #[test]
    fn keeps_the_order() {
        let items: Vec<usize> = (0..1001).collect();
        assert_eq!(map_in_two(items.clone(), 10, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(map_in_two(vec![1, 2, 3], 10, |i| i + 1), vec![2, 3, 4]);
        assert_eq!(map_in_two(Vec::<u8>::new(), 0, |i| i), Vec::<u8>::new());
    }
}
