//! The search index of one language, as compact JSON.
//!
//! ```text
//! {"v":2,
//!  "max":7,
//!  "lang":"de",
//!  "stems":"<front-coded sorted stems>",
//!  "groups":"<one list of term numbers per stem>",
//!  "docs":[[title, url, id0, heading0, id1, heading1, ...], ...],
//!  "terms":"<front-coded sorted tokens, separated by spaces>",
//!  "post":"<one posting list per term, separated by spaces>"}
//! ```
//!
//! Sections are numbered across all documents in order (the first section of
//! the first document is 0). A posting is `section * 3 + field`, field 2 for
//! the document's title (on the document's first section), 1 for the
//! section's heading and 0 for its text; a term keeps only its best field per
//! section. A posting list is sorted; it stores the first value and then each
//! difference minus one, every number in base 32, most significant digit
//! first, with the digits `0-9A-V` for all but the last digit and `W-Za-z.-`
//! for the last one.
//!
//! Tokens are cut to `max` characters (0: not cut); a query word at least
//! that long is cut the same way. A posting list starting with `!` is a stop
//! term: it is in so many documents that only its title and heading postings
//! are kept, and it matches every document.
//!
//! With a language that has a stemmer (`lang`, see [`super::stem`]), the
//! index also groups the terms by stem: `stems` holds the stems (cut to
//! `max`, front-coded as the terms are) of words whose stem differs from the
//! word itself cut to `max`, and `groups` one list per stem of the numbers of
//! the terms whose words have that stem (sorted, coded as posting lists). A
//! query word finds its own term and, ranked lower, the terms of its stem's
//! group and the terms that start with its stem when that has four letters
//! or more; such terms are left out of the groups. The groups cost a number
//! per term instead of a posting per section.
//!
//! A term is written as one letter `A` to `Z` giving how many UTF-16 code
//! units it shares with the previous term (0 to 25), then the rest.
//! See `docs/search.md`.

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::normalize::each_index_token;

mod prepared;

use super::stem::{diacritic_stems, has_stemmer, stem};
pub use prepared::{pack_prepared, unpack_prepared, PreparedDoc};
use prepared::{push_varint, Recorded};

/// One page to find, in the language of the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// The page title.
    pub title: String,
    /// The page's address as the site links it (`/de/health/insurance/`).
    pub url: String,
    /// The page's sections in order.
    pub sections: Vec<SearchSection>,
}

/// A part of a page that a result can link to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchSection {
    /// The heading's id (`costs`); empty for the text before the first heading.
    pub id: String,
    /// The heading as plain text; empty for the text before the first heading.
    pub heading: String,
    /// The section's text as plain text.
    pub text: String,
}

/// Tokens are cut to this many characters: a crude stemmer that merges
/// inflected forms (`страхование`, `страхования`) and keeps the index small.
pub const MAX_LEN: usize = 7;

/// Index format version, `v` in the JSON.
pub const FORMAT_VERSION: u32 = 2;

/// Fields of a posting, from weakest to strongest.
const BODY: u32 = 0;
const HEADING: u32 = 1;
const TITLE: u32 = 2;

/// Digits of the posting numbers: all but the last digit, and the last digit.
const MORE: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
const LAST: &[u8; 32] = b"WXYZabcdefghijklmnopqrstuvwxyz.-";

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    max: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    lang: &'a str,
    docs: Vec<Vec<&'a str>>,
    terms: String,
    post: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    stems: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    groups: String,
}

/// Builds the JSON search index of one language's documents.
///
/// The output depends only on the documents and their order (results with
/// equal scores are shown in this order). Tokens of one character are left
/// out; a query needs at least two letters of a word to find it.
pub fn build_index(docs: &[SearchDoc]) -> String {
    build_tuned(docs, &Tuning::default())
}

/// Builds the JSON search index of the documents of the language `lang`
/// (a code such as `de`), with the stems of its words when it has a stemmer.
pub fn build_language_index(lang: &str, docs: &[SearchDoc]) -> String {
    build_tuned(docs, &language_tuning(lang))
}

/// Size trade-offs of the index.
#[derive(Debug, Clone)]
pub(crate) struct Tuning {
    /// Tokens are cut to this many characters (0: not cut).
    pub(crate) max_len: usize,
    /// Terms in more than this share of the documents keep only their title
    /// and heading postings and match every document (0: none).
    pub(crate) stop_share: f64,
    /// Stop terms only when there are at least this many documents.
    pub(crate) stop_min_docs: usize,
    /// The language whose stems are indexed (empty: none).
    pub(crate) lang: String,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            max_len: MAX_LEN,
            stop_share: 0.5,
            stop_min_docs: 10,
            lang: String::new(),
        }
    }
}

