//! Inline SVG bar charts of reported figures, drawn at build time (no JavaScript).
//!
//! Every chart has a value axis from zero with round ticks, gridlines and tick labels written
//! by the one number formatter ([`format::compact`]); the caller passes the [`Scale`], so every
//! chart of a topic with the same unit shares one (a topic page draws the measures that share a
//! unit in one chart, grouped by measure). What a figure claims is drawn, not only written:
//! - a plain or approximate figure is a solid bar;
//! - a range is solid to its lower end and hatched to its upper end, with a cap there;
//! - a ceiling ("bis zu", "weniger als") is hatched as a whole with a cap at the figure, since
//!   the value may be anywhere below;
//! - a floor ("mehr als", "mindestens") is solid to the figure with an arrow beyond it, since
//!   the value may be higher;
//! - a reading of a source's vague words ("Tausende", read as at least 2,000) is no reported
//!   figure: a dashed outline only (with the arrow when the reading is a floor).
//!
//! A legend explains the marks that occur. Labels and figures wrap instead of being cut. Each
//! chart comes in two layouts ([`Layout`]): wide (labels beside the bars) and narrow (labels
//! above the bars, for phones); the page shows one of them by a media query. The `<svg>` is a
//! `role="img"` with a `<title>` and a `<desc>` listing every figure; the tables beside the
//! chart hold the same figures as text.

pub mod scale;

pub use scale::Scale;

use crate::load::schema::Qualifier;
use crate::model::{Language, Quantity};
use crate::render::{escape, format};

/// How a bar's figure bounds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// One value, exact or approximate.
    Value,
    /// A range: the value lies between `low` and `high`.
    Range,
    /// At most (or less than) the figure.
    Ceiling,
    /// At least (or more than) the figure.
    Floor,
}

impl Mark {
    /// The mark of a quantity: its range, else its qualifier.
    pub fn of(quantity: &Quantity) -> Self {
        if quantity.is_range && quantity.high > quantity.low {
            return Self::Range;
        }
        match quantity.qualifier {
            Some(Qualifier::UpTo | Qualifier::LessThan) => Self::Ceiling,
            Some(Qualifier::AtLeast | Qualifier::MoreThan) => Self::Floor,
            _ => Self::Value,
        }
    }
}

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Who reports it (origin and named outlets); wrapped, never cut.
    pub label: String,
    /// The whole figure as text (qualifier, number, unit; the source's words for a reading),
    /// shown with the bar and never shortened.
    pub value_text: String,
    /// Lower end (or the value).
    pub low: f64,
    /// Upper end (or the value).
    pub high: f64,
    /// How the figure bounds the value.
    pub mark: Mark,
    /// The figure is the dossier's reading of vague words, not a reported number: a dashed
    /// outline.
    pub reading: bool,
}

/// Bars under one heading (a measure), or without one.
#[derive(Debug, Clone)]
pub struct Group {
    /// Shown above the bars; `None` for a chart of one measure.
    pub heading: Option<String>,
    /// The id of the measure the bars report, written on each row as `data-measure`, so the
    /// bars of one measure can be found in an overview chart.
    pub measure: Option<String>,
    /// The bars.
    pub bars: Vec<Bar>,
}

/// The legend's sentences, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Legend<'a> {
    /// What hatching means (a ceiling or the open part of a range).
    pub interval: &'a str,
    /// What the arrow means (a floor).
    pub floor: &'a str,
    /// What a dashed outline means.
    pub reading: &'a str,
}

/// A chart to draw.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Unique on the page; names the title, description and pattern elements (with the
    /// layout's suffix).
    pub id: &'a str,
    /// The `<title>`.
    pub title: &'a str,
    /// Starts the `<desc>` (what the scale is); the figures follow.
    pub summary: &'a str,
    /// The unit of every bar, written under the axis.
    pub unit: Option<&'a str>,
    /// For the tick labels.
    pub lang: Language,
    /// The value axis, shared by every chart of the same unit on a page.
    pub scale: Scale,
    /// The bars.
    pub groups: &'a [Group],
    /// The legend's sentences.
    pub legend: Legend<'a>,
}

/// Wide (labels beside the bars) or narrow (labels above them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// For screens 42rem and wider: labels left of the bars, figures after them.
    Wide,
    /// For phones: label, then figure, then bar, each on its own lines.
    Narrow,
}

/// Sizes of one layout, in SVG units (the SVG scales to its box, keeping its aspect ratio).
struct Geometry {
    width: f64,
    font: f64,
    /// Rough width of a character at `font`, to wrap text before it could run out.
    char_width: f64,
    line: f64,
    plot_x: f64,
    plot_width: f64,
    /// Width of the text beside (wide) or above (narrow) the bars.
    label_width: f64,
    labels_above: bool,
}

