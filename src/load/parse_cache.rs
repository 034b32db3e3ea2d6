//! The parse cache: source files parsed by an earlier run, kept across processes, so that a
//! build or check with few files changed does not run the YAML parser over all of them.
//!
//! An entry is the typed content of one annotation file (`content/sources/*.yaml`, a
//! [`SourceFile`] with every line and column its diagnostics need), keyed by the SHA-256 of the
//! file's text: an edited file has another key and is parsed anew, whatever its name or time
//! stamp. Only files that parsed without a single problem are kept, so a cached file gives
//! exactly what a fresh parse gives (no diagnostics, the same value).
//!
//! The bytes (see [`ParseCache::to_bytes`]) start with the format, the program's version and
//! an identity of the running program (its size and modification time): a cache made by any
//! other program is ignored as a whole. Each entry carries a checksum of its bytes, checked
//! when it is used; an entry that is damaged or does not decode is ignored and its file parsed.
//! Values are MessagePack ([`rmp_serde`]): compact, self-describing (the spans need that) and
//! several times faster to read than the YAML it stands for.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::ser::{SerializeMap, Serializer};
use serde_saphyr::{Location, Spanned};
use sha2::{Digest, Sha256};

use super::schema::SourceFile;

/// The layout of the bytes; another number is another layout.
const FORMAT: u32 = 1;

/// The first bytes of a parse cache.
const MAGIC: &[u8] = b"dossier parse cache\n";

/// The key by which serde-saphyr's `Spanned` recognises its own representation (a map whose
/// first key this is, then `value`, `referenced` and `defined`). If a new serde-saphyr names it
/// otherwise, entries no longer decode and every file is parsed: slower, never wrong (the
/// tests below catch it).
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// The SHA-256 of a file's text (with what kind of file it is).
pub type ContentKey = [u8; 32];

/// Where an entry's bytes are in [`ParseCache::data`], and their checksum.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    len: usize,
    check: u64,
}

/// Parsed source files by the hash of their text.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// The encoded values, one after the other (in a cache read from a file, after that file's
    /// header and index: see [`ParseCache::from_vec`]).
    data: Vec<u8>,
    index: HashMap<ContentKey, Entry>,
}

impl ParseCache {
    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The cache in `bytes`, if they are one this program wrote, whole; `None` otherwise
    /// (another version or program, truncated, garbage). Never panics.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Self::from_vec(bytes.to_vec())
    }

    /// [`ParseCache::from_bytes`] of the bytes of a whole file as read, which the cache keeps
    /// as they are (the entries' bytes where they lie, after the header and the index): the
    /// ~230 MB of a 10,000-source cache are not copied into fresh memory once more.
    pub fn from_vec(bytes: Vec<u8>) -> Option<Self> {
        let index = read_index(&bytes)?;
        Some(Self { data: bytes, index })
    }

    /// The bytes [`ParseCache::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(MAGIC.len() + header().len() + 8 + self.index.len() * 56 + self.data.len());
        // Writing into a `Vec` cannot fail.
        let _ = self.write_to(&mut bytes);
        bytes
    }

    /// Writes the bytes [`ParseCache::from_bytes`] reads into `out`, piece by piece: the
    /// cache is never held twice (some 200 MB at 10,000 sources).
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut entries: Vec<(&ContentKey, &Entry)> = self.index.iter().collect();
        entries.sort_by_key(|(_, entry)| entry.start);
        out.write_all(MAGIC)?;
        out.write_all(&header())?;
        out.write_all(&(entries.len() as u64).to_le_bytes())?;
        let mut start = 0usize;
        for (key, entry) in &entries {
            out.write_all(&key[..])?;
            out.write_all(&(start as u64).to_le_bytes())?;
            out.write_all(&(entry.len as u64).to_le_bytes())?;
            out.write_all(&entry.check.to_le_bytes())?;
            start += entry.len;
        }
        for (_, entry) in entries {
            out.write_all(&self.data[entry.start..entry.start + entry.len])?;
        }
        Ok(())
    }

    /// The encoded entry of `key`, if present and undamaged.
    fn entry(&self, key: &ContentKey) -> Option<&[u8]> {
        let entry = self.index.get(key)?;
        let bytes = self.data.get(entry.start..entry.start.checked_add(entry.len)?)?;
        (checksum(bytes) == entry.check).then_some(bytes)
    }

    /// The source file whose text has `key`, if the cache holds it and it decodes.
    pub(super) fn source(&self, key: &ContentKey) -> Option<(SourceFile, &[u8])> {
        let bytes = self.entry(key)?;
        let value = rmp_serde::from_slice(bytes).ok()?;
        Some((value, bytes))
    }

    /// An empty cache with room for `bytes` of entries (the data then never grows by doubling:
    /// at 10,000 sources it holds some 200 MB).
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Self {
            data: Vec::with_capacity(bytes),
            index: HashMap::new(),
        }
    }

    /// Adds an entry (its encoded bytes).
    pub(super) fn insert(&mut self, key: ContentKey, bytes: &[u8]) {
        if self.index.contains_key(&key) {
            return;
        }
        let start = self.data.len();
        self.data.extend_from_slice(bytes);
        self.index.insert(
            key,
            Entry {
                start,
                len: bytes.len(),
                check: checksum(bytes),
            },
        );
    }
}

