//! `handover catalogue import`: the seed page and our English page give the
//! bundled catalogue; hand-made pages cover the shapes the pages take.

mod common;

use std::path::Path;

use common::handover;
use handover::check::check_catalogue;
use handover::locale::Locale;
use handover::model::Catalogue;
use handover::page::merge::{self, ImportOptions, Translation};
use handover::source::Source;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const KO: &str = "ko-KR=samples/pages/fasttrack-ems.ko-KR.md";
const EN: &str = "en-US=samples/pages/fasttrack-ems.en-US.md";

fn bundled() -> Catalogue {
    check_catalogue(&handover::bundled::CATALOGUES[0].source())
        .unwrap()
        .value
}

/// Imports through the binary into a temporary file; the checked result.
fn import_cli(extra: &[&str]) -> (Catalogue, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.yaml");
    let mut args = vec!["catalogue", "import", KO, EN, "--id", "fasttrack-ems"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    let o = handover(&args, root());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let yaml = std::fs::read_to_string(&out).unwrap();
    let v = handover(&["validate", out.to_str().unwrap()], root());
    assert_eq!(v.status.code(), Some(0), "{}", text(&v.stderr));
    assert!(text(&v.stdout).contains("5 phases, 43 responsibilities"));
    let c = check_catalogue(&Source::new("c.yaml", yaml.clone()))
        .unwrap()
        .value;
    (c, yaml)
}

#[test]
fn the_seed_page_gives_43_items_in_five_phases_with_the_seeds_korean_texts() {
    let (c, _) = import_cli(&[]);
    let sizes: Vec<usize> = c.phases.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [25, 2, 6, 2, 8]);
    let ids: Vec<&str> = c.phases.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["general", "initiate", "assess", "remediate", "enable"]
    );
    assert_eq!(c.version, "2018-06-01");
    assert_eq!(c.items().filter(|(_, i)| i.optional).count(), 2);
    // Default prefixes: GENE (7 letters → 4), INIT (8 → 4), ASSESS (6).
    assert_eq!(c.phases[0].items[0].id, "GENE-01");
    assert_eq!(c.phases[2].items[1].id, "ASSESS-02");
    assert!(c.phases[2].items[1].optional);
    let b = bundled();
    let theirs: Vec<&str> = b.items().map(|(_, i)| i.text.get(Locale::KO_KR)).collect();
    let ours: Vec<&str> = c.items().map(|(_, i)| i.text.get(Locale::KO_KR)).collect();
    assert_eq!(ours, theirs);
    // The page's titles, unless --title says otherwise.
    assert_eq!(c.title.get(Locale::KO_KR), "사용자의 책임");
    assert_eq!(c.title.get(Locale::EN_US), "Your responsibilities");
}

#[test]
fn with_the_prefixes_and_titles_the_import_is_the_bundled_catalogue() {
    let (c, yaml) = import_cli(&[
        "--prefix",
        "general=GEN",
        "--prefix",
        "initiate=INIT",
        "--prefix",
        "remediate=REMED",
        "--title",
        "ko-KR=EMS용 FastTrack 센터 혜택 — 사용자의 책임",
        "--title",
        "en-US=FastTrack Center Benefit for EMS — customer responsibilities",
    ]);
    assert_eq!(c, bundled(), "{yaml}");
}

fn page(locale: Locale, name: &str, text: &str) -> Translation {
    Translation {
        locale,
        source: Source::new(name, text),
    }
}

fn options(id: &str) -> ImportOptions {
    ImportOptions {
        id: id.into(),
        ..ImportOptions::default()
    }
}

fn import_one(text: &str) -> Catalogue {
    match merge::import(&[page(Locale::EN_US, "p.md", text)], &options("t")) {
        Ok(i) => i.catalogue,
        Err(e) => panic!("{}", e.diagnostics),
    }
}

fn texts(c: &Catalogue) -> Vec<(String, String, bool)> {
    c.items()
        .map(|(p, i)| {
            (
                format!("{} {}", p.id, i.id),
                i.text.get(Locale::EN_US).to_owned(),
                i.optional,
            )
        })
        .collect()
}

const SHAPES: &str = "---
title: Your responsibilities
ms.date: 03/15/2021
ms.contentlocale: en-US
---
# Your responsibilities

Intro text that is *not* an item.

- Not an item either: the introduction.

<a name=\"general-responsibilities\"></a>
## General responsibilities

