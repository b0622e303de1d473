//! Stage timings for profiling a build: with `POLYDOC_TIMINGS=1`, each stage's wall and CPU seconds and the
//! process's resident and peak memory go to stderr (read from `/proc`, so Linux only; elsewhere they read as zero).

use std::sync::Mutex;
use std::time::Instant;

/// When the previous mark was made, and the process's CPU seconds then.
static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);

/// With `POLYDOC_TIMINGS` set, print to stderr the wall and CPU time since the previous mark and the memory now,
/// under the name of the stage that just ended. The first mark only starts the clock.
pub(crate) fn mark(stage: &str) {
    if std::env::var_os("POLYDOC_TIMINGS").is_none() {
        return;
    }
    let cpu = cpu_seconds();
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((then, cpu_then)) = *last {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let mib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0)
                / 1024
        };
        eprintln!(
            "{:>8.3} s wall {:>7.2} s CPU  rss {:>5} MiB  peak {:>5} MiB  {stage}",
            (now - then).as_secs_f64(),
            cpu - cpu_then,
            mib("VmRSS:"),
            mib("VmHWM:"),
        );
    }
    *last = Some((now, cpu));
}

/// User and system CPU seconds of this process so far (`/proc/self/stat` fields 14 and 15, in clock ticks of
/// 1/100 s).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}
