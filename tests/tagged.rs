//! The tagged statement (PDF/UA-1), read back by programs other than the
//! one that wrote it:
//!
//! - poppler's `pdfinfo -struct-text` prints the structure tree with its
//!   text: every responsibility's full text is in a `TD`, in catalogue
//!   order; every phase title in an `H2`; the running footer (page X of
//!   Y, the fingerprint) nowhere in the tree;
//! - lopdf parses every page's content stream: every text-showing
//!   operator is inside marked content with an MCID or inside an
//!   `/Artifact`; every MCID is in the parent tree, pointing at the
//!   element that holds it, and referenced by the tree exactly once;
//!   every `TH` has a `/Scope`, every `Figure` an `/Alt`, every widget a
//!   `Form` element;
//! - `qpdf --check` is clean.
//!
//! For the three sample engagements in ko-KR and en-US, the bilingual
//! seed (ko-KR+en-US), the seed built for signature and the 1,000-item
//! synthetic statement.

mod common;
#[path = "synthetic/mod.rs"]
mod synthetic;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use handover::locale::Locale;
use handover::report::{Report, ResolveOptions};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/engagements/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("sample")
}

fn resolve(yaml: &str, locale: Locale, secondary: Option<Locale>, for_signature: bool) -> Report {
    handover::load(&handover::source::Source::new("e.yaml", yaml), None)
        .expect("loads")
        .resolve(ResolveOptions {
            locale,
            secondary,
            fallback_date: None,
            for_signature,
        })
        .expect("resolve")
}

fn render(report: &Report) -> Vec<u8> {
    let t = handover::template::Template::bundled().expect("template");
    handover::pdf::render(report, &t).expect("render").bytes
}

/// An element of `pdfinfo -struct-text`'s tree: its type and its own text
/// (that of its kids' elements not included).
#[derive(Debug)]
struct Node {
    role: String,
    text: String,
}

/// The elements `pdfinfo -struct-text` prints, in order; `None` without
/// poppler outside CI.
fn struct_text(pdf: &Path) -> Option<Vec<Node>> {
    common::require_tool("pdfinfo", "the structure tree read by poppler")?;
    let o = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let mut nodes: Vec<Node> = Vec::new();
    // The open elements: indentation, index.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for line in out.lines() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if body.is_empty() || body.starts_with('/') {
            continue;
        }
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        if let Some(text) = body.strip_prefix('"') {
            let text = text.strip_suffix('"').unwrap_or(text);
            if let Some((_, n)) = stack.last() {
                nodes[*n].text.push_str(text);
            }
        } else {
            let role = body
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches(':');
            stack.push((indent, nodes.len()));
            nodes.push(Node {
                role: role.to_owned(),
                text: String::new(),
            });
        }
    }
    Some(nodes)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What poppler reads: the responsibilities in `TD`s in order, the phase
