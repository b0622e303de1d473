//! The per-language search index, built at build time: words stemmed with each language's Snowball stemmer,
//! sharded by prefix (two letters, more for large shards) so a query downloads only what it needs, plus per page its sections'
//! headings, anchors and bounded leads for results and excerpts. `themes/default/static/search.js` reads it;
//! nothing runs on a server.
//!
//! Format (version 2), below `search/<lang>/`:
//! - `meta.json`: `{"v":2,"lang","pages","stemmed","shards":[prefixes]}`. A shard holds the keys sharing a
//!   prefix: two characters, or more where a two-character shard would exceed about [`SHARD_BYTES`] (then
//!   split by one more character, and so on). A key lives in the shard of its longest listed prefix
//!   ([`shard_for`]).
//! - `t/<hex of the prefix's UTF-8>.json`: `{"w":{word:stem},"s":{stem:[page delta,score,section, …]}}`. A word is the folded form
//!   (lowercase, accents removed) of a word of the text; `w` lists only the words whose stem is not the word
//!   itself. Postings are flat triples in page order, each page given as the difference from the previous
//!   one; `section` is the section of that page where the stem weighs most. A word's stem can live in another
//!   shard (the shard of the stem).
//! - `p/<page>.json`: `{"t":title,"u":url,"l":lang,"n":lang name,"s":[[heading,anchor,lead], …]}`. `lead` is
//!   the start of the section's text, at most [`LEAD_CHARS`] characters (ending in `…` when cut).
//!
//! The build runs on every core: each page's text is tokenized once, into the part of the thread that adds the
//! page ([`Indexer`]); a distinct word is stemmed once per language, by the first thread to meet it, and its
//! stem given one number for the language ([`Stems`]); at the end the stems are renumbered in sorted order,
//! and every file is serialized and written in parallel.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::UnicodeNormalization;

/// The longest lead of a section kept for excerpts, in characters.
pub const LEAD_CHARS: usize = 240;

/// Score of one occurrence of a word in the title, a heading and the text.
const TITLE_WEIGHT: u32 = 20;
const HEADING_WEIGHT: u32 = 5;
const TEXT_WEIGHT: u32 = 1;

/// A part of a page's searchable text: the text before the first heading, or one heading and the text up to
/// the next heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    /// The heading's id (the link target); empty for the text before the first heading.
    pub anchor: String,
    /// Prose, inline code and link text, whitespace collapsed; no fenced code or checker blocks.
    pub text: String,
}

/// A page's searchable text, split by heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    pub sections: Vec<Section>,
}

/// One page of a language, as the index sees it.
pub struct SearchDoc<'a> {
    pub url: String,
    pub title: String,
    /// The language the text is in (the original's when not translated yet).
    pub content_lang: String,
    /// That language's name, shown on results that are not in the reader's language.
    pub content_lang_name: String,
    /// The page's text, by section, from the Markdown pass: owned when the index may free it as soon as the
    /// page is indexed (a plain build), borrowed when it stays (a session keeps every pass).
    pub text: Cow<'a, SearchText>,
}

/// A language's Snowball algorithm, if Snowball has one.
fn algorithm(lang: &str) -> Option<Algorithm> {
    let primary = lang.split('-').next().unwrap_or(lang);
    Some(match primary {
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
    })
}

/// Whether a Snowball algorithm gives every ASCII number back unchanged (a test checks it for each). All do but
/// Finnish, which undoubles a final double letter, digits too ("11" gives "1").
fn keeps_numbers(algorithm: Algorithm) -> bool {
    algorithm != Algorithm::Finnish
}

/// Lowercase with accents removed: how words are compared (the browser does the same with `normalize("NFD")`).
/// ASCII skips Unicode normalization.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Split text into words: runs of letters and digits (`read_api` gives `read`, `api`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    Words { text, at: 0 }
}

/// The words of a text: read eight bytes at a time where there are eight ([`crate::bytes8`]), the last few bytes
/// one by one through a table, and non-ASCII characters decoded.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

/// What a byte is to [`Words`]: an ASCII letter or digit, other ASCII, or part of a non-ASCII character.
const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const NON_ASCII: u8 = 2;
static CLASS: [u8; 256] = {
    let mut class = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            class[b] = ALNUM;
        } else if !byte.is_ascii() {
            class[b] = NON_ASCII;
        }
        b += 1;
    }
    class
};

/// Whether the non-ASCII character that starts `rest` is a letter or digit, and its length in bytes.
#[cold]
fn alphanumeric_char(rest: &str) -> (bool, usize) {
    match rest.chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    /// Eight bytes at a time while they are there: the word's start and end are found from a mask, with no
    /// branch per byte (a branch per byte mispredicted at the end of nearly every word, and reading words was
    /// a fifth of the index's time).
    fn next(&mut self) -> Option<&'a str> {
        use crate::bytes8::{alphanumeric, ascii, first, load};
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        // To the next letter or digit: past ASCII that is neither, eight bytes at a time.
        loop {
            if let Some(x) = load(bytes, at) {
                // Letters, digits and non-ASCII bytes stop the skip.
                let stops = alphanumeric(x) | !ascii(x) & crate::bytes8::HIGH;
                if stops == 0 {
                    at += 8;
                    continue;
                }
                at += first(stops);
            }
            let &b = bytes.get(at)?;
            match CLASS[usize::from(b)] {
                ALNUM => break,
                SEPARATOR => at += 1,
                _ => {
                    let (alnum, n) = alphanumeric_char(&self.text[at..]);
                    if alnum {
                        break;
                    }
                    at += n;
                }
            }
        }
        let start = at;
        // To the end of the word.
        loop {
            if let Some(x) = load(bytes, at) {
                // Anything but an ASCII letter or digit ends the run.
                let stops = !alphanumeric(x) & crate::bytes8::HIGH;
                if stops == 0 {
                    at += 8;
                    continue;
                }
                at += first(stops);
            } else {
                while at < bytes.len() && CLASS[usize::from(bytes[at])] == ALNUM {
                    at += 1;
                }
            }
            if at == bytes.len() || CLASS[usize::from(bytes[at])] == SEPARATOR {
                break;
            }
            let (alnum, n) = alphanumeric_char(&self.text[at..]);
            if !alnum {
                break;
            }
            at += n;
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

/// A shard's name: the hex of the UTF-8 of the prefix its words and stems share.
pub fn shard_name(prefix: &str) -> String {
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The shard a folded word or stem lives in: its longest prefix of at least two characters that is a shard's
/// prefix (as `meta.json` lists them). Shards are by two characters, and a large one is split by one more
/// character, and so on.
pub fn shard_for(folded: &str, shards: &BTreeSet<String>) -> Option<String> {
    let ends: Vec<usize> = folded
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .chain([folded.len()])
        .collect();
    ends.iter()
        .rev()
        .map(|&end| &folded[..end])
        .find(|prefix| shards.contains(*prefix))
        .map(str::to_string)
}

/// About the most bytes a shard should hold before it is split by one more character.
const SHARD_BYTES: usize = 32 * 1024;

/// Group `entries` (sorted keys with their estimated bytes) into shards: `(prefix, range of entries)`. A group
/// of keys sharing `chars` characters is split by one more character when it is over [`SHARD_BYTES`]; keys no
/// longer than the prefix stay in the prefix's own shard.
fn group<T>(
    entries: &[T],
    key: &impl Fn(&T) -> (&str, usize),
    chars: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
    base: usize,
) {
    // The first `chars` characters of a key (borrowed: this runs for every key at every level).
    fn first(key: &str, chars: usize) -> &str {
        &key[..key.char_indices().nth(chars).map_or(key.len(), |(i, _)| i)]
    }
    let prefix_of = |key| first(key, chars);
    let mut start = 0;
    while start < entries.len() {
        let prefix = prefix_of(key(&entries[start]).0);
        let end = start
            + entries[start..]
                .iter()
                .take_while(|e| prefix_of(key(e).0) == prefix)
                .count();
        let prefix = prefix.to_string();
        let bytes: usize = entries[start..end].iter().map(|e| key(e).1).sum();
        let short = entries[start..end]
            .iter()
            .take_while(|e| key(e).0.chars().count() <= chars)
            .count();
        if bytes > SHARD_BYTES && start + short < end {
            if short > 0 {
                out.push((prefix, base + start..base + start + short));
            }
            group(&entries[start + short..end], key, chars + 1, out, base + start + short);
        } else {
            out.push((prefix, base + start..base + end));
        }
        start = end;
    }
}

/// The start of `text`, at most [`LEAD_CHARS`] characters, cut at a space and marked `…` when cut.
fn lead(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(LEAD_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let cut = text[..end].rfind(' ').filter(|&i| i > 0).unwrap_or(end);
            Cow::Owned(crate::text::concat(&[text[..cut].trim_end(), "…"]))
        }
    }
}

/// One (stem, page) pair of the index.
#[derive(Clone, Copy, Default)]
struct Posting {
    stem: u32,
    page: u32,
    /// Both at most 65,535 (more occurrences or sections on one page count as that many).
    score: u16,
    section: u16,
}

/// What a shard holds under a key: a word (with its stem's id) or a stem (its id).
enum Entry {
    Word(u32),
    Stem(u32),
}

/// One shard: its words that are not their own stem (word, stem id), and its stems (ids).
type Shard<'a> = (Vec<(&'a str, u32)>, Vec<u32>);

