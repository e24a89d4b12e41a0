//! The sign-off page: the acknowledgement and one block per party.

use super::chrome::{boxed_line, heading};
use super::{Ctx, GOOD, INK, MUTED, RULE};
use crate::pdf::layout::{
    Align, ElemId, FaceKind, Flow, Rect, Role, SignatureField, Stroke, Style, Tag, line_height,
};

/// A new element of `role`; the text placed next is its content.
fn begin(flow: &mut Flow<'_>, role: Role) -> ElemId {
    let e = flow.canvas.structure.add(role);
    flow.canvas.tag_text(Tag::Elem(e));
    e
}
use crate::report::SignState;

/// Lays the page out; returns where the parties still to sign do so, when
/// the statement is built for signature.
pub(super) fn signoff(flow: &mut Flow<'_>, cx: &Ctx<'_>) -> Vec<SignatureField> {
    let mut signature_fields = Vec::new();
    let r = cx.report;
    let sz = cx.sz;
    heading(flow, cx, cx.bi(|r| &r.labels.signoff_heading), 80.0);
    flow.y += 4.0;
    let ack = cx.st(FaceKind::Regular, sz.body + 1.0, INK);
    flow.paragraph(&r.acknowledgement, ack, Align::Left);
    if let Some(s) = cx.second() {
        flow.y += 3.0;
        flow.paragraph(&s.acknowledgement, cx.second_style(ack), Align::Left);
    }
    if let Some(g) = &r.governing {
        // Which text prevails, said again where the parties sign.
        flow.y += 8.0;
        let gst = cx.st(FaceKind::Bold, sz.small, INK);
        flow.paragraph(g, gst, Align::Left);
        if let Some(sg) = cx.second().and_then(|s| s.governing.as_deref()) {
            flow.paragraph(sg, cx.second_style(gst), Align::Left);
        }
    }
    flow.y += 28.0;
    let gap = 28.0;
    let cols = 2usize;
    #[allow(clippy::cast_precision_loss)]
    let bw = (flow.w - gap * (cols as f32 - 1.0)) / cols as f32;
    let fonts = flow.canvas.fonts;
    let label = cx.st(FaceKind::Regular, sz.small, MUTED);
    let value = cx.st(FaceKind::Regular, sz.body + 1.0, INK);
    let name_label = cx.joined(cx.bi(|r| &r.labels.signoff_name));
    let title_label = cx.joined(cx.bi(|r| &r.labels.signoff_title));
    let date_label = cx.joined(cx.bi(|r| &r.labels.signoff_date));
    let signature_label = cx.joined(cx.bi(|r| &r.labels.signoff_signature));
    let label_w = [&name_label, &title_label, &date_label, &signature_label]
        .iter()
        .map(|l| fonts.face(label.face).width(l, label.size))
        .fold(0.0, f32::max)
        .min(bw * 0.45)
        + 10.0;
    // Each party's date and status in both languages.
    let second = cx.second();
    let both = |k: usize, pick: &dyn Fn(&crate::report::SignoffView) -> Option<String>| {
        let first = r.signoff.get(k).and_then(pick);
        let other = second.and_then(|s| s.signoff.get(k)).and_then(pick);
        match (first, other) {
            (Some(a), Some(b)) if a != b => format!("{a} · {b}"),
            (Some(a), _) => a,
            (None, _) => String::new(),
        }
    };
    let dates: Vec<String> = (0..r.signoff.len())
        .map(|k| both(k, &|s| s.date.as_ref().map(|d| d.text.clone())))
        .collect();
    let statuses: Vec<String> = (0..r.signoff.len())
        .map(|k| both(k, &|s| Some(s.status_text.clone())))
        .collect();
    let parties: Vec<String> = (0..r.signoff.len())
        .map(|k| both(k, &|s| Some(s.party_label.clone())))
        .collect();
    for (row, chunk) in r.signoff.chunks(cols).enumerate() {
        let at = |k: usize| row * cols + k;
        // Measure the tallest block of the row.
        let block_h = |(k, s): (usize, &crate::report::SignoffView)| -> f32 {
            let vw = bw - label_w;
            let lines = |t: &str, st: Style| {
                #[allow(clippy::cast_precision_loss)]
                let n =
                    crate::pdf::linebreak::wrap(fonts.face(st.face), t, st.size, vw).len() as f32;
                n * line_height(st.size)
            };
            let field = |t: &str| lines(t, value).max(line_height(value.size)) + 12.0;
            line_height(sz.h2)
                + 10.0
                + field(&s.name)
                + field(s.title.as_deref().unwrap_or(""))
                + field(&dates[at(k)])
                + 34.0
                + lines(&statuses[at(k)], label)
                + 6.0
        };
        let h = chunk.iter().enumerate().map(block_h).fold(0.0, f32::max);
        flow.ensure(h);
        let top = flow.y;
        let page = flow.page;
        let text_tag = flow.canvas.tag;
        for (k, s) in chunk.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let bx = flow.x + k as f32 * (bw + gap);
            let mut y = top;
            let pst = cx.st(FaceKind::Bold, sz.h2, cx.brand);
            // Each party's block: a section, its heading, a paragraph per
            // field, the signature (with its form field) and the status.
            let sect = flow.canvas.structure.add(Role::Sect);
            let outer = flow.canvas.structure.enter(sect);
            begin(flow, Role::Heading(3));
            boxed_line(
                &mut flow.canvas,
                page,
                &parties[at(k)],
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
                (&name_label, &s.name),
                (&title_label, s.title.as_deref().unwrap_or("")),
                (&date_label, &dates[at(k)]),
            ];
            for (lab, val) in fields {
                begin(flow, Role::P);
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
                // "Name", then the name: two words for a reader.
                flow.canvas.space_after(page);
                let lines =
                    crate::pdf::linebreak::wrap(fonts.face(value.face), val, value.size, vw);
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
                    if l.space {
                        flow.canvas.space_after(page);
                    }
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
            begin(flow, Role::P);
            y += 22.0;
            let lt = y - line_height(label.size);
            flow.canvas.line(
                page,
                &signature_label,
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
            if r.state == SignState::ForSignature && s.date.is_none() {
                // The widget stands on the line and fills the space above
                // it, up to the date field's rule.
                signature_fields.push(SignatureField {
                    party: s.party,
                    tooltip: s.field_tooltip.clone(),
                    page,
                    rect: Rect::new(bx + label_w, y - 30.0, bw - label_w, 31.0),
                    elem: flow.canvas.structure.add(Role::Form),
                });
            }
            begin(flow, Role::P);
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
            let lines = crate::pdf::linebreak::wrap(
                fonts.face(sst.face),
                &statuses[at(k)],
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
                if l.space {
                    flow.canvas.space_after(page);
                }
            }
            flow.canvas.structure.enter(outer);
            flow.canvas.tag_text(text_tag);
        }
        flow.y = top + h + 18.0;
        flow.fresh = false;
    }
    signature_fields
}
