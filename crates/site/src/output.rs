//! Writing the site: a staging folder swapped in only after the whole build succeeded, hashed asset names, sitemap and robots.txt.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Files to write, by path below the output folder. Built in memory so a failed build writes nothing.
#[derive(Debug, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files copied as they are (content images): output path → source file.
    pub copies: BTreeMap<String, PathBuf>,
}

impl Site {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
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

/// Write `site` into a staging folder beside `out`, then swap it in. On any error the old `out` is left as it was.
pub fn write_atomically(site: &Site, out: &Path) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for (rel, bytes) in &site.files {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, bytes)?;
        }
        for (rel, src) in &site.copies {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::copy(src, &path)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous site back.
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&staging, out)?;
    }
    Ok(())
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
        let mut site = Site::default();
        site.add("a/index.html", "one");
        write_atomically(&site, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        let mut bad = Site::default();
        bad.add("b.html", "two");
        bad.copies.insert("img.svg".into(), dir.path().join("missing.svg"));
        assert!(write_atomically(&bad, &out).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