/// A language's stemmer, its words' stems and the stems' numbers, shared by the threads' parts: each distinct
/// word is stemmed once per language, by the first thread to meet it, and each stem has one number for the
/// whole language. A part asks only for words it has not met itself, so a lock is taken once per word per
/// part; the words are spread over [`STEM_SHARDS`] locks, and a word is stemmed under its lock, so two threads
/// meeting it at once still stem it once.
struct Stems {
    stemmer: Option<Stemmer>,
    /// Whether the stemmer gives every ASCII number back as it is, so numbers skip it ([`keeps_numbers`]).
    numbers_kept: bool,
    /// Lowercase word → its stem's number, or `None` when the word is not indexed (under two letters folded,
    /// or an empty stem).
    words: Vec<Mutex<HashMap<Box<str>, Option<u32>>>>,
    /// Each stem, folded → its number (numbered as met). Locked after a word's shard, never before.
    numbers: Mutex<HashMap<Box<str>, u32>>,
    /// How many words were seen for the first time: stemmed, or found too short to index (tests check it
    /// equals the distinct words).
    #[cfg(test)]
    stemmed: std::sync::atomic::AtomicUsize,
}

/// Words, each with its stem's number.
type Vocabulary = Vec<(Box<str>, u32)>;

/// How many locks [`Stems`] spreads its words over.
const STEM_SHARDS: usize = 16;

impl Stems {
    fn new(lang: &str) -> Stems {
        let algorithm = algorithm(lang);
        Stems {
            stemmer: algorithm.map(Stemmer::create),
            numbers_kept: algorithm.is_some_and(keeps_numbers),
            words: (0..STEM_SHARDS).map(|_| Mutex::default()).collect(),
            numbers: Mutex::default(),
            #[cfg(test)]
            stemmed: Default::default(),
        }
    }

    /// The number of a lowercase word's stem, stemming the word the first time any thread asks.
    fn of(&self, word: &str) -> Option<u32> {
        use std::hash::BuildHasher;
        let shard = rustc_hash::FxBuildHasher.hash_one(word) as usize % STEM_SHARDS;
        let mut words = self.words[shard].lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&known) = words.get(word) {
            return known;
        }
        #[cfg(test)]
        self.stemmed.fetch_add(1, Ordering::Relaxed);
        let id = self.stem(word).map(|stem| {
            let mut numbers = self.numbers.lock().unwrap_or_else(|p| p.into_inner());
            let next = numbers.len() as u32;
            *numbers.entry(stem).or_insert(next)
        });
        words.insert(word.into(), id);
        id
    }

    /// The folded stem of a lowercase word, or `None` when it is not indexed.
    fn stem(&self, word: &str) -> Option<Box<str>> {
        let folded = fold(word);
        if folded.chars().count() < 2 {
            return None;
        }
        let stem = match &self.stemmer {
            // A number is its own stem: not worth the stemmer's time, as documentation is full of distinct
            // numbers (versions, ports, codes); a tenth of a 2×5,000-page corpus's distinct words.
            Some(_) if self.numbers_kept && word.bytes().all(|b| b.is_ascii_digit()) => folded,
            Some(s) => fold(&s.stem(word)),
            None => folded,
        };
        (!stem.is_empty()).then(|| stem.into_boxed_str())
    }

    /// Every stem by its number, and every indexed word with its stem's number; emptied.
    fn take(&self) -> (Vec<Box<str>>, Vocabulary) {
        let numbers = std::mem::take(&mut *self.numbers.lock().unwrap_or_else(|p| p.into_inner()));
        let mut stems: Vec<Box<str>> = vec![Box::from(""); numbers.len()];
        for (stem, id) in numbers {
            stems[id as usize] = stem;
        }
        let mut words = Vec::new();
        for shard in &self.words {
            let shard = std::mem::take(&mut *shard.lock().unwrap_or_else(|p| p.into_inner()));
            words.extend(shard.into_iter().filter_map(|(w, id)| Some((w, id?))));
        }
        (stems, words)
    }
}

/// The pages one thread added to a language's index: their postings, by the language's stem numbers ([`Stems`]).
#[derive(Default)]
struct Part {
    /// Lowercase word → its stem's number, or `None` when the word is not indexed (under two letters). Owned:
    /// a page's text is dropped once the page is indexed. Words of up to 16 bytes (nearly all) are keyed by
    /// their bytes packed into an integer ([`pack`]), so a lookup hashes and compares a number instead of
    /// following a pointer to the text (that pointer's cache miss was most of the index's time); longer
    /// ones by their text.
    short: Short,
    /// The same for words longer than 16 bytes, by their text.
    memo: HashMap<Box<str>, Option<u32>>,
    /// The postings, in the order the pages were indexed, in chunks of [`CHUNK`]: a chunk is never moved,
    /// where one growing list was copied on every doubling (about 2% of a build's samples, with its faults).
    postings: Vec<Vec<Posting>>,
    /// Scratch of `page`, by stem number ([`Scratch`]): dense, since the numbers are, and as long as the highest
    /// number the part has met. Only the entries listed in `section_touched` and `page_touched` are ever
    /// non-zero, and `page` sets them back to zero before it returns.
    scratch: Vec<Scratch>,
    section_touched: Vec<u32>,
    page_touched: Vec<u32>,
    /// A word lowercased, when it was not already.
    lower: String,
    /// Scratch of [`Part::stems_of`]: the keys of a text's short ASCII words, and the stem numbers of its words.
    keys: Vec<u128>,
    ids: Vec<u32>,
}