/// titles in `H2`s, no footer.
fn check_struct_text(pdf: &Path, report: &Report, pages: usize, what: &str) {
    let Some(nodes) = struct_text(pdf) else {
        return;
    };
    assert_eq!(nodes.first().map(|n| n.role.as_str()), Some("Document"));
    let mut at = 0;
    for (_, item) in report.items() {
        let want = squash(&item.text);
        let found = nodes[at..]
            .iter()
            .position(|n| n.role == "TD" && squash(&n.text) == want);
        let Some(k) = found else {
            panic!("{what}: {} not in a TD after element {at}: {want}", item.id);
        };
        at += k + 1;
    }
    for phase in &report.phases {
        assert!(
            nodes
                .iter()
                .any(|n| n.role == "H2" && squash(&n.text) == squash(&phase.title)),
            "{what}: phase title {} not in an H2",
            phase.title
        );
    }
    let all: String = nodes.iter().map(|n| n.text.as_str()).collect();
    assert!(
        !all.contains(&report.fingerprint_text),
        "{what}: the footer's fingerprint is in the tree"
    );
    for p in 1..=pages {
        let footer = report.page_of(p, pages);
        assert!(!all.contains(&footer), "{what}: `{footer}` is in the tree");
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn array<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Vec<Object>> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok().and_then(|o| o.as_array().ok()),
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// A number tree's entries.
fn number_tree(doc: &Document, node: &Dictionary, out: &mut BTreeMap<i64, Object>) {
    if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
        for pair in nums.chunks(2) {
            if let [Object::Integer(k), v] = pair {
                out.insert(*k, v.clone());
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for k in kids {
            if let Some(d) = dict(doc, k) {
                number_tree(doc, d, out);
            }
        }
    }
}

/// What the structure tree holds: each (page, MCID) with its element,
/// widget references, and the problems found on the way.
#[derive(Default)]
struct Tree {
    mcids: Vec<((ObjectId, i64), ObjectId)>,
    objrs: Vec<(ObjectId, ObjectId)>,
    problems: Vec<String>,
    roles: HashMap<String, usize>,
}

fn walk(doc: &Document, id: ObjectId, tree: &mut Tree) {
    let Ok(e) = doc.get_dictionary(id) else {
        tree.problems.push(format!("{id:?} is not a dictionary"));
        return;
    };
    let role = e
        .get(b"S")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    *tree.roles.entry(role.clone()).or_default() += 1;
    if role == "TH" {
        let scoped = e.get(b"A").ok().is_some_and(|a| {
            let one = |d: &Dictionary| d.get(b"Scope").is_ok();
            match a {
                Object::Array(list) => list.iter().filter_map(|x| dict(doc, x)).any(one),
                other => dict(doc, other).is_some_and(one),
            }
        });
        if !scoped {
            tree.problems.push(format!("TH {id:?} has no /Scope"));
        }
    }
    if role == "Figure" && e.get(b"Alt").is_err() {
        tree.problems.push(format!("Figure {id:?} has no /Alt"));
    }
    let pg = e.get(b"Pg").and_then(Object::as_reference).ok();
    let kids: Vec<Object> = match e.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for k in kids {
        match &k {
            Object::Integer(n) => match pg {
                Some(p) => tree.mcids.push(((p, *n), id)),
                None => tree
                    .problems
                    .push(format!("MCID {n} of {id:?} without /Pg")),
            },
            Object::Reference(kid) => walk(doc, *kid, tree),
            Object::Dictionary(d) => {
                let ty = d.get(b"Type").and_then(Object::as_name).unwrap_or(b"");
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(pg);
                match ty {
                    b"MCR" => match (page, d.get(b"MCID").and_then(Object::as_i64)) {
                        (Some(p), Ok(n)) => tree.mcids.push(((p, n), id)),
                        _ => tree.problems.push(format!("bad MCR in {id:?}")),
                    },
                    b"OBJR" => match d.get(b"Obj").and_then(Object::as_reference) {
                        Ok(obj) => tree.objrs.push((obj, id)),
                        Err(_) => tree.problems.push(format!("OBJR without /Obj in {id:?}")),
                    },
                    _ => tree
                        .problems
                        .push(format!("a kid of {id:?} of type {ty:?}")),
                }
            }
            _ => tree.problems.push(format!("a kid of {id:?}: {k:?}")),
        }
    }
}

/// Marked content on one page: the MCIDs of its sequences, and the
/// text-showing operators outside any sequence with an MCID or artifact.
fn marked_content(doc: &Document, page: ObjectId) -> (Vec<i64>, usize) {
    let bytes = doc.get_page_content(page);
    let content = Content::decode(&bytes).expect("content decodes");
    // Each open sequence: whether it is an MCID's or an artifact.
    let mut stack: Vec<bool> = Vec::new();
    let (mut mcids, mut loose) = (Vec::new(), 0);
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|o| dict(doc, o))
                    .and_then(|d| d.get(b"MCID").and_then(Object::as_i64).ok());
                if let Some(n) = mcid {
                    mcids.push(n);
                }
                stack.push(mcid.is_some() || tag == Some(b"Artifact"));
            }
            "BMC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                stack.push(tag == Some(b"Artifact"));
            }
            "EMC" => {
                stack.pop();
            }
            "Tj" | "TJ" | "'" | "\"" if !stack.iter().any(|m| *m) => loose += 1,
            _ => {}
        }
    }
    (mcids, loose)
}

