//! Font subsetting: only the glyphs a statement draws are embedded.
//!
//! printpdf 0.12 without its `text_layout` feature embeds whole faces (a
//! 4.6 MB Nanum face per font); we subset with allsorts first and hand
//! printpdf the small font, named with the `ABCDEF+` tag PDF uses for
//! subsets (ISO 32000-1, 9.6.4).

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use sha2::{Digest, Sha256};

use super::text::Face;

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
}

/// Subsets `face` to the glyphs of `chars` (characters the face lacks are
/// skipped: the layout draws those as replacements).
///
/// # Errors
/// allsorts cannot read or write the font.
pub(crate) fn subset_face(face: &Face, chars: &CharSet) -> Result<Subset, String> {
    let mut gids: Vec<u16> = chars.iter().filter_map(|c| face.glyph(c)).collect();
    gids.sort_unstable();
    gids.dedup();
    gids.insert(0, 0);
    let data = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    Ok(Subset {
        name: format!("{}+{}", tag(face.name(), &gids), face.name()),
        bytes,
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
        let (t, rest) = s.name.split_once('+').expect("tag");
        assert_eq!(rest, "NanumGothic");
        assert!(t.len() == 6 && t.chars().all(|c| c.is_ascii_uppercase()));
        let again = subset_face(&face, &chars).expect("subset");
        assert_eq!(again.bytes, s.bytes);
        assert_eq!(again.name, s.name);
    }
}
