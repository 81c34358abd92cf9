//! Machine drafts against a local service that speaks LibreTranslate's and
//! DeepL's documented request and response formats, with their errors, rate
//! limits and a service that breaks off in the middle.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lotse::translate::machine::{Engine, Machine, MachineError, RetryPolicy};
use serde_json::{json, Value};

/// A request as the service received it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn strings(&self, field: &str) -> Vec<String> {
        self.body[field]
            .as_array()
            .unwrap_or_else(|| panic!("{field} is a list: {}", self.body))
            .iter()
            .map(|v| v.as_str().expect("a text").to_string())
            .collect()
    }
}

/// What the service does with a request.
enum Reply {
    /// An HTTP answer: status, extra headers, JSON body.
    Answer(u16, Vec<(&'static str, String)>, Value),
    /// Closes the connection without answering.
    Close,
}

fn ok(body: Value) -> Reply {
    Reply::Answer(200, vec![], body)
}

/// A service on 127.0.0.1 that answers at most `max` connections, for at most 30 seconds.
struct Service {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Service {
    fn start(
        max: usize,
        mut handler: impl FnMut(&Request, usize) -> Reply + Send + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().unwrap());
        listener.set_nonblocking(true).unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(30);
            let mut served = 0;
            while served < max && Instant::now() < until {
                let stream = match listener.accept() {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                };
                served += 1;
                stream.set_nonblocking(false).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let Some(request) = read_request(&stream) else {
                    continue;
                };
                let reply = handler(&request, served);
                seen.lock().unwrap().push(request);
                if let Reply::Answer(status, headers, body) = reply {
                    let body = body.to_string();
                    let mut out = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                        body.len()
                    );
                    for (name, value) in headers {
                        out.push_str(&format!("{name}: {value}\r\n"));
                    }
                    out.push_str("\r\n");
                    out.push_str(&body);
                    let mut stream = stream;
                    let _ = stream.write_all(out.as_bytes());
                }
                // Reply::Close: the stream is dropped unanswered.
            }
        });
        Self { url, requests }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    fn posts(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect()
    }
}

fn read_request(stream: &std::net::TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).expect("the request body is JSON")
    };
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

/// The test service's translation: the target code before the text, markup kept.
fn fake(text: &str, target: &str) -> String {
    format!("[{target}] {text}")
}

/// LibreTranslate's `/languages` and `/translate`, as documented.
fn libretranslate(request: &Request) -> Reply {
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/languages") => ok(json!([
            {"code": "en", "name": "English", "targets": ["ar", "de", "fa"]},
            {"code": "ar", "name": "Arabic", "targets": ["en"]},
            {"code": "de", "name": "German", "targets": ["en"]},
            {"code": "fa", "name": "Persian", "targets": ["en"]},
        ])),
        ("POST", "/translate") => {
            if request.body["format"] != "html" {
                return Reply::Answer(400, vec![], json!({"error": "format must be html"}));
            }
            let target = request.body["target"].as_str().unwrap_or("?").to_string();
            let texts: Vec<String> = request
                .strings("q")
                .iter()
                .map(|t| fake(t, &target))
                .collect();
            ok(json!({"translatedText": texts}))
        }
        _ => Reply::Answer(404, vec![], json!({"error": "Not Found"})),
    }
}

/// DeepL's `/v2/translate`, as documented, with the key `secret`.
fn deepl(request: &Request) -> Reply {
    if request.header("authorization") != Some("DeepL-Auth-Key secret") {
        return Reply::Answer(
            403,
            vec![],
            json!({"message": "Authorization failure, check auth_key"}),
        );
    }
    if (request.method.as_str(), request.path.as_str()) != ("POST", "/v2/translate") {
        return Reply::Answer(404, vec![], json!({"message": "Not found"}));
    }
    let target = request.body["target_lang"]
        .as_str()
        .unwrap_or("?")
        .to_string();
    let source = request.body["source_lang"].clone();
    let translations: Vec<Value> = request
        .strings("text")
        .iter()
        .map(|t| json!({"detected_source_language": source, "text": fake(t, &target)}))
        .collect();
    ok(json!({ "translations": translations }))
}

