//! `polydoc serve` in Chromium: an open page reloads after an edit, and a broken file shows its error in
//! the page (file, line, message) until it is fixed.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use e2e::browser::poll;
use e2e::{BrowserOptions, ftl, with_browser};

const WAIT: Duration = Duration::from_secs(20);

struct Serve(Child);

impl Drop for Serve {
    /// `SIGTERM`, so the server removes its output folder (killed, it leaves it in the temporary folder); killed
    /// if it is still running after 10 s.
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        for _ in 0..500 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `polydoc` binary next to this test's (cargo builds it for the workspace's tests).
fn polydoc_bin() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent()
        .and_then(Path::parent)
        .map(|d| d.join("polydoc"))
        .expect("target/debug")
}

fn copy_site(to: &Path) {
    let root = ftl::repo_root();
    for sub in ["book.toml", "content", "locales"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(root.join(sub))
            .arg(to)
            .status()
            .expect("cp");
        assert!(status.success());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_and_error_overlay() -> anyhow::Result<()> {
    let bin = polydoc_bin();
    anyhow::ensure!(
        bin.is_file(),
        "{} is missing: run `cargo build -p polydoc` (cargo xtask test does)",
        bin.display()
    );
    let dir = tempfile::tempdir()?;
    copy_site(dir.path());
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--seconds", "120", "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line)?;
    let _serve = Serve(child);
    let base = line.trim().to_string();
    anyhow::ensure!(base.starts_with("http://127.0.0.1:"), "serve printed {line:?}");
    let page = format!("{base}en/security/");
    let file = dir.path().join("content/en/security.md");
    let original = std::fs::read_to_string(&file)?;

    with_browser(BrowserOptions::default(), move |b| async move {
        b.goto(&page).await?;
        // Mark the loaded document: a reload replaces it.
        b.js("window.__polydocMarker = 1; return null", vec![]).await?;
        poll("the live-reload connection", WAIT, || async {
            let v = b.js("return document.documentElement.getAttribute('data-polydoc-live') === 'connected'", vec![]).await?;
            Ok(v.as_bool().unwrap_or(false).then_some(()))
        })
        .await?;
        std::fs::write(&file, original.replacen("## ", "Edited while serving.\n\n## ", 1))?;
        poll("the page to reload with the edit", WAIT, || async {
            let v = b
                .js("return window.__polydocMarker === undefined && document.body.textContent.includes('Edited while serving.')", vec![])
                .await?;
            Ok(v.as_bool().unwrap_or(false).then_some(()))
        })
        .await?;

        // Break the front matter: the page stays, an alert shows the error with file and line.
        std::fs::write(&file, original.replacen("title:", "titel:", 1))?;
        let shown = poll("the build error in the page", WAIT, || async {
            let v = b.js("const e = document.getElementById('polydoc-build-error'); return e ? e.textContent : null", vec![]).await?;
            Ok(v.as_str().map(str::to_owned))
        })
        .await?;
        assert!(shown.contains("content/en/security.md:2:1"), "{shown}");
        assert!(shown.contains("unknown key `titel`"), "{shown}");

        // Fixed: the page reloads and the error is gone.
        b.js("window.__polydocMarker = 2; return null", vec![]).await?;
        std::fs::write(&file, &original)?;
        poll("the page to reload after the fix", WAIT, || async {
            let v = b
                .js("return window.__polydocMarker === undefined && !document.getElementById('polydoc-build-error')", vec![])
                .await?;
            Ok(v.as_bool().unwrap_or(false).then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}
