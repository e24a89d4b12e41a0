//! Empty signature fields: one per party still to sign, in a statement
//! built for signature.
//!
//! Each field is a signature field (`/FT /Sig`) merged with its widget
//! annotation, lying over the party's signature line on the sign-off page:
//! printed (`/F 4`), with an appearance stream (PDF/A wants one for every
//! annotation; it is empty, the line is on the page already), a name from
//! the party (`customer-signature`) and a localized tooltip (`/TU`). The
//! catalog's `/AcroForm` lists them, with `/SigFlags 3`: the document has
//! signature fields, and is to be saved by appending (so that a signature
//! made first stays valid when the second is added).

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::finish::text_string;
use super::layout::SignatureField;

/// The field name of a party's signature field.
pub fn field_name(party: crate::model::Party) -> String {
    format!("{}-signature", party.key())
}

/// Adds the signature fields to their pages and the catalog's AcroForm;
/// returns each field's widget (`None` for one on no page).
pub(crate) fn add_signature_fields(
    pdf: &mut lopdf::Document,
    root: ObjectId,
    pages: &[ObjectId],
    page_height: f32,
    fields: &[SignatureField],
) -> lopdf::Result<Vec<Option<ObjectId>>> {
    let mut widgets = Vec::new();
    if fields.is_empty() {
        return Ok(widgets);
    }
    let mut refs = Vec::new();
    for f in fields {
        let Some(&page) = pages.get(f.page) else {
            widgets.push(None);
            continue;
        };
        let (x0, x1) = (f.rect.x, f.rect.x + f.rect.w);
        let (y0, y1) = (page_height - f.rect.bottom(), page_height - f.rect.y);
        let mut ap = Dictionary::new();
        ap.set("Type", Object::Name(b"XObject".to_vec()));
        ap.set("Subtype", Object::Name(b"Form".to_vec()));
        ap.set(
            "BBox",
            Object::Array(vec![
                Object::Real(0.0),
                Object::Real(0.0),
                Object::Real(x1 - x0),
                Object::Real(y1 - y0),
            ]),
        );
        ap.set("Resources", Object::Dictionary(Dictionary::new()));
        let appearance = pdf.add_object(Stream::new(ap, Vec::new()));
        let mut n = Dictionary::new();
        n.set("N", Object::Reference(appearance));

        let mut w = Dictionary::new();
        w.set("Type", Object::Name(b"Annot".to_vec()));
        w.set("Subtype", Object::Name(b"Widget".to_vec()));
        w.set("FT", Object::Name(b"Sig".to_vec()));
        w.set("T", text_string(&field_name(f.party)));
        w.set("TU", text_string(&f.tooltip));
        w.set("F", Object::Integer(4));
        w.set(
            "Rect",
            Object::Array(vec![
                Object::Real(x0),
                Object::Real(y0),
                Object::Real(x1),
                Object::Real(y1),
            ]),
        );
        w.set("P", Object::Reference(page));
        w.set("AP", Object::Dictionary(n));
        let widget = pdf.add_object(w);
        refs.push(widget);
        widgets.push(Some(widget));

        let page = pdf.get_object_mut(page)?.as_dict_mut()?;
        let mut annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        annots.push(Object::Reference(widget));
        page.set("Annots", Object::Array(annots));
        // Tab through the annotations in the order of the structure.
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let mut form = Dictionary::new();
    form.set(
        "Fields",
        Object::Array(refs.iter().map(|r| Object::Reference(*r)).collect()),
    );
    form.set("SigFlags", Object::Integer(3));
    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("AcroForm", Object::Dictionary(form));
    Ok(widgets)
}
