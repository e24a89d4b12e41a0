//! The workbook read back with calamine: every sample in both locales has
//! every id, the localized texts and names, real date cells, the counts,
//! and user text that looks like a formula stays text.

mod xlsx_common;

use calamine::{Data, Reader, SheetVisible};
use handover::locale::Locale;
use handover::model::Status;
use handover::report::Report;
use handover::xlsx::{self, XlsxError, keys};
use xlsx_common::{all_reports, cell, date, find_row, number, open, render, report, sheet, text};

fn sheet_names(r: &Report) -> Vec<String> {
    let l = &r.labels;
    vec![
        l.sheet_summary.clone(),
        l.sheet_tracker.clone(),
        l.sheet_contacts.clone(),
        l.sheet_signoff.clone(),
        xlsx::META_SHEET.to_owned(),
    ]
}

#[test]
fn sheets_are_named_in_the_locale_and_the_identity_sheet_is_hidden() {
    for (id, locale, r) in all_reports() {
        let wb = open(&render(&r));
        assert_eq!(wb.sheet_names(), sheet_names(&r), "{id} {locale}");
        for s in wb.sheets_metadata() {
            let hidden = s.name == xlsx::META_SHEET;
            assert_eq!(
                s.visible == SheetVisible::Hidden,
                hidden,
                "{id} {locale}: {}",
                s.name
            );
        }
    }
}

#[test]
fn tracker_has_every_item_with_its_localized_texts_and_real_dates() {
    for (id, locale, r) in all_reports() {
        let mut wb = open(&render(&r));
        let t = sheet(&mut wb, &r.labels.sheet_tracker);
        let l = &r.labels;
        let headers: Vec<String> = (0..9).map(|c| text(&t, 0, c)).collect();
        let headers: Vec<&String> = headers.iter().collect();
        assert_eq!(
            headers,
            [
                &l.column_id,
                &l.column_phase,
                &l.column_responsibility,
                &l.column_optional,
                &l.column_owner,
                &l.column_due,
                &l.column_status,
                &l.column_done_on,
                &l.column_note
            ],
            "{id} {locale}"
        );
        let labels: Vec<&str> = r.statuses.iter().map(|s| s.label.as_str()).collect();
        let mut rows = 0;
        for (row, (phase, item)) in (1u32..).zip(r.items()) {
            let ctx = format!("{id} {locale} {}", item.id);
            assert_eq!(text(&t, row, 0), item.id, "{ctx}");
            assert_eq!(text(&t, row, 1), phase.title, "{ctx}");
            assert_eq!(text(&t, row, 2), item.text, "{ctx}");
            let optional = if item.optional { &l.yes } else { &l.no };
            assert_eq!(&text(&t, row, 3), optional, "{ctx}");
            match &item.owner {
                Some(o) => assert_eq!(&text(&t, row, 4), o, "{ctx}"),
                None => assert_eq!(cell(&t, row, 4), Data::Empty, "{ctx}"),
            }
            match &item.due {
                Some(d) => assert_eq!(date(&t, row, 5), d.date, "{ctx}: due"),
                None => assert_eq!(cell(&t, row, 5), Data::Empty, "{ctx}"),
            }
            let status = text(&t, row, 6);
            assert_eq!(status, item.status_label, "{ctx}");
            assert!(labels.contains(&status.as_str()), "{ctx}");
            match &item.done_on {
                Some(d) => assert_eq!(date(&t, row, 7), d.date, "{ctx}: done on"),
                None => assert_eq!(cell(&t, row, 7), Data::Empty, "{ctx}"),
            }
            match &item.note {
                Some(n) => assert_eq!(&text(&t, row, 8), n, "{ctx}"),
                None => assert_eq!(cell(&t, row, 8), Data::Empty, "{ctx}"),
            }
            rows += 1;
        }
        assert_eq!(rows, 43);
        assert_eq!(
            t.end().map(|e| e.0),
            Some(43),
            "{id} {locale}: no extra rows"
        );
        // The tracker holds data only: not one formula.
        let f = wb.worksheet_formula(&r.labels.sheet_tracker).unwrap();
        assert!(
            f.used_cells().all(|(_, _, s)| s.is_empty()),
            "{id} {locale}"
        );
    }
}

