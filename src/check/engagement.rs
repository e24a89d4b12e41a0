//! The engagement's rules, one function per section: the header, contacts,
//! responsibilities, sign-off and revisions.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::doc::Doc;
use super::ids::{check_folder_name, check_id, duplicate};
use super::{Checked, Parsed, parse_iso_date};
use crate::diagnostic::{Diagnostics, nearest};
use crate::limits;
use crate::locale::Locale;
use crate::model::{
    BrokenRule, Catalogue, Contact, Engagement, ItemState, Party, Revision, Signoff, StateField,
    Status,
};
use crate::raw::{RawContact, RawEngagement, RawItemState, RawRevision, RawSignoff};
use crate::source::{Path, Source};

/// The top-level sections of an engagement file.
const SECTIONS: [&str; 5] = [
    "engagement",
    "contacts",
    "responsibilities",
    "signoff",
    "revisions",
];

/// Loads and checks an engagement against its catalogue.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_engagement(
    src: &Source,
    catalogue: &Catalogue,
) -> Result<Checked<Engagement>, Diagnostics> {
    check_parsed_engagement(super::parse(src), catalogue)
}

/// [`check_engagement`] of a file already parsed.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_parsed_engagement(
    parsed: Parsed<'_>,
    catalogue: &Catalogue,
) -> Result<Checked<Engagement>, Diagnostics> {
    let (mut doc, value) = parsed.into_doc()?;
    let Some(mut sections) = sections(&mut doc, value) else {
        return Err(doc.diags);
    };
    let header = match sections.remove("engagement") {
        Some(v) => doc.decode::<RawEngagement>(v, &Path::root().key("engagement")),
        None => {
            let pos = Some(doc.src.pos_at(0));
            doc.error(pos, "missing section `engagement`")
                .hints
                .push("start the file with `engagement:` and its id, catalogue, customer, provider, start and target".to_owned());
            None
        }
    };
    let contacts = contacts(&mut doc, sections.remove("contacts"));
    let facts = header
        .as_ref()
        .map(|h| header_rules(&mut doc, h, catalogue))
        .unwrap_or_default();
    let contact_ids: HashSet<&str> = contacts.iter().map(|c| c.id.as_str()).collect();
    let states = responsibilities(
        &mut doc,
        sections.remove("responsibilities"),
        catalogue,
        &ContactIds {
            ids: &contact_ids,
            in_order: &contacts,
        },
        &facts,
    );
    let signoff = signoff(&mut doc, sections.remove("signoff"), facts.start);
    let revisions = revisions(&mut doc, sections.remove("revisions"));

    let engagement = header.and_then(|h| {
        Some(Engagement {
            id: h.id,
            catalogue: h.catalogue,
            catalogue_version: h.catalogue_version,
            locale: facts.locale,
            customer: h.customer.name.trim().to_owned(),
            tenant: non_empty(h.customer.tenant),
            provider: h.provider.name.trim().to_owned(),
            start: facts.start?,
            target: parse_iso_date(&h.target).ok()?,
            as_of: facts.as_of,
            contacts,
            states,
            signoff,
            revisions,
        })
    });
    doc.finish(engagement)
}

/// The document's sections by name; unknown ones are reported. `None` when
/// the document is not a mapping at all.
fn sections(doc: &mut Doc<'_>, value: Value) -> Option<HashMap<&'static str, Value>> {
    let root = Path::root();
    let Value::Mapping(map) = value else {
        let pos = doc.at(&root);
        doc.error(pos, "an engagement file is a mapping with `engagement:`, `contacts:`, `responsibilities:`, `signoff:` and `revisions:`");
        return None;
    };
    let mut sections = HashMap::new();
    for (k, v) in map {
        let key = k.as_str().unwrap_or("?").to_owned();
        match SECTIONS.iter().find(|s| **s == key) {
            Some(s) => {
                sections.insert(*s, v);
            }
            None => {
                let pos = doc.key_at(&root.key(&key));
                let d = doc.error(pos, format!("unknown section `{key}`"));
                if let Some(near) = nearest(&key, SECTIONS) {
                    d.hints.push(format!("did you mean `{near}`?"));
                }
                d.hints
                    .push(format!("the sections: {}", SECTIONS.join(", ")));
            }
        }
    }
    Some(sections)
}

/// What the header says that the other sections' rules need.
#[derive(Default)]
struct Facts {
    start: Option<Date>,
    as_of: Option<Date>,
    locale: Option<Locale>,
}

/// The contacts, by id and in file order, for the owner rule and its hints.
struct ContactIds<'a> {
    ids: &'a HashSet<&'a str>,
    in_order: &'a [Contact],
}

