//! Incremental updates give exactly the files a full build gives.

mod support;

use lotse::pipeline::{BuildOptions, RenderedSite, Update};
use lotse::serve::Live;
use support::TestSite;

fn full(site: &TestSite) -> Live {
    Live::render(&BuildOptions::new(site.dir.path())).expect("full build")
}

fn assert_same(updated: &mut Live, site: &TestSite) {
    updated.refresh_search();
    let fresh = full(site);
    let paths = |s: &RenderedSite| s.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&updated.site), paths(&fresh.site));
    for (a, b) in updated.site.files.iter().zip(&fresh.site.files) {
        assert!(a.bytes == b.bytes, "{} differs from a full build", a.path);
    }
}

fn edit(site: &TestSite, rel: &str, from: &str, to: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel}: {from}");
    site.write(rel, &text.replacen(from, to, 1));
    site.path(rel).canonicalize().unwrap()
}

#[test]
fn body_edit_renders_only_that_article() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "13,90 Euro ab 2026",
        "14,60 Euro ab 2027",
    );
    let update = state.update(&[path]).unwrap();
    let Update::Incremental { files } = update else {
        panic!("expected an incremental update")
    };
    assert!(
        files.contains(&"de/work/wage/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        !files.contains(&"de/index.html".to_string()),
        "lists unchanged: {files:?}"
    );
    assert!(
        !files.contains(&"de/search.json".to_string()),
        "indexes wait: {files:?}"
    );
    assert!(
        files.contains(&"sw.js".to_string()),
        "the worker gets a new version: {files:?}"
    );
    assert!(files.len() <= 6, "{files:?}");
    assert_same(&mut state, &site);
}

#[test]
fn title_edit_updates_the_pages_that_list_the_article() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "title: \"Mindestlohn\"",
        "title: \"Mindestlohn 2026\"",
    );
    let Update::Incremental { files } = state.update(&[path]).unwrap() else {
        panic!()
    };
    assert!(
        files.contains(&"de/work/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"sitemap.xml".to_string()) && files.contains(&"de/atom.xml".to_string())
    );
    assert_same(&mut state, &site);
}

#[test]
fn original_edit_updates_the_section_ids_of_translations() {
    let site = TestSite::standard();
    site.write(
        "content/de/work/wage.md",
        &support::article(
            "Mindestlohn",
            "2026-05-01",
            "## Mindestlohn {#minimum}\n\n## Höhe\n\nText\n",
        ),
    );
    site.write(
        "content/en/work/wage.md",
        &support::article(
            "Minimum wage",
            "2026-05-02",
            "## Minimum wage {#minimum}\n\n## Amount\n\nText\n",
        ),
    );
    let mut state = full(&site);
    let path = edit(&site, "content/de/work/wage.md", "## Höhe", "## Betrag");
    state.update(&[path]).unwrap();
    let en = state.site.file("en/work/wage/index.html").unwrap();
    assert!(
        String::from_utf8_lossy(&en.bytes).contains("id=betrag"),
        "the translation follows the original's new id"
    );
    assert_same(&mut state, &site);
}

#[test]
fn new_and_deleted_files_rebuild_everything() {
    let site = TestSite::standard();
    let mut state = full(&site);
    site.write(
        "content/de/work/contract.md",
        &support::article("Vertrag", "2026-01-01", "Text\n"),
    );
    let path = site
        .path("content/de/work/contract.md")
        .canonicalize()
        .unwrap();
    assert_eq!(
        state.update(std::slice::from_ref(&path)).unwrap(),
        Update::Full
    );
    assert!(state.site.file("de/work/contract/index.html").is_some());
    std::fs::remove_file(&path).unwrap();
    assert_eq!(state.update(&[path]).unwrap(), Update::Full);
    assert!(state.site.file("de/work/contract/index.html").is_none());
    assert_same(&mut state, &site);
}

#[test]
fn a_broken_edit_fails_and_the_fix_brings_everything_back() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "## Mindestlohn {#minimum}",
        "## Mindestlohn {#minimum}\n\n[x](nothing.md)",
    );
    assert!(state.update(std::slice::from_ref(&path)).is_err());
    edit(&site, "content/de/work/wage.md", "\n\n[x](nothing.md)", "");
    state.update(&[path]).unwrap();
    assert_same(&mut state, &site);
}

