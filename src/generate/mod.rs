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
//! Figures are unique per claim except for `same-origin` repeats, and every sentence with a
//! figure or quotation is covered by a claim or excused, so `check` reports no coverage
//! warnings. The figures are random, though: the only warnings are the links `check` suggests
//! (probable `same-origin` and `contradicts`, see `model::provenance::suggestions`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::load::InputFiles;

mod generator;
mod vocabulary;

use generator::Generator;

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
    let generated = generate(options);
    generated.write_to(dir)?;
    Ok(generated.summary)
}

impl Generated {
    /// Writes the files into `dir`, which must be empty or not exist yet.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} is not empty; choose a new or empty folder", dir.display()),
            ));
        }
        let mut made = std::collections::BTreeSet::new();
        for (path, text) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent()
                && made.insert(parent.to_path_buf())
            {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, text)?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::vocabulary::*;
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
                // Not strict: the suggested links stay warnings.
                strict: false,
            },
        );
        // Generated figures are random: the links `check` suggests are the only warnings.
        assert!(
            checked
                .diagnostics
                .iter()
                .all(|d| crate::model::provenance::suggestions::is_suggestion(&d.message)),
            "{:#?}",
            checked
                .diagnostics
                .iter()
                .filter(|d| !crate::model::provenance::suggestions::is_suggestion(&d.message))
                .take(5)
                .collect::<Vec<_>>()
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
