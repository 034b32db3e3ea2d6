use super::*;

const LEGEND: Legend<'static> = Legend {
    interval: "schraffiert: irgendwo in diesem Bereich",
    floor: "Pfeil: mindestens, vielleicht mehr",
    reading: "gestrichelt: unsere Lesart",
};

fn bar(label: &str, value_text: &str, value: f64) -> Bar {
    Bar {
        label: label.into(),
        value_text: value_text.into(),
        low: value,
        high: value,
        mark: Mark::Value,
        reading: false,
    }
}

fn chart<'a>(groups: &'a [Group], scale: Scale) -> Chart<'a> {
    Chart {
        id: "c",
        title: "Truppen",
        summary: "Alle Balken auf einer Skala",
        unit: Some("Soldaten"),
        lang: Language::De,
        scale,
        groups,
        legend: LEGEND,
    }
}

fn one(bars: Vec<Bar>) -> Vec<Group> {
    vec![Group {
        heading: None,
        measure: None,
        bars,
    }]
}

/// The `width` of every `chart-marks` group's rects, summed, with its `data-value`.
fn extents(svg: &str) -> Vec<(f64, f64)> {
    svg.split("<g class=\"chart-marks\" data-value=\"")
        .skip(1)
        .map(|part| {
            let value: f64 = part.split('"').next().unwrap().parse().unwrap();
            let marks = part.split("</g>").next().unwrap();
            let width: f64 = marks
                .split(" width=\"")
                .skip(1)
                .map(|w| w.split('"').next().unwrap().parse::<f64>().unwrap())
                .sum();
            (value, width)
        })
        .collect()
}

#[test]
fn bars_of_every_chart_share_the_scale_given_so_their_lengths_follow_the_values() {
    let scale = Scale::nice(15_000.0, true);
    let front = one(vec![bar("ohne Ursprung", "etwa 15.000 Soldaten", 15_000.0)]);
    let sent = one(vec![
        bar("Südkoreanischer Geheimdienst", "knapp 11.000 Soldaten", 11_000.0),
        bar("NATO", "7.000 Soldaten", 7_000.0),
    ]);
    for layout in [Layout::Wide, Layout::Narrow] {
        let mut all = extents(&svg(&chart(&front, scale), layout));
        all.extend(extents(&svg(&chart(&sent, scale), layout)));
        assert_eq!(all.len(), 3);
        let per_unit = all[0].1 / all[0].0;
        for (value, width) in &all {
            assert!((width / value - per_unit).abs() < 1e-3, "{layout:?}: {all:?}");
        }
        assert!(all[0].1 > all[1].1 && all[1].1 > all[2].1, "15.000 > 11.000 > 7.000");
    }
}

#[test]
fn the_axis_has_round_ticks_in_german_numbers_gridlines_and_the_unit() {
    let groups = one(vec![bar("Putin", "1,6 Mio. Soldaten", 1_600_000.0)]);
    let svg = svg(&chart(&groups, Scale::nice(1_600_000.0, true)), Layout::Wide);
    for tick in ["0", "500.000", "1 Mio.", "1,5 Mio.", "2 Mio."] {
        assert!(svg.contains(&format!(">{tick}</text>")), "{tick}: {svg}");
    }
    assert_eq!(svg.matches("class=\"chart-grid\"").count(), 5);
    assert!(svg.contains(">Soldaten</text>"), "the unit under the axis");
    assert!(svg.contains("data-scale-max=\"2000000\""));
}

