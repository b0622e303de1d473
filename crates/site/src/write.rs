//! Where the site is written: a staging folder (the reused output before last) swapped in only after the whole
//! build succeeded, memory (for tests and tools), or a session's folder in place (`serve`). Stages write
//! through [`Writer`] and never touch the disk themselves.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
/// Dropped without `commit` (any error), the previous output stays exactly as it was.
///
/// The output before last is kept beside it as a *spare* (`.public.spare`), and the next build stages into it:
/// each file is overwritten where it is, and what the build did not write again is removed at the end. On ext4
/// that is far cheaper than removing tens of thousands of files and creating them again (allocating inodes
/// soon after freeing as many spends the kernel's time searching for them).
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    spare: PathBuf,
    /// The regular files found in a reused spare, and whether this build wrote each again.
    found: Found,
    recycled: bool,
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
        let spare = parent.join(format!(".{name}.spare"));
        let _ = std::fs::remove_dir_all(&dir);
        let is_folder = std::fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir());
        let recycled = is_folder && std::fs::rename(&spare, &dir).is_ok();
        let found = if recycled {
            Found::new(inventory(&dir))
        } else {
            std::fs::create_dir_all(&dir)?;
            Found::new(Vec::new())
        };
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            spare,
            found,
            recycled,
            files: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Remove what the reused spare held and this build did not write, then swap the staging folder in for the
    /// output folder, which becomes the next build's spare.
    pub fn commit(mut self) -> io::Result<()> {
        self.remove_stale();
        let had_old = std::fs::symlink_metadata(&self.out).is_ok();
        if had_old {
            // Only a build that could not take the spare (another build took it first) finds one here.
            remove_any(&self.spare);
            if std::fs::rename(&self.out, &self.spare).is_err() {
                let old = self.out.with_file_name(format!(
                    ".{}.old-{}",
                    self.out
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    std::process::id()
                ));
                std::fs::rename(&self.out, &old)?;
                self.swap_in(Some(&old))?;
                remove_any(&old);
                return Ok(());
            }
            let spare = self.spare.clone();
            return self.swap_in(Some(&spare));
        }
        self.swap_in(None)
    }

    /// Rename the staging folder to the output folder; on failure put `old` (the previous output) back.
    fn swap_in(&mut self, old: Option<&Path>) -> io::Result<()> {
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if let Some(old) = old {
                let _ = std::fs::rename(old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        Ok(())
    }

    /// Remove the files of the reused spare that this build did not write, and the folders that leaves empty.
    fn remove_stale(&self) {
        let stale: Vec<&str> = self.found.not_written().collect();
        stale.par_iter().for_each(|rel| {
            let _ = std::fs::remove_file(self.dir.join(rel));
        });
        let mut folders: Vec<&str> = stale
            .iter()
            .flat_map(|rel| rel.match_indices('/').map(|(i, _)| &rel[..i]))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        // Deepest first; a folder that still holds anything stays.
        folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
        for f in folders {
            let _ = std::fs::remove_dir(self.dir.join(f));
        }
    }

    /// Make room for `rel` in a reused spare: a file where a folder of its path must be, or a folder where the
    /// file must be, is removed.
    fn clear_way(&self, rel: &str) {
        for (i, _) in rel.match_indices('/') {
            let p = self.dir.join(&rel[..i]);
            if std::fs::symlink_metadata(&p).is_ok_and(|m| !m.is_dir()) {
                let _ = std::fs::remove_file(&p);
            }
        }
        let p = self.dir.join(rel);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
            remove_tree(&p);
        }
    }

    /// Write `rel`: a file found in the reused spare is overwritten in place (`over`, given the path), any
    /// other one created (`create`); in a reused spare, a failed creation clears the way and tries once more.
    fn put(
        &self,
        rel: &str,
        over: impl Fn(&Path) -> io::Result<()>,
        create: impl Fn(&Path) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.dir.join(rel);
        if self.found.mark(rel) {
            // `over` refuses a reused file shared with another hard link (a `cp -al` backup, say): it is
            // replaced, not overwritten, so the other copy keeps its bytes.
            if over(&path).is_ok() {
                self.files.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            let _ = std::fs::remove_file(&path);
        }
        let mut result = in_folder(&path, &create);
        if result.is_err() && self.recycled {
            self.clear_way(rel);
            result = in_folder(&path, &create);
        }
        result?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Write `bytes` over the existing file at `path` from its start, then cut it to their length if it was
/// longer. Not truncating it to zero first matters on ext4: a file truncated to zero and written again is
/// flushed to disk when closed (`auto_da_alloc`), which made every overwritten page cost a write-out during the
/// build. Fails, writing nothing, when `path` is a symbolic link or the file has other hard links (then the
/// caller replaces it). The open file's own metadata says both, so an overwrite costs no path lookup beyond
/// the open, and no truncation when the new bytes are as long (most pages of a rebuild). Public for the bench's
/// floor, which writes the same way.
pub fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path)?;
    let old = file.metadata()?;
    if !single_link(&old) {
        return Err(io::Error::other("shared with another hard link"));
    }
    file.write_all(bytes)?;
    if old.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Every regular file below `dir`, by path below it with `/` between names, read from the folders alone (no
/// file's inode is read: that would be a disk read per file when they are not cached). Anything else is
/// removed now: a symbolic link, so no write follows one out of the folder. A file with other hard links is
/// found when it is written ([`Staging::put`]) and replaced.
fn inventory(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
        entries
            .par_iter()
            .flat_map_iter(|e| {
                let path = e.path();
                // A name the build cannot have written (not UTF-8) is removed with everything below it.
                let Ok(name) = e.file_name().into_string() else {
                    remove_any(&path);
                    return Vec::new();
                };
                let rel = if prefix.is_empty() {
                    name
                } else {
                    format!("{prefix}/{name}")
                };
                match e.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, &rel),
                    Ok(t) if t.is_file() => vec![rel],
                    _ => {
                        let _ = std::fs::remove_file(&path);
                        Vec::new()
                    }
                }
            })
            .collect()
    }
    walk(dir, "")
}

