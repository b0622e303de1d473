//! Locale formatting with the browser's `Intl` objects (plural rules, numbers, long UTC dates,
//! conjunction and disjunction lists), created once for the catalogue's language. They are reached through
//! `Reflect` (constructors and methods looked up by name): fewer imports, a smaller wasm, and
//! a missing constructor (old browsers lack `ListFormat`) is simply a fallback.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::dom::{prop, set_prop};
use crate::catalogue::Intl;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global object, only to read `Intl` from it.
    #[wasm_bindgen(js_name = globalThis)]
    type Global;
    /// `globalThis.Intl`, read when needed: no thread-local kept in the wasm.
    #[wasm_bindgen(static_method_of = Global, getter = Intl)]
    fn intl() -> JsValue;
}

/// An `Intl` object and the method that formats with it.
struct Fmt {
    this: JsValue,
    method: Function,
}

impl Fmt {
    /// `new Intl[ctor](lang, {key: value, …})` and its method `method`.
    fn new(lang: &str, ctor: &str, options: &[(&str, &str)], method: &str) -> Option<Fmt> {
        let ctor = prop(&Global::intl(), ctor);
        let opts = Object::new();
        for (k, v) in options {
            set_prop(&opts, k, &(*v).into());
        }
        let args = Array::new();
        args.push(&lang.into());
        args.push(&opts);
        // Unchecked casts: `construct` and `call` throw (caught: `None`, the fallback) on a
        // value that is not a constructor or function, so no type-check import is needed.
        let this = Reflect::construct(ctor.unchecked_ref::<Function>(), &args).ok()?;
        let method = prop(&this, method).unchecked_into();
        Some(Fmt { this, method })
    }

    fn call(this: &Option<Fmt>, arg: &JsValue) -> Option<String> {
        let f = this.as_ref()?;
        f.method.call1(&f.this, arg).ok()?.as_string()
    }
}

pub struct BrowserIntl {
    plural: Option<Fmt>,
    number: Option<Fmt>,
    date: Option<Fmt>,
    list: Option<Fmt>,
    either: Option<Fmt>,
}

impl BrowserIntl {
    pub fn new(lang: &str) -> BrowserIntl {
        BrowserIntl {
            plural: Fmt::new(lang, "PluralRules", &[], "select"),
            number: Fmt::new(lang, "NumberFormat", &[], "format"),
            date: Fmt::new(
                lang,
                "DateTimeFormat",
                &[("dateStyle", "long"), ("timeZone", "UTC")],
                "format",
            ),
            list: Fmt::new(lang, "ListFormat", &[("type", "conjunction")], "format"),
            either: Fmt::new(lang, "ListFormat", &[("type", "disjunction")], "format"),
        }
    }
}

impl Intl for BrowserIntl {
    fn plural(&self, n: i64) -> String {
        Fmt::call(&self.plural, &(n as f64).into()).unwrap_or_default()
    }

    fn number(&self, n: i64) -> String {
        Fmt::call(&self.number, &(n as f64).into()).unwrap_or_else(|| token_check::decimal_i64(n))
    }

    fn date(&self, ymd: &str) -> String {
        token_check::expiry::parse_date(ymd)
            // `format` takes a time value as well as a `Date`.
            .and_then(|days| Fmt::call(&self.date, &(days as f64 * 86_400_000.0).into()))
            .unwrap_or_else(|| crate::view::shown(ymd))
    }

    fn list(&self, items: &[String], either: bool) -> String {
        let a = Array::new();
        for s in items {
            a.push(&s.into());
        }
        Fmt::call(if either { &self.either } else { &self.list }, &a).unwrap_or_else(|| {
            let mut out = String::new();
            for (i, s) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(s);
            }
            out
        })
    }
}
