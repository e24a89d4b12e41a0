//! Replays every input the fuzz targets (`fuzz/`) ever found to crash, plus
//! hand-made hostile inputs, through the same bodies: each must now return
//! normally.

#[path = "common/fuzz_bodies.rs"]
mod bodies;

use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().is_some_and(|f| f != ".gitkeep") {
            let data = std::fs::read(&path).unwrap();
            eprintln!("replaying {}", path.display());
            body(&data);
            n += 1;
        }
    }
    n
}

#[test]
fn engagement_regressions() {
    replay("engagement", bodies::engagement);
}

#[test]
fn catalogue_regressions() {
    replay("catalogue", bodies::catalogue);
}

#[test]
fn import_regressions() {
    replay("import", bodies::import);
}

#[test]
fn pipeline_regressions() {
    replay("pipeline", bodies::pipeline);
}

#[test]
fn hostile_text_through_the_whole_pipeline() {
    let long_token = "가".repeat(10_000);
    let latin_token = "x".repeat(10_000);
    for text in [
        "emoji 👩‍👩‍👧‍👦🇰🇷🎉 and ZWJ",
        "עברית مرحبا right-to-left \u{202e}override\u{202c}",
        "control \u{7}\u{8}\u{1b}[31m\r\n\tcharacters",
        "combining e\u{301}\u{302}\u{303}\u{304}\u{305} 가\u{302}",
        long_token.as_str(),
        latin_token.as_str(),
        "=HYPERLINK(\"http://x\")",
        "\u{feff}\u{200b}\u{2028}\u{2029}",
        "",
    ] {
        let joined = [text; 6].join("\u{1f}");
        bodies::pipeline(joined.as_bytes());
    }
}

/// The engagement target's hand-made seeds (`fuzz/seeds/engagement/`), one
/// per kind of error the checker words differently: each must stay an
/// error, refused by `handover validate` with its place, or it no longer
/// leads the fuzzer to that wording.
#[test]
fn engagement_seeds_are_each_refused_with_their_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/engagement");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_handover"))
            .arg("validate")
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", path.display());
        let place = format!("{}:", path.display());
        let at = err
            .find(&place)
            .unwrap_or_else(|| panic!("no place in:\n{err}"));
        let line_col = err[at + place.len()..].split_whitespace().next().unwrap();
        let (line, col) = line_col.split_once(':').unwrap();
        assert!(
            line.parse::<u32>().is_ok() && col.parse::<u32>().is_ok(),
            "{}: `{line_col}` is not line:column in:\n{err}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 30, "only {n} seeds");
}
