//! Size passes on the checker's wasm (`cargo xtask build`), the work wasm-opt would do, with the
//! walrus, wasm-encoder and wasmparser that wasm-bindgen-cli-support already builds. Before
//! wasm-bindgen ([`trap_panics`]): the panic entry points of `core`/`alloc` and all of `core::fmt`
//! become a bare `unreachable`, their calls become `unreachable` where they stand (with the pure
//! pushes of their arguments), and the texts and locations only panics read are zeroed. Behaviour is
//! unchanged: the widget's panic handler traps (`unreachable`) without reading the message; now the
//! trap comes one call earlier (what nightly's `panic_immediate_abort` does, on stable). After
//! wasm-bindgen ([`short_names`]): exports the glue never names, closure shims and JSPI wakers
//! nothing can call are dropped, imports and exports get short names in both files, and the
//! functions are re-encoded in the order of their bodies ([`renumber_functions`]). On the glue:
//! [`tidy_js`] drops indentation and comments, [`drop_init_sync`] the unused `initSync`,
//! [`drop_unused_loading`] the loading paths the page's loader never takes, [`drop_unused_string_pass`]
//! a string-passing branch no call takes, [`drop_registry_fallback`] a fallback no engine needs,
//! [`drop_write_only_globals`] two globals nothing reads,
//! [`short_locals`] shortens its own bindings and [`sort_imports`] orders its import entries.
//! Nothing is moved out of the wasm.

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

/// Parses the compiled widget (as wasm-bindgen would) and turns every panic entry point and
/// formatting function into `unreachable`. Returns the module and how many functions were changed.
///
/// Fails if code outside those calls a formatting function: that code (a `format!`, a
/// `to_string()` on a number) would trap instead of formatting.
pub fn trap_panics(bytes: &[u8], keep_names: bool) -> Result<(walrus::Module, usize)> {
    let mut module = walrus::ModuleConfig::new()
        .strict_validate(false)
        .generate_dwarf(false)
        .generate_name_section(keep_names)
        .generate_producers_section(false)
        .parse(bytes)
        .context("parsing the checker's wasm")?;
    let name = |f: &walrus::Function| format!("{:#}", rustc_demangle::demangle(f.name.as_deref().unwrap_or("")));
    // Function → is it a formatting function (else a panic entry point).
    let mut trapped = std::collections::HashMap::new();
    for f in module.funcs.iter() {
        let n = name(f);
        if is_formatting(&n) {
            trapped.insert(f.id(), true);
        } else if PANIC_ENTRIES.iter().any(|p| n.contains(p)) {
            trapped.insert(f.id(), false);
        }
    }
    for (id, f) in module.funcs.iter_local() {
        if trapped.contains_key(&id) {
            continue;
        }
        let mut calls = Calls(Vec::new());
        walrus::ir::dfs_in_order(&mut calls, f, f.entry_block());
        if let Some(callee) = calls.0.iter().find(|c| trapped.get(c) == Some(&true)) {
            anyhow::bail!(
                "`{}` calls `{}` outside a panic path; the size pass (xtask/src/shrink.rs) would make it \
                 trap. Build that text without `core::fmt` (see `token_check::decimal`)",
                name(module.funcs.get(id)),
                name(module.funcs.get(*callee))
            );
        }
    }
    let mut changed = 0;
    for (id, local) in module.funcs.iter_local_mut() {
        if trapped.contains_key(&id) {
            let mut body = local.builder_mut().func_body();
            body.instrs_mut().clear();
            body.unreachable();
            changed += 1;
        }
    }
    // Calls of the trapped functions become `unreachable` where they stand, and the pure
    // instructions that only computed their arguments (the panic's index, length and location)
    // go too: the trap comes at the same point, a few bytes sooner.
    let params: std::collections::HashMap<walrus::FunctionId, usize> = trapped
        .keys()
        .map(|&f| (f, module.types.get(module.funcs.get(f).ty()).params().len()))
        .collect();
    for (id, local) in module.funcs.iter_local_mut() {
        if !trapped.contains_key(&id) {
            let entry = local.entry_block();
            walrus::ir::dfs_pre_order_mut(&mut InlineTraps(&params), local, entry);
        }
    }
    let segments: Vec<walrus::DataId> = module.data.iter().map(|d| d.id()).collect();
    let mut paths = Vec::new();
    for &id in &segments {
        let d = module.data.get_mut(id);
        let zeroed = zero_panic_texts(&mut d.value);
        if let Some(base) = segment_address(d) {
            paths.extend(zeroed.into_iter().map(|(at, len)| (base + at as u32, len as u32)));
        }
    }
    for &id in &segments {
        let d = module.data.get_mut(id);
        if let Some(base) = segment_address(d) {
            zero_locations(&mut d.value, base, &paths);
        }
    }
    Ok((module, changed))
}

/// Where an active data segment with a constant offset sits in memory.
fn segment_address(d: &walrus::Data) -> Option<u32> {
    match &d.kind {
        walrus::DataKind::Active {
            offset: walrus::ConstExpr::Value(walrus::ir::Value::I32(at)),
            ..
        } => Some(*at as u32),
        _ => None,
    }
}

/// Panic locations (`core::panic::Location`: file pointer and length, line, column; 16 bytes at
/// a 4-byte aligned address) whose file is one of the zeroed `paths` (address, length): only
/// the trapped panic paths read them, and their line and column numbers don't compress.
/// A record is recognised by its first two words: the address of a zeroed path and its length
/// (or that plus one, a trailing NUL).
fn zero_locations(bytes: &mut [u8], base: u32, paths: &[(u32, u32)]) {
    let starts: std::collections::HashMap<u32, u32> = paths.iter().copied().collect();
    let word = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let mut i = ((4 - base % 4) % 4) as usize;
    while i + 16 <= bytes.len() {
        let (ptr, len) = (word(bytes, i), word(bytes, i + 4));
        if starts.get(&ptr).is_some_and(|&l| len == l || len == l + 1) {
            bytes[i..i + 16].fill(0);
            i += 16;
        } else {
            i += 4;
        }
    }
}

