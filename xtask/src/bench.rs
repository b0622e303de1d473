//! `cargo xtask bench`: generates bilingual corpora of realistic Markdown and measures full builds (pages/s, peak memory).

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Build the release `polydoc` once, then build every corpus with it in a child process, timing the whole
/// command and reading that child's own peak resident memory from `wait4`.
pub fn run(args: &[String]) -> Result<()> {
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1000, 5000]
    } else {
        args.iter()
            .map(|a| a.parse().with_context(|| format!("`{a}` is not a page count")))
            .collect::<Result<_>>()?
    };
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-q", "--release", "-p", "polydoc"])
        .current_dir(crate::root())
        .status()?;
    if !status.success() {
        bail!("cargo build --release -p polydoc failed");
    }
    let exe = crate::target_dir().join("release/polydoc");
    println!(
        "polydoc build benchmark: release build, 2 languages, sections of {SECTION} pages, full build to disk, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>8} {:>8} {:>10} {:>12} {:>14}",
        "pages/lg", "pages", "seconds", "pages/s", "peak RSS MiB"
    );
    let mut search_rows: Vec<(String, (usize, usize, usize, usize))> = Vec::new();
    for n in sizes {
        let dir = crate::target_dir().join(format!("bench/corpus-{n}"));
        generate(&dir, n)?;
        let out = crate::target_dir().join(format!("bench/out-{n}"));
        let build = || -> Result<(f64, f64)> {
            let started = Instant::now();
            let child = Command::new(&exe)
                .arg("build")
                .arg("--root")
                .arg(&dir)
                .arg("--out")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            let (ok, rss) = wait_with_peak_rss(child.id());
            let secs = started.elapsed().as_secs_f64();
            if !ok {
                bail!(
                    "bench build failed; run `polydoc build --root {}` to see why",
                    dir.display()
                );
            }
            Ok((secs, rss))
        };
        build()?; // warm the file cache
        let (secs, rss) = build()?;
        let pages = 2 * n;
        println!(
            "{n:>8} {pages:>8} {secs:>10.3} {:>12.0} {:>14.1}",
            pages as f64 / secs,
            rss / 1024.0
        );
        search_rows.push((
            format!("corpus {n}/lang, en: \"tokens\""),
            search_cost(&out.join("search/en"), "tokens")?,
        ));
    }
    // Search: what the index of one language weighs, and what one query downloads (meta + shards + top 8 excerpts).
    let shipped = crate::target_dir().join("bench/shipped");
    let status = Command::new(&exe)
        .arg("build")
        .arg("--root")
        .arg(crate::root())
        .arg("--out")
        .arg(&shipped)
        .stderr(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("building the shipped site failed");
    }
    search_rows.insert(
        0,
        (
            "shipped site, es: \"caduca\"".into(),
            search_cost(&shipped.join("search/es"), "caduca")?,
        ),
    );
    search_rows.insert(
        1,
        (
            "shipped site, en: \"tokens\"".into(),
            search_cost(&shipped.join("search/en"), "tokens")?,
        ),
    );
    println!();
    println!("search, one language: index size, and what one query downloads (bytes before HTTP compression)");
    println!(
        "{:<34} {:>7} {:>12} {:>12} {:>12}",
        "", "files", "index bytes", "query bytes", "query files"
    );
    for (name, (files, bytes, query, fetched)) in search_rows {
        println!("{name:<34} {files:>7} {bytes:>12} {query:>12} {fetched:>12}");
    }
    Ok(())
}

/// (files, total bytes) of a language's index, and (bytes, files) one query fetches.
fn search_cost(dir: &Path, query: &str) -> Result<(usize, usize, usize, usize)> {
    let mut files = std::collections::BTreeMap::new();
    for sub in ["", "t", "p"] {
        for e in std::fs::read_dir(dir.join(sub))? {
            let e = e?;
            if e.file_type()?.is_file() {
                let name = e.file_name().to_string_lossy().into_owned();
                let rel = if sub.is_empty() { name } else { format!("{sub}/{name}") };
                files.insert(rel, std::fs::read(e.path())?);
            }
        }
    }
    let total = files.values().map(Vec::len).sum();
    let (query_bytes, hits) = polydoc_site::query_cost(&files, query, 8);
    let fetched = 1 + hits.len() + query.split_whitespace().count();
    Ok((files.len(), total, query_bytes, fetched))
}

/// Wait for child `pid`; whether it succeeded and its own peak resident memory in KiB (`ru_maxrss`, from `wait4`).
fn wait_with_peak_rss(pid: u32) -> (bool, f64) {
    let mut status = 0;
    // SAFETY: wait4 writes only into `status` and `usage`, which we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let ok = rc == pid as libc::pid_t && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage.ru_maxrss as f64)
}

