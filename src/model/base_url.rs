//! The site's base URL (`base_url:` in `dossier.yaml`, `--base-url`): checked strictly, because
//! its path becomes the root of every link of the 404 page (which must work at any depth) and
//! of `serve`'s redirects. A path like `//evil.example/` or `/\evil.example/` would make
//! `<script src="//evil.example/static/search.js">`: a script from another host.
//!
//! Accepted: `http://` or `https://`, an ASCII host name (or IP address) with an optional port, and a
//! path of non-empty segments made of letters, digits and `-._~!$&()*+,;=:@`, with `%XX` only for
//! non-ASCII bytes and spaces. Refused: empty segments (`//`), backslashes, `.` and `..`
//! segments, quotes, angle brackets, whitespace, control characters, a user name or password,
//! a query or a fragment.

/// Checks a base URL and normalises it: the scheme in lower case and a `/` at the end. The error
/// says what is wrong in the annotator's words.
pub fn normalize(url: &str) -> Result<String, String> {
    let url = url.trim();
    let shown = shorten(url);
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https://", &url[8..])
    } else if lower.starts_with("http://") {
        ("http://", &url[7..])
    } else {
        return Err(format!("base URL `{shown}` is not an absolute http(s) URL"));
    };
    if let Some(c) = url
        .chars()
        .find(|&c| c.is_control() || c.is_whitespace() || is_bidi_control(c))
    {
        return Err(format!(
            "base URL `{shown}` contains {}",
            match c {
                ' ' => "a space".to_owned(),
                c => format!("the invisible character U+{:04X}", u32::from(c)),
            }
        ));
    }
    if let Some(c) = url.chars().find(|c| FORBIDDEN.contains(*c)) {
        return Err(format!(
            "base URL `{shown}` contains `{c}`, which a base URL cannot hold"
        ));
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    check_authority(authority).map_err(|problem| format!("base URL `{shown}` {problem}"))?;
    check_path(path).map_err(|problem| format!("base URL `{shown}` {problem}"))?;
    let mut normalized = format!("{scheme}{rest}");
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}

/// The absolute path of the site root on its host (`/` or `/dossier/`) for a base URL that
/// [`normalize`] accepted.
pub fn path_of(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// Characters refused anywhere in a base URL: markup and quoting characters, the query and
/// fragment marks, and `\`, which browsers read as `/`.
const FORBIDDEN: &str = "\\\"'<>`{}|^?#";

/// Bidirectional controls: invisible, and they reorder what a reader sees.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `host`, `host:port`, `[IPv6]`, `[IPv6]:port`.
fn check_authority(authority: &str) -> Result<(), String> {
    if authority.contains('@') {
        return Err("contains a user name or password (`…@`); write only the host name".into());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']').ok_or("has a `[` without `]` in its host")?;
            if address.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!("has `[{address}]` as its host, which is not an IPv6 address"));
            }
            match after {
                "" => return Ok(()),
                _ => (
                    "",
                    Some(after.strip_prefix(':').ok_or("has text after its IPv6 address")?),
                ),
            }
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() && !authority.starts_with('[') {
        return Err("has no host name".into());
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !authority.starts_with('[') && !host.is_ascii() {
        return Err(format!(
            "has `{host}` as its host; write an international host name in its ASCII form (`xn--…`)"
        ));
    }
    if !authority.starts_with('[') && !host.split('.').all(label_ok) {
        return Err(format!("has `{host}` as its host, which is not a host name"));
    }
    // Browsers read a host whose last label is a number (`7`, `0x1f`) as an IPv4 address.
    let last = host.rsplit('.').next().unwrap_or("");
    let hex = last.strip_prefix("0x").or_else(|| last.strip_prefix("0X"));
    let numeric =
        last.bytes().all(|b| b.is_ascii_digit()) || hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if !authority.starts_with('[') && numeric && host.parse::<std::net::Ipv4Addr>().is_err() {
        return Err(format!(
            "has `{host}` as its host, which is neither a host name nor an IPv4 address"
        ));
    }
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err())
    {
        return Err(format!("has `{port}` as its port, which is not a port number"));
    }
    Ok(())
}

