//! lotse turns a Markdown knowledge base in many languages into a small,
//! right-to-left aware static site.
//!
//! The pipeline, in order (see [`pipeline::build`]):
//!
//! ```text
//! config (site.toml) ─► i18n (UI strings) ─► content (load pages)
//!     ─► markdown (render bodies) ─► template (views + Tera) ─► output (write)
//! ```
//!
//! `feeds` adds the sitemap and Atom feeds; `serve` serves a built site;
//! `directory` reads a site's referral directory (`services.yaml`), shown
//! in article boxes and on a directory page per language.
//! Every stage reads the site's files through `input`, which follows links
//! only inside the site folder and refuses anything but files and folders.
//! Below the stages are small leaves (`date`, `slug`, `hash`, `text`, `url`,
//! `diagnostic`, ...); above them the commands (`check`, `status`, `serve`,
//! and `translate`: exchange files for translation tools).
//! A module imports only modules below it: `tests/architecture.rs` lists the
//! order and fails on an import against it.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod directory;
pub mod error;
pub mod feeds;
pub mod freshness;
pub mod hash;
pub mod i18n;
pub mod input;
pub mod lang;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod qr;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod status;
pub mod template;
pub mod text;
pub mod translate;
pub mod url;
#[doc(hidden)]
pub mod work;
pub mod yaml;

pub use error::{Error, Result};
