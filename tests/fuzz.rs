//! Fuzzing on stable Rust: proptest strategies with a seeded RNG generate page
//! files (front matter + Markdown full of odd and hostile input) and small
//! sites, and check lotse's public API on them:
//!
//! - `content::front_matter::parse` and `markdown::render` never panic, and
//!   a BOM and CRLF line endings do not change what `parse` returns;
//! - the rendered HTML (`Rendered.html` and the table of contents) never holds
//!   a `<script>` element, an `on...=` attribute or a `javascript:` /
//!   `vbscript:` / `data:text/html` URL, even when the page also has errors.
//!   The HTML is parsed with html5ever (so entities are decoded as a browser
//!   decodes them); text that merely *reads* "javascript:" is not code;
//! - `pipeline::build` writes nothing outside its output folder and leaves
//!   no temporary folders, whether the build succeeds or fails; a failed
//!   build leaves the output as it was, two builds give the same bytes, and
//!   no built page runs code from the content.
//!
//! Every run first replays `tests/fuzz/corpus/*.md`, then generates input
//! until the time budget is spent. A failing input is shrunk and printed, and
//! saved to the corpus only when asked for. Environment:
//!
//! - `LOTSE_FUZZ_SECONDS`: the time budget (default 5): the properties
//!   generate input side by side until it is spent (each at least a quarter);
//! - `LOTSE_FUZZ_SEED`: the RNG seed (default: [`CI_SEED`] when `CI` is set,
//!   as in continuous integration, so that a run there can be repeated;
//!   else from the clock; always printed);
//! - `LOTSE_FUZZ_SAVE=1`: save failing inputs to `tests/fuzz/corpus/`;
//! - `LOTSE_FUZZ_STRICT=1`: known lotse bugs (see [`known_bug`]) fail too.

mod support;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use lotse::config::Config;
use lotse::content::{self, front_matter, Content, LoadOptions, Page};
use lotse::markdown::{self, LinkResolver, Rendered};
use lotse::pipeline::{self, BuildOptions};
use proptest::prelude::*;
use proptest::test_runner::{
    Config as RunnerConfig, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner,
};
use scraper::{Html, Node};

// ---------------------------------------------------------------- settings

fn budget() -> Duration {
    let seconds = std::env::var("LOTSE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(5.0);
    Duration::from_secs_f64(seconds)
}

/// When a property stops generating: the budget counts from the start of
/// the first property, as the properties run side by side; one that starts
/// late (few test threads) still gets a quarter of the budget.
fn deadline() -> Instant {
    static FIRST: OnceLock<Instant> = OnceLock::new();
    let now = Instant::now();
    let first = *FIRST.get_or_init(|| now);
    (first + budget()).max(now + budget() / 4)
}

fn strict() -> bool {
    std::env::var("LOTSE_FUZZ_STRICT").is_ok_and(|v| v != "0" && !v.is_empty())
}

/// The seed of runs in continuous integration (where `CI` is set).
const CI_SEED: u64 = 20_261_205;

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The seed of this run: `LOTSE_FUZZ_SEED`, else [`CI_SEED`] in continuous
/// integration, else from the clock; plus a per-property salt so that the
/// properties do not walk in step.
fn seed(name: &str, salt: u64) -> u64 {
    let base = std::env::var("LOTSE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            if env_flag("CI") {
                return CI_SEED;
            }
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("{name}: LOTSE_FUZZ_SEED={base}");
    base ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The RNG all batches of one property draw from.
fn master_rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(seed.rotate_left(i as u32 * 16) ^ i as u64).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// A runner for one batch of `cases` (a runner counts its successes, so
/// every batch gets a new one, with the next RNG from the master RNG).
fn runner(master: &mut TestRng, cases: u32) -> TestRunner {
    let mut seed = [0u8; 32];
    master.fill_bytes(&mut seed);
    let config = RunnerConfig {
        cases,
        failure_persistence: None,
        max_shrink_time: 60_000,
        max_shrink_iters: 2_000,
        ..RunnerConfig::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

// ------------------------------------------------------------------ corpus

fn corpus_dir() -> PathBuf {
    support::repo_root().join("tests/fuzz/corpus")
}

/// The corpus pages, in name order.
fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .map(|e| {
                    let bytes = std::fs::read(e.path()).expect("read corpus file");
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Saves a failing input to the corpus when `LOTSE_FUZZ_SAVE` asks for it;
/// says where it went, or how to save it.
fn save_to_corpus(prefix: &str, text: &str) -> String {
    if !env_flag("LOTSE_FUZZ_SAVE") {
        return "not saved (run again with this seed and LOTSE_FUZZ_SAVE=1 to save it to tests/fuzz/corpus/)".into();
    }
    format!("saved to {}", write_to_corpus(prefix, text).display())
}

/// Writes a failing input to the corpus; returns its path.
fn write_to_corpus(prefix: &str, text: &str) -> PathBuf {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let path = corpus_dir().join(format!("{prefix}-{hash:016x}.md"));
    let _ = std::fs::create_dir_all(corpus_dir());
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot save {}: {e}", path.display());
    }
    path
}

// ------------------------------------------------------------ the checks

/// A loaded standard site whose pages the fuzzed pages stand in for.
struct Fixture {
    _site: support::TestSite,
    config: Config,
    content: Content,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let site = support::TestSite::standard();
        let config = Config::load(site.dir.path()).expect("standard site.toml");
        let (content, _) =
            content::load(&config, LoadOptions::default()).expect("standard content");
        Fixture {
            _site: site,
            config,
            content,
        }
    })
}

/// A rule of the safety property that lotse is known to break; such
/// findings are counted and printed, and fail only with `LOTSE_FUZZ_STRICT=1`.
/// Each has a reproducer in the corpus (`known-*.md`) and in `tests/bad/`.
fn known_bug(_finding: &Finding) -> Option<&'static str> {
    // No known bug at present: every finding fails. While a new finding is
    // being fixed, its rule can be listed here with its corpus reproducer.
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The body of a page.
    Body,
    /// The table of contents.
    Toc,
    /// The list of sources of an article.
    Sources,
    /// Elsewhere in a built page.
    Page,
}

/// Something in rendered HTML that could run code.
#[derive(Debug, Clone)]
struct Finding {
    place: Place,
    element: String,
    attribute: Option<String>,
    what: String,
    /// Whether lotse reported a script URL error for the page.
    reported: bool,
}

/// Attributes whose value a browser loads or follows as a URL (or as CSS);
/// text attributes such as `alt` and `title` may say "javascript:" harmlessly.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "srcdoc",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "usemap",
    "style",
    "values",
    "from",
    "to",
    "by",
];

/// What could run code in an HTML fragment, as a browser would parse it.
fn dangers(html: &str) -> Vec<(String, Option<String>, String)> {
    let mut found = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        found.push(("script".into(), None, "a literal <script tag".into()));
    }
    let doc = Html::parse_fragment(html);
    for (element, attribute, what, _) in scan(&doc, false) {
        found.push((element, attribute, what));
    }
    found
}

