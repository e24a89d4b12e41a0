//! The PDF statement of responsibilities.
//!
//! A [`Typesetter`] is made once from a [`Template`] (its fonts parsed, its
//! logo decoded) and renders any number of statements; [`render`] and
//! [`layout()`] do both steps for one report. Rendering is a pure function
//! of the report and the template: no YAML, no Fluent, no files, no clock;
//! the same inputs give the same bytes.
//!
//! # Steps
//!
//! 1. [`Typesetter::layout`]: text measured with the font's own advances
//!    and broken into lines (`face`, `linebreak`: UAX #14, Korean kept
//!    whole between spaces; `fallback`: a character the style's face lacks
//!    measured and drawn with the first fallback face that has it),
//!    tables paginated with their header repeated,
//!    cover, summary chart, phase sections and sign-off page placed — a
//!    [`layout::Document`] of positioned boxes, no PDF types;
//! 2. `draw`: each face drawn with subset to its characters (`subset`); printpdf
//!    writes the document, its pages, fonts and logo;
//! 3. `content`: each page's boxes written as PDF operators and
//!    compressed, pages in parallel;
//!    Every mark is marked content: of the structure element the layout
//!    tagged it with (an MCID), or an artifact;
//! 4. `finish`: lopdf puts those streams in as the pages' contents and
//!    fixes what printpdf cannot be told (metadata, `/Lang`, ordered
//!    outline, deterministic `/ID`), adds the structure tree (`tags`:
//!    PDF/UA-1 on top of PDF/A-3b), then writes the file.

mod archive;
mod attach;
mod content;
mod deflate;
mod draw;
mod face;
mod fallback;
mod finish;
mod form;
mod glyphs;
mod image;
pub mod layout;
mod linebreak;
mod serial;
mod sfnt;
pub mod sign;
mod statement;
mod subset;
mod tags;
mod unhint;

use std::path::PathBuf;
use std::sync::Arc;

pub use attach::{Attached, Attachment, Relationship, attachments};
pub use face::{Face, FontError};
pub use form::field_name;
pub use image::ImageError;

use crate::report::Report;
use crate::template::{FontFile, LogoFile, Margins, PageSize, Template};

use fallback::Fallback;
use image::Logo;
use layout::{FaceId, FaceKind, Fonts, Rgb};

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
    /// The attachments of a PDF cannot be read back.
    #[error("{0}")]
    Attachment(String),
    /// A font file of the template cannot be used.
    #[error("{}: {source}\n  hint: use a TrueType (.ttf) or OpenType (.otf) font with Korean and Latin glyphs", path.display())]
    FontFile {
        /// The file, as the template names it.
        path: PathBuf,
        /// Why.
        source: FontError,
    },
    /// The template's logo cannot be used.
    #[error("{}: {source}\n  hint: the logo must be a PNG or JPEG file", path.display())]
    Logo {
        /// The file, as the template names it.
        path: PathBuf,
        /// Why.
        source: ImageError,
    },
}

/// A template made ready to set statements in: its fonts parsed, its logo
/// decoded. Made once (per process, in a batch) and shared; rendering only
/// reads it.
#[derive(Debug, Clone)]
pub struct Typesetter {
    page: PageSize,
    margins: Margins,
    font_size: f32,
    brand: Rgb,
    logo: Option<Logo>,
    regular: Face,
    bold: Face,
    /// Parsed when first needed; shared by clones.
    fallbacks: Arc<[Fallback]>,
}

