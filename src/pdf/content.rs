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

use std::collections::BTreeMap;
use std::io::Write as _;

use super::layout::{FaceId, Mark, Rect, Rgb, Stroke};

/// The name of the logo in the page resources.
pub(crate) const LOGO: &str = "Logo";

/// The resource name of a face: `F1` regular, `F2` bold, `F3` … the
/// fallbacks.
pub(crate) fn font_name(id: FaceId) -> String {
    format!("F{}", id.index() + 1)
}

/// Character → glyph id of the embedded (subset) faces, by
/// [`FaceId::index`].
pub(crate) struct Glyphs {
    faces: Vec<GlyphTable>,
}

/// One face's map: a dense table for the Basic Multilingual Plane, a
/// tree beyond it.
#[derive(Default)]
struct GlyphTable {
    bmp: Vec<u16>,
    astral: BTreeMap<u32, u16>,
}

impl GlyphTable {
    fn new(map: &BTreeMap<char, u16>) -> Self {
        let top = map
            .range(..'\u{10000}')
            .next_back()
            .map_or(0, |(c, _)| u32::from(*c) as usize + 1);
        let mut bmp = vec![0; top];
        let mut astral = BTreeMap::new();
        for (&c, &gid) in map {
            let cp = u32::from(c);
            match bmp.get_mut(cp as usize) {
                Some(slot) => *slot = gid,
                None => {
                    astral.insert(cp, gid);
                }
            }
        }
        Self { bmp, astral }
    }

    /// The glyph of `c`; 0 (`.notdef`) when the face lacks it, which the
    /// layout never lets happen.
    fn get(&self, c: char) -> u16 {
        let cp = u32::from(c);
        match self.bmp.get(cp as usize) {
            Some(g) => *g,
            None => self.astral.get(&cp).copied().unwrap_or(0),
        }
    }
}

impl Glyphs {
    /// From each embedded face's character map (a face that draws
    /// nothing has none).
    pub(crate) fn new<'a>(
        faces: impl IntoIterator<Item = (FaceId, &'a BTreeMap<char, u16>)>,
    ) -> Self {
        let mut glyphs = Self { faces: Vec::new() };
        for (id, map) in faces {
            let i = id.index();
            if glyphs.faces.len() <= i {
                glyphs.faces.resize_with(i + 1, GlyphTable::default);
            }
            glyphs.faces[i] = GlyphTable::new(map);
        }
        glyphs
    }

    fn face(&self, id: FaceId) -> Option<&GlyphTable> {
        self.faces.get(id.index())
    }
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

/// Writes one page's content stream.
pub(crate) fn page(items: Vec<Mark>, page_h: f32, glyphs: &Glyphs) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(items.len() * 40),
        st: State::default(),
        glyphs,
        page_h,
    };
    // Shapes first, then text: nothing is ever drawn over text, and one
    // text object per page keeps the stream short. Text keeps its layout
    // order (the reading order of extractors that follow the stream).
    let (texts, shapes): (Vec<Mark>, Vec<Mark>) =
        items.into_iter().partition(|i| matches!(i, Mark::Text(_)));
    for item in shapes.into_iter().chain(texts) {
        w.item(item);
    }
    w.end_text();
    w.out
}

/// Compresses a content stream (zlib, level 4: level 9 takes three times
/// as long for files 5 % smaller).
///
/// Each thread keeps one compressor and resets it between streams: setting
/// one up (its window and hash tables, some 270 KiB) cost more than
/// compressing most of a statement's streams.
pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static ZLIB: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(4), true));
    }
    ZLIB.with_borrow_mut(|z| {
        z.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        loop {
            let read = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
            let rest = bytes.get(read..).unwrap_or_default();
            if out.len() == out.capacity() {
                out.reserve(out.capacity() / 2 + 64);
            }
            match z.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                Ok(Status::Ok | Status::BufError) => {}
                // A compressor fed from memory into memory has no error
                // to give; should one come, a fresh one does the work.
                Err(_) => return deflate_fresh(bytes),
            }
        }
    })
}

/// [`deflate`] with a compressor of its own.
fn deflate_fresh(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::new(4),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

struct Writer<'a> {
    out: Vec<u8>,
    st: State,
    glyphs: &'a Glyphs,
    page_h: f32,
}

impl Writer<'_> {
    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    fn end_text(&mut self) {
        if self.st.in_text {
            self.op(b"ET");
            self.st.in_text = false;
        }
    }

    fn begin_text(&mut self) {
        if !self.st.in_text {
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
        for c in text.chars() {
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

    fn item(&mut self, item: Mark) {
        match item {
            Mark::Text(t) => {
                self.begin_text();
                let key = (t.font, hund(t.size));
                if self.st.font != Some(key) {
                    let _ = write!(self.out, "/F{} ", t.font.index() + 1);
                    num(&mut self.out, key.1);
                    self.op(b"Tf");
                    self.st.font = Some(key);
                }
                self.fill(t.color);
                let (x, y) = (hund(t.x), hund(self.page_h - t.baseline));
                // A run in the other language of a bilingual statement is
                // marked content with its own `/Lang`, which text
                // extractors and screen readers follow (the document's
                // `/Lang` covers the rest).
                let lang = t
                    .lang
                    .filter(|l| l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                if let Some(lang) = lang {
                    let _ = writeln!(self.out, "/Span <</Lang ({lang})>> BDC");
                }
                self.show(t.font, x, y, &t.text);
                if lang.is_some() {
                    self.op(b"EMC");
                }
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
                self.rect(rect);
                self.op(paint);
            }
            Mark::Line { from, to, stroke } => {
                self.end_text();
                self.stroke(stroke);
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
        let s = String::from_utf8(page(items, 800.0, &glyphs())).unwrap();
        assert_eq!(
            s,
            "1 0 0 RG\n0.5 w\n10 780 m\n30.5 780 l\nS\n\
             BT\n/F1 9.5 Tf\n0 0 0 rg\n50 700 Td\n<00011234> Tj\n\
             12 TL\n<0001> '\n<0001> '\n\
             /F2 9.5 Tf\n74 0 Td\n<00070009> Tj\nET\n"
        );
    }

    #[test]
    fn a_fallback_run_is_shown_in_its_own_font() {
        let items = vec![
            text("A", 50.0, 100.0, FaceKind::Regular),
            text_in("ő", 56.5, 100.0, FaceKind::Regular, FaceId::Fallback(0)),
            text_in("ő", 60.0, 112.0, FaceKind::Bold, FaceId::Fallback(0)),
        ];
        let s = String::from_utf8(page(items, 800.0, &glyphs())).unwrap();
        assert_eq!(
            s,
            "BT\n/F1 9.5 Tf\n0 0 0 rg\n50 700 Td\n<0001> Tj\n\
             /F3 9.5 Tf\n6.5 0 Td\n<0003> Tj\n3.5 -12 Td\n<0003> Tj\nET\n"
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
        let s = String::from_utf8(page(items, 100.0, &glyphs())).unwrap();
        assert_eq!(
            s,
            "0.502 0.502 0.502 rg\n10 85 20 5 re\nf\nq\n20 0 0 5 10 85 cm\n/Logo Do\nQ\n"
        );
    }
}
