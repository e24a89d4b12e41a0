//! Boxes → page content streams: PDF operators written straight to bytes
//! and compressed, one page at a time.
//!
//! printpdf 0.12 turns each of its `Op`s into a lopdf operation and then
//! into text; for a 700-page statement that translation was the largest
//! cost of rendering (and kept every page's operations in memory until
//! the file was written). Here a page's boxes become its compressed
//! stream directly, and are freed; [`super::finish`] puts the streams in
//! place of printpdf's. The operators are the ones printpdf writes:
//! `BT`/`ET`, `Tf`, `Td`, `TL`, `'`, `Tj` with 2-byte glyph ids in hex
//! (Identity-H), `rg`/`RG`, `w`, `re`, `m`/`l`, `f`/`S`/`B`, and
//! `q … cm /Logo Do Q`.
//!
//! Every mark is marked content (tagged PDF): the content of a structure
//! element, `/TD <</MCID 3>> BDC … EMC` (with `/Lang` for a run in the
//! other language of a bilingual statement), or an artifact,
//! `/Artifact <</Type /Pagination /Subtype /Footer>> BDC … EMC`.
//! Consecutive marks of one element share a sequence; the page's MCIDs
//! are returned, in order, for the structure tree's parent tree.

use std::io::Write as _;

pub(crate) use super::glyphs::Glyphs;

use super::layout::{Artifact, Elem, ElemId, FaceId, Mark, Rect, Rgb, Stroke, Tag, TextBox};

/// The name of the logo in the page resources.
pub(crate) const LOGO: &str = "Logo";

/// The resource name of a face: `F1` regular, `F2` bold, `F3` … the
/// fallbacks.
pub(crate) fn font_name(id: FaceId) -> String {
    format!("F{}", id.index() + 1)
}

/// A coordinate in hundredths of a point: positions are written with two
/// decimals, and relative moves between them are exact.
fn hund(v: f32) -> i32 {
    // Page coordinates are a few thousand points at most.
    #[allow(clippy::cast_possible_truncation)]
    let h = (v * 100.0).round() as i32;
    h
}

/// Writes `n / 10^places` in the shortest exact decimal form.
fn fixed(out: &mut Vec<u8>, n: i32, places: u32) {
    let scale = 10_i32.pow(places);
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    let (int, mut frac) = (n / scale.unsigned_abs(), n % scale.unsigned_abs());
    let _ = write!(out, "{int}");
    if frac != 0 {
        out.push(b'.');
        let mut div = scale.unsigned_abs() / 10;
        while frac != 0 {
            out.push(b'0' + u8::try_from(frac / div).unwrap_or(0));
            frac %= div;
            div /= 10;
        }
    }
}

/// A number in hundredths, then a space.
fn num(out: &mut Vec<u8>, h: i32) {
    fixed(out, h, 2);
    out.push(b' ');
}

/// A colour component in 1/1000 steps (short to write, invisible loss).
fn comp(out: &mut Vec<u8>, v: u8) {
    let thousandths = (u32::from(v) * 1000 + 127) / 255;
    fixed(out, i32::try_from(thousandths).unwrap_or(1000), 3);
    out.push(b' ');
}

fn rgb(out: &mut Vec<u8>, c: Rgb, op: &[u8]) {
    comp(out, c.r);
    comp(out, c.g);
    comp(out, c.b);
    out.extend_from_slice(op);
}

/// Tracks the graphics state so each colour, font, line width and text
/// position is set only when it changes.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(FaceId, i32)>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<i32>,
    /// Start of the current text line (hundredths of a point); the text
    /// matrix is the identity at `BT`.
    line: (i32, i32),
    /// Current leading (`TL`), hundredths.
    leading: i32,
}

/// Whether the next run `b` continues the text of `a` after the space
/// `a`'s line broke at: a reader of the marked content (a screen reader,
/// `pdfinfo -struct-text`) joins the two runs, so the space is drawn,
/// invisibly, after `a`.
fn continues(a: &TextBox, a_tag: Tag, b: &TextBox, b_tag: Tag) -> bool {
    a.space_after && a_tag == b_tag && matches!(a_tag, Tag::Elem(_)) && a.lang == b.lang
}

