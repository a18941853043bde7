//! A stable sort that is compiled once, for the short lists sorted off the per-frame path.
//!
//! `slice::sort_by` is generic: every element type and every comparator gets its own copy of
//! driftsort, 3 to 4.5 KB of wasm each (twiggy counted 55 KB of `core::slice::sort` in the
//! module, from 14 copies). Here only positions (`usize`) are sorted, by a comparator behind
//! `dyn`, so there is one copy of std's sort; each caller adds a comparator closure and the
//! in-place permutation below. The price is an indirect call per comparison and a `Vec` of
//! positions: fine for gazetteer candidates, categories, labels, tiles and basemap places, not
//! for sorting a million incidents.

use std::cmp::Ordering;

/// Sorts `items` as `items.sort_by(compare)` does (stable: equal items keep their order).
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sorts `items` as `items.sort_by_key(key)` does (stable).
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of std's stable sort: positions, by what they point to.
pub(crate) fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`, following each cycle of
/// the permutation with swaps; `order` is used up (every entry ends as its own position).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        // Each swap puts the item that belongs at `at` in place; the cycle closes at `start`.
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std_and_stays_stable() {
        // Pairs with many equal keys, in an order with long and short cycles.
        let mut seed = 7u32;
        let items: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 16) % 23, i)
            })
            .collect();
        let mut ours = items.clone();
        sort_by_key(&mut ours, |p| p.0);
        let mut std_sorted = items.clone();
        std_sorted.sort_by_key(|p| p.0);
        assert_eq!(ours, std_sorted);
        let mut reversed = items;
        sort_by(&mut reversed, |a, b| b.cmp(a));
        assert!(reversed.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn short_lists_and_sorted_input() {
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |v| *v);
        assert!(empty.is_empty());
        let mut one = vec![3];
        sort_by_key(&mut one, |v| *v);
        assert_eq!(one, [3]);
        let mut words = vec!["b", "a", "c", "a"];
        sort_by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut sorted: Vec<u32> = (0..50).collect();
        sort_by_key(&mut sorted, |v| *v);
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    }
}
