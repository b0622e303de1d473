//! Renders the result region: the "checking…" state and a verdict (outcome, headline,
//! details in `token-check`'s order, fixes, help link, then the facts: token name, owner,
//! scopes, expiry, last use, GitLab version). Every string from GitLab or the reader goes in
//! as text, bidi-isolated (FSI…PDI, and `unicode-bidi: isolate` on its element in the theme) and
//! with its control characters made visible.

#[allow(unused_imports)]
use crate::prelude::*;

use token_check::{Outcome, Verdict};
use web_sys::Element;

use super::dom::{add, attr, cat, hide, part, set, unset};
use super::{Texts, set_create_link};
use crate::catalogue::Intl;
use crate::view::{date_part, shown, shown_all};

/// Empties the result region and shows the "checking…" line.
pub fn checking(result: &Element, label: &str) {
    unset(result, "data-outcome");
    unset(result, "data-verdict");
    set(result, "class", "result checking");
    result.set_text_content(None);
    add(result, "p", "result-checking", label);
    hide(result, false);
}

/// Renders `v` into `{pid}-result` and returns its headline (to move focus to). With
/// `details` false (a pre-check rejection), the details are left out: they are shown under
/// the form fields.
pub fn verdict(tx: &Texts, root: &Element, pid: &str, v: &Verdict, details: bool) -> Element {
    let r = part(pid, "-result");
    let outcome = match v.outcome {
        Outcome::Ok => "ok",
        Outcome::Warning => "warning",
        Outcome::Error => "error",
    };
    r.set_text_content(None);
    set(&r, "class", &cat(&["result ", outcome]));
    add(&r, "p", "result-outcome", &tx.t(&cat(&["checker-result-", outcome])));
    let headline = add(&r, "h3", "result-headline", &tx.f(&v.headline));
    set(&headline, "tabindex", "-1");

    let help = attr(root, "data-help");
    if details && !v.details.is_empty() {
        let ul = add(
            &section(tx, &r, "result-details", "checker-heading-details"),
            "ul",
            "",
            "",
        );
        for m in &v.details {
            let text = tx.f(m);
            if m.id.starts_with("verdict-") {
                // A further finding: its title, linked to its troubleshooting section.
                let li = add(&ul, "li", "result-also", &cat(&[&text, " "]));
                help_link(tx, &li, &help, m.id);
            } else {
                add(&ul, "li", "", &text);
            }
        }
    }
    if !v.fixes.is_empty() {
        let ul = add(&section(tx, &r, "result-fixes", "checker-heading-fixes"), "ul", "", "");
        for m in &v.fixes {
            add(&ul, "li", "", &tx.f(m));
        }
    }
    if v.outcome != Outcome::Ok && !help.is_empty() {
        help_link(tx, &add(&r, "p", "result-help", ""), &help, v.headline.id);
    }

    // What GitLab said, as one list of facts. There is none when GitLab told nothing.
    if v.token.is_none() && v.user.is_none() && v.gitlab_version.is_none() {
        return finish(pid, v, r, outcome, headline);
    }
    let dl = add(&r, "dl", "result-facts", "");
    if let Some(info) = v.token.as_ref().filter(|i| !i.name.is_empty()) {
        row(tx, &dl, "checker-token-name-label", &shown(&info.name));
    }
    if let Some(u) = &v.user {
        let dd = row(tx, &dl, "checker-heading-owner", "");
        if !u.name.is_empty() {
            add(&dd, "span", "owner-name", &shown(&u.name));
            add(&dd, "span", "", " ");
        }
        let handle = shown(&cat(&["@", &u.username]));
        match u.web_url.as_deref().filter(|url| same_host(url, &v.base)) {
            Some(url) => {
                let a = add(&dd, "a", "owner-link", &handle);
                set(&a, "href", url);
                set(&a, "target", "_blank");
                set(&a, "rel", "noopener noreferrer");
            }
            None => {
                add(&dd, "span", "owner-username", &handle);
            }
        }
        if u.bot {
            add(&dd, "span", "owner-bot", &cat(&[" (", &tx.t("checker-owner-bot"), ")"]));
        }
    }
    if let Some(info) = &v.token {
        // Missing and unneeded scopes are in the details ("Missing: …", "Not needed here: …").
        row(
            tx,
            &dl,
            "checker-scopes-granted-label",
            &tx.intl.list(&shown_all(&info.scopes), false),
        );
        let expires = match &info.expires_at {
            Some(d) => tx.intl.date(d),
            None => tx.t("checker-expires-never"),
        };
        row(tx, &dl, "checker-expires-label", &expires);
        let used = match info.last_used_at.as_deref() {
            Some(u) => date_part(u).map_or_else(|| shown(u), |d| tx.intl.date(d)),
            None => tx.t("checker-last-used-never"),
        };
        row(tx, &dl, "checker-last-used-label", &used);
    }
    if let Some(version) = &v.gitlab_version {
        row(tx, &dl, "checker-heading-version", &shown(version));
    }
    finish(pid, v, r, outcome, headline)
}

/// Marks the result done (the test hooks `data-verdict`, `data-outcome`) and points the
/// "create a token" link where the verdict says.
fn finish(pid: &str, v: &Verdict, r: Element, outcome: &str, headline: Element) -> Element {
    if let Some(url) = &v.create_token_url {
        set_create_link(pid, Some(url));
    }
    set(&r, "data-verdict", v.headline.id);
    set(&r, "data-outcome", outcome);
    headline
}

/// Appends `<section class="class"><h4>heading</h4></section>` to the result.
fn section(tx: &Texts, r: &Element, class: &str, heading: &str) -> Element {
    let s = add(r, "section", class, "");
    add(&s, "h4", "", &tx.t(heading));
    s
}

/// Appends `<dt>label</dt><dd>value</dd>` to `dl` and returns the `<dd>`.
fn row(tx: &Texts, dl: &Element, label: &str, value: &str) -> Element {
    add(dl, "dt", "", &tx.t(label));
    add(dl, "dd", "", value)
}

/// Appends the link to the troubleshooting section `id`, if the page gave a help URL.
fn help_link(tx: &Texts, parent: &Element, help: &str, id: &str) {
    if help.is_empty() {
        return;
    }
    let a = add(parent, "a", "checker-help-link", &tx.t("checker-troubleshooting-link"));
    set(&a, "href", &cat(&[help, "#", id]));
}

/// Whether the owner's profile URL is on the host the check used, as the browser's URL
/// parser reads both (`token-check` only keeps `http(s)://` profile URLs).
fn same_host(url: &str, base: &str) -> bool {
    match (web_sys::Url::new(url), web_sys::Url::new(base)) {
        (Ok(u), Ok(b)) => u.hostname() == b.hostname(),
        _ => false,
    }
}
