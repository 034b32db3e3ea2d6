//! One claim as a flat record (a row of `claims.csv`, an object of `claims.json`), made from
//! the resolved dossier, and the CSV rows and header made of records.

use super::*;

/// One claim as a flat record: a row of `claims.csv`, an object of `claims.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ClaimRecord {
    /// Claim id.
    pub id: String,
    /// The claim page: absolute with a base URL, else relative to the site root.
    pub url: String,
    /// Our statement of what is claimed.
    pub statement: String,
    /// Short summary without the verdict.
    pub summary: String,
    /// The quote as annotated.
    pub quote: String,
    /// Start of the quoted passage in the article text, in Unicode code points.
    pub quote_start: usize,
    /// End (exclusive) of the quoted passage, in code points.
    pub quote_end: usize,
    /// Verdict id.
    pub verdict: String,
    /// Verdict label.
    pub verdict_label: String,
    /// The verdict's declared rating (higher = truer); empty for a verdict rated `none`.
    pub rating_value: Option<i64>,
    /// Topic id.
    pub topic: String,
    /// Topic title.
    pub topic_title: String,
    /// Measure id of the figure, if any.
    pub measure: Option<String>,
    /// Measure label.
    pub measure_label: Option<String>,
    /// Lower end of the figure (an integer when whole).
    pub quantity_low: Option<Amount>,
    /// Upper end of the figure (equal to the lower one unless it is a range).
    pub quantity_high: Option<Amount>,
    /// Qualifier as annotated (`exactly`, `about`, `just-under`, …); empty when the source gives
    /// none.
    pub quantity_qualifier: Option<String>,
    /// The source's own words for a vague quantity ("Tausende"); low and high are then the
    /// dossier's reading of them, not reported figures.
    pub quantity_wording: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The figure as the site writes it (qualifier, number, unit, wording).
    pub figure: Option<String>,
    /// The date the claim refers to (ISO, as precise as known).
    pub as_of: Option<String>,
    /// When the claim was reviewed (ISO, as precise as known; claim, else source, else dossier).
    pub reviewed: Option<String>,
    /// Origin id; empty when the article itself is the origin.
    pub origin: Option<String>,
    /// Origin name (the outlet when the article itself is the origin; empty when it names none).
    pub origin_name: String,
    /// Origin kind.
    pub origin_kind: Option<String>,
    /// Intermediaries' ids, separated by `;`.
    pub via: String,
    /// Related claims as `relation:id`, separated by `;`.
    pub related: String,
    /// How many independent origins stand behind the claim: its own (one, however many
    /// articles repeat it) and those of the claims that support it, counting origins that share
    /// a link of their chains once.
    pub independent_origins: usize,
    /// The note (Markdown).
    pub note: Option<String>,
    /// Source id.
    pub source: String,
    /// Source headline.
    pub source_title: String,
    /// Outlet; empty when the article names none.
    pub source_outlet: Option<String>,
    /// Publication date (ISO, as precise as known).
    pub source_published: String,
    /// Language of the article.
    pub source_language: String,
    /// Original URL.
    pub source_url: Option<String>,
    /// Archive URL.
    pub source_archive_url: Option<String>,
    /// SHA-256 of the article text, hex.
    pub source_sha256: String,
    /// Licence of the data (SPDX id), when the dossier declares one.
    pub license: Option<String>,
}

/// One cell of a record in the spreadsheet files (`claims.xlsx`, `claims.de.csv`): the value
/// `serde_json` gives the field, without making a JSON value of the whole record.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell<'a> {
    /// No value (a field that is `None`).
    Empty,
    /// A text (possibly empty).
    Text(&'a str),
    /// A number, as `serde_json` writes it (an integer when whole).
    Number(serde_json::Number),
}

