//! `handover import`: a tracker edited as a customer would, read back into
//! the engagement file; and every reason to refuse one.

mod common;
#[path = "common/xlsx_edit.rs"]
mod xlsx_edit;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use handover::bundled;
use handover::locale::Locale;
use handover::model::Status;
use handover::source::Source;
use xlsx_edit::{DAYS_1900_TO_1904, Val, edit, serial, to_1904};

fn tracker(engagement: &str, locale: Locale) -> Vec<u8> {
    let loaded = handover::load(&Source::new("e.yaml", engagement), None).unwrap();
    let report = loaded.report(locale, None).unwrap();
    handover::xlsx::render(&report).unwrap()
}

/// The tracker row (1-based, header is 1) of a catalogue item.
fn row(id: &str) -> usize {
    let cat = handover::check::check_catalogue(&bundled::CATALOGUES[0].source())
        .unwrap()
        .value;
    cat.items().position(|(_, i)| i.id == id).unwrap() + 2
}

struct Case {
    dir: tempfile::TempDir,
    engagement: PathBuf,
    original: String,
}

impl Case {
    fn new(sample: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let original = bundled::sample(sample).unwrap().text.to_owned();
        let engagement = dir.path().join("engagement.yaml");
        std::fs::write(&engagement, &original).unwrap();
        Case {
            dir,
            engagement,
            original,
        }
    }

    fn workbook(&self, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join("tracker.xlsx");
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn import(&self, xlsx: &Path, write: bool) -> Output {
        let mut args = vec![
            "import".to_owned(),
            xlsx.display().to_string(),
            "--engagement".into(),
            self.engagement.display().to_string(),
        ];
        if write {
            args.push("--write".into());
        }
        Command::new(env!("CARGO_BIN_EXE_handover"))
            .args(&args)
            .output()
            .unwrap()
    }

    fn text(&self) -> String {
        std::fs::read_to_string(&self.engagement).unwrap()
    }

    fn loaded(&self) -> handover::Loaded {
        handover::load(&Source::new("e.yaml", self.text()), None).unwrap()
    }

    /// Asserts a refusal naming `cell` and `message`, and that nothing was written.
    fn refused(&self, bytes: &[u8], cell: &str, message: &str) {
        let xlsx = self.workbook(bytes);
        let out = self.import(&xlsx, true);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(cell), "no `{cell}` in:\n{err}");
        assert!(err.contains(message), "no `{message}` in:\n{err}");
        assert!(
            err.contains("is unchanged") || err.contains("not a readable"),
            "{err}"
        );
        assert_eq!(
            self.text(),
            self.original,
            "a refused import wrote the engagement"
        );
        assert!(!self.dir.path().join("engagement.yaml.bak").exists());
    }
}

fn s(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn an_unchanged_tracker_has_no_changes_in_either_locale() {
    for sample in ["contoso-midway", "fabrikam-signed", "northwind-fresh"] {
        for l in Locale::bundled() {
            let case = Case::new(sample);
            let xlsx = case.workbook(&tracker(&case.original, l));
            let out = case.import(&xlsx, true);
            assert_eq!(out.status.code(), Some(0), "{}", s(&out));
            assert!(
                s(&out).starts_with("no changes"),
                "{sample} {l}: {}",
                s(&out)
            );
            assert_eq!(case.text(), case.original);
        }
    }
}

#[test]
fn a_tracker_saved_in_the_1904_date_system_reads_the_same_dates() {
    // Old Mac workbooks count days from 1904-01-01: the same day is a
    // serial 1,462 smaller. Read as 1900 serials they would be four years
    // early (before the engagement starts, or a change of every date).
    let case = Case::new("contoso-midway");
    let (xlsx, shifted) = to_1904(&tracker(&case.original, Locale::KO_KR), "추적", &["F", "H"]);
    assert!(shifted > 40, "only {shifted} date cells shifted");
    let out = case.import(&case.workbook(&xlsx), false);
    assert_eq!(out.status.code(), Some(0), "{}", s(&out));
    assert!(s(&out).starts_with("no changes"), "{}", s(&out));

    // A date typed into it is a 1904 serial too.
    let r = row("GEN-04");
    let edited = edit(
        &xlsx,
        "추적",
        &[
            (&format!("G{r}"), Val::Str("완료")),
            (
                &format!("H{r}"),
                Val::Num(serial(2026, 11, 19) - DAYS_1900_TO_1904),
            ),
        ],
    );
    let out = case.import(&case.workbook(&edited), false);
    let listing = s(&out);
    assert_eq!(out.status.code(), Some(0), "{listing}");
    assert!(
        listing.contains("GEN-04     done_on  — → 2026-11-19"),
        "{listing}"
    );
    assert!(listing.contains("2 changes from"), "{listing}");

    // Its range starts at serial 0 (1904-01-01), before the engagement.
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("F{r}"), Val::Num(0.0))]),
        &format!("추적!F{r}"),
        "due 1904-01-01, before the engagement starts",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("F{r}"), Val::Num(-1.0))]),
        &format!("추적!F{r}"),
        "the number -1 is not a date (date serials run from 0, 1904-01-01,",
    );
}

