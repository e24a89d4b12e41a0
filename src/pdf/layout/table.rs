//! Tables laid out on the flow: rows measured, placed whole or split only
//! when taller than a page, the header repeated on every page a table
//! continues on.

use super::canvas::Align;
use super::cells::{LaidCell, LaidLine, MIN_SPLIT, PILL_PX, PILL_PY, Row, Table, lay_cell};
use super::flow::Flow;
use super::{Artifact, ElemId, Rect, Role, Scope, Tag};

impl Flow<'_> {
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

    /// The elements of a row: a `TR` in `table` and one cell each.
    fn row_elems(&mut self, table: ElemId, row: &Row, head: bool, row_headers: bool) -> Vec<Tag> {
        let s = &mut self.canvas.structure;
        let tr = s.add_to(table, Role::TR);
        (0..row.cells.len())
            .map(|i| {
                let role = match (head, row_headers && i == 0) {
                    (true, _) => Role::TH(Scope::Column),
                    (false, true) => Role::TH(Scope::Row),
                    (false, false) => Role::TD,
                };
                Tag::Elem(s.add_to(tr, role))
            })
            .collect()
    }

    /// Places a table, repeating its header on every page it continues on.
    /// A row moves to the next page whole unless it alone is taller than a
    /// page; then it is split between lines.
    ///
    /// It is one `Table` in the structure, however many pages it spans:
    /// its header row once (repeated, it is an artifact), each row a `TR`
    /// of `TH`/`TD` cells whose lines continue on the next page.
    pub fn table(&mut self, t: &Table) {
        let table = self.canvas.structure.add(Role::Table);
        let head_tags = t
            .header
            .as_ref()
            .map(|h| self.row_elems(table, h, true, false))
            .unwrap_or_default();
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
            let mut tags = self.row_elems(table, row, false, t.row_headers);
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
                        self.place_head(t, header.as_ref(), &head_tags, started);
                        header_due = false;
                        started = true;
                    }
                    self.place_row(t, row, &cells, (&starts, None), &tags, h_now);
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
                    self.place_head(t, header.as_ref(), &head_tags, started);
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
                self.place_row(t, row, &cells, (&starts, Some(&ends)), &tags, frag_h);
                starts = ends;
                if cells.iter().zip(&starts).all(|(c, s)| *s >= c.lines.len()) {
                    break;
                }
                self.new_page();
                header_due = true;
                if let (true, Some(s0)) = (t.repeat_first, starts.first_mut()) {
                    // The id again, for the reader of this page: said once.
                    *s0 = 0;
                    if let Some(first) = tags.first_mut() {
                        *first = Tag::Artifact(Artifact::Layout);
                    }
                }
            }
        }
    }

    /// The header row, after the caption when the table continues from an
    /// earlier page (both artifacts there: the header is in the structure
    /// once, as `tags`).
    fn place_head(
        &mut self,
        t: &Table,
        header: Option<&(&Row, (Vec<LaidCell>, f32))>,
        tags: &[Tag],
        continued: bool,
    ) {
        let repeated = Tag::Artifact(Artifact::Layout);
        if let (true, Some(p)) = (continued, &t.caption) {
            let w: f32 = t.widths.iter().sum();
            let before = self.canvas.tag_text(repeated);
            self.paragraph_at(&p.text, p.style, p.align, t.x, w);
            self.canvas.tag_text(before);
            self.y += 3.0;
        }
        if let Some((hrow, (hcells, hh))) = header {
            let zero = vec![0; hcells.len()];
            let again = vec![repeated; hcells.len()];
            let tags = if continued { &again } else { tags };
            self.place_row(t, hrow, hcells, (&zero, None), tags, *hh);
        }
    }

    /// Draws lines `starts..ends` (all remaining when `ends` is None) of each
    /// cell as one row of height `h` at the cursor, each cell's text tagged
    /// with its `tags` entry.
    fn place_row(
        &mut self,
        t: &Table,
        row: &Row,
        cells: &[LaidCell],
        (starts, ends): (&[usize], Option<&[usize]>),
        tags: &[Tag],
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
                    let tag = tags.get(ci).copied().unwrap_or_default();
                    let before = self.canvas.tag_text(tag);
                    self.canvas
                        .line(page, &l.text, lx, ltop, l.style, cell_rect);
                    if l.space {
                        self.canvas.space_after(page);
                    }
                    self.canvas.tag_text(before);
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
    use crate::pdf::face::Face;
    use crate::pdf::layout::canvas::{Fonts, Style};
    use crate::pdf::layout::cells::{Cell, Para};
    use crate::pdf::layout::{FaceKind, Mark, Rgb};
    use std::borrow::Cow;

    fn fonts() -> (Face, Face) {
        let r = include_bytes!("../../../templates/default/fonts/NanumGothic.ttf");
        let b = include_bytes!("../../../templates/default/fonts/NanumGothicBold.ttf");
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
            row_headers: false,
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
            fallbacks: &[],
        };
        let mut flow = Flow::new(f, 0.0, 200.0, 0.0, 200.0);
        let long = "가나다 ".repeat(300);
        flow.table(&table(vec![
            row("A", "짧은 행", 9.0),
            row("B", &"줄 바꿈이 필요한 조금 긴 행입니다 ".repeat(8), 9.0),
            row("C", &long, 9.0),
            row("D", "끝", 9.0),
        ]));
        let (pages, _, _) = flow.canvas.into_parts();
        assert!(pages.len() > 3, "{} pages", pages.len());
        let on = |id: &str| -> Vec<usize> {
            pages
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.marks
                        .iter()
                        .any(|i| matches!(i, Mark::Text(t) if t.text == id))
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
                p.marks
                    .iter()
                    .any(|i| matches!(i, Mark::Text(t) if t.text == "Text")),
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
            fallbacks: &[],
        };
        let mut flow = Flow::new(f, 0.0, 200.0, 0.0, 50.0);
        flow.table(&table(vec![row("X", "큰 글자 여러 줄", 60.0)]));
        let (pages, _, _) = flow.canvas.into_parts();
        assert!(pages.len() < 10);
    }
}
