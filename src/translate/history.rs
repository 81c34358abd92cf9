//! The text an original had when a translation was made, read from git.
//!
//! A translation records the original's `updated` date in `source_updated`.
//! The original as it was then is the file in the newest commit whose front
//! matter has that `updated` date. The `git` command is run directly (no
//! shell), with pagers, prompts, the file system monitor and optional locks
//! switched off, and with literal pathspecs so that a file name is never read
//! as a pattern. Without usable history (not a checkout, no `git`, a shallow
//! clone, an untracked file) the caller is told why, to say so in its export.

use std::path::{Component, Path};
use std::process::{Command, Stdio};

use crate::content::front_matter;
use crate::date::Date;

/// Where the text of a file as it was at an earlier date comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceAt {
    /// The file's text in the newest commit whose front matter `updated` equals the date.
    Found {
        /// The commit's full hash.
        commit: String,
        /// The file's text in that commit.
        text: String,
    },
    /// No usable history (not a git checkout, no `git`, a shallow clone, the file not tracked): the reason, for the export to say.
    NoHistory(String),
    /// History exists but no commit has that `updated` date.
    NotFound,
}

/// The text of `path` (relative to `root`) in the newest commit in which its front matter's `updated` equals `updated`.
pub fn source_at(root: &Path, path: &Path, updated: Date) -> SourceAt {
    source_at_with("git", root, path, updated)
}

/// [`source_at`] with the git program named.
fn source_at_with(program: &str, root: &Path, path: &Path, updated: Date) -> SourceAt {
    let git = |root: &Path, args: &[&str]| git(program, root, args);
    let shown = path.display();
    let Some(spec) = git_path(path) else {
        return SourceAt::NoHistory(format!(
            "{shown} is not a path inside the site, so its history cannot be read"
        ));
    };
    match git(root, &["rev-parse", "--is-inside-work-tree"]) {
        Ok(out) if out.trim() == "true" => {}
        Err(Failure::Refused(why)) if !why.contains("not a git repository") => {
            return SourceAt::NoHistory(Failure::Refused(why).reason(&shown))
        }
        Ok(_) | Err(Failure::Refused(_)) => {
            return SourceAt::NoHistory(format!(
                "{} is not a git checkout, so the text {shown} had when it was translated is unknown",
                root.display()
            ))
        }
        Err(Failure::NoGit(why)) => {
            return SourceAt::NoHistory(format!(
                "the git command could not be run ({why}), so the text {shown} had when it was translated is unknown"
            ))
        }
    }
    match git(root, &["rev-parse", "--is-shallow-repository"]) {
        Ok(out) if out.trim() == "false" => {}
        Ok(_) => {
            return SourceAt::NoHistory(format!(
                "the checkout is a shallow clone without the earlier versions of {shown}; `git fetch --unshallow` brings them"
            ))
        }
        Err(e) => return SourceAt::NoHistory(e.reason(&shown)),
    }
    match git(root, &["ls-files", "--error-unmatch", "--", &spec]) {
        Ok(_) => {}
        Err(Failure::Refused(_)) => {
            return SourceAt::NoHistory(format!(
                "{shown} is not committed to git, so it has no earlier versions"
            ))
        }
        Err(e) => return SourceAt::NoHistory(e.reason(&shown)),
    }
    let commits = match git(root, &["log", "--format=%H", "--", &spec]) {
        Ok(out) => out,
        Err(e) => return SourceAt::NoHistory(e.reason(&shown)),
    };
    for commit in commits.lines().map(str::trim).filter(|c| !c.is_empty()) {
        // `./` makes the path relative to `root`, which may lie below the repository's top.
        let Ok(text) = git(root, &["show", &format!("{commit}:./{spec}")]) else {
            continue;
        };
        let matches = front_matter::parse(&text)
            .ok()
            .and_then(|parsed| parsed.front.updated)
            == Some(updated);
        if matches {
            return SourceAt::Found {
                commit: commit.to_string(),
                text,
            };
        }
    }
    SourceAt::NotFound
}

/// Why a git command gave no answer.
#[derive(Debug)]
enum Failure {
    /// The command could not be started.
    NoGit(String),
    /// git ran and refused (a non-zero exit, or output that is not UTF-8).
    Refused(String),
}