impl Typesetter {
    /// Parses the template's fonts and decodes its logo. Fallback faces
    /// are only checked to be fonts here, and parsed when a statement
    /// first needs one.
    ///
    /// # Errors
    /// A font file is not a usable TrueType/OpenType font, or the logo
    /// cannot be decoded; the message names the file and says what to do.
    pub fn new(template: &Template) -> Result<Self, PdfError> {
        let fallbacks = template
            .fallback
            .iter()
            .map(|f| {
                Fallback::new(f.path.clone(), f.bytes.clone()).map_err(|source| {
                    PdfError::FontFile {
                        path: f.path.clone(),
                        source,
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // The two faces' maps are built side by side.
        let (regular, bold) = rayon::join(
            || parse_face(&template.regular),
            || parse_face(&template.bold),
        );
        Ok(Self {
            fallbacks: fallbacks.into(),
            page: template.page,
            margins: template.margins,
            font_size: template.font_size,
            brand: template.brand.into(),
            logo: template.logo.as_ref().map(decode_logo).transpose()?,
            regular: regular?,
            bold: bold?,
        })
    }

    /// The face of `kind`.
    pub fn face(&self, kind: FaceKind) -> &Face {
        self.fonts().own(kind)
    }

    /// The face that draws runs of `id` (a [`layout::TextBox::font`]); a
    /// fallback face is parsed if it was not yet. `None` for a fallback
    /// the template does not have, or whose tables are broken.
    pub fn face_of(&self, id: FaceId) -> Option<&Face> {
        match id {
            FaceId::Regular => Some(&self.regular),
            FaceId::Bold => Some(&self.bold),
            FaceId::Fallback(i) => self.fallbacks.get(i).and_then(Fallback::face),
        }
    }

    fn fonts(&self) -> Fonts<'_> {
        Fonts {
            regular: &self.regular,
            bold: &self.bold,
            fallbacks: &self.fallbacks,
        }
    }

    /// Lays the statement out without drawing it: the positioned boxes of
    /// every page (for tests and inspection).
    pub fn layout(&self, report: &Report) -> layout::Document {
        statement::layout(report, self)
    }

    /// Renders the statement, with nothing attached.
    ///
    /// # Errors
    /// A font cannot be subset, or the file cannot be written.
    pub fn render(&self, report: &Report) -> Result<PdfOutput, PdfError> {
        self.render_with(report, &[])
    }

    /// Renders the statement with `attachments` inside it (PDF/A-3
    /// associated files).
    ///
    /// # Errors
    /// A font cannot be subset, or the file cannot be written.
    pub fn render_with(
        &self,
        report: &Report,
        attachments: &[Attachment<'_>],
    ) -> Result<PdfOutput, PdfError> {
        self.prepare(report)?.finish(attachments)
    }

    /// Lays the statement out and draws its pages; [`Prepared::finish`]
    /// then attaches files and writes it. (A pack renders its tracker
    /// meanwhile, to attach it.)
    ///
    /// # Errors
    /// A font cannot be subset.
    pub fn prepare<'r>(&self, report: &'r Report) -> Result<Prepared<'r>, PdfError> {
        use rayon::prelude::*;
        let mut doc = statement::layout(report, self);
        let missing = std::mem::take(&mut doc.missing);
        let bookmarks = std::mem::take(&mut doc.bookmarks);
        let fields = std::mem::take(&mut doc.signature_fields);
        let structure = std::mem::take(&mut doc.structure);
        let (width, height, pages) = (doc.width, doc.height, doc.pages.len());
        let faces = draw::embed_faces(&doc, self.fonts())?;
        let logo = self.logo.as_ref().filter(|_| draw::has_logo(&doc));
        let glyphs = content::Glyphs::new(faces.iter().map(|f| (f.id, &f.glyphs)));
        // Each page's boxes become its compressed stream and are dropped;
        // meanwhile printpdf writes the document and the font programs
        // (the largest streams of a statement) are compressed beside it. A
        // tracker may be rendering beside all this.
        let mut faces = faces;
        let programs: Vec<Vec<u8>> = faces
            .iter_mut()
            .map(|f| std::mem::take(&mut f.program))
            .collect();
        let elems = &structure.elems;
        let (contents, pdf) = rayon::join(
            || {
                doc.pages
                    .into_par_iter()
                    .map(|p| {
                        let c = content::page(p.marks, p.tags, height, &glyphs, elems);
                        (deflate::deflate(&c.stream), c.marked)
                    })
                    .collect::<Vec<(Vec<u8>, Vec<content::Marked>)>>()
            },
            || {
                let (mut pdf, deflated) = rayon::join(
                    || draw::document(faces, logo, (width, height), pages),
                    || {
                        programs
                            .par_iter()
                            .map(|p| deflate::deflate(p))
                            .collect::<Vec<_>>()
                    },
                );
                let known: Vec<(&[u8], Vec<u8>)> =
                    programs.iter().map(Vec::as_slice).zip(deflated).collect();
                finish::compress_known(&mut pdf, known);
                pdf
            },
        );
        let mut warnings = Vec::new();
        for f in self.fallbacks.iter() {
            if let Some(e) = f.error() {
                warnings.push(format!(
                    "the fallback font {} cannot be used ({e}): characters the other fonts lack are drawn as a boxed `?`",
                    f.path.display()
                ));
            }
        }
        if !missing.is_empty() {
            warnings.push(self.missing_warning(&missing));
        }
        let (streams, marked) = contents.into_iter().unzip();
        Ok(Prepared {
            report,
            pdf,
            streams,
            tagged: tags::Tagged { structure, marked },
            bookmarks,
            fields,
            height,
            pages,
            warnings,
        })
    }
}

/// A statement laid out and drawn by [`Typesetter::prepare`], not yet
/// written.
pub struct Prepared<'r> {
    report: &'r Report,
    pdf: lopdf::Document,
    streams: Vec<Vec<u8>>,
    tagged: tags::Tagged,
    bookmarks: Vec<layout::Bookmark>,
    fields: Vec<layout::SignatureField>,
    height: f32,
    pages: usize,
    warnings: Vec<String>,
}

impl std::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

impl Prepared<'_> {
    /// Attaches `attachments` and writes the file: the lopdf pass
    /// (metadata, outline, PDF/A, signature fields, attachments).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn finish(self, attachments: &[Attachment<'_>]) -> Result<PdfOutput, PdfError> {
        let bytes = finish::finish(
            self.pdf,
            self.streams,
            &finish::Extras {
                bookmarks: &self.bookmarks,
                fields: &self.fields,
                attachments,
                tagged: &self.tagged,
            },
            self.height,
            self.report,
        )?;
        Ok(PdfOutput {
            bytes,
            warnings: self.warnings,
            pages: self.pages,
        })
    }
}

