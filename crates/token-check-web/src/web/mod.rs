//! The browser edge: `#[wasm_bindgen(start)]` enables the form the site builder wrote into
//! every `.token-checker` placeholder (server-rendered and disabled, so nothing moves); one
//! delegated event handler per placeholder shows where the token will go while the address is
//! typed, and runs pre-check → requests → verdict on submit. Widgets keep no state in Rust: their
//! settings are the placeholder's `data-*` attributes and their elements are found by id
//! (`{pid}-host`, `{pid}-result`, …).

#[allow(unused_imports)]
use crate::prelude::*;

mod dom;
mod intl;
mod json;
mod net;
mod render;

use core::cell::OnceCell;

use token_check::{Check, Field, Message, Requirement};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlInputElement};

use crate::catalogue::Catalogue;
use crate::view::{idna_input_ok, wipe};
use dom::{attr, by_id, cat, focus, hide, part, select_all, set, unset};
use intl::BrowserIntl;

/// The page's catalogue and the formatter for its language, and the widgets' one closure.
pub(crate) struct Texts {
    cat: Catalogue<JsValue>,
    intl: BrowserIntl,
    /// The closure every event and every settled promise of a check calls ([`dispatch`]).
    callback: OnceCell<JsValue>,
}

impl Texts {
    fn callback(&self) -> JsValue {
        self.callback.get().cloned().unwrap_or(JsValue::UNDEFINED)
    }
    fn t(&self, id: &str) -> String {
        self.cat.text(id, &self.intl)
    }
    fn f(&self, m: &Message) -> String {
        self.cat.format(m, &self.intl)
    }
}

const DEFAULT_CATALOGUE: &str = "polydoc-checker-catalogue";

/// Mounts every checker on the page. Without a readable catalogue the placeholders get
/// `data-load-error="true"` and stay as they are.
#[wasm_bindgen(start)]
pub fn start() {
    // As an array: its `length` and `get` are the catalogue reader's imports too.
    let boxes = js_sys::Array::from(&select_all(".token-checker:not([data-mounted])"));
    let root = |i: u32| {
        Some(boxes.get(i))
            .filter(JsValue::is_object)
            .map(JsCast::unchecked_into::<Element>)
    };
    let Some(first) = root(0) else { return };
    let mut cat_id = attr(&first, "data-catalogue");
    if cat_id.is_empty() {
        cat_id = DEFAULT_CATALOGUE.to_owned();
    }
    let cat = by_id(&cat_id)
        .and_then(|e| e.text_content())
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .and_then(|root| Catalogue::new(&root));
    let Some(cat) = cat else {
        for i in 0..boxes.length() {
            root(i).inspect(|r| set(r, "data-load-error", "true"));
        }
        return;
    };
    let intl = BrowserIntl::new(cat.lang());
    // Lives as long as the page, like the widgets that use it.
    let texts: &'static Texts = Box::leak(Box::new(Texts {
        cat,
        intl,
        callback: OnceCell::new(),
    }));
    let handler = Closure::<dyn Fn(JsValue, JsValue, JsValue)>::new(move |a, b, c| dispatch(texts, a, b, c));
    let _ = texts.callback.set(handler.as_ref().clone());
    for i in 0..boxes.length() {
        let Some(r) = root(i) else { continue };
        for kind in ["submit", "click", "input"] {
            dom::listen(&r, kind, handler.as_ref());
        }
        mount(&r);
    }
    // The widgets live as long as the page.
    handler.forget();
}

/// Enables the server-rendered form of `root` once its listeners are attached. A placeholder
/// without one (not written by the site builder) is marked `data-load-error`.
fn mount(root: &Element) {
    match by_id(&cat(&[&attr(root, "id"), "-fields"])) {
        Some(fields) => {
            unset(&fields, "disabled");
            set(root, "data-mounted", "true");
        }
        None => set(root, "data-load-error", "true"),
    }
}

/// What the placeholder asks for (`data-require`, `data-require-any`, `data-token-name`).
fn requirement(root: &Element) -> Requirement {
    Requirement::parse(
        &attr(root, "data-require"),
        &attr(root, "data-require-any"),
        &attr(root, "data-token-name"),
    )
}

/// The widgets' one closure: a DOM event (`a`), or a settled promise of a check, bound by
/// [`net::send`] to the job's address (`a`) and whether it was fulfilled (`b`), with its value
/// (`c`). One closure instead of two: each costs glue and an exported shim.
fn dispatch(tx: &'static Texts, a: JsValue, b: JsValue, c: JsValue) {
    match a.as_f64() {
        Some(job) => net::on_settled(job, b.is_truthy(), c),
        None => on_event(tx, a.unchecked_into()),
    }
}

/// The one event handler of every widget (submit, the show/hide toggle, typing in a field).
fn on_event(tx: &'static Texts, e: Event) {
    let kind = e.type_();
    if kind == "submit" {
        // First of all: the form must never be sent the native way (the token would end up
        // in the page's URL). The page's CSP (`form-action 'none'`) forbids it as well.
        e.prevent_default();
    }
    let Some(target) = e.target().map(JsCast::unchecked_into::<Element>) else {
        return;
    };
    let Some(root) = dom::closest(&target, ".token-checker") else {
        return;
    };
    let pid = attr(&root, "id");
    match kind.as_str() {
        "submit" => run(tx, root, pid),
        "click" if attr(&target, "class") == "checker-toggle" => {
            let token = part(&pid, "-token");
            let show = token.get_attribute("type").as_deref() == Some("password");
            set(&token, "type", if show { "text" } else { "password" });
            set(&target, "aria-pressed", if show { "true" } else { "false" });
            target.set_text_content(Some(&tx.t(if show {
                "checker-token-hide"
            } else {
                "checker-token-show"
            })));
        }
        "input" => {
            let host = attr(&target, "id") == cat(&[&pid, "-host"]);
            show_problem(tx, &pid, if host { Field::Host } else { Field::Token }, None);
            if host {
                on_host_input(tx, &root, &pid, &value(&target));
            }
        }
        _ => {}
    }
}

