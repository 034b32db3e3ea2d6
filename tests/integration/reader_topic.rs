//! The topic page for readers (issue 13, item 3 and the smaller findings of item 8): charts on
//! one scale per unit, tables that become cards on a phone, Markdown tables that do not break
//! words, `highlight.css` only where there is code, print rules. The layout is checked in
//! headless Chromium (tests/browser/topic_layout.mjs) at 390 and 1280 px, light and dark; the
//! markup without a browser.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::fixture::Fixture;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's example dossier, built once into a temp dir.
fn example_output() -> &'static Path {
    static OUTPUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUTPUT
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let output = dir.path().join("public");
            let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "--root"])
                .arg(repository())
                .arg("--output")
                .arg(&output)
                .output()
                .expect("run dossier");
            assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
            (dir, output)
        })
        .1
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn page(relative: &str) -> Html {
    let path = example_output().join(relative);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every bar of a chart's SVG markup: (value, drawn length in SVG units, group heading).
fn svg_bars(svg: ElementRef<'_>) -> Vec<(f64, f64, String)> {
    let mut group = String::new();
    let mut bars = Vec::new();
    for element in svg.select(&sel("text.chart-group, g.chart-marks")) {
        if element.value().name() == "text" {
            group = element.text().collect();
            continue;
        }
        let value: f64 = element.value().attr("data-value").unwrap().parse().unwrap();
        let length: f64 = element
            .select(&sel("rect"))
            .map(|r| r.value().attr("width").unwrap().parse::<f64>().unwrap())
            .sum();
        bars.push((value, length, group.clone()));
    }
    bars
}

#[test]
fn every_chart_of_a_topic_draws_one_unit_on_one_scale_and_the_impossible_ordering_shows() {
    for entry in std::fs::read_dir(example_output().join("topics")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let relative = format!("topics/{}/index.html", entry.file_name().to_string_lossy());
        let html = page(&relative);
        // Per unit and layout: the axis end, and SVG units per unit of value.
        let mut scales: BTreeMap<(String, String), (String, Vec<f64>)> = BTreeMap::new();
        for svg in html.select(&sel("svg.chart")) {
            let layout = svg.value().attr("class").unwrap().to_owned();
            let unit = svg.value().attr("data-unit").unwrap().to_owned();
            let max = svg.value().attr("data-scale-max").unwrap().to_owned();
            let entry = scales
                .entry((unit.clone(), layout))
                .or_insert((max.clone(), Vec::new()));
            assert_eq!(entry.0, max, "{relative}: two axes for {unit}");
            for (value, length, _) in svg_bars(svg) {
                if value > 0.0 {
                    entry.1.push(length / value);
                }
            }
        }
        for ((unit, layout), (_, ratios)) in &scales {
            let first = ratios[0];
            // Lengths are written to 0.1 unit: allow that much.
            assert!(
                ratios.iter().all(|r| (r - first).abs() <= first * 0.01 + 1e-3),
                "{relative} {layout} {unit}: {ratios:?}"
            );
        }
    }
    // The North Korean troops: the measures that count soldiers share one chart, in which the
    // 15.000 at the front outrun the at most 12.000 planned and the 11.000 sent.
    let html = page("topics/nordkoreanische-truppen/index.html");
    let overview: Vec<ElementRef<'_>> = html
        .select(&sel("section.chart-overview svg.chart-wide[data-unit=Soldaten]"))
        .collect();
    assert_eq!(overview.len(), 1);
    let bars = svg_bars(overview[0]);
    let length = |value: f64, group: &str| {
        bars.iter()
            .find(|(v, _, g)| *v == value && g.starts_with(group))
            .unwrap_or_else(|| panic!("no bar {value} in {group}: {bars:?}"))
            .1
    };
    let front = length(15_000.0, "An der Front");
    let planned = length(12_000.0, "Geplante Gesamtzahl");
    let sent = length(11_000.0, "Bereits nach Russland");
    assert!(front > planned && planned > sent, "{front} > {planned} > {sent}");
    assert!((front / planned - 15.0 / 12.0).abs() < 0.01);
    // A measure with a unit of its own (percent) keeps its chart in its section.
    assert_eq!(
        html.select(&sel("section.measure figure.chart-figure svg.chart-wide"))
            .count(),
        1
    );
}

#[test]
fn the_comparison_table_names_every_cell_for_the_cards_and_puts_the_verdict_after_the_figure() {
    let html = page("topics/nordkoreanische-truppen/index.html");
    let tables: Vec<ElementRef<'_>> = html.select(&sel("table.comparison")).collect();
    assert!(tables.len() >= 5);
    for table in tables {
        let heads: Vec<String> = table.select(&sel("thead th")).map(|th| th.text().collect()).collect();
        assert_eq!(heads[..2], ["Zahl", "Bewertung"]);
        for row in table.select(&sel("tbody tr")) {
            let first_cell = row.select(&sel("td")).next().expect("cells");
            assert_eq!(first_cell.value().attr("data-label"), Some("Bewertung"));
            assert!(first_cell.select(&sel(".verdict")).next().is_some());
            // The figure heads its row; no ARIA roles on the table's parts (the Nu checker
            // forbids them on a native table, and Chromium keeps table semantics for cards).
            let head = row.select(&sel("th")).next().expect("a row header");
            assert_eq!(head.value().attr("scope"), Some("row"));
            assert_eq!(row.value().attr("role"), None);
        }
    }
}

#[test]
fn highlight_css_is_linked_only_from_pages_with_highlighted_code() {
    let fixture = Fixture::new();
    let methodik = fixture.read("content/pages/methodik.md");
    fixture.write(
        "content/pages/methodik.md",
        &format!("{methodik}\n\n```yaml\nverdict: belegt\n```\n"),
    );
    fixture.build();
    let links = |relative: &str| fixture.page(relative).attrs("link[rel=stylesheet]", "href");
    assert_eq!(
        links("methodik/index.html"),
        ["../static/style.css", "../static/highlight.css"]
    );
    assert_eq!(links("index.html"), ["static/style.css"]);
    assert_eq!(links("claims/nk-11000/index.html"), ["../../static/style.css"]);
    assert!(fixture.path("public/static/highlight.css").is_file());
}

// In a browser --------------------------------------------------------------------------------

/// Whether the browser test can run; in CI (`CI` set) a missing tool fails the test.
fn browser_available() -> bool {
    let dir = repository().join("tests/browser");
    let ready = dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").is_file()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if ready {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("playwright-core (tests/browser), node and /usr/bin/chromium are needed, and CI is set");
    }
    eprintln!(
        "SKIPPED: playwright-core (tests/browser) with node and /usr/bin/chromium is missing (run `npm ci` in tests/browser; CI fails instead of skipping)"
    );
    false
}

