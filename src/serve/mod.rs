//! `dossier serve`: build, then serve the site over HTTP; with `watch`, rebuild incrementally
//! on every save, reload open pages and show build errors in them.
//!
//! Pieces:
//! - [`incremental::Engine`] keeps the input and the rendered site in memory and re-renders
//!   only the pages a change affects; it knows nothing of HTTP or the watcher.
//! - [`watch::DossierWatcher`] turns file-system events into bursts of paths to re-read
//!   (on its own thread; no event is ever dropped).
//! - [`http`] serves the current [`live::Snapshot`] from memory; [`live`] injects the
//!   live-reload script and talks to open pages over a WebSocket.
//! - [`crate::write::OutputDir`] keeps the output folder equal to the served site.
//!
//! Threads: the HTTP server runs on a small tokio runtime; rebuilds run on their own thread
//! (one at a time, one per burst of events), publish a new snapshot through a
//! `tokio::sync::watch` channel, and then update the output folder. A rebuild's data release
//! ([`release`]) is made after that on a thread of its own and published as a second snapshot
//! (a newer rebuild cancels it). [`run`] reports what happens through a callback ([`Notice`])
//! and never prints.

pub mod connections;
pub mod http;
pub mod incremental;
pub mod live;
pub mod release;
mod threads;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::diagnostic::Diagnostics;
use crate::render::RenderOptions;
use crate::write::{self, OutputDir, WriteError};
use incremental::{Engine, Rebuild, Released};
use live::Snapshot;
use watch::{DossierWatcher, WatchMessage};

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The dossier folder.
    pub root: PathBuf,
    /// The output folder, kept equal to the served site.
    pub output: PathBuf,
    /// Overrides the configured base URL (already normalised).
    pub base_url: Option<String>,
    /// Address and port to listen on; port 0 picks a free port.
    pub address: SocketAddr,
    /// Rebuild when the dossier's files change.
    pub watch: bool,
    /// How the dossier's folder is read (links out of it).
    pub read: crate::load::ReadOptions,
    /// Host names answered besides loopback names and the bound address (`--allow-host`).
    pub allowed_hosts: Vec<String>,
}

/// Something the user should hear about.
#[derive(Debug)]
pub enum Notice<'a> {
    /// The first good build, written to the output folder.
    Built {
        /// What the build did.
        report: &'a Rebuild,
        /// The output folder.
        output: &'a Path,
        /// Files written to it.
        written: usize,
    },
    /// A good rebuild after a change (its pages are served; its data release follows).
    Rebuilt {
        /// What the rebuild did.
        report: &'a Rebuild,
    },
    /// The data release of the last good rebuild is published.
    Released {
        /// What it changed.
        report: &'a Released,
    },
    /// A build failed.
    Failed {
        /// Every problem.
        diagnostics: &'a Diagnostics,
        /// Whether an earlier good site is still being served.
        has_site: bool,
    },
    /// The server is listening.
    Listening {
        /// The site's URL.
        url: &'a str,
        /// Whether changes are watched.
        watching: bool,
    },
    /// Something went wrong that does not stop the server (the output folder could not be
    /// updated, the watcher reported an error).
    Warning(String),
    /// Ctrl-C or SIGTERM: the server is stopping.
    Stopping,
}

/// Receives [`Notice`]s, from any thread.
pub type Notifier = Arc<dyn Fn(Notice<'_>) + Send + Sync>;

/// Why `serve` could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The first build failed and there is no watcher to wait for a fix.
    #[error("the dossier has {} error(s)", .0.error_count())]
    Content(Diagnostics),
    /// The output folder cannot be used.
    #[error(transparent)]
    Output(#[from] WriteError),
    /// The address cannot be listened on.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// Why not.
        source: std::io::Error,
    },
    /// The file watcher could not start.
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
    /// The runtime or the server failed.
    #[error("server error: {0}")]
    Server(std::io::Error),
}

