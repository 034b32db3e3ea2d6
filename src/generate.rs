//! Generate: large, valid, deterministic dossiers for benchmarks and scaling tests.
//!
//! [`generate`] makes a dossier of `sources` articles in memory; [`write_dossier`] writes it to a
//! folder, [`input_files`] gives it as [`InputFiles`] without touching the disk. The same options
//! always give byte-identical files.
//!
//! What a generated dossier has, so that every part of the pipeline gets realistic work:
//! - one German-like article of 3 to 6 KB per source (half of them wrapped at 78 columns, half
//!   one paragraph per line), with a headline and a "more on this" line that the source
//!   excludes, and now and then a sentence with a figure that is listed as `unannotated`;
//! - ten claims per source whose quotes occur exactly once in their article (a few with a gap
//!   `…`, some with German quotation marks), each with statement, topic, figure (value or
//!   range, with qualifier and measure), as-of date, origin (or `article`), intermediaries,
//!   verdict and a Markdown note (emphasis, lists, external links, links to related claims, a
//!   fenced code block now and then);
//! - related-claim links: `same-origin` (a later article repeating an earlier figure of the same
//!   origin), `contradicts`, `supports` and `updates`;
//! - about 100 topics with two to five measures each (one topic gets a tenth of all claims, so a
//!   10,000-source dossier has one topic with about 10,000 claims), about 500 origins (a few of
//!   them frequent), two Markdown pages.
//!
//! Figures are unique per claim except for `same-origin` repeats, so `check` reports no
//! "same figure from the same origin" warnings, and every sentence with a figure or quotation is
//! covered by a claim or excused, so `check` reports no coverage warnings either.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::anchor;
use crate::load::InputFiles;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of sources (articles); each has ten claims.
    pub sources: usize,
    /// Seed of the random choices; the same seed gives the same dossier.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self { sources: 100, seed: 1 }
    }
}

/// Claims per source.
pub const CLAIMS_PER_SOURCE: usize = 10;

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Sources (articles).
    pub sources: usize,
    /// Claims.
    pub claims: usize,
    /// Topics.
    pub topics: usize,
    /// Origins.
    pub origins: usize,
    /// Markdown pages.
    pub pages: usize,
    /// Files.
    pub files: usize,
    /// Bytes of all files.
    pub bytes: u64,
    /// Claims of the largest topic.
    pub largest_topic: usize,
}

/// A generated dossier: its files (path relative to the root, `/`-separated → text) and a
/// summary.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files, sorted by path.
    pub files: BTreeMap<String, String>,
    /// What they contain.
    pub summary: Summary,
}

/// Generates a dossier in memory.
pub fn generate(options: &GenerateOptions) -> Generated {
    Generator::new(options).run()
}

/// Generates a dossier as [`InputFiles`] for `root`, as [`InputFiles::read`] would read it
/// after [`write_dossier`].
pub fn input_files(root: &Path, options: &GenerateOptions) -> (InputFiles, Summary) {
    let generated = generate(options);
    let mut input = InputFiles::new(root);
    for (path, text) in &generated.files {
        input.insert_text(path, text);
    }
    (input, generated.summary)
}

/// Writes a generated dossier into `dir`, which must be empty or not exist yet.
pub fn write_dossier(dir: &Path, options: &GenerateOptions) -> std::io::Result<Summary> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} is not empty; choose a new or empty folder", dir.display()),
        ));
    }
    let generated = generate(options);
    let mut made = std::collections::BTreeSet::new();
    for (path, text) in &generated.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
    }
    Ok(generated.summary)
}

/// SplitMix64: small, fast, good enough for content.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// --- Vocabulary. Filler text has no digits, no quotation marks and none of the number words
// that make `check` expect a claim (see `model::article::needs_claim`); a unit test holds it to
// that.

