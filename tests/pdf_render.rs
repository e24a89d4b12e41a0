//! The PDF statement read back with lopdf (a different library than the
//! printpdf that wrote it) and, where installed, poppler's `pdftotext`:
//! every responsibility, phase and signatory is there, the page numbers are
//! right, the outline has one entry per phase, the fonts are embedded and
//! subset, the metadata is set, the bytes are deterministic.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use handover::locale::Locale;
use handover::pdf::{PdfOutput, render};
use handover::report::{Report, SignState};
use handover::source::Source;
use handover::template::Template;
use lopdf::{Document, Object};

fn report_from(engagement: &str, locale: Locale) -> Report {
    let loaded = handover::load(&Source::new("e.yaml", engagement), None)
        .unwrap_or_else(|e| panic!("engagement does not load:\n{e}"));
    loaded.report(locale, None).expect("resolve")
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/engagements")
            .join(name),
    )
    .expect("sample")
}

fn report(name: &str, locale: Locale) -> Report {
    report_from(&sample(name), locale)
}

fn pdf(r: &Report) -> PdfOutput {
    render(r, &Template::bundled().expect("template")).expect("render")
}

/// All whitespace removed: lines break anywhere in the PDF.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Also with the words of `joins` as pdftotext gives them back, without
/// the hyphen their line ended with (and only those hyphens).
fn squash_joins(s: &str, joins: &[Join]) -> String {
    joins
        .iter()
        .fold(squash(s), |s, (written, read)| s.replace(written, read))
}

/// Text of each page, by lopdf.
fn lopdf_pages(bytes: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let n = doc.get_pages().len();
    (1..=n)
        .map(|p| {
            doc.extract_text(&[u32::try_from(p).expect("page")])
                .expect("extract")
        })
        .collect()
}

