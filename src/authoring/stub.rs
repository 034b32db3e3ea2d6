//! A new claim's YAML: a fresh id from its words, the figure read from them, the topic,
//! measure and origin guessed (each marked "confirm"), and `TODO` in the fields only the
//! annotator can fill, which `check` reports at their lines.

use std::collections::BTreeSet;

use super::figure::{Figure, FigureValue, read_figure};
use crate::load::ParsedDossier;
use crate::load::schema::ClaimFile;
use crate::model::numbers::plain;
use crate::model::{is_url_safe_id, suggest_id, windows_reserved_name};

/// What a stub is made from.
pub struct StubInput<'a> {
    /// The exact words.
    pub quote: &'a str,
    /// `prefix:` to write, if the words needed one.
    pub prefix: Option<&'a str>,
    /// `suffix:` to write.
    pub suffix: Option<&'a str>,
    /// The sentence around the words (who is quoted is often named there).
    pub sentence: &'a str,
    /// The article's language (how it writes numbers).
    pub language: &'a str,
    /// Claim ids already in the dossier.
    pub taken: &'a BTreeSet<String>,
    /// The source's claims in and near the words' paragraph, nearest first.
    pub neighbours: &'a [&'a ClaimFile],
    /// The dossier's files (topics, origins, verdicts).
    pub parsed: &'a ParsedDossier,
}

/// A guessed value and why it was guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// The value.
    pub value: String,
    /// Why (a comment in the stub).
    pub why: String,
}

/// A new claim, ready to be written as YAML.
#[derive(Debug, Clone)]
pub struct ClaimStub {
    /// A fresh, URL-safe id, unique in the dossier.
    pub id: String,
    /// The exact words.
    pub quote: String,
    /// `prefix:`, when given.
    pub prefix: Option<String>,
    /// `suffix:`, when given.
    pub suffix: Option<String>,
    /// The topic, when one could be guessed.
    pub topic: Option<Guess>,
    /// Every topic id (listed when none was guessed).
    pub topics: Vec<String>,
    /// The figure the words write.
    pub figure: Option<Figure>,
    /// The measure of the figure, when the topic has measures.
    pub measure: Option<Guess>,
    /// The origin (`article` when the sentence names none of the dossier's origins).
    pub origin: Guess,
    /// Every verdict id, for the comment on `verdict:`.
    pub verdicts: Vec<String>,
}

/// Words left out of ids: articles, prepositions and the like.
const STOP_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder", "mit",
    "von", "vom", "zu", "zum", "zur", "im", "in", "an", "am", "auf", "aus", "bei", "für", "nach", "als", "auch", "es",
    "er", "sie", "sich", "sei", "ist", "sind", "hat", "haben", "wird", "werden", "dass", "daß", "nicht", "so", "wie",
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "that", "is", "are",
    "was", "were", "has", "have", "had", "be", "been", "it", "its", "as",
];

/// Longest id made from words, in bytes (before a `-2` for uniqueness).
const ID_MAX: usize = 40;

impl ClaimStub {
    /// The stub for `input`.
    pub fn new(input: &StubInput<'_>) -> ClaimStub {
        let parsed = input.parsed;
        let topics: Vec<&crate::load::schema::TopicFile> = parsed.topics.iter().flat_map(|t| t.value.iter()).collect();
        let figure = read_figure(input.quote, input.language);
        let topic = guess_topic(input, &topics);
        let measure = match (&figure, &topic) {
            (Some(_), Some(topic)) => topics
                .iter()
                .find(|t| t.id.value == topic.value)
                .and_then(|t| guess_measure(input, t)),
            _ => None,
        };
        ClaimStub {
            id: fresh_id(input.quote, input.taken),
            quote: input.quote.to_owned(),
            prefix: input.prefix.map(str::to_owned),
            suffix: input.suffix.map(str::to_owned),
            topic,
            topics: topics.iter().map(|t| t.id.value.clone()).collect(),
            figure,
            measure,
            origin: guess_origin(input),
            verdicts: parsed
                .config
                .iter()
                .flat_map(|c| c.value.verdicts.iter().map(|v| v.id.value.clone()))
                .collect(),
        }
    }

    /// The fields the annotator must fill (`check` points at each).
    pub fn to_fill(&self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if self.topic.is_none() {
            fields.push("topic");
        }
        if self.figure.is_some() && self.topic.is_some() && self.measure.is_none() {
            fields.push("quantity");
        }
        fields.extend(["verdict", "note"]);
        fields
    }

