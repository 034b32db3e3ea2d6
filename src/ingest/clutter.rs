//! Page furniture: lines of a copied or extracted page that are not article body ("2 min read",
//! "Share", "Teilen", "Edit post", cookie notices, "Mehr zum Thema" teaser lists, newsletter
//! prompts, image credits, menus and breadcrumbs, footers), German and English.
//!
//! Nothing is deleted: [`find`] only lists the lines, and `add-source` proposes them as
//! `exclude` entries for the annotator to confirm.

/// Why a line is furniture, as the `reason` of its `exclude` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// "2 min read", "Lesezeit: 3 Minuten".
    ReadingTime,
    /// "Share", "Teilen", "Facebook", "Link kopieren".
    Sharing,
    /// "Edit post", "Bearbeiten" (a logged-in view of the page).
    EditLink,
    /// A cookie or consent notice.
    Cookies,
    /// "Mehr zum Thema", "You may also like" and the teasers after it.
    Teasers,
    /// "Newsletter abonnieren", "Sign up for our newsletter".
    Newsletter,
    /// "Foto: dpa", "Photo: Reuters", "© Getty Images".
    ImageCredit,
    /// "Anzeige", "Advertisement".
    Advertisement,
    /// "Home > Politik > Ausland", "Politik | Wirtschaft | Sport".
    Navigation,
    /// "Impressum", "Privacy Policy", "All rights reserved".
    Footer,
    /// "Post image", a lone "|".
    LayoutResidue,
    /// A line that gives the date (found by `super::guess`).
    Dateline,
    /// "By Jane Doe", "Von Max Mustermann" (found by `super::guess`).
    Byline,
}

impl Kind {
    /// The reason written into the `exclude` entry.
    pub fn reason(self) -> &'static str {
        match self {
            Kind::ReadingTime => "reading-time note",
            Kind::Sharing => "share buttons",
            Kind::EditLink => "edit link",
            Kind::Cookies => "cookie notice",
            Kind::Teasers => "teaser list of other articles",
            Kind::Newsletter => "newsletter prompt",
            Kind::ImageCredit => "image credit",
            Kind::Advertisement => "advertisement",
            Kind::Navigation => "menu or breadcrumb",
            Kind::Footer => "page footer",
            Kind::LayoutResidue => "layout residue",
            Kind::Dateline => "date line",
            Kind::Byline => "byline",
        }
    }
}

/// Furniture found in an article: 1-based lines, inclusive, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clutter {
    /// First line.
    pub first: usize,
    /// Last line (blank lines between lines of one kind are included).
    pub last: usize,
    /// What it is.
    pub kind: Kind,
}

/// Whole lines that are sharing or edit buttons, lowercase.
const BUTTONS: &[(&str, Kind)] = &[
    ("share", Kind::Sharing),
    ("share this", Kind::Sharing),
    ("share this article", Kind::Sharing),
    ("share this story", Kind::Sharing),
    ("share article", Kind::Sharing),
    ("teilen", Kind::Sharing),
    ("artikel teilen", Kind::Sharing),
    ("beitrag teilen", Kind::Sharing),
    ("jetzt teilen", Kind::Sharing),
    ("facebook", Kind::Sharing),
    ("twitter", Kind::Sharing),
    ("x", Kind::Sharing),
    ("whatsapp", Kind::Sharing),
    ("telegram", Kind::Sharing),
    ("linkedin", Kind::Sharing),
    ("reddit", Kind::Sharing),
    ("bluesky", Kind::Sharing),
    ("threads", Kind::Sharing),
    ("e-mail", Kind::Sharing),
    ("email", Kind::Sharing),
    ("mail", Kind::Sharing),
    ("copy link", Kind::Sharing),
    ("link kopieren", Kind::Sharing),
    ("drucken", Kind::Sharing),
    ("print", Kind::Sharing),
    ("merken", Kind::Sharing),
    ("save", Kind::Sharing),
    ("kommentare", Kind::Sharing),
    ("comments", Kind::Sharing),
    ("edit post", Kind::EditLink),
    ("edit", Kind::EditLink),
    ("bearbeiten", Kind::EditLink),
    ("beitrag bearbeiten", Kind::EditLink),
    ("anzeige", Kind::Advertisement),
    ("werbung", Kind::Advertisement),
    ("advertisement", Kind::Advertisement),
    ("sponsored", Kind::Advertisement),
    ("post image", Kind::LayoutResidue),
    ("image", Kind::LayoutResidue),
    ("home", Kind::Navigation),
    ("startseite", Kind::Navigation),
    ("menu", Kind::Navigation),
    ("menü", Kind::Navigation),
    ("impressum", Kind::Footer),
    ("datenschutz", Kind::Footer),
    ("datenschutzerklärung", Kind::Footer),
    ("kontakt", Kind::Footer),
    ("privacy policy", Kind::Footer),
    ("terms of use", Kind::Footer),
    ("contact", Kind::Footer),
    ("accept", Kind::Cookies),
    ("accept all", Kind::Cookies),
    ("akzeptieren", Kind::Cookies),
    ("alle akzeptieren", Kind::Cookies),
    ("ablehnen", Kind::Cookies),
    ("reject all", Kind::Cookies),
];

