//! The YAML content format, as serde types.
//!
//! These types mirror the files an annotator writes, field for field: `dossier.yaml`,
//! `content/sources/*.yaml` (a source and its claims), `content/topics.yaml`,
//! `content/origins.yaml` and the front matter of `content/pages/*.md`. Unknown keys are errors
//! (`deny_unknown_fields`), and every field that a later check may complain about is
//! [`Spanned`], so the complaint can name its line and column. Nothing here is validated beyond
//! its YAML shape; [`crate::model`] does that.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// `dossier.yaml`: the dossier as a whole.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Site title.
    pub title: String,
    /// One-paragraph description (Markdown).
    pub description: String,
    /// UI language: `de` or `en`.
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    /// Where the site will be hosted, e.g. `https://example.org/dossier/`.
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
    /// Who publishes the dossier.
    pub organization: OrganizationFile,
    /// The verdict scale, best first.
    pub verdicts: Vec<VerdictFile>,
    /// When the dossier's claims were reviewed (the default for every source and claim).
    #[schemars(with = "Option<DateText>")]
    pub reviewed: Option<Spanned<DateText>>,
    /// The licence of the dossier's content and data, shown in the footer and carried into
    /// every export.
    pub license: Option<LicenseFile>,
    /// Claim ids the home page shows first, in this order, above the findings.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub highlights: Vec<Spanned<String>>,
    /// Whether each claim gets a share image (`claims/ID/share.png`, needs `base_url`); default
    /// `true`. Turn it off for very large dossiers: each image is some 50 KB.
    pub share_images: Option<bool>,
}

/// The licence of a dossier.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenseFile {
    /// SPDX identifier, e.g. `CC-BY-4.0`.
    pub id: String,
    /// Its name as readers see it, e.g. `Creative Commons Namensnennung 4.0`.
    pub title: Option<String>,
    /// Where its text is.
    pub url: Option<String>,
}

/// The publishing organisation.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFile {
    /// Its name.
    pub name: String,
    /// Its website.
    pub url: Option<String>,
}

/// One step of the verdict scale.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictFile {
    /// URL-safe id, used by claims.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Label shown to readers.
    pub label: String,
    /// What the verdict means (Markdown).
    pub explanation: String,
    /// Its place on the truth scale: a whole number (higher = truer) or `none` for a verdict
    /// that is not on it (e.g. "cannot be checked").
    // Required, as the schema says; an `Option` here only so that the resolver reports a
    // missing one at its verdict's line (`model::resolve::config`).
    #[schemars(required, with = "RatingText")]
    pub rating: Option<Spanned<RatingText>>,
    /// `true` for a verdict whose claims are findings a reader should see first (e.g.
    /// contradictory, misleading, false): the home page lists them under the verdict counts.
    #[serde(default)]
    pub finding: bool,
    /// What a claim needs to carry this verdict; `check` reports a claim that breaks it.
    pub requires: Option<VerdictRuleFile>,
}

/// The rule of a verdict: e.g. `requires: { independent_origins: 2 }` for "Belegt".
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictRuleFile {
    /// At least this many independent origins behind the claim (its own origin and the origins
    /// of claims that `support` it, counting origins that share a link of their chains once),
    /// unless the claim names a `basis:` (calendar or arithmetic), which stands in for them.
    #[schemars(with = "u32")]
    pub independent_origins: Spanned<u32>,
}

