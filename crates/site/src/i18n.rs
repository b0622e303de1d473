//! UI strings: Fluent files under `locales/<lang>/`, one bundle per language, the fallback to the default language, and the lint.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};

/// Where a message is defined.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

impl Origin {
    /// The message's line, for diagnostics.
    pub fn location(&self) -> Location {
        Location {
            file: self.file.clone(),
            line: Some(self.line),
            column: Some(1),
            source_line: None,
        }
    }
}

/// A value passed to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
}

/// One `.ftl` file, parsed once: the bundles, the lint, `i18n status`, the checker catalogue and the
/// pseudo-locales all read this.
pub(crate) struct FtlFile {
    pub path: PathBuf,
    pub resource: Arc<FluentResource>,
}

impl FtlFile {
    pub fn text(&self) -> &str {
        self.resource.source()
    }

    pub fn entries(&self) -> impl Iterator<Item = &fluent_syntax::ast::Entry<&str>> {
        self.resource.entries()
    }

    /// The 1-based line of a slice of this file's text (an identifier from its AST).
    pub fn line_of(&self, slice: &str) -> usize {
        let text = self.text();
        let off = (slice.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let off = if off <= text.len() { off } else { 0 };
        text.get(..off)
            .unwrap_or_default()
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    }

    pub fn location_of(&self, slice: &str) -> Location {
        Location::at_line_col(&self.path, self.text(), self.line_of(slice), 1)
    }
}

/// A message the theme or the build needs, and the variables it is given.
pub(crate) struct Required {
    pub id: &'static str,
    pub args: &'static [&'static str],
    pub used_for: &'static str,
}

/// The messages the build and the default theme format themselves. A missing one is an error, never a raw id.
pub(crate) const REQUIRED: &[Required] = &[
    Required {
        id: "site-title",
        args: &[],
        used_for: "the page titles, llms.txt and the header",
    },
    Required {
        id: "site-description",
        args: &[],
        used_for: "llms.txt and the root page",
    },
    Required {
        id: "llms-intro",
        args: &[],
        used_for: "llms.txt",
    },
    Required {
        id: "callout-note",
        args: &[],
        used_for: "the title of `> [!NOTE]` callouts",
    },
    Required {
        id: "callout-tip",
        args: &[],
        used_for: "the title of `> [!TIP]` callouts",
    },
    Required {
        id: "callout-important",
        args: &[],
        used_for: "the title of `> [!IMPORTANT]` callouts",
    },
    Required {
        id: "callout-warning",
        args: &[],
        used_for: "the title of `> [!WARNING]` callouts",
    },
    Required {
        id: "callout-caution",
        args: &[],
        used_for: "the title of `> [!CAUTION]` callouts",
    },
    Required {
        id: "checker-noscript",
        args: &["scopes"],
        used_for: "the checker's text without JavaScript",
    },
    Required {
        id: "checker-markdown-note",
        args: &["scopes", "url"],
        used_for: "the checker's note in the Markdown alternates",
    },
];

/// Every language's Fluent bundle.
pub struct Catalog {
    default: String,
    bundles: HashMap<String, FluentBundle<Arc<FluentResource>>>,
    /// `ids[lang][id]`: where each message is defined.
    ids: BTreeMap<String, BTreeMap<String, Origin>>,
    /// Each language's files, parsed once.
    pub(crate) files: BTreeMap<String, Vec<FtlFile>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("default", &self.default)
            .field("ids", &self.ids)
            .finish()
    }
}

