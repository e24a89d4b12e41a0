//! What goes where: the statement's cover, summary and chart, one section
//! per phase, the sign-off page, and the header and footer of every page —
//! laid out into a [`Document`] of positioned boxes.

use crate::model::Status;
use crate::report::{Counts, ItemView, Report, SignState};
use crate::template::Template;

use super::layout::{
    Align, Canvas, Cell, Document, FaceKind, Flow, Fonts, Mark, Para, Rect, Rgb, Row, Stroke,
    Style, Table, line_height,
};

const INK: Rgb = Rgb::new(0x1E, 0x29, 0x36);
const MUTED: Rgb = Rgb::new(0x5B, 0x66, 0x75);
const RULE: Rgb = Rgb::new(0xD5, 0xDB, 0xE2);
const ZEBRA: Rgb = Rgb::new(0xF5, 0xF7, 0xFA);
const ALERT: Rgb = Rgb::new(0xC0, 0x39, 0x2B);
const GOOD: Rgb = Rgb::new(0x2F, 0x85, 0x5A);

/// The colour of a status (bars, labels, legend).
pub(crate) fn status_color(s: Status) -> Rgb {
    match s {
        Status::NotStarted => Rgb::new(0x8A, 0x96, 0xA8),
        Status::InProgress => Rgb::new(0x2B, 0x6C, 0xB0),
        Status::Blocked => Rgb::new(0xC0, 0x39, 0x2B),
        Status::Done => Rgb::new(0x2F, 0x85, 0x5A),
        Status::NotApplicable => Rgb::new(0xB4, 0xBD, 0xC9),
    }
}

/// Text colour on a status label.
fn status_ink(s: Status) -> Rgb {
    match s {
        Status::NotApplicable => Rgb::new(0x5F, 0x6B, 0x7A),
        Status::NotStarted => Rgb::new(0x4A, 0x55, 0x68),
        other => status_color(other).mix(Rgb::new(0, 0, 0), 0.15),
    }
}

fn status_fill(s: Status) -> Rgb {
    status_color(s).tint(0.84)
}

/// Points per millimetre, as printpdf converts.
pub(crate) const PT_PER_MM: f32 = 2.834_646;

/// Type sizes derived from the template's body size.
#[derive(Clone, Copy)]
struct Sizes {
    body: f32,
    table: f32,
    small: f32,
    tiny: f32,
    h1: f32,
    h2: f32,
}

impl Sizes {
    fn new(base: f32) -> Self {
        Self {
            body: base,
            table: base - 0.5,
            small: base - 1.5,
            tiny: (base - 2.2).max(5.0),
            h1: base + 6.0,
            h2: base + 2.0,
        }
    }
}

struct Ctx<'r> {
    report: &'r Report,
    brand: Rgb,
    sz: Sizes,
}

impl Ctx<'_> {
    fn st(&self, face: FaceKind, size: f32, color: Rgb) -> Style {
        Style::new(face, size, color)
    }
}