/// Text of each page, by pdftotext, and the words it broke at the end of a
/// line after a hyphen (see [`line_end_hyphens`]);
/// `None` when poppler is not installed (a failure instead when `CI` is
/// set).
fn pdftotext_pages(bytes: &[u8]) -> Option<(Vec<String>, Vec<Join>)> {
    let pdftotext = common::require_tool("pdftotext", "reading the statements with poppler")?;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.pdf");
    std::fs::write(&file, bytes).expect("write");
    let run = |raw: bool| {
        let mut c = Command::new(&pdftotext);
        if raw {
            c.arg("-raw");
        }
        let out = c
            .args(["-enc", "UTF-8"])
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(
            out.status.success(),
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let pages = run(false)
        .split('\u{c}')
        .map(str::to_owned)
        .filter(|p| !p.trim().is_empty())
        .collect();
    Some((pages, line_end_hyphens(&run(true))))
}

/// A word broken after a hyphen at the end of a line: as written
/// (`change-management`) and as pdftotext gives it back (`changemanagement`).
type Join = (String, String);

/// The words broken after a hyphen at the end of a line, from pdftotext's
/// `-raw` text (the content's order, its hyphens kept). In its reading
/// order text pdftotext joins those lines and drops the hyphen, taking it
/// for a hyphenation: the only hyphens it may drop.
fn line_end_hyphens(raw: &str) -> Vec<Join> {
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    lines
        .windows(2)
        .filter(|w| w[0].ends_with('-'))
        .filter_map(|w| {
            let left = w[0].split_whitespace().last()?;
            let right = w[1].split_whitespace().next()?;
            let cut = left.strip_suffix('-')?;
            Some((format!("{left}{right}"), format!("{cut}{right}")))
        })
        .collect()
}

/// Checks every text of the report is in `pages`, compared without
/// whitespace and, where pdftotext read them, without the hyphens of
/// `joins` (see [`squash_joins`]).
fn check_content(r: &Report, pages: &[String], joins: &[Join], reader: &str) {
    let squash = |s: &str| squash_joins(s, joins);
    let all = squash(&pages.concat());
    for (_, item) in r.items() {
        assert!(
            all.contains(&squash(&item.text)),
            "{reader}: `{}` text missing: {}",
            item.id,
            item.text
        );
        if let Some(note) = &item.note {
            assert!(
                all.contains(&squash(note)),
                "{reader}: note of `{}` missing",
                item.id
            );
        }
    }
    for p in &r.phases {
        assert!(
            all.contains(&squash(&p.title)),
            "{reader}: phase `{}` missing",
            p.title
        );
    }
    for s in &r.signoff {
        assert!(
            all.contains(&squash(&s.name)),
            "{reader}: signatory `{}` missing",
            s.name
        );
        assert!(
            all.contains(&squash(&s.status_text)),
            "{reader}: `{}` missing",
            s.status_text
        );
    }
    assert!(
        all.contains(&squash(&r.acknowledgement)),
        "{reader}: acknowledgement missing"
    );
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let p = squash(page);
        assert!(
            p.contains(&squash(&r.page_of(i + 1, n))),
            "{reader}: page {} lacks `{}`",
            i + 1,
            r.page_of(i + 1, n)
        );
        assert!(
            p.contains(&squash(&r.fingerprint_text)),
            "{reader}: page {} lacks the fingerprint",
            i + 1
        );
        assert!(
            p.contains(&squash(&r.engagement_id)),
            "{reader}: page {} lacks the engagement id",
            i + 1
        );
        if i > 0 {
            assert!(
                p.contains(&squash(&r.customer)),
                "{reader}: page {} lacks the customer header",
                i + 1
            );
        }
        let draft = squash(&r.labels.draft_marking);
        assert_eq!(
            p.contains(&draft),
            r.state == SignState::Draft,
            "{reader}: draft marking on page {} of a {:?} statement",
            i + 1,
            r.state
        );
    }
}

const CASES: [(&str, Locale); 4] = [
    ("contoso-midway.yaml", Locale::KO_KR),
    ("contoso-midway.yaml", Locale::EN_US),
    ("fabrikam-signed.yaml", Locale::EN_US),
    ("fabrikam-signed.yaml", Locale::KO_KR),
];

#[test]
fn lopdf_finds_every_responsibility_phase_signatory_and_page_number() {
    for (name, locale) in CASES {
        let r = report(name, locale);
        let out = pdf(&r);
        let pages = lopdf_pages(&out.bytes);
        assert_eq!(pages.len(), out.pages);
        check_content(&r, &pages, &[], &format!("lopdf {name} {locale}"));
    }
}

#[test]
fn pdftotext_gives_back_the_same_text() {
    for (name, locale) in CASES {
        let r = report(name, locale);
        let out = pdf(&r);
        let Some((pages, joins)) = pdftotext_pages(&out.bytes) else {
            return;
        };
        assert_eq!(pages.len(), out.pages);
        check_content(&r, &pages, &joins, &format!("pdftotext {name} {locale}"));
    }
}

fn text_of(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).expect("utf-16")
        }
        Object::String(b, _) => String::from_utf8(b.clone()).expect("ascii"),
        other => panic!("not a string: {other:?}"),
    }
}

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().expect("catalog")
}

