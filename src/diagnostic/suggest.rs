//! "Did you mean" hints: the known name closest to a misspelt one (a name that starts with it
//! or shares its words first, else by Levenshtein distance from `strsim`), and the help text
//! for an unknown reference.

/// The longest name (in characters) [`closest_name`] compares: the edit distance takes time
/// proportional to the product of two names' lengths, and ids have no length limit.
const SUGGESTED_MAX_CHARS: usize = 200;

/// How many known names [`hint`] lists when none is close to the wrong one.
const LISTED_NAMES: usize = 8;

use super::Language;
use crate::say;

/// The shortest part of a name [`closest_name`] completes: shorter ones start too many names.
const MIN_PARTIAL_CHARS: usize = 3;

/// The known name closest to `wrong`, if there is one it plausibly means. A name that `wrong`
/// is the start of (`russische-truppen` for `russische-truppen-ukraine`), that is the start of
/// `wrong` up to a hyphen, or that has every word of `wrong`, comes first (the nearest of them
/// by edit distance): a shortened id is a likelier slip than a different one a few letters
/// away. Else the nearest name by edit distance, if it is close enough to be a typo. Names
/// longer than [`SUGGESTED_MAX_CHARS`] are never suggested.
pub fn closest_name<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let wrong_chars = wrong.chars().count();
    if wrong_chars > SUGGESTED_MAX_CHARS {
        return None;
    }
    let mut sorted: Vec<&'a str> = known.to_vec();
    sorted.sort_unstable();
    sorted.retain(|name| name.chars().count() <= SUGGESTED_MAX_CHARS);
    let partial = sorted
        .iter()
        .filter(|name| **name != wrong && completes(wrong, name))
        .map(|name| (strsim::levenshtein(wrong, name), *name))
        .min_by_key(|&(distance, _)| distance);
    if let Some((_, name)) = partial {
        return Some(name);
    }
    sorted
        .into_iter()
        .filter_map(|name| {
            let chars = name.chars().count();
            let allowed = (chars / 3).max(2);
            // The distance is at least the difference in length.
            (chars <= SUGGESTED_MAX_CHARS && chars.abs_diff(wrong_chars) <= allowed)
                .then(|| (strsim::levenshtein(wrong, name), name))
                .filter(|&(distance, _)| distance <= allowed)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Whether `name` is what `wrong` shortens: it starts with `wrong`, or `wrong` starts with it
/// and a separator, or it has every word of `wrong` (words split at `-`, `_` and `.`).
fn completes(wrong: &str, name: &str) -> bool {
    let is_separator = |c: char| matches!(c, '-' | '_' | '.');
    let long_enough = |text: &str| text.chars().filter(|c| !is_separator(*c)).count() >= MIN_PARTIAL_CHARS;
    if long_enough(wrong) && name.starts_with(wrong) {
        return true;
    }
    if long_enough(name)
        && wrong
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(is_separator))
    {
        return true;
    }
    let name_words: Vec<&str> = name.split(is_separator).collect();
    let mut wrong_words = wrong.split(is_separator).filter(|word| !word.is_empty()).peekable();
    wrong_words.peek().is_some()
        && wrong_words.all(|word| word.chars().count() >= MIN_PARTIAL_CHARS && name_words.contains(&word))
}

/// What a reference names, for [`hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A topic.
    Topic,
    /// An origin.
    Origin,
    /// A claim.
    Claim,
    /// A measure of a topic.
    Measure,
    /// A step of the verdict scale.
    Verdict,
    /// A source.
    Source,
}

impl Named {
    /// "topics" / "Themen".
    fn plural(self, language: Language) -> &'static str {
        match self {
            Named::Topic => language.pick("topics", "Themen"),
            Named::Origin => language.pick("origins", "Ursprünge"),
            Named::Claim => language.pick("claims", "Behauptungen"),
            Named::Measure => language.pick("measures", "Messgrößen"),
            Named::Verdict => language.pick("verdicts", "Bewertungen"),
            Named::Source => language.pick("sources", "Quellen"),
        }
    }

    /// "the topic" / "das Thema" (German in the accusative).
    fn the(self, language: Language) -> &'static str {
        match self {
            Named::Topic => language.pick("the topic", "das Thema"),
            Named::Origin => language.pick("the origin", "den Ursprung"),
            Named::Claim => language.pick("the claim", "die Behauptung"),
            Named::Measure => language.pick("the measure", "die Messgröße"),
            Named::Verdict => language.pick("the verdict", "die Bewertung"),
            Named::Source => language.pick("the source", "die Quelle"),
        }
    }
}

