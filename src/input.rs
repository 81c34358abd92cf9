//! Reading the site's own files, and nothing else: every loader (config,
//! i18n, content, templates, static files) finds and opens its files here.
//!
//! Input comes from untrusted pull requests, so one rule holds for all of it:
//! a symbolic link is followed only when its real target lies inside the
//! site folder (a link to `/etc/ssl` or `/proc/self/environ` would publish
//! secrets); anything that is not a regular file or a folder (a named pipe,
//! a socket, a device) is refused by its metadata before it is opened, since
//! opening a named pipe waits forever. Editors' backup, lock and swap files
//! are skipped by [`is_editor_file`], the rule that `serve`'s watcher uses too.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Why a path of the site cannot be read; the message speaks of [`InputError::path`].
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A link whose real target lies outside the site folder.
    #[error("this link points outside the site, to {target}: only files inside the site folder are read (copy the file into the site instead)")]
    Outside {
        /// The link, relative to the site root.
        path: PathBuf,
        /// The target as written in the link, and where it really leads if that differs.
        target: String,
    },
    /// A link whose target does not exist.
    #[error("this link points to {target}, which does not exist")]
    Dangling {
        /// The link, relative to the site root.
        path: PathBuf,
        /// The target as written in the link.
        target: String,
    },
    /// A link that leads back to itself through other links.
    #[error("symbolic link loop: this link leads back to itself")]
    Cycle {
        /// The link, relative to the site root.
        path: PathBuf,
    },
    /// A link to a folder that contains the link.
    #[error("symbolic link loop: this link points to a folder that contains it")]
    Loop {
        /// The link, relative to the site root.
        path: PathBuf,
    },
    /// A second link to a folder already read through another link.
    #[error("this link leads to the same folder as {}: link to a folder only once", first.display())]
    Repeated {
        /// The link, relative to the site root.
        path: PathBuf,
        /// The link through which the folder was read first.
        first: PathBuf,
    },
    /// A named pipe, socket or device.
    #[error("this is {what}, not a file or folder: only regular files are read")]
    Special {
        /// The entry, relative to the site root.
        path: PathBuf,
        /// What it is, e.g. "a named pipe (FIFO)".
        what: &'static str,
    },
    /// The operating system refused (or the path does not exist).
    #[error("cannot read: {source}")]
    Io {
        /// The file or folder, relative to the site root.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl InputError {
    /// The file, folder or link the error is about, relative to the site root.
    pub fn path(&self) -> &Path {
        match self {
            Self::Outside { path, .. }
            | Self::Dangling { path, .. }
            | Self::Cycle { path }
            | Self::Loop { path }
            | Self::Repeated { path, .. }
            | Self::Special { path, .. }
            | Self::Io { path, .. } => path,
        }
    }

    /// True when the path simply does not exist (no link involved).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }

    /// The error as a problem of the site, naming its path.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.path(), None, self.to_string())
    }
}

/// True for the backup, lock, swap and temporary files editors leave beside
/// the files they edit (`a.md~`, `#a.md#`, `.#a.md`, `.a.md.swp`, `a.md.tmp`):
/// never read, never a reason to rebuild.
pub fn is_editor_file(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || [".swp", ".swo", ".swx", ".tmp"]
            .iter()
            .any(|ext| name.len() > ext.len() && name.ends_with(ext))
}

/// What a checked path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file of this many bytes.
    File(u64),
    /// A folder.
    Dir,
}

/// A file or folder of the site, checked, with the real path it leads to.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path as found (through links), e.g. `<root>/content/de/a.md`.
    pub path: PathBuf,
    /// What it is.
    pub kind: Kind,
    /// The real path, without links, inside the site.
    real: PathBuf,
    /// The path relative to the site root, for messages.
    rel: PathBuf,
}

