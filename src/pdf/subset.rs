//! Font subsetting: only the glyphs a statement draws are embedded.
//!
//! printpdf 0.12 without its `text_layout` feature embeds whole faces (a
//! 4.6 MB Nanum face per font); we subset first with `subsetter` and hand
//! printpdf the small font, named with the `ABCDEF+` tag PDF uses for
//! subsets (ISO 32000-1, 9.6.4).
//!
//! `subsetter` reads only the glyphs it keeps (allsorts, tried first,
//! parses all 20,138 glyph records of a Nanum face on every call: a third
//! of the time of a short statement). It numbers the kept glyphs afresh,
//! in code point order of their characters, and leaves the font without a
//! `cmap`: [`Subset::glyphs`] is the character map the content streams
//! and printpdf's `/ToUnicode` are written from. Its hinting is then left
//! out ([`super::unhint`]).

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::face::Face;

/// The characters a face draws: a bitmap for the BMP, a set beyond.
#[derive(Debug, Clone)]
pub(crate) struct CharSet {
    bmp: Vec<u64>,
    astral: BTreeSet<char>,
}

impl Default for CharSet {
    fn default() -> Self {
        Self {
            bmp: vec![0; 0x1_0000 / 64],
            astral: BTreeSet::new(),
        }
    }
}

impl CharSet {
    pub fn insert(&mut self, c: char) {
        let cp = u32::from(c) as usize;
        match self.bmp.get_mut(cp / 64) {
            Some(w) => *w |= 1 << (cp % 64),
            None => {
                self.astral.insert(c);
            }
        }
    }

    /// The characters, in code point order.
    pub fn iter(&self) -> impl Iterator<Item = char> + '_ {
        self.bmp
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                let w = *w;
                (0..64u32)
                    .filter(move |b| w & (1 << b) != 0)
                    .map(move |b| i as u32 * 64 + b)
            })
            .filter_map(char::from_u32)
            .chain(self.astral.iter().copied())
    }
}

/// A subset font program and its PostScript name with the subset tag.
#[derive(Debug, Clone)]
pub(crate) struct Subset {
    /// The font file (TrueType or OpenType).
    pub bytes: Vec<u8>,
    /// `ABCDEF+Name`.
    pub name: String,
    /// Each character drawn → its glyph id in the subset (characters the
    /// face lacks are not listed).
    pub glyphs: BTreeMap<char, u16>,
}

/// Subsets `face` to the glyphs of `chars` (characters the face lacks are
/// skipped: the layout draws those as replacements).
///
/// # Errors
/// The face cannot be read or written.
pub(crate) fn subset_face(face: &Face, chars: &CharSet) -> Result<Subset, String> {
    let mut remapper = GlyphRemapper::new();
    let mut glyphs = BTreeMap::new();
    let mut original = BTreeSet::from([0]);
    for c in chars.iter() {
        if let Some(gid) = face.glyph(c) {
            original.insert(gid);
            glyphs.insert(c, remapper.remap(gid));
        }
    }
    let bytes = subsetter::subset(face.bytes(), 0, &remapper).map_err(|e| format!("{e:?}"))?;
    let bytes = super::unhint::strip(&bytes).unwrap_or(bytes);
    let original: Vec<u16> = original.into_iter().collect();
    Ok(Subset {
        name: format!("{}+{}", tag(face.name(), &original), face.name()),
        bytes,
        glyphs,
    })
}

/// Six capital letters derived from the face and its glyph set: the same
/// subset always gets the same tag.
fn tag(name: &str, gids: &[u16]) -> String {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    for g in gids {
        h.update(g.to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn subsets_are_small_and_tagged() {
        let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
        let face = Face::parse(Cow::Borrowed(bytes), "NanumGothic").expect("font");
        let mut chars = CharSet::default();
        for c in "고객 책임 확인서 Statement".chars() {
            chars.insert(c);
        }
        assert_eq!(chars.iter().count(), 14);
        let s = subset_face(&face, &chars).expect("subset");
        assert!(s.bytes.len() < 60_000, "{} bytes", s.bytes.len());
        // Glyphs numbered afresh from 1, in code point order.
        assert_eq!(s.glyphs.len(), 14);
        assert_eq!(s.glyphs[&' '], 1);
        let mut ids: Vec<u16> = s.glyphs.values().copied().collect();
        ids.sort_unstable();
        assert_eq!(ids, (1..=14).collect::<Vec<u16>>());
        assert_eq!(s.glyphs[&'확'], 14);
        let (t, rest) = s.name.split_once('+').expect("tag");
        assert_eq!(rest, "NanumGothic");
        assert!(t.len() == 6 && t.chars().all(|c| c.is_ascii_uppercase()));
        let again = subset_face(&face, &chars).expect("subset");
        assert_eq!(again.bytes, s.bytes);
        assert_eq!(again.name, s.name);
    }
}