/// Lays out the whole statement.
pub(crate) fn layout(report: &Report, template: &Template) -> Document {
    let fonts = Fonts {
        regular: &template.regular,
        bold: &template.bold,
    };
    let (pw_mm, ph_mm) = template.page.mm();
    let (width, height) = (pw_mm * PT_PER_MM, ph_mm * PT_PER_MM);
    let m = template.margins;
    let content = Rect::new(
        m.left * PT_PER_MM,
        m.top * PT_PER_MM,
        width - (m.left + m.right) * PT_PER_MM,
        height - (m.top + m.bottom) * PT_PER_MM,
    );
    let sz = Sizes::new(template.font_size);
    let band = line_height(sz.small) + 6.0;
    let body_top = content.y + band + 12.0;
    let body_bottom = content.bottom() - band - 10.0;
    let cx = Ctx {
        report,
        brand: template.brand,
        sz,
    };
    let mut flow = Flow::new(fonts, content.x, content.w, body_top, body_bottom);

    cover(&mut flow, &cx, template);
    flow.break_page();
    summary(&mut flow, &cx);
    flow.break_page();
    phases(&mut flow, &cx);
    flow.break_page();
    signoff(&mut flow, &cx);

    let bookmarks = std::mem::take(&mut flow.bookmarks);
    let mut canvas = flow.canvas;
    let n = canvas.pages.len();
    for i in 0..n {
        header_footer(&mut canvas, &cx, content, band, i, n);
    }
    let (pages, missing) = canvas.into_parts();
    Document {
        width,
        height,
        content,
        pages,
        bookmarks,
        missing,
    }
}

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
fn fit_line(fonts: Fonts<'_>, text: &str, style: Style, w: f32) -> (String, Style, f32) {
    let s = fit(fonts, text, style, w);
    let face = fonts.face(s.face);
    let mut shown = super::linebreak::clean(text).replace('\n', " ");
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
fn boxed_line(
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

fn header_footer(
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
    // Header.
    let head = Rect::new(content.x, content.y, content.w, lh);
    let draft = r.state == SignState::Draft;
    let mut right_w = 0.0;
    if draft {
        let pad = 5.0;
        let st = Style::new(FaceKind::Bold, small, ALERT);
        let (shown, st, w) = fit_line(
            canvas.fonts,
            &r.labels.draft_marking,
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
        let text = format!("{} · {}", r.customer, r.labels.document_title);
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
}

/// A section heading with a bookmark; kept with `lead` points of what
/// follows.
fn heading(flow: &mut Flow<'_>, cx: &Ctx<'_>, title: &str, lead: f32) {
    let st = cx.st(FaceKind::Bold, cx.sz.h1, INK);
    let h = flow.measure_paragraph(title, st, flow.w - 10.0) + 8.0;
    flow.ensure(h + lead);
    flow.bookmark(title);
    let top = flow.y;
    let (x, w) = (flow.x, flow.w);
    flow.paragraph_at(title, st, Align::Left, x + 10.0, w - 10.0);
    let page = flow.page;
    flow.canvas.rect(
        page,
        Rect::new(x, top + 2.0, 3.5, flow.y - top - 4.0),
        Some(cx.brand),
        None,
    );
    flow.y += 6.0;
}

fn subheading(flow: &mut Flow<'_>, cx: &Ctx<'_>, title: &str, lead: f32) {
    let st = cx.st(FaceKind::Bold, cx.sz.h2, cx.brand);
    let h = flow.measure_paragraph(title, st, flow.w);
    flow.ensure(h + 4.0 + lead);
    flow.paragraph(title, st, Align::Left);
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

fn header_row(cx: &Ctx<'_>, labels: &[(&str, Align)]) -> Row {
    let st = cx.st(FaceKind::Bold, cx.sz.small, Rgb::WHITE);
    let mut row = Row::new(
        labels
            .iter()
            .map(|(l, a)| Cell::one(Para::new(*l, st).align(*a).shrink()))
            .collect(),
    );
    row.fill = Some(cx.brand);
    row
}

fn table(x: f32, widths: Vec<f32>, header: Option<Row>, rows: Vec<Row>) -> Table {
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
    }
}

fn zebra(rows: &mut [Row]) {
    for (i, r) in rows.iter_mut().enumerate() {
        if i % 2 == 1 && r.fill.is_none() {
            r.fill = Some(ZEBRA);
        }
    }
}

// ---------------------------------------------------------------------------

fn cover(flow: &mut Flow<'_>, cx: &Ctx<'_>, template: &Template) {
    let r = cx.report;
    let sz = cx.sz;
    let (x, w) = (flow.x, flow.w);
    if let Some(logo) = &template.logo {
        let (max_w, max_h) = (150.0f32, 44.0f32);
        #[allow(clippy::cast_precision_loss)]
        let (iw, ih) = (logo.width as f32, logo.height as f32);
        let scale = (max_w / iw).min(max_h / ih);
        let rect = Rect::new(x, flow.y, iw * scale, ih * scale);
        let page = flow.page;
        flow.canvas.push(page, Mark::Logo { rect });
        flow.y += rect.h;
    }
    flow.y += 56.0;
    flow.paragraph(
        &r.catalogue_title,
        cx.st(FaceKind::Bold, sz.body + 1.0, cx.brand),
        Align::Left,
    );
    flow.y += 8.0;
    flow.paragraph(
        &r.labels.document_title,
        cx.st(FaceKind::Bold, sz.body * 2.9, INK),
        Align::Left,
    );
    flow.y += 4.0;
    flow.paragraph(
        &r.customer,
        cx.st(FaceKind::Regular, sz.body * 1.6, MUTED),
        Align::Left,
    );
    flow.y += 12.0;
    let page = flow.page;
    flow.canvas
        .rect(page, Rect::new(x, flow.y, 64.0, 3.0), Some(cx.brand), None);
    flow.y += 26.0;

    // Key facts.
    let label = cx.st(FaceKind::Regular, sz.small, MUTED);
    let value = cx.st(FaceKind::Regular, sz.body + 0.5, INK);
    let mut facts: Vec<(&str, Vec<Para>)> =
        vec![(&r.labels.customer, vec![Para::new(&r.customer, value)])];
    if let Some(t) = &r.tenant {
        facts.push((&r.labels.tenant, vec![Para::new(t, value)]));
    }
    facts.push((&r.labels.provider, vec![Para::new(&r.provider, value)]));
    facts.push((
        &r.labels.engagement,
        vec![Para::new(&r.engagement_id, value)],
    ));
    facts.push((
        &r.labels.catalogue,
        vec![Para::new(&r.catalogue_title, value)],
    ));
    facts.push((
        &r.labels.catalogue_version,
        vec![Para::new(&r.catalogue_version, value)],
    ));
    facts.push((&r.labels.period, vec![Para::new(&r.period, value)]));
    facts.push((&r.labels.issued, vec![Para::new(&r.issued.text, value)]));
    if let Some(v) = &r.document_version {
        facts.push((&r.labels.document_version, vec![Para::new(v, value)]));
    }
    let (state_color, state_fill) = match r.state {
        SignState::Draft => (ALERT, ALERT.tint(0.88)),
        SignState::SignedOff => (GOOD, GOOD.tint(0.85)),
    };
    let mut state = vec![
        Para::new(
            &r.state_label,
            cx.st(FaceKind::Bold, sz.body + 0.5, state_color),
        )
        .pill(state_fill),
    ];
    if let Some(d) = &r.draft_detail {
        state.push(Para::new(d, cx.st(FaceKind::Regular, sz.small, ALERT)));
    }
    facts.push((&r.labels.state, state));
    let fonts = flow.canvas.fonts;
    let label_w = facts
        .iter()
        .map(|(l, _)| fonts.face(label.face).width(l, label.size))
        .fold(0.0, f32::max)
        .clamp(60.0, w * 0.35)
        + 14.0;
    let rows = facts
        .into_iter()
        .map(|(l, v)| Row::new(vec![Cell::one(Para::new(l, label)), Cell::new(v)]))
        .collect();
    let mut t = table(x, vec![label_w, w - label_w], None, rows);
    t.pad_x = 2.0;
    t.pad_y = 5.0;
    flow.table(&t);

    if !r.revisions.is_empty() {
        flow.y += 28.0;
        let body = cx.st(FaceKind::Regular, sz.table, INK);
        let rows: Vec<Row> = r
            .revisions
            .iter()
            .map(|rv| {
                Row::new(vec![
                    Cell::one(
                        Para::new(&rv.version, cx.st(FaceKind::Bold, sz.table, INK)).shrink(),
                    ),
                    Cell::one(Para::new(&rv.date.text, body).shrink()),
                    Cell::one(Para::new(&rv.note, body)),
                ])
            })
            .collect();
        let l = &r.labels;
        let head = header_row(
            cx,
            &[
                (&l.revision_version, Align::Left),
                (&l.revision_date, Align::Left),
                (&l.revision_note, Align::Left),
            ],
        );
        let vw = col_width(
            fonts,
            &[(&l.revision_version, true)],
            r.revisions.iter().map(|v| v.version.as_str()),
            sz,
            48.0,
            90.0,
        );
        let dw = col_width(
            fonts,
            &[(&l.revision_date, true)],
            r.revisions.iter().map(|v| v.date.text.as_str()),
            sz,
            70.0,
            130.0,
        );
        let mut rows = rows;
        zebra(&mut rows);
        let t = table(x, vec![vw, dw, w - vw - dw], Some(head), rows);
        subheading(flow, cx, &r.labels.revisions_heading, flow.table_lead(&t));
        flow.table(&t);
    }
}

/// A column wide enough for its header (small bold) and its values (table
/// size), padded, within `min..=max`.
fn col_width<'a>(
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

fn percent(c: &Counts) -> String {
    // 0–100: the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p = c.percent_done().floor() as u32;
    format!("{p}%")
}

fn summary(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let sz = cx.sz;
    let (x, w) = (flow.x, flow.w);
    heading(flow, cx, &r.labels.summary_heading, 60.0);
    let overdue = !r.overdue.is_empty();
    flow.paragraph(
        &r.overdue_text,
        cx.st(
            if overdue {
                FaceKind::Bold
            } else {
                FaceKind::Regular
            },
            sz.body,
            if overdue { ALERT } else { MUTED },
        ),
        Align::Left,
    );
    flow.y += 12.0;

    // Counts table.
    let num = cx.st(FaceKind::Regular, sz.table, INK);
    let bold = cx.st(FaceKind::Bold, sz.table, INK);
    let phase_w = (w * 0.27).max(90.0);
    let ncols = Status::ALL.len() + 2;
    #[allow(clippy::cast_precision_loss)]
    let col = (w - phase_w) / ncols as f32;
    let mut heads: Vec<(&str, Align)> = vec![(&r.labels.summary_phase, Align::Left)];
    for s in &r.statuses {
        heads.push((&s.label, Align::Right));
    }
    heads.push((&r.labels.summary_total, Align::Right));
    heads.push((&r.labels.summary_done_percent, Align::Right));
    let count_row = |title: &str, c: &Counts, st: Style| {
        let mut cells = vec![Cell::one(Para::new(title, st))];
        for s in Status::ALL {
            let n = c.get(s);
            let color = if n == 0 {
                RULE.mix(MUTED, 0.4)
            } else {
                st.color
            };
            cells.push(Cell::one(
                Para::new(n.to_string(), Style { color, ..st })
                    .align(Align::Right)
                    .shrink(),
            ));
        }
        cells.push(Cell::one(
            Para::new(c.total.to_string(), st)
                .align(Align::Right)
                .shrink(),
        ));
        cells.push(Cell::one(
            Para::new(percent(c), bold).align(Align::Right).shrink(),
        ));
        Row::new(cells)
    };
    let mut rows: Vec<Row> = r
        .phases
        .iter()
        .map(|p| count_row(&p.title, &p.counts, num))
        .collect();
    zebra(&mut rows);
    let mut total = count_row(&r.labels.summary_total, &r.totals, bold);
    total.rule_above = Some(Stroke {
        color: INK,
        width: 0.8,
    });
    rows.push(total);
    let mut widths = vec![phase_w];
    widths.extend(std::iter::repeat_n(col, ncols));
    let t = table(x, widths, Some(header_row(cx, &heads)), rows);
    flow.table(&t);

    flow.y += 22.0;
    chart(flow, cx);

    if !r.contacts.is_empty() {
        flow.space(20.0);
        contacts(flow, cx);
    }
}

fn contacts(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let l = &r.labels;
    let sz = cx.sz;
    let fonts = flow.canvas.fonts;
    let body = cx.st(FaceKind::Regular, sz.table, INK);
    let w = flow.w;
    let name_w = col_width(
        fonts,
        &[(&l.contact_name, true)],
        r.contacts.iter().map(|c| c.name.as_str()),
        sz,
        60.0,
        w * 0.3,
    );
    let role_w = col_width(
        fonts,
        &[(&l.contact_role, true)],
        r.contacts.iter().filter_map(|c| c.role.as_deref()),
        sz,
        60.0,
        w * 0.35,
    );
    let mut rows: Vec<Row> = r
        .contacts
        .iter()
        .map(|c| {
            Row::new(vec![
                Cell::one(Para::new(&c.name, cx.st(FaceKind::Bold, sz.table, INK)).shrink()),
                Cell::one(Para::new(c.role.as_deref().unwrap_or(""), body)),
                Cell::one(Para::new(c.email.as_deref().unwrap_or(""), body)),
            ])
        })
        .collect();
    zebra(&mut rows);
    let head = header_row(
        cx,
        &[
            (&l.contact_name, Align::Left),
            (&l.contact_role, Align::Left),
            (&l.contact_email, Align::Left),
        ],
    );
    let t = table(
        flow.x,
        vec![name_w, role_w, w - name_w - role_w],
        Some(head),
        rows,
    );
    subheading(flow, cx, &l.contacts_heading, flow.table_lead(&t));
    flow.table(&t);
}

fn chart(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let sz = cx.sz;
    let fonts = flow.canvas.fonts;
    let (x, w) = (flow.x, flow.w);
    let label_w = (w * 0.27).max(90.0);
    let pst = cx.st(FaceKind::Bold, sz.table, INK);
    let pct_w = fonts.face(pst.face).width("100%", pst.size).max(30.0) + 8.0;
    let gap = 10.0;
    let bar_x = x + label_w + gap;
    let bar_w = w - label_w - pct_w - 2.0 * gap;
    let bar_h = 12.0;
    let row_gap = 8.0;

    // Measure first: the chart and its legend stay together.
    struct Bar<'a> {
        lines: Vec<super::linebreak::Line>,
        style: Style,
        counts: &'a Counts,
        total: bool,
        h: f32,
    }
    let mut bars: Vec<(&str, &Counts, bool)> = r
        .phases
        .iter()
        .map(|p| (p.title.as_str(), &p.counts, false))
        .collect();
    bars.push((&r.labels.summary_total, &r.totals, true));
    let bars: Vec<Bar<'_>> = bars
        .into_iter()
        .map(|(title, counts, total)| {
            let face = if total {
                FaceKind::Bold
            } else {
                FaceKind::Regular
            };
            let style = cx.st(face, sz.table, INK);
            let lines = super::linebreak::wrap(fonts.face(face), title, style.size, label_w);
            #[allow(clippy::cast_precision_loss)]
            let text_h = lines.len() as f32 * line_height(style.size);
            Bar {
                lines,
                style,
                counts,
                total,
                h: text_h.max(bar_h + 4.0),
            }
        })
        .collect();
    let st = cx.st(FaceKind::Regular, sz.small, INK);
    let lh = line_height(st.size);
    let right = x + w;
    // Legend entries: (x, line) of each swatch.
    let mut legend = Vec::new();
    let (mut lx, mut line) = (bar_x, 0usize);
    for s in &r.statuses {
        let tw = fonts
            .face(st.face)
            .width(&s.label, st.size)
            .min(right - bar_x - 14.0);
        let item_w = 14.0 + tw;
        if lx + item_w > right && lx > bar_x {
            lx = bar_x;
            line += 1;
        }
        legend.push((lx, line, s));
        lx += item_w + 16.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let legend_h = (line + 1) as f32 * (lh + 2.0) + 10.0;
    let chart_h = bars.iter().map(|b| b.h + row_gap).sum::<f32>() + 4.0 + legend_h;
    subheading(
        flow,
        cx,
        &r.labels.summary_progress,
        chart_h.min((flow.bottom - flow.top) * 0.8),
    );

    for bar in &bars {
        if bar.total {
            flow.y += 4.0;
        }
        flow.ensure(bar.h + row_gap);
        let top = flow.y;
        let page = flow.page;
        let lhs = line_height(bar.style.size);
        #[allow(clippy::cast_precision_loss)]
        let ty = top + (bar.h - bar.lines.len() as f32 * lhs) / 2.0;
        for (k, l) in bar.lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let lt = ty + k as f32 * lhs;
            flow.canvas.line(
                page,
                &l.text,
                x,
                lt,
                bar.style,
                Rect::new(x, lt, label_w, lhs),
            );
        }
        let by = top + (bar.h - bar_h) / 2.0;
        flow.canvas
            .rect(page, Rect::new(bar_x, by, bar_w, bar_h), Some(ZEBRA), None);
        if bar.counts.total > 0 {
            let mut bx = bar_x;
            for s in Status::ALL {
                let n = bar.counts.get(s);
                if n == 0 {
                    continue;
                }
                #[allow(clippy::cast_precision_loss)]
                let sw = bar_w * n as f32 / bar.counts.total as f32;
                flow.canvas.rect(
                    page,
                    Rect::new(bx, by, sw, bar_h),
                    Some(status_color(s)),
                    None,
                );
                bx += sw;
            }
        }
        let cell = Rect::new(
            right - pct_w,
            top + (bar.h - line_height(pst.size)) / 2.0,
            pct_w,
            line_height(pst.size),
        );
        boxed_line(
            &mut flow.canvas,
            page,
            &percent(bar.counts),
            pst,
            cell,
            Align::Right,
        );
        flow.y = top + bar.h + row_gap;
        flow.fresh = false;
    }

    // Legend.
    flow.y += 4.0;
    flow.ensure(legend_h);
    let page = flow.page;
    let top = flow.y;
    let head = cx.st(FaceKind::Bold, sz.small, MUTED);
    let hw = fonts
        .face(head.face)
        .width(&r.labels.summary_legend, head.size);
    let hx = (bar_x - gap - hw).max(x);
    boxed_line(
        &mut flow.canvas,
        page,
        &r.labels.summary_legend,
        head,
        Rect::new(hx, top, bar_x - gap - hx, lh),
        Align::Right,
    );
    for (lx, line, s) in legend {
        #[allow(clippy::cast_precision_loss)]
        let ly = top + line as f32 * (lh + 2.0);
        flow.canvas.rect(
            page,
            Rect::new(lx, ly + (lh - 8.0) / 2.0, 10.0, 8.0),
            Some(status_color(s.status)),
            None,
        );
        let cell = Rect::new(lx + 14.0, ly, right - lx - 14.0, lh);
        boxed_line(&mut flow.canvas, page, &s.label, st, cell, Align::Left);
    }
    flow.y = top + legend_h - 4.0;
}

/// Column widths of the responsibility tables, the same for every phase.
fn item_widths(fonts: Fonts<'_>, cx: &Ctx<'_>, w: f32) -> [f32; 6] {
    let r = cx.report;
    let l = &r.labels;
    let sz = cx.sz;
    // Cell padding plus a little slack, so a value exactly as wide as
    // the column never wraps on rounding.
    let pad = 11.0;
    let items = || r.items().map(|(_, i)| i);
    let id = items()
        .map(|i| fonts.bold.width(&i.id, sz.table))
        .chain([
            fonts.bold.width(&l.column_id, sz.small),
            fonts.regular.width(&l.marker_optional, sz.tiny) + 2.0 * super::layout::PILL_PX,
        ])
        .fold(0.0, f32::max);
    let owner = items()
        .filter_map(|i| i.owner.as_deref())
        .map(|o| fonts.regular.width(o, sz.table))
        .chain([
            fonts.bold.width(&l.column_owner, sz.small),
            fonts.regular.width("—", sz.table),
        ])
        .fold(0.0, f32::max);
    let due = items()
        .filter_map(|i| i.due.as_ref().map(|d| (d, i.overdue)))
        .map(|(d, late)| {
            let f = if late { fonts.bold } else { fonts.regular };
            f.width(&d.text, sz.small)
        })
        .chain([
            fonts.bold.width(&l.column_due, sz.small),
            fonts.bold.width(&l.marker_overdue, sz.tiny) + 2.0 * super::layout::PILL_PX,
        ])
        .fold(0.0, f32::max);
    let status = r
        .statuses
        .iter()
        .map(|s| fonts.bold.width(&s.label, sz.small) + 2.0 * super::layout::PILL_PX)
        .chain(
            items()
                .filter_map(|i| i.done_on.as_ref())
                .map(|d| fonts.regular.width(&d.text, sz.tiny)),
        )
        .chain([fonts.bold.width(&l.column_status, sz.small)])
        .fold(0.0, f32::max);
    let id = (id + pad).clamp(40.0, w * 0.14);
    let owner = (owner + pad).clamp(40.0, w * 0.15);
    let due = (due + pad).clamp(44.0, w * 0.17);
    let status = (status + pad).clamp(44.0, w * 0.16);
    let rest = w - id - owner - due - status;
    let resp = (rest * 0.63).floor();
    [id, resp, owner, due, status, rest - resp]
}

fn item_row(cx: &Ctx<'_>, item: &ItemView) -> Row {
    let r = cx.report;
    let sz = cx.sz;
    let mut id = vec![Para::new(&item.id, cx.st(FaceKind::Bold, sz.table, INK)).shrink()];
    if item.optional {
        let mut p = Para::new(
            &r.labels.marker_optional,
            cx.st(FaceKind::Regular, sz.tiny, cx.brand),
        )
        .pill(cx.brand.tint(0.86))
        .shrink();
        p.gap = 3.0;
        id.push(p);
    }
    let text = Cell::one(Para::new(
        &item.text,
        cx.st(FaceKind::Regular, sz.table, INK),
    ));
    let owner = match &item.owner {
        Some(o) => Para::new(o, cx.st(FaceKind::Regular, sz.table, INK)).shrink(),
        None => Para::new(
            "—",
            cx.st(FaceKind::Regular, sz.table, RULE.mix(MUTED, 0.5)),
        ),
    };
    let mut due = vec![match &item.due {
        Some(d) if item.overdue => {
            Para::new(&d.text, cx.st(FaceKind::Bold, sz.small, ALERT)).shrink()
        }
        Some(d) => Para::new(&d.text, cx.st(FaceKind::Regular, sz.small, INK)).shrink(),
        None => Para::new(
            "—",
            cx.st(FaceKind::Regular, sz.table, RULE.mix(MUTED, 0.5)),
        ),
    }];
    if item.overdue {
        let mut p = Para::new(
            format!("! {}", r.labels.marker_overdue),
            cx.st(FaceKind::Bold, sz.tiny, Rgb::WHITE),
        )
        .pill(ALERT)
        .shrink();
        p.gap = 3.0;
        due.push(p);
    }
    let mut status = vec![
        Para::new(
            &item.status_label,
            cx.st(FaceKind::Bold, sz.small, status_ink(item.status)),
        )
        .pill(status_fill(item.status))
        .shrink(),
    ];
    if let Some(d) = &item.done_on {
        let mut p = Para::new(&d.text, cx.st(FaceKind::Regular, sz.tiny, MUTED)).shrink();
        p.gap = 2.5;
        status.push(p);
    }
    let note = Cell::one(Para::new(
        item.note.as_deref().unwrap_or(""),
        cx.st(FaceKind::Regular, sz.small, MUTED.mix(INK, 0.3)),
    ));
    Row::new(vec![
        Cell::new(id),
        text,
        Cell::one(owner),
        Cell::new(due),
        Cell::new(status),
        note,
    ])
}

fn phases(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let l = &r.labels;
    let fonts = flow.canvas.fonts;
    let widths = item_widths(fonts, cx, flow.w);
    for (k, phase) in r.phases.iter().enumerate() {
        let mut rows: Vec<Row> = phase.items.iter().map(|i| item_row(cx, i)).collect();
        zebra(&mut rows);
        let head = header_row(
            cx,
            &[
                (&l.column_id, Align::Left),
                (&l.column_responsibility, Align::Left),
                (&l.column_owner, Align::Left),
                (&l.column_due, Align::Left),
                (&l.column_status, Align::Left),
                (&l.column_note, Align::Left),
            ],
        );
        let mut t = table(flow.x, widths.to_vec(), Some(head), rows);
        t.repeat_first = true;
        t.caption = Some(Para::new(
            &phase.title,
            cx.st(FaceKind::Bold, cx.sz.small, MUTED),
        ));
        if k > 0 {
            flow.space(26.0);
        }
        let counts = Status::ALL
            .iter()
            .filter(|s| phase.counts.get(**s) > 0)
            .map(|s| format!("{} {}", r.status_label(*s), phase.counts.get(*s)))
            .collect::<Vec<_>>()
            .join("  ·  ");
        let cst = cx.st(FaceKind::Regular, cx.sz.small, MUTED);
        let counts_h = flow.measure_paragraph(&counts, cst, flow.w - 10.0) + 8.0;
        heading(flow, cx, &phase.title, counts_h + flow.table_lead(&t));
        let (x, w) = (flow.x, flow.w);
        flow.y -= 3.0;
        flow.paragraph_at(&counts, cst, Align::Left, x + 10.0, w - 10.0);
        flow.y += 8.0;
        flow.table(&t);
    }
}

fn signoff(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let sz = cx.sz;
    heading(flow, cx, &r.labels.signoff_heading, 80.0);
    flow.y += 4.0;
    flow.paragraph(
        &r.acknowledgement,
        cx.st(FaceKind::Regular, sz.body + 1.0, INK),
        Align::Left,
    );
    flow.y += 28.0;
    let gap = 28.0;
    let cols = 2usize;
    #[allow(clippy::cast_precision_loss)]
    let bw = (flow.w - gap * (cols as f32 - 1.0)) / cols as f32;
    let fonts = flow.canvas.fonts;
    let label = cx.st(FaceKind::Regular, sz.small, MUTED);
    let value = cx.st(FaceKind::Regular, sz.body + 1.0, INK);
    let label_w = [
        &r.labels.signoff_name,
        &r.labels.signoff_title,
        &r.labels.signoff_date,
        &r.labels.signoff_signature,
    ]
    .iter()
    .map(|l| fonts.face(label.face).width(l, label.size))
    .fold(0.0, f32::max)
    .min(bw * 0.4)
        + 10.0;
    for chunk in r.signoff.chunks(cols) {
        // Measure the tallest block of the row.
        let block_h = |s: &crate::report::SignoffView| -> f32 {
            let vw = bw - label_w;
            let lines = |t: &str, st: Style| {
                #[allow(clippy::cast_precision_loss)]
                let n = super::linebreak::wrap(fonts.face(st.face), t, st.size, vw).len() as f32;
                n * line_height(st.size)
            };
            let field = |t: &str| lines(t, value).max(line_height(value.size)) + 12.0;
            line_height(sz.h2)
                + 10.0
                + field(&s.name)
                + field(s.title.as_deref().unwrap_or(""))
                + field(s.date.as_ref().map_or("", |d| d.text.as_str()))
                + 34.0
                + lines(&s.status_text, label)
                + 6.0
        };
        let h = chunk.iter().map(block_h).fold(0.0, f32::max);
        flow.ensure(h);
        let top = flow.y;
        let page = flow.page;
        for (k, s) in chunk.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let bx = flow.x + k as f32 * (bw + gap);
            let mut y = top;
            let pst = cx.st(FaceKind::Bold, sz.h2, cx.brand);
            boxed_line(
                &mut flow.canvas,
                page,
                &s.party_label,
                pst,
                Rect::new(bx, y, bw, line_height(pst.size)),
                Align::Left,
            );
            y += line_height(pst.size) + 2.0;
            flow.canvas.hline(
                page,
                bx,
                bx + bw,
                y,
                Stroke {
                    color: cx.brand,
                    width: 1.2,
                },
            );
            y += 8.0;
            let vw = bw - label_w;
            let fields: [(&str, &str); 3] = [
                (&r.labels.signoff_name, &s.name),
                (&r.labels.signoff_title, s.title.as_deref().unwrap_or("")),
                (
                    &r.labels.signoff_date,
                    s.date.as_ref().map_or("", |d| d.text.as_str()),
                ),
            ];
            for (lab, val) in fields {
                let lh = line_height(value.size);
                let lt = y + (lh - line_height(label.size));
                flow.canvas.line(
                    page,
                    lab,
                    bx,
                    lt,
                    label,
                    Rect::new(bx, lt, label_w, line_height(label.size)),
                );
                let lines = super::linebreak::wrap(fonts.face(value.face), val, value.size, vw);
                let n = lines.len().max(1);
                for (i, l) in lines.iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let ly = y + i as f32 * lh;
                    flow.canvas.line(
                        page,
                        &l.text,
                        bx + label_w,
                        ly,
                        value,
                        Rect::new(bx + label_w, ly, vw, lh),
                    );
                }
                #[allow(clippy::cast_precision_loss)]
                let bottom = y + n as f32 * lh + 2.0;
                flow.canvas.hline(
                    page,
                    bx + label_w,
                    bx + bw,
                    bottom,
                    Stroke {
                        color: RULE,
                        width: 0.6,
                    },
                );
                y = bottom + 10.0;
            }
            // Signature.
            y += 22.0;
            let lt = y - line_height(label.size);
            flow.canvas.line(
                page,
                &r.labels.signoff_signature,
                bx,
                lt,
                label,
                Rect::new(bx, lt, label_w, line_height(label.size)),
            );
            flow.canvas.hline(
                page,
                bx + label_w,
                bx + bw,
                y,
                Stroke {
                    color: INK,
                    width: 0.8,
                },
            );
            y += 12.0;
            let sst = cx.st(
                if s.date.is_some() {
                    FaceKind::Bold
                } else {
                    FaceKind::Regular
                },
                sz.small,
                if s.date.is_some() { GOOD } else { MUTED },
            );
            let ssty = y;
            let lines = super::linebreak::wrap(
                fonts.face(sst.face),
                &s.status_text,
                sst.size,
                bw - label_w,
            );
            for (i, l) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let ly = ssty + i as f32 * line_height(sst.size);
                flow.canvas.line(
                    page,
                    &l.text,
                    bx + label_w,
                    ly,
                    sst,
                    Rect::new(bx + label_w, ly, bw - label_w, line_height(sst.size)),
                );
            }
        }
        flow.y = top + h + 18.0;
        flow.fresh = false;
    }
}
