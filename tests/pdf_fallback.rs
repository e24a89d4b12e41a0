//! Font fallback: characters NanumGothic lacks (a non-breaking hyphen,
//! check marks, accented Latin of Lithuanian, Hungarian, Polish and
//! Vietnamese names, Greek, Cyrillic, arrows, mathematical operators,
//! letterlike symbols, dingbats, miscellaneous symbols) are drawn with the
//! template's fallback face, and read back exactly by poppler's
//! `pdftotext`; `pdffonts` shows each face embedded, subset and with a
//! ToUnicode map; lopdf shows a width and a Unicode mapping for every
//! glyph drawn in every face. A character no face has is still the boxed
//! replacement, named in the warning.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use handover::locale::Locale;
use handover::pdf::layout::{FaceId, FaceKind};
use handover::pdf::{PdfOutput, Typesetter};
use handover::report::Report;
use handover::source::Source;
use handover::template::Template;
use lopdf::{Document, Object};

/// Each group of characters the issue names, as a contact name or a note.
const GROUPS: &[&str] = &[
    "Wi\u{2011}Fi",
    "✓ ✗ ⚠",
    "Jonas Petrauskas ė",
    "Gábor ő",
    "Łukasz ł",
    "Nguyễn ễ",
    "Ωμέγα",
    "Дмитрий",
    "→ ⇒",
    "∑ ≤ ≠",
    "™ ℃",
    "❤ ✂",
    "☎ ★",
];

/// An engagement whose contact names, notes and signatories use every
/// group (owners are shown by name in the phase tables).
fn engagement() -> String {
    format!(
        r#"engagement:
  id: ENG-FB-1
  catalogue: fasttrack-ems
  catalogue_version: "2018-06-01"
  locale: ko-KR
  customer: {{ name: "Łukasz Wójcik Sp. z o.o.", tenant: fallback.onmicrosoft.com }}
  provider: {{ name: FastTrack Center }}
  start: 2026-09-01
  target: 2026-12-15
  as_of: 2026-11-20
contacts:
  - {{ id: jonas, name: "{jonas}", role: "{wifi} 관리자" }}
  - {{ id: gabor, name: "{gabor}" }}
  - {{ id: lukasz, name: "{lukasz}" }}
  - {{ id: nguyen, name: "{nguyen}" }}
  - {{ id: dmitry, name: "{dmitry} {omega}" }}
responsibilities:
  GEN-01: {{ status: done, owner: jonas, due: 2026-10-01, done_on: 2026-09-28, note: "{wifi} 점검 {checks}" }}
  GEN-02: {{ status: in-progress, owner: gabor, due: 2026-11-30, note: "일정 {arrows}, 비용 {math}" }}
  GEN-03: {{ status: blocked, owner: lukasz, note: "{letterlike} {dingbats} {misc}" }}
  GEN-04: {{ status: not-applicable, note: "{omega} {dmitry}" }}
  GEN-05: {{ status: in-progress, owner: nguyen, due: 2026-11-10, note: "{nguyen}, {gabor}, {lukasz}, {jonas}" }}
  GEN-06: {{ status: in-progress, owner: dmitry, due: 2026-12-10 }}
signoff:
  - {{ party: customer, name: "{lukasz}", title: "IT {arrows}", date: 2026-11-20 }}
  - {{ party: provider, name: "{nguyen}", title: FastTrack Manager }}
revisions:
  - {{ version: "1.0", date: 2026-10-01, note: "초안 {checks}" }}
"#,
        wifi = GROUPS[0],
        checks = GROUPS[1],
        jonas = GROUPS[2],
        gabor = GROUPS[3],
        lukasz = GROUPS[4],
        nguyen = GROUPS[5],
        omega = GROUPS[6],
        dmitry = GROUPS[7],
        arrows = GROUPS[8],
        math = GROUPS[9],
        letterlike = GROUPS[10],
        dingbats = GROUPS[11],
        misc = GROUPS[12],
    )
}

fn report(yaml: &str, locale: Locale) -> Report {
    let loaded = handover::load(&Source::new("e.yaml", yaml), None)
        .unwrap_or_else(|e| panic!("engagement does not load:\n{e}"));
    loaded.report(locale, None).expect("resolve")
}

fn typesetter() -> Typesetter {
    Typesetter::new(&Template::bundled().expect("template")).expect("fonts")
}

fn render(r: &Report) -> PdfOutput {
    typesetter().render(r).expect("render")
}

