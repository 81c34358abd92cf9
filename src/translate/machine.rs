//! Machine drafts: a blocking client for LibreTranslate-compatible and DeepL services.
//!
//! Texts carry inline markup as XLIFF 1.2 elements (`<x id="N"/>`, `<g id="N">…</g>`,
//! literal text escaped as `&lt; &gt; &amp;`), which both services keep when told
//! the text is markup (LibreTranslate `format: "html"`, DeepL `tag_handling: "xml"`).
//! Every text that comes back must hold the same placeholders with the same nesting,
//! else the whole call fails naming the text. Texts are sent in batches; HTTP 429 and
//! 503 are retried, honouring `Retry-After`, a bounded number of times within a total
//! time limit. Nothing is written here: the caller gets every text or an error.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A machine translation service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// LibreTranslate or a service with its API (`POST /translate`).
    LibreTranslate,
    /// DeepL's API (`POST /v2/translate`), free or pro (the URL tells which).
    DeepL,
}

impl Engine {
    /// The engine's name as the command line spells it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::LibreTranslate => "libretranslate",
            Engine::DeepL => "deepl",
        }
    }

    /// The environment variables the key is read from, in order.
    pub fn key_variables(self) -> &'static [&'static str] {
        match self {
            Engine::LibreTranslate => &["LOTSE_LIBRETRANSLATE_KEY"],
            Engine::DeepL => &["LOTSE_DEEPL_KEY", "DEEPL_AUTH_KEY"],
        }
    }

    /// The service's code for a BCP 47 language as the text's language, if it has one.
    pub fn source_code(self, lang: &str) -> Option<String> {
        let primary = primary(lang)?;
        match self {
            Engine::LibreTranslate => Some(primary),
            Engine::DeepL => {
                let code = primary.to_uppercase();
                DEEPL_SOURCES.contains(&code.as_str()).then_some(code)
            }
        }
    }

    /// The service's code for a BCP 47 language to translate into, if it has one.
    pub fn target_code(self, lang: &str) -> Option<String> {
        let primary = primary(lang)?;
        match self {
            Engine::LibreTranslate => Some(primary),
            Engine::DeepL => {
                let lower = lang.to_ascii_lowercase().replace('_', "-");
                let code = match primary.as_str() {
                    "en" if lower.starts_with("en-us") => "EN-US".to_string(),
                    "en" => "EN-GB".to_string(),
                    "pt" if lower.starts_with("pt-br") => "PT-BR".to_string(),
                    "pt" => "PT-PT".to_string(),
                    "zh" if lower.contains("hant") || lower.ends_with("-tw") => {
                        "ZH-HANT".to_string()
                    }
                    "zh" => "ZH-HANS".to_string(),
                    _ => primary.to_uppercase(),
                };
                DEEPL_TARGETS.contains(&code.as_str()).then_some(code)
            }
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Engine::LibreTranslate => "LibreTranslate",
            Engine::DeepL => "DeepL",
        })
    }
}

/// DeepL's documented source languages.
const DEEPL_SOURCES: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT", "JA", "KO",
    "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH",
];

/// DeepL's documented target languages.
const DEEPL_TARGETS: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ET", "FI", "FR", "HU", "ID", "IT",
    "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "TR",
    "UK", "ZH-HANS", "ZH-HANT",
];

/// The primary language subtag of a BCP 47 code, lowercased (`pt-BR` → `pt`).
fn primary(lang: &str) -> Option<String> {
    let first = lang.split(['-', '_']).next()?;
    let ok = (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| first.to_ascii_lowercase())
}

