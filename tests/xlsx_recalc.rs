//! The Summary's formulas, recalculated by LibreOffice, give the true
//! counts; and they follow a customer's edits.
//!
//! These tests need LibreOffice and the workbooks `tests/xlsx_recalc.sh`
//! builds and recalculates: run that script (it sets `HANDOVER_RECALC_DIR`
//! and runs these tests). They are ignored by a plain `cargo test`.

mod xlsx_common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Range, Reader};
use handover::locale::Locale;
use handover::model::Status;
use handover::report::Report;
use jiff::civil::Date;
use xlsx_common::{all_reports, cell, find_row, number, open, render, report, text};

/// The work folder of `tests/xlsx_recalc.sh`.
fn work_dir() -> PathBuf {
    match std::env::var_os("HANDOVER_RECALC_DIR") {
        Some(d) => PathBuf::from(d),
        None => panic!(
            "HANDOVER_RECALC_DIR is not set: run tests/xlsx_recalc.sh, which builds the \
             workbooks, recalculates them in LibreOffice and runs these tests"
        ),
    }
}

/// Today, as LibreOffice's TODAY() may see it: the UTC date and the days
/// either side (the machine's time zone is not known here).
fn todays() -> Vec<Date> {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    vec![today.yesterday().unwrap(), today, today.tomorrow().unwrap()]
}

/// Counts per phase and status, from (phase index, status, due) rows.
struct Truth {
    /// Per phase: counts in `Status::ALL` order.
    phases: Vec<[usize; 5]>,
    /// (due, status) of every item.
    items: Vec<(Option<Date>, Status)>,
}

impl Truth {
    fn of(r: &Report) -> Self {
        let mut phases = vec![[0; 5]; r.phases.len()];
        let mut items = Vec::new();
        for (i, p) in r.phases.iter().enumerate() {
            for item in &p.items {
                phases[i][item.status.index()] += 1;
                items.push((item.due.as_ref().map(|d| d.date), item.status));
            }
        }
        Self { phases, items }
    }

    fn overdue(&self, today: Date) -> usize {
        self.items
            .iter()
            .filter(|(due, st)| st.is_open() && due.is_some_and(|d| d < today))
            .count()
    }
}

#[allow(clippy::cast_precision_loss)]
fn f(n: usize) -> f64 {
    n as f64
}

/// The summary's texts as shown: in a bilingual workbook, both languages
/// on two lines.
struct Shown {
    phase: String,
    titles: Vec<String>,
    total: String,
}

impl Shown {
    fn of(r: &Report) -> Self {
        let two = |a: &str, b: Option<&str>| match b {
            Some(b) if b != a => format!("{a}\n{b}"),
            _ => a.to_owned(),
        };
        let o = r.secondary.as_deref();
        Self {
            phase: two(
                &r.labels.summary_phase,
                o.map(|o| o.labels.summary_phase.as_str()),
            ),
            titles: r
                .phases
                .iter()
                .enumerate()
                .map(|(i, p)| two(&p.title, o.map(|o| o.phases[i].title.as_str())))
                .collect(),
            total: two(
                &r.labels.summary_total,
                o.map(|o| o.labels.summary_total.as_str()),
            ),
        }
    }
}

/// Compares the recalculated Summary with the truth: every count, total,
/// "% done" and the overdue count; and no cell holds an error.
fn check_summary(s: &Range<Data>, r: &Report, truth: &Truth, ctx: &str) {
    for (row, col, v) in s.used_cells() {
        assert!(
            !matches!(v, Data::Error(_)),
            "{ctx}: LibreOffice could not evaluate the formula at ({row}, {col}): {v:?}"
        );
    }
    let shown = Shown::of(r);
    let h = find_row(s, 0, &shown.phase);
    let mut totals = [0usize; 5];
    for ((row, (p, counts)), title) in (h + 1..)
        .zip(r.phases.iter().zip(&truth.phases))
        .zip(&shown.titles)
    {
        assert_eq!(&text(s, row, 0), title, "{ctx}");
        for (c, st) in (1u32..).zip(Status::ALL) {
            assert_eq!(
                number(s, row, c),
                f(counts[st.index()]),
                "{ctx}: {} / {st}",
                p.title
            );
            totals[st.index()] += counts[st.index()];
        }
        let total: usize = counts.iter().sum();
        assert_eq!(number(s, row, 6), f(total), "{ctx}: {} total", p.title);
        let closed = counts[Status::Done.index()] + counts[Status::NotApplicable.index()];
        let pct = if total == 0 {
            0.0
        } else {
            f(closed) / f(total)
        };
        assert!(
            (number(s, row, 7) - pct).abs() < 1e-9,
            "{ctx}: {} % done {} != {pct}",
            p.title,
            number(s, row, 7)
        );
    }
    let t = h + 1 + u32::try_from(r.phases.len()).unwrap();
    assert_eq!(text(s, t, 0), shown.total, "{ctx}");
    for (c, st) in (1u32..).zip(Status::ALL) {
        assert_eq!(number(s, t, c), f(totals[st.index()]), "{ctx}: total {st}");
    }
    let all: usize = totals.iter().sum();
    assert_eq!(number(s, t, 6), f(all), "{ctx}");
    let closed = totals[Status::Done.index()] + totals[Status::NotApplicable.index()];
    assert!(
        (number(s, t, 7) - f(closed) / f(all)).abs() < 1e-9,
        "{ctx}: overall % done"
    );
    let overdue = number(s, t + 1, 1);
    let candidates: Vec<f64> = todays().into_iter().map(|d| f(truth.overdue(d))).collect();
    assert!(
        candidates.contains(&overdue),
        "{ctx}: overdue {overdue}, expected one of {candidates:?} (today ± 1)"
    );
}

