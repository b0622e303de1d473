//! Small DOM helpers. Text always goes in through `textContent`, never as HTML. These calls can
//! only fail on invalid tag, attribute or selector names, which are all constants, so they are
//! imported without `catch` (no exception check, no `Result` to drop: a smaller wasm and glue).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    // Methods of the global `document`, called on it by name: no `Document` object kept in the
    // wasm (a lazily initialised thread-local and a clone per call).
    #[wasm_bindgen(js_namespace = document, js_name = createElement)]
    fn create_element(tag: &str) -> Element;
    #[wasm_bindgen(js_namespace = document, js_name = getElementById)]
    pub fn by_id(id: &str) -> Option<Element>;
    #[wasm_bindgen(js_namespace = document, js_name = querySelectorAll)]
    pub fn select_all(selector: &str) -> JsValue;

    /// An element, for the methods below (web-sys imports them with `catch`).
    type El;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &El, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &El, name: &str);
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child(this: &El, child: &Element);
    #[wasm_bindgen(method)]
    fn focus(this: &El);
    #[wasm_bindgen(method)]
    fn closest(this: &El, selector: &str) -> Option<Element>;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn listen(this: &El, kind: &str, f: &JsValue);

    /// `Reflect.get(o, key)`, on objects only (the browser's and `JSON.parse`'s: no getters
    /// that throw), with the key passed as a string.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    pub fn prop(o: &JsValue, key: &str) -> JsValue;
    /// `Reflect.set(o, key, value)` on a plain object.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub fn set_prop(o: &JsValue, key: &str, value: &JsValue);
}

fn el(e: &Element) -> &El {
    e.unchecked_ref()
}

/// `e.closest(selector)`.
pub fn closest(e: &Element, selector: &str) -> Option<Element> {
    el(e).closest(selector)
}

/// `e.addEventListener(kind, f)`.
pub fn listen(e: &Element, kind: &str, f: &JsValue) {
    el(e).listen(kind, f)
}

/// Appends `<tag class="class">text</tag>` to `parent` (no class or text when empty).
#[inline(never)]
pub fn add(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let e = create_element(tag);
    if !class.is_empty() {
        set(&e, "class", class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    el(parent).append_child(&e);
    e
}

/// Sets an attribute.
#[inline(never)]
pub fn set(e: &Element, name: &str, value: &str) {
    el(e).set_attribute(name, value);
}

/// Removes an attribute.
#[inline(never)]
pub fn unset(e: &Element, name: &str) {
    el(e).remove_attribute(name);
}

/// Sets or removes the `hidden` attribute.
pub fn hide(e: &Element, hidden: bool) {
    if hidden {
        set(e, "hidden", "")
    } else {
        unset(e, "hidden")
    }
}

/// The element `{pid}{suffix}`.
#[inline(never)]
pub fn part(pid: &str, suffix: &str) -> Element {
    by_id(&cat(&[pid, suffix])).expect_throw("checker element missing")
}

/// An attribute's value, empty if absent.
#[inline(never)]
pub fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

/// Concatenates strings (one small function instead of `concat`/`format!` instances).
#[inline(never)]
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Moves keyboard focus to `e`.
pub fn focus(e: &Element) {
    el(e).focus();
}
