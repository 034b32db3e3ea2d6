//! The entities of a resolved dossier: sources, claims, topics and their measures, origins,
//! pages and the settings. They refer to each other by index ([`super::ids`]); the reverse
//! links (claims per source, topic and origin) are filled in by [`super::resolve`].

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::PartialDate;
use super::ids::{ClaimId, MeasureId, OriginId, SourceId, TopicId, VerdictId};
use super::provenance::{Constraint, IndependentOrigin, Violation};
use crate::load::schema::{Basis, OriginKind, Qualifier, Relation};

/// The origin id that means "the article itself names no origin".
pub const ARTICLE_ORIGIN: &str = "article";

pub use crate::diagnostic::Language;

/// The dossier as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Description (Markdown).
    pub description: String,
    /// UI language.
    pub language: Language,
    /// Base URL, ending in `/`, if configured.
    pub base_url: Option<String>,
    /// Publisher name.
    pub organization_name: String,
    /// Publisher website.
    pub organization_url: Option<String>,
    /// The verdict scale, best first.
    pub verdicts: Vec<Verdict>,
    /// When the dossier's claims were reviewed (the default for sources and claims).
    pub reviewed: Option<PartialDate>,
    /// The licence of content and data, if declared.
    pub license: Option<License>,
    /// The claims the home page shows first (`highlights:`), in the order given.
    pub highlights: Vec<ClaimId>,
    /// Whether claims get share images (with a base URL).
    pub share_images: bool,
}

/// The licence of a dossier's content and data.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct License {
    /// SPDX identifier, e.g. `CC-BY-4.0`.
    pub id: String,
    /// Its name for readers (the id when none is given).
    pub title: String,
    /// Where its text is.
    pub url: Option<String>,
}

/// A published correction of a claim (`corrections:`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Correction {
    /// When it was made.
    pub date: PartialDate,
    /// Why (Markdown).
    pub reason: String,
}

/// One step of the verdict scale.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// URL-safe id.
    pub id: String,
    /// Label.
    pub label: String,
    /// What it means (Markdown).
    pub explanation: String,
    /// Its place on the truth scale (higher = truer); `None` for a verdict that is not on it
    /// (`rating: none`, e.g. "cannot be checked").
    pub rating: Option<i64>,
    /// Its claims are findings the home page lists (`finding: true`).
    pub finding: bool,
    /// `requires: { independent_origins: N }`: a claim with this verdict needs N independent
    /// origins behind it, or a `basis` (see [`super::provenance`]).
    pub required_origins: Option<u32>,
}

/// A source article.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// URL-safe id.
    pub id: String,
    /// The YAML file it is annotated in.
    pub annotation_file: String,
    /// The article's text file (`seeds/...`).
    pub file: String,
    /// Headline.
    pub title: String,
    /// Short name the notes use ("Artikel 004"), if given.
    pub label: Option<String>,
    /// Outlet; `None` when the article does not name one.
    pub outlet: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// Publication date.
    pub published: PartialDate,
    /// Review date of its claims as written on the source (without the dossier's default).
    pub reviewed: Option<PartialDate>,
    /// Original URL.
    pub url: Option<String>,
    /// Archive copy.
    pub archive_url: Option<String>,
    /// A snapshot of the page as it was read (HTML or PDF), a file under `seeds/`.
    pub snapshot: Option<String>,
    /// Language of the text.
    pub language: String,
    /// The article text, exactly as in the file.
    #[serde(skip)]
    pub text: Arc<str>,
    /// Body paragraphs: byte ranges of `text`.
    pub paragraphs: Vec<Range<usize>>,
    /// Its claims, in the order their quotes appear in the text.
    pub claims: Vec<ClaimId>,
    /// Sentences with a figure or quotation that no claim covers and no `unannotated` entry excuses.
    pub uncovered: Vec<Range<usize>>,
    /// Sentences that need a claim.
    pub sentences_needing_claims: usize,
}

/// A figure: value or range, qualifier, unit and what is counted.
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    /// Lower end (the value, for a single value).
    pub low: f64,
    /// Upper end (the value, for a single value).
    pub high: f64,
    /// Whether a range was given.
    pub is_range: bool,
    /// How the source qualifies the figure; `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// The source's own words for a vague quantity ("Tausende"): `low`/`high` are then the
    /// dossier's reading of them, not a reported figure.
    pub wording: Option<String>,
    /// Unit (from the claim, else its measure, else its topic).
    pub unit: Option<String>,
    /// The unit's singular, for a figure of exactly 1 (from where `unit` came from).
    pub unit_singular: Option<String>,
    /// Index into the topic's `measures`.
    pub measure: MeasureId,
}