/// Replaces each call of a trapped function (with its parameter count) by `unreachable`, with
/// the run of pure instructions before it that pushed exactly its arguments. Pure here: constants,
/// `local.get`, `global.get`, loads and numeric operators; they write nothing, and a trap they
/// might raise (a load out of bounds, a division by zero) is replaced by the trap that follows.
/// When the run before the call is not only such instructions, the arguments stay (valid: the
/// stack is polymorphic after `unreachable`).
struct InlineTraps<'a>(&'a std::collections::HashMap<walrus::FunctionId, usize>);

impl walrus::ir::VisitorMut for InlineTraps<'_> {
    fn start_instr_seq_mut(&mut self, seq: &mut walrus::ir::InstrSeq) {
        use walrus::ir::Instr;
        let mut i = 0;
        while i < seq.instrs.len() {
            let Instr::Call(c) = &seq.instrs[i].0 else {
                i += 1;
                continue;
            };
            let Some(&n) = self.0.get(&c.func) else {
                i += 1;
                continue;
            };
            // How many instructions before `i` pushed exactly `n` values from nothing.
            let (mut need, mut start) = (n, i);
            while need > 0 && start > 0 {
                let pops = match &seq.instrs[start - 1].0 {
                    Instr::Const(_) | Instr::LocalGet(_) | Instr::GlobalGet(_) => 0,
                    Instr::Load(_) | Instr::Unop(_) => 1,
                    Instr::Binop(_) => 2,
                    _ => break,
                };
                need = need - 1 + pops;
                start -= 1;
            }
            let from = if need == 0 { start } else { i };
            seq.instrs[i].0 = Instr::Unreachable(walrus::ir::Unreachable {});
            seq.instrs.drain(from..i);
            i = from + 1;
        }
    }
}

/// The functions a function calls directly.
struct Calls(Vec<walrus::FunctionId>);

impl<'a> walrus::ir::Visitor<'a> for Calls {
    fn visit_call(&mut self, c: &walrus::ir::Call) {
        self.0.push(c.func);
    }
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
    b"capacity overflow",
    b"internal error: entered unreachable code",
    // `assert_eq!`/`assert_ne!`/`assert_matches!` kinds, read by `panicking::assert_failed`.
    b"==!=matches",
    // `core::fmt::num`'s two-digit table (every `Display` of an integer is trapped).
    b"00010203040506070809101112131415161718192021222324252627282930313233343536373839\
      40414243444546474849505152535455565758596061626364656667686970717273747576777879\
      8081828384858687888990919293949596979899",
];

/// Zeroes [`PANIC_TEXTS`] and the source paths of panic locations in a segment; returns the
/// paths' (offset, length).
fn zero_panic_texts(bytes: &mut [u8]) -> Vec<(usize, usize)> {
    let mut paths = Vec::new();
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
                paths.push((start, end - start));
            }
            at = end;
        }
    }
    paths
}

/// Debug aid (`CHECKER_CALLERS=fragment`): prints who calls the functions whose demangled name
/// contains `fragment`.
pub fn print_callers(module: &walrus::Module, fragment: &str) {
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

/// Drops the `target_features` custom section and the bodies of table entries nothing can call
/// ([`trap_unreachable_table_entries`]), and renames the wasm's imports and exports between
/// the module and its glue to short names
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
    // Exports the glue never names (`__wbindgen_free`, `__abort_handler`, `__instance_terminated`):
    // only the glue instantiates the module, so nothing can reach them; GC drops what they kept.
    let named = idents(js);
    let unused: Vec<walrus::ExportId> = module
        .exports
        .iter()
        .filter(|e| !named.contains(e.name.as_str()))
        .map(|e| e.id())
        .collect();
    for id in unused {
        module.exports.delete(id);
    }
    for import in module.imports.iter_mut() {
        fresh(&mut import.name);
    }
    for export in module.exports.iter_mut() {
        if export.name != "memory" && export.name != "start" {
            fresh(&mut export.name);
        }
    }
    let out = rename_idents(js, &renames);
    // Read by tools only (wasm-bindgen has read it already); browsers ignore it.
    module.customs.remove_raw("target_features");
    trap_unreachable_table_entries(&mut module);
    for old in renames.keys() {
        anyhow::ensure!(
            !out.contains(old.as_str()),
            "`{old}` is still in the glue after renaming"
        );
    }
    Ok((renumber_functions(&module.emit_wasm())?, out))
}

