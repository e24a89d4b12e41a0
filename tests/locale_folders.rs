//! A language is a folder: `--locales DIR` adds one (or overrides a
//! bundled one's messages), and what it lacks comes along its chain.

mod common;

use std::path::Path;

use lopdf::{Document, Object};

const EN_US: &str = include_str!("../locales/en-US/handover.ftl");
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/engagements/contoso-midway.yaml"
);

/// An en-GB folder: en-US's messages with the title and the date format
/// changed (`20 November 2026`).
fn en_gb(dir: &Path) {
    let ftl = EN_US
        .replace(
            "document-title = Statement of Customer Responsibilities",
            "document-title = Statement of Customer Responsibilities (UK)",
        )
        .replace("} { $day }, { $year }", "} { $year }")
        .replace("date-long = {", "date-long = { $day } {");
    assert_ne!(ftl, EN_US);
    std::fs::create_dir_all(dir.join("en-GB")).unwrap();
    std::fs::write(dir.join("en-GB/handover.ftl"), ftl).unwrap();
}

/// `handover build SEED --locale en-GB --locales LOCALES --out OUT`.
fn build_en_gb(dir: &Path, locales: &Path, out: &Path) -> std::process::Output {
    common::handover(
        &[
            "build",
            SEED,
            "--locale",
            "en-GB",
            "--locales",
            locales.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir,
    )
}

fn lang(pdf: &Path) -> String {
    let doc = Document::load(pdf).expect("lopdf reads it");
    let cat = doc.catalog().expect("catalog");
    match cat.get(b"Lang").expect("/Lang") {
        Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
        other => panic!("/Lang is {other:?}"),
    }
}

#[test]
fn an_en_gb_folder_builds_with_its_label_its_dates_and_the_catalogues_en_us_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let locales = tmp.path().join("locales");
    en_gb(&locales);
    let out = tmp.path().join("out");
    let o = build_en_gb(tmp.path(), &locales, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pack = out.join("ENG-2026-0142");
    let pdf = pack.join("statement-en-GB.pdf");
    assert!(pack.join("tracker-en-GB.xlsx").is_file());
    assert_eq!(lang(&pdf), "en-GB");
    if let Some(text) = common::pdftotext(&pdf, "the en-GB statement's text") {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Statement of Customer Responsibilities (UK)"),
            "the folder's label: {flat}"
        );
        // The catalogue has no en-GB texts: en-US's, by the chain.
        assert!(
            flat.contains("Provide overall program and project management for your resources."),
            "the catalogue's en-US text"
        );
        // Dates in the folder's own format.
        assert!(
            flat.contains("20 November 2026") || flat.contains("1 September 2026"),
            "{flat}"
        );
        assert!(!flat.contains("November 20, 2026"), "en-US dates: {flat}");
    }
    // The workbook speaks en-GB too.
    let xlsx = std::fs::read(pack.join("tracker-en-GB.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
}

#[test]
fn a_folder_with_one_message_falls_back_for_the_rest_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let locales = tmp.path().join("locales");
    std::fs::create_dir_all(locales.join("en-GB")).unwrap();
    std::fs::write(
        locales.join("en-GB/titles.ftl"),
        "document-title = Statement of Customer Responsibilities (UK)\n",
    )
    .unwrap();
    let o = common::handover(
        &[
            "show",
            SEED,
            "--locale",
            "en-GB",
            "--locales",
            locales.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("en-GB:") && err.contains("come from en-US"),
        "the gap is reported: {err}"
    );
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(
        shown.contains("Done") || shown.contains("Not started"),
        "{shown}"
    );
}

#[test]
fn a_broken_folder_is_named_with_its_file_line_and_column_and_nothing_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let locales = tmp.path().join("locales");
    std::fs::create_dir_all(locales.join("en-GB")).unwrap();
    std::fs::write(
        locales.join("en-GB/handover.ftl"),
        "document-title = fine\nbroken line without equals\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = build_en_gb(tmp.path(), &locales, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("en-GB/handover.ftl:2:"),
        "file, line, column: {err}"
    );
    assert!(!out.exists(), "nothing written");

    // A folder that is not a language tag.
    std::fs::remove_dir_all(&locales).unwrap();
    std::fs::create_dir_all(locales.join("british")).unwrap();
    std::fs::write(locales.join("british/handover.ftl"), EN_US).unwrap();
    let o = common::handover(
        &["show", SEED, "--locales", locales.to_str().unwrap()],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`british` is not a language tag") && err.contains("hint:"),
        "{err}"
    );
}

#[test]
fn without_the_folder_en_gb_is_refused_with_the_supported_list() {
    let tmp = tempfile::tempdir().unwrap();
    let o = common::handover(&["build", SEED, "--locale", "en-GB"], tmp.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("unsupported locale `en-GB`")
            && err.contains("ko-KR")
            && err.contains("--locales"),
        "{err}"
    );
}