/// A stem's scores while a page is indexed: in the current section, then in the page, and the section where it
/// weighs most with its score there. One entry of 16 bytes, so that a section's end finds the page's scores in
/// the cache line its words just used.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Scratch {
    section: u32,
    page: u32,
    best: u32,
    best_score: u32,
}

/// How many postings a chunk of [`Part::postings`] holds (384 KiB).
const CHUNK: usize = 32 * 1024;

/// Lowercase words of up to 16 bytes by their packed bytes ([`pack`]) → stem number, in two tables: words of up
/// to 8 bytes (nine in ten of the words of English text) by a `u64`, in entries of 16 bytes, the others by the
/// whole `u128`, in entries of 32. The small table of a 2×5,000-page corpus's vocabulary is about 1 MiB, which
/// stays in a core's cache while a batch of pages is indexed; one table of 32-byte entries was 4 MiB.
#[derive(Default)]
struct Short {
    eight: HashMap<u64, Option<u32>>,
    sixteen: HashMap<u128, Option<u32>>,
}

impl Short {
    fn get(&self, key: u128) -> Option<&Option<u32>> {
        match u64::try_from(key) {
            Ok(key) => self.eight.get(&key),
            Err(_) => self.sixteen.get(&key),
        }
    }

    fn insert(&mut self, key: u128, id: Option<u32>) {
        match u64::try_from(key) {
            Ok(key) => self.eight.insert(key, id),
            Err(_) => self.sixteen.insert(key, id),
        };
    }
}

/// `word` lowercase: itself when it already is, else written into `buf`.
fn lowercase<'b>(word: &'b str, buf: &'b mut String) -> &'b str {
    let changes = if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        // A character lowercase already: `to_lowercase` gives it back alone.
        !word.chars().all(|c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        })
    };
    if !changes {
        return word;
    }
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        // `str::to_lowercase`, not per character: a final sigma depends on its neighbours.
        buf.push_str(&word.to_lowercase());
    }
    buf
}

/// A word of at most 16 bytes as an integer: its bytes, little-endian, padded with zeros. Words are runs of
/// letters and digits, so none holds a zero byte and the padding marks the word's end.
fn pack(word: &[u8]) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes.get_mut(..word.len())?.copy_from_slice(word);
    Some(u128::from_le_bytes(bytes))
}

/// The word [`pack`] was given, from its key's bytes (little-endian).
fn unpacked(bytes: &[u8; 16]) -> &str {
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    std::str::from_utf8(&bytes[..len]).unwrap_or_default()
}

/// [`pack`] of a word of letters and digits lowercased, when it is ASCII and at most 16 bytes long; read
/// with a few overlapping loads instead of byte by byte. Every ASCII letter or digit lowercased is itself with
/// the `0x20` bit set (digits have it already).
fn ascii_key(word: &[u8]) -> Option<u128> {
    // The little-endian number of the first `N` bytes of `bytes` (which has at least `N`).
    fn n<const N: usize>(bytes: &[u8]) -> u64 {
        let mut b = [0; 8];
        b[..N].copy_from_slice(&bytes[..N]);
        u64::from_le_bytes(b)
    }
    let len = word.len();
    let (lo, hi) = match len {
        0 | 17.. => return None,
        1 => (u64::from(word[0]), 0),
        2..=3 => (n::<2>(word) | n::<2>(&word[len - 2..]) << (8 * (len - 2)), 0),
        4..=7 => (n::<4>(word) | n::<4>(&word[len - 4..]) << (8 * (len - 4)), 0),
        8 => (n::<8>(word), 0),
        _ => (n::<8>(word), n::<8>(&word[len - 8..]) >> (8 * (16 - len))),
    };
    if (lo | hi) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    let key = u128::from(lo) | u128::from(hi) << 64;
    let case = 0x2020_2020_2020_2020_2020_2020_2020_2020u128 >> (8 * (16 - len));
    Some(key | case)
}

impl Part {
    /// The stem number of a lowercase word, asking [`Stems`] the first time the part meets it (words shorter
    /// than two letters folded are not indexed).
    fn stem(&mut self, word: &str, stems: &Stems) -> Option<u32> {
        let key = pack(word.as_bytes());
        let known = match key {
            Some(key) => self.short.get(key),
            None => self.memo.get(word),
        };
        if let Some(&known) = known {
            return known;
        }
        let id = self.new_stem(word, stems);
        match key {
            Some(key) => self.short.insert(key, id),
            None => {
                self.memo.insert(word.into(), id);
            }
        }
        id
    }

    /// The stem number of a lowercase word this part meets for the first time (from the language's [`Stems`]).
    fn new_stem(&mut self, word: &str, stems: &Stems) -> Option<u32> {
        let id = stems.of(word)?;
        if self.scratch.len() <= id as usize {
            self.scratch.resize(id as usize + 1, Scratch::default());
        }
        Some(id)
    }

    /// The stem number of the lowercase ASCII word packed in `key` ([`ascii_key`]), stemming it the first time.
    fn by_key(&mut self, key: u128, stems: &Stems) -> Option<u32> {
        if let Some(&known) = self.short.get(key) {
            return known;
        }
        let bytes = key.to_le_bytes();
        let id = self.new_stem(unpacked(&bytes), stems);
        self.short.insert(key, id);
        id
    }

    /// The stem number of a word as written.
    fn word(&mut self, word: &str, stems: &Stems) -> Option<u32> {
        // A single ASCII letter or digit ("a", "I", "2") is never indexed: no lookup.
        if word.len() == 1 {
            return None;
        }
        // The common case, an ASCII word of up to 16 bytes: lowercased straight into its key.
        match ascii_key(word.as_bytes()) {
            Some(key) => self.by_key(key, stems),
            None => self.unkeyed(word, stems),
        }
    }

    /// The stem number of a word that has no short key ([`ascii_key`]: not ASCII, or longer than 16 bytes),
    /// lowercased first.
    fn unkeyed(&mut self, word: &str, stems: &Stems) -> Option<u32> {
        let mut buf = std::mem::take(&mut self.lower);
        let id = self.stem(lowercase(word, &mut buf), stems);
        self.lower = buf;
        id
    }

    /// The stem numbers of the indexed words of `text`, into `self.ids`, in no particular order. The text is
    /// read through first, and the words looked up after, in a loop of lookups that do not depend on each
    /// other (so the processor can wait for several table entries at once). Profiled on the 2×5,000-page
    /// corpus, the index took about 3% fewer samples than with a lookup after each word read: at the edge of
    /// what this machine can tell apart.
    fn stems_of(&mut self, text: &str, stems: &Stems) {
        let mut keys = std::mem::take(&mut self.keys);
        let mut ids = std::mem::take(&mut self.ids);
        keys.clear();
        ids.clear();
        for w in words(text) {
            // A single ASCII letter or digit ("a", "I", "2") is never indexed.
            if w.len() == 1 {
                continue;
            }
            match ascii_key(w.as_bytes()) {
                Some(key) => keys.push(key),
                None => ids.extend(self.unkeyed(w, stems)),
            }
        }
        for &key in &keys {
            ids.extend(self.by_key(key, stems));
        }
        self.keys = keys;
        self.ids = ids;
    }