const TOPICS: &[(&str, &str)] = &[
    ("tokens", "tokens"),
    ("scopes", "ámbitos"),
    ("expiry", "caducidad"),
    ("rotation", "rotación"),
    ("registry", "registro"),
    ("runners", "ejecutores"),
    ("pipelines", "canalizaciones"),
    ("webhooks", "webhooks"),
];

/// Pages per section: a realistic docs shape (parts of a few dozen pages), so the folded sidebar stays small.
const SECTION: usize = 50;

/// Write a bilingual site of `n` pages per language in sections of [`SECTION`] pages: headings, lists, code,
/// tables, callouts, links between pages (with anchors) and out of the site.
fn generate(dir: &Path, n: usize) -> Result<()> {
    // The theme's strings change with polydoc: copy them on every run.
    for lang in ["en", "es"] {
        std::fs::create_dir_all(dir.join("locales").join(lang))?;
        std::fs::copy(
            crate::root().join("locales").join(lang).join("site.ftl"),
            dir.join("locales").join(lang).join("site.ftl"),
        )?;
    }
    if dir.join("book.toml").exists() {
        return Ok(());
    }
    for lang in ["en", "es"] {
        std::fs::create_dir_all(dir.join("locales").join(lang))?;
        std::fs::copy(
            crate::root().join("locales").join(lang).join("site.ftl"),
            dir.join("locales").join(lang).join("site.ftl"),
        )?;
    }
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Bench\"\n\n[site]\nurl = \"https://bench.example.org\"\n\n[i18n]\ndefault = \"en\"\n\n[i18n.en]\nname = \"English\"\n\n[i18n.es]\nname = \"Español\"\n",
    )?;
    let key_of = |i: usize| -> String {
        if i == 0 {
            "index.md".to_string()
        } else if (i - 1).is_multiple_of(SECTION) {
            format!("section-{}/index.md", (i - 1) / SECTION)
        } else {
            format!("section-{}/page-{i}.md", (i - 1) / SECTION)
        }
    };
    for (lang, title_word) in [("en", "Guide"), ("es", "Guía")] {
        let mut summary = String::from("# Summary\n\n");
        for i in 0..n {
            let key = key_of(i);
            let (topic_en, topic_es) = TOPICS[i % TOPICS.len()];
            let topic = if lang == "en" { topic_en } else { topic_es };
            let title = format!("{title_word} {i}: {topic}");
            let indent = if key.ends_with("/index.md") { "" } else { "  " };
            if i == 0 {
                let _ = writeln!(summary, "[{title}]({key})\n");
            } else {
                let _ = writeln!(summary, "{indent}- [{title}]({key})");
            }
            let mut page = format!("---\ntitle: \"{title}\"\ndescription: \"Page {i} about {topic}.\"\n");
            if lang == "es" && i > 0 && !key.ends_with("index.md") {
                let _ = writeln!(page, "slug: pagina-{i}");
            }
            if lang == "es" {
                // The English page was written first: record it, as `polydoc i18n mark` would.
                let original = std::fs::read_to_string(dir.join("content/en").join(&key))?;
                let _ = writeln!(page, "translated-from: {}", polydoc_site::short_hash(&original));
            }
            page.push_str("---\n");
            // Link to the next page, relative to this page's folder.
            let next = key_of(if i + 1 < n { i + 1 } else { 1.min(n - 1) });
            let next_link = format!("{}{next}", "../".repeat(key.matches('/').count()));
            for s in 0..4 {
                let _ = write!(
                    page,
                    "## Part {s} about {topic} {{#part-{s}}}\n\nSome **prose** about {topic} with `inline code`, a [link]({next_link}#part-{s}) and an [external one](https://example.org/{i}).\nA second sentence keeps paragraphs realistic in length for documentation text.\n\n- item one about {topic}\n- item two with *emphasis*\n  - nested item\n\n```bash\ncurl --header \"PRIVATE-TOKEN: $TOKEN\" https://gitlab.example.com/api/v4/projects/{i}\n```\n\n| Key | Value |\n|-----|-------|\n| scope | read_api |\n| page | {i} |\n\n> [!NOTE]\n> A note on {topic}.\n\n"
                );
            }
            let path = dir.join("content").join(lang).join(&key);
            std::fs::create_dir_all(path.parent().context("page folder")?)?;
            std::fs::write(path, page)?;
        }
        std::fs::write(dir.join("content").join(lang).join("SUMMARY.md"), summary)?;
    }
    Ok(())
}
