//! Renders the result region: the "checking…" state and a verdict (outcome, headline,
//! details, fixes, help link, token, owner, scopes, expiry, GitLab version). Every string from
//! GitLab or the reader goes in as text.

use token_check::{Outcome, Verdict};
use web_sys::Element;

use super::dom::{add, attr, cat, hide, part, set, unset};
use super::{Texts, set_create_link};
use crate::catalogue::Intl;
use crate::view::{Section, date_part, section_of};

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
    let described = v.token.is_some();
    let report = v.scopes.is_some();
    if details {
        let mut list: Option<Element> = None;
        for m in v
            .details
            .iter()
            .filter(|m| section_of(m.id, described, report) == Section::Details)
        {
            let ul = list.get_or_insert_with(|| section(tx, &r, "result-details", "checker-heading-details", "ul"));
            let li = add(ul, "li", "", &tx.f(m));
            if m.id.starts_with("verdict-") {
                // A further finding: its title, linked to its troubleshooting section.
                set(&li, "class", "result-also");
                help_link(tx, &li, &help, m.id);
            }
        }
    }
    if !v.fixes.is_empty() {
        let ul = section(tx, &r, "result-fixes", "checker-heading-fixes", "ul");
        for m in &v.fixes {
            add(&ul, "li", "", &tx.f(m));
        }
    }
    if v.outcome != Outcome::Ok && !help.is_empty() {
        help_link(tx, &add(&r, "p", "result-help", ""), &help, v.headline.id);
    }

    if let Some(info) = &v.token {
        let dl = section(tx, &r, "result-token", "checker-heading-token", "dl");
        if !info.name.is_empty() {
            row(tx, &dl, "checker-token-name-label", &info.name);
        }
        if let Some(c) = &info.created_at {
            row(tx, &dl, "checker-created-label", &timestamp(tx, c));
        }
        let used = match &info.last_used_at {
            Some(u) => timestamp(tx, u),
            None => tx.t("checker-last-used-never"),
        };
        row(tx, &dl, "checker-last-used-label", &used);
    }

    let owner_notes = v
        .details
        .iter()
        .any(|m| section_of(m.id, described, report) == Section::Owner);
    if v.user.is_some() || owner_notes {
        let p = section(tx, &r, "result-owner", "checker-heading-owner", "p");
        if let Some(u) = &v.user {
            set(&p, "class", "owner");
            if !u.name.is_empty() {
                add(&p, "span", "owner-name", &u.name);
                let _ = p.append_with_str_1(" ");
            }
            let handle = cat(&["@", &u.username]);
            match u.web_url.as_deref().filter(|url| same_host(url, &v.base)) {
                Some(url) => {
                    let a = add(&p, "a", "owner-link", &handle);
                    set(&a, "href", url);
                    set(&a, "target", "_blank");
                    set(&a, "rel", "noopener noreferrer");
                }
                None => {
                    add(&p, "span", "owner-username", &handle);
                }
            }
            if u.bot {
                let _ = p.append_with_str_1(" ");
                add(&p, "span", "owner-bot", &tx.t("checker-owner-bot"));
            }
        }
        notes(tx, &r, v, Section::Owner);
    }

    let granted = v
        .scopes
        .as_ref()
        .map(|s| &s.granted)
        .or(v.token.as_ref().map(|t| &t.scopes));
    if let Some(granted) = granted {
        let dl = section(tx, &r, "result-scopes", "checker-heading-scopes", "dl");
        row(tx, &dl, "checker-scopes-granted-label", &tx.intl.list(granted));
        if let Some(s) = &v.scopes {
            if !s.missing.is_empty() {
                row(tx, &dl, "checker-scopes-missing-label", &tx.intl.list(&s.missing));
            }
            if !s.extra.is_empty() {
                let extra: Vec<String> = s.extra.iter().map(|e| e.scope.clone()).collect();
                row(tx, &dl, "checker-scopes-extra-label", &tx.intl.list(&extra));
            }
        }
        notes(tx, &r, v, Section::Scopes);
    }

    if let Some(info) = &v.token {
        let dl = section(tx, &r, "result-expiry", "checker-heading-expiry", "dl");
        let when = match &info.expires_at {
            Some(d) => tx.intl.date(d),
            None => tx.t("checker-expires-never"),
        };
        row(tx, &dl, "checker-expires-label", &when);
        notes(tx, &r, v, Section::Expiry);
    }

    if let Some(version) = &v.gitlab_version {
        let p = section(tx, &r, "result-version", "checker-heading-version", "p");
        p.set_text_content(Some(version));
    }

    if let Some(url) = &v.create_token_url {
        set_create_link(pid, Some(url));
    }
    set(&r, "data-verdict", v.headline.id);
    set(&r, "data-outcome", outcome);
    headline
}

/// Appends `<section class="class"><h4>heading</h4><tag></tag></section>` to the result
/// and returns the inner `<tag>`.
fn section(tx: &Texts, r: &Element, class: &str, heading: &str, tag: &str) -> Element {
    let s = add(r, "section", class, "");
    add(&s, "h4", "", &tx.t(heading));
    add(&s, tag, "", "")
}

/// Appends the details of `v` that belong in `sec` as paragraphs of the last section.
fn notes(tx: &Texts, r: &Element, v: &Verdict, sec: Section) {
    let (described, report) = (v.token.is_some(), v.scopes.is_some());
    let Some(last) = r.last_element_child() else { return };
    for m in v.details.iter().filter(|m| section_of(m.id, described, report) == sec) {
        add(&last, "p", "", &tx.f(m));
    }
}

/// A `<dt>label</dt><dd>value</dd>` pair.
fn row(tx: &Texts, dl: &Element, label: &str, value: &str) {
    add(dl, "dt", "", &tx.t(label));
    add(dl, "dd", "", value);
}

/// Appends the link to the troubleshooting section `id`, if the page gave a help URL.
fn help_link(tx: &Texts, parent: &Element, help: &str, id: &str) {
    if help.is_empty() {
        return;
    }
    let _ = parent.append_with_str_1(" ");
    let a = add(parent, "a", "checker-help-link", &tx.t("checker-troubleshooting-link"));
    set(&a, "href", &cat(&[help, "#", id]));
}

/// A GitLab timestamp shown as its (UTC) date.
fn timestamp(tx: &Texts, ts: &str) -> String {
    match date_part(ts) {
        Some(d) => tx.intl.date(d),
        None => ts.to_owned(),
    }
}

/// Whether the owner's profile URL is `http(s)` on the host the check used (as the
/// browser's URL parser reads both).
fn same_host(url: &str, base: &str) -> bool {
    match (web_sys::Url::new(url), web_sys::Url::new(base)) {
        (Ok(u), Ok(b)) => matches!(u.protocol().as_str(), "https:" | "http:") && u.hostname() == b.hostname(),
        _ => false,
    }
}
