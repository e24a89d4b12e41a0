//! Replays every input the fuzz targets (`fuzz/`) ever found to crash, plus
//! hand-made hostile inputs, through the same bodies: each must now return
//! normally. Every folder of `fuzz/regressions/` must replay something.
//!
//! Names carry expectations: an input named `slow-…` must finish within
//! [`SLOW_BOUND`] (it was kept for a time the fuzzer found too long); in
//! `import/`, one named `accepted-…` or `refused-…` must be accepted or
//! refused; in `verify/`, one named `holds-…`, `refused-…`, `unsigned-…` or
//! `unreadable-…` must come out so.

#[path = "common/fuzz_bodies.rs"]
mod bodies;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bodies::{Imported, Piped, Verified};

/// The most processor time a `slow-…` input may take, in a debug build.
/// The catalogue one takes about 0.14 s today and took 1.4 s when every
/// one of its 2,524 repeated keys was reported, each quoting its 12 KB line
/// (10 s under the fuzzer). Processor time, not wall time, so that a busy
/// machine does not fail it.
const SLOW_BOUND: Duration = Duration::from_millis(700);

/// Wall time after which a `slow-…` input has surely hung.
const HUNG: Duration = Duration::from_secs(60);

/// Processor time the calling thread has used so far (Linux), or `None`.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The inputs of `fuzz/regressions/<target>/`, sorted (`.gitkeep` aside).
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|f| f != ".gitkeep"))
        .collect();
    paths.sort();
    for path in &paths {
        assert!(path.is_file(), "{} is not a file", path.display());
    }
    assert!(!paths.is_empty(), "{}: nothing to replay", dir.display());
    paths
}

fn name(path: &Path) -> &str {
    path.file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
}

/// Runs `body` on `data`; a `slow-…` input on a thread of its own,
/// failing when it uses more than [`SLOW_BOUND`] of processor time (of wall
/// time where that is not known), or still runs after [`HUNG`].
fn run_one<T: Send + 'static>(path: &Path, body: fn(&[u8]) -> T) -> T {
    let data = std::fs::read(path).unwrap();
    if !name(path).starts_with("slow-") {
        return body(&data);
    }
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let (cpu, wall) = (thread_cpu_time(), Instant::now());
        let out = body(&data);
        let took = match (cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => wall.elapsed(),
        };
        // The receiver is gone only when the test has already failed.
        let _ = tx.send((out, took));
    });
    match rx.recv_timeout(HUNG) {
        Ok((out, took)) => {
            eprintln!("{}: {took:?}", path.display());
            assert!(
                took <= SLOW_BOUND,
                "{} took {took:?}, more than {SLOW_BOUND:?}: the slowness it was kept for is back",
                path.display()
            );
            out
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{} still runs after {HUNG:?}", path.display())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
    }
}

/// Replays every input of `target` through `body`; returns each input with
/// what the body returned.
fn replay<T: Send + 'static>(target: &str, body: fn(&[u8]) -> T) -> Vec<(PathBuf, T)> {
    inputs(target)
        .into_iter()
        .map(|path| {
            eprintln!("replaying {}", path.display());
            let out = run_one(&path, body);
            (path, out)
        })
        .collect()
}

#[test]
fn engagement_regressions() {
    let n = replay("engagement", bodies::engagement).len();
    assert_eq!(n, inputs("engagement").len());
}

#[test]
fn catalogue_regressions() {
    let replayed = replay("catalogue", bodies::catalogue);
    assert!(
        replayed.iter().any(|(p, ())| name(p).starts_with("slow-")),
        "the slow input is gone from fuzz/regressions/catalogue/"
    );
    assert_eq!(replayed.len(), inputs("catalogue").len());
}

#[test]
fn import_regressions() {
    let replayed = replay("import", bodies::import);
    let mut expected = 0;
    for (path, got) in &replayed {
        let want = match name(path).split('-').next() {
            Some("accepted") => Imported::Accepted,
            Some("refused") => Imported::Refused,
            _ => continue,
        };
        expected += 1;
        assert_eq!(*got, want, "{}", path.display());
    }
    // The hand-made workbooks: edited cells (raw and through the body's
    // text mode), a cut-off zip, no `_handover` sheet, an unknown status,
    // a date serial past 9999-12-31.
    assert!(
        expected >= 6,
        "only {expected} import inputs say what they expect"
    );
    assert!(replayed.iter().any(|(_, o)| *o == Imported::Accepted));
    assert!(replayed.iter().any(|(_, o)| *o == Imported::Refused));
}

#[test]
fn pipeline_regressions() {
    let n = replay("pipeline", bodies::pipeline).len();
    assert_eq!(n, inputs("pipeline").len());
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
    ] {
        let joined = [text; 6].join("\u{1f}");
        assert_eq!(
            bodies::pipeline(joined.as_bytes()),
            Piped::Rendered(2),
            "`{}…` did not go through the whole pipeline",
            text.chars().take(20).collect::<String>()
        );
    }
    // An empty text is refused wherever it goes (every one of these texts
    // is required): it never reaches the renderers, so it is no hostile
    // text for them.
    for i in 0..6 {
        let mut parts = ["t"; 6];
        assert_eq!(
            bodies::pipeline(parts.join("\u{1f}").as_bytes()),
            Piped::Rendered(2)
        );
        parts[i] = "";
        assert_eq!(
            bodies::pipeline(parts.join("\u{1f}").as_bytes()),
            Piped::Refused,
            "an empty text number {i} was accepted"
        );
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

/// What a `verify` input's name says it must come out as.
fn verified_as(path: &Path) -> Option<Verified> {
    match name(path).split('-').next()? {
        "holds" => Some(Verified::Holds),
        "refused" => Some(Verified::Refused),
        "unsigned" => Some(Verified::Unsigned),
        "unreadable" => Some(Verified::Unreadable),
        _ => None,
    }
}

#[test]
fn verify_regressions() {
    let replayed = replay("verify", bodies::verify);
    for (path, got) in &replayed {
        if let Some(want) = verified_as(path) {
            assert_eq!(*got, want, "{}", path.display());
        }
    }
    assert!(replayed.iter().any(|(_, v)| *v == Verified::Refused));
}

/// The `verify` target's seeds (`fuzz/seeds/verify/`): the signed test
/// statements and their tampered copies, and the small signed PDFs of
/// `fuzz/tiny-seeds.sh`. The two statements signed by the test CA's
/// signers and left alone hold; the tiny files with empty fields only are
/// unsigned; every other is refused (the tiny ones' CA is not the anchor).
#[test]
fn verify_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/verify");
    let mut seen = 0;
    let mut tiny = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = name(&path);
        tiny += usize::from(file.starts_with("tiny-"));
        let want = match file {
            "both.pdf" | "provider.pdf" => Verified::Holds,
            f if f.starts_with("tiny-") && f.ends_with("-fields.pdf") => Verified::Unsigned,
            _ => Verified::Refused,
        };
        let got = run_one(&path, bodies::verify);
        assert_eq!(got, want, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} seeds in {}", dir.display());
    assert!(tiny >= 9, "only {tiny} tiny seeds in {}", dir.display());
}