impl Entry {
    /// Whether this is a folder.
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }

    /// The size of a file in bytes (0 for a folder).
    pub fn len(&self) -> u64 {
        match self.kind {
            Kind::File(len) => len,
            Kind::Dir => 0,
        }
    }

    /// Whether the file is empty (or a folder).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads the whole file.
    pub fn read(&self) -> Result<Vec<u8>, InputError> {
        let io = |source| InputError::Io {
            path: self.rel.clone(),
            source,
        };
        let mut file = open(&self.real).map_err(io)?;
        // Replaced by something else since it was checked: refuse it.
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(special(&self.rel, &meta.file_type()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes).map_err(io)?;
        Ok(bytes)
    }
}

/// The site folder, the only place input is read from.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// The root as given, to name paths relative to it.
    root: PathBuf,
    /// The root without links; link targets must lie below it.
    real: PathBuf,
}

impl SiteRoot {
    /// The site folder at `root` (when it cannot be resolved, nothing below it
    /// can be either, and every read fails).
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            real: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// The root as given.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// `path` relative to the site root, for messages.
    pub fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Checks a path below the root: every link on the way leads inside the
    /// site, and it is a regular file or a folder. Nothing is opened.
    pub fn entry(&self, path: &Path) -> Result<Entry, InputError> {
        let rel = self.relative(path);
        let real = match path.canonicalize() {
            Ok(real) if real.starts_with(&self.real) => real,
            Ok(_) | Err(_) => return Err(self.blame(path)),
        };
        let meta = std::fs::metadata(&real).map_err(|source| InputError::Io {
            path: rel.clone(),
            source,
        })?;
        let kind = kind_of(&rel, &meta)?;
        Ok(Entry {
            path: path.to_path_buf(),
            kind,
            real,
            rel,
        })
    }

    /// Checks and reads a file below the root.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, InputError> {
        let entry = self.entry(path)?;
        if entry.is_dir() {
            return Err(InputError::Io {
                path: entry.rel,
                source: std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "this is a folder, not a file",
                ),
            });
        }
        entry.read()
    }

    /// Checks and reads a UTF-8 text file below the root.
    pub fn read_to_string(&self, path: &Path) -> Result<String, InputError> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|_| InputError::Io {
            path: self.relative(path),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the file is not valid UTF-8: save it with UTF-8 encoding",
            ),
        })
    }

    /// Every file and folder below `dir`, each folder before its contents,
    /// sorted by name; links are followed when they stay inside the site.
    /// Editors' files ([`is_editor_file`]) and names for which `skip` is true
    /// are left out, and not looked at. A missing `dir` gives nothing.
    pub fn walk(
        &self,
        dir: &Path,
        skip: impl Fn(&OsStr) -> bool,
    ) -> Vec<Result<Entry, InputError>> {
        let mut out = Vec::new();
        if std::fs::symlink_metadata(dir).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return out;
        }
        match self.entry(dir) {
            Ok(top) if top.is_dir() => {
                let mut walk = Walk {
                    site: self,
                    skip: &skip,
                    ancestors: vec![top.real.clone()],
                    linked: BTreeMap::new(),
                    out,
                };
                walk.enter(&top);
                out = walk.out;
            }
            Ok(file) => out.push(Ok(file)),
            Err(e) => out.push(Err(e)),
        }
        out
    }

    /// Checks one entry of a folder whose real path is `parent_real`; true
    /// with it when it is a link.
    fn child(
        &self,
        parent_real: &Path,
        path: PathBuf,
        rel: PathBuf,
    ) -> Result<(Entry, bool), InputError> {
        let io = |source| InputError::Io {
            path: rel.clone(),
            source,
        };
        let meta = std::fs::symlink_metadata(&path).map_err(io)?;
        if meta.file_type().is_symlink() {
            return self.entry(&path).map(|mut e| {
                e.rel = rel.clone();
                (e, true)
            });
        }
        let kind = kind_of(&rel, &meta)?;
        let entry = Entry {
            real: parent_real.join(path.file_name().unwrap_or_default()),
            path,
            kind,
            rel,
        };
        Ok((entry, false))
    }

    /// Why `path` cannot be resolved inside the site: the first link on the
    /// way that dangles, loops or leads outside, else the path itself.
    fn blame(&self, path: &Path) -> InputError {
        let rel = self.relative(path);
        let mut prefix = if path.starts_with(&self.root) {
            self.root.clone()
        } else {
            PathBuf::new()
        };
        let mut shown = PathBuf::new();
        for part in rel.components() {
            prefix.push(part);
            if !matches!(part, Component::CurDir) {
                shown.push(part);
            }
            let Ok(meta) = std::fs::symlink_metadata(&prefix) else {
                break;
            };
            if !meta.file_type().is_symlink() {
                continue;
            }
            let written = std::fs::read_link(&prefix)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            match prefix.canonicalize() {
                Ok(real) if real.starts_with(&self.real) => {}
                Ok(real) => {
                    let target = if Path::new(&written) == real {
                        written
                    } else {
                        format!("{written} ({})", real.display())
                    };
                    return InputError::Outside {
                        path: shown,
                        target,
                    };
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return InputError::Dangling {
                        path: shown,
                        target: written,
                    };
                }
                Err(e) if is_link_loop(&e) => {
                    return InputError::Cycle { path: shown };
                }
                Err(source) => {
                    return InputError::Io {
                        path: shown,
                        source,
                    }
                }
            }
        }
        match path.canonicalize() {
            Ok(real) => InputError::Outside {
                path: rel,
                target: real.display().to_string(),
            },
            Err(source) => InputError::Io { path: rel, source },
        }
    }
}