/// One term's postings while the index is built.
#[derive(Default)]
struct Term {
    /// Documents that hold the term.
    doc_freq: usize,
    /// The last document counted in `doc_freq`, plus one (0: none yet).
    last_doc: usize,
    /// `(section, best field)`, sections in increasing order.
    sections: Vec<(u32, u32)>,
}

/// What one spelling of a word adds: where its term numbers are in
/// [`Terms::lists`] and its `(stem, term)` pairs in [`Terms::pairs`].
#[derive(Clone, Copy)]
struct Word {
    terms: (u32, u32),
    pairs: (u32, u32),
    /// The last document the word was seen in, plus one.
    seen: usize,
}

/// The terms of an index while it is built.
#[derive(Default)]
struct Terms<'a> {
    /// Term names and postings, by term number.
    names: Vec<String>,
    terms: Vec<Term>,
    /// Term numbers by name (the names themselves are in `names`).
    numbers: hashbrown::HashTable<u32>,
    /// The term numbers of each word of the texts, worked out once per
    /// spelling: a word's tokens do not depend on the words around it.
    words: FxHashMap<&'a str, Word>,
    /// The term-number lists that `words` points into.
    lists: Vec<u32>,
    /// Stem names by stem number, and stem numbers by name.
    stems: Vec<String>,
    stem_numbers: hashbrown::HashTable<u32>,
    /// `(stem, term)`: the term is in the stem's group.
    pairs: Vec<(u32, u32)>,
    /// What the current document did, when the documents are recorded.
    record: Option<Recording>,
}

/// The terms and pairs of the document being added, for [`PreparedDoc`].
#[derive(Default)]
struct Recording {
    /// Terms counted in the document, in the order first met.
    touched: Vec<u32>,
    /// `(stem, term)` pairs of the document's words.
    pairs: Vec<(u32, u32)>,
}

/// The number of `name` in `names`, added if new; also whether it is new.
fn intern(
    names: &mut Vec<String>,
    table: &mut hashbrown::HashTable<u32>,
    name: &str,
) -> (u32, bool) {
    let hash = hash_name(name);
    match table.find(hash, |&n| names[n as usize] == name) {
        Some(&number) => (number, false),
        None => {
            let number = names.len() as u32;
            names.push(name.to_string());
            table.insert_unique(hash, number, |&n| hash_name(&names[n as usize]));
            (number, true)
        }
    }
}

impl<'a> Terms<'a> {
    /// Adds the tokens of `text` as postings of `section` in `field`.
    fn add(&mut self, text: &'a str, doc: usize, section: u32, field: u32, tuning: &Tuning) {
        for word in words(text) {
            let (list, fresh) = match self.words.get_mut(word) {
                Some(found) => {
                    let fresh = found.seen != doc + 1;
                    found.seen = doc + 1;
                    (*found, fresh)
                }
                None => {
                    let found = self.word_terms(word, doc, tuning);
                    self.words.insert(word, found);
                    (found, true)
                }
            };
            if let Some(record) = &mut self.record {
                if fresh {
                    let (start, len) = list.pairs;
                    record
                        .pairs
                        .extend_from_slice(&self.pairs[start as usize..(start + len) as usize]);
                }
            }
            let (start, len) = list.terms;
            for &number in &self.lists[start as usize..(start + len) as usize] {
                let term = &mut self.terms[number as usize];
                if term.last_doc != doc + 1 {
                    term.last_doc = doc + 1;
                    term.doc_freq += 1;
                    if let Some(record) = &mut self.record {
                        record.touched.push(number);
                    }
                }
                match term.sections.last_mut() {
                    Some((s, best)) if *s == section => *best = (*best).max(field),
                    _ => term.sections.push((section, field)),
                }
            }
        }
    }

    /// The number of the term `name`, added if new.
    fn term(&mut self, name: &str) -> u32 {
        let (number, new) = intern(&mut self.names, &mut self.numbers, name);
        if new {
            self.terms.push(Term::default());
        }
        number
    }

    /// The number of the stem `name`, added if new.
    fn stem(&mut self, name: &str) -> u32 {
        intern(&mut self.stems, &mut self.stem_numbers, name).0
    }

