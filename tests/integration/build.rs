//! `dossier build` on a good fixture: every page kind, every cross-link, output safety.

use crate::fixture::{Fixture, normalize};

#[test]
fn builds_every_page_kind_with_a_summary_line() {
    let fixture = Fixture::new();
    let run = fixture.build();
    assert!(
        run.stdout.contains("5 Behauptungen, 2 Quellen, 2 Themen, 3 Ursprünge"),
        "{}",
        run.stdout
    );
    for page in [
        "index.html",
        "404.html",
        "claims/index.html",
        "sources/index.html",
        "topics/index.html",
        "origins/index.html",
        "methodik/index.html",
        "claims/nk-11000/index.html",
        "claims/nk-100000-b/index.html",
        "sources/artikel-a/index.html",
        "topics/nk-truppen/index.html",
        "origins/bloomberg/index.html",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(fixture.path("public").join(page).is_file(), "missing {page}");
    }
}

#[test]
fn every_internal_link_resolves() {
    let fixture = Fixture::new();
    fixture.build();
    let public = fixture.path("public");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !relative.ends_with(".html") || relative == "404.html" {
            continue;
        }
        let page = fixture.page(&relative);
        for link in page.internal_links() {
            assert!(public.join(&link).is_file(), "{relative} links to missing {link}");
            checked += 1;
        }
        // Fragment links point at existing ids.
        for href in page
            .attrs("a[href*='#']", "href")
            .into_iter()
            .filter(|h| !h.contains("://"))
        {
            let (path, fragment) = href.split_once('#').unwrap();
            if fragment.is_empty() {
                continue;
            }
            let target = if path.is_empty() {
                relative.clone()
            } else {
                crate::fixture::resolve(&relative, path)
            };
            let target_page = fixture.page(&target);
            assert_eq!(
                target_page.attrs(&format!("[id='{fragment}']"), "id").len(),
                1,
                "{relative}: {href} has no target"
            );
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn claim_page_shows_statement_verdict_quote_and_links() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("claims/ru-putin/index.html");
    assert_eq!(
        page.text("h1"),
        "Russlands Armee ist laut Putin 1,6 Millionen Mann stark."
    );
    let body = normalize(&page.texts("main").join(" "));
    assert!(body.contains("Unbelegt"), "verdict label as text: {body}");
    // The quote is highlighted inside its paragraph.
    assert_eq!(page.texts("mark.quote").join(""), "laut Putin 1,6 Millionen Mann stark");
    assert!(page.text("blockquote").contains("Die Armee ist laut Putin"));
    let links = page.internal_links();
    for target in [
        "sources/artikel-a/index.html",
        "topics/ru-staerke/index.html",
        "origins/putin/index.html",
        "claims/ru-nypost/index.html",
    ] {
        assert!(
            links.iter().any(|l| l == target),
            "claim page lacks link to {target}: {links:?}"
        );
    }
    // The link to the paragraph on the source page carries the paragraph's anchor.
    let hrefs = page.attrs("a[href]", "href");
    assert!(hrefs.iter().any(|h| h.ends_with("sources/artikel-a/#p2")), "{hrefs:?}");
    assert!(body.contains("1,6 Mio."), "figure formatted in German: {body}");
    // The related claim is labelled with its relation.
    assert!(body.contains("ru-nypost") || body.contains("500.000"), "{body}");
}

#[test]
fn source_page_highlights_quotes_linked_to_claims_and_leaves_out_excluded_lines() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("sources/artikel-a/index.html");
    let paragraphs = page.attrs("p[id^='p']", "id");
    assert_eq!(
        paragraphs,
        ["p1", "p2"],
        "two body paragraphs; the title line is excluded"
    );
    let body = page.texts("main").join(" ");
    assert!(!body.contains("Titelzeile des Artikels"), "excluded line rendered");
    let marks = page.attrs("mark.quote a", "href");
    assert_eq!(marks.len(), 4, "{marks:?}");
    assert!(marks.contains(&"../../claims/nk-11000/".to_owned()), "{marks:?}");
    // Quote of nk-100000-a spans a no-break space in the article: highlight covers the original.
    let mark_texts = page.texts("mark.quote");
    assert!(
        mark_texts
            .iter()
            .any(|t| t == "dass Nordkorea bis zu 100.000 Soldaten entsenden könnte"),
        "{mark_texts:?}"
    );
    // The article's „Freund“ survives escaping and quotes stay typographic.
    assert!(body.contains("„Freund“"));
}

