//! Reading a new article for `dossier add-source`: from a text file, a saved HTML page or a
//! web address. Library code only: it returns values and typed errors, the binary writes the
//! files and reports.
//!
//! - [`fetch`]: the page of an `http(s)` address, redirects checked by hand, size and time
//!   limits (`ureq` with rustls).
//! - [`html`]: charset decoding and the article's text and metadata (`dom_smoothie`, a port of
//!   Mozilla's Readability).
//! - [`guess`]: title, date, author, outlet and language with where each was read; [`date`]
//!   the date forms, [`language`] the detection (`whatlang`), [`clutter`] the page furniture
//!   proposed as `exclude`.
//! - [`stub`]: the source's YAML, guesses marked `# TODO confirm`, flags unmarked.

pub mod clutter;
pub mod date;
pub mod fetch;
pub mod guess;
pub mod html;
pub mod language;
pub mod stub;

pub use guess::{Evidence, Guessed, Guesses, PageMeta, guess};
pub use stub::{Capture, Draft, Fetch, KnownFields, source_yaml};

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `time` as RFC 3339 in UTC to the second, e.g. `2026-12-01T18:42:45Z`.
pub fn utc_timestamp(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}