/// `contacts:`: ids well formed and unique, names not empty.
fn contacts(doc: &mut Doc<'_>, value: Option<Value>) -> Vec<Contact> {
    let raw: Vec<(Path, RawContact)> = decode_list(doc, value, "contacts");
    let mut contacts = Vec::new();
    let mut paths: HashMap<String, Path> = HashMap::new();
    doc.count(
        raw.len(),
        limits::MAX_ENTRIES,
        &Path::root().key("contacts"),
        "contacts",
    );
    for (path, c) in raw.into_iter().take(limits::MAX_ENTRIES) {
        doc.length(&c.name, &path.key("name"));
        for (field, v) in [("role", &c.role), ("email", &c.email)] {
            if let Some(v) = v {
                doc.length(v, &path.key(field));
            }
        }
        check_id(doc, &c.id, &path.key("id"));
        if let Some(first) = paths.insert(c.id.clone(), path.key("id")) {
            duplicate(doc, "contact id", &c.id, &first, &path.key("id"));
        }
        if c.name.trim().is_empty() {
            let pos = doc.at(&path.key("name"));
            doc.error(pos, format!("contact `{}` has an empty name", c.id));
        }
        contacts.push(Contact {
            id: c.id,
            name: c.name.trim().to_owned(),
            role: non_empty(c.role),
            email: non_empty(c.email),
        });
    }
    contacts
}

/// `engagement:`: the id (also as a folder name), the catalogue it names,
/// the locale, the names, the dates.
fn header_rules(doc: &mut Doc<'_>, h: &RawEngagement, catalogue: &Catalogue) -> Facts {
    let hp = Path::root().key("engagement");
    check_id(doc, &h.id, &hp.key("id"));
    check_folder_name(doc, &h.id, &hp.key("id"));
    doc.length(&h.customer.name, &hp.key("customer").key("name"));
    doc.length(&h.provider.name, &hp.key("provider").key("name"));
    if let Some(t) = &h.customer.tenant {
        doc.length(t, &hp.key("customer").key("tenant"));
    }
    if h.catalogue != catalogue.id {
        let pos = doc.at(&hp.key("catalogue"));
        doc.error(
            pos,
            format!(
                "catalogue `{}` does not match the catalogue loaded, `{}`",
                h.catalogue, catalogue.id
            ),
        )
        .hints
        .push(format!(
            "write `catalogue: {}`, or pass the right file with --catalogue",
            catalogue.id
        ));
    } else if h.catalogue_version != catalogue.version {
        let pos = doc.at(&hp.key("catalogue_version"));
        doc.error(
            pos,
            format!(
                "catalogue version `{}` does not match `{}` version `{}`",
                h.catalogue_version, catalogue.id, catalogue.version
            ),
        )
        .hints
        .push(format!(
            "write `catalogue_version: \"{}\"` after checking the responsibilities against it",
            catalogue.version
        ));
    }
    let mut locale = None;
    if let Some(tag) = &h.locale {
        match tag.parse::<Locale>() {
            Ok(l) if l.tag() == tag => {
                if catalogue.texts_for(l).is_some() {
                    locale = Some(l);
                } else {
                    let pos = doc.at(&hp.key("locale"));
                    doc.error(
                        pos,
                        format!("catalogue `{}` has no {tag} texts", catalogue.id),
                    );
                }
            }
            _ => {
                let pos = doc.at(&hp.key("locale"));
                let d = doc.error(pos, format!("unsupported locale `{tag}`"));
                if let Some(near) = nearest(tag, Locale::tags()) {
                    d.hints.push(format!("did you mean `{near}`?"));
                }
                d.hints
                    .push(format!("supported: {}", Locale::tags().join(", ")));
            }
        }
    }
    if h.customer.name.trim().is_empty() {
        let pos = doc.at(&hp.key("customer").key("name"));
        doc.error(pos, "the customer's name is empty");
    }
    if h.provider.name.trim().is_empty() {
        let pos = doc.at(&hp.key("provider").key("name"));
        doc.error(pos, "the provider's name is empty");
    }
    let start = doc.date(&h.start, &hp.key("start"));
    let target = doc.date(&h.target, &hp.key("target"));
    let as_of = doc.opt_date(h.as_of.as_ref(), &hp.key("as_of"));
    if let (Some(s), Some(t)) = (start, target)
        && t < s
    {
        let pos = doc.at(&hp.key("target"));
        doc.error(pos, format!("target {t} is before the start {s}"))
            .hints
            .push("the target date must not be before `start`".to_owned());
    }
    Facts {
        start,
        as_of,
        locale,
    }
}