const SUBJECTS: &[&str] = &[
    "Die Regierung",
    "Das Ministerium",
    "Die Opposition",
    "Beobachter vor Ort",
    "Mehrere Abgeordnete",
    "Die örtlichen Behörden",
    "Fachleute",
    "Der Bürgermeister",
    "Die Kommission",
    "Ein Sprecher der Armee",
    "Die Verwaltung",
    "Hilfsorganisationen",
    "Die Nachbarländer",
    "Der Verband",
    "Anwohnerinnen und Anwohner",
    "Die Landesregierung",
    "Diplomaten",
    "Die Polizei",
];

const VERBS: &[&str] = &[
    "betonte",
    "erklärte",
    "bestätigte",
    "räumte ein",
    "kritisierte",
    "warnte",
    "verwies darauf",
    "teilte mit",
    "hob hervor",
    "bekräftigte",
    "gab zu bedenken",
];

const CLAUSES: &[&str] = &[
    "dass die Lage weiterhin unübersichtlich sei",
    "dass man die Entwicklung genau beobachte",
    "dass weitere Gespräche geplant seien",
    "dass die Versorgung der Bevölkerung gesichert werden müsse",
    "dass es bislang keine unabhängige Bestätigung gebe",
    "dass die Maßnahmen vorerst in Kraft blieben",
    "dass die Verhandlungen schwierig verliefen",
    "dass man mit einer längeren Auseinandersetzung rechne",
    "dass die Kosten noch nicht abzuschätzen seien",
    "dass die Zuständigkeiten neu geordnet würden",
    "dass der Winter die Arbeiten erschwere",
    "dass man auf Unterstützung der Partner angewiesen sei",
    "dass die Angaben der Gegenseite nicht überprüfbar seien",
    "dass die Straßen in der Gegend teilweise gesperrt blieben",
];

const OPENERS: &[&str] = &[
    "Am Montag",
    "Unterdessen",
    "Zugleich",
    "Bereits in der Vorwoche",
    "Nach Angaben aus Regierungskreisen",
    "Am späten Abend",
    "Wie aus gut unterrichteten Kreisen verlautete,",
    "Auf Nachfrage",
    "Bei einer Pressekonferenz",
];

const STATEMENTS: &[&str] = &[
    "Die Lage an der Grenze bleibt angespannt.",
    "In der Hauptstadt wurde am Abend erneut über die Lage beraten.",
    "Eine Entscheidung wird frühestens im kommenden Monat erwartet.",
    "Die Opposition fordert seit langem mehr Transparenz.",
    "Unabhängige Beobachter haben keinen Zugang zu dem Gebiet.",
    "Die Gespräche sollen in der nächsten Woche fortgesetzt werden.",
    "Ob die Pläne umgesetzt werden, ist offen.",
    "Kritiker sprechen von einem gefährlichen Signal.",
    "Die Stimmung in der Bevölkerung gilt als gedrückt.",
    "Offizielle Stellungnahmen blieben zunächst aus.",
    "Auch im Nachbarland wird die Entwicklung aufmerksam verfolgt.",
    "Die Preise für Lebensmittel sind zuletzt deutlich gestiegen.",
    "Viele Familien haben die Region bereits verlassen.",
    "Die Behörden rieten, größere Menschenansammlungen zu meiden.",
];

const PLACE_HEADS: &[&str] = &[
    "Kra", "Wol", "Ost", "Bel", "Gor", "Lin", "Mar", "Sel", "Tar", "Bru", "Dal", "Fen", "Hal", "Kel", "Nor", "Ros",
];
const PLACE_MIDS: &[&str] = &[
    "no", "wi", "ra", "le", "mi", "to", "sa", "ke", "du", "bo", "ri", "la", "pe", "tu", "go", "ve",
];
const PLACE_ENDS: &[&str] = &["witz", "dorf", "hausen", "ow", "ingen", "au", "berg", "feld"];
const RIVERS: &[&str] = &[
    "",
    " an der Oder",
    " an der Memel",
    " am Bug",
    " an der Save",
    " an der Drau",
    " am Pruth",
    " an der Narew",
];

