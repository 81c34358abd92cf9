//! Watches the site's sources and reports changes in batches, so that an
//! editor's save (write to a temporary file, rename) is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::input::is_editor_file;

/// Quiet time after the last event before a batch is reported.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// True for paths whose change should rebuild the site.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == "site.toml" {
        return true;
    }
    let watched = matches!(
        first.as_ref(),
        "content" | "themes" | "i18n" | "static" | "sites"
    );
    // Editors' files are never read by a build (the same rule), hidden
    // ones are not read from content/ and hold version control elsewhere.
    let hidden_or_temp = rel.components().any(|c| {
        let name = c.as_os_str();
        is_editor_file(name) || name.as_encoded_bytes().starts_with(b".")
    });
    watched && !hidden_or_temp
}

/// Starts watching `root`; `on_change` runs on a background thread with each
/// batch, for as long as the process runs.
pub(super) fn start(root: &Path, on_change: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<()> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let filter_root = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if event.kind.is_access() {
                return;
            }
            for path in event.paths {
                if relevant(&filter_root, &path) {
                    let _ = tx.send(path);
                }
            }
        }
    })
    .map_err(|e| watch_error(&root, e))?;
    // The root itself, not recursively: folders renamed or created at the
    // top (content/ replaced as a whole) are seen too, and watched again.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, e))?;
    watch_sources(&mut watcher, &root)?;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                batch.push(more);
            }
            batch.sort();
            batch.dedup();
            if batch.iter().any(|p| p.parent() == Some(root.as_path())) {
                // A top folder was replaced: watch the new one.
                let _ = watch_sources(&mut watcher, &root);
            }
            on_change(batch);
        }
    });
    Ok(())
}

/// Watches the source folders that exist, recursively.
fn watch_sources(watcher: &mut notify::RecommendedWatcher, root: &Path) -> Result<()> {
    for dir in ["content", "themes", "i18n", "static", "sites"] {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.unwatch(&path);
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    Ok(())
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: format!("cannot watch for changes: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/de/a.md")));
        assert!(relevant(
            root,
            Path::new("/site/sites/musterstadt/services.yaml")
        ));
        assert!(relevant(root, Path::new("/site/site.toml")));
        assert!(relevant(
            root,
            Path::new("/site/themes/default/static/style.css")
        ));
        assert!(!relevant(root, Path::new("/site/public/de/index.html")));
        assert!(!relevant(root, Path::new("/site/content/de/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/de/a.md~")));
        assert!(!relevant(root, Path::new("/site/content/de/#a.md#")));
        assert!(!relevant(root, Path::new("/site/content/de/.#a.md")));
        assert!(!relevant(root, Path::new("/site/static/a.css.swo")));
        assert!(!relevant(root, Path::new("/site/.git/index")));
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
