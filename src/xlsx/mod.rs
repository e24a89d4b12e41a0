//! The XLSX tracking workbook.

use crate::report::Report;

/// What can go wrong rendering.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// Placeholder.
    #[error("the XLSX renderer is not written yet")]
    NotYet,
}

/// Renders the workbook.
///
/// # Errors
/// rust_xlsxwriter refuses something.
pub fn render(_report: &Report) -> Result<Vec<u8>, XlsxError> {
    Err(XlsxError::NotYet)
}