/// What could run code in a parsed document, with the place it is in.
/// In a whole page, the theme's own scripts are allowed: JSON-LD data, and
/// scripts that do not contain the fuzzer's `alert(`/`msgbox(` payloads.
fn scan(doc: &Html, page: bool) -> Vec<(String, Option<String>, String, Place)> {
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        let classes = |n: &Node| match n {
            Node::Element(e) => e.attr("class").unwrap_or_default().to_string(),
            _ => String::new(),
        };
        let place = if !page {
            Place::Body
        } else if std::iter::once(node)
            .chain(node.ancestors())
            .any(|a| classes(a.value()).split(' ').any(|c| c == "toc"))
        {
            Place::Toc
        } else if node
            .ancestors()
            .any(|a| classes(a.value()).split(' ').any(|c| c == "sources"))
        {
            Place::Sources
        } else {
            Place::Page
        };
        if name == "script" {
            let text: String = node
                .descendants()
                .filter_map(|d| match d.value() {
                    Node::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            let data = element
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
            if !page || (!data && (text.contains("alert(") || text.contains("msgbox("))) {
                found.push((name.clone(), None, "a <script> element".into(), place));
            }
        }
        for (attr, value) in element.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push((
                    name.clone(),
                    Some(attr.clone()),
                    format!("an event handler {attr}={value:?}"),
                    place,
                ));
            }
            // Browsers drop tabs, newlines and leading controls in URLs.
            let compact: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let refresh = name == "meta"
                && attr == "content"
                && element
                    .attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
            if (refresh || URL_ATTRIBUTES.contains(&attr.as_str()))
                && (compact.contains("javascript:")
                    || compact.contains("vbscript:")
                    || compact.starts_with("data:text/html"))
            {
                found.push((
                    name.clone(),
                    Some(attr.clone()),
                    format!("a script URL {attr}={value:?}"),
                    place,
                ));
            }
        }
    }
    found
}

/// Everything unsafe in a rendered page.
fn findings(rendered: &Rendered) -> Vec<Finding> {
    let reported = rendered
        .problems
        .iter()
        .any(|p| p.is_error() && p.message.contains("script URL"));
    let mut all = Vec::new();
    let places = std::iter::once((Place::Body, rendered.html.as_str()))
        .chain(rendered.toc.iter().map(|t| (Place::Toc, t.html.as_str())));
    for (place, html) in places {
        for (element, attribute, what) in dangers(html) {
            all.push(Finding {
                place,
                element,
                attribute,
                what,
                reported,
            });
        }
    }
    all
}

/// Known-bug hits of this process: rule → (count, shortest input).
fn known_hits() -> &'static Mutex<BTreeMap<&'static str, (usize, String)>> {
    static HITS: OnceLock<Mutex<BTreeMap<&'static str, (usize, String)>>> = OnceLock::new();
    HITS.get_or_init(Mutex::default)
}

fn note_known(rule: &'static str, input: &str) {
    let mut hits = known_hits().lock().unwrap_or_else(|e| e.into_inner());
    let entry = hits.entry(rule).or_insert((0, input.to_string()));
    entry.0 += 1;
    if input.len() < entry.1.len() {
        entry.1 = input.to_string();
    }
}

fn print_known() {
    let hits = known_hits().lock().unwrap_or_else(|e| e.into_inner());
    for (rule, (count, example)) in hits.iter() {
        let mut shown: String = example.chars().take(300).collect();
        if shown.len() < example.len() {
            shown.push_str("...");
        }
        eprintln!("known lotse bug hit {count} time(s): {rule}\n  shortest input: {shown:?}");
    }
}

