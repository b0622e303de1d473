//! Performs the check's requests: a CORS `GET` with the `PRIVATE-TOKEN` header, no cookies, no
//! referrer, no cache, aborted after the request's timeout (`AbortSignal.timeout`, which also
//! covers reading the body). Redirects are not followed (`redirect: "manual"`): the answer is an
//! opaque redirect, status 0, and the token never reaches the redirect's target. The body is read
//! as a stream and cancelled past [`MAX_BODY_BYTES`], so a hostile server can't fill the wasm
//! memory. The `fetch` options are a plain object, to keep the imports few.
//!
//! There is no async runtime (it cost ~2 KB brotli): a check is a [`Job`] on the heap, and each
//! step (the `fetch`, each `read()` of the body) is a promise whose settlement calls the widget's
//! one closure with the job's address bound in ([`wait`]); [`on_settled`] takes the job back and
//! does the next step. A promise settles once, so each address is taken back exactly once.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Function, Object, Uint8Array};
use token_check::{Check, MAX_BODY_BYTES, NetError, Request, Response};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Element};

use super::Texts;
use crate::view::wipe;

#[wasm_bindgen]
extern "C" {
    /// `Uint8Array.prototype.set.call(dst, src)`: copies a chunk into the wasm memory (what
    /// js-sys's `copy_to` calls, without its length import and assertion).
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_into(dst: &mut [u8], src: &Uint8Array);
    /// The global `fetch` (no `Window` lookup needed).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &Object) -> Pending;
    /// `AbortSignal.timeout(ms)`; an error where the browser lacks it.
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    fn abort_after(ms: u32) -> Result<AbortSignal, JsValue>;

    /// A promise.
    type Pending;
    #[wasm_bindgen(method, js_name = then)]
    fn then2(this: &Pending, ok: &Function, err: &Function);

    /// The widget's closure, as a function.
    type Callback;
    /// `f.bind(null, job, ok)`: called later with the promise's value as the third argument.
    #[wasm_bindgen(method, js_name = bind)]
    fn bind2(this: &Callback, this_arg: &JsValue, job: f64, ok: bool) -> Function;

    /// A response's `Headers` (`get` only throws on an invalid name; these are constants).
    type Hdrs;
    #[wasm_bindgen(method, js_name = get)]
    fn header(this: &Hdrs, name: &str) -> Option<String>;

    /// A response body, `ReadableStream`.
    type Stream;
    #[wasm_bindgen(method, js_name = getReader)]
    fn reader(this: &Stream) -> Reader;
    /// Its `ReadableStreamDefaultReader`.
    type Reader;
    #[wasm_bindgen(method)]
    fn read(this: &Reader) -> Pending;
    #[wasm_bindgen(method)]
    fn cancel(this: &Reader) -> Pending;

    /// `TextDecoder`: the body's UTF-8 check and decoding, done by the browser (the wasm's own
    /// `from_utf8` costs more than these two imports).
    type Decoder;
    #[wasm_bindgen(constructor, js_class = "TextDecoder")]
    fn new_decoder(label: &str, options: &Object) -> Decoder;
    /// Throws on malformed input (`fatal: true`).
    #[wasm_bindgen(method, catch)]
    fn decode(this: &Decoder, bytes: &[u8]) -> Result<String, JsValue>;
}

/// The body as text: exactly `String::from_utf8`, byte order mark kept (`ignoreBOM`), `None` for
/// malformed UTF-8 (`fatal`).
fn utf8(bytes: &[u8]) -> Option<String> {
    let options = Object::new();
    put(&options, "fatal", &JsValue::TRUE);
    put(&options, "ignoreBOM", &JsValue::TRUE);
    Decoder::new_decoder("utf-8", &options).decode(bytes).ok()
}

/// One check in progress: the widget it belongs to, the state machine, and the request in flight.
pub struct Job {
    pub tx: &'static Texts,
    pub root: Element,
    pub pid: String,
    pub check: Check,
    /// The request in flight (its header value is wiped once answered).
    req: Option<Request>,
    signal: Option<AbortSignal>,
    /// Set once the response headers are in: the body is being read.
    reader: Option<Reader>,
    status: u16,
    content_type: Option<String>,
    www_authenticate: Option<String>,
    body: Vec<u8>,
}

impl Job {
    pub fn new(tx: &'static Texts, root: Element, pid: String, check: Check) -> Box<Job> {
        Box::new(Job {
            tx,
            root,
            pid,
            check,
            req: None,
            signal: None,
            reader: None,
            status: 0,
            content_type: None,
            www_authenticate: None,
            body: Vec::new(),
        })
    }
}

