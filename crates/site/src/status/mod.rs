//! Translation status: which pages are translated, outdated, missing or untracked in each language, with their
//! structure parity and the state of each language's messages; `i18n status` reads this report.
//!
//! Its parts: `messages` (the Fluent lint, shared by the build and `i18n status`), `text` (the table `i18n
//! status` prints) and `mark` (`i18n mark`'s edit of `translated-from`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Catalog;
use crate::markdown;
pub use crate::translation::{PageState, page_state};

mod mark;
mod messages;
mod text;

pub use mark::{Marked, mark, set_translated_from};
pub(crate) use messages::message_diagnostics;
use messages::message_status;
pub use messages::plural_categories;
pub use text::render_text;

#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    /// The page's path below `content/<lang>/`, the same in every language.
    pub key: String,
    pub state: PageState,
    /// The translation's file (absent when missing), relative to the project root.
    pub file: Option<String>,
    /// The original's file, relative to the project root.
    pub source_file: String,
    /// The original's current hash: what `polydoc i18n mark` records.
    pub source_hash: String,
    /// The hash the translation recorded, if any.
    pub translated_from: Option<String>,
}

/// What is wrong with a message of a language, compared with the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageProblem {
    /// In the default language, not in this one: readers see the default text.
    Missing,
    /// In this language, not in the default one: nothing uses it.
    Extra,
    /// Uses other `$variables` than the default language's message.
    Variables,
    /// A plural select lacks a category this language's CLDR rules need.
    Plural,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageStatus {
    pub id: String,
    pub problem: MessageProblem,
    /// The file to edit, relative to the project root, and the line (for missing ones: the default language's).
    pub file: String,
    pub line: usize,
    pub detail: String,
}

/// A translation whose structure differs from its original's.
#[derive(Debug, Clone, Serialize)]
pub struct ParityIssue {
    pub key: String,
    pub file: String,
    /// `code-blocks`, `links`, `checker-scopes` or `heading-ids`.
    pub kind: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub current: usize,
    pub outdated: usize,
    pub untracked: usize,
    pub missing: usize,
    pub messages: usize,
    pub parity: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub lang: String,
    pub name: String,
    /// The folder of the language's pages, relative to the project root (`content/es`, or `src-es` beside an
    /// mdBook book's `src`).
    pub dir: String,
    /// For a language translated by `po/<lang>.po` (mdbook-i18n-helpers): how its messages fare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub po: Option<PoStatus>,
    pub counts: Counts,
    pub pages: Vec<PageStatus>,
    pub messages: Vec<MessageStatus>,
    pub parity: Vec<ParityIssue>,
}

/// The messages of a `po/<lang>.po` over the whole book; readers see the original for all but `translated`.
#[derive(Debug, Clone, Serialize)]
pub struct PoStatus {
    pub file: String,
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
    /// In the pages but not in the catalogue (run `msgmerge`).
    pub missing: usize,
}

/// `polydoc i18n status --format json` prints this (format version 1; fields are only ever added).
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub format: u32,
    pub default_language: String,
    pub languages: Vec<LanguageStatus>,
}

impl StatusReport {
    /// Is anything missing, outdated, untracked or inconsistent (what `--strict` fails on)?
    pub fn has_work(&self) -> bool {
        self.languages.iter().any(|l| {
            l.counts.outdated + l.counts.untracked + l.counts.missing + l.counts.messages + l.counts.parity > 0
        })
    }
}

/// Compute the status of every non-default language (or only `only`).
pub fn status(config: &Config, content: &Content, catalog: &Catalog, only: Option<&str>) -> StatusReport {
    let default = &config.default_language().code;
    let empty = BTreeMap::new();
    let originals = content.pages.get(default).unwrap_or(&empty);
    let mut languages = Vec::new();
    for lang in config.languages.iter().skip(1) {
        if only.is_some_and(|o| o != lang.code) {
            continue;
        }
        let own = content.pages.get(&lang.code);
        let mut pages = Vec::new();
        let mut parity = Vec::new();
        for (key, original) in originals {
            let translation = own.and_then(|o| o.get(key));
            let state = page_state(original, translation.map(|t| &**t));
            if let Some(t) = translation {
                parity.extend(
                    crate::translation::parity(&markdown::structure_of(original), &markdown::structure_of(t))
                        .into_iter()
                        .map(|(kind, detail)| ParityIssue {
                            key: key.clone(),
                            file: config.relative(&t.file),
                            kind,
                            detail,
                        }),
                );
            }
            pages.push(PageStatus {
                key: key.clone(),
                state,
                file: translation.map(|t| config.relative(&t.file)),
                source_file: config.relative(&original.file),
                source_hash: original.hash.clone(),
                translated_from: translation.and_then(|t| t.front.translated_from.clone()),
            });
        }
        let messages = message_status(config, catalog, &lang.code);
        let mut counts = Counts {
            messages: messages.len(),
            parity: parity.len(),
            ..Counts::default()
        };
        for p in &pages {
            match p.state {
                PageState::Current => counts.current += 1,
                PageState::Outdated => counts.outdated += 1,
                PageState::Untracked => counts.untracked += 1,
                PageState::Missing => counts.missing += 1,
            }
        }
        languages.push(LanguageStatus {
            lang: lang.code.clone(),
            name: lang.name.clone(),
            dir: config.relative(&config.lang_dir(&lang.code)).replace('\\', "/"),
            po: content.po.get(&lang.code).map(|(file, c)| PoStatus {
                file: config.relative(file).replace('\\', "/"),
                translated: c.translated,
                fuzzy: c.fuzzy,
                untranslated: c.untranslated,
                missing: c.missing,
            }),
            counts,
            pages,
            messages,
            parity,
        });
    }
    StatusReport {
        format: 1,
        default_language: default.clone(),
        languages,
    }
}

pub fn outdated_warnings(config: &Config, content: &Content) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let default = &config.default_language().code;
    for lang in config.languages.iter().skip(1) {
        for (key, t) in content.pages.get(&lang.code).into_iter().flatten() {
            let Some(o) = content.page(default, key) else { continue };
            match page_state(o, Some(t)) {
                PageState::Outdated => diags.push(
                    Diagnostic::warning(format!(
                        "`{}` changed since this translation was made",
                        config.relative(&o.file)
                    ))
                    .code("translation-outdated")
                    .at(match t.text.find("translated-from:") {
                        Some(off) => Location::at_offset(&t.file, &t.text, off),
                        None => Location::file(&t.file),
                    })
                    .help(format!(
                        "update the translation, then run `polydoc i18n mark {}`",
                        config.relative(&t.file)
                    )),
                ),
                PageState::Untracked => diags.push(
                    Diagnostic::warning(
                        "translation has no `translated-from`, so nobody can tell when its original changes",
                    )
                    .code("translation-untracked")
                    .in_file(&t.file)
                    .help(format!(
                        "review it against `{}`, then run `polydoc i18n mark {}`",
                        config.relative(&o.file),
                        config.relative(&t.file)
                    )),
                ),
                _ => {}
            }
        }
    }
    diags
}
