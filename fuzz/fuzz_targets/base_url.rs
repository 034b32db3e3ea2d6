//! Fuzz target: the base URL check. Any input is accepted or refused without a panic; an
//! accepted one is stable under a second check, its path can never lead a browser or `serve`
//! to another host, and a browser (the `url` crate, WHATWG rules) resolves the site's links,
//! relative or rooted at the path as on the 404 page, to the same files on the same host.

#![no_main]

use dossier::model::base_url::{normalize, path_of};
use dossier::serve::http::is_local_path;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(base) = normalize(text) else {
        return;
    };
    assert!(base.starts_with("http://") || base.starts_with("https://"), "{base}");
    assert!(base.ends_with('/'), "{base}");
    assert_eq!(normalize(&base).as_deref(), Ok(base.as_str()), "not stable");
    let path = path_of(&base);
    assert!(is_local_path(path), "{base}: path {path}");
    assert!(
        !path.contains("//") && !path.contains(['\\', '"', '\'', '<', '>', '?', '#']),
        "{base}: path {path}"
    );

    let parsed = match url::Url::parse(&base) {
        Ok(parsed) => parsed,
        // An `xn--` label that is not valid Punycode: the check does not decode Punycode (a
        // browser then cannot reach the site, but no link can lead elsewhere).
        Err(url::ParseError::IdnaError) if base.to_ascii_lowercase().contains("xn--") => return,
        Err(e) => panic!("{base:?} accepted, but a browser refuses it: {e}"),
    };
    assert!(parsed.username().is_empty() && parsed.password().is_none(), "{base}");
    assert!(parsed.query().is_none() && parsed.fragment().is_none(), "{base}");
    let elsewhere = url::Url::parse("https://site.test/a/b/c.html").unwrap();
    for link in ["static/search.js", "claims/a/", "feed.xml", ""] {
        let relative = parsed.join(link).unwrap();
        assert_eq!(relative.host_str(), parsed.host_str(), "{base} + {link}");
        assert!(relative.path().starts_with(parsed.path()), "{base} + {link}");
        // The 404 page roots its links at the base path: on any host, at any depth.
        let rooted = elsewhere
            .join(&format!("{path}{link}"))
            .unwrap_or_else(|e| panic!("{path}{link}: {e}"));
        assert_eq!(
            rooted.host_str(),
            Some("site.test"),
            "{base}: {path}{link} leaves the host"
        );
        assert_eq!(rooted.path(), relative.path(), "{base}: {path}{link}");
    }
});