fn put(o: &Object, k: &str, v: &JsValue) {
    super::dom::set_prop(o, k, v);
}

fn get(o: &JsValue, k: &str) -> JsValue {
    super::dom::prop(o, k)
}

/// Sends `r` for `job`; the answer comes back through [`on_settled`].
pub fn send(mut job: Box<Job>, r: Request) {
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
    job.signal = abort_after(r.timeout_ms).ok();
    if let Some(s) = &job.signal {
        put(&init, "signal", s);
    }
    let pending = fetch_with_init(&r.url, &init);
    job.req = Some(r);
    wait(&pending, job);
}

/// Hands `job` to the widget's closure for when `pending` settles.
fn wait(pending: &Pending, job: Box<Job>) {
    let callback: Callback = job.tx.callback().unchecked_into();
    let at = Box::into_raw(job) as usize as f64;
    pending.then2(
        &callback.bind2(&JsValue::NULL, at, true),
        &callback.bind2(&JsValue::NULL, at, false),
    );
}

/// A promise made by [`wait`] for the job at `at` settled (`ok`: fulfilled) with `value`.
pub fn on_settled(at: f64, ok: bool, value: JsValue) {
    // SAFETY: `at` is the address `wait` leaked, bound into the two callbacks of one promise;
    // a promise settles once, so it is taken back exactly once.
    let mut job = unsafe { Box::from_raw(at as usize as *mut Job) };
    if !ok {
        let e = match &job.signal {
            Some(s) if get(s, "aborted").is_truthy() => NetError::Timeout,
            _ => NetError::Failed,
        };
        return answered(job, Err(e));
    }
    let next = match &job.reader {
        // The response headers.
        None => {
            // Read as properties (`Reflect.get`), like the rest of the response: fewer imports.
            let status = get(&value, "status").as_f64().unwrap_or(0.0) as u16;
            // In `cors` mode only an opaque redirect has status 0.
            if status == 0 {
                return answered(job, Err(NetError::Redirected));
            }
            job.status = status;
            let headers: Hdrs = get(&value, "headers").unchecked_into();
            job.content_type = headers.header("content-type");
            // Only readable if the server exposes it (Access-Control-Expose-Headers).
            job.www_authenticate = headers.header("www-authenticate");
            let stream = get(&value, "body");
            if !stream.is_object() {
                return answered(job, Ok(()));
            }
            let reader = stream.unchecked_into::<Stream>().reader();
            let next = reader.read();
            job.reader = Some(reader);
            next
        }
        // A chunk of the body.
        Some(reader) => {
            if get(&value, "done").is_truthy() {
                return answered(job, Ok(()));
            }
            let bytes: Uint8Array = get(&value, "value").unchecked_into();
            let n = get(&bytes, "length").as_f64().unwrap_or(0.0) as usize;
            let start = job.body.len();
            if start + n > MAX_BODY_BYTES {
                // Checked before copying: the rest is never read into the wasm memory.
                reader.cancel();
                return answered(job, Err(NetError::TooLarge));
            }
            let next = reader.read();
            let body = &mut job.body;
            body.reserve(n);
            // SAFETY: `reserve` made room for `n` more bytes, `n` being the chunk's `length`,
            // which `copy_into` fills (as js-sys's `raw_copy_to_ptr` does, without its
            // `length` import).
            unsafe {
                copy_into(core::slice::from_raw_parts_mut(body.as_mut_ptr().add(start), n), &bytes);
                body.set_len(start + n);
            }
            next
        }
    };
    wait(&next, job);
}

/// The request in flight got its answer (`Ok`: status, headers and body are in the job): the
/// check takes it, and the widget goes on with the next request or the verdict.
fn answered(mut job: Box<Job>, answer: Result<(), NetError>) {
    if let Some(r) = job.req.take() {
        wipe(r.header_value);
    }
    job.signal = None;
    job.reader = None;
    let body = core::mem::take(&mut job.body);
    match answer {
        Ok(()) => {
            let resp = Response {
                status: job.status,
                content_type: job.content_type.take(),
                www_authenticate: job.www_authenticate.take(),
                // GitLab answers in UTF-8; anything else reads as an empty, unexpected answer.
                body: utf8(&body).unwrap_or_default(),
            };
            job.check.on_response(resp);
        }
        Err(e) => job.check.on_network_error(e),
    }
    super::next(job);
}
