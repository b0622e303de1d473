//! mdBook compatibility: the pieces that read a book written for mdBook (its `SUMMARY.md`, its preprocessor
//! directives, its heading ids and its `book.toml` keys), each self-contained so the build can call it.

pub(crate) mod config;
pub(crate) mod hidden;
pub(crate) mod ids;
pub(crate) mod include;
pub(crate) mod summary;

#[cfg(test)]
mod tests {
    //! The pieces together on one book in mdBook's exact layout (`tests/fixtures/mdbook/book`): its
    //! `book.toml`, its `SUMMARY.md`, its includes, and every `.md`/`.html#anchor` link checked against the
    //! ids mdBook would give the target page.

    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    use pulldown_cmark::{Event, Parser, Tag};

    use super::{config, ids, include, summary};

    #[test]
    fn fixture_book_in_mdbooks_layout() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/book");
        let toml = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
        let (settings, notes) = config::read(&root.join("book.toml"), &toml);
        let mut out = String::from("## book.toml notes\n");
        for n in &notes {
            let _ = writeln!(out, "{}", n.message);
        }
        assert!(
            notes.iter().all(|n| n.severity == crate::diag::Severity::Warning),
            "{notes:#?}"
        );

        let src = root.join(&settings.src);
        let summary_text = std::fs::read_to_string(src.join("SUMMARY.md")).expect("SUMMARY.md");
        let (summary, problems) = summary::parse(&src.join("SUMMARY.md"), &summary_text);
        assert!(problems.is_empty(), "{problems:#?}");

        // Expand and collect ids for every linked chapter.
        let options = ids::mdbook_options(
            settings.smart_punctuation,
            settings.definition_lists,
            settings.admonitions,
        );
        let mut pages: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        let _ = writeln!(out, "## chapters");
        for (depth, ch) in summary.chapters() {
            let Some(key) = ch.key() else {
                let _ = writeln!(
                    out,
                    "{}{} (draft)",
                    "  ".repeat(depth),
                    ch.label(settings.no_section_label)
                );
                continue;
            };
            let file = src.join(&key);
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{key}: {e}"));
            let expanded = include::expand(&file, &text, &|p| std::fs::read_to_string(p));
            assert!(expanded.diagnostics.is_empty(), "{key}: {:#?}", expanded.diagnostics);
            let page_ids: Vec<String> = ids::page_ids(&expanded.text, options)
                .into_iter()
                .map(|h| h.id)
                .collect();
            let _ = writeln!(
                out,
                "{}{} ({key}){} ids: {}",
                "  ".repeat(depth),
                ch.label(settings.no_section_label),
                expanded.title.map(|t| format!(" <title> {t}")).unwrap_or_default(),
                page_ids.join(" ")
            );
            pages.insert(key, (expanded.text, page_ids));
        }

        // Every relative link lands on a chapter and, with a fragment, on one of its ids.
        let _ = writeln!(out, "## links");
        for (key, (text, _)) in &pages {
            for ev in Parser::new_ext(text, options) {
                let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                    continue;
                };
                if dest_url.contains("://") {
                    continue;
                }
                let (path, frag) = dest_url
                    .split_once('#')
                    .map_or((&*dest_url, None), |(p, f)| (p, Some(f)));
                let target = if path.is_empty() {
                    key.clone()
                } else {
                    let joined = Path::new(key).parent().unwrap_or(Path::new("")).join(path);
                    let normal: PathBuf = joined.components().fold(PathBuf::new(), |mut acc, c| {
                        match c {
                            std::path::Component::ParentDir => {
                                acc.pop();
                            }
                            std::path::Component::CurDir => {}
                            other => acc.push(other),
                        }
                        acc
                    });
                    let s = normal.to_string_lossy().replace('\\', "/");
                    s.strip_suffix(".html").map_or(s.clone(), |stem| format!("{stem}.md"))
                };
                let (_, target_ids) = pages
                    .get(&target)
                    .unwrap_or_else(|| panic!("{key}: `{dest_url}` is not a chapter"));
                if let Some(f) = frag {
                    assert!(
                        target_ids.iter().any(|i| i == f),
                        "{key}: `{dest_url}`: no id `{f}` in {target_ids:?}"
                    );
                }
                let _ = writeln!(
                    out,
                    "{key}: {dest_url} → {target}{}",
                    frag.map(|f| format!("#{f}")).unwrap_or_default()
                );
            }
        }
        insta::assert_snapshot!("fixture_book", out);
    }
}
