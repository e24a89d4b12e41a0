//! The workbook's XML parts (it is a zip): the tracker table, the data
//! validations, the conditional formats, the protection, the frozen pane,
//! the locked and unlocked cells, the chart, the defined owner list and the
//! properties are there with the right content.

mod xlsx_common;

use handover::locale::Locale;
use handover::report::Report;
use xlsx_common::{part, part_names, render, report};

/// The contoso-midway workbook in Korean, and its report.
fn midway_ko() -> (Report, Vec<u8>) {
    let r = report("contoso-midway", Locale::KO_KR);
    let b = render(&r);
    (r, b)
}

/// The first element `<tag …>…</tag>` or `<tag …/>` in `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let start = xml
        .find(&format!("<{tag} "))
        .or_else(|| xml.find(&format!("<{tag}>")))
        .unwrap_or_else(|| panic!("no <{tag}> in the part"));
    let rest = &xml[start..];
    let open_end = rest.find('>').unwrap();
    if rest[..open_end].ends_with('/') {
        return &rest[..=open_end];
    }
    let close = format!("</{tag}>");
    let end = rest
        .find(&close)
        .unwrap_or_else(|| panic!("<{tag}> not closed"));
    &rest[..end + close.len()]
}

/// The `<c>` element of a cell, e.g. `G2`.
fn cell_xml<'a>(sheet: &'a str, cell: &str) -> &'a str {
    let start = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let rest = &sheet[start..];
    let open_end = rest.find('>').unwrap();
    if rest[..open_end].ends_with('/') {
        &rest[..=open_end]
    } else {
        &rest[..rest.find("</c>").unwrap() + 4]
    }
}

/// The cell format (`<xf>` of `cellXfs`) a cell uses.
fn cell_format(bytes: &[u8], sheet: &str, cell: &str) -> String {
    let c = cell_xml(sheet, cell);
    let s: usize = c
        .split(" s=\"")
        .nth(1)
        .map_or(0, |r| r[..r.find('"').unwrap()].parse().unwrap());
    let styles = part(bytes, "xl/styles.xml");
    let xfs = element(&styles, "cellXfs");
    let xf = xfs
        .split("<xf ")
        .skip(1)
        .nth(s)
        .unwrap_or_else(|| panic!("no xf {s}"));
    format!("<xf {}", xf.split("</xf>").next().unwrap())
}

#[test]
fn parts_are_all_there() {
    let (_, b) = midway_ko();
    let names = part_names(&b);
    for p in [
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/worksheets/sheet4.xml",
        "xl/worksheets/sheet5.xml",
        "xl/tables/table1.xml",
        "xl/tables/table2.xml",
        "xl/charts/chart1.xml",
        "xl/drawings/drawing1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    ] {
        assert!(names.iter().any(|n| n == p), "no {p} in {names:?}");
    }
}

#[test]
fn workbook_orders_sheets_hides_the_identity_and_defines_the_owner_list() {
    let (_, b) = midway_ko();
    let wb = part(&b, "xl/workbook.xml");
    assert!(
        wb.contains(
            "<sheets><sheet name=\"요약\" sheetId=\"1\" r:id=\"rId1\"/>\
             <sheet name=\"추적\" sheetId=\"2\" r:id=\"rId2\"/>\
             <sheet name=\"연락처\" sheetId=\"3\" r:id=\"rId3\"/>\
             <sheet name=\"승인\" sheetId=\"4\" r:id=\"rId4\"/>\
             <sheet name=\"_handover\" sheetId=\"5\" state=\"hidden\" r:id=\"rId5\"/></sheets>"
        ),
        "{wb}"
    );
    assert!(
        wb.contains("<definedName name=\"HandoverOwners\">'연락처'!$B$2:$B$5</definedName>"),
        "{wb}"
    );
    // Excel recalculates on opening.
    assert!(wb.contains("fullCalcOnLoad=\"1\""), "{wb}");
}