- Provide **overall** project management, see [the guide](https://example.com/guide).
- Write `TOU` text
  that runs over two lines.
-   (Optional) Share your <b>screen</b>.

## Assess stage

* Attend meetings for:
    * the network;
    * the directory
    * security.
+ Deploy Windows Hello if you choose to.

> [!NOTE]
> - A bullet in a note is not an item.

### Identity

- Optional: configure federation.

## <a name=\"see-also\"></a>See also

- [FastTrack](https://example.com/ft)

## Related pages

- [One](one.md)
- [Two](two.md)
";

#[test]
fn the_shapes_of_a_page() {
    let c = import_one(SHAPES);
    assert_eq!(c.version, "2021-03-15");
    let phases: Vec<(&str, &str)> = c
        .phases
        .iter()
        .map(|p| (p.id.as_str(), p.title.get(Locale::EN_US)))
        .collect();
    assert_eq!(
        phases,
        [
            ("general", "General responsibilities"),
            ("assess", "Assess stage"),
            ("assess-identity", "Assess stage — Identity"),
        ]
    );
    let want = [
        (
            "general GENE-01",
            "Provide overall project management, see the guide.",
            false,
        ),
        (
            "general GENE-02",
            "Write TOU text that runs over two lines.",
            false,
        ),
        ("general GENE-03", "Share your screen.", true),
        (
            "assess ASSESS-01",
            "Attend meetings for: the network; the directory; security.",
            false,
        ),
        (
            "assess ASSESS-02",
            "Deploy Windows Hello if you choose to.",
            true,
        ),
        ("assess-identity ASSE-01", "Configure federation.", true),
    ];
    let got = texts(&c);
    let got: Vec<(&str, &str, bool)> = got
        .iter()
        .map(|(a, b, o)| (a.as_str(), b.as_str(), *o))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn crlf_and_cr_line_ends_read_as_lf() {
    let lf = handover::page::parse(SHAPES);
    for end in ["\r\n", "\r"] {
        let other = SHAPES.replace('\n', end);
        // The same phases, items and line numbers.
        assert_eq!(handover::page::parse(&other), lf, "{end:?}");
        assert_eq!(texts(&import_one(&other)), texts(&import_one(SHAPES)));
    }
}

#[test]
fn a_korean_page_without_anchors_agrees_by_position() {
    let ko = "---\ntitle: 책임\nms.date: 01/02/2020\n---\n# 책임\n\n## 일반 책임\n\n-   하나.\n\n-   둘.\n";
    let en = "---\ntitle: Duties\nms.date: 01/05/2020\n---\n# Duties\n\n## General duties\n\n-   One.\n\n-   Two.\n";
    let i = merge::import(
        &[
            page(Locale::KO_KR, "ko.md", ko),
            page(Locale::EN_US, "en.md", en),
        ],
        &options("t"),
    )
    .unwrap();
    let c = i.catalogue;
    // The id from the English title; the version the newest ms.date.
    assert_eq!(c.phases[0].id, "general-duties");
    assert_eq!(c.version, "2020-01-05");
    assert_eq!(c.phases[0].items[1].text.get(Locale::KO_KR), "둘.");
    assert_eq!(c.phases[0].items[1].text.get(Locale::EN_US), "Two.");
}

#[test]
fn translations_that_disagree_are_refused_with_both_places_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let ko = "---\nms.date: 06/01/2018\n---\n# 책임\n\n## <a name=\"general-phase\"></a>일반\n\n- 하나.\n- 둘.\n- 셋.\n\n## <a name=\"assess-phase\"></a>평가\n\n- 넷.\n";
    let en = "---\nms.date: 06/01/2018\n---\n# Duties\n\n## <a name=\"general-phase\"></a>General\n\n- One.\n- Two.\n\n## <a name=\"enable-phase\"></a>Enable\n\n- Four.\n";
    std::fs::write(dir.path().join("ko.md"), ko).unwrap();
    std::fs::write(dir.path().join("en.md"), en).unwrap();
    let o = handover(
        &[
            "catalogue",
            "import",
            "ko-KR=ko.md",
            "en-US=en.md",
            "--id",
            "t",
            "--out",
            "c.yaml",
        ],
        dir.path(),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("phase `general` has 3 items — en.md:6: 2"),
        "{err}"
    );
    assert!(err.contains("--> ko.md:6:1"), "{err}");
    assert!(
        err.contains("phase 2 is `assess` — en.md:11: `enable`"),
        "{err}"
    );
    assert!(!dir.path().join("c.yaml").exists());
}

#[test]
fn an_empty_page_is_refused() {
    let e = merge::import(
        &[page(
            Locale::EN_US,
            "empty.md",
            "---\ntitle: Nothing\nms.date: 06/01/2018\n---\n# Nothing\n\nNo phases here.\n",
        )],
        &options("t"),
    )
    .unwrap_err();
    let d = &e.diagnostics.0[0];
    assert_eq!(d.file, "empty.md");
    assert!(d.message.contains("the page has no phase"), "{d}");
    assert_eq!(d.pos.as_ref().map(|p| p.line), Some(5));
}

#[test]
fn a_page_in_another_language_than_given_is_refused() {
    let o = handover(
        &[
            "catalogue",
            "import",
            "en-US=samples/pages/fasttrack-ems.ko-KR.md",
            "--id",
            "t",
        ],
        root(),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the page is in ko-KR, but was given as en-US"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}
