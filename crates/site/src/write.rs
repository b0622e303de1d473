//! Where the site is written: a staging folder swapped in only after the whole build succeeded, or memory (for
//! `serve` and tests). Stages write through [`Writer`] and never touch the disk themselves.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// A place the build writes files to; safe to call from several threads for different paths.
pub(crate) trait Writer: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copy a file as it is (content assets are never read into memory on disk builds).
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()>;
    fn files(&self) -> usize;
    /// An incremental build did not produce this file again because its inputs did not change: keep it.
    fn keep(&self, _rel: &str) {}
    /// Keep every file of the previous build below `prefix`.
    fn keep_prefix(&self, _prefix: &str) {}
}

/// A staging folder beside the output folder. Pages are written into it as they are rendered; `commit` swaps it in.
/// Dropped without `commit` (any error), it is removed and the previous output stays exactly as it was.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    files: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            files: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Swap the staging folder in for the output folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.out.with_file_name(format!(
            ".{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

/// Run `op` on `path`; if its folder is missing, create it and run `op` again. Most files land in a folder that
/// already exists, so this saves the two system calls of `create_dir_all` per file.
fn in_folder(path: &Path, op: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
    match op(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            op(path)
        }
        other => other,
    }
}

/// Remove a folder and everything below it, its subfolders on every core (a rebuild replaces tens of thousands
/// of files). Symbolic links are removed, never followed. Whatever cannot be removed is left behind.
fn remove_tree(dir: &Path) {
    fn remove(dir: &Path) -> io::Result<()> {
        let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
        entries.par_iter().for_each(|e| {
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => remove(&e.path()),
                _ => std::fs::remove_file(e.path()),
            };
        });
        std::fs::remove_dir(dir)
    }
    if remove(dir).is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

impl Writer for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        in_folder(&self.dir.join(rel), |path| std::fs::write(path, bytes))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        in_folder(&self.dir.join(rel), |path| std::fs::copy(src, path).map(|_| ()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The whole site in memory: path below the output folder → bytes.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_string(), bytes);
    }
}

impl Writer for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, bytes.to_vec());
        Ok(())
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.put(rel, std::fs::read(src)?);
        Ok(())
    }

    fn files(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or_default()
    }
}

/// The output folder written in place, for incremental builds (`serve`): a file is written only when its bytes
/// changed, and files of the previous build that this one neither wrote nor kept are removed at the end.
#[derive(Debug)]
pub(crate) struct InPlace<'a> {
    dir: PathBuf,
    previous: &'a HashMap<String, u64>,
    now: Mutex<HashMap<String, u64>>,
    written: AtomicUsize,
}

impl<'a> InPlace<'a> {
    pub fn open(dir: &Path, previous: &'a HashMap<String, u64>) -> io::Result<InPlace<'a>> {
        std::fs::create_dir_all(dir)?;
        Ok(InPlace {
            dir: dir.to_path_buf(),
            previous,
            now: Mutex::new(HashMap::new()),
            written: AtomicUsize::new(0),
        })
    }

    fn record(&self, rel: &str, hash: u64) {
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), hash);
    }

    /// Remove what the previous build wrote and this one did not; hand back what is there now.
    pub fn finish(self) -> HashMap<String, u64> {
        let now = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        for gone in self.previous.keys().filter(|k| !now.contains_key(*k)) {
            let _ = std::fs::remove_file(self.dir.join(gone));
        }
        now
    }
}

/// The hash an in-place build compares a file's new bytes by.
pub(crate) fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl Writer for InPlace<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = hash_of(bytes);
        let path = self.dir.join(rel);
        if self.previous.get(rel) != Some(&hash) || !path.exists() {
            in_folder(&path, |p| std::fs::write(p, bytes))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.record(rel, hash);
        Ok(())
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.write(rel, &std::fs::read(src)?)
    }

    fn files(&self) -> usize {
        self.now.lock().map(|f| f.len()).unwrap_or_default()
    }

    fn keep(&self, rel: &str) {
        if let Some(h) = self.previous.get(rel) {
            self.record(rel, *h);
        }
    }

    fn keep_prefix(&self, prefix: &str) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        for (k, h) in self.previous.iter().filter(|(k, _)| k.starts_with(prefix)) {
            now.insert(k.clone(), *h);
        }
    }
}

