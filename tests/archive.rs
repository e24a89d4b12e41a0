//! The statement as an archival record: PDF/A-3b (pikepdf's validator),
//! the pack inside it (read back with lopdf), `handover extract` and a
//! rebuild from what it wrote, and the build for signature.

mod common;
#[path = "synthetic/mod.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

use common::handover;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample(name: &str) -> String {
    format!("{}/samples/engagements/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Builds `engagement` (with `extra` arguments) into `out`; the pack's folder.
fn build(out: &Path, engagement: &str, extra: &[&str]) -> PathBuf {
    let out_s = out.display().to_string();
    let mut args = vec![
        "build",
        engagement,
        "--locale",
        "ko-KR,en-US",
        "--out",
        &out_s,
    ];
    args.extend_from_slice(extra);
    let o = handover(&args, out.parent().unwrap_or(out));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let dirs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.into_iter().next().unwrap()
}

/// Whether pikepdf's PDF/A validator can be run (fails under CI when not).
fn pikepdf() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pikepdf.pdfa"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pikepdf[pdfa] is required under CI: .ci/run installs it"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "warning: skipped the PDF/A-3b validation: pikepdf[pdfa] is not installed (under CI this fails)"
        );
    }
    ok
}

/// Runs the validator on `files`; asserts each opened with pages and has
/// no violation (the findings are printed when it fails).
fn assert_pdfa(files: &[PathBuf]) {
    let script = format!("{}/tests/pdfa_check.py", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new("python3")
        .arg(&script)
        .args(files)
        .output()
        .expect("python3 runs");
    let report = text(&o);
    assert_eq!(o.status.code(), Some(0), "PDF/A-3b:\n{report}");
    for f in files {
        assert!(
            report.contains(&format!("{}: opened, ", f.display())),
            "the validator did not read {}:\n{report}",
            f.display()
        );
        assert!(
            report.contains(&format!("{}: opened", f.display()))
                && !report.contains(&format!("{}: opened, 0 pages", f.display())),
            "{report}"
        );
    }
}

fn statements(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_statement_is_pdfa_3b_draft_and_for_signature_and_the_1000_item_one() {
    if !pikepdf() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (k, name) in [
        "contoso-midway.yaml",
        "fabrikam-signed.yaml",
        "northwind-fresh.yaml",
    ]
    .iter()
    .enumerate()
    {
        for (j, extra) in [&[][..], &["--for-signature"][..]].iter().enumerate() {
            let dir = build(&tmp.path().join(format!("o{k}-{j}")), &sample(name), extra);
            files.extend(statements(&dir));
        }
    }
    let (catalogue, engagement) = synthetic::synthetic(1000);
    std::fs::write(tmp.path().join("c.yaml"), catalogue).unwrap();
    std::fs::write(tmp.path().join("e.yaml"), engagement).unwrap();
    for (j, extra) in [&[][..], &["--for-signature"][..]].iter().enumerate() {
        let mut args = vec!["--catalogue", "c.yaml"];
        args.extend_from_slice(extra);
        let dir = build(&tmp.path().join(format!("s{j}")), "e.yaml", &args);
        files.extend(statements(&dir));
    }
    assert_eq!(files.len(), 3 * 2 * 2 + 2 * 2);
    assert_pdfa(&files);
    if common::require_tool("qpdf", "qpdf --check of every statement").is_some() {
        for f in &files {
            let o = Command::new("qpdf").arg("--check").arg(f).output().unwrap();
            assert!(
                o.status.success(),
                "qpdf --check {}:\n{}",
                f.display(),
                text(&o)
            );
        }
    }
}

/// The catalog's dictionary.
fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().expect("catalog")
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("object"),
        other => other,
    }
}

