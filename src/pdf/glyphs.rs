//! Character → glyph id of the faces embedded in a statement (subset),
//! for writing text as 2-byte glyph ids (Identity-H).

use std::collections::BTreeMap;

use super::layout::FaceId;

/// Character → glyph id of the embedded (subset) faces, by
/// [`FaceId::index`].
pub(crate) struct Glyphs {
    faces: Vec<GlyphTable>,
}

/// One face's map: a dense table for the Basic Multilingual Plane, a
/// tree beyond it.
#[derive(Default)]
pub(crate) struct GlyphTable {
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
    pub(crate) fn get(&self, c: char) -> u16 {
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

    pub(crate) fn face(&self, id: FaceId) -> Option<&GlyphTable> {
        self.faces.get(id.index())
    }
}
