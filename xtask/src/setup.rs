//! What `cargo xtask test` needs beyond Rust, set up before the tests run: Debian's `chromium` and
//! `chromium-driver` for the browser tests and `npm` for axe-core. Missing ones are installed with apt-get
//! when xtask runs as root and apt-get exists, saying so; otherwise the error gives the exact command.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

/// One thing the tests need: the files that show it is there, and the Debian packages that bring it.
pub struct Need {
    pub what: &'static str,
    pub files: &'static [&'static str],
    pub packages: &'static [&'static str],
}

/// The browser and its driver (where crates/e2e looks for them), and npm (which installs axe-core).
pub const NEEDS: &[Need] = &[
    Need {
        what: "headless Chromium and its WebDriver, for the browser tests",
        files: &["/usr/bin/chromium", "/usr/bin/chromedriver"],
        packages: &["chromium", "chromium-driver"],
    },
    Need {
        what: "npm, which installs axe-core for the accessibility test",
        files: &["/usr/bin/npm"],
        packages: &["npm"],
    },
];

/// The packages among `needs` whose files are missing.
pub fn missing(needs: &[Need], exists: &dyn Fn(&str) -> bool) -> Vec<&'static str> {
    needs
        .iter()
        .filter(|n| !n.files.iter().all(|f| exists(f)))
        .flat_map(|n| n.packages.iter().copied())
        .collect()
}

/// The command that installs `packages`, as a person would type it (`sudo` unless root).
pub fn install_command(packages: &[&str], root: bool) -> String {
    let sudo = if root { "" } else { "sudo " };
    format!(
        "{sudo}apt-get update && {sudo}apt-get install -y {}",
        packages.join(" ")
    )
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

/// Installs what is missing, or fails saying how to.
pub fn ensure() -> Result<()> {
    let packages = missing(NEEDS, &|f| Path::new(f).is_file());
    if packages.is_empty() {
        return Ok(());
    }
    for n in NEEDS.iter().filter(|n| n.packages.iter().any(|p| packages.contains(p))) {
        eprintln!("setup: missing {}", n.what);
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let command = install_command(&packages, root);
    if !root || !on_path("apt-get") {
        bail!(
            "the tests need Debian's {}; install them with:\n    {command}\nthen run `cargo xtask test` again",
            packages.join(", ")
        );
    }
    eprintln!("setup: installing {} with apt-get: {command}", packages.join(" "));
    let ok = |c: &mut Command| {
        c.env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ok(Command::new("apt-get").args(["update", "-qq"]))
        || !ok(Command::new("apt-get").args(["install", "-y", "-qq"]).args(&packages))
    {
        bail!(
            "apt-get could not install {}; run it yourself:\n    {command}",
            packages.join(" ")
        );
    }
    let still = missing(NEEDS, &|f| Path::new(f).is_file());
    if !still.is_empty() {
        bail!(
            "after apt-get, {} is still missing; run:\n    {command}",
            still.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_packages_and_the_command_to_install_them() {
        let none = |_: &str| false;
        let all = |_: &str| true;
        let no_npm = |f: &str| f != "/usr/bin/npm";
        let no_driver = |f: &str| f != "/usr/bin/chromedriver";
        assert_eq!(missing(NEEDS, &none), ["chromium", "chromium-driver", "npm"]);
        assert!(missing(NEEDS, &all).is_empty());
        assert_eq!(missing(NEEDS, &no_npm), ["npm"]);
        assert_eq!(missing(NEEDS, &no_driver), ["chromium", "chromium-driver"]);
        assert_eq!(
            install_command(&["chromium", "chromium-driver"], false),
            "sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
        );
        assert_eq!(
            install_command(&["npm"], true),
            "apt-get update && apt-get install -y npm"
        );
    }
}
