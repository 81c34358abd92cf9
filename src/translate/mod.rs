//! The translators' workflow: articles cut into units, written to exchange
//! files (gettext PO, XLIFF 1.2) for translation tools, and read back into
//! translations in the original's structure; which units changed since a
//! translation was made (from git history); machine drafts.

pub mod drafts;
pub mod exchange;
pub mod export;
pub mod history;
pub mod import;
pub mod machine;
pub mod plural;
pub mod po;
pub mod segment;
pub mod tags;
pub mod ui;
pub mod xliff;