#[test]
fn a_customers_edits_come_back_field_by_field() {
    let case = Case::new("contoso-midway");
    let before = case.loaded();
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let (r18, r4, r13, r_enable3) = (
        row("GEN-18"),
        row("GEN-04"),
        row("GEN-13"),
        row("ENABLE-03"),
    );
    let edited = edit(
        &xlsx,
        "추적",
        &[
            // GEN-04: in progress → done, with the date done.
            (&format!("G{r4}"), Val::Str("완료")),
            (&format!("H{r4}"), Val::Num(serial(2026, 11, 19))),
            // GEN-13: a new owner, a new due date, a note starting with "=".
            (&format!("E{r13}"), Val::Str("이서연")),
            (&format!("F{r13}"), Val::Num(serial(2026, 12, 4))),
            (&format!("I{r13}"), Val::Str("=검토 후 재배정, \"긴급\"")),
            // GEN-18: status given by its English name in a Korean workbook.
            (&format!("G{r18}"), Val::Str("Blocked")),
            (&format!("I{r18}"), Val::Str("법무 검토 대기")),
            // ENABLE-03: not in the file yet; a due date typed as text.
            (&format!("G{r_enable3}"), Val::Str("진행 중")),
            (&format!("F{r_enable3}"), Val::Str("2026-12-10")),
        ],
    );
    let xlsx = case.workbook(&edited);
    // Without --write: the changes are listed, nothing is written.
    let out = case.import(&xlsx, false);
    let listing = s(&out);
    assert_eq!(out.status.code(), Some(0), "{listing}");
    assert!(
        listing.contains("ENG-2026-0142: 9 changes from"),
        "{listing}"
    );
    assert!(listing.contains("일반 책임:"), "{listing}");
    assert!(
        listing.contains("GEN-04     status   in-progress → done"),
        "{listing}"
    );
    assert!(
        listing.contains("GEN-04     done_on  — → 2026-11-19"),
        "{listing}"
    );
    assert!(
        listing.contains("GEN-13     owner    minjun → seoyeon"),
        "{listing}"
    );
    assert!(
        listing.contains("활성화 단계:\n  ENABLE-03  status   not-started → in-progress"),
        "{listing}"
    );
    assert!(listing.contains("nothing written"), "{listing}");
    assert_eq!(case.text(), case.original);

    // With --write: the file is updated, the old one kept.
    let out = case.import(&xlsx, true);
    assert_eq!(out.status.code(), Some(0), "{}", s(&out));
    assert_eq!(
        std::fs::read_to_string(case.dir.path().join("engagement.yaml.bak")).unwrap(),
        case.original
    );
    let after = case.loaded();
    let st = |id: &str| after.engagement.states.get(id).unwrap().clone();
    let date = jiff::civil::date;
    assert_eq!(st("GEN-04").status, Status::Done);
    assert_eq!(st("GEN-04").done_on, Some(date(2026, 11, 19)));
    assert_eq!(st("GEN-04").owner, before.engagement.states["GEN-04"].owner);
    assert_eq!(st("GEN-04").due, before.engagement.states["GEN-04"].due);
    assert_eq!(st("GEN-13").owner.as_deref(), Some("seoyeon"));
    assert_eq!(st("GEN-13").due, Some(date(2026, 12, 4)));
    assert_eq!(
        st("GEN-13").note.as_deref(),
        Some("=검토 후 재배정, \"긴급\"")
    );
    assert_eq!(st("GEN-18").status, Status::Blocked);
    assert_eq!(st("GEN-18").note.as_deref(), Some("법무 검토 대기"));
    assert_eq!(st("ENABLE-03").status, Status::InProgress);
    assert_eq!(st("ENABLE-03").due, Some(date(2026, 12, 10)));
    // Everything else is as it was.
    for (id, state) in &before.engagement.states {
        if !["GEN-18", "GEN-04", "GEN-13"].contains(&id.as_str()) {
            assert_eq!(&st(id), state, "{id}");
        }
    }
    assert_eq!(after.engagement.contacts, before.engagement.contacts);
    assert_eq!(after.engagement.signoff, before.engagement.signoff);
    assert_eq!(after.engagement.revisions, before.engagement.revisions);
    // Comments and the order of keys are kept: every line of the old file
    // that is not a changed entry is still there, in the same order.
    let new_text = case.text();
    let kept: Vec<&str> = case
        .original
        .lines()
        .filter(|l| {
            !["GEN-18:", "GEN-04:", "GEN-13:"]
                .iter()
                .any(|k| l.trim_start().starts_with(k))
        })
        .collect();
    let mut rest = new_text.lines();
    for line in &kept {
        assert!(rest.any(|l| l == *line), "lost or moved: {line}");
    }
    // The new entry sits in catalogue order, on the line right after the
    // entry of the nearest item before it in the catalogue that the file
    // lists (ASSESS-06: REMED-01 to ENABLE-02 are not listed).
    let nearest = before
        .catalogue
        .items()
        .map(|(_, i)| i.id.as_str())
        .take_while(|id| *id != "ENABLE-03")
        .filter(|id| before.engagement.states.contains_key(*id))
        .last()
        .expect("a listed item before ENABLE-03");
    assert_eq!(nearest, "ASSESS-06");
    let lines: Vec<&str> = new_text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "  ENABLE-03: { status: in-progress, due: 2026-12-10 }")
        .expect("ENABLE-03 entry");
    assert!(
        at > 0 && lines[at - 1].starts_with(&format!("  {nearest}: ")),
        "ENABLE-03 is not right after {nearest}:\n{new_text}"
    );
    // And it validates and rebuilds.
    let out = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(["build", "--out"])
        .arg(case.dir.path().join("out"))
        .arg(&case.engagement)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", s(&out));
    // Importing the same workbook again finds nothing more to do.
    let out = case.import(&xlsx, true);
    assert!(s(&out).starts_with("no changes"), "{}", s(&out));
}

