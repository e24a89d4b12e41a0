//! What every page and section shares: the header and footer, headings,
//! one-line boxed text, and the tables' header rows, widths and banding.

use crate::report::SignState;

use super::{ALERT, Bi, Ctx, INK, MUTED, RULE, Sizes, ZEBRA};
use crate::pdf::layout::{
    Align, Artifact, Canvas, Cell, FaceKind, Flow, Fonts, Rect, Rgb, Role, Row, Stroke, Style,
    Table, Tag, line_height,
};

/// Largest size ≤ `style.size` (down to 5 pt) at which `text` fits in `w`.
fn fit(fonts: Fonts<'_>, text: &str, style: Style, w: f32) -> Style {
    let face = fonts.face(style.face);
    let mut s = style;
    while s.size > 5.0 && face.width(text, s.size) > w {
        s.size -= 0.25;
    }
    s
}

/// `text` on one line no wider than `w`: shrunk (down to 5 pt), and cut
/// with an ellipsis if even that is too wide. Returns the text, its style
/// and width.
pub(super) fn fit_line(fonts: Fonts<'_>, text: &str, style: Style, w: f32) -> (String, Style, f32) {
    let s = fit(fonts, text, style, w);
    let face = fonts.face(s.face);
    let mut shown = crate::pdf::linebreak::clean(text).replace('\n', " ");
    if face.width(&shown, s.size) > w {
        let ellipsis = if face.has('…') { "…" } else { "..." };
        // Keep the longest prefix that fits with the ellipsis, measured
        // character by character (widths add up: no kerning), so a long
        // text costs linear time.
        let room = w - face.width(ellipsis, s.size);
        let mut used = 0.0;
        let mut end = 0;
        for (i, c) in shown.char_indices() {
            let cw = face.width(&shown[i..i + c.len_utf8()], s.size);
            if used + cw > room {
                break;
            }
            used += cw;
            end = i + c.len_utf8();
        }
        shown.truncate(end);
        shown = format!("{}{ellipsis}", shown.trim_end());
    }
    let width = face.width(&shown, s.size);
    (shown, s, width)
}

/// One line of text in a box (see [`fit_line`]) — for the header, the
/// footer and labels, whose box has room for one line only.
pub(super) fn boxed_line(
    canvas: &mut Canvas<'_>,
    page: usize,
    text: &str,
    style: Style,
    cell: Rect,
    align: Align,
) {
    let (shown, s, w) = fit_line(canvas.fonts, text, style, cell.w);
    let x = match align {
        Align::Left => cell.x,
        Align::Center => cell.x + (cell.w - w) / 2.0,
        Align::Right => cell.right() - w,
    };
    let lh = line_height(s.size);
    canvas.line(
        page,
        &shown,
        x,
        cell.y,
        s,
        Rect::new(cell.x, cell.y, cell.w, lh),
    );
}

pub(super) fn header_footer(
    canvas: &mut Canvas<'_>,
    cx: &Ctx<'_>,
    content: Rect,
    band: f32,
    i: usize,
    n: usize,
) {
    let r = cx.report;
    let small = cx.sz.small;
    let lh = line_height(small);
    let thin = Stroke {
        color: RULE,
        width: 0.6,
    };
    // Header: an artifact (pagination), the draft badge with it.
    let header = Tag::Artifact(Artifact::Header);
    let before = canvas.tag_all(header, header);
    let head = Rect::new(content.x, content.y, content.w, lh);
    let draft = r.state == SignState::Draft;
    let mut right_w = 0.0;
    if draft {
        let pad = 5.0;
        let st = Style::new(FaceKind::Bold, small, ALERT);
        let (shown, st, w) = fit_line(
            canvas.fonts,
            &cx.joined(cx.bi(|r| &r.labels.draft_marking)),
            st,
            content.w * 0.5 - 2.0 * pad,
        );
        let rect = Rect::new(
            content.right() - w - 2.0 * pad,
            content.y,
            w + 2.0 * pad,
            lh + 2.0,
        );
        canvas.rect(
            i,
            rect,
            Some(ALERT.tint(0.9)),
            Some(Stroke {
                color: ALERT,
                width: 0.8,
            }),
        );
        let cell = Rect::new(rect.x + pad, rect.y + 1.0, w, line_height(st.size));
        canvas.line(i, &shown, cell.x, cell.y, st, cell);
        right_w = rect.w + 8.0;
    }
    if i > 0 {
        let left = Rect::new(head.x, head.y + 1.0, head.w - right_w, lh);
        let text = format!(
            "{} · {}",
            r.customer,
            cx.joined(cx.bi(|r| &r.labels.document_title))
        );
        boxed_line(
            canvas,
            i,
            &text,
            Style::new(FaceKind::Regular, small, MUTED),
            left,
            Align::Left,
        );
        canvas.hline(i, content.x, content.right(), content.y + band, thin);
    }
    // Footer.
    let footer = Tag::Artifact(Artifact::Footer);
    canvas.tag_all(footer, footer);
    let ftop = content.bottom() - lh;
    canvas.hline(i, content.x, content.right(), content.bottom() - band, thin);
    let st = Style::new(FaceKind::Regular, small, MUTED);
    let third = content.w / 3.0;
    boxed_line(
        canvas,
        i,
        &r.engagement_id,
        st,
        Rect::new(content.x, ftop, third - 6.0, lh),
        Align::Left,
    );
    boxed_line(
        canvas,
        i,
        &r.page_of(i + 1, n),
        Style::new(FaceKind::Bold, small, MUTED),
        Rect::new(content.x + third, ftop, third, lh),
        Align::Center,
    );
    boxed_line(
        canvas,
        i,
        &r.fingerprint_text,
        st,
        Rect::new(content.x + 2.0 * third + 6.0, ftop, third - 6.0, lh),
        Align::Right,
    );
    canvas.tag_all(before.0, before.1);
}

