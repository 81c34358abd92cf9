//! The new output folder, written beside the old one while the site is
//! rendered and then swapped in, so that a build that fails, is
//! interrupted or is killed never leaves a half-written output.
//!
//! What is guaranteed:
//! - The output path always exists during a swap where the file system can
//!   exchange two folders in one step (`renameat2` with `RENAME_EXCHANGE`
//!   on Linux: ext4, xfs, btrfs, tmpfs, overlayfs and others). Elsewhere
//!   two renames are used, and the path is missing for the instant between.
//! - A reader sees either the whole old output or the whole new one. A
//!   server that holds the old folder open (or bind-mounts it) keeps
//!   serving the old files until it opens the path again.
//! - An output folder that is a mount point (a container volume) cannot be
//!   renamed: the new folder is then written inside it and each top-level
//!   entry is exchanged in turn, so a reader may briefly see old and new
//!   top-level entries side by side.
//! - Temporary folders are named `.<name>.lotse-new-…` beside the output
//!   (inside it for a mount point). Each is held by a lock on its marker
//!   file while a build writes it. Ctrl+C and SIGTERM remove them
//!   ([`abandon`]); after a crash or `kill -9` the next build removes every
//!   such folder whose lock no running build holds, also across containers
//!   that share the folder.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;

use rayon::prelude::*;

use super::platform::{self, Lock};
use super::{OutputFile, MARKER, MARKER_TEXT};
use crate::error::{Error, Result};

/// Temporary folders of this process that [`abandon`] removes.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set by [`abandon`]: nothing more is written.
static CLOSING: AtomicBool = AtomicBool::new(false);
/// Writes under way, which [`abandon`] waits for.
static BUSY: AtomicUsize = AtomicUsize::new(0);

/// A write under way; [`abandon`] waits until none is left.
struct Busy;

impl Busy {
    /// Starts a write, unless the process is stopping.
    fn enter(out: &Path) -> Result<Self> {
        BUSY.fetch_add(1, SeqCst);
        if CLOSING.load(SeqCst) {
            BUSY.fetch_sub(1, SeqCst);
            return Err(Error::Output {
                path: out.to_path_buf(),
                message: "the build was interrupted; the previous output was left unchanged".into(),
            });
        }
        Ok(Busy)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.fetch_sub(1, SeqCst);
    }
}

/// Stops all writing of output in this process and removes its unfinished
/// folders, leaving every output folder as it was; for a signal handler
/// that exits the process afterwards. Returns whether there was any.
pub fn abandon() -> bool {
    CLOSING.store(true, SeqCst);
    // A write under way is one file or one rename: wait for it (a few
    // seconds at most, for a hanging network file system).
    for _ in 0..5000 {
        if BUSY.load(SeqCst) == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let live = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|e| e.into_inner()));
    for dir in &live {
        let _ = std::fs::remove_dir_all(dir);
    }
    !live.is_empty()
}

fn register(dir: &Path) {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(dir.to_path_buf());
}

fn unregister(dir: &Path) {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|d| d != dir);
}

/// Writes all files into a new folder next to `out`, then swaps it in.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(out)?;
    files.par_iter().for_each(|f| staging.write(f));
    staging.commit()
}

/// A new output folder written next to `out` while the site is rendered
/// (inside `out` if it is a mount point); [`Staging::commit`] swaps it in, and dropping it uncommitted removes it,
/// so the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The output folder is a mount point: `dir` is inside it.
    inside: bool,
    /// The marker file, locked while this build writes the folder.
    _lock: File,
    /// Folders known to exist under `dir`.
    made: Mutex<HashSet<PathBuf>>,
    /// The first write that failed.
    failed: Mutex<Option<Error>>,
    committed: bool,
}

