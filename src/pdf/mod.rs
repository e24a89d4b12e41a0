//! The PDF statement of responsibilities.

use crate::report::Report;
use crate::template::Template;

/// A rendered statement.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Things the reader should know (e.g. characters the font lacks).
    pub warnings: Vec<String>,
}

/// What can go wrong rendering.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Placeholder.
    #[error("the PDF renderer is not written yet")]
    NotYet,
}

/// Renders the statement.
///
/// # Errors
/// A font or image of the template cannot be used.
pub fn render(_report: &Report, _template: &Template) -> Result<PdfOutput, PdfError> {
    Err(PdfError::NotYet)
}
