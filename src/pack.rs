//! A handover pack: the statement and the workbook of one engagement,
//! rendered and written into `OUT/<engagement-id>/`.

use std::path::{Path, PathBuf};

use crate::Loaded;
use crate::i18n::Translator;
use crate::locale::Locale;
use crate::pdf;
use crate::report::{ResolveOptions, resolve};
use crate::template::Template;
use crate::xlsx;

/// Which outputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// The PDF statement only.
    Pdf,
    /// The XLSX workbook only.
    Xlsx,
}

/// One file of a pack.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// File name inside the pack folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What can go wrong building a pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// Resolving the report failed.
    #[error(transparent)]
    Resolve(#[from] crate::report::ResolveError),
    /// The labels are broken.
    #[error(transparent)]
    Labels(#[from] crate::i18n::I18nError),
    /// The PDF renderer failed.
    #[error("statement: {0}")]
    Pdf(#[from] pdf::PdfError),
    /// The XLSX renderer failed.
    #[error("workbook: {0}")]
    Xlsx(#[from] xlsx::XlsxError),
    /// Writing failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A rendered pack, not yet written.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The engagement id (the folder name).
    pub id: String,
    /// The files.
    pub files: Vec<PackFile>,
    /// Warnings from the renderers.
    pub warnings: Vec<String>,
}

/// Renders the pack of one engagement in each locale.
///
/// # Errors
/// A locale the catalogue lacks, or a renderer failure.
pub fn render(
    loaded: &Loaded,
    locales: &[Locale],
    template: &Template,
    only: Option<Only>,
    fallback_date: Option<jiff::civil::Date>,
) -> Result<Pack, PackError> {
    let tr = Translator::bundled()?;
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for &locale in locales {
        let report = resolve(
            tr,
            &loaded.catalogue,
            &loaded.engagement,
            ResolveOptions {
                locale,
                fallback_date,
            },
        )?;
        if only != Some(Only::Xlsx) {
            let out = pdf::render(&report, template)?;
            warnings.extend(out.warnings);
            files.push(PackFile {
                name: format!("statement-{}.pdf", locale.tag()),
                bytes: out.bytes,
            });
        }
        if only != Some(Only::Pdf) {
            files.push(PackFile {
                name: format!("tracker-{}.xlsx", locale.tag()),
                bytes: xlsx::render(&report)?,
            });
        }
    }
    Ok(Pack {
        id: loaded.engagement.id.clone(),
        files,
        warnings,
    })
}

/// Writes a pack into `out/<id>/`, each file atomically. Returns the folder.
///
/// # Errors
/// The folder or a file cannot be written.
pub fn write(pack: &Pack, out: &Path) -> Result<PathBuf, PackError> {
    let dir = out.join(&pack.id);
    std::fs::create_dir_all(&dir).map_err(|source| PackError::Write {
        path: dir.clone(),
        source,
    })?;
    for f in &pack.files {
        let path = dir.join(&f.name);
        write_atomic(&path, &f.bytes).map_err(|source| PackError::Write { path, source })?;
    }
    Ok(dir)
}

/// Writes one file atomically: a temporary file beside it, then a rename.
///
/// # Errors
/// The folder cannot be written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
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
