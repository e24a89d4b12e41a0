//! What the file changed after a signature, object by object.
//!
//! The revision a signature covers (the file up to its `/ByteRange`'s end)
//! is loaded by itself (by the caller, which loads each revision once and
//! also has [`super::xref`] read the cross-reference sections written
//! after it) and compared with the whole file: an object is
//! unchanged when the whole file's cross-reference finds it at the same
//! place (the same byte offset, or the same slot of an unchanged object
//! stream) — the bytes there are the signed ones. Re-pointing an object
//! to other bytes, even bytes inside the signed part (the shadow attacks),
//! counts as a change.
//!
//! After a signature, only the later signatures' own updates may follow:
//!
//! - a later signature's field (one that had no value when this one
//!   signed) may gain its value `/V` and appearance `/AP`, and nothing else;
//! - objects reachable from those `/V` and `/AP` (the signature dictionary,
//!   the appearance XObject, its fonts) may be added or changed, as long as
//!   no page reaches them by another way (a font the page text uses may not
//!   change);
//! - the catalog may change only in `/Perms` (the certification's DocMDP
//!   entry), `/AcroForm` (see next), `/Metadata`, and `/Version` and
//!   `/Extensions` (the PDF version a signing tool declares: pyHanko
//!   raises it for the algorithms it used);
//! - the `/AcroForm` dictionary only in `/SigFlags`, `/DR` and `/DA` (its
//!   `/Fields` stay as signed: no field added or taken away);
//! - the document information (`/Info`) and the XMP metadata stream: signing
//!   tools record their name and the time there; neither is drawn. Only the
//!   ones the signed revision names, or new objects: pointing `/Info` or
//!   `/Metadata` at an object the signed revision had does not free it;
//! - cross-reference and object streams, the file's own bookkeeping: new
//!   ones, or ones that were bookkeeping when signed. An object the signed
//!   document holds (what its catalog reaches but for `/Metadata`: pages,
//!   attached files, names, outlines, the structure tree, the form) is
//!   never let through by what it calls itself now, nor by a later
//!   signature's `/V` or `/AP` pointing at it.
//!
//! Anything else — a page, its content, an annotation, a font the page
//! uses, an attached file, an object freed — fails, naming the object.
//! The updates' cross-reference sections themselves are read as written
//! by [`super::xref`]: where readers would read them apart, they fail too.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdf::acro_form;

/// The most objects walked when finding what reaches what. Each object is
/// entered once, so a walk is as long as the document is big; this only
/// caps the time a huge file takes (a walk cut short counts everything
/// as held: nothing is let through unseen).
const MAX_WALK: usize = 20_000_000;

/// The most changes named for one signature; the rest are counted.
const MAX_NAMED: usize = 20;