/// Why machine translation failed. Nothing has been written when it does.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    /// The service's address cannot be used.
    #[error("the {engine} address \"{url}\" cannot be used: {why}")]
    Url {
        /// The engine.
        engine: Engine,
        /// The address as given.
        url: String,
        /// What is wrong with it.
        why: String,
    },
    /// The engine needs a key and none is set.
    #[error("{engine} needs an API key: set it in the environment variable {variable}")]
    MissingKey {
        /// The engine.
        engine: Engine,
        /// Where the key is expected.
        variable: &'static str,
    },
    /// The engine does not translate between these languages.
    #[error("{engine} cannot translate from \"{source_lang}\" into \"{target_lang}\": {why}")]
    Unsupported {
        /// The engine.
        engine: Engine,
        /// The language translated from.
        source_lang: String,
        /// The language translated into.
        target_lang: String,
        /// Which language the engine lacks.
        why: String,
    },
    /// A text given to translate has broken placeholders (a fault of the exchange file).
    #[error("text {index} to translate has broken placeholders: {why}")]
    BadInput {
        /// The text's index in the call.
        index: usize,
        /// What is broken.
        why: String,
    },
    /// The service refused the key (HTTP 401 or 403).
    #[error(
        "{engine} refused the API key (HTTP {status}): check the key in {variable}{}",
        said(message)
    )]
    BadKey {
        /// The engine.
        engine: Engine,
        /// The HTTP status.
        status: u16,
        /// Where the key came from.
        variable: &'static str,
        /// The service's message.
        message: String,
    },
    /// DeepL's character quota for the billing period is used up (HTTP 456).
    #[error("the DeepL character quota is used up (HTTP 456): nothing was translated; wait for the next billing period or raise the limit{}", said(message))]
    Quota {
        /// The service's message.
        message: String,
    },
    /// The service answered with an error.
    #[error("{engine} answered HTTP {status}{}", said(message))]
    Service {
        /// The engine.
        engine: Engine,
        /// The HTTP status.
        status: u16,
        /// The service's message.
        message: String,
    },
    /// The service stayed busy (HTTP 429 or 503) after the allowed retries.
    #[error(
        "{engine} stayed busy (HTTP {status}) after {attempts} attempt(s){}; try again later",
        said(message)
    )]
    Busy {
        /// The engine.
        engine: Engine,
        /// The last HTTP status.
        status: u16,
        /// Requests made for the batch.
        attempts: u32,
        /// Why retrying stopped.
        message: String,
    },
    /// The service could not be reached, or the connection broke.
    #[error("{engine} at {url} could not be reached or broke off: {why}")]
    Connection {
        /// The engine.
        engine: Engine,
        /// The address.
        url: String,
        /// What happened.
        why: String,
    },
    /// The answer is not what the service's API documents.
    #[error("{engine} sent an answer that cannot be read: {why}")]
    Answer {
        /// The engine.
        engine: Engine,
        /// What is wrong with it.
        why: String,
    },
    /// A text came back with its placeholders changed.
    #[error("text {index} came back from {engine} with its placeholders changed ({why}); the links and markup it holds would break")]
    Placeholders {
        /// The engine.
        engine: Engine,
        /// The text's index in the call.
        index: usize,
        /// What changed.
        why: String,
    },
}

/// `: MESSAGE` when the service said something, else nothing.
fn said(message: &str) -> String {
    if message.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", message.trim())
    }
}

/// How often and how long a busy service is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Requests per batch at most, the first included.
    pub attempts: u32,
    /// The wait before the first retry when the service names none; doubled each time.
    pub first_delay: Duration,
    /// The longest wait accepted; a service asking for more is given up on.
    pub max_delay: Duration,
    /// The time the whole call may take, waits included.
    pub total: Duration,
    /// The time one request may take.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 5,
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            total: Duration::from_secs(600),
            request_timeout: Duration::from_secs(120),
        }
    }
}

/// Texts per request unless set otherwise.
pub const DEFAULT_BATCH: usize = 50;

/// Texts per request that DeepL takes at most.
const DEEPL_MAX_TEXTS: usize = 50;

/// Bytes of text per request at most (DeepL takes 128 KiB a request).
const BATCH_BYTES: usize = 96 * 1024;

/// A client for one machine translation service.
pub struct Machine {
    /// The service.
    engine: Engine,
    /// The base address, without a trailing `/`.
    url: String,
    /// The API key, if any.
    key: Option<String>,
    /// Where the key came from, for messages.
    key_variable: &'static str,
    /// Retries and time limits.
    retry: RetryPolicy,
    /// Texts per request.
    batch: usize,
    /// Whether the service runs on this machine (then no proxy is used).
    local: bool,
}

impl fmt::Debug for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key stays out of logs and error reports.
        f.debug_struct("Machine")
            .field("engine", &self.engine)
            .field("url", &self.url)
            .field("key", &self.key.as_ref().map(|_| "(set)"))
            .field("key_variable", &self.key_variable)
            .field("retry", &self.retry)
            .field("batch", &self.batch)
            .finish()
    }
}

