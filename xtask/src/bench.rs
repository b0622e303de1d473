//! `cargo xtask bench`: generates bilingual corpora of realistic Markdown and measures full builds (pages/s, peak memory).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Build the release `polydoc` once, then build every corpus with it in a child process, timing the whole
/// command and reading the child's peak resident memory from `getrusage`.
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
    for n in sizes {
        let dir = crate::target_dir().join(format!("bench/corpus-{n}"));
        generate(&dir, n)?;
        let out = crate::target_dir().join(format!("bench/out-{n}"));
        let build = || {
            Command::new(&exe)
                .arg("build")
                .arg("--root")
                .arg(&dir)
                .arg("--out")
                .arg(&out)
                .output()
        };
        build()?; // warm the file cache
        let started = Instant::now();
        let result = build()?;
        let secs = started.elapsed().as_secs_f64();
        if !result.status.success() {
            bail!("bench build failed:\n{}", String::from_utf8_lossy(&result.stderr));
        }
        let pages = 2 * n;
        println!(
            "{n:>8} {pages:>8} {secs:>10.3} {:>12.0} {:>14.1}",
            pages as f64 / secs,
            peak_child_rss_kib() / 1024.0
        );
    }
    Ok(())
}

/// The largest resident set of any child process waited for so far, in KiB (Linux reports `ru_maxrss` in KiB).
fn peak_child_rss_kib() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc == 0 { usage.ru_maxrss as f64 } else { f64::NAN }
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
    if dir.join("book.toml").exists() {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
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
