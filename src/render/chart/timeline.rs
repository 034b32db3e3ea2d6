//! Inline SVG timelines of one measure's figures, drawn at build time (no JavaScript): the as-of
//! date on the x axis, the figure on the y axis (from zero, on the [`Scale`] the caller passes),
//! one series per origin, each with its own colour and marker
//! shape (so colour is never the only difference).
//!
//! What a figure claims is drawn as in the bar charts ([`Mark`]):
//! - an as-of date known to the day is a point; one known only to the month (or year) is a
//!   horizontal span over that month, since the figure may refer to any day of it;
//! - a plain figure is the series' marker at its value;
//! - a range is a hatched band from its lower to its upper end, capped at both;
//! - a ceiling ("bis zu") is a hatched band from zero to the figure, capped there;
//! - a floor ("mehr als") is the marker with an arrow upwards: the value may be higher;
//! - the dossier's reading of vague words is an outlined, dashed marker.
//!
//! The latest figure of each series is ringed, and in the wide layout labelled with its whole
//! figure (the one figure formatter's text, given by the caller). The series and every figure
//! are listed as text beside the chart by the page (see [`latest`] and [`marker_svg`]); the
//! `<svg>` is a `role="img"` with a `<title>` and a `<desc>` listing every figure. Two layouts,
//! as the bar charts: wide, and narrow for phones (bigger text, fewer ticks, no direct labels).

use super::{Layout, Mark, Scale, wrap};
use crate::model::{Language, PartialDate};
use crate::render::{escape, format, i18n};

/// One figure of a series.
#[derive(Debug, Clone)]
pub struct Point {
    /// The whole figure as text (qualifier, number, unit; the source's words for a reading).
    pub value_text: String,
    /// Lower end (or the value).
    pub low: f64,
    /// Upper end (or the value).
    pub high: f64,
    /// How the figure bounds the value.
    pub mark: Mark,
    /// The figure is the dossier's reading of vague words.
    pub reading: bool,
    /// The date the figure refers to.
    pub as_of: PartialDate,
}

/// The figures of one origin.
#[derive(Debug, Clone)]
pub struct Series {
    /// The origin's name.
    pub label: String,
    /// Its figures with an as-of date.
    pub points: Vec<Point>,
}

/// The legend's sentences, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Legend<'a> {
    /// What hatching means.
    pub interval: &'a str,
    /// What the arrow means.
    pub floor: &'a str,
    /// What a dashed outline means.
    pub reading: &'a str,
    /// What the ring means.
    pub latest: &'a str,
    /// The same in two words, after a figure in the description ("neueste Angabe").
    pub latest_mark: &'a str,
    /// What a horizontal span means.
    pub span: &'a str,
}

/// A timeline to draw.
#[derive(Debug, Clone, Copy)]
pub struct Timeline<'a> {
    /// Unique on the page; names the title, description and patterns (with the layout's suffix).
    pub id: &'a str,
    /// The `<title>`.
    pub title: &'a str,
    /// Starts the `<desc>`; the figures follow.
    pub summary: &'a str,
    /// The unit, written at the value axis.
    pub unit: Option<&'a str>,
    /// For tick labels and dates.
    pub lang: Language,
    /// The value axis.
    pub scale: Scale,
    /// The series, in the order their swatches are listed.
    pub series: &'a [Series],
    /// The legend's sentences.
    pub legend: Legend<'a>,
}

/// Sizes of one layout, in SVG units.
struct Geometry {
    width: f64,
    font: f64,
    char_width: f64,
    line: f64,
    plot_x: f64,
    plot_width: f64,
    plot_top: f64,
    plot_height: f64,
    /// Whether the latest figures are labelled in the chart.
    labels: bool,
}

const WIDE: Geometry = Geometry {
    width: 760.0,
    font: 13.0,
    char_width: 7.4,
    line: 16.0,
    plot_x: 70.0,
    plot_width: 460.0,
    plot_top: 44.0,
    plot_height: 230.0,
    labels: true,
};

const NARROW: Geometry = Geometry {
    width: 400.0,
    font: 14.0,
    char_width: 8.0,
    line: 17.0,
    plot_x: 62.0,
    plot_width: 322.0,
    plot_top: 44.0,
    plot_height: 220.0,
    labels: false,
};

/// Colours of the series, as fallbacks for a page without the stylesheet (the stylesheet's
/// `.timeline-s0` … classes set them, with a dark variant).
const COLOURS: [&str; 4] = ["#2d69ad", "#b35806", "#1b7837", "#762a83"];
/// Marker shapes, in series order.
const SHAPES: usize = 5;
const MARKER: f64 = 6.0;

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
pub fn day_number((year, month, day): (i32, u8, u8)) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The first day and the day after the last day `date` may mean.
fn span(date: &PartialDate) -> (i64, i64) {
    (day_number(date.first_day()), day_number(date.last_day()) + 1)
}

