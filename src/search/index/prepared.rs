//! What an index records of its documents for [`super::build_mixed_index`]:
//! the names once per index, each document's tokens as varints, and the
//! whole as one block of bytes.

use super::Tuning;

/// What an index recorded of its documents: the term and stem names, and
/// every document's labels and tokens, one after another, shared by all
/// its [`PreparedDoc`]s (a few large blocks rather than one per document).
#[derive(Debug)]
pub(super) struct Recorded {
    /// The index's language with a stemmer (empty: none) and token length.
    pub(super) lang: String,
    pub(super) max_len: usize,
    /// Term names one after another, and where each ends.
    pub(super) terms: String,
    pub(super) term_ends: Vec<u32>,
    /// Stem names one after another, and where each ends.
    pub(super) stems: String,
    pub(super) stem_ends: Vec<u32>,
    /// The documents' labels: title, address, then each section's id and
    /// heading.
    pub(super) labels: String,
    /// The documents' tokens, as varints: the label lengths (title,
    /// address, section count, then id and heading per section); the term
    /// count, then per term the difference to the previous term number
    /// times two, plus one when the posting count follows (else it is
    /// one), and each `section * 3 + field`; the pair count, then per pair
    /// the difference to the previous stem number and the term's place
    /// among the document's terms.
    pub(super) bytes: Vec<u8>,
}

impl Recorded {
    pub(super) fn new(
        tuning: &Tuning,
        terms: &[String],
        stems: &[String],
        labels: String,
        bytes: Vec<u8>,
    ) -> Self {
        let join = |names: &[String]| {
            let mut text = String::with_capacity(names.iter().map(String::len).sum());
            let mut ends = Vec::with_capacity(names.len());
            for name in names {
                text.push_str(name);
                ends.push(text.len() as u32);
            }
            (text, ends)
        };
        let (terms, term_ends) = join(terms);
        let (stems, stem_ends) = join(stems);
        let (mut labels, mut bytes) = (labels, bytes);
        labels.shrink_to_fit();
        bytes.shrink_to_fit();
        Self {
            lang: tuning.lang.clone(),
            max_len: tuning.max_len,
            terms,
            term_ends,
            stems,
            stem_ends,
            labels,
            bytes,
        }
    }

    /// Name `n` of `text` with `ends`.
    pub(super) fn name<'t>(text: &'t str, ends: &[u32], n: u32) -> &'t str {
        let end = ends.get(n as usize).map_or(0, |&e| e as usize);
        let start = match n {
            0 => 0,
            _ => ends.get(n as usize - 1).map_or(0, |&e| e as usize),
        };
        text.get(start..end).unwrap_or("")
    }
}

/// One document's tokens as an index recorded them: its title, address and
/// section labels, and per term its sections and best fields, per word
/// stem its terms, all as numbers into the names the index recorded.
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    pub(super) recorded: std::sync::Arc<Recorded>,
    /// Where the document's labels start in [`Recorded::labels`].
    pub(super) labels: u32,
    /// Where its tokens are in [`Recorded::bytes`].
    pub(super) start: u32,
    pub(super) end: u32,
}

impl PreparedDoc {
    /// The document's title.
    pub fn title(&self) -> &str {
        self.labels_iter().0
    }

    /// The document's address.
    pub fn url(&self) -> &str {
        self.labels_iter().1
    }

    /// Heap bytes of what its index recorded, shared with the index's other documents.
    pub fn recorded_size(&self) -> usize {
        let r = &self.recorded;
        r.terms.capacity()
            + r.stems.capacity()
            + 4 * (r.term_ends.capacity() + r.stem_ends.capacity())
            + r.labels.capacity()
            + r.bytes.capacity()
    }

