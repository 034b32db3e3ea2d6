//! What `add-source` reads from an article: its title, publication date, author, outlet and
//! language, each with where it was read ([`Evidence`]), and the page furniture to exclude.
//!
//! The text is read first (a copied page starts with its headline and dateline); a fetched or
//! saved HTML page adds its metadata ([`PageMeta`]), which wins for title, date, author and
//! outlet. The language is always detected in the text; a page's `lang` attribute only confirms
//! it, or stands in when the text is too short to tell.

use super::clutter::{self, Clutter, Kind};
use super::date::find_date;
use super::language;
use crate::model::PartialDate;

/// Where a guess was read.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// A line of the article text: its 1-based number and its text.
    Line {
        /// 1-based line number.
        number: usize,
        /// The line as written.
        text: String,
    },
    /// The page's metadata, e.g. `og:site_name`.
    Page(&'static str),
    /// A line of the page that is not part of the extracted text (a dateline).
    PageLine(String),
    /// Detected in the text by its letters and letter groups.
    Detected {
        /// The language's English name.
        name: &'static str,
        /// 0 to 1.
        confidence: f64,
        /// Enough text and a clear lead over the next language.
        reliable: bool,
    },
    /// The host name of the page's address.
    Host(String),
}

impl Evidence {
    /// Whether the annotator should distrust the guess more than usual.
    pub fn is_weak(&self) -> bool {
        matches!(self, Evidence::Detected { reliable: false, .. } | Evidence::Host(_))
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Line { number, text } => write!(f, "read from line {number}: \"{}\"", clip(text)),
            Evidence::Page(what) => write!(f, "from the page's {what}"),
            Evidence::PageLine(text) => write!(f, "read from the page, below the headline: \"{}\"", clip(text)),
            Evidence::Detected {
                name,
                confidence,
                reliable: true,
            } => write!(f, "detected in the text ({name}, confidence {confidence:.2})"),
            Evidence::Detected { name, confidence, .. } => write!(
                f,
                "detected in the text with LOW confidence ({name}, {confidence:.2}): the text may be short or mixed"
            ),
            Evidence::Host(host) => write!(f, "from the address's host name {host}"),
        }
    }
}

/// A guessed value and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Guessed<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub from: Evidence,
}

/// Metadata of an HTML page (see `super::html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline (`og:title`, `<title>` or `<h1>`, as readability picks it).
    pub title: Option<String>,
    /// The publication time as the page states it (`article:published_time`, JSON-LD).
    pub published: Option<String>,
    /// The `lang` attribute of `<html>`.
    pub lang: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The author (byline).
    pub byline: Option<String>,
    /// The line with the date below the headline, where readability left it out of the text.
    pub dateline: Option<String>,
    /// The host name of the page's address, if it has one.
    pub host: Option<String>,
}

/// Everything guessed about an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Guesses {
    /// The headline.
    pub title: Option<Guessed<String>>,
    /// The publication date.
    pub published: Option<Guessed<PartialDate>>,
    /// The author.
    pub author: Option<Guessed<String>>,
    /// The outlet.
    pub outlet: Option<Guessed<String>>,
    /// The language tag.
    pub language: Option<Guessed<String>>,
    /// Lines that are not article body, in line order.
    pub clutter: Vec<Clutter>,
    /// Things the annotator should know: sources that disagree, a date only updated.
    pub notes: Vec<String>,
}

/// How many lines from the top a headline, dateline or byline is looked for in.
const HEADER_LINES: usize = 25;

