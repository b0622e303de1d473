//! The per-language search index, built at build time: words stemmed with each language's Snowball stemmer,
//! sharded by their first two letters so a query downloads only what it needs, plus one small text fragment per page
//! for excerpts. `themes/default/static/search.js` reads it; nothing runs on a server.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_stemmers::{Algorithm, Stemmer};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::markdown::SearchSection;

/// One page of a language, as the index sees it.
pub struct SearchDoc<'a> {
    pub url: String,
    pub title: String,
    /// The language the text is in (the original's when not translated yet).
    pub content_lang: String,
    /// That language's name, shown on results that are not in the reader's language.
    pub content_lang_name: String,
    /// The page's searchable text, by heading, from the Markdown pass.
    pub sections: &'a [SearchSection],
}

/// The Snowball stemmer of a language, if Snowball has one.
fn stemmer(lang: &str) -> Option<Stemmer> {
    let primary = lang.split('-').next().unwrap_or(lang);
    let algorithm = match primary {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Lowercase with accents removed: how words are compared (the browser does the same with `normalize("NFD")`).
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Split text into words: runs of letters and digits (`read_api` gives `read`, `api`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The shard a folded word or stem lives in: the hex of its first two characters.
pub fn shard_of(folded: &str) -> String {
    let prefix: String = folded.chars().take(2).collect();
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The text of a page's sections as one string, and its headings as another.
fn flatten(sections: &[SearchSection]) -> (String, String) {
    let mut text = String::new();
    let mut headings = String::new();
    for s in sections {
        for part in [s.heading.as_str(), s.text.as_str()] {
            if !part.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(part);
            }
        }
        if !s.heading.is_empty() {
            headings.push_str(&s.heading);
            headings.push_str(". ");
        }
    }
    (text, headings)
}

/// One shard: its words (word → stem) and its stems' postings (stem → [page, score], best first).
type Shard<'a> = (BTreeMap<&'a str, &'a str>, BTreeMap<&'a str, Vec<[usize; 2]>>);

/// The index files of one language: path (below `search/<lang>/`) → bytes.
pub fn build(lang: &str, docs: &[SearchDoc<'_>]) -> BTreeMap<String, Vec<u8>> {
    let stemmer = stemmer(lang);
    let stem = |folded_word: &str, original: &str| -> String {
        match &stemmer {
            Some(s) => fold(&s.stem(&original.to_lowercase())),
            None => folded_word.to_string(),
        }
    };
    // stem → page → score; word → stem.
    let mut postings: HashMap<String, HashMap<usize, u32>> = HashMap::new();
    let mut vocabulary: BTreeMap<String, String> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        let (text, headings) = flatten(doc.sections);
        let mut add = |t: &str, weight: u32| {
            for w in words(t) {
                let folded = fold(w);
                if folded.chars().count() < 2 {
                    continue;
                }
                let s = stem(&folded, w);
                if s.is_empty() {
                    continue;
                }
                vocabulary.entry(folded).or_insert_with(|| s.clone());
                *postings.entry(s).or_default().entry(id).or_default() += weight;
            }
        };
        add(&doc.title, 20);
        add(&headings, 4);
        add(&text, 1);
        let fragment =
            json!({ "t": doc.title, "u": doc.url, "l": doc.content_lang, "n": doc.content_lang_name, "x": text });
        out.insert(format!("p/{id}.json"), fragment.to_string().into_bytes());
    }
    // Shards: the words and stems starting with the same two letters.
    let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
    for (word, stem) in &vocabulary {
        shards.entry(shard_of(word)).or_default().0.insert(word, stem);
    }
    for (stem, pages) in &postings {
        let mut list: Vec<[usize; 2]> = pages.iter().map(|(p, s)| [*p, *s as usize]).collect();
        list.sort_by(|a, b| b[1].cmp(&a[1]).then(a[0].cmp(&b[0])));
        shards.entry(shard_of(stem)).or_default().1.insert(stem, list);
    }
    let names: BTreeSet<&String> = shards.keys().collect();
    let meta = json!({ "v": 1, "lang": lang, "pages": docs.len(), "stemmed": stemmer.is_some(), "shards": names });
    for (name, (w, s)) in &shards {
        out.insert(
            format!("t/{name}.json"),
            json!({ "w": w, "s": s }).to_string().into_bytes(),
        );
    }
    out.insert("meta.json".to_string(), meta.to_string().into_bytes());
    out
}

/// What one query downloads: meta, the shards of its words, and the fragments of the first `results` pages.
/// Used by `cargo xtask bench` and the tests to report the search's cost; mirrors `search.js`.
pub fn query_cost(files: &BTreeMap<String, Vec<u8>>, query: &str, results: usize) -> (usize, Vec<String>) {
    let mut fetched: BTreeSet<String> = BTreeSet::from(["meta.json".to_string()]);
    let mut pages: BTreeMap<usize, usize> = BTreeMap::new();
    for w in words(query) {
        let folded = fold(w);
        let shard = format!("t/{}.json", shard_of(&folded));
        let Some(bytes) = files.get(&shard) else { continue };
        fetched.insert(shard);
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            continue;
        };
        let stems = &v["s"];
        let stem = v["w"][&folded].as_str().map(str::to_string).or_else(|| {
            stems
                .as_object()?
                .keys()
                .filter(|s| folded.starts_with(s.as_str()) && s.chars().count() >= 3)
                .max_by_key(|s| s.len())
                .cloned()
        });
        if let Some(list) = stem.and_then(|s| stems[&s].as_array().cloned()) {
            for pair in list {
                if let (Some(p), Some(score)) = (pair[0].as_u64(), pair[1].as_u64()) {
                    *pages.entry(p as usize).or_default() += score as usize;
                }
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = pages.into_iter().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    let hits: Vec<String> = ranked
        .iter()
        .take(results)
        .map(|(p, _)| format!("p/{p}.json"))
        .collect();
    fetched.extend(hits.iter().cloned());
    let bytes = fetched.iter().filter_map(|f| files.get(f)).map(Vec::len).sum();
    (bytes, hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_joins_inflections() {
        let es = stemmer("es").unwrap();
        let en = stemmer("en").unwrap();
        let s = |st: &Stemmer, w: &str| fold(&st.stem(w));
        assert_eq!(s(&es, "caducidad"), s(&es, "caducidades"));
        assert!(
            s(&es, "caducidad").starts_with(&s(&es, "caduca")) || s(&es, "caduca").starts_with(&s(&es, "caducidad"))
        );
        assert_eq!(s(&en, "tokens"), s(&en, "token"));
        assert_eq!(s(&en, "expiring"), s(&en, "expires"));
    }

    #[test]
    fn folding_and_shards() {
        assert_eq!(fold("Rotación"), "rotacion");
        assert_eq!(shard_of("token"), "746f");
        assert_eq!(
            words("read_api, `glpat-` tokens").collect::<Vec<_>>(),
            ["read", "api", "glpat", "tokens"]
        );
    }
}