    /// A page's postings: score per stem and the section where it weighs most.
    fn page(&mut self, page: u32, doc: &SearchDoc<'_>, stems: &Stems) {
        for w in words(&doc.title) {
            if let Some(s) = self.word(w, stems) {
                let a = &mut self.scratch[s as usize];
                if *a == Scratch::default() {
                    self.page_touched.push(s);
                }
                a.page += TITLE_WEIGHT;
            }
        }
        for (i, section) in doc.text.sections.iter().enumerate() {
            for (text, weight) in [(&section.heading, HEADING_WEIGHT), (&section.text, TEXT_WEIGHT)] {
                self.stems_of(text, stems);
                for &s in &self.ids {
                    let a = &mut self.scratch[s as usize];
                    if a.section == 0 {
                        self.section_touched.push(s);
                    }
                    a.section += weight;
                }
            }
            for &s in &self.section_touched {
                let a = &mut self.scratch[s as usize];
                let score = std::mem::take(&mut a.section);
                if a.page == 0 {
                    self.page_touched.push(s);
                }
                a.page += score;
                if score > a.best_score {
                    (a.best, a.best_score) = (i as u32, score);
                }
            }
            self.section_touched.clear();
        }
        for &stem in &self.page_touched {
            let a = std::mem::take(&mut self.scratch[stem as usize]);
            if self.postings.last().is_none_or(|c| c.len() == CHUNK) {
                self.postings.push(Vec::with_capacity(CHUNK));
            }
            if let Some(chunk) = self.postings.last_mut() {
                chunk.push(Posting {
                    stem,
                    page,
                    score: a.page.min(u16::MAX.into()) as u16,
                    section: a.best.min(u16::MAX.into()) as u16,
                });
            }
        }
        self.page_touched.clear();
    }
}

/// A part's postings grouped by stem (`ids` gives each of the part's stem numbers its number in the index), and
/// where each stem's begin: stem `id` has `list[starts[id]..starts[id + 1]]`, in page order. A counting sort:
/// two reads of the postings and one write, where sorting them all was about 3% of a build's samples; the chunks
/// are freed as they are read.
fn by_stem(chunks: Vec<Vec<Posting>>, ids: &[u32], stems: usize) -> (Vec<Posting>, Vec<usize>) {
    let mut starts = vec![0usize; stems + 1];
    for p in chunks.iter().flatten() {
        starts[ids[p.stem as usize] as usize + 1] += 1;
    }
    for id in 0..stems {
        starts[id + 1] += starts[id];
    }
    let mut list = vec![Posting::default(); starts[stems]];
    let mut next = starts.clone();
    for chunk in chunks {
        for p in chunk {
            let id = ids[p.stem as usize];
            let at = &mut next[id as usize];
            list[*at] = Posting { stem: id, ..p };
            *at += 1;
        }
    }
    // A thread's pages come in runs of rising numbers (rayon hands it a range at a time), so a stem's postings
    // are in page order unless the thread took a range below one it did before.
    for id in 0..stems {
        let run = &mut list[starts[id]..starts[id + 1]];
        if !run.is_sorted_by_key(|p| p.page) {
            run.sort_unstable_by_key(|p| p.page);
        }
    }
    (list, starts)
}

/// How many bytes at the start of `bytes` need no escape in a JSON string (not `"`, `\\` or a control
/// character). Eight bytes at a time, as a search index is mostly such bytes.
fn unescaped_prefix(bytes: &[u8]) -> usize {
    use crate::bytes8::{ascii, at_least, equal, first, load};
    let mut at = 0;
    while let Some(x) = load(bytes, at) {
        let control = ascii(x) & !at_least(x, 0x20);
        let stops = control | equal(x, b'"') | equal(x, b'\\');
        if stops != 0 {
            return at + first(stops);
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .take_while(|&&b| b != b'"' && b != b'\\' && b >= 0x20)
        .count()
}

/// Append `s` to `out` as a JSON string: runs that need no escape copied whole.
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        // An escaped byte is ASCII, so both ends of the run are character boundaries.
        let end = from + unescaped_prefix(&bytes[from..]);
        out.push_str(&s[from..end]);
        let Some(&b) = bytes.get(end) else {
            break;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{b:04x}"));
            }
        }
        from = end + 1;
    }
    out.push('"');
}

/// A page's file, `p/<page>.json`: its title, URL, language and each section's heading, anchor and lead.
fn page_file(doc: &SearchDoc<'_>) -> String {
    // About what a section takes (its heading, anchor and a lead of up to 240 characters), so the file is
    // rarely copied as it grows.
    let mut out = String::with_capacity(128 + doc.url.len() + doc.title.len() + 320 * doc.text.sections.len());
    out.push_str("{\"t\":");
    push_json(&mut out, &doc.title);
    out.push_str(",\"u\":");
    push_json(&mut out, &doc.url);
    out.push_str(",\"l\":");
    push_json(&mut out, &doc.content_lang);
    out.push_str(",\"n\":");
    push_json(&mut out, &doc.content_lang_name);
    out.push_str(",\"s\":[");
    for (i, s) in doc.text.sections.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json(&mut out, &s.heading);
        out.push(',');
        push_json(&mut out, &s.anchor);
        out.push(',');
        push_json(&mut out, &lead(&s.text));
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// A language's index on its way. Pages are added from any thread and in any order ([`Indexer::page`]), each
/// into the part of the thread adding it: a part stems a word the first time it meets it, so one part per
/// thread stems each word at most once per core. [`Indexer::finish`] numbers the parts' stems together and
/// writes the words, stems and postings. A plain build adds each page as soon as its Markdown pass is done, so
/// no page's text waits in memory for the rest of its language.
pub struct Indexer<'a> {
    lang: String,
    stems: Stems,
    /// Each thread's part, and the pages it was given and has not indexed yet.
    parts: Vec<Mutex<(Part, Pending<'a>)>>,
}

/// Pages given to a thread and not indexed yet: their numbers and texts.
type Pending<'a> = Vec<(u32, SearchDoc<'a>)>;

/// How many pages a thread gathers before indexing them in one go. Indexed one by one, between the Markdown
/// passes that render them, each page met a word table the pass had pushed out of the cache: a 2×5,000-page
/// build took 10–15% more CPU.
const BATCH: usize = 32;

impl<'a> Indexer<'a> {
    /// An empty index of `lang`, with a part for each of rayon's threads.
    pub fn new(lang: &str) -> Indexer<'a> {
        Indexer {
            lang: lang.to_string(),
            stems: Stems::new(lang),
            parts: (0..rayon::current_num_threads().max(1))
                .map(|_| Mutex::default())
                .collect(),
        }
    }

    /// Add page number `page` (its place among the language's pages). The thread indexes its pages a batch at a
    /// time ([`BATCH`]): gives back the files of the pages it indexed now (path below `search/<lang>/`, bytes),
    /// each page's own, and drops their texts when owned.
    pub fn page(&self, page: u32, doc: SearchDoc<'a>) -> Vec<(String, String)> {
        // Only the thread whose number it is takes a part, unless a caller outside the pool shares part 0.
        let slot = rayon::current_thread_index().unwrap_or(0) % self.parts.len();
        let mut guard = self.parts[slot].lock().unwrap_or_else(|p| p.into_inner());
        let (part, pending) = &mut *guard;
        pending.push((page, doc));
        if pending.len() < BATCH {
            return Vec::new();
        }
        let batch = std::mem::take(pending);
        index_batch(part, batch, &self.stems)
    }

    /// Write the index of the `pages` added, every file through `put` from several threads at once; stop soon
    /// after `cancel` is set (then only some of the files were handed to `put`). Returns the errors `put` gave.
    pub fn finish<E: Send>(
        &self,
        pages: usize,
        cancel: &AtomicBool,
        put: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
    ) -> Vec<E> {
        if cancel.load(Ordering::Relaxed) {
            return Vec::new();
        }
        let mut errors = Vec::new();
        let mut parts: Vec<Part> = Vec::with_capacity(self.parts.len());
        for slot in &self.parts {
            let (mut part, pending) = std::mem::take(&mut *slot.lock().unwrap_or_else(|p| p.into_inner()));
            for (path, body) in index_batch(&mut part, pending, &self.stems) {
                errors.extend(put(&path, body.as_bytes()).err());
            }
            parts.push(part);
        }
        errors.extend(finish(&self.lang, &self.stems, pages, &mut parts, cancel, put));
        errors
    }
}

