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

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::content::Marked;
use super::finish::text_string;
use super::layout::{Role, Scope, SignatureField, Structure};
use super::serial::{self, Written};

/// What the pages' marked content belongs to: the structure, and each
/// page's MCIDs.
#[derive(Debug, Default)]
pub(crate) struct Tagged {
    /// The elements.
    pub structure: Structure,
    /// Page by page, each MCID's element and language.
    pub marked: Vec<Vec<Marked>>,
}

fn int(n: usize) -> Object {
    Object::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One piece of an element's content: page index, MCID, language.
type Piece = (usize, usize, Option<&'static str>);

/// One entry of an element's `/K`.
enum Kid {
    /// A child element, or a span of this one.
    Elem(ObjectId),
    /// Marked content on the element's own page.
    Mcid(usize),
    /// Marked content on another page: a marked-content reference.
    Mcr(ObjectId, usize),
    /// A widget annotation: an object reference.
    Objr(ObjectId, Option<ObjectId>),
}

impl Kid {
    fn write(&self, out: &mut Vec<u8>) {
        match *self {
            Kid::Elem(id) => serial::reference(out, id),
            Kid::Mcid(n) => serial::integer(out, n),
            Kid::Mcr(pg, n) => {
                out.extend_from_slice(b"<</Type /MCR/Pg ");
                serial::reference(out, pg);
                out.extend_from_slice(b"/MCID ");
                serial::integer(out, n);
                out.extend_from_slice(b">>");
            }
            Kid::Objr(obj, pg) => {
                out.extend_from_slice(b"<</Type /OBJR/Obj ");
                serial::reference(out, obj);
                if let Some(pg) = pg {
                    out.extend_from_slice(b"/Pg ");
                    serial::reference(out, pg);
                }
                out.extend_from_slice(b">>");
            }
        }
    }
}

/// Adds the structure tree to `pdf`: `pages` are the page objects, in
/// order; `widgets` the widget of each of `fields` (`None` for a field
/// that was not added). The elements and the parent tree are written as
/// bytes, into the returned [`Written`]; the root, the catalog's entries
/// and the pages' and widgets' keys into `pdf`.
pub(crate) fn apply(
    pdf: &mut lopdf::Document,
    root: ObjectId,
    pages: &[ObjectId],
    tagged: &Tagged,
    fields: &[SignatureField],
    widgets: &[Option<ObjectId>],
) -> lopdf::Result<Written> {
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
    let mut parents: Vec<Vec<Option<ObjectId>>> =
        tagged.marked.iter().map(|m| vec![None; m.len()]).collect();
    parents.resize(pages.len(), Vec::new());
    let mut widget_parents: Vec<ObjectId> = Vec::new();
    let mut written = Written::default();
    let mut k: Vec<Kid> = Vec::new();
    for (i, e) in elems.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        k.clear();
        k.extend(kids[i].iter().filter_map(|c| ids[c.index()]).map(Kid::Elem));
        let pieces = &content[i];
        let first_page = pieces.first().map(|p| p.0);
        // One language for all of it: said on the element.
        let one_lang = match pieces.first() {
            Some((_, _, Some(l))) if pieces.iter().all(|p| p.2 == Some(*l)) => Some(*l),
            _ => None,
        };
        for &(page, mcid, lang) in pieces {
            let pg = pages.get(page).copied();
            let owner = match lang.filter(|_| one_lang.is_none()) {
                // A run in another language inside this element: a span.
                Some(l) => {
                    let span = pdf.new_object_id();
                    written.add(span, |out| {
                        out.extend_from_slice(b"<</S /Span/P ");
                        serial::reference(out, id);
                        out.extend_from_slice(b"/Lang ");
                        serial::string(out, l.as_bytes(), StringFormat::Literal);
                        if let Some(pg) = pg {
                            out.extend_from_slice(b"/Pg ");
                            serial::reference(out, pg);
                        }
                        out.extend_from_slice(b"/K ");
                        serial::integer(out, mcid);
                        out.extend_from_slice(b">>");
                    });
                    k.push(Kid::Elem(span));
                    span
                }
                None => {
                    k.push(match pg {
                        Some(pg) if first_page != Some(page) => Kid::Mcr(pg, mcid),
                        _ => Kid::Mcid(mcid),
                    });
                    id
                }
            };
            if let Some(slot) = parents.get_mut(page).and_then(|p| p.get_mut(mcid)) {
                *slot = Some(owner);
            }
        }
        if let (Role::Form, Some((widget, page))) = (e.role, widget_of[i]) {
            k.push(Kid::Objr(widget, pages.get(page).copied()));
            let key = pages.len() + widget_parents.len();
            widget_parents.push(id);
            if let Ok(w) = pdf.get_object_mut(widget).and_then(Object::as_dict_mut) {
                w.set("StructParent", int(key));
            }
        }
        // No `/Type` (optional): fewer bytes in a statement of 40,000
        // elements.
        let parent = e.parent.and_then(|p| ids.get(p.index()).copied().flatten());
        let pg = first_page.and_then(|p| pages.get(p)).copied();
        written.add(id, |out| {
            out.extend_from_slice(b"<</S ");
            serial::name(out, e.role.name().as_bytes());
            out.extend_from_slice(b"/P ");
            serial::reference(out, parent.unwrap_or(tree_root));
            if let Some(pg) = pg {
                out.extend_from_slice(b"/Pg ");
                serial::reference(out, pg);
            }
            if let Some(l) = one_lang {
                out.extend_from_slice(b"/Lang ");
                serial::string(out, l.as_bytes(), StringFormat::Literal);
            }
            if let Role::TH(scope) = e.role {
                out.extend_from_slice(match scope {
                    Scope::Column => b"/A <</O /Table/Scope /Column>>",
                    Scope::Row => b"/A <</O /Table/Scope /Row>>",
                });
            }
            if let Some(alt) = &e.alt {
                out.extend_from_slice(b"/Alt ");
                serial::object(out, &text_string(alt));
            }
            out.extend_from_slice(b"/K ");
            match (e.role, &k[..]) {
                // The reference itself, not in an array: validators that
                // follow a widget from the tree (pyHanko's diff analysis,
                // when a later signature fills the field) expect `K.Obj`.
                (Role::Form, [only]) => only.write(out),
                // A cell's one MCID, as itself.
                (_, [only @ Kid::Mcid(_)]) => only.write(out),
                _ => {
                    out.push(b'[');
                    for (n, kid) in k.iter().enumerate() {
                        if n > 0 {
                            out.push(b' ');
                        }
                        kid.write(out);
                    }
                    out.push(b']');
                }
            }
            out.extend_from_slice(b">>");
        });
    }

    // The parent tree: pages' arrays, then each widget's element.
    let parent_tree = pdf.new_object_id();
    written.add(parent_tree, |out| {
        out.extend_from_slice(b"<</Nums [");
        for (key, refs) in parents.iter().enumerate() {
            if key > 0 {
                out.push(b' ');
            }
            serial::integer(out, key);
            out.extend_from_slice(b" [");
            for (n, r) in refs.iter().enumerate() {
                if n > 0 {
                    out.push(b' ');
                }
                match r {
                    Some(r) => serial::reference(out, *r),
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b']');
        }
        for (n, elem) in widget_parents.iter().enumerate() {
            out.push(b' ');
            serial::integer(out, pages.len() + n);
            out.push(b' ');
            serial::reference(out, *elem);
        }
        out.extend_from_slice(b"]>>");
    });
    let next_key = pages.len() + widget_parents.len();
    let mut sr = Dictionary::new();
    sr.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
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
    Ok(written)
}
