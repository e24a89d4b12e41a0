//! Positioned boxes: the finished layout of a statement, before any PDF.
//!
//! A [`Document`] is pages of [`Item`]s at fixed positions (points, origin
//! at the top left of the page, y growing downwards). Every text box
//! carries the cell it was laid out in, so tests can check that no text
//! leaves its cell or the page. The engine here (flowing paragraphs,
//! tables whose header repeats, rows that split only when taller than a
//! page) knows nothing of printpdf; the private `draw` module turns the boxes into
//! PDF operations.

use std::collections::HashSet;

use super::text::{self, Face, REPLACEMENT, REPLACEMENT_PAD};

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

    /// Parses `#RRGGBB` (or `RRGGBB`).
    pub fn parse_hex(s: &str) -> Option<Self> {
        let h = s.trim().strip_prefix('#').unwrap_or(s.trim());
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Self::new(p(0)?, p(2)?, p(4)?))
    }

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

/// One run of text on one baseline, in one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The characters (all of which the face has).
    pub text: String,
    /// Left edge of the run.
    pub x: f32,
    /// Baseline.
    pub baseline: f32,
    /// Advance width of the run, as the PDF viewer computes it.
    pub width: f32,
    /// Font size in points.
    pub size: f32,
    /// Face.
    pub face: FaceKind,
    /// Fill colour.
    pub color: Rgb,
    /// The box the glyphs occupy: advance width × (ascent + descent).
    pub bbox: Rect,
    /// The cell (or line box) the run was laid out in.
    pub cell: Rect,
    /// Whether this run stands for a character the font lacks.
    pub replacement: bool,
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
pub enum Item {
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
    pub items: Vec<Item>,
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
    /// Characters the font lacks, in order of first appearance.
    pub missing: Vec<char>,
}