/// Index `batch` into `part`; the pages' own files (path, bytes).
fn index_batch(part: &mut Part, batch: Pending<'_>, stems: &Stems) -> Vec<(String, String)> {
    for (page, doc) in &batch {
        part.page(*page, doc, stems);
    }
    batch
        .into_iter()
        .map(|(page, doc)| {
            (
                crate::text::concat(&["p/", itoa::Buffer::new().format(page), ".json"]),
                page_file(&doc),
            )
        })
        .collect()
}

/// Build the index of one language and hand every file (path below `search/<lang>/`, bytes) to `put`, from
/// several threads at once. Returns the errors `put` gave.
pub fn write<E: Send>(
    lang: &str,
    docs: Vec<SearchDoc<'_>>,
    put: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
) -> Vec<E> {
    write_unless(lang, docs, &AtomicBool::new(false), put)
}

/// [`write`], stopping soon after `cancel` is set (a session's next build wants the cores): then only some of
/// the files were handed to `put`. Each page's file is written, and its text dropped, as soon as the page is
/// indexed.
pub fn write_unless<E: Send>(
    lang: &str,
    docs: Vec<SearchDoc<'_>>,
    cancel: &AtomicBool,
    put: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
) -> Vec<E> {
    let cancelled = || cancel.load(Ordering::Relaxed);
    let pages = docs.len();
    let errors = Mutex::new(Vec::new());
    let indexer = Indexer::new(lang);
    docs.into_par_iter().enumerate().for_each(|(page, doc)| {
        if !cancelled() {
            for (path, body) in indexer.page(page as u32, doc) {
                if let Err(e) = put(&path, body.as_bytes()) {
                    errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                }
            }
        }
    });
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.extend(indexer.finish(pages, cancel, put));
    errors
}

/// The postings of one stem from every part, in page order: each part's run is in page order already, and
/// the runs are merged (a page is in one part only).
fn merged(mut runs: Vec<&[Posting]>) -> impl Iterator<Item = &Posting> {
    runs.retain(|r| !r.is_empty());
    std::iter::from_fn(move || {
        let (i, _) = runs.iter().enumerate().min_by_key(|(_, r)| r[0].page)?;
        let (first, rest) = runs[i].split_first()?;
        runs[i] = rest;
        if rest.is_empty() {
            runs.swap_remove(i);
        }
        Some(first)
    })
}

/// The index of `pages` pages from their `parts`: stems numbered together, then words, shards and `meta.json`
/// written through `put` on every core.
fn finish<E: Send>(
    lang: &str,
    stems: &Stems,
    pages: usize,
    parts: &mut [Part],
    cancel: &AtomicBool,
    put: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
) -> Vec<E> {
    let cancelled = || cancel.load(Ordering::Relaxed);
    let errors = Mutex::new(Vec::new());
    let emit = |path: &str, body: &str| {
        if let Err(e) = put(path, body.as_bytes()) {
            errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
        }
    };
    if cancelled() {
        return Vec::new();
    }
    // The language's stems numbered in sorted order (stems are distinct), and the parts' postings renumbered.
    let stemmed = stems.stemmer.is_some();
    let chunks: Vec<Vec<Vec<Posting>>> = parts.iter_mut().map(|p| std::mem::take(&mut p.postings)).collect();
    let (by_number, words) = stems.take();
    let mut order: Vec<u32> = (0..by_number.len() as u32).collect();
    order.par_sort_unstable_by(|a, b| by_number[*a as usize].cmp(&by_number[*b as usize]));
    let mut renumber = vec![0u32; order.len()];
    for (sorted, id) in order.iter().enumerate() {
        renumber[*id as usize] = sorted as u32;
    }
    let stems: Vec<&str> = order.iter().map(|id| &*by_number[*id as usize]).collect();
    // Each part's postings grouped by stem, in page order; a stem's postings are its runs in the parts, merged
    // by page (never joined into one list: it is large).
    let grouped: Vec<(Vec<Posting>, Vec<usize>)> = chunks
        .into_par_iter()
        .map(|chunks| by_stem(chunks, &renumber, stems.len()))
        .collect();
    let run = |part: &(Vec<Posting>, Vec<usize>), id: usize| part.1[id]..part.1[id + 1];
    let run_len = |id: usize| grouped.iter().map(|g| run(g, id).len()).sum::<usize>();
    // The vocabulary: folded word → stem; of two words that fold alike, the first in sorted order wins.
    // (A word's folded form is the word itself when it is ASCII: it is lowercase already.)
    let mut words: Vocabulary = words.into_iter().map(|(w, id)| (w, renumber[id as usize])).collect();
    parts.iter_mut().for_each(|p| *p = Part::default());
    words.par_sort_unstable();
    let folded: Vec<Cow<'_, str>> = words
        .par_iter()
        .map(|(w, _)| {
            if w.is_ascii() {
                Cow::Borrowed(w.as_ref())
            } else {
                Cow::Owned(fold(w))
            }
        })
        .collect();
    // Each folded form with the place of its word, sorted on every core; the first place of a form wins.
    let mut vocabulary: Vec<(&str, usize)> = folded.iter().enumerate().map(|(i, f)| (f.as_ref(), i)).collect();
    vocabulary.par_sort_unstable();
    vocabulary.dedup_by(|later, first| later.0 == first.0);

    if cancelled() {
        return Vec::new();
    }
    // Shards: the words and stems sharing a prefix, sized by their estimated JSON bytes.
    let mut entries: Vec<(&str, usize, Entry)> = Vec::new();
    for (word, at) in vocabulary {
        let stem = words[at].1;
        if word != stems[stem as usize] {
            entries.push((word, word.len() + stems[stem as usize].len() + 6, Entry::Word(stem)));
        }
    }
    for (id, stem) in stems.iter().enumerate() {
        let n = run_len(id);
        if n > 0 {
            entries.push((stem, stem.len() + 5 + 9 * n, Entry::Stem(id as u32)));
        }
    }
    // Stable, as the order of a word and a stem spelt alike must not depend on the run.
    entries.par_sort_by(|a, b| a.0.cmp(b.0));
    let mut groups = Vec::new();
    group(
        &entries,
        &|(k, b, _): &(&str, usize, Entry)| (*k, *b),
        2,
        &mut groups,
        0,
    );
    let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
    for (prefix, range) in groups {
        let shard = shards.entry(prefix).or_default();
        for (key, _, entry) in &entries[range] {
            match entry {
                Entry::Word(stem) => shard.0.push((key, *stem)),
                Entry::Stem(id) => shard.1.push(*id),
            }
        }
    }

    drop(entries);
    // Serialize and write every shard on every core; `meta.json` last.
    let shard_list: Vec<(&String, &Shard<'_>)> = shards.iter().collect();
    shard_list.par_iter().for_each(|(name, (words, ids))| {
        if cancelled() {
            return;
        }
        let mut out = String::from("{\"w\":{");
        for (i, (word, stem)) in words.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json(&mut out, word);
            out.push(':');
            push_json(&mut out, stems[*stem as usize]);
        }
        out.push_str("},\"s\":{");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json(&mut out, stems[*id as usize]);
            out.push_str(":[");
            let mut previous = 0;
            let mut number = itoa::Buffer::new();
            let all = merged(grouped.iter().map(|g| &g.0[run(g, *id as usize)]).collect());
            for (j, p) in all.enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let delta = p.page - previous;
                previous = p.page;
                out.push_str(number.format(delta));
                out.push(',');
                out.push_str(number.format(p.score));
                out.push(',');
                out.push_str(number.format(p.section));
            }
            out.push(']');
        }
        out.push_str("}}");
        emit(&format!("t/{}.json", shard_name(name)), &out);
    });
    let mut meta = String::from("{\"v\":2,\"lang\":");
    push_json(&mut meta, lang);
    let _ = std::fmt::Write::write_fmt(
        &mut meta,
        format_args!(",\"pages\":{pages},\"stemmed\":{stemmed},\"shards\":["),
    );
    for (i, name) in shards.keys().enumerate() {
        if i > 0 {
            meta.push(',');
        }
        push_json(&mut meta, name);
    }
    meta.push_str("]}");
    // Last: a cancelled index keeps the old meta.json, which names only shards it has.
    if !cancelled() {
        emit("meta.json", &meta);
    }
    errors.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// The index files of one language in memory: path (below `search/<lang>/`) → bytes.