#[test]
fn template_change_rebuilds_everything() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "themes/default/templates/article.html",
        "<article>",
        "<article class=\"x\">",
    );
    assert_eq!(state.update(&[path]).unwrap(), Update::Full);
    assert_same(&mut state, &site);
}

#[test]
fn a_vanished_temporary_file_does_not_force_a_full_rebuild() {
    let site = TestSite::standard();
    let mut state = full(&site);
    // Saved the way many editors save: a temporary file renamed over the page.
    let text = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    let tmp = site.path("content/de/work/wage.md.new");
    std::fs::write(
        &tmp,
        text.replace("13,90 Euro ab 2026", "14,60 Euro ab 2027"),
    )
    .unwrap();
    let tmp = tmp.canonicalize().unwrap();
    std::fs::rename(&tmp, site.path("content/de/work/wage.md")).unwrap();
    let page = site.path("content/de/work/wage.md").canonicalize().unwrap();
    let update = state.update(&[tmp, page]).unwrap();
    assert!(matches!(update, Update::Incremental { .. }), "{update:?}");
    assert_same(&mut state, &site);
}

#[test]
fn a_search_index_made_for_an_older_state_is_not_put_in_place() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(&site, "content/de/work/wage.md", "13,90 Euro", "14,10 Euro");
    state.update(std::slice::from_ref(&path)).unwrap();
    let older = state.take_search_refresh();
    assert_eq!(older.len(), 1, "only the German index is stale");
    let path = edit(&site, "content/de/work/wage.md", "14,10 Euro", "14,60 Euro");
    state.update(&[path]).unwrap();
    let newer = state.take_search_refresh();
    assert_eq!(newer.len(), 1);
    // The newer index is ready first; the older one arrives late.
    let newer_file = newer[0].run();
    let older_file = older[0].run();
    assert_ne!(
        older_file.bytes, newer_file.bytes,
        "the edits change the index"
    );
    assert_eq!(
        state.apply_search(&newer[0], newer_file.clone()).as_deref(),
        Some("de/search.json")
    );
    assert_eq!(state.apply_search(&older[0], older_file), None);
    assert_eq!(state.site.file("de/search.json"), Some(&newer_file));
    assert_same(&mut state, &site);

    // A full rebuild also outdates what was taken before it.
    let path = edit(&site, "content/de/work/wage.md", "14,60 Euro", "15,00 Euro");
    state.update(&[path]).unwrap();
    let before_rebuild = state.take_search_refresh();
    let config = site.path("site.toml").canonicalize().unwrap();
    assert_eq!(state.update(&[config]).unwrap(), Update::Full);
    assert_eq!(
        state.apply_search(&before_rebuild[0], before_rebuild[0].run()),
        None
    );
    assert_same(&mut state, &site);
}

/// Makes a named pipe at `path`.
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
}

/// Runs an update on another thread; `None` if it does not come back.
/// (Reading a named pipe used to wait forever, and `serve` stopped rebuilding.)
#[cfg(unix)]
fn update_or_hang(mut state: Live, changed: std::path::PathBuf) -> Option<Result<(), String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = state
            .update(&[changed])
            .map(|_| ())
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
    });
    rx.recv_timeout(std::time::Duration::from_secs(300)).ok()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_added_to_content_fails_the_rebuild_instead_of_hanging_it() {
    let site = TestSite::standard();
    let state = full(&site);
    let pipe = site.path("content/de/health/x.md");
    mkfifo(&pipe);
    let changed = pipe.canonicalize().unwrap();
    let error = update_or_hang(state, changed)
        .expect("the rebuild hangs on a named pipe")
        .unwrap_err();
    assert!(
        error.contains(
            "content/de/health/x.md: error: this is a named pipe (FIFO), not a file or folder"
        ),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_page_replaced_by_a_named_pipe_fails_the_update_instead_of_hanging_it() {
    let site = TestSite::standard();
    let state = full(&site);
    let page = site.path("content/de/work/wage.md");
    let changed = page.canonicalize().unwrap();
    std::fs::remove_file(&page).unwrap();
    mkfifo(&page);
    let error = update_or_hang(state, changed)
        .expect("the update hangs on a named pipe")
        .unwrap_err();
    assert!(
        error.contains("content/de/work/wage.md: error: this is a named pipe (FIFO)"),
        "{error}"
    );
}

/// Alias pages show the title of the page they lead to: a new title reaches them.
#[test]
fn title_edit_of_an_aliased_page_updates_its_alias_page() {
    let site = TestSite::standard();
    edit(
        &site,
        "content/de/work/wage.md",
        "updated: 2026-05-01\n",
        "updated: 2026-05-01\naliases: [\"/de/lohn/\"]\n",
    );
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "title: \"Mindestlohn\"",
        "title: \"Gesetzlicher Mindestlohn\"",
    );
    state.update(&[path]).unwrap();
    let alias = state
        .site
        .files
        .iter()
        .find(|f| f.path == "de/lohn/index.html")
        .expect("alias page");
    assert!(
        String::from_utf8_lossy(&alias.bytes).contains("Gesetzlicher Mindestlohn"),
        "the alias page has the new title"
    );
    assert_same(&mut state, &site);
}

#[test]
fn an_edit_that_removes_a_section_linked_from_another_page_fails() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "## Mindestlohn {#minimum}",
        "## Mindestlohn {#lohn}",
    );
    let Err(lotse::Error::Invalid(problems)) = state.update(std::slice::from_ref(&path)) else {
        panic!("the link from health/insurance.md to #minimum is broken now")
    };
    let shown = problems.to_string();
    assert!(
        shown.contains("content/de/health/insurance.md") && shown.contains("\"#minimum\""),
        "{shown}"
    );
    edit(&site, "content/de/work/wage.md", "{#lohn}", "{#minimum}");
    state.update(&[path]).unwrap();
    assert_same(&mut state, &site);
}