#[test]
fn topic_table_groups_by_measure_and_counts_one_origin_once() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("topics/nk-truppen/index.html");
    let captions = page.texts("table caption");
    assert_eq!(captions.len(), 2, "one table per measure: {captions:?}");
    assert!(
        captions[0].contains("Entsandt") && captions[1].contains("Geplant"),
        "{captions:?}"
    );
    // The Bloomberg figure reported by two outlets is one row with two reports.
    let planned_rows = page.texts("section#measure-geplant tbody tr");
    assert_eq!(planned_rows.len(), 1, "{planned_rows:?}");
    assert!(planned_rows[0].contains("Bloomberg"), "{planned_rows:?}");
    assert!(
        planned_rows[0].contains("Testblatt") && planned_rows[0].contains("Zweitblatt"),
        "{planned_rows:?}"
    );
    // Both measures count soldiers: one overview chart on one scale, its bars grouped by
    // measure; the measure sections keep their tables and draw no chart of their own.
    assert_eq!(
        page.attrs("section.chart-overview svg.chart-wide[role='img']", "role")
            .len(),
        1,
        "one overview chart for the unit the measures share"
    );
    assert!(
        page.attrs("section.measure svg.chart:not(.timeline)[role='img']", "role")
            .is_empty()
    );
    assert_eq!(
        page.attrs("section.chart-overview svg.chart-wide g.chart-row", "data-measure"),
        ["entsandt", "geplant"],
        "one bar per row of each measure's table, the Bloomberg figure once"
    );
    let strength = fixture.page("topics/ru-staerke/index.html");
    let body = normalize(&strength.texts("main").join(" "));
    assert!(
        body.contains("Spanne: etwa 500.000 Soldaten – 1,6 Mio. Soldaten"),
        "range per measure, each end with its qualifier and unit: {body}"
    );
}

#[test]
fn origin_index_and_markdown_pages() {
    let fixture = Fixture::new();
    fixture.build();
    let origin = fixture.page("origins/bloomberg/index.html");
    let links = origin.internal_links();
    assert!(
        links.contains(&"claims/nk-100000-a/index.html".to_owned())
            && links.contains(&"claims/nk-100000-b/index.html".to_owned()),
        "{links:?}"
    );
    let index = fixture.page("index.html");
    let index_links = index.internal_links();
    for target in [
        "topics/nk-truppen/index.html",
        "topics/ru-staerke/index.html",
        "sources/artikel-a/index.html",
        "sources/artikel-b/index.html",
    ] {
        assert!(index_links.contains(&target.to_owned()), "index lacks {target}");
    }
    assert_eq!(index.attrs("html", "lang"), ["de"]);
    let methodik = fixture.page("methodik/index.html");
    assert_eq!(methodik.texts("main table th").len(), 2, "Markdown tables render");
    assert!(
        index.internal_links().contains(&"methodik/index.html".to_owned()),
        "page with nav is in the navigation"
    );
}

