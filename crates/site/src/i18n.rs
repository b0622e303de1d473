//! UI strings: Fluent files under `locales/<lang>/`, one bundle per language, the fallback to the default language, and the lint.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

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

/// Every language's Fluent bundle.
pub struct Catalog {
    default: String,
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    /// `ids[lang][id]`: where each message is defined.
    ids: BTreeMap<String, BTreeMap<String, Origin>>,
    /// Raw sources, for tools that re-read them (lint, catalogue compilation).
    pub sources: BTreeMap<String, Vec<(PathBuf, String)>>,
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
            sources: BTreeMap::new(),
        };
        for lang in &config.languages {
            let langid: LanguageIdentifier = lang.code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            let dir = config.locales_dir.join(&lang.code);
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                    .collect(),
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
                let text = match std::fs::read_to_string(&file) {
                    Ok(t) => t,
                    Err(e) => {
                        diags.push(Diagnostic::error(format!("cannot read Fluent file: {e}")).in_file(&file));
                        continue;
                    }
                };
                let resource = match FluentResource::try_new(text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            // Point at the start of the broken entry; name it when it has an id.
                            let start = e.slice.as_ref().map_or(e.pos.start, |s| s.start);
                            let entry = text[start..]
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
                                    .at(Location::at_offset(&file, &text, start))
                                    .help("a message is `id = text`; continuation lines are indented; see https://projectfluent.org/fluent/guide/"),
                            );
                        }
                        r
                    }
                };
                for (id, line) in message_ids(&text) {
                    if let Some(prev) = ids.get(&id) {
                        diags.push(
                            Diagnostic::error(format!(
                                "message `{id}` is defined twice (first in {}:{})",
                                prev.file.display(),
                                prev.line
                            ))
                            .at(Location::at_line_col(&file, &text, line, 1))
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
                bundle.add_resource_overriding(resource);
                catalog.sources.entry(lang.code.clone()).or_default().push((file, text));
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
        for (_, text) in self.sources.get(&self.default).into_iter().flatten() {
            let resource = FluentResource::try_new(text.clone()).unwrap_or_else(|(r, _)| r);
            bundle.add_resource_overriding(resource);
        }
        if let Some(ids) = self.ids.get(&self.default).cloned() {
            self.ids.insert(code.to_string(), ids);
        }
        self.bundles.insert(code.to_string(), bundle);
    }

    pub fn default_language(&self) -> &str {
        &self.default
    }

    /// Messages of the default language missing in another language, and ones unknown to the default.
    pub fn lint(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let empty = BTreeMap::new();
        let source = self.ids.get(&self.default).unwrap_or(&empty);
        for (lang, ids) in &self.ids {
            if *lang == self.default {
                continue;
            }
            // Missing messages, grouped per source file when there are many (a newly added language).
            let mut missing: BTreeMap<&PathBuf, Vec<(&String, &Origin)>> = BTreeMap::new();
            for (id, origin) in source {
                if !ids.contains_key(id) {
                    missing.entry(&origin.file).or_default().push((id, origin));
                }
            }
            for (file, list) in missing {
                let name = file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default();
                if list.len() > 3 {
                    diags.push(
                        Diagnostic::warning(format!(
                            "{} messages of `{name}` are missing in `{lang}`; pages show the `{}` text",
                            list.len(),
                            self.default
                        ))
                        .in_file(file)
                        .help(format!(
                            "translate them in `locales/{lang}/{name}`; `polydoc i18n status --lang {lang}` lists each one"
                        )),
                    );
                    continue;
                }
                for (id, origin) in list {
                    diags.push(
                        Diagnostic::warning(format!(
                            "message `{id}` is missing in `{lang}`; pages show the `{}` text",
                            self.default
                        ))
                        .at(origin.location())
                        .help(format!("translate it in `locales/{lang}/{name}`")),
                    );
                }
            }
            for (id, origin) in ids {
                if !source.contains_key(id) {
                    diags.push(
                        Diagnostic::warning(format!(
                            "message `{id}` in `{lang}` does not exist in `{}`",
                            self.default
                        ))
                        .at(origin.location())
                        .help(format!("remove it, or add it to `locales/{}/` first", self.default)),
                    );
                }
            }
        }
        diags
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

    /// Shorthand for a message without arguments; the id itself if it cannot be formatted (the build reports that separately).
    pub fn text(&self, lang: &str, id: &str) -> String {
        self.format(lang, id, &[]).unwrap_or_else(|_| id.to_string())
    }
}

/// Top-level message ids (not terms) and their 1-based lines, by scanning entry starts.
pub fn message_ids(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let first = line.chars().next()?;
            if !first.is_ascii_alphabetic() {
                return None;
            }
            let (id, _) = line.split_once('=')?;
            let id = id.trim();
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                .then(|| (id.to_string(), i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_message_ids() {
        let ids =
            message_ids("# c\nnav-next = Next\n    .title = x\n-term = T\nwith-var = { $n ->\n   *[other] x\n}\n");
        assert_eq!(ids, vec![("nav-next".to_string(), 2), ("with-var".to_string(), 5)]);
    }
}
