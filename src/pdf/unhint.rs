//! TrueType hinting left out of the fonts a statement embeds.
//!
//! Hinting instructions fit outlines to the pixel grid of a screen at
//! small sizes; viewers draw embedded text antialiased and print it at
//! hundreds of dots per inch, where they change nothing one can see. They
//! are 40 % of the glyph bytes of a Nanum subset and compress badly: left
//! out, the fonts of the seed statement take half the bytes (96 to 50 KB
//! compressed) and half the time to compress.
//!
//! After [`subsetter`](https://docs.rs/subsetter) has written the subset,
//! [`strip`] rewrites it: each glyph's instructions removed (a simple
//! glyph's `instructionLength` set to 0, a composite glyph's
//! `WE_HAVE_INSTRUCTIONS` flags cleared and the instructions after its
//! last component cut), `loca` written again in the format `head` names,
//! the programs the instructions call (`fpgm`, `prep`) and the values they
//! read (`cvt `) left out, `maxp`'s `maxSizeOfInstructions` set to 0, and
//! the table checksums and `head.checkSumAdjustment` computed afresh
//! (OpenType, "The Font File" and the `glyf`, `loca`, `head` and `maxp`
//! tables). Outlines, advances and every other table are kept byte for
//! byte. A font without `glyf` (CFF outlines), or one this cannot read,
//! is kept as it is.

use super::sfnt::{be16, be32};

/// Tables that exist only for the instructions.
const HINTING: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

/// Composite glyph component flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// `font` without its hinting, or `None` when it has none to remove or
/// cannot be read (the caller then keeps `font`).
pub(crate) fn strip(font: &[u8]) -> Option<Vec<u8>> {
    let tables = directory(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag);
    let (glyf, loca, head, maxp) = (
        find(b"glyf")?,
        find(b"loca")?,
        find(b"head")?,
        find(b"maxp")?,
    );
    let head_data = head.data(font)?;
    let long = match be16(head_data, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let (new_glyf, new_loca, removed) = glyphs(glyf.data(font)?, loca.data(font)?, long)?;
    if !removed && !tables.iter().any(|t| HINTING.contains(&&t.tag)) {
        return None;
    }
    let mut new_maxp = maxp.data(font)?.to_vec();
    // Version 1.0 (TrueType outlines) has maxSizeOfInstructions at 26.
    if be32(&new_maxp, 0)? == 0x0001_0000 {
        new_maxp.get_mut(26..28)?.copy_from_slice(&[0, 0]);
    }
    let mut new_head = head_data.to_vec();
    // checkSumAdjustment is summed as 0, then set for the whole font.
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    let mut kept: Vec<([u8; 4], &[u8])> = Vec::with_capacity(tables.len());
    for t in &tables {
        if HINTING.contains(&&t.tag) {
            continue;
        }
        let data = match &t.tag {
            b"glyf" => &new_glyf,
            b"loca" => &new_loca,
            b"head" => &new_head,
            b"maxp" => &new_maxp,
            _ => t.data(font)?,
        };
        kept.push((t.tag, data));
    }
    Some(assemble(be32(font, 0)?, &kept))
}

/// One table record of the font's directory.
struct Record {
    tag: [u8; 4],
    offset: usize,
    length: usize,
}

impl Record {
    fn data<'a>(&self, font: &'a [u8]) -> Option<&'a [u8]> {
        font.get(self.offset..self.offset.checked_add(self.length)?)
    }
}

/// The table records, in directory order.
fn directory(font: &[u8]) -> Option<Vec<Record>> {
    let version = be32(font, 0)?;
    // TrueType outlines: 0x00010000 or 'true'.
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(be16(font, 4)?);
    (0..count)
        .map(|i| {
            let at = 12 + 16 * i;
            Some(Record {
                tag: font.get(at..at + 4)?.try_into().ok()?,
                offset: usize::try_from(be32(font, at + 8)?).ok()?,
                length: usize::try_from(be32(font, at + 12)?).ok()?,
            })
        })
        .collect()
}