#[test]
fn ceilings_ranges_floors_and_readings_are_drawn_differently_and_explained() {
    let groups = one(vec![
        Bar {
            mark: Mark::Ceiling,
            ..bar("NIS", "bis zu 12.000 Soldaten", 12_000.0)
        },
        Bar {
            mark: Mark::Range,
            low: 10_000.0,
            ..bar("Pentagon", "10.000–12.000 Soldaten", 12_000.0)
        },
        Bar {
            mark: Mark::Floor,
            ..bar("Kyjiw", "mehr als 8.000 Soldaten", 8_000.0)
        },
        Bar {
            reading: true,
            ..bar("Medien", "Tausende (gelesen als mindestens 2.000 Soldaten)", 2_000.0)
        },
    ]);
    let svg = svg(&chart(&groups, Scale::nice(12_000.0, true)), Layout::Wide);
    let rows: Vec<&str> = svg.split("<g class=\"chart-row\">").skip(1).collect();
    assert!(rows[0].contains("url(#c-wide-hatch)") && !rows[0].contains("class=\"chart-bar\""));
    assert!(rows[0].contains("chart-cap"), "a ceiling has a cap at its figure");
    assert!(rows[1].contains("class=\"chart-bar\"") && rows[1].contains("hatch") && rows[1].contains("chart-cap"));
    assert!(
        rows[2].contains("chart-arrow") && !rows[2].contains("hatch"),
        "a floor opens to the right"
    );
    assert!(rows[3].contains("stroke-dasharray") && !rows[3].contains("class=\"chart-bar\""));
    for sentence in [LEGEND.interval, LEGEND.floor, LEGEND.reading] {
        assert!(svg.contains(sentence), "{sentence}");
    }
    let plain = svg_of_plain();
    for sentence in [LEGEND.interval, LEGEND.floor, LEGEND.reading] {
        assert!(!plain.contains(sentence), "no mark, no legend line: {sentence}");
    }
}

fn svg_of_plain() -> String {
    svg(
        &chart(&one(vec![bar("a", "5 Soldaten", 5.0)]), Scale::nice(5.0, true)),
        Layout::Wide,
    )
}

#[test]
fn long_labels_wrap_instead_of_being_cut_and_are_escaped() {
    let label = "der Artikel selbst → Südkoreanischer Geheimdienst (New York Post, <Bild>)";
    let groups = vec![Group {
        heading: Some("Geplante Gesamtzahl".into()),
        measure: None,
        bars: vec![bar(label, "bis zu 12.000 Soldaten", 12_000.0)],
    }];
    for layout in [Layout::Wide, Layout::Narrow] {
        let svg = svg(&chart(&groups, Scale::nice(12_000.0, true)), layout);
        let words: String = svg
            .split("class=\"chart-label\"")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1)?.split('<').next())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains("&lt;Bild&gt;)"), "{layout:?}: {words}");
        assert!(!svg.contains('…'), "nothing cut");
        assert!(
            words
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .starts_with(label.split(" (").next().unwrap())
        );
        assert!(svg.contains(">Geplante Gesamtzahl</text>"), "the group heading");
    }
    assert_eq!(wrap("eins zwei drei", 9), ["eins zwei", "drei"]);
    assert_eq!(wrap("Donaudampfschiff", 6), ["Donaud", "ampfsc", "hiff"]);
    assert_eq!(wrap("", 5), [""]);
}

#[test]
fn the_description_lists_every_figure_and_ids_are_per_layout() {
    let groups = vec![
        Group {
            heading: Some("Entsandt".into()),
            measure: Some("entsandt".into()),
            bars: vec![bar("NIS", "knapp 11.000 Soldaten", 11_000.0)],
        },
        Group {
            heading: Some("Front".into()),
            measure: None,
            bars: vec![bar("ohne Ursprung", "etwa 15.000 Soldaten", 15_000.0)],
        },
    ];
    let c = chart(&groups, Scale::nice(15_000.0, true));
    let wide = svg(&c, Layout::Wide);
    assert!(wide.contains(
        "<desc id=\"c-wide-desc\">Alle Balken auf einer Skala. Entsandt: NIS: knapp 11.000 Soldaten. Front: ohne Ursprung: etwa 15.000 Soldaten</desc>"
    ));
    assert!(wide.contains("aria-labelledby=\"c-wide-title c-wide-desc\""));
    assert!(svg(&c, Layout::Narrow).contains("id=\"c-narrow-title\""));
    // Each row names its measure, so its bars can be found in an overview chart.
    assert_eq!(
        wide.matches("<g class=\"chart-row\" data-measure=\"entsandt\">")
            .count(),
        1
    );
    assert_eq!(
        wide.matches("<g class=\"chart-row\">").count(),
        1,
        "no measure, no attribute"
    );
}

#[test]
fn zero_and_empty_charts_do_not_divide_by_zero() {
    let groups = one(vec![bar("a", "0", 0.0)]);
    let zero = svg(&chart(&groups, Scale::nice(0.0, true)), Layout::Narrow);
    assert!(!zero.contains("NaN") && !zero.contains("inf"));
    assert!(svg(&chart(&[], Scale::nice(0.0, true)), Layout::Wide).ends_with("</svg>"));
}
