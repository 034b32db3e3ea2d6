//! [`Strings`]: a list of strings kept back to back in one buffer, the form in which a page's
//! links and ids are kept until the link check (every page's at once in a build: a `String`
//! each cost its length plus a 24-byte header and an allocation of its own).

use std::hash::{Hash, Hasher};

/// A list of strings in one buffer. It hashes as the `Vec<String>` of the same strings (the
/// build cache records those hashes).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Strings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Strings {
    /// Adds `value` at the end.
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// How many strings it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The strings, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { strings: self, next: 0 }
    }

    /// The room allocated but not used, in bytes.
    #[cfg(test)]
    pub(super) fn spare(&self) -> usize {
        (self.text.capacity() - self.text.len()) + (self.ends.capacity() - self.ends.len()) * size_of::<usize>()
    }

    /// Gives back the room not used (a page's lists are kept until the link check).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// The strings of a [`Strings`], in order.
#[derive(Clone)]
pub struct Iter<'a> {
    strings: &'a Strings,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let end = *self.strings.ends.get(self.next)?;
        let start = match self.next {
            0 => 0,
            n => self.strings.ends[n - 1],
        };
        self.next += 1;
        self.strings.text.get(start..end)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.strings.ends.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Strings {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Strings {
    fn from_iter<I: IntoIterator<Item = S>>(values: I) -> Self {
        let mut strings = Strings::default();
        for value in values {
            strings.push(value.as_ref());
        }
        strings
    }
}

impl<S: AsRef<str>, const N: usize> From<[S; N]> for Strings {
    fn from(values: [S; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Strings {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As `[String]` hashes: the length, then each string.
impl Hash for Strings {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for value in self {
            value.hash(state);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn holds_the_strings_in_order_and_hashes_as_a_vec_of_them() {
        let lists: [&[&str]; 5] = [&[], &[""], &["", ""], &["../a/", "#top", "", "b.csv"], &["ab", "c"]];
        for list in lists {
            let strings: Strings = list.iter().collect();
            let vec: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
            assert_eq!(strings.iter().collect::<Vec<_>>(), list);
            assert_eq!(strings.len(), list.len());
            assert_eq!(strings, vec);
            assert_eq!(hash_of(&strings), hash_of(&vec), "{list:?}");
        }
        // Where the strings end counts, not only their letters.
        assert_ne!(Strings::from(["ab", "c"]), Strings::from(["a", "bc"]));
        assert_ne!(
            hash_of(&Strings::from(["ab", "c"])),
            hash_of(&Strings::from(["a", "bc"]))
        );
    }
}
