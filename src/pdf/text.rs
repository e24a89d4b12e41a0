//! Fonts as the layout sees them: which characters a face has, how wide
//! they are, and where a line of text may break.
//!
//! Widths are the font's own advances, truncated to 1/1000 em exactly as
//! printpdf writes them into the `/W` array, so the width the layout
//! computes is the width a viewer draws. Breaking follows UAX #14
//! (`unicode-linebreak`) with Korean kept whole between spaces (CSS
//! `word-break: keep-all`); a word is split between characters only when
//! it alone is wider than the line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable};
use allsorts::tag;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// The character drawn (inside a box) for a character the font lacks.
pub const REPLACEMENT: char = '?';

/// Extra width of a replacement, in 1/1000 em, for the box drawn around it.
pub const REPLACEMENT_PAD: u32 = 240;

/// Why a font file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    /// Not a TrueType/OpenType font, or a table is broken.
    #[error("not a usable TrueType/OpenType font ({0})")]
    Parse(String),
    /// The font has no Unicode character map.
    #[error("the font has no Unicode character map")]
    NoUnicodeCmap,
    /// The font cannot draw Latin text.
    #[error("the font lacks basic Latin letters and digits")]
    NoLatin,
}

/// One parsed font face: its bytes, character map and advances.
///
/// Parsed once (when the template is loaded) and shared; rendering only
/// looks characters up.
#[derive(Clone)]
pub struct Face {
    inner: Arc<FaceData>,
}

struct FaceData {
    name: String,
    bytes: Cow<'static, [u8]>,
    /// Glyph id per BMP code point (0: none).
    bmp: Vec<u16>,
    /// Glyph ids beyond the BMP.
    astral: HashMap<u32, u16>,
    /// Advance per glyph id in 1/1000 em, truncated like printpdf's `/W`.
    advances: Vec<u16>,
    ascent: f32,
    descent: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.inner.name)
            .field("bytes", &self.inner.bytes.len())
            .finish_non_exhaustive()
    }
}

fn perr(e: impl std::fmt::Display) -> FontError {
    FontError::Parse(e.to_string())
}

impl Face {
    /// Parses a TrueType/OpenType font (the first face of a collection).
    ///
    /// `fallback_name` names the face when the font has no PostScript name.
    ///
    /// # Errors
    /// The bytes are not a font, lack a Unicode cmap, or lack basic Latin.
    pub fn parse(bytes: Cow<'static, [u8]>, fallback_name: &str) -> Result<Self, FontError> {
        let (name, bmp, astral, advances, ascent, descent) = {
            let data = ReadScope::new(&bytes)
                .read::<FontData<'_>>()
                .map_err(perr)?;
            let provider = data.table_provider(0).map_err(perr)?;
            let head = provider.read_table_data(tag::HEAD).map_err(perr)?;
            let head = ReadScope::new(&head).read::<HeadTable>().map_err(perr)?;
            let maxp = provider.read_table_data(tag::MAXP).map_err(perr)?;
            let maxp = ReadScope::new(&maxp).read::<MaxpTable>().map_err(perr)?;
            let hhea = provider.read_table_data(tag::HHEA).map_err(perr)?;
            let hhea = ReadScope::new(&hhea).read::<HheaTable>().map_err(perr)?;
            let upm = f32::from(head.units_per_em.max(1));

            let cmap_data = provider.read_table_data(tag::CMAP).map_err(perr)?;
            let cmap = ReadScope::new(&cmap_data)
                .read::<Cmap<'_>>()
                .map_err(perr)?;
            let (_, sub) = allsorts::font::read_cmap_subtable(&cmap)
                .map_err(perr)?
                .ok_or(FontError::NoUnicodeCmap)?;
            let mut bmp = vec![0u16; 0x1_0000];
            let mut astral = HashMap::new();
            sub.mappings_fn(|cp, gid| {
                if let Some(slot) = usize::try_from(cp).ok().and_then(|i| bmp.get_mut(i)) {
                    *slot = gid;
                } else {
                    astral.insert(cp, gid);
                }
            })
            .map_err(perr)?;

            let hmtx_data = provider.read_table_data(tag::HMTX).map_err(perr)?;
            let hmtx = ReadScope::new(&hmtx_data)
                .read_dep::<HmtxTable<'_>>((
                    usize::from(maxp.num_glyphs),
                    usize::from(hhea.num_h_metrics),
                ))
                .map_err(perr)?;
            let advances = (0..maxp.num_glyphs)
                .map(|gid| {
                    let adv = hmtx.horizontal_advance(gid).unwrap_or(0);
                    // Exactly printpdf's `(w as f32 * 1000.0 / upm) as i64`.
                    // Advances are at most a few em: the cast cannot truncate.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let w = (f32::from(adv) * 1000.0 / upm) as u16;
                    w
                })
                .collect::<Vec<u16>>();

