//! Inline SVG bar charts of the figures of one measure, drawn at build time (no JavaScript).
//!
//! One bar per table row; a range is drawn as a solid bar to its lower end and a hatched
//! extension to its upper end; ceilings ("up to", "less than") are hatched as a whole, since the
//! real value may be anywhere below. A reading of a source's vague words ("Tausende", read as at
//! least 2,000) is no reported figure: it is drawn as a dashed outline only, and its label says
//! "read as". Every bar is labelled with its whole figure in text, a legend explains hatching and
//! outlines when they occur, and the chart carries a `<title>` and a `<desc>` listing the figures,
//! so it never relies on colour or shape alone.

use crate::render::escape;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label on the left (origin and outlet).
    pub label: String,
    /// The whole figure as text (qualifier, number, unit; the source's words for a reading),
    /// shown after the bar and never shortened.
    pub value_text: String,
    /// Lower end (or the value).
    pub low: f64,
    /// Upper end (or the value).
    pub high: f64,
    /// The figure is a ceiling ("up to"): draw it hatched.
    pub ceiling: bool,
    /// The figure is the dossier's reading of vague words, not a reported number: draw it as a
    /// dashed outline.
    pub reading: bool,
}

/// The legend's sentences, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Legend<'a> {
    /// What hatching means.
    pub ceiling: &'a str,
    /// What a dashed outline means.
    pub reading: &'a str,
}

const WIDTH: f64 = 760.0;
const LABEL_WIDTH: f64 = 250.0;
const VALUE_WIDTH: f64 = 190.0;
const ROW: f64 = 28.0;
const BAR: f64 = 18.0;
/// Roughly the width of a character at the chart's font size, to decide where a label fits.
const CHAR_WIDTH: f64 = 7.0;

