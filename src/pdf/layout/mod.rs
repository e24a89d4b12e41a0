//! Positioned boxes: the finished layout of a statement, before any PDF.
//!
//! A [`Document`] is pages of [`Mark`]s at fixed positions (points, origin
//! at the top left of the page, y growing downwards). Every text box
//! carries the cell it was laid out in, so tests can check that no text
//! leaves its cell or the page. The engine here (flowing paragraphs,
//! tables whose header repeats, rows that split only when taller than a
//! page) knows nothing of printpdf; the private `draw` module turns the boxes into
//! PDF operations.

mod canvas;
mod cells;
mod flow;
mod structure;
mod table;

pub(crate) use canvas::{Align, Canvas, Fonts, Style, line_height};
pub(crate) use cells::{Cell, PILL_PX, Para, Row, Table};
pub(crate) use flow::Flow;
pub use structure::{Artifact, Elem, ElemId, Role, Scope, Structure, Tag};

use crate::template::Colour;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// A colour from its components.
    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// White.
    pub const WHITE: Rgb = Rgb::new(255, 255, 255);

    /// This colour moved towards `other` by `t` (0: self, 1: other).
    pub fn mix(self, other: Rgb, t: f32) -> Self {
        let m = |a: u8, b: u8| {
            let v = f32::from(a) + (f32::from(b) - f32::from(a)) * t.clamp(0.0, 1.0);
            // Clamped to 0..=255 before the cast.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let v = v.round().clamp(0.0, 255.0) as u8;
            v
        };
        Self::new(m(self.r, other.r), m(self.g, other.g), m(self.b, other.b))
    }

    /// A light tint of this colour (for fills behind text).
    pub fn tint(self, t: f32) -> Self {
        self.mix(Rgb::WHITE, t)
    }
}

impl From<Colour> for Rgb {
    fn from(c: Colour) -> Self {
        Self::new(c.r, c.g, c.b)
    }
}

/// A rectangle in points, origin top left, y downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether `inner` lies inside this rectangle, give or take `eps`.
    pub fn contains(&self, inner: &Rect, eps: f32) -> bool {
        inner.x >= self.x - eps
            && inner.y >= self.y - eps
            && inner.right() <= self.right() + eps
            && inner.bottom() <= self.bottom() + eps
    }
}

/// Which face of the template's font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceKind {
    /// The regular face.
    Regular,
    /// The bold face.
    Bold,
}

/// The face a run is drawn with: the style's own, or a fallback face of
/// the template for characters the style's face lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// The regular face.
    Regular,
    /// The bold face.
    Bold,
    /// The template's fallback face of this index (0: the first listed).
    Fallback(usize),
}

impl FaceId {
    /// Position in the order faces are tried and numbered: regular 0,
    /// bold 1, then the fallbacks.
    pub fn index(self) -> usize {
        match self {
            FaceId::Regular => 0,
            FaceId::Bold => 1,
            FaceId::Fallback(i) => 2 + i,
        }
    }
}

impl From<FaceKind> for FaceId {
    fn from(k: FaceKind) -> Self {
        match k {
            FaceKind::Regular => FaceId::Regular,
            FaceKind::Bold => FaceId::Bold,
        }
    }
}

/// One run of text on one baseline, in one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The characters (all of which the face drawing them has).
    pub text: String,
    /// Left edge of the run.
    pub x: f32,
    /// Baseline.
    pub baseline: f32,
    /// Advance width of the run, as the PDF viewer computes it.
    pub width: f32,
    /// Font size in points.
    pub size: f32,
    /// The style's face: what the run was set in.
    pub face: FaceKind,
    /// The face that draws it: `face` itself, or a fallback face for
    /// characters `face` lacks.
    pub font: FaceId,
    /// Fill colour.
    pub color: Rgb,
    /// The box the glyphs occupy: advance width × (ascent + descent).
    pub bbox: Rect,
    /// The cell (or line box) the run was laid out in.
    pub cell: Rect,
    /// Whether this run stands for a character the font lacks.
    pub replacement: bool,
    /// The run's language when it is not the document's (`/Lang`): the
    /// other language of a bilingual statement, for tagging.
    pub lang: Option<&'static str>,
    /// The run ends a line that broke at a space: a reader of the text
    /// (a screen reader) gets the space, drawn invisibly after the run.
    pub space_after: bool,
}