const WIDE: Geometry = Geometry {
    width: 760.0,
    font: 13.0,
    char_width: 7.4,
    line: 16.0,
    plot_x: 216.0,
    plot_width: 400.0,
    label_width: 204.0,
    labels_above: false,
};

const NARROW: Geometry = Geometry {
    width: 400.0,
    font: 14.0,
    char_width: 8.0,
    line: 17.0,
    plot_x: 6.0,
    plot_width: 330.0,
    label_width: 392.0,
    labels_above: true,
};

const BAR: f64 = 16.0;
/// The arrow of a floor: a stem and a head beyond the bar's end.
const ARROW: f64 = 22.0;

impl Geometry {
    fn chars(&self, width: f64) -> usize {
        ((width / self.char_width).floor() as usize).max(8)
    }
}

/// The chart as an `<svg>` element in `layout`.
pub fn svg(chart: &Chart<'_>, layout: Layout) -> String {
    let geometry = match layout {
        Layout::Wide => &WIDE,
        Layout::Narrow => &NARROW,
    };
    let id = escape::html(&format!(
        "{}-{}",
        chart.id,
        match layout {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        }
    ));
    let g = geometry;
    let mut body = String::new();
    let mut y = 6.0;
    let plot_top = y;
    for (index, group) in chart.groups.iter().enumerate() {
        if let Some(heading) = &group.heading {
            if index > 0 {
                y += 6.0;
            }
            // Bold text is wider: wrap it a tenth earlier.
            for line in wrap(heading, g.chars((g.width - 8.0) / 1.1)) {
                body.push_str(&format!(
                    "<text x=\"0\" y=\"{:.1}\" class=\"chart-group\" font-weight=\"700\">{}</text>",
                    y + g.font,
                    escape::html(&line)
                ));
                y += g.line;
            }
            y += 6.0;
        }
        let canvas = Canvas {
            g,
            chart,
            id: &id,
            measure: group.measure.as_deref(),
        };
        for bar in &group.bars {
            y = draw_bar(&canvas, &mut body, bar, y);
        }
    }
    let plot_bottom = y;
    let mut svg = format!(
        "<svg class=\"chart chart-{layout}\" role=\"img\" viewBox=\"0 0 {width} {{HEIGHT}}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"{font}\" aria-labelledby=\"{id}-title {id}-desc\" data-unit=\"{unit}\" data-scale-max=\"{max}\">\
<title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>\
<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" class=\"chart-hatch-bg\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"chart-hatch-line\" stroke=\"#2d69ad\" stroke-width=\"3\"/></pattern></defs>",
        layout = match layout {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        },
        width = g.width,
        font = g.font,
        unit = escape::html(chart.unit.unwrap_or_default()),
        max = chart.scale.max,
        title = escape::html(chart.title),
        desc = escape::html(&description(chart)),
    );
    // Gridlines first, so the bars lie on them.
    for tick in chart.scale.ticks() {
        let x = g.plot_x + chart.scale.position(tick, g.plot_width);
        svg.push_str(&format!(
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{plot_top:.1}\" y2=\"{plot_bottom:.1}\" class=\"chart-grid\" stroke=\"#e1e6eb\"/>"
        ));
    }
    svg.push_str(&body);
    let mut y = plot_bottom;
    y = draw_axis(&mut svg, g, chart, y);
    y = draw_legend(&mut svg, g, chart, &id, y);
    svg.push_str("</svg>");
    svg.replacen("{HEIGHT}", &format!("{:.0}", y + 4.0), 1)
}

/// What every bar of one chart is drawn with.
#[derive(Clone, Copy)]
struct Canvas<'a> {
    g: &'a Geometry,
    chart: &'a Chart<'a>,
    /// The chart's id with the layout's suffix (names the hatch pattern).
    id: &'a str,
    /// The measure of the group being drawn.
    measure: Option<&'a str>,
}