/// A marked-content sequence with an MCID (the index in a page's list):
/// the element it is content of, and its language when not the document's.
pub(crate) type Marked = (ElemId, Option<&'static str>);

/// A page's content: its stream and its MCIDs.
pub(crate) struct PageContent {
    /// The content stream (not compressed).
    pub stream: Vec<u8>,
    /// Each MCID's element, by MCID.
    pub marked: Vec<Marked>,
}

/// Writes one page's content stream; `tags` says what each of `items`
/// is (an artifact where it has no entry), `elems` are the structure's
/// elements.
pub(crate) fn page(
    items: Vec<Mark>,
    tags: Vec<Tag>,
    page_h: f32,
    glyphs: &Glyphs,
    elems: &[Elem],
) -> PageContent {
    let mut w = Writer {
        out: Vec::with_capacity(items.len() * 48),
        st: State::default(),
        glyphs,
        page_h,
        elems,
        open: None,
        marked: Vec::new(),
        space_after: false,
    };
    // Shapes first, then text: nothing is ever drawn over text, and one
    // text object per page keeps the stream short. Text keeps its layout
    // order (the reading order of extractors that follow the stream).
    let tagged = items
        .into_iter()
        .zip(tags.into_iter().chain(std::iter::repeat(Tag::default())));
    let (texts, shapes): (Vec<_>, Vec<_>) = tagged.partition(|(i, _)| matches!(i, Mark::Text(_)));
    for (item, tag) in shapes {
        w.item(item, tag);
    }
    let mut texts = texts.into_iter().peekable();
    while let Some((item, tag)) = texts.next() {
        w.space_after = match (&item, texts.peek()) {
            (Mark::Text(a), Some((Mark::Text(b), next))) => continues(a, tag, b, *next),
            _ => false,
        };
        w.item(item, tag);
    }
    w.end_text();
    w.end_marked();
    PageContent {
        stream: w.out,
        marked: w.marked,
    }
}

struct Writer<'a> {
    out: Vec<u8>,
    st: State,
    glyphs: &'a Glyphs,
    page_h: f32,
    elems: &'a [Elem],
    /// The marked-content sequence open now.
    open: Option<(Tag, Option<&'static str>)>,
    marked: Vec<Marked>,
    /// The text shown next ends with a space (see [`continues`]).
    space_after: bool,
}

impl Writer<'_> {
    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    fn end_marked(&mut self) {
        if self.open.take().is_some() {
            self.op(b"EMC");
        }
    }

    /// Makes what follows marked content of `tag` (in `lang`): the open
    /// sequence when it is the same, else a new one.
    fn mark(&mut self, tag: Tag, lang: Option<&'static str>) {
        // Only a language tag's characters go into the stream.
        let lang = match tag {
            Tag::Elem(_) => {
                lang.filter(|l| l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            }
            Tag::Artifact(_) => None,
        };
        if self.open == Some((tag, lang)) {
            return;
        }
        self.end_marked();
        match tag {
            Tag::Artifact(kind) => self.op(match kind {
                Artifact::Header => b"/Artifact <</Type /Pagination /Subtype /Header>> BDC",
                Artifact::Footer => b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
                Artifact::Layout => b"/Artifact <</Type /Layout>> BDC",
            }),
            Tag::Elem(e) => {
                let mcid = self.marked.len();
                self.marked.push((e, lang));
                let role = match lang {
                    // A run in the other language: a span of its own.
                    Some(_) => "Span",
                    None => self.elems.get(e.index()).map_or("Span", |e| e.role.name()),
                };
                let _ = write!(self.out, "/{role} <</MCID {mcid}");
                if let Some(lang) = lang {
                    let _ = write!(self.out, " /Lang ({lang})");
                }
                self.op(b">> BDC");
            }
        }
        self.open = Some((tag, lang));
    }

    /// Ends the text object (and the marked content inside it).
    fn end_text(&mut self) {
        if self.st.in_text {
            self.end_marked();
            self.op(b"ET");
            self.st.in_text = false;
        }
    }

    /// Begins a text object; marked content outside it ends first (a
    /// sequence may not straddle `BT`).
    fn begin_text(&mut self) {
        if !self.st.in_text {
            self.end_marked();
            self.op(b"BT");
            self.st.in_text = true;
            self.st.line = (0, 0);
        }
    }

    fn fill(&mut self, c: Rgb) {
        if self.st.fill != Some(c) {
            rgb(&mut self.out, c, b"rg\n");
            self.st.fill = Some(c);
        }
    }

    fn stroke(&mut self, s: Stroke) {
        if self.st.stroke != Some(s.color) {
            rgb(&mut self.out, s.color, b"RG\n");
            self.st.stroke = Some(s.color);
        }
        let w = hund(s.width);
        if self.st.width != Some(w) {
            num(&mut self.out, w);
            self.op(b"w");
            self.st.width = Some(w);
        }
    }

    /// `<glyph ids>` for `text` in `face`.
    fn hex(&mut self, face: FaceId, text: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let table = self.glyphs.face(face);
        self.out.push(b'<');
        // The space the line broke at, when the face has one.
        let space = table
            .map(|t| t.get(' '))
            .filter(|g| self.space_after && *g != 0)
            .map(|_| ' ');
        for c in text.chars().chain(space) {
            let g = table.map_or(0, |t| t.get(c));
            for shift in [12, 8, 4, 0] {
                self.out.push(HEX[usize::from((g >> shift) & 0xF)]);
            }
        }
        self.out.extend_from_slice(b"> ");
    }

    /// Shows `text` with its baseline starting at (x, y), PDF coordinates
    /// in hundredths: `'` for the next line of a paragraph, else `Td`.
    fn show(&mut self, face: FaceId, x: i32, y: i32, text: &str) {
        let (dx, dy) = (x - self.st.line.0, y - self.st.line.1);
        self.st.line = (x, y);
        if dx == 0 && dy < 0 {
            if -dy != self.st.leading {
                // Probably the first line of a paragraph: set the leading
                // so the next lines need no position.
                self.st.leading = -dy;
                num(&mut self.out, -dy);
                self.op(b"TL");
            }
            self.hex(face, text);
            self.op(b"'");
            return;
        }
        num(&mut self.out, dx);
        num(&mut self.out, dy);
        self.op(b"Td");
        self.hex(face, text);
        self.op(b"Tj");
    }

    fn rect(&mut self, r: Rect) {
        num(&mut self.out, hund(r.x));
        num(&mut self.out, hund(self.page_h - r.bottom()));
        num(&mut self.out, hund(r.w));
        num(&mut self.out, hund(r.h));
        self.op(b"re");
    }

    fn item(&mut self, item: Mark, tag: Tag) {
        match item {
            Mark::Text(t) => {
                self.begin_text();
                self.mark(tag, t.lang);
                let key = (t.font, hund(t.size));
                if self.st.font != Some(key) {
                    let _ = write!(self.out, "/F{} ", t.font.index() + 1);
                    num(&mut self.out, key.1);
                    self.op(b"Tf");
                    self.st.font = Some(key);
                }
                self.fill(t.color);
                let (x, y) = (hund(t.x), hund(self.page_h - t.baseline));
                self.show(t.font, x, y, &t.text);
            }
            Mark::Rect { rect, fill, stroke } => {
                self.end_text();
                let paint: &[u8] = match (fill, stroke) {
                    (Some(f), Some(s)) => {
                        self.fill(f);
                        self.stroke(s);
                        b"B"
                    }
                    (Some(f), None) => {
                        self.fill(f);
                        b"f"
                    }
                    (None, Some(s)) => {
                        self.stroke(s);
                        b"S"
                    }
                    (None, None) => return,
                };
                self.mark(tag, None);
                self.rect(rect);
                self.op(paint);
            }
            Mark::Line { from, to, stroke } => {
                self.end_text();
                self.stroke(stroke);
                self.mark(tag, None);
                num(&mut self.out, hund(from.0));
                num(&mut self.out, hund(self.page_h - from.1));
                self.op(b"m");
                num(&mut self.out, hund(to.0));
                num(&mut self.out, hund(self.page_h - to.1));
                self.op(b"l");
                self.op(b"S");
            }
            Mark::Logo { rect } => {
                self.end_text();
                self.mark(tag, None);
                self.op(b"q");
                num(&mut self.out, hund(rect.w));
                self.out.extend_from_slice(b"0 0 ");
                num(&mut self.out, hund(rect.h));
                num(&mut self.out, hund(rect.x));
                num(&mut self.out, hund(self.page_h - rect.bottom()));
                self.op(b"cm");
                self.out.push(b'/');
                self.out.extend_from_slice(LOGO.as_bytes());
                self.op(b" Do");
                self.op(b"Q");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{FaceKind, TextBox};
    use std::collections::BTreeMap;

    fn glyphs() -> Glyphs {
        let regular = BTreeMap::from([('A', 1), ('가', 0x1234)]);
        let bold = BTreeMap::from([('A', 7), ('\u{1F600}', 9)]);
        let fallback = BTreeMap::from([('ő', 3)]);
        Glyphs::new([
            (FaceId::Regular, &regular),
            (FaceId::Bold, &bold),
            (FaceId::Fallback(0), &fallback),
        ])
    }

    /// The stream of a page whose marks are all artifacts of layout.
    fn stream(items: Vec<Mark>, page_h: f32) -> String {
        String::from_utf8(page(items, Vec::new(), page_h, &glyphs(), &[]).stream).unwrap()
    }

    fn text(s: &str, x: f32, baseline: f32, face: FaceKind) -> Mark {
        text_in(s, x, baseline, face, face.into())
    }

    fn text_in(s: &str, x: f32, baseline: f32, face: FaceKind, font: FaceId) -> Mark {
        let r = Rect {
            x,
            y: baseline - 10.0,
            w: 10.0,
            h: 12.0,
        };
        Mark::Text(TextBox {
            text: s.to_owned(),
            x,
            baseline,
            width: 10.0,
            size: 9.5,
            face,
            font,
            color: Rgb { r: 0, g: 0, b: 0 },
            bbox: r,
            cell: r,
            replacement: false,
            lang: None,
            space_after: true,
        })
    }

    #[test]
    fn numbers_are_short_and_exact() {
        let mut out = Vec::new();
        for (n, p) in [
            (4819, 2),
            (-7400, 2),
            (5, 2),
            (50, 2),
            (0, 2),
            (122, 3),
            (1000, 3),
        ] {
            fixed(&mut out, n, p);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "48.19 -74 0.05 0.5 0 0.122 1 "
        );
    }

    #[test]
    fn colour_components_round_to_thousandths() {
        let mut out = Vec::new();
        rgb(
            &mut out,
            Rgb {
                r: 31,
                g: 78,
                b: 255,
            },
            b"rg",
        );
        assert_eq!(String::from_utf8(out).unwrap(), "0.122 0.306 1 rg");
    }

    #[test]
    fn text_runs_use_glyph_ids_and_relative_moves() {
        let items = vec![
            text("A가", 50.0, 100.0, FaceKind::Regular),
            text("A", 50.0, 112.0, FaceKind::Regular),
            text("A", 50.0, 124.0, FaceKind::Regular),
            text("A\u{1F600}", 124.0, 124.0, FaceKind::Bold),
            Mark::Line {
                from: (10.0, 20.0),
                to: (30.5, 20.0),
                stroke: Stroke {
                    color: Rgb { r: 255, g: 0, b: 0 },
                    width: 0.5,
                },
            },
        ];
        let s = stream(items, 800.0);
        assert_eq!(
            s,
            "1 0 0 RG\n0.5 w\n/Artifact <</Type /Layout>> BDC\n10 780 m\n30.5 780 l\nS\n\
             EMC\nBT\n/Artifact <</Type /Layout>> BDC\n/F1 9.5 Tf\n0 0 0 rg\n50 700 Td\n<00011234> Tj\n\
             12 TL\n<0001> '\n<0001> '\n\
             /F2 9.5 Tf\n74 0 Td\n<00070009> Tj\nEMC\nET\n"
        );
    }

    #[test]
    fn a_fallback_run_is_shown_in_its_own_font() {
        let items = vec![
            text("A", 50.0, 100.0, FaceKind::Regular),
            text_in("ő", 56.5, 100.0, FaceKind::Regular, FaceId::Fallback(0)),
            text_in("ő", 60.0, 112.0, FaceKind::Bold, FaceId::Fallback(0)),
        ];
        let s = stream(items, 800.0);
        assert_eq!(
            s,
            "BT\n/Artifact <</Type /Layout>> BDC\n/F1 9.5 Tf\n0 0 0 rg\n50 700 Td\n<0001> Tj\n\
             /F3 9.5 Tf\n6.5 0 Td\n<0003> Tj\n3.5 -12 Td\n<0003> Tj\nEMC\nET\n"
        );
        assert_eq!(font_name(FaceId::Fallback(0)), "F3");
        assert_eq!(font_name(FaceId::Bold), "F2");
    }

    #[test]
    fn shapes_and_logo() {
        let r = Rect {
            x: 10.0,
            y: 10.0,
            w: 20.0,
            h: 5.0,
        };
        let grey = Rgb {
            r: 128,
            g: 128,
            b: 128,
        };
        let items = vec![
            Mark::Rect {
                rect: r,
                fill: Some(grey),
                stroke: None,
            },
            Mark::Rect {
                rect: r,
                fill: None,
                stroke: None,
            },
            Mark::Logo { rect: r },
        ];
        let s = stream(items, 100.0);
        assert_eq!(
            s,
            "0.502 0.502 0.502 rg\n/Artifact <</Type /Layout>> BDC\n10 85 20 5 re\nf\nq\n20 0 0 5 10 85 cm\n/Logo Do\nQ\nEMC\n"
        );
    }

    #[test]
    fn each_element_is_marked_content_with_an_mcid_and_the_rest_artifacts() {
        use crate::pdf::layout::{Role, Structure};
        let mut st = Structure::new();
        let td = st.add(Role::TD);
        let p = st.add(Role::P);
        let mut second = text("A", 50.0, 124.0, FaceKind::Regular);
        if let Mark::Text(t) = &mut second {
            t.lang = Some("en-US");
        }
        let items = vec![
            text("A", 50.0, 100.0, FaceKind::Regular),
            text("A", 50.0, 112.0, FaceKind::Regular),
            second,
            text("A", 50.0, 136.0, FaceKind::Regular),
            text("A", 50.0, 148.0, FaceKind::Regular),
        ];
        let tags = vec![
            Tag::Elem(td),
            Tag::Elem(td),
            Tag::Elem(td),
            Tag::Artifact(Artifact::Footer),
            Tag::Elem(p),
        ];
        let regular = BTreeMap::from([('A', 1), (' ', 2)]);
        let g = Glyphs::new([(FaceId::Regular, &regular)]);
        let c = page(items, tags, 800.0, &g, &st.elems);
        assert_eq!(
            String::from_utf8(c.stream).unwrap(),
            "BT\n/TD <</MCID 0>> BDC\n/F1 9.5 Tf\n0 0 0 rg\n50 700 Td\n<00010002> Tj\n\
             12 TL\n<0001> '\nEMC\n/Span <</MCID 1 /Lang (en-US)>> BDC\n<0001> '\nEMC\n\
             /Artifact <</Type /Pagination /Subtype /Footer>> BDC\n<0001> '\nEMC\n\
             /P <</MCID 2>> BDC\n<0001> '\nEMC\nET\n"
        );
        assert_eq!(c.marked, vec![(td, None), (td, Some("en-US")), (p, None)]);
    }
}