/// A section heading (`H2`) with a bookmark; kept with `lead` points of
/// what follows.
pub(super) fn heading(flow: &mut Flow<'_>, cx: &Ctx<'_>, title: Bi<'_>, lead: f32) {
    let st = cx.st(FaceKind::Bold, cx.sz.h1, INK);
    let second = title.second.filter(|s| *s != title.first);
    let st2 = cx.second_style(cx.st(FaceKind::Regular, cx.sz.h2, INK));
    let h2 = second.map_or(0.0, |s| flow.measure_paragraph(s, st2, flow.w - 10.0));
    let h = flow.measure_paragraph(title.first, st, flow.w - 10.0) + h2 + 8.0;
    flow.ensure(h + lead);
    flow.bookmark(&cx.joined(title));
    let top = flow.y;
    let (x, w) = (flow.x, flow.w);
    let h2 = flow.canvas.structure.add(Role::Heading(2));
    let before = flow.canvas.tag_text(Tag::Elem(h2));
    flow.paragraph_at(title.first, st, Align::Left, x + 10.0, w - 10.0);
    if let Some(s) = second {
        flow.paragraph_at(s, st2, Align::Left, x + 10.0, w - 10.0);
    }
    flow.canvas.tag_text(before);
    let page = flow.page;
    flow.canvas.rect(
        page,
        Rect::new(x, top + 2.0, 3.5, flow.y - top - 4.0),
        Some(cx.brand),
        None,
    );
    flow.y += 6.0;
}

/// A subsection heading of `level` (2 or 3), underlined; kept with `lead`
/// points of what follows.
pub(super) fn subheading(flow: &mut Flow<'_>, cx: &Ctx<'_>, title: &str, lead: f32, level: u8) {
    let st = cx.st(FaceKind::Bold, cx.sz.h2, cx.brand);
    let h = flow.measure_paragraph(title, st, flow.w);
    flow.ensure(h + 4.0 + lead);
    flow.paragraph_as(Role::Heading(level), title, st, Align::Left);
    let page = flow.page;
    let y = flow.y + 1.0;
    flow.canvas.hline(
        page,
        flow.x,
        flow.x + flow.w,
        y,
        Stroke {
            color: cx.brand.tint(0.6),
            width: 0.6,
        },
    );
    flow.y += 6.0;
}

pub(super) fn header_row(cx: &Ctx<'_>, labels: &[(Bi<'_>, Align)]) -> Row {
    let st = cx.st(FaceKind::Bold, cx.sz.small, Rgb::WHITE);
    let mut row = Row::new(
        labels
            .iter()
            .map(|(l, a)| {
                Cell::new(
                    cx.paras(*l, st)
                        .into_iter()
                        .map(|p| p.align(*a).shrink())
                        .collect(),
                )
            })
            .collect(),
    );
    row.fill = Some(cx.brand);
    row
}

pub(super) fn table(x: f32, widths: Vec<f32>, header: Option<Row>, rows: Vec<Row>) -> Table {
    Table {
        x,
        widths,
        header,
        rows,
        pad_x: 4.5,
        pad_y: 4.0,
        rule: Some(Stroke {
            color: RULE,
            width: 0.5,
        }),
        repeat_first: false,
        caption: None,
        row_headers: false,
    }
}

pub(super) fn zebra(rows: &mut [Row]) {
    for (i, r) in rows.iter_mut().enumerate() {
        if i % 2 == 1 && r.fill.is_none() {
            r.fill = Some(ZEBRA);
        }
    }
}

/// A column wide enough for its header (small bold) and its values (table
/// size), padded, within `min..=max`.
pub(super) fn col_width<'a>(
    fonts: Fonts<'_>,
    headers: &[(&str, bool)],
    values: impl Iterator<Item = &'a str>,
    sz: Sizes,
    min: f32,
    max: f32,
) -> f32 {
    let h = headers
        .iter()
        .map(|(t, _)| fonts.bold.width(t, sz.small))
        .fold(0.0, f32::max);
    let v = values
        .map(|t| fonts.regular.width(t, sz.table))
        .fold(0.0, f32::max);
    (h.max(v) + 11.0).clamp(min, max)
}
