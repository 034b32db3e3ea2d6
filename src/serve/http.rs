//! The HTTP side of `dossier serve`: serves the files of the site the engine last built (only
//! those: a request can never reach another file), from memory where a rebuild just made them,
//! else from the output folder that holds them (replaced by rename, so never half-written), with
//! the live-reload script injected into HTML.
//!
//! [`resolve`] maps a request path to a file of the site: percent-decoded, `index.html` for
//! folders, a redirect from `/claims/x` to `/claims/x/`, and refusal of everything that tries to
//! leave the site (`..`, encoded slashes, backslashes, NUL). Responses carry the right
//! `Content-Type` and `Cache-Control: no-cache`; HEAD gets the headers alone; unknown paths get
//! the site's `404.html` with status 404.
//!
//! The server answers only requests whose `Host` is a loopback name or one of the names it was
//! told about (the address it is bound to, `--allow-host`): against DNS rebinding, also when
//! it listens on every interface. It accepts a WebSocket only from a page of its own origin
//! (against other sites reading the build's errors, which quote the dossier's files).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use tokio::sync::watch;

use crate::serve::connections::{ConnectionSlot, WEBSOCKET_MESSAGE_LIMIT};
use crate::serve::incremental::StoredSite;
use crate::serve::live::{self, Snapshot};

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The current snapshot; replaced after every rebuild.
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    /// Becomes `true` when the server stops (live sessions close).
    pub shutdown: watch::Receiver<bool>,
    /// Host names (lower case; IPv6 addresses without brackets) answered besides loopback ones.
    pub allowed_hosts: Arc<[String]>,
}

/// The routes: the live-reload endpoints under `/__dossier/`, and the site for everything else.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(live::SCRIPT_PATH, get(script))
        .route(live::SOCKET_PATH, get(socket))
        .route(live::STATUS_PATH, get(status))
        .fallback(site)
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .with_state(state)
}

/// Refuses requests for host names the server does not know as its own, and WebSockets opened
/// by pages of other origins.
async fn check_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !host_is_allowed(request.headers(), &state.allowed_hosts) {
        return plain(
            request.method(),
            StatusCode::FORBIDDEN,
            "403 Forbidden: unexpected Host header\n",
        );
    }
    if request.uri().path() == live::SOCKET_PATH && !same_origin(request.headers()) {
        return plain(
            request.method(),
            StatusCode::FORBIDDEN,
            "403 Forbidden: cross-origin WebSocket\n",
        );
    }
    next.run(request).await
}

/// Whether the `Host` header names this machine (or is absent, as from non-browser clients).
pub fn host_is_loopback(headers: &HeaderMap) -> bool {
    host_is_allowed(headers, &[])
}

/// Whether the `Host` header is a loopback name or one of `allowed` (or is absent).
pub fn host_is_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else { return false };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.to_ascii_lowercase();
    allowed.contains(&name)
        || name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a WebSocket request comes from a page of this server (or from no page at all).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), headers.get(header::HOST).map(|h| h.to_str())) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

async fn script() -> Response {
    respond(
        &Method::GET,
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        live::LIVE_SCRIPT.as_bytes().to_vec(),
    )
}

async fn status(State(state): State<AppState>) -> Response {
    let snapshot = state.snapshots.borrow().clone();
    let json = serde_json::to_vec(&live::Status::of(&snapshot)).unwrap_or_default();
    respond(&Method::GET, StatusCode::OK, "application/json", json)
}

async fn socket(
    upgrade: WebSocketUpgrade,
    slot: Option<Extension<ConnectionSlot>>,
    State(state): State<AppState>,
) -> Response {
    upgrade
        .max_message_size(WEBSOCKET_MESSAGE_LIMIT)
        .max_frame_size(WEBSOCKET_MESSAGE_LIMIT)
        .on_upgrade(move |socket| async move {
            // The connection's place under the cap is kept while the WebSocket is open.
            let _slot = slot;
            live::live_session(socket, state.snapshots, state.shutdown).await;
        })
}

async fn site(method: Method, uri: Uri, State(state): State<AppState>) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(&method, StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = state.snapshots.borrow().clone();
    let raw_path = uri.path();
    if !snapshot.has_site {
        return if looks_like_page(raw_path) {
            respond(
                &method,
                StatusCode::INTERNAL_SERVER_ERROR,
                HTML,
                live::error_page(&snapshot),
            )
        } else {
            plain(
                &method,
                StatusCode::NOT_FOUND,
                "404 Not Found (the dossier has errors)\n",
            )
        };
    }
    match resolve(raw_path, &snapshot.base_path, &snapshot.files) {
        Resolution::File(key) => {
            let Some(bytes) = snapshot.files.read(&key) else {
                return not_found(&method, &snapshot, None);
            };
            let content_type = content_type(&key);
            let body = if content_type == HTML {
                live::inject(&bytes, &snapshot, &[&key])
            } else {
                bytes.to_vec()
            };
            respond(&method, StatusCode::OK, content_type, body)
        }
        Resolution::Redirect(location) if is_local_path(&location) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            let mut response = plain(&method, StatusCode::FOUND, "302 Found\n");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolution::Redirect(_) => not_found(&method, &snapshot, None),
        Resolution::NotFound(key) => not_found(&method, &snapshot, key.as_deref()),
        Resolution::Forbidden => plain(&method, StatusCode::FORBIDDEN, "403 Forbidden\n"),
    }
}

