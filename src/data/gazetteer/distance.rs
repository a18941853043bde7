//! Edit distance between name keys, for "did you mean" suggestions.

/// The Levenshtein distance between `a` (as characters) and `b` in characters, or `None` when it
/// is over `limit`. Lengths are compared first, so most far names cost no table at all.
pub(crate) fn edit_distance(a: &[char], b: &str, limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.chars().count()) > limit {
        return None;
    }
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|d| *d <= limit)
}

/// How far a suggestion may be from what was written: half its length, at least 2.
pub(crate) fn suggestion_limit(key: &str) -> usize {
    (key.chars().count() / 2).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
        edit_distance(&a.chars().collect::<Vec<_>>(), b, limit)
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kandahr", "kandahar", 3), Some(1));
        assert_eq!(distance("kabul", "kabul", 0), Some(0));
        assert_eq!(distance("", "abc", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("a", "abcdef", 2), None);
        assert_eq!(distance("قندز", "قندوز", 2), Some(1));
    }
}
