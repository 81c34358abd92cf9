//! `lotse serve`: builds the site into memory, serves it on a local
//! address, rebuilds when files change, and reloads open browsers.
//!
//! A broken edit never stops the server: the last good pages stay online,
//! with the error shown over them, until the next good save.

pub mod http;
pub mod live;
mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::pipeline::{BuildOptions, RenderedSite, SearchRefresh, Update};
pub use live::Live;

/// What the server currently serves.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Output files by path (`de/health/index.html`).
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The problems of the last failed build, shown over every page.
    pub error: Option<String>,
}

/// The served site and the signal that tells browsers to reload.
#[derive(Debug, Default)]
pub struct Shared {
    /// The current snapshot.
    pub snapshot: RwLock<Snapshot>,
    /// Counts builds; browsers reload when it changes.
    pub generation: tokio::sync::watch::Sender<u64>,
    /// Search indexes waiting to be built again.
    search: Mutex<SearchQueue>,
}

/// The search indexes to build again, the newest request per language, and
/// whether a worker is building them.
#[derive(Debug, Default)]
struct SearchQueue {
    pending: Vec<SearchRefresh>,
    running: bool,
}

impl Shared {
    /// Publishes a good build (all files, or only the changed ones), or
    /// keeps the pages and records the error.
    fn publish(&self, result: std::result::Result<(&RenderedSite, &Update), String>) {
        {
            let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            match result {
                Ok((site, Update::Full)) => {
                    snapshot.files = site
                        .files
                        .iter()
                        .map(|f| (f.path.clone(), Arc::new(f.bytes.clone())))
                        .collect();
                    snapshot.error = None;
                }
                Ok((site, Update::Incremental { files })) => {
                    for path in files {
                        if let Some(file) = site.file(path) {
                            snapshot
                                .files
                                .insert(path.clone(), Arc::new(file.bytes.clone()));
                        }
                    }
                    snapshot.error = None;
                }
                Err(message) => snapshot.error = Some(message),
            }
        }
        self.generation.send_modify(|generation| *generation += 1);
    }

    /// The current build generation.
    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }
}

/// Options of the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// Where to listen (port 0: any free port, printed at the start).
    pub addr: SocketAddr,
    /// What the server accepts from clients.
    pub limits: http::Limits,
    /// Also write every good build to this folder.
    pub write_to: Option<PathBuf>,
}

/// Builds once, then serves and rebuilds on changes until the process ends.
pub fn run(options: ServeOptions) -> Result<()> {
    let shared = Arc::new(Shared::default());
    let state: State = Arc::new(Mutex::new(None));
    rebuild(&options, &shared, &state, &[], "start");
    let cannot_listen = |e: std::io::Error| Error::Output {
        path: options.build.root.clone(),
        message: format!("cannot listen on {}: {e}", options.addr),
    };
    // Watching starts before the port opens: a save made as soon as the
    // server answers is never missed.
    watch::start(&options.build.root, {
        let options = options.clone();
        let shared = shared.clone();
        move |changed: Vec<PathBuf>| {
            let what = changed
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            rebuild(&options, &shared, &state, &changed, &what);
        }
    })?;
    let listener = std::net::TcpListener::bind(options.addr).map_err(cannot_listen)?;
    let addr = listener.local_addr().map_err(cannot_listen)?;
    println!("serving at http://{addr}/ — watching for changes (Ctrl+C to stop)");
    http::serve(listener, shared, options.limits).map_err(cannot_listen)
}

/// The site as last built, shared by the watcher and the search refresh.
type State = Arc<Mutex<Option<Live>>>;

/// Updates the site (incrementally where possible) and publishes the result.
fn rebuild(
    options: &ServeOptions,
    shared: &Arc<Shared>,
    state: &State,
    changed: &[PathBuf],
    cause: &str,
) {
    let refreshes = guarded(shared, state, cause, || {
        update(options, shared, state, changed, cause)
    });
    if refreshes.is_empty() {
        return;
    }
    // One worker builds the indexes; a request replaces an older one of
    // the same language that has not started yet.
    let start = {
        let mut queue = shared.search.lock().unwrap_or_else(|e| e.into_inner());
        for refresh in refreshes {
            queue.pending.retain(|p| p.lang() != refresh.lang());
            queue.pending.push(refresh);
        }
        !std::mem::replace(&mut queue.running, true)
    };
    if start {
        let (options, shared, state) = (options.clone(), shared.clone(), state.clone());
        std::thread::spawn(move || refresh_search(&options, &shared, &state));
    }
}