/// How long open connections get to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Builds, then serves until Ctrl-C or SIGTERM. With `options.watch`, a failed first build
/// still serves (the errors), and every change rebuilds.
pub fn run(options: ServeOptions, notify: Notifier) -> Result<(), ServeError> {
    let root = write::absolute(&options.root);
    let output = write::absolute(&options.output);
    write::check_output_location(&root, &output, &crate::load::WATCHED_DIRS)?;

    // The port first: a port in use is reported at once, before a build that may take long
    // and would write the output folder for nothing.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("dossier-serve")
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(options.address))
        .map_err(|source| ServeError::Bind {
            address: options.address,
            source,
        })?;
    let local = listener.local_addr().map_err(ServeError::Server)?;

    // Watch before reading, so that nothing saved during the first build is missed.
    let watcher = if options.watch {
        let (sender, receiver) = std::sync::mpsc::channel();
        let watcher = DossierWatcher::start(&root, sender.clone())?;
        Some((watcher, sender, receiver))
    } else {
        None
    };

    let mut engine = Engine::with_input(
        crate::load::InputFiles::read_with(&root, options.read),
        RenderOptions {
            base_url: options.base_url.clone(),
        },
    );
    let mut snapshot = Snapshot::empty(session_id());
    let mut mirror = None;
    // On threads that end with it, so that the server does not hold the build's peak while idle.
    let first = threads::on_own_pool("dossier-build", || {
        let report = engine.rebuild()?;
        let written = OutputDir::replace_all(&output, engine.files()).inspect(|_| {
            // Served from the output folder from now on: the engine keeps hashes, not bytes.
            engine.stored_in(&output);
        });
        Ok((report, written))
    });
    match first {
        Ok((report, written)) => {
            let (created, written) = written?;
            mirror = Some(created);
            snapshot = snapshot.after_success(engine.files().clone(), engine.base_path(), report.changed.clone());
            snapshot.language = engine.ui_language().unwrap_or(snapshot.language);
            notify(Notice::Built {
                report: &report,
                output: &output,
                written: written.written,
            });
        }
        Err(diagnostics) => {
            notify(Notice::Failed {
                diagnostics: &diagnostics,
                has_site: false,
            });
            if !options.watch {
                return Err(ServeError::Content(diagnostics));
            }
            snapshot = snapshot.after_failure(&diagnostics, engine.ui_language().unwrap_or(snapshot.language));
        }
    }

    let (publisher, snapshots) = tokio::sync::watch::channel(Arc::new(snapshot));
    let (stop_sender, stop_receiver) = tokio::sync::watch::channel(false);
    let url = site_url(local, &snapshots.borrow().base_path);

    let rebuilds = match watcher {
        Some((watcher, sender, receiver)) => {
            let rebuild_loop = RebuildLoop {
                engine,
                watcher,
                receiver,
                mirror,
                output: output.clone(),
                publisher,
                notify: notify.clone(),
                sender: sender.clone(),
            };
            let handle = std::thread::Builder::new()
                .name("dossier-rebuild".into())
                .spawn(move || rebuild_loop.run())
                .map_err(ServeError::Server)?;
            Some((sender, handle))
        }
        None => None,
    };

    let allowed_hosts = allowed_hosts(local.ip(), &options.allowed_hosts);
    if !local.ip().is_loopback() {
        notify(Notice::Warning(format!(
            "the preview is reachable from the network on {local}: anyone who can reach this machine can read \
             the drafts and the build errors; it answers only requests for {}",
            answered_names(&allowed_hosts)
        )));
    }
    notify(Notice::Listening {
        url: &url,
        watching: options.watch,
    });
    let app = http::router(http::AppState {
        snapshots,
        shutdown: stop_receiver.clone(),
        allowed_hosts: allowed_hosts.into(),
    });
    let max_connections = connections::connection_cap();
    let served = runtime.block_on(async move {
        let server = connections::serve(listener, app, stop_receiver.clone(), max_connections);
        let signal = async {
            stop_signal().await;
            notify(Notice::Stopping);
            let _ = stop_sender.send(true);
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            () = server => Ok(()),
            () = signal => Ok(()),
        }
    });
    if let Some((sender, handle)) = rebuilds {
        // A rebuild under way finishes (and writes its output) first.
        let _ = sender.send(WatchMessage::Stop);
        let _ = handle.join();
    }
    runtime.shutdown_timeout(Duration::from_millis(500));
    served.map_err(ServeError::Server)
}

/// The host names answered besides loopback ones: the bound address (unless it is every
/// interface, `0.0.0.0` or `::`) and the names given, in lower case.
fn allowed_hosts(bound: IpAddr, given: &[String]) -> Vec<String> {
    let mut names: Vec<String> = given.iter().map(|name| name.trim().to_ascii_lowercase()).collect();
    if !bound.is_unspecified() && !bound.is_loopback() {
        names.push(bound.to_string());
    }
    names.retain(|name| !name.is_empty());
    names.sort();
    names.dedup();
    names
}