impl Typesetter {
    /// The warning naming the characters no face has.
    fn missing_warning(&self, missing: &[char]) -> String {
        let list = missing
            .iter()
            .map(|c| format!("U+{:04X} `{c}`", u32::from(*c)))
            .collect::<Vec<_>>()
            .join(", ");
        let n = missing.len();
        let plural = if n == 1 { "" } else { "s" };
        let regular = self.regular.name();
        // A missing character made every fallback parse.
        let fallbacks: Vec<&str> = self
            .fallbacks
            .iter()
            .filter_map(Fallback::parsed)
            .map(Face::name)
            .collect();
        if fallbacks.is_empty() {
            format!("the font {regular} lacks {n} character{plural}, drawn as a boxed `?`: {list}")
        } else {
            format!(
                "the fonts {regular} and its fallback{} {} lack {n} character{plural}, drawn as a boxed `?`: {list}",
                if fallbacks.len() == 1 { "" } else { "s" },
                fallbacks.join(", ")
            )
        }
    }
}

/// A font file parsed; a face without a name of its own is named for the
/// file.
fn parse_face(file: &FontFile) -> Result<Face, PdfError> {
    let stem = file
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Font");
    Face::parse(file.bytes.clone(), stem).map_err(|source| PdfError::FontFile {
        path: file.path.clone(),
        source,
    })
}

fn decode_logo(file: &LogoFile) -> Result<Logo, PdfError> {
    image::decode(&file.bytes).map_err(|source| PdfError::Logo {
        path: file.path.clone(),
        source,
    })
}

/// Lays the statement out without drawing it: the positioned boxes of
/// every page (for tests and inspection). Parses the template's fonts
/// first: for many reports, make one [`Typesetter`].
///
/// # Errors
/// As [`Typesetter::new`].
pub fn layout(report: &Report, template: &Template) -> Result<layout::Document, PdfError> {
    Ok(Typesetter::new(template)?.layout(report))
}

/// Renders the statement. Parses the template's fonts first: for many
/// reports, make one [`Typesetter`].
///
/// # Errors
/// As [`Typesetter::new`] and [`Typesetter::render`].
pub fn render(report: &Report, template: &Template) -> Result<PdfOutput, PdfError> {
    Typesetter::new(template)?.render(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_template_sets_in_nanum_gothic() {
        let t = Template::bundled().expect("bundled");
        let ts = Typesetter::new(&t).expect("typesetter");
        assert_eq!(ts.face(FaceKind::Regular).name(), "NanumGothic");
        assert!(ts.face(FaceKind::Bold).has('한'));
    }

    fn sample_report(yaml: &str) -> Report {
        let src = crate::source::Source::new("e.yaml", yaml);
        crate::load(&src, None)
            .expect("sample loads")
            .report(crate::locale::Locale::KO_KR, None)
            .expect("resolve")
    }

    #[test]
    fn the_fallback_is_parsed_only_for_a_statement_that_needs_it() {
        let t = Template::bundled().expect("bundled");
        let ts = Typesetter::new(&t).expect("typesetter");
        let seed = crate::bundled::sample("contoso-midway")
            .expect("sample")
            .source();
        let yaml = seed.text().to_owned();
        ts.render(&sample_report(&yaml)).expect("render");
        assert!(ts.fallbacks[0].parsed().is_none(), "parsed for nothing");
        let yaml = yaml.replace("법무팀 검토 완료", "법무팀 검토 완료 ✓");
        let out = ts.render(&sample_report(&yaml)).expect("render");
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert!(ts.fallbacks[0].parsed().is_some(), "parsed when needed");
    }

    #[test]
    fn a_fallback_that_is_not_a_font_is_named_with_its_file() {
        let mut t = Template::bundled().expect("bundled");
        t.fallback[0] = FontFile {
            path: PathBuf::from("fonts/broken.ttf"),
            bytes: std::borrow::Cow::Borrowed(b"not a font"),
        };
        let e = Typesetter::new(&t).expect_err("broken font").to_string();
        assert!(e.starts_with("fonts/broken.ttf: not a usable"), "{e}");
    }

    #[test]
    fn a_broken_font_is_named_with_its_file() {
        let mut t = Template::bundled().expect("bundled");
        t.bold = FontFile {
            path: PathBuf::from("fonts/broken.ttf"),
            bytes: std::borrow::Cow::Borrowed(b"not a font"),
        };
        let e = Typesetter::new(&t).expect_err("broken font").to_string();
        assert!(
            e.starts_with("fonts/broken.ttf: not a usable TrueType/OpenType font"),
            "{e}"
        );
    }
}
