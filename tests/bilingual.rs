//! One statement both parties read: `--locale ko-KR+en-US` builds a
//! bilingual statement, read back here by lopdf and poppler.

mod common;

use std::path::{Path, PathBuf};

use handover::locale::Locale;
use handover::report::{Report, ResolveOptions};
use lopdf::{Document, Object};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/engagements/contoso-midway.yaml"
);

fn report(primary: Locale, secondary: Option<Locale>) -> Report {
    let text = std::fs::read_to_string(SEED).unwrap();
    let loaded = handover::load(
        &handover::source::Source::new("seed.yaml", text.as_str()),
        None,
    )
    .expect("the seed loads");
    loaded
        .resolve(ResolveOptions {
            locale: primary,
            secondary,
            fallback_date: None,
            for_signature: false,
        })
        .expect("resolve")
}

fn build(dir: &Path, locale: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let mut args = vec![
        "build",
        SEED,
        "--locale",
        locale,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = common::handover(&args, dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out.join("ENG-2026-0142")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn pages(pdf: &Path) -> usize {
    Document::load(pdf)
        .expect("lopdf reads it")
        .get_pages()
        .len()
}

fn lang(doc: &Document) -> String {
    match doc.catalog().unwrap().get(b"Lang").expect("/Lang") {
        Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
        other => panic!("/Lang is {other:?}"),
    }
}

/// Every text both languages must show, each in `text` (squashed).
fn check_both(r: &Report, text: &str, reader: &str) {
    let all = squash(text);
    let second = r.secondary.as_deref().expect("a bilingual report");
    for report in [r, second] {
        let l = report.locale;
        for (_, item) in report.items() {
            assert!(
                all.contains(&squash(&item.text)),
                "{reader}: {l} text of {} missing: {}",
                item.id,
                item.text
            );
        }
        for p in &report.phases {
            assert!(
                all.contains(&squash(&p.title)),
                "{reader}: {l} phase title `{}`",
                p.title
            );
        }
        assert!(
            all.contains(&squash(&report.acknowledgement)),
            "{reader}: {l} acknowledgement"
        );
        let governing = report.governing.as_deref().expect("governing sentence");
        assert!(
            all.contains(&squash(governing)),
            "{reader}: {l} governing sentence: {governing}"
        );
        assert!(
            all.contains(&squash(&report.labels.document_title)),
            "{reader}: {l} title"
        );
        for s in &report.signoff {
            assert!(
                all.contains(&squash(&s.party_label)),
                "{reader}: {l} party {}",
                s.party_label
            );
        }
    }
    for party in [&r.customer, &r.provider] {
        assert!(all.contains(&squash(party)), "{reader}: {party} named");
    }
}

#[test]
fn the_bilingual_statement_has_every_text_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(tmp.path(), "ko-KR+en-US", &[]);
    let pdf = pack.join("statement-ko-KR+en-US.pdf");
    assert!(pack.join("tracker-ko-KR+en-US.xlsx").is_file());
    let r = report(Locale::KO_KR, Some(Locale::EN_US));
    let doc = Document::load(&pdf).unwrap();
    assert_eq!(lang(&doc), "ko-KR", "/Lang is the primary language");
    let n = doc.get_pages().len();
    let by_lopdf: String = (1..=n)
        .map(|p| doc.extract_text(&[u32::try_from(p).unwrap()]).unwrap())
        .collect();
    check_both(&r, &by_lopdf, "lopdf");
    if let Some(text) = common::pdftotext(&pdf, "reading the bilingual statement") {
        check_both(&r, &text, "pdftotext");
    }
    // The English runs are marked content with an MCID and their own
    // /Lang in the pages' content (tests/tagged.rs reads the tree).
    let spans: usize = doc
        .get_pages()
        .values()
        .map(|id| {
            let content = doc.get_page_content(*id);
            String::from_utf8_lossy(&content)
                .matches(" /Lang (en-US)>> BDC")
                .count()
        })
        .sum();
    let english_items = r.secondary.as_deref().unwrap().items().count();
    assert!(spans > english_items, "{spans} marked English runs");
    // The primary language first: the Korean title above the English one.
    let ko = by_lopdf.find("고객 책임 확인서").expect("Korean title");
    let en = by_lopdf
        .find("Statement of Customer Responsibilities")
        .expect("English title");
    assert!(ko < en, "the primary language comes first");
}

#[test]
fn english_first_is_the_other_order_and_lang() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(tmp.path(), "en-US+ko-KR", &[]);
    let pdf = pack.join("statement-en-US+ko-KR.pdf");
    let doc = Document::load(&pdf).unwrap();
    assert_eq!(lang(&doc), "en-US");
    let r = report(Locale::EN_US, Some(Locale::KO_KR));
    let gov = r.governing.as_deref().unwrap();
    assert!(gov.contains("English text prevails"), "{gov}");
    let n = doc.get_pages().len();
    let text: String = (1..=n)
        .map(|p| doc.extract_text(&[u32::try_from(p).unwrap()]).unwrap())
        .collect();
    check_both(&r, &text, "lopdf");
}

#[test]
fn the_bilingual_statement_needs_under_one_point_eight_times_the_korean_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(tmp.path(), "ko-KR,ko-KR+en-US", &[]);
    let ko = pages(&pack.join("statement-ko-KR.pdf"));
    let both = pages(&pack.join("statement-ko-KR+en-US.pdf"));
    #[allow(clippy::cast_precision_loss)]
    let ratio = both as f64 / ko as f64;
    assert!(ratio <= 1.8, "{both} pages against {ko}: {ratio:.2}×");
    assert!(
        both > ko,
        "both languages take more room: {both} against {ko}"
    );
}

