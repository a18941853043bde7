//! A map kept as a vector sorted by key, found by binary search.
//!
//! The crate's maps are small or built once (the gazetteer's few hundred names, a CSV file's
//! columns, the tiles a map keeps, the basemaps of a page, the answers of one load's geocoding),
//! so a sorted vector is as fast as a hash table for them, and far smaller in the download:
//! `std`'s `HashMap` brought a hash table and a hasher compiled again for every key type, about
//! 14 KB of the module before gzip.

use std::borrow::Borrow;

/// See the module's documentation.
#[derive(Clone, Debug)]
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

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
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
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The values, in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// A map of the pairs; of pairs with equal keys the last is kept, as repeated inserts would.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut entries: Vec<(K, V)> = pairs.into_iter().collect();
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