    /// The fields filled with a guess, to confirm.
    pub fn to_confirm(&self) -> Vec<&'static str> {
        let mut fields = vec!["statement"];
        if self.topic.is_some() {
            fields.push("topic");
        }
        if self.figure.is_some() && self.measure.is_some() {
            fields.push("quantity");
        }
        fields.push("origin");
        fields
    }

    /// The stub as one entry of a `claims:` list, at indentation 0.
    pub fn yaml(&self) -> String {
        let mut out = format!("- id: {}\n", self.id);
        out.push_str(&format!("  quote: {}\n", yaml_string(&self.quote)));
        if let Some(prefix) = &self.prefix {
            out.push_str(&format!("  prefix: {}\n", yaml_string(prefix)));
        }
        if let Some(suffix) = &self.suffix {
            out.push_str(&format!("  suffix: {}\n", yaml_string(suffix)));
        }
        out.push_str(&format!(
            "  statement: {}  # the quote's words: say what it asserts in one sentence of ours\n",
            yaml_string(&self.quote)
        ));
        match &self.topic {
            Some(topic) => out.push_str(&format!("  topic: {}  # {}: confirm\n", topic.value, topic.why)),
            None => out.push_str(&format!("  topic: TODO  # one of: {}\n", listed(&self.topics))),
        }
        if let Some(figure) = &self.figure {
            out.push_str(&self.quantity_line(figure));
        }
        out.push_str(&format!(
            "  origin: {}  # {}: confirm\n",
            self.origin.value, self.origin.why
        ));
        out.push_str(&format!("  verdict: TODO  # one of: {}\n", listed(&self.verdicts)));
        out.push_str("  # conclusion: \"…\"  # the verdict's reason in one sentence, shown under the claim's heading; check --strict requires it\n");
        out.push_str("  note: \"TODO: why this verdict (Markdown)\"\n");
        out
    }

    fn quantity_line(&self, figure: &Figure) -> String {
        let mut fields = match figure.value {
            FigureValue::Single(value) => format!("value: {}", plain(value)),
            FigureValue::Range(min, max) => format!("min: {}, max: {}", plain(min), plain(max)),
        };
        if let Some(qualifier) = figure.qualifier {
            fields.push_str(&format!(", qualifier: {}", qualifier_id(qualifier)));
        }
        let read = format!("read from {}", yaml_string(&figure.written));
        let others = if figure.others.is_empty() {
            String::new()
        } else {
            format!("; the quote also writes {}", figure.others.join(", "))
        };
        match (&self.topic, &self.measure) {
            (Some(_), Some(measure)) => format!(
                "  quantity: {{ {fields}, measure: {} }}  # {read}{others}, measure {}: confirm\n",
                measure.value, measure.why
            ),
            (Some(topic), None) => format!(
                "  # quantity: {{ {fields}, measure: … }}  # {read}{others}; topic `{}` has no measures: add one in content/topics.yaml to compare this figure\n",
                topic.value
            ),
            (None, _) => {
                format!("  quantity: {{ {fields}, measure: TODO }}  # {read}{others}; a measure of the topic\n")
            }
        }
    }
}

/// The command line that adds a claim for `words` to the source `source`.
pub fn add_claim_command(source: &str, words: &str) -> String {
    format!("dossier add-claim {source} {}", shell_quoted(words))
}

/// `text` in single quotes for a POSIX shell (a `'` inside written `'\''`).
fn shell_quoted(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("'{}'", one_line.replace('\'', "'\\''"))
}

/// The topic: that of the nearest claim of the source, else the one whose words the quote
/// shares most, else the only one.
fn guess_topic(input: &StubInput<'_>, topics: &[&crate::load::schema::TopicFile]) -> Option<Guess> {
    let known = |id: &str| topics.iter().any(|t| t.id.value == id);
    if let Some(claim) = input.neighbours.iter().find(|c| known(&c.topic.value)) {
        return Some(Guess {
            value: claim.topic.value.clone(),
            why: format!("as claim `{}` beside it", claim.id.value),
        });
    }
    let words = content_words(input.sentence);
    let scored = topics.iter().map(|topic| {
        let mut text = format!("{} {} {}", topic.title, topic.question, topic.description);
        for measure in &topic.measures {
            text.push(' ');
            text.push_str(&measure.label);
        }
        (shared(&words, &content_words(&text)), topic)
    });
    let best = scored.max_by_key(|(score, topic)| (*score, std::cmp::Reverse(topic.id.value.clone())));
    match best {
        Some((score, topic)) if score > 0 => Some(Guess {
            value: topic.id.value.clone(),
            why: "its words are in the sentence".to_owned(),
        }),
        _ if topics.len() == 1 => Some(Guess {
            value: topics[0].id.value.clone(),
            why: "the only topic".to_owned(),
        }),
        _ => None,
    }
}