/// Which points of `series` are its latest: those whose date ends last (ties: each of them).
pub fn latest(series: &Series) -> Vec<bool> {
    let end = |p: &Point| {
        let (from, to) = span(&p.as_of);
        (to, from)
    };
    let last = series.points.iter().map(end).max();
    series.points.iter().map(|p| Some(end(p)) == last).collect()
}

/// The marker of series `index` as a small standalone `<svg>` (for the key beside the chart).
pub fn marker_svg(index: usize) -> String {
    format!(
        "<svg class=\"timeline-swatch timeline-s{}\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" aria-hidden=\"true\" color=\"{}\">{}</svg>",
        index % COLOURS.len(),
        COLOURS[index % COLOURS.len()],
        marker(index, 8.0, 8.0, MARKER, "fill=\"currentColor\"")
    )
}

/// The marker shape of series `index` centred at (`x`, `y`).
fn marker(index: usize, x: f64, y: f64, r: f64, paint: &str) -> String {
    match index % SHAPES {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" {paint}/>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{w:.1}\" {paint}/>",
            x - r * 0.9,
            y - r * 0.9,
            w = r * 1.8
        ),
        2 => polygon(
            &[
                (x, y - r * 1.25),
                (x + r * 1.25, y),
                (x, y + r * 1.25),
                (x - r * 1.25, y),
            ],
            paint,
        ),
        3 => polygon(
            &[(x, y - r * 1.2), (x + r * 1.1, y + r * 0.9), (x - r * 1.1, y + r * 0.9)],
            paint,
        ),
        _ => polygon(
            &[(x, y + r * 1.2), (x + r * 1.1, y - r * 0.9), (x - r * 1.1, y - r * 0.9)],
            paint,
        ),
    }
}

fn polygon(points: &[(f64, f64)], paint: &str) -> String {
    let points: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    format!("<polygon points=\"{}\" {paint}/>", points.join(" "))
}

/// The x axis: the days shown and where they are.
struct Days {
    from: i64,
    to: i64,
    x: f64,
    width: f64,
}

impl Days {
    fn of(series: &[Series]) -> Self {
        let spans = series.iter().flat_map(|s| &s.points).map(|p| span(&p.as_of));
        let (mut from, mut to) = spans.fold((i64::MAX, i64::MIN), |(a, b), (f, t)| (a.min(f), b.max(t)));
        if from > to {
            (from, to) = (0, 1);
        }
        let pad = ((to - from) / 12).max(10);
        Self {
            from: from - pad,
            to: to + pad,
            x: 0.0,
            width: 1.0,
        }
    }

    fn at(&self, day: f64) -> f64 {
        self.x + (day - self.from as f64) / (self.to - self.from) as f64 * self.width
    }

    fn per_day(&self) -> f64 {
        self.width / (self.to - self.from) as f64
    }
}

/// Short month names for the axis: "Nov.", "Mai", "Juni".
fn short_month(lang: Language, month: u8) -> String {
    let name = i18n::month_name(lang, month);
    if name.chars().count() <= 4 {
        name.to_owned()
    } else {
        format!("{}.", name.chars().take(3).collect::<String>())
    }
}

