//! Workbooks from unusual reports: labels Excel would refuse or misread,
//! no contacts, the fallbacks the renderer takes for them.

mod xlsx_common;

use calamine::{Data, Reader};
use handover::locale::Locale;
use handover::model::Status;
use xlsx_common::{cell, exotic_report, find_row, number, open, part, render, report, text};

#[test]
fn exotic_labels_give_valid_names_and_exact_formulas() {
    let r = exotic_report();
    let b = render(&r);
    let mut wb = open(&b);
    // Forbidden characters replaced; the clash made unique.
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Track_er_ _x_",
            "Track_er_ _x_ 2",
            "Sign-off",
            "_handover"
        ]
    );
    let t = wb.worksheet_range("Track_er_ _x_").unwrap();
    assert_eq!(text(&t, 0, 6), "Status [now]");
    assert_eq!(text(&t, find_row(&t, 0, "GEN-01"), 6), "Done*");
    assert_eq!(text(&t, find_row(&t, 0, "INIT-01"), 1), "=Initiate?");

    let f = wb.worksheet_formula("Summary").unwrap();
    let s = wb.worksheet_range("Summary").unwrap();
    let h = find_row(&s, 0, "Phase");
    let formula = |row: u32, col: u32| f.get_value((row, col)).cloned().unwrap();
    let status_range = "'Track_er_ _x_'!$G$2:$G$44";
    // A plain phase and status: COUNTIFS, the status column by its range
    // (its header would need escaping in a structured reference).
    assert_eq!(
        formula(h + 1, 1),
        format!(
            "COUNTIFS(Tracker[Phase],$A{},{status_range},B${})",
            h + 2,
            h + 1
        )
    );
    // "Done*" would be a wildcard criterion: compared exactly instead.
    assert_eq!(
        formula(h + 1, 4),
        format!(
            "SUMPRODUCT((Tracker[Phase]=$A{})*({status_range}=E${}))",
            h + 2,
            h + 1
        )
    );
    // So would the phase "=Initiate?", in every column.
    assert!(formula(h + 2, 1).starts_with("SUMPRODUCT("));
    assert_eq!(
        formula(h + 2, 6),
        format!("SUMPRODUCT(--(Tracker[Phase]=$A{}))", h + 3)
    );
    assert!(formula(h + 7, 1).starts_with("SUMPRODUCT(ISNUMBER("));
    // Cached results are still the report's counts.
    for (row, p) in (h + 1..).zip(&r.phases) {
        for (c, st) in (1u32..).zip(Status::ALL) {
            #[allow(clippy::cast_precision_loss)]
            let want = p.counts.get(st) as f64;
            assert_eq!(number(&s, row, c), want);
        }
    }

    // A status name with a comma cannot go in an inline list: the dropdown
    // points at the summary's header cells instead.
    let sheet = part(&b, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains(&format!(
            "sqref=\"G2:G44\"><formula1>'Summary'!$B${0}:$F${0}</formula1>",
            h + 1
        )),
        "{sheet}"
    );
    assert!(sheet.contains("<formula>$G2=\"Done*\"</formula>"));
    let wbx = part(&b, "xl/workbook.xml");
    assert!(
        wbx.contains(
            "<definedName name=\"HandoverOwners\">'Track_er_ _x_ 2'!$B$2:$B$5</definedName>"
        ),
        "{wbx}"
    );
}

#[test]
fn no_contacts_means_no_owner_dropdown_and_an_empty_contacts_table() {
    let mut r = report("northwind-fresh", Locale::EN_US);
    r.contacts.clear();
    let b = render(&r);
    let sheet = part(&b, "xl/worksheets/sheet2.xml");
    assert!(!sheet.contains("HandoverOwners"));
    assert!(sheet.contains("<dataValidations count=\"3\">"));
    assert!(!part(&b, "xl/workbook.xml").contains("HandoverOwners"));
    // The contacts table keeps one empty row (a table needs one).
    assert!(part(&b, "xl/tables/table2.xml").contains("ref=\"A1:D2\""));
    let mut wb = open(&b);
    let c = wb.worksheet_range("Contacts").unwrap();
    assert_eq!(text(&c, 0, 1), "Name");
    assert_eq!(cell(&c, 1, 1), Data::Empty);
}

#[test]
fn no_tenant_and_no_document_version_drop_their_rows() {
    let mut r = report("northwind-fresh", Locale::EN_US);
    r.tenant = None;
    r.document_version = None;
    let mut wb = open(&render(&r));
    let s = wb.worksheet_range("Summary").unwrap();
    let (rows, _) = s.end().unwrap();
    let labels: Vec<String> = (0..=rows)
        .filter_map(|row| match cell(&s, row, 0) {
            Data::String(t) => Some(t),
            _ => None,
        })
        .collect();
    assert!(!labels.iter().any(|l| l == "Tenant"));
    assert!(!labels.iter().any(|l| l == "Document version"));
    assert!(labels.iter().any(|l| l == "Customer"));
}
