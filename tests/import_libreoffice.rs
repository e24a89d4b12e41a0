//! A tracker saved again by another program — LibreOffice Calc, headless —
//! still imports: unchanged, it has no changes; edited and re-saved, the
//! edits come back. Skipped (with a warning) where `soffice` is missing,
//! except under CI, where `.ci/run` installs it and its absence fails.

mod common;
#[path = "common/xlsx_edit.rs"]
mod xlsx_edit;

use std::path::Path;
use std::process::Command;

use handover::bundled;
use handover::locale::Locale;
use handover::model::Status;
use handover::source::Source;

/// Opens `xlsx` in LibreOffice and saves it as XLSX again; returns the new bytes.
fn resave(soffice: &Path, xlsx: &[u8], work: &Path) -> Vec<u8> {
    let input = work.join("in").join("tracker.xlsx");
    let outdir = work.join("out");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::create_dir_all(&outdir).unwrap();
    std::fs::write(&input, xlsx).unwrap();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(&input)
        .output()
        .unwrap();
    let out = outdir.join("tracker.xlsx");
    assert!(
        out.is_file(),
        "LibreOffice did not convert: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(out).unwrap()
}

fn tracker(text: &str, locale: Locale) -> Vec<u8> {
    let loaded = handover::load(&Source::new("e.yaml", text), None).unwrap();
    let report = loaded.report(locale, None).unwrap();
    handover::xlsx::render(&report).unwrap()
}

#[test]
fn libreoffice_resaved_trackers_import() {
    let Some(soffice) = common::require_tool("soffice", "re-saving trackers in LibreOffice") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let text = bundled::sample("contoso-midway").unwrap().text;
    let src = Source::new("contoso.yaml", text);
    let loaded = handover::load(&src, None).unwrap();

    // Unchanged, through LibreOffice: nothing to import.
    let resaved = resave(&soffice, &tracker(text, Locale::KO_KR), work.path());
    let imported =
        handover::import::import(&src, &loaded, &resaved).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(imported.changes.is_empty(), "{:#?}", imported.changes);

    // Edited, then re-saved by LibreOffice: the edits come back.
    let cat = &loaded.catalogue;
    let row = |id: &str| cat.items().position(|(_, i)| i.id == id).unwrap() + 2;
    let edited = xlsx_edit::edit(
        &tracker(text, Locale::EN_US),
        "Tracker",
        &[
            (&format!("G{}", row("GEN-04")), xlsx_edit::Val::Str("Done")),
            (
                &format!("H{}", row("GEN-04")),
                xlsx_edit::Val::Num(xlsx_edit::serial(2026, 11, 18)),
            ),
            (
                &format!("E{}", row("REMED-01")),
                xlsx_edit::Val::Str("박지훈"),
            ),
        ],
    );
    let work2 = tempfile::tempdir().unwrap();
    let resaved = resave(&soffice, &edited, work2.path());
    let imported =
        handover::import::import(&src, &loaded, &resaved).unwrap_or_else(|e| panic!("{e:?}"));
    let fields: Vec<(&str, &str, &str)> = imported
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.field.key(), c.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("GEN-04", "status", "done"),
            ("GEN-04", "done_on", "2026-11-18"),
            ("REMED-01", "owner", "jihoon")
        ]
    );
    let after = handover::load(&Source::new("contoso.yaml", imported.updated), None).unwrap();
    assert_eq!(after.engagement.states["GEN-04"].status, Status::Done);
    assert_eq!(
        after.engagement.states["REMED-01"].owner.as_deref(),
        Some("jihoon")
    );
}