/// One walk through a folder tree.
struct Walk<'a> {
    site: &'a SiteRoot,
    skip: &'a dyn Fn(&OsStr) -> bool,
    /// The real paths of the folders being walked, outermost first.
    ancestors: Vec<PathBuf>,
    /// Folders entered through a link: real path and the link's path. Each
    /// is entered once, so that links to links cannot multiply the walk.
    linked: BTreeMap<PathBuf, PathBuf>,
    out: Vec<Result<Entry, InputError>>,
}

impl Walk<'_> {
    /// Lists `dir` and walks into its folders.
    fn enter(&mut self, dir: &Entry) {
        let listing = std::fs::read_dir(&dir.real).and_then(|list| {
            list.map(|e| e.map(|e| e.file_name()))
                .collect::<std::io::Result<Vec<_>>>()
        });
        let mut names = match listing {
            Ok(names) => names,
            Err(source) => {
                self.out.push(Err(InputError::Io {
                    path: dir.rel.clone(),
                    source,
                }));
                return;
            }
        };
        names.sort();
        for name in names {
            if is_editor_file(&name) || (self.skip)(&name) {
                continue;
            }
            let (entry, link) =
                match self
                    .site
                    .child(&dir.real, dir.path.join(&name), dir.rel.join(&name))
                {
                    Ok(found) => found,
                    Err(e) => {
                        self.out.push(Err(e));
                        continue;
                    }
                };
            if !entry.is_dir() {
                self.out.push(Ok(entry));
                continue;
            }
            if self.ancestors.iter().any(|a| a.starts_with(&entry.real)) {
                self.out.push(Err(InputError::Loop { path: entry.rel }));
                continue;
            }
            if link {
                if let Some(first) = self.linked.get(&entry.real) {
                    self.out.push(Err(InputError::Repeated {
                        path: entry.rel,
                        first: first.clone(),
                    }));
                    continue;
                }
                self.linked.insert(entry.real.clone(), entry.rel.clone());
            }
            self.out.push(Ok(entry.clone()));
            self.ancestors.push(entry.real.clone());
            self.enter(&entry);
            self.ancestors.pop();
        }
    }
}

/// "Too many levels of symbolic links".
fn is_link_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// Opens a checked file by its real path, without waiting and without
/// following a link: should a named pipe or a link have taken the place of
/// the file since it was checked, opening returns at once and it is refused.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// A file or a folder; anything else is refused.
fn kind_of(rel: &Path, meta: &std::fs::Metadata) -> Result<Kind, InputError> {
    if meta.is_file() {
        Ok(Kind::File(meta.len()))
    } else if meta.is_dir() {
        Ok(Kind::Dir)
    } else {
        Err(special(rel, &meta.file_type()))
    }
}

