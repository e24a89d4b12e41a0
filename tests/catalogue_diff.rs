//! `handover catalogue diff`: a revision that inserts, removes and
//! rewords a bullet is reported as exactly that, not as a cascade of
//! renamed ids; moves and optional flags; exit codes and JSON.

mod common;

use std::path::Path;

use common::handover;
use handover::catalogue_diff::{Change, diff};
use handover::locale::Locale;
use handover::page::merge::{self, ImportOptions, Translation};
use handover::source::Source;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Replaces `from` (which must occur once) with `to`.
fn edit(page: &str, from: &str, to: &str) -> String {
    assert_eq!(page.matches(from).count(), 1, "`{from}`");
    page.replacen(from, to, 1)
}

/// Our English page, revised: a bullet inserted in `general` (after the
/// 4th: every later id shifts), one removed from `assess`, one reworded
/// in `enable`.
fn revised() -> String {
    let page =
        std::fs::read_to_string(root().join("samples/pages/fasttrack-ems.en-US.md")).unwrap();
    let page = edit(&page, "ms.date: 06/01/2018", "ms.date: 02/01/2019");
    let page = edit(
        &page,
        "-   Provide help desk documentation and training.\n",
        "-   Provide help desk documentation and training.\n\n-   Keep an inventory of every managed device and its owner.\n",
    );
    let page = edit(
        &page,
        "-   Attend meetings to describe how users are provisioned.\n\n",
        "",
    );
    edit(
        &page,
        "and configure directory synchronization",
        "and configure Microsoft Entra Connect synchronization",
    )
}

/// Imports an English page into `dir/name` with the binary.
fn import(dir: &Path, page: &str, name: &str) {
    let md = dir.join(format!("{name}.md"));
    std::fs::write(&md, page).unwrap();
    let o = handover(
        &[
            "catalogue",
            "import",
            &format!("en-US={}", md.display()),
            "--id",
            "ems",
            "--prefix",
            "general=GEN",
            "--out",
            dir.join(name).to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn an_inserted_a_removed_and_a_reworded_bullet_are_three_changes() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(root().join("samples/pages/fasttrack-ems.en-US.md")).unwrap();
    import(dir.path(), &original, "old.yaml");
    import(dir.path(), &revised(), "new.yaml");

    let o = handover(
        &["catalogue", "diff", "old.yaml", "new.yaml", "--json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changes = json["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["added", "removed", "reworded"], "{json:#}");
    assert_eq!(changes[0]["id"], "GEN-05");
    assert_eq!(
        changes[0]["text"],
        "Keep an inventory of every managed device and its owner."
    );
    assert_eq!(changes[1]["id"], "ASSESS-04");
    assert_eq!(changes[2]["old_id"], "ENABLE-03");
    assert_eq!(changes[2]["new_id"], "ENABLE-03");
    assert_eq!(
        changes[2]["marked"],
        "Carry out directory preparation tasks and configure [-directory-] {+Microsoft Entra Connect+} synchronization according to the FastTrack team's guidance."
    );
    assert_eq!(json["locale"], "en-US");
    assert_eq!(json["new"]["version"], "2019-02-01");
    // The shifted ids are listed once, as renumbered: GEN-05…25 → 06…26,
    // ASSESS-05, 06 → 04, 05.
    let renumbered = json["renumbered"].as_array().unwrap();
    assert_eq!(renumbered.len(), 23);
    assert_eq!(renumbered[0], serde_json::json!(["GEN-05", "GEN-06"]));

    let o = handover(&["catalogue", "diff", "old.yaml", "new.yaml"], dir.path());
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.starts_with("ems 2018-06-01 → ems 2019-02-01 (en-US texts): 3 changes\n"),
        "{out}"
    );
    assert!(
        out.contains("  added     GEN-05 (general): Keep an inventory"),
        "{out}"
    );
    assert!(
        out.contains("  removed   ASSESS-04 (assess): Attend meetings to describe"),
        "{out}"
    );
    assert!(out.contains("  reworded  ENABLE-03: Carry out"), "{out}");
    assert!(out.contains("  renumbered: 23 items"), "{out}");
}

#[test]
fn no_change_exits_0() {
    let o = handover(
        &[
            "catalogue",
            "diff",
            "samples/catalogues/fasttrack-ems.yaml",
            "samples/catalogues/fasttrack-ems.yaml",
            "--locale",
            "en-US",
        ],
        root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "fasttrack-ems 2018-06-01 → fasttrack-ems 2018-06-01 (en-US texts): no changes\n"
    );
}

fn catalogue(page: &str) -> handover::model::Catalogue {
    let t = Translation {
        locale: Locale::EN_US,
        source: Source::new("p.md", page),
    };
    let options = ImportOptions {
        id: "t".into(),
        version: Some("1".into()),
        ..ImportOptions::default()
    };
    merge::import(&[t], &options).unwrap().catalogue
}

#[test]
fn a_move_between_phases_and_an_optional_flag() {
    let old = catalogue(
        "# T\n\n## Plan\n\n- Write the migration plan for every site.\n- Book the rooms.\n\n## Run\n\n- (Optional) Run the pilot with ten users.\n",
    );
    let new = catalogue(
        "# T\n\n## Plan\n\n- Book the rooms.\n\n## Run\n\n- Write the migration plan for every site.\n- Run the pilot with ten users.\n",
    );
    let d = diff(&old, &new, Locale::EN_US);
    assert_eq!(
        d.changes,
        [
            Change::Moved {
                old_id: "PLAN-01".into(),
                new_id: "RUN-01".into(),
                from: "plan".into(),
                to: "run".into(),
            },
            Change::Optional {
                old_id: "RUN-01".into(),
                new_id: "RUN-02".into(),
                optional: false,
            },
        ]
    );
    assert_eq!(d.renumbered, [("PLAN-02".to_owned(), "PLAN-01".to_owned())]);
}