#[test]
fn tracker_is_an_excel_table_with_filters_and_banded_rows() {
    let (r, b) = midway_ko();
    let t = part(&b, "xl/tables/table1.xml");
    assert!(
        t.contains("name=\"Tracker\" displayName=\"Tracker\" ref=\"A1:I44\""),
        "{t}"
    );
    assert!(t.contains("<autoFilter ref=\"A1:I44\"/>"), "{t}");
    let l = &r.labels;
    let columns: String = [
        &l.column_id,
        &l.column_phase,
        &l.column_responsibility,
        &l.column_optional,
        &l.column_owner,
        &l.column_due,
        &l.column_status,
        &l.column_done_on,
        &l.column_note,
    ]
    .iter()
    .enumerate()
    .map(|(i, h)| format!("<tableColumn id=\"{}\" name=\"{h}\"/>", i + 1))
    .collect();
    assert!(
        t.contains(&format!(
            "<tableColumns count=\"9\">{columns}</tableColumns>"
        )),
        "{t}"
    );
    assert!(
        t.contains("<tableStyleInfo name=\"TableStyleMedium2\" showFirstColumn=\"0\" showLastColumn=\"0\" showRowStripes=\"1\" showColumnStripes=\"0\"/>"),
        "{t}"
    );
    let c = part(&b, "xl/tables/table2.xml");
    assert!(
        c.contains("name=\"Contacts\" displayName=\"Contacts\" ref=\"A1:D5\""),
        "{c}"
    );
    assert!(c.contains("<tableColumn id=\"2\" name=\"이름\"/>"), "{c}");
}

#[test]
fn tracker_has_dropdowns_and_date_rules() {
    let (_, b) = midway_ko();
    let s = part(&b, "xl/worksheets/sheet2.xml");
    let dv = element(&s, "dataValidations");
    assert!(dv.starts_with("<dataValidations count=\"4\">"), "{dv}");
    // One rule per column: its type, and what it allows. (Their prompts
    // and error messages: tests/xlsx_validation.rs.)
    let rule = |sqref: &str| {
        let end = dv
            .find(&format!(" sqref=\"{sqref}\">"))
            .unwrap_or_else(|| panic!("no rule on {sqref}: {dv}"));
        let start = dv[..end].rfind("<dataValidation ").unwrap();
        let close = dv[end..].find("</dataValidation>").unwrap() + end;
        (&dv[start..end], &dv[end..close])
    };
    let head = |ty: &str| {
        format!(
            "<dataValidation type=\"{ty}\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
        )
    };
    // Status: the localized names, inline.
    let (attrs, body) = rule("G2:G44");
    assert!(attrs.starts_with(&head("list")), "{attrs}");
    assert_eq!(
        body,
        " sqref=\"G2:G44\"><formula1>\"시작 전,진행 중,차단됨,완료,해당 없음\"</formula1>"
    );
    // Owner: the contacts' names, through the defined name.
    let (attrs, body) = rule("E2:E44");
    assert!(attrs.starts_with(&head("list")), "{attrs}");
    assert_eq!(
        body,
        " sqref=\"E2:E44\"><formula1>HandoverOwners</formula1>"
    );
    // Due and done on: any date (serials 1 to 9999-12-31).
    for col in ["F", "H"] {
        let (attrs, body) = rule(&format!("{col}2:{col}44"));
        assert!(attrs.starts_with(&head("date")), "{attrs}");
        assert_eq!(
            body,
            format!(" sqref=\"{col}2:{col}44\"><formula1>1</formula1><formula2>2958465</formula2>")
        );
    }
}

