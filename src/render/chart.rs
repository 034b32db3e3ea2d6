//! Inline SVG bar charts of the figures of one measure, drawn at build time (no JavaScript).
//!
//! One bar per table row; a range is drawn as a solid bar to its lower end and a hatched
//! extension to its upper end; "up to" figures are hatched as a whole, since the real value may
//! be anywhere below. Every bar is labelled in text, and the chart carries a `<title>` and a
//! `<desc>` listing the figures, so it never relies on colour or shape alone.

use crate::render::markdown::escape;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label on the left (origin and outlet).
    pub label: String,
    /// Figure as text, shown after the bar.
    pub value_text: String,
    /// Lower end (or the value).
    pub low: f64,
    /// Upper end (or the value).
    pub high: f64,
    /// The figure is a ceiling ("up to"): draw it hatched.
    pub ceiling: bool,
}

const WIDTH: f64 = 760.0;
const LABEL_WIDTH: f64 = 250.0;
const VALUE_WIDTH: f64 = 190.0;
const ROW: f64 = 28.0;
const BAR: f64 = 18.0;

/// The chart as an `<svg>` element; `id` must be unique on the page (it names the title and
/// description elements).
pub fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.high.max(b.low)).fold(0.0_f64, f64::max);
    let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let scale = |v: f64| if max > 0.0 { (v.max(0.0) / max) * plot } else { 0.0 };
    let height = ROW * bars.len() as f64 + 8.0;
    let id = escape(id);
    let description: Vec<String> = bars.iter().map(|b| format!("{}: {}", b.label, b.value_text)).collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"13\" aria-labelledby=\"{id}-title {id}-desc\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" class=\"chart-hatch-bg\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"chart-hatch-line\" stroke=\"#2d69ad\" stroke-width=\"3\"/></pattern></defs>",
        escape(title),
        escape(&description.join("; ")),
    );
    for (row, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * row as f64;
        let text_y = y + BAR * 0.75;
        let label = truncate(&bar.label, 32);
        svg.push_str(&format!(
            "<g class=\"chart-row\"><text x=\"{x:.1}\" y=\"{text_y:.1}\" class=\"chart-label\" text-anchor=\"end\">{}</text>",
            escape(&label),
            x = LABEL_WIDTH - 8.0,
        ));
        let (solid, hatched_to) = if bar.ceiling {
            (0.0, bar.high)
        } else {
            (bar.low, bar.high)
        };
        let solid_width = scale(solid);
        if solid_width > 0.0 {
            svg.push_str(&format!(
                "<rect x=\"{LABEL_WIDTH}\" y=\"{y:.1}\" width=\"{solid_width:.1}\" height=\"{BAR}\" class=\"chart-bar\" fill=\"#2d69ad\"/>"
            ));
        }
        let hatched_width = scale(hatched_to) - solid_width;
        if hatched_width > 0.0 {
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{hatched_width:.1}\" height=\"{BAR}\" fill=\"url(#{id}-hatch)\" class=\"chart-bar-open\"/>",
                x = LABEL_WIDTH + solid_width,
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{text_y:.1}\" class=\"chart-value\">{}</text></g>",
            escape(&bar.value_text),
            x = LABEL_WIDTH + scale(bar.high.max(bar.low)) + 6.0,
        ));
    }
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

    #[test]
    fn bars_scale_to_the_largest_figure_and_are_labelled() {
        let bars = [
            Bar {
                label: "Putin".into(),
                value_text: "1,6 Mio.".into(),
                low: 1_600_000.0,
                high: 1_600_000.0,
                ceiling: false,
            },
            Bar {
                label: "<NY Post>".into(),
                value_text: "500.000".into(),
                low: 500_000.0,
                high: 500_000.0,
                ceiling: false,
            },
            Bar {
                label: "Bloomberg".into(),
                value_text: "bis zu 100.000".into(),
                low: 100_000.0,
                high: 100_000.0,
                ceiling: true,
            },
        ];
        let svg = bar_chart("m1", "Aktive Soldaten", &bars);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"m1-title\">Aktive Soldaten</title>"));
        assert!(svg.contains("&lt;NY Post&gt;"), "labels are escaped");
        assert!(svg.contains("width=\"320.0\""), "largest bar spans the plot: {svg}");
        assert!(svg.contains("width=\"100.0\""), "500k is 500/1600 of it: {svg}");
        assert!(svg.contains("url(#m1-hatch)"), "ceilings are hatched");
        assert!(svg.contains("Putin: 1,6 Mio.; &lt;NY Post&gt;: 500.000"));
    }

    #[test]
    fn empty_and_zero_charts_do_not_divide_by_zero() {
        let svg = bar_chart(
            "z",
            "Null",
            &[Bar {
                label: "a".into(),
                value_text: "0".into(),
                low: 0.0,
                high: 0.0,
                ceiling: false,
            }],
        );
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(bar_chart("e", "Leer", &[]).contains("</svg>"));
    }
}