#[test]
fn one_bookmark_per_phase_in_order_pointing_at_its_page() {
    for (name, locale) in CASES {
        let r = report(name, locale);
        let out = pdf(&r);
        let doc = Document::load_mem(&out.bytes).expect("load");
        let outlines = catalog(&doc)
            .get(b"Outlines")
            .and_then(Object::as_reference)
            .expect("outline");
        let outlines = doc.get_dictionary(outlines).expect("outline dict");
        let pages: BTreeMap<lopdf::ObjectId, u32> =
            doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
        let mut titles = Vec::new();
        let mut next = outlines.get(b"First").and_then(Object::as_reference).ok();
        while let Some(id) = next {
            let e = doc.get_dictionary(id).expect("entry");
            let dest = e.get(b"Dest").and_then(Object::as_array).expect("dest");
            let page = dest[0].as_reference().expect("page ref");
            assert!(pages.contains_key(&page), "bookmark points at a page");
            titles.push((text_of(e.get(b"Title").expect("title")), pages[&page]));
            next = e.get(b"Next").and_then(Object::as_reference).ok();
        }
        let phase_marks: Vec<&(String, u32)> = titles
            .iter()
            .filter(|(t, _)| r.phases.iter().any(|p| &p.title == t))
            .collect();
        let expected: Vec<&str> = r.phases.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            phase_marks
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>(),
            expected,
            "{name} {locale}"
        );
        // In document order: pages never go backwards.
        assert!(titles.windows(2).all(|w| w[0].1 <= w[1].1), "{titles:?}");
        // Each phase's page shows its title.
        let texts = lopdf_pages(&out.bytes);
        for (t, p) in phase_marks {
            assert!(
                squash(&texts[*p as usize - 1]).contains(&squash(t)),
                "`{t}` not on page {p}"
            );
        }
        assert_eq!(
            catalog(&doc)
                .get(b"PageMode")
                .and_then(Object::as_name)
                .ok(),
            Some(&b"UseOutlines"[..])
        );
    }
}

/// The CIDFont below a Type0 font.
fn descendant<'a>(doc: &'a Document, font: &'a lopdf::Dictionary) -> &'a lopdf::Dictionary {
    let desc = font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .expect("descendants");
    match &desc[0] {
        Object::Reference(id) => doc.get_dictionary(*id).expect("descendant"),
        Object::Dictionary(d) => d,
        other => panic!("{other:?}"),
    }
}

/// The content of the stream `dict[key]` refers to, inflated when it is
/// compressed.
fn stream_of(doc: &Document, dict: &lopdf::Dictionary, key: &[u8]) -> Vec<u8> {
    let id = dict
        .get(key)
        .and_then(Object::as_reference)
        .unwrap_or_else(|_| panic!("no /{}", String::from_utf8_lossy(key)));
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .expect("a stream");
    if stream.dict.get(b"Filter").is_ok() {
        stream.decompressed_content().expect("inflate")
    } else {
        stream.content.clone()
    }
}

#[test]
fn every_font_is_embedded_subset_and_mapped_to_unicode() {
    let out = pdf(&report("contoso-midway.yaml", Locale::KO_KR));
    let doc = Document::load_mem(&out.bytes).expect("load");
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font")
            || d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0")
        {
            continue;
        }
        fonts += 1;
        let base = String::from_utf8(
            d.get(b"BaseFont")
                .and_then(Object::as_name)
                .expect("BaseFont")
                .to_vec(),
        )
        .expect("name");
        let (tag, face) = base
            .split_once('+')
            .unwrap_or_else(|| panic!("{base} has no subset tag"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{base}"
        );
        assert!(face.starts_with("NanumGothic"), "{base}");
        assert!(d.get(b"ToUnicode").is_ok(), "{base} has no ToUnicode");
        let fd = descendant(&doc, d)
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .expect("descriptor");
        let fd = doc.get_dictionary(fd).expect("descriptor dict");
        let program = stream_of(&doc, fd, b"FontFile2");
        assert!(
            program.len() < 400_000,
            "{base}: {} bytes is not a subset",
            program.len()
        );
        assert_eq!(
            String::from_utf8_lossy(
                fd.get(b"FontName")
                    .and_then(Object::as_name)
                    .expect("FontName")
            ),
            base
        );
    }
    assert_eq!(fonts, 2, "regular and bold");
    assert!(out.bytes.len() < 400_000, "{} bytes", out.bytes.len());
}

