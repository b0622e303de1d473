//! The `polydoc` command line: parses arguments, runs the engine, prints diagnostics rustc-style.

mod progress;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use polydoc_site::{BuildOptions, build, status};

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
    /// Start a new multilingual book in DIR (default: here): book.toml, content/<lang>/ with an index page
    /// and SUMMARY.md, and locales/<lang>/. The first language is the default. It builds at once.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Languages, the default first: `--lang en,es`.
        #[arg(long, default_value = "en")]
        lang: String,
        /// The book's title (default: the folder's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Build, serve every language on 127.0.0.1 under the base path, rebuild when content/, locales/,
    /// themes/ or book.toml change, and reload open pages. Build errors show in the page.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Folder holding the built checker widget (default: target/checker when `cargo xtask build` made it).
        #[arg(long)]
        checker_dir: Option<PathBuf>,
        /// Stop after this many seconds (for tests and scripts).
        #[arg(long, hide = true)]
        seconds: Option<u64>,
    },
    /// Translation tools: what is missing or outdated, mark translations current.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
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
        /// Also build the pseudo-locales en-XA (accented, ~30% longer) and ar-XB (right to left) from the
        /// default language, to find hard-coded strings and layouts that break with long or RTL text.
        #[arg(long)]
        pseudo: bool,
        /// List every warning; by default a few of each kind are shown, with a count and the command that fixes them.
        #[arg(long, short)]
        verbose: bool,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Pages translated, outdated, untracked and missing; Fluent messages missing, extra, with other
    /// variables or lacking a plural form; translations whose structure differs from the original.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this language.
        #[arg(long)]
        lang: Option<String>,
        /// `text` (a table) or `json` (stable, documented in README.md).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Exit non-zero when anything is missing, outdated or inconsistent (for CI).
        #[arg(long)]
        strict: bool,
    },
    /// Add a language: its `book.toml` table (native name, text direction), `locales/<lang>/` with every
    /// message to translate, and `content/<lang>/`. The site builds at once, falling back to the default language.
    Add {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A BCP 47 code: fr, ar, pt-BR…
        lang: String,
    },
    /// Record, in each translation's `translated-from`, the hash of its original as it is now
    /// (after you have reviewed the translation against it). Edits only that front-matter line.
    Mark {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Mark every translation of every language (or of `--lang`) current.
        #[arg(long)]
        all_current: bool,
        #[arg(long)]
        lang: Option<String>,
        /// Translation files, e.g. content/es/create-token.md.
        pages: Vec<PathBuf>,
    },
}

fn print_diagnostics(root: &std::path::Path, diags: impl IntoIterator<Item = polydoc_site::Diagnostic>) {
    for d in diags {
        eprintln!("{}", d.relative_to(root));
    }
}

type Loaded = (polydoc_site::Config, polydoc_site::Content, polydoc_site::Catalog);

/// Load what the i18n tools read (the same loader as the build); on problems print them and say the exit code.
fn load(root: &std::path::Path) -> Result<Loaded, ExitCode> {
    match polydoc_site::Project::load(root, None) {
        Ok((p, diags)) if !diags.has_errors() => Ok((p.config, p.content, p.catalog)),
        Ok((_, diags)) => {
            print_diagnostics(root, diags.sorted());
            eprintln!("error: fix the problems above first");
            Err(ExitCode::FAILURE)
        }
        Err(d) => {
            print_diagnostics(root, d);
            Err(ExitCode::FAILURE)
        }
    }
}