/// Reads what it can from `text`, with the metadata of its page if it came from one.
pub fn guess(text: &str, page: Option<&PageMeta>) -> Guesses {
    let lines: Vec<&str> = text.lines().collect();
    let mut clutter = clutter::find(text);
    let header_end = header_end(&lines);
    let datelines = datelines(&lines, &clutter, header_end);
    let mut notes = Vec::new();
    for line in &datelines {
        let kind = if is_byline(lines[line.number - 1]) {
            Kind::Byline
        } else {
            Kind::Dateline
        };
        clutter.push(Clutter {
            first: line.number,
            last: line.number,
            kind,
        });
    }
    let mut author = None;
    for (index, line) in lines.iter().enumerate().take(HEADER_LINES) {
        if let Some(name) = byline_name(line) {
            author = Some(Guessed {
                value: name,
                from: Evidence::Line {
                    number: index + 1,
                    text: (*line).to_owned(),
                },
            });
            if !clutter.iter().any(|c| (c.first..=c.last).contains(&(index + 1))) {
                clutter.push(Clutter {
                    first: index + 1,
                    last: index + 1,
                    kind: Kind::Byline,
                });
            }
            break;
        }
    }
    clutter.sort_by_key(|c| (c.first, c.last));
    let in_clutter = |number: usize| clutter.iter().any(|c| (c.first..=c.last).contains(&number));
    let title = lines
        .iter()
        .enumerate()
        .take(HEADER_LINES)
        .find(|(index, line)| !in_clutter(index + 1) && is_headline(line))
        .map(|(index, line)| Guessed {
            value: line.trim().to_owned(),
            from: Evidence::Line {
                number: index + 1,
                text: (*line).to_owned(),
            },
        });
    let published = pick_dateline(&datelines, &mut notes);
    let body: String = lines
        .iter()
        .enumerate()
        .filter(|(index, _)| !in_clutter(index + 1))
        .map(|(_, line)| *line)
        .collect::<Vec<_>>()
        .join("\n");
    let detected = language::detect(&body).map(|d| Guessed {
        value: d.tag,
        from: Evidence::Detected {
            name: d.name,
            confidence: d.confidence,
            reliable: d.reliable,
        },
    });
    let mut guesses = Guesses {
        title,
        published,
        author,
        outlet: None,
        language: detected,
        clutter,
        notes,
    };
    if let Some(page) = page {
        with_page(&mut guesses, page);
    }
    guesses
}

/// A short line with a date near the top (or a short date line anywhere, like "Stand:
/// 18.11.2024" at the end), never a sentence of the body.
#[derive(Debug, Clone)]
struct Dateline {
    number: usize,
    text: String,
    date: PartialDate,
    updated: bool,
}

/// The line where the body starts: the first line that reads like a paragraph.
fn header_end(lines: &[&str]) -> usize {
    lines
        .iter()
        .position(|line| is_paragraph(line))
        .unwrap_or(lines.len())
        .min(HEADER_LINES)
}

fn is_paragraph(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.chars().count() >= 120
        || (trimmed.split_whitespace().count() >= 12 && trimmed.ends_with(['.', '!', '?', '"', '“', '”', '«', '»']))
}

/// Every date line: short lines that are mostly a date. Those in the header come first.
fn datelines(lines: &[&str], clutter: &[Clutter], header_end: usize) -> Vec<Dateline> {
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        if clutter.iter().any(|c| (c.first..=c.last).contains(&number)) || !is_date_line(line) {
            continue;
        }
        let Some(date) = find_date(line) else { continue };
        let lower = line.to_lowercase();
        let updated = ["updated", "aktualisiert", "zuletzt", "geändert", "last modified"]
            .iter()
            .any(|word| lower.contains(word))
            && !["published", "veröffentlicht", "erschienen"]
                .iter()
                .any(|word| lower.contains(word));
        found.push(Dateline {
            number,
            text: (*line).to_owned(),
            date,
            updated,
        });
    }
    // Header lines first, each group in line order.
    found.sort_by_key(|d| (d.number > header_end, d.number));
    found
}

/// A line short enough to be a dateline or byline, not a sentence.
fn is_date_line(line: &str) -> bool {
    let trimmed = line.trim();
    let words = trimmed.split_whitespace().count();
    trimmed.chars().count() <= 90 && words <= 14 && !(words > 7 && trimmed.ends_with('.'))
}

/// The publication date: the first dateline that is not only an update, else the first one.
fn pick_dateline(datelines: &[Dateline], notes: &mut Vec<String>) -> Option<Guessed<PartialDate>> {
    let chosen = datelines.iter().find(|d| !d.updated).or_else(|| datelines.first())?;
    if chosen.updated {
        notes.push(format!(
            "line {} gives only when the article was updated; the first publication may be earlier",
            chosen.number
        ));
    }
    Some(Guessed {
        value: chosen.date,
        from: Evidence::Line {
            number: chosen.number,
            text: chosen.text.clone(),
        },
    })
}

/// "By Jane Doe", "Von Max Mustermann und Erika Musterfrau": starts with By/Von and names.
fn is_byline(line: &str) -> bool {
    byline_name(line).is_some()
}

