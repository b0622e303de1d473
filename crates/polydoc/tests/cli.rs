//! The `polydoc` binary: exit codes and what it prints, on the engine's fixture site and a broken copy of it.

use std::path::Path;
use std::process::Command;

fn fixture_copy() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../site/tests/fixtures/sites/basic");
    let dir = tempfile::tempdir().unwrap();
    copy(&src, dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn polydoc(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_polydoc")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn good_build_exits_zero_and_says_what_it_built() {
    let dir = fixture_copy();
    let root = dir.path().to_str().unwrap();
    let (code, stderr) = polydoc(&["build", "--root", root]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("built 8 pages"), "{stderr}");
    assert!(dir.path().join("public/es/guide/funciones/index.html").is_file());
}

#[test]
fn bad_build_exits_non_zero_prints_rustc_style_and_keeps_output() {
    let dir = fixture_copy();
    let root = dir.path().to_str().unwrap();
    assert_eq!(polydoc(&["build", "--root", root]).0, 0);
    let before = std::fs::read(dir.path().join("public/en/index.html")).unwrap();
    let page = dir.path().join("content/en/index.md");
    std::fs::write(&page, "---\ntitle: Home\ntitel: typo\n---\nA [link](missing.md).\n").unwrap();
    let (code, stderr) = polydoc(&["build", "--root", root]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "error: unknown key `titel` in front matter\n --> content/en/index.md:3:1\n  |\n3 | titel: typo\n  | ^\n  = help: did you mean `title`?",
        "error: build failed with 1 error; the previous output was left untouched",
    ] {
        assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    }
    assert_eq!(std::fs::read(dir.path().join("public/en/index.html")).unwrap(), before);
}

#[test]
fn missing_book_toml_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = polydoc(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot read `book.toml`") && stderr.contains("--root DIR"),
        "{stderr}"
    );
}

#[test]
fn init_then_strict_build_succeeds_for_each_language_list() {
    // (languages, pages built): shipped theme strings (en, es), a default without them (fr), an RTL one (ar).
    for (langs, pages) in [("en", 2), ("en,es", 4), ("es,en", 4), ("fr", 2), ("en,fr,ar", 6)] {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("my-book");
        let book = book.to_str().unwrap();
        let (code, stderr) = polydoc(&["init", book, "--lang", langs]);
        assert_eq!(code, 0, "{langs}: {stderr}");
        assert!(stderr.contains("wrote book.toml"), "{langs}: {stderr}");
        let (code, stderr) = polydoc(&["build", "--root", book, "--strict"]);
        assert_eq!(code, 0, "{langs}: {stderr}");
        assert!(stderr.contains(&format!("built {pages} pages")), "{langs}: {stderr}");
        let first = langs.split(',').next().unwrap();
        let index = std::fs::read_to_string(dir.path().join(format!("my-book/public/{first}/index.html"))).unwrap();
        assert!(index.contains("<title>my-book"), "{langs}: title from the folder name");
    }
}

#[test]
fn init_refuses_an_existing_book_and_bad_languages() {
    let dir = fixture_copy();
    let (code, stderr) = polydoc(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("book.toml` already exists") && stderr.contains("empty folder"),
        "{stderr}"
    );
    let empty = tempfile::tempdir().unwrap();
    let (code, stderr) = polydoc(&["init", empty.path().to_str().unwrap(), "--lang", "en,??"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("`??` is not a valid language code"), "{stderr}");
    assert!(
        !empty.path().join("book.toml").exists(),
        "nothing written on a bad list"
    );
}