/// What the whole file `doc` changed after the revision `signed`; `later`
/// are the fields of the signatures made after it.
pub(crate) fn changes_after(signed: &Document, doc: &Document, later: &[ObjectId]) -> Vec<String> {
    let mut out = Vec::new();
    let later_set: BTreeSet<ObjectId> = later.iter().copied().collect();

    let (Ok(root), Ok(signed_root)) = (doc.trailer.get(b"Root"), signed.trailer.get(b"Root"))
    else {
        return vec!["the file has no catalog".to_string()];
    };
    if root != signed_root {
        out.push("the catalog was replaced by another object after it signed".to_string());
    }
    let catalog_id = root.as_reference().ok();
    let form_id = acro_form(doc).and_then(|(id, _)| id);
    // The information dictionary and the XMP stream may change: the ones
    // the signed revision names, or new ones the update adds (never an
    // object the signed revision had under another role).
    let info_of = |d: &Document| d.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let metadata_of = |d: &Document| {
        d.catalog()
            .ok()
            .and_then(|c| c.get(b"Metadata").ok())
            .and_then(|o| o.as_reference().ok())
    };
    let records: BTreeSet<ObjectId> = [info_of(signed), metadata_of(signed)]
        .into_iter()
        .flatten()
        .chain(
            [info_of(doc), metadata_of(doc)]
                .into_iter()
                .flatten()
                .filter(|id| !in_use(signed, id.0)),
        )
        .collect();

    // What the later signatures' own updates may bring.
    let mut starts = Vec::new();
    for id in later {
        if let Ok(f) = doc.get_dictionary(*id) {
            starts.extend(
                [f.get(b"V"), f.get(b"AP")]
                    .into_iter()
                    .filter_map(Result::ok)
                    .cloned(),
            );
        }
    }
    let theirs = reach(doc, &starts, &BTreeSet::new()).0;
    // What the pages reach (not through the later fields), for naming.
    let pages: Vec<Object> = signed
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .cloned()
        .into_iter()
        .collect();
    let drawn = reach(signed, &pages, &later_set).0;
    // What the signed document holds (not through the later fields, nor
    // its /Metadata): pages, attachments, names, outlines, the structure
    // tree, the form. None of it may change but as the rules below say,
    // whatever a later update calls it.
    let held: Vec<Object> = signed
        .catalog()
        .ok()
        .into_iter()
        .flat_map(|c| c.iter())
        .filter(|(k, _)| k.as_slice() != b"Metadata")
        .map(|(_, v)| v.clone())
        .collect();
    let (held, whole) = reach(signed, &held, &later_set);
    // A walk cut short holds everything the signed revision has.
    let held = |id: &ObjectId| !whole || held.contains(id);
    let page_numbers: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();

    let mut problems = Vec::new();
    let mut more = 0usize;
    for (&num, entry) in &doc.reference_table.entries {
        if matches!(entry, XrefEntry::Free | XrefEntry::UnusableFree) {
            continue;
        }
        let before = signed.reference_table.get(num);
        if same_place(doc, signed, entry, before) {
            continue;
        }
        let new = !in_use(signed, num);
        let verb = if new { "was added" } else { "was changed" };
        let Some(id) = doc
            .objects
            .range((num, 0)..=(num, u16::MAX))
            .next()
            .map(|(k, _)| *k)
        else {
            problems.push(format!(
                "after it signed, object {num} (which cannot be read) {verb}"
            ));
            continue;
        };
        // Bookkeeping is new, or was bookkeeping when signed; a record is
        // one of `records`; neither may be what the document holds.
        let bookkeeping = bookkeeping(doc, id) && (new || bookkeeping(signed, id));
        // The form and the catalog are never records, whatever /Info or
        // /Metadata names.
        let record = records.contains(&id) && Some(id) != form_id && Some(id) != catalog_id;
        let allowed = if (bookkeeping || record) && !held(&id) {
            Ok(())
        } else if later_set.contains(&id) {
            keys_changed(signed, doc, id, &[b"V", b"AP"], "the field")
        } else if Some(id) == catalog_id {
            catalog_changes(signed, doc, id)
        } else if Some(id) == form_id {
            keys_changed(
                signed,
                doc,
                id,
                &[b"SigFlags", b"DR", b"DA"],
                "the form (/AcroForm)",
            )
        } else if theirs.contains(&id) && !held(&id) {
            Ok(())
        } else {
            Err(String::new())
        };
        if let Err(why) = allowed {
            if problems.len() >= MAX_NAMED {
                more += 1;
                continue;
            }
            let what = describe(doc, id, &drawn, held(&id), &page_numbers);
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(": {why}")
            };
            problems.push(format!(
                "after it signed, object {} {} ({what}) {verb}{why}",
                id.0, id.1
            ));
        }
    }
    for (&num, entry) in &signed.reference_table.entries {
        let gone = !matches!(entry, XrefEntry::Free | XrefEntry::UnusableFree) && !in_use(doc, num);
        if gone && problems.len() < MAX_NAMED {
            problems.push(format!("after it signed, object {num} was removed"));
        } else if gone {
            more += 1;
        }
    }
    out.extend(problems);
    if more > 0 {
        out.push(format!("… and {more} more changes after it signed"));
    }
    out
}

/// Whether object `num` is in use in `doc` (listed, and not free).
fn in_use(doc: &Document, num: u32) -> bool {
    doc.reference_table
        .get(num)
        .is_some_and(|e| !matches!(e, XrefEntry::Free | XrefEntry::UnusableFree))
}

/// Whether an object is found at the same place in both revisions.
fn same_place(
    doc: &Document,
    signed: &Document,
    now: &XrefEntry,
    before: Option<&XrefEntry>,
) -> bool {
    match (now, before) {
        (
            XrefEntry::Normal {
                offset: a,
                generation: g,
            },
            Some(XrefEntry::Normal {
                offset: b,
                generation: h,
            }),
        ) => a == b && g == h,
        (
            XrefEntry::Compressed {
                container: c,
                index: i,
            },
            Some(XrefEntry::Compressed {
                container: d,
                index: j,
            }),
        ) => {
            c == d
                && i == j
                && match (doc.reference_table.get(*c), signed.reference_table.get(*d)) {
                    (
                        Some(XrefEntry::Normal { offset: a, .. }),
                        Some(XrefEntry::Normal { offset: b, .. }),
                    ) => a == b,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// Cross-reference and object streams: the file's own bookkeeping.
fn bookkeeping(doc: &Document, id: ObjectId) -> bool {
    match doc.get_object(id) {
        Ok(Object::Stream(s)) => {
            matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"XRef" || n == b"ObjStm")
        }
        _ => false,
    }
}

/// Whether a dictionary changed only in `allowed` keys.
fn keys_changed(
    signed: &Document,
    doc: &Document,
    id: ObjectId,
    allowed: &[&[u8]],
    what: &str,
) -> Result<(), String> {
    let (Ok(a), Ok(b)) = (signed.get_dictionary(id), doc.get_dictionary(id)) else {
        return Err(format!("{what} is no longer a dictionary"));
    };
    let changed = differing_keys(a, b);
    let bad: Vec<String> = changed
        .iter()
        .filter(|k| !allowed.contains(&k.as_slice()))
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!("{what} changed in {}", bad.join(", ")))
    }
}

fn catalog_changes(signed: &Document, doc: &Document, id: ObjectId) -> Result<(), String> {
    keys_changed(
        signed,
        doc,
        id,
        &[
            b"Perms",
            b"AcroForm",
            b"Metadata",
            b"Version",
            b"Extensions",
        ],
        "the catalog",
    )?;
    // The form stays the object it was (or inside the catalog).
    let form = |d: &Document| {
        d.get_dictionary(id)
            .ok()
            .and_then(|c| c.get(b"AcroForm").ok())
            .map(|f| f.as_reference().ok())
    };
    if form(signed) != form(doc) {
        return Err("the form (/AcroForm) was replaced by another object".to_string());
    }
    // An /AcroForm written inside the catalog: its /Fields stay as signed.
    let inline = |d: &Document| match d
        .get_dictionary(id)
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
    {
        Some(Object::Dictionary(f)) => Some(f.clone()),
        _ => None,
    };
    if let (Some(a), Some(b)) = (inline(signed), inline(doc)) {
        let bad: Vec<String> = differing_keys(&a, &b)
            .iter()
            .filter(|k| !matches!(k.as_slice(), b"SigFlags" | b"DR" | b"DA"))
            .map(|k| format!("/{}", String::from_utf8_lossy(k)))
            .collect();
        if !bad.is_empty() {
            return Err(format!(
                "the form (/AcroForm) changed in {}",
                bad.join(", ")
            ));
        }
    }
    Ok(())
}

fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let ma: BTreeMap<&[u8], &Object> = a.iter().map(|(k, v)| (k.as_slice(), v)).collect();
    let mb: BTreeMap<&[u8], &Object> = b.iter().map(|(k, v)| (k.as_slice(), v)).collect();
    let keys: BTreeSet<&[u8]> = ma.keys().chain(mb.keys()).copied().collect();
    keys.into_iter()
        .filter(|k| match (ma.get(k), mb.get(k)) {
            (Some(x), Some(y)) => !same_value(x, y),
            (x, y) => x != y,
        })
        .map(<[u8]>::to_vec)
        .collect()
}

