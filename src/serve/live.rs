//! Live reload and errors in the browser: the state every open page follows, the script
//! injected into HTML at serve time ([`inject`], [`LIVE_SCRIPT`]), and the WebSocket that tells
//! pages to reload or to show the build's errors ([`live_session`]).
//!
//! The protocol is JSON text messages from server to page:
//! - `{"type":"hello","session":S,"version":V,"errors":E,"error_count":N,"not_shown":M}` on
//!   connect. A page served by another server run, or from another version of the site,
//!   reloads; otherwise it shows `E` (the current problems, or `null`).
//! - `{"type":"reload","version":V,"from":F,"changed":[paths]|null}` after a rebuild changed
//!   the site from version `F` to `V`. A page reloads when its own file changed, or a style
//!   sheet, script, image or font (not data files such as exports), or `changed` is `null`
//!   (too many to list), or it missed a version.
//! - `{"type":"errors","errors":[...],"error_count":N,"not_shown":M}` after a failed rebuild:
//!   the overlay, until the next.
//!
//! The problems listed are the build's errors first, then its warnings, at most
//! [`MAX_SHOWN`] of them ([`Problems`]): `error_count` counts every error, `not_shown` the
//! problems left out (`dossier check` lists every one). A dossier with 65,000 warnings and one
//! error shows that error at the top, and pages stay small.
//! - `{"type":"ok"}` after a good rebuild that changed no file: the overlay goes away.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket};
use serde::Serialize;
use tokio::sync::watch;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::Language;
use crate::render::escape;
use crate::render::i18n::{self, ui_key};
use crate::serve::incremental::StoredSite;

/// The client script, served at [`SCRIPT_PATH`].
pub const LIVE_SCRIPT: &str = include_str!("live.js");
/// Where the client script is served.
pub const SCRIPT_PATH: &str = "/__dossier/live.js";
/// Where the WebSocket is served.
pub const SOCKET_PATH: &str = "/__dossier/ws";
/// Where the server's state is served as JSON (for tools and tests).
pub const STATUS_PATH: &str = "/__dossier/status";
/// Changes listing more paths than this tell pages to reload whatever they show.
const MAX_LISTED_CHANGES: usize = 500;
/// The overlay, the error page and the status list at most this many problems.
pub const MAX_SHOWN: usize = 100;

/// What the server serves right now: the last good site, and the errors of the last build if
/// it failed. Replaced as a whole after every rebuild.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Differs between runs of the server, so pages served by an earlier run reload.
    pub session: Arc<str>,
    /// Version of the site: 0 before the first good build, +1 for every rebuild that changed a
    /// file.
    pub version: u64,
    /// Rebuilds finished, good or failed.
    pub generation: u64,
    /// The last good site (empty before the first good build).
    pub files: Arc<StoredSite>,
    /// Whether a build has succeeded yet.
    pub has_site: bool,
    /// The absolute path the site is served under, `/` or e.g. `/dossier/`.
    pub base_path: String,
    /// The problems of the last build, when it failed.
    pub errors: Option<Arc<Problems>>,
    /// How the site last changed.
    pub change: Option<Arc<SiteChange>>,
    /// The dossier's UI language: the error page and the overlay speak it.
    pub language: Language,
    /// Whether the last good rebuild's data release is still being made (the site serves the
    /// earlier release's files meanwhile: see [`crate::serve::release`]).
    pub release_pending: bool,
}

impl Snapshot {
    /// The state before any build.
    pub fn empty(session: Arc<str>) -> Self {
        Self {
            session,
            version: 0,
            generation: 0,
            files: Arc::new(StoredSite::new()),
            has_site: false,
            base_path: "/".to_owned(),
            errors: None,
            change: None,
            language: Language::En,
            release_pending: false,
        }
    }

