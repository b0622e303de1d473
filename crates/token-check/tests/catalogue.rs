//! The message catalogue: both `checker.ftl` files define every id the crate can emit, with
//! exactly its variables, use only the Fluent subset the site compiles (text, `{ $var }`,
//! one level of select with plural or literal keys), and list every failure or warning
//! verdict under `## Verdicts`. The sources emit no id outside [`MESSAGES`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use token_check::MESSAGES;

#[derive(Debug)]
struct Entry {
    vars: BTreeSet<String>,
    group: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const PLURALS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Checks the placeables of one message's text; returns its variables.
fn scan_pattern(id: &str, text: &str, errors: &mut Vec<String>) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut in_select = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                depth += 1;
                let rest = text[i + 1..].trim_start();
                let Some(name) = rest.strip_prefix('$') else {
                    errors.push(format!("{id}: only {{ $variable }} placeables are allowed"));
                    return vars;
                };
                let end = name
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(name.len());
                vars.insert(name[..end].to_owned());
                let after = name[end..].trim_start();
                if after.starts_with("->") {
                    if in_select || depth > 1 {
                        errors.push(format!("{id}: nested select"));
                    }
                    in_select = true;
                } else if !after.starts_with('}') {
                    errors.push(format!("{id}: unexpected text in placeable: {after:.20}"));
                }
            }
            b'}' => {
                if depth == 0 {
                    errors.push(format!("{id}: unbalanced }}"));
                    return vars;
                }
                depth -= 1;
                if depth == 0 {
                    in_select = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        errors.push(format!("{id}: unbalanced {{"));
    }
    vars
}

