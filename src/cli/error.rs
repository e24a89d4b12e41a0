//! What a command can fail with, and the exit code of each kind.

use std::process::ExitCode;

use handover::Error as Stage;
use handover::import::ImportError;
use handover::pack::PackError;
use handover::pdf::PdfError;
use handover::pdf::sign::SignPdfError;
use handover::report::ResolveError;
use handover::sign::SignError;
use handover::xlsx::XlsxError;

/// The exit codes, documented once (also in `--help` and the README).
pub mod code {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// An input is invalid, or a check does not hold (a pack changed, a
    /// workbook refused).
    pub const INVALID: u8 = 1;
    /// The command line is wrong.
    pub const USAGE: u8 = 2;
    /// An output could not be written (a full disk, a folder without
    /// write permission).
    pub const IO: u8 = 3;
    /// A bug in handover.
    pub const INTERNAL: u8 = 4;
}

/// A failed command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A stage of the pipeline failed.
    #[error(transparent)]
    Stage(#[from] Stage),
    /// The arguments are wrong.
    #[error("{0}")]
    Usage(String),
    /// Standard output could not be written (a closed pipe ends the output
    /// quietly instead: see [`Error::is_broken_pipe`]).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// A statement cannot be signed.
    #[error(transparent)]
    Sign(#[from] handover::sign::SignError),
}

/// Converts a stage's result for `?` in a command.
pub trait Staged<T> {
    /// The result with the error as [`Error`].
    fn staged(self) -> Result<T, Error>;
}

impl<T, E: Into<Stage>> Staged<T> for Result<T, E> {
    fn staged(self) -> Result<T, Error> {
        self.map_err(|e| Error::Stage(e.into()))
    }
}

impl Error {
    /// Whether this is the reader of standard output having gone away
    /// (`handover show --json | head -1`): the end of output, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The exit code of this kind of failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => code::USAGE,
            Error::Output(_) if self.is_broken_pipe() => code::OK,
            Error::Output(_) => code::IO,
            Error::Stage(s) => stage_code(s),
            Error::Sign(s) => sign_code(s),
        }
    }

    /// The exit code as the process returns it.
    pub fn exit(&self) -> ExitCode {
        ExitCode::from(self.exit_code())
    }
}

/// The exit code of a stage's failure.
pub fn stage_code(e: &Stage) -> u8 {
    match e {
        Stage::Load(_) | Stage::Template(_) | Stage::Locales(_) | Stage::IdClash { .. } => {
            code::INVALID
        }
        Stage::Resolve(r) => resolve_code(r),
        Stage::Pdf(p) => pdf_code(p),
        Stage::Import(ImportError::Open(_) | ImportError::Refused(_)) => code::INVALID,
        Stage::Import(ImportError::Invalid(_)) => code::INTERNAL,
        Stage::Write { .. } => code::IO,
        Stage::Pack(p) => match p {
            PackError::Resolve(r) => resolve_code(r),
            PackError::Labels(_) => code::INTERNAL,
            PackError::Pdf(p) => pdf_code(p),
            PackError::Xlsx(XlsxError::TooManyItems { .. }) => code::INVALID,
            PackError::Xlsx(_) => code::INTERNAL,
            PackError::Write { .. } => code::IO,
            PackError::NotAPack { .. } => code::USAGE,
            PackError::Manifest { .. } => code::INVALID,
        },
    }
}

fn sign_code(e: &SignError) -> u8 {
    match e {
        SignError::Cms(_)
        | SignError::Pdf(SignPdfError::Font(_) | SignPdfError::TooLarge { .. }) => code::INTERNAL,
        _ => code::INVALID,
    }
}

fn pdf_code(e: &PdfError) -> u8 {
    match e {
        // The template's fonts and logo are inputs.
        PdfError::Font { .. } | PdfError::FontFile { .. } | PdfError::Logo { .. } => code::INVALID,
        // A statement whose attachments cannot be read back is an input.
        PdfError::Attachment(_) => code::INVALID,
        PdfError::Write(_) => code::INTERNAL,
    }
}

fn resolve_code(e: &ResolveError) -> u8 {
    match e {
        ResolveError::LocaleNotInCatalogue { .. } => code::INVALID,
        ResolveError::Labels(_) => code::INTERNAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_code() {
        let io = |kind| Error::Output(std::io::Error::new(kind, "x"));
        assert_eq!(io(std::io::ErrorKind::BrokenPipe).exit_code(), code::OK);
        assert_eq!(io(std::io::ErrorKind::StorageFull).exit_code(), code::IO);
        assert_eq!(Error::Usage("x".into()).exit_code(), code::USAGE);
        let stage = |e: Stage| Error::Stage(e).exit_code();
        assert_eq!(
            stage(Stage::IdClash {
                id: "A".into(),
                other: "b".into()
            }),
            code::INVALID
        );
        assert_eq!(
            stage(Stage::Import(ImportError::Invalid("bug".into()))),
            code::INTERNAL
        );
        assert_eq!(
            stage(Stage::Pack(PackError::Pdf(PdfError::Write("bug".into())))),
            code::INTERNAL
        );
        assert_eq!(
            stage(Stage::Pack(PackError::NotAPack { path: "out".into() })),
            code::USAGE
        );
        let sign = |e: SignError| Error::Sign(e).exit_code();
        assert_eq!(
            sign(SignError::WrongPassword { what: "key" }),
            code::INVALID
        );
        assert_eq!(
            sign(SignError::Pdf(SignPdfError::NotForSignature)),
            code::INVALID
        );
        assert_eq!(sign(SignError::Cms("bug".into())), code::INTERNAL);
        assert_eq!(
            stage(Stage::Write {
                path: "x".into(),
                source: std::io::Error::other("full")
            }),
            code::IO
        );
    }
}
