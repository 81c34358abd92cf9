//! `lotse serve` under misbehaving clients: oversized request heads, more
//! connections than allowed, connections that never send a request, and
//! `--port 0`. The server runs in this process on a loopback port, with
//! small limits so that the tests stay short.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lotse::serve::http::{serve, Limits};
use lotse::serve::Shared;

mod support;

const LIMITS: Limits = Limits {
    header_bytes: 16 * 1024,
    connections: 4,
    idle: Duration::from_secs(1),
};

/// A server with one page, on a free loopback port.
fn start() -> u16 {
    let shared = Arc::new(Shared::default());
    shared
        .snapshot
        .write()
        .unwrap()
        .files
        .insert("index.html".into(), Arc::new(b"<p>home</p>".to_vec()));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || serve(listener, shared, LIMITS));
    port
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// The status of the response to `head`, or 0 if the connection closed
/// without one.
fn status(mut stream: TcpStream, head: &[u8]) -> u16 {
    let _ = stream.write_all(head);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

#[test]
fn oversized_request_heads_get_431() {
    let port = start();
    let mut head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 64 * 1024));
    head.extend(b"\r\n\r\n");
    assert_eq!(status(connect(port), &head), 431);
    let mut many = b"GET / HTTP/1.1\r\nHost: localhost\r\n".to_vec();
    for i in 0..2000 {
        many.extend(format!("X-{i}: 1\r\n").as_bytes());
    }
    many.extend(b"\r\n");
    assert_eq!(status(connect(port), &many), 431);
    assert_eq!(status(connect(port), GET), 200, "the server still answers");
}

#[test]
fn connections_beyond_the_limit_get_503_and_the_server_keeps_answering() {
    let port = start();
    let held: Vec<TcpStream> = (0..LIMITS.connections).map(|_| connect(port)).collect();
    // The held connections are accepted before the next one is counted.
    std::thread::sleep(Duration::from_millis(200));
    let extra = connect(port);
    assert_eq!(status(extra, b""), 503);
    drop(held);
    // Places free up as soon as the held connections are closed.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let code = status(connect(port), GET);
        if code == 200 {
            break;
        }
        assert_eq!(code, 503);
        assert!(Instant::now() < deadline, "places were not freed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn idle_connections_are_closed() {
    let port = start();
    let mut idle = connect(port);
    let mut buf = [0u8; 64];
    // Closed by the server (end of stream), not by the 10 s read timeout.
    let read = idle.read(&mut buf);
    assert!(read.is_ok(), "{read:?}");
    // A head sent too slowly is cut off as well.
    let mut slow = connect(port);
    slow.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let read = slow.read(&mut buf);
    assert!(read.is_ok(), "{read:?}");
    assert_eq!(status(connect(port), GET), 200);
}

#[test]
fn port_zero_prints_the_port_it_listens_on() {
    let site = support::TestSite::standard();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["serve", "--port", "0"])
        .current_dir(site.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut port = None;
    for _ in 0..20 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.strip_prefix("serving at http://127.0.0.1:") {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let port = port.filter(|&p| p != 0);
    let answer = port.map(|p| {
        status(
            connect(p),
            b"GET /de/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(port.is_some(), "no port printed");
    assert_eq!(answer, Some(200));
}
