//! The cover: logo, titles, the key facts of the engagement, and the
//! revision history.

use crate::report::SignState;

use crate::pdf::image::Logo;

use super::chrome::{col_width, header_row, subheading, table, zebra};
use super::{ALERT, Bi, Ctx, GOOD, INK, MUTED};
use crate::pdf::layout::{Align, Cell, FaceKind, Flow, Mark, Para, Rect, Role, Row, Tag};

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
        // The provider's logo: a figure that says whose it is.
        let figure = flow.canvas.structure.add(Role::Figure);
        flow.canvas.structure.set_alt(figure, r.provider.clone());
        let before = flow.canvas.tag_all(Tag::Elem(figure), Tag::Elem(figure));
        flow.canvas.push(page, Mark::Logo { rect });
        flow.canvas.tag_all(before.0, before.1);
        flow.y += rect.h;
    }
    flow.y += 56.0;
    let second = cx.second();
    for (text, st) in [
        (
            Some(r.catalogue_title.as_str()),
            cx.st(FaceKind::Bold, sz.body + 1.0, cx.brand),
        ),
        (
            second.map(|s| s.catalogue_title.as_str()),
            cx.second_style(cx.st(FaceKind::Regular, sz.body + 1.0, cx.brand)),
        ),
    ] {
        if let Some(text) = text {
            flow.paragraph(text, st, Align::Left);
        }
    }
    flow.y += 8.0;
    let title = flow.paragraph_as(
        Role::Heading(1),
        &r.labels.document_title,
        cx.st(FaceKind::Bold, sz.body * 2.9, INK),
        Align::Left,
    );
    if let Some(s) = second {
        flow.paragraph_in(
            title,
            &s.labels.document_title,
            cx.second_style(cx.st(FaceKind::Regular, sz.body * 1.9, INK)),
            Align::Left,
        );
    }
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
    let mut facts: Vec<(Bi<'_>, Vec<Para>)> = vec![(
        cx.bi(|r| &r.labels.customer),
        vec![Para::new(&r.customer, value)],
    )];
    if let Some(t) = &r.tenant {
        facts.push((cx.bi(|r| &r.labels.tenant), vec![Para::new(t, value)]));
    }
    facts.push((
        cx.bi(|r| &r.labels.provider),
        vec![Para::new(&r.provider, value)],
    ));
    facts.push((
        cx.bi(|r| &r.labels.engagement),
        vec![Para::new(&r.engagement_id, value)],
    ));
    facts.push((
        cx.bi(|r| &r.labels.catalogue),
        cx.paras(cx.bi(|r| &r.catalogue_title), value),
    ));
    facts.push((
        cx.bi(|r| &r.labels.catalogue_version),
        vec![Para::new(&r.catalogue_version, value)],
    ));
    facts.push((
        cx.bi(|r| &r.labels.period),
        cx.paras(cx.bi(|r| &r.period), value),
    ));
    facts.push((
        cx.bi(|r| &r.labels.issued),
        cx.paras(cx.bi(|r| &r.issued.text), value),
    ));
    if let Some(v) = &r.document_version {
        facts.push((
            cx.bi(|r| &r.labels.document_version),
            vec![Para::new(v, value)],
        ));
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
    if let Some(s) = second {
        state.push(Para::new(
            &s.state_label,
            cx.second_style(cx.st(FaceKind::Regular, sz.small, state_color)),
        ));
    }
    if r.draft_detail.is_some() {
        state.extend(cx.paras(
            cx.bi(|r| r.draft_detail.as_deref().unwrap_or_default()),
            cx.st(FaceKind::Regular, sz.small, ALERT),
        ));
    }
    if r.signature_notice.is_some() {
        state.extend(cx.paras(
            cx.bi(|r| r.signature_notice.as_deref().unwrap_or_default()),
            cx.st(FaceKind::Regular, sz.small, MUTED),
        ));
    }
    facts.push((cx.bi(|r| &r.labels.state), state));
    if r.governing.is_some() {
        // Which text prevails, where a reader of either language sees it.
        facts.push((
            cx.bi(|r| &r.labels.languages),
            cx.paras(
                cx.bi(|r| r.governing.as_deref().unwrap_or_default()),
                cx.st(FaceKind::Regular, sz.small, INK),
            ),
        ));
    }
    let fonts = flow.canvas.fonts;
    let second_label = cx.second_style(label);
    let label_w = facts
        .iter()
        .map(|(l, _)| {
            let first = fonts.face(label.face).width(l.first, label.size);
            let second = l.second.map_or(0.0, |s| {
                fonts.face(second_label.face).width(s, second_label.size)
            });
            first.max(second)
        })
        .fold(0.0, f32::max)
        .clamp(60.0, w * 0.35)
        + 14.0;
    let rows = facts
        .into_iter()
        .map(|(l, v)| Row::new(vec![Cell::new(cx.paras(l, label)), Cell::new(v)]))
        .collect();
    let mut t = table(x, vec![label_w, w - label_w], None, rows);
    t.pad_x = 2.0;
    t.pad_y = 5.0;
    t.row_headers = true;
    flow.table(&t);

    if !r.revisions.is_empty() {
        flow.y += 28.0;
        let body = cx.st(FaceKind::Regular, sz.table, INK);
        let rows: Vec<Row> = r
            .revisions
            .iter()
            .enumerate()
            .map(|(k, rv)| {
                Row::new(vec![
                    Cell::one(
                        Para::new(&rv.version, cx.st(FaceKind::Bold, sz.table, INK)).shrink(),
                    ),
                    Cell::new(
                        cx.paras(
                            Bi {
                                first: &rv.date.text,
                                second: second
                                    .and_then(|s| s.revisions.get(k))
                                    .map(|s| s.date.text.as_str()),
                            },
                            body,
                        )
                        .into_iter()
                        .map(Para::shrink)
                        .collect(),
                    ),
                    Cell::one(Para::new(&rv.note, body)),
                ])
            })
            .collect();
        let l = &r.labels;
        let head = header_row(
            cx,
            &[
                (cx.bi(|r| &r.labels.revision_version), Align::Left),
                (cx.bi(|r| &r.labels.revision_date), Align::Left),
                (cx.bi(|r| &r.labels.revision_note), Align::Left),
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
        subheading(
            flow,
            cx,
            &cx.joined(cx.bi(|r| &r.labels.revisions_heading)),
            flow.table_lead(&t),
            2,
        );
        flow.table(&t);
    }
}