/// One bar with its label and figure, from `y` down; returns where the next one starts.
fn draw_bar(canvas: &Canvas<'_>, out: &mut String, bar: &Bar, y: f64) -> f64 {
    let Canvas { g, chart, .. } = *canvas;
    let label_lines = wrap(&bar.label, g.chars(g.label_width));
    let end = chart.scale.position(bar.high.max(bar.low), g.plot_width);
    let arrow = if bar.mark == Mark::Floor { ARROW } else { 0.0 };
    match canvas.measure {
        Some(measure) => out.push_str(&format!(
            "<g class=\"chart-row\" data-measure=\"{}\">",
            escape::html(measure)
        )),
        None => out.push_str("<g class=\"chart-row\">"),
    }
    let (bar_y, next) = if g.labels_above {
        // Label, figure, bar: each on its own lines, the full width.
        let mut line_y = y;
        for line in &label_lines {
            push_text(out, (g.plot_x, line_y + g.font), "chart-label", "start", line);
            line_y += g.line;
        }
        for line in wrap(&bar.value_text, g.chars(g.label_width)) {
            push_text(out, (g.plot_x, line_y + g.font), "chart-value", "start", &line);
            line_y += g.line;
        }
        (line_y + 3.0, line_y + 3.0 + BAR + 12.0)
    } else {
        // Label left of the bar; the figure after the bar, or under it when it does not fit.
        let mut line_y = y;
        for line in &label_lines {
            push_text(
                out,
                (g.plot_x - 10.0, line_y + g.font - 1.0),
                "chart-label",
                "end",
                line,
            );
            line_y += g.line;
        }
        let after = g.plot_x + end + arrow + 6.0;
        let value_chars = bar.value_text.chars().count() as f64;
        let mut value_bottom = y + BAR;
        if after + value_chars * g.char_width <= g.width {
            push_text(out, (after, y + g.font - 1.0), "chart-value", "start", &bar.value_text);
        } else {
            let mut value_y = y + BAR + g.font + 1.0;
            for line in wrap(&bar.value_text, g.chars(g.width - g.plot_x)) {
                push_text(out, (g.plot_x, value_y), "chart-value", "start", &line);
                value_y += g.line;
            }
            value_bottom = value_y - g.line + 4.0;
        }
        (y, line_y.max(value_bottom) + 10.0)
    };
    draw_marks(canvas, out, bar, bar_y);
    out.push_str("</g>");
    next
}

/// The marks of one bar (solid, hatched, outlined, cap, arrow) at `y`.
fn draw_marks(canvas: &Canvas<'_>, out: &mut String, bar: &Bar, y: f64) {
    let Canvas { g, chart, id, .. } = *canvas;
    let x0 = g.plot_x;
    let at = |v: f64| chart.scale.position(v, g.plot_width);
    let high = bar.high.max(bar.low);
    let end = at(high);
    // The marks that span the figure, grouped and tagged with the value they reach, so a
    // reader of the SVG (or a test) can check the scale.
    out.push_str(&format!("<g class=\"chart-marks\" data-value=\"{high}\">"));
    if bar.reading {
        out.push_str(&format!(
            "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{end:.1}\" height=\"{BAR}\" class=\"chart-bar-reading\" fill=\"none\" stroke=\"#2d69ad\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
        ));
    } else {
        let solid = match bar.mark {
            Mark::Value | Mark::Floor => end,
            Mark::Range => at(bar.low),
            Mark::Ceiling => 0.0,
        };
        if solid > 0.0 {
            out.push_str(&format!(
                "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{solid:.1}\" height=\"{BAR}\" class=\"chart-bar\" fill=\"#2d69ad\"/>"
            ));
        }
        if end > solid {
            out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"url(#{id}-hatch)\" class=\"chart-bar-open\" stroke=\"#2d69ad\"/>",
                x = x0 + solid,
                w = end - solid,
            ));
        }
        if matches!(bar.mark, Mark::Range | Mark::Ceiling) {
            let x = x0 + end;
            out.push_str(&format!(
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y1:.1}\" y2=\"{y2:.1}\" class=\"chart-cap\" stroke=\"#2d69ad\" stroke-width=\"3\"/>",
                y1 = y - 3.0,
                y2 = y + BAR + 3.0,
            ));
        }
    }
    out.push_str("</g>");
    if bar.mark == Mark::Floor {
        push_arrow(out, x0 + end, y + BAR / 2.0);
    }
}

/// An arrow from `x` to the right: the value may lie beyond.
fn push_arrow(out: &mut String, x: f64, mid: f64) {
    let stem_end = x + ARROW - 8.0;
    out.push_str(&format!(
        "<g class=\"chart-arrow\"><line x1=\"{x:.1}\" x2=\"{stem_end:.1}\" y1=\"{mid:.1}\" y2=\"{mid:.1}\" stroke=\"#2d69ad\" stroke-width=\"3\"/>\
<polygon points=\"{stem_end:.1},{a:.1} {tip:.1},{mid:.1} {stem_end:.1},{b:.1}\" fill=\"#2d69ad\"/></g>",
        a = mid - 6.0,
        b = mid + 6.0,
        tip = x + ARROW,
    ));
}

