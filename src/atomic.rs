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
                std::fs::create_dir_all(&self.parent).map_err(at(&self.parent))?;
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
                Err(e) => return Err(at(&self.parent)(e)),
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

    /// Flushes the staging folder and puts it in the target's place. A
    /// previous folder, if any, trades names with it in one step (on Linux;
    /// where the file system cannot, it is moved aside first) and is
    /// removed after. Returns the target. (The renames reach the disk with
    /// the file system's next commit: until then a crash leaves the
    /// previous folder, whole. A crash between the exchange and the
    /// removal leaves the previous folder under the staging folder's
    /// hidden name, `.NAME.new-…`.)
    ///
    /// # Errors
    /// A rename fails. The previous folder is then in its place; if it
    /// was moved aside and cannot be put back, it is kept where it was
    /// moved, and the error says where.
    pub fn commit(self) -> Result<PathBuf, FolderError> {
        let staging = self.staging()?;
        if let Ok(dir) = std::fs::File::open(&staging) {
            let _ = dir.sync_all();
        }
        let target = self.target();
        // Whether the staging folder's name holds the previous folder (or
        // the file a forced build replaces) once the new one is in place.
        let traded = if target.exists() {
            match exchange(&staging, &target) {
                Ok(()) => true,
                Err(e) if exchange_unsupported(&e) => {
                    self.replace_aside(&staging, &target)?;
                    false
                }
                // Gone meanwhile: nothing to trade places with.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !target.exists() => {
                    std::fs::rename(&staging, &target).map_err(at(&target))?;
                    false
                }
                Err(e) => return Err((target, e)),
            }
        } else {
            std::fs::rename(&staging, &target).map_err(at(&target))?;
            false
        };
        let mut state = self.state();
        if let Some(dir) = state.staging.take() {
            let left = dir.keep();
            if traded {
                let _ = if left.is_dir() {
                    std::fs::remove_dir_all(&left)
                } else {
                    std::fs::remove_file(&left)
                };
            }
        }
        state.committed = true;
        drop(state);
        Ok(target)
    }

    /// Replaces `target` where the file system cannot exchange two names:
    /// the previous folder is renamed aside, the new one into its place
    /// (a reader may find neither between the two renames), and the
    /// previous one removed.
    fn replace_aside(&self, staging: &Path, target: &Path) -> Result<(), FolderError> {
        // Move the old folder aside, move the new one in, then drop the old.
        let old = tempfile::Builder::new()
            .prefix(&format!(".{}.old-", self.name))
            .tempdir_in(&self.parent)
            .map_err(at(&self.parent))?;
        let aside = old.path().join("previous");
        std::fs::rename(target, &aside).map_err(at(target))?;
        if let Err(e) = std::fs::rename(staging, target) {
            // Put the old folder back before reporting; never remove it.
            if let Err(back) = std::fs::rename(&aside, target) {
                let kept = old.keep().join("previous");
                return Err((
                    target.to_path_buf(),
                    std::io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; the previous folder could not be put back ({back}) and is kept at {}",
                            kept.display()
                        ),
                    ),
                ));
            }
            return Err((target.to_path_buf(), e));
        }
        drop(old);
        Ok(())
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

/// Pairs an I/O error with the path it concerns.
fn at(path: &Path) -> impl FnOnce(std::io::Error) -> FolderError {
    let path = path.to_path_buf();
    move |e| (path, e)
}

/// Swaps the names `a` and `b` in one step (Linux's `RENAME_EXCHANGE`):
/// a reader finds one folder or the other at each name, never none.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Whether `exchange` failed because the kernel or the file system lacks
/// it (then the names are swapped in two renames).
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::io::Errno;
        // EPERM: a sandbox (seccomp) that refuses the system call itself.
        if matches!(
            Errno::from_io_error(e),
            Some(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP | Errno::PERM)
        ) {
            return true;
        }
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn folder_with(parent: &Path, content: &str) -> Folder {
        let folder = Folder::new(parent, "pack");
        folder
            .add("file.txt", content.as_bytes(), write_file)
            .unwrap();
        folder
    }

    #[test]
    fn a_commit_over_a_folder_trades_places_and_removes_the_previous_one() {
        let out = tempfile::tempdir().unwrap();
        folder_with(out.path(), "old").commit().unwrap();
        std::fs::write(out.path().join("pack/left-over.txt"), "old").unwrap();
        let target = folder_with(out.path(), "new").commit().unwrap();
        assert_eq!(
            names(out.path()),
            ["pack"],
            "nothing staged or aside is left"
        );
        assert_eq!(
            names(&target),
            ["file.txt"],
            "the previous folder is gone whole"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("file.txt")).unwrap(),
            "new"
        );
    }

    #[test]
    fn a_file_in_the_folders_place_is_replaced_and_removed() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("pack"), "a file").unwrap();
        let target = folder_with(out.path(), "new").commit().unwrap();
        assert_eq!(names(out.path()), ["pack"], "nothing is left beside it");
        assert_eq!(names(&target), ["file.txt"]);
    }

    #[test]
    fn where_names_cannot_be_traded_the_previous_folder_is_moved_aside() {
        let out = tempfile::tempdir().unwrap();
        folder_with(out.path(), "old").commit().unwrap();
        let new = folder_with(out.path(), "new");
        let staging = new.staging().unwrap();
        new.replace_aside(&staging, &new.target()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("pack/file.txt")).unwrap(),
            "new"
        );
        assert_eq!(
            names(out.path()),
            ["pack"],
            "the previous folder is removed"
        );
    }

    #[test]
    fn an_unsupported_exchange_is_told_from_a_failed_one() {
        assert!(exchange_unsupported(
            &std::io::ErrorKind::Unsupported.into()
        ));
        assert!(!exchange_unsupported(&std::io::ErrorKind::NotFound.into()));
        #[cfg(target_os = "linux")]
        {
            // EINVAL (the file system), EPERM (a sandbox), not EACCES.
            assert!(exchange_unsupported(&std::io::Error::from_raw_os_error(22)));
            assert!(exchange_unsupported(&std::io::Error::from_raw_os_error(1)));
            assert!(!exchange_unsupported(&std::io::Error::from_raw_os_error(
                13
            )));
        }
    }
}