#[cfg(test)]
pub fn build(lang: &str, docs: Vec<SearchDoc<'_>>) -> BTreeMap<String, Vec<u8>> {
    let files = Mutex::new(BTreeMap::new());
    let _: Vec<()> = write(lang, docs, |path, bytes| {
        files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    });
    files.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// What one query downloads, as `search.js` fetches it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryCost {
    /// Bytes of every file fetched.
    pub bytes: usize,
    /// Every file fetched: meta, shards, then the results' page files.
    pub files: BTreeSet<String>,
    /// The results' page files, best first, and the section of each result.
    pub hits: Vec<(String, usize)>,
}

/// What one query downloads: meta, the shards of its words (and of their stems), and the page files of the
/// first `results` pages. Pages must match every word, or if none does, any. Used by `cargo xtask bench` and
/// the tests to report the search's cost; mirrors `search.js`.
pub fn query_cost(files: &BTreeMap<String, Vec<u8>>, query: &str, results: usize) -> QueryCost {
    let mut fetched: BTreeSet<String> = BTreeSet::from(["meta.json".to_string()]);
    let json = |name: &str| -> Option<serde_json::Value> { serde_json::from_slice(files.get(name)?).ok() };
    let shards: BTreeSet<String> = json("meta.json")
        .and_then(|m| m["shards"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    // page → (score, best section, the score that chose it); and the pages of each word.
    let mut pages: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    let mut every: Option<BTreeSet<usize>> = None;
    for w in words(query) {
        let folded = fold(w);
        if folded.chars().count() < 2 {
            continue;
        }
        let mut mine = BTreeSet::new();
        // A word with no shard matches no page (meta lists the shards: nothing else is fetched).
        let shard = shard_for(&folded, &shards)
            .map(|p| format!("t/{}.json", shard_name(&p)))
            .unwrap_or_default();
        let t = json(&shard).unwrap_or_default();
        if files.contains_key(&shard) {
            fetched.insert(shard.clone());
        }
        // Its stem from the vocabulary (or the word itself when it is a stem), else the longest indexed stem it
        // starts with, else (while typing) up to 12 stems that start with it.
        let keys: Vec<&String> = t["s"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
        let stems: Vec<String> = match t["w"][&folded].as_str() {
            Some(stem) => vec![stem.to_string()],
            None if t["s"].get(&folded).is_some() => vec![folded.clone()],
            None => match keys
                .iter()
                .filter(|s| folded.starts_with(s.as_str()) && s.chars().count() >= 3)
                .max_by_key(|s| s.len())
            {
                Some(best) => vec![best.to_string()],
                None => keys
                    .iter()
                    .filter(|s| s.starts_with(&folded))
                    .take(12)
                    .map(|s| s.to_string())
                    .collect(),
            },
        };
        for stem in stems {
            let stem_shard = shard_for(&stem, &shards)
                .map(|p| format!("t/{}.json", shard_name(&p)))
                .unwrap_or_default();
            let list = if stem_shard == shard {
                Some(t.clone())
            } else {
                fetched.insert(stem_shard.clone());
                json(&stem_shard)
            };
            if let Some(flat) = list.as_ref().and_then(|l| l["s"][&stem].as_array().cloned()) {
                let mut page = 0;
                for triple in flat.chunks(3) {
                    let [delta, score, section] = [0, 1, 2].map(|i| triple.get(i).and_then(|v| v.as_u64()));
                    if let (Some(delta), Some(score), Some(section)) = (delta, score, section) {
                        page += delta as usize;
                        let (p, score, section) = (page, score as usize, section as usize);
                        let e = pages.entry(p).or_default();
                        e.0 += score;
                        if score > e.2 {
                            (e.1, e.2) = (section, score);
                        }
                        mine.insert(p);
                    }
                }
            }
        }
        every = Some(match every {
            None => mine,
            Some(all) => all.intersection(&mine).copied().collect(),
        });
    }
    let all = every.filter(|a| !a.is_empty());
    let mut ranked: Vec<(usize, (usize, usize, usize))> = pages
        .into_iter()
        .filter(|(p, _)| all.as_ref().is_none_or(|a| a.contains(p)))
        .collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    let hits: Vec<(String, usize)> = ranked
        .iter()
        .take(results)
        .map(|(p, (_, section, _))| (format!("p/{p}.json"), *section))
        .collect();
    fetched.extend(hits.iter().map(|(f, _)| f.clone()));
    let bytes = fetched.iter().filter_map(|f| files.get(f)).map(Vec::len).sum();
    QueryCost {
        bytes,
        files: fetched,
        hits,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercase_words_match_to_lowercase() {
        let text = "Ñandú revisión ΣΟΦΊΑ σοφία ǅemal İstanbul straße ÉCOLE 日本";
        let mut buf = String::new();
        for w in super::words(text) {
            let lower = super::lowercase(w, &mut buf);
            assert_eq!(lower, w.to_lowercase(), "{w:?}");
            let borrowed = std::ptr::eq(lower.as_ptr(), w.as_ptr());
            assert_eq!(borrowed, w == w.to_lowercase(), "{w:?} is copied only when it changes");
        }
    }

    #[test]
    fn ascii_keys_are_the_lowercase_words_packed() {
        let letters = "aZ09qQmX";
        // Words are never empty.
        assert_eq!(super::ascii_key(b""), None);
        for len in 1..=20 {
            let word: String = letters.chars().cycle().skip(len).take(len).collect();
            let expected = (word.len() <= 16).then(|| super::pack(word.to_ascii_lowercase().as_bytes()).unwrap());
            assert_eq!(super::ascii_key(word.as_bytes()), expected, "{word:?}");
            assert_eq!(
                expected
                    .map(|k| super::unpacked(&k.to_le_bytes()).to_string())
                    .as_deref(),
                (len <= 16).then(|| word.to_ascii_lowercase()).as_deref()
            );
        }
        assert_eq!(super::ascii_key("revisión".as_bytes()), None, "not ASCII");
        assert_eq!(super::ascii_key("añ".as_bytes()), None, "not ASCII");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        for text in [
            "read_api x",
            "  Ñandú, ¿qué? 42ab--c ",
            "",
            "__",
            "日本語 テキスト",
            "a\u{301}b é",
            "Tokens—and scopes’ 2026 x_y z.ü12345678901234567890 @[`{/:~ 9Z",
        ] {
            let want: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(super::words(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    /// Words are read eight bytes at a time ([`crate::bytes8::alphanumeric`]): every ASCII byte, at every place in and
    /// across a block of eight, and mixes of ASCII and other characters must split as the character rule says.
    #[test]
    fn words_read_eight_bytes_at_a_time_split_as_characters_do() {
        let rule = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let check = |text: &str| {
            let got: Vec<String> = super::words(text).map(str::to_string).collect();
            assert_eq!(got, rule(text), "{text:?}");
        };
        for b in 0u8..128 {
            let c = char::from(b);
            for at in 0..18 {
                for fill in ["a", " ", "9"] {
                    let mut text = fill.repeat(20);
                    text.replace_range(at..at + 1, &c.to_string());
                    check(&text);
                }
            }
        }
        let pieces = [
            "a", "Z", "0", "9", "/", ":", "@", "[", "`", "{", " ", "\u{7f}", "é", "—", "日", "ab", "x_y", "\u{301}",
        ];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..3000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            for _ in 0..(seed >> 16) % 40 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            check(&text);
        }
    }

    /// JSON strings are scanned eight bytes at a time ([`super::unescaped_prefix`]): every character that
    /// needs an escape, at every place in and across a block, must come out as `serde_json` reads it back.
    #[test]
    fn json_strings_scanned_eight_bytes_at_a_time_read_back_whole() {
        for c in (0u8..128).map(char::from).chain(['é', '—', '日']) {
            for at in 0..18 {
                for len in [at + 1, at + 3, 20] {
                    let mut text: String = "ab".repeat(len).chars().take(len).collect();
                    text.replace_range(at..at + 1, &c.to_string());
                    let mut out = String::new();
                    super::push_json(&mut out, &text);
                    let back: String = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{out}: {e}"));
                    assert_eq!(back, text, "{out}");
                    let escape = match c {
                        '"' | '\\' | '\n' | '\r' | '\t' => 1,
                        c if c < ' ' => 5,
                        _ => 0,
                    };
                    assert_eq!(
                        out.len(),
                        text.len() + 2 + escape,
                        "only what must be escaped is: {out}"
                    );
                }
            }
        }
    }

    use super::*;

    /// Pins that skipping the stemmer for numbers (`Stems::stem`) changes no stem: each language's Snowball
    /// stemmer that [`super::keeps_numbers`] says keeps them gives every ASCII number back unchanged, and the one
    /// it says does not (Finnish) really changes some.
    #[test]
    fn every_stemmer_leaves_numbers_as_they_are() {
        let langs = [
            "ar", "da", "de", "el", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "ta", "tr",
        ];
        let numbers: Vec<String> = (0..20_000)
            .map(|n| n.to_string())
            .chain(["00", "007", "0123456789", "20261202", "18446744073709551616"].map(String::from))
            .collect();
        for lang in langs {
            let algorithm = super::algorithm(lang).unwrap_or_else(|| panic!("{lang} has a stemmer"));
            let stemmer = Stemmer::create(algorithm);
            let changed = numbers.iter().find(|n| stemmer.stem(n) != n.as_str());
            match (super::keeps_numbers(algorithm), changed) {
                (true, Some(n)) => panic!("{lang} stems {n} to {}", stemmer.stem(n)),
                (false, None) => panic!("{lang} keeps every number: let it skip the stemmer"),
                _ => {}
            }
        }
    }

    #[test]
    fn stemming_joins_inflections() {
        let es = Stemmer::create(algorithm("es").unwrap());
        let en = Stemmer::create(algorithm("en").unwrap());
        let s = |st: &Stemmer, w: &str| fold(&st.stem(w));
        for (st, a, b) in [
            (&es, "caducidad", "caducidades"),
            (&es, "caduca", "caducan"),
            (&en, "tokens", "token"),
            (&en, "expiring", "expires"),
        ] {
            assert_eq!(s(st, a), s(st, b), "{a} / {b}");
        }
    }

    #[test]
    fn folding_words_and_shards() {
        for (word, folded) in [
            ("Rotación", "rotacion"),
            ("TOKEN", "token"),
            ("Ámbitos", "ambitos"),
            ("ß", "ß"),
        ] {
            assert_eq!(fold(word), folded, "{word}");
        }
        let shards: BTreeSet<String> = ["to", "tok", "ám"].map(String::from).into();
        for (word, want) in [
            ("token", Some("tok")),
            ("to", Some("to")),
            ("topic", Some("to")),
            ("ámbito", Some("ám")),
            ("zz", None),
        ] {
            assert_eq!(shard_for(word, &shards).as_deref(), want, "{word}");
        }
        assert_eq!(
            (shard_name("to").as_str(), shard_name("ám").as_str()),
            ("746f", "c3a16d")
        );
        assert_eq!(
            words("read_api, `glpat-` tokens").collect::<Vec<_>>(),
            ["read", "api", "glpat", "tokens"]
        );
    }

    #[test]
    fn leads_are_bounded_at_a_space() {
        let long = "word ".repeat(100);
        for (text, want_len, cut) in [("short text", 10, false), (long.trim_end(), 239, true)] {
            let l = lead(text);
            assert!(l.chars().count() <= LEAD_CHARS + 1, "{l}");
            assert_eq!(l.ends_with('…'), cut, "{l}");
            assert_eq!(l.trim_end_matches('…').chars().count(), want_len, "{l}");
        }
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json(&mut out, "a \"q\" \\ \n\u{1}é");
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), "a \"q\" \\ \n\u{1}é");
    }

    fn doc<'a>(url: &str, title: &str, text: &'a SearchText) -> SearchDoc<'a> {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            content_lang: "es".into(),
            content_lang_name: "Español".into(),
            text: Cow::Borrowed(text),
        }
    }

    fn sections(parts: &[(&str, &str, &str)]) -> SearchText {
        SearchText {
            sections: parts
                .iter()
                .map(|(h, a, t)| Section {
                    heading: h.to_string(),
                    anchor: a.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    /// The files of an index whose pages are added through `pool`, in the order `order` gives.
    fn index_in(pool: &rayon::ThreadPool, docs: &[SearchDoc<'_>], order: &[usize]) -> BTreeMap<String, Vec<u8>> {
        let files = Mutex::new(BTreeMap::new());
        let put = |path: &str, bytes: &[u8]| -> Result<(), ()> {
            files.lock().unwrap().insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        pool.install(|| {
            let indexer = Indexer::new("en");
            order.par_iter().for_each(|&i| {
                let d = &docs[i];
                for (path, body) in indexer.page(i as u32, doc(&d.url, &d.title, &d.text)) {
                    put(&path, body.as_bytes()).unwrap();
                }
            });
            assert!(indexer.finish(docs.len(), &AtomicBool::new(false), put).is_empty());
        });
        files.into_inner().unwrap()
    }

    /// Pages reach the index from several threads in any order (a plain build adds each as it is rendered): the
    /// files must be those of adding them one by one, in order, on one thread, down to every posting's place.
    #[test]
    fn the_index_is_the_same_whatever_thread_adds_a_page_and_when() {
        let texts: Vec<SearchText> = (0..600)
            .map(|i| {
                sections(&[
                    ("", "", &format!("token tokens page{i} scope{} common words", i % 13)),
                    ("Use it", "use-it", &format!("clone pushes pull{} Über", i % 5)),
                ])
            })
            .collect();
        let docs: Vec<SearchDoc<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| doc(&format!("/en/p{i}/"), &format!("Page {}", i % 40), t))
            .collect();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let in_order: Vec<usize> = (0..docs.len()).collect();
        let expected = index_in(&one, &docs, &in_order);
        assert_eq!(
            expected,
            build("en", docs.iter().map(|d| doc(&d.url, &d.title, &d.text)).collect())
        );
        let reversed: Vec<usize> = in_order.iter().rev().copied().collect();
        let shuffled: Vec<usize> = (0..docs.len()).map(|i| (i * 277) % docs.len()).collect();
        for order in [&in_order, &reversed, &shuffled] {
            assert_eq!(index_in(&four, &docs, order), expected);
        }
    }

    /// Each distinct word is stemmed once per language, however many threads meet it: four threads add pages
    /// that share most of their words (ASCII, non-ASCII, longer than 16 bytes, one-letter accented).
    #[test]
    fn each_distinct_word_is_stemmed_once_per_language() {
        let texts: Vec<SearchText> = (0..400)
            .map(|i| {
                sections(&[
                    ("", "", &format!("Tokens expire {} times; Caducidad é É", i % 17)),
                    (
                        "Scopes",
                        "scopes",
                        &format!("read_api internationalization{} Ñandú", i % 3),
                    ),
                ])
            })
            .collect();
        let mut distinct = BTreeSet::new();
        for t in &texts {
            for s in &t.sections {
                for w in words(&s.heading).chain(words(&s.text)) {
                    if w.len() > 1 {
                        distinct.insert(w.to_lowercase());
                    }
                }
            }
        }
        for w in words("Page") {
            distinct.insert(w.to_lowercase());
        }
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let stemmed = four.install(|| {
            let indexer = Indexer::new("en");
            // Every thread adds every fourth page, so each of the four parts meets every word.
            four.broadcast(|ctx| {
                for (i, t) in texts.iter().enumerate().skip(ctx.index()).step_by(ctx.num_threads()) {
                    drop(indexer.page(i as u32, doc(&format!("/en/p{i}/"), "Page", t)));
                }
            });
            // The pages of a batch not full yet are indexed by `finish`.
            let errors: Vec<()> = indexer.finish(texts.len(), &AtomicBool::new(false), |_, _| Ok::<(), ()>(()));
            assert!(errors.is_empty());
            indexer.stems.stemmed.load(Ordering::Relaxed)
        });
        assert_eq!(stemmed, distinct.len(), "{distinct:?}");
    }

    /// Regression for one shard per two letters: "re…" words across many pages made one shard of hundreds of KB
    /// that every "re…" query downloaded.
    #[test]
    fn large_shards_split_and_queries_still_find_their_pages() {
        let texts: Vec<SearchText> = (0..1500)
            .map(|i| {
                sections(&[(
                    "",
                    "",
                    &format!("request {i} review reviews registry release {}", i % 7),
                )])
            })
            .collect();
        let docs: Vec<SearchDoc<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| doc(&format!("/en/p{i}/"), &format!("Page {i}"), t))
            .collect();
        let files = build("en", docs);
        let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).unwrap();
        let names: Vec<&str> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(
            names.iter().any(|n| n.chars().count() > 2),
            "the \"re\" shard is split: {names:?}"
        );
        for (name, bytes) in &files {
            if name.starts_with("t/") {
                let shard: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                let keys = shard["w"].as_object().unwrap().len() + shard["s"].as_object().unwrap().len();
                assert!(
                    bytes.len() <= 2 * SHARD_BYTES || keys == 1,
                    "{name}: {} bytes, {keys} keys",
                    bytes.len()
                );
            }
        }
        for (query, pages) in [
            ("request", 1500),
            ("reviewing", 1500),
            ("registry 55", 1),
            ("release", 1500),
        ] {
            let cost = query_cost(&files, query, 2000);
            assert_eq!(cost.hits.len(), pages, "{query}");
            assert!(
                cost.files
                    .iter()
                    .all(|f| f == "meta.json" || f.starts_with("t/") || f.starts_with("p/"))
            );
        }
    }

    /// Words of one character are not indexed, whatever path they take (ASCII skips the lookup, `é` is folded
    /// first); a two-letter word is.
    #[test]
    fn single_characters_are_not_indexed() {
        let text = sections(&[("", "", "a I 2 é ab")]);
        let files = build("en", vec![doc("/a/", "Z", &text)]);
        let shards: String = files
            .iter()
            .filter(|(path, _)| path.starts_with("t/"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        assert!(shards.contains("\"ab\""), "{shards}");
        for one in ["a", "i", "2", "e", "é", "z"] {
            assert!(!shards.contains(&format!("\"{one}\"")), "{one:?} indexed: {shards}");
        }
    }

    /// Each case: query → the result pages in order, with the section each result links to.
    #[test]
    fn queries_find_stems_rank_and_point_at_sections() {
        let a = sections(&[
            ("", "", "Introducción a los tokens."),
            ("Caducidad", "caducidad", "Los tokens caducan tras un año."),
            ("Rotación", "rotacion", "Rotar un token."),
        ]);
        let b = sections(&[(
            "Ámbitos",
            "ambitos",
            "El ámbito read_api permite leer. El token caduca.",
        )]);
        let c = sections(&[("Otra", "otra", "Nada que ver.")]);
        let docs = vec![
            doc("/es/a/", "Caducidad", &a),
            doc("/es/b/", "Ámbitos", &b),
            doc("/es/c/", "Otra", &c),
        ];
        let files = build("es", docs);
        for (query, want) in [
            ("caduca", vec![("p/0.json", 1), ("p/1.json", 0)]),
            ("ambito", vec![("p/1.json", 0)]),
            ("Rotación", vec![("p/0.json", 2)]),
            ("caducidad ambitos", vec![("p/1.json", 0)]),
            ("caducidad zzz", vec![("p/0.json", 1), ("p/1.json", 0)]),
            ("zzzqqq", vec![]),
        ] {
            let cost = query_cost(&files, query, 8);
            let got: Vec<(&str, usize)> = cost.hits.iter().map(|(f, s)| (f.as_str(), *s)).collect();
            assert_eq!(got, want, "{query}");
            assert_eq!(
                cost.bytes,
                cost.files.iter().map(|f| files[f].len()).sum::<usize>(),
                "{query}"
            );
        }
        let page: serde_json::Value = serde_json::from_slice(&files["p/0.json"]).unwrap();
        assert_eq!(
            page["s"][1],
            serde_json::json!(["Caducidad", "caducidad", "Los tokens caducan tras un año."])
        );
        let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).unwrap();
        assert_eq!((meta["v"].as_u64(), meta["pages"].as_u64()), (Some(2), Some(3)));
    }
}