/// Parses and renders one page file as the German and the Arabic version of
/// an article of the standard site; `Err` on a panic or unsafe HTML.
fn check_page(text: &str) -> Result<(), String> {
    let parsed = catch_unwind(|| front_matter::parse(text))
        .map_err(|p| format!("front_matter::parse panicked: {}", panic_text(&p)))?;
    let f = fixture();
    for code in ["de", "ar"] {
        let lang = f.config.language_index(code).expect("language");
        let mut page: Page = f
            .content
            .get("health/insurance", lang)
            .expect("standard article")
            .clone();
        match &parsed {
            Ok(p) => {
                page.front = p.front.clone();
                page.body = p.body.clone();
                page.body_line = p.body_line;
            }
            Err(_) => {
                page.body = text.to_string();
                page.body_line = 1;
            }
        }
        let note =
            |_: usize, target: usize| format!("opens in {}", f.config.languages[target].name);
        let resolver = LinkResolver {
            config: &f.config,
            content: &f.content,
            other_language_note: &note,
        };
        let dir = f.config.languages[lang].direction;
        let rendered =
            catch_unwind(AssertUnwindSafe(|| markdown::render(&page, dir, &resolver)))
                .map_err(|p| format!("markdown::render ({code}) panicked: {}", panic_text(&p)))?;
        for finding in findings(&rendered) {
            match known_bug(&finding) {
                Some(rule) if !strict() => note_known(rule, text),
                _ => {
                    let html = match finding.place {
                        Place::Toc => format!("{:?}", rendered.toc),
                        _ => rendered.html.clone(),
                    };
                    return Err(format!(
                        "unsafe rendered HTML ({code}, {:?}): {} on <{}> {:?} (reported as an error: {})\nHTML: {}",
                        finding.place,
                        finding.what,
                        finding.element,
                        finding.attribute,
                        finding.reported,
                        html.chars().take(2000).collect::<String>()
                    ));
                }
            }
        }
    }
    Ok(())
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

// -------------------------------------------------------------- generators

const WORDS: &[&str] = &[
    "Krankenversicherung",
    "Mindestlohn",
    "Ärzte",
    "Straße",
    "„Zitat“",
    "« citation »",
    "التأمين الصحي",
    "اتصل بالرقم",
    "مرحبا",
    "بیمه درمانی",
    "روغتیا",
    "медицинское страхование",
    "Здравствуйте",
    "ubezpieczenie",
    "sağlık sigortası",
    "116 117",
    "+49 211 1234567",
    "info@example.org",
    "https://www.bamf.de/",
    "www.example.org",
    "2026-11-25",
    "13,90 €",
    "🙂",
    "👩🏽‍⚕️",
    "日本語",
    "עברית",
    "a\u{301}",
    "javascript:alert(1)",
    "onerror=alert(1)",
    "<script>",
];

const SPECIAL: &[&str] = &[
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\t",
    "\u{b}",
    "\u{c}",
    "\r",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{200d}",
    "\u{200e}",
    "\u{200f}",
    "\u{202a}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{feff}",
    "\u{fffd}",
    "\u{fffe}",
    "\u{e000}",
    "\u{10ffff}",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#0;",
    "&#x0;",
    "&#106;",
    "&#x6A;",
    "&#1114112;",
    "&nbsp;",
    "&colon;",
    "&NewLine;",
    "&Tab;",
    "&unknown;",
    "&",
    "<",
    ">",
    "\\",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "#",
    "|",
    "~",
    "!",
    "^",
    "---",
    "...",
];

/// Hostile HTML and Markdown; `J` is replaced by a spelling of "javascript".
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<script\n>alert(1)</script\n>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\"onerror=\"alert(1)\">",
    "<img/src/onerror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<img src=x\u{c}onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"J:alert(1)\">x</a>",
    "<a href='J:alert(1)'>x</a>",
    "<a href=J:alert(1)>x</a>",
    "<a href=\" J:alert(1)\">x</a>",
    "<a href=\"&#x20;J:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html,<b>x</b>\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<iframe src=\"J:alert(1)\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<object data=\"J:alert(1)\"></object>",
    "<embed src=\"J:alert(1)\">",
    "<form action=\"J:alert(1)\"><button>x</button></form>",
    "<button formaction=\"J:alert(1)\">x</button>",
    "<base href=\"J:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=J:alert(1)\">",
    "<link rel=stylesheet href=\"J:alert(1)\">",
    "<style>@import 'J:alert(1)';</style>",
    "<div style=\"background:url(J:alert(1))\">x</div>",
    "<math><mi xlink:href=\"J:alert(1)\">x</mi></math>",
    "<svg><a xlink:href=\"J:alert(1)\"><text>x</text></a></svg>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<a href=\"J&colon;alert(1)\">x</a>",
    "<a href=\"J&#58;alert(1)\">x</a>",
    "[x](J:alert(1))",
    "[x](<J:alert(1)>)",
    "[x]( J:alert(1) )",
    "[x](J:alert(1) \"title\")",
    "![x](J:alert(1))",
    "<J:alert(1)>",
    "[x][evil]\n\n[evil]: J:alert(1)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,hi)",
    "[x](DATA:text/html;base64,PHNjcmlwdD4=)",
    "[x](java%73cript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "## Titel {#costs onclick=alert(1)}",
    "## Titel {.x onmouseover=alert(1)}",
    "### Titel {#x href=J:alert(1)}",
    "## <a href=\"J:alert(1)\">x</a>",
    "## Kosten <img src=x onerror=alert(1)> {#costs}",
    "## <svg onload=alert(1)>",
    "## <span title=\"a\">x</span> <a href=\"jav&#x61;script:alert(1)\">y</a>",
];