/// The chart as an `<svg>` element; `id` must be unique on the page (it names the title and
/// description elements).
pub fn bar_chart(id: &str, title: &str, bars: &[Bar], legend: Legend<'_>) -> String {
    let max = bars.iter().map(|b| b.high.max(b.low)).fold(0.0_f64, f64::max);
    let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let scale = |v: f64| if max > 0.0 { (v.max(0.0) / max) * plot } else { 0.0 };
    let id = escape::html(id);
    let description: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.label, b.value_text)).collect();
    let mut rows = String::new();
    let mut y = 4.0;
    for bar in bars {
        let text_y = y + BAR * 0.75;
        let label = truncate(&bar.label, 32);
        rows.push_str(&format!(
            "<g class=\"chart-row\"><text x=\"{x:.1}\" y=\"{text_y:.1}\" class=\"chart-label\" text-anchor=\"end\">{}</text>",
            escape::html(&label),
            x = LABEL_WIDTH - 8.0,
        ));
        let end = scale(bar.high.max(bar.low));
        if bar.reading {
            rows.push_str(&format!(
                "<rect x=\"{LABEL_WIDTH}\" y=\"{y:.1}\" width=\"{end:.1}\" height=\"{BAR}\" class=\"chart-bar-reading\" fill=\"none\" stroke=\"#2d69ad\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
            ));
        } else {
            let (solid, hatched_to) = if bar.ceiling {
                (0.0, bar.high)
            } else {
                (bar.low, bar.high)
            };
            let solid_width = scale(solid);
            if solid_width > 0.0 {
                rows.push_str(&format!(
                    "<rect x=\"{LABEL_WIDTH}\" y=\"{y:.1}\" width=\"{solid_width:.1}\" height=\"{BAR}\" class=\"chart-bar\" fill=\"#2d69ad\"/>"
                ));
            }
            let hatched_width = scale(hatched_to) - solid_width;
            if hatched_width > 0.0 {
                rows.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{hatched_width:.1}\" height=\"{BAR}\" fill=\"url(#{id}-hatch)\" class=\"chart-bar-open\"/>",
                    x = LABEL_WIDTH + solid_width,
                ));
            }
        }
        // The figure after the bar; when it would run out of the chart, on a line of its own
        // under the bar, so it is never cut.
        let after = LABEL_WIDTH + end + 6.0;
        let fits = after + CHAR_WIDTH * bar.value_text.chars().count() as f64 <= WIDTH;
        let (x, value_y, row_height) = if fits {
            (after, text_y, ROW)
        } else {
            (LABEL_WIDTH, y + BAR + 14.0, ROW + 16.0)
        };
        rows.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{value_y:.1}\" class=\"chart-value\">{}</text></g>",
            escape::html(&bar.value_text),
        ));
        y += row_height;
    }
    let mut legend_rows = String::new();
    let mut legend_line = |swatch: String, text: &str, y: &mut f64| {
        legend_rows.push_str(&format!(
            "<g class=\"chart-legend\">{swatch}<text x=\"{x:.1}\" y=\"{ty:.1}\" class=\"chart-label\">{}</text></g>",
            escape::html(text),
            x = 38.0,
            ty = *y + 11.0,
        ));
        *y += 20.0;
    };
    if bars.iter().any(|b| !b.reading && (b.ceiling || b.high > b.low)) {
        legend_line(
            format!(
                "<rect x=\"8\" y=\"{y:.1}\" width=\"22\" height=\"14\" fill=\"url(#{id}-hatch)\" class=\"chart-bar-open\"/>"
            ),
            legend.ceiling,
            &mut y,
        );
    }
    if bars.iter().any(|b| b.reading) {
        legend_line(
            format!(
                "<rect x=\"8\" y=\"{y:.1}\" width=\"22\" height=\"14\" class=\"chart-bar-reading\" fill=\"none\" stroke=\"#2d69ad\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
            ),
            legend.reading,
            &mut y,
        );
    }
    let height = y + 4.0;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"13\" aria-labelledby=\"{id}-title {id}-desc\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" class=\"chart-hatch-bg\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"chart-hatch-line\" stroke=\"#2d69ad\" stroke-width=\"3\"/></pattern></defs>",
        escape::html(title),
        escape::html(&description.join("; ")),
    );
    svg.push_str(&rows);
    svg.push_str(&legend_rows);
    svg.push_str("</svg>");
    svg
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGEND: Legend<'static> = Legend {
        ceiling: "schraffiert: Obergrenze",
        reading: "gestrichelt: unsere Lesart",
    };

    fn bar(label: &str, value_text: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value_text: value_text.into(),
            low: value,
            high: value,
            ceiling: false,
            reading: false,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_figure_and_are_labelled() {
        let bars = [
            bar("Putin", "1,6 Mio. Soldaten", 1_600_000.0),
            bar("<NY Post>", "etwa 500.000 Soldaten", 500_000.0),
            Bar {
                ceiling: true,
                ..bar("Bloomberg", "bis zu 100.000 Soldaten", 100_000.0)
            },
        ];
        let svg = bar_chart("m1", "Aktive Soldaten", &bars, LEGEND);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"m1-title\">Aktive Soldaten</title>"));
        assert!(svg.contains("&lt;NY Post&gt;"), "labels are escaped");
        assert!(svg.contains("width=\"320.0\""), "largest bar spans the plot: {svg}");
        assert!(svg.contains("width=\"100.0\""), "500k is 500/1600 of it: {svg}");
        assert!(svg.contains("url(#m1-hatch)"), "ceilings are hatched");
        assert!(svg.contains("Putin: 1,6 Mio. Soldaten; &lt;NY Post&gt;: etwa 500.000 Soldaten"));
        assert!(
            svg.contains(">bis zu 100.000 Soldaten</text>"),
            "the whole figure labels the bar"
        );
        assert!(svg.contains("schraffiert: Obergrenze"), "the hatching is explained");
        assert!(!svg.contains("gestrichelt"), "no reading, no legend for it");
    }

    #[test]
    fn a_reading_of_vague_words_is_an_outline_labelled_as_a_reading() {
        let reading_text = "Tausende (gelesen als mindestens 2.000 Soldaten)";
        let bars = [
            bar("NIS", "knapp 11.000 Soldaten", 11_000.0),
            Bar {
                reading: true,
                ..bar("Medien", reading_text, 2_000.0)
            },
        ];
        let svg = bar_chart("r", "Entsandt", &bars, LEGEND);
        let row = svg.split("<g class=\"chart-row\">").nth(2).expect("second row");
        assert!(
            row.contains("class=\"chart-bar-reading\" fill=\"none\""),
            "an outline: {row}"
        );
        assert!(row.contains("stroke-dasharray"), "dashed: {row}");
        assert!(!row.contains("class=\"chart-bar\""), "never a solid bar: {row}");
        assert!(!row.contains("hatch"), "nor a hatched one: {row}");
        assert!(
            row.contains(&format!(">{reading_text}</text>")),
            "labelled in full: {row}"
        );
        assert!(svg.contains("gestrichelt: unsere Lesart"), "the outline is explained");
    }

    #[test]
    fn a_long_figure_moves_under_its_bar_instead_of_out_of_the_chart() {
        let long = "Hunderttausende (gelesen als mindestens 200.000 Munitionsstücke)";
        let svg = bar_chart("l", "Munition", &[bar("NATO", long, 200_000.0)], LEGEND);
        let x: f64 = svg
            .split("class=\"chart-value\"")
            .next()
            .and_then(|head| head.rsplit("<text x=\"").next())
            .and_then(|tail| tail.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect("the value's x");
        assert!(x + 7.0 * long.chars().count() as f64 <= WIDTH, "x = {x}: {svg}");
    }

    #[test]
    fn empty_and_zero_charts_do_not_divide_by_zero() {
        let svg = bar_chart("z", "Null", &[bar("a", "0", 0.0)], LEGEND);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(bar_chart("e", "Leer", &[], LEGEND).contains("</svg>"));
    }
}
