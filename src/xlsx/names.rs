//! Names and literals of the workbook: sheet names Excel accepts, unique
//! table headers, and literals and references inside formulas, headers and
//! footers.

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

/// `s` in at most `max` UTF-16 units (how Excel counts its limits): cut,
/// with an ellipsis, when longer.
pub(super) fn clip_utf16(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", cut_utf16(s, max.saturating_sub(1)).trim_end())
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
