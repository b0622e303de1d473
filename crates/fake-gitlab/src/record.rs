//! The request log: every request the server receives, as tests want to assert on it.

use std::sync::{Arc, Mutex, MutexGuard};

/// One request as the server received it (recorded on arrival, before any stall).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `OPTIONS`, …
    pub method: String,
    /// Path and query, exactly as in the request line, e.g. `/api/v4/user?x=1`.
    pub path: String,
    /// Headers in arrival order; names lower-cased, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The `Origin` header, if any.
    pub origin: Option<String>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for a CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
    pub fn is_preflight(&self) -> bool {
        self.method == "OPTIONS" && self.header("access-control-request-method").is_some()
    }

    /// The path without the query.
    pub fn path_only(&self) -> &str {
        self.path.split('?').next().unwrap_or(&self.path)
    }
}

/// Shared, append-only (until cleared) list of recorded requests.
#[derive(Clone, Debug, Default)]
pub(crate) struct Recorder(Arc<Mutex<Vec<RecordedRequest>>>);

impl Recorder {
    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        // A poisoned lock only means another thread panicked mid-push; the data is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn push(&self, r: RecordedRequest) {
        self.lock().push(r);
    }

    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().clone()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }
}
