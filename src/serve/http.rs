//! HTTP for `lotse serve`: GET and HEAD of the built pages (from memory,
//! never from outside the build), live reload by server-sent events, and
//! the error overlay.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::Shared;

/// Path of the server-sent events stream that tells browsers to reload.
pub const EVENTS: &str = "/__lotse/events";

/// Injected into every HTML page in serve mode only (never into `build` output).
const RELOAD_SCRIPT: &str = "<script>(function(){var g=null,e=new EventSource(\"/__lotse/events\");e.onmessage=function(m){if(g!==null&&m.data!==g)location.reload();g=m.data}})()</script>";

/// The content type of a file, by extension.
pub fn content_type(path: &str) -> &'static str {
    match Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file of the build (`de/health/index.html`),
/// or `None` for paths that try to leave it or cannot be decoded.
pub fn resolve(url_path: &str) -> Option<String> {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = crate::url::decode_strict(path)?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut file = parts.join("/");
    if decoded.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers one request.
pub(super) fn handle(request: Request, shared: &Arc<Shared>) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = Response::from_string("method not allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    if request.url().split('?').next() == Some(EVENTS) {
        stream_events(request, shared);
        return;
    }
    let Some(path) = resolve(request.url()) else {
        let _ = request.respond(Response::from_string("bad request\n").with_status_code(400));
        return;
    };
    let (status, path, body, error) = {
        let snapshot = shared.snapshot.read().unwrap_or_else(|e| e.into_inner());
        let error = snapshot.error.clone();
        match snapshot.files.get(&path) {
            Some(body) => (200, path, Some(body.clone()), error),
            None if snapshot.files.contains_key(&format!("{path}/index.html")) => {
                let location = format!("/{path}/");
                drop(snapshot);
                let response = Response::from_string("")
                    .with_status_code(301)
                    .with_header(header("Location", &location));
                let _ = request.respond(response);
                return;
            }
            None => (
                404,
                "404.html".to_string(),
                snapshot.files.get("404.html").cloned(),
                error,
            ),
        }
    };
    let kind = content_type(&path);
    let mut bytes = body
        .map(|b| b.as_ref().clone())
        .unwrap_or_else(|| b"not found\n".to_vec());
    if kind.starts_with("text/html") {
        bytes = decorate(bytes, error.as_deref());
    }
    let length = bytes.len();
    let mut response = Response::from_data(if method == Method::Head {
        Vec::new()
    } else {
        bytes
    })
    .with_status_code(status)
    .with_header(header("Content-Type", kind))
    .with_header(header("Cache-Control", "no-store"));
    if method == Method::Head {
        response = response.with_header(header("Content-Length", &length.to_string()));
    }
    let _ = request.respond(response);
}

/// Adds the reload script, and the error overlay while a build is broken.
fn decorate(html: Vec<u8>, error: Option<&str>) -> Vec<u8> {
    let mut text = String::from_utf8(html).unwrap_or_default();
    let mut extra = String::from(RELOAD_SCRIPT);
    if let Some(error) = error {
        let mut escaped = String::new();
        crate::markdown::bidi::escape_into(&mut escaped, error);
        extra.push_str(&format!(
            "<div id=\"lotse-error\" role=\"alert\" dir=\"ltr\" lang=\"en\" style=\"position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:9999;background:#fff4f4;color:#5c0000;border-bottom:3px solid #b3261e;font:14px/1.5 ui-monospace,monospace;padding:12px 16px;white-space:pre-wrap\"><strong>The last change did not build.</strong> You see the last good version of this page.\n\n{escaped}</div>"
        ));
    }
    match text.rfind("</body>") {
        Some(at) => text.insert_str(at, &extra),
        None => text.push_str(&extra),
    }
    text.into_bytes()
}

/// Sends one server-sent event per build until the browser goes away.
fn stream_events(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = None;
    loop {
        let message = {
            let generation = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
            let current = *generation;
            if seen == Some(current) {
                let (generation, _) = shared
                    .changed
                    .wait_timeout(generation, Duration::from_secs(15))
                    .unwrap_or_else(|e| e.into_inner());
                if *generation == current {
                    // Keeps the connection open through proxies; fails once the browser left.
                    ": keep-alive\n\n".to_string()
                } else {
                    seen = Some(*generation);
                    format!("data: {}\n\n", *generation)
                }
            } else {
                seen = Some(current);
                format!("data: {current}\n\n")
            }
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_build() {
        assert_eq!(resolve("/de/").unwrap(), "de/index.html");
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/style.css?v=1").unwrap(), "style.css");
        assert_eq!(resolve("/de/health").unwrap(), "de/health");
        assert!(resolve("/../etc/passwd").is_none());
        assert!(resolve("/%2e%2e/etc/passwd").is_none());
        assert!(resolve("/de/%2E%2E/%2E%2E/x").is_none());
        assert!(resolve("/a%00b").is_none());
        assert!(resolve("/%zz").is_none());
        assert!(resolve("/a\\..\\b").is_none());
        assert_eq!(resolve("//etc/passwd").unwrap(), "etc/passwd");
    }

    #[test]
    fn html_gets_reload_script_and_overlay() {
        let html = decorate(
            b"<html><body><p>x</body></html>".to_vec(),
            Some("content/a.md:3: error: <bad>"),
        );
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("EventSource(\"/__lotse/events\")"));
        assert!(text.contains("content/a.md:3: error: &lt;bad&gt;"));
        assert!(text.find("lotse-error").unwrap() < text.find("</body>").unwrap());
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("de/atom.xml"),
            "application/xml; charset=utf-8"
        );
    }
}
