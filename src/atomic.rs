//! Writing files so that a reader never sees half of one: a file is
//! written beside its target and renamed over it only once it is complete
//! and flushed. (A pack, several files, is written as a unit by
//! [`crate::pack::write`].)

use std::io::Write;
use std::path::Path;

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
