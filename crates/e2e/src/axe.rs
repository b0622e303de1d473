//! axe-core for the accessibility checks: its `axe.min.js` comes from the npm registry, installed into
//! `<target>/axe-core/` with npm on first use (or the test fails saying the exact command), and is injected
//! into pages through WebDriver, so no page ever ships it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::browser::Browser;

/// The axe-core release the checks are pinned to.
pub const VERSION: &str = "4.14.1";

/// `<target>/axe-core`, found from the test binary (`<target>/<profile>/deps/<binary>`).
pub fn install_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the test binary")?;
    let target = exe
        .ancestors()
        .nth(3)
        .context("the test binary is not in <target>/<profile>/deps/")?;
    Ok(target.join("axe-core"))
}

/// The npm command that installs axe-core into `dir`.
pub fn install_command(dir: &Path) -> String {
    format!(
        "npm install --prefix {} --no-save --no-audit --no-fund axe-core@{VERSION}",
        dir.display()
    )
}

/// The source of `axe.min.js`, installing it with npm when it is missing.
pub fn script() -> anyhow::Result<String> {
    let dir = install_dir()?;
    let file = dir.join("node_modules/axe-core/axe.min.js");
    let installed = |f: &Path| {
        std::fs::read_to_string(dir.join("node_modules/axe-core/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{VERSION}\"")))
            && f.is_file()
    };
    if !installed(&file) {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        eprintln!("e2e: installing axe-core {VERSION} into {} with npm", dir.display());
        let status = Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&dir)
            .args(["--no-save", "--no-audit", "--no-fund", "--loglevel=error"])
            .arg(format!("axe-core@{VERSION}"))
            .status();
        match status {
            Ok(s) if s.success() && installed(&file) => {}
            Ok(s) => bail!("npm failed ({s}); install axe-core by hand: {}", install_command(&dir)),
            Err(e) => bail!(
                "npm is not available ({e}); install Node.js and npm (apt-get install -y npm), then run: {}",
                install_command(&dir)
            ),
        }
    }
    std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))
}

/// Runs axe on the current page (WCAG 2.x A and AA rules plus best practices) and returns one line per
/// violation: `rule (impact): target…`.
pub async fn violations(b: &Browser, axe: &str) -> anyhow::Result<Vec<String>> {
    b.js(&format!("{axe}\n;return typeof axe;"), vec![]).await?;
    let v: Value = b
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)))
  .catch(e => done(['axe failed: ' + e]));"#,
            vec![json!(null)],
        )
        .await
        .context("running axe")?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
        .unwrap_or_default())
}