impl Document {
    /// Every text box with its page index.
    pub fn texts(&self) -> impl Iterator<Item = (usize, &TextBox)> {
        self.pages.iter().enumerate().flat_map(|(i, p)| {
            p.items.iter().filter_map(move |it| match it {
                Item::Text(t) => Some((i, t)),
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
            for it in &p.items {
                let _ = match it {
                    Item::Text(t) => writeln!(
                        s,
                        "  text {:.1},{:.1} w{:.1} {:?} {:.1}pt {:?}",
                        t.x, t.baseline, t.width, t.face, t.size, t.text
                    ),
                    Item::Rect { rect, .. } => writeln!(
                        s,
                        "  rect {:.1},{:.1} {:.1}x{:.1}",
                        rect.x, rect.y, rect.w, rect.h
                    ),
                    Item::Line { from, to, .. } => writeln!(
                        s,
                        "  line {:.1},{:.1} → {:.1},{:.1}",
                        from.0, from.1, to.0, to.1
                    ),
                    Item::Logo { rect } => writeln!(s, "  logo {rect:?}"),
                };
            }
        }
        s
    }
}

// ---------------------------------------------------------------------------
// The engine.

/// The two faces.
#[derive(Clone, Copy)]
pub(crate) struct Fonts<'a> {
    pub regular: &'a Face,
    pub bold: &'a Face,
}

impl<'a> Fonts<'a> {
    pub fn face(&self, k: FaceKind) -> &'a Face {
        match k {
            FaceKind::Regular => self.regular,
            FaceKind::Bold => self.bold,
        }
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: FaceKind,
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    pub fn new(face: FaceKind, size: f32, color: Rgb) -> Self {
        Self { face, size, color }
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

/// Places text onto pages and records characters the font lacks.
pub(crate) struct Canvas<'a> {
    pub fonts: Fonts<'a>,
    pub pages: Vec<Page>,
    missing: Vec<char>,
    seen: HashSet<char>,
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: Fonts<'a>) -> Self {
        Self {
            fonts,
            pages: Vec::new(),
            missing: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub fn into_parts(self) -> (Vec<Page>, Vec<char>) {
        (self.pages, self.missing)
    }

    pub fn push(&mut self, page: usize, item: Item) {
        if let Some(p) = self.pages.get_mut(page) {
            p.items.push(item);
        }
    }

    pub fn rect(&mut self, page: usize, rect: Rect, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.push(page, Item::Rect { rect, fill, stroke });
    }

    pub fn hline(&mut self, page: usize, x1: f32, x2: f32, y: f32, stroke: Stroke) {
        self.push(
            page,
            Item::Line {
                from: (x1, y),
                to: (x2, y),
                stroke,
            },
        );
    }

    /// The baseline of a line box of `style` whose top is `top`.
    pub fn baseline(&self, style: Style, top: f32) -> f32 {
        let f = self.fonts.face(style.face);
        let glyphs = (f.ascent() + f.descent()) * style.size;
        top + (line_height(style.size) - glyphs).max(0.0) / 2.0 + f.ascent() * style.size
    }

    /// Draws one already-broken line with its left edge at `x` and its line
    /// box top at `top`, inside `cell`. Characters the face lacks become a
    /// boxed replacement.
    pub fn line(&mut self, page: usize, text: &str, x: f32, top: f32, style: Style, cell: Rect) {
        if text.is_empty() {
            return;
        }
        let face = self.fonts.face(style.face);
        let baseline = self.baseline(style, top);
        let asc = face.ascent() * style.size;
        let desc = face.descent() * style.size;
        if text.chars().all(|c| face.has(c)) {
            let width = text::to_pt(face.units(text), style.size);
            self.push(
                page,
                Item::Text(TextBox {
                    text: text.to_owned(),
                    x,
                    baseline,
                    width,
                    size: style.size,
                    face: style.face,
                    color: style.color,
                    bbox: Rect::new(x, baseline - asc, width, asc + desc),
                    cell,
                    replacement: false,
                }),
            );
            return;
        }
        let mut run = String::new();
        let mut run_x = x;
        let mut run_units = 0u32;
        let mut pen = x;
        let flush = |canvas: &mut Self, run: &mut String, run_x: f32, units: u32| {
            if run.is_empty() {
                return;
            }
            let width = text::to_pt(units, style.size);
            canvas.push(
                page,
                Item::Text(TextBox {
                    text: std::mem::take(run),
                    x: run_x,
                    baseline,
                    width,
                    size: style.size,
                    face: style.face,
                    color: style.color,
                    bbox: Rect::new(run_x, baseline - asc, width, asc + desc),
                    cell,
                    replacement: false,
                }),
            );
        };
        for c in text.chars() {
            if face.has(c) {
                if run.is_empty() {
                    run_x = pen;
                    run_units = 0;
                }
                run.push(c);
                let a = face.advance(c);
                run_units += a;
                pen += text::to_pt(a, style.size);
            } else {
                flush(self, &mut run, run_x, run_units);
                if self.seen.insert(c) {
                    self.missing.push(c);
                }
                let total = face.replacement_advance();
                let w = text::to_pt(total, style.size);
                let pad = text::to_pt(REPLACEMENT_PAD / 2, style.size);
                let q = text::to_pt(total - REPLACEMENT_PAD, style.size);
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
                    self.push(
                        page,
                        Item::Text(TextBox {
                            text: REPLACEMENT.to_string(),
                            x: pen + pad,
                            baseline,
                            width: q,
                            size: style.size,
                            face: style.face,
                            color: style.color,
                            bbox: Rect::new(pen + pad, baseline - asc, q, asc + desc),
                            cell,
                            replacement: true,
                        }),
                    );
                }
                pen += w;
            }
        }
        flush(self, &mut run, run_x, run_units);
    }
}

/// A paragraph inside a table cell.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub text: String,
    pub style: Style,
    pub align: Align,
    /// Drawn as a coloured label on this fill.
    pub pill: Option<Rgb>,
    /// Space above the paragraph (not above the first).
    pub gap: f32,
    /// Set smaller (down to 70 %) rather than split a word that is wider
    /// than the cell — for headers, numbers, dates and labels.
    pub shrink: bool,
}

impl Para {
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
            align: Align::Left,
            pill: None,
            gap: 1.5,
            shrink: false,
        }
    }

    pub fn shrink(mut self) -> Self {
        self.shrink = true;
        self
    }

    pub fn align(mut self, a: Align) -> Self {
        self.align = a;
        self
    }

    pub fn pill(mut self, fill: Rgb) -> Self {
        self.pill = Some(fill);
        self
    }
}

/// A table cell: paragraphs stacked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub paras: Vec<Para>,
}

impl Cell {
    pub fn new(paras: Vec<Para>) -> Self {
        Self { paras }
    }

