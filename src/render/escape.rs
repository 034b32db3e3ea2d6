//! The escapers: every piece of text the site writes into markup goes through [`html`] (or
//! [`html_into`]), into XML through [`xml`], and JSON inside a `<script>` element through
//! [`json_in_script`]. Tera's autoescaping covers the templates; these cover what Rust builds
//! (Markdown code blocks, charts, marked article text, sitemap, feed, the serve error page and
//! its live script).

use serde::Serialize;

/// Escapes text for HTML element content and attribute values (quoted with `"` or `'`).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    html_into(text, &mut out);
    out
}

/// Appends `text`, escaped as [`html`] does, to `out`.
pub fn html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for XML 1.0 content and attribute values: as [`html`], and without the
/// characters XML does not allow (C0 controls but tab and line breaks, U+FFFE, U+FFFF;
/// surrogates cannot occur in a Rust string), which would make the whole document unreadable.
pub fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| u32::from(c) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .filter(|&c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect();
    html(&allowed)
}

/// JSON text made safe inside any `<script>` element: `<`, `>` and `&` become `\u003c`,
/// `\u003e`, `\u0026` (the same string to a JSON reader), so no text can close the element or
/// open a comment.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(c),
        }
    }
    out
}

/// `value` as JSON safe inside any `<script>` element (see [`json_for_script`]); `null` if it
/// cannot be serialised.
pub fn json_in_script<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    json_for_script(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "</script><script>alert('x' & \"y\")</script><!--";

    #[test]
    fn html_escapes_every_markup_character() {
        assert_eq!(
            html(HOSTILE),
            "&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;&lt;!--"
        );
        assert_eq!(html("Ä ü – ok"), "Ä ü – ok");
        let mut out = String::from("<b>");
        html_into("a<b", &mut out);
        assert_eq!(out, "<b>a&lt;b");
        // Read back by an HTML parser, the escaped text is the text again, in content and in
        // attributes quoted either way.
        let page = scraper::Html::parse_fragment(&format!("<p title=\"{0}\" data-x='{0}'>{0}</p>", html(HOSTILE)));
        let p = page
            .select(&scraper::Selector::parse("p").expect("selector"))
            .next()
            .expect("one paragraph, no injected element");
        assert_eq!(p.text().collect::<String>(), HOSTILE);
        assert_eq!(p.value().attr("title"), Some(HOSTILE));
        assert_eq!(p.value().attr("data-x"), Some(HOSTILE));
    }

    #[test]
    fn xml_escapes_markup_and_drops_characters_xml_forbids() {
        assert_eq!(xml("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(
            xml("\u{FFFE}a\u{FFFF}b\u{FFFD}\u{10FFFF}\t\n"),
            "ab\u{FFFD}\u{10FFFF}\t\n"
        );
        let doc = format!("<r a=\"{0}\">{0}</r>", xml(&format!("{HOSTILE}\u{0}\u{1b}")));
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed XML");
        assert_eq!(parsed.root_element().text(), Some(HOSTILE));
        assert_eq!(parsed.root_element().attribute("a"), Some(HOSTILE));
    }

    #[test]
    fn script_json_cannot_close_its_element_and_reads_back_the_same() {
        let value = serde_json::json!({ "a": HOSTILE });
        let json = json_in_script(&value);
        assert!(
            !json.contains('<') && !json.contains('>') && !json.contains('&'),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(back, value);
        assert_eq!(json_for_script(&serde_json::to_string(&value).expect("JSON")), json);
    }
}
