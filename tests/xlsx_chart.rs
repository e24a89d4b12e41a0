//! The summary chart shows the truth in a viewer that never recalculates
//! (mail previews, Quick Look, phones): every series carries its cached
//! categories and values, and they are the counts the tracker holds.
//!
//! The counts are found independently of the renderer: by counting the
//! statuses in the tracker sheet as calamine reads it, and by reading the
//! summary table's cached results.

mod xlsx_common;

use std::collections::BTreeMap;

use calamine::{Data, Reader};
use handover::locale::Locale;
use handover::report::Report;
use xlsx_common::{all_reports, cell, exotic_report, find_row, number, open, part, render, sheet};

/// The text between the first `open` and the next `close` after it.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

/// Every element `<tag …>…</tag>` (its inner text), in order.
fn elements<'a>(s: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(&open) {
        let inner = &rest[i + open.len()..];
        let end = inner
            .find(&close)
            .unwrap_or_else(|| panic!("unclosed {tag}"));
        out.push(&inner[..end]);
        rest = &inner[end + close.len()..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A cache (`c:strCache` or `c:numCache`): its point count and its points
/// by index. Every index is in range and given once.
fn cache(xml: &str, kind: &str) -> (usize, Vec<String>) {
    let c = between(xml, &format!("<c:{kind}>"), &format!("</c:{kind}>"))
        .unwrap_or_else(|| panic!("no c:{kind} in {xml}"));
    let count: usize = between(c, "<c:ptCount val=\"", "\"")
        .expect("ptCount")
        .parse()
        .unwrap();
    let mut points = vec![None; count];
    let mut rest = c;
    while let Some(i) = rest.find("<c:pt idx=\"") {
        rest = &rest[i + "<c:pt idx=\"".len()..];
        let idx: usize = rest[..rest.find('"').unwrap()].parse().unwrap();
        let v = between(rest, "<c:v>", "</c:v>").expect("c:v");
        assert!(idx < count, "point {idx} of {count}");
        assert!(points[idx].is_none(), "point {idx} twice");
        points[idx] = Some(unescape(v));
    }
    let points = points
        .into_iter()
        .enumerate()
        .map(|(i, p)| p.unwrap_or_else(|| panic!("no point {i} of {count} in {c}")))
        .collect();
    (count, points)
}

/// One series of the chart as its XML says.
struct Series {
    name: String,
    categories: Vec<String>,
    values: Vec<f64>,
}

fn series(chart: &str) -> Vec<Series> {
    elements(chart, "c:ser")
        .into_iter()
        .map(|ser| {
            let tx = between(ser, "<c:tx>", "</c:tx>").expect("c:tx");
            let (_, name) = cache(tx, "strCache");
            let cat = between(ser, "<c:cat>", "</c:cat>").expect("c:cat");
            let (n_cat, categories) = cache(cat, "strCache");
            let val = between(ser, "<c:val>", "</c:val>").expect("c:val");
            let (n_val, values) = cache(val, "numCache");
            assert_eq!(n_cat, n_val, "categories and values differ in count");
            Series {
                name: name.concat(),
                categories,
                values: values.iter().map(|v| v.parse().unwrap()).collect(),
            }
        })
        .collect()
}

/// (phase, status) → count, from the tracker sheet's rows; and the phases
/// in the order the tracker lists them.
fn tracker_counts(r: &Report, bytes: &[u8]) -> (BTreeMap<(String, String), usize>, Vec<String>) {
    let mut wb = open(bytes);
    let names = wb.sheet_names();
    let t = sheet(&mut wb, &names[1]);
    let header = |label: &str| {
        (0..20)
            .find(|&c| matches!(cell(&t, 0, c), Data::String(ref s) if s == label))
            .unwrap_or_else(|| panic!("no column {label}"))
    };
    let (pc, sc) = (
        header(&r.labels.column_phase),
        header(&r.labels.column_status),
    );
    let (rows, _) = t.end().unwrap();
    let mut counts = BTreeMap::new();
    let mut phases: Vec<String> = Vec::new();
    for row in 1..=rows {
        let (Data::String(p), Data::String(s)) = (cell(&t, row, pc), cell(&t, row, sc)) else {
            continue;
        };
        if !phases.contains(&p) {
            phases.push(p.clone());
        }
        *counts.entry((p, s)).or_insert(0) += 1;
    }
    (counts, phases)
}

fn check_chart(what: &str, r: &Report, bytes: &[u8]) {
    let chart = part(bytes, "xl/charts/chart1.xml");
    let series = series(&chart);
    let (counts, phases) = tracker_counts(r, bytes);
    assert_eq!(
        phases.len(),
        r.phases.len(),
        "{what}: phases in the tracker"
    );
    let statuses: Vec<&str> = r.statuses.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        series.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        statuses,
        "{what}: one series per status, in order"
    );

    // The summary table's cached counts, as a viewer shows them.
    let mut wb = open(bytes);
    let names = wb.sheet_names();
    let summary = sheet(&mut wb, &names[0]);
    let header = find_row(&summary, 0, &r.labels.summary_phase);

    let mut points = 0;
    for (col, s) in (1u32..).zip(&series) {
        assert_eq!(s.categories, phases, "{what}: categories of {}", s.name);
        assert_eq!(s.values.len(), phases.len(), "{what}: points of {}", s.name);
        for (row, (phase, v)) in (header + 1..).zip(phases.iter().zip(&s.values)) {
            let counted = counts
                .get(&(phase.clone(), s.name.clone()))
                .copied()
                .unwrap_or(0);
            #[allow(clippy::cast_precision_loss)]
            let counted = counted as f64;
            assert_eq!(*v, counted, "{what}: {phase} / {}", s.name);
            assert_eq!(
                number(&summary, row, col),
                counted,
                "{what}: the summary's {phase} / {}",
                s.name
            );
            points += 1;
        }
    }
    // The points add up to every responsibility.
    let total: f64 = series.iter().flat_map(|s| &s.values).sum();
    #[allow(clippy::cast_precision_loss)]
    let items = r.items().count() as f64;
    assert_eq!(total, items, "{what}: the points add up to the items");
    assert_eq!(points, phases.len() * statuses.len());
}

#[test]
fn every_series_caches_the_true_count_of_every_phase() {
    let reports = all_reports();
    assert_eq!(reports.len(), 6, "three samples, two locales");
    for (sample, locale, r) in &reports {
        check_chart(&format!("{sample} {locale}"), r, &render(r));
    }
}

#[test]
fn the_cached_categories_keep_text_that_xml_escapes() {
    let mut r = exotic_report();
    r.phases[0].title = "R&D <core> \"A\" & 'B'".into();
    let b = render(&r);
    check_chart("exotic", &r, &b);
    let chart = part(&b, "xl/charts/chart1.xml");
    assert!(
        chart.contains("<c:v>R&amp;D &lt;core&gt; &quot;A&quot; &amp; &apos;B&apos;</c:v>"),
        "{chart}"
    );
}

#[test]
fn the_workbook_still_opens_and_its_other_parts_are_untouched() {
    let r = xlsx_common::report("contoso-midway", Locale::EN_US);
    let b = render(&r);
    let mut wb = open(&b);
    assert_eq!(wb.sheet_names().len(), 5);
    // The same report gives the same bytes.
    assert_eq!(render(&r), b);
    let _ = wb.worksheet_range("Summary").unwrap();
}