#[test]
fn metadata_comes_from_the_report_and_bytes_are_deterministic() {
    let r = report("contoso-midway.yaml", Locale::KO_KR);
    let a = pdf(&r);
    let b = pdf(&r);
    assert_eq!(a.bytes, b.bytes, "same report, same bytes");
    assert!(a.bytes.starts_with(b"%PDF-1.7"));
    let doc = Document::load_mem(&a.bytes).expect("load");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("Info");
    let info = doc.get_dictionary(info).expect("info dict");
    let get = |k: &[u8]| {
        text_of(
            info.get(k)
                .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(k))),
        )
    };
    assert!(get(b"Title").contains(&r.labels.document_title));
    assert_eq!(get(b"Author"), r.provider);
    assert_eq!(get(b"Subject"), r.subject);
    assert_eq!(get(b"Keywords"), r.keywords);
    assert_eq!(
        get(b"CreationDate"),
        format!("D:{}000000Z", r.issued.iso.replace('-', ""))
    );
    assert!(
        info.get(b"GTS_PDFXVersion").is_err(),
        "no empty PDF/X marker"
    );
    assert_eq!(text_of(catalog(&doc).get(b"Lang").expect("Lang")), "ko-KR");
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("ID")
        .clone();

    let en = pdf(&report("contoso-midway.yaml", Locale::EN_US));
    let doc_en = Document::load_mem(&en.bytes).expect("load");
    assert_eq!(
        text_of(catalog(&doc_en).get(b"Lang").expect("Lang")),
        "en-US"
    );
    assert_ne!(
        doc_en
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .expect("ID"),
        &id,
        "locale in the id"
    );

    // A different engagement state gives a different id.
    let changed =
        sample("contoso-midway.yaml").replace("note: 법무팀 검토 완료", "note: 법무팀 검토 완료됨");
    let c = pdf(&report_from(&changed, Locale::KO_KR));
    let doc_c = Document::load_mem(&c.bytes).expect("load");
    assert_ne!(
        doc_c
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .expect("ID"),
        &id,
        "content in the id"
    );
}

#[test]
fn characters_no_font_has_are_named_and_drawn_as_boxed_replacements() {
    // 🚀 is in neither NanumGothic nor the fallback DejaVu Sans; ✓ is in
    // DejaVu Sans only (drawn with it: tests/pdf_fallback.rs).
    let yaml = sample("contoso-midway.yaml").replace(
        "note: 법무팀 검토 완료",
        "note: \"법무팀 검토 완료 🚀 ✓ ok\"",
    );
    let r = report_from(&yaml, Locale::KO_KR);
    let ts = handover::pdf::Typesetter::new(&Template::bundled().expect("t")).expect("fonts");
    let face = ts.face(handover::pdf::layout::FaceKind::Regular);
    assert!(!face.has('🚀'), "the test needs a character Nanum lacks");
    let out = pdf(&r);
    let w = out.warnings.join("\n");
    assert!(w.contains("U+1F680") && w.contains('🚀'), "{w}");
    assert!(!w.contains('✓'), "the fallback face has ✓: {w}");
    let doc = handover::pdf::layout(&r, &Template::bundled().expect("t")).expect("layout");
    let reps: Vec<_> = doc.texts().filter(|(_, t)| t.replacement).collect();
    assert!(!reps.is_empty(), "a replacement is drawn");
    // The rest of the note is intact.
    let all = squash(&lopdf_pages(&out.bytes).concat());
    assert!(all.contains("법무팀검토완료"), "note text kept");
    assert!(all.contains("ok"));
}

