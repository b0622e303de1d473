//! The in-page token checker widget: a thin wasm edge over `token-check`. On start it mounts
//! a form into every `.token-checker` placeholder the site builder wrote, pre-checks the
//! fields locally, drives `token_check::Check` with `fetch`, and renders the verdict with the
//! page's message catalogue. The pure parts (catalogue interpreter, layout decisions) build
//! and test natively; the DOM and network code exists only on wasm32.

#![cfg_attr(target_arch = "wasm32", no_std)]
// In the wasm there is no `std`: no panic hook, no formatting of panic messages. A panic (there
// should be none) or an allocation failure traps, and the page's loader shows "the checker stopped".
extern crate alloc;

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// What `std`'s prelude would give.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod catalogue;
pub mod heap;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