/// `content/sources/*.yaml`: one article and the claims annotated in it.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// URL-safe id.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub id: Spanned<String>,
    /// The article's text file, relative to the dossier root (inside `seeds/`).
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub file: Spanned<String>,
    /// The article's headline.
    pub title: String,
    /// A short name the notes use for it ("Artikel 004"), shown on its page and in lists.
    pub label: Option<String>,
    /// The outlet that published it; absent when the article does not say.
    pub outlet: Option<String>,
    /// The author, if known.
    pub author: Option<String>,
    /// Publication date: `2024-11-18`, `2024-11` or `2024`.
    #[schemars(with = "DateText")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub published: Spanned<DateText>,
    /// When its claims were reviewed (the default for its claims; else the dossier's).
    #[schemars(with = "Option<DateText>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub reviewed: Option<Spanned<DateText>>,
    /// The original URL.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub url: Option<Spanned<String>>,
    /// An archive copy (e.g. the Wayback Machine).
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub archive_url: Option<Spanned<String>>,
    /// A snapshot of the page as it was read (HTML or PDF), relative to the dossier root.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub snapshot: Option<Spanned<String>>,
    /// Language of the article text (`de`, `en`, ...).
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub language: Spanned<String>,
    /// SHA-256 of the snapshot file as `add-source` saved it (lowercase hex), to tell later
    /// whether it is still the page that was read.
    pub snapshot_sha256: Option<String>,
    /// SHA-256 of the article text file (lowercase hex) as it was annotated: `dossier verify`
    /// reports when the text no longer hashes the same, and what became of each quote; `check`
    /// warns.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub text_sha256: Option<Spanned<String>>,
    /// When `add-source` fetched the page from `url` (UTC, e.g. `2026-12-01T18:42:45Z`): the
    /// time of the fetch, not of publication.
    pub fetched_at: Option<String>,
    /// How the file is split into paragraphs.
    #[serde(default)]
    pub paragraphs: ParagraphMode,
    /// Parts of the file that are not article body.
    #[serde(default)]
    pub exclude: Vec<ExcludeFile>,
    /// Sentences that `check` would flag as unannotated, with the reason they are left out.
    #[serde(default)]
    pub unannotated: Vec<UnannotatedFile>,
    /// The claims annotated in this article.
    #[serde(default)]
    pub claims: Vec<ClaimFile>,
}

/// How an article's text is split into paragraphs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphMode {
    /// `lines` when the file has long lines (one paragraph a line), else `blank-lines`.
    #[default]
    Auto,
    /// Every non-empty line is a paragraph.
    Lines,
    /// Paragraphs are separated by blank lines; lines inside one are joined.
    BlankLines,
}

/// A part of the article file that is not body text.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExcludeFile {
    /// Line numbers: `3` or `3-5` (1-based, inclusive).
    #[schemars(with = "Option<LinesText>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub lines: Option<Spanned<LinesText>>,
    /// An exact passage (matched like a quote) to cut out, e.g. a date fused to the first line.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub text: Option<Spanned<String>>,
    /// Why it is not body text.
    pub reason: Option<String>,
}

/// A sentence deliberately left without a claim.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnannotatedFile {
    /// A passage of the sentence, matched like a quote.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub text: Spanned<String>,
    /// One line saying why it is not a claim.
    pub reason: String,
}

/// One claim, annotated against the article of its source file.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    /// Stable URL-safe id.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub id: Spanned<String>,
    /// The exact words of the article. `…` or `[…]` marks a gap.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub quote: Spanned<String>,
    /// Text right before the quote, to pick one of several occurrences.
    pub prefix: Option<String>,
    /// Text right after the quote, to pick one of several occurrences.
    pub suffix: Option<String>,
    /// What the quote asserts, in one sentence of ours.
    pub statement: String,
    /// A short summary of what is claimed, without the verdict (about 75 characters).
    pub summary: Option<String>,
    /// The topic id.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub topic: Spanned<String>,
    /// The figure, if the claim has one.
    pub quantity: Option<QuantityFile>,
    /// The date the claim refers to.
    #[schemars(with = "Option<DateText>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub as_of: Option<Spanned<DateText>>,
    /// When the claim was reviewed (else its source's, else the dossier's review date).
    #[schemars(with = "Option<DateText>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub reviewed: Option<Spanned<DateText>>,
    /// Who the article says it comes from: an origin id, or `article` when it names nobody.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub origin: Spanned<String>,
    /// Intermediaries between the origin and the outlet, in order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub via: Vec<Spanned<String>>,
    /// A verdict id from the scale in `dossier.yaml`.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub verdict: Spanned<String>,
    /// Why the verdict (Markdown).
    pub note: Option<String>,
    /// The verdict's reason in one sentence (plain text), shown under the verdict; it may say
    /// no more than the note and the sources support. `check --strict` requires it.
    pub conclusion: Option<String>,
    /// Links to other claims.
    #[serde(default)]
    pub related: Vec<RelatedFile>,
    /// What the verdict rests on besides origins: `calendar` or `arithmetic` (the note says how).
    /// A verdict that `requires` independent origins accepts it instead.
    #[schemars(with = "Option<Basis>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub basis: Option<Spanned<Basis>>,
    /// Published corrections of this claim, each with its date and reason.
    #[serde(default)]
    pub corrections: Vec<CorrectionFile>,
}