    pub fn one(p: Para) -> Self {
        Self { paras: vec![p] }
    }
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    pub fill: Option<Rgb>,
    /// A heavier rule above the row (totals).
    pub rule_above: Option<Stroke>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Self {
            cells,
            fill: None,
            rule_above: None,
        }
    }
}

/// A table: column widths, an optional header row repeated on every page
/// the table continues on, and rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub x: f32,
    pub widths: Vec<f32>,
    pub header: Option<Row>,
    pub rows: Vec<Row>,
    pub pad_x: f32,
    pub pad_y: f32,
    /// Rule below every row.
    pub rule: Option<Stroke>,
    /// Repeat the first column (the item's id) on every page a split row
    /// continues on.
    pub repeat_first: bool,
    /// A line above the repeated header on continuation pages (the
    /// section's title).
    pub caption: Option<Para>,
}

/// The least room worth starting a split row in, rather than moving it to
/// the next page.
const MIN_SPLIT: f32 = 40.0;

/// Padding around a coloured label's text.
pub(crate) const PILL_PX: f32 = 3.5;
pub(crate) const PILL_PY: f32 = 1.2;

#[derive(Debug, Clone)]
struct LaidLine {
    text: String,
    width: f32,
    style: Style,
    align: Align,
    /// Index of the paragraph, when it is a label.
    pill: Option<(usize, Rgb)>,
    /// Top, from the top of the cell's inner box.
    dy: f32,
    h: f32,
}

#[derive(Debug, Clone, Default)]
struct LaidCell {
    lines: Vec<LaidLine>,
}

impl LaidCell {
    /// Where a fragment starting at line `from` begins: the cell's top for
    /// the first line (which may be shifted down to align baselines).
    fn top_of(&self, from: usize) -> f32 {
        if from == 0 {
            return 0.0;
        }
        let first = &self.lines[from];
        first.dy - if first.pill.is_some() { PILL_PY } else { 0.0 }
    }

    /// Height of lines `from..to` including label padding.
    fn span(&self, from: usize, to: usize) -> f32 {
        if from >= to {
            return 0.0;
        }
        let top = self.top_of(from);
        let last = &self.lines[to - 1];
        let bottom = last.dy + last.h + if last.pill.is_some() { PILL_PY } else { 0.0 };
        bottom - top
    }
}