/// Runs one build; a panic in it (a bug in lotse) is reported like a failed
/// build, so that it never stops later builds, and the next one starts from
/// scratch.
fn guarded(
    shared: &Shared,
    state: &State,
    cause: &str,
    build: impl FnOnce() -> Vec<SearchRefresh>,
) -> Vec<SearchRefresh> {
    match std::panic::catch_unwind(AssertUnwindSafe(build)) {
        Ok(refreshes) => refreshes,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let text = format!("error: lotse failed while building ({cause}): {what}\n");
            eprint!("{text}");
            eprintln!("build failed ({cause}); still serving the last good pages");
            *state.lock().unwrap_or_else(|e| e.into_inner()) = None;
            shared.publish(Err(text));
            Vec::new()
        }
    }
}

/// Search indexes take longer than pages: they are built after the pages
/// are served, without holding the site, at a lower priority than the next
/// save's pages, so that the next save is not kept waiting; an index made
/// for an older state is dropped.
fn refresh_search(options: &ServeOptions, shared: &Shared, state: &State) {
    /// Lets the next save start a worker even if this one panicked.
    struct Done<'a>(&'a Shared);
    impl Drop for Done<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                let mut queue = self.0.search.lock().unwrap_or_else(|e| e.into_inner());
                queue.running = false;
            }
        }
    }
    let _done = Done(shared);
    lower_priority();
    loop {
        let refresh = {
            let mut queue = shared.search.lock().unwrap_or_else(|e| e.into_inner());
            if queue.pending.is_empty() {
                queue.running = false;
                return;
            }
            queue.pending.remove(0)
        };
        let file = refresh.run();
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(live) = state.as_mut() else { continue };
        if let Some(path) = live.apply_search(&refresh, file) {
            write_out(options, &live.site);
            shared.publish(Ok((&live.site, &Update::Incremental { files: vec![path] })));
        }
    }
}

/// Lowers the calling thread's scheduling priority (its nice value, which
/// Linux keeps per thread), so that it takes the processor only when the
/// rendering of pages does not need it.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // Not being able to lower it changes nothing but the latency.
        let _ = rustix::process::nice(10);
    }
}

/// With `--output`, writes the whole site to disk as well.
fn write_out(options: &ServeOptions, site: &RenderedSite) {
    if let Some(dir) = &options.write_to {
        let written = crate::output::check_output_dir(&site.config, dir)
            .and_then(|out| crate::output::write_atomically(&out, &site.files));
        if let Err(e) = written {
            eprintln!("error: {e}");
        }
    }
}

/// Updates and publishes the site; returns the search indexes still to build.
fn update(
    options: &ServeOptions,
    shared: &Shared,
    state: &State,
    changed: &[PathBuf],
    cause: &str,
) -> Vec<SearchRefresh> {
    let start = Instant::now();
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    let result = match state.as_mut() {
        Some(live) => live.update(changed).map(|u| (u, None)),
        None => Live::render(&options.build).map(|live| (Update::Full, Some(live))),
    };
    let elapsed = start.elapsed().as_millis();
    match result {
        Ok((update, fresh)) => {
            if let Some(live) = fresh {
                *state = Some(live);
            }
            let Some(live) = state.as_mut() else {
                return Vec::new();
            };
            let site = &live.site;
            if !site.warnings.is_empty() {
                eprint!("{}", site.warnings);
            }
            write_out(options, site);
            let what = match &update {
                Update::Incremental { files } => format!("updated {} files", files.len()),
                Update::Full => format!(
                    "rebuilt {} pages",
                    site.files
                        .iter()
                        .filter(|f| f.path.ends_with(".html"))
                        .count()
                ),
            };
            println!("{what} in {elapsed} ms ({cause})");
            shared.publish(Ok((site, &update)));
            live.take_search_refresh()
        }
        Err(error) => {
            if !matches!(error, Error::Invalid(_)) {
                *state = None;
            }
            let text = match &error {
                Error::Invalid(problems) => describe(problems),
                other => other.to_string(),
            };
            eprint!("{text}");
            eprintln!("build failed ({cause}); still serving the last good pages");
            shared.publish(Err(text));
            Vec::new()
        }
    }
}

fn describe(problems: &Diagnostics) -> String {
    format!(
        "{problems}{} error(s), {} warning(s)\n",
        problems.error_count(),
        problems.warning_count()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_building_is_shown_and_later_builds_go_on() {
        let shared = Shared::default();
        let state: State = Arc::new(Mutex::new(None));
        let refreshes = guarded(&shared, &state, "content/de/a.md", || {
            let _held = state.lock();
            panic!("index out of range")
        });
        assert!(refreshes.is_empty());
        assert_eq!(shared.generation(), 1, "browsers are told to reload");
        let error = shared.snapshot.read().unwrap().error.clone().unwrap();
        assert!(
            error.contains("(content/de/a.md): index out of range"),
            "{error}"
        );

        // The lock the panicking build held is usable by the next one.
        let mut ran = false;
        guarded(&shared, &state, "content/de/a.md", || {
            ran = state.lock().unwrap_or_else(|e| e.into_inner()).is_none();
            Vec::new()
        });
        assert!(ran);
    }
}