/// `` or `/a/b` or `/a/b/`.
fn check_path(path: &str) -> Result<(), String> {
    let Some(inner) = path.strip_prefix('/') else {
        return Ok(());
    };
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return if path == "/" {
            Ok(())
        } else {
            Err("has an empty path segment (`//`)".into())
        };
    }
    for segment in inner.split('/') {
        match segment {
            "" => return Err("has an empty path segment (`//`)".into()),
            "." | ".." => return Err(format!("has `{segment}` as a path segment")),
            _ => check_segment(segment)?,
        }
    }
    Ok(())
}

fn check_segment(segment: &str) -> Result<(), String> {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            match crate::percent::escape_at_start(&segment[i..]) {
                Some(byte) if byte >= 0x80 || byte == b' ' => i += 3,
                Some(_) => {
                    return Err(format!(
                        "has `{}` in its path; write the character itself",
                        &segment[i..i + 3]
                    ));
                }
                None => return Err("has a `%` that does not start an escape like `%C3`".into()),
            }
            continue;
        }
        if b.is_ascii() && !(b.is_ascii_alphanumeric() || b"-._~!$&()*+,;=:@".contains(&b)) {
            return Err(format!("has `{}` in its path", b as char));
        }
        i += 1;
    }
    // Every non-ASCII character: letters and digits only (no look-alike slashes such as U+2215).
    match segment.chars().find(|c| !c.is_ascii() && !c.is_alphanumeric()) {
        Some(c) => Err(format!("has `{c}` (U+{:04X}) in its path", u32::from(c))),
        None => Ok(()),
    }
}

/// At most 200 characters of a URL for a message.
fn shorten(url: &str) -> String {
    match url.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &url[..end]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_urls_are_normalised() {
        assert_eq!(
            normalize("https://example.org/dossier").unwrap(),
            "https://example.org/dossier/"
        );
        assert_eq!(normalize("HTTPS://example.org").unwrap(), "https://example.org/");
        assert_eq!(
            normalize("http://localhost:8080/a/b/").unwrap(),
            "http://localhost:8080/a/b/"
        );
        assert_eq!(
            normalize("https://xn--bcher-kva.example/über-uns/").unwrap(),
            "https://xn--bcher-kva.example/über-uns/"
        );
        assert_eq!(
            normalize("https://example.org/a%20b/").unwrap(),
            "https://example.org/a%20b/"
        );
        assert_eq!(normalize(" https://example.org/x ").unwrap(), "https://example.org/x/");
        assert_eq!(normalize("http://[::1]:8080/d").unwrap(), "http://[::1]:8080/d/");
        assert_eq!(normalize("http://[::1]").unwrap(), "http://[::1]/");
        assert_eq!(normalize("http://127.0.0.1:8000").unwrap(), "http://127.0.0.1:8000/");
        assert_eq!(normalize("https://example.org7/").unwrap(), "https://example.org7/");
    }

    #[test]
    fn paths_that_could_leave_the_host_are_refused() {
        for url in [
            "https://example.org//evil.example/",
            "https://example.org/\\evil.example/",
            "https://example.org/a//b/",
            "https://example.org/%2fevil.example/",
            "https://example.org/%5Cevil.example/",
            "https://example.org/./a/",
            "https://example.org/../a/",
            "https://example.org/%2e%2e/a/",
            "https://example.org/a\u{2215}b/",
            "//evil.example/",
            "/dossier/",
            "javascript:alert(1)//",
            "ftp://example.org/",
            "example.org",
            "https:///x",
            "https://user:pw@example.org/",
            "https://example.org/do\"><script>alert(1)</script>/",
            "https://example.org/a\0b/",
            "https://example.org/a b/",
            "https://example.org/a\u{1b}[2J/",
            "https://example.org:99999/",
            "https://example.org:/",
            "https://exa mple.org/",
            "https://example.org/?q=1",
            "https://example.org/#x",
            "https://-example.org/",
            "https://example..org/",
            "https://example.7/",
            "https://bücher.example/",
            "https://example.0x1f/",
            "https://127.1/",
            "https://256.0.0.1/",
            "http://[::1/",
            "http://[evil.example]/",
            "http://[::1]x/",
            "http://[::1]:x/",
            "https://example.org/[x]/",
        ] {
            assert!(normalize(url).is_err(), "{url:?} was accepted as {:?}", normalize(url));
        }
    }

    #[test]
    fn the_path_is_what_follows_the_host() {
        assert_eq!(path_of("https://example.org/dossier/"), "/dossier/");
        assert_eq!(path_of("https://example.org/"), "/");
        assert_eq!(path_of("https://example.org"), "/");
    }
}