/// Spellings of "javascript" a browser would still accept, and some it would not.
const JS: &[&str] = &[
    "javascript",
    "JavaScript",
    "JAVASCRIPT",
    "jAvAsCrIpT",
    "java\tscript",
    "java\nscript",
    "java&#x09;script",
    "java&#9;script",
    "java&Tab;script",
    "&#106;avascript",
    "&#x6A;avascript",
    "&#0000106;avascript",
    "jav&#x61;script",
    "jav&#97;script",
    "\u{1}javascript",
    "javas\u{0}cript",
    "ja\u{200b}vascript",
];

fn hostile() -> BoxedStrategy<String> {
    (
        prop::sample::select(PAYLOADS),
        prop::sample::select(JS),
        any::<u64>(),
    )
        .prop_map(|(payload, js, bits)| {
            let mut text = payload.replace('J', js);
            // Sometimes change the case of the letters, bit by bit.
            if bits & 1 == 1 {
                text = text
                    .chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if bits >> (1 + i % 60) & 1 == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
            }
            text
        })
        .boxed()
}

fn word() -> BoxedStrategy<String> {
    prop_oneof![
        10 => prop::sample::select(WORDS).prop_map(String::from),
        6 => "[a-zA-Z0-9äöüß ,.!?:;-]{1,16}",
        3 => "\\PC{1,8}",
        3 => prop::sample::select(SPECIAL).prop_map(String::from),
        1 => "[\\x00-\\x1f\\x7f]{1,4}",
    ]
    .boxed()
}

const LINK_TARGETS: &[&str] = &[
    "../work/wage.md",
    "../work/wage.md#minimum",
    "../work/wage.md#nope",
    "insurance.md",
    "insurance.md#costs",
    "../health/insurance.md#who",
    "../work/salary.md",
    "../../de/work/wage.md",
    "../../../etc/passwd.md",
    "/de/work/wage.md",
    "wage.md",
    "#costs",
    "#",
    "#Kosten",
    "https://www.bamf.de/",
    "http://example.org/a?b=c&d=e",
    "mailto:info@example.org",
    "tel:116117",
    "//evil.example/",
    "../work/wage.md#minimum\"onclick=\"alert(1)",
    "<../work/wage.md>",
    "../work/wage.md \"Titel\"",
    "x.md#a#b",
    ".md",
    "",
];

/// `.md` paths full of `%` sequences: well-formed, cut short, before a
/// multi-byte letter, and escapes of incomplete UTF-8.
fn percent_path() -> BoxedStrategy<String> {
    let part = prop_oneof![
        "%[0-9a-fA-F]{2}",
        "%[0-9a-fA-F]?",
        "%\\PC",
        Just("%e2%82".to_string()),
        Just("%C3%A4".to_string()),
        "\\PC{1,3}",
        "[a-z./-]{1,4}",
    ];
    (prop::collection::vec(part, 1..6), "(#[a-z%\\PC]{0,4})?")
        .prop_map(|(parts, fragment)| format!("{}.md{fragment}", parts.concat()))
        .boxed()
}

/// Link targets that work from any page.
const MILD_TARGETS: &[&str] = &[
    "https://www.bamf.de/",
    "http://example.org/a?b=c&d=e",
    "mailto:info@example.org",
    "tel:116117",
    "//cdn.example.org/x",
];

/// `wild` input is mostly broken and hostile; mild input mostly builds,
/// so that the pipeline gets to write pages.
fn targets(wild: bool) -> BoxedStrategy<String> {
    if wild {
        prop_oneof![
            4 => prop::sample::select(LINK_TARGETS).prop_map(String::from),
            1 => "[a-z./#:-]{0,20}",
            1 => "\\PC{0,12}(\\.md)?(#\\PC{0,6})?",
            2 => percent_path(),
        ]
        .boxed()
    } else {
        prop::sample::select(MILD_TARGETS)
            .prop_map(String::from)
            .boxed()
    }
}

fn inline(wild: bool) -> BoxedStrategy<String> {
    let target = targets(wild);
    // Mild input gets words where wild input gets hostile HTML.
    let or_word = |s: BoxedStrategy<String>| if wild { s } else { word() };
    prop_oneof![
        12 => word(),
        2 => word().prop_map(|w| format!("*{w}*")),
        2 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("~~{w}~~")),
        2 => word().prop_map(|w| format!("`{w}`")),
        4 => (word(), target.clone()).prop_map(|(w, t)| format!("[{w}]({t})")),
        1 => (word(), target).prop_map(|(w, t)| format!("![{w}]({t})")),
        1 => Just("<https://www.bamf.de/>".to_string()),
        1 => Just("[^1]".to_string()),
        1 => Just("  \n".to_string()),
        3 => or_word(hostile()),
        1 => or_word("<[a-z]{1,6}( [a-z]{1,6}=\"[^\"]{0,8}\")?>".boxed()),
        1 => or_word("</[a-z]{1,6}>".boxed()),
    ]
    .boxed()
}