#[test]
fn localized_texts_are_those_of_the_locale() {
    let ko = report("contoso-midway", Locale::KO_KR);
    let mut wb = open(&render(&ko));
    let t = sheet(&mut wb, "추적");
    assert_eq!(text(&t, 0, 2), "책임");
    assert_eq!(text(&t, 0, 6), "상태");
    let gen01 = find_row(&t, 0, "GEN-01");
    assert!(text(&t, gen01, 2).starts_with("이 문서에 열거된 구성 가능한 옵션을"));
    assert_eq!(text(&t, gen01, 6), "완료");
    assert_eq!(text(&t, find_row(&t, 0, "GEN-03"), 6), "진행 중");
    assert_eq!(text(&t, find_row(&t, 0, "GEN-11"), 6), "차단됨");
    assert_eq!(text(&t, find_row(&t, 0, "GEN-19"), 6), "해당 없음");
    assert_eq!(text(&t, find_row(&t, 0, "ASSESS-06"), 6), "시작 전");

    let en = report("contoso-midway", Locale::EN_US);
    let mut wb = open(&render(&en));
    let t = sheet(&mut wb, "Tracker");
    assert_eq!(text(&t, 0, 7), "Done on");
    let gen01 = find_row(&t, 0, "GEN-01");
    assert!(text(&t, gen01, 2).starts_with("Provide enhancements and integrations"));
    assert_eq!(text(&t, gen01, 6), "Done");
    assert_eq!(text(&t, find_row(&t, 0, "GEN-19"), 6), "Not applicable");
    let s = sheet(&mut wb, "Summary");
    assert_eq!(text(&s, 0, 0), "Responsibility Tracker");
    assert_eq!(text(&s, find_row(&s, 0, "Customer"), 1), "콘토소 코리아");
}

#[test]
fn the_note_starting_with_equals_is_a_string() {
    for locale in Locale::bundled() {
        let r = report("contoso-midway", locale);
        let bytes = render(&r);
        let mut wb = open(&bytes);
        let t = sheet(&mut wb, &r.labels.sheet_tracker);
        let row = find_row(&t, 0, "GEN-05");
        assert_eq!(
            cell(&t, row, 8),
            Data::String("=SUM 아님: 수식이 아닌 메모".to_owned())
        );
        // In the XML: a string cell, no formula.
        let xml = xlsx_common::part(&bytes, "xl/worksheets/sheet2.xml");
        let at = xml
            .find(&format!("<c r=\"I{}\"", row + 1))
            .expect("cell I of GEN-05");
        let c = &xml[at..at + xml[at..].find("</c>").unwrap()];
        assert!(c.contains("t=\"s\""), "{c}");
        assert!(!c.contains("<f>"), "{c}");
    }
}

#[test]
fn user_text_that_looks_like_a_formula_stays_text() {
    let mut r = report("contoso-midway", Locale::EN_US);
    r.customer = "=HYPERLINK(\"http://x.example\",\"click\")".into();
    r.tenant = Some("+82-2-000".into());
    r.provider = "-1+1".into();
    r.engagement_id = "@SUM(A1)".into();
    r.contacts[0].name = "=1+1".into();
    r.contacts[1].role = Some("@role".into());
    r.signoff[0].name = "+name".into();
    r.signoff[0].title = Some("-title".into());
    let dangerous = ["=A1", "+A1", "-A1", "@A1", "=cmd|' /C calc'!A0"];
    let items: Vec<_> = r.phases[0].items.iter().map(|i| i.id.clone()).collect();
    for (i, item) in r.phases[0].items.iter_mut().enumerate().take(5) {
        item.note = Some(dangerous[i].to_owned());
        item.owner = Some(dangerous[(i + 1) % 5].to_owned());
    }
    let bytes = render(&r);
    let mut wb = open(&bytes);
    let t = sheet(&mut wb, "Tracker");
    for (i, id) in items.iter().take(5).enumerate() {
        let row = find_row(&t, 0, id);
        assert_eq!(text(&t, row, 8), dangerous[i]);
        assert_eq!(text(&t, row, 4), dangerous[(i + 1) % 5]);
    }
    let f = wb.worksheet_formula("Tracker").unwrap();
    assert!(f.used_cells().all(|(_, _, s)| s.is_empty()));

    let s = sheet(&mut wb, "Summary");
    assert_eq!(text(&s, find_row(&s, 0, "Customer"), 1), r.customer);
    assert_eq!(text(&s, find_row(&s, 0, "Tenant"), 1), "+82-2-000");
    assert_eq!(text(&s, find_row(&s, 0, "Provider"), 1), "-1+1");
    assert_eq!(text(&s, find_row(&s, 0, "Engagement"), 1), "@SUM(A1)");
    // The only formulas on the summary are the counts.
    let f = wb.worksheet_formula("Summary").unwrap();
    for (_, _, formula) in f.used_cells() {
        assert!(
            ["COUNTIFS(", "SUM(", "IF(", "SUMPRODUCT("]
                .iter()
                .any(|p| formula.starts_with(p)),
            "unexpected formula {formula}"
        );
    }
    let c = sheet(&mut wb, "Contacts");
    assert_eq!(text(&c, 1, 1), "=1+1");
    assert_eq!(text(&c, 2, 2), "@role");
    let so = sheet(&mut wb, "Sign-off");
    assert_eq!(text(&so, find_row(&so, 0, "Name"), 1), "+name");
    assert_eq!(text(&so, find_row(&so, 0, "Title"), 1), "-title");
    for name in ["Contacts", "Sign-off", xlsx::META_SHEET] {
        let f = wb.worksheet_formula(name).unwrap();
        assert!(f.used_cells().all(|(_, _, s)| s.is_empty()), "{name}");
    }
}

