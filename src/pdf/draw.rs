//! Boxes → printpdf: the only module that speaks printpdf.
//!
//! Turns a laid-out [`Document`] into a `printpdf::PdfDocument` (subset
//! fonts registered under fixed ids, one content stream per page) and
//! then into a `lopdf::Document` for [`super::finish`].

use std::collections::BTreeMap;

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Line, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage,
    RawImageData, RawImageFormat, TextItem, XObject, XObjectId, XObjectTransform,
};

use super::PdfError;
use super::image::{Logo, LogoData};
use super::layout::{Document, FaceKind, Item, Rect, Rgb, Stroke};
use super::subset::{CharSet, subset_face};
use super::text::Face;
use crate::template::Template;

const LOGO_ID: &str = "Logo";

fn font_id(k: FaceKind) -> FontId {
    FontId(match k {
        FaceKind::Regular => "F1".to_owned(),
        FaceKind::Bold => "F2".to_owned(),
    })
}

/// A colour component in 1/1000 steps (short to write, invisible loss).
fn comp(v: u8) -> f32 {
    (f32::from(v) / 255.0 * 1000.0).round() / 1000.0
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: comp(c.r),
        g: comp(c.g),
        b: comp(c.b),
        icc_profile: None,
    })
}

/// A coordinate in hundredths of a point: positions are written with two
/// decimals, and relative moves between them are exact.
fn hund(v: f32) -> i32 {
    // Page coordinates are a few thousand points at most.
    #[allow(clippy::cast_possible_truncation)]
    let h = (v * 100.0).round() as i32;
    h
}

fn pt(h: i32) -> Pt {
    // |h| < 2^24: exact in f32.
    #[allow(clippy::cast_precision_loss)]
    let v = h as f32 / 100.0;
    Pt(v)
}

fn r2(v: f32) -> Pt {
    pt(hund(v))
}