#[test]
fn tracker_marks_blocked_overdue_done_and_not_applicable_rows() {
    let (_, b) = midway_ko();
    let s = part(&b, "xl/worksheets/sheet2.xml");
    let cf = element(&s, "conditionalFormatting");
    assert!(
        cf.starts_with("<conditionalFormatting sqref=\"A2:I44\">"),
        "{cf}"
    );
    let rules = [
        "<cfRule type=\"expression\" dxfId=\"0\" priority=\"1\"><formula>$G2=\"차단됨\"</formula></cfRule>",
        "<cfRule type=\"expression\" dxfId=\"1\" priority=\"2\"><formula>AND(ISNUMBER($F2),$F2&lt;TODAY(),$G2&lt;&gt;\"완료\",$G2&lt;&gt;\"해당 없음\")</formula></cfRule>",
        "<cfRule type=\"expression\" dxfId=\"2\" priority=\"3\"><formula>$G2=\"완료\"</formula></cfRule>",
        "<cfRule type=\"expression\" dxfId=\"3\" priority=\"4\"><formula>$G2=\"해당 없음\"</formula></cfRule>",
    ];
    for rule in rules {
        assert!(cf.contains(rule), "no {rule} in {cf}");
    }
    // The highlight colours: red, amber, green, grey.
    let styles = part(&b, "xl/styles.xml");
    let dxfs = element(&styles, "dxfs");
    for fill in ["FFFFC7CE", "FFFFEB9C", "FFC6EFCE", "FFEDEDED"] {
        assert!(
            dxfs.contains(&format!("<bgColor rgb=\"{fill}\"/>")),
            "{dxfs}"
        );
    }
}

#[test]
fn tracker_is_protected_without_password_filters_and_sorting_allowed() {
    let (_, b) = midway_ko();
    let s = part(&b, "xl/worksheets/sheet2.xml");
    assert!(
        s.contains("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\" sort=\"0\" autoFilter=\"0\"/>"),
        "{}",
        element(&s, "sheetProtection")
    );
    assert!(!s.contains("password"));
    // Catalogue columns locked, state columns unlocked, on every row.
    for row in [2, 30, 44] {
        for col in ["A", "B", "C", "D"] {
            let xf = cell_format(&b, &s, &format!("{col}{row}"));
            assert!(!xf.contains("locked=\"0\""), "{col}{row}: {xf}");
        }
        for col in ["E", "F", "G", "H", "I"] {
            let xf = cell_format(&b, &s, &format!("{col}{row}"));
            assert!(
                xf.contains("<protection locked=\"0\"/>"),
                "{col}{row}: {xf}"
            );
        }
    }
    // Dates carry the localized format.
    let styles = part(&b, "xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"yyyy&quot;년&quot; m&quot;월&quot; d&quot;일&quot;\""),
        "{}",
        element(&styles, "numFmts")
    );
    // The other sheets are protected too, read-only.
    for n in [1, 4, 5] {
        let s = part(&b, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            s.contains("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\"/>"),
            "sheet{n}"
        );
    }
}

#[test]
fn tracker_header_is_frozen_and_printed_on_every_page() {
    let (_, b) = midway_ko();
    let s = part(&b, "xl/worksheets/sheet2.xml");
    assert!(
        s.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"),
        "{}",
        element(&s, "sheetViews")
    );
    let wb = part(&b, "xl/workbook.xml");
    assert!(
        wb.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">추적!$1:$1</definedName>"
        ),
        "{wb}"
    );
    // Widths: the responsibility column is the wide one, and it wraps.
    let cols = element(&s, "cols");
    assert!(
        cols.contains("<col min=\"3\" max=\"3\" width=\"60.7109375\" customWidth=\"1\"/>"),
        "{cols}"
    );
}