    /// Numbers the terms of one word and notes its stem pairs.
    fn word_terms(&mut self, word: &str, doc: usize, tuning: &Tuning) -> Word {
        let start = self.lists.len();
        let pairs_start = self.pairs.len();
        let (names, terms, numbers, lists, stems, stem_numbers, pairs) = (
            &mut self.names,
            &mut self.terms,
            &mut self.numbers,
            &mut self.lists,
            &mut self.stems,
            &mut self.stem_numbers,
            &mut self.pairs,
        );
        let mut add = |name: &str| -> u32 {
            let (number, new) = intern(names, numbers, name);
            if new {
                terms.push(Term::default());
            }
            if !lists[start..].contains(&number) {
                lists.push(number);
            }
            number
        };
        let mut group = |stem: &str, number: u32| {
            let (stem, _) = intern(stems, stem_numbers, stem);
            pairs.push((stem, number));
        };
        each_index_token(word, |token| {
            // Tokens of one character are left out.
            if token.chars().nth(1).is_none() {
                return;
            }
            let surface = cut(token, tuning.max_len);
            let number = add(surface);
            if tuning.lang.is_empty() {
                return;
            }
            if let Some(stemmed) = stem(&tuning.lang, token) {
                let stemmed = cut(&stemmed, tuning.max_len);
                // A query finds a term that starts with a stem of four
                // letters or more without the group.
                let prefix = stemmed.chars().nth(3).is_some() && surface.starts_with(stemmed);
                if stemmed != surface && !prefix {
                    group(stemmed, number);
                }
            }
        });
        // The stems of the word with its diacritics, where they differ.
        let plain = super::normalize::tokens(word);
        match diacritic_stems(&tuning.lang, word) {
            Some(stems) if stems.len() == plain.len() => {
                for (token, stemmed) in plain.iter().zip(&stems) {
                    let (surface, stemmed) =
                        (cut(token, tuning.max_len), cut(stemmed, tuning.max_len));
                    let prefix = stemmed.chars().nth(3).is_some() && surface.starts_with(stemmed);
                    if token.chars().nth(1).is_none() || stemmed == surface || prefix {
                        continue;
                    }
                    let number = add(surface);
                    group(stemmed, number);
                }
            }
            _ => {}
        }
        Word {
            terms: (start as u32, (self.lists.len() - start) as u32),
            pairs: (pairs_start as u32, (self.pairs.len() - pairs_start) as u32),
            seen: doc + 1,
        }
    }
}

/// `token` cut to `max` characters (0: not cut).
fn cut(token: &str, max: usize) -> &str {
    match token.char_indices().nth(max) {
        Some((at, _)) if max > 0 => &token[..at],
        _ => token,
    }
}

/// Characters that end a word in every language and never join two
/// tokens when folded: ASCII other than letters, digits and the apostrophe
/// (which joins Cyrillic letters).
#[cfg(test)]
fn is_word_separator(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric() && c != '\''
}

/// The non-empty words of `text` between [`is_word_separator`] characters,
/// found byte by byte: those characters are ASCII, and no byte of another
/// character is.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let separates = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\'';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && separates(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && !separates(bytes[at]) {
            at += 1;
        }
        // Both ends are at an ASCII byte or the end: whole characters.
        text.get(start..at)
    })
}

/// A document for [`build_mixed_index`]: its text, or the tokens prepared
/// for it while another index of the same language was built.
#[derive(Debug, Clone, Copy)]
pub enum MixedDoc<'a> {
    /// Tokenised now.
    Text(&'a SearchDoc),
    /// Taken as recorded.
    Prepared(&'a PreparedDoc),
}

/// Local term and stem numbers of one vocabulary's numbers, found once each.
struct Mapping {
    vocabulary: std::sync::Arc<Recorded>,
    terms: Vec<u32>,
    stems: Vec<u32>,
}

/// Not mapped yet.
const UNMAPPED: u32 = u32::MAX;

/// An index while its documents are added.
struct Builder<'a> {
    tuning: &'a Tuning,
    terms: Terms<'a>,
    table: Vec<Vec<&'a str>>,
    /// The first section of the next document.
    section: u32,
    /// For prepared documents.
    mappings: Vec<Mapping>,
    /// The local numbers of the terms of the prepared document being added.
    locals: Vec<u32>,
}

impl<'a> Builder<'a> {
    fn new(tuning: &'a Tuning, docs: usize, record: bool) -> Self {
        Self {
            tuning,
            terms: Terms {
                record: record.then(Recording::default),
                ..Terms::default()
            },
            table: Vec::with_capacity(docs),
            section: 0,
            mappings: Vec::new(),
            locals: Vec::new(),
        }
    }

    /// Adds a document as text.
    fn text(&mut self, doc: &'a SearchDoc) {
        let (d, tuning) = (self.table.len(), self.tuning);
        let mut row = vec![doc.title.as_str(), doc.url.as_str()];
        self.terms.add(&doc.title, d, self.section, TITLE, tuning);
        if doc.sections.is_empty() {
            row.extend(["", ""]);
            self.section += 1;
        }
        for s in &doc.sections {
            row.extend([s.id.as_str(), s.heading.as_str()]);
            self.terms.add(&s.heading, d, self.section, HEADING, tuning);
            self.terms.add(&s.text, d, self.section, BODY, tuning);
            self.section += 1;
        }
        self.table.push(row);
    }

