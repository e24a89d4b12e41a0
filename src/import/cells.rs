//! A cell's value as text or as a date.

use calamine::Data;
use jiff::civil::Date;

use crate::check::parse_iso_date;

pub(super) fn col_name(c: u32) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = u8::try_from((n - 1) % 26).unwrap_or(0);
        s.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// `G12` for 0-based row 11, column 6.
pub(super) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row + 1)
}

pub(super) fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Parses a date cell: a real date, an ISO text, or the long forms the
/// outputs print (`2026년 11월 20일`, `November 20, 2026`). A number is a
/// date serial of the workbook's date system: days since 1900 (serial 1 is
/// 1900-01-01), or since 1904 for a workbook saved with `date1904` (serial
/// 0 is 1904-01-01, as old Mac workbooks count).
pub(super) fn date_of(d: &Data, is_1904: bool) -> Result<Option<Date>, String> {
    // calamine clamps a serial outside its system's range (and NaN) to one
    // of its ends: refuse those instead.
    let (first, last) = if is_1904 {
        (0.0, 2_957_003.0)
    } else {
        (1.0, 2_958_465.0)
    };
    let serial = |v: f64| {
        let not_a_date = || {
            let system = if is_1904 {
                "0, 1904-01-01, to 2957003, 9999-12-31, in this workbook's 1904 date system"
            } else {
                "1, 1900-01-01, to 2958465, 9999-12-31"
            };
            format!("the number {v} is not a date (date serials run from {system})")
        };
        if !(first..last + 1.0).contains(&v) {
            return Err(not_a_date());
        }
        let dt = calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, is_1904);
        let (y, m, day, ..) = dt.to_ymd_hms_milli();
        let (Ok(y), Ok(m), Ok(day)) = (i16::try_from(y), i8::try_from(m), i8::try_from(day)) else {
            return Err(not_a_date());
        };
        Date::new(y, m, day).map_err(|_| not_a_date())
    };
    match d {
        Data::Empty => Ok(None),
        Data::DateTime(dt) => serial(dt.as_f64()).map(Some),
        Data::Float(f) => serial(*f).map(Some),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => serial(*i as f64).map(Some),
        Data::DateTimeIso(s) => parse_iso_date(s.get(..10).unwrap_or(s)).map(Some),
        Data::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            parse_iso_date(s)
                .or_else(|_| parse_long_date(s).ok_or_else(|| format!("`{s}` is not a date")))
                .map(Some)
        }
        other => Err(format!("`{}` is not a date", text_of(other))),
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

fn parse_long_date(s: &str) -> Option<Date> {
    let nums: Vec<i32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let (y, m, d) = if s.contains('년') {
        (*nums.first()?, *nums.get(1)?, *nums.get(2)?)
    } else {
        let lower = s.to_lowercase();
        let m = MONTHS.iter().position(|m| lower.starts_with(m))? + 1;
        (*nums.get(1)?, i32::try_from(m).ok()?, *nums.first()?)
    };
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_and_dates() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(11, 6), "G12");
        assert_eq!(cell_ref(0, 27), "AB1");
        assert_eq!(
            parse_long_date("2026년 11월 20일"),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(
            parse_long_date("November 20, 2026"),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(parse_long_date("Smarch 20, 2026"), None);
        assert_eq!(
            date_of(&Data::Float(46346.0), false).unwrap(),
            Some(jiff::civil::date(2026, 11, 20))
        );
        // The same day in the 1904 date system is 1,462 days fewer.
        assert_eq!(
            date_of(&Data::Float(44884.0), true).unwrap(),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(
            date_of(&Data::Int(0), true).unwrap(),
            Some(jiff::civil::date(1904, 1, 1))
        );
        assert!(date_of(&Data::Int(0), false).is_err());
        assert!(date_of(&Data::Float(2_957_004.0), true).is_err());
        assert!(date_of(&Data::String("2026-02-30".into()), false).is_err());
    }
}
