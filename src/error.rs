//! The error type of a build: either problems in the site's files, or a
//! failure of the file system around them.

use std::path::PathBuf;

use crate::diagnostic::Diagnostics;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's files have problems; every one of them is listed.
    #[error("{}{} error(s), {} warning(s)", .0, .0.error_count(), .0.warning_count())]
    Invalid(Diagnostics),
    /// Reading or writing a file failed.
    ///
    /// The system's message is part of this error's text, not a separate
    /// cause, so that it is printed once.
    #[error("{}: {}{}", path.display(), error, hint(error))]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// The output folder cannot be used safely.
    #[error("{}: {message}", path.display())]
    Output {
        /// The output folder.
        path: PathBuf,
        /// Why it is refused.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            error: source,
        }
    }
}

/// What to do about a system error that the editor can fix, in brackets.
fn hint(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull => " (the disk is full: free some space and build again)",
        ErrorKind::QuotaExceeded => {
            " (the disk quota is used up: free some space and build again)"
        }
        ErrorKind::FileTooLarge => {
            " (a file is larger than the file-size limit allows: raise the limit, for example with ulimit -f, and build again)"
        }
        ErrorKind::ReadOnlyFilesystem => {
            " (the disk is read-only: choose another output folder with --output)"
        }
        _ => "",
    }
}

/// Result of lotse operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