#[test]
fn summary_shows_the_engagement_dates_and_cached_counts() {
    for (id, locale, r) in all_reports() {
        let mut wb = open(&render(&r));
        let s = sheet(&mut wb, &r.labels.sheet_summary);
        let l = &r.labels;
        let ctx = format!("{id} {locale}");
        assert_eq!(text(&s, 0, 0), l.tracker_title, "{ctx}");
        let at = |label: &str| find_row(&s, 0, label);
        assert_eq!(text(&s, at(&l.customer), 1), r.customer, "{ctx}");
        if let Some(t) = &r.tenant {
            assert_eq!(&text(&s, at(&l.tenant), 1), t, "{ctx}");
        }
        assert_eq!(text(&s, at(&l.provider), 1), r.provider, "{ctx}");
        assert_eq!(text(&s, at(&l.engagement), 1), r.engagement_id, "{ctx}");
        assert_eq!(text(&s, at(&l.catalogue), 1), r.catalogue_title, "{ctx}");
        assert_eq!(
            text(&s, at(&l.catalogue_version), 1),
            r.catalogue_version,
            "{ctx}"
        );
        assert_eq!(date(&s, at(&l.period), 1), r.start.date, "{ctx}");
        assert_eq!(date(&s, at(&l.period), 2), r.target.date, "{ctx}");
        assert_eq!(date(&s, at(&l.issued), 1), r.issued.date, "{ctx}");
        assert_eq!(text(&s, at(&l.state), 1), r.state_label, "{ctx}");

        // The counts table: status names across, phases down, cached
        // results equal to the report's counts.
        let h = at(&l.summary_phase);
        for (c, st) in (1u32..).zip(&r.statuses) {
            assert_eq!(text(&s, h, c), st.label, "{ctx}");
        }
        assert_eq!(text(&s, h, 6), l.summary_total, "{ctx}");
        assert_eq!(text(&s, h, 7), l.summary_done_percent, "{ctx}");
        for (row, p) in (h + 1..).zip(&r.phases) {
            assert_eq!(text(&s, row, 0), p.title, "{ctx}");
            for (c, st) in (1u32..).zip(Status::ALL) {
                #[allow(clippy::cast_precision_loss)]
                let want = p.counts.get(st) as f64;
                assert_eq!(number(&s, row, c), want, "{ctx} {} {st}", p.title);
            }
            #[allow(clippy::cast_precision_loss)]
            let total = p.counts.total as f64;
            assert_eq!(number(&s, row, 6), total, "{ctx}");
            let pct = number(&s, row, 7);
            assert!(
                (pct * 100.0 - p.counts.percent_done()).abs() < 1e-9,
                "{ctx}"
            );
        }
        let total_row = h + 1 + u32::try_from(r.phases.len()).unwrap();
        assert_eq!(text(&s, total_row, 0), l.summary_total, "{ctx}");
        for (c, st) in (1u32..).zip(Status::ALL) {
            #[allow(clippy::cast_precision_loss)]
            let want = r.totals.get(st) as f64;
            assert_eq!(number(&s, total_row, c), want, "{ctx}");
        }
        assert_eq!(number(&s, total_row, 6), 43.0, "{ctx}");
        let pct = number(&s, total_row, 7);
        assert!(
            (pct * 100.0 - r.totals.percent_done()).abs() < 1e-9,
            "{ctx}"
        );
        assert_eq!(text(&s, total_row + 1, 0), l.summary_overdue, "{ctx}");
        #[allow(clippy::cast_precision_loss)]
        let overdue = r.overdue.len() as f64;
        assert_eq!(number(&s, total_row + 1, 1), overdue, "{ctx}");

        // Live formulas behind them.
        let f = wb.worksheet_formula(&r.labels.sheet_summary).unwrap();
        let formula = |row: u32, col: u32| {
            f.get_value((row, col))
                .cloned()
                .unwrap_or_else(|| panic!("{ctx}: no formula at ({row}, {col})"))
        };
        let first = h + 2; // 1-based row of the first phase
        assert_eq!(
            formula(h + 1, 1),
            format!(
                "COUNTIFS(Tracker[{}],$A{first},Tracker[{}],B${})",
                l.column_phase,
                l.column_status,
                h + 1
            ),
            "{ctx}"
        );
        assert_eq!(
            formula(h + 1, 6),
            format!("COUNTIFS(Tracker[{}],$A{first})", l.column_phase),
            "{ctx}"
        );
        assert_eq!(
            formula(h + 1, 7),
            format!("IF(G{first}=0,0,(E{first}+F{first})/G{first})"),
            "{ctx}"
        );
        assert_eq!(
            formula(total_row, 1),
            format!("SUM(B{first}:B{})", first + 4),
            "{ctx}"
        );
        assert!(formula(total_row + 1, 1).contains("TODAY()"), "{ctx}");
    }
}

