//! The articles of a generated dossier: each sentence with a figure drafted as a claim, the
//! article text around them, and the source's YAML.

use std::fmt::Write as _;

use super::super::CLAIMS_PER_SOURCE;
use super::super::vocabulary::*;
use super::{ClaimInfo, Draft, Generator};
use crate::anchor;

impl Generator {
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

    pub(super) fn source(&mut self, index: usize) {
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
        let _ = writeln!(
            yaml,
            "    conclusion: \"Die Notiz begründet das Urteil „{}“ mit den Angaben des Dossiers.\"",
            VERDICTS[draft.verdict].0
        );
        if !draft.related.is_empty() {
            yaml.push_str("    related:\n");
            for (claim, relation) in &draft.related {
                let _ = writeln!(yaml, "      - {{ claim: {claim}, relation: {relation} }}");
            }
        }
    }
}

/// `text` with its first letter in lower case.
pub(super) fn lower_first(text: &str) -> String {
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
