//! `lotse translate machine`: machine drafts of the pages a language is
//! missing, written only after the service returned every text, and marked
//! `machine_translated: true` so that readers see the notice until a
//! speaker of the language checks them.

use std::path::{Path, PathBuf};

use super::export::{self, ExportOptions, Format, Site};
use super::import::{self, ImportOptions};
use super::machine::Machine;
use crate::error::{Error, Result};

/// Translates every untranslated unit of the missing pages of `lang` (or
/// of `paths`) with `machine`, then writes the pages; returns them.
pub fn machine_drafts(
    root: &Path,
    lang: &str,
    from: Option<&str>,
    paths: &[String],
    machine: &Machine,
) -> Result<Vec<PathBuf>> {
    let site = Site::load(root)?;
    let options = ExportOptions {
        lang: lang.to_string(),
        from: from.map(String::from),
        missing: true,
        stale: false,
        paths: paths.to_vec(),
        format: Format::Po,
        output: None,
    };
    let plan = export::plan(&site, root, &options)?;
    let mut catalogs = Vec::new();
    for (mut catalog, file) in plan.files {
        let open: Vec<usize> = (0..catalog.entries.len())
            .filter(|&i| !catalog.entries[i].is_done())
            .collect();
        let texts: Vec<String> = open
            .iter()
            .map(|&i| catalog.entries[i].source.clone())
            .collect();
        let got = machine
            .translate(&catalog.source_lang, &catalog.target_lang, &texts)
            .map_err(|e| {
                export::invalid(
                    &root.join(&catalog.original),
                    None,
                    format!("machine translation failed, nothing was written: {e}"),
                )
            })?;
        if got.len() != texts.len() {
            return Err(export::invalid(
                &root.join(&catalog.original),
                None,
                "the service returned fewer texts than it was sent; nothing was written",
            ));
        }
        for (&i, text) in open.iter().zip(got) {
            let entry = &mut catalog.entries[i];
            entry.target = text;
            entry.fuzzy = false;
            entry.machine = true;
        }
        catalogs.push((file.path.clone(), catalog));
    }
    let done = import::apply(
        &site,
        &catalogs,
        &ImportOptions {
            partial: false,
            lang: Some(lang.to_string()),
            reviewed_by_speaker: None,
            today: None,
        },
    )?;
    if let Some((file, why)) = done.skipped.first() {
        return Err(Error::Output {
            path: file.clone(),
            message: why.clone(),
        });
    }
    Ok(done.written)
}