fn line(wild: bool) -> BoxedStrategy<String> {
    prop::collection::vec(inline(wild), 1..6)
        .prop_map(|parts| parts.join(" "))
        .boxed()
}

const HEADING_ATTRS: &[&str] = &[
    "",
    "",
    "",
    " {#costs}",
    " {#who}",
    " {#minimum}",
    " {#kosten-2026}",
    " {#Kosten}",
    " {#kösten}",
    " {#}",
    " {#a b}",
    " {#x .y}",
    " {.klasse}",
    " {#x data-x=1}",
    " {#x onclick=alert(1)}",
    " {#\"onclick=alert(1)}",
    " {#x title=\"a\"}",
    " {  #spaced  }",
    " {#costs",
];

fn block(wild: bool) -> BoxedStrategy<String> {
    let line = move || line(wild);
    let h = u32::from(wild);
    prop_oneof![
        6 => line(),
        4 => (1usize..=6, line(), prop::sample::select(HEADING_ATTRS))
            .prop_map(|(level, text, attrs)| format!("{} {text}{attrs}", "#".repeat(level))),
        1 => line().prop_map(|t| format!("{t}\n---")),
        2 => (prop::collection::vec(line(), 1..4), 1usize..4).prop_map(|(cells, rows)| {
            let header = format!("| {} |", cells.join(" | "));
            let rule = format!("|{}", "---|".repeat(cells.len()));
            let row = format!("| {} |", cells.join(" | "));
            let mut table = vec![header, rule];
            table.extend(std::iter::repeat_n(row, rows));
            table.join("\n")
        }),
        2 => ("[a-z0-9 {}\"=<>-]{0,12}", prop::collection::vec(word(), 0..4))
            .prop_map(|(info, code)| format!("```{info}\n{}\n```", code.join("\n"))),
        1 => prop::collection::vec(word(), 1..3)
            .prop_map(|code| format!("    {}", code.join("\n    "))),
        2 => line().prop_map(|t| format!("> {t}")),
        2 => prop::collection::vec(line(), 1..4).prop_map(|items| {
            items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")
        }),
        1 => prop::collection::vec(line(), 1..4).prop_map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(n, i)| format!("{}. [{}] {i}", n + 1, if n % 2 == 0 { " " } else { "x" }))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        1 + 2 * h => hostile(),
        1 => line().prop_map(|t| format!("[^1]: {t}")),
        1 => Just("***".to_string()),
        1 => targets(wild).prop_map(|t| format!("[ref]: {t}")),
        1 => (1usize..40).prop_map(|n| format!("{}x", ">".repeat(n))),
        1 => if wild { huge_line() } else { line() },
        1 => (1usize..40).prop_map(|n| (0..n).map(|i| format!("{}- x", "  ".repeat(i))).collect::<Vec<_>>().join("\n")),
    ]
    .boxed()
}

/// A line of 1 000 to 100 000 bytes.
fn huge_line() -> BoxedStrategy<String> {
    (
        1_000usize..100_000,
        prop::sample::select(WORDS),
        any::<bool>(),
    )
        .prop_map(|(n, w, spaced)| {
            let w = if spaced {
                format!("{w} ")
            } else {
                w.to_string()
            };
            w.repeat(n / w.len().max(1) + 1)
        })
        .boxed()
}

fn body(wild: bool) -> BoxedStrategy<String> {
    prop::collection::vec(block(wild), 0..if wild { 10 } else { 6 })
        .prop_map(|blocks| blocks.join("\n\n") + "\n")
        .boxed()
}

const KEYS: &[&str] = &[
    "title",
    "title",
    "description",
    "updated",
    "reviewed",
    "weight",
    "draft",
    "aliases",
    "sources",
    "source_updated",
    "titel",
    "Title",
    "tags",
    "\"title\"",
    "? title",
    "<<",
    "",
    "ключ",
    "عنوان",
];

const VALUES: &[&str] = &[
    "\"Krankenversicherung\"",
    "Krankenversicherung",
    "'Mindestlohn: 13,90 €'",
    "\"التأمين الصحي\"",
    "\"\"",
    "''",
    "~",
    "null",
    "2026-11-25",
    "2026-02-30",
    "2026-13-01",
    "1.3.2026",
    "2026-1-1",
    "\"2026-11-25\"",
    "0000-01-01",
    "99999-01-01",
    "-2026-01-01",
    "10",
    "-9223372036854775808",
    "9223372036854775808",
    "1e400",
    ".nan",
    "0x1F",
    "true",
    "yes",
    "maybe",
    "[]",
    "{}",
    "[\"/old/\"]",
    "[\"/../../evil/\", \"/de/work/wage/\", \"sitemap.xml/\"]",
    "[/a/, /a/]",
    "[\"/\\u0000/\"]",
    "[\"/ä/\", \"/x.html\", \"//evil.example/x/\", \"C:\\\\x\\\\\"]",
    "\n  - title: \"BAMF\"\n    url: \"https://www.bamf.de/\"",
    "\n  - title: x\n    url: javascript:alert(1)",
    "\n  - {title: x}",
    "\n  - title: x\n    url: y\n    extra: z",
    "|\n  Zeile eins\n  Zeile zwei",
    ">-\n  gefaltet\n  Text",
    "&anchor \"x\"",
    "*anchor",
    "*undefined",
    "&a [&b [*a]]",
    "!!binary aGVsbG8=",
    "!custom x",
    "\"unclosed",
    "[unclosed",
    "{a: [}",
    "\"\\x00 \\u202e \\U0010FFFF\"",
    "\"<script>alert(1)</script>\"",
    "\t\"tab\"",
    "a: b: c",
    "- x",
];