/// Builds the printpdf document and serializes it to a lopdf document.
///
/// # Errors
/// A font cannot be subset or re-read.
pub(crate) fn draw(doc: Document, template: &Template) -> Result<lopdf::Document, PdfError> {
    let mut pdf = PdfDocument::new("");

    // Fonts: subset each face to what it draws.
    let mut used: BTreeMap<FaceKind, CharSet> = BTreeMap::new();
    for (_, t) in doc.texts() {
        let set = used.entry(t.face).or_default();
        for c in t.text.chars() {
            set.insert(c);
        }
    }
    // Both faces at once: subsetting is most of the time of a short statement.
    let fonts: Vec<Result<(FaceKind, ParsedFont), PdfError>> = {
        use rayon::prelude::*;
        used.into_par_iter()
            .map(|(kind, chars)| {
                let face = match kind {
                    FaceKind::Regular => &template.regular,
                    FaceKind::Bold => &template.bold,
                };
                font_for(face, &chars).map(|f| (kind, f))
            })
            .collect()
    };
    for f in fonts {
        let (kind, parsed) = f?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(kind), PdfFont::new(parsed));
    }

    let has_logo = doc
        .pages
        .iter()
        .any(|p| p.items.iter().any(|i| matches!(i, Item::Logo { .. })));
    if let (true, Some(logo)) = (has_logo, &template.logo) {
        pdf.resources
            .xobjects
            .map
            .insert(XObjectId(LOGO_ID.to_owned()), logo_xobject(logo));
    }

    let (w_mm, h_mm) = (doc.width / 2.834_646, doc.height / 2.834_646);
    let (width, height) = (doc.width, doc.height);
    pdf.pages = doc
        .pages
        .into_iter()
        .map(|p| {
            let mut page = PdfPage::new(Mm(w_mm), Mm(h_mm), page_ops(p.items, height));
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
    Ok(pdf.to_lopdf_document(&opts, &mut warnings))
}

/// The face subset to `chars`, parsed back for printpdf and named with
/// its subset tag.
fn font_for(face: &Face, chars: &CharSet) -> Result<ParsedFont, PdfError> {
    let err = |message: String| PdfError::Font {
        font: face.name().to_owned(),
        message,
    };
    let sub = subset_face(face, chars).map_err(err)?;
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
        .ok_or_else(|| err("the subset font cannot be read back".to_owned()))?;
    parsed.font_name = Some(sub.name);
    Ok(parsed)
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

/// Tracks the graphics state so each colour, font, line width and text
/// position is set only when it changes.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(FaceKind, u32)>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<u32>,
    /// Start of the current text line (hundredths of a point); the text
    /// matrix is the identity at `BT`.
    line: (i32, i32),
    /// Current leading (`TL`), hundredths.
    leading: i32,
}

impl State {
    fn end_text(&mut self, ops: &mut Vec<Op>) {
        if self.in_text {
            ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn begin_text(&mut self, ops: &mut Vec<Op>) {
        if !self.in_text {
            ops.push(Op::StartTextSection);
            self.in_text = true;
            self.line = (0, 0);
        }
    }

    fn fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, ops: &mut Vec<Op>, s: Stroke) {
        if self.stroke != Some(s.color) {
            ops.push(Op::SetOutlineColor {
                col: color(s.color),
            });
            self.stroke = Some(s.color);
        }
        let w = s.width.to_bits();
        if self.width != Some(w) {
            ops.push(Op::SetOutlineThickness { pt: Pt(s.width) });
            self.width = Some(w);
        }
    }

    /// Shows `text` with its baseline starting at (x, y), PDF coordinates
    /// in hundredths: `'` for the next line of a paragraph, else `Td`.
    fn show(&mut self, ops: &mut Vec<Op>, x: i32, y: i32, text: String) {
        let (dx, dy) = (x - self.line.0, y - self.line.1);
        self.line = (x, y);
        if dx == 0 && dy < 0 && -dy == self.leading {
            ops.push(Op::MoveToNextLineShowText { text });
            return;
        }
        if dx == 0 && dy < 0 {
            // Probably the first line of a paragraph: set the leading so
            // the next lines need no position.
            self.leading = -dy;
            ops.push(Op::SetLineHeight { lh: pt(-dy) });
            ops.push(Op::MoveToNextLineShowText { text });
            return;
        }
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: pt(dx),
                y: pt(dy),
            },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }
}

fn pdf_rect(r: Rect, page_h: f32, mode: PaintMode) -> printpdf::Rect {
    printpdf::Rect {
        x: r2(r.x),
        y: r2(page_h - r.bottom()),
        width: r2(r.w),
        height: r2(r.h),
        mode: Some(mode),
        winding_order: None,
    }
}

fn page_ops(items: Vec<Item>, page_h: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 3);
    let mut st = State::default();
    // Shapes first, then text: nothing is ever drawn over text, and one
    // text object per page keeps the content stream short. Text keeps its
    // layout order (the reading order of extractors that follow the stream).
    let (texts, shapes): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| matches!(i, Item::Text(_)));
    for item in shapes.into_iter().chain(texts) {
        match item {
            Item::Text(t) => {
                st.begin_text(&mut ops);
                let key = (t.face, t.size.to_bits());
                if st.font != Some(key) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(t.face)),
                        size: Pt(t.size),
                    });
                    st.font = Some(key);
                }
                st.fill(&mut ops, t.color);
                st.show(&mut ops, hund(t.x), hund(page_h - t.baseline), t.text);
            }
            Item::Rect { rect, fill, stroke } => {
                st.end_text(&mut ops);
                let mode = match (fill, stroke) {
                    (Some(f), Some(s)) => {
                        st.fill(&mut ops, f);
                        st.stroke(&mut ops, s);
                        PaintMode::FillStroke
                    }
                    (Some(f), None) => {
                        st.fill(&mut ops, f);
                        PaintMode::Fill
                    }
                    (None, Some(s)) => {
                        st.stroke(&mut ops, s);
                        PaintMode::Stroke
                    }
                    (None, None) => continue,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: pdf_rect(rect, page_h, mode),
                });
            }
            Item::Line { from, to, stroke } => {
                st.end_text(&mut ops);
                st.stroke(&mut ops, stroke);
                let pt = |(x, y): (f32, f32)| LinePoint {
                    p: Point {
                        x: r2(x),
                        y: r2(page_h - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![pt(from), pt(to)],
                        is_closed: false,
                    },
                });
            }
            Item::Logo { rect } => {
                st.end_text(&mut ops);
                ops.push(Op::UseXobject {
                    id: XObjectId(LOGO_ID.to_owned()),
                    transform: XObjectTransform {
                        translate_x: Some(r2(rect.x)),
                        translate_y: Some(r2(page_h - rect.bottom())),
                        rotate: None,
                        scale_x: Some(rect.w),
                        scale_y: Some(rect.h),
                        dpi: None,
                        no_auto_scale: true,
                    },
                });
            }
        }
    }
    st.end_text(&mut ops);
    ops
}