/// What a verdict rests on besides reports: the calendar or a computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Dates and weekdays, checked against the calendar.
    Calendar,
    /// A computation from figures of the dossier.
    Arithmetic,
}

/// A correction of a claim: when and why it changed.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionFile {
    /// The day the correction was made (`2024-11-18`).
    #[schemars(with = "DateText")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub date: Spanned<DateText>,
    /// Why the claim was changed, for readers (Markdown).
    pub reason: String,
}

/// A figure: a value or a range, with qualifier, unit and measure.
#[derive(Debug, Clone, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityFile {
    /// A single value.
    #[schemars(with = "Option<f64>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub value: Option<Spanned<f64>>,
    /// Lower end of a range.
    #[schemars(with = "Option<f64>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub min: Option<Spanned<f64>>,
    /// Upper end of a range.
    #[schemars(with = "Option<f64>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub max: Option<Spanned<f64>>,
    /// exactly, about, just-under, up-to, more-than, at-least, less-than; absent when the source
    /// qualifies the figure with nothing.
    pub qualifier: Option<Qualifier>,
    /// The source's own words for a vague quantity ("Tausende"); `value`/`min`/`max` are then the
    /// dossier's reading of those words, never a reported figure.
    #[schemars(with = "Option<String>")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub wording: Option<Spanned<String>>,
    /// The unit, if it differs from the measure's or topic's.
    pub unit: Option<String>,
    /// The unit's singular ("Tag" for `unit: "Tage"`), used for a figure of exactly 1.
    pub unit_singular: Option<String>,
    /// A measure id of the claim's topic: what is counted.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub measure: Spanned<String>,
    /// The figure is computed (the note says how), not written in the quote: exempt from the
    /// check of figures against their quotes.
    #[serde(default)]
    pub derived: bool,
}

impl std::hash::Hash for QuantityFile {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for number in [&self.value, &self.min, &self.max] {
            number.as_ref().map(|n| n.value.to_bits()).hash(state);
        }
        self.qualifier.hash(state);
        self.wording.hash(state);
        self.unit.hash(state);
        self.unit_singular.hash(state);
        self.measure.hash(state);
        self.derived.hash(state);
    }
}

/// How a figure is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// The source says the figure is exact ("genau"). A figure the source does not qualify has
    /// no qualifier at all.
    Exactly,
    /// Approximately ("etwa", "rund").
    About,
    /// Slightly below the figure ("knapp").
    JustUnder,
    /// At most (a ceiling that may be reached).
    UpTo,
    /// Strictly more than.
    MoreThan,
    /// The figure or more.
    AtLeast,
    /// Strictly less than.
    LessThan,
}

/// A link from one claim to another.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedFile {
    /// The other claim's id.
    #[schemars(with = "String")]
    #[serde(serialize_with = "super::parse_cache::spanned")]
    pub claim: Spanned<String>,
    /// How they relate.
    pub relation: Relation,
}

/// How two claims relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The claims cannot both be true.
    Contradicts,
    /// This claim backs the other.
    Supports,
    /// Both go back to the same origin.
    SameOrigin,
    /// This claim is a newer figure for the same thing.
    Updates,
}

/// `content/topics.yaml`: a list of these.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    /// URL-safe id.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Title.
    pub title: String,
    /// The question its comparison table answers.
    pub question: String,
    /// Default unit of its figures.
    pub unit: Option<String>,
    /// The default unit's singular ("Tag" for "Tage").
    pub unit_singular: Option<String>,
    /// Markdown description.
    #[serde(default)]
    pub description: String,
    /// What its figures count; rows are grouped by measure.
    #[serde(default)]
    pub measures: Vec<MeasureFile>,
    /// How its measures relate, checked over figures of overlapping as-of dates:
    /// `an-der-front <= entsandt <= geplant` (also `<`, `>=`, `>`) or `share = part / whole`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub constraints: Vec<Spanned<String>>,
}