impl ClaimRecord {
    /// The record's cells in the order of [`datapackage::FIELDS`] (the CSV columns): each the
    /// value `serde_json::to_value` gives the field of that name.
    pub(super) fn cells(&self) -> [Cell<'_>; 38] {
        fn text(value: &Option<String>) -> Cell<'_> {
            value.as_deref().map_or(Cell::Empty, Cell::Text)
        }
        fn amount(value: Option<Amount>) -> Cell<'static> {
            match value.map(|a| (a, a.whole())) {
                None => Cell::Empty,
                Some((_, Some(whole))) => Cell::Number(whole.into()),
                Some((a, None)) => serde_json::Number::from_f64(a.0).map_or(Cell::Empty, Cell::Number),
            }
        }
        let count = |n: usize| Cell::Number((n as u64).into());
        [
            Cell::Text(&self.id),
            Cell::Text(&self.url),
            Cell::Text(&self.statement),
            Cell::Text(&self.summary),
            Cell::Text(&self.quote),
            count(self.quote_start),
            count(self.quote_end),
            Cell::Text(&self.verdict),
            Cell::Text(&self.verdict_label),
            self.rating_value.map_or(Cell::Empty, |r| Cell::Number(r.into())),
            Cell::Text(&self.topic),
            Cell::Text(&self.topic_title),
            text(&self.measure),
            text(&self.measure_label),
            amount(self.quantity_low),
            amount(self.quantity_high),
            text(&self.quantity_qualifier),
            text(&self.quantity_wording),
            text(&self.unit),
            text(&self.figure),
            text(&self.as_of),
            text(&self.reviewed),
            text(&self.origin),
            Cell::Text(&self.origin_name),
            text(&self.origin_kind),
            Cell::Text(&self.via),
            Cell::Text(&self.related),
            count(self.independent_origins),
            text(&self.note),
            Cell::Text(&self.source),
            Cell::Text(&self.source_title),
            text(&self.source_outlet),
            Cell::Text(&self.source_published),
            Cell::Text(&self.source_language),
            text(&self.source_url),
            text(&self.source_archive_url),
            Cell::Text(&self.source_sha256),
            text(&self.license),
        ]
    }
}

/// Byte offsets → code point offsets in `text`, in one pass over it: the offsets are visited in
/// ascending order, each counting on from the one before. The result is in the order of
/// `bytes`. An offset past the end or inside a character counts as 0, as it never is for an
/// anchored quote.
pub(super) fn code_points(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut counted = vec![0; bytes.len()];
    let (mut at, mut count) = (0, 0);
    for i in order {
        let byte = bytes[i];
        if let Some(between) = text.get(at..byte) {
            count += between.chars().count();
            at = byte;
            counted[i] = count;
        }
    }
    counted
}

/// Every claim's quote as code point offsets (start, end) in its source's text, for the claims
/// of the sources marked in `needed` (the others get (0, 0)): one pass per source.
pub(super) fn quote_code_points(dossier: &Dossier, needed: &[bool]) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let per_source: Vec<Vec<(ClaimId, (usize, usize))>> = dossier
        .sources
        .par_iter()
        .zip(needed)
        .map(|(source, &needed)| {
            if !needed {
                return Vec::new();
            }
            let bytes: Vec<usize> = source
                .claims
                .iter()
                .flat_map(|&c| {
                    let (start, end) = passage_bytes(dossier, c);
                    [start, end]
                })
                .collect();
            let counted = code_points(&source.text, &bytes);
            source
                .claims
                .iter()
                .zip(counted.chunks_exact(2))
                .map(|(&c, pair)| (c, (pair[0], pair[1])))
                .collect()
        })
        .collect();
    let mut all = vec![(0, 0); dossier.claims.len()];
    for (c, offsets) in per_source.into_iter().flatten() {
        all[c.index()] = offsets;
    }
    all
}

/// A page's public URL: absolute with a base URL, else root-relative.
pub(super) fn public_url(prepared: &Prepared<'_>, root_relative: &str) -> String {
    match &prepared.base_url {
        Some(base) => format!("{base}{root_relative}"),
        None => root_relative.to_owned(),
    }
}

pub(super) fn csv_error(e: csv::Error) -> Diagnostic {
    cannot_write(CLAIMS_CSV, &e)
}

