//! The few file-system calls the output swap needs beyond `std`: a lock
//! held on an open file, the exchange of two folders in one step, and
//! telling whether a folder is a mount point. Where the system or the
//! file system lacks one, the caller gets `Unsupported` and falls back.

use std::fs::File;
use std::io;
use std::path::Path;

/// Whether a lock could be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    /// Held until the file is closed.
    Held,
    /// Someone else holds it.
    Busy,
    /// The file system or system cannot lock files.
    Unsupported,
}

/// Tries to take an exclusive lock on `file` without waiting; the lock is
/// released when the file is closed, also when the process dies.
#[cfg(unix)]
pub(crate) fn try_lock(file: &File) -> Lock {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Lock::Held,
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Lock::Busy,
        Err(_) => Lock::Unsupported,
    }
}

/// Tries to take an exclusive lock on `file` without waiting.
#[cfg(not(unix))]
pub(crate) fn try_lock(_file: &File) -> Lock {
    Lock::Unsupported
}

/// Swaps two existing paths in one step, so that both always exist.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Old kernels, and file systems without RENAME_EXCHANGE.
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {
            Err(io::ErrorKind::Unsupported.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Swaps two existing paths in one step, so that both always exist.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether `path` is an existing folder on which another file system (or a
/// bind mount) is mounted, so that it cannot be renamed.
#[cfg(unix)]
pub(crate) fn is_mount_point(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (std::fs::symlink_metadata(path), path.parent()) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    if std::fs::metadata(parent).is_ok_and(|p| p.dev() != meta.dev()) {
        return true;
    }
    mount_root_attribute(path)
}

/// Whether the kernel marks `path` as the root of a mount (bind mounts of a
/// folder of the same file system have the same device as their parent).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn mount_root_attribute(path: &Path) -> bool {
    use rustix::fs::{statx, AtFlags, StatxAttributes, StatxFlags, CWD};
    statx(
        CWD,
        path,
        AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW,
        StatxFlags::empty(),
    )
    .is_ok_and(|s| {
        s.stx_attributes_mask.contains(StatxAttributes::MOUNT_ROOT)
            && s.stx_attributes.contains(StatxAttributes::MOUNT_ROOT)
    })
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn mount_root_attribute(_path: &Path) -> bool {
    false
}

/// Whether `path` is a mount point (never known on this system).
#[cfg(not(unix))]
pub(crate) fn is_mount_point(_path: &Path) -> bool {
    false
}

/// Whether two open files are the same file on disk.
#[cfg(unix)]
pub(crate) fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether two open files are the same file on disk (assumed here).
#[cfg(not(unix))]
pub(crate) fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    true
}
