//! The catalogue's rules: ids unique and well formed, every text in every
//! declared locale, phases with items, the limits.

use std::collections::HashMap;

use super::doc::Doc;
use super::ids::{check_id, duplicate};
use super::{Checked, Parsed};
use crate::diagnostic::Diagnostics;
use crate::limits;
use crate::locale::Locale;
use crate::model::{Catalogue, Item, Phase};
use crate::raw::RawCatalogue;
use crate::source::{Path, Source};

/// Loads and checks a catalogue.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_catalogue(src: &Source) -> Result<Checked<Catalogue>, Diagnostics> {
    check_parsed_catalogue(super::parse(src))
}

/// [`check_catalogue`] of a file already parsed.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_parsed_catalogue(parsed: Parsed<'_>) -> Result<Checked<Catalogue>, Diagnostics> {
    let (mut doc, value): (Doc<'_>, _) = parsed.into_doc()?;
    let Some(raw) = doc.decode::<RawCatalogue>(value, &Path::root()) else {
        return Err(doc.diags);
    };
    let root = Path::root();
    let locales = match &raw.locales {
        None => Locale::bundled(),
        Some(tags) => {
            let mut ls = Vec::new();
            for (i, tag) in tags.iter().enumerate() {
                match tag.parse::<Locale>() {
                    Ok(l) if l.tag() == tag => ls.push(l),
                    _ => {
                        let pos = doc.at(&root.key("locales").index(i));
                        doc.error(pos, format!("unsupported locale `{tag}`"))
                            .hints
                            .push(format!("supported: {}", Locale::tags().join(", ")));
                    }
                }
            }
            ls
        }
    };
    check_id(&mut doc, &raw.id, &root.key("id"));
    let title = doc.text(&raw.title, &root.key("title"), &locales);
    let total: usize = raw.phases.iter().map(|p| p.items.len()).sum();
    if !doc.count(
        total,
        limits::MAX_ITEMS,
        &root.key("phases"),
        "responsibilities",
    ) {
        return Err(doc.diags);
    }
    let mut phases = Vec::new();
    let mut seen_items: HashMap<String, Path> = HashMap::new();
    let mut seen_phases: HashMap<String, Path> = HashMap::new();
    if raw.phases.is_empty() {
        let pos = doc.at(&root.key("phases"));
        doc.error(pos, "the catalogue has no phases");
    }
    for (pi, rp) in raw.phases.iter().enumerate() {
        let ppath = root.key("phases").index(pi);
        check_id(&mut doc, &rp.id, &ppath.key("id"));
        if let Some(first) = seen_phases.insert(rp.id.clone(), ppath.key("id")) {
            duplicate(&mut doc, "phase id", &rp.id, &first, &ppath.key("id"));
        }
        let ptitle = doc.text(&rp.title, &ppath.key("title"), &locales);
        let mut items = Vec::new();
        if rp.items.is_empty() {
            let pos = doc.at(&ppath.key("items"));
            doc.error(pos, format!("phase `{}` has no items", rp.id));
        }
        for (ii, ri) in rp.items.iter().enumerate() {
            let ipath = ppath.key("items").index(ii);
            check_id(&mut doc, &ri.id, &ipath.key("id"));
            if let Some(first) = seen_items.insert(ri.id.clone(), ipath.key("id")) {
                duplicate(&mut doc, "item id", &ri.id, &first, &ipath.key("id"));
            }
            let text = doc.text(&ri.text, &ipath.key("text"), &locales);
            items.push(Item {
                id: ri.id.clone(),
                optional: ri.optional,
                text,
            });
        }
        phases.push(Phase {
            id: rp.id.clone(),
            title: ptitle,
            items,
        });
    }
    let cat = Catalogue::new(raw.id, raw.version, locales, title, phases);
    doc.finish(Some(cat))
}
