//! The `lotse` command: parse the arguments, run the command, report
//! problems as `file:line: message`, and exit non-zero on errors.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use lotse::cli::{
    CheckFormat, Cli, Command, ExchangeFormat, MachineEngine, StatusFormat, TranslateCommand,
};
use lotse::config::CONFIG_FILE;
use lotse::pipeline::{self, BuildOptions, BuildReport};
use lotse::Error;

/// Builds allocate and free many small strings on every thread; mimalloc
/// does that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(unix)]
    stop_cleanly_on_signals();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            match e.downcast_ref::<Error>() {
                Some(Error::Invalid(problems)) => {
                    eprint!("{problems}");
                    eprintln!(
                        "build failed: {} error(s), {} warning(s); the previous output was left unchanged",
                        problems.error_count(),
                        problems.warning_count()
                    );
                }
                _ => eprintln!("error: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if !matches!(cli.command, Command::Init { .. }) {
        find_site(&cli.root)?;
    }
    match cli.command {
        Command::Check {
            format,
            strict,
            site,
            all,
        } => {
            let sites = match all {
                true => {
                    let mut ids = vec![None];
                    ids.extend(
                        lotse::config::site_ids(&cli.root)
                            .map_err(Error::Invalid)?
                            .into_iter()
                            .map(Some),
                    );
                    ids
                }
                false => vec![site],
            };
            let mut failed = false;
            let mut reports = Vec::new();
            for site in sites {
                let options = BuildOptions {
                    site: site.clone(),
                    ..BuildOptions::new(&cli.root)
                };
                let problems = lotse::check::check(&options);
                failed |= problems.has_errors() || (strict && problems.warning_count() > 0);
                let id = site.unwrap_or_else(|| pipeline::SHARED_SITE_ID.to_string());
                reports.push((id, problems));
            }
            match (format, all) {
                (CheckFormat::Json, false) => println!("{}", lotse::check::to_json(&reports[0].1)),
                (CheckFormat::Text, false) => print!("{}", lotse::check::to_text(&reports[0].1)),
                (CheckFormat::Json, true) => println!("{}", lotse::check::sites_to_json(&reports)),
                (CheckFormat::Text, true) => {
                    for (id, problems) in &reports {
                        println!("== site {id}");
                        print!("{}", lotse::check::to_text(problems));
                    }
                }
            }
            return Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Status { format, words, .. } if words => {
            let site = lotse::translate::export::Site::load(&cli.root)?;
            let counts = lotse::translate::export::words(&site, &cli.root)?;
            print_words(&counts, format);
        }
        Command::Status { format, site, .. } => {
            let matrix = lotse::status::read_site(&cli.root, site.as_deref())?;
            match format {
                StatusFormat::Json => println!("{}", lotse::status::to_json(&matrix)),
                StatusFormat::Csv => print!("{}", lotse::status::to_csv(&matrix)),
                StatusFormat::Text => {
                    use std::io::IsTerminal;
                    print!(
                        "{}",
                        lotse::status::to_table(&matrix, std::io::stdout().is_terminal())
                    );
                }
            }
        }
        Command::New {
            key,
            lang,
            from,
            site: Some(site),
        } => {
            if from.is_some() {
                anyhow::bail!("--from works for the shared site's translations; a local site's pages are translated from its default language");
            }
            let made = lotse::scaffold::new_local(&cli.root, &site, &key, lang.as_deref())?;
            for path in &made.created {
                println!("created {}", path.display());
            }
            for note in &made.notes {
                eprintln!("note: {note}");
            }
        }
        Command::New {
            key,
            lang,
            from,
            site: None,
        } => match lang {
            Some(lang) => {
                let made =
                    lotse::scaffold::new_translation(&cli.root, &key, &lang, from.as_deref())?;
                for path in &made.created {
                    println!("created {}", path.display());
                }
                for note in &made.notes {
                    eprintln!("note: {note}");
                }
            }
            None => {
                for path in lotse::scaffold::new_article(&cli.root, &key)? {
                    println!("created {}", path.display());
                }
            }
        },
        Command::Translate { action } => return translate(&cli.root, action),
        Command::Init { dir } => {
            let created = lotse::scaffold::init(&dir)?;
            println!(
                "created a new site in {} ({} files)",
                dir.display(),
                created.len()
            );
            println!("next: cd {} && lotse serve", dir.display());
        }
        Command::Build {
            output,
            site,
            all,
            drafts,
            no_minify,
        } => {
            if all {
                let out = output.unwrap_or_else(|| cli.root.join(pipeline::SITES_OUTPUT));
                let options = BuildOptions {
                    root: cli.root,
                    output: None,
                    drafts,
                    minify: no_minify.then_some(false),
                    site: None,
                };
                let report = pipeline::build_all(&options, &out)?;
                let mut failed = Vec::new();
                for site in &report.sites {
                    println!("== site {}", site.id);
                    match &site.result {
                        Ok(report) => print_report(report),
                        Err(e) => {
                            match e {
                                Error::Invalid(problems) => eprint!("{problems}"),
                                other => eprintln!("error: {other}"),
                            }
                            eprintln!(
                                "site {} failed; its previous output was left unchanged",
                                site.id
                            );
                            failed.push(site.id.as_str());
                        }
                    }
                }
                println!(
                    "Markdown: {} pages rendered, {} taken from the shared site",
                    report.markdown_renders.len(),
                    report.markdown_reused
                );
                println!(
                    "Search: {} documents taken from the shared site ({} KB of tokens kept)",
                    report.search_reused,
                    report.search_kept_bytes / 1024
                );
                println!("Pages: {} taken from the shared site", report.pages_taken);
                if !failed.is_empty() {
                    eprintln!(
                        "{} of {} sites failed: {}",
                        failed.len(),
                        report.sites.len(),
                        failed.join(", ")
                    );
                    return Ok(ExitCode::FAILURE);
                }
                return Ok(ExitCode::SUCCESS);
            }
            let options = BuildOptions {
                root: cli.root,
                output,
                drafts,
                minify: no_minify.then_some(false),
                site,
            };
            let report = pipeline::build(&options)?;
            print_report(&report);
        }
        Command::Serve {
            port,
            bind,
            output,
            drafts,
            site,
        } => {
            if !bind.is_loopback() {
                eprintln!(
                    "note: listening on {bind}, not loopback: other machines can reach this server"
                );
            }
            let options = lotse::serve::ServeOptions {
                build: BuildOptions {
                    root: cli.root,
                    output: None,
                    drafts,
                    minify: None,
                    site,
                },
                addr: std::net::SocketAddr::new(bind, port),
                limits: lotse::serve::http::Limits::default(),
                write_to: output,
            };
            lotse::serve::run(options).context("serve")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `lotse translate ...`: export, import, machine drafts.
fn translate(root: &Path, action: TranslateCommand) -> anyhow::Result<ExitCode> {
    use lotse::translate::{export, import};
    match action {
        TranslateCommand::Export {
            lang,
            missing,
            stale,
            paths,
            format,
            output,
            from,
            ui,
        } => {
            let format = match format {
                ExchangeFormat::Po => export::Format::Po,
                ExchangeFormat::Xliff => export::Format::Xliff,
            };
            let options = export::ExportOptions {
                lang,
                from,
                missing,
                stale,
                paths,
                format,
                output,
            };
            let site = export::Site::load(root)?;
            let plan = export::plan(&site, root, &options)?;
            let mut files = export::write(&plan, format)?;
            if ui {
                files.push(export::write_ui(&site, root, &options)?);
            }
            let (mut units, mut words) = (0, 0);
            for f in &files {
                println!(
                    "{} ({}, {} units, {} words to translate)",
                    f.path.display(),
                    f.state,
                    f.units,
                    f.words
                );
                if let Some(note) = &f.note {
                    eprintln!("note: {}: {note}", f.key);
                }
                units += f.units;
                words += f.words;
            }
            println!(
                "exported {} file(s): {units} units, {words} words to translate",
                files.len()
            );
        }
        TranslateCommand::Import {
            files,
            partial,
            lang,
            reviewed_by_speaker,
        } => {
            let reviewed = match reviewed_by_speaker {
                Some(d) => Some(
                    lotse::date::Date::parse(&d)
                        .map_err(|e| anyhow::anyhow!("--reviewed-by-speaker: {e}"))?,
                ),
                None => None,
            };
            let options = import::ImportOptions {
                partial,
                lang,
                reviewed_by_speaker: reviewed,
                today: Some(lotse::freshness::today()),
            };
            let done = import::import(root, &files, &options)?;
            eprint!("{}", done.warnings);
            for path in &done.written {
                println!("wrote {}", path.display());
            }
            for path in &done.unchanged {
                println!("unchanged {}", path.display());
            }
            for (file, why) in &done.skipped {
                eprintln!("skipped {}: {why}", file.display());
            }
            println!(
                "imported {} page(s), {} unchanged, {} skipped",
                done.written.len(),
                done.unchanged.len(),
                done.skipped.len()
            );
        }
        TranslateCommand::Machine {
            lang,
            engine,
            url,
            from,
            paths,
        } => {
            let engine = match engine {
                MachineEngine::Libretranslate => lotse::translate::machine::Engine::LibreTranslate,
                MachineEngine::Deepl => lotse::translate::machine::Engine::DeepL,
            };
            let client = lotse::translate::machine::Machine::new(engine, &url)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let done = lotse::translate::drafts::machine_drafts(
                root,
                &lang,
                from.as_deref(),
                &paths,
                &client,
            )?;
            for path in &done {
                println!("wrote {} (machine_translated: true)", path.display());
            }
            println!(
                "wrote {} machine draft(s): check them with a speaker of the language",
                done.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Ctrl+C, SIGTERM and SIGHUP remove the unfinished output folder before the
/// process ends, and a file-size limit fails the write that exceeds it with
/// an error instead of killing the process.
#[cfg(unix)]
fn stop_cleanly_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Err(e) = signal_hook::flag::register(SIGXFSZ, ignored) {
        eprintln!("note: a file-size limit may stop lotse without a message: {e}");
    }
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(e) => {
            eprintln!("note: an interrupted build may leave a temporary folder behind: {e}");
            return;
        }
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            if lotse::output::abandon() {
                eprintln!(
                    "stopped: the unfinished output was removed; the previous output is unchanged"
                );
            }
            std::process::exit(128 + signal);
        }
    });
}

/// Refuses a folder without `site.toml`, pointing to the site folder above
/// it if there is one. The folder above is only suggested, never used.
fn find_site(root: &Path) -> anyhow::Result<()> {
    if root.join(CONFIG_FILE).exists() {
        return Ok(());
    }
    let shown = if root == Path::new(".") {
        "this folder".to_string()
    } else {
        root.display().to_string()
    };
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let above = absolute
        .ancestors()
        .skip(1)
        .position(|dir| dir.join(CONFIG_FILE).is_file())
        .map(|up| {
            (
                up + 1,
                absolute.ancestors().nth(up + 1).unwrap_or(&absolute),
            )
        });
    match above {
        Some((up, site)) => {
            let suggestion = if root == Path::new(".") {
                vec![".."; up].join("/")
            } else {
                site.display().to_string()
            };
            anyhow::bail!(
                "{CONFIG_FILE}: not found in {shown}, but in {}: run lotse there, or give the site folder with --root {suggestion}",
                site.display()
            )
        }
        None => anyhow::bail!(
            "{CONFIG_FILE}: not found in {shown} or any folder above it: run lotse in the site folder (the one with {CONFIG_FILE}), give it with --root, or start a new site with lotse init"
        ),
    }
}

/// The words to translate per language, as `status --words` shows them.
fn print_words(counts: &[lotse::translate::export::Words], format: StatusFormat) {
    match format {
        StatusFormat::Json => {
            let rows: Vec<serde_json::Value> = counts
                .iter()
                .map(|w| {
                    serde_json::json!({
                        "lang": w.lang,
                        "missing_pages": w.missing_pages,
                        "missing_words": w.missing_words,
                        "stale_pages": w.stale_pages,
                        "stale_words": w.stale_words,
                        "words": w.missing_words + w.stale_words,
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(rows));
        }
        StatusFormat::Csv => {
            println!("lang,missing_pages,missing_words,stale_pages,stale_words,words");
            for w in counts {
                println!(
                    "{},{},{},{},{},{}",
                    w.lang,
                    w.missing_pages,
                    w.missing_words,
                    w.stale_pages,
                    w.stale_words,
                    w.missing_words + w.stale_words
                );
            }
        }
        StatusFormat::Text => {
            println!("lang  new (pages, words)  changed (pages, words)  words to translate");
            for w in counts {
                println!(
                    "{:<5} {:>5} {:>12}  {:>7} {:>14}  {:>18}",
                    w.lang,
                    w.missing_pages,
                    w.missing_words,
                    w.stale_pages,
                    w.stale_words,
                    w.missing_words + w.stale_words
                );
            }
        }
    }
}

fn print_report(report: &BuildReport) {
    eprint!("{}", report.warnings);
    let total: usize = report.pages_per_language.iter().map(|(_, n)| n).sum();
    let per_language: Vec<String> = report
        .pages_per_language
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    println!(
        "built {total} pages ({}) and {} files in {} ms into {}{}",
        per_language.join(", "),
        report.files,
        report.elapsed.as_millis(),
        report.output.display(),
        match report.warnings.warning_count() {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    );
}