/// The encoded form of a source file's value, for [`ParseCache::insert`].
pub(super) fn encode_source(value: &SourceFile) -> Option<Vec<u8>> {
    rmp_serde::to_vec(value).ok()
}

/// The key of a source file's text.
pub(super) fn source_key(text: &str) -> ContentKey {
    let mut hasher = Sha256::new();
    hasher.update(b"source\0");
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

/// Format, version and the running program: only the program that wrote a cache reads it.
fn header() -> Vec<u8> {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    let identity = meta.map(|meta| (meta.len(), meta.modified().ok())).ok();
    let mut hasher = std::hash::DefaultHasher::new();
    identity.hash(&mut hasher);
    format!(
        "{FORMAT} {} {:016x} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        hasher.finish(),
        checksum(b"dossier parse cache probe")
    )
    .into_bytes()
}

/// The index of the cache in `bytes` (entries' places in `bytes` itself), if the bytes are one
/// this program wrote, whole.
fn read_index(bytes: &[u8]) -> Option<HashMap<ContentKey, Entry>> {
    let mut reader = Reader {
        bytes: bytes.strip_prefix(MAGIC)?,
    };
    let header = header();
    if reader.take(header.len())? != header.as_slice() {
        return None;
    }
    let count = usize::try_from(reader.u64()?).ok()?;
    // Each index entry takes 56 bytes: a count beyond what the bytes hold is damage.
    if count > reader.bytes.len() / 56 {
        return None;
    }
    // The entries' bytes start where the index ends.
    let data_start = bytes.len() - reader.bytes.len() + count * 56;
    let mut index = HashMap::with_capacity(count);
    let mut end = 0usize;
    for _ in 0..count {
        let key: ContentKey = reader.take(32)?.try_into().ok()?;
        let start = usize::try_from(reader.u64()?).ok()?;
        let len = usize::try_from(reader.u64()?).ok()?;
        let check = reader.u64()?;
        if start != end {
            return None;
        }
        end = start.checked_add(len)?;
        let start = data_start.checked_add(start)?;
        index.insert(key, Entry { start, len, check });
    }
    if reader.bytes.len() != end {
        return None;
    }
    Some(index)
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Reads the fixed-size parts of [`ParseCache::from_bytes`].
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < len {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(taken)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

/// Serialises a [`Spanned`] field (alone, in an `Option` or in a `Vec`) the way serde-saphyr's
/// `Spanned` deserialises itself outside YAML: a map of the marker, the value and both
/// locations. For `#[serde(serialize_with)]` in [`super::schema`].
pub(super) fn spanned<F: SpannedField, S: Serializer>(field: &F, serializer: S) -> Result<S::Ok, S::Error> {
    field.serialize_spanned(serializer)
}

/// A field that holds [`Spanned`] values.
pub(super) trait SpannedField {
    fn serialize_spanned<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl<T: serde::Serialize> SpannedField for Spanned<T> {
    fn serialize_spanned<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry(SPANNED_MARKER, &())?;
        map.serialize_entry("value", &self.value)?;
        map.serialize_entry("referenced", &LocationRepr(self.referenced))?;
        map.serialize_entry("defined", &LocationRepr(self.defined))?;
        map.end()
    }
}

impl<T: serde::Serialize> SpannedField for Option<Spanned<T>> {
    fn serialize_spanned<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(spanned) => serializer.serialize_some(&AsSpanned(spanned)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: serde::Serialize> SpannedField for Vec<Spanned<T>> {
    fn serialize_spanned<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(AsSpanned))
    }
}

struct AsSpanned<'a, T>(&'a Spanned<T>);

impl<T: serde::Serialize> serde::Serialize for AsSpanned<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_spanned(serializer)
    }
}