/// Writes the PDF into a temporary folder (kept while the guard lives).
fn written(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("statement.pdf");
    std::fs::write(&file, bytes).expect("write");
    (dir, file)
}

fn run(tool: &Path, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(if tool.ends_with("pdftotext") {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .expect("the tool runs");
    assert!(
        out.status.success(),
        "{} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_bundled_fallback_has_every_group() {
    let ts = typesetter();
    let regular = ts.face(FaceKind::Regular);
    let fallback = ts.face_of(FaceId::Fallback(0)).expect("a bundled fallback");
    assert_eq!(fallback.name(), "DejaVuSans");
    let mut lacking = Vec::new();
    for c in GROUPS.concat().chars().filter(|c| !c.is_whitespace()) {
        assert!(
            regular.has(c) || fallback.has(c),
            "no bundled face has U+{:04X} {c}",
            u32::from(c)
        );
        if !regular.has(c) {
            lacking.push(c);
        }
    }
    // The test is worth something only if Nanum lacks some of each kind.
    for c in ['\u{2011}', '✓', '⚠', 'ė', 'ő', 'ễ', 'έ', '❤', '✂'] {
        assert!(lacking.contains(&c), "NanumGothic has {c}: pick another");
    }
}

#[test]
fn every_character_comes_back_from_pdftotext_with_no_warning() {
    let r = report(&engagement(), Locale::KO_KR);
    let out = render(&r);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = typesetter().layout(&r);
    assert!(doc.missing.is_empty(), "{:?}", doc.missing);
    assert!(
        doc.texts().any(|(_, t)| t.font == FaceId::Fallback(0)),
        "some runs are drawn in the fallback face"
    );
    assert!(
        doc.texts().all(|(_, t)| !t.replacement),
        "no replacement drawn"
    );

    let Some(pdftotext) = common::require_tool("pdftotext", "reading fallback text with poppler")
    else {
        return;
    };
    let (_dir, file) = written(&out.bytes);
    let text = run(&pdftotext, &["-enc", "UTF-8"], &file);
    let squashed: String = text.split_whitespace().collect();
    for group in GROUPS {
        let want: String = group.split_whitespace().collect();
        assert!(
            squashed.contains(&want),
            "pdftotext lost `{group}` ({:?})",
            group
                .chars()
                .map(|c| format!("U+{:04X}", u32::from(c)))
                .collect::<Vec<_>>()
        );
    }
    // Whole names, as written, in the owner column and on the sign-off page.
    for name in [
        "Łukasz ł",
        "Nguyễn ễ",
        "Jonas Petrauskas ė",
        "Дмитрий Ωμέγα",
    ] {
        assert!(text.contains(name), "pdftotext lost the name `{name}`");
    }
}

#[test]
fn pdffonts_lists_three_faces_embedded_subset_with_unicode_maps() {
    let out = render(&report(&engagement(), Locale::KO_KR));
    let Some(pdffonts) = common::require_tool("pdffonts", "listing the embedded fonts") else {
        return;
    };
    let (_dir, file) = written(&out.bytes);
    let listing = run(&pdffonts, &[], &file);
    let rows: Vec<Vec<&str>> = listing
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let names: BTreeSet<&str> = rows
        .iter()
        .map(|r| r[0].split_once('+').map_or(r[0], |(_, n)| n))
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["DejaVuSans", "NanumGothic", "NanumGothicBold"]),
        "{listing}"
    );
    assert_eq!(rows.len(), 3, "each face once:\n{listing}");
    for r in &rows {
        // From the right: emb sub uni object-id generation.
        let n = r.len();
        assert_eq!(
            (r[n - 5], r[n - 4], r[n - 3]),
            ("yes", "yes", "yes"),
            "emb sub uni: {}",
            r.join(" ")
        );
        let (tag, _) = r[0].split_once('+').expect("a subset tag");
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
    }
}

/// Glyph ids mapped by a font's `/ToUnicode` CMap (`bfchar` entries).
fn unicode_map(doc: &Document, font: &lopdf::Dictionary) -> BTreeMap<u16, String> {
    let id = font
        .get(b"ToUnicode")
        .and_then(Object::as_reference)
        .expect("/ToUnicode");
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .expect("stream");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&bytes);
    common::bfchar_map(&text)
}

