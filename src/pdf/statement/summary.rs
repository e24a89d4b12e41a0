//! The summary: counts by status per phase, the progress chart with its
//! legend, and the contacts.

use crate::model::Status;
use crate::report::Counts;

use super::chrome::{boxed_line, col_width, header_row, heading, subheading, table, zebra};
use super::{ALERT, Bi, Ctx, INK, MUTED, RULE, ZEBRA, status_color};
use crate::pdf::layout::{
    Align, Cell, FaceKind, Flow, Para, Rect, Role, Row, Stroke, Style, Tag, line_height,
};

fn percent(c: &Counts) -> String {
    // 0–100: the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p = c.percent_done().floor() as u32;
    format!("{p}%")
}

pub(super) fn summary(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let sz = cx.sz;
    let (x, w) = (flow.x, flow.w);
    heading(flow, cx, cx.bi(|r| &r.labels.summary_heading), 60.0);
    let overdue = !r.overdue.is_empty();
    let ost = cx.st(
        if overdue {
            FaceKind::Bold
        } else {
            FaceKind::Regular
        },
        sz.body,
        if overdue { ALERT } else { MUTED },
    );
    flow.paragraph(&r.overdue_text, ost, Align::Left);
    if let Some(s) = cx.second() {
        flow.paragraph(&s.overdue_text, cx.second_style(ost), Align::Left);
    }
    flow.y += 12.0;

    // Counts table.
    let num = cx.st(FaceKind::Regular, sz.table, INK);
    let bold = cx.st(FaceKind::Bold, sz.table, INK);
    let phase_w = (w * 0.27).max(90.0);
    let ncols = Status::ALL.len() + 2;
    #[allow(clippy::cast_precision_loss)]
    let col = (w - phase_w) / ncols as f32;
    let mut heads: Vec<(Bi<'_>, Align)> = vec![(cx.bi(|r| &r.labels.summary_phase), Align::Left)];
    for s in Status::ALL {
        heads.push((cx.bi(|r| r.status_label(s)), Align::Right));
    }
    heads.push((cx.bi(|r| &r.labels.summary_total), Align::Right));
    heads.push((cx.bi(|r| &r.labels.summary_done_percent), Align::Right));
    let count_row = |title: Bi<'_>, c: &Counts, st: Style| {
        let mut cells = vec![Cell::new(cx.paras(title, st))];
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
        .enumerate()
        .map(|(k, p)| {
            let title = Bi {
                first: &p.title,
                second: cx
                    .second()
                    .and_then(|s| s.phases.get(k))
                    .map(|s| s.title.as_str()),
            };
            count_row(title, &p.counts, num)
        })
        .collect();
    zebra(&mut rows);
    let mut total = count_row(cx.bi(|r| &r.labels.summary_total), &r.totals, bold);
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
            (cx.bi(|r| &r.labels.contact_name), Align::Left),
            (cx.bi(|r| &r.labels.contact_role), Align::Left),
            (cx.bi(|r| &r.labels.contact_email), Align::Left),
        ],
    );
    let t = table(
        flow.x,
        vec![name_w, role_w, w - name_w - role_w],
        Some(head),
        rows,
    );
    subheading(
        flow,
        cx,
        &cx.joined(cx.bi(|r| &r.labels.contacts_heading)),
        flow.table_lead(&t),
        3,
    );
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
        lines: Vec<crate::pdf::linebreak::Line>,
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
            let lines = crate::pdf::linebreak::wrap(fonts.face(face), title, style.size, label_w);
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
        let name = cx.joined(cx.bi(|r| r.status_label(s.status)));
        let tw = fonts
            .face(st.face)
            .width(&name, st.size)
            .min(right - bar_x - 14.0);
        let item_w = 14.0 + tw;
        if lx + item_w > right && lx > bar_x {
            lx = bar_x;
            line += 1;
        }
        legend.push((lx, line, s, name));
        lx += item_w + 16.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let legend_h = (line + 1) as f32 * (lh + 2.0) + 10.0;
    let chart_h = bars.iter().map(|b| b.h + row_gap).sum::<f32>() + 4.0 + legend_h;
    subheading(
        flow,
        cx,
        &cx.joined(cx.bi(|r| &r.labels.summary_progress)),
        chart_h.min((flow.bottom - flow.top) * 0.8),
        3,
    );
    // Bars, labels and legend: one figure, said in words by its `/Alt`.
    let figure = flow.canvas.structure.add(Role::Figure);
    flow.canvas.structure.set_alt(figure, r.chart_alt.clone());
    let before = flow.canvas.tag_all(Tag::Elem(figure), Tag::Elem(figure));

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
    for (lx, line, s, name) in legend {
        #[allow(clippy::cast_precision_loss)]
        let ly = top + line as f32 * (lh + 2.0);
        flow.canvas.rect(
            page,
            Rect::new(lx, ly + (lh - 8.0) / 2.0, 10.0, 8.0),
            Some(status_color(s.status)),
            None,
        );
        let cell = Rect::new(lx + 14.0, ly, right - lx - 14.0, lh);
        boxed_line(&mut flow.canvas, page, &name, st, cell, Align::Left);
    }
    flow.canvas.tag_all(before.0, before.1);
    flow.y = top + legend_h - 4.0;
}
