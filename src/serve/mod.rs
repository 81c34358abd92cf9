//! `lotse serve`: builds the site into memory, serves it on a local
//! address, rebuilds when files change, and reloads open browsers.
//!
//! A broken edit never stops the server: the last good pages stay online,
//! with the error shown over them, until the next good save.

pub mod http;
mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::pipeline::{self, BuildOptions, RenderedSite, Update};

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
    pub generation: Mutex<u64>,
    /// Woken after every build.
    pub changed: Condvar,
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
        let mut generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        *generation += 1;
        self.changed.notify_all();
    }

    /// The current build generation.
    pub fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Options of the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Also write every good build to this folder.
    pub write_to: Option<PathBuf>,
}

/// Builds once, then serves and rebuilds on changes until the process ends.
pub fn run(options: ServeOptions) -> Result<()> {
    let shared = Arc::new(Shared::default());
    let state: Arc<Mutex<Option<RenderedSite>>> = Arc::new(Mutex::new(None));
    rebuild(&options, &shared, &state, &[], "start");
    let server = tiny_http::Server::http(options.addr).map_err(|e| Error::Output {
        path: options.build.root.clone(),
        message: format!("cannot listen on {}: {e}", options.addr),
    })?;
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
    println!(
        "serving at http://{}/ — watching for changes (Ctrl+C to stop)",
        options.addr
    );
    for request in server.incoming_requests() {
        let shared = shared.clone();
        std::thread::spawn(move || http::handle(request, &shared));
    }
    Ok(())
}

/// Updates the site (incrementally where possible) and publishes the result.
fn rebuild(
    options: &ServeOptions,
    shared: &Shared,
    state: &Mutex<Option<RenderedSite>>,
    changed: &[PathBuf],
    cause: &str,
) {
    let start = Instant::now();
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    let result = match state.as_mut() {
        Some(site) => site.update(changed).map(|u| (u, None)),
        None => pipeline::render_site(&options.build).map(|site| (Update::Full, Some(site))),
    };
    let elapsed = start.elapsed().as_millis();
    match result {
        Ok((update, fresh)) => {
            if let Some(site) = fresh {
                *state = Some(site);
            }
            let Some(site) = state.as_ref() else { return };
            if !site.warnings.is_empty() {
                eprint!("{}", site.warnings);
            }
            if let Some(dir) = &options.write_to {
                let written = crate::output::check_output_dir(&site.config, dir)
                    .and_then(|out| crate::output::write_atomically(&out, &site.files));
                if let Err(e) = written {
                    eprintln!("error: {e}");
                }
            }
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
            // Search indexes follow once the pages are served.
            if let Some(site) = state.as_mut() {
                let files = site.refresh_search();
                if !files.is_empty() {
                    shared.publish(Ok((site, &Update::Incremental { files })));
                }
            }
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