/// A line's stroke.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Rgb,
    /// Width in points.
    pub width: f32,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Text.
    Text(TextBox),
    /// A rectangle, filled and/or stroked.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A straight line.
    Line {
        /// Start (x, y).
        from: (f32, f32),
        /// End (x, y).
        to: (f32, f32),
        /// Stroke.
        stroke: Stroke,
    },
    /// The template's logo, scaled into `rect`.
    Logo {
        /// Where.
        rect: Rect,
    },
}

/// One page of boxes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What is drawn, in painting order.
    pub marks: Vec<Mark>,
    /// What each mark is, by index: the structure element it belongs to,
    /// or an artifact (as long as `marks`).
    pub tags: Vec<Tag>,
}

/// An outline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Title.
    pub title: String,
    /// Page index (0-based).
    pub page: usize,
    /// Top of the heading on that page.
    pub y: f32,
}

/// Where a party signs: an empty signature field's widget, over the
/// party's signature line (statements built for signature only).
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureField {
    /// The party.
    pub party: crate::model::Party,
    /// The field's tooltip ("Customer signature — 김민준").
    pub tooltip: String,
    /// Page index (0-based).
    pub page: usize,
    /// The widget's rectangle (top-down page coordinates, like the boxes).
    pub rect: Rect,
    /// The field's `Form` element in the structure.
    pub elem: ElemId,
}

/// A laid-out statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// The page minus the template's margins: all text lies inside.
    pub content: Rect,
    /// Pages.
    pub pages: Vec<Page>,
    /// Outline entries, in document order.
    pub bookmarks: Vec<Bookmark>,
    /// The empty signature fields, one per party still to sign, when the
    /// statement is built for signature.
    pub signature_fields: Vec<SignatureField>,
    /// Characters no face of the template has, in order of first
    /// appearance.
    pub missing: Vec<char>,
    /// The logical structure, in reading order; each page's
    /// [`Page::tags`] point into it.
    pub structure: Structure,
}

impl Document {
    /// Every text box with its page index.
    pub fn texts(&self) -> impl Iterator<Item = (usize, &TextBox)> {
        self.pages.iter().enumerate().flat_map(|(i, p)| {
            p.marks.iter().filter_map(move |it| match it {
                Mark::Text(t) => Some((i, t)),
                _ => None,
            })
        })
    }

    /// Every text box with its page index and tag.
    pub fn tagged_texts(&self) -> impl Iterator<Item = (usize, &TextBox, Tag)> {
        self.pages.iter().enumerate().flat_map(|(i, p)| {
            p.marks
                .iter()
                .zip(&p.tags)
                .filter_map(move |(it, tag)| match it {
                    Mark::Text(t) => Some((i, t, *tag)),
                    _ => None,
                })
        })
    }

    /// A readable dump of the layout, one line per box (for snapshots and
    /// debugging).
    pub fn dump(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for (i, p) in self.pages.iter().enumerate() {
            let _ = writeln!(s, "page {}", i + 1);
            for it in &p.marks {
                let _ = match it {
                    Mark::Text(t) => {
                        let _ = write!(
                            s,
                            "  text {:.1},{:.1} w{:.1} {:?} {:.1}pt {:?}",
                            t.x, t.baseline, t.width, t.face, t.size, t.text
                        );
                        if let FaceId::Fallback(i) = t.font {
                            let _ = write!(s, " fallback {i}");
                        }
                        if let Some(lang) = t.lang {
                            let _ = write!(s, " lang {lang}");
                        }
                        writeln!(s)
                    }
                    Mark::Rect { rect, .. } => writeln!(
                        s,
                        "  rect {:.1},{:.1} {:.1}x{:.1}",
                        rect.x, rect.y, rect.w, rect.h
                    ),
                    Mark::Line { from, to, .. } => writeln!(
                        s,
                        "  line {:.1},{:.1} → {:.1},{:.1}",
                        from.0, from.1, to.0, to.1
                    ),
                    Mark::Logo { rect } => writeln!(s, "  logo {rect:?}"),
                };
            }
        }
        s
    }
}
