//! A session's search indexes, rebuilt after the reload: `serve` writes an edit's pages, reloads the browser,
//! then rebuilds the edited language's index on a background thread, which the next build cancels.
//!
//! A job writes its files in place like [`crate::write::InPlace`] (only changed bytes), and removes the files of
//! the old index that the new one does not have only once it has finished. A cancelled job leaves its language
//! marked stale, so the next build starts it again with the newest pages.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::search::{self, SearchDoc};

/// How long a job waits before it starts.
const QUIET: std::time::Duration = std::time::Duration::from_millis(300);

/// One page of a deferred index, owning what [`SearchDoc`] borrows.
pub(crate) struct JobDoc {
    pub url: String,
    pub title: String,
    pub content_lang: String,
    pub content_lang_name: String,
    pub rendered: Arc<Rendered>,
}

/// A language's index to rebuild: its pages in order and the signature it will have once written.
pub(crate) struct SearchJob {
    pub lang: String,
    pub signature: u64,
    pub docs: Vec<JobDoc>,
}

/// What a job did: the files it wrote (path below the output folder → hash of the bytes), whether it finished,
/// and the files it could not write.
struct Outcome {
    lang: String,
    signature: u64,
    files: HashMap<String, u64>,
    finished: bool,
    errors: Vec<Diagnostic>,
}

/// Jobs running on their background thread.
pub(crate) struct Pending {
    cancel: Arc<AtomicBool>,
    thread: JoinHandle<Vec<Outcome>>,
}

impl Pending {
    /// Start `jobs` on one background thread (its own one-thread pool, so the next build's pages do not queue
    /// behind it), writing into `out` where `written` says what the output folder holds now.
    pub fn start(jobs: Vec<SearchJob>, out: &Path, written: &HashMap<String, u64>) -> Pending {
        let cancel = Arc::new(AtomicBool::new(false));
        let previous: Vec<HashMap<String, u64>> = jobs
            .iter()
            .map(|j| {
                let prefix = prefix(&j.lang);
                written
                    .iter()
                    .filter(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, h)| (k.clone(), *h))
                    .collect()
            })
            .collect();
        let (flag, out) = (cancel.clone(), out.to_path_buf());
        let thread = std::thread::spawn(move || {
            // Edits come in bursts: wait a moment, so a build that follows at once does not share the cores.
            let quiet = std::time::Instant::now();
            while quiet.elapsed() < QUIET && !flag.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
            jobs.into_iter()
                .zip(previous)
                .map(|(job, previous)| match &pool {
                    Ok(pool) => pool.install(|| run(job, &out, &previous, &flag)),
                    Err(_) => run(job, &out, &previous, &flag),
                })
                .collect()
        });
        Pending { cancel, thread }
    }

    /// Stop the jobs (or, with `cancel` false, let them finish), then record what they wrote in `written` and
    /// each finished language's signature in `signatures`. Returns the files that could not be written.
    pub fn settle(
        self,
        cancel: bool,
        written: &mut HashMap<String, u64>,
        signatures: &mut HashMap<String, u64>,
    ) -> Vec<Diagnostic> {
        if cancel {
            self.cancel.store(true, Ordering::Relaxed);
        }
        let outcomes = self.thread.join().unwrap_or_default();
        let mut errors = Vec::new();
        for o in outcomes {
            if o.finished && o.errors.is_empty() {
                let prefix = prefix(&o.lang);
                written.retain(|k, _| !k.starts_with(&prefix));
                signatures.insert(o.lang.clone(), o.signature);
            } else {
                signatures.remove(&o.lang);
            }
            written.extend(o.files);
            errors.extend(o.errors);
        }
        errors
    }
}

/// Where a language's index lives below the output folder.
fn prefix(lang: &str) -> String {
    format!("search/{lang}/")
}

/// Build one index and write what changed; once finished, remove what the old index had and this one has not.
fn run(job: SearchJob, out: &Path, previous: &HashMap<String, u64>, cancel: &AtomicBool) -> Outcome {
    let docs: Vec<SearchDoc<'_>> = job
        .docs
        .iter()
        .map(|d| SearchDoc {
            url: d.url.clone(),
            title: d.title.clone(),
            content_lang: d.content_lang.clone(),
            content_lang_name: d.content_lang_name.clone(),
            text: std::borrow::Cow::Borrowed(&d.rendered.search),
        })
        .collect();
    let prefix = prefix(&job.lang);
    let files = std::sync::Mutex::new(HashMap::new());
    let errors = search::write_unless(&job.lang, docs, cancel, |path, bytes| {
        let rel = format!("{prefix}{path}");
        write_changed(&out.join(&rel), bytes, previous.get(&rel).copied())
            .map(|hash| {
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(rel.clone(), hash);
            })
            .map_err(|e| crate::emit::write_error(&rel, &e))
    });
    let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let finished = !cancel.load(Ordering::Relaxed);
    if finished && errors.is_empty() {
        for gone in previous.keys().filter(|k| !files.contains_key(*k)) {
            let _ = std::fs::remove_file(out.join(gone));
        }
    }
    Outcome {
        lang: job.lang,
        signature: job.signature,
        files,
        finished,
        errors,
    }
}

/// Write `bytes` to `path` unless the file already holds them (`previous` is their hash); returns their hash.
fn write_changed(path: &Path, bytes: &[u8], previous: Option<u64>) -> std::io::Result<u64> {
    let hash = crate::write::hash_of(bytes);
    if previous != Some(hash) || !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(hash)
}