/// The help, in `language`, for a reference to an unknown `what` named `wrong`: the closest of
/// the `known` names, else where such names are defined and (up to eight of) which exist.
/// `place` says where they are defined, e.g. `content/topics.yaml` (in German in the dative,
/// after "in").
pub fn hint(language: Language, what: Named, wrong: &str, known: &[&str], place: &str) -> String {
    let plural = what.plural(language);
    match closest_name(wrong, known) {
        Some(name) => say!(
            language,
            "did you mean `{name}`? {plural} are defined in {place}",
            "Meinten Sie `{name}`? {plural} werden in {place} definiert"
        ),
        None if known.is_empty() => {
            let the = what.the(language);
            say!(language, "define {the} in {place}", "Legen Sie {the} in {place} an")
        }
        None => {
            let mut sorted = known.to_vec();
            sorted.sort_unstable();
            let more = if sorted.len() > LISTED_NAMES {
                let n = language.count(sorted.len() - LISTED_NAMES);
                say!(language, " and {n} more", " und {n} weitere")
            } else {
                String::new()
            };
            sorted.truncate(LISTED_NAMES);
            let listed = sorted.join(", ");
            say!(
                language,
                "{plural} are defined in {place}; known: {listed}{more}",
                "{plural} werden in {place} definiert; vorhanden: {listed}{more}"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_suggestions_skip_names_too_long_to_compare() {
        assert_eq!(closest_name("russlnd", &["russland", "ukraine"]), Some("russland"));
        assert_eq!(closest_name("r", &["russland"]), None);
        assert_eq!(
            closest_name("nordkorea-trupen", &["nordkorea-truppen", "russland"]),
            Some("nordkorea-truppen")
        );
        assert_eq!(closest_name("xyz", &["nordkorea-truppen"]), None);
        // Two ids of 20,000 letters one apart: comparing them takes 400 million steps.
        let long = "a".repeat(20_000);
        let typo = format!("{}b", &long[1..]);
        assert_eq!(closest_name(&typo, &[long.as_str()]), None);
        let fits = "a".repeat(SUGGESTED_MAX_CHARS);
        let fits_typo = format!("{}b", &fits[1..]);
        assert_eq!(closest_name(&fits_typo, &[fits.as_str()]), Some(fits.as_str()));
    }

    #[test]
    fn a_name_the_wrong_one_shortens_comes_before_a_nearer_typo() {
        let known = ["russische-verluste", "russische-truppen-ukraine"];
        // `russische-verluste` is 6 edits away, the intended name 8.
        assert_eq!(
            closest_name("russische-truppen", &known),
            Some("russische-truppen-ukraine")
        );
        assert_eq!(
            closest_name("russische-trupp", &known),
            Some("russische-truppen-ukraine")
        );
        assert_eq!(
            closest_name("truppen-ukraine", &known),
            Some("russische-truppen-ukraine")
        );
        assert_eq!(
            closest_name("russische-truppen-ukraine-2024", &known),
            Some("russische-truppen-ukraine")
        );
        // Among several, the nearest; a plain typo still finds its name.
        assert_eq!(
            closest_name("truppen", &["truppen-nordkorea-gesamt", "truppen-ukraine"]),
            Some("truppen-ukraine")
        );
        assert_eq!(closest_name("russische-verlsute", &known), Some("russische-verluste"));
        // Too short to complete anything.
        assert_eq!(closest_name("ru", &known), None);
        assert_eq!(
            hint(
                Language::En,
                Named::Topic,
                "russische-truppen",
                &known,
                "content/topics.yaml"
            ),
            "did you mean `russische-truppen-ukraine`? topics are defined in content/topics.yaml"
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        // One letter off in characters, three bytes off in UTF-8.
        assert_eq!(closest_name("grüße", &["grüsse", "gruss"]), Some("grüsse"));
        assert_eq!(strsim::levenshtein("ä", "a"), 1);
    }

    #[test]
    fn hints_in_german() {
        assert_eq!(
            hint(
                Language::De,
                Named::Topic,
                "russlnd",
                &["russland", "ukraine"],
                "content/topics.yaml"
            ),
            "Meinten Sie `russland`? Themen werden in content/topics.yaml definiert"
        );
        assert_eq!(
            hint(Language::De, Named::Origin, "x", &[], "content/origins.yaml"),
            "Legen Sie den Ursprung in content/origins.yaml an"
        );
    }

    #[test]
    fn hints_name_the_closest_else_list_the_known() {
        assert_eq!(
            hint(
                Language::En,
                Named::Topic,
                "russlnd",
                &["russland", "ukraine"],
                "content/topics.yaml"
            ),
            "did you mean `russland`? topics are defined in content/topics.yaml"
        );
        assert_eq!(
            hint(Language::En, Named::Topic, "x", &[], "content/topics.yaml"),
            "define the topic in content/topics.yaml"
        );
        let known: Vec<String> = (0..10).map(|i| format!("topic-number-{i}")).collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let listed = hint(Language::En, Named::Topic, "zzz", &known, "content/topics.yaml");
        assert!(listed.ends_with("topic-number-7 and 2 more"), "{listed}");
    }
}