impl Machine {
    /// A client for `engine` at `url`; the key comes from the environment (LOTSE_LIBRETRANSLATE_KEY / LOTSE_DEEPL_KEY / DEEPL_AUTH_KEY).
    pub fn new(engine: Engine, url: &str) -> Result<Self, MachineError> {
        Self::with_key_from(engine, url, |name| std::env::var(name).ok())
    }

    /// A client whose key is the first of the engine's variables that `lookup` finds set.
    fn with_key_from(
        engine: Engine,
        url: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, MachineError> {
        let found = engine.key_variables().iter().find_map(|&name| {
            lookup(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name, v))
        });
        match found {
            Some((name, key)) => Self::with_key(engine, url, Some(key)).map(|mut m| {
                m.key_variable = name;
                m
            }),
            None => Self::with_key(engine, url, None),
        }
    }

    /// A client for `engine` at `url` with the key given.
    pub fn with_key(engine: Engine, url: &str, key: Option<String>) -> Result<Self, MachineError> {
        let key = key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
        let key_variable = engine.key_variables()[0];
        if engine == Engine::DeepL && key.is_none() {
            return Err(MachineError::MissingKey {
                engine,
                variable: key_variable,
            });
        }
        let bad = |why: &str| MachineError::Url {
            engine,
            url: url.to_string(),
            why: why.to_string(),
        };
        let parsed = url::Url::parse(url.trim())
            .map_err(|_| bad("write the whole address, e.g. https://translate.example.org"))?;
        let local = match parsed.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => return Err(bad("it names no host")),
        };
        match parsed.scheme() {
            "https" => {}
            "http" if local || key.is_none() => {}
            "http" => {
                return Err(bad(
                    "the key would travel unencrypted; use an https:// address",
                ))
            }
            _ => return Err(bad("use an https:// address")),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad("leave the user and password out of the address"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad("leave the ? and # parts out of the address"));
        }
        if let (Engine::DeepL, Some(key), Some(host)) = (engine, &key, parsed.host_str()) {
            // DeepL API Free keys end in `:fx` and work only at the free host, others only at pro.
            let free_key = key.ends_with(":fx");
            if free_key && host.eq_ignore_ascii_case("api.deepl.com") {
                return Err(bad("the key is a DeepL API Free key (it ends in :fx); use https://api-free.deepl.com"));
            }
            if !free_key && host.eq_ignore_ascii_case("api-free.deepl.com") {
                return Err(bad("the key is not a DeepL API Free key (it does not end in :fx); use https://api.deepl.com"));
            }
        }
        Ok(Self {
            engine,
            url: parsed.as_str().trim_end_matches('/').to_string(),
            key,
            key_variable,
            retry: RetryPolicy::default(),
            batch: DEFAULT_BATCH,
            local,
        })
    }

    /// The same client with other retries and time limits.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = RetryPolicy {
            attempts: retry.attempts.max(1),
            ..retry
        };
        self
    }

    /// The same client sending at most `texts` texts per request.
    pub fn with_batch_size(mut self, texts: usize) -> Self {
        self.batch = texts.max(1);
        self
    }

    /// Translates texts (with `<x/>`/`<g>` placeholders) from `source` to `target` (BCP 47 codes), in order; a text whose placeholders come back changed is an error naming its index.
    pub fn translate(
        &self,
        source: &str,
        target: &str,
        texts: &[String],
    ) -> Result<Vec<String>, MachineError> {
        let engine = self.engine;
        let unsupported = |why: String| MachineError::Unsupported {
            engine,
            source_lang: source.to_string(),
            target_lang: target.to_string(),
            why,
        };
        let from = engine
            .source_code(source)
            .ok_or_else(|| unsupported(format!("it does not translate from \"{source}\"")))?;
        let to = engine
            .target_code(target)
            .ok_or_else(|| unsupported(format!("it does not translate into \"{target}\"")))?;
        if primary(source) == primary(target) {
            return Err(unsupported("the two languages are the same".into()));
        }
        let expected = texts
            .iter()
            .enumerate()
            .map(|(index, text)| {
                Markup::parse(text).map_err(|why| MachineError::BadInput { index, why })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let deadline = Instant::now() + self.retry.total;
        let agent = self.agent();
        if engine == Engine::LibreTranslate {
            self.check_languages(&agent, deadline, &from, &to, unsupported)?;
        }
        let mut out = Vec::with_capacity(texts.len());
        let size = match engine {
            Engine::DeepL => self.batch.min(DEEPL_MAX_TEXTS),
            Engine::LibreTranslate => self.batch,
        };
        for range in batches(texts, size) {
            let batch = &texts[range.clone()];
            let got = match engine {
                Engine::LibreTranslate => self.libretranslate(&agent, deadline, &from, &to, batch),
                Engine::DeepL => self.deepl(&agent, deadline, &from, &to, batch),
            }?;
            for (offset, text) in got.into_iter().enumerate() {
                let index = range.start + offset;
                let markup = Markup::parse(&text).map_err(|why| MachineError::Placeholders {
                    engine,
                    index,
                    why,
                })?;
                expected[index]
                    .same_placeholders(&markup)
                    .map_err(|why| MachineError::Placeholders { engine, index, why })?;
                out.push(markup.text);
            }
        }
        Ok(out)
    }

    /// An HTTP agent: statuses as values, no redirects (the key stays with the host given),
    /// timeouts, the environment's proxy unless the service runs on this machine.
    fn agent(&self) -> ureq::Agent {
        let config = ureq::Agent::config_builder();
        let config = if self.local {
            config.proxy(None)
        } else {
            config
        };
        config
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(
                Duration::from_secs(15).min(self.retry.request_timeout),
            ))
            .timeout_global(Some(self.retry.request_timeout))
            .user_agent(concat!("lotse/", env!("CARGO_PKG_VERSION")))
            .build()
            .into()
    }

    /// Asks a LibreTranslate service which languages it has, and fails if the pair is missing.
    fn check_languages(
        &self,
        agent: &ureq::Agent,
        deadline: Instant,
        from: &str,
        to: &str,
        unsupported: impl Fn(String) -> MachineError,
    ) -> Result<(), MachineError> {
        let Some(list) = self.request(agent, deadline, "/languages", None)? else {
            // A compatible service without the list: the translation request will tell.
            return Ok(());
        };
        let languages = list
            .as_array()
            .ok_or_else(|| self.answer("/languages is not a list"))?;
        let entry = |code: &str| {
            languages
                .iter()
                .find(|l| l.get("code").and_then(Value::as_str) == Some(code))
        };
        let Some(source) = entry(from) else {
            return Err(unsupported(format!("the service has no \"{from}\"")));
        };
        if entry(to).is_none() {
            return Err(unsupported(format!("the service has no \"{to}\"")));
        }
        if let Some(targets) = source.get("targets").and_then(Value::as_array) {
            if !targets.iter().any(|t| t.as_str() == Some(to)) {
                return Err(unsupported(format!(
                    "the service does not translate \"{from}\" into \"{to}\""
                )));
            }
        }
        Ok(())
    }

    /// One batch through LibreTranslate's `POST /translate`.
    fn libretranslate(
        &self,
        agent: &ureq::Agent,
        deadline: Instant,
        from: &str,
        to: &str,
        batch: &[String],
    ) -> Result<Vec<String>, MachineError> {
        let mut body = json!({"q": batch, "source": from, "target": to, "format": "html"});
        if let Some(key) = &self.key {
            body["api_key"] = json!(key);
        }
        let answer = self
            .request(agent, deadline, "/translate", Some(&body))?
            .ok_or_else(|| self.answer("/translate was not found at this address"))?;
        let texts = answer
            .get("translatedText")
            .and_then(Value::as_array)
            .ok_or_else(|| self.answer("it has no list \"translatedText\""))?;
        self.strings(texts.iter().map(Value::as_str), batch.len())
    }

    /// One batch through DeepL's `POST /v2/translate`.
    fn deepl(
        &self,
        agent: &ureq::Agent,
        deadline: Instant,
        from: &str,
        to: &str,
        batch: &[String],
    ) -> Result<Vec<String>, MachineError> {
        let body = json!({
            "text": batch,
            "source_lang": from,
            "target_lang": to,
            "tag_handling": "xml",
            "tag_handling_version": "v2",
            "non_splitting_tags": ["x", "g"],
        });
        let answer = self
            .request(agent, deadline, "/v2/translate", Some(&body))?
            .ok_or_else(|| self.answer("/v2/translate was not found at this address"))?;
        let texts = answer
            .get("translations")
            .and_then(Value::as_array)
            .ok_or_else(|| self.answer("it has no list \"translations\""))?;
        self.strings(
            texts.iter().map(|t| t.get("text").and_then(Value::as_str)),
            batch.len(),
        )
    }

    /// The texts of an answer, exactly `count` of them.
    fn strings<'a>(
        &self,
        texts: impl ExactSizeIterator<Item = Option<&'a str>>,
        count: usize,
    ) -> Result<Vec<String>, MachineError> {
        if texts.len() != count {
            return Err(self.answer(&format!(
                "{} text(s) came back for {count} sent",
                texts.len()
            )));
        }
        texts
            .map(|t| {
                t.map(str::to_string)
                    .ok_or_else(|| self.answer("a text is missing"))
            })
            .collect()
    }

    /// An unreadable answer.
    fn answer(&self, why: &str) -> MachineError {
        MachineError::Answer {
            engine: self.engine,
            why: why.to_string(),
        }
    }

    /// Sends one request (GET without a body, POST with one), retrying while the
    /// service is busy; `None` for HTTP 404 on a GET.
    fn request(
        &self,
        agent: &ureq::Agent,
        deadline: Instant,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Option<Value>, MachineError> {
        let engine = self.engine;
        let url = format!("{}{path}", self.url);
        let broke = |why: String| MachineError::Connection {
            engine,
            url: url.clone(),
            why,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            if Instant::now() >= deadline {
                return Err(broke(format!(
                    "the limit of {} seconds for the whole translation passed",
                    self.retry.total.as_secs()
                )));
            }
            let sent = match body {
                Some(body) => {
                    let mut request = agent.post(&url);
                    if let (Engine::DeepL, Some(key)) = (engine, &self.key) {
                        request = request.header("Authorization", format!("DeepL-Auth-Key {key}"));
                    }
                    request.send_json(body)
                }
                None => agent.get(&url).call(),
            };
            let mut response = sent.map_err(|e| broke(e.to_string()))?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let text = response
                .body_mut()
                .with_config()
                .limit(16 * 1024 * 1024)
                .read_to_string()
                .map_err(|e| broke(e.to_string()))?;
            if (200..300).contains(&status) {
                let value = serde_json::from_str(&text)
                    .map_err(|_| self.answer(&format!("{path} did not answer with JSON")))?;
                return Ok(Some(value));
            }
            let message = message_of(&text);
            match status {
                404 if body.is_none() => return Ok(None),
                401 | 403 => {
                    return Err(MachineError::BadKey {
                        engine,
                        status,
                        variable: self.key_variable,
                        message,
                    })
                }
                456 => return Err(MachineError::Quota { message }),
                429 | 503 => {
                    let wait = retry_after.unwrap_or_else(|| self.backoff(attempt));
                    let busy = |why: String| MachineError::Busy {
                        engine,
                        status,
                        attempts: attempt,
                        message: why,
                    };
                    if attempt >= self.retry.attempts {
                        return Err(busy(message));
                    }
                    if wait > self.retry.max_delay {
                        return Err(busy(format!("it asked to wait {} seconds", wait.as_secs())));
                    }
                    if Instant::now() + wait > deadline {
                        return Err(busy(format!(
                            "waiting longer would pass the limit of {} seconds",
                            self.retry.total.as_secs()
                        )));
                    }
                    std::thread::sleep(wait);
                }
                _ => {
                    return Err(MachineError::Service {
                        engine,
                        status,
                        message,
                    })
                }
            }
        }
    }

    /// The wait before retry number `attempt` when the service names none.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << (attempt.saturating_sub(1)).min(16);
        self.retry
            .first_delay
            .saturating_mul(factor)
            .min(self.retry.max_delay)
    }
}

