//! The layout of a 1,000-item synthetic statement, checked on the positions
//! the layout computed: no text outside its cell, no text outside the page
//! margins, widths as the font measures them, rows whole unless taller than
//! a page, the table header on every page a table continues on.

#[path = "synthetic/mod.rs"]
mod synthetic;

use std::collections::BTreeMap;

use handover::locale::Locale;
use handover::pdf::Typesetter;
use handover::pdf::layout::{Document, Mark};
use handover::report::Report;
use handover::template::{Margins, Template};

const EPS: f32 = 0.01;

/// Checks every box; returns how many runs a fallback face draws.
fn check_boxes(doc: &Document, t: &Template) -> usize {
    let ts = Typesetter::new(t).expect("fonts");
    let mut n = 0;
    let mut fallback_runs = 0;
    for (page, tb) in doc.texts() {
        n += 1;
        // Measured and checked with the face that draws the run: the
        // style's own, or the fallback for characters it lacks.
        let face = ts.face_of(tb.font).unwrap_or_else(|| {
            panic!(
                "page {}: `{}` in a face the template lacks",
                page + 1,
                tb.text
            )
        });
        if tb.font != tb.face.into() {
            fallback_runs += 1;
            assert!(
                tb.text.chars().all(|c| !ts.face(tb.face).has(c)),
                "page {} `{}`: a fallback run holds a character its style's face has",
                page + 1,
                tb.text
            );
        }
        let where_ = format!(
            "page {} `{}` at {:.2},{:.2}",
            page + 1,
            tb.text,
            tb.x,
            tb.baseline
        );
        assert!(
            tb.cell.contains(&tb.bbox, EPS),
            "{where_}: box {:?} outside its cell {:?}",
            tb.bbox,
            tb.cell
        );
        assert!(
            doc.content.contains(&tb.cell, EPS),
            "{where_}: cell {:?} outside the margins {:?}",
            tb.cell,
            doc.content
        );
        assert!(
            doc.content.contains(&tb.bbox, EPS),
            "{where_}: outside the margins"
        );
        assert!(!tb.text.is_empty(), "{where_}: empty run");
        assert!(
            tb.text.chars().all(|c| face.has(c)),
            "{where_}: a character the face lacks"
        );
        let measured = face.width(&tb.text, tb.size);
        assert!(
            (measured - tb.width).abs() < 0.001,
            "{where_}: width {} but the font says {measured}",
            tb.width
        );
        assert!((tb.bbox.w - tb.width).abs() < 0.001, "{where_}: box width");
    }
    assert!(n > 0);
    // The runs of one line (one baseline in one cell) abut: each starts
    // where the one before it ends, by the advances it was measured with,
    // whichever face draws it. Replacements (boxed, padded) are left out.
    // (page, baseline, cell) → (x, width, replacement) of each run.
    type Line = (usize, u32, [u32; 4]);
    let mut lines: BTreeMap<Line, Vec<(f32, f32, bool)>> = BTreeMap::new();
    for (page, tb) in doc.texts() {
        let c = tb.cell;
        let key = (
            page,
            tb.baseline.to_bits(),
            [c.x, c.y, c.w, c.h].map(f32::to_bits),
        );
        lines
            .entry(key)
            .or_default()
            .push((tb.x, tb.width, tb.replacement));
    }
    for ((page, _, _), mut runs) in lines {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in runs.windows(2) {
            let ((x0, w0, r0), (x1, _, r1)) = (w[0], w[1]);
            if !r0 && !r1 && x1 - (x0 + w0) < 1.0 {
                assert!(
                    (x1 - (x0 + w0)).abs() < 0.001,
                    "page {}: a run at {x1} does not start where the one before ends ({})",
                    page + 1,
                    x0 + w0
                );
            }
        }
    }
    for (i, p) in doc.pages.iter().enumerate() {
        for it in &p.marks {
            if let Mark::Rect { rect, .. } = it {
                assert!(
                    rect.x >= -EPS
                        && rect.right() <= doc.width + EPS
                        && rect.y >= -EPS
                        && rect.bottom() <= doc.height + EPS,
                    "page {}: shape off the page",
                    i + 1
                );
            }
        }
    }
    fallback_runs
}

/// Page of each text box equal to an item id.
fn id_pages(doc: &Document, r: &Report) -> BTreeMap<String, Vec<usize>> {
    let ids: std::collections::HashSet<&str> = r.items().map(|(_, i)| i.id.as_str()).collect();
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (page, tb) in doc.texts() {
        if ids.contains(tb.text.as_str()) {
            out.entry(tb.text.clone()).or_default().push(page);
        }
    }
    out
}