const THEMES: &[(&str, &str, &str)] = &[
    ("Truppenstärke", "Wie viele Soldaten stehen bereit?", "Soldaten"),
    ("Flüchtlingsbewegungen", "Wie viele Menschen sind geflohen?", "Menschen"),
    ("Wiederaufbaukosten", "Was kostet der Wiederaufbau?", "Euro"),
    ("Drohnenangriffe", "Wie viele Drohnen wurden eingesetzt?", "Drohnen"),
    ("Zerstörte Wohnungen", "Wie viele Wohnungen sind zerstört?", "Wohnungen"),
    ("Getreideexporte", "Wie viel Getreide wurde ausgeführt?", "Tonnen"),
    ("Verluste", "Wie hoch sind die Verluste?", "Soldaten"),
    ("Hilfslieferungen", "Wie viel Hilfe ist angekommen?", "Tonnen"),
    ("Militärhilfe", "Wie viel Militärhilfe wurde zugesagt?", "Euro"),
    ("Evakuierungen", "Wie viele Menschen wurden evakuiert?", "Menschen"),
];

const REGIONS: &[&str] = &[
    "im Norden",
    "im Süden",
    "im Osten",
    "im Westen",
    "an der Küste",
    "in den Bergen",
    "im Grenzgebiet",
    "in der Hauptstadt",
    "im Hinterland",
    "am Fluss",
];

const MEASURES: &[(&str, &str, &str)] = &[
    ("gemeldet", "Offiziell gemeldet", "gemeldet"),
    ("geschaetzt", "Geschätzt", "geschätzt"),
    ("geplant", "Geplant", "geplant"),
    ("bestaetigt", "Unabhängig bestätigt", "bestätigt"),
    ("angekuendigt", "Angekündigt", "angekündigt"),
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Boris", "Clara", "Dmitri", "Elena", "Felix", "Greta", "Hanna", "Igor", "Jana", "Karl", "Lena", "Maxim",
    "Nina", "Olga", "Pavel", "Ruth", "Sven", "Tanja", "Viktor",
];
const LAST_NAMES: &[&str] = &[
    "Albrecht",
    "Bauer",
    "Czerny",
    "Dvorak",
    "Engel",
    "Fischer",
    "Gruber",
    "Horvat",
    "Ivanova",
    "Jankowski",
    "Kovac",
    "Lehmann",
    "Meyer",
    "Novak",
    "Orlov",
    "Petrenko",
    "Richter",
    "Schulz",
    "Tomaszewski",
    "Wagner",
    "Zielinski",
];
const INSTITUTIONS: &[(&str, &str)] = &[
    ("Ministerium für Verteidigung", "government"),
    ("Innenministerium", "government"),
    ("Generalstab", "military"),
    ("Nachrichtendienst", "intelligence"),
    ("Institut für Sicherheitspolitik", "think-tank"),
    ("Zentrum für Konfliktforschung", "think-tank"),
    ("Rotes Kreuz", "organization"),
    ("Flüchtlingshilfswerk", "organization"),
    ("Nachrichtenagentur", "media"),
    ("Rundfunk", "media"),
    ("Bürgerinitiative", "other"),
];
const COUNTRIES: &[&str] = &[
    "Nordland",
    "Südmark",
    "Ostrien",
    "Westhavn",
    "Kalmarien",
    "Veldanien",
    "Borsk",
    "Tiranien",
    "Lugavien",
    "Morastan",
];

const OUTLETS: &[&str] = &[
    "Nordkurier Online",
    "Rheinische Abendpost",
    "Der Morgenbote",
    "Tagesblatt am Main",
    "Südwest-Echo",
    "Hanseatische Rundschau",
    "Alpenland-Zeitung",
    "Die Wochenschau",
    "Ostsee-Anzeiger",
    "Berliner Abendblatt",
    "Saale-Kurier",
    "Westfälische Nachrichten Online",
];

const VERDICTS: &[(&str, &str, usize)] = &[
    ("belegt", "Belegt", 20),
    ("plausibel", "Plausibel", 25),
    ("unbelegt", "Nicht überprüfbar", 30),
    ("widerspruechlich", "Widersprüchlich", 10),
    ("irrefuehrend", "Irreführend", 10),
    ("falsch", "Falsch", 5),
];