#[test]
fn an_edit_that_adds_a_link_to_a_missing_section_fails() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/health/insurance.md",
        "Rufen Sie 116 117 an.",
        "Rufen Sie 116 117 an. [Lohn](../work/wage.md#nowhere)",
    );
    let Err(lotse::Error::Invalid(problems)) = state.update(std::slice::from_ref(&path)) else {
        panic!("#nowhere is not a section of work/wage.md")
    };
    assert!(problems.to_string().contains("\"#nowhere\""), "{problems}");
}

#[test]
fn a_newer_original_makes_its_translation_stale_as_in_a_full_build() {
    let site = TestSite::standard();
    edit(
        &site,
        "content/en/work/wage.md",
        "updated: 2026-05-02\n",
        "updated: 2026-05-02\nsource_updated: 2026-05-01\n",
    );
    let mut state = full(&site);
    let before = state
        .site
        .file("en/work/wage/index.html")
        .unwrap()
        .bytes
        .clone();
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "updated: 2026-05-01",
        "updated: 2026-06-01",
    );
    assert!(matches!(
        state.update(&[path]).unwrap(),
        Update::Incremental { .. }
    ));
    assert_ne!(
        state.site.file("en/work/wage/index.html").unwrap().bytes,
        before,
        "the translation now says that its original changed"
    );
    assert_same(&mut state, &site);
}

#[test]
fn warnings_after_an_edit_are_those_of_a_full_build() {
    let site = TestSite::standard();
    let mut state = full(&site);
    let path = edit(
        &site,
        "content/de/work/wage.md",
        "reviewed: 2026-05-01",
        "reviewed: 2096-05-01",
    );
    state.update(&[path]).unwrap();
    let fresh = full(&site);
    assert!(
        fresh.site.warnings.to_string().contains("2096"),
        "{}",
        fresh.site.warnings
    );
    assert_eq!(state.site.warnings.sorted(), fresh.site.warnings.sorted());
}

/// The standard site with `n` more articles, each linking to a section of the next.
fn chained(n: usize) -> TestSite {
    let site = TestSite::standard();
    for i in 0..n {
        site.write(
            &format!("content/de/health/a{i}.md"),
            &support::article(
                &format!("Artikel {i}"),
                "2026-03-01",
                &format!(
                    "## Teil {{#part}}\n\nWeiter: [nächster](a{}.md#part).\n",
                    (i + 1) % n
                ),
            ),
        );
    }
    site
}

#[test]
fn an_edit_checks_the_links_of_its_pages_not_of_the_whole_site() {
    let work = |n: usize| {
        let site = chained(n);
        let mut state = full(&site);
        let path = edit(
            &site,
            "content/de/health/a3.md",
            "## Teil {#part}",
            "## Teil {#part}\n\nNeu.",
        );
        lotse::work::take();
        state.update(&[path]).unwrap();
        let work = lotse::work::take();
        assert_same(&mut state, &site);
        work
    };
    let (small, large) = (work(10), work(80));
    assert!(small > 0);
    assert_eq!(small, large, "8× the pages: the same work for one edit");
}