/// The names of a byline, without the date or outlet after a separator.
fn byline_name(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let rest = trimmed.strip_prefix("By ").or_else(|| trimmed.strip_prefix("Von "))?;
    let names = rest
        .split(['•', '|', '·', ',', '–', '—', '('])
        .next()
        .unwrap_or(rest)
        .trim();
    let words: Vec<&str> = names.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| !matches!(**w, "and" | "und" | "&"))
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (trimmed.chars().count() <= 120 && (2..=8).contains(&words.len()) && capitalised).then(|| names.to_owned())
}

/// A line that reads like a headline: a few words, not a sentence of the body, not a menu.
fn is_headline(line: &str) -> bool {
    let trimmed = line.trim();
    let chars = trimmed.chars().count();
    let words = trimmed.split_whitespace().count();
    (8..=200).contains(&chars)
        && words >= 2
        && !trimmed.ends_with(['.', ',', ';', ':'])
        && trimmed.chars().any(char::is_alphabetic)
        && find_date(trimmed).is_none_or(|_| !is_date_line(trimmed) || words > 8)
}

/// Adds what a page's metadata says: it wins over the text for title, date, author and outlet;
/// the language stays the text's unless the text could not tell.
fn with_page(guesses: &mut Guesses, page: &PageMeta) {
    if let Some(title) = page.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        guesses.title = Some(Guessed {
            value: title.to_owned(),
            from: Evidence::Page("headline (og:title, <title> or <h1>)"),
        });
    }
    if let Some(date) = page.published.as_deref().and_then(find_date) {
        if let Some(text_date) = &guesses.published
            && text_date.value != date
        {
            guesses.notes.push(format!(
                "the page's metadata says {date}, but {} says {}",
                text_date.from, text_date.value
            ));
        }
        guesses.published = Some(Guessed {
            value: date,
            from: Evidence::Page("publication time (article:published_time or JSON-LD)"),
        });
    }
    if guesses.published.is_none()
        && let Some(line) = &page.dateline
        && let Some(date) = find_date(line)
    {
        guesses.published = Some(Guessed {
            value: date,
            from: Evidence::PageLine(line.clone()),
        });
    }
    if let Some(byline) = page.byline.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        guesses.author = Some(Guessed {
            value: byline.trim_start_matches("By ").trim_start_matches("Von ").to_owned(),
            from: Evidence::Page("byline"),
        });
    }
    if let Some(site) = page.site_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        guesses.outlet = Some(Guessed {
            value: site.to_owned(),
            from: Evidence::Page("site name (og:site_name)"),
        });
    } else if let Some(host) = &page.host {
        let name = host.strip_prefix("www.").unwrap_or(host);
        guesses.outlet = Some(Guessed {
            value: name.to_owned(),
            from: Evidence::Host(host.clone()),
        });
    }
    let page_lang = page
        .lang
        .as_deref()
        .and_then(|lang| lang.split(['-', '_']).next())
        .map(|primary| primary.trim().to_lowercase())
        .filter(|primary| (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()));
    match (&guesses.language, page_lang) {
        (Some(detected), Some(lang)) if detected.value != lang => {
            if detected.from.is_weak() {
                guesses.notes.push(format!(
                    "the text looked like `{}`, but only weakly; the page says lang=\"{lang}\"",
                    detected.value
                ));
                guesses.language = Some(Guessed {
                    value: lang,
                    from: Evidence::Page("lang attribute (<html lang>)"),
                });
            } else {
                guesses.notes.push(format!(
                    "the page says lang=\"{lang}\", but its text reads as `{}`",
                    detected.value
                ));
            }
        }
        (None, Some(lang)) => {
            guesses.language = Some(Guessed {
                value: lang,
                from: Evidence::Page("lang attribute (<html lang>); the text was too short to tell"),
            });
        }
        _ => {}
    }
}

