//! Incremental builds (`Session`, used by `serve`): after an edit only what depends on it runs again. Each case
//! edits the fixture site and says how many Markdown passes must run and which output files may change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

mod support;
use support::{copy_tree, tree};

use polydoc_site::{BuildOptions, Session};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic")
}

/// A copy of the fixture site in a temporary folder, and a session building it into `out/` there.
fn fixture_session() -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let out = dir.path().join("out");
    let session = Session::new(BuildOptions {
        root: dir.path().to_path_buf(),
        out_dir: Some(out.clone()),
        ..BuildOptions::default()
    });
    (dir, out, session)
}

/// Every output file with its modification time.
fn stamps(dir: &Path) -> BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

fn changed(before: &BTreeMap<String, SystemTime>, after: &BTreeMap<String, SystemTime>) -> Vec<String> {
    after
        .iter()
        .filter(|(k, t)| before.get(*k) != Some(t))
        .map(|(k, _)| k.clone())
        .collect()
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{}: no `{from}`", file.display());
    std::fs::write(file, text.replace(from, to)).unwrap();
}

#[test]
fn a_session_redoes_only_what_an_edit_touches() {
    let (dir, out, mut session) = fixture_session();
    let first = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(first.rendered, first.pages, "a first build renders every page");

    // Nothing changed: no Markdown pass, no file written.
    let before = stamps(&out);
    let again = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(again.rendered, 0);
    assert_eq!(changed(&before, &stamps(&out)), Vec::<String>::new());

    // The body of an English page with no Spanish translation: its own page and its Spanish fallback.
    let page = dir.path().join("content/en/guide/untranslated.md");
    edit(
        &page,
        "This page exists only in English.",
        "This page exists only in English, edited.",
    );
    let before = stamps(&out);
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(r.rendered, 2, "the page and its fallback in `es`");
    let mut touched = changed(&before, &stamps(&out));
    touched.retain(|p| !p.starts_with("search/") && !p.ends_with("llms.txt") && p != "sitemap.xml");
    assert_eq!(
        touched,
        [
            "en/guide/only-english/index.html",
            "en/guide/only-english/index.md",
            "es/guide/only-english/index.html",
            "es/guide/only-english/index.md",
        ]
    );
    let es = std::fs::read_to_string(out.join("es/guide/only-english/index.html")).unwrap();
    assert!(
        es.contains("exists only in English, edited."),
        "the fallback shows the edit"
    );

    // A title (the sidebar takes its text from SUMMARY.md here): the page, the page lists and llms.txt follow.
    edit(&page, "title: Only in English", "title: Only in English (renamed)");
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(r.rendered, 2);
    for file in ["en/guide/only-english/index.html", "es/pages/index.html", "en/llms.txt"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(text.contains("Only in English (renamed)"), "{file} shows the new title");
    }
    // A SUMMARY.md entry: the pages whose sidebar shows it (the unfolded `Features` branch) are written again,
    // with no Markdown pass; the home page's folded sidebar does not show it, and its bytes stay the same.
    edit(
        &dir.path().join("content/en/SUMMARY.md"),
        "[Untranslated]",
        "[Not translated]",
    );
    let before = stamps(&out);
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(r.rendered, 0);
    let touched = changed(&before, &stamps(&out));
    assert_eq!(
        touched,
        [
            "en/checker/index.html",
            "en/guide/features/index.html",
            "en/guide/only-english/index.html"
        ],
        "Spanish has its own SUMMARY.md"
    );
    let features = std::fs::read_to_string(out.join("en/guide/features/index.html")).unwrap();
    assert!(features.contains("Not translated"));

    // A translation removed: Spanish falls back to the original, under the original's URL; the old one is gone.
    std::fs::remove_file(dir.path().join("content/es/guide/features.md")).unwrap();
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert!(r.rendered >= 1);
    assert!(
        !out.join("es/guide/funciones/index.html").exists(),
        "the translated URL is removed"
    );
    assert!(
        out.join("es/guide/features/index.html").exists(),
        "the fallback is published"
    );

    // A failed build writes nothing, and the next good one picks up from there.
    edit(&page, "title: Only in English (renamed)", "title: \"\"");
    let before = stamps(&out);
    assert!(session.build().is_err());
    assert_eq!(changed(&before, &stamps(&out)), Vec::<String>::new());
    edit(&page, "title: \"\"", "title: Back");
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert!(r.rendered >= 2);
    let page = std::fs::read_to_string(out.join("en/guide/only-english/index.html")).unwrap();
    assert!(page.contains("<h1>Back</h1>"), "{page}");
}