    /// The next state after a rebuild's data release was published: `files` replace the site;
    /// `changed` lists the release files that are new, changed or removed. Not a rebuild (the
    /// generation stays); open pages hear of it as of any change (data files reload no page).
    pub fn after_release(&self, files: Arc<StoredSite>, changed: Vec<String>) -> Self {
        let mut next = self.clone();
        next.release_pending = false;
        if !changed.is_empty() && self.has_site {
            let paths = (changed.len() <= MAX_LISTED_CHANGES).then_some(changed);
            next.change = Some(Arc::new(SiteChange {
                from: self.version,
                paths,
            }));
            next.version += 1;
        }
        next.files = files;
        next
    }

    /// The next state after a good rebuild: `files` replace the site; `changed` lists the
    /// output files that are new, changed or removed.
    pub fn after_success(&self, files: Arc<StoredSite>, base_path: &str, changed: Vec<String>) -> Self {
        let mut next = self.clone();
        next.generation += 1;
        next.errors = None;
        next.base_path = base_path.to_owned();
        if !changed.is_empty() || !self.has_site {
            let paths = (self.has_site && changed.len() <= MAX_LISTED_CHANGES).then_some(changed);
            next.change = Some(Arc::new(SiteChange {
                from: self.version,
                paths,
            }));
            next.version += 1;
        }
        next.files = files;
        next.has_site = true;
        next
    }

    /// The next state after a failed rebuild: the site stays, the errors are shown in
    /// `language` (the dossier's, as far as it can be read).
    pub fn after_failure(&self, diagnostics: &Diagnostics, language: Language) -> Self {
        let mut next = self.clone();
        next.generation += 1;
        next.language = language;
        next.errors = Some(Arc::new(Problems::of(diagnostics)));
        next
    }
}

/// A change of the site from one version to the next.
#[derive(Debug, Clone)]
pub struct SiteChange {
    /// The version before.
    pub from: u64,
    /// Output files that are new, changed or removed; `None` when everything may have changed.
    pub paths: Option<Vec<String>>,
}

/// A failed build's problems as the overlay, the error page and the status show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problems {
    /// The errors in file order, then the warnings in file order; at most [`MAX_SHOWN`].
    #[serde(rename = "errors")]
    pub shown: Vec<ErrorView>,
    /// How many errors the build found (shown or not).
    pub error_count: usize,
    /// How many problems are not in `shown`.
    pub not_shown: usize,
}

impl Problems {
    /// The problems of `diagnostics`, errors first.
    pub fn of(diagnostics: &Diagnostics) -> Self {
        let of = |severity| diagnostics.iter().filter(move |d| d.severity == severity);
        let shown: Vec<ErrorView> = of(Severity::Error)
            .chain(of(Severity::Warning))
            .take(MAX_SHOWN)
            .map(ErrorView::from)
            .collect();
        let total = diagnostics.iter().count();
        Self {
            error_count: diagnostics.error_count(),
            not_shown: total - shown.len(),
            shown,
        }
    }
}

/// A diagnostic as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorView {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// `file:line:column`, or the file.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending line, or a window of it around the column.
    pub line_text: Option<String>,
    /// The 0-based character index in `line_text` the marker points at.
    pub marker: Option<u32>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
}

impl From<&Diagnostic> for ErrorView {
    fn from(diagnostic: &Diagnostic) -> Self {
        Self {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            location: diagnostic.location(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            line_text: diagnostic.line_text.clone(),
            marker: diagnostic.marker,
            line: diagnostic.position.map(|p| p.line),
            column: diagnostic.position.map(|p| p.column),
        }
    }
}

/// The words of the error overlay, in the dossier's UI language (`{n}` is the count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OverlayText {
    /// The heading for one error.
    pub errors_one: &'static str,
    /// The heading for other counts.
    pub errors_other: &'static str,
    /// What the page shows meanwhile.
    pub hint: &'static str,
    /// The label of an error.
    pub error: &'static str,
    /// The label of a warning.
    pub warning: &'static str,
    /// The label of the help line.
    pub help: &'static str,
    /// The close button's name.
    pub close: &'static str,
    /// The line under a list cut short (`{n}`: the problems not shown).
    pub not_shown: &'static str,
}

