//! The bad-input suite: every broken file gets exit code 1, a message that
//! names the file and the place, no panic, and nothing in the output folder.

mod common;
mod synthetic;

use std::path::Path;
use std::process::{Command, Output};

use common::{BASE, base_with};

/// One broken input: its bytes, a fragment of the expected message, and the
/// place the message must name (`line:column`; 1:1 when the file as a
/// whole is at fault).
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    message: &'static str,
    place: String,
}

fn at(text: &str, needle: &str) -> String {
    let (l, c) = common::pos_of(text, needle);
    format!("{l}:{c}")
}

/// A case placed at the first occurrence of `needle` in `text`.
fn case(name: &'static str, text: String, message: &'static str, needle: &str) -> Case {
    let place = at(&text, needle);
    Case {
        name,
        bytes: text.into_bytes(),
        message,
        place,
    }
}

fn cases() -> Vec<Case> {
    let long_note = "가".repeat(10_001);
    let laughs = {
        let mut s = String::from("engagement:\n  id: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..70 {
            s.push_str(&format!("  k{i}: [*a, *a]\n"));
        }
        s
    };
    let deep = format!(
        "engagement:\n{}x: 1\n",
        (0..40)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i + 1)))
            .collect::<String>()
            .replace("x: 1", "")
    );
    let deep = format!("{deep}{}x: 1\n", "  ".repeat(41));
    let one_line_json = synthetic::one_line_json(5000);
    vec![
        Case {
            name: "empty",
            bytes: Vec::new(),
            message: "the file is empty",
            place: "1:1".into(),
        },
        Case {
            name: "blank",
            bytes: b"\n   \n\n".to_vec(),
            message: "the file is empty",
            place: "1:1".into(),
        },
        case(
            "only comments",
            "# nothing here\n".into(),
            "nothing but comments",
            "# nothing",
        ),
        // The `[` is never closed: the next line's `as_of: …` continues the
        // sequence's plain scalar, and the parser stops at its colon.
        case(
            "unclosed bracket",
            base_with("  target: 2026-12-15\n", "  target: [2026-12-15\n"),
            "YAML syntax",
            ": 2026-11-20",
        ),
        case(
            "tab indentation",
            base_with("  start: 2026-09-01\n", "\tstart: 2026-09-01\n"),
            "YAML syntax",
            "\tstart",
        ),
        case(
            "scalar document",
            "just text\n".into(),
            "an engagement file is a mapping",
            "just text",
        ),
        case(
            "list document",
            "- a\n- b\n".into(),
            "an engagement file is a mapping",
            "- a",
        ),
        case(
            "engagement is a list",
            "engagement:\n  - id: X\n".into(),
            "invalid type: sequence",
            "- id",
        ),
        case(
            "contacts is a mapping",
            base_with(
                "contacts:\n  - { id: minjun, name: 김민준, role: IT 디렉터 }\n  - { id: jane, name: Jane Doe }\n",
                "contacts:\n  minjun: 김민준\n",
            ),
            "`contacts` must be a list",
            "minjun: 김민준",
        ),
        case(
            "status is a number",
            base_with("GEN-05: { status: in-progress", "GEN-05: { status: 5"),
            "invalid type: integer `5`, expected a string",
            "5, owner",
        ),
        case(
            "unknown field",
            base_with("  as_of: 2026-11-20", "  as_off: 2026-11-20"),
            "unknown field `as_off`",
            "as_off",
        ),
        case(
            "unknown section",
            BASE.replace("revisions:", "revisons:"),
            "unknown section `revisons`",
            "revisons",
        ),
        case(
            "missing engagement",
            BASE.split("contacts:")
                .nth(1)
                .map(|r| format!("contacts:{r}"))
                .unwrap(),
            "missing section `engagement`",
            "contacts:",
        ),
        case(
            "missing id",
            base_with("  id: ENG-T-1\n", ""),
            "missing field `id` in `engagement`",
            "catalogue: fasttrack-ems",
        ),
        case(
            "unknown responsibility",
            base_with("  GEN-05:", "  GEN-55:"),
            "`GEN-55` is not a responsibility",
            "GEN-55",
        ),
        case(
            "unknown owner",
            base_with(
                "owner: jane, due: 2026-11-30",
                "owner: janet, due: 2026-11-30",
            ),
            "owner `janet` is not a contact",
            "janet",
        ),
        case(
            "unknown status",
            base_with("status: blocked", "status: stuck"),
            "unknown status `stuck`",
            "stuck",
        ),
        case(
            "impossible date",
            base_with("due: 2026-11-30", "due: 2026-02-30"),
            "`2026-02-30` is not a date",
            "2026-02-30",
        ),
        case(
            "date in another form",
            base_with("start: 2026-09-01", "start: 09/01/2026"),
            "`09/01/2026` is not a date",
            "09/01/2026",
        ),
        case(
            "target before start",
            base_with("target: 2026-12-15", "target: 2026-01-15"),
            "before the start",
            "2026-01-15",
        ),
        case(
            "done without done_on",
            base_with(", done_on: 2026-09-28 }", " }"),
            "is done but has no `done_on`",
            "{ status: done",
        ),
        case(
            "blocked without note",
            base_with(
                "{ status: blocked, note: 회선 대기 }",
                "{ status: blocked }",
            ),
            "has no `note`",
            "{ status: blocked }",
        ),
        case(
            "done_on when not done",
            base_with(
                "due: 2026-11-10 }",
                "due: 2026-11-10, done_on: 2026-11-01 }",
            ),
            "has `done_on` but its status is in-progress",
            "done_on: 2026-11-01",
        ),
        case(
            "duplicate key",
            base_with("  GEN-05:", "  GEN-04:"),
            "is given twice",
            "GEN-04: { status: in-progress",
        ),
        case(
            "duplicate contact",
            base_with(
                "{ id: jane, name: Jane Doe }",
                "{ id: minjun, name: Jane Doe }",
            ),
            "duplicate contact id `minjun`",
            "minjun, name: Jane",
        ),
        case(
            "catalogue version",
            base_with("\"2018-06-01\"", "\"2020-01-01\""),
            "does not match `fasttrack-ems` version",
            "\"2020-01-01\"",
        ),
        case(
            "unknown catalogue",
            base_with("catalogue: fasttrack-ems", "catalogue: fasttrack-o365"),
            "unknown catalogue `fasttrack-o365`",
            "fasttrack-o365",
        ),
        case(
            "unknown locale",
            base_with("locale: ko-KR", "locale: ja-JP"),
            "unsupported locale `ja-JP`",
            "ja-JP",
        ),
        case(
            "text too long",
            base_with("note: 회선 대기", &format!("note: {long_note}")),
            "characters long; the limit is 10000",
            &long_note[..6],
        ),
        case(
            "path in id",
            base_with("id: ENG-T-1", "id: ../../evil"),
            "is not a valid id",
            "../../evil",
        ),
        case(
            "slash in id",
            base_with("id: ENG-T-1", "id: \"a/b\""),
            "is not a valid id",
            "\"a/b\"",
        ),
        case(
            "backslash in id",
            base_with("id: ENG-T-1", "id: 'a\\b'"),
            "is not a valid id",
            "'a\\b'",
        ),
        case(
            "NUL in id",
            base_with("id: ENG-T-1", "id: \"a\\0b\""),
            "is not a valid id",
            "\"a\\0b\"",
        ),
        case(
            "reserved id",
            base_with("id: ENG-T-1", "id: CON"),
            "is a device name Windows reserves",
            "CON",
        ),
        case(
            "reserved id with extension",
            base_with("id: ENG-T-1", "id: lpt1.pack"),
            "is a device name Windows reserves",
            "lpt1.pack",
        ),
        case(
            "dot id",
            base_with("id: ENG-T-1", "id: .hidden"),
            "is not a valid id",
            ".hidden",
        ),
        // The 65th alias: the first on the line of k32 (k0 to k31 hold 64).
        case(
            "billion laughs",
            laughs,
            "more than 64 YAML aliases",
            "*a, *a]\n  k33:",
        ),
        // Old Mac line ends (a lone CR): lines counted as an editor shows them.
        Case {
            name: "CR line ends",
            bytes: base_with("  target:", "  targett:")
                .replace('\n', "\r")
                .into_bytes(),
            message: "unknown field `targett` in `engagement`",
            place: at(&base_with("  target:", "  targett:"), "targett"),
        },
        case(
            "two documents",
            format!("{BASE}---\nengagement: {{ id: X }}\n"),
            "the file holds more than one YAML document",
            "---",
        ),
        // JSON is YAML: a 330 KB one-line file, its error far along the line.
        case(
            "one-line JSON",
            one_line_json,
            "duplicate contact id `c1`",
            "\"c1\", \"name\": \"김민준 4999\"",
        ),
        // Cut off inside a flow mapping: the end of the last line.
        Case {
            name: "cut off",
            bytes: format!("{BASE}extra: {{ a: 1\n").into_bytes(),
            message: "YAML syntax",
            place: format!("{}:14", BASE.lines().count() + 1),
        },
        // The key of the 33rd level: engagement's mapping is the second.
        case(
            "deeply nested",
            deep,
            "nested more than 32 levels deep",
            "k31:",
        ),
        Case {
            name: "not UTF-8",
            bytes: b"engagement:\n  id: \xc3\x28\n".to_vec(),
            message: "not UTF-8 text",
            place: "2:7".into(),
        },
        Case {
            name: "binary (PNG)",
            bytes: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            message: "not UTF-8 text",
            place: "1:1".into(),
        },
        Case {
            name: "NUL byte",
            bytes: b"engagement:\n  id: x\0\n".to_vec(),
            message: "contains a NUL byte",
            place: "2:8".into(),
        },
    ]
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn every_bad_input_is_refused_clearly_and_writes_nothing() {
    let cases = cases();
    assert!(cases.len() >= 30, "{}", cases.len());
    for c in &cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.yaml"), &c.bytes).unwrap();
        for cmd in [
            &["build", "bad.yaml", "--out", "out"][..],
            &["validate", "bad.yaml"][..],
        ] {
            let out = run(cmd, dir.path());
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{}: {cmd:?}\n{err}", c.name);
            assert!(!err.contains("panicked"), "{}: {err}", c.name);
            assert!(
                err.contains(c.message),
                "{}: expected `{}` in:\n{err}",
                c.name,
                c.message
            );
            let place = format!("bad.yaml:{}", c.place);
            assert!(
                err.contains(&place),
                "{}: expected `{place}` in:\n{err}",
                c.name
            );
        }
        let out = dir.path().join("out");
        assert!(
            !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
            "{}: something was written",
            c.name
        );
    }
}