#[test]
fn summary_counts_are_formulas_with_cached_results() {
    let (r, b) = midway_ko();
    let s = part(&b, "xl/worksheets/sheet1.xml");
    // The header row holds the status names the formulas compare with.
    let header = r.statuses.len();
    assert_eq!(header, 5);
    // General responsibilities: [2, 6, 2, 11, 4] of 25, 60 % done.
    let expected = [
        (
            "B18",
            "COUNTIFS(Tracker[단계],$A18,Tracker[상태],B$17)",
            "2",
        ),
        (
            "C18",
            "COUNTIFS(Tracker[단계],$A18,Tracker[상태],C$17)",
            "6",
        ),
        (
            "E18",
            "COUNTIFS(Tracker[단계],$A18,Tracker[상태],E$17)",
            "11",
        ),
        ("G18", "COUNTIFS(Tracker[단계],$A18)", "25"),
        ("H18", "IF(G18=0,0,(E18+F18)/G18)", "0.6"),
        ("B23", "SUM(B18:B22)", "13"),
        ("G23", "SUM(G18:G22)", "43"),
        (
            "B24",
            "COUNTIFS(Tracker[기한],\"&lt;\"&amp;TODAY(),Tracker[상태],\"&lt;&gt;\"&amp;$E$17,Tracker[상태],\"&lt;&gt;\"&amp;$F$17)",
            "5",
        ),
    ];
    for (cell, formula, value) in expected {
        let c = cell_xml(&s, cell);
        assert!(
            c.contains(&format!("<f>{formula}</f><v>{value}</v>")),
            "{cell}: {c}"
        );
    }
    let pct = cell_xml(&s, "H23");
    assert!(pct.contains("<v>0.46511627906976744</v>"), "{pct}");
}

#[test]
fn chart_is_a_stacked_bar_per_phase_in_status_colours() {
    let (_, b) = midway_ko();
    let c = part(&b, "xl/charts/chart1.xml");
    assert!(
        c.contains("<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/>"),
        "{c}"
    );
    assert_eq!(c.matches("<c:ser>").count(), 5);
    assert!(c.contains("<a:t>단계별 진행 현황</a:t>"), "title");
    for (col, name, color) in [
        ("B", "시작 전", "BFBFBF"),
        ("C", "진행 중", "4A86C8"),
        ("D", "차단됨", "C0392B"),
        ("E", "완료", "388E3C"),
        ("F", "해당 없음", "A5D6A7"),
    ] {
        assert!(
            c.contains(&format!(
                "<c:tx><c:strRef><c:f>요약!${col}$17</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill>"
            )),
            "series {name}"
        );
        assert!(c.contains(&format!(
            "<c:val><c:numRef><c:f>요약!${col}$18:${col}$22</c:f>"
        )));
    }
    assert!(c.contains("<c:cat><c:strRef><c:f>요약!$A$18:$A$22</c:f>"));
    // Phases top to bottom, the value axis below them.
    assert!(
        c.contains("<c:scaling><c:orientation val=\"maxMin\"/></c:scaling><c:axPos val=\"l\"/>")
    );
    assert!(c.contains("<c:crosses val=\"max\"/>"));
    let d = part(&b, "xl/drawings/drawing1.xml");
    assert!(d.contains("<xdr:from><xdr:col>0</xdr:col>"), "{d}");
}

#[test]
fn properties_carry_the_identity_and_the_issue_date() {
    let (r, b) = midway_ko();
    let custom = part(&b, "docProps/custom.xml");
    for (i, (name, value)) in [
        ("handover.schema", "1"),
        ("handover.engagement_id", "ENG-2026-0142"),
        ("handover.catalogue_id", "fasttrack-ems"),
        ("handover.catalogue_version", "2018-06-01"),
        ("handover.locale", "ko-KR"),
        ("handover.issued", "2026-11-20"),
        ("handover.fingerprint", r.fingerprint.as_str()),
        ("handover.content_sha256", r.content_sha256.as_str()),
    ]
    .iter()
    .enumerate()
    {
        assert!(
            custom.contains(&format!(
                "pid=\"{}\" name=\"{name}\"><vt:lpwstr>{value}</vt:lpwstr></property>",
                i + 2
            )),
            "{name}: {custom}"
        );
    }
    let core = part(&b, "docProps/core.xml");
    for want in [
        "<dc:title>책임 추적표 — 콘토소 코리아</dc:title>",
        "<dc:creator>FastTrack Center</dc:creator>",
        "<cp:keywords>handover, 고객 책임, fasttrack-ems, ENG-2026-0142</cp:keywords>",
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-20T00:00:00Z</dcterms:created>",
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-20T00:00:00Z</dcterms:modified>",
        "<cp:contentStatus>초안</cp:contentStatus>",
    ] {
        assert!(core.contains(want), "{want}: {core}");
    }
    let app = part(&b, "docProps/app.xml");
    assert!(app.contains("<Company>FastTrack Center</Company>"), "{app}");
}

