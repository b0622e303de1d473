//! Performs one `token_check::Request`: a CORS `GET` with the `PRIVATE-TOKEN` header, no
//! cookies, no referrer, no cache, no redirects (so the token reaches no other host), and
//! aborted after the request's timeout (`AbortSignal.timeout`, which also covers reading the
//! body). The `fetch` options are a plain object, to keep the imports few.

use js_sys::{Object, Promise, Reflect};
use token_check::{NetError, Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (no `Window` lookup needed).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &Object) -> Promise;
    /// `AbortSignal.timeout(ms)`; an error where the browser lacks it.
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    fn abort_after(ms: u32) -> Result<AbortSignal, JsValue>;
}

fn put(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &k.into(), v);
}

/// Sends `r` and reads the whole answer, or says why there is none.
pub async fn get(r: &Request) -> Result<Response, NetError> {
    let headers = Object::new();
    put(&headers, r.header_name, &r.header_value.as_str().into());
    let init = Object::new();
    put(&init, "headers", &headers);
    for (k, v) in [
        ("credentials", "omit"),
        ("referrerPolicy", "no-referrer"),
        ("cache", "no-store"),
        ("mode", "cors"),
        ("redirect", "error"),
    ] {
        put(&init, k, &v.into());
    }
    // `AbortSignal.timeout` (all current browsers); without it, no timeout rather than no check.
    let signal = abort_after(r.timeout_ms).ok();
    if let Some(s) = &signal {
        put(&init, "signal", s);
    }
    let fail = |_: JsValue| match &signal {
        Some(s) if s.aborted() => NetError::Timeout,
        _ => NetError::Failed,
    };
    let resp: web_sys::Response = JsFuture::from(fetch_with_init(&r.url, &init))
        .await
        .map_err(fail)?
        .unchecked_into();
    let headers = resp.headers();
    let content_type = headers.get("content-type").ok().flatten();
    // Only readable if the server exposes it (Access-Control-Expose-Headers).
    let www_authenticate = headers.get("www-authenticate").ok().flatten();
    let body = JsFuture::from(resp.text().map_err(fail)?).await.map_err(fail)?;
    Ok(Response {
        status: resp.status(),
        content_type,
        www_authenticate,
        body: body.as_string().unwrap_or_default(),
    })
}
