//! Command-line definitions (clap) only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Formats of the `check` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// Formats of the `status` matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// For people.
    Text,
    /// For programs.
    Json,
    /// For spreadsheets.
    Csv,
}

/// lotse builds multilingual, right-to-left aware knowledge bases.
#[derive(Debug, Parser)]
#[command(name = "lotse", version, about)]
pub struct Cli {
    /// The site folder (where site.toml is).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// Output folder (default: public/ in the site folder; `public-sites/<id>/` for a
        /// local site; with --all, the folder that gets a folder per site).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Build this local site (`sites/<id>/`) instead of the shared site.
        #[arg(long, conflicts_with = "all")]
        site: Option<String>,
        /// Build every site: the shared one into OUTPUT/shared/, each local one into `OUTPUT/<id>/`.
        #[arg(long)]
        all: bool,
        /// Include pages marked draft: true.
        #[arg(long)]
        drafts: bool,
        /// Write HTML as rendered, without minifying it.
        #[arg(long)]
        no_minify: bool,
    },
    /// Check everything a build checks, plus translations and review dates, without writing.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Exit with an error on warnings too.
        #[arg(long)]
        strict: bool,
        /// Check this local site (`sites/<id>/`) instead of the shared site.
        #[arg(long, conflicts_with = "all")]
        site: Option<String>,
        /// Check every site, the shared one and each local one, grouped by site.
        #[arg(long)]
        all: bool,
    },
    /// Show which articles are translated, stale or missing in each language.
    Status {
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
        /// Show this local site's pages (`sites/<id>/`), with its local versions of shared articles.
        #[arg(long)]
        site: Option<String>,
        /// Count the words to translate per language instead (new and changed; reads git history).
        #[arg(long, conflicts_with = "site")]
        words: bool,
    },
    /// Create an article in the default language, or a translation of one.
    New {
        /// The article as `<topic>/<article>`, e.g. `health/insurance`.
        key: String,
        /// Create the translation into this language instead.
        #[arg(long)]
        lang: Option<String>,
        /// Translate from this language instead of the default one.
        #[arg(long, requires = "lang")]
        from: Option<String>,
        /// Create it in this local site (`sites/<id>/content/`): a local article, or, for a
        /// shared article's path, the site's own version of it (a copy with its section ids).
        #[arg(long)]
        site: Option<String>,
    },
    /// Exchange files for translation tools: export the work a language needs, import translations.
    Translate {
        /// What to do.
        #[command(subcommand)]
        action: TranslateCommand,
    },
    /// Create a new site in a folder.
    Init {
        /// The folder (new or empty).
        dir: std::path::PathBuf,
    },
    /// Build the site and serve it on a local address.
    Serve {
        /// Port to listen on.
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Address to bind to (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also write every good build to this folder (pages are served from memory).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Include pages marked draft: true.
        #[arg(long)]
        drafts: bool,
        /// Serve this local site (`sites/<id>/`) instead of the shared site.
        #[arg(long)]
        site: Option<String>,
    },
}

/// Formats of exchange files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    /// gettext PO (Poedit, Weblate, OmegaT).
    Po,
    /// XLIFF 1.2 (OmegaT, memoQ, Trados, Crowdin).
    Xliff,
}

/// Machine translation services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MachineEngine {
    /// A LibreTranslate server (key from LOTSE_LIBRETRANSLATE_KEY).
    Libretranslate,
    /// The DeepL API (key from LOTSE_DEEPL_KEY or DEEPL_AUTH_KEY).
    Deepl,
}

/// The `translate` subcommands.
#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write exchange files with the pages a language is missing or has stale.
    Export {
        /// The language to translate into.
        #[arg(long)]
        lang: String,
        /// Only pages missing in the language.
        #[arg(long)]
        missing: bool,
        /// Only stale translations (with only the parts that changed, when git knows them).
        #[arg(long)]
        stale: bool,
        /// Pages or topics, e.g. `health` or `health/insurance` (default: all).
        paths: Vec<String>,
        /// The file format.
        #[arg(long, value_enum, default_value_t = ExchangeFormat::Po)]
        format: ExchangeFormat,
        /// The folder to write to (default: `translations/<lang>/`).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Translate from this language instead of the default one.
        #[arg(long)]
        from: Option<String>,
        /// Also export the theme's UI strings (`i18n/<lang>.yaml`).
        #[arg(long)]
        ui: bool,
    },
    /// Read translated exchange files into the site's pages.
    Import {
        /// The PO or XLIFF files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also write pages not fully translated (the rest keeps its current text).
        #[arg(long)]
        partial: bool,
        /// Refuse files that are not in this language.
        #[arg(long)]
        lang: Option<String>,
        /// A speaker of the language checked the translation on this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        reviewed_by_speaker: Option<String>,
    },
    /// Fill untranslated pages of a language with machine drafts, marked as such.
    Machine {
        /// The language to translate into.
        #[arg(long)]
        lang: String,
        /// The service.
        #[arg(long, value_enum)]
        engine: MachineEngine,
        /// The service's address, e.g. `http://localhost:5000` or `https://api-free.deepl.com`.
        #[arg(long)]
        url: String,
        /// Translate from this language instead of the default one.
        #[arg(long)]
        from: Option<String>,
        /// Pages or topics (default: every missing page).
        paths: Vec<String>,
    },
}
