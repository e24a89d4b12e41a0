//! Every validation rule: the message, the line and the column, the hint.

mod common;

use common::{BASE, base_with, errors, expect_at};
use handover::check::check_catalogue;
use handover::source::Source;

#[test]
fn base_is_valid() {
    common::load_str(BASE).unwrap();
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let text = base_with("  target: 2026-12-15\n", "  target: [2026-12-15\n");
    let ds = errors(&text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert!(
        ds[0].message.starts_with("YAML syntax:"),
        "{}",
        ds[0].message
    );
    let pos = ds[0].pos.as_ref().unwrap();
    assert!(pos.line >= 9, "{pos:?}");
    assert!(ds[0].hints[0].contains("indentation"));
}

#[test]
fn unknown_field_is_placed_on_the_key_with_a_suggestion() {
    let text = base_with(
        "GEN-02: { status: in-progress",
        "GEN-02: { stauts: in-progress",
    );
    let ds = errors(&text);
    let d = expect_at(&ds, &text, "unknown field `stauts`", "stauts");
    assert!(
        d.message.contains("responsibilities.GEN-02"),
        "{}",
        d.message
    );
    assert_eq!(d.hints[0], "did you mean `status`?");
    assert!(
        d.hints[1].contains("status, owner, due, done_on, note"),
        "{:?}",
        d.hints
    );
}

#[test]
fn unknown_field_in_nested_header_block() {
    let text = base_with(
        "tenant: test.onmicrosoft.com",
        "tenent: test.onmicrosoft.com",
    );
    let ds = errors(&text);
    let d = expect_at(&ds, &text, "unknown field `tenent`", "tenent");
    assert!(d.message.contains("engagement.customer"));
    assert_eq!(d.hints[0], "did you mean `tenant`?");
}

#[test]
fn missing_field_points_at_its_mapping() {
    let text = base_with("  - { id: jane, name: Jane Doe }", "  - { id: jane }");
    let ds = errors(&text);
    expect_at(
        &ds,
        &text,
        "missing field `name` in `contacts[1]`",
        "{ id: jane }",
    );
}

#[test]
fn unknown_section_is_reported_with_suggestion() {
    let text = BASE.replace("revisions:", "revison:");
    let ds = errors(&text);
    let d = expect_at(&ds, &text, "unknown section `revison`", "revison:");
    assert_eq!(d.hints[0], "did you mean `revisions`?");
}

#[test]
fn unknown_responsibility_id_suggests_the_nearest() {
    let text = base_with("  GEN-05:", "  GNE-05:");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`GNE-05` is not a responsibility of `fasttrack-ems`",
        "GNE-05",
    );
    assert_eq!(d.hints, ["did you mean `GEN-05`?"]);
}

#[test]
fn owner_must_be_a_contact() {
    let text = base_with(
        "owner: jane, due: 2026-11-30",
        "owner: jnae, due: 2026-11-30",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`GEN-02`: owner `jnae` is not a contact",
        "jnae",
    );
    assert_eq!(d.hints[0], "did you mean `jane`?");
    assert_eq!(d.hints[1], "the contacts: minjun, jane");
}

#[test]
fn unknown_status_lists_the_statuses() {
    let text = base_with(
        "status: in-progress, owner: jane, due: 2026-11-30",
        "status: in-porgress, owner: jane, due: 2026-11-30",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`GEN-02`: unknown status `in-porgress`",
        "in-porgress",
    );
    assert_eq!(d.hints[0], "did you mean `in-progress`?");
    assert_eq!(
        d.hints[1],
        "the statuses: not-started, in-progress, blocked, done, not-applicable"
    );
}

#[test]
fn done_needs_done_on() {
    let text = base_with(", done_on: 2026-09-28 }", " }");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`GEN-01` is done but has no `done_on`",
        "{ status: done",
    );
    assert!(d.hints[0].contains("done_on: YYYY-MM-DD"));
}

#[test]
fn blocked_and_not_applicable_need_a_note() {
    let text = base_with(
        "{ status: blocked, note: 회선 대기 }",
        "{ status: blocked }",
    )
    .replace(
        "{ status: not-applicable, note: 해당 없음 }",
        "{ status: not-applicable, note: \"  \" }",
    );
    let ds = errors(&text);
    expect_at(
        &ds,
        &text,
        "`GEN-03` is blocked but has no `note`",
        "{ status: blocked }",
    );
    expect_at(
        &ds,
        &text,
        "`GEN-04` is not-applicable but has no `note`",
        "{ status: not-applicable",
    );
}