/// Re-encodes `wasm` with its local functions in a new order: sorted by their encoded bodies
/// (locals, then instructions, compared byte by byte), so functions that look alike sit side by
/// side and brotli finds their common runs nearby. walrus writes the largest first. Measured on the
/// checker: −319 bytes brotli, where numbering the most-called functions first (one-byte call
/// indices) saves 915 bytes raw but costs ~125 brotli. Only the numbering changes: every reference
/// (calls, `ref.func`, table entries, exports, the start function) is rewritten through the same
/// map, and imports keep theirs.
pub fn renumber_functions(wasm: &[u8]) -> Result<Vec<u8>> {
    use wasm_encoder::reencode::{Reencode, utils};
    use wasmparser::Payload;
    let mut imported = 0u32;
    let mut bodies: Vec<&[u8]> = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(s) => {
                for i in s.into_imports() {
                    if matches!(i?.ty, wasmparser::TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(&wasm[body.range()]),
            _ => {}
        }
    }
    // New position → old local position (a stable sort: equal bodies keep their order).
    let mut order: Vec<u32> = (0..bodies.len() as u32).collect();
    order.sort_by(|&a, &b| bodies[a as usize].cmp(bodies[b as usize]));
    let mut map: Vec<u32> = (0..imported + bodies.len() as u32).collect();
    for (new, &old) in order.iter().enumerate() {
        map[(imported + old) as usize] = imported + new as u32;
    }

    struct Renumber {
        map: Vec<u32>,
        order: Vec<u32>,
    }
    impl Reencode for Renumber {
        type Error = std::convert::Infallible;
        fn function_index(&mut self, f: u32) -> Result<u32, wasm_encoder::reencode::Error> {
            Ok(self.map[f as usize])
        }
        fn parse_function_section(
            &mut self,
            functions: &mut wasm_encoder::FunctionSection,
            section: wasmparser::FunctionSectionReader<'_>,
        ) -> Result<(), wasm_encoder::reencode::Error> {
            let mut types = Vec::new();
            for t in section {
                types.push(self.type_index(t?)?);
            }
            for &old in &self.order {
                functions.function(types[old as usize]);
            }
            Ok(())
        }
        fn parse_code_section(
            &mut self,
            code: &mut wasm_encoder::CodeSection,
            section: wasmparser::CodeSectionReader<'_>,
        ) -> Result<(), wasm_encoder::reencode::Error> {
            let mut all = Vec::new();
            for body in section {
                all.push(body?);
            }
            for k in 0..self.order.len() {
                let body = all[self.order[k] as usize].clone();
                utils::parse_function_body(self, code, body)?;
            }
            Ok(())
        }
    }
    let mut out = wasm_encoder::Module::new();
    Renumber { map, order }
        .parse_core_module(&mut out, wasmparser::Parser::new(0), wasm)
        .map_err(|e| anyhow::anyhow!("re-encoding the checker's wasm: {e:?}"))?;
    Ok(out.finish())
}

/// Function-table entries whose index no code or data can produce: their bodies become
/// `unreachable` and what only they used is dropped. wasm-bindgen's closure descriptors take the
/// address of an `invoke` shim for every closure signature they describe, so each shim gets a
/// table slot; the descriptors are gone after bindgen, the glue calls the one shim it uses through
/// an export, and ~45 shims stay behind in the table (4.6 KB raw).
///
/// A function can run only if it is exported, called directly, referenced by `ref.func`, or
/// called through the table by an index the program computes. The table is neither exported nor
/// imported (else nothing is done), so an index comes from an `i32.const` in code, a global's
/// initial value, or a 4-byte word in a data segment (a vtable). An entry whose index appears in
/// none of those (every byte offset of the data is tried: a coincidence keeps an entry, never
/// drops one) and that is not exported or referenced otherwise can never run.
fn trap_unreachable_table_entries(module: &mut walrus::Module) -> usize {
    use std::collections::HashSet;
    use walrus::ir::{Value, Visitor};
    use walrus::{ConstExpr, ElementItems, ElementKind, ExportItem, GlobalKind};
    // The function tables: the ones the element segments fill.
    let tables: HashSet<walrus::TableId> = module
        .elements
        .iter()
        .filter_map(|e| match e.kind {
            ElementKind::Active { table, .. } => Some(table),
            _ => None,
        })
        .collect();
    if module
        .exports
        .iter()
        .any(|e| matches!(e.item, ExportItem::Table(t) if tables.contains(&t)))
        || tables.iter().any(|t| module.tables.get(*t).import.is_some())
    {
        return 0;
    }
    #[derive(Default)]
    struct Refs {
        consts: HashSet<i32>,
        funcs: HashSet<walrus::FunctionId>,
    }
    impl<'a> Visitor<'a> for Refs {
        fn visit_const(&mut self, c: &walrus::ir::Const) {
            if let Value::I32(v) = c.value {
                self.consts.insert(v);
            }
        }
        fn visit_call(&mut self, c: &walrus::ir::Call) {
            self.funcs.insert(c.func);
        }
        fn visit_return_call(&mut self, c: &walrus::ir::ReturnCall) {
            self.funcs.insert(c.func);
        }
        fn visit_ref_func(&mut self, r: &walrus::ir::RefFunc) {
            self.funcs.insert(r.func);
        }
    }
    let mut refs = Refs::default();
    for (_, f) in module.funcs.iter_local() {
        walrus::ir::dfs_in_order(&mut refs, f, f.entry_block());
    }
    for g in module.globals.iter() {
        match &g.kind {
            GlobalKind::Local(ConstExpr::Value(Value::I32(v))) => {
                refs.consts.insert(*v);
            }
            GlobalKind::Local(ConstExpr::RefFunc(f)) => {
                refs.funcs.insert(*f);
            }
            _ => {}
        }
    }
    for e in module.exports.iter() {
        if let ExportItem::Function(f) = e.item {
            refs.funcs.insert(f);
        }
    }
    // Function pointers in statics (vtables) are 4-byte aligned words; where a segment's address
    // is not a constant, every byte offset is tried.
    let mut words = HashSet::new();
    for d in module.data.iter() {
        let step = match &d.kind {
            walrus::DataKind::Active {
                offset: ConstExpr::Value(Value::I32(at)),
                ..
            } if at % 4 == 0 => 4,
            _ => 1,
        };
        for w in d.value.windows(4).step_by(step) {
            words.insert(i32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        }
    }
    // js-sys's JSPI task machinery: its waker functions sit in the table through a vtable in the
    // data, but a task (hence a waker) only comes from a `js_sys::futures::jspi` function. When no
    // function outside that module calls into it and none of it is exported, none of it can run.
    let jspi: HashSet<walrus::FunctionId> = module.funcs.iter().filter(|f| is_jspi(f)).map(|f| f.id()).collect();
    let jspi_closed = module
        .exports
        .iter()
        .all(|e| !matches!(e.item, ExportItem::Function(f) if jspi.contains(&f)))
        && module.funcs.iter_local().all(|(id, f)| {
            let mut calls = Calls(Vec::new());
            walrus::ir::dfs_in_order(&mut calls, f, f.entry_block());
            jspi.contains(&id) || calls.0.iter().all(|c| !jspi.contains(c))
        });
    let mut dead = Vec::new();
    for e in module.elements.iter() {
        let (ElementKind::Active { offset, .. }, ElementItems::Functions(items)) = (&e.kind, &e.items) else {
            // Another kind of segment: make no claim about any entry.
            return 0;
        };
        let ConstExpr::Value(Value::I32(base)) = offset else {
            return 0;
        };
        for (k, f) in items.iter().enumerate() {
            let index = base + k as i32;
            let unnamed_index = !refs.consts.contains(&index) && !words.contains(&index);
            let closed_jspi = jspi_closed && jspi.contains(f);
            if (unnamed_index || closed_jspi || is_invoke_shim(module.funcs.get(*f))) && !refs.funcs.contains(f) {
                dead.push(*f);
            }
        }
    }
    let mut trapped = 0;
    for f in dead {
        if let walrus::FunctionKind::Local(local) = &mut module.funcs.get_mut(f).kind {
            let mut body = local.builder_mut().func_body();
            body.instrs_mut().clear();
            body.unreachable();
            trapped += 1;
        }
    }
    walrus::passes::gc::run(module);
    trapped
}

/// A wasm-bindgen closure `invoke` shim. Only JS calls these (with the closure's two words as
/// arguments), through an export, and the function table is not exported: one left unexported
/// by wasm-bindgen is never called. (Needs the name section: the shipped module keeps it until
/// [`short_names`] writes it out without.)
fn is_jspi(f: &walrus::Function) -> bool {
    let name = format!("{:#}", rustc_demangle::demangle(f.name.as_deref().unwrap_or("")));
    name.starts_with("js_sys::futures::jspi::")
}

fn is_invoke_shim(f: &walrus::Function) -> bool {
    let name = format!("{:#}", rustc_demangle::demangle(f.name.as_deref().unwrap_or("")));
    // wasm-bindgen has demangled the names already (`…::_::invoke::h0123…`).
    name.starts_with("wasm_bindgen::convert::closures::_::invoke")
}

/// The named copy (`CHECKER_NAMES=1`) after the same post-bindgen passes as the shipped one, minus
/// the renaming, so `twiggy` measures what ships.
pub fn named_copy(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut module = walrus::ModuleConfig::new()
        .strict_validate(false)
        .generate_producers_section(false)
        .parse(wasm)
        .context("parsing the named bindgen output")?;
    module.customs.remove_raw("target_features");
    trap_unreachable_table_entries(&mut module);
    Ok(module.emit_wasm())
}

/// The identifier tokens of `js`.
fn idents(js: &str) -> std::collections::HashSet<&str> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    js.split(|c: char| !ident(c)).filter(|t| !t.is_empty()).collect()
}

/// `js` with every identifier token that is a key of `renames` replaced by its value.
fn rename_idents(js: &str, renames: &std::collections::HashMap<String, String>) -> String {
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
    out
}

/// Gives the glue's own top-level functions and variables (`passStringToWasm0`,
/// `getDataViewMemory0`, `cachedTextEncoder`, …) short names (`_a`, `_b`, …). Only names declared at
/// the start of a line by `function`, `async function`, `let` or `const` are candidates, and a
/// candidate is left alone if it is exported, appears inside a string literal, after a `.` (a
/// property) or before a `:` (an object key), so only references to the binding change.
pub fn short_locals(js: &str) -> Result<String> {
    use std::collections::{HashMap, HashSet};
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut declared = Vec::new();
    for line in js.lines() {
        let rest = ["async function ", "function ", "let ", "const "]
            .iter()
            .find_map(|k| line.strip_prefix(k));
        let Some(rest) = rest else { continue };
        // `let a, b, c;` declares each; `const x = …` and `function f(` one.
        let head = rest.split(['=', '(', ';']).next().unwrap_or("");
        for name in head.split(',').map(str::trim) {
            if name.len() > 3 && name.chars().all(ident) && !name.starts_with('$') {
                declared.push(name);
            }
        }
    }
    // Words inside string literals, property names and object keys.
    let mut kept: HashSet<&str> = HashSet::new();
    let bytes = js.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q == b'\'' || q == b'"' || q == b'`' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != q {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            kept.extend(js[start..end].split(|c: char| !ident(c)));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    for (at, _) in js.match_indices('.') {
        let tail = &js[at + 1..];
        kept.insert(&tail[..tail.find(|c: char| !ident(c)).unwrap_or(tail.len())]);
    }
    for line in js.lines() {
        if line.starts_with("export ") {
            kept.extend(line.split(|c: char| !ident(c)));
        }
    }
    let existing = idents(js);
    let mut renames = HashMap::new();
    let mut n = 0usize;
    for name in declared {
        if kept.contains(name) || renames.contains_key(name) {
            continue;
        }
        // Keys: `name:` anywhere (an object literal) keeps the name, and so does a shorthand
        // property (`{ instance, module }`: between `{`/`,` and `,`/`}`).
        if js.contains(&format!("{name}:")) || in_braces_list(js, name) {
            continue;
        }
        let new = loop {
            let mut s = String::from("_");
            let mut k = n;
            loop {
                s.push((b'a' + (k % 26) as u8) as char);
                k /= 26;
                if k == 0 {
                    break;
                }
            }
            n += 1;
            if !existing.contains(s.as_str()) {
                break s;
            }
        };
        renames.insert(name.to_owned(), new);
    }
    Ok(rename_idents(js, &renames))
}

/// Sorts the entries of the glue's import object (`$12: function(…) {…},`, one per import,
/// after [`short_names`]) by their text, so that similar functions sit side by side for brotli.
/// The order of an object literal's function members changes nothing: they are only defined
/// there. The object is the one whose first member is `__proto__: null,` after a `… = {` line; an
/// entry runs from its `$n:` line to the next one or the closing `};`, and must end with `},`.
pub fn sort_imports(js: &str) -> Result<String> {
    let lines: Vec<&str> = js.lines().collect();
    let start = (1..lines.len())
        .find(|&i| lines[i] == "__proto__: null," && lines[i - 1].ends_with(" = {"))
        .context("the glue's import object was not found")?
        + 1;
    let end = start
        + lines[start..]
            .iter()
            .position(|l| *l == "};")
            .context("the import object does not end")?;
    let is_key = |l: &str| {
        l.strip_prefix('$')
            .and_then(|r| r.split_once(": "))
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut entries: Vec<Vec<&str>> = Vec::new();
    for &l in &lines[start..end] {
        if is_key(l) {
            entries.push(Vec::new());
        }
        entries
            .last_mut()
            .context("the import object does not start with an entry")?
            .push(l);
    }
    for e in &entries {
        anyhow::ensure!(
            e.last().is_some_and(|l| l.ends_with("},")),
            "an import entry does not end with `}},`: {e:?}"
        );
    }
    fn body<'a>(e: &[&'a str]) -> (&'a str, Vec<&'a str>) {
        (e[0].split_once(": ").map_or("", |(_, r)| r), e[1..].to_vec())
    }
    entries.sort_by(|a, b| body(a).cmp(&body(b)).then_with(|| a[0].cmp(b[0])));
    let mut out: Vec<&str> = lines[..start].to_vec();
    out.extend(entries.into_iter().flatten());
    out.extend(&lines[end..]);
    Ok(out.join("\n") + "\n")
}

/// Drops the glue's `initSync` (instantiation from bytes already in hand): the page's loader
/// only calls the default export, which fetches the module. The function is a block of whole
/// lines from `function initSync(` to its closing brace (counted; its body has no braces in
/// strings), and its name leaves the `export { … }` line.
pub fn drop_init_sync(js: &str) -> Result<String> {
    let mut out = String::with_capacity(js.len());
    let mut depth: Option<i32> = None;
    let mut found = false;
    for line in js.lines() {
        if depth.is_none() && line.starts_with("function initSync(") {
            depth = Some(0);
            found = true;
        }
        if let Some(d) = depth.as_mut() {
            *d += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if *d <= 0 {
                // A miscount (a brace in a string) would end the block elsewhere.
                anyhow::ensure!(line == "}", "initSync does not end where expected: `{line}`");
                depth = None;
            }
            continue;
        }
        if line.starts_with("export {") {
            out.push_str(&line.replace("initSync, ", ""));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    anyhow::ensure!(
        found && !out.contains("initSync"),
        "the glue's initSync was not found or is still named"
    );
    Ok(out)
}

/// The glue's loading paths the page's loader never takes (`polydoc.js` always calls the default
/// export as `default({ module_or_path: <the data-wasm URL, a string> })`): the deprecated bare
/// argument and its console warning, the default `new URL(…, import.meta.url)`, the `Request` and
/// `URL` inputs, and instantiation from bytes or a `Module` (a string is always fetched, so the
/// loader always gets a `Response`); also the test for `instantiateStreaming`, which every engine
/// that can run the module has. The `Response` path stays whole: `!ok` errors, streaming
/// instantiation and its fallback for a server with the wrong MIME type. Each block is replaced
/// as whole lines of the tidied glue and must occur exactly once, so a wasm-bindgen that writes
/// them differently fails the build instead of shipping a half-edited loader.
pub fn drop_unused_loading(js: &str) -> Result<String> {
    const EDITS: &[(&str, &str)] = &[
        (
            "if (module_or_path !== undefined) {\n\
             if (Object.getPrototypeOf(module_or_path) === Object.prototype) {\n\
             ({module_or_path} = module_or_path)\n\
             } else {\n\
             console.warn('using deprecated parameters for the initialization function; pass a single object instead')\n\
             }\n\
             }\n\
             if (module_or_path === undefined) {\n\
             module_or_path = new URL('token_check_web_bg.wasm', import.meta.url);\n\
             }\n",
            "({module_or_path} = module_or_path)\n",
        ),
        (
            "if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {\n\
             module_or_path = fetch(module_or_path);\n\
             }\n",
            "module_or_path = fetch(module_or_path);\n",
        ),
        (
            "async function __wbg_load(module, imports) {\n\
             if (typeof Response === 'function' && module instanceof Response) {\n",
            "async function __wbg_load(module, imports) {\n",
        ),
        (
            "return await WebAssembly.instantiate(bytes, imports);\n\
             } else {\n\
             const instance = await WebAssembly.instantiate(module, imports);\n\
             if (instance instanceof WebAssembly.Instance) {\n\
             return { instance, module };\n\
             } else {\n\
             return instance;\n\
             }\n\
             }\n",
            "return await WebAssembly.instantiate(bytes, imports);\n",
        ),
        // `instantiateStreaming` shipped before reference types in every engine (Chrome 61 / 96,
        // Firefox 58 / 79, Safari 15 / 15): its test is always true where the module can run.
        (
            "if (typeof WebAssembly.instantiateStreaming === 'function') {\n\
             try {\n",
            "try {\n",
        ),
        (
            "} else { throw e; }\n\
             }\n\
             }\n\
             const bytes = await module.arrayBuffer();\n",
            "} else { throw e; }\n\
             }\n\
             const bytes = await module.arrayBuffer();\n",
        ),
    ];
    let mut out = js.to_owned();
    for (old, new) in EDITS {
        anyhow::ensure!(
            out.matches(old).count() == 1,
            "a loading block of the glue is not there exactly once:\n{old}"
        );
        out = out.replacen(old, new, 1);
    }
    Ok(out)
}

/// Drops the glue's stand-in for a missing `FinalizationRegistry` (closures would then never be
/// freed). The module uses reference types (its externref table), which every engine shipped no
/// earlier than `FinalizationRegistry` (Chrome 96 / 84, Firefox 79 / 79, Safari 15 / 14.1), so
/// an engine that can instantiate it always has the registry.
pub fn drop_registry_fallback(js: &str) -> Result<String> {
    const OLD: &str = "(typeof FinalizationRegistry === 'undefined')\n\
                       ? { register: () => {}, unregister: () => {} }\n\
                       : new FinalizationRegistry(";
    anyhow::ensure!(
        js.matches(OLD).count() == 1 && js.matches("FinalizationRegistry").count() == 2,
        "the glue's FinalizationRegistry fallback is not written as expected"
    );
    Ok(js.replacen(OLD, "new FinalizationRegistry(", 1))
}

/// Drops the glue's `wasmModule` and `wasmInstance`: only `initSync` and threads read them, and
/// neither is in this glue, so they are only ever written. The build fails if either name is
/// still there afterwards (a reader this pass did not expect).
pub fn drop_write_only_globals(js: &str) -> Result<String> {
    const EDITS: &[(&str, &str)] = &[
        ("let wasmModule, wasmInstance, wasm;\n", "let wasm;\n"),
        ("wasmInstance = instance;\n", ""),
        ("wasmModule = module;\n", ""),
    ];
    let mut out = js.to_owned();
    for (old, new) in EDITS {
        anyhow::ensure!(
            out.matches(old).count() == 1,
            "`{}` is not in the glue once",
            old.trim_end()
        );
        out = out.replacen(old, new, 1);
    }
    anyhow::ensure!(
        !out.contains("wasmModule") && !out.contains("wasmInstance"),
        "the glue reads wasmModule or wasmInstance"
    );
    Ok(out)
}

/// Drops the branch of the glue's string passer (`passStringToWasm0`) for a missing `realloc`: the
/// wasm exports `__wbindgen_realloc` and every call passes it, which is checked here (each call's
/// arguments end with it), so the branch is never taken.
pub fn drop_unused_string_pass(js: &str) -> Result<String> {
    const DEF: &str = "function passStringToWasm0(arg, malloc, realloc) {\n";
    const BRANCH: &str = "if (realloc === undefined) {\n\
                          const buf = cachedTextEncoder.encode(arg);\n\
                          const ptr = malloc(buf.length, 1) >>> 0;\n\
                          getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);\n\
                          WASM_VECTOR_LEN = buf.length;\n\
                          return ptr;\n\
                          }\n";
    let def_branch = format!("{DEF}{BRANCH}");
    anyhow::ensure!(
        js.matches(&def_branch).count() == 1,
        "the glue's passStringToWasm0 is not written as expected"
    );
    let mut calls = 0;
    for (at, _) in js.match_indices("passStringToWasm0(") {
        let args = &js[at..];
        let args = &args[..args.find(')').context("an unclosed passStringToWasm0 call")?];
        if js[at..].starts_with(&DEF["function ".len()..]) {
            continue;
        }
        anyhow::ensure!(
            args.ends_with(", wasm.__wbindgen_realloc"),
            "a passStringToWasm0 call without realloc: `{args})`"
        );
        calls += 1;
    }
    anyhow::ensure!(calls > 0, "no passStringToWasm0 call in the glue");
    Ok(js.replacen(&def_branch, DEF, 1))
}

/// Whether the token `name` appears with `{` or `,` before it and `,` or `}` after it (spaces
/// aside): possibly a shorthand property, whose renaming would change the key.
fn in_braces_list(js: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    js.match_indices(name).any(|(at, _)| {
        let before = js[..at].trim_end();
        let after = js[at + name.len()..].trim_start();
        let whole = !before.ends_with(ident) && !after.starts_with(ident);
        whole && (before.ends_with('{') || before.ends_with(',')) && (after.starts_with(',') || after.starts_with('}'))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_whole_identifiers_only() {
        let renames = [("__wbg_get_0123", "$0"), ("wasm_invoke__h99", "$1")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into();
        let cases = [
            ("__wbg_get_0123: function(arg0) {", "$0: function(arg0) {"),
            ("wasm.wasm_invoke__h99(a, b);", "wasm.$1(a, b);"),
            ("x__wbg_get_0123 + __wbg_get_01234", "x__wbg_get_0123 + __wbg_get_01234"),
            (
                "'./token_check_web_bg.js': import0",
                "'./token_check_web_bg.js': import0",
            ),
            ("`${module.status}`", "`${module.status}`"),
        ];
        for (js, want) in cases {
            assert_eq!(rename_idents(js, &renames), want, "{js}");
        }
    }

    #[test]
    fn tidies_whole_lines_only() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "/**\n * doc\n */\nexport function start() {\n    wasm.start();\n}\n",
                Some("export function start() {\nwasm.start();\n}\n"),
            ),
            (
                "    // note\n\n    const a = 'https://x'; // kept\n",
                Some("const a = 'https://x'; // kept\n"),
            ),
            ("/* one line */\nlet b = 2 * 3;\n", Some("let b = 2 * 3;\n")),
            ("const t = `a\n    b`;\n", None),
        ];
        for (js, want) in cases {
            assert_eq!(tidy_js(js).ok().as_deref(), *want, "{js:?}");
        }
    }

    /// A module whose exported `main` calls `twice`, which calls `inc` (largest first in walrus's
    /// order: `main`, `twice`, `inc`); after renumbering it must validate and the export must still
    /// reach the same bodies through the rewritten call indices.
    #[test]
    fn renumbering_keeps_calls_pointing_at_the_same_bodies() {
        use walrus::ValType::I32;
        let mut m = walrus::Module::default();
        let x = m.locals.add(I32);
        let mut inc = walrus::FunctionBuilder::new(&mut m.types, &[I32], &[I32]);
        inc.func_body()
            .local_get(x)
            .i32_const(1)
            .binop(walrus::ir::BinaryOp::I32Add);
        let inc = inc.finish(vec![x], &mut m.funcs);
        let y = m.locals.add(I32);
        let mut twice = walrus::FunctionBuilder::new(&mut m.types, &[I32], &[I32]);
        twice.func_body().local_get(y).call(inc).call(inc);
        let twice = twice.finish(vec![y], &mut m.funcs);
        let z = m.locals.add(I32);
        let mut main = walrus::FunctionBuilder::new(&mut m.types, &[I32], &[I32]);
        main.func_body()
            .local_get(z)
            .call(twice)
            .i32_const(7)
            .binop(walrus::ir::BinaryOp::I32Mul)
            .i32_const(3)
            .binop(walrus::ir::BinaryOp::I32Sub)
            .call(twice);
        let main = main.finish(vec![z], &mut m.funcs);
        m.exports.add("main", main);
        let before = m.emit_wasm();
        let after = renumber_functions(&before).unwrap();
        wasmparser::Validator::new()
            .validate_all(&after)
            .expect("valid after renumbering");
        // (export index, bodies, and the calls of each body), read back from the output.
        let (mut export, mut calls) = (None, Vec::new());
        for payload in wasmparser::Parser::new(0).parse_all(&after) {
            match payload.unwrap() {
                wasmparser::Payload::ExportSection(s) => export = Some(s.into_iter().next().unwrap().unwrap().index),
                wasmparser::Payload::CodeSectionEntry(body) => {
                    let mut ops = body.get_operators_reader().unwrap();
                    let mut called = Vec::new();
                    while !ops.eof() {
                        if let wasmparser::Operator::Call { function_index } = ops.read().unwrap() {
                            called.push(function_index);
                        }
                    }
                    calls.push(called);
                }
                _ => {}
            }
        }
        let main_calls = &calls[export.unwrap() as usize];
        assert_eq!(main_calls.len(), 2, "main calls twice two times: {calls:?}");
        let twice_calls = &calls[main_calls[0] as usize];
        assert_eq!(main_calls[0], main_calls[1]);
        assert_eq!(twice_calls.len(), 2, "twice calls inc two times: {calls:?}");
        assert!(
            calls[twice_calls[0] as usize].is_empty(),
            "inc calls nothing: {calls:?}"
        );
        assert_ne!(
            before, after,
            "the order changed (the test would prove nothing otherwise)"
        );
    }

    /// A call of a trapped function becomes `unreachable`, and the pure pushes of its arguments go
    /// with it; a call whose arguments come from a side effect (`local.tee`) keeps them.
    #[test]
    fn calls_of_trapped_functions_become_unreachable() {
        use walrus::ValType::I32;
        let mut m = walrus::Module::default();
        let mut panic = walrus::FunctionBuilder::new(&mut m.types, &[I32, I32], &[]);
        panic.func_body().unreachable();
        let (a, b) = (m.locals.add(I32), m.locals.add(I32));
        let panic = panic.finish(vec![a, b], &mut m.funcs);
        let x = m.locals.add(I32);
        let mut pure = walrus::FunctionBuilder::new(&mut m.types, &[I32], &[]);
        pure.func_body()
            .local_get(x)
            .i32_const(4)
            .binop(walrus::ir::BinaryOp::I32Add)
            .i32_const(9)
            .call(panic);
        let pure = pure.finish(vec![x], &mut m.funcs);
        let y = m.locals.add(I32);
        let mut teed = walrus::FunctionBuilder::new(&mut m.types, &[I32], &[]);
        teed.func_body().i32_const(1).local_tee(y).i32_const(2).call(panic);
        let teed = teed.finish(vec![y], &mut m.funcs);
        let params = [(panic, 2)].into();
        for f in [pure, teed] {
            let walrus::FunctionKind::Local(local) = &mut m.funcs.get_mut(f).kind else {
                unreachable!()
            };
            let entry = local.entry_block();
            walrus::ir::dfs_pre_order_mut(&mut InlineTraps(&params), local, entry);
        }
        let ops = |f: walrus::FunctionId| {
            let walrus::FunctionKind::Local(local) = &m.funcs.get(f).kind else {
                unreachable!()
            };
            local
                .block(local.entry_block())
                .instrs
                .iter()
                .map(|(i, _)| format!("{i:?}").split([' ', '(']).next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(ops(pure), ["Unreachable"]);
        assert_eq!(ops(teed), ["Const", "LocalTee", "Const", "Unreachable"]);
    }

    #[test]
    fn zeroes_locations_of_zeroed_paths_only() {
        let words = |w: &[u32]| w.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        // Base 0x100; a zeroed path at 0x200 (20 bytes). Records: (0x200, 20, line, col) and
        // (0x200, 21, …) are locations; (0x300, 20, …) and (0x200, 7, …) are not.
        let data = words(&[1, 0x200, 20, 41, 9, 0x200, 21, 7, 3, 0x300, 20, 5, 5, 0x200, 7, 1, 1]);
        let mut bytes = data.clone();
        zero_locations(&mut bytes, 0x100, &[(0x200, 20)]);
        let want = words(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0x300, 20, 5, 5, 0x200, 7, 1, 1]);
        assert_eq!(bytes, want);
    }

    /// Pins the loader edit: only the paths the page's loader never takes go, the `Response`
    /// path (with its MIME-type fallback) stays, and a glue written differently is refused.
    #[test]
    fn drops_unused_loading_paths_only() {
        let js = "async function __wbg_load(module, imports) {\n\
                  if (typeof Response === 'function' && module instanceof Response) {\n\
                  if (!module.ok) {\nthrow e;\n}\n\
                  if (typeof WebAssembly.instantiateStreaming === 'function') {\n\
                  try {\n\
                  return await WebAssembly.instantiateStreaming(module, imports);\n\
                  } catch (e) {\n\
                  if (wrong_mime) {\n\
                  console.warn(\"fallback\", e);\n\
                  } else { throw e; }\n\
                  }\n\
                  }\n\
                  const bytes = await module.arrayBuffer();\n\
                  return await WebAssembly.instantiate(bytes, imports);\n\
                  } else {\n\
                  const instance = await WebAssembly.instantiate(module, imports);\n\
                  if (instance instanceof WebAssembly.Instance) {\n\
                  return { instance, module };\n\
                  } else {\n\
                  return instance;\n\
                  }\n\
                  }\n\
                  }\n\
                  async function __wbg_init_once(module_or_path) {\n\
                  if (module_or_path !== undefined) {\n\
                  if (Object.getPrototypeOf(module_or_path) === Object.prototype) {\n\
                  ({module_or_path} = module_or_path)\n\
                  } else {\n\
                  console.warn('using deprecated parameters for the initialization function; pass a single object instead')\n\
                  }\n\
                  }\n\
                  if (module_or_path === undefined) {\n\
                  module_or_path = new URL('token_check_web_bg.wasm', import.meta.url);\n\
                  }\n\
                  const imports = __wbg_get_imports();\n\
                  if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {\n\
                  module_or_path = fetch(module_or_path);\n\
                  }\n\
                  return x;\n\
                  }\n";
        let want = "async function __wbg_load(module, imports) {\n\
                    if (!module.ok) {\nthrow e;\n}\n\
                    try {\n\
                    return await WebAssembly.instantiateStreaming(module, imports);\n\
                    } catch (e) {\n\
                    if (wrong_mime) {\n\
                    console.warn(\"fallback\", e);\n\
                    } else { throw e; }\n\
                    }\n\
                    const bytes = await module.arrayBuffer();\n\
                    return await WebAssembly.instantiate(bytes, imports);\n\
                    }\n\
                    async function __wbg_init_once(module_or_path) {\n\
                    ({module_or_path} = module_or_path)\n\
                    const imports = __wbg_get_imports();\n\
                    module_or_path = fetch(module_or_path);\n\
                    return x;\n\
                    }\n";
        assert_eq!(drop_unused_loading(js).unwrap(), want);
        assert!(drop_unused_loading(want).is_err(), "already edited: not found");
        let twice = format!("{js}{js}");
        assert!(drop_unused_loading(&twice).is_err(), "found twice");
    }

    /// Pins the string-passer edit: the `realloc === undefined` branch goes only when every call
    /// passes `__wbindgen_realloc`.
    #[test]
    fn drops_string_pass_branch_only_when_realloc_is_always_passed() {
        let def = "function passStringToWasm0(arg, malloc, realloc) {\n\
                   if (realloc === undefined) {\n\
                   const buf = cachedTextEncoder.encode(arg);\n\
                   const ptr = malloc(buf.length, 1) >>> 0;\n\
                   getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);\n\
                   WASM_VECTOR_LEN = buf.length;\n\
                   return ptr;\n\
                   }\n\
                   let len = arg.length;\n\
                   }\n";
        let call = "const ptr0 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);\n";
        let want = format!("function passStringToWasm0(arg, malloc, realloc) {{\nlet len = arg.length;\n}}\n{call}");
        assert_eq!(drop_unused_string_pass(&format!("{def}{call}")).unwrap(), want);
        let without = "const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc);\n";
        assert!(
            drop_unused_string_pass(&format!("{def}{call}{without}")).is_err(),
            "a call without realloc"
        );
        assert!(drop_unused_string_pass(def).is_err(), "no call");
        assert!(drop_unused_string_pass(&want).is_err(), "no branch");
    }

    /// Pins the registry edit: the fallback object goes, the registry stays.
    #[test]
    fn drops_registry_fallback_only() {
        let js = "const CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')\n\
                  ? { register: () => {}, unregister: () => {} }\n\
                  : new FinalizationRegistry(state => wasm.d(state.a, state.b));\n";
        let want = "const CLOSURE_DTORS = new FinalizationRegistry(state => wasm.d(state.a, state.b));\n";
        assert_eq!(drop_registry_fallback(js).unwrap(), want);
        assert!(drop_registry_fallback(want).is_err(), "no fallback");
        assert!(drop_registry_fallback(&format!("{js}{js}")).is_err(), "two registries");
    }

    /// Pins the globals edit: written-only globals go; a glue that reads one is refused.
    #[test]
    fn drops_write_only_globals_only() {
        let js = "let wasmModule, wasmInstance, wasm;\nfunction f(instance, module) {\nwasmInstance = instance;\nwasm = instance.exports;\nwasmModule = module;\n}\n";
        let want = "let wasm;\nfunction f(instance, module) {\nwasm = instance.exports;\n}\n";
        assert_eq!(drop_write_only_globals(js).unwrap(), want);
        assert!(
            drop_write_only_globals(&format!("{js}g(wasmModule);\n")).is_err(),
            "read"
        );
        assert!(drop_write_only_globals(want).is_err(), "not there");
    }

    #[test]
    fn drops_init_sync_only() {
        let js = "function a() {\n}\nfunction initSync(module) {\nif (x) {\nconsole.warn('`initSync()`');\n}\nreturn y;\n}\nlet b;\nexport { initSync, __wbg_init as default };\n";
        let want = "function a() {\n}\nlet b;\nexport { __wbg_init as default };\n";
        assert_eq!(drop_init_sync(js).unwrap(), want);
        assert!(drop_init_sync("function a() {\n}\n").is_err(), "no initSync");
        assert!(
            drop_init_sync("function initSync(m) {\nlet s = '}';\nreturn;\n}\n").is_err(),
            "miscounted"
        );
    }

    #[test]
    fn shortens_only_plain_bindings() {
        let cases: &[(&str, &str)] = &[
            (
                "function getThing0(a) {\nreturn getThing0(a);\n}\n",
                "function _a(a) {\nreturn _a(a);\n}\n",
            ),
            // Exported, quoted, a property, an object key, a shorthand property: kept.
            ("export function start() {\n}\n", "export function start() {\n}\n"),
            (
                "const wasmPath = 1;\nlet u = 'wasmPath';\n",
                "const wasmPath = 1;\nlet u = 'wasmPath';\n",
            ),
            ("let cached = 1;\nx.cached = 2;\n", "let cached = 1;\nx.cached = 2;\n"),
            (
                "const instance = 1;\nreturn { instance, module };\n",
                "const instance = 1;\nreturn { instance, module };\n",
            ),
            (
                "let counter = 0;\nconst o = { counter: 1 };\n",
                "let counter = 0;\nconst o = { counter: 1 };\n",
            ),
            // Short names and names already `$`-prefixed: kept.
            ("let ret = 1;\nfunction $56() {}\n", "let ret = 1;\nfunction $56() {}\n"),
        ];
        for (js, want) in cases {
            assert_eq!(short_locals(js).unwrap(), *want, "{js}");
        }
    }

    #[test]
    fn zeroes_panic_texts_and_source_paths() {
        let cases: &[(&[u8], &[u8])] = &[
            (
                b"data-requireindex out of bounds: the len is -token",
                b"data-require\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0-token",
            ),
            (
                b"checker-togglecrates/token-check/src/host.rs-origin",
                b"checker-toggle\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0-origin",
            ),
            (b"/rustc/abc/library/core/src/str/pattern.rs", &[0; 42]),
            (b"crates/token-check is not a path", b"crates/token-check is not a path"),
            (b"host-empty", b"host-empty"),
        ];
        for (input, want) in cases {
            let mut bytes = input.to_vec();
            zero_panic_texts(&mut bytes);
            assert_eq!(bytes, *want, "{}", String::from_utf8_lossy(input));
        }
    }
}
