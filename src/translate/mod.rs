//! The translators' workflow: exchange files, segment freshness and machine drafts.
pub mod history;
pub mod machine;
