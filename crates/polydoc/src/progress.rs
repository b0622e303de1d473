//! Build progress on a terminal: pages rendered out of the total, then the stage, on one line of stderr — only
//! when stderr is a terminal, not in CI, and once the build has run for a second.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use polydoc_site::Progress;

static SHOWN: AtomicBool = AtomicBool::new(false);

/// A progress callback for the build, or `None` where nothing extra may be printed.
pub fn reporter() -> Option<Arc<dyn Fn(Progress) + Send + Sync>> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let started = Instant::now();
    let last = std::sync::Mutex::new(Instant::now());
    Some(Arc::new(move |p: Progress| {
        if started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let line = match p {
            Progress::Stage(s) => format!("{s}…"),
            Progress::Pages { done, total } => {
                // At most ten updates a second, and always the last one.
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                if done != total && last.elapsed() < Duration::from_millis(100) {
                    return;
                }
                *last = Instant::now();
                format!("rendering pages {done}/{total}")
            }
        };
        SHOWN.store(true, Ordering::Relaxed);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }))
}

/// Erase the progress line, if one was shown, before the report is printed.
pub fn clear() {
    if SHOWN.swap(false, Ordering::Relaxed) {
        eprint!("\r\x1b[2K");
    }
}
