//! Checked domain types: what the inputs mean once every rule holds.
//!
//! Built by [`crate::check`] from the raw types; the resolver turns them into
//! the localized [`crate::report::Report`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// A text in every locale its catalogue declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text(pub BTreeMap<Locale, String>);

impl Text {
    /// The text in `locale`, or in the first locale along its
    /// [`Locale::chain`] the catalogue has (`en-GB` → `en-US`); empty when
    /// none (the resolver refuses such locales before asking).
    pub fn get(&self, locale: Locale) -> &str {
        self.source(locale)
            .and_then(|l| self.0.get(&l))
            .map_or("", String::as_str)
    }

    /// The locale whose text [`get`](Self::get) gives for `locale`: its
    /// own when there is one (the chain, which lists the installed
    /// locales, only when not: this runs for every text of a report).
    pub fn source(&self, locale: Locale) -> Option<Locale> {
        if self.0.contains_key(&locale) {
            return Some(locale);
        }
        locale.chain().into_iter().find(|l| self.0.contains_key(l))
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
    /// The locale whose texts the catalogue gives for `locale`: itself if
    /// declared, else the first along its [`Locale::chain`].
    pub fn texts_for(&self, locale: Locale) -> Option<Locale> {
        if self.locales.contains(&locale) {
            return Some(locale);
        }
        locale
            .chain()
            .into_iter()
            .find(|l| self.locales.contains(l))
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A field of a responsibility's state, as the state rules name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateField {
    /// `status`.
    Status,
    /// `owner`.
    Owner,
    /// `due`.
    Due,
    /// `done_on`.
    DoneOn,
    /// `note`.
    Note,
}

impl StateField {
    /// Every field, in the order files and workbooks list them.
    pub const ALL: [StateField; 5] = [
        StateField::Status,
        StateField::Owner,
        StateField::Due,
        StateField::DoneOn,
        StateField::Note,
    ];

    /// The key in engagement files, e.g. `done_on`.
    pub fn key(self) -> &'static str {
        match self {
            StateField::Status => "status",
            StateField::Owner => "owner",
            StateField::Due => "due",
            StateField::DoneOn => "done_on",
            StateField::Note => "note",
        }
    }

    /// The field in running text, e.g. `done on`.
    pub fn words(self) -> &'static str {
        match self {
            StateField::DoneOn => "done on",
            other => other.key(),
        }
    }
}

impl fmt::Display for StateField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A rule of a responsibility's state that does not hold. The rules are
/// written here once; the engagement check and the workbook import only
/// say where the field is (a place in the YAML, a cell of the sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenRule {
    /// A date before the engagement starts.
    BeforeStart {
        /// `due` or `done_on`.
        field: StateField,
        /// The date given.
        date: Date,
        /// The engagement's start.
        start: Date,
    },
    /// Done after the date the state speaks for.
    DoneAfterAsOf {
        /// The date done.
        date: Date,
        /// The engagement's `as_of`.
        as_of: Date,
    },
    /// Done, but no date it was done.
    DoneWithoutDate,
    /// Blocked or not applicable, but no note saying why.
    NoReason(Status),
    /// A date done, but the status is not done.
    DateWithoutDone(Status),
}

impl BrokenRule {
    /// The field the problem is reported at.
    pub fn field(&self) -> StateField {
        match self {
            BrokenRule::BeforeStart { field, .. } => *field,
            BrokenRule::DoneAfterAsOf { .. }
            | BrokenRule::DoneWithoutDate
            | BrokenRule::DateWithoutDone(_) => StateField::DoneOn,
            BrokenRule::NoReason(_) => StateField::Note,
        }
    }

    /// Whether the rule is about the status (not judged when the status
    /// itself is unreadable).
    pub fn needs_status(&self) -> bool {
        matches!(
            self,
            BrokenRule::DoneWithoutDate | BrokenRule::NoReason(_) | BrokenRule::DateWithoutDone(_)
        )
    }

    /// The problem, in the words every check prints, for the item `id`:
    /// "`GEN-01` is done but has no `done_on`".
    pub fn message(&self, id: &str) -> String {
        match self {
            BrokenRule::BeforeStart { field, date, start } => format!(
                "`{id}`: {} {date}, before the engagement starts ({start})",
                field.words()
            ),
            BrokenRule::DoneAfterAsOf { date, as_of } => {
                format!("`{id}`: done on {date}, after the state's date `as_of` ({as_of})")
            }
            BrokenRule::DoneWithoutDate => format!("`{id}` is done but has no `done_on`"),
            BrokenRule::NoReason(status) => {
                format!("`{id}` is {status} but has no `note` saying why")
            }
            BrokenRule::DateWithoutDone(status) => {
                format!("`{id}` has `done_on` but its status is {status}")
            }
        }
    }
}

impl ItemState {
    /// The state rules this state breaks, for an engagement that starts on
    /// `start` and speaks for `as_of`: dates not before the start, done not
    /// after `as_of`, done with its date and only done with one, blocked
    /// and not applicable with a note.
    ///
    /// Without a start (an engagement whose start is itself unreadable) the
    /// dates are not judged against it.
    pub fn broken_rules(&self, start: Option<Date>, as_of: Option<Date>) -> Vec<BrokenRule> {
        let mut out = Vec::new();
        if let Some(start) = start {
            for (field, date) in [
                (StateField::DoneOn, self.done_on),
                (StateField::Due, self.due),
            ] {
                if let Some(date) = date.filter(|d| *d < start) {
                    out.push(BrokenRule::BeforeStart { field, date, start });
                }
            }
        }
        if let (Some(date), Some(as_of)) = (self.done_on, as_of)
            && date > as_of
        {
            out.push(BrokenRule::DoneAfterAsOf { date, as_of });
        }
        match self.status {
            Status::Done if self.done_on.is_none() => out.push(BrokenRule::DoneWithoutDate),
            Status::Blocked | Status::NotApplicable if self.note.is_none() => {
                out.push(BrokenRule::NoReason(self.status));
            }
            _ => {}
        }
        if self.status != Status::Done && self.done_on.is_some() {
            out.push(BrokenRule::DateWithoutDone(self.status));
        }
        out
    }
}

/// One sign-off party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// Version label.
    pub version: String,
    /// Date.
    pub date: Date,
    /// What changed.
    pub note: Option<String>,
}
