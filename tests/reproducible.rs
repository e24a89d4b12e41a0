//! A pack is reproducible and verifiable: the same inputs built twice, in
//! different folders at different times, give identical bytes; the
//! fingerprint is the content's; `verify` catches tampering and staleness.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], dir: &Path, epoch: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handover"));
    c.args(args).current_dir(dir).env("NO_COLOR", "1");
    match epoch {
        Some(e) => c.env("SOURCE_DATE_EPOCH", e),
        None => c.env_remove("SOURCE_DATE_EPOCH"),
    };
    c.output().unwrap()
}

fn ok(o: &Output) -> String {
    let s = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(0), "{s}");
    s
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/engagements")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_same_inputs_give_identical_bytes_in_different_folders_at_different_times() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for s in ["contoso-midway.yaml", "fabrikam-signed.yaml"] {
        ok(&run(
            &[
                "build",
                &sample(s),
                "--locale",
                "ko-KR,en-US",
                "--out",
                "packs",
            ],
            a.path(),
            None,
        ));
    }
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Another folder, another working directory, the inputs named by another path.
    let copy = b.path().join("in");
    std::fs::create_dir(&copy).unwrap();
    for s in ["contoso-midway.yaml", "fabrikam-signed.yaml"] {
        std::fs::copy(sample(s), copy.join(s)).unwrap();
        ok(&run(
            &[
                "build",
                &format!("in/{s}"),
                "--locale",
                "ko-KR,en-US",
                "--out",
                "elsewhere",
            ],
            b.path(),
            None,
        ));
    }
    for id in ["ENG-2026-0142", "ENG-2026-0087"] {
        let x = files(&a.path().join("packs").join(id));
        let y = files(&b.path().join("elsewhere").join(id));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let expected = [
            "manifest.json",
            "statement-en-US.pdf",
            "statement-ko-KR.pdf",
            "tracker-en-US.xlsx",
            "tracker-ko-KR.xlsx",
        ];
        assert_eq!(names(&x), expected, "{id}: the first build's files");
        assert_eq!(names(&y), expected, "{id}: the second build's files");
        for ((n, bx), (_, by)) in x.iter().zip(&y) {
            assert!(bx == by, "{id}/{n} differs between the two builds");
        }
    }
}

