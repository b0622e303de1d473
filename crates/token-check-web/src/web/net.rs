//! Performs one `token_check::Request`: a CORS `GET` with the `PRIVATE-TOKEN` header, no
//! cookies, no referrer, no cache, and aborted after the request's timeout
//! (`AbortSignal.timeout`, which also covers reading the body). Redirects are not followed
//! (`redirect: "manual"`): the answer is an opaque redirect, status 0, and the token never
//! reaches the redirect's target. The body is read as a stream and cancelled past
//! [`MAX_BODY_BYTES`], so a hostile server can't fill the wasm memory. The `fetch` options are a
//! plain object, to keep the imports few.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use token_check::{MAX_BODY_BYTES, NetError, Request, Response};
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

    /// A response body, `ReadableStream`.
    type Stream;
    #[wasm_bindgen(method, js_name = getReader)]
    fn reader(this: &Stream) -> Reader;
    /// Its `ReadableStreamDefaultReader`.
    type Reader;
    #[wasm_bindgen(method)]
    fn read(this: &Reader) -> Promise;
    #[wasm_bindgen(method)]
    fn cancel(this: &Reader) -> Promise;
}

fn put(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &k.into(), v);
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sends `r` and reads the answer (at most [`MAX_BODY_BYTES`]), or says why there is none.
pub async fn get_response(r: &Request) -> Result<Response, NetError> {
    let headers = Object::new();
    put(&headers, r.header_name, &r.header_value.as_str().into());
    let init = Object::new();
    put(&init, "headers", &headers);
    for (k, v) in [
        ("credentials", "omit"),
        ("referrerPolicy", "no-referrer"),
        ("cache", "no-store"),
        ("mode", "cors"),
        ("redirect", "manual"),
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
    // In `cors` mode only an opaque redirect has status 0.
    if resp.status() == 0 {
        return Err(NetError::Redirected);
    }
    let headers = resp.headers();
    let content_type = headers.get("content-type").ok().flatten();
    // Only readable if the server exposes it (Access-Control-Expose-Headers).
    let www_authenticate = headers.get("www-authenticate").ok().flatten();
    let mut body: Vec<u8> = Vec::new();
    let stream = get(&resp, "body");
    if !stream.is_null() && !stream.is_undefined() {
        let reader = stream.unchecked_into::<Stream>().reader();
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(fail)?;
            if get(&chunk, "done").is_truthy() {
                break;
            }
            let bytes: Uint8Array = get(&chunk, "value").unchecked_into();
            let (start, n) = (body.len(), bytes.length() as usize);
            if start + n > MAX_BODY_BYTES {
                // Checked before copying: the rest is never read into the wasm memory.
                let _ = reader.cancel();
                return Err(NetError::TooLarge);
            }
            body.reserve(n);
            // SAFETY: `reserve` made room for `n` more bytes, which `raw_copy_to_ptr` fills
            // (`copy_to` would do the same behind a length assertion and its formatting code).
            unsafe {
                bytes.raw_copy_to_ptr(body.as_mut_ptr().add(start));
                body.set_len(start + n);
            }
        }
    }
    Ok(Response {
        status: resp.status(),
        content_type,
        www_authenticate,
        // GitLab answers in UTF-8; anything else reads as an empty, unexpected answer.
        body: String::from_utf8(body).unwrap_or_default(),
    })
}
