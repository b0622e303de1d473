//! The `polydoc` command line: parses arguments, runs the engine, prints diagnostics rustc-style.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use polydoc_site::{BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "polydoc",
    version,
    about = "Build a fast multilingual static documentation site from Markdown and Fluent"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into `[build] build-dir` (default `public/`). A failed build leaves the previous output untouched.
    Build {
        /// The project folder (the one with book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings (e.g. a UI string missing in a language) as errors.
        #[arg(long)]
        strict: bool,
        /// Write the site here instead of `[build] build-dir`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Folder holding the built checker widget (`token_check_web.js`, `token_check_web_bg.wasm`); `cargo xtask build` passes it.
        #[arg(long)]
        checker_dir: Option<PathBuf>,
        /// The address the site is served at, overriding `[site] url` and `base-path`
        /// (GitLab Pages: `--public-url "$CI_PAGES_URL"`).
        #[arg(long)]
        public_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            strict,
            out,
            checker_dir,
            public_url,
        } => {
            let started = Instant::now();
            let options = BuildOptions {
                root,
                strict,
                out_dir: out,
                checker_dir,
                public_url,
            };
            match build(&options) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("{w}");
                    }
                    eprintln!(
                        "built {} pages ({} files) into {} in {:.2?}{}",
                        report.pages,
                        report.files,
                        report.out_dir.display(),
                        started.elapsed(),
                        match report.warnings.len() {
                            0 => String::new(),
                            1 => ", 1 warning".to_string(),
                            n => format!(", {n} warnings"),
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
