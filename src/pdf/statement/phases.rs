//! One section per phase: a heading with the phase's counts and the table
//! of its responsibilities.

use crate::model::Status;
use crate::report::ItemView;

use super::chrome::{header_row, heading, table, zebra};
use super::{ALERT, Bi, Ctx, INK, MUTED, RULE, status_fill, status_ink};
use crate::pdf::layout::{Align, Cell, FaceKind, Flow, Fonts, PILL_PX, Para, Rgb, Role, Row, Tag};

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
            fonts.regular.width(&l.marker_optional, sz.tiny) + 2.0 * PILL_PX,
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
            fonts.bold.width(&l.marker_overdue, sz.tiny) + 2.0 * PILL_PX,
        ])
        .fold(0.0, f32::max);
    let second = r.secondary.as_deref();
    let status = r
        .statuses
        .iter()
        .chain(second.into_iter().flat_map(|s| s.statuses.iter()))
        .map(|s| fonts.bold.width(&s.label, sz.small) + 2.0 * PILL_PX)
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

fn item_row(cx: &Ctx<'_>, item: &ItemView, second: Option<&ItemView>) -> Row {
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
    let text = Cell::new(cx.paras(
        Bi {
            first: &item.text,
            second: second.map(|s| s.text.as_str()),
        },
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
    if let Some(sd) = second.and_then(|s| s.due.as_ref()) {
        let st = cx.second_style(cx.st(FaceKind::Regular, sz.tiny, INK));
        let mut p = Para::new(&sd.text, st).shrink();
        p.gap = 0.5;
        due.push(p);
    }
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
    if let Some(s) = second.filter(|s| s.status_label != item.status_label) {
        let st = cx.second_style(cx.st(FaceKind::Regular, sz.tiny, status_ink(item.status)));
        let mut p = Para::new(&s.status_label, st).shrink();
        p.gap = 1.5;
        status.push(p);
    }
    if let Some(d) = &item.done_on {
        let st = cx.st(FaceKind::Regular, sz.tiny, MUTED);
        let mut p = Para::new(&d.text, st).shrink();
        p.gap = 2.5;
        status.push(p);
        if let Some(sd) = second.and_then(|s| s.done_on.as_ref()) {
            let mut p = Para::new(&sd.text, cx.second_style(st)).shrink();
            p.gap = 0.5;
            status.push(p);
        }
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

pub(super) fn phases(flow: &mut Flow<'_>, cx: &Ctx<'_>) {
    let r = cx.report;
    let l = &r.labels;
    let fonts = flow.canvas.fonts;
    let widths = item_widths(fonts, cx, flow.w);
    let _ = l;
    for (k, phase) in r.phases.iter().enumerate() {
        let second = cx.second().and_then(|s| s.phases.get(k));
        let mut rows: Vec<Row> = phase
            .items
            .iter()
            .enumerate()
            .map(|(j, i)| item_row(cx, i, second.and_then(|p| p.items.get(j))))
            .collect();
        zebra(&mut rows);
        let head = header_row(
            cx,
            &[
                (cx.bi(|r| &r.labels.column_id), Align::Left),
                (cx.bi(|r| &r.labels.column_responsibility), Align::Left),
                (cx.bi(|r| &r.labels.column_owner), Align::Left),
                (cx.bi(|r| &r.labels.column_due), Align::Left),
                (cx.bi(|r| &r.labels.column_status), Align::Left),
                (cx.bi(|r| &r.labels.column_note), Align::Left),
            ],
        );
        let title = Bi {
            first: &phase.title,
            second: second.map(|p| p.title.as_str()),
        };
        let mut t = table(flow.x, widths.to_vec(), Some(head), rows);
        t.repeat_first = true;
        t.caption = Some(Para::new(
            cx.joined(title),
            cx.st(FaceKind::Bold, cx.sz.small, MUTED),
        ));
        if k > 0 {
            flow.space(26.0);
        }
        let counts = Status::ALL
            .iter()
            .filter(|s| phase.counts.get(**s) > 0)
            .map(|s| {
                let name = cx.joined(cx.bi(|r| r.status_label(*s)));
                format!("{name} {}", phase.counts.get(*s))
            })
            .collect::<Vec<_>>()
            .join("  ·  ");
        let cst = cx.st(FaceKind::Regular, cx.sz.small, MUTED);
        let counts_h = flow.measure_paragraph(&counts, cst, flow.w - 10.0) + 8.0;
        heading(flow, cx, title, counts_h + flow.table_lead(&t));
        let (x, w) = (flow.x, flow.w);
        flow.y -= 3.0;
        let p = flow.canvas.structure.add(Role::P);
        let before = flow.canvas.tag_text(Tag::Elem(p));
        flow.paragraph_at(&counts, cst, Align::Left, x + 10.0, w - 10.0);
        flow.canvas.tag_text(before);
        flow.y += 8.0;
        flow.table(&t);
    }
}
