//! Exchange files checked by the tools translators use: gettext's
//! `msgfmt --check`, and translate-toolkit's `pocount`, `po2xliff` and
//! `xliff2po` read them without a warning; a round trip through
//! translate-toolkit's own conversions changes nothing but the text.
//!
//! The tools are looked up on PATH and in `target/translate-toolkit/bin`
//! (where `.ci/run` installs translate-toolkit). Without them the tests
//! print a notice and pass, except in CI (`CI` set), where they must run.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use lotse::translate::segment::Document;
use lotse::translate::tags::{self, Piece};
use support::{repo_root, TestSite};

fn tool(name: &str) -> Option<PathBuf> {
    let local = repo_root().join("target/translate-toolkit/bin").join(name);
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| local.is_file().then_some(local))
}

/// The tools, or `None` (with a notice) when they are absent outside CI.
fn tools() -> Option<[PathBuf; 4]> {
    let found: Vec<Option<PathBuf>> = ["msgfmt", "pocount", "po2xliff", "xliff2po"]
        .iter()
        .map(|n| tool(n))
        .collect();
    if found.iter().all(Option::is_some) {
        let mut it = found.into_iter().flatten();
        return Some([(); 4].map(|_| it.next().unwrap_or_default()));
    }
    if std::env::var_os("CI").is_some() {
        panic!("msgfmt (gettext) and pocount, po2xliff, xliff2po (translate-toolkit) must be installed in CI: see .ci/run");
    }
    eprintln!("notice: gettext or translate-toolkit is not installed; the exchange files were not checked with them (.ci/run installs them)");
    None
}

/// Runs a tool; it must succeed and print nothing on stderr.
fn quiet(program: &Path, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "{} {args:?}: {stderr}",
        program.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn lotse(root: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "lotse {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exported_files_pass_msgfmt_and_translate_toolkit_without_warnings() {
    let Some([msgfmt, pocount, po2xliff, xliff2po]) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let root = repo_root();
    for (lang, format) in [("ar", "po"), ("pl", "po"), ("ar", "xliff"), ("fa", "xliff")] {
        let to = out.join(format!("{lang}-{format}"));
        let to = to.to_str().unwrap();
        lotse(
            &root,
            &[
                "translate",
                "export",
                "--lang",
                lang,
                "--ui",
                "--format",
                format,
                "-o",
                to,
                "health",
                "work",
            ],
        );
    }
    let mut po = 0;
    let mut xlf = 0;
    for entry in walkdir::WalkDir::new(out) {
        let path = entry.unwrap().into_path();
        let file = path.to_str().unwrap().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("po") => {
                quiet(&msgfmt, &["--check", "-o", "/dev/null", &file], out);
                let counted = quiet(&pocount, &[&file], out);
                assert!(counted.contains("Total:"), "{counted}");
                let xliff = format!("{file}.xlf");
                quiet(&po2xliff, &["--progress=none", &file, &xliff], out);
                po += 1;
            }
            Some("xlf") if !file.ends_with(".po.xlf") => {
                quiet(
                    &xliff2po,
                    &["--progress=none", &file, &format!("{file}.po")],
                    out,
                );
                xlf += 1;
            }
            _ => {}
        }
    }
    assert!(po >= 6 && xlf >= 6, "{po} PO, {xlf} XLIFF files");
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The test's "translation": letters upper-cased, placeholders kept.
fn shout(unit_text: &str) -> String {
    let pieces: Vec<Piece> = tags::parse(unit_text)
        .unwrap()
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => Piece::Text(t.to_uppercase()),
            other => other,
        })
        .collect();
    tags::write(&pieces)
}

/// Fills every empty target of an XLIFF file made by po2xliff.
fn fill_xliff(xliff: &str) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(at) = rest.find("<source>") {
        let end = at + rest[at..].find("</source>").unwrap();
        let source = &rest[at + "<source>".len()..end];
        let after = &rest[end + "</source>".len()..];
        let gap = after.len() - after.trim_start().len();
        let target = if after.trim_start().starts_with("<target></target>") {
            Some("<target></target>".len())
        } else if after.trim_start().starts_with("<target/>") {
            Some("<target/>".len())
        } else {
            None
        };
        out.push_str(&rest[..end + "</source>".len()]);
        match target {
            Some(len) => {
                out.push_str(&after[..gap]);
                let text = escape_xml(&shout(&unescape_xml(source)));
                out.push_str(&format!("<target state=\"translated\">{text}</target>"));
                rest = &after[gap + len..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    // Confirmed translations, as a tool marks them.
    out.replace(" approved=\"no\"", "")
        .replace(" approved=\"yes\"", "")
        .replace("<trans-unit ", "<trans-unit approved=\"yes\" ")
}

#[test]
fn a_round_trip_through_translate_toolkit_changes_nothing_but_the_text() {
    let Some([_, _, po2xliff, xliff2po]) = tools() else {
        return;
    };
    let site = TestSite::standard();
    let root = site.dir.path();
    site.write(
        "content/de/work/wage.md",
        &support::article(
            "Mindestlohn",
            "2026-05-01",
            "Der *Mindestlohn* gilt für alle.\n\n## Mindestlohn {#minimum}\n\n- 13,90 Euro ab 2026, siehe [Versicherung](../health/insurance.md#costs \"Kosten\").\n- Fragen: `0800 123`\n\n| Jahr | Euro |\n|---|---|\n| 2026 | **13,90** |\n",
        ),
    );
    let exported = site.path("out");
    lotse(
        root,
        &[
            "translate",
            "export",
            "--lang",
            "ar",
            "-o",
            exported.to_str().unwrap(),
            "work/wage",
        ],
    );
    let out = root.join("out/work");
    quiet(&po2xliff, &["--progress=none", "wage.po", "wage.xlf"], &out);
    let xliff = std::fs::read_to_string(out.join("wage.xlf")).unwrap();
    std::fs::write(out.join("wage.xlf"), fill_xliff(&xliff)).unwrap();
    quiet(&xliff2po, &["--progress=none", "wage.xlf", "back.po"], &out);
    lotse(
        root,
        &["translate", "import", out.join("back.po").to_str().unwrap()],
    );
    let original = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    let translated = std::fs::read_to_string(site.path("content/ar/work/wage.md")).unwrap();
    let (a, b) = (
        Document::parse(&original).unwrap(),
        Document::parse(&translated).unwrap(),
    );
    assert_eq!(a.shape(), b.shape());
    for (x, y) in a.units.iter().zip(&b.units) {
        assert_eq!(y.text, shout(&x.text), "{}", x.id);
    }
    // Apart from the text's case (link titles are text too) and the
    // translation's own front matter, every byte is the original's: markup,
    // link targets, ids, tables.
    let body = |t: &str| t.split_once("\n---\n").unwrap().1.to_lowercase();
    assert_eq!(body(&translated), body(&original));
    assert!(
        translated.contains("(../health/insurance.md#costs \"KOSTEN\")"),
        "{translated}"
    );
    assert!(translated.contains("`0800 123`"), "{translated}");
    assert!(
        translated.contains("source_updated: 2026-05-01\n"),
        "{translated}"
    );
}
