//! The bad-input corpus: every folder under `tests/bad/` is a broken site,
//! written as the files that differ from `TestSite::standard()`.
//!
//! For each case the runner builds the standard site once (a good `public/`),
//! puts the case's files over it, builds again with the `lotse` binary and
//! checks: a non-zero exit without a panic, every line of `expected.txt` in
//! the messages, the message starting with the file (and line), `public/`
//! byte for byte as before, the rest of the site untouched and no temporary
//! folders left; `lotse check` must fail with the same first message. Cases
//! with an `expect-success` file must build instead.
//! The format is described in `tests/bad/README.md`.
//!
//! `LOTSE_BAD_CASE=name` runs only the cases whose name contains `name`;
//! `LOTSE_BAD_SHOW=1` prints what lotse printed for every case.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use support::TestSite;

/// Files of a case folder that describe the case instead of overlaying the site.
const META_FILES: &[&str] = &[
    "expected.txt",
    "args.txt",
    "setup.txt",
    "expect-success",
    "warnings.txt",
    "known-bug.txt",
];

/// One folder of `tests/bad/`.
struct Case {
    name: String,
    dir: PathBuf,
    /// Lines that must appear in stderr (or, for `expect-success`, in the page).
    expected: Vec<String>,
    /// Extra arguments after `build`.
    args: Vec<String>,
    /// Instructions for what cannot be stored as a file.
    setup: Vec<String>,
    /// For cases that must build: the output page that must render.
    success_page: Option<String>,
    /// For cases that must build: lines that must appear in stderr.
    warnings: Vec<String>,
    /// A case that shows a known lotse bug: what is wrong. Its failure is
    /// reported but does not fail the test (the fix belongs in `src/`).
    known_bug: Option<String>,
}

fn corpus_dir() -> PathBuf {
    support::repo_root().join("tests/bad")
}

fn read_lines(path: &Path) -> Vec<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn load_cases() -> Vec<Case> {
    let filter = std::env::var("LOTSE_BAD_CASE").unwrap_or_default();
    let mut cases: Vec<Case> = std::fs::read_dir(corpus_dir())
        .expect("tests/bad exists")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| {
            let dir = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let success_page = std::fs::read_to_string(dir.join("expect-success"))
                .ok()
                .map(|t| t.trim().to_string());
            Case {
                expected: read_lines(&dir.join("expected.txt")),
                args: read_lines(&dir.join("args.txt"))
                    .iter()
                    .flat_map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
                    .collect(),
                setup: read_lines(&dir.join("setup.txt")),
                success_page,
                warnings: read_lines(&dir.join("warnings.txt")),
                known_bug: std::fs::read_to_string(dir.join("known-bug.txt"))
                    .ok()
                    .map(|t| t.trim().to_string()),
                name,
                dir,
            }
        })
        .filter(|c| c.name.contains(&filter))
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Puts the case's files over the site: writes files, deletes `*.delete` paths.
fn overlay(case: &Case, site: &TestSite) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(&case.dir).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&case.dir)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if META_FILES.contains(&rel.as_str()) {
            continue;
        }
        if let Some(target) = rel.strip_suffix(".delete") {
            let path = site.path(target);
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| format!("cannot delete {target}: {e} (stale case?)"))?;
        } else {
            let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
            site.write_bytes(&rel, &bytes);
        }
    }
    for line in &case.setup {
        run_setup(line, site)?;
    }
    Ok(())
}

/// `symlink LINK -> TARGET`, `repeat BYTES PATH`, `mkdir PATH`, `fifo PATH`,
/// `env NAME=VALUE`.
fn run_setup(line: &str, site: &TestSite) -> Result<(), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["symlink", link, "->", target] => {
            let link = site.path(link);
            std::fs::create_dir_all(link.parent().expect("parent")).map_err(|e| e.to_string())?;
            symlink(Path::new(target), &link)
        }
        ["repeat", bytes, path] => {
            let bytes: u64 = bytes.parse().map_err(|_| format!("bad size in {line:?}"))?;
            let path = site.path(path);
            let mut text = std::fs::read(&path).unwrap_or_default();
            let filler = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n";
            while (text.len() as u64) < bytes {
                text.extend_from_slice(filler);
            }
            std::fs::write(&path, text).map_err(|e| e.to_string())
        }
        ["mkdir", path] => std::fs::create_dir_all(site.path(path)).map_err(|e| e.to_string()),
        ["fifo", path] => {
            let path = site.path(path);
            std::fs::create_dir_all(path.parent().expect("parent")).map_err(|e| e.to_string())?;
            fifo(&path)
        }
        // Read by `check` when it runs lotse.
        ["env", assignment] if assignment.contains('=') => Ok(()),
        _ => Err(format!("unknown setup instruction {line:?}")),
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(target, link).map_err(|e| e.to_string())
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> Result<(), String> {
    Err("symbolic links are only set up on Unix".into())
}

