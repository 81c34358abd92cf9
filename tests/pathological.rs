//! The pathological-input corpus: every folder under `tests/pathological/`
//! is one page file that once made lotse hang, slow down quadratically or
//! panic, with what must happen to it (see `tests/pathological/README.md`).
//!
//! Each page is parsed and rendered as the German and the Arabic version of
//! an article of `TestSite::standard()`, and its links checked, and the work
//! is counted with `lotse::work` (no clocks): it must stay within
//! [`WORK_PER_BYTE`] units per input byte, and the page built from a quarter
//! of every `repeat` must cost at least a quarter of the work
//! (4× the input costs at most about 4× the work).
//!
//! `LOTSE_PATHOLOGICAL_CASE=name` runs only the cases whose name contains `name`.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;

use lotse::config::Config;
use lotse::content::{self, front_matter, Content, LoadOptions};
use lotse::diagnostic::Severity;
use lotse::markdown::{self, LinkResolver, RenderContext, Rendered};

/// Work units allowed per byte of input (plus [`WORK_BASE`]).
const WORK_PER_BYTE: u64 = 64;
/// Work units allowed for any input, however small.
const WORK_BASE: u64 = 100_000;
/// How much more than 4× the work 4× the input may cost.
const SCALING_SLACK: f64 = 4.5;

/// What must happen to a case's page.
#[derive(Debug)]
enum Expected {
    /// Renders without errors.
    Renders,
    /// Some error message contains each of these texts.
    Errors(Vec<String>),
}

struct Case {
    name: String,
    dir: PathBuf,
    expected: Expected,
}

fn corpus_dir() -> PathBuf {
    support::repo_root().join("tests/pathological")
}

fn cases() -> Vec<Case> {
    let filter = std::env::var("LOTSE_PATHOLOGICAL_CASE").unwrap_or_default();
    let mut cases: Vec<Case> = std::fs::read_dir(corpus_dir())
        .expect("tests/pathological")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let dir = e.path();
            let text = std::fs::read_to_string(dir.join("expected.txt"))
                .unwrap_or_else(|_| panic!("{name}: expected.txt missing"));
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            let expected = if lines == ["renders"] {
                Expected::Renders
            } else {
                Expected::Errors(
                    lines
                        .iter()
                        .map(|l| {
                            l.strip_prefix("error: ")
                                .unwrap_or_else(|| panic!("{name}: expected.txt: \"renders\" or \"error: TEXT\" lines, not {l:?}"))
                                .to_string()
                        })
                        .collect(),
                )
            };
            Case { name, dir, expected }
        })
        .filter(|c| c.name.contains(&filter))
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A string of a recipe: in double quotes, with `\n`, `\t`, `\"`, `\\`.
fn unquote(text: &str, case: &str) -> String {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{case}: recipe strings are quoted: {text}"));
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => panic!("{case}: a string ends in \\"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The case's page: `page.md` as stored, or built from `recipe.txt` with
/// every `repeat` count divided by `divisor`.
fn page_text(case: &Case, divisor: usize) -> String {
    let stored = case.dir.join("page.md");
    if stored.exists() {
        let bytes = std::fs::read(&stored).expect("page.md");
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let recipe = std::fs::read_to_string(case.dir.join("recipe.txt"))
        .unwrap_or_else(|_| panic!("{}: page.md or recipe.txt needed", case.name));
    let mut text = String::new();
    for line in recipe
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        if let Some(rest) = line.strip_prefix("text ") {
            text.push_str(&unquote(rest.trim(), &case.name));
        } else if let Some(rest) = line.strip_prefix("repeat ") {
            let (count, what) = rest
                .trim()
                .split_once(' ')
                .unwrap_or_else(|| panic!("{}: repeat COUNT \"TEXT\"", case.name));
            let count: usize = count.parse().expect("repeat count");
            text.push_str(&unquote(what.trim(), &case.name).repeat(count / divisor));
        } else {
            panic!("{}: unknown recipe line {line:?}", case.name);
        }
    }
    text
}

struct Fixture {
    _site: support::TestSite,
    config: Config,
    content: Content,
    /// Every page of the standard site rendered, for the link check.
    rendered: Vec<Rendered>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let site = support::TestSite::standard();
        let config = Config::load(site.dir.path()).expect("standard site.toml");
        let (content, _) =
            content::load(&config, LoadOptions::default()).expect("standard content");
        let note = |_: usize, _: usize| String::new();
        let resolver = LinkResolver {
            config: &config,
            content: &content,
            other_language_note: &note,
        };
        let rendered = content
            .pages
            .iter()
            .map(|p| {
                let body = content::read_body(&config, p).expect("standard page body");
                let ctx = RenderContext {
                    dir: config.languages[p.lang].direction,
                    resolver: &resolver,
                    original: None,
                    section_link_label: "",
                    reserved_ids: &Default::default(),
                };
                markdown::render_body(p, &body, &ctx)
            })
            .collect();
        Fixture {
            _site: site,
            config,
            content,
            rendered,
        }
    })
}

