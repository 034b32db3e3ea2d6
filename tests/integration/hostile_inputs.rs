//! Inputs that cost more than their size (the outside security test's F4, F5, F6): quotes
//! found thousands of times or completed far away, code that a grammar highlights in quadratic
//! time, a paragraph of megabytes holding many claims. Each behaves as it should at a small
//! size; `benches/hostile.rs` measures them at 10 MB (timing belongs in benches, not tests).

use crate::fixture::Fixture;

/// Filler without figures or quotation marks (so no sentence asks for a claim).
fn filler(sentences: usize) -> String {
    "Ein Satz ohne jeden Belang steht hier. ".repeat(sentences)
}

/// The fixture with `seeds/a.txt` replaced by `article` and source A's claims by `claims`
/// (YAML list items, indented by two spaces).
fn with_article(article: &str, claims: &str) -> Fixture {
    let fixture = Fixture::new();
    fixture.write("seeds/a.txt", article);
    let source = fixture.read("content/sources/a.yaml");
    let head = &source[..source.find("claims:\n").expect("claims") + "claims:\n".len()];
    let head = head.replace("exclude:\n  - lines: 1\n    reason: \"Titelzeile\"\n", "");
    fixture.write("content/sources/a.yaml", &format!("{head}{claims}"));
    // Source B's claim relates to nothing in A any more; keep B as it is.
    fixture
}

fn claim(id: &str, quote: &str, extra: &str) -> String {
    format!(
        "  - id: {id}\n    quote: \"{quote}\"\n    statement: \"Eine Aussage.\"\n    topic: nk-truppen\n    origin: article\n    verdict: unbelegt\n    conclusion: \"Ein Schluss.\"\n{extra}"
    )
}

#[test]
fn claim_page_of_a_huge_paragraph_shows_a_window_around_its_quote() {
    // One paragraph of about 400 KB holding two claims; the source page shows all of it, each
    // claim page its quote's sentence with `…` where the paragraph goes on.
    let article = format!(
        "{}Der Kreml sagt, es seien 12.000 Soldaten. {}Dann kamen 3.000 weitere hinzu. Es waren 7 Panzer. {}\n",
        filler(5000),
        filler(5000),
        filler(500)
    );
    let claims = claim("zwoelftausend", "es seien 12.000 Soldaten", "") + &claim("dreitausend", "3.000 weitere", "");
    let fixture = with_article(&article, &claims);
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.build();
    let run = fixture.run(&["check"]);
    // Coverage is still checked sentence by sentence: the one figure without a claim.
    assert_eq!(
        run.stderr.matches("is not covered by any claim").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("covered by any claim: \"Es waren 7 Panzer.\""),
        "{}",
        run.stderr
    );

    let page = fixture.page("claims/zwoelftausend/index.html");
    let shown = page.text("blockquote");
    assert_eq!(shown, "… Der Kreml sagt, es seien 12.000 Soldaten. …");
    assert_eq!(page.texts("blockquote mark"), ["es seien 12.000 Soldaten"]);
    let other = fixture.page("claims/dreitausend/index.html").text("blockquote");
    assert_eq!(other, "… Dann kamen 3.000 weitere hinzu. …");
    // The claim pages are small; the source page holds the whole article.
    for id in ["zwoelftausend", "dreitausend"] {
        let bytes = fixture.read(&format!("public/claims/{id}/index.html")).len();
        assert!(bytes < 30_000, "claim page {id}: {bytes} bytes");
    }
    let source = fixture.read("public/sources/artikel-a/index.html");
    assert!(source.len() > article.len(), "{}", source.len());
    let source_page = fixture.page("sources/artikel-a/index.html");
    assert_eq!(source_page.texts("mark").len(), 2);
}