/// Headings of teaser lists, lowercase, without a trailing colon.
const TEASER_HEADINGS: &[&str] = &[
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "weitere artikel",
    "lesen sie auch",
    "lies auch",
    "auch interessant",
    "mehr lesen",
    "weiterlesen",
    "meistgelesen",
    "meistgelesene artikel",
    "top-artikel",
    "you may also like",
    "you might also like",
    "read more",
    "read next",
    "related",
    "related articles",
    "related stories",
    "more on this story",
    "more stories",
    "most read",
    "most popular",
    "recommended",
    "trending",
];

/// Words that make a short line an image credit when it starts with them.
const CREDIT_STARTS: &[&str] = &[
    "foto:",
    "fotos:",
    "bild:",
    "bildquelle:",
    "photo:",
    "photos:",
    "image:",
    "credit:",
    "picture:",
    "photo by",
    "foto von",
    "quelle: imago",
    "quelle: dpa",
];

/// Agencies and picture libraries named in image credits.
const CREDIT_NAMES: &[&str] = &[
    "getty images",
    "picture alliance",
    "picture-alliance",
    "imago images",
    "shutterstock",
    "afp via getty",
    "ap photo",
    "reuters/",
    "/ dpa",
    "/dpa",
    "keystone",
];

/// The furniture of `text`, in line order; consecutive lines of one kind (and the blank lines
/// between them) form one entry.
pub fn find(text: &str) -> Vec<Clutter> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Vec<Clutter> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let Some(kind) = kind_of(line) else {
            index += 1;
            continue;
        };
        let mut last = index;
        if kind == Kind::Teasers {
            // The teasers after the heading: short lines that are not body sentences.
            let mut next = index + 1;
            while next < lines.len() && (lines[next].trim().is_empty() || is_teaser_line(lines[next])) {
                if !lines[next].trim().is_empty() {
                    last = next;
                }
                next += 1;
            }
        }
        push(&mut found, &lines, index + 1, last + 1, kind);
        index = last + 1;
    }
    found
}

/// Adds lines `first..=last`, joined to the previous entry when only blank lines lie between
/// them and both are of one kind.
fn push(found: &mut Vec<Clutter>, lines: &[&str], first: usize, last: usize, kind: Kind) {
    if let Some(previous) = found.last_mut()
        && previous.kind == kind
        && lines[previous.last..first - 1].iter().all(|l| l.trim().is_empty())
    {
        previous.last = last;
        return;
    }
    found.push(Clutter { first, last, kind });
}

/// What kind of furniture `line` is, if it is.
pub fn kind_of(line: &str) -> Option<Kind> {
    let trimmed = line
        .trim()
        .trim_start_matches(['•', '·', '-', '*', '–', '›', '»'])
        .trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().all(|c| !c.is_alphanumeric()) {
        return Some(Kind::LayoutResidue);
    }
    let lower = trimmed.to_lowercase();
    let bare = lower.trim_end_matches([':', '.', '!']).trim();
    if let Some(&(_, kind)) = BUTTONS.iter().find(|(button, _)| *button == bare) {
        return Some(kind);
    }
    if TEASER_HEADINGS.contains(&bare) {
        return Some(Kind::Teasers);
    }
    let chars = trimmed.chars().count();
    if chars <= 60 && is_reading_time(bare) {
        return Some(Kind::ReadingTime);
    }
    if chars <= 400 && (lower.contains("cookie") || lower.contains("einwilligung") && lower.contains("daten")) {
        return Some(Kind::Cookies);
    }
    if chars <= 200
        && (lower.contains("newsletter") || lower.starts_with("subscribe") || lower.starts_with("abonnieren"))
    {
        return Some(Kind::Newsletter);
    }
    if chars <= 160
        && (CREDIT_STARTS.iter().any(|start| lower.starts_with(start))
            || lower.contains('©')
            || lower.starts_with("(c) ")
            || CREDIT_NAMES.iter().any(|name| lower.contains(name)))
    {
        // A copyright line at the foot of the page is the footer, not a credit.
        let footer = lower.contains("all rights reserved") || lower.contains("alle rechte vorbehalten");
        return Some(if footer { Kind::Footer } else { Kind::ImageCredit });
    }
    if chars <= 160 && (lower.contains("all rights reserved") || lower.contains("alle rechte vorbehalten")) {
        return Some(Kind::Footer);
    }
    if chars <= 200 && is_menu(trimmed) {
        return Some(Kind::Navigation);
    }
    if chars <= 80 && is_share_row(&lower) {
        return Some(Kind::Sharing);
    }
    None
}