/// `responsibilities:`: ids of the catalogue, each state well formed and
/// keeping the state rules.
fn responsibilities(
    doc: &mut Doc<'_>,
    value: Option<Value>,
    catalogue: &Catalogue,
    contacts: &ContactIds<'_>,
    facts: &Facts,
) -> BTreeMap<String, ItemState> {
    let mut states = BTreeMap::new();
    let rpath = Path::root().key("responsibilities");
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(m))
            if doc.count(
                m.len(),
                catalogue.len().max(1),
                &rpath,
                "responsibilities listed, more than the catalogue has",
            ) =>
        {
            let known: Vec<&str> = catalogue.items().map(|(_, i)| i.id.as_str()).collect();
            for (k, v) in m {
                let id = match &k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                let ipath = rpath.key(&id);
                if catalogue.item(&id).is_none() {
                    let pos = doc.key_at(&ipath);
                    let d = doc.error(
                        pos,
                        format!("`{id}` is not a responsibility of `{}`", catalogue.id),
                    );
                    match nearest(&id, known.iter().copied()) {
                        Some(near) => d.hints.push(format!("did you mean `{near}`?")),
                        None => d.hints.push(format!(
                            "ids look like {} … {}",
                            known.first().copied().unwrap_or_default(),
                            known.last().copied().unwrap_or_default()
                        )),
                    }
                }
                let Some(rs) = doc.decode::<RawItemState>(v, &ipath) else {
                    continue;
                };
                if let Some(state) = item_state(doc, &id, &ipath, rs, contacts, facts) {
                    states.insert(id, state);
                }
            }
        }
        Some(_) => {
            let pos = doc.at(&rpath);
            doc.error(
                pos,
                "`responsibilities` must be a mapping from item id to its state",
            )
            .hints
            .push("e.g. `GEN-01: { status: done, owner: minjun, done_on: 2026-09-28 }`".to_owned());
        }
    }
    states
}