/// The axis line, ticks, tick labels and unit under the bars; returns the y below them.
fn draw_axis(out: &mut String, g: &Geometry, chart: &Chart<'_>, y: f64) -> f64 {
    let (x1, x2) = (g.plot_x, g.plot_x + g.plot_width);
    out.push_str(&format!(
        "<g class=\"chart-axis\" aria-hidden=\"true\"><line x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"chart-axis-line\" stroke=\"#555e68\"/>"
    ));
    let ticks = chart.scale.ticks();
    for (i, tick) in ticks.iter().enumerate() {
        let x = g.plot_x + chart.scale.position(*tick, g.plot_width);
        let label = format::compact(chart.lang, *tick);
        let half = label.chars().count() as f64 * g.char_width / 2.0;
        let anchor = if i == 0 && x - half < 0.0 {
            "start"
        } else if x + half > g.width {
            "end"
        } else {
            "middle"
        };
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y:.1}\" y2=\"{y2:.1}\" class=\"chart-axis-line\" stroke=\"#555e68\"/>",
            y2 = y + 4.0
        ));
        push_text(out, (x, y + 4.0 + g.font), "chart-tick", anchor, &label);
    }
    let mut bottom = y + 4.0 + g.font + 4.0;
    if let Some(unit) = chart.unit {
        push_text(out, (x2, bottom + g.font), "chart-tick", "end", unit);
        bottom += g.line + 2.0;
    }
    out.push_str("</g>");
    bottom + 6.0
}

/// One line per mark that occurs, each with its swatch; returns the y below them.
fn draw_legend(out: &mut String, g: &Geometry, chart: &Chart<'_>, id: &str, mut y: f64) -> f64 {
    let bars = || chart.groups.iter().flat_map(|group| &group.bars);
    let mut entries: Vec<(String, &str)> = Vec::new();
    if bars().any(|b| !b.reading && matches!(b.mark, Mark::Range | Mark::Ceiling)) {
        entries.push((
            format!("<rect x=\"4\" y=\"{{Y}}\" width=\"24\" height=\"14\" fill=\"url(#{id}-hatch)\" class=\"chart-bar-open\" stroke=\"#2d69ad\"/>"),
            chart.legend.interval,
        ));
    }
    if bars().any(|b| b.mark == Mark::Floor) {
        entries.push((String::from("ARROW"), chart.legend.floor));
    }
    if bars().any(|b| b.reading) {
        entries.push((
            "<rect x=\"4\" y=\"{Y}\" width=\"24\" height=\"14\" class=\"chart-bar-reading\" fill=\"none\" stroke=\"#2d69ad\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>".to_owned(),
            chart.legend.reading,
        ));
    }
    for (swatch, text) in entries {
        out.push_str("<g class=\"chart-legend\">");
        if swatch == "ARROW" {
            push_arrow(out, 4.0, y + 7.0);
        } else {
            out.push_str(&swatch.replace("{Y}", &format!("{y:.1}")));
        }
        let mut line_y = y;
        for line in wrap(text, g.chars(g.width - 40.0)) {
            push_text(out, (38.0, line_y + g.font - 1.0), "chart-label", "start", &line);
            line_y += g.line;
        }
        out.push_str("</g>");
        y = line_y.max(y + 16.0) + 6.0;
    }
    y
}

fn push_text(out: &mut String, (x, y): (f64, f64), class: &str, anchor: &str, text: &str) {
    let anchor = if anchor == "start" {
        String::new()
    } else {
        format!(" text-anchor=\"{anchor}\"")
    };
    out.push_str(&format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" class=\"{class}\"{anchor}>{}</text>",
        escape::html(text)
    ));
}

/// The `<desc>`: the summary, then every figure with its group and label.
fn description(chart: &Chart<'_>) -> String {
    let mut parts = vec![chart.summary.to_owned()];
    for group in chart.groups {
        let figures: Vec<String> = group
            .bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.value_text))
            .collect();
        match &group.heading {
            Some(heading) => parts.push(format!("{heading}: {}", figures.join("; "))),
            None => parts.push(figures.join("; ")),
        }
    }
    parts.join(". ")
}

/// `text` in lines of at most `chars` characters, broken between words; a word longer than a
/// line is broken inside, so nothing runs out of the chart.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let chars = chars.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > chars {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..chars].iter().collect());
            word.drain(..chars);
        }
        if word.is_empty() {
            continue;
        }
        let length = line.chars().count();
        if length > 0 && length + 1 + word.len() > chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests;