#[test]
fn long_sentence_is_cut_at_words_near_the_quote() {
    // No sentence end for 100 KB on either side: the window is the quote and a few hundred
    // bytes of words around it.
    let words = "und noch ein Wort ".repeat(6000);
    let article = format!("{words}bis zu 100.000 Soldaten {words}\n");
    let fixture = with_article(&article, &claim("hunderttausend", "bis zu 100.000 Soldaten", ""));
    fixture.build();
    let shown = fixture.page("claims/hunderttausend/index.html").text("blockquote");
    assert!(
        shown.starts_with("… und noch")
            || shown.starts_with("… noch")
            || shown.starts_with("… ein")
            || shown.starts_with("… Wort"),
        "{shown}"
    );
    assert!(shown.ends_with(" …"), "{shown}");
    assert!(shown.contains("Wort bis zu 100.000 Soldaten und"), "{shown}");
    assert!(shown.len() < 1000, "{} bytes: {shown}", shown.len());
}

#[test]
fn short_paragraph_is_shown_whole_without_marks() {
    let fixture = Fixture::new();
    fixture.build();
    let shown = fixture.page("claims/nk-11000/index.html").text("blockquote");
    assert!(shown.starts_with("Der Machthaber hat seinen"), "{shown}");
    assert!(shown.ends_with("entsenden könnte."), "{shown}");
    assert!(!shown.contains('…'), "{shown}");
}

