//! Builds that are interrupted, killed, limited or racing with readers:
//! the previous output stays as it was, no temporary folder is left beside
//! it, and the output path is always there while a new output is swapped in.

#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use support::{article, TestSite};

/// Starts `lotse build` that stops before its swap until `flag` is removed.
fn start_paused(site: &TestSite, flag: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("build")
        .current_dir(site.dir.path())
        .env("LOTSE_TEST_PAUSE_AFTER_STAGING", flag)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lotse");
    // The build writes the flag once its new folder is complete.
    let mut waited = 0;
    while !flag.exists() {
        waited += 1;
        assert!(waited < 12_000, "the build never reached its pause");
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            panic!(
                "the build ended before its pause ({status}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child
}

/// Folders of lotse's own beside or inside `public/`.
fn temporary_folders(site: &TestSite) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in [site.path(""), site.path("public")] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(".public.lotse-")
            {
                found.push(entry.path());
            }
        }
    }
    found
}

/// Changes a page so that a new build differs from the last one.
fn edit(site: &TestSite, text: &str) {
    site.write(
        "content/de/work/wage.md",
        &article(
            "Mindestlohn",
            "2026-05-01",
            &format!("## Mindestlohn {{#minimum}}\n\n{text}"),
        ),
    );
}

fn signal(child: &Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).expect("pid");
    rustix::process::kill_process(pid, signal).expect("send signal");
}

#[test]
fn sigterm_and_sigint_mid_build_leave_the_previous_output_and_no_temporary_folder() {
    use rustix::process::Signal;
    let site = TestSite::standard();
    site.build_ok();
    let before = support::snapshot(&site.path("public"));
    let flags = tempfile::tempdir().expect("temp dir");
    for (n, sig) in [Signal::TERM, Signal::INT].into_iter().enumerate() {
        edit(&site, &format!("Version {n}.\n"));
        let flag = flags.path().join(format!("pause-{n}"));
        let child = start_paused(&site, &flag);
        assert_eq!(temporary_folders(&site).len(), 1, "the build is under way");
        signal(&child, sig);
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{sig:?}: {stderr}");
        assert_eq!(out.status.code(), Some(128 + sig.as_raw()), "{stderr}");
        assert!(stderr.contains("previous output is unchanged"), "{stderr}");
        assert_eq!(temporary_folders(&site), Vec::<PathBuf>::new(), "{sig:?}");
        assert!(
            support::snapshot(&site.path("public")) == before,
            "{sig:?} changed public/"
        );
    }
}

#[test]
fn the_next_build_removes_what_a_killed_build_left_but_not_a_running_build() {
    let site = TestSite::standard();
    site.build_ok();
    let flags = tempfile::tempdir().expect("temp dir");
    // kill -9 leaves the new folder behind.
    let killed_flag = flags.path().join("killed");
    let mut killed = start_paused(&site, &killed_flag);
    killed.kill().expect("kill -9");
    killed.wait().expect("wait");
    let stale = temporary_folders(&site);
    assert_eq!(stale.len(), 1, "{stale:?}");
    // The next build removes it, and pauses with its own new folder.
    let running_flag = flags.path().join("running");
    let running = start_paused(&site, &running_flag);
    let held = temporary_folders(&site);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_ne!(held, stale, "the killed build's folder is removed");
    // A build that runs meanwhile leaves the paused build's folder alone.
    edit(&site, "Third build.\n");
    site.build_ok();
    assert_eq!(temporary_folders(&site), held);
    assert!(site
        .read("de/work/wage/index.html")
        .contains("Third build."));
    // The paused build goes on and swaps in its output.
    std::fs::remove_file(&running_flag).expect("resume");
    let out = running.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(temporary_folders(&site), Vec::<PathBuf>::new());
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn a_file_size_limit_fails_with_one_message_naming_the_output_folder() {
    use std::os::unix::process::CommandExt;
    let site = TestSite::standard();
    site.build_ok();
    let before = support::snapshot(&site.path("public"));
    edit(&site, "Longer than the limit.\n");
    let mut command = Command::new(env!("CARGO_BIN_EXE_lotse"));
    command.arg("build").current_dir(site.dir.path());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = rustix::process::Rlimit {
                current: Some(1024),
                maximum: Some(1024),
            };
            rustix::process::setrlimit(rustix::process::Resource::Fsize, limit)?;
            Ok(())
        });
    }
    let out = command.output().expect("run lotse");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exits with an error: {stderr}");
    assert!(stderr.contains("file-size limit"), "{stderr}");
    let public = site.path("public").canonicalize().expect("public");
    assert!(
        stderr.contains(&format!("error: {}/", public.display())),
        "{stderr}"
    );
    assert_eq!(stderr.matches("public").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("os error").count(), 1, "{stderr}");
    assert!(!stderr.contains("lotse-new"), "{stderr}");
    assert_eq!(temporary_folders(&site), Vec::<PathBuf>::new());
    assert!(support::snapshot(&site.path("public")) == before);
}

