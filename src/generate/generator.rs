//! The generator: settings, topics, origins and pages first, then one article after another
//! (in [`articles`]), each claim able to refer back to earlier ones.

mod articles;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::vocabulary::*;
use super::{GenerateOptions, Generated, Rng, Summary};
use articles::lower_first;

struct TopicInfo {
    id: String,
    title: String,
    unit: &'static str,
    measures: Vec<usize>,
}

struct OriginInfo {
    id: String,
    name: String,
}

/// What later claims may refer back to.
#[derive(Clone)]
struct ClaimInfo {
    id: String,
    place: String,
    topic: usize,
    /// Index into the topic's measures, low, high, qualifier, when it has a figure.
    figure: Option<(usize, u64, u64, Qual)>,
    origin: Option<usize>,
}

/// One claim while its article is being written.
struct Draft {
    info: ClaimInfo,
    /// The sentence in the article.
    sentence: String,
    /// The quote (a part of the sentence, or two parts with a gap).
    quote: String,
    statement: String,
    summary: Option<String>,
    as_of: Option<String>,
    via: Vec<usize>,
    verdict: usize,
    note: String,
    related: Vec<(String, &'static str)>,
}

pub(super) struct Generator {
    options: GenerateOptions,
    rng: Rng,
    topics: Vec<TopicInfo>,
    origins: Vec<OriginInfo>,
    /// Indices of origins that relay others' claims (agencies).
    agencies: Vec<usize>,
    claims: Vec<ClaimInfo>,
    /// Claims with a named origin and a figure: candidates for same-origin repeats.
    repeatable: Vec<usize>,
    /// Claims per topic with a figure, by measure index.
    by_topic: Vec<Vec<usize>>,
    files: BTreeMap<String, String>,
}

impl Generator {
    pub(super) fn new(options: &GenerateOptions) -> Self {
        Self {
            options: *options,
            rng: Rng::new(options.seed),
            topics: Vec::new(),
            origins: Vec::new(),
            agencies: Vec::new(),
            claims: Vec::new(),
            repeatable: Vec::new(),
            by_topic: Vec::new(),
            files: BTreeMap::new(),
        }
    }

    pub(super) fn run(mut self) -> Generated {
        let sources = self.options.sources;
        let topic_count = sources.clamp(3, 100);
        let origin_count = (sources * 5).clamp(12, 500);
        self.config();
        self.topics(topic_count);
        self.origins(origin_count);
        self.pages();
        self.by_topic = vec![Vec::new(); self.topics.len()];
        let mut per_topic = vec![0usize; self.topics.len()];
        for index in 0..sources {
            let first_claim = self.claims.len();
            self.source(index);
            for claim in &self.claims[first_claim..] {
                per_topic[claim.topic] += 1;
            }
        }
        let summary = Summary {
            sources,
            claims: self.claims.len(),
            topics: self.topics.len(),
            origins: self.origins.len(),
            pages: 2,
            files: self.files.len(),
            bytes: self.files.values().map(|t| t.len() as u64).sum(),
            largest_topic: per_topic.iter().copied().max().unwrap_or(0),
        };
        Generated {
            files: self.files,
            summary,
        }
    }

    fn config(&mut self) {
        let mut out = String::new();
        out.push_str("title: \"Konfliktbeobachtung – ein generiertes Faktencheck-Dossier\"\n");
        out.push_str(
            "description: \"Ein **generiertes** Dossier zum Messen: viele Artikel, viele Behauptungen, \
             jede mit Wortlaut, Herkunft, Stand und Urteil.\"\n",
        );
        // No share images: 10,000 PNGs of some 50 KB would dominate the build being measured.
        out.push_str("language: de\nbase_url: \"https://example.org/dossier/\"\nshare_images: false\n");
        out.push_str("organization:\n  name: \"Generierte Redaktion\"\n  url: \"https://example.org/\"\n");
        out.push_str("reviewed: 2026-12-01\nverdicts:\n");
        for (rank, (id, label, _)) in VERDICTS.iter().enumerate() {
            let rating = VERDICTS.len() - rank;
            let _ = writeln!(out, "  - id: {id}\n    label: {}\n    rating: {rating}", yq(label));
            block(
                &mut out,
                "    ",
                "explanation",
                &format!(
                    "Die Aussage gilt als **{label}**, wenn die Quellen des Dossiers das tragen.\n\
                     Zwei Artikel, die *denselben* Ursprung wiedergeben, zählen als ein Beleg."
                ),
            );
        }
        self.files.insert("dossier.yaml".into(), out);
    }

    fn topics(&mut self, count: usize) {
        let mut out = String::new();
        for t in 0..count {
            let (theme, question, unit) = THEMES[t % THEMES.len()];
            let region = REGIONS[(t / THEMES.len()) % REGIONS.len()];
            let title = format!("{theme} {region}");
            let id = format!("{}-{t}", slug(&title));
            let measures = topic_measures(t);
            let _ = writeln!(out, "- id: {id}\n  title: {}", yq(&title));
            let _ = writeln!(out, "  question: {}\n  unit: {}", yq(question), yq(unit));
            block(
                &mut out,
                "  ",
                "description",
                &format!(
                    "Angaben zu *{theme}* {region}. Die Zahlen zählen Verschiedenes:\n\n\
                     - was **gemeldet** oder **geschätzt** wurde,\n\
                     - was nur **geplant** oder **angekündigt** ist.\n\n\
                     Verglichen wird nur innerhalb einer Messgröße."
                ),
            );
            out.push_str("  measures:\n");
            for &m in &measures {
                let (mid, label, _) = MEASURES[m];
                let _ = writeln!(out, "    - id: {mid}\n      label: {}", yq(label));
                if m % 2 == 0 {
                    let _ = writeln!(
                        out,
                        "      description: {}",
                        yq(&format!("{label}: was die Angabe ausdrücklich so nennt."))
                    );
                }
            }
            self.topics.push(TopicInfo {
                id,
                title,
                unit,
                measures,
            });
        }
        self.files.insert("content/topics.yaml".into(), out);
    }

