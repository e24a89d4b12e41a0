//! A font face as the layout sees it: which characters it has and how wide
//! they are.
//!
//! Widths are the font's own advances, truncated to 1/1000 em exactly as
//! printpdf writes them into the `/W` array, so the width the layout
//! computes is the width a viewer draws.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable};
use allsorts::tag;

use super::sfnt;

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
/// Parsed once (when a [`super::Typesetter`] is made) and shared;
/// rendering only looks characters up.
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

/// Records that code point `cp` is glyph `gid`: in the dense table for the
/// Basic Multilingual Plane, in the map for the planes above it.
fn set_glyph(bmp: &mut [u16], astral: &mut HashMap<u32, u16>, cp: u32, gid: u16) {
    if let Some(slot) = usize::try_from(cp).ok().and_then(|i| bmp.get_mut(i)) {
        *slot = gid;
    } else {
        astral.insert(cp, gid);
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
        let face = Self::read(bytes, fallback_name)?;
        if !"Aa0?".chars().all(|c| face.glyph(c).is_some()) {
            return Err(FontError::NoLatin);
        }
        Ok(face)
    }

    /// Parses a face that only fills in characters another face lacks
    /// (symbols, other scripts): it need not have Latin letters.
    ///
    /// # Errors
    /// The bytes are not a font or lack a Unicode cmap.
    pub fn parse_fallback(
        bytes: Cow<'static, [u8]>,
        fallback_name: &str,
    ) -> Result<Self, FontError> {
        Self::read(bytes, fallback_name)
    }

    /// Checks, without parsing the tables, that `bytes` look like a font
    /// with the tables a face needs: a broken file is told when the
    /// template is loaded, even for a face parsed only when first needed.
    ///
    /// # Errors
    /// Not a TrueType/OpenType font, or a required table is absent.
    pub fn check(bytes: &[u8]) -> Result<(), FontError> {
        let data = ReadScope::new(bytes).read::<FontData<'_>>().map_err(perr)?;
        let provider = data.table_provider(0).map_err(perr)?;
        for (t, name) in [
            (tag::HEAD, "head"),
            (tag::MAXP, "maxp"),
            (tag::HHEA, "hhea"),
            (tag::HMTX, "hmtx"),
        ] {
            if !provider.has_table(t) {
                return Err(FontError::Parse(format!("no `{name}` table")));
            }
        }
        if !provider.has_table(tag::CMAP) {
            return Err(FontError::NoUnicodeCmap);
        }
        Ok(())
    }

    fn read(bytes: Cow<'static, [u8]>, fallback_name: &str) -> Result<Self, FontError> {
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
            let mut bmp = vec![0u16; 0x1_0000];
            let mut astral = HashMap::new();
            // The subtable allsorts would read, walked straight from its
            // bytes when it is format 4 or 12 (every usable font has one):
            // allsorts' general walk takes most of a face's start-up time.
            let (_, record) =
                allsorts::font::find_good_cmap_subtable(&cmap).ok_or(FontError::NoUnicodeCmap)?;
            let walked = usize::try_from(record.offset)
                .ok()
                .and_then(|at| cmap_data.get(at..))
                .and_then(|sub| {
                    sfnt::walk_cmap(sub, &mut |cp, gid| {
                        set_glyph(&mut bmp, &mut astral, cp, gid)
                    })
                });
            if walked.is_none() {
                bmp.fill(0);
                astral.clear();
                let (_, sub) = allsorts::font::read_cmap_subtable(&cmap)
                    .map_err(perr)?
                    .ok_or(FontError::NoUnicodeCmap)?;
                sub.mappings_fn(|cp, gid| set_glyph(&mut bmp, &mut astral, cp, gid))
                    .map_err(perr)?;
            }

            let hmtx_data = provider.read_table_data(tag::HMTX).map_err(perr)?;
            let raw = match sfnt::advances(&hmtx_data, maxp.num_glyphs, hhea.num_h_metrics) {
                Some(raw) => raw,
                None => {
                    let hmtx = ReadScope::new(&hmtx_data)
                        .read_dep::<HmtxTable<'_>>((
                            usize::from(maxp.num_glyphs),
                            usize::from(hhea.num_h_metrics),
                        ))
                        .map_err(perr)?;
                    (0..maxp.num_glyphs)
                        .map(|gid| hmtx.horizontal_advance(gid).unwrap_or(0))
                        .collect()
                }
            };
            let advances = raw
                .into_iter()
                .map(|adv| {
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
        Ok(Self {
            inner: Arc::new(FaceData {
                name,
                bytes,
                bmp,
                astral,
                advances,
                ascent,
                descent,
            }),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn face() -> Face {
        let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        Face::parse(Cow::Borrowed(bytes), "NanumGothic").expect("font")
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
