//! The PDF statement of responsibilities.
//!
//! [`render`] is a pure function of a [`Report`] and a [`Template`]: no
//! YAML, no Fluent, no files, no clock; the same inputs give the same bytes.
//!
//! # Steps
//!
//! 1. [`layout()`]: text measured with the font's own advances and broken
//!    into lines (`face`, `linebreak`: UAX #14, Korean kept whole between spaces),
//!    tables paginated with their header repeated, cover, summary chart,
//!    phase sections and sign-off page placed — a [`layout::Document`] of
//!    positioned boxes, no PDF types;
//! 2. `draw`: fonts subset to the characters drawn (`subset`); printpdf
//!    writes the document, its pages, fonts and logo;
//! 3. `content`: each page's boxes written as PDF operators and
//!    compressed, pages in parallel;
//! 4. `finish`: lopdf puts those streams in as the pages' contents and
//!    fixes what printpdf cannot be told (metadata, `/Lang`, ordered
//!    outline, deterministic `/ID`), then writes the file.

mod content;
mod draw;
pub(crate) mod face;
mod finish;
pub mod image;
pub mod layout;
mod linebreak;
mod statement;
mod subset;

use crate::report::Report;
use crate::template::Template;

/// A rendered statement.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Things the reader should know (e.g. characters the font lacks).
    pub warnings: Vec<String>,
    /// Number of pages.
    pub pages: usize,
}

/// What can go wrong rendering.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font of the template cannot be subset or embedded.
    #[error("font {font}: {message}")]
    Font {
        /// The face's name.
        font: String,
        /// What went wrong.
        message: String,
    },
    /// The PDF cannot be written.
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// Lays the statement out without drawing it: the positioned boxes of
/// every page (for tests and inspection).
pub fn layout(report: &Report, template: &Template) -> layout::Document {
    statement::layout(report, template)
}

/// Renders the statement.
///
/// # Errors
/// A font of the template cannot be subset, or the file cannot be written.
pub fn render(report: &Report, template: &Template) -> Result<PdfOutput, PdfError> {
    use rayon::prelude::*;
    let mut doc = statement::layout(report, template);
    let missing = std::mem::take(&mut doc.missing);
    let bookmarks = std::mem::take(&mut doc.bookmarks);
    let (width, height, pages) = (doc.width, doc.height, doc.pages.len());
    let faces = draw::embed_faces(&doc, template)?;
    let logo = template.logo.as_ref().filter(|_| draw::has_logo(&doc));
    let glyphs = content::Glyphs::new(faces.iter().map(|f| (f.kind, &f.glyphs)));
    // Each page's boxes become its compressed stream and are dropped.
    let streams: Vec<Vec<u8>> = doc
        .pages
        .into_par_iter()
        .map(|p| content::deflate(&content::page(p.marks, height, &glyphs)))
        .collect();
    let pdf = draw::document(faces, logo, (width, height), pages);
    let bytes = finish::finish(pdf, streams, &bookmarks, height, report)?;
    let mut warnings = Vec::new();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|c| format!("U+{:04X} `{c}`", u32::from(*c)))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(format!(
            "the font {} lacks {} character{}, drawn as a boxed `?`: {list}",
            template.regular.name(),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(PdfOutput {
        bytes,
        warnings,
        pages,
    })
}
