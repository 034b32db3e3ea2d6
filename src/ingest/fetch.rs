//! Fetching a page for `add-source URL`: `http` and `https` only (every redirect is followed by
//! hand and checked, so a redirect to `file:` or any other scheme is refused), a time limit for
//! the whole exchange, a cap on the size of the page and on the number of redirects, and
//! errors that say what happened in the annotator's words.

use std::time::{Duration, SystemTime};

/// Limits of one fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes of the page (after decompression).
    pub max_bytes: u64,
    /// Most redirects followed.
    pub max_redirects: u32,
    /// Time for the whole fetch, redirects included.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
            timeout: Duration::from_secs(30),
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The address given.
    pub requested: url::Url,
    /// The address the page came from, after redirects.
    pub url: url::Url,
    /// The page's bytes as the server sent them (decompressed).
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// When the page's answer arrived.
    pub fetched_at: SystemTime,
}

/// Why a page could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not a URL at all.
    #[error("`{0}` is not a web address; write it as https://… (or give a file's path)")]
    NotAUrl(String),
    /// A scheme other than http or https.
    #[error("`{0}`: add-source fetches only http:// and https:// addresses")]
    Scheme(String),
    /// A redirect to a scheme other than http or https.
    #[error("{from} redirects to `{to}`, which is not an http:// or https:// address; add-source does not follow it")]
    RedirectScheme {
        /// The page that redirected.
        from: String,
        /// Where it pointed.
        to: String,
    },
    /// A redirect without a usable `Location`.
    #[error("{0} answers with a redirect but names no valid address to go to")]
    RedirectWithoutTarget(String),
    /// Too many redirects.
    #[error("{url} redirected more than {limit} times; give the final address")]
    TooManyRedirects {
        /// The address given.
        url: String,
        /// The limit.
        limit: u32,
    },
    /// The server answered with an error status.
    #[error("{url} answered {status}{}", reason_text(*.status))]
    Status {
        /// The page.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The page is not HTML.
    #[error("{url} is not a web page but {content_type}; save its text to a file and run `dossier add-source FILE`")]
    NotHtml {
        /// The page.
        url: String,
        /// What it is.
        content_type: String,
    },
    /// The page is bigger than the limit.
    #[error("{url} is bigger than {limit} bytes; save the article's text to a file and run `dossier add-source FILE`")]
    TooLarge {
        /// The page.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// No answer in time.
    #[error("{url} did not answer within {seconds} seconds; try again later or save the page")]
    Timeout {
        /// The page.
        url: String,
        /// The limit.
        seconds: u64,
    },
    /// The host name is unknown.
    #[error("the host name of {0} could not be found; check the address and the network connection")]
    HostNotFound(String),
    /// No connection.
    #[error("could not connect to {url}: {detail}; check the address and the network connection")]
    Network {
        /// The page.
        url: String,
        /// What went wrong, in a few words.
        detail: String,
    },
}

fn reason_text(status: u16) -> String {
    let reason = match status {
        400 => " (bad request)",
        401 | 403 => {
            " (access denied: the page may need a login or block automated access; save it from the browser and run `dossier add-source FILE.html`)"
        }
        404 | 410 => " (page not found: check the address)",
        429 => " (too many requests: try again later)",
        500..=599 => " (server error: try again later)",
        _ => "",
    };
    reason.to_owned()
}

/// Whether `text` is meant as a web address (`scheme://…`) rather than a file path.
pub fn is_address(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Fetches `address`, following at most `limits.max_redirects` redirects to http(s) only.
pub fn fetch(address: &str, limits: &Limits) -> Result<Page, FetchError> {
    let requested = web_url(address)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(limits.timeout))
        .user_agent(concat!("dossier/", env!("CARGO_PKG_VERSION"), " (add-source)"))
        .accept("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        .build()
        .into();
    let mut url = requested.clone();
    let mut redirects = 0;
    loop {
        let response = agent
            .get(url.as_str())
            .call()
            .map_err(|e| network_error(&url, &e, limits))?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) && status != 304 {
            let target = response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok())
                .and_then(|location| url.join(location.trim()).ok())
                .ok_or_else(|| FetchError::RedirectWithoutTarget(url.to_string()))?;
            if !matches!(target.scheme(), "http" | "https") {
                return Err(FetchError::RedirectScheme {
                    from: url.to_string(),
                    to: target.to_string(),
                });
            }
            redirects += 1;
            if redirects > limits.max_redirects {
                return Err(FetchError::TooManyRedirects {
                    url: requested.to_string(),
                    limit: limits.max_redirects,
                });
            }
            url = target;
            continue;
        }
        let fetched_at = SystemTime::now();
        if status >= 400 || !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
            });
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        if let Some(kind) = &content_type {
            let mime = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if !matches!(mime.as_str(), "text/html" | "application/xhtml+xml" | "") {
                return Err(FetchError::NotHtml {
                    url: url.to_string(),
                    content_type: mime,
                });
            }
        }
        let bytes = response
            .into_body()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                    url: url.to_string(),
                    limit: limits.max_bytes,
                },
                other => network_error(&url, &other, limits),
            })?;
        return Ok(Page {
            requested,
            url,
            bytes,
            content_type,
            fetched_at,
        });
    }
}