/// Whether the file system under `dir` exchanges two folders in one step.
fn exchange_supported(dir: &Path) -> bool {
    let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
    std::fs::create_dir(&a).expect("probe");
    std::fs::create_dir(&b).expect("probe");
    let flags = rustix::fs::RenameFlags::EXCHANGE;
    let supported = rustix::fs::renameat_with(rustix::fs::CWD, &a, rustix::fs::CWD, &b, flags);
    std::fs::remove_dir(&a).expect("probe");
    std::fs::remove_dir(&b).expect("probe");
    supported.is_ok()
}

#[test]
fn the_output_path_stays_readable_while_builds_swap() {
    let site = TestSite::standard();
    site.build_ok();
    let page = site.path("public/index.html");
    let stop = Arc::new(AtomicBool::new(false));
    let (reads, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (stop, reads, misses) = (stop.clone(), reads.clone(), misses.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match std::fs::read(&page) {
                    Ok(bytes) if !bytes.is_empty() => reads.fetch_add(1, Ordering::SeqCst),
                    _ => misses.fetch_add(1, Ordering::SeqCst),
                };
            }
        })
    };
    for n in 0..6 {
        edit(&site, &format!("Build {n}.\n"));
        site.build_ok();
    }
    stop.store(true, Ordering::SeqCst);
    reader.join().expect("reader");
    let (reads, misses) = (reads.load(Ordering::SeqCst), misses.load(Ordering::SeqCst));
    assert!(reads > 0);
    if exchange_supported(site.dir.path()) {
        assert_eq!(
            misses, 0,
            "public/index.html missing {misses} of {reads} reads"
        );
    } else {
        println!("this file system cannot exchange folders: {misses} misses in {reads} reads");
    }
    assert_eq!(temporary_folders(&site), Vec::<PathBuf>::new());
}

/// Unmounts a tmpfs when the test ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_replaced_inside() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::standard();
    let public = site.path("public");
    std::fs::create_dir(&public).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "lotse-test", public.to_str().expect("path")])
        .output();
    match mounted {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            println!(
                "skipped: mounting a tmpfs is not permitted here: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        Err(e) => {
            println!("skipped: no mount command: {e}");
            return;
        }
    }
    let _mounted = Mounted(public.clone());
    let device = |p: &Path| std::fs::metadata(p).expect("stat").dev();
    assert_ne!(device(&public), device(site.dir.path()));
    site.build_ok();
    assert!(site.read("de/work/wage/index.html").contains("13,90"));
    site.write(
        "content/de/work/only-new.md",
        &article("Neu", "2026-05-01", "Neu.\n"),
    );
    edit(&site, "Second build.\n");
    site.build_ok();
    assert!(site
        .read("de/work/wage/index.html")
        .contains("Second build."));
    assert!(site.path("public/de/work/only-new/index.html").is_file());
    std::fs::remove_file(site.path("content/de/work/only-new.md")).expect("rm");
    site.build_ok();
    assert!(!site.path("public/de/work/only-new").exists());
    assert!(site.path("public/index.html").is_file());
    assert_ne!(device(&public), device(site.dir.path()), "still mounted");
    assert_eq!(temporary_folders(&site), Vec::<PathBuf>::new());
}

#[test]
fn a_full_disk_fails_with_a_hint_and_leaves_nothing_behind() {
    let site = TestSite::standard();
    let disk = site.path("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "lotse-test"])
        .arg(&disk)
        .output();
    match mounted {
        Ok(out) if out.status.success() => {}
        other => {
            println!("skipped: mounting a small tmpfs is not permitted here: {other:?}");
            return;
        }
    }
    let _mounted = Mounted(disk.clone());
    let out = site.run(&["build", "--output", "disk/public"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("(the disk is full: free some space and build again)"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.matches("os error").count(), 1, "{}", out.stderr);
    assert_eq!(
        out.stderr.matches("disk/public").count(),
        1,
        "{}",
        out.stderr
    );
    let left: Vec<_> = std::fs::read_dir(&disk).expect("ls").collect();
    assert!(left.is_empty(), "{left:?}");
}
