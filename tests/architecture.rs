//! The library's modules form layers: each imports only modules of the
//! layers before it (the pipeline's order: config → i18n → content →
//! markdown → template → output → pipeline, with the commands at the edge).
//! An upward import, and so any cycle, fails here with the file and line.

use std::fs;
use std::path::{Path, PathBuf};

/// Every module of `src/lib.rs`, lowest first. A module may use those
/// before it in this list, never those after it.
const LAYERS: &[&str] = &[
    // Leaves: no imports from the crate, or only from each other.
    "work",
    "lang",
    "text",
    "url",
    "hash",
    "date",
    "slug",
    "qr",
    "yaml",
    "diagnostic",
    "error",
    "input",
    // The pipeline's stages.
    "config",
    "i18n",
    "content",
    "markdown",
    "freshness",
    "directory",
    "search",
    "template",
    "feeds",
    "output",
    "pipeline",
    // The commands.
    "check",
    "status",
    "scaffold",
    "translate",
    "serve",
    "cli",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `.rs` files of a module: `src/<name>.rs` or everything under `src/<name>/`.
fn files_of(module: &str) -> Vec<PathBuf> {
    let file = src().join(format!("{module}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut files = Vec::new();
    let mut dirs = vec![src().join(module)];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The crate's modules that a line of code names (`crate::x`, `crate::{x, y::z}`).
fn modules_named(line: &str) -> Vec<String> {
    // A `//` outside a string starts a comment (an even number of quotes before it).
    let comment = line
        .match_indices("//")
        .map(|(at, _)| at)
        .find(|&at| line[..at].matches('"').count() % 2 == 0);
    let code = &line[..comment.unwrap_or(line.len())];
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            named.extend(group.split(',').map(ident).filter(|m| !m.is_empty()));
        } else {
            named.push(ident(rest));
        }
    }
    named
}

/// Each import of a module of a later layer: `file:line: a uses b`.
fn upward_imports() -> Vec<String> {
    let mut found = Vec::new();
    for (layer, module) in LAYERS.iter().enumerate() {
        for file in files_of(module) {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                for used in modules_named(line) {
                    let Some(used_layer) = LAYERS.iter().position(|m| *m == used) else {
                        continue;
                    };
                    if used_layer >= layer && used != *module {
                        found.push(format!(
                            "{}:{}: {module} uses {used}, which comes after it",
                            file.strip_prefix(src().parent().unwrap())
                                .unwrap()
                                .display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn modules_import_only_modules_of_earlier_layers() {
    let found = upward_imports();
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

#[test]
fn every_module_has_a_layer() {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    declared.sort_unstable();
    let mut layered = LAYERS.to_vec();
    layered.sort_unstable();
    assert_eq!(declared, layered);
}

#[test]
fn imports_are_read_in_every_form() {
    assert_eq!(modules_named("use crate::content::Page;"), ["content"]);
    assert_eq!(
        modules_named("use crate::{config::Config, pipeline};"),
        ["config", "pipeline"]
    );
    assert_eq!(
        modules_named("let h = crate::hash::short_hash(b); // crate::serve"),
        ["hash"]
    );
    assert!(modules_named("// see crate::pipeline").is_empty());
    assert_eq!(
        modules_named("let u = format!(\"https://{}\", crate::url::x()); // crate::serve"),
        ["url"]
    );
}