/// The measure: the one whose label the sentence shares most, else that of the nearest claim
/// of the same topic with a figure, else the first.
fn guess_measure(input: &StubInput<'_>, topic: &crate::load::schema::TopicFile) -> Option<Guess> {
    let all = listed(&topic.measures.iter().map(|m| m.id.value.clone()).collect::<Vec<_>>());
    let (in_quote, in_sentence) = (content_words(input.quote), content_words(input.sentence));
    // Words of the quote count twice those of the rest of the sentence; the first of equals.
    let best = topic
        .measures
        .iter()
        .rev()
        .map(|m| {
            let label = content_words(&m.label);
            (2 * shared(&in_quote, &label) + shared(&in_sentence, &label), m)
        })
        .max_by_key(|(score, _)| *score)?;
    if best.0 > 0 {
        return Some(Guess {
            value: best.1.id.value.clone(),
            why: format!("(its label's words are in the sentence; measures: {all})"),
        });
    }
    let known = |id: &str| topic.measures.iter().any(|m| m.id.value == id);
    for claim in input.neighbours.iter().filter(|c| c.topic.value == topic.id.value) {
        if let Some(quantity) = &claim.quantity
            && known(&quantity.measure.value)
        {
            return Some(Guess {
                value: quantity.measure.value.clone(),
                why: format!("(as claim `{}`; measures: {all})", claim.id.value),
            });
        }
    }
    Some(Guess {
        value: topic.measures.first()?.id.value.clone(),
        why: format!("(the first; measures: {all})"),
    })
}

/// The origin whose name the sentence writes, else `article`.
fn guess_origin(input: &StubInput<'_>) -> Guess {
    let words: BTreeSet<&str> = input
        .sentence
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let origins = input.parsed.origins.iter().flat_map(|o| o.value.iter());
    for origin in origins.filter(|o| !o.unnamed) {
        let named = input.sentence.contains(origin.name.as_str())
            || origin
                .name
                .split_whitespace()
                .filter(|w| w.chars().count() >= 4 && w.chars().next().is_some_and(char::is_uppercase))
                .any(|w| words.contains(w));
        if named {
            return Guess {
                value: origin.id.value.clone(),
                why: format!("\"{}\" is named in the sentence", origin.name),
            };
        }
    }
    Guess {
        value: "article".to_owned(),
        why: "`article`: the sentence names none of content/origins.yaml".to_owned(),
    }
}

/// Lower-case words of four or more letters, not stop words.
fn content_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Words of `a` that begin a word of `b` or that a word of `b` begins (so "Soldaten" meets
/// "Soldat" and "Verluste" meets "Verlusten").
fn shared(a: &BTreeSet<String>, b: &BTreeSet<String>) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
        .count()
}

/// A fresh id from the quote's words: its first content words and numbers (`11.000` as
/// `11000`), at most [`ID_MAX`] bytes, with `-2`, `-3`, … when taken.
pub fn fresh_id(quote: &str, taken: &BTreeSet<String>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut length = 0;
    for word in quote.split_whitespace() {
        let joined: String = word
            .chars()
            .enumerate()
            .filter(|&(i, c)| {
                // A separator between digits: `11.000` → `11000`.
                let inner = matches!(c, '.' | ',' | '\'') && i > 0;
                !inner || !word.chars().nth(i - 1).is_some_and(|p| p.is_ascii_digit())
            })
            .map(|(_, c)| c)
            .collect();
        let id = suggest_id(&joined);
        if id == "my-id" || STOP_WORDS.contains(&joined.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())) {
            continue;
        }
        if length + id.len() + 1 > ID_MAX && !words.is_empty() {
            break;
        }
        length += id.len() + 1;
        words.push(id);
        if words.len() == 5 {
            break;
        }
    }
    let mut base: String = words.join("-");
    base.truncate(ID_MAX);
    let base = base.trim_end_matches('-').to_owned();
    let base = if base.is_empty() { "claim".to_owned() } else { base };
    let usable = |id: &str| is_url_safe_id(id) && windows_reserved_name(id).is_none() && !taken.contains(id);
    if usable(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| usable(id))
        .unwrap_or(base)
}

fn listed(ids: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut out = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        out.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    out
}

fn qualifier_id(qualifier: crate::load::schema::Qualifier) -> String {
    serde_json::to_value(qualifier)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_words_are_url_safe_and_fresh() {
        let none = BTreeSet::new();
        assert_eq!(
            fresh_id("und eine Gesamtzahl von bis zu 12.000 Soldaten", &none),
            "gesamtzahl-bis-12000-soldaten"
        );
        assert_eq!(fresh_id("„Über“ Ärger", &none), "ueber-aerger");
        let taken: BTreeSet<String> = ["ueber-aerger".to_owned(), "ueber-aerger-2".to_owned()].into();
        assert_eq!(fresh_id("„Über“ Ärger", &taken), "ueber-aerger-3");
        assert_eq!(fresh_id("…", &none), "claim");
        assert_eq!(fresh_id("con", &none), "con-2", "never a Windows device name");
    }

    #[test]
    fn command_lines_quote_for_the_shell() {
        assert_eq!(
            add_claim_command("a", "Er sagte: 'nein'\nund ging."),
            "dossier add-claim a 'Er sagte: '\\''nein'\\'' und ging.'"
        );
    }
}
