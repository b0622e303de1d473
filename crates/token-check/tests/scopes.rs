//! Scope table (containment, missing, more than needed), suggestions for the "create a token"
//! link, and the expiry date arithmetic.

use token_check::expiry::{self, Expiry};
use token_check::scopes::{Requirement, covers, parse_list};
use token_check::{ExtraScope, Host};

fn v(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

struct Case {
    require: &'static [&'static str],
    any: &'static [&'static str],
    granted: &'static [&'static str],
    missing: &'static [&'static str],
    missing_one_of: &'static [&'static str],
    /// (scope, weaker scope that would do)
    extra: &'static [(&'static str, Option<&'static str>)],
}

const CASES: &[Case] = &[
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_api"],
        missing: &[],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["api"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("api", Some("read_api"))],
    },
    Case {
        require: &[],
        any: &["api", "read_api"],
        granted: &["api"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("api", Some("read_api"))],
    },
    Case {
        require: &[],
        any: &["api", "read_api"],
        granted: &["read_api", "read_user"],
        missing: &[],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["read_repository"],
        any: &[],
        granted: &["write_repository"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("write_repository", Some("read_repository"))],
    },
    Case {
        require: &["read_registry"],
        any: &[],
        granted: &["write_registry"],
        missing: &["read_registry"],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_user"],
        missing: &["read_api"],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["read_user"],
        any: &[],
        granted: &["api"],
        missing: &["read_user"],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &[],
        any: &["api", "read_api"],
        granted: &["read_repository"],
        missing: &[],
        missing_one_of: &["api", "read_api"],
        extra: &[],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_api", "sudo", "admin_mode"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("sudo", None), ("admin_mode", None)],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_user", "sudo"],
        missing: &["read_api"],
        missing_one_of: &[],
        extra: &[("sudo", None)],
    },
    Case {
        require: &[],
        any: &[],
        granted: &["api", "sudo", "write_repository"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("sudo", None)],
    },
    Case {
        require: &["read_api", "write_repository"],
        any: &[],
        granted: &["api", "write_repository"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("api", Some("read_api"))],
    },
    Case {
        require: &["write_registry"],
        any: &[],
        granted: &["write_registry", "read_registry"],
        missing: &[],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_api", "api"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("api", None)],
    },
    Case {
        require: &["read_api"],
        any: &[],
        granted: &["read_api", "self_rotate", "write_registry"],
        missing: &[],
        missing_one_of: &[],
        extra: &[("write_registry", None)],
    },
    Case {
        require: &["read_api", "read_repository"],
        any: &[],
        granted: &["api"],
        missing: &["read_repository"],
        missing_one_of: &[],
        extra: &[],
    },
    Case {
        require: &["api"],
        any: &["read_api"],
        granted: &["api"],
        missing: &[],
        missing_one_of: &[],
        extra: &[],
    },
];

