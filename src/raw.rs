//! Raw input types: the YAML files exactly as written.
//!
//! These mirror the files field for field and reject unknown fields. Values
//! that need checking (dates, statuses, ids) stay strings here; [`crate::model`]
//! holds the checked forms.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A text in several languages, keyed by locale tag (`ko-KR`, `en-US`).
pub type RawText = BTreeMap<String, String>;

/// A responsibility catalogue as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogue {
    /// Stable id, e.g. `fasttrack-ems`.
    pub id: String,
    /// Version of the catalogue, e.g. `2018-06-01`.
    pub version: String,
    /// Locales every text must have; defaults to all the tool supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locales: Option<Vec<String>>,
    /// The catalogue's title.
    pub title: RawText,
    /// The phases, in order.
    pub phases: Vec<RawPhase>,
}

/// One phase of a catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    /// Stable id, e.g. `assess`.
    pub id: String,
    /// The phase's title.
    pub title: RawText,
    /// Responsibilities, in order.
    pub items: Vec<RawItem>,
}

/// One responsibility of a catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    /// Stable id, e.g. `ASSESS-02`.
    pub id: String,
    /// Whether the source marks it optional.
    #[serde(default)]
    pub optional: bool,
    /// What the customer must do.
    pub text: RawText,
}

/// The `engagement:` block.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngagement {
    /// Engagement id, e.g. `ENG-2026-0142`.
    pub id: String,
    /// Catalogue id.
    pub catalogue: String,
    /// Catalogue version the engagement was planned against.
    pub catalogue_version: String,
    /// Default output language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The customer.
    pub customer: RawCustomer,
    /// The provider.
    pub provider: RawProvider,
    /// Start date, `YYYY-MM-DD`.
    pub start: String,
    /// Target date, `YYYY-MM-DD`.
    pub target: String,
    /// The date this state speaks for, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// The customer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomer {
    /// Display name.
    pub name: String,
    /// Tenant, e.g. `contoso.onmicrosoft.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

/// The provider.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvider {
    /// Display name.
    pub name: String,
}

/// A contact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// Short id used as `owner`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The state of one responsibility.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawItemState {
    /// One of the statuses.
    pub status: String,
    /// Contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Date done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One sign-off party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignoff {
    /// `customer` or `provider`.
    pub party: String,
    /// Signatory's name.
    pub name: String,
    /// Signatory's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Date signed; absent while unsigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One revision of the document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    /// Version label, e.g. `1.1`.
    pub version: String,
    /// Date of the revision.
    pub date: String,
    /// What changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
