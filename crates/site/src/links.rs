//! The link check: every internal link and `#anchor`, in every language, against the ids the target page really has there.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::Page;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::{InternalLink, nearest_id_help};

/// One rendered page of one language: what it links to and where its text came from.
pub struct LinkSource<'a> {
    pub lang: &'a str,
    pub page: &'a Page,
    pub links: &'a [InternalLink],
}

/// Check `sources` against `ids[(lang, key)]`; report all broken anchors together, once per source file and place.
/// `ids`: each page's ids, by language and key.
pub fn check(sources: &[LinkSource<'_>], ids: &HashMap<(&str, &str), &crate::markdown::Ids>) -> Diagnostics {
    // Pages on every core; the problems in the sources' order.
    let found: Vec<Vec<Diagnostic>> = sources
        .par_iter()
        .map(|s| {
            let mut found = Vec::new();
            for link in s.links {
                let Some(target) = &link.target else { continue };
                let Some(anchor) = &link.anchor else { continue };
                let Some(target_ids) = ids.get(&(s.lang, target.as_str())) else {
                    continue;
                };
                if !target_ids.contains(anchor) {
                    found.push(
                        Diagnostic::error(format!(
                            "broken link: `{target}` has no heading `#{anchor}` in `{}`",
                            s.lang
                        ))
                        .at(s.page.location(link.offset))
                        .help(nearest_id_help(anchor, target_ids)),
                    );
                }
            }
            found
        })
        .collect();
    let mut diags = Diagnostics::new();
    diags.extend(found.into_iter().flatten());
    diags
}
