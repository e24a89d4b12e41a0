//! Font fallback: which face draws each character.
//!
//! A run of text is set in a style's face (regular or bold); a character
//! that face lacks is drawn with the first of the template's fallback
//! faces that has it, and measured with that face, so the widths the lines
//! are broken with are the widths drawn. A character no face has is
//! measured as the style face's boxed replacement.
//!
//! Fallback faces are parsed when a statement first needs one (a
//! character missing from the style's face): a statement set wholly in
//! the regular and bold faces never parses them.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::face::{Face, FontError, to_pt};

/// A fallback face of the template, parsed on first use.
pub(crate) struct Fallback {
    /// The file, as the template names it.
    pub path: PathBuf,
    bytes: Cow<'static, [u8]>,
    face: OnceLock<Result<Face, FontError>>,
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallback")
            .field("path", &self.path)
            .field("parsed", &self.face.get().map(Result::is_ok))
            .finish_non_exhaustive()
    }
}

impl Fallback {
    /// A fallback face from its file, checked to be a font but not parsed.
    ///
    /// # Errors
    /// The file is not a TrueType/OpenType font with a character map.
    pub fn new(path: PathBuf, bytes: Cow<'static, [u8]>) -> Result<Self, FontError> {
        Face::check(&bytes)?;
        Ok(Self {
            path,
            bytes,
            face: OnceLock::new(),
        })
    }

    /// The face, parsed on the first call; `None` if its tables are broken
    /// (see [`Fallback::error`]).
    pub fn face(&self) -> Option<&Face> {
        self.face
            .get_or_init(|| {
                let stem = self
                    .path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("Fallback");
                Face::parse_fallback(self.bytes.clone(), stem)
            })
            .as_ref()
            .ok()
    }

    /// The face if it has been parsed (without parsing it).
    pub fn parsed(&self) -> Option<&Face> {
        self.face.get().and_then(|r| r.as_ref().ok())
    }

    /// Why the face could not be parsed, once it was tried.
    pub fn error(&self) -> Option<&FontError> {
        self.face.get().and_then(|r| r.as_ref().err())
    }
}

/// Which face draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The style's own face.
    Own,
    /// The template's fallback face of this index.
    Fallback(usize),
}

/// A style's face and the fallbacks tried after it: what the layout
/// measures and draws text with.
#[derive(Clone, Copy)]
pub(crate) struct Stack<'a> {
    own: &'a Face,
    fallbacks: &'a [Fallback],
}

impl<'a> Stack<'a> {
    /// `own`, then each of `fallbacks` in order.
    pub fn new(own: &'a Face, fallbacks: &'a [Fallback]) -> Self {
        Self { own, fallbacks }
    }

    /// The style's own face (its metrics set the line box).
    pub fn own(&self) -> &'a Face {
        self.own
    }

    /// The face that draws `c`, and which one it is; `None` when no face
    /// has it. Fallbacks are parsed only when `own` lacks `c`.
    pub fn find(&self, c: char) -> Option<(Source, &'a Face)> {
        if self.own.has(c) {
            return Some((Source::Own, self.own));
        }
        self.fallbacks.iter().enumerate().find_map(|(i, f)| {
            f.face()
                .filter(|face| face.has(c))
                .map(|face| (Source::Fallback(i), face))
        })
    }

    /// Whether some face can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.find(c).is_some()
    }

    /// The advance of `c` in 1/1000 em in the face that draws it (a
    /// character no face has: the style face's boxed replacement).
    pub fn advance(&self, c: char) -> u32 {
        if let Some(g) = self.own.glyph(c) {
            return self.own.glyph_advance(g);
        }
        match self.find(c) {
            Some((_, face)) => face.advance(c),
            None => self.own.replacement_advance(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const NANUM: &[u8] = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
    const DEJAVU: &[u8] = include_bytes!("../../templates/default/fonts/DejaVuSans.ttf");

    #[test]
    fn each_character_comes_from_the_first_face_that_has_it() {
        let own = Face::parse(Cow::Borrowed(NANUM), "NanumGothic").expect("font");
        let fb = [Fallback::new("DejaVuSans.ttf".into(), Cow::Borrowed(DEJAVU)).expect("font")];
        let stack = Stack::new(&own, &fb);
        assert!(fb[0].parsed().is_none(), "not parsed before it is needed");
        assert_eq!(stack.find('가').map(|f| f.0), Some(Source::Own));
        assert_eq!(stack.advance('A'), own.advance('A'));
        assert!(fb[0].parsed().is_none(), "text Nanum has parses nothing");
        assert_eq!(stack.find('ő').map(|f| f.0), Some(Source::Fallback(0)));
        let dejavu = fb[0].parsed().expect("parsed when needed");
        assert_eq!(dejavu.name(), "DejaVuSans");
        assert_eq!(stack.advance('ő'), dejavu.advance('ő'));
        assert_ne!(stack.advance('ő'), own.replacement_advance());
        assert!(stack.find('\u{1F680}').is_none());
        assert_eq!(stack.advance('\u{1F680}'), own.replacement_advance());
        assert_eq!(stack.units("가ő"), own.advance('가') + dejavu.advance('ő'));
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_before_it_is_parsed() {
        let e = Fallback::new("x.ttf".into(), Cow::Borrowed(b"not a font")).expect_err("bad");
        assert!(matches!(e, FontError::Parse(_)), "{e}");
    }
}