impl Staging {
    /// Starts a new output folder for `out`, after removing the ones that
    /// earlier builds left behind.
    pub fn new(out: &Path) -> Result<Self> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let inside = platform::is_mount_point(out);
        let home = if inside { out } else { parent };
        let prefix = format!(".{name}.lotse-");
        remove_stale(home, &prefix);
        let _busy = Busy::enter(out)?;
        let (dir, lock) = create(home, &format!("{prefix}new-"), out)?;
        Ok(Self {
            out: out.to_path_buf(),
            made: Mutex::new(HashSet::from([dir.clone()])),
            dir,
            inside,
            _lock: lock,
            failed: Mutex::new(None),
            committed: false,
        })
    }

    /// Writes one file; a failure is reported by [`Staging::commit`].
    pub fn write(&self, file: &OutputFile) {
        if let Err(e) = self.try_write(file) {
            let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
            failed.get_or_insert(e);
        }
    }

    fn try_write(&self, file: &OutputFile) -> Result<()> {
        let _busy = Busy::enter(&self.out)?;
        // Errors name the file as it will be in the output folder.
        let shown = |rel: &Path| self.out.join(rel);
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(parent);
            if !known {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Error::io(shown(parent.strip_prefix(&self.dir).unwrap_or(parent)), e)
                })?;
                let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
                let mut dir = parent;
                while dir != self.dir && made.insert(dir.to_path_buf()) {
                    match dir.parent() {
                        Some(up) => dir = up,
                        None => break,
                    }
                }
            }
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(shown(Path::new(&file.path)), e))
    }

    /// Swaps the new folder in place of the output folder, unless a write failed.
    pub fn commit(mut self) -> Result<()> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(e) = failed {
            return Err(e);
        }
        pause_for_tests();
        let busy = Busy::enter(&self.out)?;
        // Keeps a build that starts now from taking the replaced output
        // for a left-over folder and removing it at the same time as this.
        let _old = lock_marker(&self.out);
        if self.inside {
            self.swap_entries()?;
        } else {
            self.swap_folder()?;
        }
        self.committed = true;
        drop(busy);
        // `dir` now holds what was replaced.
        let removed = std::fs::remove_dir_all(&self.dir);
        unregister(&self.dir);
        match removed {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Output {
                path: self.out.clone(),
                message: format!(
                    "the new output is in place, but the previous one could not be removed from {}: {e}",
                    self.dir.display()
                ),
            }),
            _ => Ok(()),
        }
    }

    /// Replaces the output folder by the new one; afterwards `dir` holds
    /// the previous output, if there was one.
    fn swap_folder(&self) -> Result<()> {
        let out = &self.out;
        if std::fs::symlink_metadata(out).is_err() {
            return std::fs::rename(&self.dir, out).map_err(|e| rename_error(out, e));
        }
        match platform::exchange(&self.dir, out) {
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {}
            other => return other.map_err(|e| rename_error(out, e)),
        }
        swap_by_renames(&self.dir, out)
    }

    /// Replaces the contents of the output folder, which is a mount point,
    /// entry by entry; afterwards `dir` holds the previous entries.
    fn swap_entries(&self) -> Result<()> {
        let out = &self.out;
        let mut new_names = HashSet::new();
        let entries = std::fs::read_dir(&self.dir).map_err(|e| Error::io(out, e))?;
        for entry in entries {
            let name = entry.map_err(|e| Error::io(out, e))?.file_name();
            let (from, to) = (self.dir.join(&name), out.join(&name));
            new_names.insert(name);
            if std::fs::symlink_metadata(&to).is_err() {
                std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
                continue;
            }
            match platform::exchange(&from, &to) {
                Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
                    let old = self.dir.join(".lotse-replaced");
                    std::fs::rename(&to, &old).map_err(|e| Error::io(&to, e))?;
                    std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
                    std::fs::rename(&old, &from).map_err(|e| Error::io(&to, e))?;
                }
                other => other.map_err(|e| Error::io(&to, e))?,
            }
        }
        // What the new build does not have goes out with the old entries.
        let own = self.dir.file_name().map(|n| n.to_os_string());
        let entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
        for entry in entries {
            let name = entry.map_err(|e| Error::io(out, e))?.file_name();
            let temporary = name.to_string_lossy().starts_with(&format!(
                ".{}.lotse-",
                out.file_name().unwrap_or_default().to_string_lossy()
            ));
            if new_names.contains(&name) || Some(&name) == own.as_ref() || temporary {
                continue;
            }
            let from = out.join(&name);
            std::fs::rename(&from, self.dir.join(&name)).map_err(|e| Error::io(&from, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
            unregister(&self.dir);
        }
    }
}

/// For tests only: with `LOTSE_TEST_PAUSE_AFTER_STAGING=<file>`, a build
/// whose new folder is complete creates `<file>` and waits until it is
/// removed before swapping, so that a test can interrupt it at that point.
fn pause_for_tests() {
    let Some(flag) = std::env::var_os("LOTSE_TEST_PAUSE_AFTER_STAGING") else {
        return;
    };
    let flag = PathBuf::from(flag);
    if std::fs::write(&flag, "").is_err() {
        return;
    }
    while flag.exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Swaps folder `new` and the output folder `out` by two renames, for file
/// systems that cannot exchange them: `out` is missing in between.
fn swap_by_renames(new: &Path, out: &Path) -> Result<()> {
    let mut retired = new.to_path_buf().into_os_string();
    retired.push("-old");
    let retired = PathBuf::from(retired);
    std::fs::rename(out, &retired).map_err(|e| rename_error(out, e))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&retired, out);
        return Err(rename_error(out, e));
    }
    std::fs::rename(&retired, new).map_err(|e| Error::io(out, e))
}

