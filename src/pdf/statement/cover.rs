//! The cover: logo, titles, the key facts of the engagement, and the
//! revision history.

use crate::report::SignState;

use crate::pdf::image::Logo;

use super::chrome::{col_width, header_row, subheading, table, zebra};
use super::{ALERT, Ctx, GOOD, INK, MUTED};
use crate::pdf::layout::{Align, Cell, FaceKind, Flow, Mark, Para, Rect, Row};

pub(super) fn cover(flow: &mut Flow<'_>, cx: &Ctx<'_>, logo: Option<&Logo>) {
    let r = cx.report;
    let sz = cx.sz;
    let (x, w) = (flow.x, flow.w);
    if let Some(logo) = logo {
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
        SignState::ForSignature => (INK, INK.tint(0.88)),
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
    if let Some(n) = &r.signature_notice {
        state.push(Para::new(n, cx.st(FaceKind::Regular, sz.small, MUTED)));
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