/// The message of an error answer: LibreTranslate's `error`, DeepL's `message`
/// (with `detail`), or the start of the text.
fn message_of(text: &str) -> String {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
        if let Some(message) = field("error").or_else(|| field("message")) {
            return match field("detail") {
                Some(detail) => format!("{message} ({detail})"),
                None => message,
            };
        }
    }
    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    text.trim().to_string()
}

/// The index ranges of the batches: at most `size` texts and about [`BATCH_BYTES`] each.
fn batches(texts: &[String], size: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, text) in texts.iter().enumerate() {
        if i > start && (i - start >= size || bytes + text.len() > BATCH_BYTES) {
            ranges.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += text.len();
    }
    if start < texts.len() {
        ranges.push(start..texts.len());
    }
    ranges
}

/// A placeholder's kind and the `<g>` it lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placement {
    /// `x` or `g`.
    kind: &'static str,
    /// The id of the enclosing `<g>`, if any.
    parent: Option<String>,
}

/// A text's placeholders, and the text written in the one canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Markup {
    /// Every placeholder by id.
    placeholders: BTreeMap<String, Placement>,
    /// The text with `<x id="N"/>`, `<g id="N">`, `</g>` written alike.
    text: String,
}

impl Markup {
    /// Reads the placeholders of a text. Engines that treat the text as HTML
    /// may answer `<x id="1"></x>` for `<x id="1"/>`; both are accepted.
    fn parse(text: &str) -> Result<Self, String> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().check_end_names = false;
        reader.config_mut().allow_unmatched_ends = true;
        let mut placeholders = BTreeMap::new();
        let mut open: Vec<(&'static str, String)> = Vec::new();
        let mut out = String::with_capacity(text.len());
        let mut add = |id: String, kind, parent: Option<String>| {
            if placeholders.contains_key(&id) {
                return Err(format!("placeholder {id} appears twice"));
            }
            placeholders.insert(id, Placement { kind, parent });
            Ok(())
        };
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("the markup cannot be read ({e})"))?;
            if matches!(open.last(), Some(("x", _))) && !matches!(event, Event::End(_) | Event::Eof)
            {
                return Err("a standalone placeholder holds text".into());
            }
            match event {
                Event::Eof => break,
                Event::Text(t) => out.push_str(&String::from_utf8_lossy(&t)),
                Event::GeneralRef(r) => {
                    out.push('&');
                    out.push_str(&String::from_utf8_lossy(&r));
                    out.push(';');
                }
                Event::Start(e) | Event::Empty(e) if !matches!(e.name().as_ref(), b"x" | b"g") => {
                    return Err(format!(
                        "an element <{}> that is not a placeholder",
                        String::from_utf8_lossy(e.name().as_ref())
                    ))
                }
                Event::Empty(e) => {
                    let id = id_of(&e)?;
                    let kind = if e.name().as_ref() == b"x" { "x" } else { "g" };
                    add(id.clone(), kind, open.last().map(|o| o.1.clone()))?;
                    if kind == "x" {
                        out.push_str(&format!("<x id=\"{id}\"/>"));
                    } else {
                        out.push_str(&format!("<g id=\"{id}\"></g>"));
                    }
                }
                Event::Start(e) => {
                    let id = id_of(&e)?;
                    let kind = if e.name().as_ref() == b"x" { "x" } else { "g" };
                    add(id.clone(), kind, open.last().map(|o| o.1.clone()))?;
                    if kind == "g" {
                        out.push_str(&format!("<g id=\"{id}\">"));
                    } else {
                        out.push_str(&format!("<x id=\"{id}\"/>"));
                    }
                    open.push((kind, id));
                }
                Event::End(e) => {
                    let name = e.name();
                    let Some((kind, id)) = open.pop() else {
                        return Err(format!(
                            "a closing </{}> without its opening",
                            String::from_utf8_lossy(name.as_ref())
                        ));
                    };
                    if name.as_ref() != kind.as_bytes() {
                        return Err(format!("placeholder {id} is closed in the wrong place"));
                    }
                    if kind == "g" {
                        out.push_str("</g>");
                    }
                }
                Event::CData(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => {
                    return Err(
                        "markup that is not a placeholder (a comment, CDATA or declaration)".into(),
                    )
                }
            }
        }
        if let Some((_, id)) = open.last() {
            return Err(format!("placeholder {id} is not closed"));
        }
        Ok(Self {
            placeholders,
            text: out,
        })
    }

    /// Whether `other` holds the same placeholders, of the same kinds, nested alike.
    fn same_placeholders(&self, other: &Markup) -> Result<(), String> {
        if let Some(id) = self
            .placeholders
            .keys()
            .find(|id| !other.placeholders.contains_key(*id))
        {
            return Err(format!("placeholder {id} is missing"));
        }
        if let Some(id) = other
            .placeholders
            .keys()
            .find(|id| !self.placeholders.contains_key(*id))
        {
            return Err(format!("placeholder {id} was added"));
        }
        for (id, was) in &self.placeholders {
            let now = &other.placeholders[id];
            if was.kind != now.kind {
                return Err(format!("placeholder {id} changed its kind"));
            }
            if was.parent != now.parent {
                return Err(format!("placeholder {id} moved out of or into another"));
            }
        }
        Ok(())
    }
}