#[test]
fn english_workbook_uses_english_names_and_formats() {
    let r = report("northwind-fresh", Locale::EN_US);
    let b = render(&r);
    let s = part(&b, "xl/worksheets/sheet2.xml");
    assert!(
        s.contains("<formula1>\"Not started,In progress,Blocked,Done,Not applicable\"</formula1>")
    );
    assert!(s.contains("<formula>$G2=\"Blocked\"</formula>"));
    let styles = part(&b, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"mmmm d, yyyy\""));
    let wb = part(&b, "xl/workbook.xml");
    assert!(wb.contains("<sheet name=\"Summary\""));
    assert!(wb.contains("<definedName name=\"HandoverOwners\">'Contacts'!$B$2:$B$3</definedName>"));
    let sum = part(&b, "xl/worksheets/sheet1.xml");
    // No document version here: the table starts a row higher.
    assert!(sum.contains("<f>COUNTIFS(Tracker[Phase],$A17,Tracker[Status],B$16)</f><v>25</v>"));
}

#[test]
fn a_bilingual_workbook_has_two_line_headers_rich_texts_and_primary_dropdowns() {
    let r = xlsx_common::bilingual("contoso-midway", Locale::KO_KR, Locale::EN_US);
    let o = r.secondary.as_deref().unwrap();
    let b = render(&r);
    // The table's column names hold both languages on two lines.
    let table = part(&b, "xl/tables/table1.xml");
    assert!(
        table.contains("<tableColumn id=\"7\" name=\"상태&#xA;Status\"/>"),
        "{table}"
    );
    assert!(
        table.contains("<tableColumn id=\"1\" name=\"ID\"/>"),
        "{table}"
    );
    // … and the header row is two lines high.
    let s = part(&b, "xl/worksheets/sheet2.xml");
    let row1 = &s[s.find("<row r=\"1\"").unwrap()..];
    let row1 = &row1[..row1.find('>').unwrap()];
    assert!(row1.contains("customHeight=\"1\""), "{row1}");
    // Each responsibility: a rich string, the English beneath the Korean
    // in a smaller grey run.
    let strings = part(&b, "xl/sharedStrings.xml");
    let item = r.items().next().unwrap().1;
    let oitem = o.items().next().unwrap().1;
    let si = strings
        .split("<si>")
        .find(|si| si.contains(&item.text))
        .unwrap();
    assert!(si.starts_with("<r><rPr>"), "{si}");
    let second = &si[si.find("</r><r>").unwrap()..];
    assert!(second.contains("<sz val=\"9.5\"/>"), "{second}");
    assert!(second.contains("<color rgb=\"FF595959\"/>"), "{second}");
    assert!(
        second.contains(&format!("\n{}</t>", oitem.text)),
        "{second}"
    );
    // The status dropdown lists the primary language's names only.
    let dv = element(&s, "dataValidations");
    let list: Vec<&str> = r.statuses.iter().map(|st| st.label.as_str()).collect();
    assert!(
        dv.contains(&format!("<formula1>\"{}\"</formula1>", list.join(","))),
        "{dv}"
    );
    for st in &o.statuses {
        assert!(!dv.contains(&format!(",{},", st.label)), "{dv}");
    }
    // The summary counts the primary names: its header cells hold both.
    let summary = part(&b, "xl/worksheets/sheet1.xml");
    assert!(
        summary.contains(",\"진행 중\")</f>"),
        "{}",
        &summary[..2000.min(summary.len())]
    );
}
