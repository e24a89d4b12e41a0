//! Fonts, logo and page objects → printpdf: the only module that speaks
//! printpdf.
//!
//! printpdf writes the document: the page tree, each page's object and
//! resources, the embedded fonts (the subset font program, `/W` widths,
//! the `/ToUnicode` map) and the logo. Page contents come from
//! [`super::content`] and replace printpdf's in [`super::finish`].
//!
//! printpdf 0.12 derives a font's widths and `/ToUnicode` map from the
//! text its pages show, and has no other way to be told which glyphs a
//! font needs: the first page carries one run per face with every
//! character the statement draws in it. That page's content is replaced
//! like every other, so the run is never part of the file.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, DictItem, ExternalStream, ExternalXObject, FontId, Mm, Op, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat,
    TextItem, XObject, XObjectId,
};

use super::PdfError;
use super::content::{LOGO, font_name};
use super::face::Face;
use super::image::{Logo, LogoData};
use super::layout::{Document, FaceId, Fonts, Mark};
use super::subset::{CharSet, subset_face};

/// A face subset to what the statement draws with it.
pub(crate) struct EmbeddedFace {
    /// Which face.
    pub id: FaceId,
    /// The subset, parsed back.
    pub font: ParsedFont,
    /// The subset's bytes: the font program printpdf embeds.
    pub program: Vec<u8>,
    /// Each character drawn with it → its glyph id in the subset.
    pub glyphs: BTreeMap<char, u16>,
}

/// Subsets each face the document draws with (regular, bold, and each
/// fallback face some run is drawn in) to the characters it draws.
///
/// # Errors
/// A face cannot be subset or read back.
pub(crate) fn embed_faces(doc: &Document, fonts: Fonts<'_>) -> Result<Vec<EmbeddedFace>, PdfError> {
    let mut used: BTreeMap<FaceId, CharSet> = BTreeMap::new();
    for (_, t) in doc.texts() {
        let set = used.entry(t.font).or_default();
        for c in t.text.chars() {
            set.insert(c);
        }
        if t.space_after {
            // Drawn after the run for the reader of the text.
            set.insert(' ');
        }
    }
    // All faces at once: subsetting is most of the time of a short statement.
    use rayon::prelude::*;
    used.into_par_iter()
        .map(|(id, chars)| {
            // A run drawn in a fallback face made it parse.
            let face = fonts.by_id(id).ok_or_else(|| PdfError::Font {
                font: format!("{id:?}"),
                message: "a run is drawn in a face the template does not have".to_owned(),
            })?;
            let (font, program, glyphs) = font_for(face, &chars)?;
            Ok(EmbeddedFace {
                id,
                font,
                program,
                glyphs,
            })
        })
        .collect()
}

/// Whether any page shows the logo.
pub(crate) fn has_logo(doc: &Document) -> bool {
    doc.pages
        .iter()
        .any(|p| p.marks.iter().any(|i| matches!(i, Mark::Logo { .. })))
}

/// Builds the printpdf document (`pages` pages of `width` × `height`
/// points, contents to be replaced) and serializes it to a lopdf
/// document.
pub(crate) fn document(
    faces: Vec<EmbeddedFace>,
    logo: Option<&Logo>,
    (width, height): (f32, f32),
    pages: usize,
) -> lopdf::Document {
    let mut pdf = PdfDocument::new("");
    let mut carrier = Vec::new();
    for face in faces {
        let id = FontId(font_name(face.id));
        carrier.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(1.0),
            },
            Op::ShowText {
                items: vec![TextItem::GlyphIds(
                    face.glyphs
                        .iter()
                        .map(|(c, gid)| Codepoint {
                            gid: *gid,
                            offset: 0.0,
                            cid: Some(c.to_string()),
                        })
                        .collect(),
                )],
            },
            Op::EndTextSection,
        ]);
        pdf.resources.fonts.map.insert(id, PdfFont::new(face.font));
    }
    if let Some(logo) = logo {
        pdf.resources
            .xobjects
            .map
            .insert(XObjectId(LOGO.to_owned()), logo_xobject(logo));
    }

    let (w_mm, h_mm) = (width / 2.834_646, height / 2.834_646);
    pdf.pages = (0..pages)
        .map(|i| {
            let ops = if i == 0 {
                std::mem::take(&mut carrier)
            } else {
                Vec::new()
            };
            let mut page = PdfPage::new(Mm(w_mm), Mm(h_mm), ops);
            let media = printpdf::Rect::from_wh(Pt(width), Pt(height));
            page.media_box = media.clone();
            page.trim_box = media.clone();
            page.crop_box = media;
            page
        })
        .collect();

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    pdf.to_lopdf_document(&opts, &mut warnings)
}

/// The face subset to `chars`, parsed back for printpdf and named with
/// its subset tag; its bytes; the subset's character map.
type ForFace = (ParsedFont, Vec<u8>, BTreeMap<char, u16>);

fn font_for(face: &Face, chars: &CharSet) -> Result<ForFace, PdfError> {
    let err = |message: String| PdfError::Font {
        font: face.name().to_owned(),
        message,
    };
    let sub = subset_face(face, chars).map_err(err)?;
    // The subset has no `cmap` (its glyphs are addressed by id): the
    // warning printpdf gives about it is expected.
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
        .ok_or_else(|| err("the subset font cannot be read back".to_owned()))?;
    parsed.font_name = Some(sub.name);
    Ok((parsed, sub.bytes, sub.glyphs))
}

fn logo_xobject(logo: &Logo) -> XObject {
    match &logo.data {
        LogoData::Jpeg {
            bytes,
            components,
            inverted,
        } => {
            let cs = match components {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
            let mut dict = BTreeMap::from([
                ("Type".to_owned(), name("XObject")),
                ("Subtype".to_owned(), name("Image")),
                ("Width".to_owned(), DictItem::Int(i64::from(logo.width))),
                ("Height".to_owned(), DictItem::Int(i64::from(logo.height))),
                ("ColorSpace".to_owned(), name(cs)),
                ("BitsPerComponent".to_owned(), DictItem::Int(8)),
                ("Filter".to_owned(), name("DCTDecode")),
            ]);
            if *inverted {
                dict.insert(
                    "Decode".to_owned(),
                    DictItem::Array(
                        [1, 0, 1, 0, 1, 0, 1, 0]
                            .into_iter()
                            .map(DictItem::Int)
                            .collect(),
                    ),
                );
            }
            XObject::External(ExternalXObject {
                stream: ExternalStream {
                    dict,
                    content: bytes.clone(),
                    compress: false,
                },
                width: None,
                height: None,
                dpi: None,
            })
        }
        LogoData::Pixels { samples, channels } => XObject::Image(RawImage {
            pixels: RawImageData::U8(samples.clone()),
            width: logo.width as usize,
            height: logo.height as usize,
            data_format: match channels {
                1 => RawImageFormat::R8,
                2 => RawImageFormat::RG8,
                3 => RawImageFormat::RGB8,
                _ => RawImageFormat::RGBA8,
            },
            tag: Vec::new(),
        }),
    }
}