/// What lopdf reads: marked content, parent tree and structure agree.
fn check_marked_content(bytes: &[u8], what: &str) {
    let doc = Document::load_mem(bytes).expect("lopdf loads");
    let catalog = doc.catalog().expect("catalog");
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| dict(&doc, m))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok());
    assert_eq!(marked, Some(true), "{what}: /MarkInfo << /Marked true >>");
    assert!(catalog.get(b"Lang").is_ok(), "{what}: no /Lang");
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("a /StructTreeRoot");
    let root = doc.get_dictionary(root).expect("root");
    let mut parents = BTreeMap::new();
    let pt = root
        .get(b"ParentTree")
        .ok()
        .and_then(|p| dict(&doc, p))
        .expect("a /ParentTree");
    number_tree(&doc, pt, &mut parents);
    let next = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .expect("/ParentTreeNextKey");
    assert!(
        parents.keys().all(|k| *k < next),
        "{what}: a key at or after /ParentTreeNextKey {next}"
    );

    let mut tree = Tree::default();
    let kids = match root.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    for k in kids {
        if let Object::Reference(id) = k {
            walk(&doc, id, &mut tree);
        }
    }
    assert!(tree.problems.is_empty(), "{what}: {:?}", tree.problems);

    // Each (page, MCID) the tree references, and how often.
    let mut in_tree: HashMap<(ObjectId, i64), (usize, ObjectId)> = HashMap::new();
    for (key, elem) in &tree.mcids {
        let e = in_tree.entry(*key).or_insert((0, *elem));
        e.0 += 1;
    }
    let mut in_content = 0;
    for (n, page) in doc.get_pages() {
        let (mcids, loose) = marked_content(&doc, page);
        assert_eq!(
            loose, 0,
            "{what}: page {n} shows text outside marked content"
        );
        let key = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"StructParents"))
            .and_then(Object::as_i64);
        let refs = key
            .ok()
            .and_then(|k| parents.get(&k))
            .and_then(|a| array(&doc, a));
        for m in &mcids {
            in_content += 1;
            let (count, elem) = in_tree
                .get(&(page, *m))
                .unwrap_or_else(|| panic!("{what}: page {n} MCID {m} is not in the tree"));
            assert_eq!(
                *count, 1,
                "{what}: page {n} MCID {m} referenced {count} times"
            );
            let parent = refs
                .and_then(|a| a.get(usize::try_from(*m).unwrap_or(usize::MAX)))
                .and_then(|o| o.as_reference().ok());
            assert_eq!(
                parent,
                Some(*elem),
                "{what}: page {n} MCID {m}: the parent tree disagrees with the tree"
            );
        }
        let mut sorted = mcids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            mcids.len(),
            "{what}: page {n} repeats an MCID"
        );
    }
    assert_eq!(
        in_content,
        tree.mcids.len(),
        "{what}: the tree references MCIDs no page has"
    );
    // Widgets: a Form element each, found again through /StructParent.
    for (widget, form) in &tree.objrs {
        let key = doc
            .get_dictionary(*widget)
            .and_then(|w| w.get(b"StructParent"))
            .and_then(Object::as_i64)
            .expect("a widget's /StructParent");
        let back = parents.get(&key).and_then(|o| o.as_reference().ok());
        assert_eq!(back, Some(*form), "{what}: widget {widget:?}");
    }
    for role in ["Document", "H1", "H2", "Table", "TR", "TH", "TD", "Figure"] {
        assert!(tree.roles.contains_key(role), "{what}: no {role} element");
    }
}