    /// The recording of the document just added as text, and a fresh start
    /// for the next.
    fn recorded(&mut self, doc: &SearchDoc, first: u32, labels: &mut String, bytes: &mut Vec<u8>) {
        let record = std::mem::take(self.terms.record.get_or_insert_with(Recording::default));
        let mut label = |text: &str, bytes: &mut Vec<u8>| {
            labels.push_str(text);
            push_varint(bytes, text.len() as u32);
        };
        label(&doc.title, bytes);
        label(&doc.url, bytes);
        push_varint(bytes, doc.sections.len() as u32);
        for s in &doc.sections {
            label(&s.id, bytes);
            label(&s.heading, bytes);
        }
        let mut touched = record.touched;
        touched.sort_unstable();
        push_varint(bytes, touched.len() as u32);
        let mut previous = 0;
        for &number in &touched {
            let sections = &self.terms.terms[number as usize].sections;
            let mine = sections
                .iter()
                .rev()
                .take_while(|(s, _)| *s >= first)
                .count();
            // Most terms are in one section of the document: no count then.
            push_varint(bytes, (number - previous) << 1 | u32::from(mine > 1));
            previous = number;
            if mine > 1 {
                push_varint(bytes, mine as u32);
            }
            for &(s, field) in &sections[sections.len() - mine..] {
                push_varint(bytes, (s - first) * 3 + field);
            }
        }
        // A pair's term is one of the document's: its place among them.
        let mut pairs: Vec<(u32, u32)> = record
            .pairs
            .into_iter()
            .filter_map(|(stem, term)| Some((stem, touched.binary_search(&term).ok()? as u32)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        push_varint(bytes, pairs.len() as u32);
        let mut previous = 0;
        for (stem, place) in pairs {
            push_varint(bytes, stem - previous);
            previous = stem;
            push_varint(bytes, place);
        }
    }

    /// Adds a prepared document: its recorded postings and pairs, without
    /// looking at its words.
    fn prepared(&mut self, doc: &'a PreparedDoc) {
        let d = self.table.len();
        let (title, url, sections, mut reader) = doc.labels_iter();
        let mut row = vec![title, url];
        if sections.is_empty() {
            row.extend(["", ""]);
        }
        for (id, heading) in &sections {
            row.extend([*id, *heading]);
        }
        self.table.push(row);
        let first = self.section;
        self.section += sections.len().max(1) as u32;

        let vocabulary = &doc.recorded;
        debug_assert!(
            vocabulary.lang == self.tuning.lang && vocabulary.max_len == self.tuning.max_len
        );
        let m = match self
            .mappings
            .iter()
            .position(|m| std::sync::Arc::ptr_eq(&m.vocabulary, vocabulary))
        {
            Some(m) => m,
            None => {
                self.mappings.push(Mapping {
                    vocabulary: vocabulary.clone(),
                    terms: vec![UNMAPPED; vocabulary.term_ends.len()],
                    stems: vec![UNMAPPED; vocabulary.stem_ends.len()],
                });
                self.mappings.len() - 1
            }
        };
        let (mapping, terms) = (&mut self.mappings[m], &mut self.terms);
        let mut local_term = |terms: &mut Terms<'a>, n: u32| -> u32 {
            let Some(slot) = mapping.terms.get_mut(n as usize) else {
                return UNMAPPED;
            };
            if *slot == UNMAPPED {
                *slot = terms.term(Recorded::name(&vocabulary.terms, &vocabulary.term_ends, n));
            }
            *slot
        };
        let mut number = 0;
        let mut locals = std::mem::take(&mut self.locals);
        locals.clear();
        for _ in 0..reader.next() {
            let head = reader.next();
            number += head >> 1;
            let count = if head & 1 == 1 { reader.next() } else { 1 };
            let local = local_term(terms, number);
            locals.push(local);
            let Some(term) = terms.terms.get_mut(local as usize) else {
                for _ in 0..count {
                    reader.next();
                }
                continue;
            };
            term.last_doc = d + 1;
            term.doc_freq += 1;
            for _ in 0..count {
                let value = reader.next();
                term.sections.push((first + value / 3, value % 3));
            }
        }
        let mut stem = 0;
        for _ in 0..reader.next() {
            stem += reader.next();
            let term = locals.get(reader.next() as usize).copied();
            let Some(slot) = mapping.stems.get_mut(stem as usize) else {
                continue;
            };
            if *slot == UNMAPPED {
                *slot = terms.stem(Recorded::name(
                    &vocabulary.stems,
                    &vocabulary.stem_ends,
                    stem,
                ));
            }
            if let Some(term) = term.filter(|&t| t != UNMAPPED) {
                terms.pairs.push((*slot, term));
            }
        }
        self.locals = locals;
    }

    /// The JSON index, and the term and stem names by number.
    fn finish(self) -> (String, Vec<String>, Vec<String>) {
        let Builder {
            tuning,
            terms,
            table,
            ..
        } = self;
        let docs = table.len();
        let Terms {
            names,
            terms: entries,
            numbers,
            words,
            lists,
            stems,
            stem_numbers,
            pairs,
            record,
        } = terms;
        // Only names and postings are written: the maps go before the output grows.
        drop((numbers, words, lists, stem_numbers, record));
        let order = order_by_name(&names);
        let stop_above = if tuning.stop_share > 0.0 && docs >= tuning.stop_min_docs {
            (docs as f64 * tuning.stop_share) as usize
        } else {
            usize::MAX
        };

        let mut terms = String::new();
        let mut post = String::new();
        let mut previous = "";
        for (i, &number) in order.iter().enumerate() {
            let (term, entry) = (&names[number as usize], &entries[number as usize]);
            if i > 0 {
                terms.push(' ');
                post.push(' ');
            }
            push_front_coded(&mut terms, previous, term);
            previous = term;

            let mut last = None;
            let stop = entry.doc_freq > stop_above;
            if stop {
                post.push('!');
            }
            for &(s, field) in &entry.sections {
                if stop && field == BODY {
                    continue;
                }
                let value = s * 3 + field;
                push_number(&mut post, last.map_or(value, |l| value - l - 1));
                last = Some(value);
            }
        }
        drop(entries);

        let (stems_out, groups) = stem_groups(&stems, pairs, &order);
        let json = serde_json::to_string(&Index {
            v: FORMAT_VERSION,
            max: tuning.max_len,
            lang: &tuning.lang,
            docs: table,
            terms,
            post,
            stems: stems_out,
            groups,
        })
        .expect("an index serializes");
        (json, names, stems)
    }
}

pub(crate) fn build_tuned(docs: &[SearchDoc], tuning: &Tuning) -> String {
    let mut builder = Builder::new(tuning, docs.len(), false);
    for doc in docs {
        builder.text(doc);
    }
    builder.finish().0
}

/// The tuning of a language's index.
fn language_tuning(lang: &str) -> Tuning {
    Tuning {
        lang: if has_stemmer(lang) {
            lang.to_string()
        } else {
            String::new()
        },
        ..Tuning::default()
    }
}

/// [`build_language_index`], also giving each document's prepared tokens
/// for [`build_mixed_index`].
pub fn build_recorded_index(lang: &str, docs: &[SearchDoc]) -> (String, Vec<PreparedDoc>) {
    recorded_tuned(docs, &language_tuning(lang))
}

fn recorded_tuned(docs: &[SearchDoc], tuning: &Tuning) -> (String, Vec<PreparedDoc>) {
    let mut builder = Builder::new(tuning, docs.len(), true);
    let (mut labels, mut bytes) = (String::new(), Vec::new());
    let mut places = Vec::with_capacity(docs.len());
    for doc in docs {
        let first = builder.section;
        builder.text(doc);
        let place = (labels.len() as u32, bytes.len() as u32);
        builder.recorded(doc, first, &mut labels, &mut bytes);
        places.push((place.0, place.1, bytes.len() as u32));
    }
    let (json, names, stems) = builder.finish();
    let recorded = std::sync::Arc::new(Recorded::new(tuning, &names, &stems, labels, bytes));
    drop((names, stems));
    let prepared = places
        .into_iter()
        .map(|(labels, start, end)| PreparedDoc {
            recorded: recorded.clone(),
            labels,
            start,
            end,
        })
        .collect();
    (json, prepared)
}

/// The index of [`build_language_index`] over the documents in order, the
/// prepared ones taken as recorded (by an index of the same language)
/// instead of tokenised again: the same bytes.
pub fn build_mixed_index(lang: &str, docs: &[MixedDoc<'_>]) -> String {
    mixed_tuned(docs, &language_tuning(lang))
}

fn mixed_tuned(docs: &[MixedDoc<'_>], tuning: &Tuning) -> String {
    let mut builder = Builder::new(tuning, docs.len(), false);
    for doc in docs {
        match doc {
            MixedDoc::Text(doc) => builder.text(doc),
            MixedDoc::Prepared(doc) => builder.prepared(doc),
        }
    }
    builder.finish().0
}

/// Appends `term` front-coded after `previous`: a letter `A` to `Z` for the
/// UTF-16 code units they share (at most 25), then the rest of `term`.
fn push_front_coded(out: &mut String, previous: &str, term: &str) {
    let mut units = 0;
    let mut bytes = 0;
    for (a, b) in previous.chars().zip(term.chars()) {
        if a != b || units + a.len_utf16() > 25 {
            break;
        }
        units += a.len_utf16();
        bytes += a.len_utf8();
    }
    out.push(char::from(b'A' + units as u8));
    out.push_str(&term[bytes..]);
}

/// The `stems` and `groups` of the index: the stems front-coded in order,
/// and for each the positions of its terms in the output (`order`).
fn stem_groups(stems: &[String], pairs: Vec<(u32, u32)>, order: &[u32]) -> (String, String) {
    let mut position = vec![0u32; order.len()];
    for (i, &number) in order.iter().enumerate() {
        position[number as usize] = i as u32;
    }
    let stem_order = order_by_name(stems);
    let mut rank = vec![0u32; stems.len()];
    for (i, &number) in stem_order.iter().enumerate() {
        rank[number as usize] = i as u32;
    }
    let mut ranked: Vec<(u32, u32)> = pairs
        .into_iter()
        .map(|(stem, term)| (rank[stem as usize], position[term as usize]))
        .collect();
    ranked.sort_unstable();
    ranked.dedup();
    let (mut out_stems, mut lists) = (String::new(), String::new());
    let mut previous: Option<u32> = None;
    let mut last = None;
    for (r, member) in ranked {
        if previous != Some(r) {
            let stem = &stems[stem_order[r as usize] as usize];
            if let Some(p) = previous {
                out_stems.push(' ');
                lists.push(' ');
                push_front_coded(
                    &mut out_stems,
                    &stems[stem_order[p as usize] as usize],
                    stem,
                );
            } else {
                push_front_coded(&mut out_stems, "", stem);
            }
            previous = Some(r);
            last = None;
        }
        push_number(&mut lists, last.map_or(member, |l| member - l - 1));
        last = Some(member);
    }
    (out_stems, lists)
}

/// The hash of a term name in [`Terms::numbers`].
fn hash_name(name: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(name)
}

/// Term numbers in the order of their names' bytes. The first eight
/// bytes, read as one big-endian number, decide most comparisons without
/// following the names' pointers (names hold no NUL, so the zero padding
/// of short names sorts them first, as the bytes do).
fn order_by_name(names: &[String]) -> Vec<u32> {
    let prefix = |name: &str| {
        let mut bytes = [0u8; 8];
        let n = name.len().min(8);
        bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
        u64::from_be_bytes(bytes)
    };
    let mut keyed: Vec<(u64, u32)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (prefix(name), i as u32))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| names[a.1 as usize].cmp(&names[b.1 as usize]))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Appends `n` in the self-delimiting base-32 digits of posting lists.
fn push_number(out: &mut String, n: u32) {
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push((rest % 32) as usize);
        rest /= 32;
        if rest == 0 {
            break;
        }
    }
    let last = digits.len() - 1;
    for (i, &d) in digits.iter().rev().enumerate() {
        out.push(char::from(if i == last { LAST[d] } else { MORE[d] }));
    }
}

/// One term of a decoded index: the token, whether it is a stop term, and
/// its postings as (document, section in the document, field).
pub type DecodedTerm = (String, bool, Vec<(usize, usize, u32)>);

/// Reads an index back, for tests and tools; the reader of the site is
/// `search.js`.
pub fn decode(json: &str) -> Option<Vec<DecodedTerm>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let docs = value.get("docs")?.as_array()?;
    let mut owner = Vec::new();
    for (d, row) in docs.iter().enumerate() {
        let n = (row.as_array()?.len() - 2) / 2;
        owner.extend((0..n).map(|s| (d, s)));
    }
    let terms = value.get("terms")?.as_str()?;
    let post = value.get("post")?.as_str()?;
    let mut out = Vec::new();
    let mut previous: Vec<u16> = Vec::new();
    if terms.is_empty() {
        return Some(out);
    }
    for (entry, list) in terms.split(' ').zip(post.split(' ')) {
        let (stop, list) = match list.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, list),
        };
        let mut chars = entry.chars();
        let keep = (chars.next()? as u8).checked_sub(b'A')? as usize;
        let mut units: Vec<u16> = previous.get(..keep)?.to_vec();
        units.extend(chars.as_str().encode_utf16());
        let term = String::from_utf16(&units).ok()?;
        previous = units;
        let mut hits = Vec::new();
        let (mut acc, mut last) = (0u32, None::<u32>);
        for b in list.bytes() {
            if let Some(d) = MORE.iter().position(|&m| m == b) {
                acc = acc * 32 + d as u32;
            } else {
                let d = LAST.iter().position(|&m| m == b)? as u32;
                let value = last.map_or(acc * 32 + d, |l| l + acc * 32 + d + 1);
                let (doc, section) = *owner.get((value / 3) as usize)?;
                hits.push((doc, section, value % 3));
                last = Some(value);
                acc = 0;
            }
        }
        out.push((term, stop, hits));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index_tokens;

    fn section(id: &str, heading: &str, text: &str) -> SearchSection {
        SearchSection {
            id: id.into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    fn docs() -> Vec<SearchDoc> {
        vec![
            SearchDoc {
                title: "Krankenversicherung in Deutschland".into(),
                url: "/de/health/insurance/".into(),
                sections: vec![
                    section(
                        "",
                        "",
                        "Wer in Deutschland wohnt, braucht eine Krankenversicherung.",
                    ),
                    section("costs", "Kosten", "Die Ärztin in München kostet nichts."),
                ],
            },
            SearchDoc {
                title: "Notruf".into(),
                url: "/de/health/emergency/".into(),
                sections: vec![section("numbers", "Nummern", "112 und 116 117")],
            },
        ]
    }

    /// An index without cut tokens and without stop terms.
    fn full(docs: &[SearchDoc]) -> String {
        let tuning = Tuning {
            max_len: 0,
            stop_share: 0.0,
            stop_min_docs: 0,
            lang: String::new(),
        };
        build_tuned(docs, &tuning)
    }

    #[test]
    fn tokens_are_cut_and_frequent_terms_become_stop_terms() {
        let mut docs = docs();
        for i in 0..10 {
            docs.push(SearchDoc {
                title: format!("Seite {i}"),
                url: format!("/de/{i}/"),
                sections: vec![section("", "", "Die Versicherungen in Deutschland")],
            });
        }
        let index = build_index(&docs);
        let decoded = decode(&index).unwrap();
        let term = |t: &str| decoded.iter().find(|(x, _, _)| x == t).cloned();
        // Cut to seven letters: Krankenversicherung, Versicherungen.
        assert!(term("krankenversicherung").is_none());
        assert_eq!(term("kranken").unwrap().2, vec![(0, 0, TITLE)]);
        assert!(term("versich").is_some());
        // "deutschland" is in 11 of 12 documents: a stop term that keeps
        // only its title posting.
        let (_, stop, hits) = term("deutsch").unwrap();
        assert!(stop);
        assert_eq!(hits, vec![(0, 0, TITLE)]);
        let (_, stop, _) = term("kosten").unwrap();
        assert!(!stop);
    }

    fn hits(index: &str, token: &str) -> Vec<(usize, usize, u32)> {
        decode(index)
            .unwrap()
            .into_iter()
            .find(|(t, _, _)| t == token)
            .map(|(_, _, h)| h)
            .unwrap_or_default()
    }

    #[test]
    fn documents_and_sections_are_listed() {
        let index = full(&docs());
        let v: serde_json::Value = serde_json::from_str(&index).unwrap();
        assert_eq!(v["v"], 2);
        assert_eq!(
            v["docs"][0],
            serde_json::json!([
                "Krankenversicherung in Deutschland",
                "/de/health/insurance/",
                "",
                "",
                "costs",
                "Kosten"
            ])
        );
        assert_eq!(v["docs"][1][2], "numbers");
    }

    #[test]
    fn postings_keep_the_best_field_per_section() {
        let index = full(&docs());
        // In the title and in the intro's text: the title wins there.
        assert_eq!(hits(&index, "krankenversicherung"), vec![(0, 0, TITLE)]);
        assert_eq!(hits(&index, "kosten"), vec![(0, 1, HEADING)]);
        assert_eq!(hits(&index, "nummern"), vec![(1, 0, HEADING)]);
        assert_eq!(
            hits(&index, "deutschland"),
            vec![(0, 0, TITLE)],
            "title and intro text are the same section"
        );
        assert_eq!(hits(&index, "116"), vec![(1, 0, BODY)]);
        assert_eq!(hits(&index, "in"), vec![(0, 0, TITLE), (0, 1, BODY)]);
    }

    #[test]
    fn umlaut_spellings_and_folded_forms_are_indexed() {
        let index = full(&docs());
        for t in ["munchen", "muenchen", "arztin", "aerztin"] {
            assert_eq!(hits(&index, t), vec![(0, 1, BODY)], "{t}");
        }
        // One-letter tokens are left out.
        assert!(decode(&index)
            .unwrap()
            .iter()
            .all(|(t, _, _)| t.chars().count() > 1));
    }

    #[test]
    fn terms_are_sorted_unique_and_front_coded() {
        let index = full(&docs());
        let terms: Vec<String> = decode(&index)
            .unwrap()
            .into_iter()
            .map(|(t, _, _)| t)
            .collect();
        let mut sorted = terms.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(terms, sorted);
        let v: serde_json::Value = serde_json::from_str(&index).unwrap();
        let raw = v["terms"].as_str().unwrap();
        // "kostet" after "kosten" shares five letters.
        assert!(raw.contains(" Ft "), "{raw}");
    }

    #[test]
    fn words_split_as_the_separator_characters_do() {
        for text in [
            "Kündigung, Miete-Vertrag (§ 573) und 116 117!",
            "Ты получишь пособие: да/нет l'eau",
            "مؤمَّنًا\u{200c}ها — 030 23125 & so",
            "",
            "  ..  ",
            "a",
        ] {
            let by_chars: Vec<&str> = text
                .split(is_word_separator)
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), by_chars, "{text}");
        }
    }

    #[test]
    fn names_sort_as_their_bytes() {
        let names = [
            "kostenlos",
            "kosten",
            "kost",
            "ko",
            "k",
            "kostenlose",
            "zz",
            "ä",
            "aé",
            "ae",
            "кошка",
            "كتاب",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "abcdefgha",
        ];
        let owned: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let got: Vec<&str> = order_by_name(&owned)
            .into_iter()
            .map(|i| names[i as usize])
            .collect();
        let mut expected = names.to_vec();
        expected.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn arabic_script_is_indexed_folded() {
        let docs = vec![SearchDoc {
            title: "التأمين الصحي في ألمانيا".into(),
            url: "/ar/health/insurance/".into(),
            sections: vec![section("types", "تأمين عام أو خاص", "شركة تأمين صحي خاصة.")],
        }];
        let index = full(&docs);
        assert_eq!(hits(&index, "تامين"), vec![(0, 0, TITLE)]);
        assert_eq!(hits(&index, "خاصه"), vec![(0, 0, BODY)]);
        // ألمانيا folds to المانيا, which looks like article + مانيا; the same
        // happens to the query, so both meet.
        assert_eq!(hits(&index, "مانيا"), vec![(0, 0, TITLE)]);
        assert!(hits(&index, "التامين").is_empty());
    }

    #[test]
    fn words_are_indexed_as_their_whole_text_would_be() {
        // Joined by an apostrophe between Cyrillic letters, a zero-width
        // non-joiner, a combining accent and a soft hyphen; split by a dash
        // and Arabic punctuation.
        let text = "здоров'я (ЗДОРОВ'Я), می\u{200C}خوانید؛ cafe\u{0301}-Stra\u{00AD}ße, \"Ärztin\"";
        let docs = vec![SearchDoc {
            title: "T".into(),
            url: "/x/".into(),
            sections: vec![section("", "", text)],
        }];
        let index = full(&docs);
        let mut expected: Vec<String> = index_tokens(text)
            .into_iter()
            .chain(index_tokens("T"))
            .filter(|t| t.chars().nth(1).is_some())
            .collect();
        expected.sort();
        expected.dedup();
        let mut found: Vec<String> = decode(&index)
            .unwrap()
            .into_iter()
            .map(|(t, _, _)| t)
            .collect();
        found.sort();
        assert_eq!(found, expected);
        assert!(found.contains(&"здоровя".to_string()), "{found:?}");
        assert!(found.contains(&"cafe".to_string()), "{found:?}");
    }

    #[test]
    fn output_is_deterministic_and_small_numbers_take_one_digit() {
        assert_eq!(full(&docs()), full(&docs()));
        let mut s = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(&mut s, n);
            s.push(',');
        }
        assert_eq!(s, "W,-,1W,V-,10W,");
    }

    #[test]
    fn empty_documents_still_get_a_section() {
        let docs = vec![
            SearchDoc {
                title: "Arbeit".into(),
                url: "/de/work/".into(),
                sections: vec![],
            },
            SearchDoc {
                title: "Mindestlohn".into(),
                url: "/de/work/minimum-wage/".into(),
                sections: vec![section("", "", "12,82 Euro")],
            },
        ];
        let index = full(&docs);
        assert_eq!(hits(&index, "mindestlohn"), vec![(1, 0, TITLE)]);
        assert_eq!(hits(&index, "arbeit"), vec![(0, 0, TITLE)]);
        assert_eq!(
            build_index(&[]),
            r#"{"v":2,"max":7,"docs":[],"terms":"","post":""}"#
        );
    }

    #[test]
    fn stems_group_the_terms_that_do_not_start_with_them() {
        let docs = vec![SearchDoc {
            title: "التأمين والمحكمة".into(),
            url: "/ar/x/".into(),
            sections: vec![section("", "", "محكمة المحاكم")],
        }];
        let index = build_language_index("ar", &docs);
        let v: serde_json::Value = serde_json::from_str(&index).unwrap();
        assert_eq!(v["lang"], "ar");
        let terms: Vec<String> = decode(&index).unwrap().into_iter().map(|t| t.0).collect();
        let stems: Vec<&str> = v["stems"].as_str().unwrap().split(' ').collect();
        // تأمين: the term تامين and its stem تام, too short to be found as
        // the start of the term: a group.
        assert_eq!(stems, ["Aتام"]);
        let position = terms.iter().position(|t| t == "تامين").unwrap();
        let mut coded = String::new();
        push_number(&mut coded, position as u32);
        assert_eq!(v["groups"], coded.as_str());
        // والمحكمة: the term محکمه starts with its stem محکم: no group.
        assert!(terms.contains(&"محکمه".to_string()), "{terms:?}");
        // A language without a stemmer has neither.
        let plain = build_language_index("xx", &docs);
        assert!(!plain.contains("\"stems\"") && !plain.contains("\"lang\""));
    }
}

#[cfg(test)]
mod mixed_tests;