/// At most 60 characters of `text`, no control characters.
pub(super) fn clip(text: &str) -> String {
    let clean: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 60 {
        format!("{}…", clean.chars().take(59).collect::<String>())
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of<T>(guessed: &Option<Guessed<T>>) -> Option<usize> {
        match guessed.as_ref().map(|g| &g.from) {
            Some(Evidence::Line { number, .. }) => Some(*number),
            _ => None,
        }
    }

    const ENGLISH: &str = "Edit post\nHome > World > Europe\n\nFirst North Korean troops come under fire in Kursk\n\nBy Jane Doe • November 4, 2024 8:36 AM\n2 min read\nShare\n\nNorth Korean soldiers deployed to Russia's Kursk Oblast have come under fire for the first time, the ministry said on Monday. On October 3, 2024, officials had first warned of the deployment.\n\nThe ministry said about 11,000 soldiers were in the region by November 1, 2024, up from an estimated 3,000 two weeks earlier.\n\nRead more\nOther story about something else\nAnother teaser headline\n";

    #[test]
    fn an_english_article_from_a_blog_page() {
        let g = guess(ENGLISH, None);
        assert_eq!(
            g.title.as_ref().map(|t| t.value.as_str()),
            Some("First North Korean troops come under fire in Kursk")
        );
        assert_eq!(line_of(&g.title), Some(4));
        assert_eq!(
            g.published.as_ref().map(|d| d.value.iso()).as_deref(),
            Some("2024-11-04")
        );
        assert_eq!(line_of(&g.published), Some(6));
        assert_eq!(g.author.as_ref().map(|a| a.value.as_str()), Some("Jane Doe"));
        assert_eq!(g.language.as_ref().map(|l| l.value.as_str()), Some("en"));
        let found: Vec<(usize, usize, Kind)> = g.clutter.iter().map(|c| (c.first, c.last, c.kind)).collect();
        assert_eq!(
            found,
            [
                (1, 1, Kind::EditLink),
                (2, 2, Kind::Navigation),
                (6, 6, Kind::Byline),
                (7, 7, Kind::ReadingTime),
                (8, 8, Kind::Sharing),
                (14, 16, Kind::Teasers)
            ]
        );
    }

    #[test]
    fn a_body_date_never_wins_over_the_dateline() {
        let text = "Truppen an der Front\n\nIm Oktober 2024 meldete das Ministerium am 3. Oktober 2024 erste Verluste, sagte ein Sprecher der Regierung am Montag.\n\n18. November 2024\n";
        let g = guess(text, None);
        assert_eq!(
            g.published.as_ref().map(|d| d.value.iso()).as_deref(),
            Some("2024-11-18")
        );
        assert_eq!(line_of(&g.published), Some(5));
        let body_only = "Truppen an der Front\n\nIm Oktober 2024 meldete das Ministerium am 3. Oktober 2024 erste Verluste, sagte ein Sprecher der Regierung am Montag.\n";
        assert_eq!(
            guess(body_only, None).published,
            None,
            "a date inside a sentence is not the dateline"
        );
    }

    #[test]
    fn published_wins_over_updated() {
        let text = "Eine Überschrift hier\nAktualisiert am 20.11.2024\nVeröffentlicht am 18.11.2024\n\nText.\n";
        let g = guess(text, None);
        assert_eq!(
            g.published.as_ref().map(|d| d.value.iso()).as_deref(),
            Some("2024-11-18")
        );
        let only_updated = guess("Eine Überschrift hier\nUpdated Nov. 20, 2024\n\nText.\n", None);
        assert_eq!(
            only_updated.published.map(|d| d.value.iso()).as_deref(),
            Some("2024-11-20")
        );
        assert!(only_updated.notes[0].contains("updated"));
    }

    #[test]
    fn the_page_metadata_wins_and_disagreements_are_noted() {
        let page = PageMeta {
            title: Some("Meta headline".into()),
            published: Some("2024-11-05T09:00:00+01:00".into()),
            lang: Some("de-DE".into()),
            site_name: None,
            byline: Some("By Jane Doe".into()),
            dateline: None,
            host: Some("www.example.com".into()),
        };
        let g = guess(ENGLISH, Some(&page));
        assert_eq!(g.title.map(|t| t.value).as_deref(), Some("Meta headline"));
        assert_eq!(g.published.map(|d| d.value.iso()).as_deref(), Some("2024-11-05"));
        assert_eq!(g.outlet.map(|o| o.value).as_deref(), Some("example.com"));
        assert_eq!(
            g.language.map(|l| l.value).as_deref(),
            Some("en"),
            "the text wins over lang="
        );
        assert_eq!(g.notes.len(), 2, "{:?}", g.notes);
    }

    #[test]
    fn a_short_text_falls_back_to_the_page_language_and_says_so() {
        let page = PageMeta {
            lang: Some("de".into()),
            ..PageMeta::default()
        };
        let g = guess("Kursk\n", Some(&page));
        let language = g.language.expect("language from the page");
        assert!(matches!(language.from, Evidence::Page(_)), "{:?}", language.from);
        assert_eq!(language.value, "de");
    }
}