/// "2 min read", "3 Min. Lesezeit", "Lesezeit: 4 Minuten", "Reading time: 5 minutes".
fn is_reading_time(bare: &str) -> bool {
    let has_number = bare.chars().any(|c| c.is_ascii_digit());
    has_number
        && (bare.contains("min read")
            || bare.contains("minute read")
            || bare.contains("minutes read")
            || bare.contains("lesezeit")
            || bare.contains("reading time")
            || bare.contains("min. lesen")
            || bare.contains("minuten lesen"))
}

/// A breadcrumb (`Home > Politik > Ausland`) or a menu (`Politik | Wirtschaft | Sport`): at
/// least three short parts between separators, none a sentence.
fn is_menu(line: &str) -> bool {
    const SEPARATORS: [&str; 6] = [" > ", " › ", " » ", " | ", " · ", " / "];
    SEPARATORS.iter().any(|separator| {
        let parts: Vec<&str> = line.split(separator).map(str::trim).collect();
        parts.len() >= 3
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.split_whitespace().count() <= 4 && !part.ends_with('.'))
    })
}

/// A row of share targets: "Facebook Twitter WhatsApp E-Mail".
fn is_share_row(lower: &str) -> bool {
    const TARGETS: [&str; 9] = [
        "facebook", "twitter", "whatsapp", "e-mail", "email", "linkedin", "telegram", "reddit", "bluesky",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let targets = words.iter().filter(|w| TARGETS.contains(w)).count();
    targets >= 2 && targets * 2 >= words.len()
}

/// A line of a teaser list: short, not a sentence of body text.
fn is_teaser_line(line: &str) -> bool {
    let trimmed = line.trim();
    let chars = trimmed.chars().count();
    chars <= 140 && !(chars > 60 && trimmed.ends_with(['.', '"', '“', '”', '«', '»']))
}

#[cfg(test)]
mod tests {
    use super::{Kind, find, kind_of};

    #[test]
    fn english_furniture() {
        assert_eq!(kind_of("2 min read"), Some(Kind::ReadingTime));
        assert_eq!(kind_of("Share"), Some(Kind::Sharing));
        assert_eq!(kind_of("Edit post"), Some(Kind::EditLink));
        assert_eq!(
            kind_of("We use cookies to improve your experience. Accept all?"),
            Some(Kind::Cookies)
        );
        assert_eq!(kind_of("Sign up for our daily newsletter"), Some(Kind::Newsletter));
        assert_eq!(kind_of("Photo: Reuters/Jane Doe"), Some(Kind::ImageCredit));
        assert_eq!(kind_of("Home > World > Europe"), Some(Kind::Navigation));
        assert_eq!(
            kind_of("© 2024 Example Media. All rights reserved."),
            Some(Kind::Footer)
        );
        assert_eq!(kind_of("Facebook Twitter Email"), Some(Kind::Sharing));
    }

    #[test]
    fn german_furniture() {
        assert_eq!(kind_of("Lesezeit: 3 Minuten"), Some(Kind::ReadingTime));
        assert_eq!(kind_of("Teilen"), Some(Kind::Sharing));
        assert_eq!(kind_of("Mehr zum Thema:"), Some(Kind::Teasers));
        assert_eq!(kind_of("Newsletter abonnieren"), Some(Kind::Newsletter));
        assert_eq!(kind_of("Foto: dpa"), Some(Kind::ImageCredit));
        assert_eq!(
            kind_of("Politik | Ausland | Wirtschaft | Sport"),
            Some(Kind::Navigation)
        );
        assert_eq!(kind_of("Anzeige"), Some(Kind::Advertisement));
    }

    #[test]
    fn body_text_is_not_furniture() {
        for line in [
            "Der Minister sagte, 11.000 Soldaten seien bereits im Einsatz.",
            "Nordkoreanische Truppen in der Ukraine",
            "Share prices fell by 3 percent on Monday, the exchange said.",
            "The ministry said the cookies were a gift to the soldiers and their families, who had waited for years to see them and who now, after a long winter in the trenches of the east, finally received them from the volunteers of the city, each with a letter.".repeat(2).as_str(),
            "Read the full report, the minister said, before you judge.",
        ] {
            assert_eq!(kind_of(line), None, "{line}");
        }
    }

    #[test]
    fn teaser_lists_end_at_body_text() {
        let text = "Body starts.\n\nMehr zum Thema\nErster Artikel\n\nZweiter Artikel\nDieser Absatz ist wieder Fließtext des Artikels und endet mit einem Punkt, wie es sich gehört.\nShare\n\nTeilen\n";
        let found: Vec<(usize, usize, Kind)> = find(text).iter().map(|c| (c.first, c.last, c.kind)).collect();
        assert_eq!(found, [(3, 6, Kind::Teasers), (8, 10, Kind::Sharing)]);
    }
}
