//! The translators' workflow: articles cut into units, written to exchange
//! files (gettext PO, XLIFF 1.2) for translation tools, and read back into
//! translations in the original's structure.

pub mod exchange;
pub mod plural;
pub mod po;
pub mod segment;
pub mod tags;
pub mod xliff;
