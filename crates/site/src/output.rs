//! Output formats that are not templates: content-hashed asset names and the sitemap's XML.

use sha2::{Digest, Sha256};

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
        s.push_str(&crate::text::escape_html(&e.loc));
        s.push_str("</loc>\n");
        for (lang, href) in &e.alternates {
            s.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                crate::text::escape_html(lang),
                crate::text::escape_html(href)
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
}