impl OverlayText {
    /// The overlay's words in `language`.
    pub fn of(language: Language) -> Self {
        Self {
            errors_one: i18n::text(language, ui_key!("serve_errors_one")),
            errors_other: i18n::text(language, ui_key!("serve_errors_other")),
            hint: i18n::text(language, ui_key!("serve_last_good_build")),
            error: i18n::text(language, ui_key!("serve_severity_error")),
            warning: i18n::text(language, ui_key!("serve_severity_warning")),
            help: i18n::text(language, ui_key!("serve_help")),
            close: i18n::text(language, ui_key!("serve_close")),
            not_shown: i18n::text(language, ui_key!("serve_not_shown")),
        }
    }

    /// The label of a severity as [`ErrorView::severity`] names it.
    fn severity(&self, severity: &str) -> &'static str {
        if severity == "warning" {
            self.warning
        } else {
            self.error
        }
    }
}

/// The state a page is served with, embedded in it as JSON.
#[derive(Serialize)]
struct PageState<'a> {
    session: &'a str,
    version: u64,
    /// The output files whose change reloads the page.
    watch: &'a [&'a str],
    #[serde(flatten)]
    problems: ProblemsField<'a>,
    /// The overlay's words.
    text: OverlayText,
}

/// [`Problems`] as the fields `errors` (`null` after a good build), `error_count` and
/// `not_shown` of a page's state and of the messages.
#[derive(Serialize)]
struct ProblemsField<'a> {
    errors: Option<&'a [ErrorView]>,
    error_count: usize,
    not_shown: usize,
}

impl<'a> ProblemsField<'a> {
    fn of(problems: Option<&'a Problems>) -> Self {
        Self {
            errors: problems.map(|p| p.shown.as_slice()),
            error_count: problems.map_or(0, |p| p.error_count),
            not_shown: problems.map_or(0, |p| p.not_shown),
        }
    }
}

/// `html` with the live-reload script and the page's state inserted before `</body>` (or at
/// the end). `watch` lists the output files the page shows.
pub fn inject(html: &[u8], snapshot: &Snapshot, watch: &[&str]) -> Vec<u8> {
    let state = PageState {
        session: &snapshot.session,
        version: snapshot.version,
        watch,
        problems: ProblemsField::of(snapshot.errors.as_deref()),
        text: OverlayText::of(snapshot.language),
    };
    let snippet = format!(
        "<script type=\"application/json\" id=\"dossier-live-state\">{}</script><script src=\"{SCRIPT_PATH}\"></script>",
        escape::json_in_script(&state)
    );
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The offset of the last `</body` (any case).
fn find_body_end(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body";
    html.windows(NEEDLE.len())
        .rposition(|window| window.eq_ignore_ascii_case(NEEDLE))
}

/// The page served for every HTML request while there is no good build yet: the errors as
/// text, and the live script, which shows them in the overlay and reloads when they are fixed.
pub fn error_page(snapshot: &Snapshot) -> Vec<u8> {
    let problems = snapshot.errors.as_deref();
    let language = snapshot.language;
    let text = OverlayText::of(language);
    let mut listing = String::new();
    for error in problems.map(|p| p.shown.as_slice()).unwrap_or_default() {
        listing.push_str(&format!(
            "{}: {}\n  --> {}\n",
            text.severity(error.severity),
            error.message,
            error.location
        ));
        if let Some(help) = &error.help {
            listing.push_str(&format!("  = {}: {help}\n", text.help));
        }
        listing.push('\n');
    }
    if let Some(problems) = problems.filter(|p| p.not_shown > 0) {
        listing.push_str(&text.not_shown.replace("{n}", &problems.not_shown.to_string()));
        listing.push('\n');
    }
    let heading = escape::html(i18n::text(language, ui_key!("serve_build_failed")));
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{heading} – dossier serve</title>\n</head>\n<body>\n<main>\n<h1>{heading}</h1>\n<p>{}</p>\n<pre id=\"dossier-build-errors\">{}</pre>\n</main>\n</body>\n</html>\n",
        language.tag(),
        escape::html(i18n::text(language, ui_key!("serve_no_site_yet"))),
        escape::html(&listing)
    );
    inject(html.as_bytes(), snapshot, &[])
}