/// A link between two claims, as seen from the claim that holds it. A pair declared on both
/// sides is one link (see [`super::resolve::links`] for what each relation means and which pairs are errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Link {
    /// How they relate.
    pub relation: Relation,
    /// The other claim.
    pub claim: ClaimId,
    /// True when only the other claim declared the link (so read a directed one backwards:
    /// "is supported by").
    pub incoming: bool,
    /// True when both claims declared it (for `supports`: each is evidence for the other).
    pub mutual: bool,
}

/// A claim.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Stable URL-safe id.
    pub id: String,
    /// The source it was annotated in.
    pub source: SourceId,
    /// The quote as the annotator wrote it.
    pub quote: String,
    /// Where the quote is: byte ranges of the source text (several with gaps).
    pub quote_parts: Vec<Range<usize>>,
    /// Index of the source paragraph holding the quote.
    pub paragraph: usize,
    /// Our statement of what it asserts.
    pub statement: String,
    /// Short summary without verdict.
    pub summary: String,
    /// Topic.
    pub topic: TopicId,
    /// The figure.
    pub quantity: Option<Quantity>,
    /// The date the claim refers to.
    pub as_of: Option<PartialDate>,
    /// When it was reviewed: its own `reviewed`, else its source's, else the dossier's.
    pub reviewed: Option<PartialDate>,
    /// The origin; `None` when the article names none.
    pub origin: Option<OriginId>,
    /// Intermediaries between origin and outlet.
    pub via: Vec<OriginId>,
    /// Verdict.
    pub verdict: VerdictId,
    /// Why the verdict (Markdown).
    pub note: Option<String>,
    /// The verdict's reason in one sentence (plain text), if given.
    pub conclusion: Option<String>,
    /// Links to and from other claims, outgoing first, each group in id order.
    pub links: Vec<Link>,
    /// Published corrections (`corrections:`), in file order.
    pub corrections: Vec<Correction>,
    /// The group of claims that go back to one origin (smallest claim index in the group).
    pub origin_group: ClaimId,
    /// What the verdict rests on besides origins (calendar, arithmetic), if the claim says.
    pub basis: Option<Basis>,
    /// The independent origins behind the claim's figure or statement: its same-origin group and
    /// the claims that support any of its claims, origins sharing a chain link counted once (see
    /// [`super::provenance`]). The same for every claim of one same-origin group.
    pub independent_origins: Vec<IndependentOrigin>,
}

/// A measure of a topic: what its figures count.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Id within the topic.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit (measure's or topic's).
    pub unit: Option<String>,
    /// The unit's singular (measure's or topic's).
    pub unit_singular: Option<String>,
    /// What is and is not counted.
    pub description: Option<String>,
}

/// A topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// URL-safe id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Question its table answers.
    pub question: String,
    /// Default unit.
    pub unit: Option<String>,
    /// The default unit's singular.
    pub unit_singular: Option<String>,
    /// Markdown description.
    pub description: String,
    /// Measures, in the order given.
    pub measures: Vec<Measure>,
    /// Its claims, in dossier order.
    pub claims: Vec<ClaimId>,
    /// How its measures relate (`constraints:` in `topics.yaml`).
    pub constraints: Vec<Constraint>,
    /// Figures of its claims that break a constraint, in constraint order.
    pub violations: Vec<Violation>,
}

/// A person or organisation that claims are attributed to.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    /// URL-safe id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OriginKind,
    /// Description.
    pub description: String,
    /// A collective entry for sources the article does not name; its name is a label, so it is
    /// never published as a Person or Organization.
    pub unnamed: bool,
    /// Claims attributed to it.
    pub claims: Vec<ClaimId>,
    /// Claims it relayed as an intermediary.
    pub relayed: Vec<ClaimId>,
}

/// A free Markdown page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Navigation position.
    pub nav: Option<i64>,
    /// Meta description.
    pub description: Option<String>,
    /// Markdown body.
    pub body: String,
    /// Show the verdict scale with its ratings after the body.
    pub verdict_scale: bool,
    /// The file it comes from.
    pub file: String,
}

/// The resolved dossier.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// Settings.
    pub config: Config,
    /// Sources, in id order.
    pub sources: Vec<Source>,
    /// Claims, in source order, then text order.
    pub claims: Vec<Claim>,
    /// Topics, in the order of `topics.yaml`.
    pub topics: Vec<Topic>,
    /// Origins, in the order of `origins.yaml`.
    pub origins: Vec<Origin>,
    /// Pages, by navigation position, then slug.
    pub pages: Vec<Page>,
}

impl Dossier {
    /// The claims of a topic that share one measure, in dossier order.
    pub fn claims_with_measure(&self, topic: TopicId, measure: MeasureId) -> impl Iterator<Item = &Claim> {
        self.topics[topic]
            .claims
            .iter()
            .map(|&c| &self.claims[c])
            .filter(move |claim| claim.quantity.as_ref().is_some_and(|q| q.measure == measure))
    }
}