#[test]
fn topic_pages_fit_a_phone_and_a_desktop_in_light_and_dark_with_bars_on_one_scale() {
    if !browser_available() {
        return;
    }
    let dir = repository().join("tests/browser");
    let output = Command::new("node")
        .arg(dir.join("topic_layout.mjs"))
        .arg(example_output())
        .current_dir(&dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    assert!(output.status.success());
    let topics = std::fs::read_dir(example_output().join("topics"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_dir())
        .count();
    let checked = report["checked"].as_array().unwrap();
    for width in [390, 1280] {
        for scheme in ["light", "dark"] {
            let n = checked
                .iter()
                .filter(|c| {
                    c["width"] == width && c["scheme"] == scheme && c["page"].as_str().unwrap().starts_with("topics/")
                })
                .count();
            assert_eq!(n, topics, "every topic page at {width} px, {scheme}");
            assert!(
                checked
                    .iter()
                    .any(|c| c["width"] == width && c["scheme"] == scheme && c["page"] == "methodik/"),
                "the Markdown tables of the methodology page at {width} px, {scheme}"
            );
        }
    }
    // No table or chart wider than the window or its box, every verdict inside the window, no
    // word of a Markdown table broken, every source's date under its title.
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{} problems:\n{report:#}", problems.len());
    // Bars of one unit on one page have one length per unit of value, as rendered.
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for bar in report["bars"].as_array().unwrap() {
        let (value, length) = (bar["value"].as_f64().unwrap(), bar["length"].as_f64().unwrap());
        if value > 0.0 && length > 2.0 {
            let key = format!("{} {} {} {}", bar["page"], bar["width"], bar["scheme"], bar["unit"]);
            ratios.entry(key).or_default().push(length / value);
        }
    }
    assert!(ratios.len() >= topics, "{ratios:?}");
    for (key, ratios) in &ratios {
        let first = ratios[0];
        // A rendered length is exact to about half a pixel.
        assert!(
            ratios.iter().all(|r| (r / first - 1.0).abs() < 0.02),
            "{key}: {ratios:?}"
        );
    }
    // The impossible ordering, as drawn on a phone and a desktop.
    for width in [390, 1280] {
        let length = |value: f64, group: &str| {
            report["bars"]
                .as_array()
                .unwrap()
                .iter()
                .find(|b| {
                    b["page"] == "topics/nordkoreanische-truppen/"
                        && b["width"] == width
                        && b["scheme"] == "light"
                        && b["value"] == value
                        && b["group"].as_str().is_some_and(|g| g.starts_with(group))
                })
                .unwrap_or_else(|| panic!("no {value} bar in {group} at {width} px"))["length"]
                .as_f64()
                .unwrap()
        };
        let (front, planned, sent) = (
            length(15_000.0, "An der Front"),
            length(12_000.0, "Geplante"),
            length(11_000.0, "Bereits"),
        );
        assert!(
            front > planned + 2.0 && planned > sent + 1.0,
            "{width} px: {front} {planned} {sent}"
        );
    }
    // Chart text stays readable on a phone.
    for width in ["390", "1280"] {
        let smallest = report["smallest_chart_text"][width].as_f64().unwrap();
        assert!(smallest >= 10.5, "chart text of {smallest} px at {width} px");
    }
    // Print: the wide chart, charts and tables and a measure's heading with its chart kept on
    // one page, headers repeated, the page's address printed.
    for printed in report["print"].as_array().unwrap() {
        let page = printed["page"].as_str().unwrap();
        assert_eq!(
            printed["url"].as_str(),
            Some(format!("Diese Seite: https://example.org/dossier/{page}").as_str()),
            "{printed}"
        );
        if printed["measure_head_break"].is_null() {
            continue;
        }
        for (key, expected) in [
            ("measure_head_break", "avoid"),
            ("table_break", "avoid"),
            ("heading_break", "avoid"),
            ("header_group", "table-header-group"),
        ] {
            assert_eq!(printed[key], expected, "{key}: {printed}");
        }
        if !printed["chart_break"].is_null() {
            assert_eq!(printed["chart_break"], "avoid", "{printed}");
            assert_eq!(printed["wide_chart"], "block", "{printed}");
            assert_eq!(printed["narrow_chart"], "none", "{printed}");
        }
    }
}