fn qpdf_check(pdf: &Path, what: &str) {
    if common::require_tool("qpdf", "qpdf --check of the tagged statement").is_none() {
        return;
    }
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    assert!(
        o.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every check on the statement of `report`.
fn check(report: &Report, what: &str) -> Vec<u8> {
    let bytes = render(report);
    let dir = tempdir(what);
    let path = dir.join("statement.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let pages = Document::load_mem(&bytes).expect("loads").get_pages().len();
    check_marked_content(&bytes, what);
    check_struct_text(&path, report, pages, what);
    qpdf_check(&path, what);
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

fn tempdir(what: &str) -> std::path::PathBuf {
    let safe: String = what
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let dir = std::env::temp_dir().join(format!("handover-tagged-{}-{safe}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn the_samples_in_both_locales_are_tagged() {
    for name in ["contoso-midway", "fabrikam-signed", "northwind-fresh"] {
        let yaml = sample(name);
        for locale in [Locale::KO_KR, Locale::EN_US] {
            check(
                &resolve(&yaml, locale, None, false),
                &format!("{name} {}", locale.tag()),
            );
        }
    }
}

#[test]
fn the_bilingual_statement_marks_its_other_language() {
    let report = resolve(
        &sample("contoso-midway"),
        Locale::KO_KR,
        Some(Locale::EN_US),
        false,
    );
    let bytes = check(&report, "bilingual");
    // The English runs: spans (or elements) with /Lang (en-US).
    let doc = Document::load_mem(&bytes).expect("loads");
    let english = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").is_ok() && d.get(b"P").is_ok())
        .filter(|d| d.get(b"Lang").and_then(Object::as_str).ok() == Some(b"en-US"))
        .count();
    assert!(english > 50, "{english} elements in en-US");
}

#[test]
fn a_statement_for_signature_tags_its_fields() {
    let report = resolve(&sample("contoso-midway"), Locale::EN_US, None, true);
    let bytes = check(&report, "for signature");
    let doc = Document::load_mem(&bytes).expect("loads");
    let forms = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"Form"))
        .count();
    assert!(forms >= 1, "no Form element");
}

#[test]
fn a_thousand_items_are_tagged() {
    check(&synthetic::report(1000, Locale::KO_KR), "synthetic 1000");
}

#[test]
fn the_chart_says_its_counts_in_words() {
    let report = resolve(&sample("contoso-midway"), Locale::EN_US, None, false);
    let t = handover::template::Template::bundled().expect("template");
    let layout = handover::pdf::layout(&report, &t).expect("layout");
    let figure = layout
        .structure
        .elems
        .iter()
        .find(|e| e.alt.as_deref().is_some_and(|a| a.contains("in all")))
        .expect("the chart's figure");
    let alt = figure.alt.as_deref().unwrap_or_default();
    for p in &report.phases {
        let sentence = format!("{}: {} in all, {} done", p.title, p.counts.total, {
            p.counts.get(handover::model::Status::Done)
        });
        assert!(alt.contains(&sentence), "{alt}\nlacks: {sentence}");
    }
}

/// The layout, before any PDF, says what each box is: the footer is an
/// artifact, the phase titles `H2`, and a table's header row is content
/// once however many pages repeat it.
#[test]
fn the_layout_says_what_each_box_is() {
    use handover::pdf::layout::{Artifact, Role, Tag};
    let t = handover::template::Template::bundled().expect("template");
    let report = synthetic::report(1000, Locale::EN_US);
    let doc = handover::pdf::layout(&report, &t).expect("layout");
    let role = |tag: Tag| match tag {
        Tag::Elem(e) => Some(doc.structure.elems[e.index()].role),
        Tag::Artifact(_) => None,
    };
    let pages = doc.pages.len();
    let mut header_cells = 0;
    let mut header_repeats = 0;
    for (page, text, tag) in doc.tagged_texts() {
        if text.text == report.page_of(page + 1, pages) || text.text == report.fingerprint_text {
            assert_eq!(tag, Tag::Artifact(Artifact::Footer), "{}", text.text);
        }
        if report.phases.iter().any(|p| p.title == text.text) && role(tag).is_some() {
            assert!(
                matches!(role(tag), Some(Role::Heading(2) | Role::TD | Role::Figure)),
                "{}: {:?}",
                text.text,
                role(tag)
            );
        }
        if text.text == report.labels.column_responsibility {
            match tag {
                Tag::Elem(_) => header_cells += 1,
                Tag::Artifact(_) => header_repeats += 1,
            }
        }
    }
    assert_eq!(
        header_cells,
        report.phases.len(),
        "one header row per phase"
    );
    assert!(header_repeats > 50, "{header_repeats} repeated headers");
}
