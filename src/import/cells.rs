//! A cell's value as text or as a date.

use calamine::Data;
use jiff::civil::Date;

use super::dates::{NotADate, parse_typed};
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

/// Parses a date cell: a real date, or a date typed as text (see
/// [`dates::parse_typed`](super::dates::parse_typed)). A number is a
/// date serial of the workbook's date system: days since 1900 (serial 1 is
/// 1900-01-01), or since 1904 for a workbook saved with `date1904` (serial
/// 0 is 1904-01-01, as old Mac workbooks count).
pub(super) fn date_of(d: &Data, is_1904: bool) -> Result<Option<Date>, NotADate> {
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
            NotADate::new(format!(
                "the number {v} is not a date (date serials run from {system})"
            ))
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
        Data::DateTimeIso(s) => parse_iso_date(s.get(..10).unwrap_or(s))
            .map(Some)
            .map_err(NotADate::new),
        Data::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            parse_typed(s).map(Some)
        }
        other => Err(NotADate::new(format!("`{}` is not a date", text_of(other)))),
    }
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