#[test]
fn an_empty_flow_mapping_becomes_a_block_of_entries() {
    let case = Case::new("northwind-fresh");
    assert!(case.original.contains("responsibilities: {}"));
    let xlsx = tracker(&case.original, Locale::EN_US);
    let edited = edit(
        &xlsx,
        "Tracker",
        &[
            (&format!("G{}", row("INIT-01")), Val::Str("In progress")),
            (&format!("G{}", row("GEN-03")), Val::Str("In progress")),
        ],
    );
    let out = case.import(&case.workbook(&edited), true);
    assert_eq!(out.status.code(), Some(0), "{}", s(&out));
    let text = case.text();
    assert!(text.contains("responsibilities:\n  GEN-03: { status: in-progress }\n  INIT-01: { status: in-progress }\n"), "{text}");
    assert_eq!(case.loaded().engagement.states.len(), 2);
}

#[test]
fn windows_and_old_mac_line_ends_are_kept() {
    for nl in ["\r\n", "\r"] {
        for (sample, locale, sheet, status, ids) in [
            (
                "contoso-midway",
                Locale::KO_KR,
                "추적",
                "진행 중",
                // Replaced in place, inserted after GEN-14, appended.
                &["GEN-13", "GEN-15", "ENABLE-03"][..],
            ),
            // An empty flow mapping becomes a block.
            (
                "northwind-fresh",
                Locale::EN_US,
                "Tracker",
                "In progress",
                &["INIT-01", "GEN-03"][..],
            ),
        ] {
            let mut case = Case::new(sample);
            case.original = case.original.replace('\n', nl);
            std::fs::write(&case.engagement, &case.original).unwrap();
            let xlsx = tracker(&case.original, locale);
            let cells: Vec<String> = ids.iter().map(|id| format!("G{}", row(id))).collect();
            let cells: Vec<(&str, Val<'_>)> = cells
                .iter()
                .map(|c| (c.as_str(), Val::Str(status)))
                .collect();
            let out = case.import(&case.workbook(&edit(&xlsx, sheet, &cells)), true);
            assert_eq!(out.status.code(), Some(0), "{sample} {nl:?}: {}", s(&out));
            let text = case.text();
            let lone_lf = text.matches('\n').count() - text.matches("\r\n").count();
            let lone_cr = text.matches('\r').count() - text.matches("\r\n").count();
            match nl {
                "\r\n" => assert_eq!((lone_lf, lone_cr), (0, 0), "{sample}: {text:?}"),
                _ => assert!(!text.contains('\n'), "{sample}: {text:?}"),
            }
            let after = case.loaded();
            for id in ids {
                assert_eq!(
                    after.engagement.states[*id].status,
                    Status::InProgress,
                    "{sample} {nl:?} {id}"
                );
            }
        }
    }
}

#[test]
fn refuses_a_workbook_of_another_engagement() {
    let case = Case::new("contoso-midway");
    let other = tracker(
        bundled::sample("fabrikam-signed").unwrap().text,
        Locale::EN_US,
    );
    case.refused(&other, "_handover!B2", "this workbook is for engagement `ENG-2026-0087`, the engagement file is for `ENG-2026-0142`");
}

#[test]
fn refuses_another_catalogue_version() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let edited = edit(&xlsx, "_handover", &[("B4", Val::Str("2017-01-01"))]);
    case.refused(&edited, "_handover!B4", "catalogue version `2017-01-01`");
}