/// Measures a topic has: indices into [`MEASURES`].
fn topic_measures(topic: usize) -> Vec<usize> {
    let count = 2 + topic % 4;
    (0..count).map(|k| (topic + k) % MEASURES.len()).collect()
}

/// A place name unique to `n` (for `n` below 262,144).
fn place(n: usize) -> String {
    let mut name = String::new();
    name.push_str(PLACE_HEADS[n % 16]);
    name.push_str(PLACE_MIDS[(n / 16) % 16]);
    name.push_str(PLACE_MIDS[(n / 256) % 16]);
    name.push_str(PLACE_ENDS[(n / 4096) % 8]);
    name.push_str(RIVERS[(n / 32768) % RIVERS.len()]);
    name
}

/// A URL-safe id from German text.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A whole number with German thousands separators: `12.345`.
fn german_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A string as a double-quoted YAML scalar.
fn yq(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `text` as an indented YAML block scalar (`key: |`).
fn block(out: &mut String, indent: &str, key: &str, text: &str) {
    let _ = writeln!(out, "{indent}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{indent}  {line}");
        }
    }
}

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Qual {
    Exactly,
    About,
    UpTo,
    MoreThan,
    AtLeast,
    LessThan,
}

impl Qual {
    fn yaml(self) -> &'static str {
        match self {
            Qual::Exactly => "exactly",
            Qual::About => "about",
            Qual::UpTo => "up-to",
            Qual::MoreThan => "more-than",
            Qual::AtLeast => "at-least",
            Qual::LessThan => "less-than",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Qual::Exactly => "",
            Qual::About => "rund ",
            Qual::UpTo => "bis zu ",
            Qual::MoreThan => "mehr als ",
            Qual::AtLeast => "mindestens ",
            Qual::LessThan => "weniger als ",
        }
    }
}

const QUALS: &[Qual] = &[
    Qual::Exactly,
    Qual::About,
    Qual::About,
    Qual::UpTo,
    Qual::MoreThan,
    Qual::AtLeast,
    Qual::LessThan,
];

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