/// Parses, renders (German and Arabic) and link-checks a page; returns its
/// error messages and the work counted.
fn process(text: &str) -> (Vec<String>, u64) {
    let f = fixture();
    lotse::work::take();
    let mut errors = Vec::new();
    let parsed = match front_matter::parse(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            errors.push(format!("{}: {}", e.line.unwrap_or(0), e.message));
            return (errors, lotse::work::take());
        }
    };
    for code in ["de", "ar"] {
        let lang = f.config.language_index(code).expect("language");
        let index = f
            .content
            .pages
            .iter()
            .position(|p| p.key == "health/insurance" && p.lang == lang)
            .expect("standard article");
        let mut page = f.content.pages[index].clone();
        page.front = parsed.front.clone();
        page.body = parsed.body.clone();
        page.body_line = parsed.body_line;
        let note =
            |_: usize, target: usize| format!("opens in {}", f.config.languages[target].name);
        let resolver = LinkResolver {
            config: &f.config,
            content: &f.content,
            other_language_note: &note,
        };
        let rendered = markdown::render_with(
            &page,
            &RenderContext {
                dir: f.config.languages[lang].direction,
                resolver: &resolver,
                original: None,
                section_link_label: "Link",
                reserved_ids: &Default::default(),
            },
        );
        let mut all = f.rendered.clone();
        errors.extend(
            rendered
                .problems
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.message.clone()),
        );
        all[index] = rendered;
        errors.extend(
            markdown::links::check_anchors(&f.content, &all)
                .into_iter()
                .map(|d| d.message),
        );
    }
    (errors, lotse::work::take())
}

fn run(case: &Case) -> Result<String, String> {
    let text = page_text(case, 1);
    let (errors, work) = process(&text);
    match &case.expected {
        Expected::Renders if !errors.is_empty() => {
            return Err(format!("should render, but: {}", errors[0]));
        }
        Expected::Errors(wanted) => {
            for want in wanted {
                if !errors.iter().any(|e| e.contains(want.as_str())) {
                    return Err(format!(
                        "no error contains {want:?}; the errors: {:?}",
                        errors.iter().take(3).collect::<Vec<_>>()
                    ));
                }
            }
        }
        Expected::Renders => {}
    }
    let budget = WORK_BASE + WORK_PER_BYTE * text.len() as u64;
    if work > budget {
        return Err(format!(
            "{work} units of work for {} bytes (budget {budget})",
            text.len()
        ));
    }
    let mut report = format!("{} bytes, {work} units", text.len());
    if case.dir.join("recipe.txt").exists() {
        let quarter = page_text(case, 4);
        let (_, quarter_work) = process(&quarter);
        let allowed = (SCALING_SLACK * quarter_work as f64) as u64 + WORK_BASE;
        if work > allowed {
            return Err(format!(
                "4× the input cost {:.1}× the work ({quarter_work} units for {} bytes, {work} for {})",
                work as f64 / quarter_work.max(1) as f64,
                quarter.len(),
                text.len()
            ));
        }
        report.push_str(&format!("; a quarter of it: {quarter_work} units"));
    }
    Ok(report)
}

#[test]
fn pathological_inputs_are_handled_in_linear_work() {
    let cases = cases();
    assert!(
        !cases.is_empty() || std::env::var("LOTSE_PATHOLOGICAL_CASE").is_ok(),
        "no cases in {}",
        corpus_dir().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        match run(case) {
            Ok(report) => eprintln!("ok   {}: {report}", case.name),
            Err(why) => {
                eprintln!("FAIL {}: {why}", case.name);
                failures.push(format!("{}: {why}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn recipe_strings_are_unescaped() {
    assert_eq!(unquote(r#""a\n\"b\"\\""#, "t"), "a\n\"b\"\\");
}
