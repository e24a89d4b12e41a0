//! A face's character map and advances read straight from its bytes.
//!
//! Every build parses the template's faces; allsorts' general readers
//! (every `cmap` format, each value read through its own bounds check)
//! took 0.4 ms a Nanum face, most of a build's start-up. These read the
//! two `cmap` subtable formats Unicode fonts use (4: segments of the BMP;
//! 12: groups of any plane) and `hmtx` in one pass over the bytes, giving
//! the very mappings allsorts gives (its walk of format 4 included:
//! every segment, the 0xFFFF one too, and the Fontographer
//! `idRangeOffset` of 0xFFFF read as 0). Anything else, or anything
//! out of bounds, is `None`: the caller reads the table with allsorts,
//! which says what is wrong.

/// Calls `map` with each (code point, glyph id) of a format 4 or 12
/// `cmap` subtable starting at `sub[0]`; `None` for another format or a
/// subtable that does not fit in `sub` (`map` may have been called).
pub(crate) fn walk_cmap(sub: &[u8], map: &mut impl FnMut(u32, u16)) -> Option<()> {
    match be16(sub, 0)? {
        4 => format4(sub, map),
        12 => format12(sub, map),
        _ => None,
    }
}

fn format4(sub: &[u8], map: &mut impl FnMut(u32, u16)) -> Option<()> {
    let length = usize::from(be16(sub, 2)?);
    let sub = sub.get(..length)?;
    // allsorts refuses an odd segCountX2.
    let x2 = be16(sub, 6)?;
    if x2 % 2 == 1 {
        return None;
    }
    let segments = usize::from(x2 / 2);
    let ends = 14;
    let starts = ends + 2 * segments + 2;
    let deltas = starts + 2 * segments;
    let offsets = deltas + 2 * segments;
    let glyph_ids = offsets + 2 * segments;
    sub.get(..glyph_ids)?;
    for i in 0..segments {
        let end = be16(sub, ends + 2 * i)?;
        let start = be16(sub, starts + 2 * i)?;
        let delta = be16(sub, deltas + 2 * i)?;
        let mut range_offset = be16(sub, offsets + 2 * i)?;
        if range_offset == 0xFFFF {
            range_offset = 0;
        }
        if start > end {
            // allsorts walks an empty range here.
            continue;
        }
        for ch in start..=end {
            let gid = if range_offset == 0 {
                ch.wrapping_add(delta)
            } else {
                // The offset counts from its own place in the table.
                let at = offsets + 2 * i + usize::from(range_offset) + 2 * usize::from(ch - start);
                // An index into the glyph id array, which starts right
                // after the offsets (allsorts refuses an odd one).
                let past = at.checked_sub(glyph_ids)?;
                if past % 2 == 1 {
                    return None;
                }
                let index = past / 2;
                let gid = be16(sub, glyph_ids + 2 * index)?;
                if gid == 0 { 0 } else { gid.wrapping_add(delta) }
            };
            map(u32::from(ch), gid);
        }
    }
    Some(())
}

fn format12(sub: &[u8], map: &mut impl FnMut(u32, u16)) -> Option<()> {
    // allsorts refuses a reserved field other than 0.
    if be16(sub, 2)? != 0 {
        return None;
    }
    let length = usize::try_from(be32(sub, 4)?).ok()?;
    let sub = sub.get(..length)?;
    let groups = usize::try_from(be32(sub, 12)?).ok()?;
    for g in 0..groups {
        let at = 16 + 12 * g;
        let (first, last, glyph) = (be32(sub, at)?, be32(sub, at + 4)?, be32(sub, at + 8)?);
        if first > last {
            continue;
        }
        let glyph = u16::try_from(glyph).ok()?;
        // A group whose glyph ids would pass 65535 (allsorts' sum
        // overflows) is left to allsorts.
        u16::try_from(last - first).ok()?;
        for (i, ch) in (first..=last).enumerate() {
            map(ch, glyph.checked_add(u16::try_from(i).ok()?)?);
        }
    }
    Some(())
}

/// The advance of each of `glyphs` glyphs from `hmtx` (the last of its
/// `metrics` long metrics repeated for the rest), in font units; `None`
/// when the table is shorter than that.
pub(crate) fn advances(hmtx: &[u8], glyphs: u16, metrics: u16) -> Option<Vec<u16>> {
    let metrics = usize::from(metrics);
    if metrics == 0 {
        return None;
    }
    // The long metrics, then a left side bearing for each other glyph
    // (allsorts refuses a table without them).
    hmtx.get(..4 * metrics + 2 * usize::from(glyphs).saturating_sub(metrics))?;
    let last = be16(hmtx, 4 * (metrics - 1))?;
    Some(
        (0..usize::from(glyphs))
            .map(|g| {
                if g < metrics {
                    be16(hmtx, 4 * g).unwrap_or(last)
                } else {
                    last
                }
            })
            .collect(),
    )
}

/// The big-endian `u16` at `at`, if the bytes reach that far.
pub(crate) fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at.checked_add(1)?)?,
    ]))
}