/// A message from server to page.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ServerMessage<'a> {
    Hello {
        session: &'a str,
        version: u64,
        #[serde(flatten)]
        problems: ProblemsField<'a>,
        text: OverlayText,
    },
    Reload {
        version: u64,
        from: u64,
        changed: Option<&'a [String]>,
    },
    Errors {
        #[serde(flatten)]
        problems: &'a Problems,
        text: OverlayText,
    },
    Ok,
}

/// The server's state as served at [`STATUS_PATH`].
#[derive(Serialize)]
pub struct Status<'a> {
    /// The server run.
    pub session: &'a str,
    /// The site's version.
    pub version: u64,
    /// Rebuilds finished.
    pub generation: u64,
    /// Whether the last build succeeded.
    pub ok: bool,
    /// Whether there is a site to serve.
    pub has_site: bool,
    /// The last build's problems, errors first (at most [`MAX_SHOWN`]).
    pub errors: &'a [ErrorView],
    /// How many errors the last build found.
    pub error_count: usize,
    /// How many problems `errors` leaves out.
    pub not_shown: usize,
    /// Whether the data release of the last good build is still being made.
    pub release_pending: bool,
}

impl<'a> Status<'a> {
    /// The status of `snapshot`.
    pub fn of(snapshot: &'a Snapshot) -> Self {
        Self {
            session: &snapshot.session,
            version: snapshot.version,
            generation: snapshot.generation,
            ok: snapshot.errors.is_none() && snapshot.has_site,
            has_site: snapshot.has_site,
            errors: snapshot
                .errors
                .as_deref()
                .map(|p| p.shown.as_slice())
                .unwrap_or_default(),
            error_count: snapshot.errors.as_deref().map_or(0, |p| p.error_count),
            not_shown: snapshot.errors.as_deref().map_or(0, |p| p.not_shown),
            release_pending: snapshot.release_pending,
        }
    }
}

