//! The canvas: text and shapes placed onto pages, in a face, size and
//! colour; characters the style's face lacks drawn with a fallback face,
//! and characters no face has as boxed replacements.

use std::collections::HashSet;

use super::{FaceId, FaceKind, Mark, Page, Rect, Rgb, Stroke, Structure, Tag, TextBox};
use crate::pdf::face::{Face, REPLACEMENT, REPLACEMENT_PAD, to_pt};
use crate::pdf::fallback::{Fallback, Source, Stack};

/// The template's faces: regular, bold, and the fallbacks after either.
#[derive(Clone, Copy)]
pub(crate) struct Fonts<'a> {
    pub regular: &'a Face,
    pub bold: &'a Face,
    pub fallbacks: &'a [Fallback],
}

impl<'a> Fonts<'a> {
    /// The faces text of style `k` is measured and drawn with.
    pub fn face(&self, k: FaceKind) -> Stack<'a> {
        Stack::new(self.own(k), self.fallbacks)
    }

    /// The style's own face.
    pub fn own(&self, k: FaceKind) -> &'a Face {
        match k {
            FaceKind::Regular => self.regular,
            FaceKind::Bold => self.bold,
        }
    }

    /// The face of `id` (a fallback: if it has been parsed, i.e. used).
    pub fn by_id(&self, id: FaceId) -> Option<&'a Face> {
        match id {
            FaceId::Regular => Some(self.regular),
            FaceId::Bold => Some(self.bold),
            FaceId::Fallback(i) => self.fallbacks.get(i).and_then(Fallback::parsed),
        }
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: FaceKind,
    pub size: f32,
    pub color: Rgb,
    /// The language of the text when it is not the document's (the
    /// secondary language of a bilingual statement): a BCP 47 tag.
    pub lang: Option<&'static str>,
}

impl Style {
    pub fn new(face: FaceKind, size: f32, color: Rgb) -> Self {
        Self {
            face,
            size,
            color,
            lang: None,
        }
    }
}

/// Line height as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.4;