fn front_matter() -> BoxedStrategy<String> {
    let entry = prop_oneof![
        8 => (prop::sample::select(KEYS), prop::sample::select(VALUES))
            .prop_map(|(k, v)| format!("{k}: {v}")),
        2 => (prop::sample::select(KEYS), word()).prop_map(|(k, w)| format!("{k}: {w:?}")),
        1 => (prop::sample::select(KEYS), word()).prop_map(|(k, w)| format!("{k}: {w}")),
        1 => "[ -~]{0,20}",
        1 => Just("# comment".to_string()),
    ];
    (any::<bool>(), prop::collection::vec(entry, 0..8))
        .prop_map(|(title_first, entries)| {
            let mut lines = Vec::new();
            if title_first {
                lines.push("title: \"Krankenversicherung\"".to_string());
                lines.push("description: \"Kurz.\"".to_string());
                lines.push("updated: 2026-03-01".to_string());
            }
            lines.extend(entries);
            lines.join("\n")
        })
        .boxed()
}

/// A page file: front matter and body, with odd openings and line endings.
fn page_text() -> BoxedStrategy<String> {
    let opener = prop::sample::select(
        &[
            "---\n", "---\n", "---\n", "---\n", "--- \n", "---", "\n---\n", "----\n", "",
        ][..],
    );
    let closer = prop::sample::select(
        &[
            "\n---\n", "\n---\n", "\n---\n", "\n--- \n", "\n...\n", "\n", "\n---", "",
        ][..],
    );
    (opener, front_matter(), closer, body(true), 0u8..8)
        .prop_map(|(open, yaml, close, body, style)| {
            let text = format!("{open}{yaml}{close}{body}");
            match style {
                0 => format!("\u{feff}{text}"),
                1 => text.replace('\n', "\r\n"),
                2 => format!("\u{feff}{}", text.replace('\n', "\r\n")),
                3 => text.replace('\n', "\r"),
                _ => text,
            }
        })
        .boxed()
}

// ------------------------------------------------------------- properties

