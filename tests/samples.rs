//! Every bundled sample loads, resolves in both locales, and says the right
//! things: counts per status, localized dates, status names.

mod common;

use handover::bundled::{self, SAMPLES};
use handover::i18n::Translator;
use handover::locale::Locale;
use handover::model::Status;
use handover::report::{Report, ResolveOptions, SignState, resolve};

fn report(id: &str, locale: Locale) -> Report {
    let sample = bundled::sample(id).unwrap();
    let loaded = handover::load(&sample.source(), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.0.is_empty(), "{:?}", loaded.warnings);
    loaded.report(locale, None).unwrap()
}

fn counts(r: &Report) -> [usize; 5] {
    r.totals.by_status
}

#[test]
fn every_sample_loads_and_resolves_in_both_locales() {
    for s in SAMPLES {
        for l in Locale::bundled() {
            let r = report(s.id, l);
            assert_eq!(r.totals.total, 43, "{}", s.id);
            assert_eq!(r.phases.len(), 5);
            let per_phase: Vec<usize> = r.phases.iter().map(|p| p.counts.total).collect();
            assert_eq!(per_phase, [25, 2, 6, 2, 8]);
            // Phase counts add up to the totals, status by status.
            for st in Status::ALL {
                let sum: usize = r.phases.iter().map(|p| p.counts.get(st)).sum();
                assert_eq!(sum, r.totals.get(st));
            }
        }
    }
}

#[test]
fn midway_sample_counts_dates_and_statuses() {
    let ko = report("contoso-midway", Locale::KO_KR);
    // [not-started, in-progress, blocked, done, not-applicable]
    assert_eq!(counts(&ko), [13, 8, 2, 16, 4]);
    assert_eq!(ko.phases[0].counts.by_status, [2, 6, 2, 11, 4]);
    assert_eq!(ko.state, SignState::Draft);
    assert_eq!(ko.state_label, "초안");
    assert_eq!(ko.issued.text, "2026년 11월 20일");
    assert_eq!(ko.start.text, "2026년 9월 1일");
    assert_eq!(ko.status_label(Status::InProgress), "진행 중");
    assert_eq!(ko.status_label(Status::NotApplicable), "해당 없음");
    assert_eq!(
        ko.overdue,
        ["GEN-04", "GEN-11", "GEN-13", "GEN-18", "ASSESS-03"]
    );
    assert_eq!(
        ko.overdue_text,
        "2026년 11월 20일 기준 기한을 넘긴 책임이 5건 있습니다."
    );
    assert_eq!(ko.document_version.as_deref(), Some("1.1"));
    assert_eq!(ko.revisions[1].date.text, "2026년 11월 15일");
    assert!(ko.draft_detail.as_deref().unwrap().contains("Jane Doe"));
    assert_eq!(ko.page_of(2, 9), "2 / 9쪽");
    let gen01 = &ko.phases[0].items[0];
    assert_eq!(gen01.status, Status::Done);
    assert_eq!(gen01.status_label, "완료");
    assert!(
        gen01
            .text
            .starts_with("이 문서에 열거된 구성 가능한 옵션을 벗어나는")
    );

    let en = report("contoso-midway", Locale::EN_US);
    assert_eq!(counts(&en), counts(&ko));
    assert_eq!(en.issued.text, "November 20, 2026");
    assert_eq!(en.state_label, "Draft");
    assert_eq!(en.status_label(Status::Blocked), "Blocked");
    assert_eq!(en.labels.column_responsibility, "Responsibility");
    assert_eq!(en.page_of(3, 12), "Page 3 of 12");
    assert_eq!(
        en.overdue_text,
        "5 responsibilities are overdue as of November 20, 2026."
    );
    assert!(
        en.acknowledgement.contains("콘토소 코리아")
            && en.acknowledgement.contains("FastTrack Center")
    );
    // The fingerprint is a property of the content, not of the language.
    assert_eq!(en.fingerprint, ko.fingerprint);
    assert_eq!(en.content_sha256, ko.content_sha256);
}

#[test]
fn signed_sample_is_signed_off_with_localized_dates() {
    let en = report("fabrikam-signed", Locale::EN_US);
    assert_eq!(en.state, SignState::SignedOff);
    assert_eq!(en.state_label, "Signed off");
    assert_eq!(counts(&en), [0, 0, 0, 38, 5]);
    assert!((en.totals.percent_done() - 100.0).abs() < f64::EPSILON);
    assert!(en.draft_detail.is_none());
    assert!(en.overdue.is_empty());
    assert_eq!(en.overdue_text, "No responsibility is overdue.");
    assert_eq!(en.issued.text, "August 5, 2026");
    assert!(
        en.signoff
            .iter()
            .all(|s| s.date.is_some() && s.status_text.starts_with("Signed on "))
    );
    let ko = report("fabrikam-signed", Locale::KO_KR);
    assert_eq!(ko.state_label, "승인 완료");
    assert_eq!(ko.issued.text, "2026년 8월 5일");
    assert!(ko.signoff[0].status_text.ends_with(" 서명"));
}

