//! Percent-decoding (`%XX` escapes) of URL paths, by the `percent-encoding` crate, with the two
//! policies the crate needs named: [`decode_lenient`] for links in pages (a bad escape is
//! reported later as a link to no file), [`decode_strict`] for what must be exact (a request
//! path, a configured base URL).

/// Decodes `%XX` escapes, leniently: a malformed escape stays as written, bytes that are not
/// UTF-8 become U+FFFD.
pub fn decode_lenient(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Decodes `%XX` escapes, strictly: `None` for a malformed escape (`%` not followed by two hex
/// digits) or bytes that are not UTF-8.
pub fn decode_strict(text: &str) -> Option<String> {
    if !text
        .match_indices('%')
        .all(|(at, _)| escape_at_start(&text[at..]).is_some())
    {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The byte the `%XX` escape at the start of `text` stands for; `None` when `text` does not
/// start with a well-formed escape.
pub fn escape_at_start(text: &str) -> Option<u8> {
    let escape = text.get(..3).filter(|escape| escape.starts_with('%'))?;
    let mut bytes = percent_encoding::percent_decode_str(escape);
    match (bytes.next(), bytes.next()) {
        (Some(byte), None) => Some(byte),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_keeps_what_it_cannot_decode() {
        assert_eq!(decode_lenient("a%20b%C3%A4"), "a bä");
        assert_eq!(decode_lenient("100%"), "100%");
        assert_eq!(decode_lenient("%zz%4"), "%zz%4");
        assert_eq!(decode_lenient("%FF"), "\u{FFFD}");
    }

    #[test]
    fn strict_refuses_malformed_escapes_and_bytes_that_are_not_utf8() {
        assert_eq!(decode_strict("a%20b%C3%A4").as_deref(), Some("a bä"));
        assert_eq!(decode_strict("plain").as_deref(), Some("plain"));
        assert_eq!(decode_strict("100%"), None);
        assert_eq!(decode_strict("%zz"), None);
        assert_eq!(decode_strict("%4"), None);
        assert_eq!(decode_strict("%FF"), None);
    }

    #[test]
    fn one_escape_at_the_start() {
        assert_eq!(escape_at_start("%41rest"), Some(b'A'));
        assert_eq!(escape_at_start("%c3"), Some(0xC3));
        assert_eq!(escape_at_start("%4G"), None);
        assert_eq!(escape_at_start("%%41"), None);
        assert_eq!(escape_at_start("%4"), None);
        assert_eq!(escape_at_start("A41"), None);
        assert_eq!(escape_at_start("%ä1"), None);
    }
}