/// Replays the corpus through `check`, then runs it on generated values
/// until the budget is spent; a failure is shrunk, saved to the corpus and
/// fails the test.
fn fuzz<S>(name: &str, salt: u64, strategy: S, check: impl Fn(&String) -> Result<(), String>)
where
    S: Strategy<Value = String>,
{
    let start = Instant::now();
    let deadline = deadline();
    let corpus = corpus();
    assert!(!corpus.is_empty(), "tests/fuzz/corpus/ is empty");
    let failures: Vec<String> = corpus
        .iter()
        .filter_map(|(file, text)| {
            check(text)
                .err()
                .map(|e| format!("tests/fuzz/corpus/{file}: {e}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{name}: corpus inputs fail:\n{}",
        failures.join("\n\n")
    );
    let mut master = master_rng(seed(name, salt));
    let mut cases = 0u64;
    loop {
        let result = runner(&mut master, 16).run(&strategy, |value| {
            check(&value).map_err(TestCaseError::fail)
        });
        cases += 16;
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => {
                let saved = save_to_corpus(&format!("fail-{name}"), &value);
                panic!(
                    "{name}: {reason}\ninput ({} bytes) {saved}:\n{:?}",
                    value.len(),
                    value.chars().take(3000).collect::<String>()
                );
            }
            Err(TestError::Abort(reason)) => panic!("{name}: aborted: {reason}"),
        }
        if Instant::now() >= deadline {
            break;
        }
    }
    eprintln!(
        "{name}: {} corpus inputs and {cases} generated cases in {:.1} s",
        corpus.len(),
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn front_matter_parse_never_panics() {
    let strategy = prop_oneof![
        4 => page_text(),
        1 => "\\PC{0,200}",
        1 => prop::collection::vec(any::<u8>(), 0..300)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    fuzz("front-matter", 1, strategy, |text| {
        let parse = |t: &str| {
            catch_unwind(|| front_matter::parse(t))
                .map_err(|p| format!("front_matter::parse panicked: {}", panic_text(&p)))
        };
        let _ = parse(text)?;
        // A BOM and CRLF line endings change nothing (README, "Front matter").
        let lf = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        if lf.starts_with('\u{feff}') {
            return Ok(());
        }
        let windows = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
        let (a, b) = (parse(&lf)?, parse(&windows)?);
        if a != b {
            return Err(format!(
                "a BOM and CRLF change the result:\nLF:   {a:?}\nCRLF: {b:?}"
            ));
        }
        Ok(())
    });
}

#[test]
fn rendered_html_is_always_safe() {
    fuzz("render", 2, page_text(), |text| check_page(text));
    print_known();
}

// ------------------------------------------------- the whole pipeline

/// The theme and UI strings of the repository, read once.
fn theme_files() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static FILES: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = support::repo_root();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("themes/default"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry
                .path()
                .strip_prefix(&root)
                .expect("inside")
                .to_path_buf();
            files.push((rel, std::fs::read(entry.path()).expect("theme file")));
        }
        for code in ["de", "ar", "en"] {
            let rel = PathBuf::from(format!("i18n/{code}.yaml"));
            files.push((rel.clone(), std::fs::read(root.join(&rel)).expect("i18n")));
        }
        files
    })
}

/// A small site: page files by path under `content/`, and build options.
#[derive(Debug, Clone)]
struct SiteSpec {
    pages: Vec<(String, String)>,
    drafts: bool,
    minify: bool,
}

/// Source URLs and aliases, good and bad, for front matter that otherwise builds.
const SOURCE_URLS: &[&str] = &[
    "https://www.bamf.de/",
    "https://www.bamf.de/",
    "http://example.org/?a=1&b=2",
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "jav\\tascript:alert(1)",
    "java\\nscript:alert(1)",
    "jav&#x61;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "https://x.org/\\\" onmouseover=\\\"alert(1)",
    "</script><script>alert(1)</script>",
];

const ALIASES: &[&str] = &[
    "/old/",
    "/de/alt/",
    "/x.html",
    "/../evil/",
    "sitemap.xml/",
    "/robots.txt/",
    "/de/",
    "//evil.example/",
    "/ä/",
    "/a b/",
    "/de/health/",
    "./.././x/",
];

/// A YAML double-quoted string.
fn yaml_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A page that mostly builds: valid front matter with odd sources and
/// aliases, a body with now and then hostile input.
fn mild_page_text() -> BoxedStrategy<String> {
    let sometimes =
        |s: BoxedStrategy<String>| prop_oneof![3 => Just(String::new()), 1 => s].boxed();
    (
        word(),
        sometimes(word().prop_map(|w| format!("description: {}\n", yaml_quote(&w))).boxed()),
        sometimes(
            prop::sample::select(SOURCE_URLS)
                .prop_map(|u| format!("sources:\n  - title: \"Quelle\"\n    url: \"{u}\"\n"))
                .boxed(),
        ),
        sometimes(
            prop::sample::select(ALIASES)
                .prop_map(|a| format!("aliases: [\"{a}\"]\n"))
                .boxed(),
        ),
        sometimes((-5i64..5).prop_map(|w| format!("weight: {w}\n")).boxed()),
        prop_oneof![9 => Just(""), 1 => Just("draft: true\n")],
        body(false),
    )
        .prop_map(|(title, description, sources, aliases, weight, draft, body)| {
            let title = if title.trim().is_empty() { "T".to_string() } else { title };
            let description = if description.is_empty() {
                "description: \"Kurz.\"\n".to_string()
            } else {
                description
            };
            format!(
                "---\ntitle: {}\nupdated: 2026-03-01\n{description}{sources}{aliases}{weight}{draft}---\n{body}",
                yaml_quote(&title)
            )
        })
        .boxed()
}

fn site_spec() -> BoxedStrategy<SiteSpec> {
    // Only names that are safe to create here: escaping the folder is lotse's
    // job to refuse, not the fuzzer's to try with the file system.
    let lang = prop_oneof![
        30 => prop::sample::select(&["de", "ar", "en"][..]),
        1 => prop::sample::select(&["it", "DE", "x"][..]),
    ];
    let topic = prop_oneof![
        30 => prop::sample::select(&["health", "work", "new-topic", ""][..]),
        1 => prop::sample::select(&["Ärzte", "a b", "-x", "_x"][..]),
    ];
    let file = prop_oneof![
        30 => prop::sample::select(&["_index", "insurance", "wage", "new-page", "index", "x"][..]),
        1 => prop::sample::select(&["Über uns", "a.b", "-"][..]),
    ];
    let text = prop_oneof![12 => mild_page_text(), 1 => page_text()];
    let page = (lang, topic, file, text).prop_map(|(l, t, f, text)| {
        let path = if t.is_empty() {
            format!("{l}/{f}.md")
        } else {
            format!("{l}/{t}/{f}.md")
        };
        (path, text)
    });
    (
        prop::collection::vec(page, 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(pages, drafts, minify)| SiteSpec {
            pages,
            drafts,
            minify,
        })
        .boxed()
}

/// Every entry below `dir` (links not followed), except the output folder.
fn listing(dir: &Path, output: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.path() != output)
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap_or_default()
            } else if e.file_type().is_dir() {
                b"<dir>".to_vec()
            } else {
                b"<link>".to_vec()
            };
            (rel, bytes)
        })
        .collect()
}