#[test]
fn the_statement_carries_its_tracker_and_inputs_as_associated_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(&tmp.path().join("o"), &sample("contoso-midway.yaml"), &[]);
    for locale in ["ko-KR", "en-US"] {
        let pdf = std::fs::read(dir.join(format!("statement-{locale}.pdf"))).unwrap();
        let tracker = std::fs::read(dir.join(format!("tracker-{locale}.xlsx"))).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        let root = catalog(&doc);
        let af = resolve(&doc, root.get(b"AF").expect("/AF"))
            .as_array()
            .unwrap();
        assert_eq!(af.len(), 3, "{locale}: three associated files");
        let tree = resolve(
            &doc,
            resolve(&doc, root.get(b"Names").unwrap())
                .as_dict()
                .unwrap()
                .get(b"EmbeddedFiles")
                .unwrap(),
        )
        .as_dict()
        .unwrap();
        let names = tree.get(b"Names").unwrap().as_array().unwrap();
        let mut seen = Vec::new();
        for pair in names.chunks(2) {
            let key = String::from_utf8_lossy(pair[0].as_str().unwrap()).into_owned();
            let spec = resolve(&doc, &pair[1]).as_dict().unwrap();
            assert!(
                af.contains(&pair[1]),
                "{key}: in the name tree and in /AF alike"
            );
            let rel = spec.get(b"AFRelationship").unwrap().as_name().unwrap();
            assert!(
                spec.get(b"Desc").is_ok() && spec.get(b"UF").is_ok(),
                "{key}"
            );
            let ef = resolve(&doc, spec.get(b"EF").unwrap()).as_dict().unwrap();
            let Object::Stream(stream) = resolve(&doc, ef.get(b"F").unwrap()) else {
                panic!("{key}: no stream");
            };
            let mime = stream
                .dict
                .get(b"Subtype")
                .unwrap()
                .as_name()
                .unwrap()
                .to_vec();
            let params = resolve(&doc, stream.dict.get(b"Params").unwrap())
                .as_dict()
                .unwrap();
            let bytes = stream
                .decompressed_content()
                .unwrap_or(stream.content.clone());
            assert_eq!(
                params.get(b"Size").unwrap().as_i64().unwrap(),
                i64::try_from(bytes.len()).unwrap(),
                "{key}"
            );
            assert_eq!(
                params.get(b"ModDate").unwrap().as_str().unwrap(),
                b"D:20261120000000Z",
                "{key}: the issue date, not the clock"
            );
            assert_eq!(params.get(b"CheckSum").unwrap().as_str().unwrap().len(), 16);
            seen.push((key, String::from_utf8(mime).unwrap(), rel.to_vec(), bytes));
        }
        let names: Vec<&str> = seen.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "catalogue-fasttrack-ems.yaml",
                "engagement-ENG-2026-0142.yaml",
                &format!("tracker-{locale}.xlsx"),
            ],
            "sorted, as a name tree is"
        );
        let (_, mime, rel, bytes) = &seen[2];
        assert_eq!(
            mime,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(rel, b"Supplement");
        assert_eq!(
            handover::pack::sha256_hex(bytes),
            handover::pack::sha256_hex(&tracker),
            "{locale}: the pack's tracker, byte for byte"
        );
        for (name, mime, rel, bytes) in &seen[..2] {
            assert_eq!(mime, "application/yaml", "{name}");
            assert_eq!(rel, b"Source", "{name}");
            assert!(!bytes.is_empty());
        }
        // The engagement is the checked state written out: no comments of
        // the file it was built from.
        let engagement = String::from_utf8(seen[1].3.clone()).unwrap();
        let original = std::fs::read_to_string(sample("contoso-midway.yaml")).unwrap();
        assert!(original.lines().any(|l| l.trim_start().starts_with('#')));
        assert_eq!(
            engagement.lines().filter(|l| l.contains('#')).count(),
            1,
            "only its own heading comment:\n{engagement}"
        );
    }
}