/// Talks to one open page until it goes away or the server stops: the current state first,
/// then a message after every rebuild.
pub async fn live_session(
    mut socket: WebSocket,
    mut snapshots: watch::Receiver<Arc<Snapshot>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let current = snapshots.borrow_and_update().clone();
    let hello = ServerMessage::Hello {
        session: &current.session,
        version: current.version,
        problems: ProblemsField::of(current.errors.as_deref()),
        text: OverlayText::of(current.language),
    };
    if send(&mut socket, &hello).await.is_err() {
        return;
    }
    let mut seen_version = current.version;
    loop {
        tokio::select! {
            changed = snapshots.changed() => {
                if changed.is_err() {
                    break;
                }
                let snapshot = snapshots.borrow_and_update().clone();
                let sent = if let Some(problems) = &snapshot.errors {
                    send(&mut socket, &ServerMessage::Errors { problems, text: OverlayText::of(snapshot.language) }).await
                } else if snapshot.version != seen_version {
                    let change = snapshot.change.as_deref();
                    let from = change.map_or(0, |c| c.from);
                    // A page that missed a version cannot know what changed in between.
                    let changed = change.filter(|c| c.from == seen_version).and_then(|c| c.paths.as_deref());
                    seen_version = snapshot.version;
                    send(&mut socket, &ServerMessage::Reload { version: snapshot.version, from, changed }).await
                } else {
                    send(&mut socket, &ServerMessage::Ok).await
                };
                if sent.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => {
                match incoming {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                    Some(Ok(_)) => {}
                }
            }
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

async fn send(socket: &mut WebSocket, message: &ServerMessage<'_>) -> Result<(), axum::Error> {
    let text = serde_json::to_string(message).unwrap_or_else(|_| "{\"type\":\"ok\"}".to_owned());
    socket.send(Message::Text(text.into())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    fn snapshot_with_errors() -> Snapshot {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error(
                "content/sources/a.yaml",
                Some(Position::new(3, 7)),
                "bad </script><img src=x onerror=alert(1)> & more",
            )
            .with_source("a\nb\nclaims: </script>\n"),
        );
        Snapshot::empty(Arc::from("s1")).after_failure(&diagnostics, Language::En)
    }

    #[test]
    fn injection_goes_before_the_last_body_end_and_cannot_close_the_script() {
        let snapshot = snapshot_with_errors();
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, &snapshot, &["index.html"])).unwrap();
        let at = out.find("<script type=\"application/json\"").unwrap();
        assert!(at < out.find("</BODY>").unwrap());
        assert!(out.ends_with("</BODY></html>"));
        // The message holds `</script>`; inside the page it must not end the element early.
        assert_eq!(out.matches("</script>").count(), 2, "{out}");
        assert!(out.contains("\\u003c/script\\u003e"));
        assert!(out.contains(SCRIPT_PATH));
    }

    #[test]
    fn injection_without_body_appends() {
        let snapshot = Snapshot::empty(Arc::from("s1"));
        let out = String::from_utf8(inject(b"<p>fragment</p>", &snapshot, &[])).unwrap();
        assert!(out.starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn overlay_gets_a_window_of_a_long_line_and_the_marker_within_it() {
        let text = format!("{}Ziel{}\n", "Wort ".repeat(100_000), "Wort ".repeat(100_000));
        let offset = text.find("Ziel").unwrap();
        let diagnostic = Diagnostic::warning("seeds/a.txt", Some(Position::of_offset(&text, offset)), "m")
            .with_source_at(&text, offset);
        let view = ErrorView::from(&diagnostic);
        assert_eq!(view.column, Some(500_001));
        let line_text = view.line_text.as_deref().unwrap();
        assert!(line_text.chars().count() < 120, "{line_text}");
        let marker = view.marker.unwrap() as usize;
        assert_eq!(line_text.chars().skip(marker).take(4).collect::<String>(), "Ziel");
        let json = serde_json::to_string(&view).unwrap();
        assert!(json.len() < 1000, "{json}");
    }

    #[test]
    fn error_page_speaks_the_dossier_language() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::error("dossier.yaml", None, "broken").with_help("fix it"));
        let german = Snapshot::empty(Arc::from("s")).after_failure(&diagnostics, Language::De);
        let page = String::from_utf8(error_page(&german)).unwrap();
        assert!(page.contains("<html lang=\"de\">"), "{page}");
        assert!(page.contains("<h1>Website nicht erstellt</h1>"), "{page}");
        assert!(page.contains("Fehler: broken"), "{page}");
        assert!(page.contains("= Hinweis: fix it"), "{page}");
        assert!(page.contains("\"close\":\"Schließen\""), "{page}");
        assert!(!page.contains("Build failed"), "{page}");
        let english = Snapshot::empty(Arc::from("s")).after_failure(&diagnostics, Language::En);
        let page = String::from_utf8(error_page(&english)).unwrap();
        assert!(
            page.contains("<h1>Build failed</h1>") && page.contains("error: broken"),
            "{page}"
        );
    }

    /// A dossier with many warnings and one error (at 10,000 sources: 65,441 and the error in
    /// the middle): the overlay, the pages served meanwhile and the error page show the error
    /// first, stay small, and say how many problems they leave to the terminal.
    #[test]
    fn a_failed_build_shows_its_errors_first_and_at_most_max_shown_problems() {
        let mut diagnostics = Diagnostics::new();
        for n in 0..5_000 {
            diagnostics.push(Diagnostic::warning(
                format!("content/sources/{n:05}.yaml"),
                Some(Position::new(2, 3)),
                "repeats another claim",
            ));
        }
        diagnostics.push(Diagnostic::error(
            "content/sources/02500.yaml",
            Some(Position::new(9, 10)),
            "unknown topic",
        ));
        let snapshot = Snapshot::empty(Arc::from("s")).after_failure(&diagnostics, Language::En);
        let problems = snapshot.errors.as_deref().unwrap();
        assert_eq!(problems.shown.len(), MAX_SHOWN);
        assert_eq!(problems.shown[0].severity, "error");
        assert_eq!(problems.shown[0].location, "content/sources/02500.yaml:9:10");
        assert!(problems.shown[1..].iter().all(|view| view.severity == "warning"));
        assert_eq!((problems.error_count, problems.not_shown), (1, 5_001 - MAX_SHOWN));

        let page = String::from_utf8(inject(b"<body></body>", &snapshot, &[])).unwrap();
        assert!(page.len() < 40_000, "{} bytes", page.len());
        let state: serde_json::Value = serde_json::from_str(
            page.split("id=\"dossier-live-state\">")
                .nth(1)
                .unwrap()
                .split("</script>")
                .next()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(state["errors"][0]["message"], "unknown topic");
        assert_eq!(
            (state["error_count"].as_u64(), state["not_shown"].as_u64()),
            (Some(1), Some(4_901))
        );
        let error_page = String::from_utf8(error_page(&snapshot)).unwrap();
        assert!(error_page.contains("4901 more not shown: `dossier check` lists every one."));
        assert!(error_page.find("unknown topic").unwrap() < error_page.find("repeats another claim").unwrap());
        let status = serde_json::to_value(Status::of(&snapshot)).unwrap();
        assert_eq!(status["errors"].as_array().unwrap().len(), MAX_SHOWN);
        assert_eq!(status["error_count"], 1);
    }

    #[test]
    fn error_page_escapes_messages() {
        let page = String::from_utf8(error_page(&snapshot_with_errors())).unwrap();
        assert!(page.contains("content/sources/a.yaml:3:7"));
        assert!(page.contains("bad &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more"));
        assert!(!page.contains("<img"));
    }

    #[test]
    fn versions_count_changes_and_failures_keep_the_site() {
        let empty = Snapshot::empty(Arc::from("s"));
        let files = Arc::new(StoredSite::from(crate::write::SiteFiles::from([(
            "index.html".to_owned(),
            Arc::from(&b"a"[..]),
        )])));
        let first = empty.after_success(files.clone(), "/", vec!["index.html".into()]);
        assert_eq!((first.version, first.generation), (1, 1));
        assert!(
            first.change.as_ref().unwrap().paths.is_none(),
            "the first site reloads everything"
        );
        let failed = first.after_failure(&snapshot_with_errors_diagnostics(), Language::En);
        assert_eq!((failed.version, failed.generation), (1, 2));
        assert!(failed.has_site && failed.files.contains_key("index.html"));
        let fixed_same = failed.after_success(files.clone(), "/", vec![]);
        assert_eq!(fixed_same.version, 1);
        assert!(fixed_same.errors.is_none());
        let changed = fixed_same.after_success(files, "/", vec!["index.html".into()]);
        assert_eq!(changed.version, 2);
        let change = changed.change.as_ref().unwrap();
        assert_eq!(
            (change.from, change.paths.as_deref()),
            (1, Some(&["index.html".to_owned()][..]))
        );
    }

    #[test]
    fn a_published_release_is_a_new_version_but_not_a_rebuild() {
        let files = Arc::new(StoredSite::new());
        let mut built = Snapshot::empty(Arc::from("s1")).after_success(files.clone(), "/", vec![]);
        built.release_pending = true;
        let released = built.after_release(files.clone(), vec!["claims.xlsx".into()]);
        assert_eq!(
            (released.generation, released.version),
            (built.generation, built.version + 1)
        );
        assert!(!released.release_pending);
        let change = released.change.as_ref().unwrap();
        assert_eq!(
            (change.from, change.paths.as_deref()),
            (built.version, Some(&["claims.xlsx".to_owned()][..]))
        );
        // Nothing changed: no new version; a failed build's errors stay shown.
        let failed = built.after_failure(&snapshot_with_errors_diagnostics(), Language::En);
        let same = failed.after_release(files, vec![]);
        assert_eq!(same.version, failed.version);
        assert!(same.errors.is_some() && !same.release_pending);
    }

    fn snapshot_with_errors_diagnostics() -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::error("dossier.yaml", None, "broken"));
        diagnostics
    }
}
