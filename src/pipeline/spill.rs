//! A temporary file that the shared site's kept data of `build --all` goes
//! to, so that it does not stay in memory while the local sites are built;
//! the operating system keeps it in its cache.

use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Mutex, OnceLock, PoisonError};

/// Where some bytes are in a [`Spill`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    at: u64,
    len: usize,
}

impl Place {
    /// How many bytes are there.
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

/// The temporary file, made on first use.
#[derive(Debug, Default)]
pub(super) struct Spill {
    file: OnceLock<Option<Mutex<std::fs::File>>>,
}

impl Spill {
    /// Writes `bytes` to the file; `None` when it cannot be made or written.
    pub(super) fn put(&self, bytes: &[u8]) -> Option<Place> {
        let file = self
            .file
            .get_or_init(|| tempfile::tempfile().ok().map(Mutex::new))
            .as_ref()?;
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        let at = file.seek(SeekFrom::End(0)).ok()?;
        file.write_all(bytes).ok()?;
        Some(Place {
            at,
            len: bytes.len(),
        })
    }

    /// The bytes at `place`, read back.
    pub(super) fn get(&self, place: Place) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; place.len];
        let file = self.file.get()?.as_ref()?;
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        file.seek(SeekFrom::Start(place.at)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_from_their_place() {
        let spill = Spill::default();
        let a = spill.put(b"first").expect("a temporary folder");
        let b = spill.put(b"second block").expect("a temporary folder");
        assert_eq!(spill.get(b).as_deref(), Some(&b"second block"[..]));
        assert_eq!(spill.get(a).as_deref(), Some(&b"first"[..]));
        assert_eq!(b.len(), 12);
    }
}
