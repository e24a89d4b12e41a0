//! The fixed labels of the outputs (headings, column names, cover fields,
//! sheet names), and the tracker's input prompts and error messages, filled
//! from the Fluent messages of one locale.

use serde::Serialize;

use super::StatusLabel;
use crate::i18n::{Arg, I18nError, Translator};
use crate::locale::Locale;
use crate::model::Status;

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
    /// Cover of a bilingual statement: its languages (and which prevails).
    languages => "cover-languages",
    /// The draft marking drawn on every page.
    draft_marking => "draft-marking",
    /// What the attached tracker is.
    attachment_tracker => "attachment-tracker",
    /// What the attached engagement state is.
    attachment_engagement => "attachment-engagement",
    /// What the attached catalogue is.
    attachment_catalogue => "attachment-catalogue",
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

/// What Excel shows for one checked column of the tracker: a prompt while
/// one of its cells is selected, and an error when what was typed is
/// refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputMessages {
    /// The prompt's title.
    pub prompt_title: String,
    /// The prompt.
    pub prompt: String,
    /// The error's title.
    pub error_title: String,
    /// The error: what the cell takes (Excel cannot show what was typed).
    pub error: String,
}

/// The tracker's input messages, one set per checked column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationMessages {
    /// The status dropdown.
    pub status: InputMessages,
    /// The owner dropdown.
    pub owner: InputMessages,
    /// The due date.
    pub due: InputMessages,
    /// The date done.
    pub done_on: InputMessages,
}

/// What the input messages name.
pub(super) struct ValidationContext<'a> {
    /// The statuses with their names, in order.
    pub statuses: &'a [StatusLabel],
    /// The fixed labels (column and sheet names).
    pub labels: &'a Labels,
    /// The provider's name (who adds contacts).
    pub provider: &'a str,
    /// A date as the customer may type it, e.g. `2026-11-20`.
    pub example: &'a str,
}

impl ValidationMessages {
    /// The checked columns, as their Fluent message ids name them: each has
    /// `validation-<column>-prompt-title`, `-prompt`, `-error-title` and
    /// `-error`.
    pub const COLUMNS: [&'static str; 4] = ["status", "owner", "due", "done-on"];

    pub(super) fn resolve(
        tr: &Translator,
        locale: Locale,
        cx: &ValidationContext<'_>,
    ) -> Result<Self, I18nError> {
        let name = |s: Status| {
            cx.statuses
                .iter()
                .find(|l| l.status == s)
                .map_or("", |l| l.label.as_str())
        };
        let all = cx
            .statuses
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let args = [
            ("statuses", Arg::Str(&all)),
            ("done", Arg::Str(name(Status::Done))),
            ("blocked", Arg::Str(name(Status::Blocked))),
            ("not_applicable", Arg::Str(name(Status::NotApplicable))),
            ("done_on", Arg::Str(&cx.labels.column_done_on)),
            ("sheet", Arg::Str(&cx.labels.sheet_contacts)),
            ("provider", Arg::Str(cx.provider)),
            ("example", Arg::Str(cx.example)),
        ];
        let column = |column: &str| -> Result<InputMessages, I18nError> {
            let m = |part: &str| tr.message(locale, &format!("validation-{column}-{part}"), &args);
            Ok(InputMessages {
                prompt_title: m("prompt-title")?,
                prompt: m("prompt")?,
                error_title: m("error-title")?,
                error: m("error")?,
            })
        };
        let [status, owner, due, done_on] = Self::COLUMNS;
        Ok(Self {
            status: column(status)?,
            owner: column(owner)?,
            due: column(due)?,
            done_on: column(done_on)?,
        })
    }
}