#[test]
fn the_other_languages_runs_are_marked_with_their_language_in_the_layout() {
    use handover::pdf::layout::Mark;
    let template = handover::template::Template::bundled().unwrap();
    let bi = report(Locale::KO_KR, Some(Locale::EN_US));
    let doc = handover::pdf::layout(&bi, &template).unwrap();
    let texts: Vec<_> = doc
        .pages
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    let second = bi.secondary.as_deref().unwrap();
    // Each English responsibility starts with a run marked en-US, and no
    // Korean run is marked.
    for (_, item) in second.items() {
        let first_word = item.text.split_whitespace().next().unwrap();
        assert!(
            texts
                .iter()
                .any(|t| t.lang == Some("en-US") && t.text.starts_with(first_word)),
            "{}: no en-US run starts `{first_word}`",
            item.id
        );
    }
    // The primary language's runs are not marked (the document's /Lang
    // covers them): each Korean responsibility starts with an unmarked run.
    let hangul = |w: &&str| w.chars().any(|c| ('가'..='힣').contains(&c));
    for (_, item) in bi.items() {
        let first_word = item.text.split_whitespace().find(hangul).unwrap();
        assert!(
            texts
                .iter()
                .any(|t| t.lang.is_none() && t.text.contains(first_word)),
            "{}: no unmarked run starts `{first_word}`",
            item.id
        );
        assert!(
            !texts
                .iter()
                .any(|t| t.lang.is_some() && t.text.contains(first_word)),
            "{}: the Korean text is marked as another language",
            item.id
        );
    }
    let mono = report(Locale::KO_KR, None);
    let doc = handover::pdf::layout(&mono, &template).unwrap();
    assert!(
        doc.pages.iter().flat_map(|p| &p.marks).all(|m| match m {
            Mark::Text(t) => t.lang.is_none(),
            _ => true,
        }),
        "a single-language statement marks nothing"
    );
}

#[test]
fn a_bilingual_statement_for_signature_has_the_empty_fields_of_the_korean_one() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = build(tmp.path(), "ko-KR,ko-KR+en-US", &["--for-signature"]);
    let fields = |name: &str| {
        let doc = Document::load(pack.join(name)).unwrap();
        let acro = match doc.catalog().unwrap().get(b"AcroForm").expect("a form") {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap().clone(),
            Object::Dictionary(d) => d.clone(),
            other => panic!("{other:?}"),
        };
        // The pack is inside it like the others.
        assert!(
            doc.catalog().unwrap().get(b"Names").is_ok(),
            "{name}: attachments"
        );
        acro.get(b"Fields").unwrap().as_array().unwrap().len()
    };
    let ko = fields("statement-ko-KR.pdf");
    assert!(ko >= 1, "the seed has a party still to sign");
    assert_eq!(
        fields("statement-ko-KR+en-US.pdf"),
        ko,
        "one field per party to sign"
    );
}