/// The timeline as an `<svg>` element in `layout`.
pub fn svg(timeline: &Timeline<'_>, layout: Layout) -> String {
    let g = match layout {
        Layout::Wide => &WIDE,
        Layout::Narrow => &NARROW,
    };
    let suffix = match layout {
        Layout::Wide => "wide",
        Layout::Narrow => "narrow",
    };
    let id = escape::html(&format!("{}-{suffix}", timeline.id));
    let mut days = Days::of(timeline.series);
    days.x = g.plot_x;
    days.width = g.plot_width;
    let bottom = g.plot_top + g.plot_height;
    let y_at = |v: f64| bottom - timeline.scale.position(v, g.plot_height);
    let mut body = String::new();
    // Value gridlines and tick labels.
    for tick in timeline.scale.ticks() {
        let y = y_at(tick);
        body.push_str(&format!(
            "<line x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"chart-grid\" stroke=\"#e1e6eb\"/>",
            x1 = g.plot_x,
            x2 = g.plot_x + g.plot_width
        ));
        push_text(
            &mut body,
            (g.plot_x - 6.0, y + g.font * 0.35),
            "chart-tick",
            "end",
            &format::compact(timeline.lang, tick),
        );
    }
    let axis_bottom = draw_time_axis(&mut body, g, &days, timeline.lang, bottom);
    // The marks, series by series; then the labels of the latest figures on top.
    let mut labels: Vec<(f64, f64, String)> = Vec::new();
    let mut spans = false;
    for (s, series) in timeline.series.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        body.push_str(&format!(
            "<g class=\"timeline-series timeline-s{}\" color=\"{colour}\" data-origin=\"{}\">\
<defs><pattern id=\"{id}-hatch-{s}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" class=\"chart-hatch-bg\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"currentColor\" stroke-width=\"3\"/></pattern></defs>",
            s % COLOURS.len(),
            escape::html(&series.label)
        ));
        let latest = latest(series);
        for (point, &latest) in series.points.iter().zip(&latest) {
            let (from, to) = span(&point.as_of);
            let is_span = point.as_of.day.is_none();
            spans |= is_span;
            let (xa, xb) = if is_span {
                (days.at(from as f64), days.at(to as f64))
            } else {
                let x = days.at(from as f64 + 0.5);
                (x, x)
            };
            let cx = (xa + xb) / 2.0;
            let value = match point.mark {
                Mark::Floor => point.low,
                _ => point.high.max(point.low),
            };
            let y = y_at(value);
            body.push_str(&format!(
                "<g class=\"timeline-point\" data-value=\"{value}\" data-as-of=\"{}\">",
                point.as_of.iso()
            ));
            let (ba, bb) = if is_span { (xa, xb) } else { (cx - MARKER, cx + MARKER) };
            if !point.reading && matches!(point.mark, Mark::Range | Mark::Ceiling) {
                let low = if point.mark == Mark::Range { point.low } else { 0.0 };
                let y_low = y_at(low);
                body.push_str(&format!(
                    "<rect x=\"{ba:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"url(#{id}-hatch-{s})\" stroke=\"currentColor\" class=\"timeline-interval\"/>",
                    w = bb - ba,
                    h = (y_low - y).max(0.5),
                ));
                for cap in [Some(y), (point.mark == Mark::Range).then_some(y_low)]
                    .into_iter()
                    .flatten()
                {
                    body.push_str(&format!(
                        "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{cap:.1}\" y2=\"{cap:.1}\" stroke=\"currentColor\" stroke-width=\"3\" class=\"timeline-cap\"/>",
                        ba - 3.0,
                        bb + 3.0
                    ));
                }
            } else if is_span {
                // The month the figure refers to: a line over it with a tick at each end.
                body.push_str(&format!(
                    "<path d=\"M{xa:.1} {a:.1}V{b:.1}M{xa:.1} {y:.1}H{xb:.1}M{xb:.1} {a:.1}V{b:.1}\" stroke=\"currentColor\" stroke-width=\"3\" fill=\"none\" class=\"timeline-span\"{dash}/>",
                    a = y - 5.0,
                    b = y + 5.0,
                    dash = if point.reading { " stroke-dasharray=\"4 3\"" } else { "" },
                ));
            }
            if point.mark == Mark::Floor {
                let top = y - MARKER - 22.0;
                body.push_str(&format!(
                    "<g class=\"timeline-arrow\"><line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{y:.1}\" y2=\"{:.1}\" stroke=\"currentColor\" stroke-width=\"3\"/>{}</g>",
                    top + 8.0,
                    polygon(&[(cx - 6.0, top + 8.0), (cx, top), (cx + 6.0, top + 8.0)], "fill=\"currentColor\"")
                ));
            }
            let paint = if point.reading {
                "class=\"timeline-marker-reading\" fill=\"#ffffff\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"3 2\""
            } else {
                "class=\"timeline-marker\" fill=\"currentColor\" stroke=\"#ffffff\" stroke-width=\"1\""
            };
            body.push_str(&marker(s, cx, y, MARKER, paint));
            if latest {
                body.push_str(&format!(
                    "<circle cx=\"{cx:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" class=\"timeline-latest\" fill=\"none\" stroke=\"#1c2024\" stroke-width=\"1.5\"/>",
                    MARKER + 5.0
                ));
                labels.push((xb.max(cx + MARKER) + 10.0, y, point.value_text.clone()));
            }
            body.push_str("</g>");
        }
        body.push_str("</g>");
    }
    if g.labels {
        draw_labels(&mut body, g, labels);
    }
    let mut y = axis_bottom;
    if let Some(unit) = timeline.unit {
        // The unit under the value axis's labels.
        push_text(&mut body, (2.0, g.font + 2.0), "chart-tick", "start", unit);
    }
    y = draw_legend(&mut body, g, timeline, (&id, spans), y);
    let height = y + 4.0;
    format!(
        "<svg class=\"chart timeline timeline-{suffix}\" role=\"img\" viewBox=\"0 0 {w} {height:.0}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"{font}\" aria-labelledby=\"{id}-title {id}-desc\" data-unit=\"{unit}\" data-scale-max=\"{max}\">\
<title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>{body}</svg>",
        w = g.width,
        font = g.font,
        unit = escape::html(timeline.unit.unwrap_or_default()),
        max = timeline.scale.max,
        title = escape::html(timeline.title),
        desc = escape::html(&description(timeline)),
    )
}

