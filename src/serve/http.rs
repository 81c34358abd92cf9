//! HTTP for `lotse serve`: GET and HEAD of the built pages (from memory,
//! never from outside the build), live reload by server-sent events, and
//! the error overlay.
//!
//! hyper serves HTTP/1.1 on a small tokio runtime, within [`Limits`]:
//! request heads are capped (431 beyond), connections are counted (503
//! beyond), and a connection that sends no request, or does not take its
//! response, is closed after the idle time.

mod limits;

use std::convert::Infallible;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{Either, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::HeaderValue;
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::mpsc;

pub use limits::{serve, Limits};

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

/// A response: a whole file, or the endless event stream.
type Reply = Response<Either<Full<Bytes>, Events>>;

fn reply(status: StatusCode, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
}

/// Answers one request.
fn handle(request: &Request<Incoming>, shared: &Arc<Shared>, limits: &Limits) -> Reply {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = reply(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        response
            .headers_mut()
            .insert("Allow", HeaderValue::from_static("GET, HEAD"));
        return response.map(Either::Left);
    }
    if request.uri().path() == EVENTS {
        return stream_events(shared, limits).map(Either::Right);
    }
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    serve_file(target, shared).map(Either::Left)
}

/// A file of the build, the 404 page, or a redirect to a folder's page.
fn serve_file(target: &str, shared: &Shared) -> Response<Full<Bytes>> {
    let Some(path) = resolve(target) else {
        return reply(StatusCode::BAD_REQUEST, "bad request\n");
    };
    let (status, path, body, error) = {
        let snapshot = shared.snapshot.read().unwrap_or_else(|e| e.into_inner());
        let error = snapshot.error.clone();
        match snapshot.files.get(&path) {
            Some(body) => (StatusCode::OK, path, Some(body.clone()), error),
            None if snapshot.files.contains_key(&format!("{path}/index.html")) => {
                let mut response = reply(StatusCode::MOVED_PERMANENTLY, "");
                if let Ok(location) = HeaderValue::from_str(&format!("/{path}/")) {
                    response.headers_mut().insert("Location", location);
                }
                return response;
            }
            None => (
                StatusCode::NOT_FOUND,
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
    let mut response = reply(status, bytes);
    let headers = response.headers_mut();
    headers.insert("Content-Type", HeaderValue::from_static(kind));
    headers.insert("Cache-Control", HeaderValue::from_static("no-store"));
    response
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

/// The server-sent events of one browser.
struct Events(mpsc::Receiver<Bytes>);

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|message| message.map(|m| Ok(Frame::data(m))))
    }
}

/// Sends the build generation now and after every build, with a comment
/// line in between that keeps the connection from counting as idle; ends
/// when the browser goes away.
fn stream_events(shared: &Shared, limits: &Limits) -> Response<Events> {
    let (sender, receiver) = mpsc::channel(4);
    let mut generation = shared.generation.subscribe();
    let keep_alive = (limits.idle / 2).min(Duration::from_secs(15));
    tokio::spawn(async move {
        loop {
            let current = *generation.borrow_and_update();
            let event = Bytes::from(format!("data: {current}\n\n"));
            if sender.send(event).await.is_err() {
                return;
            }
            loop {
                tokio::select! {
                    changed = generation.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        break;
                    }
                    () = tokio::time::sleep(keep_alive) => {
                        let comment = Bytes::from_static(b": keep-alive\n\n");
                        if sender.send(comment).await.is_err() {
                            return;
                        }
                    }
                    () = sender.closed() => return,
                }
            }
        }
    });
    let mut response = Response::new(Events(receiver));
    let headers = response.headers_mut();
    headers.insert(
        "Content-Type",
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert("Cache-Control", HeaderValue::from_static("no-cache"));
    response
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