#[test]
fn a_thousand_items_stay_inside_their_cells_and_the_margins() {
    let t = Template::bundled().expect("template");
    for locale in [Locale::KO_KR, Locale::EN_US] {
        let r = synthetic::report(1000, locale);
        let doc = handover::pdf::layout(&r, &t).expect("layout");
        assert!(doc.pages.len() > 40, "{} pages", doc.pages.len());
        let fallback_runs = check_boxes(&doc, &t);
        assert!(doc.missing.is_empty(), "{:?}", doc.missing);
        // The synthetic texts mix in characters Nanum lacks.
        assert!(
            fallback_runs > 100,
            "{fallback_runs} runs in a fallback face"
        );
    }
}

#[test]
fn rows_stay_whole_unless_taller_than_a_page_and_headers_repeat() {
    let t = Template::bundled().expect("template");
    let r = synthetic::report(1000, Locale::KO_KR);
    let doc = handover::pdf::layout(&r, &t).expect("layout");
    let pages = id_pages(&doc, &r);
    assert_eq!(pages.len(), r.items().count(), "every id is drawn");
    // Text boxes of one table row share their cell's top and height.
    let mut rows: BTreeMap<(usize, u32, u32), String> = BTreeMap::new();
    for (page, tb) in doc.texts() {
        rows.entry((page, tb.cell.y.to_bits(), tb.cell.h.to_bits()))
            .or_default()
            .push_str(&tb.text);
    }
    let row_of = |id: &str| {
        doc.texts()
            .find(|(_, t)| t.text == id)
            .map(|(p, t)| rows[&(p, t.cell.y.to_bits(), t.cell.h.to_bits())].clone())
            .unwrap_or_else(|| panic!("`{id}` not drawn"))
    };
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let mut split = 0;
    for (_, item) in r.items() {
        let giant = item.note.as_ref().is_some_and(|n| n.chars().count() > 2000);
        if giant {
            // The id is repeated on every page the row continues on.
            let on = &pages[&item.id];
            assert!(
                on.len() > 1 && on.windows(2).all(|w| w[1] == w[0] + 1),
                "`{}` on {on:?}",
                item.id
            );
        } else {
            assert_eq!(pages[&item.id].len(), 1, "`{}` drawn once", item.id);
        }
        let row = squash(&row_of(&item.id));
        assert!(
            row.contains(&squash(&item.text)),
            "`{}`: the responsibility is not whole on one page",
            item.id
        );
        match &item.note {
            // Taller than a page: split between lines, the rest continues.
            Some(n) if n.chars().count() > 2000 => {
                split += 1;
                assert!(
                    !row.contains(&squash(n)),
                    "the giant note cannot fit one page"
                );
            }
            Some(n) => assert!(
                row.contains(&squash(n)),
                "`{}`: the note is not whole on one page",
                item.id
            ),
            None => {}
        }
    }
    assert!(split > 0, "the synthetic data has rows taller than a page");
    // Every page between the summary and the sign-off that shows an item
    // row shows the column header above it.
    let header = &r.labels.column_responsibility;
    for (i, p) in doc.pages.iter().enumerate() {
        let texts: Vec<_> = p
            .marks
            .iter()
            .filter_map(|it| match it {
                Mark::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        let first_row = texts
            .iter()
            .filter(|t| pages.contains_key(&t.text))
            .map(|t| t.baseline)
            .fold(f32::INFINITY, f32::min);
        if first_row.is_finite() {
            let head = texts
                .iter()
                .find(|t| &t.text == header)
                .unwrap_or_else(|| panic!("page {}: rows without a header", i + 1));
            assert!(
                head.baseline < first_row,
                "page {}: header below the first row",
                i + 1
            );
        }
    }
    // A row split across pages repeats the header on the continuation.
    let giant = r
        .items()
        .find(|(_, i)| i.note.as_ref().is_some_and(|n| n.chars().count() > 2000))
        .map(|(_, i)| i)
        .expect("giant");
    let start = pages[&giant.id][0];
    let next = &doc.pages[start + 1];
    assert!(
        next.marks
            .iter()
            .any(|it| matches!(it, Mark::Text(t) if &t.text == header)),
        "continuation page {} has the header",
        start + 2
    );
}

#[test]
fn letter_pages_and_wide_margins_also_fit() {
    let mut t = Template::bundled().expect("template");
    t.page = handover::template::PageSize::Letter;
    t.margins = Margins {
        top: 25.0,
        right: 30.0,
        bottom: 25.0,
        left: 30.0,
    };
    t.font_size = 11.0;
    let r = synthetic::report(200, Locale::EN_US);
    let doc = handover::pdf::layout(&r, &t).expect("layout");
    assert!((doc.width - 612.0).abs() < 0.5 && (doc.height - 792.0).abs() < 0.5);
    check_boxes(&doc, &t);
}

#[test]
fn the_smallest_and_largest_type_sizes_fit() {
    let r = synthetic::report(200, Locale::KO_KR);
    for (size, margin) in [(6.0, 5.0), (14.0, 30.0)] {
        let mut t = Template::bundled().expect("template");
        t.font_size = size;
        t.margins = Margins {
            top: margin,
            right: margin,
            bottom: margin,
            left: margin,
        };
        check_boxes(&handover::pdf::layout(&r, &t).expect("layout"), &t);
    }
}

#[test]
fn layout_is_deterministic() {
    let t = Template::bundled().expect("template");
    let r = synthetic::report(300, Locale::KO_KR);
    assert_eq!(
        handover::pdf::layout(&r, &t).expect("layout").dump(),
        handover::pdf::layout(&r, &t).expect("layout").dump()
    );
}

#[test]
fn long_names_and_labels_never_leave_their_boxes() {
    let t = Template::bundled().expect("template");
    let mut r = synthetic::report(60, Locale::KO_KR);
    r.customer = "콘토소 코리아 주식회사 정보보안 운영 본부 ".repeat(12);
    r.engagement_id = format!("ENG-{}", "9".repeat(120));
    r.fingerprint_text = "지문 ".repeat(40);
    r.labels.draft_marking = "초안 — 승인 전 ".repeat(15);
    r.labels.document_title = "고객 책임 확인서 ".repeat(10);
    r.labels.column_responsibility = "책임사항상세내용".repeat(5);
    for s in &mut r.statuses {
        s.label = format!("{} ", s.label).repeat(6);
    }
    for p in &mut r.phases {
        p.title = format!("{} ", p.title).repeat(15);
        for i in &mut p.items {
            i.status_label = format!("{} ", i.status_label).repeat(6);
            i.owner = Some("김민준박지훈이서연최하은".repeat(4));
        }
    }
    for s in &mut r.signoff {
        s.name = "Jane Doe-Kim ".repeat(10);
        s.party_label = "제공자 측 대표 ".repeat(10);
        s.status_text = "서명 전 ".repeat(20);
    }
    let doc = handover::pdf::layout(&r, &t).expect("layout");
    check_boxes(&doc, &t);
}

/// The seed statement's layout as text, compared with
/// tests/pdf_golden/contoso-midway-ko-KR.txt. After an intended change of
/// the layout (or of the sample, the labels or the fonts), regenerate with
/// `UPDATE_GOLDEN=1 cargo test --test pdf_layout golden` (which writes the
/// file and fails, never under CI), review the diff, and run it again.
#[test]
fn golden_layout_of_the_seed_statement() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/engagements/contoso-midway.yaml"
    ))
    .expect("sample");
    let loaded = handover::load(
        &handover::source::Source::new("contoso-midway.yaml", text.as_str()),
        None,
    )
    .expect("load");
    let tr = handover::i18n::Translator::global().expect("translator");
    let r = handover::report::resolve(
        tr,
        &loaded.catalogue,
        &loaded.engagement,
        handover::report::ResolveOptions {
            locale: Locale::KO_KR,
            secondary: None,
            fallback_date: None,
            for_signature: false,
        },
    )
    .expect("resolve");
    let dump = handover::pdf::layout(&r, &Template::bundled().expect("template"))
        .expect("layout")
        .dump();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pdf_golden/contoso-midway-ko-KR.txt");
    match std::env::var("UPDATE_GOLDEN").as_deref() {
        Err(std::env::VarError::NotPresent) => {}
        Ok("1") => {
            assert!(
                std::env::var_os("CI").is_none(),
                "UPDATE_GOLDEN=1 under CI: the golden file is regenerated by hand and reviewed"
            );
            let old = std::fs::read_to_string(&path).ok();
            std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
            std::fs::write(&path, &dump).expect("write golden");
            panic!(
                "UPDATE_GOLDEN=1: wrote {} ({}); review the diff, then run the test again without it",
                path.display(),
                if old.as_deref() == Some(dump.as_str()) {
                    "unchanged"
                } else {
                    "changed"
                }
            );
        }
        Ok(other) => {
            panic!("UPDATE_GOLDEN={other}: set it to 1 to regenerate the golden file, or unset it")
        }
        Err(e) => panic!("UPDATE_GOLDEN: {e}"),
    }
    let want = std::fs::read_to_string(&path).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    if want != dump {
        let first = want
            .lines()
            .zip(dump.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(dump.lines().count()));
        panic!(
            "the seed layout changed at line {}:\n  golden: {:?}\n  now:    {:?}\nregenerate with UPDATE_GOLDEN=1 cargo test --test pdf_layout golden if intended",
            first + 1,
            want.lines().nth(first),
            dump.lines().nth(first)
        );
    }
}