fn texts(list: &[&str]) -> Vec<String> {
    list.iter().map(|t| t.to_string()).collect()
}

/// Retries without waiting, so that no test depends on the clock.
fn quick() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        first_delay: Duration::ZERO,
        ..RetryPolicy::default()
    }
}

fn libre_client(service: &Service) -> Machine {
    Machine::with_key(Engine::LibreTranslate, &service.url, Some("lt-key".into()))
        .unwrap()
        .with_retry(quick())
}

fn deepl_client(service: &Service, key: &str) -> Machine {
    Machine::with_key(Engine::DeepL, &service.url, Some(key.into()))
        .unwrap()
        .with_retry(quick())
}

const SAMPLE: &[&str] = &[
    r#"Call <g id="1">the <x id="2"/> office</g> first."#,
    "Bring your passport &amp; your letter.",
    r#"See <x id="1"/>."#,
    "No appointment is needed.",
    r#"<g id="1"><g id="2">Open</g></g> on Mondays."#,
];

#[test]
fn libretranslate_translates_in_batches_and_in_order() {
    let service = Service::start(10, |r, _| libretranslate(r));
    let sent = texts(SAMPLE);
    let got = libre_client(&service)
        .with_batch_size(2)
        .translate("en", "ar", &sent)
        .expect("translated");
    let expected: Vec<String> = sent.iter().map(|t| fake(t, "ar")).collect();
    assert_eq!(got, expected);

    let requests = service.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/languages");
    let posts = service.posts();
    assert_eq!(posts.len(), 3, "five texts in batches of two");
    let mut all = Vec::new();
    for post in &posts {
        assert_eq!(post.path, "/translate");
        assert_eq!(post.body["source"], "en");
        assert_eq!(post.body["target"], "ar");
        assert_eq!(post.body["format"], "html");
        assert_eq!(post.body["api_key"], "lt-key");
        assert!(post.header("authorization").is_none());
        all.extend(post.strings("q"));
    }
    assert_eq!(all, sent);
}

#[test]
fn deepl_gets_the_documented_request_with_the_key_in_the_header() {
    let service = Service::start(10, |r, _| deepl(r));
    let sent = texts(SAMPLE);
    let got = deepl_client(&service, "secret")
        .translate("de", "en", &sent)
        .expect("translated");
    let expected: Vec<String> = sent.iter().map(|t| fake(t, "EN-GB")).collect();
    assert_eq!(got, expected);
    let posts = service.posts();
    assert_eq!(posts.len(), 1, "one batch");
    let post = &posts[0];
    assert_eq!(post.path, "/v2/translate");
    assert_eq!(post.header("authorization"), Some("DeepL-Auth-Key secret"));
    assert_eq!(post.body["source_lang"], "DE");
    assert_eq!(post.body["target_lang"], "EN-GB");
    assert_eq!(post.body["tag_handling"], "xml");
    assert_eq!(post.body["tag_handling_version"], "v2");
    assert_eq!(post.strings("text"), sent);
    assert!(
        post.body.get("auth_key").is_none(),
        "the key stays out of the body"
    );
}