#[test]
fn extract_writes_the_attachments_and_a_rebuild_from_them_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(&tmp.path().join("o"), &sample("contoso-midway.yaml"), &[]);
    let ex = tmp.path().join("ex");
    let statement = dir.join("statement-ko-KR.pdf");
    let o = handover(
        &[
            "extract",
            &statement.display().to_string(),
            "--out",
            &ex.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read(ex.join("tracker-ko-KR.xlsx")).unwrap(),
        std::fs::read(dir.join("tracker-ko-KR.xlsx")).unwrap()
    );
    // Again: the same files are there, nothing to do.
    let o = handover(
        &[
            "extract",
            &statement.display().to_string(),
            "--out",
            &ex.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(text(&o).matches("unchanged").count(), 3, "{}", text(&o));
    // A different file of the same name is kept, and nothing is written.
    std::fs::write(ex.join("tracker-ko-KR.xlsx"), "mine").unwrap();
    let o = handover(
        &[
            "extract",
            &statement.display().to_string(),
            "--out",
            &ex.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(
        std::fs::read(ex.join("tracker-ko-KR.xlsx")).unwrap(),
        b"mine"
    );
    let o = handover(
        &[
            "extract",
            &statement.display().to_string(),
            "--out",
            &ex.display().to_string(),
            "--force",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The pack, rebuilt from nothing but what the PDF carried.
    let rebuilt = tmp.path().join("rebuilt");
    let o = handover(
        &[
            "build",
            &ex.join("engagement-ENG-2026-0142.yaml")
                .display()
                .to_string(),
            "--catalogue",
            &ex.join("catalogue-fasttrack-ems.yaml")
                .display()
                .to_string(),
            "--locale",
            "ko-KR,en-US",
            "--out",
            &rebuilt.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for f in [
        "statement-ko-KR.pdf",
        "statement-en-US.pdf",
        "tracker-ko-KR.xlsx",
        "tracker-en-US.xlsx",
    ] {
        assert!(
            std::fs::read(rebuilt.join("ENG-2026-0142").join(f)).unwrap()
                == std::fs::read(dir.join(f)).unwrap(),
            "{f} rebuilt from the extracted inputs differs"
        );
    }
}

#[test]
fn no_attachments_leaves_them_out_and_extract_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(
        &tmp.path().join("o"),
        &sample("contoso-midway.yaml"),
        &["--no-attachments"],
    );
    let pdf = std::fs::read(dir.join("statement-ko-KR.pdf")).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    assert!(catalog(&doc).get(b"AF").is_err());
    assert!(catalog(&doc).get(b"Names").is_err());
    let o = handover(
        &[
            "extract",
            &dir.join("statement-ko-KR.pdf").display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("has no attachments"), "{}", text(&o));
    // Not a PDF at all.
    std::fs::write(tmp.path().join("x.pdf"), "not a pdf").unwrap();
    let o = handover(&["extract", "x.pdf"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not a readable PDF"), "{}", text(&o));
}

fn pdftotext(pdf: &Path) -> Option<String> {
    common::require_tool("pdftotext", "the for-signature text check")?;
    let o = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn a_build_for_signature_has_no_draft_text_and_a_field_over_each_unsigned_line() {
    use handover::pdf::layout::Mark;
    let tmp = tempfile::tempdir().unwrap();
    // northwind: neither party has signed; contoso: the customer has.
    for (name, unsigned) in [
        ("northwind-fresh.yaml", &["customer", "provider"][..]),
        ("contoso-midway.yaml", &["provider"][..]),
    ] {
        let dir = build(&tmp.path().join(name), &sample(name), &["--for-signature"]);
        let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        assert!(
            manifest.contains("\"state\": \"for-signature\""),
            "{manifest}"
        );
        let src =
            handover::source::Source::new(name, std::fs::read_to_string(sample(name)).unwrap());
        let loaded = handover::load(&src, None).unwrap();
        for locale in [
            handover::locale::Locale::KO_KR,
            handover::locale::Locale::EN_US,
        ] {
            let path = dir.join(format!("statement-{}.pdf", locale.tag()));
            if let Some(t) = pdftotext(&path) {
                // The draft's own words: its marking, its detail, its state.
                let draft = loaded.report(locale, None).unwrap();
                let marking = &draft.labels.draft_marking;
                assert!(
                    !t.contains(marking.as_str()),
                    "{name} {locale}: `{marking}`"
                );
                assert!(
                    !t.lines().any(|l| l.trim() == draft.state_label),
                    "{name} {locale}: the state `{}` in:\n{t}",
                    draft.state_label
                );
                if let Some(d) = &draft.draft_detail {
                    assert!(!t.contains(d.as_str()), "{name} {locale}: `{d}`");
                }
                let issued = if locale == handover::locale::Locale::KO_KR {
                    "서명용 발행"
                } else {
                    "Issued for signature"
                };
                assert!(t.contains(issued), "{name} {locale}");
            }
            let doc = Document::load_mem(&std::fs::read(&path).unwrap()).unwrap();
            let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
            let last = *pages.last().unwrap();
            let form = resolve(&doc, catalog(&doc).get(b"AcroForm").expect("AcroForm"))
                .as_dict()
                .unwrap();
            assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
            let fields = form.get(b"Fields").unwrap().as_array().unwrap();
            assert_eq!(fields.len(), unsigned.len(), "{name} {locale}");

            // Where the layout puts each party's signature line.
            let report = loaded
                .resolve(handover::report::ResolveOptions {
                    locale,
                    secondary: None,
                    fallback_date: None,
                    for_signature: true,
                })
                .unwrap();
            let template = handover::template::Template::bundled().unwrap();
            let laid = handover::pdf::layout(&report, &template).unwrap();
            let height = laid.height;
            assert_eq!(laid.signature_fields.len(), unsigned.len());
            for (f, party) in fields.iter().zip(unsigned) {
                let w = resolve(&doc, f).as_dict().unwrap();
                assert_eq!(w.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
                assert_eq!(w.get(b"Subtype").unwrap().as_name().unwrap(), b"Widget");
                assert_eq!(
                    w.get(b"T").unwrap().as_str().unwrap(),
                    format!("{party}-signature").as_bytes()
                );
                assert_eq!(w.get(b"F").unwrap().as_i64().unwrap(), 4, "printed");
                assert_eq!(
                    w.get(b"P").unwrap().as_reference().unwrap(),
                    last,
                    "on the sign-off page"
                );
                let ap = resolve(&doc, w.get(b"AP").unwrap()).as_dict().unwrap();
                assert!(matches!(
                    resolve(&doc, ap.get(b"N").unwrap()),
                    Object::Stream(_)
                ));
                let tu = w.get(b"TU").unwrap().as_str().unwrap();
                let tu = if tu.starts_with(&[0xFE, 0xFF]) {
                    let u: Vec<u16> = tu[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&u).unwrap()
                } else {
                    String::from_utf8(tu.to_vec()).unwrap()
                };
                let who = report
                    .signoff
                    .iter()
                    .find(|s| s.party.key() == *party)
                    .unwrap();
                assert_eq!(tu, who.field_tooltip);
                assert!(
                    tu.contains(&who.name) && tu.contains(&who.party_label),
                    "{tu}"
                );
                let r: Vec<f32> = w
                    .get(b"Rect")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_float().unwrap())
                    .collect();
                let (x0, y0, x1, y1) = (r[0], r[1], r[2], r[3]);
                assert!(
                    x0 >= 0.0 && y0 >= 0.0 && x1 <= laid.width && y1 <= height,
                    "{r:?}"
                );
                assert!(
                    x1 - x0 > 100.0 && y1 - y0 > 20.0,
                    "big enough to click: {r:?}"
                );
                // The party's signature line: a rule on the last page along
                // the widget's bottom, as wide as the widget.
                let page = laid.pages.last().unwrap();
                let on_line = page.marks.iter().any(|m| match m {
                    Mark::Line { from, to, .. } => {
                        let y = height - from.1;
                        (from.1 - to.1).abs() < 0.01
                            && (y - y0).abs() < 1.5
                            && (from.0 - x0).abs() < 0.5
                            && (to.0 - x1).abs() < 0.5
                    }
                    _ => false,
                });
                assert!(
                    on_line,
                    "{name} {locale} {party}: no signature line under {r:?}"
                );
            }
        }
        // Without the flag: a draft says so, and has no fields.
        let draft = build(&tmp.path().join(format!("d-{name}")), &sample(name), &[]);
        let doc =
            Document::load_mem(&std::fs::read(draft.join("statement-en-US.pdf")).unwrap()).unwrap();
        assert!(catalog(&doc).get(b"AcroForm").is_err());
        if let Some(t) = pdftotext(&draft.join("statement-en-US.pdf")) {
            let labels = loaded
                .report(handover::locale::Locale::EN_US, None)
                .unwrap()
                .labels;
            assert!(
                t.contains(&labels.draft_marking),
                "{name}: a draft without its marking"
            );
        }
    }
}

#[test]
fn the_attached_engagement_reads_back_as_the_same_state_and_is_written_the_same_again() {
    for name in [
        "contoso-midway.yaml",
        "fabrikam-signed.yaml",
        "northwind-fresh.yaml",
    ] {
        let src =
            handover::source::Source::new(name, std::fs::read_to_string(sample(name)).unwrap());
        let loaded = handover::load(&src, None).unwrap();
        let text = handover::canonical::engagement_yaml(&loaded.engagement, &loaded.catalogue);
        let again = handover::load(&handover::source::Source::new("c.yaml", text.clone()), None)
            .unwrap_or_else(|e| panic!("{name}: the canonical text does not load: {e}\n{text}"));
        assert_eq!(again.engagement, loaded.engagement, "{name}");
        assert_eq!(
            handover::canonical::engagement_yaml(&again.engagement, &again.catalogue),
            text,
            "{name}: written the same again"
        );
    }
}
