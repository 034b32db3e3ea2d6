//! Share images: one PNG per claim (1200×630, what link previews show as `og:image`) with the
//! verdict, the statement and the dossier's name, and the site's favicon. Each is drawn as SVG
//! and rasterised at build time by `resvg`, with the bundled DejaVu Sans Bold (licence beside
//! the font in `assets/fonts/`) and no system font, so the bytes are the same on every machine.
//!
//! SVG text does not wrap: [`wrap`] breaks the statement into lines by the font's advance
//! widths (read with `skrifa`), shrinking the type until it fits, and ends a text that would
//! still overflow with `…`, so nothing is ever drawn outside the card.
//!
//! The images are files of the pipeline like the pages: `claims/ID/share.png` is planned beside
//! its claim's page ([`crate::render::plan`]), keyed by [`key`] (the claim, the verdict scale
//! and the dossier's name), and kept by the serve engine's page cache while that key holds.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::model::{ClaimId, Dossier};
use crate::render::context::PageImage;
use crate::render::i18n::{self, ui_key};
use crate::render::pages::{EntityHashes, Key, hash_value};
use crate::render::{Prepared, escape};

/// Width of a share image in pixels (the size Open Graph consumers ask for).
pub const WIDTH: u32 = 1200;
/// Height of a share image in pixels.
pub const HEIGHT: u32 = 630;

/// The name of a claim's share image in its page's folder.
pub const FILE_NAME: &str = "share.png";

/// The font every image is set in: DejaVu Sans Bold (free licence, see
/// `assets/fonts/LICENSE-DejaVu.txt`); it covers German, French and the other Latin scripts.
static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
const FONT_FAMILY: &str = "DejaVu Sans";

/// The SVG favicon, also rasterised to `static/favicon.png` for browsers without SVG icons.
pub const FAVICON_SVG: &str = include_str!("../../../static/favicon.svg");

/// Parsing options with the bundled font and no other.
static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(FONT.to_vec());
    usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    }
});

/// What a claim's card shows.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    /// The verdict's label.
    pub verdict: &'a str,
    /// The verdict's place on the scale, 0 (best) to 4 (worst); picks the colours.
    pub tone: u8,
    /// The claim's statement.
    pub statement: &'a str,
    /// The dossier's title.
    pub site: &'a str,
}

/// Colours per tone: background of the badge, its text, the bar at the card's edge.
const TONES: [(&str, &str, &str); 5] = [
    ("#dbf1e1", "#0c4a20", "#2e8549"),
    ("#e7f2d4", "#324e0a", "#6a9527"),
    ("#faefc6", "#574000", "#a98400"),
    ("#fde2cd", "#7a3100", "#c25f1a"),
    ("#f9d9d9", "#8a1515", "#c23838"),
];

/// Left and right margin of the card's text.
const MARGIN: f32 = 72.0;
/// The widest a line of text may be.
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// The statement's font sizes, largest first, and how many lines each may take.
const STATEMENT_SIZES: [(f32, usize); 5] = [(64.0, 4), (56.0, 5), (48.0, 5), (42.0, 6), (36.0, 7)];

/// The card as SVG (text escaped; every line within the card).
pub fn card_svg(card: &Card<'_>) -> String {
    let (badge_bg, badge_fg, edge) = TONES[usize::from(card.tone.min(4))];
    let verdict_size = 40.0;
    let verdict = wrap(card.verdict, verdict_size, TEXT_WIDTH - 56.0, 1);
    let verdict_line = verdict.first().map_or("", String::as_str);
    let badge_width = (text_width(verdict_line, verdict_size) + 56.0).min(TEXT_WIDTH);
    let (size, lines) = statement_lines(card.statement);
    let site = wrap(card.site, 28.0, TEXT_WIDTH, 1);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\
<rect width=\"24\" height=\"{HEIGHT}\" fill=\"{edge}\"/>\
<rect x=\"{MARGIN}\" y=\"56\" width=\"{badge_width:.1}\" height=\"76\" rx=\"14\" fill=\"{badge_bg}\" stroke=\"{edge}\" stroke-width=\"3\"/>\
<text x=\"{:.1}\" y=\"108\" font-family=\"{FONT_FAMILY}\" font-size=\"{verdict_size}\" fill=\"{badge_fg}\">{}</text>",
        MARGIN + 28.0,
        escape::xml(verdict_line),
    );
    let line_height = size * 1.22;
    let top = 172.0 + size;
    for (i, line) in lines.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{:.1}\" font-family=\"{FONT_FAMILY}\" font-size=\"{size}\" fill=\"#1c2024\">{}</text>",
            top + line_height * i as f32,
            escape::xml(line)
        ));
    }
    svg.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"548\" width=\"{TEXT_WIDTH}\" height=\"2\" fill=\"#c6ced6\"/>\
<text x=\"{MARGIN}\" y=\"596\" font-family=\"{FONT_FAMILY}\" font-size=\"28\" fill=\"#555e68\">{}</text></svg>",
        escape::xml(site.first().map_or("", String::as_str))
    ));
    svg
}

/// The statement's lines at the largest size it fits in (the smallest size, cut with `…`,
/// when it fits in none).
fn statement_lines(statement: &str) -> (f32, Vec<String>) {
    for (size, max_lines) in STATEMENT_SIZES {
        let lines = wrap_all(statement, size, TEXT_WIDTH);
        if lines.len() <= max_lines {
            return (size, lines);
        }
    }
    let (size, max_lines) = STATEMENT_SIZES[STATEMENT_SIZES.len() - 1];
    (size, wrap(statement, size, TEXT_WIDTH, max_lines))
}