#[test]
fn a_wrong_deepl_key_is_named() {
    let service = Service::start(10, |r, _| deepl(r));
    let err = deepl_client(&service, "wrong")
        .translate("de", "ar", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        matches!(err, MachineError::BadKey { status: 403, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("refused the API key"), "{message}");
    assert!(message.contains("LOTSE_DEEPL_KEY"), "{message}");
    assert!(message.contains("Authorization failure"), "{message}");
    assert_eq!(service.posts().len(), 1, "a refused key is not retried");
}

#[test]
fn a_used_up_deepl_quota_stops_at_once() {
    let service = Service::start(10, |_, _| {
        Reply::Answer(456, vec![], json!({"message": "Quota exceeded"}))
    });
    let err = deepl_client(&service, "secret")
        .translate("de", "uk", &texts(SAMPLE))
        .unwrap_err();
    assert!(matches!(err, MachineError::Quota { .. }), "{err:?}");
    assert!(err.to_string().contains("Quota exceeded"));
    assert_eq!(service.posts().len(), 1);
}

#[test]
fn a_rate_limit_is_waited_out_as_the_service_asks() {
    // The first translation request is refused with 429 and Retry-After: 1; the second passes.
    let service = Service::start(10, |r, n| {
        if r.method == "POST" && n == 2 {
            Reply::Answer(
                429,
                vec![("Retry-After", "1".into())],
                json!({"error": "Too many request limits violations"}),
            )
        } else {
            libretranslate(r)
        }
    });
    let sent = texts(SAMPLE);
    let got = libre_client(&service)
        .translate("en", "fa", &sent)
        .expect("translated after one retry");
    assert_eq!(got.len(), sent.len());
    assert_eq!(got[3], fake(&sent[3], "fa"));
    assert_eq!(service.posts().len(), 2, "one refusal, one retry");
}

#[test]
fn a_service_that_stays_busy_is_given_up_after_the_allowed_attempts() {
    let service = Service::start(20, |_, _| {
        Reply::Answer(
            503,
            vec![],
            json!({"message": "Service temporarily unavailable"}),
        )
    });
    let err = deepl_client(&service, "secret")
        .translate("de", "ru", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        matches!(
            err,
            MachineError::Busy {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(service.posts().len(), 3, "exactly the allowed attempts");
}

#[test]
fn a_wait_longer_than_allowed_is_not_waited() {
    let service = Service::start(10, |_, _| {
        Reply::Answer(
            429,
            vec![("Retry-After", "3600".into())],
            json!({"message": "slow down"}),
        )
    });
    let err = deepl_client(&service, "secret")
        .translate("de", "pl", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        err.to_string().contains("asked to wait 3600 seconds"),
        "{err}"
    );
    assert_eq!(service.posts().len(), 1);
}

#[test]
fn the_services_error_message_is_passed_on() {
    let service = Service::start(10, |r, _| {
        if r.method == "POST" {
            Reply::Answer(
                400,
                vec![],
                json!({"error": "Invalid request: missing q parameter"}),
            )
        } else {
            libretranslate(r)
        }
    });
    let err = libre_client(&service)
        .translate("en", "de", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        matches!(err, MachineError::Service { status: 400, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("missing q parameter"), "{err}");
    assert_eq!(service.posts().len(), 1, "a client error is not retried");
}

#[test]
fn a_service_that_breaks_off_midway_gives_an_error_and_no_texts() {
    // The first batch is answered; the connection of the second is closed unanswered.
    let service = Service::start(10, |r, n| if n == 1 { deepl(r) } else { Reply::Close });
    let result = deepl_client(&service, "secret")
        .with_batch_size(2)
        .translate("de", "tr", &texts(SAMPLE));
    let err = result.expect_err("no partial result");
    assert!(matches!(err, MachineError::Connection { .. }), "{err:?}");
    assert_eq!(service.posts().len(), 2, "broken off in the second batch");
}

#[test]
fn a_garbled_placeholder_names_the_text() {
    // The service loses `<x id="1"/>` from every text.
    let service = Service::start(10, |r, _| match libretranslate(r) {
        Reply::Answer(200, h, Value::Object(mut body)) if r.method == "POST" => {
            let texts = body["translatedText"].as_array_mut().unwrap();
            for text in texts.iter_mut() {
                *text = json!(text.as_str().unwrap().replace(r#"<x id="1"/>"#, ""));
            }
            Reply::Answer(200, h, Value::Object(body))
        }
        other => other,
    });
    let err = libre_client(&service)
        .with_batch_size(2)
        .translate("en", "ar", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        matches!(&err, MachineError::Placeholders { index: 2, why, .. } if why.contains("placeholder 1 is missing")),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("text 2 came back"), "{err}");
}

#[test]
fn placeholders_written_as_html_come_back_canonical() {
    let service = Service::start(10, |r, _| match libretranslate(r) {
        Reply::Answer(200, h, Value::Object(mut body)) if r.method == "POST" => {
            let texts = body["translatedText"].as_array_mut().unwrap();
            for text in texts.iter_mut() {
                *text = json!(text.as_str().unwrap().replace("/>", "></x>"));
            }
            Reply::Answer(200, h, Value::Object(body))
        }
        other => other,
    });
    let sent = texts(SAMPLE);
    let got = libre_client(&service)
        .translate("en", "ar", &sent)
        .expect("translated");
    assert_eq!(got[0], fake(&sent[0], "ar"));
    assert_eq!(got[2], fake(&sent[2], "ar"));
}

#[test]
fn unsupported_languages_are_refused_before_any_text_is_sent() {
    let service = Service::start(10, |r, _| libretranslate(r));
    // Pashto is not among DeepL's languages: refused without a request.
    let err = deepl_client(&service, "secret")
        .translate("de", "ps", &texts(SAMPLE))
        .unwrap_err();
    assert!(matches!(err, MachineError::Unsupported { .. }), "{err:?}");
    assert!(err.to_string().contains("into \"ps\""), "{err}");
    assert!(service.requests().is_empty());
    // This LibreTranslate service lists no Pashto: only the list is asked for.
    let err = libre_client(&service)
        .translate("en", "ps", &texts(SAMPLE))
        .unwrap_err();
    assert!(matches!(err, MachineError::Unsupported { .. }), "{err:?}");
    assert!(service.posts().is_empty());
    // Arabic into German is not among this service's pairs.
    let err = libre_client(&service)
        .translate("ar", "de", &texts(SAMPLE))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not translate \"ar\" into \"de\""),
        "{err}"
    );
    assert!(service.posts().is_empty());
}

#[test]
fn broken_placeholders_in_the_input_are_refused_before_any_request() {
    let service = Service::start(10, |r, _| libretranslate(r));
    let err = libre_client(&service)
        .translate("en", "ar", &texts(&["fine", r#"<g id="1">open"#]))
        .unwrap_err();
    assert!(
        matches!(err, MachineError::BadInput { index: 1, .. }),
        "{err:?}"
    );
    assert!(service.requests().is_empty());
}

#[test]
fn deepl_gets_at_most_fifty_texts_a_request() {
    let service = Service::start(10, |r, _| deepl(r));
    let sent: Vec<String> = (0..120).map(|i| format!("Text {i}.")).collect();
    let got = deepl_client(&service, "secret")
        .with_batch_size(500)
        .translate("de", "fr", &sent)
        .expect("translated");
    assert_eq!(got[119], fake("Text 119.", "FR"));
    let sizes: Vec<usize> = service
        .posts()
        .iter()
        .map(|p| p.strings("text").len())
        .collect();
    assert_eq!(sizes, vec![50, 50, 20]);
}

#[test]
fn an_answer_with_too_few_texts_is_refused() {
    let service = Service::start(10, |r, _| match libretranslate(r) {
        Reply::Answer(200, h, Value::Object(mut body)) if r.method == "POST" => {
            body["translatedText"].as_array_mut().unwrap().pop();
            Reply::Answer(200, h, Value::Object(body))
        }
        other => other,
    });
    let err = libre_client(&service)
        .translate("en", "ar", &texts(SAMPLE))
        .unwrap_err();
    assert!(matches!(err, MachineError::Answer { .. }), "{err:?}");
    assert!(
        err.to_string().contains("4 text(s) came back for 5 sent"),
        "{err}"
    );
}

#[test]
fn a_libretranslate_service_without_a_language_list_is_still_used() {
    let service = Service::start(10, |r, _| {
        if r.path == "/languages" {
            Reply::Answer(404, vec![], json!({"error": "Not Found"}))
        } else {
            libretranslate(r)
        }
    });
    let got = libre_client(&service)
        .translate("en", "ps", &texts(&["Hello."]))
        .expect("translated");
    assert_eq!(got, vec![fake("Hello.", "ps")]);
    assert_eq!(service.requests().len(), 2);
}
