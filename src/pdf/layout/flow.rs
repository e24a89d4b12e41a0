//! The flow: content placed down the pages under a cursor, with page
//! breaks, bookmarks and wrapped paragraphs (tables: [`super::table`]).

use super::canvas::{Align, Canvas, Fonts, Style, line_height};
use super::{Bookmark, ElemId, Page, Rect, Role, Tag};
use crate::pdf::linebreak;

/// Flows content down pages: a cursor, page breaks, tables.
pub(crate) struct Flow<'a> {
    pub canvas: Canvas<'a>,
    /// Left edge and width of the body.
    pub x: f32,
    pub w: f32,
    pub top: f32,
    pub bottom: f32,
    pub y: f32,
    pub page: usize,
    /// Nothing placed on this page yet.
    pub fresh: bool,
    pub bookmarks: Vec<Bookmark>,
}

impl<'a> Flow<'a> {
    pub fn new(fonts: Fonts<'a>, x: f32, w: f32, top: f32, bottom: f32) -> Self {
        let mut canvas = Canvas::new(fonts);
        canvas.pages.push(Page::default());
        Self {
            canvas,
            x,
            w,
            top,
            bottom,
            y: top,
            page: 0,
            fresh: true,
            bookmarks: Vec::new(),
        }
    }

    pub fn new_page(&mut self) {
        self.canvas.pages.push(Page::default());
        self.page = self.canvas.pages.len() - 1;
        self.y = self.top;
        self.fresh = true;
    }

    /// Starts a new page unless this one is still empty.
    pub fn break_page(&mut self) {
        if !self.fresh {
            self.new_page();
        }
    }

    pub fn remaining(&self) -> f32 {
        self.bottom - self.y
    }

    /// Makes sure `h` points fit below the cursor, breaking the page if not.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom + 0.01 && !self.fresh {
            self.new_page();
        }
    }

    /// Vertical space; dropped at the top of a page.
    pub fn space(&mut self, h: f32) {
        if self.fresh {
            return;
        }
        if self.y + h > self.bottom {
            self.new_page();
        } else {
            self.y += h;
        }
    }

    pub fn bookmark(&mut self, title: &str) {
        self.bookmarks.push(Bookmark {
            title: title.to_owned(),
            page: self.page,
            y: self.y,
        });
    }

    /// A wrapped paragraph at the body's left edge and width: a `P`.
    pub fn paragraph(&mut self, text: &str, style: Style, align: Align) {
        self.paragraph_as(Role::P, text, style, align);
    }

    /// A wrapped paragraph at the body's left edge and width, as a new
    /// element of `role` (returned, for more text of the same element).
    pub fn paragraph_as(&mut self, role: Role, text: &str, style: Style, align: Align) -> ElemId {
        let id = self.canvas.structure.add(role);
        self.paragraph_in(id, text, style, align);
        id
    }

    /// A wrapped paragraph at the body's left edge and width, as content
    /// of the element `id`.
    pub fn paragraph_in(&mut self, id: ElemId, text: &str, style: Style, align: Align) {
        let (x, w) = (self.x, self.w);
        let before = self.canvas.tag_text(Tag::Elem(id));
        self.paragraph_at(text, style, align, x, w);
        self.canvas.tag_text(before);
    }

    /// A wrapped paragraph in the column `x`..`x + w`, tagged as the
    /// canvas's current text.
    pub fn paragraph_at(&mut self, text: &str, style: Style, align: Align, x: f32, w: f32) {
        let face = self.canvas.fonts.face(style.face);
        let h = line_height(style.size);
        for l in linebreak::wrap(face, text, style.size, w) {
            self.ensure(h);
            let lx = match align {
                Align::Left => x,
                Align::Center => x + (w - l.width) / 2.0,
                Align::Right => x + w - l.width,
            };
            let cell = Rect::new(x, self.y, w, h);
            self.canvas
                .line(self.page, &l.text, lx, self.y, style, cell);
            if l.space {
                self.canvas.space_after(self.page);
            }
            self.y += h;
            self.fresh = false;
        }
    }

    /// The height a paragraph will take at width `w`.
    pub fn measure_paragraph(&self, text: &str, style: Style, w: f32) -> f32 {
        let face = self.canvas.fonts.face(style.face);
        #[allow(clippy::cast_precision_loss)]
        let n = linebreak::wrap(face, text, style.size, w).len() as f32;
        n * line_height(style.size)
    }
}