#[test]
fn fresh_sample_is_all_not_started_and_a_draft() {
    let en = report("northwind-fresh", Locale::EN_US);
    assert_eq!(counts(&en), [43, 0, 0, 0, 0]);
    assert_eq!(en.state, SignState::Draft);
    assert!(en.revisions.is_empty());
    assert_eq!(en.document_version, None);
    assert_eq!(en.totals.percent_done(), 0.0);
    assert!(en.items().all(|(_, i)| i.status_label == "Not started"));
}

#[test]
fn locale_falls_back_from_flag_to_engagement_to_en_us() {
    let ko_sample =
        handover::load(&bundled::sample("contoso-midway").unwrap().source(), None).unwrap();
    assert_eq!(ko_sample.locale(None), Locale::KO_KR);
    assert_eq!(ko_sample.locale(Some(Locale::EN_US)), Locale::EN_US);
    let no_locale = common::base_with("  locale: ko-KR\n", "");
    let loaded = common::load_str(&no_locale).unwrap();
    assert_eq!(loaded.locale(None), Locale::EN_US);
}

#[test]
fn issue_date_falls_back_to_revision_then_source_date_epoch_then_start() {
    let no_as_of = common::base_with("  as_of: 2026-11-20\n", "");
    let loaded = common::load_str(&no_as_of).unwrap();
    let tr = Translator::global().unwrap();
    let opts = |d| ResolveOptions {
        locale: Locale::EN_US,
        secondary: None,
        fallback_date: d,
        for_signature: false,
    };
    let r = resolve(tr, &loaded.catalogue, &loaded.engagement, opts(None)).unwrap();
    assert_eq!(r.issued.iso, "2026-10-01", "newest revision");
    let no_rev = no_as_of.replace(
        "revisions:\n  - { version: \"1.0\", date: 2026-10-01, note: 초안 }\n",
        "",
    );
    let loaded = common::load_str(&no_rev).unwrap();
    let epoch = jiff::civil::date(2026, 12, 24);
    let r = resolve(tr, &loaded.catalogue, &loaded.engagement, opts(Some(epoch))).unwrap();
    assert_eq!(r.issued.text, "December 24, 2026");
    let r = resolve(tr, &loaded.catalogue, &loaded.engagement, opts(None)).unwrap();
    assert_eq!(r.issued.iso, "2026-09-01", "start date");
}

#[test]
fn overdue_is_due_before_the_issue_date_and_still_open() {
    // GEN-05 (in-progress, due 11-10) is overdue on 11-20; GEN-01 (done,
    // due 10-01) and GEN-02 (due 11-30) are not.
    let loaded = common::load_str(common::BASE).unwrap();
    let r = loaded.report(Locale::EN_US, None).unwrap();
    assert_eq!(r.overdue, ["GEN-05"]);
    assert!(r.phases[0].items[4].overdue);
    assert!(!r.phases[0].items[0].overdue);
    assert_eq!(
        r.overdue_text,
        "One responsibility is overdue as of November 20, 2026."
    );
}

#[test]
fn empty_signoff_still_gives_a_blank_block_per_party() {
    let yaml = common::BASE.split("signoff:").next().unwrap().to_owned();
    let loaded = common::load_str(&yaml).unwrap();
    let r = loaded.report(Locale::EN_US, None).unwrap();
    assert_eq!(r.state, SignState::Draft);
    let parties: Vec<&str> = r.signoff.iter().map(|s| s.party_label.as_str()).collect();
    assert_eq!(parties, ["Customer", "Provider"]);
    assert!(
        r.signoff
            .iter()
            .all(|s| s.name.is_empty() && s.status_text == "Not yet signed")
    );
}

#[test]
fn report_json_has_the_localized_fields() {
    let r = report("contoso-midway", Locale::EN_US);
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(v["locale"], "en-US");
    assert_eq!(v["state"], "draft");
    assert_eq!(
        v["totals"]["by_status"],
        serde_json::json!([13, 8, 2, 16, 4])
    );
    assert_eq!(v["phases"][2]["items"][1]["id"], "ASSESS-02");
    assert_eq!(v["phases"][2]["items"][1]["optional"], true);
    assert_eq!(v["issued"]["iso"], "2026-11-20");
}
