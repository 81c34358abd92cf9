//! A small local web server for a built site: GET and HEAD only, files
//! from the output folder only.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
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
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file inside `root`, or `None` if it would leave it.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if decoded.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Serves `root` on `addr` until the process ends.
pub fn serve(root: &Path, addr: SocketAddr) -> Result<()> {
    let server = tiny_http::Server::http(addr).map_err(|e| Error::Output {
        path: root.to_path_buf(),
        message: format!("cannot listen on {addr}: {e}"),
    })?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    for request in server.incoming_requests() {
        let response = respond(&root, request.method(), request.url());
        let _ = request.respond(response);
    }
    Ok(())
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(
    root: &Path,
    method: &tiny_http::Method,
    url: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    use tiny_http::{Method, Response};
    let head = *method == Method::Head;
    if !matches!(method, Method::Get | Method::Head) {
        return Response::from_string("method not allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
    }
    let Some(file) = resolve(root, url) else {
        return Response::from_string("bad request\n").with_status_code(400);
    };
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_else(|_| b"not found\n".to_vec());
    let length = body.len();
    let mut response = Response::from_data(if head { Vec::new() } else { body })
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&file)))
        .with_header(header("Cache-Control", "no-cache"));
    if head {
        response = response.with_header(header("Content-Length", &length.to_string()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(
            resolve(root, "/de/").unwrap(),
            Path::new("/srv/site/de/index.html")
        );
        assert_eq!(
            resolve(root, "/style.css?v=1").unwrap(),
            Path::new("/srv/site/style.css")
        );
        assert!(resolve(root, "/../etc/passwd").is_none());
        assert!(resolve(root, "/%2e%2e/etc/passwd").is_none());
        assert!(resolve(root, "/de/%2E%2E/%2E%2E/x").is_none());
        assert!(resolve(root, "/a%00b").is_none());
        assert!(resolve(root, "/%zz").is_none());
        assert_eq!(
            resolve(root, "//etc/passwd").unwrap(),
            Path::new("/srv/site/etc/passwd")
        );
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.xml")),
            "application/xml; charset=utf-8"
        );
    }
}
