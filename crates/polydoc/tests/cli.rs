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