#[test]
fn done_on_only_when_done() {
    let text = base_with(
        "{ status: in-progress, owner: jane, due: 2026-11-30 }",
        "{ status: in-progress, owner: jane, due: 2026-11-30, done_on: 2026-11-01 }",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`GEN-02` has `done_on` but its status is in-progress",
        "done_on: 2026-11-01",
    );
    assert_eq!(d.hints[0], "set `status: done`, or remove `done_on`");
}

#[test]
fn dates_must_be_real() {
    let text = base_with("due: 2026-11-30", "due: 2026-11-31");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`responsibilities.GEN-02.due`: `2026-11-31` is not a date",
        "2026-11-31",
    );
    assert_eq!(d.hints[0], "dates are written YYYY-MM-DD, e.g. 2026-11-20");
    let text = base_with("target: 2026-12-15", "target: 15/12/2026");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`15/12/2026` is not a date: expected the form YYYY-MM-DD",
        "15/12/2026",
    );
    assert!(d.message.contains("engagement.target"));
}

#[test]
fn target_not_before_start() {
    let text = base_with("target: 2026-12-15", "target: 2026-08-15");
    let ds = errors(&text);
    expect_at(
        &ds,
        &text,
        "target 2026-08-15 is before the start 2026-09-01",
        "2026-08-15",
    );
}

#[test]
fn done_on_and_due_not_before_start() {
    let text = base_with(
        "due: 2026-10-01, done_on: 2026-09-28",
        "due: 2026-08-01, done_on: 2026-08-28",
    );
    let ds = errors(&text);
    expect_at(
        &ds,
        &text,
        "`GEN-01`: done on 2026-08-28, before the engagement starts (2026-09-01)",
        "2026-08-28",
    );
    expect_at(
        &ds,
        &text,
        "`GEN-01`: due 2026-08-01, before the engagement starts (2026-09-01)",
        "2026-08-01",
    );
}

#[test]
fn done_on_not_after_as_of() {
    let text = base_with("done_on: 2026-09-28", "done_on: 2026-11-25");
    let ds = errors(&text);
    expect_at(
        &ds,
        &text,
        "`GEN-01`: done on 2026-11-25, after the state's date `as_of` (2026-11-20)",
        "2026-11-25",
    );
}

#[test]
fn catalogue_version_must_match() {
    let text = base_with(
        "catalogue_version: \"2018-06-01\"",
        "catalogue_version: \"2019-01-01\"",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "catalogue version `2019-01-01` does not match `fasttrack-ems` version `2018-06-01`",
        "\"2019-01-01\"",
    );
    assert!(d.hints[0].contains("catalogue_version: \"2018-06-01\""));
}

#[test]
fn catalogue_id_must_exist_and_match() {
    let text = base_with("catalogue: fasttrack-ems", "catalogue: fastrack-ems");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "unknown catalogue `fastrack-ems`",
        "fastrack-ems",
    );
    assert_eq!(d.hints[0], "did you mean `fasttrack-ems`?");
    // With a catalogue given on the command line, the ids must agree.
    let other =
        handover::bundled::CATALOGUES[0]
            .text
            .replacen("id: fasttrack-ems", "id: other-cat", 1);
    let cat = Source::new("other.yaml", other);
    let err = handover::load(&Source::new("e.yaml", BASE), Some(&cat)).unwrap_err();
    let ds = err.diagnostics.0;
    expect_at(
        &ds,
        BASE,
        "catalogue `fasttrack-ems` does not match the catalogue loaded, `other-cat`",
        "fasttrack-ems",
    );
}

#[test]
fn contact_ids_unique_and_valid() {
    let text = base_with(
        "  - { id: jane, name: Jane Doe }",
        "  - { id: minjun, name: Jane Doe }\n  - { id: \"a b\", name: X }",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "duplicate contact id `minjun`",
        "minjun, name: Jane",
    );
    assert_eq!(d.hints[0], "first used at line 12, column 11");
    expect_at(
        &ds,
        &text,
        "`contacts[2].id`: `a b` is not a valid id",
        "\"a b\"",
    );
}

#[test]
fn duplicate_responsibility_key_names_both_places() {
    let text = base_with("  GEN-05: {", "  GEN-04: {");
    let ds = errors(&text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.message, "`responsibilities.GEN-04` is given twice");
    let second = text.match_indices("GEN-04").nth(1).unwrap().0;
    let line = text[..second].matches('\n').count() + 1;
    assert_eq!(
        (d.pos.as_ref().unwrap().line, d.pos.as_ref().unwrap().column),
        (line, 3)
    );
    assert_eq!(
        d.hints[0],
        format!("first given at line {}, column 3", line - 1)
    );
}

