//! The structure tree (tagged PDF, PDF/UA-1): the layout's
//! [`Structure`] as `/StructElem` objects under the catalog's
//! `/StructTreeRoot`, each element's content the marked-content sequences
//! ([`super::content`]) that hold its text.
//!
//! - elements in reading order (`/S`, `/P`, `/Pg`, `/K`, no optional
//!   `/Type`); an element's kids are its child elements
//!   then its content (an element of the layout holds one or the other);
//!   a cell that continues on the next page has content on both;
//! - a run in the other language of a bilingual statement: `/Lang` on its
//!   element when all the element's text is in it, else a `Span` with
//!   `/Lang` around that sequence;
//! - header cells with `/A << /O /Table /Scope … >>`, figures with `/Alt`,
//!   each signature field a `Form` element whose kid is an object
//!   reference (`OBJR`) to its widget, the widget's `/StructParent` its
//!   key in the parent tree;
//! - the parent tree (a number tree): page `i` (`/StructParents i`) maps
//!   each MCID to its element, then one key per widget;
//!   `/ParentTreeNextKey` after them; `/MarkInfo << /Marked true >>`.
//!
//! Elements with nothing in them are left out, except a table's rows and
//! cells (an empty cell keeps the grid regular).

use lopdf::{Dictionary, Object, ObjectId};

use super::content::Marked;
use super::finish::text_string;
use super::layout::{Role, Scope, SignatureField, Structure};