fn not_found(method: &Method, snapshot: &Snapshot, key: Option<&str>) -> Response {
    match snapshot.files.read(NOT_FOUND_PAGE) {
        Some(page) => {
            let mut watch = vec![NOT_FOUND_PAGE];
            watch.extend(key);
            respond(
                method,
                StatusCode::NOT_FOUND,
                HTML,
                live::inject(&page, snapshot, &watch),
            )
        }
        None => plain(method, StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// The site's page for unknown paths.
const NOT_FOUND_PAGE: &str = "404.html";
const HTML: &str = "text/html; charset=utf-8";

fn plain(method: &Method, status: StatusCode, text: &str) -> Response {
    respond(method, status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
}

/// A response with the headers every response of the server has; HEAD gets no body.
fn respond(method: &Method, status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let length = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

/// Whether a request path asks for a page rather than an asset (for the error page).
fn looks_like_page(raw_path: &str) -> bool {
    let last = raw_path.rsplit('/').next().unwrap_or("");
    last.is_empty() || last.ends_with(".html") || !last.contains('.')
}

/// What a request path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A file of the site, by key.
    File(String),
    /// A folder asked for without its slash: go to this absolute path.
    Redirect(String),
    /// Nothing there; the key that was looked for, if the path was inside the site.
    NotFound(Option<String>),
    /// The path tries to leave the site or is malformed.
    Forbidden,
}

/// Maps a raw (percent-encoded) request path to a file of `files`, served under `base_path`
/// (`/` or `/dossier/`).
pub fn resolve(raw_path: &str, base_path: &str, files: &StoredSite) -> Resolution {
    let lower = raw_path.to_ascii_lowercase();
    // Encoded slashes and backslashes would let a segment name a path; refuse them outright.
    if lower.contains("%2f") || lower.contains("%5c") || raw_path.contains('\\') {
        return Resolution::Forbidden;
    }
    // Strictly: a request path with a malformed escape is refused, never guessed at.
    let Some(decoded) = crate::percent::decode_strict(raw_path) else {
        return Resolution::Forbidden;
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return Resolution::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolution::Forbidden;
    }
    if !decoded.starts_with('/') {
        return Resolution::Forbidden;
    }
    // The site lives under the base path: `/dossier` goes to `/dossier/`, `/` too.
    let base = if is_local_path(base_path) && base_path.ends_with('/') {
        base_path
    } else {
        "/"
    };
    let Some(relative) = decoded.strip_prefix(base) else {
        if format!("{decoded}/") == base || decoded == "/" {
            return Resolution::Redirect(base.to_owned());
        }
        return Resolution::NotFound(None);
    };
    if relative.split('/').rev().skip(1).any(str::is_empty) {
        // `a//b`: no file has an empty segment.
        return Resolution::NotFound(None);
    }
    let key = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    if files.contains_key(&key) {
        return Resolution::File(key);
    }
    if !relative.is_empty() && !relative.ends_with('/') && files.contains_key(&format!("{relative}/index.html")) {
        return Resolution::Redirect(format!("{}/", raw_path));
    }
    Resolution::NotFound(Some(key))
}

/// Whether `location` is a path on this server: it starts with one `/`, never with `//` or
/// `/\\` (which browsers read as another host), and holds no backslash or control character.
pub fn is_local_path(location: &str) -> bool {
    location.starts_with('/')
        && !location.starts_with("//")
        && !location.contains('\\')
        && !location.contains(char::is_control)
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> StoredSite {
        let files: crate::write::SiteFiles = [
            "index.html",
            "claims/a/index.html",
            "static/style.css",
            "404.html",
            "sources/ä b/index.html",
        ]
        .into_iter()
        .map(|path| (path.to_owned(), Arc::from(&b"x"[..])))
        .collect();
        files.into()
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_a_slash() {
        let files = site();
        assert_eq!(resolve("/", "/", &files), Resolution::File("index.html".into()));
        assert_eq!(
            resolve("/claims/a/", "/", &files),
            Resolution::File("claims/a/index.html".into())
        );
        assert_eq!(
            resolve("/claims/a", "/", &files),
            Resolution::Redirect("/claims/a/".into())
        );
        assert_eq!(
            resolve("/static/style.css", "/", &files),
            Resolution::File("static/style.css".into())
        );
        assert_eq!(
            resolve("/sources/%C3%A4%20b/", "/", &files),
            Resolution::File("sources/ä b/index.html".into())
        );
        assert_eq!(
            resolve("/claims/b/", "/", &files),
            Resolution::NotFound(Some("claims/b/index.html".into()))
        );
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        let files = site();
        for bad in [
            "/../etc/passwd",
            "/claims/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/claims%2f..%2f..%2fx",
            "/a%5c..",
            "/%00",
            "/%zz",
            "/%ff",
            "/./index.html",
            "/..%2F",
        ] {
            assert_eq!(resolve(bad, "/", &files), Resolution::Forbidden, "{bad}");
        }
    }

    #[test]
    fn the_site_lives_under_its_base_path() {
        let files = site();
        assert_eq!(
            resolve("/", "/dossier/", &files),
            Resolution::Redirect("/dossier/".into())
        );
        assert_eq!(
            resolve("/dossier", "/dossier/", &files),
            Resolution::Redirect("/dossier/".into())
        );
        assert_eq!(
            resolve("/dossier/", "/dossier/", &files),
            Resolution::File("index.html".into())
        );
        assert_eq!(
            resolve("/dossier/claims/a", "/dossier/", &files),
            Resolution::Redirect("/dossier/claims/a/".into())
        );
        assert_eq!(resolve("/other/", "/dossier/", &files), Resolution::NotFound(None));
    }

    #[test]
    fn redirects_never_lead_to_another_host() {
        let files = site();
        for base in ["//evil.example/", "/\\evil.example/", "https://evil.example/"] {
            for path in ["/", "//evil.example", "/claims/a", "//evil.example/claims/a"] {
                if let Resolution::Redirect(location) = resolve(path, base, &files) {
                    assert!(is_local_path(&location), "{path} under {base} redirects to {location}");
                }
            }
        }
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example/"));
        assert!(is_local_path("/dossier/"));
    }

    #[test]
    fn only_loopback_host_names_when_bound_to_loopback() {
        let with_host = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            headers
        };
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.2",
            "dossier.localhost:1",
        ] {
            assert!(host_is_loopback(&with_host(good)), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.2:1111",
            "localhost.evil.example",
        ] {
            assert!(!host_is_loopback(&with_host(bad)), "{bad}");
        }
        let mut headers = with_host("127.0.0.1:1111");
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:1111"));
        assert!(same_origin(&headers));
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!same_origin(&headers));
    }

    /// The review's Host and Origin variants (held families 16 and 17), kept refused.
    #[test]
    fn the_reviews_host_and_origin_variants_are_refused() {
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.append(name.clone(), HeaderValue::from_str(value).unwrap());
            }
            headers
        };
        for host in [
            "evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "[::ffff:127.0.0.1]",
            "0x7f.0.0.1",
            "2130706433",
            "127.1",
            "0.0.0.0",
            "localhost:abc",
            "user@localhost",
            "localhost#@evil.example",
            "evil.example:1111",
        ] {
            assert!(!host_is_loopback(&with(&[(header::HOST, host)])), "{host}");
        }
        let forwarded = with(&[
            (header::HOST, "evil.example"),
            (header::HeaderName::from_static("x-forwarded-host"), "localhost"),
        ]);
        assert!(!host_is_loopback(&forwarded));
        let host = "127.0.0.1:1111";
        for origin in [
            "https://evil.example",
            "null",
            "http://127.0.0.1:2222",
            "http://localhost:1111",
            "http://127.0.0.1:1111.evil.example",
            "http://evil.example/127.0.0.1:1111",
            "http://127.0.0.1:1111/",
        ] {
            let headers = with(&[(header::HOST, host), (header::ORIGIN, origin)]);
            assert!(!same_origin(&headers), "{origin}");
        }
    }

    #[test]
    fn names_given_are_answered_besides_loopback_ones() {
        let with_host = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            headers
        };
        // Bound to 0.0.0.0 with `--allow-host preview.example`: the rebinding page's host is
        // still refused, also when it comes in over 127.0.0.1.
        let allowed = [
            "preview.example".to_owned(),
            "192.168.1.2".to_owned(),
            "fe80::1".to_owned(),
        ];
        for good in [
            "preview.example:1111",
            "PREVIEW.example",
            "192.168.1.2:1111",
            "[fe80::1]:1111",
            "127.0.0.1:1111",
            "localhost",
        ] {
            assert!(host_is_allowed(&with_host(good), &allowed), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "preview.example.evil.example",
            "192.168.1.3",
            "0.0.0.0:1111",
        ] {
            assert!(!host_is_allowed(&with_host(bad), &allowed), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("static/app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("static/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("static/blob"), "application/octet-stream");
    }
}
