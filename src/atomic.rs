//! Writing files so that a reader never sees half of one: a file is
//! written beside its target and renamed over it only once it is complete
//! and flushed; a folder ([`Folder`]: a pack) is written file by file
//! beside its target and put in its place in one rename.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Writes a file and flushes it to disk (no rename: for files inside a
/// folder that is itself moved into place afterwards).
///
/// # Errors
/// Any I/O error.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder, flushed, then renamed over `path`. On failure `path` is as it
/// was and no temporary file is left.
///
/// # Errors
/// Any I/O error.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A folder written file by file into a staging folder beside its target
/// (on the same file system), each file flushed as it is added, then put
/// in the target's place by [`Folder::commit`]: a reader sees the previous
/// folder or the whole new one, never a mix. Files may be added from
/// several threads. Dropped without a commit, it removes what it wrote,
/// and the folders it made to hold it if nothing else is in them.
#[derive(Debug)]
pub struct Folder {
    parent: PathBuf,
    name: String,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Made on the first file: a failure before it writes nothing.
    staging: Option<tempfile::TempDir>,
    /// The folders made for the parent, deepest first.
    made: Vec<PathBuf>,
    /// The names of the files written so far.
    added: Vec<String>,
    committed: bool,
}

/// A path and why it could not be written.
pub type FolderError = (PathBuf, std::io::Error);

impl Folder {
    /// The folder `parent/name`, to be written; nothing is touched yet.
    pub fn new(parent: &Path, name: &str) -> Self {
        Self {
            parent: parent.to_path_buf(),
            name: name.to_owned(),
            state: Mutex::new(State::default()),
        }
    }

    /// The folder's place.
    pub fn target(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The staging folder, made on first need (and the parent with it).
    fn staging(&self) -> Result<PathBuf, FolderError> {
        let mut state = self.state();
        if let Some(dir) = state.staging.as_ref() {
            return Ok(dir.path().to_path_buf());
        }
        let at = |e| (self.parent.clone(), e);
        // Another folder of the same parent, dropped, may remove the
        // parent between our making it and our staging folder's: then
        // make it again.
        let mut tries = 0;
        let dir = loop {
            let mut missing: Vec<PathBuf> = self
                .parent
                .ancestors()
                .take_while(|p| !p.as_os_str().is_empty() && !p.is_dir())
                .map(Path::to_path_buf)
                .collect();
            if !missing.is_empty() {
                std::fs::create_dir_all(&self.parent).map_err(at)?;
                for m in missing.drain(..) {
                    if !state.made.contains(&m) {
                        state.made.push(m);
                    }
                }
            }
            match tempfile::Builder::new()
                .prefix(&format!(".{}.new-", self.name))
                .tempdir_in(&self.parent)
            {
                Ok(dir) => break dir,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && tries < 3 => tries += 1,
                Err(e) => return Err(at(e)),
            }
        };
        let path = dir.path().to_path_buf();
        state.staging = Some(dir);
        Ok(path)
    }

    /// Writes `file_name` into the staging folder with `write_one` (which
    /// is to flush it: [`write_file`]).
    ///
    /// # Errors
    /// The staging folder or the file cannot be written: the path and why.
    pub fn add(
        &self,
        file_name: &str,
        bytes: &[u8],
        write_one: impl FnOnce(&Path, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), FolderError> {
        let path = self.staging()?.join(file_name);
        write_one(&path, bytes).map_err(|e| (path, e))?;
        self.state().added.push(file_name.to_owned());
        Ok(())
    }

    /// Whether a file `file_name` has been written into the folder.
    pub fn has(&self, file_name: &str) -> bool {
        self.state().added.iter().any(|n| n == file_name)
    }

    /// Flushes the staging folder and puts it in the target's place: the
    /// previous folder, if any, is moved aside first and removed after.
    /// Returns the target. (The renames reach the disk with the file
    /// system's next commit: until then a crash leaves the previous folder,
    /// whole.)
    ///
    /// # Errors
    /// A rename fails. The previous folder is then back in its place; if
    /// even that rename fails, it is kept where it was moved, and the error
    /// says where.
    pub fn commit(self) -> Result<PathBuf, FolderError> {
        let staging = self.staging()?;
        if let Ok(dir) = std::fs::File::open(&staging) {
            let _ = dir.sync_all();
        }
        let target = self.target();
        let at = |path: &Path| {
            let path = path.to_path_buf();
            move |e| (path, e)
        };
        if target.exists() {
            // Move the old folder aside, move the new one in, then drop the old.
            let old = tempfile::Builder::new()
                .prefix(&format!(".{}.old-", self.name))
                .tempdir_in(&self.parent)
                .map_err(at(&self.parent))?;
            let aside = old.path().join("previous");
            std::fs::rename(&target, &aside).map_err(at(&target))?;
            if let Err(e) = std::fs::rename(&staging, &target) {
                // Put the old folder back before reporting; never remove it.
                if let Err(back) = std::fs::rename(&aside, &target) {
                    let kept = old.keep().join("previous");
                    return Err((
                        target,
                        std::io::Error::new(
                            e.kind(),
                            format!(
                                "{e}; the previous folder could not be put back ({back}) and is kept at {}",
                                kept.display()
                            ),
                        ),
                    ));
                }
                return Err((target, e));
            }
            drop(old);
        } else {
            std::fs::rename(&staging, &target).map_err(at(&target))?;
        }
        let mut state = self.state();
        // The staging folder was renamed away; nothing is left to remove.
        if let Some(dir) = state.staging.take() {
            let _ = dir.keep();
        }
        state.committed = true;
        drop(state);
        Ok(target)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        drop(state.staging.take());
        if !state.committed {
            // Only empty folders are removed, deepest first.
            for m in &state.made {
                if std::fs::remove_dir(m).is_err() {
                    break;
                }
            }
        }
    }
}
