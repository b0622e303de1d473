//! Project automation, in Rust so a fresh machine needs nothing but cargo: `cargo xtask build | test | ci | bench | fake-gitlab`.

mod bench;
mod setup;
mod shrink;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

  build [--public-url URL] [--out DIR] [--strict] [--pseudo]
        compile the token checker (wasm), run wasm-bindgen in-process, and build the site into public/
  test  build, then run every test: unit, snapshot, fake-GitLab and real-browser tests
  ci    exactly what CI runs: cargo fmt --check, clippy -D warnings, then `test`
  bench [--exe PATH] [N ...]
        generate bilingual corpora of N pages per language (default 1000 5000), build each with the release
        binary (or PATH), print time against a render-only floor, CPU/wall, peak memory and bytes per page
  fake-gitlab [--port N] [--relative-root /gitlab]
        start the GitLab-shaped test server on loopback for a manual try
";

/// wasm + JS glue, brotli-compressed, must stay under this: issue 11's goal, 30 KB, in the issue's own
/// unit (1 KB = 1,000 bytes: it calls 40,748 bytes "40.7 KB"), so 30,000 bytes. The widget measures
/// 29,974 bytes (ARCHITECTURE.md, "Where the checker's bytes go", says where they go and what each
/// size step saved), so there are 26 bytes to spare: a change that needs more must save them
/// elsewhere first.
const BROTLI_BUDGET: usize = 30_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(&args[1..]).map(|_| ()),
        Some("test") => test(),
        Some("ci") => ci(),
        Some("bench") => bench::run(&args[1..]),
        Some("fake-gitlab") => run(Command::new(cargo())
            .args(["run", "-q", "-p", "fake-gitlab", "--"])
            .args(&args[1..])),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the folder holding this workspace's Cargo.toml).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Where `build` leaves the bindgen output that the site build (and the browser tests) pick up.
pub fn checker_dir() -> PathBuf {
    target_dir().join("checker")
}

fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

fn build(args: &[String]) -> Result<polydoc_site::BuildReport> {
    let mut public_url = None;
    let mut out = None;
    let mut strict = false;
    let mut pseudo = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--public-url" => public_url = Some(it.next().context("--public-url needs a URL")?.clone()),
            "--out" => out = Some(PathBuf::from(it.next().context("--out needs a folder")?)),
            "--strict" => strict = true,
            "--pseudo" => pseudo = true,
            other => bail!("unknown option `{other}`\n{USAGE}"),
        }
    }
    build_checker()?;
    let started = Instant::now();
    let options = polydoc_site::BuildOptions {
        root: root(),
        strict,
        out_dir: out,
        checker_dir: Some(checker_dir()),
        public_url,
        pseudo,
        ..Default::default()
    };
    match polydoc_site::build(&options) {
        Ok(report) => {
            eprint!("{}", polydoc_site::diag::grouped_warnings(&report.warnings, false, 3));
            eprintln!(
                "site: {} pages ({} files) in {} in {:.2?}, {} warning(s)",
                report.pages,
                report.files,
                report.out_dir.display(),
                started.elapsed(),
                report.warnings.len()
            );
            Ok(report)
        }
        Err(failure) => bail!("the site did not build:\n{failure}"),
    }
}

/// The wasm32 standard library must be installed for the pinned toolchain; add it with rustup when missing.
fn ensure_wasm_target() -> Result<()> {
    let has_core = || -> bool {
        let out = Command::new("rustc")
            .args(["--print", "target-libdir", "--target", "wasm32-unknown-unknown"])
            .current_dir(root())
            .output();
        let Ok(out) = out else { return false };
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
            })
            .unwrap_or(false)
    };
    if has_core() {
        return Ok(());
    }
    eprintln!(
        "xtask: the wasm32-unknown-unknown target is missing; running `rustup target add wasm32-unknown-unknown`"
    );
    let status = Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .current_dir(root())
        .status();
    if status.is_ok_and(|s| s.success()) && has_core() {
        return Ok(());
    }
    bail!(
        "the wasm32 target is not installed and rustup could not add it; run `rustup target add wasm32-unknown-unknown` in {}",
        root().display()
    )
}