/// `localhost, 127.0.0.1, ::1 and a, b` for the warning.
fn answered_names(allowed: &[String]) -> String {
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
    names.extend(allowed.iter().cloned());
    let last = names.pop().unwrap_or_default();
    format!("{} and {last}", names.join(", "))
}

/// The URL to print for a listening address.
fn site_url(address: SocketAddr, base_path: &str) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}{base_path}", SocketAddr::new(ip, address.port()))
}

/// A new id for this run of the server.
fn session_id() -> Arc<str> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Arc::from(format!("{:x}-{nanos:x}", std::process::id()))
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// The rebuild thread: one rebuild per burst of events.
struct RebuildLoop {
    engine: Engine,
    watcher: DossierWatcher,
    receiver: Receiver<WatchMessage>,
    mirror: Option<OutputDir>,
    output: PathBuf,
    publisher: tokio::sync::watch::Sender<Arc<Snapshot>>,
    notify: Notifier,
    /// Where a release job sends its files back.
    sender: std::sync::mpsc::Sender<WatchMessage>,
}

impl RebuildLoop {
    fn run(mut self) {
        while let Ok(first) = self.receiver.recv() {
            // Everything that arrived meanwhile joins this burst, handled on threads that end
            // with it (see `threads`).
            let mut messages = vec![first];
            messages.extend(self.receiver.try_iter());
            if threads::on_own_pool("dossier-rebuild", || self.handle(messages)) {
                self.finish_release();
                return;
            }
        }
    }

    /// Handles one burst of messages: re-reads what changed, rebuilds, publishes a release
    /// made meanwhile and starts the next. True when the server stops.
    fn handle(&mut self, messages: Vec<WatchMessage>) -> bool {
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        let mut stop = false;
        for message in messages {
            match message {
                WatchMessage::Stop => stop = true,
                WatchMessage::Release(done) => self.publish_release(*done),
                WatchMessage::Events(events) => {
                    let (named, lost_track) = watch::paths_of(&events);
                    for name in watch::replaced_folders(self.watcher.root(), &events) {
                        self.watcher.rewatch(name);
                    }
                    paths.extend(named);
                    rescan |= lost_track;
                }
                WatchMessage::Errors(errors) => {
                    for error in errors {
                        (self.notify)(Notice::Warning(format!("file watcher: {error}")));
                    }
                }
            }
        }
        if stop {
            return true;
        }
        paths.extend(self.watcher.follow_folders());
        // A commit or a checkout: the corrections log may have changed though no file of
        // the dossier did (the engine re-reads the log when `HEAD` moved).
        let history_moved = paths.iter().any(|path| self.watcher.is_git_head(path));
        self.watcher.follow_git();
        let changed = if rescan {
            self.engine.reload_all()
        } else {
            let paths: Vec<PathBuf> = paths.into_iter().collect();
            self.engine.reload_paths(&paths)
        };
        if !changed.is_empty() || history_moved {
            self.rebuild();
        }
        self.start_release();
        false
    }

    /// Starts making the data release the site waits for, on a thread of its own (its files
    /// come back through the channel as [`WatchMessage::Release`]).
    fn start_release(&mut self) {
        let Some(job) = self.engine.release_job() else { return };
        let sender = self.sender.clone();
        let started = std::thread::Builder::new()
            .name("dossier-release".into())
            .spawn(move || {
                let made = threads::on_own_pool("dossier-release", || job.run());
                let _ = sender.send(WatchMessage::Release(Box::new(made)));
            });
        if let Err(error) = started {
            (self.notify)(Notice::Warning(format!(
                "cannot start making the data release: {error}"
            )));
        }
    }

