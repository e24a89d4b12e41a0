//! Text rules of the workbook: sheet names Excel accepts, column widths from
//! display width, and literals and references inside formulas.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The most characters (UTF-16 units) Excel allows in a sheet name.
const SHEET_NAME_MAX: usize = 31;

/// A sheet name Excel accepts, made from a localized label: characters Excel
/// forbids (`[]:*?/\`) become `_`, leading and trailing apostrophes go, the
/// name is cut to 31 UTF-16 units, and it is made unique (case-insensitively)
/// among `taken` by a numeric suffix.
pub(super) fn sheet_name(label: &str, taken: &[String]) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Sheet"
    } else {
        cleaned
    };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" {n}")
        };
        let name = format!("{}{suffix}", cut_utf16(base, SHEET_NAME_MAX - suffix.len()));
        let name = name.trim_end_matches('\'').to_owned();
        if !is_taken(&name) {
            return name;
        }
        n += 1;
    }
}

/// The longest prefix of `s` with at most `max` UTF-16 units.
fn cut_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// Table column headers made unique (Excel repairs a table with two equal
/// headers): a repeat gets a numeric suffix. Empty headers get a placeholder.
pub(super) fn unique_headers(headers: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        let base = if h.is_empty() {
            format!("Column{}", i + 1)
        } else {
            h.replace(['\n', '\r', '\t'], " ")
        };
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            name = format!("{base} {n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

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

/// A string literal inside a formula: `"…"` with `"` doubled.
pub(super) fn str_lit(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A sheet name quoted for a reference: `'…'` with `'` doubled.
pub(super) fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// Whether `header` can stand as a plain structured-reference column
/// specifier, `Table[header]`: letters, digits, spaces and `_` only, with no
/// leading or trailing space.
pub(super) fn plain_table_header(header: &str) -> bool {
    !header.is_empty()
        && header.trim() == header
        && header
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_')
}

/// Whether a text can be a COUNTIFS criterion that matches only itself:
/// criteria starting with a comparison operator, and the wildcards `*`, `?`
/// and `~`, mean something else.
pub(super) fn plain_criterion(s: &str) -> bool {
    !s.is_empty() && !s.starts_with(['<', '>', '=']) && !s.contains(['*', '?', '~'])
}

/// Escapes text for a page header or footer, where `&` starts a code.
pub(super) fn header_footer_text(s: &str) -> String {
    s.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_cut_and_unique() {
        assert_eq!(sheet_name("요약", &[]), "요약");
        assert_eq!(sheet_name("a/b:c?", &[]), "a_b_c_");
        assert_eq!(sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(sheet_name("", &[]), "Sheet");
        assert_eq!(sheet_name("History", &[]), "Sheet");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &[]).len(), 31);
        let taken = vec!["Summary".to_owned()];
        assert_eq!(sheet_name("summary", &taken), "summary 2");
        let taken = vec![long[..31].to_owned()];
        let second = sheet_name(&long, &taken);
        assert_eq!(second, format!("{} 2", &long[..29]));
        // Surrogate pairs count two units.
        let emoji = "😀".repeat(20);
        assert_eq!(sheet_name(&emoji, &[]).encode_utf16().count(), 30);
    }

    #[test]
    fn headers_are_made_unique() {
        assert_eq!(
            unique_headers(&["ID", "id", "", "Note"]),
            ["ID", "id 2", "Column3", "Note"]
        );
    }

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

    #[test]
    fn formula_literals_escape() {
        assert_eq!(str_lit("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote_sheet("O'Neil"), "'O''Neil'");
        assert!(plain_table_header("Done on"));
        assert!(plain_table_header("완료일"));
        assert!(!plain_table_header("% done"));
        assert!(!plain_table_header("a[b]"));
        assert!(plain_criterion("Not applicable"));
        assert!(!plain_criterion("=x"));
        assert!(!plain_criterion("a*"));
        assert_eq!(header_footer_text("R&D"), "R&&D");
    }
}