/// The files of a reused spare (tens of thousands of paths, kept for the whole build): sorted and packed into
/// one string, each with a flag set when the build writes it again.
#[derive(Debug)]
struct Found {
    paths: String,
    /// Where each path ends in `paths`.
    ends: Vec<u32>,
    written: Vec<AtomicBool>,
}

impl Found {
    fn new(mut paths: Vec<String>) -> Found {
        paths.sort_unstable();
        let mut packed = String::with_capacity(paths.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(paths.len());
        for p in &paths {
            packed.push_str(p);
            ends.push(u32::try_from(packed.len()).unwrap_or(u32::MAX));
        }
        Found {
            written: paths.iter().map(|_| AtomicBool::new(false)).collect(),
            paths: packed,
            ends,
        }
    }

    fn path(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.paths.get(start..self.ends[i] as usize).unwrap_or_default()
    }

    /// Note that the build writes `rel`; whether it was found.
    fn mark(&self, rel: &str) -> bool {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.path(mid).cmp(rel) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    self.written[mid].store(true, Ordering::Relaxed);
                    return true;
                }
            }
        }
        false
    }

    /// The paths the build did not write again.
    fn not_written(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len())
            .filter(|&i| !self.written[i].load(Ordering::Relaxed))
            .map(|i| self.path(i))
    }
}

/// Whether a regular file has a single hard link (unknown elsewhere than Unix: then no).
fn single_link(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.is_file() && meta.nlink() == 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether `path` is a regular file with a single hard link.
fn only_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| single_link(&m))
}