/// `glyf` and `loca` with every glyph's instructions removed, and whether
/// any glyph had some; in the short `loca` format (which counts in words)
/// glyphs start on even offsets.
fn glyphs(glyf: &[u8], loca: &[u8], long: bool) -> Option<(Vec<u8>, Vec<u8>, bool)> {
    let offsets: Vec<usize> = if long {
        loca.chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect()
    } else {
        loca.chunks_exact(2)
            .map(|c| usize::from(u16::from_be_bytes([c[0], c[1]])) * 2)
            .collect()
    };
    let mut out = Vec::with_capacity(glyf.len());
    let mut new_offsets = Vec::with_capacity(offsets.len());
    new_offsets.push(0);
    let mut removed = false;
    for pair in offsets.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        if end < start {
            return None;
        }
        if end > start {
            removed |= glyph(glyf.get(start..end)?, &mut out)?;
            if !long && out.len() % 2 == 1 {
                out.push(0);
            }
        }
        new_offsets.push(out.len());
    }
    let mut new_loca = Vec::with_capacity(loca.len());
    for o in new_offsets {
        if long {
            new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        }
    }
    Some((out, new_loca, removed))
}

/// Appends `g` without its instructions to `out`; whether it had some.
fn glyph(g: &[u8], out: &mut Vec<u8>) -> Option<bool> {
    let contours = i16::from_be_bytes([*g.first()?, *g.get(1)?]);
    if let Ok(n) = usize::try_from(contours) {
        // Header (10 bytes), endPtsOfContours, instructionLength, the
        // instructions, then flags and coordinates.
        let at = 10 + 2 * n;
        let len = usize::from(be16(g, at)?);
        let rest = g.get(at + 2 + len..)?;
        out.extend_from_slice(g.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        Some(len > 0)
    } else {
        // Components follow the header; the instructions follow the last.
        let begin = out.len();
        let mut at = 10;
        let mut flag_at = Vec::new();
        let mut instructed = false;
        loop {
            let flags = be16(g, at)?;
            instructed |= flags & WE_HAVE_INSTRUCTIONS != 0;
            flag_at.push(begin + at);
            let size = component_size(flags);
            g.get(at..at + size)?;
            at += size;
            if flags & MORE_COMPONENTS == 0 {
                break;
            }
        }
        out.extend_from_slice(g.get(..at)?);
        for c in flag_at {
            let flags = be16(out, c)? & !WE_HAVE_INSTRUCTIONS;
            out.get_mut(c..c + 2)?.copy_from_slice(&flags.to_be_bytes());
        }
        // What follows the last component (instructions, or padding) is
        // cut; only instructions count as removed.
        Some(instructed)
    }
}

/// The bytes of one component record with these flags: flags, glyph id,
/// the two arguments, the transform.
fn component_size(flags: u16) -> usize {
    let arguments = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
        4
    } else {
        2
    };
    let transform = if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    4 + arguments + transform
}