/// The time axis under the plot: month boundaries as gridlines, months (or years) named, days
/// of the week marked when there is room; returns the y below it.
fn draw_time_axis(out: &mut String, g: &Geometry, days: &Days, lang: Language, bottom: f64) -> f64 {
    let (x1, x2) = (g.plot_x, g.plot_x + g.plot_width);
    out.push_str(&format!(
        "<g class=\"chart-axis\" aria-hidden=\"true\"><line x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{bottom:.1}\" y2=\"{bottom:.1}\" class=\"chart-axis-line\" stroke=\"#555e68\"/>"
    ));
    // Every month that overlaps the shown days: (first day, day after its last, year, month).
    let mut months: Vec<(i64, i64, i32, u8)> = Vec::new();
    let first = civil(days.from);
    let (mut year, mut month) = (first.0, first.1);
    loop {
        let start = day_number((year, month, 1));
        if start >= days.to {
            break;
        }
        let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        let end = day_number((next_year, next_month, 1));
        months.push((start, end, year, month));
        (year, month) = (next_year, next_month);
        if months.len() > 1200 {
            break;
        }
    }
    let per_day = days.per_day();
    let label_width = |text: &str| text.chars().count() as f64 * g.char_width + 8.0;
    let day_ticks = per_day * 7.0 >= 3.0 * g.char_width + 6.0;
    let row = |n: f64| bottom + 4.0 + g.font * n + 2.0 * (n - 1.0);
    let month_row = if day_ticks { row(2.0) } else { row(1.0) };
    // Is every month wide enough for its name? Else name only Januaries (with the year).
    let month_labels = months.iter().all(|&(s, e, y, m)| {
        let shown = (e.min(days.to) - s.max(days.from)) as f64 * per_day;
        shown >= label_width(&format!("{} {y}", short_month(lang, m))) || s < days.from || e > days.to
    }) && 30.0 * per_day >= label_width("Sept. 2024");
    let mut previous_year = None;
    for &(start, end, year, month) in &months {
        if start > days.from {
            let x = days.at(start as f64);
            out.push_str(&format!(
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top:.1}\" y2=\"{bottom:.1}\" class=\"chart-grid\" stroke=\"#e1e6eb\"/>\
<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{bottom:.1}\" y2=\"{y2:.1}\" class=\"chart-axis-line\" stroke=\"#555e68\"/>",
                top = g.plot_top,
                y2 = bottom + 6.0
            ));
        }
        if day_ticks {
            for day in [8, 15, 22] {
                let d = start + day - 1;
                if d > days.from && d < days.to && d < end {
                    let x = days.at(d as f64);
                    out.push_str(&format!(
                        "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{bottom:.1}\" y2=\"{y2:.1}\" class=\"chart-axis-line\" stroke=\"#555e68\"/>",
                        y2 = bottom + 4.0
                    ));
                    let text = match lang {
                        Language::De => format!("{day}."),
                        Language::En => day.to_string(),
                    };
                    push_text(out, (x, row(1.0)), "chart-tick", "middle", &text);
                }
            }
        }
        let (a, b) = (start.max(days.from), end.min(days.to));
        if month_labels {
            let text = if previous_year != Some(year) {
                format!("{} {year}", short_month(lang, month))
            } else {
                short_month(lang, month)
            };
            if (b - a) as f64 * per_day >= label_width(&text) {
                push_text(
                    out,
                    (days.at((a + b) as f64 / 2.0), month_row),
                    "chart-tick",
                    "middle",
                    &text,
                );
                previous_year = Some(year);
            }
        } else if month == 1 || previous_year.is_none() {
            let x = days.at(a as f64).max(g.plot_x);
            let text = year.to_string();
            if x + label_width(&text) <= g.width {
                push_text(out, (x + 2.0, month_row), "chart-tick", "start", &text);
            }
            previous_year = Some(year);
        }
    }
    out.push_str("</g>");
    month_row + 12.0
}

