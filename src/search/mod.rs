//! Search: one index per language, with letter folding made for the
//! site's scripts (Arabic, Persian, Pashto, Cyrillic, Latin).
//!
//! - [`normalize`](mod@normalize): the folding rules, shared with `search.js`;
//! - [`index`]: the documents of one language and their JSON index;
//! - [`stem`]: stemmers per language, shared with `stem-<lang>.js`;
//! - [`extract`]: plain-text sections from a rendered page body.
//!
//! The format and the contracts with the theme are described in `docs/search.md`.

pub mod extract;
pub mod index;
pub mod normalize;
pub mod stem;

pub use extract::sections_from_html;
pub use index::{build_index, build_language_index, SearchDoc, SearchSection};
pub use normalize::{index_tokens, normalize, tokens};

#[cfg(test)]
mod sample;