/// Claim `index`'s card.
fn claim_card<'a>(prepared: &'a Prepared<'_>, index: ClaimId) -> Option<Card<'a>> {
    let claim = prepared.claim_checked(index)?;
    Some(Card {
        verdict: &claim.verdict.label,
        tone: claim.verdict.tone(),
        statement: &claim.statement,
        site: &prepared.site.title,
    })
}

/// Claim `index`'s share image as PNG bytes.
pub fn claim_png(prepared: &Prepared<'_>, index: ClaimId) -> Result<Vec<u8>, String> {
    card_png(&claim_card(prepared, index).ok_or("no such claim")?)
}

/// What claim `index`'s page declares as its `og:image`: the share image's absolute address
/// (none without a base URL), size and text alternative.
pub fn claim_image(prepared: &Prepared<'_>, index: ClaimId) -> Option<PageImage> {
    let base = prepared
        .base_url
        .as_ref()
        .filter(|_| prepared.dossier.config.share_images)?;
    let card = claim_card(prepared, index)?;
    let claim = prepared.dossier.claims.get(index.index())?;
    let alt = i18n::text(prepared.lang, ui_key!("share_image_alt"))
        .replace("{verdict}", card.verdict)
        .replace("{statement}", card.statement)
        .replace("{site}", card.site);
    Some(PageImage {
        url: format!("{base}{}", crate::render::plan::share_image_path(&claim.id)),
        width: WIDTH,
        height: HEIGHT,
        alt,
    })
}

/// A card as PNG bytes.
pub fn card_png(card: &Card<'_>) -> Result<Vec<u8>, String> {
    svg_to_png(&card_svg(card), WIDTH, HEIGHT)
}

/// The favicon as a 32×32 PNG.
pub fn favicon_png() -> Result<Vec<u8>, String> {
    svg_to_png(FAVICON_SVG, 32, 32)
}

/// Rasterises `svg` to a `width`×`height` PNG (scaled to fit).
fn svg_to_png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &OPTIONS).map_err(|e| format!("the image could not be drawn: {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("the image has no size")?;
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("the image could not be encoded: {e}"))
}

/// The width of `text` set in the bundled font at `size` pixels (advances, no kerning).
fn text_width(text: &str, size: f32) -> f32 {
    static METRICS: LazyLock<Option<skrifa::FontRef<'static>>> = LazyLock::new(|| skrifa::FontRef::new(FONT).ok());
    let Some(font) = METRICS.as_ref() else {
        // No metrics: assume wide glyphs, so text wraps early rather than overflows.
        return text.chars().count() as f32 * size * 0.75;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|glyph| metrics.advance_width(glyph))
                .unwrap_or(size * 0.75)
        })
        .sum()
}

/// `text` broken into lines of at most `width` pixels at `size`, at spaces (a word wider than a
/// line is broken between characters).
fn wrap_all(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: broken between characters while it is too wide.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && text_width(&longer, size) > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// [`wrap_all`], cut to `max_lines`: the last line kept ends with `…` (shortened until it fits)
/// when text was left out.
pub fn wrap(text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap_all(text, size, width);
    if lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines.max(1));
    if let Some(last) = lines.last_mut() {
        loop {
            let candidate = format!("{}…", last.trim_end());
            if text_width(&candidate, size) <= width || last.is_empty() {
                *last = candidate;
                break;
            }
            last.pop();
        }
    }
    lines
}

/// What claim `index`'s share image shows, added to `key`: the claim's statement and verdict
/// and, through the share images' global hash its key starts with
/// (`EntityHashes::share_global`), the dossier's title, verdict scale and language. Nothing else:
/// an edited note or figure, a template or a Markdown page keeps the image.
pub(crate) fn key(_hashes: &EntityHashes, dossier: &Dossier, index: ClaimId, key: &mut Key) -> Option<()> {
    let claim = dossier.claims.get(index.index())?;
    key.extend([Some(9), hash_value(&(&claim.statement, claim.verdict.index()))]);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_overflow_and_long_text_ends_with_an_ellipsis() {
        let text = "Die Überschrift „Nordkorea plant massive Militärhilfe“ behauptet mehr als der Text: Äußerungen, Übergänge, Größenordnungen. ".repeat(8);
        for (size, max_lines) in STATEMENT_SIZES {
            let lines = wrap(&text, size, TEXT_WIDTH, max_lines);
            assert_eq!(lines.len(), max_lines);
            assert!(lines.iter().all(|l| text_width(l, size) <= TEXT_WIDTH), "{lines:?}");
            assert!(lines.last().unwrap().ends_with('…'));
        }
        let unbroken = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenfabrikarbeiterinnen".repeat(2);
        let lines = wrap_all(&unbroken, 64.0, TEXT_WIDTH);
        assert!(lines.len() > 1 && lines.iter().all(|l| text_width(l, 64.0) <= TEXT_WIDTH));
        assert_eq!(lines.concat(), unbroken, "nothing lost when it fits");
    }

    #[test]
    fn umlauts_have_glyphs_and_the_card_is_deterministic() {
        assert!(text_width("ÄÖÜäöüß„“–…", 40.0) > 0.0);
        let card = Card {
            verdict: "Irreführend",
            tone: 3,
            statement: "Überschrift: Nordkorea plant eine massive Militärhilfe für Russland.",
            site: "Nordkoreas Soldaten in Russland – ein Faktencheck-Dossier",
        };
        let svg = card_svg(&card);
        assert!(svg.contains("Irreführend") && svg.contains("Militärhilfe"), "{svg}");
        let png = card_png(&card).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(png, card_png(&card).unwrap());
        assert_eq!(&favicon_png().unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    }
}