fn lay_cell(fonts: Fonts<'_>, cell: &Cell, inner: f32) -> LaidCell {
    let mut lines = Vec::new();
    let mut y = 0.0f32;
    for (i, p) in cell.paras.iter().enumerate() {
        if i > 0 {
            y += p.gap;
        }
        let face = fonts.face(p.style.face);
        let avail = if p.pill.is_some() {
            inner - 2.0 * PILL_PX
        } else {
            inner
        };
        if p.pill.is_some() {
            y += PILL_PY;
        }
        let mut style = p.style;
        if p.shrink {
            let widest = text::min_width(face, &p.text, style.size);
            if widest > avail {
                let smaller = style.size * avail / widest;
                style.size = ((smaller * 20.0).floor() / 20.0)
                    .max(p.style.size * 0.7)
                    .max(5.0);
            }
        }
        let h = line_height(style.size);
        for l in text::wrap(face, &p.text, style.size, avail) {
            lines.push(LaidLine {
                text: l.text,
                width: l.width,
                style,
                align: p.align,
                pill: p.pill.map(|c| (i, c)),
                dy: y,
                h,
            });
            y += h;
        }
        if p.pill.is_some() {
            y += PILL_PY;
        }
    }
    LaidCell { lines }
}

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

    /// A wrapped paragraph at the body's left edge and width.
    pub fn paragraph(&mut self, text: &str, style: Style, align: Align) {
        let (x, w) = (self.x, self.w);
        self.paragraph_at(text, style, align, x, w);
    }

    /// A wrapped paragraph in the column `x`..`x + w`.
    pub fn paragraph_at(&mut self, text: &str, style: Style, align: Align, x: f32, w: f32) {
        let face = self.canvas.fonts.face(style.face);
        let h = line_height(style.size);
        for l in text::wrap(face, text, style.size, w) {
            self.ensure(h);
            let lx = match align {
                Align::Left => x,
                Align::Center => x + (w - l.width) / 2.0,
                Align::Right => x + w - l.width,
            };
            let cell = Rect::new(x, self.y, w, h);
            self.canvas
                .line(self.page, &l.text, lx, self.y, style, cell);
            self.y += h;
            self.fresh = false;
        }
    }

    /// The height a paragraph will take at width `w`.
    pub fn measure_paragraph(&self, text: &str, style: Style, w: f32) -> f32 {
        let face = self.canvas.fonts.face(style.face);
        #[allow(clippy::cast_precision_loss)]
        let n = text::wrap(face, text, style.size, w).len() as f32;
        n * line_height(style.size)
    }

    /// Height of a table's header plus its first row (for keeping a heading
    /// with its table), capped at a third of the page.
    pub fn table_lead(&self, t: &Table) -> f32 {
        let head = t.header.as_ref().map_or(0.0, |h| self.lay_row(t, h).1);
        let first = t.rows.first().map_or(0.0, |r| self.lay_row(t, r).1);
        head + first.min((self.bottom - self.top) / 3.0)
    }

    fn lay_row(&self, t: &Table, row: &Row) -> (Vec<LaidCell>, f32) {
        let cells: Vec<LaidCell> = row
            .cells
            .iter()
            .zip(&t.widths)
            .map(|(c, w)| lay_cell(self.canvas.fonts, c, (w - 2.0 * t.pad_x).max(1.0)))
            .collect();
        // Align the first baselines of the cells.
        let first_baseline = |c: &LaidCell| {
            c.lines
                .first()
                .map(|l| l.dy + self.canvas.baseline(l.style, 0.0))
        };
        let target = cells.iter().filter_map(first_baseline).fold(0.0, f32::max);
        let mut cells = cells;
        for c in &mut cells {
            if let Some(b) = first_baseline(c) {
                let shift = target - b;
                for l in &mut c.lines {
                    l.dy += shift;
                }
            }
        }
        let h = cells
            .iter()
            .map(|c| c.span(0, c.lines.len()))
            .fold(0.0, f32::max)
            + 2.0 * t.pad_y;
        (cells, h)
    }

    /// Places a table, repeating its header on every page it continues on.
    /// A row moves to the next page whole unless it alone is taller than a
    /// page; then it is split between lines.
    pub fn table(&mut self, t: &Table) {
        let header = t.header.as_ref().map(|h| (h, self.lay_row(t, h)));
        let header_h = header.as_ref().map_or(0.0, |(_, (_, h))| *h);
        let total_w: f32 = t.widths.iter().sum();
        let caption_h = t.caption.as_ref().map_or(0.0, |p| {
            self.measure_paragraph(&p.text, p.style, total_w) + 3.0
        });
        let mut header_due = true;
        // Whether the table has started (later headers are continuations).
        let mut started = false;
        for row in &t.rows {
            let (cells, h) = self.lay_row(t, row);
            let mut starts = vec![0usize; cells.len()];
            loop {
                let need_head = match (header_due, started) {
                    (false, _) => 0.0,
                    (true, false) => header_h,
                    (true, true) => header_h + caption_h,
                };
                let remaining_h = cells
                    .iter()
                    .zip(&starts)
                    .map(|(c, s)| c.span(*s, c.lines.len()))
                    .fold(0.0, f32::max)
                    + 2.0 * t.pad_y;
                let h_now = if starts.iter().all(|s| *s == 0) {
                    h
                } else {
                    remaining_h
                };
                if self.y + need_head + h_now <= self.bottom + 0.01 {
                    if header_due {
                        self.place_head(t, header.as_ref(), started);
                        header_due = false;
                        started = true;
                    }
                    self.place_row(t, row, &cells, &starts, None, h_now);
                    break;
                }
                let page_room = self.bottom - self.top - header_h - caption_h;
                if !self.fresh && h_now <= page_room {
                    self.new_page();
                    header_due = true;
                    continue;
                }
                if !self.fresh && self.remaining() - need_head < MIN_SPLIT {
                    // Too little room to start splitting here.
                    self.new_page();
                    header_due = true;
                    continue;
                }
                // Taller than a page: split it between lines.
                let at_top = self.fresh;
                if header_due {
                    self.place_head(t, header.as_ref(), started);
                    header_due = false;
                    started = true;
                }
                let avail = self.remaining() - 2.0 * t.pad_y;
                let ends: Vec<usize> = cells
                    .iter()
                    .zip(&starts)
                    .map(|(c, &s)| {
                        let mut e = s;
                        while e < c.lines.len() && c.span(s, e + 1) <= avail {
                            e += 1;
                        }
                        e
                    })
                    .collect();
                // Always progress, even if a line is taller than the page.
                let mut ends = ends;
                if at_top && ends == starts {
                    for ((e, s), c) in ends.iter_mut().zip(&starts).zip(&cells) {
                        if *s < c.lines.len() {
                            *e = s + 1;
                        }
                    }
                }
                let frag_h = cells
                    .iter()
                    .zip(starts.iter().zip(&ends))
                    .map(|(c, (s, e))| c.span(*s, *e))
                    .fold(0.0, f32::max)
                    + 2.0 * t.pad_y;
                self.place_row(t, row, &cells, &starts, Some(&ends), frag_h);
                starts = ends;
                if cells.iter().zip(&starts).all(|(c, s)| *s >= c.lines.len()) {
                    break;
                }
                self.new_page();
                header_due = true;
                if let (true, Some(s0)) = (t.repeat_first, starts.first_mut()) {
                    *s0 = 0;
                }
            }
        }
    }

    /// The header row, after the caption when the table continues from an
    /// earlier page.
    fn place_head(
        &mut self,
        t: &Table,
        header: Option<&(&Row, (Vec<LaidCell>, f32))>,
        continued: bool,
    ) {
        if let (true, Some(p)) = (continued, &t.caption) {
            let w: f32 = t.widths.iter().sum();
            self.paragraph_at(&p.text, p.style, p.align, t.x, w);
            self.y += 3.0;
        }
        if let Some((hrow, (hcells, hh))) = header {
            let zero = vec![0; hcells.len()];
            self.place_row(t, hrow, hcells, &zero, None, *hh);
        }
    }

    /// Draws lines `starts..ends` (all remaining when `ends` is None) of each
    /// cell as one row of height `h` at the cursor.
    fn place_row(
        &mut self,
        t: &Table,
        row: &Row,
        cells: &[LaidCell],
        starts: &[usize],
        ends: Option<&[usize]>,
        h: f32,
    ) {
        let top = self.y;
        let total_w: f32 = t.widths.iter().sum();
        let page = self.page;
        if let Some(fill) = row.fill {
            self.canvas
                .rect(page, Rect::new(t.x, top, total_w, h), Some(fill), None);
        }
        if let Some(s) = row.rule_above {
            self.canvas.hline(page, t.x, t.x + total_w, top, s);
        }
        let mut x = t.x;
        for (ci, (cell, w)) in cells.iter().zip(&t.widths).enumerate() {
            let s = starts.get(ci).copied().unwrap_or(0);
            let e = ends
                .and_then(|e| e.get(ci).copied())
                .unwrap_or(cell.lines.len());
            let cell_rect = Rect::new(x, top, *w, h);
            let inner_x = x + t.pad_x;
            let inner_w = w - 2.0 * t.pad_x;
            if s < e {
                let base = cell.top_of(s);
                // Labels first (behind their text).
                let mut i = s;
                while i < e {
                    let Some((pi, fill)) = cell.lines[i].pill else {
                        i += 1;
                        continue;
                    };
                    let mut j = i;
                    let mut maxw = 0.0f32;
                    while j < e && cell.lines[j].pill.map(|p| p.0) == Some(pi) {
                        maxw = maxw.max(cell.lines[j].width);
                        j += 1;
                    }
                    let ptop = top + t.pad_y + cell.lines[i].dy - base - PILL_PY;
                    let pbottom =
                        top + t.pad_y + cell.lines[j - 1].dy + cell.lines[j - 1].h - base + PILL_PY;
                    let pw = maxw + 2.0 * PILL_PX;
                    let px = match cell.lines[i].align {
                        Align::Left => inner_x,
                        Align::Center => inner_x + (inner_w - pw) / 2.0,
                        Align::Right => inner_x + inner_w - pw,
                    };
                    self.canvas.rect(
                        page,
                        Rect::new(px, ptop, pw, pbottom - ptop),
                        Some(fill),
                        None,
                    );
                    i = j;
                }
                for l in &cell.lines[s..e] {
                    let (lx0, lw) = if l.pill.is_some() {
                        (inner_x + PILL_PX, inner_w - 2.0 * PILL_PX)
                    } else {
                        (inner_x, inner_w)
                    };
                    // A label hugs its text: the label is aligned in the
                    // cell, the text sits inside it.
                    let lx = if l.pill.is_some() {
                        let maxw = label_width(cell, l);
                        match l.align {
                            Align::Left => inner_x + PILL_PX,
                            Align::Center => inner_x + (inner_w - maxw) / 2.0,
                            Align::Right => inner_x + inner_w - maxw - PILL_PX,
                        }
                    } else {
                        match l.align {
                            Align::Left => lx0,
                            Align::Center => lx0 + (lw - l.width) / 2.0,
                            Align::Right => lx0 + lw - l.width,
                        }
                    };
                    let ltop = top + t.pad_y + l.dy - base;
                    self.canvas
                        .line(page, &l.text, lx, ltop, l.style, cell_rect);
                }
            }
            x += w;
        }
        if let Some(s) = t.rule {
            self.canvas.hline(page, t.x, t.x + total_w, top + h, s);
        }
        self.y = top + h;
        self.fresh = false;
    }
}