/// Runs LibreOffice on `input` with the recalculating profile; returns the
/// converted file.
fn recalculate(input: &Path, out_dir: &Path) -> PathBuf {
    let profile = work_dir().join("profile");
    assert!(profile.join("user/registrymodifications.xcu").is_file());
    std::fs::create_dir_all(out_dir).unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(out_dir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {status:?}");
    let out = out_dir.join(input.file_name().unwrap());
    assert!(out.is_file(), "LibreOffice wrote no {}", out.display());
    out
}

#[test]
#[ignore = "needs LibreOffice: run tests/xlsx_recalc.sh"]
fn recalculated_summaries_give_the_true_counts() {
    let dir = work_dir().join("recalc");
    let mut checked = 0;
    for (id, locale, r) in all_reports() {
        let path = dir
            .join(&r.engagement_id)
            .join(format!("tracker-{}.xlsx", locale.tag()));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{id} {locale}: {}: {e}", path.display()));
        let mut wb = open(&bytes);
        let s = wb.worksheet_range(&r.labels.sheet_summary).unwrap();
        check_summary(&s, &r, &Truth::of(&r), &format!("{id} {locale}"));
        checked += 1;
    }
    assert_eq!(checked, 6);
}

/// Replaces the status of the tracker rows of `edits` (id, new status) in
/// the workbook's XML, as a customer would by picking from the dropdown;
/// the summary's cached counts are left as they were.
fn edit_statuses(bytes: &[u8], r: &Report, edits: &[(&str, Status)]) -> Vec<u8> {
    let strings = xlsx_common::part(bytes, "xl/sharedStrings.xml");
    let table: Vec<String> = strings
        .split("<si>")
        .skip(1)
        .map(|si| {
            // A rich string's text is all of its runs' (a bilingual header
            // `완료\nDone` must not read as `완료`).
            si.split("</t>")
                .filter_map(|part| {
                    let t = &part[part.rfind("<t")?..];
                    Some(t[t.find('>')? + 1..].to_owned())
                })
                .collect::<String>()
        })
        .collect();
    let index = |s: &str| {
        table
            .iter()
            .position(|t| t == s)
            .unwrap_or_else(|| panic!("`{s}` not among the shared strings"))
    };
    let mut sheet = xlsx_common::part(bytes, "xl/worksheets/sheet2.xml");
    let ids: Vec<&str> = r.items().map(|(_, i)| i.id.as_str()).collect();
    for (id, st) in edits {
        let row = ids.iter().position(|i| i == id).unwrap() + 2;
        let at = sheet.find(&format!("<c r=\"G{row}\"")).unwrap();
        let v = at + sheet[at..].find("<v>").unwrap() + 3;
        let end = v + sheet[v..].find("</v>").unwrap();
        sheet.replace_range(v..end, &index(r.status_label(*st)).to_string());
    }
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            data = sheet.clone().into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

#[test]
#[ignore = "needs LibreOffice: run tests/xlsx_recalc.sh"]
fn recalculated_summary_follows_edited_statuses() {
    let r = report("contoso-midway", Locale::KO_KR);
    let edits = [
        ("GEN-13", Status::Done),             // was not started and overdue
        ("ASSESS-06", Status::Blocked),       // was not started
        ("GEN-19", Status::InProgress),       // was not applicable
        ("ENABLE-08", Status::NotApplicable), // was not started
    ];
    let edited = edit_statuses(&render(&r), &r, &edits);

    // The edit changed the tracker, not yet the cached summary.
    let mut wb = open(&edited);
    let t = wb.worksheet_range("추적").unwrap();
    assert_eq!(text(&t, find_row(&t, 0, "GEN-13"), 6), "완료");
    let s = wb.worksheet_range("요약").unwrap();
    let h = find_row(&s, 0, &r.labels.summary_phase);
    assert_eq!(cell(&s, h + 1, 4), Data::Float(11.0), "cached, stale");

    let dir = work_dir().join("edited");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("tracker-ko-KR.xlsx");
    std::fs::write(&input, &edited).unwrap();
    let out = recalculate(&input, &dir.join("recalc"));

    let mut truth = Truth::of(&r);
    let ids: Vec<(usize, &str, Status)> = r
        .phases
        .iter()
        .enumerate()
        .flat_map(|(p, ph)| ph.items.iter().map(move |i| (p, i.id.as_str(), i.status)))
        .collect();
    for (id, st) in edits {
        let (k, (p, _, old)) = ids
            .iter()
            .enumerate()
            .find(|(_, (_, i, _))| *i == id)
            .unwrap();
        truth.phases[*p][old.index()] -= 1;
        truth.phases[*p][st.index()] += 1;
        truth.items[k].1 = st;
    }
    let bytes = std::fs::read(out).unwrap();
    let mut wb = open(&bytes);
    let s = wb.worksheet_range("요약").unwrap();
    check_summary(&s, &r, &truth, "edited contoso-midway ko-KR");
    // General: done 11 → 12; not applicable 4 → 3.
    assert_eq!(number(&s, h + 1, 4), 12.0);
    assert_eq!(number(&s, h + 1, 5), 3.0);
}

#[test]
#[ignore = "needs LibreOffice: run tests/xlsx_recalc.sh"]
fn recalculated_fallback_formulas_give_the_true_counts() {
    // SUMPRODUCT for labels a criterion would misread, absolute ranges for
    // a header a structured reference would have to escape.
    let r = xlsx_common::exotic_report();
    let dir = work_dir().join("exotic");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("tracker-en-US.xlsx");
    std::fs::write(&input, render(&r)).unwrap();
    let out = recalculate(&input, &dir.join("recalc"));
    let bytes = std::fs::read(out).unwrap();
    let mut wb = open(&bytes);
    let s = wb.worksheet_range("Summary").unwrap();
    check_summary(&s, &r, &Truth::of(&r), "exotic labels");
}

#[test]
#[ignore = "needs LibreOffice: run tests/xlsx_recalc.sh"]
fn recalculated_bilingual_summaries_give_the_true_counts() {
    // Built by the script with `--locale ko-KR+en-US` and `en-US+ko-KR`.
    let dir = work_dir().join("recalc");
    for (primary, secondary) in [
        (Locale::KO_KR, Locale::EN_US),
        (Locale::EN_US, Locale::KO_KR),
    ] {
        for s in handover::bundled::SAMPLES {
            let r = xlsx_common::bilingual(s.id, primary, secondary);
            let path = dir
                .join(&r.engagement_id)
                .join(format!("tracker-{primary}+{secondary}.xlsx"));
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut wb = open(&bytes);
            let sheet = wb.worksheet_range(&r.labels.sheet_summary).unwrap();
            let ctx = format!("{} {primary}+{secondary}", s.id);
            check_summary(&sheet, &r, &Truth::of(&r), &ctx);
        }
    }
}

#[test]
#[ignore = "needs LibreOffice: run tests/xlsx_recalc.sh"]
fn recalculated_bilingual_summary_follows_edited_statuses() {
    let r = xlsx_common::bilingual("contoso-midway", Locale::KO_KR, Locale::EN_US);
    let edits = [("GEN-13", Status::Done), ("ASSESS-06", Status::Blocked)];
    let edited = edit_statuses(&render(&r), &r, &edits);
    let dir = work_dir().join("edited-bilingual");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("tracker-ko-KR+en-US.xlsx");
    std::fs::write(&input, &edited).unwrap();
    let out = recalculate(&input, &dir.join("recalc"));
    let mut truth = Truth::of(&r);
    let ids: Vec<(usize, usize, Status)> = r
        .phases
        .iter()
        .enumerate()
        .flat_map(|(p, ph)| ph.items.iter().map(move |i| (p, i, i.status)))
        .enumerate()
        .map(|(k, (p, _, st))| (k, p, st))
        .collect();
    let all: Vec<&str> = r.items().map(|(_, i)| i.id.as_str()).collect();
    for (id, st) in edits {
        let k = all.iter().position(|i| *i == id).unwrap();
        let (_, p, old) = ids[k];
        truth.phases[p][old.index()] -= 1;
        truth.phases[p][st.index()] += 1;
        truth.items[k].1 = st;
    }
    let bytes = std::fs::read(out).unwrap();
    let mut wb = open(&bytes);
    let s = wb.worksheet_range("요약").unwrap();
    check_summary(&s, &r, &truth, "edited contoso-midway ko-KR+en-US");
    let h = find_row(&s, 0, &Shown::of(&r).phase);
    // General: done 11 → 12.
    assert_eq!(number(&s, h + 1, 4), 12.0);
}
