//! What changed between two states of one engagement.
//!
//! One typed comparison serves both `handover import` (the changes a
//! workbook brings, grouped by phase) and `handover verify` (what changed
//! since a pack was built, against the snapshot in its manifest).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Catalogue, Engagement, ItemState, Signoff, StateField};

/// One changed field of one responsibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// Phase id (empty for an item the catalogue no longer has).
    pub phase: String,
    /// Item id.
    pub item: String,
    /// The field.
    pub field: StateField,
    /// Value before (`—` when empty).
    pub old: String,
    /// Value after (`—` when empty).
    pub new: String,
}

/// One difference between two engagement states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A field of the `engagement:` header.
    Header {
        /// Its key, e.g. `target`.
        field: &'static str,
        /// Value before.
        old: String,
        /// Value after.
        new: String,
    },
    /// A field of a responsibility's state.
    Item(ItemChange),
    /// A contact added (its id).
    ContactAdded(String),
    /// A contact whose name, role or e-mail changed (its id).
    ContactChanged(String),
    /// A contact removed (its id).
    ContactRemoved(String),
    /// A field of a sign-off party.
    Signoff {
        /// The party and name after the change, e.g. `customer 김민준`.
        who: String,
        /// `party`, `name`, `title` or `date`.
        field: &'static str,
        /// Value before.
        old: String,
        /// Value after.
        new: String,
    },
    /// A sign-off party added (`party name`).
    SignoffAdded(String),
    /// A sign-off party removed (`party name`).
    SignoffRemoved(String),
    /// The catalogue changed (the engagement did not).
    Catalogue,
    /// The revision history, as the lists of versions before and after.
    Revisions {
        /// Versions before.
        old: Vec<String>,
        /// Versions after.
        new: Vec<String>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Header { field, old, new } => write!(f, "engagement {field}: {old} → {new}"),
            Change::Item(c) => write!(f, "{} {}: {} → {}", c.item, c.field, c.old, c.new),
            Change::ContactAdded(id) => write!(f, "contact {id} added"),
            Change::ContactChanged(id) => write!(f, "contact {id} changed"),
            Change::ContactRemoved(id) => write!(f, "contact {id} removed"),
            Change::Signoff {
                who,
                field,
                old,
                new,
            } => write!(f, "sign-off {who} {field}: {old} → {new}"),
            Change::SignoffAdded(who) => write!(f, "sign-off {who} added"),
            Change::SignoffRemoved(who) => write!(f, "sign-off {who} removed"),
            Change::Catalogue => f.write_str("the catalogue changed"),
            Change::Revisions { old, new } => {
                write!(f, "revisions: [{}] → [{}]", old.join(", "), new.join(", "))
            }
        }
    }
}

/// A value as the change lists show it: `—` when absent.
fn shown<T: ToString>(v: Option<&T>) -> String {
    v.map_or_else(|| "—".to_owned(), ToString::to_string)
}

/// The changes of each responsibility's state, in catalogue order (items
/// the catalogue does not have last, by id). An item missing from either
/// side is not started.
pub fn states(
    catalogue: &Catalogue,
    old: &BTreeMap<String, ItemState>,
    new: &BTreeMap<String, ItemState>,
) -> Vec<ItemChange> {
    let blank = ItemState::not_started();
    let mut out = Vec::new();
    let mut compare = |phase: &str, id: &str| {
        let a = old.get(id).unwrap_or(&blank);
        let b = new.get(id).unwrap_or(&blank);
        for field in StateField::ALL {
            let (x, y) = match field {
                StateField::Status => (a.status.to_string(), b.status.to_string()),
                StateField::Owner => (shown(a.owner.as_ref()), shown(b.owner.as_ref())),
                StateField::Due => (shown(a.due.as_ref()), shown(b.due.as_ref())),
                StateField::DoneOn => (shown(a.done_on.as_ref()), shown(b.done_on.as_ref())),
                StateField::Note => (shown(a.note.as_ref()), shown(b.note.as_ref())),
            };
            if x != y {
                out.push(ItemChange {
                    phase: phase.to_owned(),
                    item: id.to_owned(),
                    field,
                    old: x,
                    new: y,
                });
            }
        }
    };
    for (phase, item) in catalogue.items() {
        compare(&phase.id, &item.id);
    }
    let mut others: Vec<&String> = old
        .keys()
        .chain(new.keys())
        .filter(|id| catalogue.item(id).is_none())
        .collect();
    others.sort();
    others.dedup();
    for id in others {
        compare("", id);
    }
    out
}

/// Everything that differs from `old` to `new`: header fields, each
/// responsibility's state (in `catalogue` order), contacts, sign-off and
/// revisions.
pub fn engagements(catalogue: &Catalogue, old: &Engagement, new: &Engagement) -> Vec<Change> {
    let mut out = Vec::new();
    let header = |e: &Engagement| -> [(&'static str, String); 10] {
        [
            ("id", e.id.clone()),
            ("catalogue", e.catalogue.clone()),
            ("catalogue_version", e.catalogue_version.clone()),
            ("locale", shown(e.locale.as_ref())),
            ("customer", e.customer.clone()),
            ("tenant", shown(e.tenant.as_ref())),
            ("provider", e.provider.clone()),
            ("start", e.start.to_string()),
            ("target", e.target.to_string()),
            ("as_of", shown(e.as_of.as_ref())),
        ]
    };
    for ((field, a), (_, b)) in header(old).into_iter().zip(header(new)) {
        if a != b {
            out.push(Change::Header {
                field,
                old: a,
                new: b,
            });
        }
    }
    out.extend(
        states(catalogue, &old.states, &new.states)
            .into_iter()
            .map(Change::Item),
    );

    let by_id = |e: &Engagement| -> BTreeMap<String, _> {
        e.contacts
            .iter()
            .map(|c| (c.id.clone(), c.clone()))
            .collect()
    };
    let (co, cn) = (by_id(old), by_id(new));
    for (id, c) in &cn {
        match co.get(id) {
            None => out.push(Change::ContactAdded(id.clone())),
            Some(o) if o != c => out.push(Change::ContactChanged(id.clone())),
            _ => {}
        }
    }
    for id in co.keys().filter(|id| !cn.contains_key(*id)) {
        out.push(Change::ContactRemoved(id.clone()));
    }

    let who = |s: &Signoff| format!("{} {}", s.party.key(), s.name);
    for i in 0..old.signoff.len().max(new.signoff.len()) {
        match (old.signoff.get(i), new.signoff.get(i)) {
            (Some(a), Some(b)) => {
                let fields = |s: &Signoff| -> [(&'static str, String); 4] {
                    [
                        ("party", s.party.key().to_owned()),
                        ("name", s.name.clone()),
                        ("title", shown(s.title.as_ref())),
                        ("date", shown(s.date.as_ref())),
                    ]
                };
                for ((field, x), (_, y)) in fields(a).into_iter().zip(fields(b)) {
                    if x != y {
                        out.push(Change::Signoff {
                            who: who(b),
                            field,
                            old: x,
                            new: y,
                        });
                    }
                }
            }
            (None, Some(b)) => out.push(Change::SignoffAdded(who(b))),
            (Some(a), None) => out.push(Change::SignoffRemoved(who(a))),
            (None, None) => {}
        }
    }

    if old.revisions != new.revisions {
        let versions = |e: &Engagement| e.revisions.iter().map(|r| r.version.clone()).collect();
        out.push(Change::Revisions {
            old: versions(old),
            new: versions(new),
        });
    }
    out
}
