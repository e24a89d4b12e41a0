//! The resolved view model: what the renderers draw, and nothing else.
//!
//! [`resolve`] takes a checked catalogue and engagement and a locale and
//! produces a [`Report`] in which every string is already in the target
//! language, every date already formatted and every count already summed.
//! The PDF and XLSX renderers read only this.

use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::i18n::I18nError;
use crate::locale::Locale;
use crate::model::{Catalogue, Engagement, Party, Status};

mod labels;
mod resolve;

pub use labels::{InputMessages, Labels, ValidationMessages};
pub use resolve::resolve;

/// A date as the outputs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateView {
    /// The date itself (for spreadsheets and comparisons).
    pub date: Date,
    /// ISO form, `2026-11-20`.
    pub iso: String,
    /// Localized form, `2026년 11월 20일` / `November 20, 2026`.
    pub text: String,
}

/// Counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Count per status, in [`Status::ALL`] order.
    pub by_status: [usize; 5],
    /// All items.
    pub total: usize,
}

impl Counts {
    /// The count for one status.
    pub fn get(&self, s: Status) -> usize {
        self.by_status[s.index()]
    }

    fn add(&mut self, s: Status) {
        self.by_status[s.index()] += 1;
        self.total += 1;
    }

    /// Done or not applicable, as a share of all items (0–100, rounded down
    /// to whole percent for display by the caller).
    pub fn percent_done(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let closed = self.get(Status::Done) + self.get(Status::NotApplicable);
        // Counts are far below 2^52: the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let pct = 100.0 * closed as f64 / self.total as f64;
        pct
    }
}

/// A status with its localized name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLabel {
    /// The status.
    pub status: Status,
    /// Its key in files, e.g. `in-progress`.
    pub key: String,
    /// Its localized name.
    pub label: String,
}

/// One revision of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionView {
    /// Version label.
    pub version: String,
    /// Date.
    pub date: DateView,
    /// What changed.
    pub note: String,
}

/// One responsibility with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemView {
    /// Id, e.g. `GEN-01`.
    pub id: String,
    /// Localized text.
    pub text: String,
    /// Marked optional.
    pub optional: bool,
    /// Status.
    pub status: Status,
    /// Localized status name.
    pub status_label: String,
    /// Owner's contact id.
    pub owner_id: Option<String>,
    /// Owner's name.
    pub owner: Option<String>,
    /// Due date.
    pub due: Option<DateView>,
    /// Date done.
    pub done_on: Option<DateView>,
    /// Note.
    pub note: Option<String>,
    /// Due before the report date and still open.
    pub overdue: bool,
}

/// One phase with its items and counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseView {
    /// Id, e.g. `assess`.
    pub id: String,
    /// Localized title.
    pub title: String,
    /// Counts by status.
    pub counts: Counts,
    /// Items in catalogue order.
    pub items: Vec<ItemView>,
}

/// A contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// One sign-off party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignoffView {
    /// Which side.
    pub party: Party,
    /// Localized name of the side ("Customer").
    pub party_label: String,
    /// The tooltip of its signature field ("Customer signature — 김민준").
    pub field_tooltip: String,
    /// Signatory.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Date signed.
    pub date: Option<DateView>,
    /// "Signed on …" or "Not yet signed".
    pub status_text: String,
}

/// Where the statement stands: draft, issued for signature, signed off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignState {
    /// Some party has not signed: "draft" on every page.
    Draft,
    /// Some party has not signed, and the content is final: no draft
    /// marking, an empty signature field for each party still to sign.
    ForSignature,
    /// Every party has signed.
    SignedOff,
}