#[test]
fn scope_table() {
    let mut failures = Vec::new();
    for (i, c) in CASES.iter().enumerate() {
        let req = Requirement {
            require: v(c.require),
            require_any: v(c.any),
            token_name: String::new(),
        };
        let r = req.evaluate(&v(c.granted));
        let extra: Vec<ExtraScope> = c
            .extra
            .iter()
            .map(|(s, w)| ExtraScope {
                scope: s.to_string(),
                instead: w.map(str::to_owned),
            })
            .collect();
        let ok = r.missing == v(c.missing)
            && r.missing_one_of == v(c.missing_one_of)
            && r.extra == extra
            && r.granted == v(c.granted)
            && r.is_satisfied() == (c.missing.is_empty() && c.missing_one_of.is_empty());
        if !ok {
            failures.push(format!(
                "case {i} ({:?} / {:?} / {:?}): got {r:?}",
                c.require, c.any, c.granted
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn containment() {
    for (g, n, want) in [
        ("api", "read_api", true),
        ("write_repository", "read_repository", true),
        ("write_registry", "read_registry", false),
        ("read_api", "api", false),
        ("api", "read_repository", false),
        ("read_user", "read_user", true),
    ] {
        assert_eq!(covers(g, n), want, "{g} covers {n}");
    }
}

#[test]
fn suggestions_and_links() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("", "api, read_api", &["read_api"]),
        ("[read_repository]", "[api, read_api]", &["read_repository", "read_api"]),
        ("api", "read_api", &["api"]),
        ("read_api read_user", "", &["read_api", "read_user"]),
        ("", "write_repository api", &["write_repository"]),
        ("", "", &[]),
    ];
    for (all, any, want) in cases {
        assert_eq!(
            Requirement::parse(all, any, "x").suggested_scopes(),
            v(want),
            "{all} / {any}"
        );
    }
    let host = Host {
        base: "https://gitlab.com".into(),
        alternate: None,
        notes: vec![],
        origin: "https://gitlab.com".into(),
        idn: false,
        warnings: vec![],
    };
    let req = Requirement::parse("", "api read_api", " docs-guide ");
    assert_eq!(
        req.create_token_url(&host),
        "https://gitlab.com/-/user_settings/personal_access_tokens?name=docs-guide&scopes=read_api"
    );
    assert_eq!(parse_list(" [ 'api', \"read_api\" ] "), v(&["api", "read_api"]));
    assert!(Requirement::parse(" ", "[]", "").is_empty());
}

#[test]
fn expiry_dates() {
    assert_eq!(expiry::days_from_civil(1970, 1, 1), 0);
    assert_eq!(expiry::days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(
        expiry::parse_date("2024-02-29"),
        Some(expiry::days_from_civil(2024, 2, 29))
    );
    for bad in [
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-1-01",
        "26-01-01",
        "2026-01-32",
        "2026/01/01",
        "+026-01-01",
    ] {
        assert_eq!(expiry::parse_date(bad), None, "{bad}");
    }
    let day = expiry::days_from_civil(2026, 4, 15);
    let noon = |d: i64| d * 86_400 + 43_200;
    for (now, want) in [
        (noon(day - 45), Some(Expiry::Days(45))),
        (noon(day - 1), Some(Expiry::Days(1))),
        (day * 86_400 - 1, Some(Expiry::Days(1))),
        (day * 86_400, Some(Expiry::Days(0))),
        (noon(day + 3), Some(Expiry::Days(-3))),
    ] {
        assert_eq!(expiry::classify(Some("2026-04-15"), now), want);
    }
    assert_eq!(expiry::classify(None, 0), Some(Expiry::Never));
    assert_eq!(expiry::classify(Some("soon"), 0), None);
}

/// The "more than needed" rule as first written (the requirement re-evaluated without each
/// scope): the reference the counting version must agree with.
fn extra_by_removal(req: &Requirement, granted: &[&str]) -> Vec<(String, Option<String>)> {
    let met = |g: &[&str]| {
        let cov = |n: &String| g.iter().any(|s| token_check::scopes::covers(s, n));
        req.require.iter().all(cov) && (req.require_any.is_empty() || req.require_any.iter().any(cov))
    };
    let risky = |s: &str| !s.starts_with("read_") && s != "self_rotate";
    let mut out = Vec::new();
    for (i, scope) in granted.iter().enumerate() {
        if !risky(scope) {
            continue;
        }
        if req.is_empty() || !met(granted) {
            if matches!(*scope, "sudo" | "admin_mode") {
                out.push((scope.to_string(), None));
            }
            continue;
        }
        let mut without = granted.to_vec();
        without.remove(i);
        if met(&without) {
            out.push((scope.to_string(), None));
            continue;
        }
        let weaker = match *scope {
            "api" => "read_api",
            "write_repository" => "read_repository",
            _ => continue,
        };
        without.push(weaker);
        if met(&without) {
            out.push((scope.to_string(), Some(weaker.to_string())));
        }
    }
    out
}

/// Regression (F6, quadratic scope evaluation): the linear evaluation gives the same extra
/// scopes as re-evaluating without each scope, on every combination of these requirements and
/// granted lists, duplicates included.
#[test]
fn scope_evaluation_is_linear_and_agrees_with_removal_f6() {
    let requirements = [
        ("", ""),
        ("", "api read_api"),
        ("read_repository", ""),
        ("read_repository write_repository", "api"),
        ("api", "read_user read_api"),
        ("read_registry", "write_registry read_repository"),
    ];
    let pool = [
        "api",
        "read_api",
        "read_user",
        "write_repository",
        "read_repository",
        "sudo",
        "admin_mode",
        "write_registry",
        "self_rotate",
    ];
    let mut compared = 0;
    for (all, any) in requirements {
        let req = Requirement::parse(all, any, "");
        // Every granted list of up to three scopes from the pool (with repeats).
        for a in 0..=pool.len() {
            for b in 0..=pool.len() {
                for c in 0..=pool.len() {
                    let granted: Vec<&str> = [a, b, c].iter().filter_map(|i| pool.get(*i).copied()).collect();
                    let owned: Vec<String> = granted.iter().map(|s| s.to_string()).collect();
                    let got: Vec<(String, Option<String>)> = req
                        .evaluate(&owned)
                        .extra
                        .into_iter()
                        .map(|e| (e.scope, e.instead))
                        .collect();
                    assert_eq!(got, extra_by_removal(&req, &granted), "{all} / {any}: {granted:?}");
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, requirements.len() * 1000);
    // A hostile server's 200,000 scopes (the audit timed the old version at 6 s for 100,000).
    let many: Vec<String> = (0..200_000)
        .map(|i| {
            if i % 2 == 0 {
                "api".to_owned()
            } else {
                format!("write_x{i}")
            }
        })
        .collect();
    let rep = Requirement::parse("", "read_api", "").evaluate(&many);
    assert!(rep.is_satisfied());
    assert_eq!(rep.extra.len(), 200_000);
}