/// Calendar date of a day number (the inverse of [`day_number`]).
fn civil(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

/// The labels of the latest figures beside their marks, pushed apart so none overlaps another,
/// wrapped so none runs out of the chart.
fn draw_labels(out: &mut String, g: &Geometry, mut labels: Vec<(f64, f64, String)>) {
    labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    let mut taken: Vec<(f64, f64, f64)> = Vec::new();
    for (x, y, text) in labels {
        let chars = g.chars_from(x);
        let lines = wrap(&text, chars);
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * g.char_width;
        let height = lines.len() as f64 * g.line;
        let mut top = y - g.line / 2.0;
        for &(tx, ty, bottom) in &taken {
            if x < tx + 1.0 && x + width > tx - width && top < bottom && top + height > ty {
                top = bottom;
            }
        }
        taken.push((x, top, top + height));
        for (i, line) in lines.iter().enumerate() {
            push_text(
                out,
                (x, top + (i as f64 + 1.0) * g.line - 4.0),
                "chart-value",
                "start",
                line,
            );
        }
    }
}

impl Geometry {
    /// Characters that fit from `x` to the right edge.
    fn chars_from(&self, x: f64) -> usize {
        (((self.width - x - 2.0) / self.char_width).floor() as usize).max(8)
    }
}

/// One line per mark that occurs, with its swatch; returns the y below them.
fn draw_legend(out: &mut String, g: &Geometry, timeline: &Timeline<'_>, (id, spans): (&str, bool), mut y: f64) -> f64 {
    let points = || timeline.series.iter().flat_map(|s| &s.points);
    let legend = timeline.legend;
    let ink = "stroke=\"currentColor\"";
    let mut entries: Vec<(String, &str)> = Vec::new();
    entries.push((
        format!(
            "<circle cx=\"14\" cy=\"{{M}}\" r=\"{:.1}\" fill=\"none\" {ink} stroke-width=\"1.5\"/>",
            MARKER + 3.0
        ),
        legend.latest,
    ));
    if spans {
        entries.push((
            format!("<path d=\"M4 {{A}}V{{B}}M4 {{M}}H24M24 {{A}}V{{B}}\" {ink} stroke-width=\"3\" fill=\"none\"/>"),
            legend.span,
        ));
    }
    if points().any(|p| !p.reading && matches!(p.mark, Mark::Range | Mark::Ceiling)) {
        entries.push((
            format!("<rect x=\"8\" y=\"{{T}}\" width=\"12\" height=\"14\" fill=\"url(#{id}-hatch-0)\" {ink}/><line x1=\"5\" x2=\"23\" y1=\"{{T}}\" y2=\"{{T}}\" {ink} stroke-width=\"3\"/>"),
            legend.interval,
        ));
    }
    if points().any(|p| p.mark == Mark::Floor) {
        entries.push((
            format!("<line x1=\"14\" x2=\"14\" y1=\"{{B}}\" y2=\"{{A}}\" {ink} stroke-width=\"3\"/><polygon points=\"8,{{A}} 14,{{T}} 20,{{A}}\" fill=\"currentColor\"/>"),
            legend.floor,
        ));
    }
    if points().any(|p| p.reading) {
        entries.push((
            format!("<circle cx=\"14\" cy=\"{{M}}\" r=\"{MARKER:.1}\" fill=\"none\" {ink} stroke-width=\"2\" stroke-dasharray=\"3 2\"/>"),
            legend.reading,
        ));
    }
    for (swatch, text) in entries {
        let fill = |v: f64| format!("{v:.1}");
        out.push_str("<g class=\"chart-legend timeline-legend\" color=\"#2d69ad\">");
        out.push_str(
            &swatch
                .replace("{M}", &fill(y + 7.0))
                .replace("{A}", &fill(y + 2.0))
                .replace("{B}", &fill(y + 12.0))
                .replace("{T}", &fill(y)),
        );
        let mut line_y = y;
        for line in wrap(text, g.chars_from(38.0)) {
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

/// The `<desc>`: the summary, then each series with its figures by date.
fn description(timeline: &Timeline<'_>) -> String {
    let mut parts = vec![timeline.summary.to_owned()];
    for series in timeline.series {
        let latest = latest(series);
        let figures: Vec<String> = series
            .points
            .iter()
            .zip(latest)
            .map(|(p, latest)| {
                let text = format!("{}: {}", format::date(timeline.lang, &p.as_of), p.value_text);
                if latest {
                    format!("{text} ({})", timeline.legend.latest_mark)
                } else {
                    text
                }
            })
            .collect();
        parts.push(format!("{}: {}", series.label, figures.join("; ")));
    }
    parts.join(". ")
}

#[cfg(test)]
mod tests;