/// Builds the standard site with the spec's pages added (or replacing
/// pages) into `<root>/public`, twice, and checks that nothing outside
/// `public/` appears or changes. The site sits two folders deep in the
/// watched folder, so that writes to `../..` are seen too.
fn check_site(spec: &SiteSpec) -> Result<(), String> {
    let outer = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = outer.path().join("a/b/site");
    let write = |rel: &Path, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    };
    write(Path::new("site.toml"), support::SITE_TOML.as_bytes());
    for (rel, bytes) in theme_files() {
        write(rel, bytes);
    }
    let standard = [
        ("de/_index.md", support::index("Willkommen", 0)),
        ("ar/_index.md", support::index("مرحبا", 0)),
        ("en/_index.md", support::index("Welcome", 0)),
        ("de/health/_index.md", support::index("Gesundheit", 10)),
        ("de/work/_index.md", support::index("Arbeit", 20)),
        (
            "de/health/insurance.md",
            support::article(
                "Krankenversicherung",
                "2026-03-01",
                "## Kosten {#costs}\n\nText.\n",
            ),
        ),
        (
            "de/work/wage.md",
            support::article(
                "Mindestlohn",
                "2026-05-01",
                "## Mindestlohn {#minimum}\n\nText.\n",
            ),
        ),
    ];
    for (rel, text) in &standard {
        write(&Path::new("content").join(rel), text.as_bytes());
    }
    for (rel, text) in &spec.pages {
        write(&Path::new("content").join(rel), text.as_bytes());
    }
    let output = root.join("public");
    let before = listing(outer.path(), &output);
    let options = BuildOptions {
        output: Some(output.clone()),
        drafts: spec.drafts,
        minify: Some(spec.minify),
        ..BuildOptions::new(&root)
    };
    let mut first_output: Option<BTreeMap<PathBuf, Vec<u8>>> = None;
    for round in 1..=2 {
        let output_before = support::snapshot(&output);
        let result = catch_unwind(|| pipeline::build(&options)).map_err(|p| {
            format!(
                "pipeline::build panicked (round {round}): {}",
                panic_text(&p)
            )
        })?;
        let after = listing(outer.path(), &output);
        if after != before {
            let changed: Vec<String> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .map(|k| k.display().to_string())
                .collect();
            return Err(format!(
                "round {round}: the build ({}) wrote outside public/: {changed:?}",
                if result.is_ok() { "ok" } else { "failed" }
            ));
        }
        // Builds are atomic and deterministic.
        let output_after = support::snapshot(&output);
        match &result {
            Err(_) if output_after != output_before => {
                return Err(format!("round {round}: a failed build changed public/"));
            }
            Ok(_) => match &first_output {
                Some(first) if *first != output_after => {
                    let differ: Vec<String> = first
                        .keys()
                        .chain(output_after.keys())
                        .filter(|k| first.get(*k) != output_after.get(*k))
                        .map(|k| k.display().to_string())
                        .collect();
                    return Err(format!("two builds of the same site differ: {differ:?}"));
                }
                Some(_) => {}
                None => {
                    BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    check_output_pages(spec, &output_after)?;
                    first_output = Some(output_after);
                }
            },
            Err(_) => {}
        }
    }
    Ok(())
}

/// Generated sites that built (the others failed with errors, as they may).
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// No built HTML page runs code that came from the content.
fn check_output_pages(spec: &SiteSpec, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<(), String> {
    for (path, bytes) in files {
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for (element, attribute, what, place) in scan(&doc, true) {
            let finding = Finding {
                place,
                element,
                attribute,
                what,
                reported: false,
            };
            match known_bug(&finding) {
                Some(rule) if !strict() => {
                    let input: Vec<&str> = spec.pages.iter().map(|p| p.1.as_str()).collect();
                    note_known(rule, &input.join("\n=====\n"));
                }
                _ => {
                    return Err(format!(
                        "public/{}: {} on <{}> {:?} ({:?})",
                        path.display(),
                        finding.what,
                        finding.element,
                        finding.attribute,
                        finding.place
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn build_writes_only_into_its_output_folder() {
    // A build of all corpus pages at once, then generated sites.
    let corpus_site = SiteSpec {
        pages: corpus()
            .into_iter()
            .enumerate()
            .map(|(i, (_, text))| (format!("de/health/corpus-{i}.md"), text))
            .collect(),
        drafts: true,
        minify: true,
    };
    if let Err(e) = check_site(&corpus_site) {
        panic!("corpus site: {e}");
    }
    let start = Instant::now();
    let deadline = deadline();
    let mut master = master_rng(seed("pipeline", 3));
    let strategy = site_spec();
    let mut cases = 0;
    while cases < 3 || Instant::now() < deadline {
        match runner(&mut master, 1).run(&strategy, |spec| {
            check_site(&spec).map_err(TestCaseError::fail)
        }) {
            Ok(()) => cases += 1,
            Err(TestError::Fail(reason, spec)) => {
                let saved: Vec<String> = spec
                    .pages
                    .iter()
                    .map(|(_, text)| save_to_corpus("fail-site", text))
                    .collect();
                panic!("{reason}\nsite: {spec:?}\npages: {saved:?}");
            }
            Err(TestError::Abort(reason)) => panic!("aborted: {reason}"),
        }
    }
    eprintln!(
        "pipeline: a site of {} corpus pages and {cases} generated sites ({} built) in {:.1} s",
        corpus_site.pages.len(),
        BUILT.load(std::sync::atomic::Ordering::Relaxed),
        start.elapsed().as_secs_f64()
    );
    print_known();
}
