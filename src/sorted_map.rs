//! A map kept as a vector sorted by key, found by binary search.
//!
//! The crate's maps are small or built once (a JSON object's members, the gazetteer's few hundred
//! names, a CSV file's columns, the tiles a map keeps, the basemaps of a page, the answers of one
//! load's geocoding), so a sorted vector is as fast as a hash table for them, and far smaller in
//! the download:
//! `std`'s `HashMap` brought a hash table and a hasher compiled again for every key type, about
//! 14 KB of the module before gzip.

use std::borrow::Borrow;

/// See the module's documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go. A plain loop rather than `binary_search_by`: faster
    /// natively on the JSON reader's member lookups, where it is on the load's path.
    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        let (mut low, mut high) = (0, self.entries.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.entries[mid].0.borrow().cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(low)
    }

    /// The value under `key`, if any.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| &self.entries[at].1)
    }

    /// The value under `key`, if any, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(move |at| &mut self.entries[at].1)
    }

    /// Whether the map holds `key`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.position(key).is_ok()
    }

    /// Puts `value` under `key`; returns the value it replaces, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// The value under `key`, made by `make` first if there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.position(&key) {
            Ok(at) => at,
            Err(at) => {
                self.entries.insert(at, (key, make()));
                at
            }
        };
        &mut self.entries[at].1
    }

    /// Takes the value under `key` out of the map.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| self.entries.remove(at).1)
    }

    /// Keeps only the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// How many entries the map holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values, in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// A map of the pairs; of pairs with equal keys the last is kept, as repeated inserts would, but
/// without moving the entries for each key (a sorted insert is O(n) each, O(n²) for a hostile
/// JSON object of a million members).
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut entries: Vec<(K, V)> = pairs.into_iter().collect();
        if entries.len() <= 16 {
            let mut map = Self { entries: Vec::with_capacity(entries.len()) };
            for (key, value) in entries {
                map.insert(key, value);
            }
            return map;
        }
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return Self { entries };
        }
        // Stable: equal keys keep their order, and the last of each run is the one kept.
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        Self { entries: kept }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_map() {
        let mut map = SortedMap::new();
        let mut reference = std::collections::BTreeMap::new();
        // A fixed pseudo-random walk of inserts, replacements and removals.
        let mut x: u32 = 12345;
        for _ in 0..5000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let key = (x >> 16) % 200;
            match x % 4 {
                0 | 1 => assert_eq!(map.insert(key, x), reference.insert(key, x)),
                2 => assert_eq!(map.remove(&key), reference.remove(&key)),
                _ => {
                    *map.get_or_insert_with(key, || 0) += 1;
                    *reference.entry(key).or_insert(0) += 1;
                }
            }
            assert_eq!(map.get(&key), reference.get(&key));
            assert_eq!(map.contains_key(&key), reference.contains_key(&key));
        }
        assert_eq!(map.len(), reference.len());
        assert!(map.iter().map(|(k, v)| (*k, *v)).eq(reference.iter().map(|(k, v)| (*k, *v))));
        map.retain(|k, _| k % 2 == 0);
        reference.retain(|k, _| k % 2 == 0);
        assert!(map.values().eq(reference.values()));
        assert_eq!(map.is_empty(), reference.is_empty());
    }

    #[test]
    fn collecting_keeps_the_last_of_equal_keys() {
        let map: SortedMap<u32, &str> = [(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")].into_iter().collect();
        assert!(map.iter().map(|(k, v)| (*k, *v)).eq([(1, "e"), (2, "d"), (3, "c")]));
        // Past 16 pairs the map is sorted in one go: the same result as inserting each in turn.
        let pairs: Vec<(u32, u32)> = (0..100).map(|i| ((i * 37) % 23, i)).collect();
        let mut inserted = SortedMap::new();
        for &(k, v) in &pairs {
            inserted.insert(k, v);
        }
        assert_eq!(pairs.into_iter().collect::<SortedMap<u32, u32>>(), inserted);
    }

    #[test]
    fn string_keys_are_found_by_str() {
        let mut map: SortedMap<String, usize> = SortedMap::new();
        map.insert("kabul".to_owned(), 1);
        map.insert("herat".to_owned(), 2);
        assert_eq!(map.get("kabul"), Some(&1));
        *map.get_mut("herat").unwrap() += 1;
        assert_eq!(map.get("herat"), Some(&3));
        assert_eq!(map.get("kunduz"), None);
    }
}