struct Generator {
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
    fn new(options: &GenerateOptions) -> Self {
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

    fn run(mut self) -> Generated {
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
        out.push_str("language: de\nbase_url: \"https://example.org/dossier/\"\n");
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

    fn filler(&mut self) -> String {
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

    /// Draws one claim of the source `source` (global claim number `number`).
    /// A claim of source `source`, published on `published` (year, month, day): its `as_of`
    /// is never later.
    fn draft(&mut self, source: usize, number: usize, published: (usize, usize, usize)) -> Draft {
        let (year, month, day) = published;
        let place = place(number);
        let id = format!("{}-{number}", slug(&place));
        // A tenth repeat an earlier claim's figure from the same origin (from an earlier article).
        let repeat = (self.rng.chance(10) && !self.repeatable.is_empty())
            .then(|| self.repeatable[self.rng.below(self.repeatable.len())]);
        let mut related = Vec::new();
        let (topic, origin, figure) = match repeat {
            Some(c) => {
                let earlier = self.claims[c].clone();
                related.push((earlier.id.clone(), "same-origin"));
                (earlier.topic, earlier.origin, earlier.figure)
            }
            None => {
                let topic = self.pick_topic();
                let origin = self.pick_origin();
                let figure = self.rng.chance(90).then(|| {
                    let m = self.rng.below(self.topics[topic].measures.len());
                    let base = [500u64, 2_000, 10_000, 40_000, 150_000][self.topics[topic].measures[m]];
                    // Unique per claim: only same-origin repeats share a figure.
                    let low = base + 7 * number as u64 + self.rng.below(7) as u64;
                    let qual = *self.rng.pick(QUALS);
                    let high = if qual == Qual::Exactly && self.rng.chance(20) {
                        low + 100 * (1 + self.rng.below(50) as u64)
                    } else {
                        low
                    };
                    (m, low, high, qual)
                });
                (topic, origin, figure)
            }
        };
        // Other links: to earlier claims of the same topic.
        let same_topic = &self.by_topic[topic];
        if !same_topic.is_empty() {
            for (percent, relation) in [(6, "contradicts"), (4, "supports"), (3, "updates")] {
                if self.rng.below(100) < percent {
                    let other = same_topic[self.rng.below(same_topic.len())];
                    let other_id = self.claims[other].id.clone();
                    // Support needs a second origin (one origin repeating itself is an error).
                    let unsupported = relation == "supports" && self.claims[other].origin == origin;
                    if !unsupported && !related.iter().any(|(c, _)| *c == other_id) {
                        related.push((other_id, relation));
                    }
                }
            }
        }
        let topic_info = &self.topics[topic];
        let unit = topic_info.unit;
        let origin_name = origin.map(|o| self.origins[o].name.clone());
        let figure_text = figure.map(|(_, low, high, qual)| {
            if low == high {
                format!("{}{} {unit}", qual.words(), german_number(low))
            } else {
                format!("zwischen {} und {} {unit}", german_number(low), german_number(high))
            }
        });
        let measure_word = figure.map_or("", |(m, ..)| MEASURES[topic_info.measures[m]].2);
        let who = origin_name.clone().unwrap_or_else(|| "dem Artikel".to_owned());
        let via: Vec<usize> = if origin.is_some() && !self.agencies.is_empty() && self.rng.chance(20) {
            let first = self.agencies[self.rng.below(self.agencies.len())];
            let mut via = vec![first];
            let second = self.agencies[self.rng.below(self.agencies.len())];
            if second != first && self.rng.chance(25) {
                via.push(second);
            }
            via
        } else {
            Vec::new()
        };
        let via_text = match via.first() {
            Some(&v) => format!(", wie {} meldet", self.origins[v].name),
            None => String::new(),
        };
        let style = self.rng.below(5);
        let (sentence, quote) = match (&figure_text, style) {
            (Some(figure), 0) => {
                let quote = format!("„In {place} zählen wir {figure}“");
                let speaker = origin_name.clone().unwrap_or_else(|| "ein Beobachter".into());
                (format!("{quote}, sagte {speaker}{via_text}."), quote)
            }
            (Some(figure), 1) => {
                let core = format!("handelt es sich um {figure}");
                let tail = format!("seit Wochen in {place}");
                (
                    format!("Demnach {core}, die sich {tail} aufhalten{via_text}."),
                    format!("{core} … {tail}"),
                )
            }
            (Some(figure), 2) => {
                let lead = match &origin_name {
                    Some(name) => format!("Nach Angaben von {name}"),
                    None => "Nach eigenen Recherchen".to_owned(),
                };
                let quote = format!("in {place} inzwischen {figure} {measure_word}");
                (format!("{lead} sind {quote}{via_text}."), quote)
            }
            (Some(figure), _) => {
                let quote = format!("im Raum {place} {figure} {measure_word} worden");
                (format!("Bis zuletzt seien {quote}{via_text}, heißt es."), quote)
            }
            (None, _) => {
                let quote = format!("Lage in {place} gilt als unübersichtlich");
                (format!("Die {quote}{via_text}."), quote)
            }
        };
        let statement = match &figure_text {
            Some(figure) => format!(
                "In {place} sind laut {who} {figure} {measure_word} ({}).",
                topic_info.title
            ),
            None => format!("Die Lage in {place} ist laut {who} unübersichtlich."),
        };
        // A statement longer than a summary may be always has one (`check --strict` wants it).
        let long = statement.trim_end_matches('.').chars().count() > crate::model::lint::SUMMARY_LIMIT;
        let summary = (self.rng.chance(50) || long).then(|| match &figure_text {
            Some(figure) => format!("{figure} in {place}"),
            None => format!("Unklare Lage in {place}"),
        });
        let as_of = self.rng.chance(70).then(|| {
            let (y, m, d) = self.date(year);
            let m = 1 + (m - 1) % month;
            let d = if m == month { 1 + (d - 1) % day } else { d };
            if self.rng.chance(50) {
                format!("{y}-{m:02}")
            } else {
                format!("{y}-{m:02}-{d:02}")
            }
        });
        let verdict = self.pick_verdict();
        let note = self.note(number, source, &related);
        Draft {
            info: ClaimInfo {
                id,
                place,
                topic,
                figure,
                origin,
            },
            sentence,
            quote,
            statement,
            summary,
            as_of,
            via,
            verdict,
            note,
            related,
        }
    }

    fn note(&mut self, number: usize, source: usize, related: &[(String, &'static str)]) -> String {
        let mut note = String::new();
        let lead = ["**Einordnung:**", "**Quellen des Dossiers:**", "**Hinweis:**"][number % 3];
        let _ = write!(
            note,
            "{lead} {} {}",
            self.rng.pick(STATEMENTS),
            self.rng.pick(STATEMENTS)
        );
        if number.is_multiple_of(4) {
            let _ = write!(
                note,
                "\n\n- Die Angabe stammt aus *einem* Artikel.\n- {}\n- {}",
                self.rng.pick(STATEMENTS),
                self.rng.pick(STATEMENTS)
            );
        }
        if number % 5 == 1 {
            let _ = write!(
                note,
                "\n\nVgl. den [Originalbericht](https://example.org/bericht/{source}/{number}) und die \
                 [Archivkopie](https://web.archive.org/web/2024/https://example.org/bericht/{source})."
            );
        }
        if let Some((other, relation)) = related.first() {
            let _ = write!(note, "\n\nSiehe auch [die verwandte Angabe ({relation})](../{other}/).");
        }
        if number % 15 == 7 {
            let a = 1000 + number % 9000;
            let b = 3 + number % 7;
            if number.is_multiple_of(2) {
                let _ = write!(
                    note,
                    "\n\nDie Rechnung:\n\n```python\ngesamt = {a} * {b}\nprint(gesamt)  # {}\n```",
                    a * b
                );
            } else {
                let _ = write!(note, "\n\n```text\n{a} × {b} = {}\n```", a * b);
            }
        }
        note.push('\n');
        note
    }

    fn source(&mut self, index: usize) {
        let year = 2022 + self.rng.below(4);
        let (_, month, day) = self.date(year);
        let outlet = *self.rng.pick(OUTLETS);
        let first_claim = self.claims.len();
        let mut drafts: Vec<Draft> = (0..CLAIMS_PER_SOURCE)
            .map(|k| self.draft(index, first_claim + k, (year, month, day)))
            .collect();
        let main_topic = self.topics[drafts[0].info.topic].title.clone();
        let title = format!("{main_topic}: Neue Angaben aus {}", drafts[0].info.place);
        let slug_place = slug(&drafts[0].info.place);
        let id = format!("quelle-{index:05}-{slug_place}");
        let seed_path = format!("seeds/{index:05}_{slug_place}.txt");

        // Sentences: claim sentences spread among fillers, 3-6 KB in all.
        let target = self.rng.range(3000, 6000);
        let mut sentences: Vec<String> = Vec::new();
        let mut size = 0;
        let claim_sentences: Vec<String> = drafts.iter().map(|d| d.sentence.clone()).collect();
        let unannotated = (index % 3 == 1).then(|| {
            let where_ = place(200_000 + index % 60_000);
            format!("Schon 1991 war {where_} Schauplatz eines ähnlichen Streits.")
        });
        let extra = usize::from(unannotated.is_some());
        let fixed: usize = claim_sentences.iter().map(|s| s.len() + 1).sum::<usize>()
            + unannotated.as_ref().map_or(0, |s| s.len() + 1);
        let mut fillers = Vec::new();
        while size + fixed < target {
            let filler = self.filler();
            size += filler.len() + 1;
            fillers.push(filler);
        }
        // Interleave: each special sentence after a random number of fillers.
        let mut specials: Vec<String> = claim_sentences;
        if let Some(u) = &unannotated {
            let at = self.rng.below(specials.len() + 1);
            specials.insert(at, u.clone());
        }
        let mut fill = fillers.into_iter();
        let per = (size / (CLAIMS_PER_SOURCE + extra)).max(1);
        for special in specials {
            let mut budget = self.rng.range(per / 2, per * 3 / 2);
            while budget > 0 {
                match fill.next() {
                    Some(f) => {
                        budget = budget.saturating_sub(f.len() + 1);
                        sentences.push(f);
                    }
                    None => break,
                }
            }
            sentences.push(special);
        }
        sentences.extend(fill);

        // Paragraphs of 3-5 sentences.
        let wrapped = index.is_multiple_of(2);
        let mut text = String::new();
        text.push_str(&title);
        text.push_str("\n\n");
        let mut line = 3usize;
        let mut rest = sentences.as_slice();
        while !rest.is_empty() {
            let take = self.rng.range(3, 5).min(rest.len());
            let paragraph = rest[..take].join(" ");
            rest = &rest[take..];
            if wrapped {
                let lines = wrap(&paragraph, 78);
                line += lines.len() + 1;
                text.push_str(&lines.join("\n"));
            } else {
                line += 2;
                text.push_str(&paragraph);
            }
            text.push_str("\n\n");
        }
        let teaser_line = line;
        let _ = writeln!(
            text,
            "Mehr zum Thema: {} Hintergründe in {} Teilen",
            main_topic,
            2 + index % 5
        );

        // Quotes must occur once; make the rare collision unique by quoting the whole sentence.
        let folded = anchor::fold(&text);
        for draft in &mut drafts {
            let parts: Vec<String> = draft.quote.split(" … ").map(anchor::fold).collect();
            let unique = parts.iter().all(|p| folded.matches(p.as_str()).count() == 1);
            if !unique {
                draft.quote = draft.sentence.clone();
            }
        }

        let mut yaml = String::new();
        let _ = writeln!(yaml, "id: {id}\nfile: {seed_path}\ntitle: {}", yq(&title));
        let _ = writeln!(yaml, "outlet: {}", yq(outlet));
        if index.is_multiple_of(4) {
            let author = format!(
                "{} {}",
                FIRST_NAMES[index % FIRST_NAMES.len()],
                LAST_NAMES[index % LAST_NAMES.len()]
            );
            let _ = writeln!(yaml, "author: {}", yq(&author));
        }
        let published = if index % 7 == 3 {
            format!("{year}-{month:02}")
        } else {
            format!("{year}-{month:02}-{day:02}")
        };
        let _ = writeln!(yaml, "published: {published}");
        let _ = writeln!(yaml, "url: \"https://example.org/artikel/{index}\"");
        if index.is_multiple_of(3) {
            let _ = writeln!(
                yaml,
                "archive_url: \"https://web.archive.org/web/{year}/https://example.org/artikel/{index}\""
            );
        }
        yaml.push_str("language: de\n");
        if !wrapped && index % 4 == 1 {
            yaml.push_str("paragraphs: lines\n");
        }
        yaml.push_str("exclude:\n  - lines: 1\n    reason: \"Überschrift\"\n");
        let _ = writeln!(
            yaml,
            "  - lines: {teaser_line}\n    reason: \"Verweis auf andere Artikel\""
        );
        if let Some(u) = &unannotated {
            let passage = u.trim_end_matches('.');
            let _ = writeln!(
                yaml,
                "unannotated:\n  - text: {}\n    reason: \"historischer Vergleich ohne prüfbare Angabe\"",
                yq(passage)
            );
        }
        yaml.push_str("claims:\n");
        for draft in &drafts {
            self.claim_yaml(&mut yaml, draft);
        }

        for draft in drafts {
            let number = self.claims.len();
            if draft.info.figure.is_some() {
                self.by_topic[draft.info.topic].push(number);
                if draft.info.origin.is_some() {
                    self.repeatable.push(number);
                }
            }
            self.claims.push(draft.info);
        }
        self.files.insert(format!("content/sources/{index:05}.yaml"), yaml);
        self.files.insert(seed_path, text);
    }

    fn claim_yaml(&self, yaml: &mut String, draft: &Draft) {
        let info = &draft.info;
        let topic = &self.topics[info.topic];
        let _ = writeln!(yaml, "  - id: {}", info.id);
        let _ = writeln!(yaml, "    quote: {}", yq(&draft.quote));
        let _ = writeln!(yaml, "    statement: {}", yq(&draft.statement));
        if let Some(summary) = &draft.summary {
            let _ = writeln!(yaml, "    summary: {}", yq(summary));
        }
        let _ = writeln!(yaml, "    topic: {}", topic.id);
        if let Some((m, low, high, qual)) = info.figure {
            let measure = MEASURES[topic.measures[m]].0;
            if low == high {
                let _ = writeln!(
                    yaml,
                    "    quantity: {{ value: {low}, qualifier: {}, measure: {measure} }}",
                    qual.yaml()
                );
            } else {
                let _ = writeln!(yaml, "    quantity: {{ min: {low}, max: {high}, measure: {measure} }}");
            }
        }
        if let Some(as_of) = &draft.as_of {
            let _ = writeln!(yaml, "    as_of: {as_of}");
        }
        match info.origin {
            Some(o) => {
                let _ = writeln!(yaml, "    origin: {}", self.origins[o].id);
            }
            None => yaml.push_str("    origin: article\n"),
        }
        if !draft.via.is_empty() {
            let via: Vec<&str> = draft.via.iter().map(|&v| self.origins[v].id.as_str()).collect();
            let _ = writeln!(yaml, "    via: [{}]", via.join(", "));
        }
        let _ = writeln!(yaml, "    verdict: {}", VERDICTS[draft.verdict].0);
        block(yaml, "    ", "note", &draft.note);
        if !draft.related.is_empty() {
            yaml.push_str("    related:\n");
            for (claim, relation) in &draft.related {
                let _ = writeln!(yaml, "      - {{ claim: {claim}, relation: {relation} }}");
            }
        }
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Wraps `text` at spaces into lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{CheckOptions, check};
    use crate::model::article::needs_claim;

    #[test]
    fn filler_needs_no_claim() {
        let mut generator = Generator::new(&GenerateOptions::default());
        for _ in 0..2000 {
            let filler = generator.filler();
            assert!(!needs_claim(&filler), "{filler}");
        }
        for text in SUBJECTS
            .iter()
            .chain(VERBS)
            .chain(CLAUSES)
            .chain(OPENERS)
            .chain(STATEMENTS)
        {
            assert!(!needs_claim(text), "{text}");
        }
    }

    #[test]
    fn places_are_unique() {
        let names: std::collections::BTreeSet<String> = (0..70_000).map(place).collect();
        assert_eq!(names.len(), 70_000);
    }

    #[test]
    fn generated_dossier_checks_clean_and_is_deterministic() {
        let options = GenerateOptions { sources: 40, seed: 7 };
        let (input, summary) = input_files(Path::new("/nonexistent"), &options);
        assert_eq!(summary.claims, 400);
        let checked = check(
            &input,
            CheckOptions {
                coverage: true,
                strict: true,
            },
        );
        assert!(
            checked.diagnostics.is_empty(),
            "{:#?}",
            checked.diagnostics.iter().take(5).collect::<Vec<_>>()
        );
        let dossier = checked.dossier.expect("dossier");
        assert_eq!(dossier.claims.len(), 400);
        assert_eq!(dossier.sources.len(), 40);
        let relations: std::collections::BTreeSet<_> = dossier
            .claims
            .iter()
            .flat_map(|c| c.links.iter().map(|l| l.relation))
            .collect();
        assert!(relations.len() >= 3, "{relations:?}");
        assert!(dossier.claims.iter().any(|c| c.quote_parts.len() > 1), "gap quotes");
        assert!(dossier.claims.iter().any(|c| !c.via.is_empty()), "intermediaries");
        assert_eq!(generate(&options).files, generate(&options).files);
        assert_ne!(
            generate(&options).files,
            generate(&GenerateOptions { sources: 40, seed: 8 }).files
        );
    }

    #[test]
    fn articles_are_three_to_six_kilobytes() {
        let generated = generate(&GenerateOptions { sources: 30, seed: 3 });
        for (path, text) in generated.files.iter().filter(|(p, _)| p.starts_with("seeds/")) {
            assert!((2800..7000).contains(&text.len()), "{path}: {}", text.len());
        }
    }
}
