//! The Korean sign-off sentence attaches the particle that fits each name:
//! statements built by the binary for customers whose names end in a vowel,
//! a consonant, Latin letters and digits, read back with pdftotext, and the
//! tracker's sign-off sheet read back with calamine.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::handover;

/// The seed engagement with another customer (and provider) name.
fn engagement(dir: &Path, customer: &str, provider: &str) -> PathBuf {
    let seed = format!(
        "{}/samples/engagements/contoso-midway.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(seed).unwrap();
    let from_c = "customer: { name: 콘토소 코리아,";
    let from_p = "provider: { name: FastTrack Center }";
    assert_eq!(text.matches(from_c).count(), 1);
    assert_eq!(text.matches(from_p).count(), 1);
    let text = text
        .replacen(from_c, &format!("customer: {{ name: \"{customer}\","), 1)
        .replacen(from_p, &format!("provider: {{ name: \"{provider}\" }}"), 1);
    let path = dir.join("engagement.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Builds the ko-KR pack of `engagement` into `dir/out`; the pack's folder.
fn build(dir: &Path, engagement: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = handover(
        &[
            "build",
            engagement.to_str().unwrap(),
            "--locale",
            "ko-KR",
            "--out",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.remove(0)
}

/// The statement's text with every run of white space (line breaks too)
/// made one space.
fn statement_text(pdf: &Path) -> Option<String> {
    common::require_tool("pdftotext", "the sign-off sentence's particles")?;
    let o = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The acknowledgement on the tracker's sign-off sheet (`승인`, merged A2:B2).
fn tracker_acknowledgement(xlsx: &Path) -> String {
    let mut wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    let sheet = wb.worksheet_range("승인").unwrap();
    match sheet.get_value((1, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("A2 of the sign-off sheet: {other:?}"),
    }
}

/// Builds a statement for `customer` and `provider` and finds the sign-off
/// sentence with `customer_topic` (은/는), `customer_and` (과/와) and
/// `provider_topic` in the PDF and in the tracker.
fn check(
    customer: &str,
    provider: &str,
    customer_topic: &str,
    customer_and: &str,
    provider_topic: &str,
) {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(tmp.path(), &engagement(tmp.path(), customer, provider));
    let wanted = [
        format!("아래 서명으로 {customer_topic} 이 확인서에 열거된 고객 책임을 확인하며,"),
        format!("확인하며, {customer_and} {provider_topic} 여기에 기록된 상태가"),
    ];
    let ack = tracker_acknowledgement(&pack.join("tracker-ko-KR.xlsx"));
    for w in &wanted {
        assert!(ack.contains(w.as_str()), "tracker: `{w}` not in `{ack}`");
    }
    if let Some(text) = statement_text(&pack.join("statement-ko-KR.pdf")) {
        for w in &wanted {
            assert!(
                text.contains(w.as_str()),
                "statement: `{w}` not in:\n{text}"
            );
        }
    }
}

#[test]
fn a_name_ending_in_a_vowel_takes_neun_and_wa() {
    check(
        "콘토소 코리아",
        "FastTrack Center",
        "콘토소 코리아는",
        "콘토소 코리아와",
        "FastTrack Center은(는)",
    );
}

#[test]
fn a_name_ending_in_a_consonant_takes_eun_and_gwa() {
    check(
        "한빛 산업",
        "판교 클라우드",
        "한빛 산업은",
        "한빛 산업과",
        "판교 클라우드는",
    );
}

#[test]
fn a_latin_name_keeps_the_bracketed_form() {
    check(
        "Northwind Traders",
        "FastTrack Center",
        "Northwind Traders은(는)",
        "Northwind Traders와(과)",
        "FastTrack Center은(는)",
    );
}

#[test]
fn a_name_ending_in_a_digit_is_read_in_sino_korean() {
    // 1 일: a final consonant; 2 이: none.
    check(
        "코리아 1",
        "FastTrack Center",
        "코리아 1은",
        "코리아 1과",
        "FastTrack Center은(는)",
    );
    check(
        "코리아 2",
        "FastTrack Center",
        "코리아 2는",
        "코리아 2와",
        "FastTrack Center은(는)",
    );
}

#[test]
fn a_korean_statement_has_no_bracketed_particle_when_both_names_decide() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(
        tmp.path(),
        &engagement(tmp.path(), "한빛 산업(주)", "판교 클라우드"),
    );
    let ack = tracker_acknowledgement(&pack.join("tracker-ko-KR.xlsx"));
    assert!(ack.contains("한빛 산업(주)는 이 확인서에"), "{ack}");
    assert!(
        ack.contains("한빛 산업(주)와 판교 클라우드는 여기에"),
        "{ack}"
    );
    if let Some(text) = statement_text(&pack.join("statement-ko-KR.pdf")) {
        assert!(text.contains("한빛 산업(주)와 판교 클라우드는"), "{text}");
        for bracketed in [
            "은(는)", "는(은)", "와(과)", "과(와)", "이(가)", "을(를)", "(으)로",
        ] {
            assert!(!text.contains(bracketed), "`{bracketed}` in:\n{text}");
        }
    }
}
