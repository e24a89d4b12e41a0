//! Column widths of the workbook, estimated from the display width of
//! their texts.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width of a text in spreadsheet column units: East Asian wide characters
/// count two, others one; for text over several lines, the widest line.
pub(super) fn display_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A column width that fits the widest of `texts` plus `pad`, kept within
/// `min..=max`.
pub(super) fn fit_width<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    pad: usize,
    min: usize,
    max: usize,
) -> f64 {
    let widest = texts.into_iter().map(display_width).max().unwrap_or(0);
    // Widths are small integers: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let w = (widest + pad).clamp(min, max) as f64;
    w
}

/// Lines a text takes when wrapped in a column `width` units wide: greedy
/// wrapping at spaces, a word wider than the column broken where it
/// overflows. Spreadsheets also break Korean between syllables, so this
/// errs on the side of more lines (some white space, never clipped text).
pub(super) fn wrapped_lines(s: &str, width: f64) -> usize {
    // Cell margins take about half a unit.
    let cap = (width - 0.5).max(1.0);
    let mut lines = 0;
    for para in s.lines() {
        let mut n = 1;
        let mut used = 0.0;
        for word in para.split(' ') {
            let w = text_units(word);
            let need = if used > 0.0 { used + SPACE + w } else { w };
            if need <= cap {
                used = need;
            } else {
                if used > 0.0 {
                    n += 1;
                }
                // A word wider than the column fills whole lines first.
                let whole = ((w / cap).ceil() - 1.0).max(0.0);
                // Line counts are small: truncation is intended.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole_lines = whole as usize;
                n += whole_lines;
                used = w - whole * cap;
            }
        }
        lines += n;
    }
    lines.max(1)
}

/// Advance widths of the printable ASCII characters (space to `~`) in
/// Calibri, relative to the digit `0` (measured on Carlito, its
/// metric-compatible twin).
const CALIBRI_ASCII: [f64; 95] = [
    0.45, 0.64, 0.79, 0.98, 1.00, 1.41, 1.35, 0.44, 0.60, 0.60, //
    0.98, 0.98, 0.49, 0.60, 0.50, 0.76, 1.00, 1.00, 1.00, 1.00, //
    1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 0.53, 0.53, 0.98, 0.98, //
    0.98, 0.91, 1.76, 1.14, 1.07, 1.05, 1.21, 0.96, 0.91, 1.24, //
    1.23, 0.50, 0.63, 1.03, 0.83, 1.69, 1.27, 1.31, 1.02, 1.33, //
    1.07, 0.91, 0.96, 1.27, 1.12, 1.76, 1.02, 0.96, 0.92, 0.61, //
    0.76, 0.61, 0.98, 0.98, 0.57, 0.95, 1.04, 0.83, 1.04, 0.98, //
    0.60, 0.93, 1.04, 0.45, 0.47, 0.90, 0.45, 1.58, 1.04, 1.04, //
    1.04, 1.04, 0.69, 0.77, 0.66, 1.04, 0.89, 1.41, 0.85, 0.89, //
    0.78, 0.62, 0.91, 0.62, 0.98,
];

/// A column unit is the digit width rounded to whole pixels (7 px at
/// Calibri 11); the unrounded digit is 7.43 px, so text runs this much
/// wider than the ratios say.
const PIXEL_ROUNDING: f64 = 1.06;

/// Width of a space, in column units.
const SPACE: f64 = 0.45 * PIXEL_ROUNDING;

/// Approximate width of a text in column units: Calibri's advance widths
/// for ASCII, two for Hangul and other wide characters (Excel draws them in
/// Malgun Gothic, about 0.94 em), one for the rest.
fn text_units(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            let ascii = u32::from(c)
                .checked_sub(0x20)
                .and_then(|i| CALIBRI_ASCII.get(usize::try_from(i).ok()?));
            match (ascii, UnicodeWidthChar::width(c)) {
                (Some(w), _) => w * PIXEL_ROUNDING,
                (None, Some(2)) => 2.0,
                (None, Some(0) | None) => 0.0,
                (None, Some(_)) => PIXEL_ROUNDING,
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(display_width("ID"), 2);
        assert_eq!(display_width("진행 중"), 7);
        assert_eq!(display_width("ab\nabcd"), 4);
        assert!((fit_width(["진행 중", "Done"], 2, 0, 100) - 9.0).abs() < f64::EPSILON);
        assert!((fit_width(["x"], 0, 5, 100) - 5.0).abs() < f64::EPSILON);
        // Capacity is the width less one unit of padding.
        // Digits are about one unit each (1.06); the margin takes half a unit.
        assert_eq!(wrapped_lines("0000000000", 5.0), 3);
        assert_eq!(wrapped_lines("", 4.0), 1);
        assert_eq!(wrapped_lines("00 00 00", 6.0), 2);
        assert_eq!(wrapped_lines("00 00 00", 8.0), 1);
        assert_eq!(wrapped_lines("ab cd\nef", 20.0), 2);
        assert_eq!(wrapped_lines("가나 다라", 5.0), 2);
        assert_eq!(wrapped_lines("가나 다라", 9.5), 1);
        assert!((text_units("0") - 1.06).abs() < 1e-9);
        assert!((text_units("가") - 2.0).abs() < 1e-9);
        assert!(text_units("iii") < text_units("mmm"));
    }
}