fn i18n(command: I18nCommand) -> ExitCode {
    match command {
        I18nCommand::Status {
            root,
            lang,
            format,
            strict,
        } => {
            let (config, content, catalog) = match load(&root) {
                Ok(x) => x,
                Err(code) => return code,
            };
            if let Some(l) = &lang
                && (config.language(l).is_none() || *l == config.default_language().code)
            {
                eprintln!(
                    "error: `{l}` is not a translated language of this project (configured: {})",
                    config
                        .languages
                        .iter()
                        .map(|l| l.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return ExitCode::from(2);
            }
            let report = status::status(&config, &content, &catalog, lang.as_deref());
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else {
                print!("{}", status::render_text(&report));
            }
            if strict && report.has_work() {
                eprintln!("error: translations are missing, outdated or inconsistent (see above)");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        I18nCommand::Add { root, lang } => match polydoc_site::add::add_language(&root, &lang) {
            Ok(changed) => {
                for f in &changed {
                    eprintln!("wrote {}", f.strip_prefix(&root).unwrap_or(f).display());
                }
                eprintln!(
                    "added `{lang}`. Next: translate locales/{lang}/*.ftl and add pages in the folder made for them; \
                     `polydoc i18n status --lang {lang}` lists what is left. The site builds now, showing the \
                     default language where needed."
                );
                ExitCode::SUCCESS
            }
            Err(errors) => {
                print_diagnostics(&root, errors);
                ExitCode::FAILURE
            }
        },
        I18nCommand::Mark {
            root,
            all_current,
            lang,
            pages,
        } => {
            let (config, content, _) = match load(&root) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let default = config.default_language().code.clone();
            let files: Vec<PathBuf> = if all_current {
                content
                    .pages
                    .iter()
                    .filter(|(l, _)| **l != default && lang.as_ref().is_none_or(|x| x == *l))
                    .flat_map(|(_, p)| p.values())
                    .filter(|p| content.page(&default, &p.key).is_some())
                    .map(|p| p.file.clone())
                    .collect()
            } else if pages.is_empty() {
                eprintln!(
                    "error: name the translations to mark (e.g. content/es/create-token.md), or pass --all-current"
                );
                return ExitCode::from(2);
            } else {
                pages
            };
            match status::mark(&config, &content, &files) {
                Ok(done) => {
                    for (file, old, new) in &done {
                        match old {
                            Some(o) if o == new => eprintln!("{file}: already current ({new})"),
                            Some(o) => eprintln!("{file}: translated-from {o} → {new}"),
                            None => eprintln!("{file}: translated-from {new}"),
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    print_diagnostics(&root, errors);
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn init(dir: &std::path::Path, lang: &str, title: Option<&str>) -> ExitCode {
    let result =
        polydoc_site::init::parse_languages(lang).and_then(|langs| polydoc_site::init::init(dir, &langs, title));
    match result {
        Ok(written) => {
            for f in &written {
                eprintln!("wrote {}", f.strip_prefix(dir).unwrap_or(f).display());
            }
            eprintln!(
                "new book in {}. Next: `polydoc serve --root {}` and edit content/; `polydoc i18n add <lang>` adds a language.",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            print_diagnostics(dir, errors);
            ExitCode::FAILURE
        }
    }
}

/// The allocator of the command line: mimalloc. A 2×5,000-page build spends a sixth of its CPU in the
/// allocator; glibc's took 5.8–6.3 s of user time where mimalloc takes 5.0–5.4 s (`cargo xtask bench`, and see
/// ARCHITECTURE.md, "Dependencies").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3: the 16th of `mi_option_e`), which
/// `libmimalloc-sys` 0.1.49 does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Give freed memory back to the system at once. By default mimalloc keeps it for a second, and a 2×5,000-page
/// build then peaked at 260–280 MiB instead of about 220 MiB: the pages' buffers of one language are still held
/// while the next one renders. A delay of 2 ms saved 0.3–0.8 s of system time (pages returned, then faulted in
/// again), but its peak depended on timing: 224–233 MiB in quiet runs, 264 MiB in one bench on a loaded machine.
/// Once each page went to the search index as it was rendered (peak 173–180 MiB), delays of 10–200 ms were tried
/// again: fewer faults and about 0.1 s less system time, but no gain in wall or CPU time in paired runs, and
/// 6–30 MiB more peak.
///
/// And no transparent huge pages (Linux). mimalloc asks for them (`MADV_HUGEPAGE`) on its arenas, so with the
/// common `madvise` system setting a page freed at once splits a 2 MiB huge page, and the next allocation there
/// faults a whole one in again and has the kernel zero it. Without them a 2×5,000-page build took 0.15–0.25 s
/// less system time and peaked 17–22 MiB lower (206–208 against 224–228 MiB, seven alternating pairs), for half
/// as many faults again, each of one 4 KiB page. This is mimalloc's own `allow_thp=0` (`MIMALLOC_ALLOW_THP`),
/// which it can only apply before `main`. The setting is inherited by child processes; `serve --open` lifts it
/// for the browser it starts.
fn set_up_memory() {
    // SAFETY: `mi_option_set` only sets an allocator parameter; it is called first thing in `main`, before any
    // other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` takes integers only and changes only this process's
    // memory policy; a failure (an old kernel) leaves huge pages on, which is merely slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    set_up_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::I18n { command } => i18n(command),
        Command::Init { dir, lang, title } => init(&dir, &lang, title.as_deref()),
        Command::Serve {
            root,
            port,
            open,
            checker_dir,
            seconds,
        } => {
            let checker_dir = checker_dir.or_else(|| Some(root.join("target/checker")).filter(|d| d.is_dir()));
            let options = serve::ServeOptions {
                root,
                port,
                open,
                checker_dir,
                run_for: seconds.map(std::time::Duration::from_secs),
            };
            match serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build {
            root,
            strict,
            out,
            checker_dir,
            public_url,
            pseudo,
            verbose,
        } => {
            let started = Instant::now();
            let options = BuildOptions {
                root,
                strict,
                out_dir: out,
                checker_dir,
                public_url,
                pseudo,
                progress: progress::reporter(),
                ..BuildOptions::default()
            };
            let result = build(&options);
            progress::clear();
            match result {
                Ok(report) => {
                    eprint!("{}", polydoc_site::diag::grouped_warnings(&report.warnings, verbose, 3));
                    eprintln!(
                        "built {} pages ({} files) into {} in {:.2?}{}",
                        report.pages,
                        report.files,
                        report.out_dir.display(),
                        started.elapsed(),
                        polydoc_site::diag::tally(&report.warnings)
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