/// What a figure counts, e.g. "active personnel" or "killed or wounded".
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureFile {
    /// Id, unique within the topic.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Label shown as the group heading.
    pub label: String,
    /// Unit, if it differs from the topic's.
    pub unit: Option<String>,
    /// The unit's singular, for a figure of exactly 1.
    pub unit_singular: Option<String>,
    /// What exactly is and is not counted.
    pub description: Option<String>,
}

/// `content/origins.yaml`: a list of these.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OriginFile {
    /// URL-safe id.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Name of the person or organisation.
    pub name: String,
    /// person, government, military, intelligence, media, think-tank, organization, other.
    pub kind: OriginKind,
    /// Who they are.
    #[serde(default)]
    pub description: String,
    /// A collective entry for sources the article does not name ("Medien berichten", "Experten
    /// warnen"): its name is the dossier's label, not anyone's name.
    #[serde(default)]
    pub unnamed: bool,
}

/// What kind of origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OriginKind {
    /// A named person.
    Person,
    /// A government or ministry.
    Government,
    /// Armed forces or their spokespeople.
    Military,
    /// An intelligence service.
    Intelligence,
    /// A news outlet or agency.
    Media,
    /// A think tank or research institute.
    ThinkTank,
    /// An international or other organisation.
    Organization,
    /// Anything else.
    Other,
}

/// Front matter of `content/pages/*.md`.
#[derive(Debug, Clone, Deserialize, Hash, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// Page title.
    pub title: String,
    /// URL slug; the file name without `.md` when absent.
    #[schemars(with = "Option<String>")]
    pub slug: Option<Spanned<String>>,
    /// Position in the navigation (lower first); pages without one are not in the navigation.
    pub nav: Option<i64>,
    /// Meta description.
    pub description: Option<String>,
    /// Show the verdict scale with its schema.org rating values after the body (Methodology).
    #[serde(default)]
    pub verdict_scale: bool,
}

/// A date as written: `2024-11-18`, `2024-11` or `2024` (YAML may read the last as a number).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarText("a date like 2024-11-18, 2024-11 or 2024"))
            .map(DateText)
    }
}

/// A verdict's rating as written: a whole number or `none` (YAML reads the number as one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RatingText(pub String);

impl<'de> Deserialize<'de> for RatingText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarText("a whole number like 3, or `none`"))
            .map(RatingText)
    }
}

/// Line numbers as written: `3` or `3-5`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinesText(pub String);

impl<'de> Deserialize<'de> for LinesText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarText("a line number like 3 or a range like 3-5"))
            .map(LinesText)
    }
}

/// Accepts a string or an integer scalar as text.
/// The cache of parsed files ([`super::parse_cache`]) writes these back as the text they hold,
/// which their `Deserialize` reads as it reads a YAML string.
macro_rules! serialize_as_text {
    ($($name:ident),*) => {$(
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    )*};
}
serialize_as_text!(DateText, RatingText, LinesText);

struct ScalarText(&'static str);

impl serde::de::Visitor<'_> for ScalarText {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// The JSON Schema of a text-like scalar: the `anyOf` of its forms, with a description.
fn scalar_schema(description: &str, forms: serde_json::Value) -> schemars::Schema {
    let mut map = serde_json::Map::new();
    map.insert("description".to_owned(), description.into());
    map.insert("anyOf".to_owned(), forms);
    schemars::Schema::from(map)
}

impl JsonSchema for DateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        scalar_schema(
            "A date: a day `2024-11-18`, a month `2024-11` or a year `2024`.",
            serde_json::json!([
                { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "examples": ["2024-11-18"] },
                { "type": "integer", "minimum": 1, "maximum": 9999 }
            ]),
        )
    }
}

impl JsonSchema for RatingText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rating".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        scalar_schema(
            "A whole number (higher means truer) or `none` for a verdict that is not on the truth scale.",
            serde_json::json!([{ "type": "integer" }, { "const": "none" }]),
        )
    }
}

impl JsonSchema for LinesText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lines".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        scalar_schema(
            "A line number `3` or a range `3-5` (1-based, inclusive).",
            serde_json::json!([
                { "type": "integer", "minimum": 1 },
                { "type": "string", "pattern": "^[0-9]+(-[0-9]+)?$" }
            ]),
        )
    }
}