/// Makes a named pipe with the `mkfifo` command.
#[cfg(unix)]
fn fifo(path: &Path) -> Result<(), String> {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .map_err(|e| format!("mkfifo: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("mkfifo {} failed", path.display()))
}

#[cfg(not(unix))]
fn fifo(_path: &Path) -> Result<(), String> {
    Err("named pipes are only set up on Unix".into())
}

/// Every entry below the site root except `public/`: files with their bytes,
/// folders, links (not followed) and named pipes as markers.
fn site_listing(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != "public")
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("inside").to_path_buf();
            let t = e.file_type();
            let bytes = if t.is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap_or_default();
                format!("link -> {}", target.display()).into_bytes()
            } else if t.is_dir() {
                b"dir".to_vec()
            } else if t.is_file() {
                std::fs::read(e.path()).unwrap_or_default()
            } else {
                // A named pipe: opening it would wait for a writer.
                b"special".to_vec()
            };
            (rel, bytes)
        })
        .collect()
}

/// The start of a message that names the file: `path[:line]: error:` for
/// problems in a file, `error: path: ` for problems with the output folder.
fn location_prefix(expected: &str) -> Option<String> {
    if let Some(rest) = expected.strip_prefix("error: ") {
        let (path, _) = rest.split_once(": ")?;
        return (!path.is_empty()).then(|| format!("error: {path}: "));
    }
    let location = match expected.split_once(": error: ") {
        Some((location, _)) => location,
        None => expected.strip_suffix(": error:")?,
    };
    (!location.is_empty()).then(|| format!("{location}: error:"))
}

/// `lotse check` must refuse what `build` refuses, with the same first
/// message (printed under its file: `path` then `  [line: ]error: message`).
fn check_command(case: &Case, site: &TestSite) -> Vec<String> {
    let Some((location, message)) = case
        .expected
        .first()
        .and_then(|l| l.split_once(": error: "))
    else {
        return Vec::new();
    };
    let (path, line) = match location.rsplit_once(':') {
        Some((path, line)) if line.parse::<usize>().is_ok() => (path, format!("{line}: ")),
        _ => (location, String::new()),
    };
    let out = site.run(&["check"]);
    let mut failures = Vec::new();
    if out.code == Some(0) || out.code.is_none() {
        failures.push(format!("check must fail too, got exit {:?}", out.code));
    }
    let wanted = format!("  {line}error: {message}");
    if !out.stdout.lines().any(|l| l == path) || !out.stdout.contains(&wanted) {
        failures.push(format!(
            "check does not report {path:?} with {wanted:?}:\n{}{}",
            out.stdout, out.stderr
        ));
    }
    failures
}

