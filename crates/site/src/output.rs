//! Writing the site: a staging folder swapped in only after the whole build succeeded, hashed asset names, sitemap and robots.txt.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// A staging folder beside the output folder. Pages are written into it as they are rendered; `commit` swaps it in.
/// Dropped without `commit` (any error), it is removed and the previous output stays exactly as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    files: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            files: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Write one file (safe to call from several threads for different paths).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        in_folder(&self.dir.join(rel), |path| std::fs::write(path, bytes))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        in_folder(&self.dir.join(rel), |path| std::fs::copy(src, path).map(|_| ()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swap the staging folder in for the output folder; on failure the previous output is put back.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if self.out.exists() {
            std::fs::rename(&self.out, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                let _ = std::fs::rename(&old, &self.out);
                return Err(e);
            }
            remove_tree(&old);
        } else {
            std::fs::rename(&self.dir, &self.out)?;
        }
        self.committed = true;
        Ok(())
    }
}

/// Run `op` on `path`; if its folder is missing, create it and run `op` again. Most files land in a folder that
/// already exists, so this saves the two system calls of `create_dir_all` per file.
fn in_folder(path: &Path, op: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
    match op(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            op(path)
        }
        other => other,
    }
}

/// Remove a folder and everything below it, its subfolders on every core (a rebuild replaces tens of thousands
/// of files). Symbolic links are removed, never followed. Whatever cannot be removed is left behind.
fn remove_tree(dir: &Path) {
    fn remove(dir: &Path) -> io::Result<()> {
        let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
        entries.par_iter().for_each(|e| {
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => remove(&e.path()),
                _ => std::fs::remove_file(e.path()),
            };
        });
        std::fs::remove_dir(dir)
    }
    if remove(dir).is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `name.ext` → `name.<8 hex of SHA-256>.ext`.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => format!("{}.{hash}{}", &path[..dot], &path[dot..]),
        _ => format!("{path}.{hash}"),
    }
}

/// One `<url>` of the sitemap with its language alternates.
pub struct SitemapEntry {
    pub loc: String,
    /// (hreflang, absolute URL), `x-default` included.
    pub alternates: Vec<(String, String)>,
}

pub fn sitemap(entries: &[SitemapEntry]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        s.push_str("  <url>\n    <loc>");
        s.push_str(&crate::markdown::escape_html(&e.loc));
        s.push_str("</loc>\n");
        for (lang, href) in &e.alternates {
            s.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                crate::markdown::escape_html(lang),
                crate::markdown::escape_html(href)
            ));
        }
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_the_extension() {
        let h = hashed_name("style.css", b"body{}");
        assert!(
            h.starts_with("style.") && h.ends_with(".css") && h.len() == "style..css".len() + 8,
            "{h}"
        );
        assert_ne!(h, hashed_name("style.css", b"body{ }"));
    }

    #[test]
    fn swap_replaces_and_failure_keeps_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::create(&out).unwrap();
        first.write("a/index.html", b"one").unwrap();
        first.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        {
            let second = Staging::create(&out).unwrap();
            second.write("b.html", b"two").unwrap();
            assert!(second.copy("img.svg", &dir.path().join("missing.svg")).is_err());
            // dropped without commit: a failed build
        }
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn replacing_an_output_removes_the_old_tree_but_not_what_links_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let keep = dir.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("precious.txt"), "x").unwrap();
        let first = Staging::create(&out).unwrap();
        for f in [
            "index.html",
            "en/a/index.html",
            "en/a/index.md",
            "es/b/c/d/index.html",
            "search/en/t/746f.json",
        ] {
            first.write(f, b"old").unwrap();
        }
        first.commit().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, out.join("en/link")).unwrap();
        let second = Staging::create(&out).unwrap();
        second.write("index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("en").exists());
        assert_eq!(std::fs::read_to_string(keep.join("precious.txt")).unwrap(), "x");
        let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, ["keep", "public"].map(std::ffi::OsString::from));
    }
}
