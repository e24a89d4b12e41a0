//! Dates as customers type them into a workbook's date cells.
//!
//! Accepted, year first: ISO (`2026-12-01`, also `2026-12-1`), the Korean
//! form the government's document rules prescribe (`2026. 12. 1.`, with
//! or without the spaces and the last dot), `2026.12.01`, `2026/12/01`, and
//! the long forms the outputs print (`2026년 12월 1일`, `December 1, 2026`,
//! `Dec 1, 2026`). A date with the year last (`12/01/2026`) is read one way
//! in Seoul and London and another in New York: it is refused, with the
//! reading(s) it could have, rather than guessed.

use jiff::civil::Date;

/// Why a cell is not read as a date, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NotADate {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

impl NotADate {
    /// A refusal with the usual hint.
    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: "enter a date, e.g. 2026-11-20 or 2026. 11. 20.".to_owned(),
        }
    }
}

/// Reads a date typed as text.
///
/// # Errors
/// The text is not a date in any accepted form, is a date that does not
/// exist (`2026. 2. 30.`), or puts the year last.
pub(super) fn parse_typed(s: &str) -> Result<Date, NotADate> {
    let s = s.trim();
    if let Some(parts) = numbers(s) {
        return match parts {
            Numbers::YearFirst(y, m, d) => {
                ymd(y, m, d).map_err(|why| NotADate::new(format!("`{s}` is not a date: {why}")))
            }
            Numbers::YearLast(a, b, y) => Err(year_last(s, a, b, y)),
        };
    }
    long_date(s).ok_or_else(|| NotADate::new(format!("`{s}` is not a date")))
}

/// Three numbers with separators between them.
enum Numbers {
    /// `2026-12-01`, `2026. 12. 1.`, `2026/12/01`.
    YearFirst(i64, i64, i64),
    /// `12/01/2026`: day and month in an order the text does not say.
    YearLast(i64, i64, i64),
}

/// Splits `s` into three numbers joined by one kind of separator (`-`,
/// `.`, `/`): a four-digit year first or last, one or two digits for the
/// others. After a `.` spaces may follow, and a last `.` may close it.
fn numbers(s: &str) -> Option<Numbers> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '.' | '/') {
        return None;
    }
    let body = if sep == '.' {
        s.strip_suffix('.').unwrap_or(s)
    } else {
        s
    };
    let parts: Vec<&str> = body
        .split(sep)
        .map(|p| if sep == '.' { p.trim_start() } else { p })
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, lens: &[usize]| {
        (lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i64>().ok())
            .flatten()
    };
    if let (Some(y), Some(m), Some(d)) = (digits(a, &[4]), digits(b, &[1, 2]), digits(c, &[1, 2])) {
        return Some(Numbers::YearFirst(y, m, d));
    }
    match (digits(a, &[1, 2]), digits(b, &[1, 2]), digits(c, &[4])) {
        (Some(x), Some(y), Some(year)) => Some(Numbers::YearLast(x, y, year)),
        _ => None,
    }
}

/// The date, or why it does not exist (jiff's reason, without its prefix).
fn ymd(y: i64, m: i64, d: i64) -> Result<Date, String> {
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
        return Err("out of range".to_owned());
    };
    Date::new(y, m, d).map_err(|e| {
        let e = e.to_string();
        e.rsplit(": ").next().unwrap_or(&e).to_owned()
    })
}

/// The refusal of a year-last date, naming the readings it has.
fn year_last(s: &str, a: i64, b: i64, y: i64) -> NotADate {
    let readings: Vec<Date> = [(b, a), (a, b)]
        .into_iter()
        .filter_map(|(m, d)| ymd(y, m, d).ok())
        .fold(Vec::new(), |mut out, date| {
            if !out.contains(&date) {
                out.push(date);
            }
            out
        });
    match readings.as_slice() {
        [one] => NotADate {
            message: format!(
                "`{s}` puts the year last, which is read differently from country to country"
            ),
            hint: format!("write the year first: {one}"),
        },
        [first, second] => NotADate {
            message: format!(
                "`{s}` is ambiguous: is it {} or {}? (which is the month?)",
                spoken(*first),
                spoken(*second)
            ),
            hint: format!("write the year first: {first} or {second}"),
        },
        _ => NotADate::new(format!("`{s}` is not a date")),
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `1 December 2026`: a reading without an order of its own to argue about.
fn spoken(d: Date) -> String {
    let month = MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)];
    let mut m = month.chars();
    let month: String = m
        .next()
        .map(|c| c.to_uppercase().chain(m).collect())
        .unwrap_or_default();
    format!("{} {month} {}", d.day(), d.year())
}

/// The long forms the outputs print: `2026년 11월 20일`, `November 20,
/// 2026` (or `Nov 20, 2026`).
fn long_date(s: &str) -> Option<Date> {
    let nums: Vec<i64> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let (y, m, d) = if s.contains('년') {
        if !(s.contains('월') && s.contains('일')) {
            return None;
        }
        (*nums.first()?, *nums.get(1)?, *nums.get(2)?)
    } else {
        let lower = s.to_lowercase();
        let word: String = lower.chars().take_while(|c| c.is_alphabetic()).collect();
        let m = MONTHS
            .iter()
            .position(|m| word.len() >= 3 && m.starts_with(word.as_str()))?
            + 1;
        (*nums.get(1)?, i64::try_from(m).ok()?, *nums.first()?)
    };
    if nums.len() != if s.contains('년') { 3 } else { 2 } {
        return None;
    }
    ymd(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn year_first_forms_are_read() {
        for s in [
            "2026-12-01",
            "2026-12-1",
            "2026. 12. 1.",
            "2026. 12. 1",
            "2026.12.01",
            "2026.12.1.",
            "2026/12/01",
            "2026년 12월 1일",
            "December 1, 2026",
            "Dec 1, 2026",
            "  2026. 12. 01.  ",
        ] {
            assert_eq!(parse_typed(s), Ok(date(2026, 12, 1)), "{s}");
        }
    }

    #[test]
    fn year_last_forms_are_refused_with_their_readings() {
        let e = parse_typed("12/01/2026").unwrap_err();
        assert_eq!(
            e.message,
            "`12/01/2026` is ambiguous: is it 12 January 2026 or 1 December 2026? (which is the month?)"
        );
        assert_eq!(e.hint, "write the year first: 2026-01-12 or 2026-12-01");
        let e = parse_typed("13.01.2026").unwrap_err();
        assert!(e.message.contains("puts the year last"), "{e:?}");
        assert_eq!(e.hint, "write the year first: 2026-01-13");
        let e = parse_typed("05/05/2026").unwrap_err();
        assert_eq!(e.hint, "write the year first: 2026-05-05");
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for s in [
            "2026. 2. 30.",
            "2026/13/01",
            "26.12.01",
            "2026-12",
            "2026.12/01",
            "다음 주",
            "Smarch 20, 2026",
            "2026년 12월",
            "1/2/3",
        ] {
            assert!(parse_typed(s).is_err(), "{s}");
        }
        assert!(
            parse_typed("2026. 2. 30.")
                .unwrap_err()
                .message
                .contains("is not a date: parameter"),
            "jiff's reason is kept"
        );
    }
}
