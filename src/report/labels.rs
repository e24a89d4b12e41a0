//! The fixed labels of the outputs (headings, column names, cover fields,
//! sheet names), filled from the Fluent messages of one locale.

use serde::Serialize;

use crate::i18n::{I18nError, Translator};
use crate::locale::Locale;

/// Every fixed label the outputs use, localized.
macro_rules! labels {
    ($( $(#[$doc:meta])* $field:ident => $id:literal ),* $(,)?) => {
        /// Fixed labels: headings, column names, cover fields, sheet names.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub struct Labels {
            $( $(#[$doc])* pub $field: String, )*
        }

        impl Labels {
            /// The Fluent message ids behind the labels.
            pub const IDS: &'static [&'static str] = &[$($id),*];

            pub(super) fn resolve(tr: &Translator, locale: Locale) -> Result<Self, I18nError> {
                Ok(Self { $( $field: tr.message(locale, $id, &[])?, )* })
            }
        }
    };
}

labels! {
    /// "Statement of Customer Responsibilities".
    document_title => "document-title",
    /// Workbook title.
    tracker_title => "tracker-title",
    /// Cover: customer.
    customer => "cover-customer",
    /// Cover: tenant.
    tenant => "cover-tenant",
    /// Cover: provider.
    provider => "cover-provider",
    /// Cover: engagement.
    engagement => "cover-engagement",
    /// Cover: catalogue.
    catalogue => "cover-catalogue",
    /// Cover: catalogue version.
    catalogue_version => "cover-catalogue-version",
    /// Cover: engagement period.
    period => "cover-period",
    /// Cover: issue date.
    issued => "cover-issued",
    /// Cover: document version.
    document_version => "cover-document-version",
    /// Cover: document status.
    state => "cover-state",
    /// The draft marking drawn on every page.
    draft_marking => "draft-marking",
    /// Revision history heading.
    revisions_heading => "revisions-heading",
    /// Revision column: version.
    revision_version => "revision-version",
    /// Revision column: date.
    revision_date => "revision-date",
    /// Revision column: changes.
    revision_note => "revision-note",
    /// Summary heading.
    summary_heading => "summary-heading",
    /// Summary column: phase.
    summary_phase => "summary-phase",
    /// Summary row: total.
    summary_total => "summary-total",
    /// Summary column: % done.
    summary_done_percent => "summary-done-percent",
    /// Chart title.
    summary_progress => "summary-progress",
    /// "Overdue".
    summary_overdue => "summary-overdue",
    /// Legend heading.
    summary_legend => "summary-legend",
    /// Column: id.
    column_id => "column-id",
    /// Column: phase.
    column_phase => "column-phase",
    /// Column: responsibility.
    column_responsibility => "column-responsibility",
    /// Column: optional.
    column_optional => "column-optional",
    /// Column: owner.
    column_owner => "column-owner",
    /// Column: due.
    column_due => "column-due",
    /// Column: status.
    column_status => "column-status",
    /// Column: done on.
    column_done_on => "column-done-on",
    /// Column: note.
    column_note => "column-note",
    /// Marker on optional items.
    marker_optional => "marker-optional",
    /// Marker on overdue due dates.
    marker_overdue => "marker-overdue",
    /// "Yes".
    yes => "value-yes",
    /// "No".
    no => "value-no",
    /// Sign-off heading.
    signoff_heading => "signoff-heading",
    /// Sign-off block: name.
    signoff_name => "signoff-name",
    /// Sign-off block: title.
    signoff_title => "signoff-title",
    /// Sign-off block: date.
    signoff_date => "signoff-date",
    /// Sign-off block: signature.
    signoff_signature => "signoff-signature",
    /// Sign-off block: not yet signed.
    signoff_unsigned => "signoff-unsigned",
    /// Contacts heading.
    contacts_heading => "contacts-heading",
    /// Contact column: id.
    contact_id => "contact-id",
    /// Contact column: name.
    contact_name => "contact-name",
    /// Contact column: role.
    contact_role => "contact-role",
    /// Contact column: e-mail.
    contact_email => "contact-email",
    /// Sheet name: summary.
    sheet_summary => "sheet-summary",
    /// Sheet name: tracker.
    sheet_tracker => "sheet-tracker",
    /// Sheet name: contacts.
    sheet_contacts => "sheet-contacts",
    /// Sheet name: sign-off.
    sheet_signoff => "sheet-signoff",
    /// Contents heading.
    contents_heading => "contents-heading",
    /// Excel number format for dates.
    date_excel_format => "date-excel-format",
}
