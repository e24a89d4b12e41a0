//! The real binary: exit codes, messages with places, init → validate,
//! show, help.

mod common;

use std::path::Path;
use std::process::Command;

use common::handover;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn validate_accepts_every_sample() {
    let out = handover(
        &[
            "validate",
            "samples/engagements/contoso-midway.yaml",
            "samples/engagements/fabrikam-signed.yaml",
            "samples/engagements/northwind-fresh.yaml",
            "samples/catalogues/fasttrack-ems.yaml",
        ],
        root(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("ok: samples/engagements/contoso-midway.yaml (engagement ENG-2026-0142, 32 of 43 responsibilities listed, draft)"), "{stdout}");
    assert!(
        stdout.contains("(engagement ENG-2026-0087, 43 of 43 responsibilities listed, signed off)")
    );
    assert!(stdout.contains("ok: samples/catalogues/fasttrack-ems.yaml (catalogue fasttrack-ems 2018-06-01, 5 phases, 43 responsibilities)"));
}

#[test]
fn validate_reports_three_mistakes_with_their_places_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = common::base_with(
        "owner: jane, due: 2026-11-30",
        "owner: jnae, due: 2026-11-30",
    )
    .replace("due: 2026-11-10", "due: 2026-11-31")
    .replace(
        "GEN-04: { status: not-applicable",
        "GEN-04: { status: not-aplicable",
    );
    std::fs::write(dir.path().join("bad.yaml"), &yaml).unwrap();
    let out = handover(&["validate", "bad.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (needle, message) in [
        ("jnae", "owner `jnae` is not a contact"),
        ("2026-11-31", "`2026-11-31` is not a date"),
        ("not-aplicable", "unknown status `not-aplicable`"),
    ] {
        let (line, col) = common::pos_of(&yaml, needle);
        assert!(
            err.contains(&format!("bad.yaml:{line}:{col}")),
            "no place {line}:{col} for {needle}:\n{err}"
        );
        assert!(err.contains(message), "{message}:\n{err}");
    }
    assert!(err.contains("help: did you mean `jane`?"), "{err}");
    assert!(
        err.contains("help: did you mean `not-applicable`?"),
        "{err}"
    );
    assert!(err.contains("invalid: bad.yaml (3 errors)"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn validate_goes_on_after_a_bad_file_and_names_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), common::BASE).unwrap();
    let out = handover(&["validate", "missing.yaml", "good.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("cannot read the file"), "{err}");
    assert!(err.contains("missing.yaml"), "{err}");
    assert!(text(&out.stdout).contains("ok: good.yaml"));
}

#[test]
fn init_writes_an_engagement_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = handover(
        &[
            "init",
            "--customer",
            "콘토소: 코리아 #1",
            "--locale",
            "ko-KR",
            "--start",
            "2026-12-01",
            "--out",
            "new.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let yaml = std::fs::read_to_string(dir.path().join("new.yaml")).unwrap();
    // Every responsibility listed as not started, with its text as a comment.
    assert_eq!(yaml.matches("{ status: not-started }").count(), 43);
    assert!(yaml.contains("GEN-01:"), "{yaml}");
    assert!(yaml.contains("# 일반 책임"));
    assert!(yaml.contains("target: 2027-03-01"));
    assert!(
        yaml.contains("#   status:  not-started | in-progress | blocked | done | not-applicable")
    );
    let out = handover(&["validate", "new.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}\n{yaml}", text(&out.stderr));
    let loaded = common::load_str(&yaml).unwrap();
    assert_eq!(loaded.engagement.customer, "콘토소: 코리아 #1");
    assert_eq!(
        loaded.engagement.locale,
        Some(handover::locale::Locale::KO_KR)
    );
    assert!(loaded.engagement.id.starts_with("ENG-2026-"));
    // It refuses to overwrite without --force.
    let out = handover(
        &["init", "--customer", "X", "--out", "new.yaml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("new.yaml exists; pass --force"));
    let out = handover(
        &[
            "init",
            "--customer",
            "X",
            "--out",
            "new.yaml",
            "--force",
            "--start",
            "2026-01-01",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.path().join("new.yaml"))
            .unwrap()
            .contains("name: X")
    );
}

#[test]
fn init_to_stdout_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = handover(
        &[
            "init",
            "--customer",
            "Northwind",
            "--id",
            "NW-1",
            "--start",
            "2026-01-05",
            "--target",
            "2026-02-01",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let yaml = text(&out.stdout);
    assert!(yaml.contains("id: NW-1"));
    common::load_str(&yaml).unwrap();
    let out = handover(
        &["init", "--customer", "X", "--start", "2026-13-01"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--start 2026-13-01"),
        "{}",
        text(&out.stderr)
    );
    let out = handover(&["init", "--customer", "X", "--locale", "fr"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unsupported locale `fr`"));
    let out = handover(
        &["init", "--customer", "X", "--catalogue", "nope"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read the file"));
}

#[test]
fn show_prints_a_localized_summary() {
    let out = handover(&["show", "samples/engagements/contoso-midway.yaml"], root());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("고객 책임 확인서 — 콘토소 코리아"), "{s}");
    assert!(s.contains("발행일     2026년 11월 20일"), "{s}");
    assert!(
        s.contains("합계              13        8       2    16          4    43     46%"),
        "{s}"
    );
    assert!(
        s.contains("GEN-11  2026년 11월 15일  박지훈  차단됨"),
        "{s}"
    );
    let out = handover(
        &[
            "show",
            "samples/engagements/contoso-midway.yaml",
            "--locale",
            "en-US",
        ],
        root(),
    );
    let s = text(&out.stdout);
    assert!(s.contains("Issue date         November 20, 2026"), "{s}");
    assert!(s.contains("5 responsibilities are overdue as of November 20, 2026."));
    assert!(
        s.contains("Provider: Jane Doe, FastTrack Manager — Not yet signed"),
        "{s}"
    );
}

#[test]
fn show_json_is_the_resolved_report() {
    let dir = tempfile::tempdir().unwrap();
    // No file: the bundled sample, from any folder.
    let out = handover(&["show", "--json", "--locale", "en-US"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["engagement_id"], "ENG-2026-0142");
    assert_eq!(v["totals"]["total"], 43);
    assert_eq!(v["statuses"][1]["label"], "In progress");
    assert_eq!(v["phases"][0]["items"][0]["due"]["text"], "October 1, 2026");
}

#[test]
fn usage_errors_exit_2() {
    let out = handover(&["show", "--locale", "de-DE"], root());
    assert_eq!(out.status.code(), Some(2));
    let out = handover(&["validate"], root());
    assert_eq!(out.status.code(), Some(2));
    let out = handover(&["frobnicate"], root());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_command_has_an_example_in_its_help() {
    for cmd in ["validate", "init", "show", "build"] {
        let out = handover(&[cmd, "--help"], root());
        assert_eq!(out.status.code(), Some(0));
        let s = text(&out.stdout);
        assert!(s.contains("Example"), "{cmd}:\n{s}");
        assert!(s.contains(&format!("handover {cmd}")), "{cmd}:\n{s}");
    }
}

#[path = "synthetic/mod.rs"]
mod synthetic;

#[test]
fn a_reader_that_closes_early_ends_the_output_cleanly() {
    use std::io::{BufRead, BufReader};
    // 1,000 items: the JSON is far larger than a pipe holds, so the writer
    // is still writing when the reader goes away.
    let (catalogue, engagement) = synthetic::synthetic(1000);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.yaml"), catalogue).unwrap();
    std::fs::write(dir.path().join("e.yaml"), engagement).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(["show", "e.yaml", "--catalogue", "c.yaml", "--json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes after one line.
    assert_eq!(first, "{\n");
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "nothing to say about a closed pipe: {err}");
}

#[test]
fn verify_names_a_missing_path_and_a_folder_that_is_no_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    for (arg, said) in [
        (
            "nope.pdf",
            "handover: nope.pdf: no such file or folder (give the pack folder `handover build` wrote, or a statement PDF)",
        ),
        (
            "out",
            "handover: out: not a pack folder: it has no manifest.json (give the pack folder `handover build` wrote, such as out/ENG-2026-0142, or a statement PDF)",
        ),
    ] {
        let out = handover(&["verify", arg], dir.path());
        assert_eq!(out.status.code(), Some(2), "{arg}");
        assert_eq!(text(&out.stderr).trim_end(), said, "{arg}");
        assert!(out.stdout.is_empty(), "{arg}");
    }
}