#[test]
fn missing_huge_and_folder_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 33 MiB file: refused by its size before it is read.
    let f = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    f.set_len(33 * 1024 * 1024).unwrap();
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    for (file, message) in [
        ("missing.yaml", "cannot read the file"),
        ("huge.yaml", "the limit is 32 MiB"),
        ("folder.yaml", "this is a folder, not a file"),
    ] {
        let out = run(&["validate", file], dir.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(file) && err.contains(message), "{file}: {err}");
    }
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.yaml"), BASE).unwrap();
    for args in [
        &["build", "e.yaml", "--locale", "xx-XX", "--out", "out"][..],
        &["build", "e.yaml", "--only", "docx", "--out", "out"][..],
        &["nonsense"][..],
    ] {
        let out = run(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.path().join("out").exists(), "{args:?}");
    }
    // A template folder that is not there is an input that cannot be read,
    // like an engagement file that is not there: invalid input.
    let out = run(
        &[
            "build",
            "e.yaml",
            "--template",
            "no-such-template",
            "--out",
            "out",
        ],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no-such-template/template.yaml: cannot read"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error_with_no_partial_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.yaml"), BASE).unwrap();
    // OUT is a file: nothing can be written under it.
    std::fs::write(dir.path().join("out"), "a file").unwrap();
    let out = run(&["build", "e.yaml", "--out", "out"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    // An output that cannot be written: exit 3.
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("cannot write out"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out")).unwrap(),
        "a file"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn many_problems_show_the_first_200_and_count_the_rest_where_they_start() {
    // 250 repeats of a key (found by the structural pass), and 250 repeats
    // of a contact id (found by the checker): each way, 200 shown, then one
    // error counting the other 50, placed at the first left out.
    let line_of = |l: &str| BASE.lines().position(|x| x == l).unwrap() + 1;
    let repeated_keys: String = (0..250)
        .map(|_| "  GEN-02: { status: not-started }\n")
        .collect();
    let repeated_ids: String = (0..251).map(|_| "  - { id: dup, name: D }\n").collect();
    for (name, after, block, left_out) in [
        (
            "repeated keys",
            "responsibilities:\n",
            repeated_keys,
            format!("{}:3", line_of("responsibilities:") + 202),
        ),
        (
            "repeated contact ids",
            "contacts:\n",
            repeated_ids,
            format!("{}:11", line_of("contacts:") + 202),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let text = base_with(after, &format!("{after}{block}"));
        std::fs::write(dir.path().join("bad.yaml"), text).unwrap();
        let out = run(&["validate", "bad.yaml"], dir.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert_eq!(err.matches("\nerror: ").count() + 1, 201, "{name}: {err}");
        let counted = "error: … and 50 more problems from here on, not shown\n";
        let at = err
            .find(counted)
            .unwrap_or_else(|| panic!("{name}: no count in:\n{err}"));
        let place = format!("--> bad.yaml:{left_out}\n");
        assert!(
            err[at..].contains(&place),
            "{name}: expected `{place}` after the count in:\n{}",
            &err[at..]
        );
    }
}
