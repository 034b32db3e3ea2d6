use super::*;

const LEGEND: Legend<'static> = Legend {
    interval: "schraffiert: irgendwo in diesem Bereich",
    floor: "Pfeil nach oben: mindestens",
    reading: "gestrichelt: unsere Lesart",
    latest: "Ring: neueste Angabe",
    latest_mark: "neueste Angabe",
    span: "Linie: nur der Monat",
};

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn point(value_text: &str, (low, high): (f64, f64), mark: Mark, as_of: &str) -> Point {
    Point {
        value_text: value_text.into(),
        low,
        high,
        mark,
        reading: false,
        as_of: date(as_of),
    }
}

fn timeline<'a>(series: &'a [Series]) -> Timeline<'a> {
    Timeline {
        id: "t",
        title: "Zeitverlauf: Entsandt",
        summary: "Zeitverlauf von 0 bis 15.000 Soldaten",
        unit: Some("Soldaten"),
        lang: Language::De,
        scale: Scale::nice(15_000.0, true),
        series,
        legend: LEGEND,
    }
}

fn html(svg: &str) -> scraper::Html {
    scraper::Html::parse_fragment(svg)
}

fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap()).collect()
}

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> f64 {
    e.value().attr(name).unwrap().parse().unwrap()
}

#[test]
fn day_numbers_follow_the_calendar_both_ways() {
    assert_eq!(day_number((1970, 1, 1)), 0);
    assert_eq!(day_number((2024, 11, 1)), 20_028);
    assert_eq!(
        day_number((2024, 3, 1)) - day_number((2024, 2, 28)),
        2,
        "2024 is a leap year"
    );
    assert_eq!(day_number((2023, 3, 1)) - day_number((2023, 2, 28)), 1);
    for days in [-800_000, -1, 0, 59, 20_028, 1_000_000] {
        assert_eq!(day_number(civil(days)), days);
    }
}

#[test]
fn a_month_is_drawn_as_a_span_over_the_month_and_a_day_as_a_point() {
    let series = [Series {
        label: "NATO".into(),
        points: vec![
            point("7.000 Soldaten", (7_000.0, 7_000.0), Mark::Value, "2024-10"),
            point("11.000 Soldaten", (11_000.0, 11_000.0), Mark::Value, "2024-11-18"),
        ],
    }];
    for layout in [Layout::Wide, Layout::Narrow] {
        let svg = svg(&timeline(&series), layout);
        let doc = html(&svg);
        let points = select(&doc, "g.timeline-point");
        assert_eq!(points.len(), 2);
        assert_eq!(points[0].value().attr("data-as-of"), Some("2024-10"));
        // The month: a line with end ticks over all of October; the day: no line.
        let spans = select(&doc, "g.timeline-point path.timeline-span");
        assert_eq!(spans.len(), 1, "{svg}");
        let d = spans[0].value().attr("d").unwrap();
        let numbers: Vec<f64> = d
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (from, to) = (numbers[0], numbers[6]);
        let day_x = attr(
            &select(&doc, "g.timeline-point")[1]
                .select(&scraper::Selector::parse("circle").unwrap())
                .next()
                .unwrap(),
            "cx",
        );
        // 31 days of October, then 17.5 days to the middle of 18 November.
        let per_day = (to - from) / 31.0;
        assert!((day_x - to - 17.5 * per_day).abs() < 0.2, "{from} {to} {day_x}");
        assert!(per_day > 1.0);
    }
}

#[test]
fn qualifiers_are_intervals_and_open_ends_as_in_the_bar_charts() {
    let mut tausende = point(
        "Tausende (gelesen als mindestens 2.000 Soldaten)",
        (2_000.0, 2_000.0),
        Mark::Floor,
        "2024-11-02",
    );
    tausende.reading = true;
    let series = [
        Series {
            label: "Geheimdienst".into(),
            points: vec![
                point(
                    "bis zu 12.000 Soldaten",
                    (12_000.0, 12_000.0),
                    Mark::Ceiling,
                    "2024-11-05",
                ),
                point(
                    "10.000–12.000 Soldaten",
                    (10_000.0, 12_000.0),
                    Mark::Range,
                    "2024-11-10",
                ),
            ],
        },
        Series {
            label: "Kyjiw".into(),
            points: vec![
                point("mehr als 3.000 Soldaten", (3_000.0, 3_000.0), Mark::Floor, "2024-11-01"),
                tausende,
            ],
        },
    ];
    let chart = timeline(&series);
    let svg = svg(&chart, Layout::Wide);
    let doc = html(&svg);
    let bottom = WIDE.plot_top + WIDE.plot_height;
    let y = |v: f64| bottom - chart.scale.position(v, WIDE.plot_height);
    let points = select(&doc, "g.timeline-point");
    // The ceiling: hatched from zero to 12.000, one cap at 12.000.
    let rect = |p: &scraper::ElementRef<'_>| {
        let r = p
            .select(&scraper::Selector::parse("rect.timeline-interval").unwrap())
            .next()
            .unwrap();
        (
            attr(&r, "y"),
            attr(&r, "y") + attr(&r, "height"),
            r.value().attr("fill").unwrap().to_owned(),
        )
    };
    let caps = |p: &scraper::ElementRef<'_>| {
        p.select(&scraper::Selector::parse("line.timeline-cap").unwrap())
            .count()
    };
    let (top, low, fill) = rect(&points[0]);
    assert!(
        (top - y(12_000.0)).abs() < 0.1 && (low - bottom).abs() < 0.1,
        "{top} {low}"
    );
    assert_eq!(fill, "url(#t-wide-hatch-0)");
    assert_eq!(caps(&points[0]), 1);
    // The range: hatched between its ends, capped at both.
    let (top, low, _) = rect(&points[1]);
    assert!(
        (top - y(12_000.0)).abs() < 0.1 && (low - y(10_000.0)).abs() < 0.1,
        "{top} {low}"
    );
    assert_eq!(caps(&points[1]), 2);
    // The floor: an arrow upwards, no interval; the reading: a dashed marker with its arrow.
    assert_eq!(select(&doc, "g.timeline-arrow").len(), 2);
    assert!(
        points[2]
            .select(&scraper::Selector::parse("rect.timeline-interval").unwrap())
            .next()
            .is_none()
    );
    assert_eq!(select(&doc, ".timeline-marker-reading").len(), 1);
    // Each mark that occurs is explained once.
    let texts: String = select(&doc, "g.timeline-legend text")
        .iter()
        .flat_map(|t| t.text())
        .collect::<Vec<_>>()
        .join(" ");
    for sentence in ["schraffiert", "Pfeil nach oben", "gestrichelt", "Ring"] {
        assert!(texts.contains(sentence), "{sentence}: {texts}");
    }
    assert!(!texts.contains("nur der Monat"), "no month span here: {texts}");
}

