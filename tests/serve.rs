//! `lotse serve`: live rebuilds, reload events, the error overlay while the
//! last good pages stay online, and requests that try to leave the site.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::TestSite;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

fn start_with(site: &TestSite, extra: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["serve", "--port", &port.to_string()])
        .args(extra)
        .current_dir(site.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Sends a raw request line and returns (status, body); a connection the
/// busy machine drops is tried again, twice.
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut last_error = None;
    for _ in 0..3 {
        match try_request(port, method, path) {
            Ok(response) => return response,
            Err(e) => {
                last_error = Some(e);
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    panic!("{method} {path}: {last_error:?}");
}

fn try_request(port: u16, method: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn wait_for(port: u16, path: &str, what: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, body) = request(port, "GET", path);
        if what(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting on {path}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_are_served_and_broken_edits_keep_the_last_good_page() {
    let site = TestSite::standard();
    let server = start(&site);
    let page = "/de/work/wage/";
    let (status, body) = request(server.port, "GET", page);
    assert_eq!(status, 200);
    assert!(body.contains("13,90 Euro ab 2026"));
    assert!(
        body.contains("/__lotse/events"),
        "reload script is injected in serve mode"
    );
    assert!(
        !site.path("public").exists(),
        "serve writes nothing unless asked"
    );

    // Reload events: one now, one after the next build.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        events,
        "GET /__lotse/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut next_event = || loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    };
    let first = next_event();

    // A good edit, written the way editors save: a temporary file, then rename.
    let text = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    let tmp = site.path("content/de/work/.wage.md.tmp");
    // Tokens are cut to 7 letters in the index.
    let indexed = |json: &str| {
        lotse::search::index::decode(json)
            .is_some_and(|terms| terms.iter().any(|(term, _, _)| term == "lohnzet"))
    };
    let (_, index) = request(server.port, "GET", "/de/search.json");
    assert!(!indexed(&index));
    std::fs::write(
        &tmp,
        text.replace(
            "13,90 Euro ab 2026",
            "14,60 Euro ab 2027 (Lohnzettelpflicht)",
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, site.path("content/de/work/wage.md")).unwrap();
    wait_for(server.port, page, |b| b.contains("14,60 Euro ab 2027"));
    assert_ne!(next_event(), first, "browsers are told to reload");
    // The search index follows the pages.
    wait_for(server.port, "/de/search.json", indexed);

    // A broken edit: the error shows over the last good page.
    site.write("content/de/work/wage.md", &text.replace("title:", "titel:"));
    let body = wait_for(server.port, page, |b| b.contains("lotse-error"));
    assert!(
        body.contains("content/de/work/wage.md:2: error: unknown key &quot;titel&quot;"),
        "{body}"
    );
    assert!(
        body.contains("14,60 Euro ab 2027"),
        "the last good page is still served"
    );

    // The next good save clears the error.
    site.write("content/de/work/wage.md", &text);
    let body = wait_for(server.port, page, |b| {
        !b.contains("lotse-error") && b.contains("13,90 Euro")
    });
    assert!(body.contains("<html"));
}

#[test]
fn new_and_deleted_files_are_picked_up() {
    let site = TestSite::standard();
    let server = start(&site);
    site.write(
        "content/de/health/emergency.md",
        &support::article("Notruf", "2026-02-01", "## Nummern {#numbers}\n\n112\n"),
    );
    wait_for(server.port, "/de/health/emergency/", |b| {
        b.contains("Nummern")
    });
    std::fs::remove_file(site.path("content/de/health/emergency.md")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while request(server.port, "GET", "/de/health/emergency/").0 != 404 {
        assert!(Instant::now() < deadline, "deleted page still served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn requests_cannot_leave_the_site() {
    let site = TestSite::standard();
    let server = start(&site);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/de/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/de/..\\..\\etc\\passwd",
    ] {
        let (status, body) = request(server.port, "GET", path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    let (status, body) = request(server.port, "GET", "/etc/passwd");
    assert_eq!(status, 404);
    assert!(!body.contains("root:"));
    assert_eq!(request(server.port, "POST", "/de/").0, 405);
    assert_eq!(request(server.port, "DELETE", "/de/").0, 405);
    let (status, body) = request(server.port, "HEAD", "/de/");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert_eq!(request(server.port, "GET", "/de/health").0, 301);
}

#[test]
fn a_replaced_content_folder_is_watched_again() {
    let site = TestSite::standard();
    let server = start(&site);
    // A whole folder swapped, as a git checkout or a sync tool does.
    std::fs::rename(site.path("content"), site.path("content-old")).unwrap();
    let copy = std::process::Command::new("cp")
        .args(["-R"])
        .arg(site.path("content-old"))
        .arg(site.path("content"))
        .status()
        .unwrap();
    assert!(copy.success());
    wait_for(server.port, "/de/work/wage/", |b| b.contains("13,90 Euro"));
    std::thread::sleep(Duration::from_millis(300));
    let text = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    site.write(
        "content/de/work/wage.md",
        &text.replace("13,90 Euro ab 2026", "14,60 Euro ab 2027"),
    );
    wait_for(server.port, "/de/work/wage/", |b| {
        b.contains("14,60 Euro ab 2027")
    });
}

#[test]
fn a_macro_that_calls_itself_is_shown_and_serve_goes_on() {
    let site = TestSite::standard();
    let server = start(&site);
    let macros = site.path("themes/default/templates/macros.html");
    let good = std::fs::read_to_string(&macros).unwrap();
    site.write(
        "themes/default/templates/macros.html",
        &format!(
            "{good}\n{{% macro deeper(n) %}}{{{{ self::deeper(n=n) }}}}{{% endmacro deeper %}}\n"
        ),
    );
    let body = wait_for(server.port, "/de/work/wage/", |b| b.contains("lotse-error"));
    assert!(
        body.contains("themes/default/templates/macros.html: error: macro `deeper` calls itself"),
        "{body}"
    );
    site.write("themes/default/templates/macros.html", &good);
    wait_for(server.port, "/de/work/wage/", |b| {
        !b.contains("lotse-error") && b.contains("13,90 Euro")
    });
}

#[test]
fn serve_site_shows_edits_of_shared_and_local_pages() {
    let site = TestSite::standard();
    site.write(
        "sites/nord/site.toml",
        "name = \"Nordstadt\"\nbase_url = \"https://nord.example.org/\"\nexample = true\n",
    );
    site.write(
        "sites/nord/content/de/work/wage.md",
        &support::article(
            "Mindestlohn in Nordstadt",
            "2026-05-02",
            "## Mindestlohn {#minimum}\n\nFragen Sie im Rathaus Nordstadt.\n",
        )
        .replace(
            "updated: 2026-05-02\n",
            "updated: 2026-05-02\nshared_updated: 2026-05-01\n",
        ),
    );
    let server = start_with(&site, &["--site", "nord"]);
    let body = wait_for(server.port, "/de/work/wage/", |b| {
        b.contains("Rathaus Nordstadt")
    });
    assert!(
        body.contains("Nordstadt gibt es nicht"),
        "example data is said"
    );
    // A shared article, edited: the local site shows the edit.
    let (_, before) = request(server.port, "GET", "/de/health/insurance/");
    assert!(before.contains("Rufen Sie 116 117 an."));
    site.write(
        "content/de/health/insurance.md",
        &support::article(
            "Krankenversicherung",
            "2026-03-01",
            "Intro.\n\n## Kosten {#costs}\n\nRufen Sie 116 117 an, Tag und Nacht.\n\n## Wer zahlt? {#who}\n\nText.\n",
        ),
    );
    wait_for(server.port, "/de/health/insurance/", |b| {
        b.contains("Tag und Nacht")
    });
    // The local version, edited.
    site.write(
        "sites/nord/content/de/work/wage.md",
        &support::article(
            "Mindestlohn in Nordstadt",
            "2026-05-02",
            "## Mindestlohn {#minimum}\n\nFragen Sie im Bürgerbüro Nordstadt.\n",
        )
        .replace(
            "updated: 2026-05-02\n",
            "updated: 2026-05-02\nshared_updated: 2026-05-01\n",
        ),
    );
    wait_for(server.port, "/de/work/wage/", |b| {
        b.contains("Bürgerbüro Nordstadt")
    });
}