#[test]
fn refuses_unknown_and_duplicated_ids() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("GEN-05");
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("A{r}"), Val::Str("GEN-99"))]),
        &format!("추적!A{r}"),
        "`GEN-99` is not a responsibility",
    );
    let r = row("GEN-06");
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("A{r}"), Val::Str("GEN-05"))]),
        &format!("추적!A{r}"),
        "`GEN-05` appears twice",
    );
}

#[test]
fn refuses_missing_and_added_rows() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("ENABLE-08");
    let blanked: Vec<(String, Val<'_>)> = "ABCDEFGHI"
        .chars()
        .map(|c| (format!("{c}{r}"), Val::Empty))
        .collect();
    let edits: Vec<(&str, Val<'_>)> = blanked
        .iter()
        .map(|(c, v)| {
            (
                c.as_str(),
                match v {
                    Val::Empty => Val::Empty,
                    _ => unreachable!(),
                },
            )
        })
        .collect();
    case.refused(
        &edit(&xlsx, "추적", &edits),
        "추적: 1 responsibility is missing: ENABLE-08",
        "rows cannot be deleted",
    );
    let added = r + 1;
    case.refused(
        &edit(
            &xlsx,
            "추적",
            &[
                (&format!("G{added}"), Val::Str("완료")),
                (&format!("C{added}"), Val::Str("새 항목")),
            ],
        ),
        &format!("추적!A{added}"),
        "rows cannot be added",
    );
}

#[test]
fn refuses_unknown_status_and_owner_names() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("GEN-07");
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("G{r}"), Val::Str("거의 완료"))]),
        &format!("추적!G{r}"),
        "unknown status `거의 완료`",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("E{r}"), Val::Str("홍길동"))]),
        &format!("추적!E{r}"),
        "owner `홍길동` is not a contact",
    );
}

