//! mdBook compatibility: the pieces that read a book written for mdBook (its `SUMMARY.md`, its preprocessor
//! directives, its heading ids and its `book.toml` keys), each self-contained so the build can call it.

pub(crate) mod book;
pub(crate) mod config;
pub(crate) mod hidden;
pub(crate) mod ids;
pub(crate) mod include;
pub(crate) mod links;
pub(crate) mod redirects;
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

    use super::{config, ids, include, links, summary};

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
            let page_ids: Vec<String> = ids::page_ids(&expanded.text, options, ids::Rules::V05)
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

        // Every relative link lands on a chapter and, with a fragment, on one of its ids; links out of the
        // book are grouped into one warning per place.
        let _ = writeln!(out, "## links");
        let mut outside = Vec::new();
        let files: BTreeMap<String, PathBuf> = pages.keys().map(|k| (k.clone(), src.join(k))).collect();
        for (key, (text, own_ids)) in &pages {
            for (ev, range) in Parser::new_ext(text, options).into_offset_iter() {
                let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                    continue;
                };
                let target = links::resolve(key, &dest_url, &|k| pages.contains_key(k));
                let (to, frag, ids_there) = match &target {
                    links::Target::Chapter { key: to, fragment } => (to.clone(), fragment.clone(), &pages[to].1),
                    links::Target::SamePage { fragment } => (key.clone(), Some(fragment.clone()), own_ids),
                    links::Target::OutsideBook { path } => {
                        outside.push((key.clone(), range.start, path.clone()));
                        let _ = writeln!(out, "{key}: {dest_url} → outside the book: {path}");
                        continue;
                    }
                    links::Target::External => continue,
                    links::Target::File { .. } => panic!("{key}: `{dest_url}` is not a chapter"),
                };
                if let Some(f) = &frag {
                    assert!(
                        ids_there.iter().any(|i| i == f),
                        "{key}: `{dest_url}`: no id `{f}` in {ids_there:?}"
                    );
                }
                let _ = writeln!(
                    out,
                    "{key}: {dest_url} → {to}{}",
                    frag.map(|f| format!("#{f}")).unwrap_or_default()
                );
            }
        }
        let outside_links: Vec<links::OutsideLink<'_>> = outside
            .iter()
            .map(|(key, offset, path)| links::OutsideLink {
                file: &files[key],
                text: &pages[key].0,
                offset: *offset,
                path,
            })
            .collect();
        for w in links::outside_book_warnings(&outside_links) {
            let w = w.relative_to(&root);
            let l = w.location.as_ref().expect("located");
            let _ = writeln!(
                out,
                "warning {}:{}:{}: {}",
                l.file.display(),
                l.line.unwrap_or(0),
                l.column.unwrap_or(0),
                w.message
            );
        }
        insta::assert_snapshot!("fixture_book", out);
    }
}
