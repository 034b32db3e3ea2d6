//! The UI language of a dossier (`language:` of `dossier.yaml`), and [`say!`](crate::say), the
//! one way a message is written in both of them.
//!
//! Every message the tool shows the annotator about the dossier's content is written at the
//! place it is raised, English and German side by side:
//!
//! ```
//! # use dossier::diagnostic::Language;
//! let id = "x";
//! let language = Language::De;
//! let message = dossier::say!(language, "claim `{id}` has no topic", "Behauptung `{id}` hat kein Thema");
//! assert_eq!(message, "Behauptung `x` hat kein Thema");
//! ```
//!
//! Both texts are format strings checked by the compiler, so neither can miss an argument, and
//! the language is a value handed down by whoever reads the dossier (the loader's
//! [`InputFiles`](crate::load::InputFiles), the resolver, the reporting command): there is no
//! global and no lookup by key that could fail at run time.

use serde::Serialize;

/// UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German.
    De,
    /// English: also the language of messages before `dossier.yaml` can be read.
    #[default]
    En,
}

impl Language {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }

    /// The language of a `language:` value of `dossier.yaml` (`de`, `en`), if it is one.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.trim() {
            "de" => Some(Language::De),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The text for this language of an English and a German one (plain texts; formatted
    /// ones go through [`say!`](crate::say)).
    pub fn pick<T>(self, en: T, de: T) -> T {
        match self {
            Language::En => en,
            Language::De => de,
        }
    }

    /// `n` with this language's thousands separator (`1,242` / `1.242`): counts in messages.
    pub fn count(self, n: usize) -> String {
        let digits = n.to_string();
        let separator = self.pick(',', '.');
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }
}

/// A message in the given [`Language`]: `say!(language, "English {x}", "Deutsch {x}")`, each
/// text a format string (with the same arguments, usually captured by name). Only the text of
/// the language asked for is formatted.
#[macro_export]
macro_rules! say {
    ($language:expr, $en:literal, $de:literal $(,)?) => {
        match $language {
            $crate::diagnostic::Language::En => ::std::format!($en),
            $crate::diagnostic::Language::De => ::std::format!($de),
        }
    };
    ($language:expr, $en:literal, $de:literal, $($arg:tt)+) => {
        match $language {
            $crate::diagnostic::Language::En => ::std::format!($en, $($arg)+),
            $crate::diagnostic::Language::De => ::std::format!($de, $($arg)+),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn say_formats_only_the_language_asked_for_with_captured_arguments() {
        let n = 3;
        assert_eq!(crate::say!(Language::En, "{n} claims", "{n} Behauptungen"), "3 claims");
        assert_eq!(
            crate::say!(Language::De, "{n} claims", "{n} Behauptungen"),
            "3 Behauptungen"
        );
        assert_eq!(crate::say!(Language::De, "{} of {}", "{} von {}", 1, 2), "1 von 2");
    }

    #[test]
    fn counts_get_the_languages_thousands_separator() {
        assert_eq!(Language::De.count(1242), "1.242");
        assert_eq!(Language::En.count(1242), "1,242");
        assert_eq!(Language::De.count(999), "999");
        assert_eq!(Language::En.count(1_000_000), "1,000,000");
    }

    #[test]
    fn only_de_and_en_are_languages() {
        assert_eq!(Language::from_tag(" de "), Some(Language::De));
        assert_eq!(Language::from_tag("en"), Some(Language::En));
        assert_eq!(Language::from_tag("Deutsch"), None);
    }
}
