//! `lotse translate machine`: drafts from a LibreTranslate-compatible
//! service (a local one implementing the documented API), marked as
//! machine translations, and nothing written when the service fails midway.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use lotse::translate::drafts::machine_drafts;
use lotse::translate::machine::{Engine, Machine, RetryPolicy};
use support::TestSite;

/// A LibreTranslate-compatible service that answers `/languages` and
/// `/translate` (`{q: [...], source, target, format}` → `{translatedText: [...]}`),
/// and breaks off the connection from the `die_at`-th translation request on.
fn service(die_at: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let posts = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&posts);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).ok();
            let reply = if first.starts_with("GET /languages") {
                serde_json::json!([
                    {"code": "de", "name": "German", "targets": ["ar", "en"]},
                    {"code": "ar", "name": "Arabic", "targets": ["de"]},
                ])
            } else {
                let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
                if n >= die_at {
                    continue; // the connection is dropped unanswered
                }
                let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
                let texts: Vec<String> = request["q"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| format!("(ar) {}", t.as_str().unwrap()))
                    .collect();
                serde_json::json!({ "translatedText": texts })
            };
            let body = reply.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, posts)
}

fn client(url: &str) -> Machine {
    Machine::with_key(Engine::LibreTranslate, url, None)
        .unwrap()
        .with_batch_size(1)
        .with_retry(RetryPolicy {
            attempts: 1,
            first_delay: Duration::ZERO,
            ..RetryPolicy::default()
        })
}

#[test]
fn missing_pages_get_machine_drafts_marked_as_such() {
    let site = TestSite::standard();
    let (url, posts) = service(usize::MAX);
    let written = machine_drafts(site.dir.path(), "ar", None, &[], &client(&url)).unwrap();
    assert_eq!(written.len(), 2, "{written:?}");
    let page = std::fs::read_to_string(site.path("content/ar/work/wage.md")).unwrap();
    assert!(page.contains("title: \"(ar) Mindestlohn\"\n"), "{page}");
    assert!(
        page.contains("## (ar) Mindestlohn {#minimum}\n\n(ar) 13,90 Euro ab 2026.\n"),
        "{page}"
    );
    assert!(page.contains("machine_translated: true\n"), "{page}");
    assert!(page.contains("source_updated: 2026-05-01\n"), "{page}");
    assert!(posts.load(Ordering::SeqCst) >= 4);
    // Nothing is missing any more: a second run sends nothing and writes nothing.
    let again = machine_drafts(site.dir.path(), "ar", None, &[], &client(&url)).unwrap();
    assert!(again.is_empty());
}

#[test]
fn a_service_that_dies_midway_leaves_nothing_written() {
    let site = TestSite::standard();
    let before = support::snapshot(&site.path("content"));
    let (url, _) = service(4);
    let e = machine_drafts(site.dir.path(), "ar", None, &[], &client(&url)).unwrap_err();
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(support::snapshot(&site.path("content")), before);
}

#[test]
fn the_machine_command_writes_marked_drafts() {
    let site = TestSite::standard();
    let (url, _) = service(usize::MAX);
    let out = site.run(&[
        "translate",
        "machine",
        "--lang",
        "ar",
        "--engine",
        "libretranslate",
        "--url",
        &url,
        "work/wage",
    ]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("wrote 1 machine draft(s)"),
        "{}",
        out.stdout
    );
    let page = std::fs::read_to_string(site.path("content/ar/work/wage.md")).unwrap();
    assert!(page.contains("machine_translated: true\n"), "{page}");
    assert!(!site.path("content/ar/work/_index.md").exists());
}