    fn origins(&mut self, count: usize) {
        let mut out = String::new();
        for o in 0..count {
            let (name, kind, description) = if o % 3 == 0 {
                let (institution, kind) = INSTITUTIONS[(o / 3) % INSTITUTIONS.len()];
                let country = COUNTRIES[(o / 3 / INSTITUTIONS.len()) % COUNTRIES.len()];
                (
                    format!("{institution} {country}"),
                    kind,
                    format!("Eine Einrichtung in {country}."),
                )
            } else {
                let first = FIRST_NAMES[o % FIRST_NAMES.len()];
                let last = LAST_NAMES[(o / FIRST_NAMES.len() + o) % LAST_NAMES.len()];
                (
                    format!("{first} {last}"),
                    "person",
                    format!("{first} {last}, zitiert als Sprecherin oder Sprecher."),
                )
            };
            let id = format!("{}-{o}", slug(&name));
            let _ = writeln!(
                out,
                "- id: {id}\n  name: {}\n  kind: {kind}\n  description: {}",
                yq(&name),
                yq(&description)
            );
            if kind == "media" {
                self.agencies.push(o);
            }
            self.origins.push(OriginInfo { id, name });
        }
        self.files.insert("content/origins.yaml".into(), out);
    }

    fn pages(&mut self) {
        self.files.insert(
            "content/pages/methodik.md".into(),
            "---\ntitle: \"Methodik\"\nnav: 1\ndescription: \"Wie dieses Dossier prüft.\"\n---\n\
             # Wie wir prüfen\n\n\
             Jede Behauptung wird mit ihrem **genauen Wortlaut** erfasst. Zahlen werden nur verglichen, wenn sie\n\
             dasselbe zählen.\n\n\
             1. Wortlaut im Artikel finden\n\
             2. Herkunft bestimmen\n\
             3. Urteil begründen\n\n\
             | Urteil | Bedeutung |\n|---|---|\n| Belegt | von unabhängigen Ursprüngen getragen |\n\
             | Falsch | widerlegt |\n\n\
             Eine Rechnung, wie sie in Notizen vorkommt:\n\n\
             ```python\nanteil = 11000 / 100000\nprint(f\"{anteil:.1%}\")\n```\n\n\
             Mehr dazu auf der [Startseite](../).\n"
                .into(),
        );
        self.files.insert(
            "content/pages/ueber.md".into(),
            "---\ntitle: \"Über dieses Dossier\"\nnav: 2\n---\n\
             Dieses Dossier ist **generiert**: Es dient dazu, Bau und Vorschau bei großen Dossiers zu messen.\n\n\
             - Artikel und Behauptungen sind erfunden.\n\
             - Die Struktur entspricht einem echten Dossier.\n\n\
             Kontakt: [Redaktion](https://example.org/kontakt).\n"
                .into(),
        );
    }

    fn pick_topic(&mut self) -> usize {
        if self.rng.chance(10) {
            0
        } else {
            self.rng.below(self.topics.len())
        }
    }

    fn pick_origin(&mut self) -> Option<usize> {
        match self.rng.below(100) {
            0..25 => None,
            25..45 => Some(self.rng.below(10.min(self.origins.len()))),
            _ => Some(self.rng.below(self.origins.len())),
        }
    }

    fn pick_verdict(&mut self) -> usize {
        let total: usize = VERDICTS.iter().map(|v| v.2).sum();
        let mut roll = self.rng.below(total);
        for (i, v) in VERDICTS.iter().enumerate() {
            if roll < v.2 {
                return i;
            }
            roll -= v.2;
        }
        0
    }

    fn date(&mut self, year: usize) -> (usize, usize, usize) {
        (year, self.rng.range(1, 12), self.rng.range(1, 28))
    }

    pub(super) fn filler(&mut self) -> String {
        match self.rng.below(3) {
            0 => self.rng.pick(STATEMENTS).to_string(),
            1 => {
                let subject = self.rng.pick(SUBJECTS);
                let verb = self.rng.pick(VERBS);
                let clause = self.rng.pick(CLAUSES);
                format!("{subject} {verb}, {clause}.")
            }
            _ => {
                let opener = self.rng.pick(OPENERS);
                let verb = self.rng.pick(VERBS);
                let subject = self.rng.pick(SUBJECTS);
                let clause = self.rng.pick(CLAUSES);
                // "Am Montag betonte die Regierung, dass ..."
                let subject = match subject.split_once(' ') {
                    Some(("Die" | "Der" | "Das" | "Ein", _)) => lower_first(subject),
                    _ => (*subject).to_owned(),
                };
                format!("{opener} {verb} {subject}, {clause}.")
            }
        }
    }
}
