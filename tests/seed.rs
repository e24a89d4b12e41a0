//! The catalogue's ko-KR texts are the source document's, item for item.
//! Reads the seed from ../shared/seeds/ when it is there.

use handover::bundled::CATALOGUES;
use handover::check::check_catalogue;
use handover::locale::Locale;

const SEED: &str = "../shared/seeds/000_02fbf3911211358f.txt";

/// The bullets of each `## ` section of the seed, with the optional marker
/// taken off (and noted).
fn seed_items(text: &str) -> Vec<(String, Vec<(String, bool)>)> {
    let mut sections: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            let title = h.rsplit("</a>").next().unwrap_or(h).trim().to_owned();
            sections.push((title, Vec::new()));
        } else if line.starts_with("> [!NOTE]") {
            break;
        } else if let Some(item) = line.strip_prefix("-   ") {
            let item = item.trim();
            let (item, optional) = match item.strip_prefix("(선택 사항) ") {
                Some(rest) => (rest, true),
                None => (item, false),
            };
            if let Some(s) = sections.last_mut() {
                s.1.push((item.to_owned(), optional));
            }
        }
    }
    sections
}

#[test]
fn catalogue_matches_the_source_document() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let Ok(seed) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return;
    };
    let cat = check_catalogue(&CATALOGUES[0].source()).unwrap().value;
    let sections = seed_items(&seed);
    assert_eq!(sections.len(), 5);
    assert_eq!(cat.phases.len(), 5);
    let mut n = 0;
    for ((title, items), phase) in sections.iter().zip(&cat.phases) {
        assert_eq!(phase.title.get(Locale::KO_KR), title);
        assert_eq!(phase.items.len(), items.len(), "{title}");
        for ((text, optional), item) in items.iter().zip(&phase.items) {
            assert_eq!(item.text.get(Locale::KO_KR), text, "{}", item.id);
            assert_eq!(item.optional, *optional, "{}", item.id);
            n += 1;
        }
    }
    assert_eq!(n, 43);
}

#[test]
fn catalogue_shape_and_ids() {
    let cat = check_catalogue(&CATALOGUES[0].source()).unwrap().value;
    let shape: Vec<(&str, usize)> = cat
        .phases
        .iter()
        .map(|p| (p.id.as_str(), p.items.len()))
        .collect();
    assert_eq!(
        shape,
        [
            ("general", 25),
            ("initiate", 2),
            ("assess", 6),
            ("remediate", 2),
            ("enable", 8)
        ]
    );
    let prefixes = ["GEN", "INIT", "ASSESS", "REMED", "ENABLE"];
    for (phase, prefix) in cat.phases.iter().zip(prefixes) {
        for (i, item) in phase.items.iter().enumerate() {
            assert_eq!(item.id, format!("{prefix}-{:02}", i + 1));
            assert!(!item.text.get(Locale::KO_KR).contains("선택 사항"));
            assert!(!item.text.get(Locale::EN_US).is_empty());
        }
    }
    let optional: Vec<&str> = cat
        .items()
        .filter(|(_, i)| i.optional)
        .map(|(_, i)| i.id.as_str())
        .collect();
    assert_eq!(optional, ["ASSESS-02", "ENABLE-01"]);
    assert_eq!(
        cat.title.get(Locale::EN_US),
        "FastTrack Center Benefit for EMS — customer responsibilities"
    );
}
