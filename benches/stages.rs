//! Criterion micro-benchmarks of lotse's hot stages, on pages of the
//! generated knowledge base (see `benches/support/generator.rs`):
//! front matter parsing, Markdown rendering with heading ids, minification,
//! and the whole in-memory pipeline (templates included) on a small site.
//!
//! Run: `cargo bench --bench stages` (add `-- markdown` to run one group).

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use lotse::config::Config;
use lotse::content::{self, front_matter, LoadOptions};
use lotse::markdown::{self, LinkResolver};
use lotse::output;
use lotse::pipeline::{self, BuildOptions};

#[allow(dead_code)]
#[path = "support/generator.rs"]
mod generator;

/// Articles per language of the generated site.
const ARTICLES: usize = 10;

/// A generated site in a temporary folder (12 languages × `ARTICLES`).
fn site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    let plan = generator::Plan::new(
        repo,
        generator::Spec {
            articles: ARTICLES,
            seed: generator::SEED,
            corpus: generator::Corpus::default(),
        },
    )
    .expect("site.toml of the repository");
    generator::write_lotse(repo, &dir.path().join("site"), &plan).expect("generated site");
    dir
}

fn stages(c: &mut Criterion) {
    let dir = site();
    let root = dir.path().join("site");
    let config = Config::load(&root).expect("generated site.toml is valid");
    let (content, _) = content::load(&config, LoadOptions::default()).expect("generated content");
    let index = |code: &str, key: &str| {
        let lang = config.language_index(code).expect("language");
        content.groups[key][lang].expect("page exists")
    };
    let key = generator::article_key(1);

    // Front matter: the whole file split and parsed, as the loader does it.
    let mut group = c.benchmark_group("front_matter");
    for code in ["de", "ar"] {
        let text = std::fs::read_to_string(generator::article_file(&root, code, 1)).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("parse/{code}"), |b| {
            b.iter(|| front_matter::parse(black_box(&text)).unwrap())
        });
    }
    group.finish();

    // Markdown: heading ids, link resolution, bidi isolation, HTML.
    let note = |_: usize, target: usize| config.languages[target].name.clone();
    let resolver = LinkResolver {
        config: &config,
        content: &content,
        other_language_note: &note,
    };
    let mut group = c.benchmark_group("markdown");
    for code in ["de", "ru", "ar"] {
        let page = &content.pages[index(code, &key)];
        let dir = config.languages[page.lang].direction;
        group.throughput(Throughput::Bytes(page.body.len() as u64));
        group.bench_function(format!("render/{code}"), |b| {
            b.iter(|| markdown::render(black_box(page), dir, &resolver))
        });
    }
    group.finish();

    // The whole pipeline in memory (load, Markdown, views, Tera templates,
    // minification, feeds, QR codes), unminified and minified.
    let pages = 1 + config.languages.len() * (1 + generator::TOPICS + ARTICLES);
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(pages as u64));
    for (name, minify) in [("render_site_no_minify", false), ("render_site", true)] {
        let options = BuildOptions {
            minify: Some(minify),
            ..BuildOptions::new(&root)
        };
        group.bench_function(format!("{name}/12x{ARTICLES}"), |b| {
            b.iter(|| pipeline::render_site(black_box(&options)).unwrap())
        });
    }
    group.finish();

    // Minification of real pages (an article in a left-to-right and a
    // right-to-left language, and a topic page), as rendered by the templates.
    let unminified = pipeline::render_site(&BuildOptions {
        minify: Some(false),
        ..BuildOptions::new(&root)
    })
    .expect("generated site renders");
    let mut group = c.benchmark_group("minify");
    for path in [
        format!("de/{key}/index.html"),
        format!("ar/{key}/index.html"),
        "de/topic-1/index.html".to_string(),
    ] {
        let file = unminified
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} was rendered"));
        let html = String::from_utf8(file.bytes.clone()).unwrap();
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(path.trim_end_matches("/index.html").to_string(), |b| {
            b.iter(|| output::minify(black_box(html.as_bytes())))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