    /// Title, address, the section labels as `(id, heading)`, and the rest
    /// of the bytes.
    pub(super) fn labels_iter(&self) -> (&str, &str, Vec<(&str, &str)>, Reader<'_>) {
        let recorded = &*self.recorded;
        let bytes = recorded
            .bytes
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default();
        let mut reader = Reader::new(bytes);
        let mut at = self.labels as usize;
        let labels: &str = &recorded.labels;
        let mut next = |reader: &mut Reader<'_>| {
            let len = reader.next() as usize;
            let text = labels.get(at..at + len).unwrap_or("");
            at += len;
            text
        };
        let title = next(&mut reader);
        let url = next(&mut reader);
        let count = reader.next() as usize;
        let mut sections = Vec::with_capacity(count);
        for _ in 0..count {
            let id = next(&mut reader);
            let heading = next(&mut reader);
            sections.push((id, heading));
        }
        (title, url, sections, reader)
    }
}

/// Appends `n` as a varint: seven bits a byte, the high bit set on all but
/// the last byte.
pub(super) fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends `part` after its length.
fn push_part(out: &mut Vec<u8>, part: &[u8]) {
    push_varint(out, part.len() as u32);
    out.extend_from_slice(part);
}

/// The prepared documents of one index as one block of bytes, to keep
/// them out of memory until they are needed.
pub fn pack_prepared(docs: &[PreparedDoc]) -> Vec<u8> {
    let Some(first) = docs.first() else {
        return Vec::new();
    };
    let r = &*first.recorded;
    let mut out =
        Vec::with_capacity(r.terms.len() + r.labels.len() + r.bytes.len() + 4 * docs.len());
    push_part(&mut out, r.lang.as_bytes());
    push_varint(&mut out, r.max_len as u32);
    for (names, ends) in [(&r.terms, &r.term_ends), (&r.stems, &r.stem_ends)] {
        push_part(&mut out, names.as_bytes());
        push_varint(&mut out, ends.len() as u32);
        let mut previous = 0;
        for &end in ends {
            push_varint(&mut out, end - previous);
            previous = end;
        }
    }
    push_part(&mut out, r.labels.as_bytes());
    push_part(&mut out, &r.bytes);
    push_varint(&mut out, docs.len() as u32);
    for doc in docs {
        push_varint(&mut out, doc.labels);
        push_varint(&mut out, doc.start);
        push_varint(&mut out, doc.end - doc.start);
    }
    out
}

/// The documents of a block made by [`pack_prepared`], in order; `None`
/// when the bytes are not such a block.
pub fn unpack_prepared(bytes: &[u8]) -> Option<Vec<PreparedDoc>> {
    if bytes.is_empty() {
        return Some(Vec::new());
    }
    let mut reader = Reader::new(bytes);
    let text = |reader: &mut Reader<'_>| -> Option<String> {
        String::from_utf8(reader.part()?.to_vec()).ok()
    };
    let lang = text(&mut reader)?;
    let max_len = reader.next() as usize;
    let mut names = || -> Option<(String, Vec<u32>)> {
        let names = text(&mut reader)?;
        let count = reader.next() as usize;
        let mut ends = Vec::with_capacity(count.min(names.len()));
        let mut end = 0u32;
        for _ in 0..count {
            end = end.checked_add(reader.next())?;
            ends.push(end);
        }
        Some((names, ends))
    };
    let (terms, term_ends) = names()?;
    let (stems, stem_ends) = names()?;
    let labels = text(&mut reader)?;
    let tokens = reader.part()?.to_vec();
    let count = reader.next() as usize;
    let mut places = Vec::with_capacity(count.min(tokens.len()));
    for _ in 0..count {
        let labels = reader.next();
        let start = reader.next();
        places.push((labels, start, start.checked_add(reader.next())?));
    }
    let recorded = std::sync::Arc::new(Recorded {
        lang,
        max_len,
        terms,
        term_ends,
        stems,
        stem_ends,
        labels,
        bytes: tokens,
    });
    Some(
        places
            .into_iter()
            .map(|(labels, start, end)| PreparedDoc {
                recorded: recorded.clone(),
                labels,
                start,
                end,
            })
            .collect(),
    )
}

/// Reads the varints of [`push_varint`]; 0 past the end.
pub(super) struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// The bytes of [`push_part`].
    fn part(&mut self) -> Option<&'b [u8]> {
        let len = self.next() as usize;
        let part = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(part)
    }

    pub(super) fn next(&mut self) -> u32 {
        let mut n = 0u32;
        let mut shift = 0;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            n |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        n
    }
}