/// Remove whatever is at `path`: a folder with everything below it, or a file or link.
fn remove_any(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_tree(path),
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Run `op` on `path`; if its folder is missing, create it and run `op` again. Most files land in a folder that
/// already exists, so this saves the two system calls of `create_dir_all` per file.
fn in_folder(path: &Path, op: &impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
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
        self.put(rel, |path| overwrite(path, bytes), |path| std::fs::write(path, bytes))
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        let copy = |path: &Path| std::fs::copy(src, path).map(|_| ());
        let over = |path: &Path| match only_link(path) {
            true => copy(path),
            false => Err(io::Error::other("shared with another hard link")),
        };
        self.put(rel, over, copy)
    }

    fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves its staging folder as the spare (its files are only reused, never
    /// served), or removes it when there already is one.
    fn drop(&mut self) {
        if !self.committed
            && (std::fs::symlink_metadata(&self.spare).is_ok() || std::fs::rename(&self.dir, &self.spare).is_err())
        {
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
            in_folder(&path, &|p: &Path| std::fs::write(p, bytes))?;
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
        assert_eq!(
            names(dir.path()),
            [".public.spare", "public"],
            "the previous output is kept as the spare; no staging folder remains"
        );
        assert_eq!(
            tree(&dir.path().join(".public.spare")),
            [("old.txt".into(), "old".into())]
        );
    }

    /// Every file below `dir` with its text, by path.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let e = e.unwrap();
                let rel = format!("{prefix}{}", e.file_name().to_string_lossy());
                if e.file_type().unwrap().is_dir() {
                    walk(&e.path(), &format!("{rel}/"), out);
                } else {
                    out.push((rel, std::fs::read_to_string(e.path()).unwrap_or_default()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, "", &mut out);
        out.sort();
        out
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Build `files` into `out` through a staging folder and commit it.
    fn build(out: &Path, files: &[(&str, &str)]) {
        let s = Staging::create(out).unwrap();
        for (rel, text) in files {
            s.write(rel, text.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    }

    #[test]
    fn a_third_build_overwrites_the_spare_in_place_and_removes_what_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(
            &out,
            &[
                ("a/index.html", "1, longer than what overwrites it"),
                ("gone/x/index.html", "1"),
                ("b.md", "1"),
            ],
        );
        build(&out, &[("a/index.html", "2")]);
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(dir.path().join(".public.spare/a/index.html"))
                .unwrap()
                .ino()
        };
        // The third build stages into the first build's output.
        build(&out, &[("a/index.html", "3"), ("c/index.html", "3")]);
        assert_eq!(
            tree(&out),
            [("a/index.html".into(), "3".into()), ("c/index.html".into(), "3".into())],
            "exactly what the build wrote: no stale file, no emptied folder"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(
                std::fs::metadata(out.join("a/index.html")).unwrap().ino(),
                inode,
                "the file was overwritten where it was"
            );
        }
        assert_eq!(
            tree(&dir.path().join(".public.spare")),
            [("a/index.html".into(), "2".into())]
        );
        assert_eq!(names(dir.path()), [".public.spare", "public"]);
    }

    #[test]
    fn a_reused_spare_gives_way_where_a_file_and_a_folder_swap_places() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a", "file"), ("c/d.txt", "in a folder")]);
        build(&out, &[("x", "")]);
        build(&out, &[("a/b.txt", "now a folder"), ("c", "now a file")]);
        assert_eq!(
            tree(&out),
            [
                ("a/b.txt".into(), "now a folder".into()),
                ("c".into(), "now a file".into())
            ]
        );
    }

    /// Regression: overwriting a reused file in place must not reach through a hard link or a symbolic link
    /// into a file outside the output.
    #[cfg(unix)]
    #[test]
    fn a_reused_spare_never_writes_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("index.html"), "mine").unwrap();
        build(&out, &[("hard.html", "old")]);
        // A backup made with `cp -al`, and a link a user put into the output.
        std::fs::hard_link(out.join("hard.html"), outside.join("hard.html")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("linked")).unwrap();
        build(&out, &[("x", "")]);
        build(&out, &[("hard.html", "new"), ("linked/index.html", "new")]);
        assert_eq!(std::fs::read_to_string(outside.join("hard.html")).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(outside.join("index.html")).unwrap(), "mine");
        assert_eq!(
            tree(&out),
            [
                ("hard.html".into(), "new".into()),
                ("linked/index.html".into(), "new".into())
            ]
        );
    }

    /// `overwrite` truncates only when the old file was longer, so both directions must come out exact; and it
    /// must refuse, writing nothing, a symbolic link or a file with another hard link.
    #[cfg(unix)]
    #[test]
    fn overwrite_leaves_exactly_the_new_bytes_and_refuses_links() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        for (old, new) in [
            ("longer than the new", "short"),
            ("short", "longer than the old"),
            ("same", "SAME"),
        ] {
            std::fs::write(&file, old).unwrap();
            overwrite(&file, new.as_bytes()).unwrap();
            assert_eq!(std::fs::read_to_string(&file).unwrap(), new, "{old:?} → {new:?}");
        }
        let target = dir.path().join("target");
        std::fs::write(&target, "mine").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("sym")).unwrap();
        assert!(overwrite(&dir.path().join("sym"), b"x").is_err());
        let shared = dir.path().join("shared");
        std::fs::write(&shared, "ours too").unwrap();
        std::fs::hard_link(&shared, dir.path().join("hard")).unwrap();
        assert!(overwrite(&dir.path().join("hard"), b"x").is_err());
        assert!(overwrite(&dir.path().join("missing"), b"x").is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(&shared).unwrap(), "ours too");
    }

    #[test]
    fn a_failed_build_over_a_reused_spare_keeps_the_output_and_leaves_one_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a.txt", "1")]);
        build(&out, &[("a.txt", "2")]);
        {
            let s = Staging::create(&out).unwrap();
            s.write("a.txt", b"3").unwrap();
        }
        assert_eq!(tree(&out), [("a.txt".into(), "2".into())]);
        assert_eq!(names(dir.path()), [".public.spare", "public"]);
        build(&out, &[("b.txt", "4")]);
        assert_eq!(tree(&out), [("b.txt".into(), "4".into())]);
    }

    #[test]
    fn replacing_an_output_keeps_the_old_tree_as_the_spare_and_never_follows_its_links() {
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
        assert_eq!(
            leftovers,
            [".public.spare", "keep", "public"].map(std::ffi::OsString::from)
        );
        // The next build reuses the spare: the link in it is removed, never followed.
        build(&out, &[("index.html", "third")]);
        assert_eq!(std::fs::read_to_string(keep.join("precious.txt")).unwrap(), "x");
        assert_eq!(tree(&out), [("index.html".into(), "third".into())]);
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