#[test]
fn one_series_per_origin_with_its_own_colour_and_shape_and_its_latest_figure_ringed_and_labelled() {
    let series = [
        Series {
            label: "NATO".into(),
            points: vec![
                point("7.000 Soldaten", (7_000.0, 7_000.0), Mark::Value, "2024-10-20"),
                point("etwa 11.000 Soldaten", (11_000.0, 11_000.0), Mark::Value, "2024-11-18"),
            ],
        },
        Series {
            label: "Geheimdienst <Süd>".into(),
            points: vec![point(
                "bis zu 12.000 Soldaten",
                (12_000.0, 12_000.0),
                Mark::Ceiling,
                "2024-11",
            )],
        },
    ];
    assert_eq!(latest(&series[0]), [false, true]);
    let chart = timeline(&series);
    let wide = svg(&chart, Layout::Wide);
    let doc = html(&wide);
    let groups = select(&doc, "g.timeline-series");
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].value().attr("class"), Some("timeline-series timeline-s0"));
    assert_eq!(groups[1].value().attr("class"), Some("timeline-series timeline-s1"));
    assert_eq!(groups[1].value().attr("data-origin"), Some("Geheimdienst <Süd>"));
    assert!(wide.contains("data-origin=\"Geheimdienst &lt;Süd&gt;\""), "escaped");
    assert_ne!(marker_svg(0), marker_svg(1), "shape and colour differ");
    assert!(marker_svg(0).contains("<circle") && marker_svg(1).contains("<rect"));
    // One ring per origin, on its latest figure; in the wide layout its whole figure beside it.
    let rings = select(&doc, "circle.timeline-latest");
    assert_eq!(rings.len(), 2);
    let labels: Vec<String> = select(&doc, "text.chart-value")
        .iter()
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(
        labels,
        ["bis zu 12.000 Soldaten", "etwa 11.000 Soldaten"],
        "top to bottom"
    );
    assert!(
        !labels.iter().any(|l| l == "7.000 Soldaten"),
        "only the latest are labelled"
    );
    // The narrow layout leaves the figures to the key beside it.
    let narrow = svg(&chart, Layout::Narrow);
    assert!(
        html(&narrow)
            .select(&scraper::Selector::parse("text.chart-value").unwrap())
            .next()
            .is_none()
    );
    assert_eq!(select(&html(&narrow), "circle.timeline-latest").len(), 2);
    // The description names every figure with its date and origin.
    let desc: String = select(&doc, "desc")[0].text().collect();
    for part in [
        "NATO: 20. Oktober 2024: 7.000 Soldaten; 18. November 2024: etwa 11.000 Soldaten (neueste Angabe)",
        "Geheimdienst <Süd>: November 2024: bis zu 12.000 Soldaten (neueste Angabe)",
    ] {
        assert!(desc.contains(part), "{part}: {desc}");
    }
}

#[test]
fn labels_of_close_figures_do_not_overlap_and_nothing_runs_out_of_the_chart() {
    let series: Vec<Series> = (0..4)
        .map(|i| Series {
            label: format!("Ursprung {i}"),
            points: vec![point(
                "etwa 11.000 Soldaten nach Angaben einer sehr langen Quelle, die noch viel mehr sagt, als hier in eine Zeile passt",
                (11_000.0 + f64::from(i) * 10.0, 11_000.0 + f64::from(i) * 10.0),
                Mark::Value,
                "2024-11-30",
            )],
        })
        .collect();
    let svg = svg(&timeline(&series), Layout::Wide);
    let doc = html(&svg);
    let mut lines: Vec<(f64, f64, usize)> = select(&doc, "text.chart-value")
        .iter()
        .map(|t| (attr(t, "y"), attr(t, "x"), t.text().collect::<String>().chars().count()))
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(lines.len() >= 8, "each label wrapped: {lines:?}");
    for pair in lines.windows(2) {
        assert!(pair[1].0 - pair[0].0 >= WIDE.line - 0.01, "{lines:?}");
    }
    for (_, x, chars) in &lines {
        assert!(x + *chars as f64 * WIDE.char_width <= WIDE.width + 0.5, "{lines:?}");
    }
}