#[test]
fn a_statement_the_font_covers_has_no_warnings() {
    let out = pdf(&report("fabrikam-signed.yaml", Locale::EN_US));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

/// The glyph ids of a CID string (2 bytes each).
fn gids(o: &Object) -> Vec<u16> {
    match o {
        Object::String(b, _) => b
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
            .collect(),
        other => panic!("a text operand that is not a string: {other:?}"),
    }
}

/// Glyph ids with a width in a CIDFont's `/W` array (`c [w…]` and
/// `c1 c2 w` forms).
fn widths(doc: &Document, font: &lopdf::Dictionary) -> BTreeMap<u16, i64> {
    let desc = descendant(doc, font);
    let w = match desc.get(b"W").expect("/W") {
        Object::Reference(id) => doc.get_object(*id).expect("W").as_array().expect("W"),
        o => o.as_array().expect("W"),
    };
    let num = |o: &Object| {
        o.as_i64()
            .or_else(|_| o.as_float().map(|f| f as i64))
            .expect("number")
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]);
        match &w[i + 1] {
            Object::Array(ws) => {
                for (k, v) in ws.iter().enumerate() {
                    out.insert(u16::try_from(first).unwrap() + k as u16, num(v));
                }
                i += 2;
            }
            last => {
                for g in first..=num(last) {
                    out.insert(u16::try_from(g).unwrap(), num(&w[i + 2]));
                }
                i += 3;
            }
        }
    }
    out
}

/// Glyph ids mapped by a `/ToUnicode` CMap (`bfchar` entries).
fn unicode_map(doc: &Document, font: &lopdf::Dictionary) -> BTreeMap<u16, String> {
    let cmap = stream_of(doc, font, b"ToUnicode");
    let text = String::from_utf8_lossy(&cmap);
    common::bfchar_map(&text)
}

#[test]
fn every_glyph_shown_has_a_width_and_a_unicode_mapping_and_no_other_is_embedded() {
    for (name, locale) in CASES {
        let out = pdf(&report(name, locale));
        let doc = Document::load_mem(&out.bytes).expect("load");
        let mut shown: BTreeMap<Vec<u8>, std::collections::BTreeSet<u16>> = BTreeMap::new();
        let mut fonts: BTreeMap<Vec<u8>, lopdf::Dictionary> = BTreeMap::new();
        for (_, page) in doc.get_pages() {
            for (res, id) in doc.get_page_fonts(page).expect("fonts") {
                fonts.insert(res, id.clone());
            }
            let content = doc.get_page_content(page);
            let ops = lopdf::content::Content::decode(&content)
                .expect("operators")
                .operations;
            let mut font: Option<Vec<u8>> = None;
            for op in ops {
                match op.operator.as_str() {
                    "Tf" => {
                        let size = op.operands[1]
                            .as_float()
                            .or_else(|_| op.operands[1].as_i64().map(|i| i as f32))
                            .expect("size");
                        assert!(
                            size >= 5.0,
                            "{name}: a {size} pt run is not part of the statement"
                        );
                        font = Some(op.operands[0].as_name().expect("font").to_vec());
                    }
                    "Tj" | "'" => {
                        let f = font.clone().expect("a font is set before text");
                        shown.entry(f).or_default().extend(gids(&op.operands[0]));
                    }
                    "TJ" | "\"" => panic!("{name}: unexpected {}", op.operator),
                    _ => {}
                }
            }
        }
        assert_eq!(shown.len(), 2, "{name}: both faces draw text");
        for (res, glyphs) in &shown {
            let font = &fonts[res];
            let w = widths(&doc, font);
            let u = unicode_map(&doc, font);
            let res = String::from_utf8_lossy(res);
            assert!(!glyphs.contains(&0), "{name} {res}: .notdef drawn");
            let w_set: std::collections::BTreeSet<u16> = w.keys().copied().collect();
            let extra: Vec<_> = w_set.difference(glyphs).collect();
            let lacking: Vec<_> = glyphs.difference(&w_set).collect();
            assert!(
                extra.is_empty() && lacking.is_empty(),
                "{name} {res}: /W must list exactly the glyphs drawn; not drawn: {extra:?}, no width: {lacking:?}"
            );
            for g in glyphs {
                let text = u
                    .get(g)
                    .unwrap_or_else(|| panic!("{name} {res}: glyph {g} has no Unicode"));
                assert_eq!(
                    text.chars().count(),
                    1,
                    "{name} {res}: glyph {g} → {text:?}"
                );
                assert!(
                    w[g] > 0 || text == " ",
                    "{name} {res}: glyph {g} ({text}) width {}",
                    w[g]
                );
            }
        }
    }
}
