//! Sorting through one routine.
//!
//! Every call of the standard library's sorts with a new element type or
//! comparison compiles a new copy of its sorting code, about 5 KB of wasm
//! each; a dozen of them cost the page several kilobytes gzipped (measured
//! with twiggy). These helpers sort a list of positions instead, with one
//! comparison type for the whole program, and then swap the elements into
//! that order: one copy of the sorting code, whatever is sorted. The sort is
//! stable and O(n log n); it allocates two vectors of positions.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `items` by `compare`, stably.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut destination = {
        let view: &[T] = items;
        destinations(view.len(), &|a, b| match (view.get(a), view.get(b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        })
    };
    // Follow each cycle of the permutation with swaps: the only code that
    // depends on the element type is a swap.
    for at in 0..destination.len() {
        while let Some(&to) = destination.get(at) {
            if to == at || to >= items.len() {
                break;
            }
            items.swap(at, to);
            destination.swap(at, to);
        }
    }
}

/// Sorts `items` by a key, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, Ord::cmp);
}

/// Where each of the positions `0..len` goes in the order `compare` gives;
/// the one place that runs the standard library's sort.
fn destinations(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    let mut destination = alloc::vec![0; len];
    for (to, from) in order.into_iter().enumerate() {
        if let Some(slot) = destination.get_mut(from) {
            *slot = to;
        }
    }
    destination
}

#[cfg(test)]
mod tests {
    use alloc::vec;

    use super::*;

    #[test]
    fn sorts_stably() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut items, |(n, _)| *n);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut words = vec!["pear", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_u32;
        for len in 0..200usize {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|at| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed % 7, at)
                })
                .collect();
            let mut mine = items.clone();
            sort_by_key(&mut mine, |(key, _)| *key);
            let mut theirs = items;
            theirs.sort_by_key(|(key, _)| *key);
            assert_eq!(mine, theirs);
        }
    }
}