#[test]
fn locale_must_be_supported() {
    let text = base_with("locale: ko-KR", "locale: ko-KO");
    let ds = errors(&text);
    let d = expect_at(&ds, &text, "unsupported locale `ko-KO`", "ko-KO");
    assert_eq!(d.hints[0], "did you mean `ko-KR`?");
}

#[test]
fn signoff_party_and_date() {
    let text = base_with("party: provider", "party: vendor")
        .replace("date: 2026-11-20 }", "date: 2026-08-20 }");
    let ds = errors(&text);
    let d = expect_at(&ds, &text, "unknown party `vendor`", "vendor");
    assert_eq!(d.hints.last().unwrap(), "the parties: customer, provider");
    expect_at(
        &ds,
        &text,
        "signed on 2026-08-20, before the engagement starts (2026-09-01)",
        "2026-08-20",
    );
}

#[test]
fn revisions_in_order_and_unique() {
    let text = base_with(
        "  - { version: \"1.0\", date: 2026-10-01, note: 초안 }\n",
        "  - { version: \"1.0\", date: 2026-10-01, note: 초안 }\n  - { version: \"1.1\", date: 2026-09-15 }\n  - { version: \"1.0\", date: 2026-11-01 }\n",
    );
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "revision 1.1 is dated 2026-09-15, before revision 1.0 (2026-10-01)",
        "2026-09-15",
    );
    assert_eq!(d.hints[0], "list revisions oldest first, newest last");
    let second = text.match_indices("\"1.0\"").nth(1).unwrap().0;
    let d = ds
        .iter()
        .find(|d| d.message == "duplicate revision `1.0`")
        .unwrap();
    assert_eq!(d.pos.as_ref().unwrap().bytes.start, second);
}

#[test]
fn unquoted_number_where_text_is_expected_gets_a_quoting_hint() {
    let text = base_with("version: \"1.0\"", "version: 1.0");
    let ds = errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`revisions[0].version`: invalid type: floating point `1.0`, expected a string",
        "1.0,",
    );
    assert!(d.hints[0].contains("quotes"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = base_with(
        "owner: jane, due: 2026-11-30",
        "owner: jnae, due: 2026-11-31",
    )
    .replace("  GEN-05:", "  GNE-05:")
    .replace(
        "GEN-03: { status: blocked, note: 회선 대기 }",
        "GEN-03: { status: blocked, nte: 회선 대기 }",
    );
    let ds = errors(&text);
    expect_at(&ds, &text, "owner `jnae` is not a contact", "jnae");
    expect_at(&ds, &text, "`2026-11-31` is not a date", "2026-11-31");
    expect_at(&ds, &text, "`GNE-05` is not a responsibility", "GNE-05");
    expect_at(&ds, &text, "unknown field `nte`", "nte:");
    assert_eq!(ds.len(), 4, "{ds:#?}");
}

#[test]
fn empty_and_non_utf8_and_nul_files() {
    let ds = errors("  \n");
    assert_eq!(ds[0].message, "the file is empty");
    let d = handover::source_from_bytes("bin.yaml".into(), b"engagement:\n  id: \xff\xfe".to_vec())
        .unwrap_err();
    assert_eq!(
        d.message,
        "the file is not UTF-8 text (invalid byte at offset 18)"
    );
    assert_eq!(d.pos.as_ref().map(|p| (p.line, p.column)), Some((2, 7)));
    let d = handover::source_from_bytes("nul.yaml".into(), b"a: 1\n\0".to_vec()).unwrap_err();
    assert!(d.message.contains("NUL"));
    // A byte-order mark is fine.
    let s = handover::source_from_bytes(
        "bom.yaml".into(),
        [b"\xEF\xBB\xBF".as_slice(), BASE.as_bytes()].concat(),
    )
    .unwrap();
    common::load_str(s.text()).unwrap();
}

#[test]
fn a_file_that_is_not_a_mapping() {
    let ds = errors("- just\n- a list\n");
    assert!(
        ds[0].message.starts_with("an engagement file is a mapping"),
        "{ds:#?}"
    );
    assert_eq!(ds[0].pos.as_ref().unwrap().line, 1);
}

// ---- catalogue rules ----

fn catalogue_errors(text: &str) -> Vec<handover::diagnostic::Diagnostic> {
    check_catalogue(&Source::new("c.yaml", text)).unwrap_err().0
}

const CAT: &str = "id: demo\nversion: \"1\"\ntitle: { ko-KR: 데모, en-US: Demo }\nphases:\n  - id: one\n    title: { ko-KR: 하나, en-US: One }\n    items:\n      - id: A-01\n        text: { ko-KR: 가, en-US: A }\n      - id: A-02\n        optional: true\n        text: { ko-KR: 나, en-US: B }\n";

#[test]
fn small_catalogue_is_valid() {
    let c = check_catalogue(&Source::new("c.yaml", CAT)).unwrap().value;
    assert_eq!(c.len(), 2);
    assert!(c.phases[0].items[1].optional);
}

#[test]
fn catalogue_text_must_exist_in_every_locale() {
    let text = CAT.replacen("{ ko-KR: 나, en-US: B }", "{ ko-KR: 나 }", 1);
    let ds = catalogue_errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`phases[0].items[1].text` has no en-US text",
        "{ ko-KR: 나 }",
    );
    assert_eq!(d.hints[0], "add `en-US: …` under `phases[0].items[1].text`");
}

