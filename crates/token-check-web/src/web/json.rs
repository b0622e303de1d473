//! The catalogue's JSON, read through the browser's `JSON.parse` (no parser in the wasm).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::catalogue::Node;

impl Node for JsValue {
    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn get(&self, key: &str) -> Option<Self> {
        let k = JsValue::from_str(key);
        // Own members of plain objects only: nothing inherited from Object.prototype.
        (self.is_object() && !Array::is_array(self) && Object::has_own(self.unchecked_ref::<Object>(), &k))
            .then(|| Reflect::get(self, &k).ok())
            .flatten()
    }

    fn array_len(&self) -> Option<u32> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().length())
    }

    fn at(&self, i: u32) -> Option<Self> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().get(i))
    }
}