/// The big-endian `u32` at `at`, if the bytes reach that far.
pub(crate) fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::cmap::Cmap;
    use allsorts::tables::{FontTableProvider, HheaTable, HmtxTable, MaxpTable};
    use allsorts::tag;

    use super::*;

    const FONTS: [&[u8]; 3] = [
        include_bytes!("../../templates/default/fonts/NanumGothic.ttf"),
        include_bytes!("../../templates/default/fonts/NanumGothicBold.ttf"),
        include_bytes!("../../templates/default/fonts/DejaVuSans.ttf"),
    ];

    fn table(font: &[u8], t: u32) -> Vec<u8> {
        let data = ReadScope::new(font).read::<FontData<'_>>().expect("font");
        let provider = data.table_provider(0).expect("tables");
        provider.read_table_data(t).expect("table").into_owned()
    }

    #[test]
    fn every_mapping_as_allsorts_gives_it() {
        for font in FONTS {
            let data = table(font, tag::CMAP);
            let cmap = ReadScope::new(&data).read::<Cmap<'_>>().expect("cmap");
            let (_, record) = allsorts::font::find_good_cmap_subtable(&cmap).expect("unicode");
            let sub = &data[record.offset as usize..];
            let mut ours = BTreeMap::new();
            walk_cmap(sub, &mut |c, g| {
                ours.insert(c, g);
            })
            .expect("format 4 or 12");
            let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).unwrap().unwrap();
            let mut theirs = BTreeMap::new();
            subtable
                .mappings_fn(|c, g| {
                    theirs.insert(c, g);
                })
                .unwrap();
            assert!(ours.len() > 2_000, "{} mappings", ours.len());
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn every_advance_as_allsorts_gives_it() {
        for font in FONTS {
            let maxp = ReadScope::new(&table(font, tag::MAXP))
                .read::<MaxpTable>()
                .unwrap();
            let hhea = ReadScope::new(&table(font, tag::HHEA))
                .read::<HheaTable>()
                .unwrap();
            let data = table(font, tag::HMTX);
            let hmtx = ReadScope::new(&data)
                .read_dep::<HmtxTable<'_>>((
                    usize::from(maxp.num_glyphs),
                    usize::from(hhea.num_h_metrics),
                ))
                .unwrap();
            let theirs: Vec<u16> = (0..maxp.num_glyphs)
                .map(|g| hmtx.horizontal_advance(g).unwrap())
                .collect();
            let ours = advances(&data, maxp.num_glyphs, hhea.num_h_metrics).expect("fits");
            assert_eq!(ours, theirs);
        }
    }

    /// A format 4 subtable of `segments` (start, end, delta, range offset)
    /// and glyph ids.
    fn format4_table(segments: &[(u16, u16, u16, u16)], glyph_ids: &[u16]) -> Vec<u8> {
        let n = u16::try_from(segments.len()).unwrap();
        let mut t = Vec::new();
        let length = 16 + 8 * segments.len() + 2 * glyph_ids.len();
        for v in [4, u16::try_from(length).unwrap(), 0, 2 * n, 0, 0, 0] {
            t.extend_from_slice(&v.to_be_bytes());
        }
        segments
            .iter()
            .for_each(|s| t.extend_from_slice(&s.1.to_be_bytes()));
        t.extend_from_slice(&[0, 0]);
        segments
            .iter()
            .for_each(|s| t.extend_from_slice(&s.0.to_be_bytes()));
        segments
            .iter()
            .for_each(|s| t.extend_from_slice(&s.2.to_be_bytes()));
        segments
            .iter()
            .for_each(|s| t.extend_from_slice(&s.3.to_be_bytes()));
        glyph_ids
            .iter()
            .for_each(|g| t.extend_from_slice(&g.to_be_bytes()));
        t
    }

    #[test]
    fn format4_deltas_offsets_and_bad_offsets() {
        // 'A'..'C' by delta; 'a'..'b' through the glyph id array (offset
        // from its own place: two segments on, then the array); the last
        // segment as fonts end theirs.
        let t = format4_table(
            &[
                (0x41, 0x43, 10u16.wrapping_sub(0x41), 0),
                (0x61, 0x62, 5, 4),
                (0xFFFF, 0xFFFF, 1, 0),
            ],
            &[7, 0],
        );
        let mut got = Vec::new();
        walk_cmap(&t, &mut |c, g| got.push((c, g))).unwrap();
        assert_eq!(
            got,
            [
                (0x41, 10),
                (0x42, 11),
                (0x43, 12),
                (0x61, 12),
                (0x62, 0),
                (0xFFFF, 0)
            ]
        );
        // An odd offset, or one past the table: left to allsorts.
        let odd = format4_table(&[(0x61, 0x61, 0, 5)], &[7]);
        assert_eq!(walk_cmap(&odd, &mut |_, _| {}), None);
        let past = format4_table(&[(0x61, 0x62, 0, 2)], &[7]);
        assert_eq!(walk_cmap(&past, &mut |_, _| {}), None);
        // Another format, or a truncated header.
        assert_eq!(walk_cmap(&[0, 6, 0, 0], &mut |_, _| {}), None);
        assert_eq!(walk_cmap(&t[..20], &mut |_, _| {}), None);
        assert_eq!(advances(&[0, 1], 3, 1), None);
        // One long metric and two bearings for the other glyphs.
        assert_eq!(
            advances(&[0, 9, 0, 0, 0, 0, 0, 0], 3, 1),
            Some(vec![9, 9, 9])
        );
        assert_eq!(advances(&[0, 9, 0, 0, 0, 0], 3, 1), None);
        // An odd segment count; a format 12 with its reserved field set.
        let mut odd_count = t.clone();
        odd_count[7] = 5;
        assert_eq!(walk_cmap(&odd_count, &mut |_, _| {}), None);
        let mut f12 = vec![0, 12, 0, 1, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1];
        f12.extend_from_slice(&[0, 0, 0, 0x41, 0, 0, 0, 0x42, 0, 0, 0, 3]);
        assert_eq!(walk_cmap(&f12, &mut |_, _| {}), None);
        f12[3] = 0;
        let mut got = Vec::new();
        walk_cmap(&f12, &mut |c, g| got.push((c, g))).unwrap();
        assert_eq!(got, [(0x41, 3), (0x42, 4)]);
    }
}
