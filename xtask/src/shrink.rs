//! Size passes on the checker's wasm before wasm-bindgen: the panic entry points of `core` and
//! `alloc` become a bare `unreachable`, so the panic message formatting (`core::fmt`) they pull in
//! is dropped by wasm-bindgen's dead-code pass. Behaviour is unchanged: the widget's panic handler
//! traps (`unreachable`) anyway, without reading the message; now the trap comes one call earlier.
//! This is what nightly's `panic_immediate_abort` does, on stable.

use anyhow::{Context, Result};

/// Function-name fragments of the panic entry points (names from the name section, demangled).
/// Each of these only ever ends in the panic handler, which traps.
const PANIC_ENTRIES: &[&str] = &[
    "::panicking::",
    "::slice::index::slice_index_fail",
    "::str::slice_error_fail",
    "::option::unwrap_failed",
    "::option::expect_failed",
    "::result::unwrap_failed",
    "::cell::panic_already_borrowed",
    "::cell::panic_already_mutably_borrowed",
    "::cell::lazy::panic_poisoned",
    "::raw_vec::handle_error",
    "::raw_vec::capacity_overflow",
    "::alloc::handle_alloc_error",
    "__rustc::rust_begin_unwind",
];

/// `core::fmt` itself and every `Display`/`Debug`/… impl (`<T as core::fmt::X>::fmt`). In this
/// module they are reachable only from the panic entry points above: no other function calls them
/// (`CHECKER_CALLERS=fmt cargo xtask build` lists the callers), but their addresses sit in the
/// function table, which keeps them alive through any dead-code pass.
fn is_formatting(name: &str) -> bool {
    name.starts_with("core::fmt::") || name.starts_with("<core::fmt::") || name.contains(" as core::fmt::")
}

/// Parses the compiled widget (as wasm-bindgen would) and turns every panic entry point into
/// `unreachable`. Returns the module and how many functions were changed.
pub fn trap_panics(bytes: &[u8], keep_names: bool) -> Result<(walrus::Module, usize)> {
    let mut module = walrus::ModuleConfig::new()
        .strict_validate(false)
        .generate_dwarf(false)
        .generate_name_section(keep_names)
        .generate_producers_section(false)
        .parse(bytes)
        .context("parsing the checker's wasm")?;
    let mut changed = 0;
    for f in module.funcs.iter_mut() {
        let is_entry = f.name.as_deref().is_some_and(|n| {
            let n = format!("{:#}", rustc_demangle::demangle(n));
            PANIC_ENTRIES.iter().any(|p| n.contains(p)) || is_formatting(&n)
        });
        if !is_entry {
            continue;
        }
        if let walrus::FunctionKind::Local(local) = &mut f.kind {
            let mut body = local.builder_mut().func_body();
            body.instrs_mut().clear();
            body.unreachable();
            changed += 1;
        }
    }
    let segments: Vec<walrus::DataId> = module.data.iter().map(|d| d.id()).collect();
    for id in segments {
        zero_panic_texts(&mut module.data.get_mut(id).value);
    }
    Ok((module, changed))
}

/// Texts only the trapped panic paths read: the standard library's panic message pieces and
/// the source file names of panic locations (`…/src/….rs`). They become zeros, which brotli
/// stores in a few bytes; their addresses stay valid, so nothing else moves.
const PANIC_TEXTS: &[&[u8]] = &[
    b"slice index starts at ",
    b" but ends at ",
    b"index out of bounds: the len is ",
    b" but the index is ",
    b"range start index ",
    b"range end index ",
    b" out of range for slice of length ",
    b"assertion `left ",
    b" right` failed",
    b"  left: ",
    b" right: ",
    b"memory allocation of ",
    b" bytes failed",
    b"LazyCell instance has previously been poisoned",
    b"`async fn` resumed after completion",
    b"RefCell already mutably borrowed",
    b"RefCell already borrowed",
    b"Tried to shrink to a larger capacity",
];

