//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use handover::diagnostic::Diagnostic;
use handover::source::Source;
use handover::{LoadError, Loaded};

/// A valid engagement against the bundled catalogue; tests break one thing.
pub const BASE: &str = r#"engagement:
  id: ENG-T-1
  catalogue: fasttrack-ems
  catalogue_version: "2018-06-01"
  locale: ko-KR
  customer: { name: 테스트 고객, tenant: test.onmicrosoft.com }
  provider: { name: FastTrack Center }
  start: 2026-09-01
  target: 2026-12-15
  as_of: 2026-11-20
contacts:
  - { id: minjun, name: 김민준, role: IT 디렉터 }
  - { id: jane, name: Jane Doe }
responsibilities:
  GEN-01: { status: done, owner: minjun, due: 2026-10-01, done_on: 2026-09-28 }
  GEN-02: { status: in-progress, owner: jane, due: 2026-11-30 }
  GEN-03: { status: blocked, note: 회선 대기 }
  GEN-04: { status: not-applicable, note: 해당 없음 }
  GEN-05: { status: in-progress, owner: jane, due: 2026-11-10 }
signoff:
  - { party: customer, name: 김민준, title: IT 디렉터, date: 2026-11-20 }
  - { party: provider, name: Jane Doe, title: FastTrack Manager }
revisions:
  - { version: "1.0", date: 2026-10-01, note: 초안 }
"#;

/// `BASE` with `from` replaced by `to` (which must occur exactly once).
pub fn base_with(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "`{from}` must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// Loads an engagement text against the bundled catalogue.
pub fn load_str(yaml: &str) -> Result<Loaded, LoadError> {
    handover::load(&Source::new("e.yaml", yaml), None)
}

/// The diagnostics of an engagement text that must fail.
pub fn errors(yaml: &str) -> Vec<Diagnostic> {
    match load_str(yaml) {
        Ok(_) => panic!("expected errors, the file loaded:\n{yaml}"),
        Err(e) => e.diagnostics.0,
    }
}

/// 1-based line and character column of the first `needle` in `text`
/// (the `nth` occurrence when given).
pub fn pos_of(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..byte].chars().count() + 1)
}

/// Asserts that `diags` has an error whose message contains `message`,
/// placed at the first occurrence of `at` in `text`; returns it.
pub fn expect_at<'a>(
    diags: &'a [Diagnostic],
    text: &str,
    message: &str,
    at: &str,
) -> &'a Diagnostic {
    let d = diags
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no error containing `{message}` among:\n{diags:#?}"));
    let pos = d
        .pos
        .as_ref()
        .unwrap_or_else(|| panic!("`{message}` has no position"));
    assert_eq!(
        (pos.line, pos.column),
        pos_of(text, at),
        "`{}` should point at `{at}`",
        d.message
    );
    d
}

/// The external program `tool` (found on the `PATH`) that `check` needs.
///
/// Under CI (the `CI` variable set; `.ci/run` installs every tool) a
/// missing tool fails the test. Elsewhere the check is skipped: `None`,
/// and a warning written straight to stderr, where `cargo test` shows it
/// even for a passing test (libtest hides what `eprintln!` prints).
pub fn require_tool(tool: &str, check: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI, for {check}: .ci/run installs it"
        );
        let _ = writeln!(
            std::io::stderr(),
            "warning: skipped {check}: {tool} is not installed (under CI this fails)"
        );
    }
    found
}

/// The glyph ids a `/ToUnicode` CMap maps (its `bfchar` entries), with
/// their text.
pub fn bfchar_map(cmap: &str) -> std::collections::BTreeMap<u16, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut in_chars = false;
    for line in cmap.lines() {
        if line.ends_with("beginbfchar") {
            in_chars = true;
        } else if line == "endbfchar" {
            in_chars = false;
        } else if in_chars {
            let parts: Vec<&str> = line
                .split(['<', '>', ' '])
                .filter(|s| !s.is_empty())
                .collect();
            let gid = u16::from_str_radix(parts[0], 16).expect("gid");
            let units: Vec<u16> = parts[1]
                .as_bytes()
                .chunks(4)
                .map(|c| {
                    u16::from_str_radix(std::str::from_utf8(c).expect("hex"), 16).expect("hex")
                })
                .collect();
            out.insert(gid, String::from_utf16(&units).expect("utf-16"));
        }
    }
    out
}

/// Runs the real binary in `dir` (no colour, no `SOURCE_DATE_EPOCH`).
pub fn handover(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs")
}

/// The text of a PDF as poppler's `pdftotext` reads it (in reading order,
/// `-layout` off); `None` when poppler is not installed outside CI.
pub fn pdftotext(pdf: &std::path::Path, check: &str) -> Option<String> {
    require_tool("pdftotext", check)?;
    let o = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}