/// The whole resolved statement, in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Output language.
    pub locale: Locale,
    /// Fixed labels.
    pub labels: Labels,
    /// The tracker's input prompts and error messages.
    pub validation: ValidationMessages,
    /// Statuses in order with their names.
    pub statuses: Vec<StatusLabel>,
    /// Engagement id.
    pub engagement_id: String,
    /// Customer name.
    pub customer: String,
    /// Tenant.
    pub tenant: Option<String>,
    /// Provider name.
    pub provider: String,
    /// Catalogue id.
    pub catalogue_id: String,
    /// Catalogue version.
    pub catalogue_version: String,
    /// Catalogue title, localized.
    pub catalogue_title: String,
    /// Start date.
    pub start: DateView,
    /// Target date.
    pub target: DateView,
    /// "start – target", localized.
    pub period: String,
    /// The date the statement speaks for (issue date; overdue is judged against it).
    pub issued: DateView,
    /// The latest revision's version, if any.
    pub document_version: Option<String>,
    /// Draft or signed off.
    pub state: SignState,
    /// Localized "Draft" / "Issued for signature" / "Signed off".
    pub state_label: String,
    /// On the cover of a statement issued for signature: how it is signed.
    pub signature_notice: Option<String>,
    /// "Awaiting signature: …" while a draft.
    pub draft_detail: Option<String>,
    /// Revision history, oldest first.
    pub revisions: Vec<RevisionView>,
    /// Phases in order.
    pub phases: Vec<PhaseView>,
    /// Counts over all phases.
    pub totals: Counts,
    /// Ids of overdue items, in catalogue order.
    pub overdue: Vec<String>,
    /// The overdue sentence, localized.
    pub overdue_text: String,
    /// The progress chart in words (its alternative text): the counts by
    /// status of each phase and of all.
    pub chart_alt: String,
    /// Contacts.
    pub contacts: Vec<ContactView>,
    /// Sign-off parties.
    pub signoff: Vec<SignoffView>,
    /// The acknowledgement sentence above the signatures.
    pub acknowledgement: String,
    /// "Page {page} of {pages}" with those two placeholders left in.
    pub page_of_template: String,
    /// "Fingerprint …", localized, with the short fingerprint.
    pub fingerprint_text: String,
    /// Short content fingerprint, e.g. `3f9a-61c2-7b0d`.
    pub fingerprint: String,
    /// Full sha256 of the resolved content (hex).
    pub content_sha256: String,
    /// PDF/XLSX subject.
    pub subject: String,
    /// PDF/XLSX keywords.
    pub keywords: String,
    /// Of a bilingual statement: which language's text prevails, in this
    /// report's language.
    pub governing: Option<String>,
    /// Of a bilingual statement: the same report in the other language,
    /// drawn beside or beneath this one's labels and texts (its
    /// `secondary` is `None`).
    pub secondary: Option<Box<Report>>,
}

impl Report {
    /// Every item with its phase, in order.
    pub fn items(&self) -> impl Iterator<Item = (&PhaseView, &ItemView)> {
        self.phases
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
    }

    /// The localized name of a status.
    pub fn status_label(&self, s: Status) -> &str {
        &self.statuses[s.index()].label
    }

    /// "Page X of Y".
    pub fn page_of(&self, page: usize, pages: usize) -> String {
        self.page_of_template
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    }

    /// Whether every party has signed.
    pub fn is_signed_off(&self) -> bool {
        self.state == SignState::SignedOff
    }

    /// Whether the pages carry the draft marking.
    pub fn is_draft(&self) -> bool {
        self.state == SignState::Draft
    }
}

/// Options for [`resolve`].
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Output language (the primary one of a bilingual statement).
    pub locale: Locale,
    /// The other language of a bilingual statement.
    pub secondary: Option<Locale>,
    /// The issue date to use when the engagement gives none (no `as_of`,
    /// no revision): from `SOURCE_DATE_EPOCH`, never the clock. When this
    /// is `None` too, the engagement's start date is used.
    pub fallback_date: Option<Date>,
    /// A build for signature: final content, no draft marking (see
    /// [`SignState::ForSignature`]).
    pub for_signature: bool,
}

/// What [`resolve`] can fail on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// A label is missing or broken.
    #[error(transparent)]
    Labels(#[from] I18nError),
    /// The catalogue has no texts in the locale asked for.
    #[error("catalogue `{catalogue}` has no {locale} texts (it has: {has})")]
    LocaleNotInCatalogue {
        /// Catalogue id.
        catalogue: String,
        /// The locale asked for.
        locale: Locale,
        /// The locales it has.
        has: String,
    },
}

/// The content fingerprint of a catalogue and an engagement: sha256 over
/// their checked form, the same in every locale.
pub fn content_sha256(catalogue: &Catalogue, engagement: &Engagement) -> String {
    #[derive(Serialize)]
    struct Content<'a> {
        catalogue: &'a Catalogue,
        engagement: &'a Engagement,
    }
    let json = serde_json::to_vec(&Content {
        catalogue,
        engagement,
    })
    .unwrap_or_default();
    hex(&Sha256::digest(&json))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The short form of a content hash shown on every page: `3f9a-61c2-7b0d`.
pub fn short_fingerprint(sha256_hex: &str) -> String {
    let s = sha256_hex.get(..12).unwrap_or(sha256_hex);
    format!(
        "{}-{}-{}",
        &s[..4.min(s.len())],
        &s[4.min(s.len())..8.min(s.len())],
        &s[8.min(s.len())..]
    )
}

/// The date the statement speaks for: `as_of`, else the newest revision,
/// else the fallback, else the start.
pub fn issue_date(e: &Engagement, fallback: Option<Date>) -> Date {
    e.as_of
        .or_else(|| e.revisions.last().map(|r| r.date))
        .or(fallback)
        .unwrap_or(e.start)
}
