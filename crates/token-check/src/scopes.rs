//! Scope rules: what a page requires (`require`: all of, `require-any`: any of), which granted
//! scope covers which (`api` ⊇ `read_api`, `write_repository` ⊇ `read_repository`; nothing else,
//! in particular `write_registry` does not cover `read_registry`), what is missing, and which
//! granted scopes are more than needed (least privilege).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::host::Host;

/// What a checker block on a page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirement {
    /// Every one of these must be granted (or covered).
    pub require: Vec<String>,
    /// At least one of these must be granted (or covered). Empty: no such condition.
    pub require_any: Vec<String>,
    /// Name pre-filled in the "create a token" link.
    pub token_name: String,
}

/// A granted scope that is more than the requirement needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraScope {
    pub scope: String,
    /// A weaker scope that would do instead (`api` → `read_api`); `None` if not needed at all.
    pub instead: Option<String>,
}

/// Granted scopes compared with a requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeReport {
    pub granted: Vec<String>,
    /// Scopes of `require` that nothing granted covers.
    pub missing: Vec<String>,
    /// The `require-any` list, when none of it is covered; otherwise empty.
    pub missing_one_of: Vec<String>,
    /// More than needed: only scopes that add risk (not `read_*` or `self_rotate`);
    /// with an empty requirement only `sudo` and `admin_mode`.
    pub extra: Vec<ExtraScope>,
}

impl ScopeReport {
    pub fn is_satisfied(&self) -> bool {
        self.missing.is_empty() && self.missing_one_of.is_empty()
    }
}

/// Splits a scope list as written in a page or a data attribute: commas, spaces,
/// optional `[` `]` and quotes.
pub fn parse_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if matches!(c, ',' | ' ' | '\t' | '\n' | '\r' | '[' | ']' | '"' | '\'') {
            if !cur.is_empty() {
                out.push(core::mem::take(&mut cur));
            }
        } else {
            crate::push_char(&mut cur, c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Does granting `granted` give what `needed` gives?
pub fn covers(granted: &str, needed: &str) -> bool {
    granted == needed
        || matches!(
            (granted, needed),
            ("api", "read_api") | ("write_repository", "read_repository")
        )
}

fn covered(granted: &[String], needed: &str) -> bool {
    for g in granted {
        if covers(g, needed) {
            return true;
        }
    }
    false
}

/// Whether `granted` covers one of `options` (loops: no `any` adapters in the wasm).
fn covered_one(granted: &[String], options: &[String]) -> bool {
    for n in options {
        if covered(granted, n) {
            return true;
        }
    }
    false
}

/// Scopes that add risk when not needed.
fn risky(scope: &str) -> bool {
    !scope.starts_with("read_") && scope != "self_rotate"
}

impl Requirement {
    /// Builds a requirement from the page's lists (see [`parse_list`]).
    pub fn parse(require: &str, require_any: &str, token_name: &str) -> Self {
        Requirement {
            require: parse_list(require),
            require_any: parse_list(require_any),
            token_name: crate::trim(token_name).to_owned(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.require.is_empty() && self.require_any.is_empty()
    }

    /// The least-privileged scope set that meets the requirement: every `require` scope, plus
    /// the least powerful `require-any` option (a `read_*` one first) unless already covered.
    pub fn suggested_scopes(&self) -> Vec<String> {
        let mut out = self.require.clone();
        if !self.require_any.is_empty() && !covered_one(&out, &self.require_any) {
            let rank = |s: &str| match s {
                "sudo" | "admin_mode" | "api" => 2,
                s if s.starts_with("read_") => 0,
                _ => 1,
            };
            // The first of the lowest rank (a loop: no `min_by_key` code in the wasm).
            let mut best: Option<&String> = None;
            for s in &self.require_any {
                if best.is_none_or(|b| rank(s) < rank(b)) {
                    best = Some(s);
                }
            }
            if let Some(best) = best {
                out.push(best.clone());
            }
        }
        out
    }

    /// The pre-filled "create a token" link for this requirement.
    pub fn create_token_url(&self, host: &Host) -> String {
        host.token_settings_url(&self.token_name, &self.suggested_scopes())
    }

    /// Compares granted scopes with this requirement.
    pub fn evaluate(&self, granted: &[String]) -> ScopeReport {
        let g = granted;
        // Plain loops rather than iterator chains: each chain is its own code in the wasm.
        let mut missing = Vec::new();
        for n in &self.require {
            if !covered(g, n) {
                missing.push(n.clone());
            }
        }
        let missing_one_of = if self.require_any.is_empty() || covered_one(g, &self.require_any) {
            Vec::new()
        } else {
            self.require_any.clone()
        };
        let mut extra = Vec::new();
        // How many granted scopes cover each needed one: "met without scope i" (and "with a
        // weaker one instead") is then a look at the counts, so this stays linear in the
        // granted list, however long a server makes it.
        let mut needed: Vec<&str> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for list in [&self.require, &self.require_any] {
            for n in list {
                needed.push(n);
                let mut count = 0;
                for s in g {
                    count += usize::from(covers(s, n));
                }
                counts.push(count);
            }
        }
        let met_with = |removed: &str, added: Option<&str>| {
            let all = self.require.len();
            // Every `require` scope, and one `require-any` scope when there are any.
            let mut any = self.require_any.is_empty();
            for k in 0..needed.len() {
                let has =
                    counts[k] > usize::from(covers(removed, needed[k])) || added.is_some_and(|a| covers(a, needed[k]));
                if k < all && !has {
                    return false;
                }
                any |= k >= all && has;
            }
            any
        };
        let satisfied = met_with("", None);
        for scope in g {
            let scope = scope.as_str();
            if !risky(scope) {
                continue;
            }
            if self.is_empty() || !satisfied {
                if matches!(scope, "sudo" | "admin_mode") {
                    extra.push(ExtraScope {
                        scope: scope.to_owned(),
                        instead: None,
                    });
                }
                continue;
            }
            if met_with(scope, None) {
                extra.push(ExtraScope {
                    scope: scope.to_owned(),
                    instead: None,
                });
                continue;
            }
            let weaker = match scope {
                "api" => "read_api",
                "write_repository" => "read_repository",
                _ => continue,
            };
            if met_with(scope, Some(weaker)) {
                extra.push(ExtraScope {
                    scope: scope.to_owned(),
                    instead: Some(weaker.to_owned()),
                });
            }
        }
        ScopeReport {
            granted: granted.to_vec(),
            missing,
            missing_one_of,
            extra,
        }
    }
}
