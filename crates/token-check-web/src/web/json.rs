//! The catalogue's JSON, read through the browser's `JSON.parse` (no parser in the wasm).

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use crate::catalogue::Node;

impl Node for JsValue {
    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn get(&self, key: &str) -> Option<Self> {
        // Inherited members (`constructor`, `toString`…) may come back too; the interpreter
        // only uses strings and arrays, which those never are.
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        Some(super::dom::prop(self, key)).filter(|v| !v.is_undefined())
    }

    fn array_len(&self) -> Option<u32> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().length())
    }

    fn at(&self, i: u32) -> Option<Self> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().get(i))
    }
}