            let name = provider
                .read_table_data(tag::NAME)
                .ok()
                .and_then(|d| {
                    ReadScope::new(&d)
                        .read::<NameTable<'_>>()
                        .ok()
                        .and_then(|n| n.string_for_id(NameTable::POSTSCRIPT_NAME))
                })
                .map(|n| {
                    n.chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect::<String>()
                })
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| fallback_name.to_owned());
            (
                name,
                bmp,
                astral,
                advances,
                f32::from(hhea.ascender) / upm,
                -f32::from(hhea.descender) / upm,
            )
        };
        let face = Self {
            inner: Arc::new(FaceData {
                name,
                bytes,
                bmp,
                astral,
                advances,
                ascent,
                descent,
            }),
        };
        if !"Aa0?".chars().all(|c| face.glyph(c).is_some()) {
            return Err(FontError::NoLatin);
        }
        Ok(face)
    }

    /// The face's PostScript name (without a subset tag).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The font file.
    pub fn bytes(&self) -> &[u8] {
        &self.inner.bytes
    }

    /// Ascent above the baseline, in em.
    pub fn ascent(&self) -> f32 {
        self.inner.ascent
    }

    /// Descent below the baseline, in em (positive).
    pub fn descent(&self) -> f32 {
        self.inner.descent
    }

    /// The glyph id of a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cp = u32::from(c);
        let gid = match self.inner.bmp.get(cp as usize) {
            Some(g) => *g,
            None => self.inner.astral.get(&cp).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    /// Whether the face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The advance of `c` in 1/1000 em, as the PDF viewer will apply it.
    /// A character the face lacks measures as its boxed replacement.
    pub fn advance(&self, c: char) -> u32 {
        match self.glyph(c) {
            Some(g) => self.glyph_advance(g),
            None => self.replacement_advance(),
        }
    }

    /// The advance of a glyph in 1/1000 em.
    pub fn glyph_advance(&self, gid: u16) -> u32 {
        u32::from(
            self.inner
                .advances
                .get(usize::from(gid))
                .copied()
                .unwrap_or(0),
        )
    }

    /// The width of the boxed replacement for a missing character.
    pub fn replacement_advance(&self) -> u32 {
        self.glyph(REPLACEMENT)
            .map_or(500, |g| self.glyph_advance(g))
            + REPLACEMENT_PAD
    }

    /// The width of `s` in 1/1000 em.
    pub fn units(&self, s: &str) -> u32 {
        s.chars().map(|c| self.advance(c)).sum()
    }

    /// The width of `s` at `size` points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        to_pt(self.units(s), size)
    }
}

/// 1/1000 em units at `size` points.
pub fn to_pt(units: u32, size: f32) -> f32 {
    // Widths of a line stay far below 2^24 units: exact in f32.
    #[allow(clippy::cast_precision_loss)]
    let u = units as f32;
    u * size / 1000.0
}

/// One broken line: its text (no trailing spaces) and width in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text of the line.
    pub text: String,
    /// Its width at the size it was broken for.
    pub width: f32,
}

/// Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{D7B0}'..='\u{D7FF}')
}

/// Punctuation after which Korean may break even without a space.
fn breaks_after(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}' | '/')
}

/// Marks that belong to the character before them.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Replaces what a PDF line cannot hold: tabs and other control characters
/// become spaces; line breaks stay (they are mandatory breaks).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| c == '\n' || !c.is_control()) {
        return Cow::Borrowed(s.trim());
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        s.chars()
            .map(|c| if c != '\n' && c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned(),
    )
}

/// Break positions of `text` (byte offsets where a new line may start, and
/// whether the break is mandatory), with Korean kept whole between spaces.
fn opportunities(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (i, op) in linebreaks(text) {
        if i >= text.len() {
            continue;
        }
        let mandatory = op == BreakOpportunity::Mandatory;
        if !mandatory {
            let before = text[..i].chars().next_back();
            let after = text[i..].chars().next();
            if let (Some(a), Some(b)) = (before, after) {
                // keep-all: inside an eojeol, no break next to Hangul.
                if (is_hangul(a) || is_hangul(b)) && !a.is_whitespace() && !breaks_after(a) {
                    continue;
                }
            }
        }
        out.push((i, mandatory));
    }
    out
}

/// The width of the widest piece of `text` that cannot be broken (at
/// `size` points): the narrowest column it fits without splitting a word.
pub fn min_width(face: &Face, text: &str, size: f32) -> f32 {
    let text = clean(text);
    let mut start = 0;
    let mut widest = 0u32;
    for (end, _) in opportunities(&text).into_iter().chain([(text.len(), true)]) {
        if end > start {
            widest = widest.max(face.units(text[start..end].trim_end()));
            start = end;
        }
    }
    to_pt(widest, size)
}