#[test]
fn catalogue_unknown_locale_key() {
    let text = CAT.replacen("en-US: One", "en-UK: One", 1);
    let ds = catalogue_errors(&text);
    let d = expect_at(
        &ds,
        &text,
        "`phases[0].title`: unknown locale `en-UK`",
        "en-UK",
    );
    assert_eq!(d.hints[0], "did you mean `en-US`?");
    expect_at(
        &ds,
        &text,
        "`phases[0].title` has no en-US text",
        "{ ko-KR: 하나",
    );
}

#[test]
fn catalogue_duplicate_item_and_phase_ids() {
    let text = format!(
        "{CAT}  - id: one\n    title: {{ ko-KR: 둘, en-US: Two }}\n    items:\n      - id: A-02\n        text: {{ ko-KR: 다, en-US: C }}\n"
    );
    let ds = catalogue_errors(&text);
    let d = ds
        .iter()
        .find(|d| d.message == "duplicate phase id `one`")
        .unwrap();
    assert_eq!(d.pos.as_ref().unwrap().line, 13);
    assert_eq!(d.hints[0], "first used at line 5, column 9");
    let d = ds
        .iter()
        .find(|d| d.message == "duplicate item id `A-02`")
        .unwrap();
    assert_eq!(
        (d.pos.as_ref().unwrap().line, d.pos.as_ref().unwrap().column),
        (16, 13)
    );
}

#[test]
fn catalogue_unknown_field_and_empty_phase() {
    let text = CAT.replacen("optional: true", "optinal: true", 1);
    let ds = catalogue_errors(&text);
    let d = expect_at(&ds, &text, "unknown field `optinal`", "optinal");
    assert_eq!(d.hints[0], "did you mean `optional`?");
    let text = "id: demo\nversion: \"1\"\ntitle: { ko-KR: 데모, en-US: Demo }\nphases:\n  - id: one\n    title: { ko-KR: 하나, en-US: One }\n    items: []\n";
    let ds = catalogue_errors(text);
    expect_at(&ds, text, "phase `one` has no items", "[]");
}

#[test]
fn catalogue_declared_locales_are_checked() {
    let text = CAT.replacen("id: demo\n", "id: demo\nlocales: [ko-KR, fr-FR]\n", 1);
    let ds = catalogue_errors(&text);
    expect_at(&ds, &text, "unsupported locale `fr-FR`", "fr-FR");
    // A catalogue in Korean only is fine, and its texts need no English.
    let ko_only = "id: demo\nversion: \"1\"\nlocales: [ko-KR]\ntitle: { ko-KR: 데모 }\nphases:\n  - id: one\n    title: { ko-KR: 하나 }\n    items:\n      - id: A-01\n        text: { ko-KR: 가 }\n";
    let c = check_catalogue(&Source::new("c.yaml", ko_only))
        .unwrap()
        .value;
    assert_eq!(c.locales, [handover::locale::Locale::KO_KR]);
}

#[test]
fn engagement_locale_must_be_in_the_catalogue() {
    let ko_only = "id: fasttrack-ems\nversion: \"2018-06-01\"\nlocales: [ko-KR]\ntitle: { ko-KR: 데모 }\nphases:\n  - id: one\n    title: { ko-KR: 하나 }\n    items:\n      - id: GEN-01\n        text: { ko-KR: 가 }\n";
    let cat = Source::new("ko.yaml", ko_only);
    let text = "engagement:\n  id: E-1\n  catalogue: fasttrack-ems\n  catalogue_version: \"2018-06-01\"\n  locale: en-US\n  customer: { name: X }\n  provider: { name: Y }\n  start: 2026-01-01\n  target: 2026-02-01\n";
    let ds = handover::load(&Source::new("e.yaml", text), Some(&cat))
        .unwrap_err()
        .diagnostics
        .0;
    expect_at(
        &ds,
        text,
        "catalogue `fasttrack-ems` has no en-US texts",
        "en-US",
    );
}