#[test]
fn output_is_deterministic_and_canonical_urls_use_the_base_url() {
    let first = Fixture::new();
    let second = Fixture::new();
    first.build();
    second.build();
    let files = |fixture: &Fixture| -> Vec<(String, Vec<u8>)> {
        let public = fixture.path("public");
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(files(&first), files(&second), "same input, same bytes");
    let page = first.page("claims/nk-11000/index.html");
    assert_eq!(
        page.attrs("link[rel='canonical']", "href"),
        ["https://example.org/dossier/claims/nk-11000/"]
    );
    let run = first.run(&["build", "--base-url", "https://other.example/sub"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = first.page("claims/nk-11000/index.html");
    assert_eq!(
        page.attrs("link[rel='canonical']", "href"),
        ["https://other.example/sub/claims/nk-11000/"]
    );
    // The 404 page is served at any depth: its links are absolute paths under the base path.
    let not_found = first.page("404.html");
    let hrefs = not_found.attrs("link[rel='stylesheet']", "href");
    assert!(hrefs.iter().all(|h| h.starts_with("/sub/")), "{hrefs:?}");
}

#[test]
fn content_is_escaped_everywhere() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Nordkorea hat Russland",
        "statement: \"<script>alert(1)</script> Nordkorea hat Russland",
    );
    fixture.edit(
        "content/sources/a.yaml",
        "note: \"Deckt sich",
        "note: \"<img src=x onerror=alert(1)> Deckt sich",
    );
    fixture.write(
        "seeds/a.txt",
        &crate::fixture::ARTICLE.replace("Die Armee", "<b onclick=\"x\">Die</b> Armee"),
    );
    fixture.build();
    for page in [
        "claims/nk-11000/index.html",
        "index.html",
        "sources/artikel-a/index.html",
        "topics/nk-truppen/index.html",
    ] {
        let page = fixture.page(page);
        assert!(
            page.attrs("script", "src").iter().all(|s| !s.is_empty()),
            "no inline script injected"
        );
        // Only data blocks (JSON-LD) may carry the text, and they must parse as JSON.
        assert!(
            page.texts("script:not([type='application/ld+json'])")
                .iter()
                .all(|s| !s.contains("alert")),
            "{}",
            page.path
        );
        for data in page.texts("script[type='application/ld+json']") {
            assert!(
                serde_json::from_str::<serde_json::Value>(&data).is_ok(),
                "{}: {data}",
                page.path
            );
            assert!(!data.contains("</script"), "{}", page.path);
        }
        assert!(
            page.attrs("img", "onerror").is_empty() && page.attrs("b", "onclick").is_empty(),
            "{}",
            page.path
        );
        assert!(
            page.attrs("a", "href")
                .iter()
                .all(|h| !h.to_lowercase().starts_with("javascript:")),
            "{}",
            page.path
        );
    }
    let claim = fixture.page("claims/nk-11000/index.html");
    assert!(
        claim.text("h1").starts_with("<script>alert(1)</script>"),
        "shown as text"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_output_byte_for_byte() {
    let fixture = Fixture::new();
    fixture.build();
    let snapshot = |fixture: &Fixture| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(fixture.path("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&fixture);
    fixture.edit("content/sources/a.yaml", "topic: ru-staerke", "topic: ru-staerkeee");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(snapshot(&fixture), before);
    // A template error fails the build too, and leaves the output alone.
    fixture.edit("content/sources/a.yaml", "topic: ru-staerkeee", "topic: ru-staerke");
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}{% block content %}{{ claim.statement | nosuchfilter }}{% endblock %}",
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/claim.html:1:"),
        "template error names file and line: {}",
        run.stderr
    );
    assert_eq!(snapshot(&fixture), before);
}

#[test]
fn seeds_and_content_are_never_modified() {
    let fixture = Fixture::new();
    let before: Vec<String> = ["seeds/a.txt", "content/sources/a.yaml", "dossier.yaml"]
        .iter()
        .map(|p| fixture.read(p))
        .collect();
    fixture.build();
    fixture.build();
    let after: Vec<String> = ["seeds/a.txt", "content/sources/a.yaml", "dossier.yaml"]
        .iter()
        .map(|p| fixture.read(p))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn refuses_output_folders_that_would_clobber_the_dossier_or_foreign_files() {
    let fixture = Fixture::new();
    let root = fixture.root().to_string_lossy().into_owned();
    let parent = fixture.root().parent().unwrap().to_string_lossy().into_owned();
    for output in [root.clone(), parent, format!("{root}/content/out")] {
        let run = fixture.run(&["build", "--output", &output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
    }
    fixture.write("docs/thesis.txt", "precious");
    let run = fixture.run(&["build", "--output", &format!("{root}/docs")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not created by dossier"), "{}", run.stderr);
    assert_eq!(fixture.read("docs/thesis.txt"), "precious");
    assert!(fixture.path("seeds/a.txt").is_file() && fixture.path("dossier.yaml").is_file());
}

#[test]
fn builds_without_templates_or_static_folders_and_honours_overrides() {
    let fixture = Fixture::new();
    fixture.build();
    let default_css = fixture.read("public/static/style.css");
    assert!(!default_css.is_empty());
    fixture.write("static/style.css", "body { color: rebeccapurple; }");
    fixture.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    fixture.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><div class=\"custom\">{{ body_html | safe }}</div>{% endblock %}",
    );
    fixture.build();
    assert_eq!(
        fixture.read("public/static/style.css"),
        "body { color: rebeccapurple; }"
    );
    assert!(fixture.path("public/static/img/logo.svg").is_file());
    let page = fixture.page("methodik/index.html");
    assert_eq!(page.texts("div.custom h1").len(), 1, "override template used");
}
