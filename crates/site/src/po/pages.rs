//! Books translated with mdbook-i18n-helpers: each `po/<lang>.po` turns the default language's pages into that
//! language's (`segment::translate`: fuzzy, empty and missing messages keep the original), and its SUMMARY.md's
//! titles (`segment::translate_title`). A page translated by a file of its own (`src-<lang>/`) wins; a page
//! with no message translated is left to the build's fallback (the original, with its notice).

use crate::config::Config;
use crate::content::{self, Content, Page, Summary, SummaryItem};
use crate::diag::Diagnostics;
use crate::frontmatter::FrontMatter;
use crate::po::{self, Counts, segment};

/// Add the pages and SUMMARY.md of every language that has a `po/<lang>.po`, and record its counts.
pub(crate) fn translate_book(config: &Config, content: &mut Content, diags: &mut Diagnostics) {
    let default = config.default_language().code.clone();
    let originals: Vec<std::sync::Arc<Page>> = content
        .pages
        .get(&default)
        .map(|p| p.values().cloned().collect())
        .unwrap_or_default();
    for lang in config.languages.iter().skip(1) {
        let file = config.root.join("po").join(format!("{}.po", lang.code));
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let (catalog, problems) = po::parse(&file, &text);
        diags.extend(problems);
        let mut counts = Counts::default();
        let pages = content.pages.entry(lang.code.clone()).or_default();
        for original in &originals {
            let (translated, c) = segment::translate(original.body(), &catalog);
            add(&mut counts, c);
            if pages.contains_key(&original.key) || c.translated == 0 {
                continue;
            }
            let title = segment::translate_title(&original.front.title, &catalog)
                .unwrap_or_else(|| original.front.title.clone());
            pages.insert(
                original.key.clone(),
                std::sync::Arc::new(Page {
                    lang: lang.code.clone(),
                    key: original.key.clone(),
                    // Problems in the translated text are reported at the original (the .po has no pages).
                    file: original.file.clone(),
                    hash: content::short_hash(&translated),
                    site_path: content::site_path(&lang.code, &original.key, None),
                    text: translated,
                    front: FrontMatter {
                        title,
                        // The catalogue tracks staleness (fuzzy, missing): the page is as current as it is.
                        translated_from: Some(original.hash.clone()),
                        ..FrontMatter::default()
                    },
                    body_offset: 0,
                    stamp: None,
                    includes: None,
                }),
            );
        }
        if !content.summaries.contains_key(&lang.code)
            && let Some(summary) = content.summaries.get(&default)
        {
            let s = translated_summary(summary, &catalog);
            content.summaries.insert(lang.code.clone(), s);
        }
        content.po.insert(lang.code.clone(), (file, counts));
    }
}

fn add(total: &mut Counts, c: Counts) {
    total.translated += c.translated;
    total.fuzzy += c.fuzzy;
    total.untranslated += c.untranslated;
    total.missing += c.missing;
}

/// SUMMARY.md with its chapter, draft and part titles translated (the original where the catalogue has none).
fn translated_summary(s: &Summary, catalog: &po::Catalog) -> Summary {
    let t = |title: &str| segment::translate_title(title, catalog).unwrap_or_else(|| title.to_string());
    Summary {
        items: s
            .items
            .iter()
            .map(|i| match i {
                SummaryItem::Part { title } => SummaryItem::Part { title: t(title) },
                SummaryItem::Chapter { title, key, level } => SummaryItem::Chapter {
                    title: t(title),
                    key: key.clone(),
                    level: *level,
                },
                SummaryItem::Draft { title, level } => SummaryItem::Draft {
                    title: t(title),
                    level: *level,
                },
                SummaryItem::Separator => SummaryItem::Separator,
            })
            .collect(),
        numbers: s.numbers.clone(),
    }
}