/// The `id` of a placeholder: letters, digits, `-` or `_`.
fn id_of(e: &quick_xml::events::BytesStart<'_>) -> Result<String, String> {
    let attr = e
        .try_get_attribute("id")
        .map_err(|_| "a placeholder's attributes cannot be read".to_string())?
        .ok_or_else(|| "a placeholder has no id".to_string())?;
    let id = String::from_utf8_lossy(&attr.value).into_owned();
    let ok = !id.is_empty()
        && id.len() <= 32
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(id)
    } else {
        Err(format!("a placeholder has the id \"{id}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markup(text: &str) -> Markup {
        Markup::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn placeholders_are_read_with_their_nesting() {
        let m = markup(r#"See <g id="1">the <x id="2"/> office</g> &amp; <x id="3"/>."#);
        assert_eq!(m.placeholders.len(), 3);
        assert_eq!(m.placeholders["2"].parent.as_deref(), Some("1"));
        assert_eq!(m.placeholders["3"].parent, None);
        assert_eq!(m.placeholders["1"].kind, "g");
        assert_eq!(
            m.text,
            r#"See <g id="1">the <x id="2"/> office</g> &amp; <x id="3"/>."#
        );
    }

    #[test]
    fn html_style_answers_are_written_canonically() {
        let m = markup(r#"<g id='1'>a</g> <x id="2"></x> b &lt;c&gt;"#);
        assert_eq!(m.text, r#"<g id="1">a</g> <x id="2"/> b &lt;c&gt;"#);
    }

    #[test]
    fn changed_placeholders_are_found() {
        let sent = markup(r#"<g id="1">a <x id="2"/></g> <x id="3"/>"#);
        let check = |back: &str| sent.same_placeholders(&markup(back));
        assert!(check(r#"<x id="3"/> <g id="1"><x id="2"/> b</g>"#).is_ok());
        assert!(check(r#"<g id="1">a</g> <x id="2"/> <x id="3"/>"#)
            .unwrap_err()
            .contains("placeholder 2 moved"));
        assert!(check(r#"<g id="1">a <x id="2"/></g>"#)
            .unwrap_err()
            .contains("placeholder 3 is missing"));
        assert!(
            check(r#"<g id="1">a <x id="2"/></g> <x id="3"/><x id="4"/>"#)
                .unwrap_err()
                .contains("placeholder 4 was added")
        );
        assert!(check(r#"<g id="1">a <g id="2"></g></g> <x id="3"/>"#)
            .unwrap_err()
            .contains("placeholder 2 changed its kind"));
    }

    #[test]
    fn broken_markup_is_refused() {
        for (text, why) in [
            (r#"<x id="1"/><x id="1"/>"#, "appears twice"),
            (r#"<g id="1">open"#, "not closed"),
            (r#"a</g>"#, "without its opening"),
            (r#"<b>bold</b>"#, "not a placeholder"),
            (r#"<x/>"#, "has no id"),
            (r#"<x id="a b"/>"#, "has the id"),
            (r#"<!-- c -->"#, "not a placeholder"),
            (r#"<x id="1">text</x>"#, "holds text"),
        ] {
            let err = Markup::parse(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
        }
    }

    #[test]
    fn languages_map_to_each_engine() {
        assert_eq!(Engine::DeepL.target_code("en").as_deref(), Some("EN-GB"));
        assert_eq!(Engine::DeepL.target_code("en-US").as_deref(), Some("EN-US"));
        assert_eq!(Engine::DeepL.target_code("pt").as_deref(), Some("PT-PT"));
        assert_eq!(Engine::DeepL.target_code("ar").as_deref(), Some("AR"));
        assert_eq!(Engine::DeepL.source_code("en").as_deref(), Some("EN"));
        assert_eq!(Engine::DeepL.target_code("ps"), None);
        assert_eq!(Engine::DeepL.target_code("fa"), None);
        assert_eq!(
            Engine::LibreTranslate.target_code("ps").as_deref(),
            Some("ps")
        );
        assert_eq!(
            Engine::LibreTranslate.source_code("de-AT").as_deref(),
            Some("de")
        );
        assert_eq!(Engine::LibreTranslate.source_code("../x"), None);
    }

    #[test]
    fn batches_are_bounded_by_count_and_size() {
        let texts: Vec<String> = (0..7).map(|i| i.to_string()).collect();
        assert_eq!(batches(&texts, 3), vec![0..3, 3..6, 6..7]);
        let big = vec!["a".repeat(BATCH_BYTES - 10), "b".repeat(20), "c".into()];
        assert_eq!(batches(&big, 50), vec![0..1, 1..3]);
        assert!(batches(&[], 5).is_empty());
    }

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let m = Machine::with_key(Engine::LibreTranslate, "http://127.0.0.1:1", None)
            .unwrap()
            .with_retry(RetryPolicy {
                first_delay: Duration::from_secs(2),
                max_delay: Duration::from_secs(10),
                ..RetryPolicy::default()
            });
        let waits: Vec<u64> = (1..=5).map(|a| m.backoff(a).as_secs()).collect();
        assert_eq!(waits, vec![2, 4, 8, 10, 10]);
    }

    #[test]
    fn addresses_and_keys_are_checked() {
        let err = |engine, url: &str, key: Option<&str>| {
            Machine::with_key(engine, url, key.map(str::to_string))
                .unwrap_err()
                .to_string()
        };
        assert!(err(Engine::DeepL, "https://api-free.deepl.com", None)
            .contains("DeepL needs an API key"));
        assert!(err(Engine::DeepL, "http://deepl.example.org", Some("k")).contains("unencrypted"));
        assert!(err(Engine::LibreTranslate, "ftp://x.org", None).contains("https://"));
        assert!(err(Engine::LibreTranslate, "translate.org", None).contains("whole address"));
        assert!(err(Engine::LibreTranslate, "https://u:p@x.org", None).contains("password"));
        let m = Machine::with_key(
            Engine::DeepL,
            "https://api-free.deepl.com/",
            Some("k:fx".into()),
        )
        .unwrap();
        assert_eq!(m.url, "https://api-free.deepl.com");
        assert!(err(Engine::DeepL, "https://api.deepl.com", Some("k:fx"))
            .contains("api-free.deepl.com"));
        assert!(err(Engine::DeepL, "https://api-free.deepl.com", Some("k"))
            .contains("https://api.deepl.com"));
        assert!(
            Machine::with_key(Engine::DeepL, "https://api.deepl.com", Some("k".into())).is_ok()
        );
        assert!(Machine::with_key(
            Engine::LibreTranslate,
            "http://localhost:5000",
            Some("k".into())
        )
        .is_ok());
    }

    #[test]
    fn the_key_comes_from_the_first_variable_set() {
        let url = "https://api.deepl.com";
        let env = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                set.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let m =
            Machine::with_key_from(Engine::DeepL, url, env(&[("DEEPL_AUTH_KEY", "b")])).unwrap();
        assert_eq!(
            (m.key.as_deref(), m.key_variable),
            (Some("b"), "DEEPL_AUTH_KEY")
        );
        let both = env(&[("DEEPL_AUTH_KEY", "b"), ("LOTSE_DEEPL_KEY", "a")]);
        let m = Machine::with_key_from(Engine::DeepL, url, both).unwrap();
        assert_eq!(
            (m.key.as_deref(), m.key_variable),
            (Some("a"), "LOTSE_DEEPL_KEY")
        );
        let blank = env(&[("LOTSE_DEEPL_KEY", " ")]);
        let err = Machine::with_key_from(Engine::DeepL, url, blank).unwrap_err();
        assert!(matches!(
            err,
            MachineError::MissingKey {
                variable: "LOTSE_DEEPL_KEY",
                ..
            }
        ));
        assert!(!format!("{m:?}").contains("\"a\""), "the key is not shown");
        let lt = Machine::with_key_from(Engine::LibreTranslate, "https://lt.example.org", env(&[]))
            .unwrap();
        assert_eq!(lt.key, None);
    }
}