#[test]
fn quote_found_thousands_of_times_lists_a_few_places() {
    let article = format!("{}Ende hier.\n", "lorem ipsum ".repeat(3000));
    let ambiguous = claim("mehrdeutig", "lorem ipsum", "");
    let mismatched = claim("falscher-kontext", "lorem ipsum", "    prefix: \"nirgends\"\n");
    let gapped = claim("luecke", "lorem … Ende", "");
    let fixture = with_article(&article, &(ambiguous + &mismatched + &gapped));
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("claim `mehrdeutig`: quote occurs 3,000 times in seeds/a.txt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("found at seeds/a.txt:1:1, seeds/a.txt:1:13,"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("… and 2,995 more").count(), 2, "{stderr}");
    assert!(
        stderr.contains("claim `falscher-kontext`: quote is found, but its `prefix`/`suffix` do not match"),
        "{stderr}"
    );
    // The gapped quote anchors (its tightest completion), so it is no error.
    assert!(!stderr.contains("luecke"), "{stderr}");
    // A few places, not three thousand: the whole report stays small.
    assert!(stderr.len() < 20_000, "{} bytes", stderr.len());
}

#[test]
fn gapped_quote_far_from_its_start_anchors_to_the_tightest_completion() {
    let article = format!("{}UNIQUEEND hier.\n", "lorem ipsum ".repeat(3000));
    let fixture = with_article(&article, &claim("luecke", "lorem … UNIQUEEND", ""));
    fixture.build();
    let page = fixture.page("claims/luecke/index.html");
    assert_eq!(page.texts("blockquote mark"), ["lorem", "UNIQUEEND"]);
    // The paragraph's end is in reach; before the quote, a few hundred bytes of words.
    let shown = page.text("blockquote");
    assert!(shown.starts_with("… lorem ipsum lorem"), "{shown}");
    assert!(shown.ends_with(" lorem ipsum UNIQUEEND hier."), "{shown}");
    assert!(shown.len() < 600, "{} bytes: {shown}", shown.len());
}

#[test]
fn huge_bash_block_is_escaped_plain_text_with_a_warning() {
    let fixture = Fixture::english();
    // One line of 600 bytes (over the line budget), with markup to escape.
    let long_line = format!("echo \"<b>{}</b>\"", "\\\"".repeat(290));
    fixture.write(
        "content/pages/code.md",
        &format!("---\ntitle: \"Code\"\n---\n\nText.\n\n```bash\n{long_line}\n```\n\n```bash\necho kurz\n```\n"),
    );
    // A note whose code is over the size budget: 70 KB of short lines.
    let note_code: String = (0..7000).map(|i| format!("      echo {i:05}\n")).collect();
    fixture.edit(
        "content/sources/a.yaml",
        "    note: \"Deckt sich mit *anderen* Berichten.\"\n",
        &format!("    note: |\n      ```sh\n{note_code}      ```\n"),
    );
    let run = fixture.build();
    let stderr = &run.stderr;
    assert!(
        stderr.contains("warning: the page: the `bash` code block on line 4 of its text is shown as plain text"),
        "{stderr}"
    );
    assert!(stderr.contains("content/pages/code.md:8:1"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: the note of claim `nk-11000`: the `sh` code block on line 1 of its text is shown as plain text"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/sources/a.yaml:"), "{stderr}");
    assert_eq!(stderr.matches("is shown as plain text").count(), 2, "{stderr}");

    let html = fixture.read("public/code/index.html");
    let first = &html[html.find("<pre class=\"code\"").expect("pre")..];
    let first = &first[..first.find("</pre>").expect("/pre")];
    assert!(first.contains("echo &quot;&lt;b&gt;"), "{first}");
    assert!(!first.contains("hl-"), "{first}");
    assert!(!first.contains("<b>"), "{first}");
    // The short block after it is still coloured.
    assert!(html.contains("data-lang=\"bash\""), "{html}");
    let page = fixture.page("code/index.html");
    assert_eq!(page.texts("pre.code").len(), 2);
    let claim = fixture.read("public/claims/nk-11000/index.html");
    assert!(claim.contains("echo 06999"), "note's code missing");
}

#[test]
fn many_code_blocks_over_the_budget_make_one_warning() {
    // A warning each, each searched for in the file, made a page of a million blocks hang.
    let fixture = Fixture::english();
    let blocks: String = (0..30)
        .map(|i| format!("```bash\necho {i:02} {}\n```\n\n", "x".repeat(600)))
        .collect();
    fixture.write(
        "content/pages/code.md",
        &format!("---\ntitle: \"Code\"\n---\n\nText.\n\n{blocks}"),
    );
    let run = fixture.build();
    let stderr = &run.stderr;
    assert_eq!(stderr.matches("is shown as plain text").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "warning: the page: the `bash` code block on line 4 of its text is shown as plain text, not coloured: it is over the size budget; so are the 29 code blocks after it"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/pages/code.md:8:1"), "{stderr}");
    let page = fixture.page("code/index.html");
    assert_eq!(page.texts("pre.code").len(), 30);
}

#[test]
fn check_of_a_one_line_article_of_figures_reports_a_bounded_amount() {
    // 1 MB on one line: about 53,000 sentences with a figure and no claim. Each warning shows a
    // window of the line, not the line; after the first 50 one warning counts the rest.
    let sentence = "Es waren 7 Panzer. ";
    let count = 1_000_000 / sentence.len();
    let article = format!("{}\n", sentence.repeat(count));
    let fixture = with_article(&article, "  []\n");
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    let run = fixture.run(&["check"]);
    let head: String = run.stderr.chars().take(5000).collect();
    assert_eq!(run.code, 0, "{}\n{head}", run.stdout);
    let stderr = &run.stderr;
    assert!(stderr.len() < 100_000, "{} bytes of messages", stderr.len());
    assert_eq!(
        stderr
            .matches("is not covered by any claim: \"Es waren 7 Panzer.\"")
            .count(),
        50,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "warning: … and {} more sentences with a figure or quotation not covered by any claim in seeds/a.txt",
            grouped(count - 50)
        )),
        "{stderr}"
    );
    // The 51st sentence, where the summary points: line 1, column 50 × 19 + 1.
    assert!(stderr.contains("--> seeds/a.txt:1:951\n"), "{stderr}");
    // Every code line is a window of the line, its marker under a sentence's start.
    let lines: Vec<&str> = stderr.lines().collect();
    let mut windows = 0;
    for pair in lines.windows(2) {
        if let (Some(shown), Some(marker)) = (pair[0].strip_prefix("1 | "), pair[1].strip_prefix("  | ")) {
            windows += 1;
            assert!(shown.chars().count() <= 102, "{shown}");
            let at = marker.chars().position(|c| c == '^').expect("marker");
            let rest: String = shown.chars().skip(at).collect();
            assert!(rest.starts_with("Es waren 7 Panzer."), "{shown}\n{marker}");
        }
    }
    assert_eq!(windows, 51, "{stderr}");
    // The counts are still all there.
    assert!(
        run.stdout.contains(&format!(
            "0/{} sentences with figures or quotations annotated",
            grouped(count)
        )),
        "{}",
        run.stdout
    );
}

/// `n` with a comma between thousands, as English messages write counts.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
