//! Writing a pack as a unit: [`Staging`] puts files into a folder beside
//! the target as each is ready, and swaps it into place once the pack is
//! whole ([`atomic::Folder`]); [`write()`] does it all at once.

use std::path::{Path, PathBuf};

use super::{MANIFEST, Pack, PackError, PackFile, write_file};
use crate::atomic;

/// Writes a pack into `out/<id>/` as a unit. Returns the folder.
///
/// # Errors
/// The folder cannot be written, or holds something that is not a pack
/// (unless `force`). The previous pack is then untouched.
pub fn write(pack: &Pack, out: &Path, force: bool) -> Result<PathBuf, PackError> {
    write_with(pack, out, force, write_file)
}

/// [`write()`] with the function that writes each file given, so tests can
/// make it fail midway.
///
/// # Errors
/// As [`write()`].
pub fn write_with(
    pack: &Pack,
    out: &Path,
    force: bool,
    write_one: impl FnMut(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<PathBuf, PackError> {
    Staging::new(&pack.id, out, force)?.commit_with(pack, write_one)
}

/// A pack being written into `out/<id>/`: files can go into its staging
/// folder as soon as each is ready, from any thread (a tracker while its
/// statement is still being finished), and [`Staging::commit`] writes the
/// rest of the pack and swaps the folder into place ([`atomic::Folder`]).
/// Dropped without a commit, it leaves nothing behind.
#[derive(Debug)]
pub struct Staging {
    folder: atomic::Folder,
    force: bool,
}

impl Staging {
    /// The pack `id` in `out`; nothing is written yet. The target is
    /// checked now, so that a pack that could not be put in place is not
    /// rendered, and again at the commit.
    ///
    /// # Errors
    /// `out/<id>` holds something that is not a pack, and not `force`.
    pub fn new(id: &str, out: &Path, force: bool) -> Result<Self, PackError> {
        let staging = Self {
            folder: atomic::Folder::new(out, id),
            force,
        };
        staging.check_target()?;
        Ok(staging)
    }

    /// Refuses a target that is not a pack (no manifest), unless forced.
    fn check_target(&self) -> Result<(), PackError> {
        let target = self.folder.target();
        if target.exists() && !self.force && !target.join(MANIFEST).is_file() {
            return Err(PackError::NotAPack { path: target });
        }
        Ok(())
    }

    /// Writes `file` into the staging folder and flushes it.
    ///
    /// # Errors
    /// It cannot be written.
    pub fn add(&self, file: &PackFile) -> Result<(), PackError> {
        self.add_with(file, write_file)
    }

    fn add_with(
        &self,
        file: &PackFile,
        write_one: impl FnOnce(&Path, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), PackError> {
        self.folder
            .add(&file.name, &file.bytes, write_one)
            .map_err(write_error)
    }

    /// Writes the files of `pack` not added yet, then puts the pack in
    /// place. Returns its folder.
    ///
    /// # Errors
    /// As [`write()`].
    pub fn commit(self, pack: &Pack) -> Result<PathBuf, PackError> {
        use rayon::prelude::*;
        // Side by side: each file's flush waits on the disk. The first
        // failure in the pack's order is the one told.
        let written: Vec<Result<(), PackError>> = pack
            .files
            .par_iter()
            .filter(|f| !self.folder.has(&f.name))
            .map(|f| self.add(f))
            .collect();
        written.into_iter().collect::<Result<(), _>>()?;
        self.swap()
    }

    fn commit_with(
        self,
        pack: &Pack,
        mut write_one: impl FnMut(&Path, &[u8]) -> std::io::Result<()>,
    ) -> Result<PathBuf, PackError> {
        for f in pack.files.iter().filter(|f| !self.folder.has(&f.name)) {
            self.add_with(f, &mut write_one)?;
        }
        self.swap()
    }

    /// Puts the staged pack in place.
    fn swap(self) -> Result<PathBuf, PackError> {
        // What is there may have changed while the pack was rendered.
        self.check_target()?;
        self.folder.commit().map_err(write_error)
    }
}

/// A file or folder of the pack that could not be written.
fn write_error((path, source): atomic::FolderError) -> PackError {
    PackError::Write { path, source }
}
