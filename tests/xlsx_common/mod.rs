//! Helpers shared by the workbook tests (`tests/xlsx_*.rs`): the sample
//! reports, their workbooks, and reading cells and XML parts back.
#![allow(dead_code)]

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use handover::bundled::SAMPLES;
use handover::locale::Locale;
use handover::model::Status;
use handover::report::Report;
use jiff::civil::Date;

/// The resolved report of a bundled sample in a locale.
pub fn report(sample: &str, locale: Locale) -> Report {
    let s = SAMPLES
        .iter()
        .find(|s| s.id == sample)
        .unwrap_or_else(|| panic!("no sample {sample}"));
    let loaded = handover::load(&s.source(), None).unwrap_or_else(|e| panic!("{e}"));
    loaded.report(locale, None).unwrap()
}

/// The bilingual report of a bundled sample: `primary` first, `secondary`
/// beside it.
pub fn bilingual(sample: &str, primary: Locale, secondary: Locale) -> Report {
    let s = SAMPLES
        .iter()
        .find(|s| s.id == sample)
        .unwrap_or_else(|| panic!("no sample {sample}"));
    let loaded = handover::load(&s.source(), None).unwrap_or_else(|e| panic!("{e}"));
    let r = loaded
        .resolve(handover::report::ResolveOptions {
            locale: primary,
            secondary: Some(secondary),
            fallback_date: None,
            for_signature: false,
        })
        .unwrap();
    assert!(r.secondary.is_some(), "{sample}: no secondary report");
    r
}

/// Every sample in every locale, with its report.
pub fn all_reports() -> Vec<(&'static str, Locale, Report)> {
    let mut v = Vec::new();
    for s in SAMPLES {
        for l in Locale::bundled() {
            v.push((s.id, l, report(s.id, l)));
        }
    }
    v
}

/// The workbook of a report.
pub fn render(report: &Report) -> Vec<u8> {
    handover::xlsx::render(report).unwrap_or_else(|e| panic!("render: {e}"))
}

/// Opens workbook bytes with calamine.
pub fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

/// The values of a sheet.
pub fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The cell at absolute (row, col), 0-based.
pub fn cell(r: &Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

/// A cell's text, or a panic naming what it holds instead.
pub fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match cell(r, row, col) {
        Data::String(s) => s,
        other => panic!("cell ({row}, {col}) is not text: {other:?}"),
    }
}

/// A cell's date, or a panic when it is not a date cell.
pub fn date(r: &Range<Data>, row: u32, col: u32) -> Date {
    match cell(r, row, col) {
        Data::DateTime(dt) => {
            assert!(!dt.is_duration(), "({row}, {col}) is a duration");
            // Excel's 1900 system: serial 1 is 1900-01-01, counted from
            // 1899-12-30 past the phantom 1900-02-29.
            let serial = dt.as_f64();
            assert_eq!(serial.fract(), 0.0, "({row}, {col}) has a time part");
            #[allow(clippy::cast_possible_truncation)]
            let days = serial as i64;
            jiff::civil::date(1899, 12, 30)
                .checked_add(jiff::Span::new().days(days))
                .unwrap()
        }
        other => panic!("cell ({row}, {col}) is not a date cell: {other:?}"),
    }
}

/// A cell's number (float or int).
pub fn number(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match cell(r, row, col) {
        Data::Float(f) => f,
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => i as f64,
        other => panic!("cell ({row}, {col}) is not a number: {other:?}"),
    }
}

/// The row (0-based, absolute) whose column `col` holds `value`.
pub fn find_row(r: &Range<Data>, col: u32, value: &str) -> u32 {
    let (h, _) = r.end().unwrap_or((0, 0));
    (0..=h)
        .find(|&row| matches!(cell(r, row, col), Data::String(ref s) if s == value))
        .unwrap_or_else(|| panic!("`{value}` not in column {col}"))
}

/// A part of the workbook's zip, as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// The names of the zip's parts.
pub fn part_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip");
    (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect()
}

/// The tracker data rows (1-based Excel rows 2 ..= n + 1) of a report.
pub fn item_count(r: &Report) -> usize {
    r.items().count()
}

/// A report whose labels break every easy assumption: sheet names with
/// characters Excel forbids (and two that clash once cleaned), a status
/// column header that a structured reference would have to escape, a
/// status name with a wildcard, one with a comma (no inline dropdown), and
/// a phase title that starts like a formula and holds a wildcard.
pub fn exotic_report() -> Report {
    let mut r = report("contoso-midway", Locale::EN_US);
    r.labels.sheet_tracker = "Track/er: [x]".into();
    r.labels.sheet_contacts = "Track?er: [x]".into();
    r.labels.column_status = "Status [now]".into();
    r.statuses[Status::Done.index()].label = "Done*".into();
    r.statuses[Status::Blocked.index()].label = "Blocked, waiting".into();
    r.phases[1].title = "=Initiate?".into();
    let labels: Vec<String> = r.statuses.iter().map(|s| s.label.clone()).collect();
    for p in &mut r.phases {
        for i in &mut p.items {
            i.status_label = labels[i.status.index()].clone();
        }
    }
    r
}
