//! Batch builds: many engagements and folders at once, in parallel; one bad
//! file never stops the others; a summary at the end; exit 1 if any failed.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn seed(id: &str) -> String {
    handover::bundled::SAMPLES[0]
        .text
        .replace("ENG-2026-0142", id)
}

#[test]
fn a_folder_of_engagements_with_one_bad_file() {
    let d = tempfile::tempdir().unwrap();
    let batch = d.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    for i in 1..=12 {
        std::fs::write(
            batch.join(format!("e{i:02}.yaml")),
            seed(&format!("ENG-B-{i:02}")),
        )
        .unwrap();
    }
    // One bad file among them, and a file that is not YAML (ignored).
    std::fs::write(
        batch.join("e07.yaml"),
        seed("ENG-B-07").replace("owner: minjun", "owner: nobody"),
    )
    .unwrap();
    std::fs::write(batch.join("readme.txt"), "not an engagement").unwrap();
    let out = run(
        &["build", "batch", "--out", "out", "--only", "xlsx"],
        d.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    // Not a terminal: plain lines, one per pack.
    for i in (1..=12).filter(|i| *i != 7) {
        assert!(
            stdout.contains(&format!("built batch/e{i:02}.yaml → out/ENG-B-{i:02}")),
            "{stdout}"
        );
        assert!(
            d.path()
                .join(format!("out/ENG-B-{i:02}/tracker-ko-KR.xlsx"))
                .is_file()
        );
    }
    assert!(stdout.contains("failed batch/e07.yaml"), "{stdout}");
    assert!(!d.path().join("out/ENG-B-07").exists());
    // The diagnostics of the bad file, then the summary with the reason.
    assert!(
        stderr.contains("batch/e07.yaml:") && stderr.contains("owner `nobody` is not a contact"),
        "{stderr}"
    );
    assert!(stderr.contains("11 built, 1 failed"), "{stderr}");
    assert!(stderr.contains("  failed: batch/e07.yaml: "), "{stderr}");
    assert!(
        !stderr.contains("\u{1b}["),
        "no progress bar escapes when not a terminal"
    );
}

#[test]
fn files_and_folders_mixed_and_all_good_exit_0() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("more")).unwrap();
    std::fs::write(d.path().join("one.yaml"), seed("ENG-M-1")).unwrap();
    std::fs::write(d.path().join("more/two.yml"), seed("ENG-M-2")).unwrap();
    let out = run(
        &["build", "one.yaml", "more", "--out", "o", "--only", "pdf"],
        d.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("2 built, 0 failed"), "{stderr}");
    assert!(d.path().join("o/ENG-M-1/statement-ko-KR.pdf").is_file());
    assert!(d.path().join("o/ENG-M-2/statement-ko-KR.pdf").is_file());
}

#[test]
fn two_files_with_one_engagement_id_build_it_once() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.yaml"), seed("ENG-SAME")).unwrap();
    std::fs::write(
        d.path().join("b.yaml"),
        seed("ENG-SAME").replace("2026-11-20", "2026-11-19"),
    )
    .unwrap();
    let out = run(
        &["build", "a.yaml", "b.yaml", "--out", "o", "--only", "xlsx"],
        d.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("b.yaml: engagement id `ENG-SAME` is also built from a.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("1 built, 1 failed"), "{stderr}");
    assert!(d.path().join("o/ENG-SAME/tracker-ko-KR.xlsx").is_file());
}

#[test]
fn a_missing_file_in_a_batch_is_a_failure_not_a_stop() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.yaml"), seed("ENG-X-1")).unwrap();
    let out = run(
        &[
            "build",
            "missing.yaml",
            "a.yaml",
            "--out",
            "o",
            "--only",
            "xlsx",
        ],
        d.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("missing.yaml") && stderr.contains("cannot read the file"),
        "{stderr}"
    );
    assert!(d.path().join("o/ENG-X-1/tracker-ko-KR.xlsx").is_file());
}

#[test]
fn on_a_terminal_a_progress_bar_then_the_packs_in_order() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    let Some(script) = common::require_tool("script", "the progress bar on a terminal") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("b")).unwrap();
    for i in 1..=4 {
        std::fs::write(
            d.path().join(format!("b/e{i}.yaml")),
            seed(&format!("ENG-T-{i}")),
        )
        .unwrap();
    }
    let cmd = format!(
        "{} build b --out o --only xlsx",
        env!("CARGO_BIN_EXE_handover")
    );
    let out = Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(d.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("building packs [") && s.contains("4/4"), "{s}");
    let order: Vec<usize> = (1..=4)
        .map(|i| s.find(&format!("built b/e{i}.yaml")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    assert!(s.contains("4 built, 0 failed"), "{s}");
}
