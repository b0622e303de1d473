//! Translation state: where a translated page stands against its original (one vocabulary for the build, the
//! status report and the Markdown alternates), and structure parity between an original and its translation.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::Page;

/// Where a translated page stands against its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageState {
    /// `translated-from` matches the original's current hash.
    Current,
    /// The original changed since `translated-from` was recorded.
    Outdated,
    /// A translation with no `translated-from`: nobody recorded which original it matches.
    Untracked,
    /// No translation: readers see the original with a notice.
    Missing,
}

impl PageState {
    pub fn label(self) -> &'static str {
        match self {
            PageState::Current => "current",
            PageState::Outdated => "outdated",
            PageState::Untracked => "untracked",
            PageState::Missing => "missing",
        }
    }
}

/// The state of one translated (or missing) page: the value the build, `status` and `mark` share.
pub fn page_state(original: &Page, translation: Option<&Page>) -> PageState {
    match translation {
        None => PageState::Missing,
        Some(t) => match &t.front.translated_from {
            None => PageState::Untracked,
            Some(h) if *h == original.hash => PageState::Current,
            Some(_) => PageState::Outdated,
        },
    }
}

/// What a page is made of beyond its prose: the parts a translation must keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    /// A hash of each code block's text: parity only asks which blocks differ.
    pub code_blocks: Vec<u64>,
    pub links: BTreeSet<String>,
    pub checker_scopes: Vec<String>,
    pub heading_ids: BTreeSet<String>,
}

/// What a code block is compared by.
pub fn code_hash(code: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    code.hash(&mut h);
    h.finish()
}

/// Differences between an original's and its translation's structure, as (kind, detail).
pub fn parity(a: &Structure, b: &Structure) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if a.code_blocks != b.code_blocks {
        let changed = a.code_blocks.iter().zip(&b.code_blocks).filter(|(x, y)| x != y).count()
            + a.code_blocks.len().abs_diff(b.code_blocks.len());
        out.push((
            "code-blocks",
            format!(
                "{} code block(s) differ from the original's ({} in the original, {} here)",
                changed,
                a.code_blocks.len(),
                b.code_blocks.len()
            ),
        ));
    }
    let only = |x: &BTreeSet<String>, y: &BTreeSet<String>| x.difference(y).cloned().collect::<Vec<_>>().join(", ");
    if a.links != b.links {
        let mut parts = Vec::new();
        let lost = only(&a.links, &b.links);
        let added = only(&b.links, &a.links);
        if !lost.is_empty() {
            parts.push(format!("the original links to {lost}"));
        }
        if !added.is_empty() {
            parts.push(format!("this translation links to {added}"));
        }
        out.push(("links", format!("link targets differ: {}", parts.join("; "))));
    }
    if a.checker_scopes != b.checker_scopes {
        out.push((
            "checker-scopes",
            format!(
                "checker blocks ask for [{}], the original's for [{}]",
                b.checker_scopes.join(" | "),
                a.checker_scopes.join(" | ")
            ),
        ));
    }
    if a.heading_ids != b.heading_ids {
        let mut parts = Vec::new();
        let lost = only(&a.heading_ids, &b.heading_ids);
        let added = only(&b.heading_ids, &a.heading_ids);
        if !lost.is_empty() {
            parts.push(format!("missing {lost}"));
        }
        if !added.is_empty() {
            parts.push(format!("not in the original: {added}"));
        }
        out.push((
            "heading-ids",
            format!("explicit heading ids differ: {}", parts.join("; ")),
        ));
    }
    out
}