/// The writer a build uses: a staging folder, memory, or the output folder in place.
pub(crate) enum Sink<'a> {
    Disk(Staging),
    Memory(Memory),
    InPlace(InPlace<'a>),
}

/// What a finished sink hands back.
pub(crate) enum Finished {
    Disk,
    Memory(BTreeMap<String, Vec<u8>>),
    InPlace(HashMap<String, u64>),
}

impl<'a> Sink<'a> {
    /// Memory, the folder in place (given what the previous build wrote there), or a staging folder.
    pub fn open(out: &Path, in_memory: bool, in_place: Option<&'a HashMap<String, u64>>) -> io::Result<Sink<'a>> {
        Ok(match (in_memory, in_place) {
            (true, _) => Sink::Memory(Memory::default()),
            (false, Some(previous)) => Sink::InPlace(InPlace::open(out, previous)?),
            (false, None) => Sink::Disk(Staging::create(out)?),
        })
    }

    pub fn writer(&self) -> &dyn Writer {
        match self {
            Sink::Disk(s) => s,
            Sink::Memory(m) => m,
            Sink::InPlace(d) => d,
        }
    }

    /// Swap the staging folder in, hand over the files held in memory, or clean up after an in-place build.
    pub fn finish(self) -> io::Result<Finished> {
        Ok(match self {
            Sink::Disk(s) => {
                s.commit()?;
                Finished::Disk
            }
            Sink::Memory(m) => Finished::Memory(m.into_files()),
            Sink::InPlace(d) => Finished::InPlace(d.finish()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_place_writes_only_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let empty = HashMap::new();
        let first = InPlace::open(dir.path(), &empty).unwrap();
        first.write("a.html", b"a").unwrap();
        first.write("b.html", b"b").unwrap();
        let state = first.finish();
        let second = InPlace::open(dir.path(), &state).unwrap();
        second.write("a.html", b"a").unwrap();
        second.keep("x.html");
        assert_eq!(
            second.written.load(Ordering::Relaxed),
            0,
            "unchanged bytes are not written again"
        );
        second.write("c.html", b"c").unwrap();
        let now = second.finish();
        assert!(!dir.path().join("b.html").exists(), "not produced again: removed");
        assert_eq!(std::fs::read_to_string(dir.path().join("c.html")).unwrap(), "c");
        assert_eq!(now.len(), 2);
    }

    #[test]
    fn swap_replaces_and_failure_keeps_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();
        // A failed build: dropped without commit.
        {
            let s = Staging::create(&out).unwrap();
            s.write("new.txt", b"new").unwrap();
        }
        assert_eq!(std::fs::read_to_string(out.join("old.txt")).unwrap(), "old");
        assert!(!out.join("new.txt").exists());
        let s = Staging::create(&out).unwrap();
        s.write("a/new.txt", b"new").unwrap();
        assert_eq!(s.files(), 1);
        s.commit().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/new.txt")).unwrap(), "new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    #[test]
    fn replacing_an_output_removes_the_old_tree_but_not_what_links_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let keep = dir.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("precious.txt"), "x").unwrap();
        let first = Staging::create(&out).unwrap();
        for f in [
            "index.html",
            "en/a/index.html",
            "en/a/index.md",
            "es/b/c/d/index.html",
            "search/en/t/746f.json",
        ] {
            first.write(f, b"old").unwrap();
        }
        first.commit().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, out.join("en/link")).unwrap();
        let second = Staging::create(&out).unwrap();
        second.write("index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("en").exists());
        assert_eq!(std::fs::read_to_string(keep.join("precious.txt")).unwrap(), "x");
        let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, ["keep", "public"].map(std::ffi::OsString::from));
    }

    #[test]
    fn memory_keeps_every_file() {
        let m = Memory::default();
        m.write("en/index.html", b"<p>").unwrap();
        m.write("en/index.html", b"<p>2").unwrap();
        assert_eq!(m.files(), 1);
        assert_eq!(m.into_files()["en/index.html"], b"<p>2");
    }
}
