//! The words generated articles are made of, and small text helpers (place names, slugs,
//! German numbers, YAML scalars).

use std::fmt::Write as _;

// --- Vocabulary. Filler text has no digits, no quotation marks and none of the number words
// that make `check` expect a claim (see `model::article::needs_claim`); a unit test holds it to
// that.

pub(super) const SUBJECTS: &[&str] = &[
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

pub(super) const VERBS: &[&str] = &[
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

pub(super) const CLAUSES: &[&str] = &[
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

pub(super) const OPENERS: &[&str] = &[
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

pub(super) const STATEMENTS: &[&str] = &[
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

pub(super) const PLACE_HEADS: &[&str] = &[
    "Kra", "Wol", "Ost", "Bel", "Gor", "Lin", "Mar", "Sel", "Tar", "Bru", "Dal", "Fen", "Hal", "Kel", "Nor", "Ros",
];
pub(super) const PLACE_MIDS: &[&str] = &[
    "no", "wi", "ra", "le", "mi", "to", "sa", "ke", "du", "bo", "ri", "la", "pe", "tu", "go", "ve",
];
pub(super) const PLACE_ENDS: &[&str] = &["witz", "dorf", "hausen", "ow", "ingen", "au", "berg", "feld"];
pub(super) const RIVERS: &[&str] = &[
    "",
    " an der Oder",
    " an der Memel",
    " am Bug",
    " an der Save",
    " an der Drau",
    " am Pruth",
    " an der Narew",
];

pub(super) const THEMES: &[(&str, &str, &str)] = &[
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

pub(super) const REGIONS: &[&str] = &[
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

pub(super) const MEASURES: &[(&str, &str, &str)] = &[
    ("gemeldet", "Offiziell gemeldet", "gemeldet"),
    ("geschaetzt", "Geschätzt", "geschätzt"),
    ("geplant", "Geplant", "geplant"),
    ("bestaetigt", "Unabhängig bestätigt", "bestätigt"),
    ("angekuendigt", "Angekündigt", "angekündigt"),
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Anna", "Boris", "Clara", "Dmitri", "Elena", "Felix", "Greta", "Hanna", "Igor", "Jana", "Karl", "Lena", "Maxim",
    "Nina", "Olga", "Pavel", "Ruth", "Sven", "Tanja", "Viktor",
];
pub(super) const LAST_NAMES: &[&str] = &[
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
pub(super) const INSTITUTIONS: &[(&str, &str)] = &[
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
pub(super) const COUNTRIES: &[&str] = &[
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

pub(super) const OUTLETS: &[&str] = &[
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

pub(super) const VERDICTS: &[(&str, &str, usize)] = &[
    ("belegt", "Belegt", 20),
    ("plausibel", "Plausibel", 25),
    ("unbelegt", "Nicht überprüfbar", 30),
    ("widerspruechlich", "Widersprüchlich", 10),
    ("irrefuehrend", "Irreführend", 10),
    ("falsch", "Falsch", 5),
];

/// Measures a topic has: indices into [`MEASURES`].
pub(super) fn topic_measures(topic: usize) -> Vec<usize> {
    let count = 2 + topic % 4;
    (0..count).map(|k| (topic + k) % MEASURES.len()).collect()
}

/// A place name unique to `n` (for `n` below 262,144).
pub(super) fn place(n: usize) -> String {
    let mut name = String::new();
    name.push_str(PLACE_HEADS[n % 16]);
    name.push_str(PLACE_MIDS[(n / 16) % 16]);
    name.push_str(PLACE_MIDS[(n / 256) % 16]);
    name.push_str(PLACE_ENDS[(n / 4096) % 8]);
    name.push_str(RIVERS[(n / 32768) % RIVERS.len()]);
    name
}

/// A URL-safe id from German text.
pub(super) fn slug(text: &str) -> String {
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
pub(super) fn german_number(n: u64) -> String {
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
pub(super) fn yq(text: &str) -> String {
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
pub(super) fn block(out: &mut String, indent: &str, key: &str, text: &str) {
    let _ = writeln!(out, "{indent}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{indent}  {line}");
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Qual {
    Exactly,
    About,
    UpTo,
    MoreThan,
    AtLeast,
    LessThan,
}

impl Qual {
    pub(super) fn yaml(self) -> &'static str {
        match self {
            Qual::Exactly => "exactly",
            Qual::About => "about",
            Qual::UpTo => "up-to",
            Qual::MoreThan => "more-than",
            Qual::AtLeast => "at-least",
            Qual::LessThan => "less-than",
        }
    }

    pub(super) fn words(self) -> &'static str {
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

pub(super) const QUALS: &[Qual] = &[
    Qual::Exactly,
    Qual::About,
    Qual::About,
    Qual::UpTo,
    Qual::MoreThan,
    Qual::AtLeast,
    Qual::LessThan,
];