/// Equal, or the same text written in another encoding (a signing tool
/// may rewrite a field's strings as UTF-16).
fn same_value(a: &Object, b: &Object) -> bool {
    a == b
        || matches!((a, b), (Object::String(..), Object::String(..)))
            && lopdf::decode_text_string(a)
                .ok()
                .is_some_and(|x| lopdf::decode_text_string(b).ok() == Some(x))
}

/// The objects reachable from `starts`, not entering `stop` nor going back
/// up (`/Parent`, `/P`), and whether the walk saw them all (it stops after
/// [`MAX_WALK`] steps).
fn reach(
    doc: &Document,
    starts: &[Object],
    stop: &BTreeSet<ObjectId>,
) -> (BTreeSet<ObjectId>, bool) {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&Object> = starts.iter().collect();
    let mut steps = 0usize;
    while let Some(o) = todo.pop() {
        steps += 1;
        if steps > MAX_WALK {
            return (seen, false);
        }
        match o {
            Object::Reference(id) => {
                if !stop.contains(id)
                    && seen.insert(*id)
                    && let Ok(obj) = doc.get_object(*id)
                {
                    todo.push(obj);
                }
            }
            Object::Array(a) => todo.extend(a.iter()),
            Object::Dictionary(d) => push_dict(&mut todo, d),
            Object::Stream(s) => push_dict(&mut todo, &s.dict),
            _ => {}
        }
    }
    (seen, true)
}

fn push_dict<'a>(todo: &mut Vec<&'a Object>, d: &'a Dictionary) {
    for (k, v) in d.iter() {
        if k.as_slice() != b"Parent" && k.as_slice() != b"P" {
            todo.push(v);
        }
    }
}

/// A few words on what an object is: what the signed revision used it
/// for first (`drawn` by the pages, `held` by the document), then what it
/// calls itself now.
fn describe(
    doc: &Document,
    id: ObjectId,
    drawn: &BTreeSet<ObjectId>,
    held: bool,
    pages: &BTreeMap<ObjectId, u32>,
) -> String {
    let dict = match doc.get_object(id) {
        Ok(Object::Dictionary(d)) => Some(d),
        Ok(Object::Stream(s)) => Some(&s.dict),
        _ => None,
    };
    let name = |k: &[u8]| match dict.and_then(|d| d.get(k).ok()) {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    if let Some(n) = pages.get(&id) {
        return format!("page {n}");
    }
    let stream = matches!(doc.get_object(id), Ok(Object::Stream(_)));
    match (name(b"Type").as_deref(), name(b"Subtype").as_deref()) {
        (_, Some(sub)) if dict.is_some_and(|d| d.has(b"Rect")) => format!("a /{sub} annotation"),
        (Some("Font"), _) => "a font".to_string(),
        _ if stream && drawn.contains(&id) => "a stream the pages draw".to_string(),
        (Some(t @ ("XRef" | "ObjStm")), _) if held => {
            format!("a stream the signed document holds, now calling itself /{t}")
        }
        (Some(t), _) => format!("a /{t}"),
        _ if stream => "a stream".to_string(),
        _ if drawn.contains(&id) => "an object the pages use".to_string(),
        _ if held => "an object the signed document holds".to_string(),
        _ => "an object".to_string(),
    }
}