/// Compile the widget with the size profile, run wasm-bindgen in-process, print sizes, enforce the budget.
fn build_checker() -> Result<()> {
    ensure_wasm_target()?;
    let started = Instant::now();
    run(Command::new(cargo()).args([
        "build",
        "-q",
        "-p",
        "token-check-web",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let input = target_dir().join("wasm32-unknown-unknown/wasm-release/token_check_web.wasm");
    let out = checker_dir();
    std::fs::create_dir_all(&out)?;
    // `omit_default_module_path(false)` makes the output match the CLI's `--target web`; without it the
    // page fails with "WebAssembly.instantiate(): Argument 0 must be a buffer source".
    let compiled = std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
    let (module, trapped) = shrink::trap_panics(&compiled, true)?;
    eprintln!("checker: {trapped} panic entry points made `unreachable`");
    if let Some(fragment) = std::env::var_os("CHECKER_CALLERS") {
        shrink::print_callers(&shrink::trap_panics(&compiled, true)?.0, &fragment.to_string_lossy());
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_module("token_check_web", module)
        .web(true)?
        .omit_default_module_path(false)
        // `TextEncoder.encodeInto` without the test and polyfill for engines that lack it: the module
        // uses reference types (its externref table), which every engine shipped later than
        // `encodeInto` (Chrome 96 / 74, Firefox 79 / 66, Safari 15 / 14.1), so no engine that can
        // instantiate it takes the polyfill.
        .encode_into(wasm_bindgen_cli_support::EncodeInto::Always)
        .typescript(false)
        // Names are dropped by `shrink::short_names`, which needs them first.
        .remove_name_section(false)
        .remove_producers_section(true)
        .generate(&out)
        .with_context(|| format!("wasm-bindgen on {}", input.display()))?;
    // `CHECKER_NAMES=1`: also write a copy that keeps the function names, for `twiggy top`
    // (target/checker-names/), to see where the bytes go.
    if std::env::var_os("CHECKER_NAMES").is_some() {
        let named = target_dir().join("checker-names");
        std::fs::create_dir_all(&named)?;
        wasm_bindgen_cli_support::Bindgen::new()
            .input_module("token_check_web", shrink::trap_panics(&compiled, true)?.0)
            .web(true)?
            .omit_default_module_path(false)
            .typescript(false)
            .remove_name_section(false)
            .generate(&named)
            .with_context(|| format!("wasm-bindgen (names kept) on {}", input.display()))?;
        let named_wasm = named.join("token_check_web_bg.wasm");
        std::fs::write(&named_wasm, shrink::named_copy(&std::fs::read(&named_wasm)?)?)?;
        eprintln!("checker: with names: {}", named_wasm.display());
    }
    let glue = shrink::tidy_js(&std::fs::read_to_string(out.join("token_check_web.js"))?)?;
    let glue = shrink::drop_unused_loading(&shrink::drop_init_sync(&glue)?)?;
    let glue = shrink::drop_registry_fallback(&shrink::drop_unused_string_pass(&glue)?)?;
    let glue = shrink::short_locals(&shrink::drop_write_only_globals(&glue)?)?;
    let (wasm, glue) = shrink::short_names(&std::fs::read(out.join("token_check_web_bg.wasm"))?, &glue)?;
    let glue = shrink::sort_imports(&glue)?;
    std::fs::write(out.join("token_check_web_bg.wasm"), &wasm)?;
    std::fs::write(out.join("token_check_web.js"), &glue)?;
    let (wb, gb) = (brotli_len(&wasm)?, brotli_len(glue.as_bytes())?);
    eprintln!("checker: built in {:.1?}", started.elapsed());
    eprintln!(
        "checker: token_check_web_bg.wasm {:>8} bytes raw {:>7} brotli",
        wasm.len(),
        wb
    );
    eprintln!(
        "checker: token_check_web.js      {:>8} bytes raw {:>7} brotli",
        glue.len(),
        gb
    );
    eprintln!(
        "checker: total                   {:>8} bytes raw {:>7} brotli (budget {BROTLI_BUDGET})",
        wasm.len() + glue.len(),
        wb + gb
    );
    if wb + gb > BROTLI_BUDGET {
        bail!(
            "the checker is {} bytes brotli, over the {BROTLI_BUDGET}-byte budget",
            wb + gb
        );
    }
    Ok(())
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(out.len())
}

fn test() -> Result<()> {
    setup::ensure()?;
    build(&[])?;
    // The shipped guide must be fully translated and current (`polydoc i18n status --strict`).
    let (project, diags) =
        polydoc_site::Project::load(&root(), None).map_err(|d| anyhow::anyhow!("{:?}", d.sorted()))?;
    if diags.has_errors() {
        bail!("the shipped site does not load");
    }
    let report = polydoc_site::status::status(&project.config, &project.content, &project.catalog, None);
    if report.has_work() {
        bail!(
            "translations of the shipped site are missing or outdated:\n{}",
            polydoc_site::status::render_text(&report)
        );
    }
    eprintln!("i18n: every translation of the shipped site is current");
    // `--workspace` includes the widget crate, whose pure parts are tested natively.
    let mut child = Command::new(cargo())
        .args(["test", "--workspace"])
        .env("POLYDOC_CHECKER_DIR", checker_dir())
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start cargo test")?;
    // Echo cargo's output and add up its `test result:` lines into one closing line.
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        use std::io::BufRead;
        for line in std::io::BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse::<u64>().ok())
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait()?;
    println!("{passed} passed, {failed} failed");
    if !status.success() || failed > 0 {
        bail!("cargo test --workspace failed ({status})");
    }
    Ok(())
}

fn ci() -> Result<()> {
    run(Command::new(cargo()).args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new(cargo()).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run(Command::new(cargo()).args([
        "clippy",
        "-p",
        "token-check-web",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    test()
}
