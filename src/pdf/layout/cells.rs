//! What a table is made of (paragraphs, cells, rows, the table itself) and
//! a cell's paragraphs broken into lines at the cell's width.

use super::canvas::{Align, Fonts, Style, line_height};
use super::{Rgb, Stroke};
use crate::pdf::linebreak;

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
    /// The first column heads its row (`TH` with `/Scope /Row`: the
    /// labels of a two-column table of facts).
    pub row_headers: bool,
}

/// The least room worth starting a split row in, rather than moving it to
/// the next page.
pub(super) const MIN_SPLIT: f32 = 40.0;

/// Padding around a coloured label's text.
pub(crate) const PILL_PX: f32 = 3.5;
pub(crate) const PILL_PY: f32 = 1.2;

#[derive(Debug, Clone)]
pub(super) struct LaidLine {
    pub(super) text: String,
    pub(super) width: f32,
    pub(super) style: Style,
    pub(super) align: Align,
    /// Index of the paragraph, when it is a label.
    pub(super) pill: Option<(usize, Rgb)>,
    /// Top, from the top of the cell's inner box.
    pub(super) dy: f32,
    pub(super) h: f32,
    /// The line broke at a space.
    pub(super) space: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct LaidCell {
    pub(super) lines: Vec<LaidLine>,
}

impl LaidCell {
    /// Where a fragment starting at line `from` begins: the cell's top for
    /// the first line (which may be shifted down to align baselines).
    pub(super) fn top_of(&self, from: usize) -> f32 {
        if from == 0 {
            return 0.0;
        }
        let first = &self.lines[from];
        first.dy - if first.pill.is_some() { PILL_PY } else { 0.0 }
    }

    /// Height of lines `from..to` including label padding.
    pub(super) fn span(&self, from: usize, to: usize) -> f32 {
        if from >= to {
            return 0.0;
        }
        let top = self.top_of(from);
        let last = &self.lines[to - 1];
        let bottom = last.dy + last.h + if last.pill.is_some() { PILL_PY } else { 0.0 };
        bottom - top
    }
}

pub(super) fn lay_cell(fonts: Fonts<'_>, cell: &Cell, inner: f32) -> LaidCell {
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
            let widest = linebreak::min_width(face, &p.text, style.size);
            if widest > avail {
                let smaller = style.size * avail / widest;
                style.size = ((smaller * 20.0).floor() / 20.0)
                    .max(p.style.size * 0.7)
                    .max(5.0);
            }
        }
        let h = line_height(style.size);
        for l in linebreak::wrap(face, &p.text, style.size, avail) {
            lines.push(LaidLine {
                text: l.text,
                width: l.width,
                style,
                align: p.align,
                pill: p.pill.map(|c| (i, c)),
                dy: y,
                h,
                space: l.space,
            });
            y += h;
        }
        if p.pill.is_some() {
            y += PILL_PY;
        }
        // The next paragraph is another word for a reader of the text.
        if let Some(last) = lines.last_mut() {
            last.space = i + 1 < cell.paras.len();
        }
    }
    LaidCell { lines }
}