/// An error of renaming the output folder, with what to do for a mount point.
fn rename_error(out: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::ResourceBusy {
        return Error::Output {
            path: out.to_path_buf(),
            message: "the folder is in use as a mount point and cannot be replaced: mount its parent folder instead, or choose a folder inside it with --output".into(),
        };
    }
    Error::io(out, e)
}

/// Creates a new temporary folder under `home` whose name starts with
/// `prefix`, with its marker file locked.
fn create(home: &Path, prefix: &str, out: &Path) -> Result<(PathBuf, File)> {
    use std::time::{SystemTime, UNIX_EPOCH};
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..20u32 {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = home.join(format!("{prefix}{pid}-{nanos:08x}{attempt}"));
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(out, e)),
        }
        register(&dir);
        // A build that sweeps left-overs may take this folder before the
        // lock is held: then it is gone, and the next name is tried.
        match lock_new_marker(&dir) {
            Ok(Some(lock)) => return Ok((dir, lock)),
            Ok(None) => {}
            Err(e) => last = Some(e),
        }
        unregister(&dir);
    }
    Err(Error::io(
        out,
        last.unwrap_or_else(|| std::io::Error::other("no temporary folder could be created")),
    ))
}

/// Creates and locks the marker file in a new folder; `None` if another
/// build took the folder first.
fn lock_new_marker(dir: &Path) -> std::io::Result<Option<File>> {
    let path = dir.join(MARKER);
    let mut file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if platform::try_lock(&file) == Lock::Busy {
        return Ok(None);
    }
    // Still the file at that path, not one a sweeping build removed.
    let still = std::fs::symlink_metadata(&path).is_ok_and(|at_path| {
        file.metadata()
            .is_ok_and(|m| platform::same_file(&m, &at_path))
    });
    if !still {
        return Ok(None);
    }
    file.set_len(0)?;
    file.write_all(MARKER_TEXT.as_bytes())?;
    Ok(Some(file))
}

/// Locks the marker of an existing folder, if it can.
fn lock_marker(dir: &Path) -> Option<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join(MARKER))
        .ok()?;
    (platform::try_lock(&file) == Lock::Held).then_some(file)
}

/// Removes temporary folders under `home` whose names start with `prefix`
/// and that no running build holds: left by a crash, `kill -9` or an older
/// lotse. A folder whose lock cannot be checked is left alone.
fn remove_stale(home: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(home) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let dir = entry.path();
        // Creating the marker if it is missing makes a folder that a build
        // has just created but not yet locked fail that build's check, so
        // that it moves on to a new name.
        let Ok(marker) = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(MARKER))
        else {
            continue;
        };
        if platform::try_lock(&marker) == Lock::Held {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_build_removes_unlocked_left_overs_and_keeps_a_folder_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Left by a killed build (marker, no lock) and by a crash before the
        // marker was written.
        std::fs::create_dir_all(dir.path().join(".public.lotse-new-1-a/de")).unwrap();
        std::fs::write(dir.path().join(".public.lotse-new-1-a").join(MARKER), "").unwrap();
        std::fs::create_dir(dir.path().join(".public.lotse-old-2")).unwrap();
        // Not lotse's.
        std::fs::create_dir(dir.path().join(".other")).unwrap();
        let running = Staging::new(&out).unwrap();
        let running_name = running
            .dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert_eq!(names(dir.path()), [".other", running_name.as_str()]);
        let second = Staging::new(&out).unwrap();
        assert!(running.dir.is_dir(), "a locked folder is kept");
        second.write(&OutputFile::text("index.html", "second".into()));
        second.commit().unwrap();
        running.write(&OutputFile::text("index.html", "first".into()));
        running.commit().unwrap();
        assert_eq!(names(dir.path()), [".other", "public"]);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "first"
        );
    }

    #[test]
    fn the_swap_without_exchange_leaves_the_old_output_in_the_new_folders_place() {
        let dir = tempfile::tempdir().unwrap();
        let (new, out) = (
            dir.path().join(".public.lotse-new-1"),
            dir.path().join("public"),
        );
        std::fs::create_dir(&new).unwrap();
        std::fs::create_dir(&out).unwrap();
        std::fs::write(new.join("index.html"), "new").unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        swap_by_renames(&new, &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(new.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(names(dir.path()), [".public.lotse-new-1", "public"]);
    }

    #[test]
    fn a_write_error_names_the_file_in_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write(&OutputFile::text("x", "file".into()));
        staging.write(&OutputFile::text("x/y.html", "under a file".into()));
        let error = staging.commit().unwrap_err().to_string();
        assert!(
            error.starts_with(&out.join("x").display().to_string()),
            "{error}"
        );
        assert!(!error.contains("lotse-new"), "{error}");
        assert_eq!(error.matches("os error").count(), 1, "{error}");
    }
}
