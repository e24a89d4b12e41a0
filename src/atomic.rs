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
/// and the parent folder too if it made it and nothing else is in it.
#[derive(Debug)]
pub struct Folder {
    parent: PathBuf,
    name: String,
    /// Made on the first file: a failure before it writes nothing.
    staging: Mutex<Option<tempfile::TempDir>>,
    made_parent: Mutex<bool>,
}

/// A path and why it could not be written.
pub type FolderError = (PathBuf, std::io::Error);

impl Folder {
    /// The folder `parent/name`, to be written; nothing is touched yet.
    pub fn new(parent: &Path, name: &str) -> Self {
        Self {
            parent: parent.to_path_buf(),
            name: name.to_owned(),
            staging: Mutex::new(None),
            made_parent: Mutex::new(false),
        }
    }

    /// The folder's place.
    pub fn target(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// The staging folder, made on first need.
    fn staging(&self) -> Result<PathBuf, FolderError> {
        let mut staging = self.staging.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(dir) = staging.as_ref() {
            return Ok(dir.path().to_path_buf());
        }
        let at = |e| (self.parent.clone(), e);
        if !self.parent.is_dir() {
            std::fs::create_dir_all(&self.parent).map_err(at)?;
            *self
                .made_parent
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = true;
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", self.name))
            .tempdir_in(&self.parent)
            .map_err(at)?;
        let path = dir.path().to_path_buf();
        *staging = Some(dir);
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
        write_one(&path, bytes).map_err(|e| (path, e))
    }

    /// Flushes the staging folder and puts it in the target's place: the
    /// previous folder, if any, is moved aside first and removed after.
    /// Returns the target.
    ///
    /// # Errors
    /// A rename fails; the previous folder is then back in its place.
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
                // Put the old folder back before reporting.
                let _ = std::fs::rename(&aside, &target);
                return Err((target, e));
            }
            drop(old);
        } else {
            std::fs::rename(&staging, &target).map_err(at(&target))?;
        }
        // The staging folder was renamed away; nothing is left to remove.
        if let Some(dir) = self
            .staging
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = dir.keep();
        }
        Ok(target)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let staging = self
            .staging
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(dir) = staging.take() {
            drop(dir);
            if *self
                .made_parent
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
            {
                // Only an empty folder is removed.
                let _ = std::fs::remove_dir(&self.parent);
            }
        }
    }
}