/// The refusal of an entry that is neither a file nor a folder.
fn special(rel: &Path, file_type: &std::fs::FileType) -> InputError {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            "a named pipe (FIFO)"
        } else if file_type.is_socket() {
            "a socket"
        } else if file_type.is_block_device() || file_type.is_char_device() {
            "a device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = file_type;
        "a special file"
    };
    InputError::Special {
        path: rel.to_path_buf(),
        what,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A site folder `site/` inside a temporary folder, with `outside/secret.txt` beside it.
    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let site = base.join("site");
        std::fs::create_dir_all(site.join("static/css")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::fs::write(base.join("outside/secret.txt"), "TOKEN=1").unwrap();
        std::fs::write(site.join("static/css/a.css"), "a{}").unwrap();
        (dir, site)
    }

    fn names(root: &SiteRoot, dir: &Path) -> Vec<String> {
        root.walk(dir, |_| false)
            .into_iter()
            .map(|r| match r {
                Ok(e) => root.relative(&e.path).display().to_string(),
                Err(e) => format!("{}: {e}", e.path().display()),
            })
            .collect()
    }

    #[test]
    fn editor_files_are_recognised() {
        for name in [
            "insurance.md~",
            "#insurance.md#",
            ".#insurance.md",
            ".insurance.md.swp",
            ".insurance.md.swo",
            "insurance.md.tmp",
        ] {
            assert!(is_editor_file(OsStr::new(name)), "{name}");
        }
        for name in [
            "insurance.md",
            "#",
            "c#.md",
            ".swp",
            ".well-known",
            "a.tmpl",
        ] {
            assert!(!is_editor_file(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn links_inside_the_site_are_followed() {
        let (_dir, site) = setup();
        symlink("css", site.join("static/styles")).unwrap();
        symlink("css/a.css", site.join("static/b.css")).unwrap();
        let root = SiteRoot::new(&site);
        assert_eq!(
            names(&root, &site.join("static")),
            [
                "static/b.css",
                "static/css",
                "static/css/a.css",
                "static/styles",
                "static/styles/a.css"
            ]
        );
        assert_eq!(root.read(&site.join("static/b.css")).unwrap(), b"a{}");
    }

    #[test]
    fn links_out_of_the_site_are_refused_naming_link_and_target() {
        let (_dir, site) = setup();
        let secret = site.with_file_name("outside").join("secret.txt");
        symlink(&secret, site.join("static/env.txt")).unwrap();
        symlink("../../../outside", site.join("static/css/out")).unwrap();
        let root = SiteRoot::new(&site);
        let listing = names(&root, &site.join("static"));
        let real = site.with_file_name("outside");
        assert_eq!(
            listing,
            [
                "static/css".to_string(),
                "static/css/a.css".to_string(),
                format!(
                    "static/css/out: this link points outside the site, to ../../../outside ({}): only files inside the site folder are read (copy the file into the site instead)",
                    real.display()
                ),
                format!(
                    "static/env.txt: this link points outside the site, to {}: only files inside the site folder are read (copy the file into the site instead)",
                    secret.display()
                ),
            ]
        );
        // Opening the file directly, or through the folder link, is refused too.
        let error = root.read(&site.join("static/env.txt")).unwrap_err();
        assert!(matches!(error, InputError::Outside { .. }), "{error}");
        let error = root
            .read(&site.join("static/css/out/secret.txt"))
            .unwrap_err();
        assert_eq!(error.path(), Path::new("static/css/out"));
    }

    #[test]
    fn a_site_folder_that_is_a_link_outside_is_refused() {
        let (_dir, site) = setup();
        symlink(site.with_file_name("outside"), site.join("i18n")).unwrap();
        let root = SiteRoot::new(&site);
        let error = root.read(&site.join("i18n/secret.txt")).unwrap_err();
        assert_eq!(error.path(), Path::new("i18n"));
        assert!(matches!(error, InputError::Outside { .. }));
    }

    #[test]
    fn named_pipes_are_refused_without_being_opened() {
        let (_dir, site) = setup();
        let pipe = site.join("static/x.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let root = SiteRoot::new(&site);
        // Opening the pipe would wait for a writer forever: returning at all
        // shows it was refused by its metadata.
        let error = root.read(&pipe).unwrap_err();
        assert_eq!(
            format!("{}: {error}", error.path().display()),
            "static/x.md: this is a named pipe (FIFO), not a file or folder: only regular files are read"
        );
        let listing = names(&root, &site.join("static"));
        assert!(
            listing.contains(&"static/x.md: this is a named pipe (FIFO), not a file or folder: only regular files are read".to_string()),
            "{listing:?}"
        );
    }

    #[test]
    fn a_file_replaced_after_its_check_is_refused_when_read() {
        let (dir, site) = setup();
        let root = SiteRoot::new(&site);
        let file = site.join("static/css/a.css");
        let pipe_entry = root.entry(&file).unwrap();
        let link_entry = pipe_entry.clone();
        std::fs::remove_file(&file).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&file)
            .status()
            .unwrap();
        assert!(made.success());
        let error = pipe_entry.read().unwrap_err();
        assert!(matches!(error, InputError::Special { .. }), "{error}");
        std::fs::remove_file(&file).unwrap();
        symlink(dir.path().join("outside/secret.txt"), &file).unwrap();
        assert!(link_entry.read().is_err());
    }

    #[test]
    fn editor_files_are_skipped_without_being_looked_at() {
        let (_dir, site) = setup();
        // An Emacs lock file is a dangling link.
        symlink("user@host.1:2", site.join("static/.#a.css")).unwrap();
        std::fs::write(site.join("static/a.css~"), "old").unwrap();
        std::fs::write(site.join("static/#a.css#"), "auto-save").unwrap();
        let root = SiteRoot::new(&site);
        assert_eq!(
            names(&root, &site.join("static")),
            ["static/css", "static/css/a.css"]
        );
    }

    #[test]
    fn links_cannot_multiply_the_walk() {
        let (_dir, site) = setup();
        // Level i links twice to level i + 1: 2^24 paths if every link were followed.
        for level in 0..24 {
            let dir = site.join(format!("static/l{level}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("f.txt"), "x").unwrap();
            let next = format!("../l{}", level + 1);
            if level < 23 {
                symlink(&next, dir.join("x")).unwrap();
                symlink(&next, dir.join("y")).unwrap();
            }
        }
        let root = SiteRoot::new(&site);
        let all = root.walk(&site.join("static"), |_| false);
        assert!(all.len() < 200, "{} entries", all.len());
        let repeated: Vec<_> = all
            .iter()
            .filter_map(|r| r.as_ref().err())
            .filter(|e| matches!(e, InputError::Repeated { .. }))
            .collect();
        // The first time through: l0/x/x/.../x, then each y is refused.
        let deepest = format!("static/l0{}", "/x".repeat(23));
        assert_eq!(
            repeated[0].to_string(),
            format!("this link leads to the same folder as {deepest}: link to a folder only once")
        );
        assert_eq!(
            repeated[0].path(),
            Path::new(&format!("static/l0{}/y", "/x".repeat(22)))
        );
    }

    #[test]
    fn loops_and_dangling_links_are_named() {
        let (_dir, site) = setup();
        symlink("..", site.join("static/css/up")).unwrap();
        symlink("self", site.join("static/self")).unwrap();
        symlink("gone.css", site.join("static/old.css")).unwrap();
        let root = SiteRoot::new(&site);
        assert_eq!(
            names(&root, &site.join("static")),
            [
                "static/css",
                "static/css/a.css",
                "static/css/up: symbolic link loop: this link points to a folder that contains it",
                "static/old.css: this link points to gone.css, which does not exist",
                "static/self: symbolic link loop: this link leads back to itself",
            ]
        );
    }
}