#[test]
fn refuses_invalid_dates_and_broken_rules() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("GEN-07");
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("F{r}"), Val::Str("2026-02-30"))]),
        &format!("추적!F{r}"),
        "`GEN-07`: due",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("F{r}"), Val::Str("다음 주"))]),
        &format!("추적!F{r}"),
        "`다음 주` is not a date",
    );
    case.refused(
        &edit(
            &xlsx,
            "추적",
            &[(&format!("F{r}"), Val::Num(serial(2025, 1, 1)))],
        ),
        &format!("추적!F{r}"),
        "before the engagement starts",
    );
    // Numbers outside Excel's date range: refused, not clamped to an end.
    for (n, shown) in [(0.0, "0"), (-3.5, "-3.5"), (1e12, "1000000000000")] {
        case.refused(
            &edit(&xlsx, "추적", &[(&format!("F{r}"), Val::Num(n))]),
            &format!("추적!F{r}"),
            &format!("`GEN-07`: due: the number {shown} is not a date"),
        );
    }
    let r = row("GEN-13");
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("G{r}"), Val::Str("완료"))]),
        &format!("추적!H{r}"),
        "`GEN-13` is done but has no `done_on`",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&format!("G{r}"), Val::Str("차단됨"))]),
        &format!("추적!I{r}"),
        "`GEN-13` is blocked but has no `note`",
    );
}

#[test]
fn refuses_a_file_that_is_not_a_tracker() {
    let case = Case::new("contoso-midway");
    // The file as a whole is at fault: the message names the workbook
    // where it would name a cell.
    case.refused(
        b"not a zip at all",
        "tracker.xlsx: not a readable",
        "not a readable XLSX workbook",
    );
}

/// The message after a diagnostic's `error: ` (validate) or after a
/// refusal's cell (import): the words of the broken rule alone.
fn rule_words<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.find(&format!("`{id}`")).map(|i| &l[i..]))
        .map(|l| l.split(" (hint:").next().unwrap_or(l))
        .collect()
}

#[test]
fn validate_and_import_word_a_broken_rule_the_same() {
    // The rule "blocked needs a note", broken once in the engagement file
    // (checked by `validate`) and once in the workbook (refused by
    // `import`): one wording, from the model, in both.
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("GEN-13");
    let out = case.import(
        &case.workbook(&edit(
            &xlsx,
            "추적",
            &[(&format!("G{r}"), Val::Str("차단됨"))],
        )),
        false,
    );
    assert_eq!(out.status.code(), Some(1), "{}", s(&out));
    let import_text = s(&out);
    let from_import = rule_words(&import_text, "GEN-13");

    let broken = case.dir.path().join("broken.yaml");
    let listed = "  GEN-13: { status: not-started, owner: minjun, due: 2026-11-10 }";
    assert!(case.original.contains(listed), "the sample changed");
    let text = case.original.replace(
        listed,
        "  GEN-13: { status: blocked, owner: minjun, due: 2026-11-10 }",
    );
    std::fs::write(&broken, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(["validate", &broken.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", s(&out));
    let validate_text = s(&out);
    let from_validate = rule_words(&validate_text, "GEN-13");

    assert_eq!(
        from_import,
        ["`GEN-13` is blocked but has no `note` saying why"]
    );
    assert_eq!(from_validate, from_import);
}

#[test]
fn dates_typed_year_first_are_read_and_year_last_refused_with_the_cell() {
    let case = Case::new("contoso-midway");
    let xlsx = tracker(&case.original, Locale::KO_KR);
    let r = row("GEN-07");
    let cell = format!("F{r}");
    // The forms Korean customers type (the government's `2026. 12. 1.`),
    // the dotted and slashed ISO orders, ISO itself and the long forms the
    // outputs print: each reads as 1 December 2026.
    for typed in [
        "2026. 12. 1.",
        "2026.12.01",
        "2026/12/01",
        "2026-12-01",
        "2026년 12월 1일",
        "December 1, 2026",
    ] {
        let out = case.import(
            &case.workbook(&edit(&xlsx, "추적", &[(&cell, Val::Str(typed))])),
            false,
        );
        let listing = s(&out);
        assert_eq!(out.status.code(), Some(0), "{typed}: {listing}");
        let line = listing
            .lines()
            .find(|l| l.trim_start().starts_with("GEN-07"))
            .unwrap_or_else(|| panic!("{typed}: no change of GEN-07 in:\n{listing}"));
        assert!(
            line.contains("due") && line.ends_with("→ 2026-12-01"),
            "{typed}: {line}"
        );
    }
    // Year last: which is the month? Refused with the cell and both readings.
    case.refused(
        &edit(&xlsx, "추적", &[(&cell, Val::Str("12/01/2026"))]),
        &format!("추적!{cell}"),
        "`GEN-07`: due: `12/01/2026` is ambiguous: is it 12 January 2026 or 1 December 2026? (which is the month?) (hint: write the year first: 2026-01-12 or 2026-12-01)",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&cell, Val::Str("13/01/2026"))]),
        &format!("추적!{cell}"),
        "(hint: write the year first: 2026-01-13)",
    );
    case.refused(
        &edit(&xlsx, "추적", &[(&cell, Val::Str("2026. 2. 30."))]),
        &format!("추적!{cell}"),
        "`GEN-07`: due: `2026. 2. 30.` is not a date",
    );
}