/// `address` as an http(s) URL.
fn web_url(address: &str) -> Result<url::Url, FetchError> {
    let url = url::Url::parse(address.trim()).map_err(|_| FetchError::NotAUrl(address.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme(address.to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::NotAUrl(address.to_owned()));
    }
    Ok(url)
}

fn network_error(url: &url::Url, error: &ureq::Error, limits: &Limits) -> FetchError {
    let page = url.to_string();
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url: page,
            seconds: limits.timeout.as_secs(),
        },
        ureq::Error::HostNotFound => FetchError::HostNotFound(page),
        ureq::Error::Io(io) => FetchError::Network {
            url: page,
            detail: match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "nothing answers there (connection refused)".to_owned(),
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                    "the server closed the connection".to_owned()
                }
                std::io::ErrorKind::UnexpectedEof => {
                    "the server closed the connection before the page was complete".to_owned()
                }
                std::io::ErrorKind::TimedOut => "the connection timed out".to_owned(),
                _ => io.to_string(),
            },
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => FetchError::Network {
            url: page,
            detail: "the secure connection (TLS) failed".to_owned(),
        },
        other => FetchError::Network {
            url: page,
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_paths() {
        assert!(is_address("https://example.com/a"));
        assert!(is_address("file:///etc/passwd"));
        assert!(!is_address("article.txt"));
        assert!(!is_address("C:\\news\\a.txt"));
        assert!(!is_address("notes/a://b.txt"));
    }

    /// A loopback server that answers one connection with `reply` (none: it reads the request
    /// and keeps silent until the client gives up).
    fn one_answer(reply: Option<Vec<u8>>) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                match reply {
                    Some(bytes) => {
                        let _ = stream.write_all(&bytes);
                    }
                    // Silent until the client has timed out (bounded: 5 s).
                    None => {
                        let _ = stream.read(&mut request);
                    }
                }
            }
        });
        format!("http://127.0.0.1:{port}/page")
    }

    #[test]
    fn a_page_over_the_size_limit_is_refused() {
        let body = "<html><body>".to_owned() + &"x".repeat(5000) + "</body></html>";
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let limits = Limits {
            max_bytes: 1000,
            ..Limits::default()
        };
        let address = one_answer(Some(reply.into_bytes()));
        assert_eq!(
            fetch(&address, &limits).map(|_| ()),
            Err(FetchError::TooLarge {
                url: address.clone(),
                limit: 1000
            })
        );
    }

    #[test]
    fn a_silent_server_times_out() {
        let limits = Limits {
            timeout: Duration::from_secs(1),
            ..Limits::default()
        };
        let address = one_answer(None);
        let error = fetch(&address, &limits).map(|_| ()).expect_err("no answer");
        assert_eq!(
            error,
            FetchError::Timeout {
                url: address,
                seconds: 1
            }
        );
        assert!(error.to_string().contains("did not answer within 1 seconds"), "{error}");
    }

    #[test]
    fn only_web_schemes() {
        let limits = Limits::default();
        assert_eq!(
            fetch("file:///etc/passwd", &limits).map(|_| ()),
            Err(FetchError::Scheme("file:///etc/passwd".into()))
        );
        assert!(matches!(
            fetch("ftp://example.com/a", &limits),
            Err(FetchError::Scheme(_))
        ));
        assert!(matches!(fetch("https://", &limits), Err(FetchError::NotAUrl(_))));
    }
}