pub(crate) fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Places text onto pages and records characters the font lacks; every
/// mark is tagged with what it is (see [`Canvas::tag`]).
pub(crate) struct Canvas<'a> {
    pub fonts: Fonts<'a>,
    pub pages: Vec<Page>,
    /// The statement's structure, built as boxes are placed.
    pub structure: Structure,
    /// The tag of text placed now.
    pub tag: Tag,
    /// The tag of shapes and the logo placed now (an artifact, unless
    /// they are content, as in a figure).
    pub shape_tag: Tag,
    missing: Vec<char>,
    seen: HashSet<char>,
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: Fonts<'a>) -> Self {
        Self {
            fonts,
            pages: Vec::new(),
            structure: Structure::new(),
            tag: Tag::default(),
            shape_tag: Tag::default(),
            missing: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub fn into_parts(self) -> (Vec<Page>, Vec<char>, Structure) {
        (self.pages, self.missing, self.structure)
    }

    pub fn push(&mut self, page: usize, item: Mark) {
        let tag = match item {
            Mark::Text(_) => self.tag,
            _ => self.shape_tag,
        };
        if let Some(p) = self.pages.get_mut(page) {
            p.marks.push(item);
            p.tags.push(tag);
        }
    }

    /// Marks the last run placed on `page` as ending a line that broke at
    /// a space (see [`TextBox::space_after`]).
    pub fn space_after(&mut self, page: usize) {
        if let Some(Mark::Text(t)) = self.pages.get_mut(page).and_then(|p| p.marks.last_mut()) {
            t.space_after = true;
        }
    }

    /// Tags text placed from now on with `tag`; returns the tag before.
    pub fn tag_text(&mut self, tag: Tag) -> Tag {
        std::mem::replace(&mut self.tag, tag)
    }

    /// Tags text and shapes placed from now on with `text` and `shapes`;
    /// returns the tags before.
    pub fn tag_all(&mut self, text: Tag, shapes: Tag) -> (Tag, Tag) {
        (
            std::mem::replace(&mut self.tag, text),
            std::mem::replace(&mut self.shape_tag, shapes),
        )
    }

    pub fn rect(&mut self, page: usize, rect: Rect, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.push(page, Mark::Rect { rect, fill, stroke });
    }

    pub fn hline(&mut self, page: usize, x1: f32, x2: f32, y: f32, stroke: Stroke) {
        self.push(
            page,
            Mark::Line {
                from: (x1, y),
                to: (x2, y),
                stroke,
            },
        );
    }

    /// The baseline of a line box of `style` whose top is `top`.
    pub fn baseline(&self, style: Style, top: f32) -> f32 {
        let f = self.fonts.own(style.face);
        let glyphs = (f.ascent() + f.descent()) * style.size;
        top + (line_height(style.size) - glyphs).max(0.0) / 2.0 + f.ascent() * style.size
    }

    /// Draws one already-broken line with its left edge at `x` and its line
    /// box top at `top`, inside `cell`: one run per stretch of characters
    /// drawn by the same face (the style's, or a fallback), each placed by
    /// the advances it was measured with. Characters no face has become a
    /// boxed replacement.
    pub fn line(&mut self, page: usize, text: &str, x: f32, top: f32, style: Style, cell: Rect) {
        if text.is_empty() {
            return;
        }
        let stack = self.fonts.face(style.face);
        let face = stack.own();
        let baseline = self.baseline(style, top);
        let asc = face.ascent() * style.size;
        let desc = face.descent() * style.size;
        let own = FaceId::from(style.face);
        let text_box = |text: String, font: FaceId, x: f32, width: f32, replacement: bool| {
            Mark::Text(TextBox {
                text,
                x,
                baseline,
                width,
                size: style.size,
                face: style.face,
                font,
                color: style.color,
                bbox: Rect::new(x, baseline - asc, width, asc + desc),
                cell,
                replacement,
                lang: style.lang,
                space_after: false,
            })
        };
        if text.chars().all(|c| face.has(c)) {
            let width = to_pt(face.units(text), style.size);
            self.push(page, text_box(text.to_owned(), own, x, width, false));
            return;
        }
        // The current run: its text, face, left edge and width in units.
        let mut run = String::new();
        let mut run_font = own;
        let mut run_x = x;
        let mut run_units = 0u32;
        let mut pen = x;
        let flush = |canvas: &mut Self, run: &mut String, font: FaceId, run_x: f32, units: u32| {
            if !run.is_empty() {
                let width = to_pt(units, style.size);
                canvas.push(
                    page,
                    text_box(std::mem::take(run), font, run_x, width, false),
                );
            }
        };
        for c in text.chars() {
            if let Some((source, drawn)) = stack.find(c) {
                let font = match source {
                    Source::Own => own,
                    Source::Fallback(i) => FaceId::Fallback(i),
                };
                if font != run_font {
                    flush(self, &mut run, run_font, run_x, run_units);
                }
                if run.is_empty() {
                    run_font = font;
                    run_x = pen;
                    run_units = 0;
                }
                run.push(c);
                let a = drawn.advance(c);
                run_units += a;
                pen += to_pt(a, style.size);
            } else {
                flush(self, &mut run, run_font, run_x, run_units);
                if self.seen.insert(c) {
                    self.missing.push(c);
                }
                let total = face.replacement_advance();
                let w = to_pt(total, style.size);
                let pad = to_pt(REPLACEMENT_PAD / 2, style.size);
                let q = to_pt(total - REPLACEMENT_PAD, style.size);
                let box_rect = Rect::new(
                    pen + pad * 0.4,
                    baseline - asc * 0.85,
                    w - pad * 0.8,
                    (asc + desc) * 0.85,
                );
                self.rect(
                    page,
                    box_rect,
                    None,
                    Some(Stroke {
                        color: style.color,
                        width: 0.5,
                    }),
                );
                if face.has(REPLACEMENT) {
                    let b = text_box(REPLACEMENT.to_string(), own, pen + pad, q, true);
                    self.push(page, b);
                }
                pen += w;
            }
        }
        flush(self, &mut run, run_font, run_x, run_units);
    }
}