/// The bilingual tracker `handover build --locale <languages>` writes.
fn bilingual_tracker(case: &Case, languages: &str) -> Vec<u8> {
    let out_dir = case.dir.path().join("built");
    let out = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(["build", "--only", "xlsx", "--locale", languages, "--out"])
        .arg(&out_dir)
        .arg(&case.engagement)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", s(&out));
    let path = out_dir
        .join("ENG-2026-0142")
        .join(format!("tracker-{languages}.xlsx"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_bilingual_tracker_is_imported_like_the_others() {
    for (languages, sheet, done) in [
        ("ko-KR+en-US", "추적", "완료"),
        ("en-US+ko-KR", "Tracker", "Done"),
    ] {
        let case = Case::new("contoso-midway");
        let before = case.loaded();
        let xlsx = bilingual_tracker(&case, languages);
        // Unchanged: nothing to do, not refused.
        let out = case.import(&case.workbook(&xlsx), true);
        assert_eq!(out.status.code(), Some(0), "{languages}: {}", s(&out));
        assert!(
            s(&out).starts_with("no changes"),
            "{languages}: {}",
            s(&out)
        );

        let (r4, r13) = (row("GEN-04"), row("GEN-13"));
        let edited = edit(
            &xlsx,
            sheet,
            &[
                // GEN-04: in progress → done (the primary language's name).
                (&format!("G{r4}"), Val::Str(done)),
                (&format!("H{r4}"), Val::Num(serial(2026, 11, 19))),
                // GEN-13: a new owner and due date.
                (&format!("E{r13}"), Val::Str("이서연")),
                (&format!("F{r13}"), Val::Num(serial(2026, 12, 4))),
            ],
        );
        let out = case.import(&case.workbook(&edited), true);
        assert_eq!(out.status.code(), Some(0), "{languages}: {}", s(&out));
        let after = case.loaded();
        let st = |id: &str| after.engagement.states.get(id).unwrap().clone();
        let date = jiff::civil::date;
        assert_eq!(st("GEN-04").status, Status::Done, "{languages}");
        assert_eq!(st("GEN-04").done_on, Some(date(2026, 11, 19)));
        assert_eq!(st("GEN-13").owner.as_deref(), Some("seoyeon"));
        assert_eq!(st("GEN-13").due, Some(date(2026, 12, 4)));
        for (id, state) in &before.engagement.states {
            if !["GEN-04", "GEN-13"].contains(&id.as_str()) {
                assert_eq!(&st(id), state, "{languages} {id}");
            }
        }
    }
}