/// A [`Location`] as its `Deserialize` reads it: a map of line, column, span and source id.
struct LocationRepr(Location);

impl serde::Serialize for LocationRepr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let location = &self.0;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("line", &location.line())?;
        map.serialize_entry("column", &location.column())?;
        map.serialize_entry("span", &SpanRepr(location.span()))?;
        map.serialize_entry("source_id", &location.source_id())?;
        map.end()
    }
}

/// A [`serde_saphyr::Span`] as its `Deserialize` reads it (raw indices; unknown byte offsets
/// as the sentinel it uses for them).
struct SpanRepr(serde_saphyr::Span);

impl serde::Serialize for SpanRepr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let span = &self.0;
        let byte_info = match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => (offset, len),
            _ => (u64::from(u32::MAX), u64::from(u32::MAX)),
        };
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("offset", &span.offset())?;
        map.serialize_entry("len", &span.len())?;
        map.serialize_entry("byte_info", &byte_info)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source file using every field, spans in all of them.
    const RICH_SOURCE: &str = r#"id: a-source
file: seeds/a.txt
title: "Ein Titel: mit Doppelpunkt"
label: Artikel 001
outlet: Die Zeitung
author: Jemand
published: 2024-11-18
reviewed: 2024
url: https://example.org/a
archive_url: https://web.archive.org/a
snapshot: snapshots/a.html
language: de
snapshot_sha256: abc
text_sha256: def
fetched_at: 2026-12-01T18:42:45Z
paragraphs: blank-lines
exclude:
  - lines: 3-5
    reason: Kopfzeile
  - text: "Datum"
unannotated:
  - text: Ein Satz
    reason: keine Behauptung
claims:
  - id: c-1
    quote: "Über 10.000 Soldaten"
    prefix: "vor "
    suffix: " nach"
    statement: Es sind über 10.000 Soldaten. ✓
    summary: Kurz
    topic: troops
    quantity:
      value: 10000.5
      min: 1
      max: 2e4
      qualifier: more-than
      wording: über
      unit: Soldaten
      unit_singular: Soldat
      measure: count
      derived: true
    as_of: 2024-11
    reviewed: 2025-01-02
    origin: ministry
    via: [agency, paper]
    verdict: belegt
    note: |
      Eine Notiz
      über zwei Zeilen
    conclusion: Schluss
    related:
      - claim: c-2
        relation: contradicts
    basis: calendar
    corrections:
      - date: 2025-02-01
        reason: Tippfehler
  - id: c-2
    quote: zwei
    statement: Zwei.
    topic: troops
    origin: ministry
    verdict: belegt