/// What the pages' marked content belongs to: the structure, and each
/// page's MCIDs.
#[derive(Debug, Default)]
pub(crate) struct Tagged {
    /// The elements.
    pub structure: Structure,
    /// Page by page, each MCID's element and language.
    pub marked: Vec<Vec<Marked>>,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn int(n: usize) -> Object {
    Object::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One piece of an element's content: page index, MCID, language.
type Piece = (usize, usize, Option<&'static str>);

/// Adds the structure tree to `pdf`: `pages` are the page objects, in
/// order; `widgets` the widget of each of `fields` (`None` for a field
/// that was not added).
pub(crate) fn apply(
    pdf: &mut lopdf::Document,
    root: ObjectId,
    pages: &[ObjectId],
    tagged: &Tagged,
    fields: &[SignatureField],
    widgets: &[Option<ObjectId>],
) -> lopdf::Result<()> {
    let elems = &tagged.structure.elems;
    let kids = tagged.structure.children();
    // Each element's content, in page and stream order.
    let mut content: Vec<Vec<Piece>> = vec![Vec::new(); elems.len()];
    for (page, marked) in tagged.marked.iter().enumerate() {
        for (mcid, (e, lang)) in marked.iter().enumerate() {
            if let Some(c) = content.get_mut(e.index()) {
                c.push((page, mcid, *lang));
            }
        }
    }
    // Each field's widget, by its element.
    let mut widget_of: Vec<Option<(ObjectId, usize)>> = vec![None; elems.len()];
    for (f, w) in fields.iter().zip(widgets) {
        if let (Some(slot), Some(w)) = (widget_of.get_mut(f.elem.index()), w) {
            *slot = Some((*w, f.page));
        }
    }
    // What is kept: children come after their parents, so one pass from
    // the end sees every child before its parent.
    let mut keep = vec![false; elems.len()];
    for i in (0..elems.len()).rev() {
        keep[i] = i == 0
            || !content[i].is_empty()
            || widget_of[i].is_some()
            || elems[i].role.is_table_part()
            || kids[i].iter().any(|k| keep[k.index()]);
    }
    let tree_root = pdf.new_object_id();
    let ids: Vec<Option<ObjectId>> = keep
        .iter()
        .map(|k| k.then(|| pdf.new_object_id()))
        .collect();
    let mut parents: Vec<Vec<Object>> = tagged
        .marked
        .iter()
        .map(|m| vec![Object::Null; m.len()])
        .collect();
    parents.resize(pages.len(), Vec::new());
    let mut next_key = pages.len();
    let mut objs: Vec<(ObjectId, Dictionary)> = Vec::with_capacity(elems.len());
    for (i, e) in elems.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        // No `/Type` (optional): four entries or fewer keep a statement
        // of 40,000 elements small in memory.
        let mut d = Dictionary::new();
        d.set("S", name(e.role.name()));
        let parent = e.parent.and_then(|p| ids.get(p.index()).copied().flatten());
        d.set("P", Object::Reference(parent.unwrap_or(tree_root)));
        let mut k: Vec<Object> = kids[i]
            .iter()
            .filter_map(|c| ids[c.index()])
            .map(Object::Reference)
            .collect();
        let pieces = &content[i];
        let first_page = pieces.first().map(|p| p.0);
        if let Some(pg) = first_page.and_then(|p| pages.get(p)) {
            d.set("Pg", Object::Reference(*pg));
        }
        // One language for all of it: said on the element.
        let one_lang = match pieces.first() {
            Some((_, _, Some(l))) if pieces.iter().all(|p| p.2 == Some(*l)) => Some(*l),
            _ => None,
        };
        if let Some(l) = one_lang {
            d.set("Lang", Object::string_literal(l));
        }
        for &(page, mcid, lang) in pieces {
            let mcr = |on: Option<usize>| -> Object {
                match pages.get(page) {
                    Some(pg) if on != Some(page) => {
                        let mut r = Dictionary::new();
                        r.set("Type", name("MCR"));
                        r.set("Pg", Object::Reference(*pg));
                        r.set("MCID", int(mcid));
                        Object::Dictionary(r)
                    }
                    _ => int(mcid),
                }
            };
            let owner = match lang.filter(|_| one_lang.is_none()) {
                // A run in another language inside this element: a span.
                Some(l) => {
                    let span = pdf.new_object_id();
                    let mut s = Dictionary::new();
                    s.set("S", name("Span"));
                    s.set("P", Object::Reference(id));
                    s.set("Lang", Object::string_literal(l));
                    if let Some(pg) = pages.get(page) {
                        s.set("Pg", Object::Reference(*pg));
                    }
                    s.set("K", mcr(Some(page)));
                    objs.push((span, s));
                    k.push(Object::Reference(span));
                    span
                }
                None => {
                    k.push(mcr(first_page));
                    id
                }
            };
            if let Some(slot) = parents.get_mut(page).and_then(|p| p.get_mut(mcid)) {
                *slot = Object::Reference(owner);
            }
        }
        match e.role {
            Role::TH(scope) => {
                let mut a = Dictionary::new();
                a.set("O", name("Table"));
                a.set(
                    "Scope",
                    name(match scope {
                        Scope::Column => "Column",
                        Scope::Row => "Row",
                    }),
                );
                d.set("A", Object::Dictionary(a));
            }
            Role::Form => {
                if let Some((widget, page)) = widget_of[i] {
                    let mut r = Dictionary::new();
                    r.set("Type", name("OBJR"));
                    r.set("Obj", Object::Reference(widget));
                    if let Some(pg) = pages.get(page) {
                        r.set("Pg", Object::Reference(*pg));
                    }
                    k.push(Object::Dictionary(r));
                    let key = next_key;
                    next_key += 1;
                    if let Ok(w) = pdf.get_object_mut(widget).and_then(Object::as_dict_mut) {
                        w.set("StructParent", int(key));
                    }
                    parents.push(vec![Object::Reference(id)]);
                }
            }
            _ => {}
        }
        if let Some(alt) = &e.alt {
            d.set("Alt", text_string(alt));
        }
        match (e.role, &k[..]) {
            // The reference itself, not in an array: validators that
            // follow a widget from the tree (pyHanko's diff analysis,
            // when a later signature fills the field) expect `K.Obj`.
            (Role::Form, [only]) => d.set("K", only.clone()),
            // A cell's one MCID, as itself.
            (_, [only @ Object::Integer(_)]) => d.set("K", only.clone()),
            _ => d.set("K", Object::Array(k)),
        }
        objs.push((id, d));
    }
    for (id, d) in objs {
        pdf.objects.insert(id, Object::Dictionary(d));
    }

    // The parent tree: pages' arrays, then each widget's element.
    let mut nums = Vec::with_capacity(parents.len() * 2);
    for (key, refs) in parents.into_iter().enumerate() {
        nums.push(int(key));
        if key < pages.len() {
            nums.push(Object::Array(refs));
        } else {
            nums.push(refs.into_iter().next().unwrap_or(Object::Null));
        }
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    let parent_tree = pdf.add_object(tree);
    let mut sr = Dictionary::new();
    sr.set("Type", name("StructTreeRoot"));
    if let Some(doc) = ids.first().copied().flatten() {
        sr.set("K", Object::Array(vec![Object::Reference(doc)]));
    }
    sr.set("ParentTree", Object::Reference(parent_tree));
    sr.set("ParentTreeNextKey", int(next_key));
    pdf.objects.insert(tree_root, Object::Dictionary(sr));

    for (i, page) in pages.iter().enumerate() {
        let p = pdf.get_object_mut(*page)?.as_dict_mut()?;
        p.set("StructParents", int(i));
    }
    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(tree_root));
    let mut mark = Dictionary::new();
    mark.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark));
    Ok(())
}