/// One responsibility's state: its status, owner and dates read, then the
/// state rules of the model, each reported at its field.
fn item_state(
    doc: &mut Doc<'_>,
    id: &str,
    path: &Path,
    rs: RawItemState,
    contacts: &ContactIds<'_>,
    facts: &Facts,
) -> Option<ItemState> {
    let status = match rs.status.parse::<Status>() {
        Ok(s) => Some(s),
        Err(()) => {
            let pos = doc.at(&path.key("status"));
            let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
            let d = doc.error(pos, format!("`{id}`: unknown status `{}`", rs.status));
            if let Some(near) = nearest(&rs.status, keys.iter().copied()) {
                d.hints.push(format!("did you mean `{near}`?"));
            }
            d.hints.push(format!("the statuses: {}", keys.join(", ")));
            None
        }
    };
    if let Some(owner) = &rs.owner
        && !contacts.ids.contains(owner.as_str())
    {
        let pos = doc.at(&path.key("owner"));
        let d = doc.error(pos, format!("`{id}`: owner `{owner}` is not a contact"));
        let ids = || contacts.in_order.iter().map(|c| c.id.as_str());
        if let Some(near) = nearest(owner, ids()) {
            d.hints.push(format!("did you mean `{near}`?"));
        }
        if contacts.in_order.is_empty() {
            d.hints
                .push("add the person under `contacts:` with this id".to_owned());
        } else {
            d.hints.push(format!(
                "the contacts: {}",
                ids().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let due = doc.opt_date(rs.due.as_ref(), &path.key("due"));
    let done_on = doc.opt_date(rs.done_on.as_ref(), &path.key("done_on"));
    // A date already reported as unreadable is not judged again.
    let unreadable = |field: StateField| match field {
        StateField::Due => rs.due.is_some() && due.is_none(),
        StateField::DoneOn => rs.done_on.is_some() && done_on.is_none(),
        _ => false,
    };
    if let Some(n) = &rs.note {
        doc.length(n, &path.key("note"));
    }
    let state = ItemState {
        status: status.unwrap_or(Status::NotStarted),
        owner: rs.owner.clone(),
        due,
        done_on,
        note: non_empty(rs.note.clone()),
    };
    for rule in state.broken_rules(facts.start, facts.as_of) {
        if unreadable(rule.field()) || (status.is_none() && rule.needs_status()) {
            continue;
        }
        let field = path.key(rule.field().key());
        let (pos, hint) = match rule {
            BrokenRule::BeforeStart { .. } => (doc.at(&field), None),
            BrokenRule::DoneAfterAsOf { .. } => (
                doc.at(&field),
                Some("move `as_of` forward, or correct `done_on`"),
            ),
            BrokenRule::DoneWithoutDate => (
                doc.at(path),
                Some("add `done_on: YYYY-MM-DD`, the date it was done"),
            ),
            BrokenRule::NoReason(_) => (doc.at(path), Some("add `note: …` with the reason")),
            BrokenRule::DateWithoutDone(_) => (
                doc.key_at(&field),
                Some("set `status: done`, or remove `done_on`"),
            ),
        };
        let d = doc.error(pos, rule.message(id));
        if let Some(h) = hint {
            d.hints.push(h.to_owned());
        }
    }
    status.map(|status| ItemState { status, ..state })
}

/// `signoff:`: known parties, names, dates not before the start.
fn signoff(doc: &mut Doc<'_>, value: Option<Value>, start: Option<Date>) -> Vec<Signoff> {
    let raw: Vec<(Path, RawSignoff)> = decode_list(doc, value, "signoff");
    let mut signoff = Vec::new();
    doc.count(
        raw.len(),
        limits::MAX_ENTRIES,
        &Path::root().key("signoff"),
        "sign-off parties",
    );
    for (path, s) in raw.into_iter().take(limits::MAX_ENTRIES) {
        doc.length(&s.name, &path.key("name"));
        if let Some(t) = &s.title {
            doc.length(t, &path.key("title"));
        }
        let party = match s.party.parse::<Party>() {
            Ok(p) => Some(p),
            Err(()) => {
                let pos = doc.at(&path.key("party"));
                let keys: Vec<&str> = Party::ALL.iter().map(|p| p.key()).collect();
                let d = doc.error(pos, format!("unknown party `{}`", s.party));
                if let Some(near) = nearest(&s.party, keys.iter().copied()) {
                    d.hints.push(format!("did you mean `{near}`?"));
                }
                d.hints.push(format!("the parties: {}", keys.join(", ")));
                None
            }
        };
        if s.name.trim().is_empty() {
            let pos = doc.at(&path.key("name"));
            doc.error(pos, "the signatory's name is empty");
        }
        let date = doc.opt_date(s.date.as_ref(), &path.key("date"));
        if let (Some(d), Some(st)) = (date, start)
            && d < st
        {
            let pos = doc.at(&path.key("date"));
            doc.error(
                pos,
                format!("signed on {d}, before the engagement starts ({st})"),
            );
        }
        if let Some(party) = party {
            signoff.push(Signoff {
                party,
                name: s.name.trim().to_owned(),
                title: non_empty(s.title),
                date,
            });
        }
    }
    signoff
}

/// `revisions:`: unique versions, in date order.
fn revisions(doc: &mut Doc<'_>, value: Option<Value>) -> Vec<Revision> {
    let raw: Vec<(Path, RawRevision)> = decode_list(doc, value, "revisions");
    let mut revisions: Vec<Revision> = Vec::new();
    let mut versions: HashMap<String, Path> = HashMap::new();
    doc.count(
        raw.len(),
        limits::MAX_ENTRIES,
        &Path::root().key("revisions"),
        "revisions",
    );
    for (path, r) in raw.into_iter().take(limits::MAX_ENTRIES) {
        if let Some(n) = &r.note {
            doc.length(n, &path.key("note"));
        }
        if let Some(first) = versions.insert(r.version.clone(), path.key("version")) {
            duplicate(doc, "revision", &r.version, &first, &path.key("version"));
        }
        let Some(date) = doc.date(&r.date, &path.key("date")) else {
            continue;
        };
        if let Some(prev) = revisions.last()
            && date < prev.date
        {
            let pos = doc.at(&path.key("date"));
            doc.error(
                pos,
                format!(
                    "revision {} is dated {date}, before revision {} ({})",
                    r.version, prev.version, prev.date
                ),
            )
            .hints
            .push("list revisions oldest first, newest last".to_owned());
        }
        revisions.push(Revision {
            version: r.version,
            date,
            note: non_empty(r.note),
        });
    }
    revisions
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Decodes a list section entry by entry, so one bad entry does not hide
/// the problems of the others.
fn decode_list<T: DeserializeOwned>(
    doc: &mut Doc<'_>,
    value: Option<Value>,
    name: &str,
) -> Vec<(Path, T)> {
    let path = Path::root().key(name);
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(items)) => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let p = path.index(i);
                doc.decode::<T>(v, &p).map(|t| (p, t))
            })
            .collect(),
        Some(_) => {
            let pos = doc.at(&path);
            doc.error(
                pos,
                format!("`{name}` must be a list (each entry starting with `- `)"),
            );
            Vec::new()
        }
    }
}
