//! Where a line of text may break, and lines broken to a width.
//!
//! Breaking follows UAX #14 (`unicode-linebreak`) with Korean kept whole
//! between spaces (CSS `word-break: keep-all`); a word is split between
//! characters only when it alone is wider than the line.

use std::borrow::Cow;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::face::to_pt;
use super::fallback::Stack;

/// One broken line: its text (no trailing spaces) and width in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text of the line.
    pub text: String,
    /// Its width at the size it was broken for.
    pub width: f32,
    /// The line broke at a space (dropped from `text`): the next line
    /// begins a new word.
    pub space: bool,
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
pub fn min_width(face: Stack<'_>, text: &str, size: f32) -> f32 {
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
pub fn wrap(face: Stack<'_>, text: &str, size: f32, max_width: f32) -> Vec<Line> {
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
            space: t.len() != cur.len(),
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
                        space: false,
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
            space: false,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::face::Face;

    fn face() -> Stack<'static> {
        static FACE: std::sync::OnceLock<Face> = std::sync::OnceLock::new();
        let own = FACE.get_or_init(|| {
            let bytes = include_bytes!("../../templates/default/fonts/NanumGothic.ttf");
            Face::parse(Cow::Borrowed(bytes), "NanumGothic").expect("font")
        });
        Stack::new(own, &[])
    }

    #[test]
    fn keeps_korean_words_whole() {
        let f = face();
        let text = "이 문서에 열거된 구성 가능한 옵션을 벗어나는 EMS(Enterprise Mobility + Security) 테넌트에 대한 기능 향상 및 통합을 제공합니다.";
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        for width in [60.0, 90.0, 140.0, 200.0] {
            let lines = wrap(f, text, 9.0, width);
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
        let lines = wrap(f, "가나다라마바사아자차카타파하 끝", 10.0, 40.0);
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
        let lines = wrap(f, "온-프레미스 다단계", 10.0, f.width("온-프레", 10.0));
        assert_eq!(lines[0].text, "온-");
        let lines = wrap(f, "one\ntwo", 10.0, 500.0);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn min_width_is_the_widest_word() {
        let f = face();
        let w = min_width(f, "온-프레미스 다단계 인증을", 10.0);
        assert!((w - f.width("다단계", 10.0).max(f.width("프레미스", 10.0))).abs() < 0.01);
    }
}
