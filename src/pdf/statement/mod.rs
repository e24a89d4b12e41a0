//! What goes where: the statement's cover, summary and chart, one section
//! per phase, the sign-off page, and the header and footer of every page —
//! laid out into a [`Document`] of positioned boxes.

use crate::model::Status;
use crate::report::Report;

use super::Typesetter;
use super::layout::{Document, FaceKind, Flow, Para, Rect, Rgb, Style, line_height};

mod chrome;
mod cover;
mod phases;
mod signoff;
mod summary;

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

/// A label or text in the primary language and, in a bilingual statement,
/// the same in the other language.
#[derive(Clone, Copy)]
struct Bi<'a> {
    first: &'a str,
    second: Option<&'a str>,
}

impl<'r> Ctx<'r> {
    fn st(&self, face: FaceKind, size: f32, color: Rgb) -> Style {
        Style::new(face, size, color)
    }

    /// The report in the other language of a bilingual statement.
    fn second(&self) -> Option<&'r Report> {
        self.report.secondary.as_deref()
    }

    /// The same thing picked from the report and from its secondary.
    fn bi(&self, pick: impl Fn(&'r Report) -> &'r str) -> Bi<'r> {
        Bi {
            first: pick(self.report),
            second: self.second().map(&pick),
        }
    }

    /// How the secondary language is set beside `st`: smaller, lighter,
    /// never bold, and marked with its language.
    fn second_style(&self, st: Style) -> Style {
        Style {
            face: FaceKind::Regular,
            size: (st.size * 0.86).max(5.0),
            color: st.color.mix(Rgb::WHITE, 0.28),
            lang: self.second().map(|s| s.locale.tag()),
        }
    }

    /// `bi` as paragraphs of a cell: the primary in `st`, the secondary
    /// beneath it in [`second_style`](Self::second_style).
    fn paras(&self, bi: Bi<'_>, st: Style) -> Vec<Para> {
        let mut out = vec![Para::new(bi.first, st)];
        if let Some(s) = bi.second.filter(|s| *s != bi.first) {
            let mut p = Para::new(s, self.second_style(st));
            p.gap = 0.5;
            out.push(p);
        }
        out
    }

    /// `bi` on one line: `primary · secondary` (headers, bookmarks).
    fn joined(&self, bi: Bi<'_>) -> String {
        match bi.second.filter(|s| *s != bi.first) {
            Some(s) => format!("{} · {s}", bi.first),
            None => bi.first.to_owned(),
        }
    }
}

/// Lays out the whole statement.
pub(crate) fn layout(report: &Report, ts: &Typesetter) -> Document {
    let fonts = ts.fonts();
    let (pw_mm, ph_mm) = ts.page.mm();
    let (width, height) = (pw_mm * PT_PER_MM, ph_mm * PT_PER_MM);
    let m = ts.margins;
    let content = Rect::new(
        m.left * PT_PER_MM,
        m.top * PT_PER_MM,
        width - (m.left + m.right) * PT_PER_MM,
        height - (m.top + m.bottom) * PT_PER_MM,
    );
    let sz = Sizes::new(ts.font_size);
    let band = line_height(sz.small) + 6.0;
    let body_top = content.y + band + 12.0;
    let body_bottom = content.bottom() - band - 10.0;
    let cx = Ctx {
        report,
        brand: ts.brand,
        sz,
    };
    let mut flow = Flow::new(fonts, content.x, content.w, body_top, body_bottom);

    cover::cover(&mut flow, &cx, ts.logo.as_ref());
    flow.break_page();
    summary::summary(&mut flow, &cx);
    flow.break_page();
    phases::phases(&mut flow, &cx);
    flow.break_page();
    let signature_fields = signoff::signoff(&mut flow, &cx);

    let bookmarks = std::mem::take(&mut flow.bookmarks);
    let mut canvas = flow.canvas;
    let n = canvas.pages.len();
    for i in 0..n {
        chrome::header_footer(&mut canvas, &cx, content, band, i, n);
    }
    let (pages, missing, structure) = canvas.into_parts();
    Document {
        width,
        height,
        content,
        pages,
        bookmarks,
        signature_fields,
        missing,
        structure,
    }
}