/// The words of a language's search index: every key of every shard `meta.json` lists, and whether the shard
/// folder holds exactly those shards.
fn index_words(out: &Path, lang: &str) -> (Vec<String>, bool) {
    let dir = out.join("search").join(lang);
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("meta.json")).unwrap()).unwrap();
    let listed: Vec<String> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().bytes().map(|b| format!("{b:02x}")).collect())
        .collect();
    let mut words = Vec::new();
    for name in &listed {
        let shard: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("t/{name}.json"))).unwrap()).unwrap();
        for part in ["w", "s"] {
            words.extend(shard[part].as_object().unwrap().keys().cloned());
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("t"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect();
    on_disk.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    (words, on_disk == listed_sorted)
}

/// A session built once with its search index deferred, then rebuilt after "Zebrafinch" was written into the
/// English-only page: the session, that page's path and the second build's report (its index still pending).
fn deferred_after_an_edit() -> (tempfile::TempDir, PathBuf, Session, PathBuf, polydoc_site::BuildReport) {
    let (dir, out, mut session) = fixture_session();
    session.build().unwrap_or_else(|f| panic!("{f}"));
    session.defer_search();
    let page = dir.path().join("content/en/guide/untranslated.md");
    edit(&page, "This page exists only in English.", "Zebrafinch only here.");
    let report = session.build().unwrap_or_else(|f| panic!("{f}"));
    (dir, out, session, page, report)
}

#[test]
fn a_deferred_search_index_follows_the_last_edit() {
    let (_dir, out, mut session, page, first) = deferred_after_an_edit();
    // Two edits in a row: the second build stops (or waits out) the first one's index.
    assert_eq!(first.rendered, 2);
    let html = std::fs::read_to_string(out.join("en/guide/only-english/index.html")).unwrap();
    assert!(
        html.contains("Zebrafinch"),
        "the page is written before the build returns"
    );
    edit(&page, "Zebrafinch only here.", "Kingfisher only here.");
    session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(session.finish_search(), Vec::new());
    let (words, tidy) = index_words(&out, "en");
    assert!(
        words.iter().any(|w| w.starts_with("kingfish")),
        "the last edit is indexed"
    );
    assert!(
        !words.iter().any(|w| w.starts_with("zebrafinch")),
        "the first edit's word is gone"
    );
    assert!(tidy, "the shard folder holds exactly the shards meta.json lists");
    // Nothing changed since: the next build neither renders nor starts an index.
    let before = stamps(&out);
    let again = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(again.rendered, 0);
    assert_eq!(session.finish_search(), Vec::new());
    assert_eq!(changed(&before, &stamps(&out)), Vec::<String>::new());
}

/// Regression: dropping a session left its background search job running, and `serve` removes its output folder
/// once the session is gone, so the job wrote the index's files into a folder that no longer existed, creating
/// it again. Every stopped `serve` of the bench corpus left 470 MB behind this way.
#[test]
fn a_dropped_session_stops_its_background_search_job() {
    let (_dir, out, session, _, _) = deferred_after_an_edit();
    // The job waits 300 ms for the edits to settle, then writes. Drop the session before then.
    drop(session);
    std::fs::remove_dir_all(&out).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        !out.exists(),
        "a job wrote {:?} after its session was dropped",
        tree(&out).keys()
    );
}

#[test]
fn parity_warnings_follow_edits_in_a_session() {
    let (dir, _, mut session) = fixture_session();
    let parity = |r: &polydoc_site::BuildReport| {
        r.warnings
            .iter()
            .filter(|d| d.code == Some("translation-parity"))
            .count()
    };
    let before = parity(&session.build().unwrap_or_else(|f| panic!("{f}")));
    // The translation gains a code block its original does not have, then loses it again.
    let page = dir.path().join("content/es/guide/features.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n```sh\necho extra\n```\n")).unwrap();
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(parity(&r), before + 1, "{:#?}", r.warnings);
    std::fs::write(&page, &text).unwrap();
    let r = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(
        parity(&r),
        before,
        "the warning goes once the translation matches again"
    );
}

#[test]
fn a_session_told_what_changed_reads_only_that() {
    let (dir, out, mut session) = fixture_session();
    session.build().unwrap_or_else(|f| panic!("{f}"));
    // A known page: read again from the path the watcher gave, nothing else walked.
    let page = dir.path().join("content/en/guide/untranslated.md");
    edit(&page, "This page exists only in English.", "Told about this edit.");
    let r = session
        .build_changed(vec![page.clone()])
        .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(r.rendered, 2, "the page and its fallback in `es`");
    let html = std::fs::read_to_string(out.join("en/guide/only-english/index.html")).unwrap();
    assert!(html.contains("Told about this edit."));
    // The session trusts what it is told: an edit it was not told of waits for a build that looks at every file.
    edit(&page, "Told about this edit.", "Told again.");
    let index = dir.path().join("content/en/index.md");
    let before = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!(
            "{before}
Untold edit.
"
        ),
    )
    .unwrap();
    session
        .build_changed(vec![page.clone()])
        .unwrap_or_else(|f| panic!("{f}"));
    let home = || std::fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(!home().contains("Untold edit."), "no folder was walked");
    session.build().unwrap_or_else(|f| panic!("{f}"));
    assert!(home().contains("Untold edit."));
    // A path that is no known page (a new file): every file is looked at, so the new page is published.
    let new = dir.path().join("content/en/guide/new.md");
    std::fs::write(&new, "---\ntitle: New\n---\n# New\n\nA new page.\n").unwrap();
    let r = session.build_changed(vec![new]).unwrap_or_else(|f| panic!("{f}"));
    assert!(out.join("en/guide/new/index.html").exists(), "{:#?}", r.warnings);
    // A known page that now fails to load: everything is loaded again, and the build fails with its error.
    edit(&page, "title: Only in English", "title: \"\"");
    let failure = session.build_changed(vec![page]).expect_err("an empty title fails");
    assert!(failure.to_string().contains("untranslated.md"), "{failure}");
}

/// A plain build writes pages and search indexes as the Markdown pass goes; a session writes them after every
/// check. Both must give the same site.
#[test]
fn a_session_and_a_plain_build_write_the_same_site() {
    let (dir, out, mut session) = fixture_session();
    session.build().unwrap_or_else(|f| panic!("{f}"));
    let plain = polydoc_site::build(&BuildOptions {
        root: dir.path().to_path_buf(),
        in_memory: true,
        ..BuildOptions::default()
    })
    .unwrap_or_else(|f| panic!("{f}"));
    let plain = plain.memory.expect("a memory build");
    let served = tree(&out);
    assert_eq!(served.keys().collect::<Vec<_>>(), plain.keys().collect::<Vec<_>>());
    for (path, bytes) in &plain {
        assert!(served[path] == *bytes, "{path} differs");
    }
}