impl Failure {
    /// The reason as a sentence about the file.
    fn reason(&self, shown: &impl std::fmt::Display) -> String {
        match self {
            Failure::NoGit(why) => format!(
                "the git command could not be run ({why}), so the text {shown} had when it was translated is unknown"
            ),
            Failure::Refused(why) => format!(
                "git could not read the history of {shown} ({why}), so the text it had when it was translated is unknown"
            ),
        }
    }
}

/// The path as git names it below the current folder: `/`-separated normal
/// components; `None` for an absolute path or one that climbs out with `..`.
fn git_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Runs `git -C root ARGS` (git being `program`) without a shell, a pager, prompts or hooks, and returns its output.
fn git(program: &str, root: &Path, args: &[&str]) -> Result<String, Failure> {
    let output = Command::new(program)
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.pager=cat",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            // No signature checks (they run gpg) and one path's own history.
            "-c",
            "log.showSignature=false",
            "-c",
            "log.follow=false",
            "--no-pager",
            "--literal-pathspecs",
        ])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("GIT_OPTIONAL_LOCKS", "0")
        // Messages in English, so that "not a git repository" can be told apart.
        .env("LC_ALL", "C")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Failure::NoGit(e.to_string()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::Refused(
            said.lines()
                .next()
                .unwrap_or("no message")
                .trim()
                .to_string(),
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| Failure::Refused("not UTF-8 text".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Runs git in `dir` with a fixed identity and no user or system configuration.
    fn run(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "user.name=Editor",
                "-c",
                "user.email=editor@example.org",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
                "-c",
                "protocol.file.allow=always",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn page(title: &str, updated: &str, body: &str) -> String {
        format!("---\ntitle: {title}\nupdated: {updated}\n---\n\n{body}\n")
    }

    fn date(text: &str) -> Date {
        Date::parse(text).expect("date")
    }

    const ARTICLE: &str = "content/en/health/insurance.md";

    /// A repository with the site in `site/`: three versions of an article
    /// (updated 2026-01-10, the same date again with a fix, then 2026-03-01),
    /// and an unrelated commit on top. Returns the commits, oldest first.
    fn repository(top: &Path) -> Vec<String> {
        let site = top.join("site");
        let file = site.join(ARTICLE);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        run(top, &["init", "-q"]);
        let mut commits = Vec::new();
        let mut commit = |text: &str, message: &str| {
            fs::write(&file, text).unwrap();
            run(top, &["add", "-A"]);
            run(top, &["commit", "-q", "-m", message]);
            commits.push(run(top, &["rev-parse", "HEAD"]).trim().to_string());
        };
        commit(&page("Insurance", "2026-01-10", "First text."), "first");
        commit(
            &page("Insurance", "2026-01-10", "First text, fixed."),
            "typo",
        );
        commit(&page("Insurance", "2026-03-01", "Second text."), "second");
        fs::write(site.join("other.md"), "other").unwrap();
        run(top, &["add", "-A"]);
        run(top, &["commit", "-q", "-m", "other"]);
        commits
    }

    #[test]
    fn finds_the_newest_commit_with_the_date() {
        let dir = tempfile::tempdir().unwrap();
        let commits = repository(dir.path());
        let site = dir.path().join("site");
        assert_eq!(
            source_at(&site, Path::new(ARTICLE), date("2026-01-10")),
            SourceAt::Found {
                commit: commits[1].clone(),
                text: page("Insurance", "2026-01-10", "First text, fixed."),
            }
        );
        assert_eq!(
            source_at(&site, Path::new(ARTICLE), date("2026-03-01")),
            SourceAt::Found {
                commit: commits[2].clone(),
                text: page("Insurance", "2026-03-01", "Second text."),
            }
        );
    }

    #[test]
    fn reads_the_committed_text_not_the_working_copy() {
        let dir = tempfile::tempdir().unwrap();
        let commits = repository(dir.path());
        let site = dir.path().join("site");
        fs::write(site.join(ARTICLE), page("Changed", "2026-03-01", "Edited.")).unwrap();
        let SourceAt::Found { commit, text } =
            source_at(&site, Path::new(ARTICLE), date("2026-03-01"))
        else {
            panic!("the committed version is found");
        };
        assert_eq!(commit, commits[2]);
        assert!(text.contains("Second text."), "{text}");
    }

    #[test]
    fn a_date_no_commit_has_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        repository(dir.path());
        let site = dir.path().join("site");
        assert_eq!(
            source_at(&site, Path::new(ARTICLE), date("2025-12-24")),
            SourceAt::NotFound
        );
    }

    #[test]
    fn a_version_with_broken_front_matter_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let commits = repository(dir.path());
        let site = dir.path().join("site");
        fs::write(
            site.join(ARTICLE),
            "---\ntitle: [unclosed\nupdated: 2026-03-01\n---\n",
        )
        .unwrap();
        run(dir.path(), &["commit", "-q", "-am", "broken"]);
        let found = source_at(&site, Path::new(ARTICLE), date("2026-03-01"));
        assert!(
            matches!(&found, SourceAt::Found { commit, .. } if *commit == commits[2]),
            "{found:?}"
        );
    }

    #[test]
    fn a_shallow_clone_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        repository(&dir.path().join("origin"));
        let url = format!("file://{}", dir.path().join("origin").display());
        run(dir.path(), &["clone", "-q", "--depth", "1", &url, "clone"]);
        let site = dir.path().join("clone/site");
        assert!(site.join(ARTICLE).is_file());
        let SourceAt::NoHistory(reason) = source_at(&site, Path::new(ARTICLE), date("2026-03-01"))
        else {
            panic!("a shallow clone has no history");
        };
        assert!(reason.contains("shallow clone"), "{reason}");
        assert!(reason.contains(ARTICLE), "{reason}");
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(ARTICLE);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, page("Insurance", "2026-03-01", "Text.")).unwrap();
        // The temporary folder lies outside any repository (as the system's temporary folder does).
        let SourceAt::NoHistory(reason) =
            source_at(dir.path(), Path::new(ARTICLE), date("2026-03-01"))
        else {
            panic!("a folder outside git has no history");
        };
        assert!(reason.contains("not a git checkout"), "{reason}");
    }

    #[test]
    fn an_untracked_file_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        repository(dir.path());
        let site = dir.path().join("site");
        let new = "content/en/health/new.md";
        fs::write(site.join(new), page("New", "2026-03-01", "Text.")).unwrap();
        let SourceAt::NoHistory(reason) = source_at(&site, Path::new(new), date("2026-03-01"))
        else {
            panic!("an untracked file has no history");
        };
        assert!(reason.contains("not committed"), "{reason}");
    }

    #[test]
    fn a_file_name_is_not_a_pattern() {
        let dir = tempfile::tempdir().unwrap();
        repository(dir.path());
        let site = dir.path().join("site");
        // As a pathspec, `*` would match the committed article.
        let SourceAt::NoHistory(reason) = source_at(
            &site,
            Path::new("content/en/health/*.md"),
            date("2026-03-01"),
        ) else {
            panic!("a pattern matches nothing");
        };
        assert!(reason.contains("not committed"), "{reason}");
    }

    #[test]
    fn a_path_out_of_the_site_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        repository(dir.path());
        let site = dir.path().join("site");
        for path in ["../site/content/en/health/insurance.md", "/etc/passwd", ""] {
            assert!(
                matches!(
                    source_at(&site, Path::new(path), date("2026-03-01")),
                    SourceAt::NoHistory(_)
                ),
                "{path}"
            );
        }
    }

    #[test]
    fn without_git_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        repository(dir.path());
        let missing = dir.path().join("no-such-git");
        let found = source_at_with(
            missing.to_str().unwrap(),
            &dir.path().join("site"),
            Path::new(ARTICLE),
            date("2026-03-01"),
        );
        let SourceAt::NoHistory(reason) = found else {
            panic!("without git there is no history: {found:?}");
        };
        assert!(reason.contains("git command could not be run"), "{reason}");
    }

    #[cfg(unix)]
    #[test]
    fn programs_named_in_the_repository_configuration_are_not_run() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let commits = repository(dir.path());
        let marker = dir.path().join("ran");
        let script = dir.path().join("program.sh");
        fs::write(
            &script,
            format!("#!/bin/sh\ntouch '{}'\n", marker.display()),
        )
        .unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        let program = script.to_str().unwrap();
        for (key, value) in [
            ("core.pager", program),
            ("core.fsmonitor", program),
            ("core.hooksPath", dir.path().to_str().unwrap()),
            ("gpg.program", program),
            ("log.showSignature", "true"),
        ] {
            run(dir.path(), &["config", key, value]);
        }
        let found = source_at(
            &dir.path().join("site"),
            Path::new(ARTICLE),
            date("2026-03-01"),
        );
        assert!(
            matches!(&found, SourceAt::Found { commit, .. } if *commit == commits[2]),
            "{found:?}"
        );
        assert!(!marker.exists(), "a program of the configuration ran");
    }
}