fn parse_ftl(path: &PathBuf) -> (BTreeMap<String, Entry>, Vec<String>) {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut group = String::new();
    let mut current: Option<(String, String)> = None;
    let flush = |cur: &mut Option<(String, String)>,
                 group: &str,
                 errors: &mut Vec<String>,
                 entries: &mut BTreeMap<String, Entry>| {
        if let Some((id, text)) = cur.take() {
            if text.trim().is_empty() {
                errors.push(format!("{id}: empty message"));
            }
            let vars = scan_pattern(&id, &text, errors);
            if entries
                .insert(
                    id.clone(),
                    Entry {
                        vars,
                        group: group.to_owned(),
                    },
                )
                .is_some()
            {
                errors.push(format!("{id}: defined twice"));
            }
        }
    };
    for (n, line) in src.lines().enumerate() {
        let n = n + 1;
        if line.starts_with(' ') {
            let t = line.trim_start();
            if current.is_none() {
                errors.push(format!("line {n}: indented text outside a message"));
            } else if t.starts_with('.') {
                errors.push(format!("line {n}: attributes are not allowed"));
            } else if let Some(k) = t.strip_prefix("*[").or_else(|| t.strip_prefix('[')) {
                let key = k.split(']').next().unwrap_or("");
                if !(PLURALS.contains(&key) || is_id(key)) {
                    errors.push(format!(
                        "line {n}: variant key [{key}] is neither a plural category nor a literal"
                    ));
                }
            }
            if let Some((_, text)) = current.as_mut() {
                text.push('\n');
                text.push_str(t);
            }
            continue;
        }
        flush(&mut current, &group, &mut errors, &mut entries);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(g) = line.strip_prefix("## ") {
            // Consecutive `##` lines are one group comment: its first line names the group.
            if !src.lines().nth(n - 2).is_some_and(|prev| prev.starts_with("## ")) {
                group = g.trim().to_owned();
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((id, value)) if is_id(id.trim()) => {
                current = Some((id.trim().to_owned(), value.trim().to_owned()));
            }
            Some((id, _)) if id.trim().starts_with('-') => errors.push(format!("line {n}: terms are not allowed")),
            _ => errors.push(format!("line {n}: not a kebab-case message: {line:.40}")),
        }
    }
    flush(&mut current, &group, &mut errors, &mut entries);
    (entries, errors)
}

#[test]
fn both_catalogues_define_every_message_with_its_variables() {
    let mut problems = Vec::new();
    let mut all: Vec<BTreeMap<String, Entry>> = Vec::new();
    for lang in ["en", "es"] {
        let path = root().join("locales").join(lang).join("checker.ftl");
        let (entries, errors) = parse_ftl(&path);
        problems.extend(errors.into_iter().map(|e| format!("{lang}: {e}")));
        for spec in MESSAGES {
            match entries.get(spec.id) {
                None => problems.push(format!("{lang}: missing {}", spec.id)),
                Some(e) => {
                    let want: BTreeSet<String> = spec.vars.iter().map(|v| v.to_string()).collect();
                    if e.vars != want {
                        problems.push(format!(
                            "{lang}: {} uses {:?}, the crate passes {:?}",
                            spec.id, e.vars, want
                        ));
                    }
                }
            }
        }
        all.push(entries);
    }
    let (en, es) = (&all[0], &all[1]);
    for id in en.keys().filter(|k| !es.contains_key(*k)) {
        problems.push(format!("es: missing {id} (defined in en)"));
    }
    for id in es.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("en: missing {id} (defined in es)"));
    }
    for (id, e) in en {
        if let Some(other) = es.get(id)
            && other.vars != e.vars
        {
            problems.push(format!("{id}: en uses {:?}, es uses {:?}", e.vars, other.vars));
        }
    }
    // Every failure or warning headline sits in the `## Verdicts` group, in both languages.
    for spec in MESSAGES
        .iter()
        .filter(|s| s.id.starts_with("verdict-") && s.id != "verdict-ok")
    {
        for (lang, entries) in [("en", en), ("es", es)] {
            if entries.get(spec.id).is_some_and(|e| e.group != "Verdicts") {
                problems.push(format!("{lang}: {} is not under ## Verdicts", spec.id));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_scanner_rejects_what_the_site_cannot_compile() {
    let dir = std::env::temp_dir().join(format!("token-check-ftl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = [
        ("-term = x", "terms"),
        ("a = x\n    .title = y", "attributes"),
        ("a = { NUMBER($n) }", "placeables"),
        ("a = { -brand }", "placeables"),
        (
            "a = { $n ->\n    [one] { $m ->\n        [one] x\n       *[other] y\n    }\n   *[other] z\n}",
            "nested select",
        ),
        ("a = { $n ->\n    [One Two] x\n   *[other] y\n}", "variant key"),
        ("a = { $n", "unbalanced"),
        ("Bad_Id = x", "kebab-case"),
        ("a = x\na = y", "twice"),
    ];
    for (src, want) in bad {
        let path = dir.join("bad.ftl");
        std::fs::write(&path, src).unwrap();
        let (_, errors) = parse_ftl(&path);
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{src:?}: expected {want:?}, got {errors:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// String literals in the crate's sources that look like message ids.
fn id_literals() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // Every stretch between two quote characters: code between literals never looks
        // like an id, so quote parity (thrown off by `b'"'`) does not matter.
        for lit in src.split('"') {
            let family = lit.split('-').next().unwrap_or("");
            if is_id(lit)
                && lit.contains('-')
                && ["host", "token", "verdict", "detail", "user", "scopes", "expiry", "fix"].contains(&family)
            {
                out.insert(lit.to_owned());
            }
        }
    }
    out
}

#[test]
fn sources_emit_only_listed_ids_and_every_listed_id_is_used() {
    let listed: BTreeSet<String> = MESSAGES.iter().map(|s| s.id.to_owned()).collect();
    assert_eq!(listed.len(), MESSAGES.len(), "duplicate ids in MESSAGES");
    let used = id_literals();
    // messages.rs lists every id, so look at the other files for "used".
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let code: String = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("messages.rs"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let unknown: Vec<&String> = used.difference(&listed).collect();
    let unused: Vec<&String> = listed
        .iter()
        .filter(|id| !code.contains(&format!("\"{id}\"")))
        .collect();
    assert!(
        unknown.is_empty(),
        "ids used in src but missing from MESSAGES: {unknown:?}"
    );
    assert!(unused.is_empty(), "ids in MESSAGES never emitted: {unused:?}");
}
