//! Checked domain types: what the inputs mean once every rule holds.
//!
//! Built by [`crate::check`] from the raw types; the resolver turns them into
//! the localized [`crate::report::Report`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::Serialize;

use crate::locale::Locale;

/// A text in every locale its catalogue declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text(pub BTreeMap<Locale, String>);

impl Text {
    /// The text in `locale`; empty when the catalogue does not declare it
    /// (the resolver refuses such locales before asking).
    pub fn get(&self, locale: Locale) -> &str {
        self.0.get(&locale).map_or("", String::as_str)
    }
}

/// A checked responsibility catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    /// Stable id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Locales every text exists in.
    pub locales: Vec<Locale>,
    /// Title.
    pub title: Text,
    /// Phases in order.
    pub phases: Vec<Phase>,
    /// Item id → (phase index, item index), for lookups in constant time.
    #[serde(skip)]
    index: HashMap<String, (usize, usize)>,
}

impl Catalogue {
    /// A catalogue from its parts (the item index is built here).
    pub fn new(
        id: String,
        version: String,
        locales: Vec<Locale>,
        title: Text,
        phases: Vec<Phase>,
    ) -> Self {
        let index = phases
            .iter()
            .enumerate()
            .flat_map(|(pi, p)| {
                p.items
                    .iter()
                    .enumerate()
                    .map(move |(ii, i)| (i.id.clone(), (pi, ii)))
            })
            .collect();
        Self {
            id,
            version,
            locales,
            title,
            phases,
            index,
        }
    }

    /// Every item with its phase, in catalogue order.
    pub fn items(&self) -> impl Iterator<Item = (&Phase, &Item)> {
        self.phases
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        let &(p, i) = self.index.get(id)?;
        self.phases.get(p)?.items.get(i)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.phases.iter().map(|p| p.items.len()).sum()
    }

    /// Whether the catalogue has no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A phase of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Items in order.
    pub items: Vec<Item>,
}

/// One responsibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Stable id such as `ASSESS-02`.
    pub id: String,
    /// Marked optional by the source.
    pub optional: bool,
    /// What the customer must do.
    pub text: Text,
}

/// Where a responsibility stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Nothing done yet.
    NotStarted,
    /// Under way.
    InProgress,
    /// Cannot go on; the note says why.
    Blocked,
    /// Finished; `done_on` says when.
    Done,
    /// Does not apply; the note says why.
    NotApplicable,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Blocked,
        Status::Done,
        Status::NotApplicable,
    ];

    /// The key used in files, e.g. `in-progress`.
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// Position in [`Status::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the item still needs work (it can be overdue).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Done | Status::NotApplicable)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Status {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Status::ALL.into_iter().find(|st| st.key() == s).ok_or(())
    }
}

/// A sign-off party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The customer.
    Customer,
    /// The provider.
    Provider,
}

impl Party {
    /// Both parties.
    pub const ALL: [Party; 2] = [Party::Customer, Party::Provider];

    /// The key used in files.
    pub fn key(self) -> &'static str {
        match self {
            Party::Customer => "customer",
            Party::Provider => "provider",
        }
    }
}

impl FromStr for Party {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Party::ALL.into_iter().find(|p| p.key() == s).ok_or(())
    }
}

/// A checked engagement state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Engagement {
    /// Engagement id.
    pub id: String,
    /// Catalogue id.
    pub catalogue: String,
    /// Catalogue version.
    pub catalogue_version: String,
    /// Default output language.
    pub locale: Option<Locale>,
    /// Customer name.
    pub customer: String,
    /// Customer tenant.
    pub tenant: Option<String>,
    /// Provider name.
    pub provider: String,
    /// Start date.
    pub start: Date,
    /// Target date.
    pub target: Date,
    /// The date this state speaks for.
    pub as_of: Option<Date>,
    /// Contacts in file order.
    pub contacts: Vec<Contact>,
    /// State of each item listed; others are not started.
    pub states: BTreeMap<String, ItemState>,
    /// Sign-off parties in file order.
    pub signoff: Vec<Signoff>,
    /// Revisions, oldest first.
    pub revisions: Vec<Revision>,
}

impl Engagement {
    /// The contact with this id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// Whether every sign-off party has signed (and there is at least one).
    pub fn is_signed_off(&self) -> bool {
        !self.signoff.is_empty() && self.signoff.iter().all(|s| s.date.is_some())
    }
}

/// A contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Short id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// The state of one responsibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemState {
    /// Status.
    pub status: Status,
    /// Owner's contact id.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<Date>,
    /// Date done (only when done).
    pub done_on: Option<Date>,
    /// Note.
    pub note: Option<String>,
}

impl ItemState {
    /// The state of an item the engagement does not list.
    pub fn not_started() -> Self {
        Self {
            status: Status::NotStarted,
            owner: None,
            due: None,
            done_on: None,
            note: None,
        }
    }
}

/// One sign-off party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signoff {
    /// Which side.
    pub party: Party,
    /// Signatory.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Date signed.
    pub date: Option<Date>,
}

/// One revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// Version label.
    pub version: String,
    /// Date.
    pub date: Date,
    /// What changed.
    pub note: Option<String>,
}
