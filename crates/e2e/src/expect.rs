//! Soft assertions for data-driven browser runs: every mismatch of a sweep is collected and the
//! test fails once at the end with all of them, instead of stopping at the first.

use std::fmt::Debug;

/// Collected failures. [`Expect::finish`] panics if there are any.
#[derive(Debug, Default)]
pub struct Expect {
    failures: Vec<String>,
    checks: usize,
}

impl Expect {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a failure unless `ok`.
    pub fn that(&mut self, ok: bool, message: impl FnOnce() -> String) {
        self.checks += 1;
        if !ok {
            self.failures.push(message());
        }
    }

    /// Records a failure unless `got == want`.
    pub fn eq<T: PartialEq + Debug + ?Sized>(&mut self, what: &str, got: &T, want: &T) {
        self.that(got == want, || format!("{what}: got {got:?}, want {want:?}"));
    }

    /// Records a failure (e.g. an error that should not stop the sweep).
    pub fn fail(&mut self, message: impl Into<String>) {
        self.checks += 1;
        self.failures.push(message.into());
    }

    /// How many checks ran.
    pub fn checks(&self) -> usize {
        self.checks
    }

    /// The failures so far.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Panics listing every failure, if any.
    pub fn finish(self, what: &str) {
        assert!(
            self.failures.is_empty(),
            "{what}: {} of {} checks failed:\n  - {}",
            self.failures.len(),
            self.checks,
            self.failures.join("\n  - ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_and_fails_at_the_end() {
        let mut e = Expect::new();
        e.eq("a", &1, &1);
        e.eq("b", "x", "y");
        e.that(false, || "c".into());
        assert_eq!(e.checks(), 3);
        assert_eq!(e.failures(), ["b: got \"x\", want \"y\"", "c"]);
        let r = std::panic::catch_unwind(move || e.finish("sweep"));
        assert!(r.is_err());
        Expect::new().finish("empty");
    }
}