fn zero_panic_texts(bytes: &mut [u8]) {
    for text in PANIC_TEXTS {
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(text.len()).position(|w| w == *text) {
            bytes[at + i..at + i + text.len()].fill(0);
            at += i + text.len();
        }
    }
    // Source paths of panic locations (`file!()`): the standard library's (`/rustc/…`), the
    // registry crates' (absolute, under CARGO_HOME) and ours (`crates/…`), each up to its `.rs`.
    let cargo_home = std::env::var("CARGO_HOME")
        .or_else(|_| std::env::var("HOME").map(|h| format!("{h}/.cargo")))
        .unwrap_or_default();
    let registry = format!("{cargo_home}/registry/src/");
    let prefixes: [&[u8]; 3] = [b"/rustc/", registry.as_bytes(), b"crates/token-check"];
    let path_char = |b: u8| b.is_ascii_alphanumeric() || b"/._-+".contains(&b);
    for prefix in prefixes.iter().filter(|p| p.len() > 6) {
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(prefix.len()).position(|w| w == *prefix) {
            let start = at + i;
            let mut end = start + prefix.len();
            while end < bytes.len() && path_char(bytes[end]) && !bytes[start..end].ends_with(b".rs") {
                end += 1;
            }
            if bytes[start..end].ends_with(b".rs") {
                bytes[start..end].fill(0);
            }
            at = end;
        }
    }
}

/// Debug aid (`CHECKER_CALLERS=fragment`): prints who calls the functions whose demangled name
/// contains `fragment`.
pub fn print_callers(module: &walrus::Module, fragment: &str) {
    struct Calls(Vec<walrus::FunctionId>);
    impl<'a> walrus::ir::Visitor<'a> for Calls {
        fn visit_call(&mut self, c: &walrus::ir::Call) {
            self.0.push(c.func);
        }
    }
    let name = |id: walrus::FunctionId| {
        rustc_demangle::demangle(module.funcs.get(id).name.as_deref().unwrap_or("?")).to_string()
    };
    for (id, f) in module.funcs.iter_local() {
        let mut calls = Calls(Vec::new());
        walrus::ir::dfs_in_order(&mut calls, f, f.entry_block());
        for callee in calls.0 {
            let (caller, callee) = (name(id), name(callee));
            if callee.contains(fragment) && !caller.contains(fragment) {
                eprintln!("{caller}  ->  {callee}");
            }
        }
    }
}

/// Renames the wasm's imports and exports between the module and its glue to short names
/// (`$0`, `$1`, …), in both files. wasm-bindgen names them `__wbg_<method>_<16 hex digits>` and
/// `…_invoke__h<16 hex digits>`, and each name is written in both files: the hex digits don't
/// compress. `memory` and the module's public `start` keep their names. A JS identifier is renamed
/// only where it is a whole token equal to an old name (those names are unique).
pub fn short_names(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let mut module = walrus::ModuleConfig::new()
        .strict_validate(false)
        .generate_name_section(false)
        .generate_producers_section(false)
        .parse(wasm)
        .context("parsing the bindgen output")?;
    let mut renames = std::collections::HashMap::new();
    let mut fresh = |old: &mut String| {
        let new = format!("${}", renames.len());
        renames.insert(std::mem::replace(old, new.clone()), new);
    };
    for import in module.imports.iter_mut() {
        fresh(&mut import.name);
    }
    for export in module.exports.iter_mut() {
        if export.name != "memory" && export.name != "start" {
            fresh(&mut export.name);
        }
    }
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    while let Some(start) = rest.find(ident) {
        out.push_str(&rest[..start]);
        let len = rest[start..].find(|c| !ident(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        out.push_str(renames.get(token).map_or(token, String::as_str));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    for old in renames.keys() {
        anyhow::ensure!(!out.contains(old.as_str()), "`{old}` is still in the glue after renaming");
    }
    Ok((module.emit_wasm(), out))
}

/// Drops the glue's indentation, blank lines, comment lines and `/** … */` blocks. Only whole
/// lines are dropped and only leading whitespace is removed, so no statement changes (the glue
/// has no multi-line string or template literal: checked).
pub fn tidy_js(js: &str) -> Result<String> {
    let mut out = String::with_capacity(js.len());
    let mut in_doc = false;
    let mut ticks = 0;
    for line in js.lines() {
        let l = line.trim_start();
        if in_doc {
            in_doc = !l.starts_with("*/");
            continue;
        }
        if l.starts_with("/**") || l.starts_with("/*") {
            in_doc = !l.contains("*/");
            continue;
        }
        if l.is_empty() || l.starts_with("//") {
            continue;
        }
        ticks += l.matches('`').count();
        anyhow::ensure!(ticks % 2 == 0, "a template literal spans lines in the glue: `{line}`");
        out.push_str(l);
        out.push('\n');
    }
    Ok(out)
}