/// Runs one case; returns what went wrong.
fn check(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let site = TestSite::standard();
    site.build_ok();
    let before = site.snapshot("public");
    assert!(!before.is_empty());
    if let Err(e) = overlay(case, &site) {
        return vec![format!("setup failed: {e}")];
    }
    let files_before = site_listing(site.dir.path());
    let mut args = vec!["build".to_string()];
    args.extend(case.args.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env: Vec<(&str, &str)> = case
        .setup
        .iter()
        .filter_map(|l| l.strip_prefix("env "))
        .filter_map(|a| a.trim().split_once('='))
        .collect();
    let out = site.run_with_env(&args, &env);
    if std::env::var_os("LOTSE_BAD_SHOW").is_some() {
        eprintln!(
            "---- {} (exit {:?})\n{}{}",
            case.name, out.code, out.stdout, out.stderr
        );
    }
    if out.stderr.contains("panicked at") || out.code == Some(101) {
        failures.push(format!("lotse panicked:\n{}", out.stderr));
    }

    if let Some(page) = &case.success_page {
        if out.code != Some(0) {
            failures.push(format!("the build must succeed:\n{}", out.stderr));
            return failures;
        }
        if out.stderr.contains("error:") {
            failures.push(format!("errors printed by a good build:\n{}", out.stderr));
        }
        for line in &case.warnings {
            if !out.stderr.contains(line.as_str()) {
                failures.push(format!("missing warning {line:?} in:\n{}", out.stderr));
            }
        }
        match std::fs::read_to_string(site.path("public").join(page)) {
            Ok(html) => {
                for line in &case.expected {
                    if !html.contains(line.as_str()) {
                        failures.push(format!("public/{page} lacks {line:?}"));
                    }
                }
            }
            Err(e) => failures.push(format!("public/{page} was not rendered: {e}")),
        }
        return failures;
    }

    if case.expected.is_empty() {
        failures.push("expected.txt is missing or empty".into());
    }
    if out.code == Some(0) || out.code.is_none() {
        failures.push(format!(
            "the build must fail with a non-zero exit code, got {:?}",
            out.code
        ));
    }
    for line in &case.expected {
        if !out.stderr.contains(line.as_str()) {
            failures.push(format!("missing line {line:?}"));
        }
    }
    // The message starts with the file (and line): `path[:line]: error: ...`.
    match case.expected.first().and_then(|l| location_prefix(l)) {
        Some(prefix) => {
            if !out.stderr.lines().any(|l| l.starts_with(&prefix)) {
                failures.push(format!("no message starts with {prefix:?}"));
            }
        }
        None => failures.push(format!(
            "the first line of expected.txt must name the file (`path[:line]: error: ...` or `error: path: ...`), not {:?}",
            case.expected.first()
        )),
    }
    if case.args.is_empty() {
        failures.extend(check_command(case, &site));
    }
    if site.snapshot("public") != before {
        failures.push("public/ changed after a failed build".into());
    }
    let files_after = site_listing(site.dir.path());
    if files_after != files_before {
        let changed: Vec<_> = files_before
            .keys()
            .chain(files_after.keys())
            .filter(|k| files_before.get(*k) != files_after.get(*k))
            .map(|k| k.display().to_string())
            .collect();
        failures.push(format!("files outside public/ changed: {changed:?}"));
    }
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .expect("site dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("lotse-"))
        .collect();
    if !leftovers.is_empty() {
        failures.push(format!("temporary folders left: {leftovers:?}"));
    }
    if !failures.is_empty() {
        failures.push(format!("lotse printed:\n{}", out.stderr));
    }
    failures
}

#[test]
fn every_bad_input_case_fails_cleanly() {
    let cases = load_cases();
    if std::env::var("LOTSE_BAD_CASE").is_err() {
        assert!(
            cases.len() >= 27,
            "the corpus has only {} cases",
            cases.len()
        );
    }
    let next = AtomicUsize::new(0);
    let report = Mutex::new(Vec::new());
    let known = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 8);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let failures = check(case);
                let text = format!("tests/bad/{}:\n  {}", case.name, failures.join("\n  "));
                match (&case.known_bug, failures.is_empty()) {
                    (None, true) => {}
                    (None, false) => report.lock().expect("lock").push(text),
                    (Some(bug), false) => known
                        .lock()
                        .expect("lock")
                        .push(format!("known lotse bug: {bug}\n{text}")),
                    (Some(_), true) => known.lock().expect("lock").push(format!(
                        "tests/bad/{}: the known bug seems fixed: delete its known-bug.txt",
                        case.name
                    )),
                }
            });
        }
    });
    let mut known = known.into_inner().expect("lock");
    known.sort();
    for note in &known {
        eprintln!("{note}\n");
    }
    let mut report = report.into_inner().expect("lock");
    report.sort();
    assert!(
        report.is_empty(),
        "{} of {} cases failed:\n\n{}",
        report.len(),
        cases.len(),
        report.join("\n\n")
    );
}

#[test]
fn every_case_folder_is_well_formed() {
    for case in load_cases() {
        let has_overlay = walkdir::WalkDir::new(&case.dir)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| {
                e.file_type().is_file()
                    && !META_FILES.contains(
                        &e.path()
                            .strip_prefix(&case.dir)
                            .expect("inside")
                            .to_string_lossy()
                            .as_ref(),
                    )
            });
        assert!(
            has_overlay || !case.setup.is_empty() || !case.args.is_empty(),
            "tests/bad/{} changes nothing",
            case.name
        );
        assert!(
            !case.expected.is_empty(),
            "tests/bad/{} has no expected.txt",
            case.name
        );
    }
}
