//! [`Error`]: every stage's error in one type, for programs that run the
//! whole pipeline (the batch, the command line) and want to tell the kinds
//! apart without matching strings.

use std::path::PathBuf;

use crate::LoadError;
use crate::diagnostic::Diagnostic;
use crate::import::ImportError;
use crate::pack::PackError;
use crate::pdf::PdfError;
use crate::report::ResolveError;
use crate::template::TemplateError;

/// What can fail anywhere in the pipeline, by stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file is invalid: its diagnostics, each with its place.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The template folder is unusable.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The template's fonts or logo cannot be used by the statement.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The report cannot be resolved (a locale the catalogue lacks).
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A folder of messages (`--locales`) cannot be used.
    #[error(transparent)]
    Locales(#[from] crate::i18n::I18nError),
    /// A pack cannot be rendered, written or read.
    #[error(transparent)]
    Pack(#[from] PackError),
    /// A workbook cannot be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Two engagements of one batch have the same id, so they would build
    /// the same pack.
    #[error("engagement id `{id}` is also built from {other}: each pack needs its own id")]
    IdClash {
        /// The id.
        id: String,
        /// The input that builds it first.
        other: String,
    },
    /// A file other than a pack cannot be written (the previous one, if
    /// any, is untouched).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Load(d.into())
    }
}

impl From<Diagnostic> for LoadError {
    fn from(d: Diagnostic) -> Self {
        LoadError {
            diagnostics: crate::diagnostic::Diagnostics(vec![d]),
            sources: Vec::new(),
        }
    }
}