#[test]
fn contacts_signoff_and_identity_read_back() {
    for (id, locale, r) in all_reports() {
        let mut wb = open(&render(&r));
        let ctx = format!("{id} {locale}");
        let l = &r.labels;
        let c = sheet(&mut wb, &l.sheet_contacts);
        assert_eq!(text(&c, 0, 0), l.contact_id, "{ctx}");
        assert_eq!(text(&c, 0, 1), l.contact_name, "{ctx}");
        assert_eq!(text(&c, 0, 2), l.contact_role, "{ctx}");
        assert_eq!(text(&c, 0, 3), l.contact_email, "{ctx}");
        for (row, k) in (1u32..).zip(&r.contacts) {
            assert_eq!(text(&c, row, 0), k.id, "{ctx}");
            assert_eq!(text(&c, row, 1), k.name, "{ctx}");
            match &k.email {
                Some(e) => assert_eq!(&text(&c, row, 3), e, "{ctx}"),
                None => assert_eq!(cell(&c, row, 3), Data::Empty, "{ctx}"),
            }
        }

        let s = sheet(&mut wb, &l.sheet_signoff);
        assert_eq!(text(&s, 0, 0), l.signoff_heading, "{ctx}");
        assert_eq!(text(&s, 1, 0), r.acknowledgement, "{ctx}");
        for p in &r.signoff {
            let row = find_row(&s, 0, &p.party_label);
            assert_eq!(text(&s, row, 1), p.status_text, "{ctx}");
            assert_eq!(text(&s, row + 1, 0), l.signoff_name, "{ctx}");
            assert_eq!(text(&s, row + 1, 1), p.name, "{ctx}");
            match &p.title {
                Some(t) => assert_eq!(&text(&s, row + 2, 1), t, "{ctx}"),
                None => assert_eq!(cell(&s, row + 2, 1), Data::Empty, "{ctx}"),
            }
            match &p.date {
                Some(d) => assert_eq!(date(&s, row + 3, 1), d.date, "{ctx}"),
                None => assert_eq!(cell(&s, row + 3, 1), Data::Empty, "{ctx}"),
            }
            assert_eq!(text(&s, row + 4, 0), l.signoff_signature, "{ctx}");
        }

        // The identity, twice: the hidden sheet and the custom properties.
        let m = sheet(&mut wb, xlsx::META_SHEET);
        let value = |key: &str| text(&m, find_row(&m, 0, key), 1);
        let props = wb.workbook_properties().unwrap();
        let expected = [
            (keys::SCHEMA, keys::SCHEMA_VERSION.to_owned()),
            (keys::ENGAGEMENT_ID, r.engagement_id.clone()),
            (keys::CATALOGUE_ID, r.catalogue_id.clone()),
            (keys::CATALOGUE_VERSION, r.catalogue_version.clone()),
            (keys::LOCALE, r.locale.tag().to_owned()),
            (keys::ISSUED, r.issued.iso.clone()),
            (keys::FINGERPRINT, r.fingerprint.clone()),
            (keys::CONTENT_SHA256, r.content_sha256.clone()),
        ];
        for (k, v) in &expected {
            assert_eq!(&value(k), v, "{ctx} {k}");
            assert_eq!(props.custom_properties.get(*k), Some(v), "{ctx} {k}");
        }
        assert_eq!(value(keys::TRACKER_SHEET), l.sheet_tracker, "{ctx}");
        assert_eq!(value(keys::TRACKER_TABLE), xlsx::TRACKER_TABLE, "{ctx}");
        for st in &r.statuses {
            assert_eq!(value(&format!("status.{}", st.key)), st.label, "{ctx}");
        }
        for p in &r.phases {
            assert_eq!(value(&format!("phase.{}", p.id)), p.title, "{ctx}");
        }
        for k in &r.contacts {
            assert_eq!(value(&format!("contact.{}", k.id)), k.name, "{ctx}");
        }
        assert_eq!(value("column.status"), l.column_status, "{ctx}");
        assert_eq!(value("column.done_on"), l.column_done_on, "{ctx}");

        // Standard properties.
        assert_eq!(props.creator.as_deref(), Some(r.provider.as_str()), "{ctx}");
        assert_eq!(props.company.as_deref(), Some(r.provider.as_str()), "{ctx}");
        assert_eq!(props.subject.as_deref(), Some(r.subject.as_str()), "{ctx}");
        assert_eq!(
            props.keywords.as_deref(),
            Some(r.keywords.as_str()),
            "{ctx}"
        );
        let title = props.title.unwrap();
        assert!(title.starts_with(&l.tracker_title), "{ctx}: {title}");
        assert!(title.contains(&r.customer), "{ctx}: {title}");
        let created = format!("{}T00:00:00Z", r.issued.iso);
        assert_eq!(props.created.as_deref(), Some(created.as_str()), "{ctx}");
        assert_eq!(props.modified.as_deref(), Some(created.as_str()), "{ctx}");
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    for (id, locale, r) in all_reports() {
        let a = render(&r);
        let b = render(&r.clone());
        assert!(a == b, "{id} {locale}: two renders differ");
    }
    let ko = render(&report("contoso-midway", Locale::KO_KR));
    let en = render(&report("contoso-midway", Locale::EN_US));
    assert!(ko != en);
}

#[test]
fn errors_name_the_sheet_and_cell() {
    let mut r = report("northwind-fresh", Locale::EN_US);
    r.phases[0].items[1].note = Some("x".repeat(40_000));
    let e = xlsx::render(&r).unwrap_err();
    assert!(matches!(e, XlsxError::Cell { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "sheet `Tracker`, cell I3: String exceeds Excel's limit of 32,767 characters."
    );
}

#[test]
fn more_items_than_a_worksheet_holds_are_refused() {
    // One more than the 1,048,575 data rows below the header, the first
    // phase filled with light items (no texts of their own) so that the
    // report stays small.
    let mut r = report("northwind-fresh", Locale::EN_US);
    let others: usize = r.phases[1..].iter().map(|p| p.items.len()).sum();
    let mut item = r.phases[0].items[0].clone();
    item.text = String::new();
    item.note = None;
    r.phases[0].items = vec![item; 1_048_576 - others];
    assert_eq!(r.items().count(), 1_048_576);
    let e = xlsx::render(&r).unwrap_err();
    assert!(
        matches!(
            e,
            XlsxError::TooManyItems {
                items: 1_048_576,
                max: 1_048_575
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "1048576 responsibilities do not fit in one worksheet (at most 1048575)"
    );
}

/// `primary\nsecondary`, as a bilingual cell holds two different texts.
fn two(primary: &str, secondary: &str) -> String {
    if primary == secondary {
        primary.to_owned()
    } else {
        format!("{primary}\n{secondary}")
    }
}

#[test]
fn a_bilingual_tracker_reads_back_with_both_texts_in_every_row() {
    for (primary, secondary) in [
        (Locale::KO_KR, Locale::EN_US),
        (Locale::EN_US, Locale::KO_KR),
    ] {
        let r = xlsx_common::bilingual("contoso-midway", primary, secondary);
        let o = r.secondary.as_deref().unwrap();
        let ctx = format!("{primary}+{secondary}");
        let mut wb = open(&render(&r));
        // Sheet names stay in the primary language.
        assert_eq!(wb.sheet_names(), sheet_names(&r), "{ctx}");

        let (l, ol) = (&r.labels, &o.labels);
        let t = sheet(&mut wb, &l.sheet_tracker);
        let want = [
            (&l.column_id, &ol.column_id),
            (&l.column_phase, &ol.column_phase),
            (&l.column_responsibility, &ol.column_responsibility),
            (&l.column_optional, &ol.column_optional),
            (&l.column_owner, &ol.column_owner),
            (&l.column_due, &ol.column_due),
            (&l.column_status, &ol.column_status),
            (&l.column_done_on, &ol.column_done_on),
            (&l.column_note, &ol.column_note),
        ];
        for (c, (a, b)) in (0u32..).zip(want) {
            assert_eq!(text(&t, 0, c), two(a, b), "{ctx}: header {c}");
        }
        assert!(text(&t, 0, 6).contains('\n'), "{ctx}: status header");
        let others: Vec<_> = o.items().collect();
        let mut rows = 0;
        for ((row, (phase, item)), (ophase, oitem)) in (1u32..).zip(r.items()).zip(&others) {
            let ctx = format!("{ctx} {}", item.id);
            assert_eq!(oitem.id, item.id, "{ctx}");
            assert_ne!(oitem.text, item.text, "{ctx}: the two texts differ");
            assert_eq!(text(&t, row, 0), item.id, "{ctx}");
            assert_eq!(text(&t, row, 1), two(&phase.title, &ophase.title), "{ctx}");
            assert_eq!(text(&t, row, 2), two(&item.text, &oitem.text), "{ctx}");
            let (yes, no) = (two(&l.yes, &ol.yes), two(&l.no, &ol.no));
            assert_eq!(text(&t, row, 3), if item.optional { yes } else { no });
            // Statuses stay in the primary language (the dropdown's).
            assert_eq!(text(&t, row, 6), item.status_label, "{ctx}");
            rows += 1;
        }
        assert_eq!(rows, 43, "{ctx}");

        // The summary: both phase titles, bilingual headers, the governing
        // sentence in both languages.
        let s = sheet(&mut wb, &l.sheet_summary);
        let h = find_row(&s, 0, &two(&l.summary_phase, &ol.summary_phase));
        for (row, (p, op)) in (h + 1..).zip(r.phases.iter().zip(&o.phases)) {
            assert_eq!(text(&s, row, 0), two(&p.title, &op.title), "{ctx}");
        }
        for (c, st) in (1u32..).zip(Status::ALL) {
            let want = two(r.status_label(st), o.status_label(st));
            assert_eq!(text(&s, h, c), want, "{ctx}: {st}");
        }
        let (gov, ogov) = (r.governing.clone().unwrap(), o.governing.clone().unwrap());
        assert_eq!(text(&s, 3, 0), two(&gov, &ogov), "{ctx}: governing");
        let title = two(&l.tracker_title, &ol.tracker_title);
        assert_eq!(text(&s, 0, 0), title, "{ctx}");

        // The sign-off: the acknowledgement and the governing sentence in
        // both languages, every label in both.
        let g = sheet(&mut wb, &l.sheet_signoff);
        assert_eq!(
            text(&g, 1, 0),
            two(&r.acknowledgement, &o.acknowledgement),
            "{ctx}"
        );
        assert_eq!(text(&g, 2, 0), two(&gov, &ogov), "{ctx}");
        for (p, op) in r.signoff.iter().zip(&o.signoff) {
            let row = find_row(&g, 0, &two(&p.party_label, &op.party_label));
            assert_eq!(text(&g, row, 1), two(&p.status_text, &op.status_text));
            assert_eq!(text(&g, row + 1, 0), two(&l.signoff_name, &ol.signoff_name));
            assert_eq!(text(&g, row + 1, 1), p.name, "{ctx}");
        }

        // The identity records both languages, primary first.
        let m = sheet(&mut wb, xlsx::META_SHEET);
        let value = |key: &str| text(&m, find_row(&m, 0, key), 1);
        let tag = format!("{primary}+{secondary}");
        assert_eq!(value(keys::LOCALE), tag, "{ctx}");
        let props = wb.workbook_properties().unwrap();
        assert_eq!(props.custom_properties.get(keys::LOCALE), Some(&tag));
        for st in &r.statuses {
            assert_eq!(value(&format!("status.{}", st.key)), st.label, "{ctx}");
        }
    }
}