#[test]
fn each_face_maps_every_glyph_it_draws_back_to_its_character() {
    let out = render(&report(&engagement(), Locale::KO_KR));
    let doc = Document::load_mem(&out.bytes).expect("lopdf reads the PDF");
    // Text shown per font resource, decoded through that font's map.
    let mut shown: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    let mut base_names: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).expect("fonts");
        let content = doc.get_page_content(page);
        let ops = lopdf::content::Content::decode(&content)
            .expect("operators")
            .operations;
        let mut font: Option<Vec<u8>> = None;
        for op in ops {
            match op.operator.as_str() {
                "Tf" => font = Some(op.operands[0].as_name().expect("font").to_vec()),
                "Tj" | "'" => {
                    let res = font.clone().expect("a font is set before text");
                    let dict = fonts[&res];
                    let map = unicode_map(&doc, dict);
                    base_names.insert(
                        res.clone(),
                        String::from_utf8_lossy(
                            dict.get(b"BaseFont")
                                .and_then(Object::as_name)
                                .expect("name"),
                        )
                        .into_owned(),
                    );
                    let Object::String(b, _) = &op.operands[0] else {
                        panic!("a text operand that is not a string")
                    };
                    for pair in b.chunks(2) {
                        let gid = u16::from_be_bytes([pair[0], pair[1]]);
                        assert_ne!(gid, 0, "{}: .notdef drawn", String::from_utf8_lossy(&res));
                        let ch = map
                            .get(&gid)
                            .unwrap_or_else(|| panic!("glyph {gid} has no Unicode"));
                        shown.entry(res.clone()).or_default().push_str(ch);
                    }
                }
                _ => {}
            }
        }
    }
    assert_eq!(shown.len(), 3, "three faces draw text: {base_names:?}");
    let fallback = base_names
        .iter()
        .find(|(_, n)| n.ends_with("+DejaVuSans"))
        .map(|(res, _)| shown[res].clone())
        .expect("the fallback face draws text");
    // Exactly the characters Nanum lacks are drawn by DejaVu Sans.
    let ts = typesetter();
    let regular = ts.face(FaceKind::Regular);
    for c in fallback.chars() {
        assert!(
            !regular.has(c),
            "DejaVu Sans draws {c}, which NanumGothic has"
        );
    }
    for c in ['\u{2011}', '✓', '✗', '⚠', 'ė', 'ő', 'ễ', 'έ', '❤', '✂'] {
        assert!(
            fallback.contains(c),
            "{c} not drawn by the fallback: {fallback}"
        );
    }
}

#[test]
fn a_character_no_face_has_is_still_a_named_replacement() {
    let yaml = engagement().replace("일정 → ⇒", "일정 🚀 → ⇒");
    assert!(yaml.contains('🚀'));
    let r = report(&yaml, Locale::KO_KR);
    let ts = typesetter();
    assert!(
        ts.face_of(FaceId::Fallback(0))
            .is_some_and(|f| !f.has('🚀'))
    );
    let out = ts.render(&r).expect("render");
    let w = out.warnings.join("\n");
    assert_eq!(out.warnings.len(), 1, "{w}");
    assert!(w.contains("U+1F680") && w.contains('🚀'), "{w}");
    assert!(
        w.contains("DejaVuSans"),
        "the warning names the fallback tried: {w}"
    );
    // Only the emoji: the other characters Nanum lacks are not named.
    assert!(!w.contains('✓') && !w.contains('ő'), "{w}");
    let doc = ts.layout(&r);
    assert_eq!(doc.missing, ['🚀']);
    let reps: Vec<_> = doc.texts().filter(|(_, t)| t.replacement).collect();
    assert_eq!(reps.len(), 1, "one boxed replacement");
    assert_eq!(reps[0].1.text, "?");
    assert_eq!(reps[0].1.font, FaceId::Regular, "drawn in the style's face");
}

#[test]
fn a_statement_without_such_characters_embeds_no_fallback() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/engagements/contoso-midway.yaml"),
    )
    .expect("sample");
    let r = report(&base, Locale::KO_KR);
    let doc = typesetter().layout(&r);
    assert!(doc.texts().all(|(_, t)| t.font == t.face.into()));
    let out = render(&r);
    let pdf = Document::load_mem(&out.bytes).expect("load");
    let mut fonts = BTreeSet::new();
    for (_, page) in pdf.get_pages() {
        for (_, dict) in pdf.get_page_fonts(page).expect("fonts") {
            fonts.insert(
                String::from_utf8_lossy(
                    dict.get(b"BaseFont")
                        .and_then(Object::as_name)
                        .expect("name"),
                )
                .into_owned(),
            );
        }
    }
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    assert!(fonts.iter().all(|f| !f.contains("DejaVu")), "{fonts:?}");
}
