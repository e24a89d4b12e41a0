//! The tracker's checked cells explain themselves in the workbook's
//! language: a prompt while one is selected (`promptTitle`, `prompt`) and
//! an error naming what it takes when what was typed is refused
//! (`errorTitle`, `error`), read from the sheet's XML.

mod xlsx_common;

use std::collections::BTreeMap;

use handover::locale::Locale;
use handover::report::{InputMessages, Report};
use xlsx_common::{part, render, report};

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The data validations of the tracker sheet: sqref → attributes.
fn validations(bytes: &[u8]) -> BTreeMap<String, BTreeMap<String, String>> {
    let sheet = part(bytes, "xl/worksheets/sheet2.xml");
    let mut out = BTreeMap::new();
    for chunk in sheet.split("<dataValidation ").skip(1) {
        let tag = &chunk[..chunk.find('>').expect("tag end")];
        let mut attrs = BTreeMap::new();
        let mut rest = tag;
        while let Some(eq) = rest.find("=\"") {
            let name = rest[..eq].trim().to_owned();
            let value_end = rest[eq + 2..].find('"').expect("attribute end") + eq + 2;
            attrs.insert(name, unescape(&rest[eq + 2..value_end]));
            rest = &rest[value_end + 1..];
        }
        out.insert(attrs["sqref"].clone(), attrs);
    }
    out
}

/// The four texts of the rule on `sqref`.
fn texts(v: &BTreeMap<String, BTreeMap<String, String>>, sqref: &str) -> [String; 4] {
    let a = v
        .get(sqref)
        .unwrap_or_else(|| panic!("no validation on {sqref}: {v:?}"));
    ["promptTitle", "prompt", "errorTitle", "error"].map(|k| {
        a.get(k)
            .unwrap_or_else(|| panic!("{sqref}: no {k} in {a:?}"))
            .clone()
    })
}

fn of(m: &InputMessages) -> [String; 4] {
    [
        m.prompt_title.clone(),
        m.prompt.clone(),
        m.error_title.clone(),
        m.error.clone(),
    ]
}

/// (sqref, messages) of the four checked columns of a 43-item tracker.
fn columns(r: &Report) -> [(&'static str, [String; 4]); 4] {
    let v = &r.validation;
    [
        ("G2:G44", of(&v.status)),
        ("E2:E44", of(&v.owner)),
        ("F2:F44", of(&v.due)),
        ("H2:H44", of(&v.done_on)),
    ]
}

#[test]
fn the_status_rule_names_the_statuses_in_the_workbooks_language() {
    let ko = validations(&render(&report("contoso-midway", Locale::KO_KR)));
    assert_eq!(
        texts(&ko, "G2:G44"),
        [
            "상태 선택",
            "목록에서 상태를 선택하세요. ‘차단됨’ 또는 ‘해당 없음’이면 비고를, ‘완료’이면 완료일을 함께 입력해야 합니다.",
            "목록에 없는 상태",
            "입력한 값은 상태가 아닙니다. 다음 중에서 선택하세요: 시작 전, 진행 중, 차단됨, 완료, 해당 없음.",
        ]
    );
    let en = validations(&render(&report("contoso-midway", Locale::EN_US)));
    assert_eq!(
        texts(&en, "G2:G44"),
        [
            "Status",
            "Pick a status from the list. “Blocked” and “Not applicable” need a note; “Done” needs the date in “Done on”.",
            "Not a status",
            "That is not a status. Pick one of: Not started, In progress, Blocked, Done, Not applicable.",
        ]
    );
    // Refused, not merely warned about.
    assert!(
        !en["G2:G44"].contains_key("errorStyle"),
        "{:?}",
        en["G2:G44"]
    );
}

#[test]
fn the_owner_and_date_rules_explain_themselves_in_both_languages() {
    let ko = validations(&render(&report("contoso-midway", Locale::KO_KR)));
    let en = validations(&render(&report("contoso-midway", Locale::EN_US)));
    assert_eq!(
        texts(&ko, "E2:E44")[3],
        "입력한 이름이 연락처 시트에 없습니다. 목록에서 선택하세요. 새 담당자를 추가하려면 FastTrack Center에 요청하세요."
    );
    assert_eq!(
        texts(&en, "E2:E44")[3],
        "That name is not on the Contacts sheet: pick one from the list. To add someone, ask FastTrack Center to add them to the contacts."
    );
    // The example date is one Excel reads in every language: the issue date, ISO.
    assert_eq!(
        texts(&ko, "F2:F44")[1],
        "기한을 날짜로 입력하세요(예: 2026-11-20)."
    );
    assert_eq!(
        texts(&en, "F2:F44")[1],
        "Type the date this is due, e.g. 2026-11-20."
    );
    assert_eq!(
        texts(&en, "H2:H44")[1],
        "Type the date this was done, e.g. 2026-11-20. Only a responsibility whose status is “Done” has one."
    );
}

#[test]
fn every_checked_column_shows_the_reports_messages() {
    for locale in Locale::bundled() {
        let r = report("contoso-midway", locale);
        let v = validations(&render(&r));
        assert_eq!(v.len(), 4, "{locale}");
        for (sqref, expected) in columns(&r) {
            let got = texts(&v, sqref);
            assert_eq!(got, expected, "{locale} {sqref}");
            for t in &got {
                assert!(!t.trim().is_empty() && !t.contains(['{', '}']), "{t:?}");
                let hangul = t.chars().any(|c| ('가'..='힣').contains(&c));
                assert_eq!(hangul, locale == Locale::KO_KR, "{locale} {sqref}: {t}");
            }
        }
    }
}

#[test]
fn texts_over_excels_limits_are_cut_not_refused() {
    let mut r = report("contoso-midway", Locale::EN_US);
    r.validation.status.prompt_title = "A title far longer than thirty-two characters".into();
    r.validation.status.error = format!("{} end", "word ".repeat(60));
    // Korean counts one unit a character; this one is exactly at the limit.
    r.validation.owner.error = "가".repeat(255);
    let v = validations(&render(&r));
    let [title, _, _, error] = texts(&v, "G2:G44");
    assert_eq!(title, "A title far longer than thirty-…");
    assert_eq!(title.encode_utf16().count(), 32);
    assert!(error.ends_with("word…"), "{error}");
    assert!(error.encode_utf16().count() <= 255, "{error}");
    assert_eq!(texts(&v, "E2:E44")[3], "가".repeat(255));
}