pub(super) fn claim_record(
    prepared: &Prepared<'_>,
    source_sha256: &str,
    index: ClaimId,
    (quote_start, quote_end): (usize, usize),
) -> ClaimRecord {
    let dossier = prepared.dossier;
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let topic = &dossier.topics[claim.topic];
    let verdict = &dossier.config.verdicts[claim.verdict];
    let origin = claim.origin.map(|o| &dossier.origins[o]);
    ClaimRecord {
        id: claim.id.clone(),
        url: public_url(prepared, &entity_url("claims", &claim.id)),
        statement: claim.statement.clone(),
        summary: claim.summary.clone(),
        quote: claim.quote.clone(),
        quote_start,
        quote_end,
        verdict: verdict.id.clone(),
        verdict_label: verdict.label.clone(),
        rating_value: verdict.rating,
        topic: topic.id.clone(),
        topic_title: topic.title.clone(),
        measure: claim.quantity.as_ref().map(|q| topic.measures[q.measure].id.clone()),
        measure_label: claim.quantity.as_ref().map(|q| topic.measures[q.measure].label.clone()),
        quantity_low: claim.quantity.as_ref().map(|q| Amount(q.low)),
        quantity_high: claim.quantity.as_ref().map(|q| Amount(q.high)),
        quantity_qualifier: claim.quantity.as_ref().and_then(|q| q.qualifier).map(format::schema_id),
        quantity_wording: claim.quantity.as_ref().and_then(|q| q.wording.clone()),
        unit: claim.quantity.as_ref().and_then(|q| q.unit.clone()),
        figure: claim.quantity.as_ref().map(|q| format::figure(prepared.lang, q)),
        as_of: claim.as_of.as_ref().map(PartialDate::iso),
        reviewed: claim.reviewed.as_ref().map(PartialDate::iso),
        origin: origin.map(|o| o.id.clone()),
        origin_name: origin.map_or_else(|| source.outlet.clone().unwrap_or_default(), |o| o.name.clone()),
        origin_kind: origin.map(|o| format::schema_id(o.kind)),
        via: claim
            .via
            .iter()
            .map(|&v| dossier.origins[v].id.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        related: claim
            .links
            .iter()
            .filter(|link| !link.incoming)
            .map(|link| format!("{}:{}", format::schema_id(link.relation), dossier.claims[link.claim].id))
            .collect::<Vec<_>>()
            .join(";"),
        independent_origins: claim.independent_origins.len(),
        note: claim.note.clone(),
        source: source.id.clone(),
        source_title: source.title.clone(),
        source_outlet: source.outlet.clone(),
        source_published: source.published.iso(),
        source_language: source.language.clone(),
        source_url: source.url.clone(),
        source_archive_url: source.archive_url.clone(),
        source_sha256: source_sha256.to_owned(),
        license: dossier.config.license.as_ref().map(|l| l.id.clone()),
    }
}

/// The quoted passage of a claim in its article's text, as a byte range: from the start of its
/// first part to the end of its last (gaps included).
pub fn passage_bytes(dossier: &Dossier, index: ClaimId) -> (usize, usize) {
    let parts = &dossier.claims[index].quote_parts;
    match (parts.first(), parts.last()) {
        (Some(first), Some(last)) => (first.start, last.end),
        _ => (0, 0),
    }
}

/// A UTF-8 byte order mark: spreadsheet programs read CSV files as UTF-8 only with it.
pub(super) const BOM: &str = "\u{feff}";

/// `records` as RFC 4180 CSV with a header row.
pub(super) fn csv_bytes(records: &[&ClaimRecord]) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = BOM.as_bytes().to_vec();
    let mut header = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // The `csv` crate writes the header (the field names) before the first record.
    header.serialize(ClaimRecord::default())?;
    let header = header.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    let end = header
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(header.len(), |at| at + 2);
    bytes.extend_from_slice(&header[..end]);
    for record in records {
        bytes.extend(csv_row(record)?);
    }
    Ok(bytes)
}

thread_local! {
    /// The reader of [`csv_row`]: one row at a time, no header, any number of cells.
    static ROW_READER: std::cell::RefCell<csv::Reader<std::io::Cursor<Vec<u8>>>> = std::cell::RefCell::new(
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(Vec::new())),
    );
}