"#;

    fn fresh() -> SourceFile {
        super::super::parse_yaml::<SourceFile>(RICH_SOURCE).expect("the sample parses")
    }

    #[test]
    fn a_cached_source_is_exactly_the_fresh_parse() {
        let value = fresh();
        let bytes = encode_source(&value).expect("encodes");
        let decoded: SourceFile = rmp_serde::from_slice(&bytes).expect("decodes");
        // Debug shows every field, every span included.
        assert_eq!(format!("{decoded:?}"), format!("{value:?}"));
        assert_eq!(decoded.claims[0].id.referenced, value.claims[0].id.referenced);
        assert_eq!(
            decoded.claims[0].quote.referenced.span(),
            value.claims[0].quote.referenced.span()
        );
        assert!(value.claims[0].quote.referenced.span().byte_offset().is_some());
    }

    #[test]
    fn a_cache_reads_back_and_finds_its_entries() {
        let value = fresh();
        let key = source_key(RICH_SOURCE);
        let mut cache = ParseCache::default();
        cache.insert(key, &encode_source(&value).unwrap());
        let other = source_key("id: b\n");
        cache.insert(other, b"\xc0");
        let read = ParseCache::from_bytes(&cache.to_bytes()).expect("reads back");
        assert_eq!(read.len(), 2);
        let (decoded, _) = read.source(&key).expect("found");
        assert_eq!(format!("{decoded:?}"), format!("{value:?}"));
        assert!(read.source(&other).is_none(), "nil is no source file");
        assert!(read.source(&source_key("id: c\n")).is_none());
    }

    /// A cache read from a file's bytes keeps those bytes (no second copy of ~230 MB at
    /// 10,000 sources), finds every entry in them and writes back exactly the file it was.
    #[test]
    fn a_cache_read_from_a_file_keeps_its_bytes_and_writes_them_back() {
        let value = fresh();
        let key = source_key(RICH_SOURCE);
        let mut cache = ParseCache::default();
        cache.insert(source_key("id: b\n"), b"\xc0\xc0\xc0");
        cache.insert(key, &encode_source(&value).unwrap());
        let bytes = cache.to_bytes();
        let buffer = bytes.as_ptr();
        let read = ParseCache::from_vec(bytes.clone()).expect("reads back");
        assert_ne!(read.data.as_ptr(), buffer, "a clone was given");
        let read = ParseCache::from_vec(bytes).expect("reads back");
        assert_eq!(read.data.as_ptr(), buffer, "the file's bytes are kept, not copied");
        let (decoded, encoded) = read.source(&key).expect("found where it lies");
        assert_eq!(format!("{decoded:?}"), format!("{value:?}"));
        assert_eq!(encoded, encode_source(&value).unwrap().as_slice());
        assert_eq!(read.to_bytes(), cache.to_bytes(), "written back as it was read");
        assert_eq!(
            ParseCache::from_bytes(&read.to_bytes()).unwrap().to_bytes(),
            cache.to_bytes()
        );
    }

    #[test]
    fn sources_are_taken_from_the_cache_by_their_text_and_only_clean_ones_kept() {
        use crate::diagnostic::Diagnostics;
        let path = "content/sources/a.yaml";
        let mut input = super::super::InputFiles::new("dossier");
        input.insert_text(path, RICH_SOURCE);
        input.insert_text("content/sources/broken.yaml", "id: [\n");
        // An entry for this text holding another value: what comes out shows where it came
        // from (a real cache only ever holds the file's own parse).
        let other = RICH_SOURCE.replace("title: \"Ein Titel: mit Doppelpunkt\"", "title: Aus dem Cache");
        let forged = super::super::parse_yaml::<SourceFile>(&other).unwrap();
        let mut cache = ParseCache::default();
        cache.insert(source_key(RICH_SOURCE), &encode_source(&forged).unwrap());
        let mut fresh_problems = Diagnostics::new();
        let fresh = super::super::parse(&input, &mut fresh_problems);
        let mut problems = Diagnostics::new();
        let (parsed, record) = super::super::parse_cached(&input, &mut problems, Some(&cache), true);
        assert_eq!(parsed.sources[0].value.title, "Aus dem Cache");
        assert_eq!(
            format!("{problems:?}"),
            format!("{fresh_problems:?}"),
            "the same problems"
        );
        assert!(problems.has_errors());
        let record = record.expect("asked for");
        assert_eq!(record.len(), 1, "the file with an error is not kept");
        assert!(record.source(&source_key(RICH_SOURCE)).is_some());
        assert_eq!(fresh.unparsed_claims, parsed.unparsed_claims);

        // Edited: another text, another key, parsed anew.
        input.insert_text(path, &format!("# bearbeitet\n{RICH_SOURCE}"));
        let (parsed, record) = super::super::parse_cached(&input, &mut Diagnostics::new(), Some(&cache), false);
        assert_eq!(parsed.sources[0].value.title, "Ein Titel: mit Doppelpunkt");
        assert_eq!(parsed.sources[0].value.id.referenced.line(), 2);
        assert!(record.is_none());
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored() {
        let mut cache = ParseCache::default();
        let key = source_key(RICH_SOURCE);
        cache.insert(key, &encode_source(&fresh()).unwrap());
        let bytes = cache.to_bytes();
        for cut in [0, 1, MAGIC.len(), MAGIC.len() + 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(ParseCache::from_bytes(&bytes[..cut]).is_none(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(ParseCache::from_bytes(&longer).is_none(), "trailing bytes");
        let version = format!(" {} ", env!("CARGO_PKG_VERSION"));
        let text = String::from_utf8_lossy(&bytes).replacen(&version, " 0.0.0 ", 1);
        assert!(ParseCache::from_bytes(text.as_bytes()).is_none(), "another version");
        assert!(ParseCache::from_bytes(b"\x00\xffgarbage").is_none());
        // A flipped byte inside an entry: the header still reads, the entry is not used.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        let read = ParseCache::from_bytes(&flipped).expect("the index is whole");
        assert!(read.source(&key).is_none(), "a damaged entry is not used");
        // A count far beyond the bytes is refused without allocating for it.
        let mut huge = bytes.clone();
        let at = MAGIC.len() + header().len();
        huge[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(ParseCache::from_bytes(&huge).is_none());
    }
}