/// Breaks `text` into lines no wider than `max_width` points at `size`.
///
/// Lines break at UAX #14 opportunities (Korean: between words only); a
/// word wider than the line is split between characters. Every line fits
/// unless a single character is wider than `max_width`.
pub fn wrap(face: &Face, text: &str, size: f32, max_width: f32) -> Vec<Line> {
    let text = clean(text);
    let text: &str = &text;
    // The limit in font units, rounded down a hair so float noise never
    // lets a line exceed the width.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let max = if size > 0.0 {
        ((max_width.max(0.0) * 1000.0 / size) - 0.01).max(0.0) as u32
    } else {
        u32::MAX
    };
    let mut lines = Vec::new();
    let mut cur = String::new();
    // Width of `cur` including trailing spaces, and without them.
    let mut cur_full = 0u32;
    let mut cur_trim = 0u32;
    let mut start = 0usize;
    let push = |lines: &mut Vec<Line>, cur: &mut String, trim: u32| {
        let t = cur.trim_end().to_owned();
        lines.push(Line {
            text: t,
            width: to_pt(trim, size),
        });
        cur.clear();
    };
    for (end, mandatory) in opportunities(text).into_iter().chain([(text.len(), true)]) {
        if end <= start {
            continue;
        }
        let seg = &text[start..end];
        start = end;
        let seg_body = seg.trim_end();
        let seg_trim = face.units(seg_body);
        let seg_full = seg_trim + face.units(&seg[seg_body.len()..]);
        if !cur.is_empty() && cur_full + seg_trim > max {
            push(&mut lines, &mut cur, cur_trim);
            cur_full = 0;
        }
        if cur.is_empty() && seg_trim > max {
            // A word wider than the line: split it between characters.
            let mut piece = String::new();
            let mut w = 0u32;
            let mut chars = seg_body.chars().peekable();
            while let Some(c) = chars.next() {
                let mut cluster = String::from(c);
                while let Some(&m) = chars.peek() {
                    if is_combining(m) {
                        cluster.push(m);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let cw = face.units(&cluster);
                if !piece.is_empty() && w + cw > max {
                    lines.push(Line {
                        text: std::mem::take(&mut piece),
                        width: to_pt(w, size),
                    });
                    w = 0;
                }
                piece.push_str(&cluster);
                w += cw;
            }
            cur = piece;
            cur_trim = w;
            cur_full = w + (seg_full - seg_trim);
            cur.push_str(&seg[seg_body.len()..]);
        } else {
            cur.push_str(seg);
            cur_trim = cur_full + seg_trim;
            cur_full += seg_full;
        }
        if mandatory {
            push(&mut lines, &mut cur, cur_trim);
            cur_full = 0;
            cur_trim = 0;
        }
    }
    if !cur.trim_end().is_empty() {
        push(&mut lines, &mut cur, cur_trim);
    }
    if lines.is_empty() {
        lines.push(Line {
            text: String::new(),
            width: 0.0,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face() -> Face {
        let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        Face::parse(Cow::Borrowed(bytes), "NanumGothic").expect("font")
    }

    #[test]
    fn keeps_korean_words_whole() {
        let f = face();
        let text = "이 문서에 열거된 구성 가능한 옵션을 벗어나는 EMS(Enterprise Mobility + Security) 테넌트에 대한 기능 향상 및 통합을 제공합니다.";
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        for width in [60.0, 90.0, 140.0, 200.0] {
            let lines = wrap(&f, text, 9.0, width);
            let tokens: Vec<&str> = lines.iter().flat_map(|l| l.text.split(' ')).collect();
            for l in &lines {
                assert!(l.width <= width, "{l:?} wider than {width}");
            }
            for w in text.split(' ') {
                if f.width(w, 9.0) <= width {
                    assert!(
                        tokens.contains(&w),
                        "`{w}` was split at width {width}: {lines:?}"
                    );
                }
            }
            let joined: String = lines.iter().map(|l| squash(&l.text)).collect();
            assert_eq!(joined, squash(text));
        }
    }

    #[test]
    fn splits_a_word_only_when_it_alone_is_too_wide() {
        let f = face();
        let lines = wrap(&f, "가나다라마바사아자차카타파하 끝", 10.0, 40.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 40.0);
        }
        assert!(
            lines.last().is_some_and(|l| l.text.ends_with("하 끝")),
            "{lines:?}"
        );
    }

    #[test]
    fn breaks_after_hyphen_and_at_mandatory_breaks() {
        let f = face();
        let lines = wrap(&f, "온-프레미스 다단계", 10.0, f.width("온-프레", 10.0));
        assert_eq!(lines[0].text, "온-");
        let lines = wrap(&f, "one\ntwo", 10.0, 500.0);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn min_width_is_the_widest_word() {
        let f = face();
        let w = min_width(&f, "온-프레미스 다단계 인증을", 10.0);
        assert!((w - f.width("다단계", 10.0).max(f.width("프레미스", 10.0))).abs() < 0.01);
    }

    #[test]
    fn measures_like_the_pdf() {
        let f = face();
        assert!(f.has('가') && f.has('A'));
        assert!(f.width("가", 10.0) > f.width("i", 10.0));
        assert!(!f.has('\u{1F600}'));
        assert_eq!(f.advance('\u{1F600}'), f.replacement_advance());
    }
}