/// One record as a CSV line (no header), every cell a spreadsheet could run as a formula
/// neutralised ([`neutralise_formula`]).
pub(super) fn csv_row(record: &ClaimRecord) -> Result<Vec<u8>, csv::Error> {
    let mut plain = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    plain.serialize(record)?;
    let plain = plain.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    // Read the cells back (every field, whatever its type, as the text the file would hold),
    // then write them again with the dangerous ones neutralised. The reader is made once per
    // thread (building one costs more than reading a row) and pointed at each row in turn.
    let mut cells = csv::StringRecord::new();
    ROW_READER.with_borrow_mut(|reader| {
        *reader.get_mut() = std::io::Cursor::new(plain);
        reader.seek_raw(std::io::SeekFrom::Start(0), csv::Position::new())?;
        reader.read_record(&mut cells)
    })?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(cells.iter().map(|cell| neutralise_formula(cell).into_owned()))?;
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A cell as a spreadsheet program shows it and never evaluates it (CSV injection, OWASP's
/// rule): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in
/// front, which spreadsheets read as "text follows" (the `csv` writer quotes the cell when it
/// holds a quote, a comma or a line break). A plain decimal number (`-12`, `-0.5`, `-1e3`) is
/// kept: it is what the numeric columns hold, no spreadsheet evaluates it as a formula, and a
/// `'` would turn it into text. `claims.json` keeps the raw values.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let dangerous = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if dangerous && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-12`, `-0.5`, `-1e3`, `-2.5E-7`: an optional minus, digits, an optional fraction and
/// exponent; nothing else (no `+`, no operators, no `inf`).
pub(super) fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix('-').unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    !whole.is_empty() && all_digits(whole) && all_digits(fraction) && exponent_ok
}

/// The start of every claim CSV file: the byte order mark and the header line (the field names
/// of [`ClaimRecord`], as the `csv` crate writes them before the first record), also when a
/// file has no rows.
pub(super) fn csv_header() -> Result<Vec<u8>, Diagnostic> {
    csv_bytes(&[]).map_err(csv_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row reader is shared by the rows a thread makes: a row with quotes, line breaks and
    /// formulas does not leak into the next one, and each row reads back as its own cells,
    /// neutralised.
    #[test]
    fn csv_rows_made_one_after_another_read_back_as_their_own_cells() {
        let tricky = ClaimRecord {
            id: "c-1".into(),
            statement: "=HYPERLINK(\"x\"),\r\nsecond \"line\"".into(),
            summary: "-12".into(),
            note: Some("@note, with a comma\n".into()),
            ..ClaimRecord::default()
        };
        let plain = ClaimRecord {
            id: "c-2".into(),
            statement: "plain".into(),
            ..ClaimRecord::default()
        };
        for record in [&tricky, &plain, &tricky, &plain] {
            let row = csv_row(record).expect("row");
            let mut fresh = csv::ReaderBuilder::new().has_headers(false).from_reader(row.as_slice());
            let cells: Vec<csv::StringRecord> = fresh.records().collect::<Result<_, _>>().expect("one row");
            assert_eq!(cells.len(), 1, "{:?}", String::from_utf8_lossy(&row));
            assert_eq!(&cells[0][0], record.id);
            let statement = neutralise_formula(&record.statement);
            assert_eq!(&cells[0][2], statement.as_ref());
            assert_eq!(&cells[0][3], record.summary);
        }
    }

    /// Each cell is the value `serde_json` gives the field of its column (the way the workbook
    /// and the German CSV read records before), for whole and fractional figures, empty and
    /// missing fields.
    #[test]
    fn a_records_cells_are_its_json_values_in_column_order() {
        let full = ClaimRecord {
            id: "c-1".into(),
            quote_start: 3,
            quote_end: 17,
            rating_value: Some(-2),
            measure: Some("m".into()),
            quantity_low: Some(Amount(11000.0)),
            quantity_high: Some(Amount(11000.5)),
            quantity_qualifier: Some("about".into()),
            unit: Some(String::new()),
            independent_origins: 4,
            note: Some("=1+1".into()),
            license: Some("CC-BY-4.0".into()),
            ..ClaimRecord::default()
        };
        let odd = ClaimRecord {
            quantity_low: Some(Amount(-1e300)),
            quantity_high: Some(Amount(f64::NAN)),
            rating_value: None,
            ..ClaimRecord::default()
        };
        for record in [&full, &odd, &ClaimRecord::default()] {
            let value = serde_json::to_value(record).unwrap();
            let cells = record.cells();
            assert_eq!(cells.len(), datapackage::FIELDS.len());
            for (cell, field) in cells.iter().zip(datapackage::FIELDS) {
                let expected = match value.get(field.0) {
                    Some(serde_json::Value::Number(n)) => Cell::Number(n.clone()),
                    Some(serde_json::Value::String(text)) => Cell::Text(text),
                    _ => Cell::Empty,
                };
                assert_eq!(cell, &expected, "{}", field.0);
            }
        }
    }

    #[test]
    fn code_points_of_unsorted_offsets_count_characters_before_each() {
        let text = "äb€\ncd𝄞e";
        let bytes = [
            text.find('e').unwrap(),
            0,
            text.find('c').unwrap(),
            2,
            text.len(),
            1,
            text.len() + 5,
        ];
        assert_eq!(code_points(text, &bytes), [7, 0, 4, 1, 8, 0, 0]);
        for (&byte, counted) in bytes.iter().zip(code_points(text, &bytes)) {
            assert_eq!(
                text.get(..byte).map_or(0, |head| head.chars().count()),
                counted,
                "{byte}"
            );
        }
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, shown) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("-1e", "'-1e"),
            ("-12", "-12"),
            ("-0.5", "-0.5"),
            ("-2.5e-7", "-2.5e-7"),
            ("12", "12"),
            ("Text", "Text"),
            ("", ""),
        ] {
            assert_eq!(neutralise_formula(cell), shown, "{cell:?}");
        }
    }

    #[test]
    fn csv_quotes_fields_per_rfc_4180() {
        let record = ClaimRecord {
            id: "a".into(),
            url: "claims/a/".into(),
            statement: "Er sagte: \"ja, nein\"\nund ging.".into(),
            summary: String::new(),
            quote: String::new(),
            quote_start: 0,
            quote_end: 1,
            verdict: "v".into(),
            verdict_label: "V".into(),
            rating_value: Some(1),
            topic: "t".into(),
            topic_title: "T".into(),
            measure: None,
            measure_label: None,
            quantity_low: Some(Amount(11000.0)),
            quantity_high: Some(Amount(11000.5)),
            quantity_qualifier: None,
            quantity_wording: None,
            unit: None,
            figure: None,
            as_of: None,
            reviewed: Some("2024-11-20".into()),
            origin: None,
            origin_name: "O".into(),
            origin_kind: None,
            via: String::new(),
            related: String::new(),
            independent_origins: 1,
            note: None,
            source: "s".into(),
            source_title: "S".into(),
            source_outlet: None,
            source_published: "2024".into(),
            source_language: "de".into(),
            source_url: None,
            source_archive_url: None,
            source_sha256: "00".into(),
            license: Some("CC-BY-4.0".into()),
        };
        let bytes = csv_bytes(&[&record]).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains("\"Er sagte: \"\"ja, nein\"\"\nund ging.\""));
        assert!(text.contains(",11000,11000.5,"), "whole figures as integers: {text}");
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let back: Vec<ClaimRecord> = reader.deserialize().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, vec![record]);
    }

    #[test]
    fn the_data_dictionary_describes_every_csv_column_in_order() {
        let header = csv_header().unwrap();
        let header = std::str::from_utf8(&header).unwrap().trim_start_matches(BOM).trim_end();
        let described: Vec<&str> = datapackage::FIELDS.iter().map(|f| f.0).collect();
        assert_eq!(header.split(',').collect::<Vec<_>>(), described);
    }
}