    /// Before the server stops: the release under way (or due) is finished and written, so
    /// the output folder is the whole site.
    fn finish_release(&mut self) {
        while self.engine.release_pending() {
            if let Some(job) = self.engine.release_job() {
                self.publish_release(job.run());
                continue;
            }
            match self.receiver.recv() {
                Ok(WatchMessage::Release(done)) => self.publish_release(*done),
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    /// Serves a release job's files (unless a newer rebuild superseded it) and writes them.
    fn publish_release(&mut self, done: release::ReleaseFiles) {
        match self.engine.publish_release(done) {
            Ok(Some(released)) => {
                let files = self.engine.files().clone();
                let mut changed = released.changed.clone();
                changed.extend(released.removed.iter().cloned());
                let pending = self.engine.release_pending();
                self.publisher.send_modify(|current| {
                    let mut next = current.after_release(files, changed);
                    next.release_pending = pending;
                    *current = Arc::new(next);
                });
                (self.notify)(Notice::Released { report: &released });
                self.write_output(&released.changed, &released.removed);
            }
            Ok(None) => {}
            Err(diagnostics) => {
                let language = self.engine.ui_language();
                self.publisher.send_modify(|current| {
                    let language = language.unwrap_or(current.language);
                    let mut next = current.after_failure(&diagnostics, language);
                    next.release_pending = false;
                    *current = Arc::new(next);
                });
                (self.notify)(Notice::Failed {
                    diagnostics: &diagnostics,
                    has_site: self.engine.has_site(),
                });
            }
        }
    }

    fn rebuild(&mut self) {
        match self.engine.rebuild_pages() {
            Ok(report) => {
                let files = self.engine.files().clone();
                let base_path = self.engine.base_path().to_owned();
                let mut changed = report.changed.clone();
                changed.extend(report.removed.iter().cloned());
                let language = self.engine.ui_language();
                let pending = self.engine.release_pending();
                self.publisher.send_modify(|current| {
                    let mut next = current.after_success(files, &base_path, changed);
                    next.language = language.unwrap_or(next.language);
                    next.release_pending = pending;
                    *current = Arc::new(next);
                });
                (self.notify)(Notice::Rebuilt { report: &report });
                self.write_output(&report.changed, &report.removed);
            }
            Err(diagnostics) => {
                let language = self.engine.ui_language();
                self.publisher.send_modify(|current| {
                    let language = language.unwrap_or(current.language);
                    *current = Arc::new(current.after_failure(&diagnostics, language));
                });
                (self.notify)(Notice::Failed {
                    diagnostics: &diagnostics,
                    has_site: self.engine.has_site(),
                });
            }
        }
    }

    /// Brings the output folder up to date after the pages are already served (the changed
    /// files from memory); then the engine and the served snapshot read them from the folder
    /// and their bytes are freed. When the folder could not be updated, the site stays in
    /// memory where it differs from the folder, and the next update rewrites the whole folder.
    fn write_output(&mut self, changed: &[String], removed: &[String]) {
        let files = self.engine.files();
        let result = match &mut self.mirror {
            Some(mirror) => mirror.apply(files, changed, removed).map(|_| ()),
            None => OutputDir::replace_all(&self.output, files).map(|(mirror, _)| self.mirror = Some(mirror)),
        };
        match result {
            Ok(()) => {
                self.engine.stored_in(&self.output);
                let stored = self.engine.files().clone();
                // The same site, now read from the folder: no page needs to hear of it.
                self.publisher.send_if_modified(|current| {
                    if current.has_site && current.errors.is_none() {
                        let mut next = (**current).clone();
                        next.files = stored;
                        *current = Arc::new(next);
                    }
                    false
                });
            }
            Err(error) => {
                self.mirror = None;
                (self.notify)(Notice::Warning(format!(
                    "cannot update the output folder {}: {error}",
                    self.output.display()
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_address_and_given_names_are_answered() {
        // Every interface: only loopback names and the names given (before, any Host).
        assert_eq!(
            allowed_hosts(IpAddr::V4(Ipv4Addr::UNSPECIFIED), &[]),
            Vec::<String>::new()
        );
        assert_eq!(
            allowed_hosts(
                "192.168.1.2".parse().unwrap(),
                &[" Laptop.local ".into(), String::new()]
            ),
            ["192.168.1.2", "laptop.local"]
        );
        assert_eq!(allowed_hosts("fe80::1".parse().unwrap(), &[]), ["fe80::1"]);
        assert_eq!(
            allowed_hosts(IpAddr::V4(Ipv4Addr::LOCALHOST), &[]),
            Vec::<String>::new()
        );
        assert_eq!(
            answered_names(&["laptop.local".into()]),
            "localhost, 127.0.0.1, ::1 and laptop.local"
        );
    }
}