impl Catalog {
    /// Read `locales/<lang>/*.ftl` for every configured language.
    pub fn load(config: &Config) -> (Catalog, Diagnostics) {
        let mut diags = Diagnostics::new();
        let mut catalog = Catalog {
            default: config.default_language().code.clone(),
            bundles: HashMap::new(),
            ids: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        for lang in &config.languages {
            let langid: LanguageIdentifier = lang.code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            let dir = config.locales_dir.join(&lang.code);
            // A book in mdBook's layout has no `locales/`: the strings polydoc ships stand in for the folder.
            let builtin = (config.mdbook.is_some() && !dir.is_dir())
                .then(|| crate::init::builtin_strings(&lang.code, &config.title))
                .flatten()
                .filter(|_| lang.code == config.default_language().code || lang.code.starts_with("es"))
                .map(|text| (dir.join("site.ftl"), text));
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                    .collect(),
                Err(_) if builtin.is_some() => builtin.iter().map(|(p, _)| p.clone()).collect(),
                Err(_) => {
                    diags.push(
                        Diagnostic::warning(format!("no Fluent folder for `{}`: `{}`", lang.code, dir.display())).help(
                            format!(
                                "create `{}/` with .ftl files; until then every string falls back to `{}`",
                                dir.display(),
                                catalog.default
                            ),
                        ),
                    );
                    Vec::new()
                }
            };
            files.sort();
            let ids = catalog.ids.entry(lang.code.clone()).or_default();
            for file in files {
                let read = match &builtin {
                    Some((p, text)) if *p == file => Ok(text.clone()),
                    _ => std::fs::read_to_string(&file),
                };
                let text = match read {
                    Ok(t) => t,
                    Err(e) => {
                        diags.push(Diagnostic::error(format!("cannot read Fluent file: {e}")).in_file(&file));
                        continue;
                    }
                };
                let resource = match FluentResource::try_new(text) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            // Point at the start of the broken entry; name it when it has an id.
                            let text = r.source();
                            let start = e.slice.as_ref().map_or(e.pos.start, |s| s.start);
                            let entry = text
                                .get(start..)
                                .unwrap_or_default()
                                .lines()
                                .next()
                                .and_then(|l| l.split_once('='))
                                .map(|(id, _)| id.trim());
                            let what = match entry {
                                Some(id) if !id.is_empty() && !id.contains(' ') => format!(" in message `{id}`"),
                                _ => String::new(),
                            };
                            diags.push(
                                Diagnostic::error(format!("broken Fluent syntax{what}: {}", e.kind))
                                    .at(Location::at_offset(&file, text, start.min(text.len())))
                                    .help("a message is `id = text`; continuation lines are indented; see https://projectfluent.org/fluent/guide/"),
                            );
                        }
                        r
                    }
                };
                let parsed = FtlFile {
                    path: file.clone(),
                    resource: Arc::new(resource),
                };
                let messages: Vec<(String, usize)> = parsed
                    .entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => {
                            Some((m.id.name.to_string(), parsed.line_of(m.id.name)))
                        }
                        _ => None,
                    })
                    .collect();
                for (id, line) in messages {
                    if let Some(prev) = ids.get(&id) {
                        diags.push(
                            Diagnostic::error(format!(
                                "message `{id}` is defined twice (first in {}:{})",
                                prev.file.display(),
                                prev.line
                            ))
                            .at(Location::at_line_col(&file, parsed.text(), line, 1))
                            .help("keep one definition; ids are shared by all .ftl files of a language"),
                        );
                        continue;
                    }
                    ids.insert(
                        id,
                        Origin {
                            file: file.clone(),
                            line,
                        },
                    );
                }
                bundle.add_resource_overriding(parsed.resource.clone());
                catalog.files.entry(lang.code.clone()).or_default().push(parsed);
            }
            catalog.bundles.insert(lang.code.clone(), bundle);
        }
        (catalog, diags)
    }

    /// A pseudo-locale: the default language's messages with `transform` applied to their text (not to variables).
    pub fn add_pseudo(&mut self, code: &str, transform: fn(&str) -> std::borrow::Cow<'_, str>) {
        let langid: LanguageIdentifier = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.set_transform(Some(transform));
        for file in self.files.get(&self.default).into_iter().flatten() {
            bundle.add_resource_overriding(file.resource.clone());
        }
        if let Some(ids) = self.ids.get(&self.default).cloned() {
            self.ids.insert(code.to_string(), ids);
        }
        self.bundles.insert(code.to_string(), bundle);
    }

    pub fn default_language(&self) -> &str {
        &self.default
    }

    /// Where message `id` of `lang` is defined.
    pub(crate) fn origin(&self, lang: &str, id: &str) -> Option<&Origin> {
        self.ids.get(lang)?.get(id)
    }

    pub fn has(&self, lang: &str, id: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(id))
    }

    /// Format message `id` in `lang`, falling back to the default language. Errors name the problem.
    pub fn format(&self, lang: &str, id: &str, args: &[(String, Arg)]) -> Result<String, String> {
        let bundle = match self.bundles.get(lang) {
            Some(b) if b.has_message(id) => b,
            _ => self
                .bundles
                .get(&self.default)
                .filter(|b| b.has_message(id))
                .ok_or_else(|| format!("no message `{id}` in locales/{}/*.ftl", self.default))?,
        };
        let msg = bundle.get_message(id).ok_or_else(|| format!("no message `{id}`"))?;
        let pattern = msg.value().ok_or_else(|| format!("message `{id}` has no value"))?;
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Str(s) => fargs.set(k.clone(), FluentValue::from(s.clone())),
                Arg::Num(n) => fargs.set(k.clone(), FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(format!("message `{id}`: {e}"));
        }
        Ok(out.into_owned())
    }

    /// A message with arguments; the id itself if it cannot be formatted ([`Catalog::required`] reports that).
    pub fn text_with(&self, lang: &str, id: &str, args: &[(String, Arg)]) -> String {
        self.format(lang, id, args).unwrap_or_else(|_| id.to_string())
    }

    /// Every [`REQUIRED`] message must exist in the default language and format, in every language, with the
    /// variables the build gives it.
    pub(crate) fn required(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for r in REQUIRED {
            if !self.has(&self.default, r.id) {
                diags.push(
                    Diagnostic::error(format!(
                        "message `{}` is missing in `{}`, and the site needs it for {}",
                        r.id, self.default, r.used_for
                    ))
                    .help(format!(
                        "add `{} = …` to a file in `locales/{}/` (polydoc's own locales/{}/site.ftl has one to copy)",
                        r.id, self.default, self.default
                    )),
                );
                continue;
            }
            let args: Vec<(String, Arg)> = r.args.iter().map(|a| (a.to_string(), Arg::Str("x".into()))).collect();
            for lang in self.bundles.keys() {
                if let Err(e) = self.format(lang, r.id, &args)
                    && let Some(origin) = self.ids.get(lang).and_then(|ids| ids.get(r.id))
                {
                    diags.push(
                        Diagnostic::error(format!("{e}, and the site needs it for {}", r.used_for))
                            .at(origin.location())
                            .help(if r.args.is_empty() {
                                "this message is given no variables: write it as plain text".to_string()
                            } else {
                                format!(
                                    "it is given {}: use only those",
                                    r.args
                                        .iter()
                                        .map(|a| format!("`{{ ${a} }}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            }),
                    );
                }
            }
        }
        diags
    }

    /// Shorthand for a message without arguments; the id itself if it cannot be formatted (the build reports that separately).
    pub fn text(&self, lang: &str, id: &str) -> String {
        self.format(lang, id, &[]).unwrap_or_else(|_| id.to_string())
    }
}
