//! What the workbook says about itself: document properties (title,
//! author, creation date from the report, custom properties with the ids)
//! and the hidden sheet holding the same ids and the localized names as
//! `key | value` rows, for `handover import`.

use rust_xlsxwriter::{DocProperties, Format, ProtectionOptions};

use super::bilingual::Other;
use super::sheet::Sheet;
use super::{Layout, META_SHEET, TRACKER_TABLE, XlsxError, columns};
use crate::report::Report;

/// Keys of the workbook's identity: custom document property names, and the
/// keys in column A of the hidden sheet.
pub mod keys {
    /// Layout version of the workbook, `"1"`.
    pub const SCHEMA: &str = "handover.schema";
    /// Engagement id.
    pub const ENGAGEMENT_ID: &str = "handover.engagement_id";
    /// Catalogue id.
    pub const CATALOGUE_ID: &str = "handover.catalogue_id";
    /// Catalogue version.
    pub const CATALOGUE_VERSION: &str = "handover.catalogue_version";
    /// Locale tag, e.g. `ko-KR`; a bilingual workbook's two tags joined
    /// with `+`, primary first (`ko-KR+en-US`).
    pub const LOCALE: &str = "handover.locale";
    /// Issue date, ISO.
    pub const ISSUED: &str = "handover.issued";
    /// Short content fingerprint.
    pub const FINGERPRINT: &str = "handover.fingerprint";
    /// Full sha256 of the content.
    pub const CONTENT_SHA256: &str = "handover.content_sha256";
    /// Tracker sheet name (hidden sheet only).
    pub const TRACKER_SHEET: &str = "handover.tracker_sheet";
    /// Tracker table name (hidden sheet only).
    pub const TRACKER_TABLE: &str = "handover.tracker_table";
    /// Prefix of `status.<key>` rows: a status's localized name.
    pub const STATUS_PREFIX: &str = "status.";
    /// Prefix of `contact.<id>` rows: a contact's name.
    pub const CONTACT_PREFIX: &str = "contact.";
    /// Prefix of `phase.<id>` rows: a phase's localized title.
    pub const PHASE_PREFIX: &str = "phase.";
    /// Prefix of `column.<field>` rows: a tracker column's header.
    pub const COLUMN_PREFIX: &str = "column.";
    /// The value of [`SCHEMA`].
    pub const SCHEMA_VERSION: &str = "1";
}

/// The workbook's languages as the file name carries them: `ko-KR`, or
/// `ko-KR+en-US` (primary first) for a bilingual workbook.
fn languages(report: &Report) -> String {
    match report.secondary.as_deref() {
        Some(s) => format!("{}+{}", report.locale.tag(), s.locale.tag()),
        None => report.locale.tag().to_owned(),
    }
}

/// The identity pairs shared by the custom properties and the hidden sheet.
fn identity(report: &Report) -> Vec<(&'static str, String)> {
    vec![
        (keys::SCHEMA, keys::SCHEMA_VERSION.to_owned()),
        (keys::ENGAGEMENT_ID, report.engagement_id.clone()),
        (keys::CATALOGUE_ID, report.catalogue_id.clone()),
        (keys::CATALOGUE_VERSION, report.catalogue_version.clone()),
        (keys::LOCALE, languages(report)),
        (keys::ISSUED, report.issued.iso.clone()),
        (keys::FINGERPRINT, report.fingerprint.clone()),
        (keys::CONTENT_SHA256, report.content_sha256.clone()),
    ]
}

/// The rows (0-based, first and last) of the hidden sheet holding the
/// statuses' names in [`crate::model::Status::ALL`] order.
pub(super) fn status_rows(report: &Report) -> (u32, u32) {
    // The identity, then the tracker sheet and table rows.
    let first = u32::try_from(identity(report).len() + 2).unwrap_or(0);
    let n = u32::try_from(report.statuses.len()).unwrap_or(1).max(1);
    (first, first + n - 1)
}

/// Document properties: title, subject, author and company (the provider),
/// keywords, status, the creation date (the issue date, so bytes repeat),
/// and the identity as custom properties.
pub(super) fn properties(report: &Report) -> DocProperties {
    let mut p = DocProperties::new()
        .set_title(format!(
            "{} — {}",
            report.labels.tracker_title, report.customer
        ))
        .set_subject(&report.subject)
        .set_author(&report.provider)
        .set_company(&report.provider)
        .set_keywords(&report.keywords)
        .set_status(&report.state_label)
        .set_comment(&report.fingerprint_text)
        .set_creation_datetime(&report.issued.date);
    for (k, v) in identity(report) {
        p = p.set_custom_property(k, v.as_str());
    }
    p
}

/// The hidden sheet: the identity, then the localized names of statuses,
/// phases and tracker columns, and the contacts' names, each keyed.
pub(super) fn sheet(report: &Report, layout: &Layout) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(META_SHEET)?;
    let plain = Format::new();
    let mut rows: Vec<(String, String)> = identity(report)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    rows.push((keys::TRACKER_SHEET.to_owned(), layout.tracker.clone()));
    rows.push((keys::TRACKER_TABLE.to_owned(), TRACKER_TABLE.to_owned()));
    for st in &report.statuses {
        rows.push((
            format!("{}{}", keys::STATUS_PREFIX, st.key),
            st.label.clone(),
        ));
    }
    // A phase's title as the tracker's phase cells hold it.
    let other = Other::of(report);
    for p in &report.phases {
        rows.push((
            format!("{}{}", keys::PHASE_PREFIX, p.id),
            other.phase(p).joined(),
        ));
    }
    for (field, header) in columns::FIELDS.iter().zip(&layout.headers) {
        rows.push((format!("{}{field}", keys::COLUMN_PREFIX), header.clone()));
    }
    for c in &report.contacts {
        rows.push((format!("{}{}", keys::CONTACT_PREFIX, c.id), c.name.clone()));
    }
    for (r, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        s.text(r, 0, k, &plain)?;
        s.text(r, 1, v, &plain)?;
    }
    s.width(0, 30.0)?;
    s.width(1, 70.0)?;
    s.ws.set_hidden(true);
    s.ws.protect_with_options(&ProtectionOptions::new());
    Ok(s)
}
