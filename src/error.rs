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
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
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
            source,
        }
    }
}

/// Result of lotse operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