#[test]
fn the_manifest_lists_inputs_outputs_and_the_fingerprint() {
    let d = tempfile::tempdir().unwrap();
    ok(&run(
        &[
            "build",
            &sample("contoso-midway.yaml"),
            "--locale",
            "ko-KR,en-US",
            "--out",
            "o",
        ],
        d.path(),
        None,
    ));
    let pack = d.path().join("o/ENG-2026-0142");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(pack.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["tool"], "handover");
    assert_eq!(m["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["locales"], serde_json::json!(["ko-KR", "en-US"]));
    assert_eq!(m["state"], "draft");
    let engagement = std::fs::read(sample("contoso-midway.yaml")).unwrap();
    assert_eq!(m["inputs"][0]["path"], "contoso-midway.yaml");
    assert_eq!(
        m["inputs"][0]["sha256"],
        handover::pack::sha256_hex(&engagement)
    );
    assert_eq!(
        m["inputs"][1]["path"],
        "bundled:samples/catalogues/fasttrack-ems.yaml"
    );
    for o in m["outputs"].as_array().unwrap() {
        let bytes = std::fs::read(pack.join(o["name"].as_str().unwrap())).unwrap();
        assert_eq!(o["bytes"], bytes.len());
        assert_eq!(o["sha256"], handover::pack::sha256_hex(&bytes));
    }
    // The fingerprint is the resolved content's, the same as `show` prints
    // and as the workbook carries.
    let fp = m["fingerprint"].as_str().unwrap();
    let shown = ok(&run(
        &["show", &sample("contoso-midway.yaml"), "--json"],
        d.path(),
        None,
    ));
    let report: serde_json::Value = serde_json::from_str(
        shown
            .lines()
            .skip_while(|l| !l.starts_with('{'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    assert_eq!(report["fingerprint"], fp);
    assert_eq!(report["content_sha256"], m["content_sha256"]);
    let xlsx = std::fs::read(pack.join("tracker-ko-KR.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut custom = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("docProps/custom.xml").unwrap(),
        &mut custom,
    )
    .unwrap();
    assert!(custom.contains(fp), "{custom}");
    // And the statement's footer shows it (read back with poppler).
    if let Some(pdftotext) =
        common::require_tool("pdftotext", "the fingerprint in the statement's footer")
    {
        let out = Command::new(pdftotext)
            .arg(pack.join("statement-en-US.pdf"))
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&format!("Fingerprint {fp}")), "{text}");
    }
}

#[test]
fn source_date_epoch_is_honoured_where_the_inputs_give_no_date() {
    let d = tempfile::tempdir().unwrap();
    // No as_of, no revisions: the issue date comes from SOURCE_DATE_EPOCH.
    let yaml = common::BASE
        .replace("  as_of: 2026-11-20\n", "")
        .split("revisions:")
        .next()
        .unwrap()
        .to_owned();
    std::fs::write(d.path().join("e.yaml"), &yaml).unwrap();
    let show = |epoch| {
        let s = ok(&run(&["show", "e.yaml", "--json"], d.path(), epoch));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        v["issued"]["iso"].as_str().unwrap().to_owned()
    };
    assert_eq!(show(Some("1796083200")), "2026-12-01");
    assert_eq!(
        show(None),
        "2026-09-01",
        "without it, the start date; never the clock"
    );
    let build = |epoch, out: &str| {
        ok(&run(&["build", "e.yaml", "--out", out], d.path(), epoch));
        files(&d.path().join(out).join("ENG-T-1"))
    };
    let one = build(Some("1796083200"), "a");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let two = build(Some("1796083200"), "b");
    assert_eq!(one, two);
    let other = build(Some("1798761600"), "c");
    let pdf = |v: &[(String, Vec<u8>)]| {
        v.iter()
            .find(|(n, _)| n.ends_with(".pdf"))
            .unwrap()
            .1
            .clone()
    };
    assert_ne!(pdf(&one), pdf(&other), "another date, another statement");
    let bad = run(
        &["build", "e.yaml", "--out", "x"],
        d.path(),
        Some("yesterday"),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SOURCE_DATE_EPOCH=yesterday"));
}

#[test]
fn verify_catches_tampering_deletion_extras_and_staleness() {
    let d = tempfile::tempdir().unwrap();
    let eng = d.path().join("contoso.yaml");
    std::fs::copy(sample("contoso-midway.yaml"), &eng).unwrap();
    ok(&run(
        &["build", "contoso.yaml", "--out", "o"],
        d.path(),
        None,
    ));
    let pack = "o/ENG-2026-0142";
    let s = ok(&run(
        &["verify", pack, "--engagement", "contoso.yaml"],
        d.path(),
        None,
    ));
    assert!(
        s.contains("ok       statement-ko-KR.pdf")
            && s.contains("current: the pack matches the engagement"),
        "{s}"
    );

    // A tampered statement: one byte changed.
    let pdf = d.path().join(pack).join("statement-ko-KR.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 1;
    std::fs::write(&pdf, &bytes).unwrap();
    // A deleted workbook, an extra file.
    std::fs::remove_file(d.path().join(pack).join("tracker-ko-KR.xlsx")).unwrap();
    std::fs::write(d.path().join(pack).join("notes.txt"), "mine").unwrap();
    let out = run(&["verify", pack], d.path(), None);
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("CHANGED  statement-ko-KR.pdf"), "{s}");
    assert!(s.contains("MISSING  tracker-ko-KR.xlsx"), "{s}");
    assert!(s.contains("EXTRA    notes.txt"), "{s}");
    assert!(s.contains("does not hold"), "{s}");

    // A stale engagement: rebuild a clean pack, then move the state on.
    ok(&run(
        &["build", "contoso.yaml", "--out", "o2"],
        d.path(),
        None,
    ));
    let text = std::fs::read_to_string(&eng)
        .unwrap()
        .replace(
            "GEN-04: { status: in-progress, owner: seoyeon, due: 2026-11-13 }",
            "GEN-04: { status: done, owner: haeun, due: 2026-11-13, done_on: 2026-11-19 }",
        )
        .replace(
            "{ party: provider, name: Jane Doe, title: FastTrack Manager }",
            "{ party: provider, name: Jane Doe, title: FastTrack Manager, date: 2026-11-20 }",
        );
    std::fs::write(&eng, text).unwrap();
    let out = run(
        &["verify", "o2/ENG-2026-0142", "--engagement", "contoso.yaml"],
        d.path(),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("STALE: the engagement changed since the pack was built:"),
        "{s}"
    );
    assert!(s.contains("  GEN-04 status: in-progress → done"), "{s}");
    assert!(s.contains("  GEN-04 owner: seoyeon → haeun"), "{s}");
    assert!(s.contains("  GEN-04 done_on: — → 2026-11-19"), "{s}");
    assert!(
        s.contains("  sign-off provider Jane Doe date: — → 2026-11-20"),
        "{s}"
    );
    assert!(s.contains("ok       statement-ko-KR.pdf"), "{s}");
}