/// The widest line of the label `l` belongs to.
fn label_width(cell: &LaidCell, l: &LaidLine) -> f32 {
    let id = l.pill.map(|p| p.0);
    cell.lines
        .iter()
        .filter(|x| x.pill.map(|p| p.0) == id)
        .map(|x| x.width)
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn fonts() -> (Face, Face) {
        let r = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        let b = include_bytes!("../../templates/default/fonts/NanumGothicBold.ttf");
        (
            Face::parse(Cow::Borrowed(r), "r").expect("regular"),
            Face::parse(Cow::Borrowed(b), "b").expect("bold"),
        )
    }

    fn table(rows: Vec<Row>) -> Table {
        Table {
            x: 0.0,
            widths: vec![60.0, 140.0],
            header: Some(Row::new(vec![
                Cell::one(Para::new("ID", Style::new(FaceKind::Bold, 8.0, Rgb::WHITE))),
                Cell::one(Para::new(
                    "Text",
                    Style::new(FaceKind::Bold, 8.0, Rgb::WHITE),
                )),
            ])),
            rows,
            pad_x: 4.0,
            pad_y: 4.0,
            rule: None,
            repeat_first: true,
            caption: None,
        }
    }

    fn row(id: &str, text: &str, size: f32) -> Row {
        let st = Style::new(FaceKind::Regular, size, Rgb::new(0, 0, 0));
        Row::new(vec![
            Cell::one(Para::new(id, st)),
            Cell::one(Para::new(text, st)),
        ])
    }

    #[test]
    fn rows_move_whole_and_split_only_when_taller_than_a_page() {
        let (r, b) = fonts();
        let f = Fonts {
            regular: &r,
            bold: &b,
        };
        let mut flow = Flow::new(f, 0.0, 200.0, 0.0, 200.0);
        let long = "가나다 ".repeat(300);
        flow.table(&table(vec![
            row("A", "짧은 행", 9.0),
            row("B", &"줄 바꿈이 필요한 조금 긴 행입니다 ".repeat(8), 9.0),
            row("C", &long, 9.0),
            row("D", "끝", 9.0),
        ]));
        let (pages, _) = flow.canvas.into_parts();
        assert!(pages.len() > 3, "{} pages", pages.len());
        let on = |id: &str| -> Vec<usize> {
            pages
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.items
                        .iter()
                        .any(|i| matches!(i, Item::Text(t) if t.text == id))
                })
                .map(|(n, _)| n)
                .collect()
        };
        assert_eq!(on("A"), vec![0]);
        assert_eq!(on("B").len(), 1, "B moves whole");
        assert!(on("C").len() > 1, "C is split and its id repeated");
        // The header is on every page.
        for (n, p) in pages.iter().enumerate() {
            assert!(
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text(t) if t.text == "Text")),
                "page {n}"
            );
        }
    }

    #[test]
    fn a_line_taller_than_the_page_still_terminates() {
        let (r, b) = fonts();
        let f = Fonts {
            regular: &r,
            bold: &b,
        };
        let mut flow = Flow::new(f, 0.0, 200.0, 0.0, 50.0);
        flow.table(&table(vec![row("X", "큰 글자 여러 줄", 60.0)]));
        let (pages, _) = flow.canvas.into_parts();
        assert!(pages.len() < 10);
    }
}
