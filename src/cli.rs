//! Command-line definitions (clap) only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
        /// Output folder (default: public/ in the site folder).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Include pages marked draft: true.
        #[arg(long)]
        drafts: bool,
        /// Write HTML as rendered, without minifying it.
        #[arg(long)]
        no_minify: bool,
    },
    /// Build the site and serve it on a local address.
    Serve {
        /// Port to listen on.
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Address to bind to (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Output folder (default: public/ in the site folder).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Include pages marked draft: true.
        #[arg(long)]
        drafts: bool,
    },
}