/// A font file of `tables` (sorted by tag, as subsetter writes them):
/// the directory, each table on a 4-byte boundary, the checksums.
fn assemble(version: u32, tables: &[([u8; 4], &[u8])]) -> Vec<u8> {
    let count = tables.len();
    let mut font =
        Vec::with_capacity(12 + 16 * count + tables.iter().map(|t| t.1.len() + 3).sum::<usize>());
    font.extend_from_slice(&version.to_be_bytes());
    // Table counts stay far below u16::MAX: the input's directory held them.
    let n = u16::try_from(count).unwrap_or(u16::MAX);
    let selector = u16::try_from(count.max(1).ilog2()).unwrap_or(0);
    let range = u16::try_from(16u32 << selector).unwrap_or(u16::MAX);
    for v in [
        n,
        range,
        selector,
        n.saturating_mul(16).saturating_sub(range),
    ] {
        font.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * count;
    let mut head_at = None;
    for (tag, data) in tables {
        font.extend_from_slice(tag);
        font.extend_from_slice(&checksum(data).to_be_bytes());
        font.extend_from_slice(&(offset as u32).to_be_bytes());
        font.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        font.extend_from_slice(data);
        font.resize(font.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&font));
        font[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    font
}

/// The OpenType table checksum: the sum of its big-endian words, the last
/// one padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let rest = words.remainder();
    let sum = words.fold(0u32, |sum, w| {
        sum.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    });
    let mut last = [0u8; 4];
    last[..rest.len()].copy_from_slice(rest);
    sum.wrapping_add(u32::from_be_bytes(last))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::glyf::{CompositeGlyphFlag, GlyfRecord, GlyfTable, Glyph};
    use allsorts::tables::loca::LocaTable;
    use allsorts::tables::{FontTableProvider, HeadTable, MaxpTable};
    use allsorts::tag;

    use super::*;
    use crate::pdf::face::Face;

    /// Every glyph of `font`, parsed.
    fn outlines(font: &[u8]) -> Vec<Glyph> {
        let data = ReadScope::new(font).read::<FontData<'_>>().expect("font");
        let provider = data.table_provider(0).expect("tables");
        let table = |t| provider.read_table_data(t).expect("table").into_owned();
        let head = ReadScope::new(&table(tag::HEAD))
            .read::<HeadTable>()
            .expect("head");
        let maxp = ReadScope::new(&table(tag::MAXP))
            .read::<MaxpTable>()
            .expect("maxp");
        let loca_data = table(tag::LOCA);
        let loca = ReadScope::new(&loca_data)
            .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
            .expect("loca");
        let glyf_data = table(tag::GLYF);
        let glyf = ReadScope::new(&glyf_data)
            .read_dep::<GlyfTable<'_>>(&loca)
            .expect("glyf");
        glyf.records()
            .iter()
            .map(|r| match r {
                GlyfRecord::Present { scope, .. } => scope.read::<Glyph>().expect("glyph"),
                GlyfRecord::Parsed(g) => g.clone(),
            })
            .collect()
    }

    /// The subset of a bundled face for `text`, hinted as subsetter wrote it.
    fn hinted(bytes: &'static [u8], name: &str, text: &str) -> Vec<u8> {
        let face = Face::parse(Cow::Borrowed(bytes), name).expect("face");
        let mut remapper = subsetter::GlyphRemapper::new();
        for c in text.chars() {
            remapper.remap(face.glyph(c).expect("glyph"));
        }
        subsetter::subset(bytes, 0, &remapper).expect("subset")
    }

    fn tags(font: &[u8]) -> Vec<[u8; 4]> {
        directory(font)
            .expect("directory")
            .iter()
            .map(|r| r.tag)
            .collect()
    }

    /// The outlines kept point for point, the instructions gone.
    fn same_outlines(before: &[u8], after: &[u8]) -> usize {
        let (b, a) = (outlines(before), outlines(after));
        assert_eq!(b.len(), a.len());
        let mut instructed = 0;
        for (i, (b, a)) in b.iter().zip(&a).enumerate() {
            match (b, a) {
                (Glyph::Empty(_), Glyph::Empty(_)) => {}
                (Glyph::Simple(b), Glyph::Simple(a)) => {
                    assert_eq!(b.bounding_box, a.bounding_box, "glyph {i}");
                    assert_eq!(b.end_pts_of_contours, a.end_pts_of_contours, "glyph {i}");
                    assert_eq!(b.coordinates, a.coordinates, "glyph {i}");
                    instructed += usize::from(!b.instructions.is_empty());
                    assert!(a.instructions.is_empty(), "glyph {i}");
                }
                (Glyph::Composite(b), Glyph::Composite(a)) => {
                    assert_eq!(b.bounding_box, a.bounding_box, "glyph {i}");
                    assert_eq!(b.glyphs.len(), a.glyphs.len(), "glyph {i}");
                    for (cb, ca) in b.glyphs.iter().zip(&a.glyphs) {
                        assert_eq!(cb.glyph_index, ca.glyph_index, "glyph {i}");
                        assert_eq!(cb.argument1, ca.argument1, "glyph {i}");
                        assert_eq!(cb.argument2, ca.argument2, "glyph {i}");
                        assert_eq!(cb.scale, ca.scale, "glyph {i}");
                        assert!(
                            !ca.flags.contains(CompositeGlyphFlag::WE_HAVE_INSTRUCTIONS),
                            "glyph {i}"
                        );
                    }
                    instructed += usize::from(!b.instructions.is_empty());
                    assert!(a.instructions.is_empty(), "glyph {i}");
                }
                (b, a) => panic!("glyph {i} changed kind: {b:?} → {a:?}"),
            }
        }
        instructed
    }

    #[test]
    fn hangul_outlines_kept_instructions_left_out() {
        let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        let before = hinted(bytes, "NanumGothic", "고객 책임 확인서 Statement 2026");
        let after = strip(&before).expect("hinted");
        assert!(
            after.len() * 10 < before.len() * 8,
            "{} → {}",
            before.len(),
            after.len()
        );
        let instructed = same_outlines(&before, &after);
        assert!(instructed > 10, "{instructed} glyphs had instructions");
        for t in HINTING {
            assert!(tags(&before).contains(t));
            assert!(!tags(&after).contains(t));
        }
        // The whole font sums to the magic number; each table to its record.
        assert_eq!(checksum(&after), 0xB1B0_AFBA);
        for r in directory(&after).expect("directory") {
            let mut data = r.data(&after).expect("table").to_vec();
            if &r.tag == b"head" {
                data[8..12].copy_from_slice(&[0; 4]);
            }
            let at = 12 + 16 * tags(&after).iter().position(|t| *t == r.tag).expect("tag");
            assert_eq!(be32(&after, at + 4), Some(checksum(&data)));
            assert_eq!(r.offset % 4, 0);
        }
        let maxp = directory(&after)
            .expect("directory")
            .into_iter()
            .find(|r| &r.tag == b"maxp");
        let maxp = maxp.expect("maxp").data(&after).expect("maxp");
        assert_eq!(be16(maxp, 26), Some(0), "maxSizeOfInstructions");
        // Nothing left to strip the second time.
        assert_eq!(strip(&after), None);
    }

    #[test]
    fn composite_glyphs_lose_their_instructions_and_flags() {
        let bytes = include_bytes!("../../templates/default/fonts/DejaVuSans.ttf");
        // Accented letters are composites of a base letter and a mark.
        let before = hinted(bytes, "DejaVuSans", "éàÅñ ž");
        let composites = outlines(&before)
            .iter()
            .filter(|g| matches!(g, Glyph::Composite(_)))
            .count();
        assert!(composites >= 4, "{composites} composite glyphs");
        let after = strip(&before).expect("hinted");
        same_outlines(&before, &after);
        assert_eq!(strip(&after), None, "nothing left to strip");
        // printpdf reads it back.
        let mut warnings = Vec::new();
        assert!(printpdf::ParsedFont::from_bytes(&after, 0, &mut warnings).is_some());
    }

    #[test]
    fn unreadable_fonts_are_left_alone() {
        assert_eq!(strip(b""), None);
        assert_eq!(strip(b"OTTO\0\0\0\0\0\0\0\0"), None);
        let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        let mut font = hinted(bytes, "NanumGothic", "가");
        // A loca pointing past glyf.
        let loca = directory(&font)
            .unwrap()
            .into_iter()
            .find(|r| &r.tag == b"loca")
            .unwrap();
        let end = loca.offset + loca.length;
        font[end - 2..end].copy_from_slice(&[0xFF, 0xFF]);
        assert_eq!(strip(&font), None);
    }
}