fn value(input: &Element) -> String {
    input.unchecked_ref::<HtmlInputElement>().value()
}

/// The browser's `URL` parser as IDNA: `bücher.example` → `xn--bcher-kva.example`.
fn to_ascii(name: &str) -> Option<String> {
    if !idna_input_ok(name) {
        return None;
    }
    let url = web_sys::Url::new(&cat(&["https://", name, "/"])).ok()?;
    Some(url.hostname()).filter(|h| !h.is_empty())
}

/// While the address is typed: the line saying where the token will go (in ASCII), the "create a
/// token" link (hidden while the address is unusable), and any pending confirmation is dropped.
fn on_host_input(tx: &Texts, root: &Element, pid: &str, host_input: &str) {
    let host = token_check::host::parse(host_input, &to_ascii).ok();
    let line = host.as_ref().map(|h| tx.f(&h.origin_line()));
    part(pid, "-origin").set_text_content(line.as_deref());
    let href = host.map(|h| requirement(root).create_token_url(&h));
    set_create_link(pid, href.as_deref());
    if root.get_attribute("data-confirm").is_some() {
        unset(root, "data-confirm");
        part(pid, "-submit").set_text_content(Some(&tx.t("checker-check-button")));
    }
}

fn set_create_link(pid: &str, href: Option<&str>) {
    let a = part(pid, "-create");
    match href {
        Some(h) => set(&a, "href", h),
        None => unset(&a, "href"),
    }
    hide(&a, href.is_none());
}

/// Shows (or clears) the problem line under a field (the field's description, with its
/// hint) and marks the field invalid.
fn show_problem(tx: &Texts, pid: &str, field: Field, m: Option<&Message>) {
    let name = if field == Field::Host { "-host" } else { "-token" };
    let input = part(pid, name);
    let line = part(pid, &cat(&[name, "-error"]));
    line.set_text_content(m.map(|m| tx.f(m)).as_deref());
    hide(&line, m.is_none());
    match m {
        Some(_) => set(&input, "aria-invalid", "true"),
        None => unset(&input, "aria-invalid"),
    }
}

/// One check, start to verdict; the submit button is disabled meanwhile. Starts the first
/// request; [`net`] calls [`next`] as each is answered.
fn run(tx: &'static Texts, root: Element, pid: String) {
    if let Some(check) = begin(tx, &root, &pid) {
        next(net::Job::new(tx, root, pid, check));
    }
}

/// Sends the check's next request, or shows its verdict when there is none.
fn next(job: Box<net::Job>) {
    if let Some(r) = job.check.next_request() {
        return net::send(job, r);
    }
    let net::Job {
        tx, root, pid, check, ..
    } = *job;
    let verdict = check.into_verdict();
    // The token has done its job: it doesn't stay in the page (or in the back/forward cache).
    part(&pid, "-token").unchecked_into::<HtmlInputElement>().set_value("");
    let headline = verdict.map(|v| render::verdict(tx, &root, &pid, &v, true));
    finish(tx, &pid, headline.unwrap_or_else(|| part(&pid, "-result")));
}

/// Starts a check: marks the widget busy and pre-checks the fields. Returns the check to
/// run, or `None` when busy already or when the pre-check rejected the input (then shown).
fn begin(tx: &Texts, root: &Element, pid: &str) -> Option<Check> {
    let submit = part(pid, "-submit");
    if submit.get_attribute("disabled").is_some() {
        return None;
    }
    let checking = tx.t("checker-checking");
    set(&submit, "disabled", "");
    submit.set_text_content(Some(&checking));
    show_problem(tx, pid, Field::Host, None);
    show_problem(tx, pid, Field::Token, None);
    render::checking(&part(pid, "-result"), &checking);

    let req = requirement(root);
    let token_input = value(&part(pid, "-token"));
    let confirmed = attr(root, "data-confirm");
    let pre = token_check::precheck(&value(&part(pid, "-host")), &token_input, &req, &to_ascii, &confirmed);
    wipe(token_input);
    unset(root, "data-confirm");
    match pre {
        Ok((host, token)) => {
            set_create_link(pid, Some(&req.create_token_url(&host)));
            let now = (js_sys::Date::now() / 1000.0) as i64;
            Some(Check::new(host, token, req, now))
        }
        Err(rejection) => {
            for p in &rejection.problems {
                show_problem(tx, pid, p.field, Some(&p.message));
            }
            let host_problem = rejection.problems.first().map(|p| p.field) == Some(Field::Host);
            if rejection.problems.iter().any(|p| p.field == Field::Host) {
                set_create_link(pid, None);
            }
            render::verdict(tx, root, pid, &rejection.verdict, false);
            // Focus goes to the first field with a problem.
            finish(tx, pid, part(pid, if host_problem { "-host" } else { "-token" }));
            if let Some(origin) = &rejection.confirm {
                // Look-alike address: the next press sends the token to exactly this origin.
                set(root, "data-confirm", origin);
                part(pid, "-submit").set_text_content(Some(&tx.t("checker-confirm-button")));
            }
            None
        }
    }
}

/// Ends a check: the submit button is usable again and focus moves to `focus_to`.
fn finish(tx: &Texts, pid: &str, focus_to: Element) {
    let submit = part(pid, "-submit");
    unset(&submit, "disabled");
    submit.set_text_content(Some(&tx.t("checker-check-button")));
    focus(&focus_to);
}
