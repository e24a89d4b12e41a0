//! The resolved view model: what the renderers draw, and nothing else.
//!
//! [`resolve`] takes a checked catalogue and engagement and a locale and
//! produces a [`Report`] in which every string is already in the target
//! language, every date already formatted and every count already summed.
//! The PDF and XLSX renderers read only this.

use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::i18n::{Arg, I18nError, Translator};
use crate::locale::Locale;
use crate::model::{Catalogue, Engagement, ItemState, Party, Signoff, Status};

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

            fn resolve(tr: &Translator, locale: Locale) -> Result<Self, I18nError> {
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
    /// Signatory.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Date signed.
    pub date: Option<DateView>,
    /// "Signed on …" or "Not yet signed".
    pub status_text: String,
}

/// Whether the statement is signed off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignState {
    /// Some party has not signed.
    Draft,
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
    /// Localized "Draft" / "Signed off".
    pub state_label: String,
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
}

/// Options for [`resolve`].
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Output language.
    pub locale: Locale,
    /// The issue date to use when the engagement gives none (no `as_of`,
    /// no revision): from `SOURCE_DATE_EPOCH`, never the clock. When this
    /// is `None` too, the engagement's start date is used.
    pub fallback_date: Option<Date>,
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

/// Resolves a checked catalogue and engagement into a [`Report`].
///
/// # Errors
/// A label is missing, or the catalogue lacks the locale.
pub fn resolve(
    tr: &Translator,
    catalogue: &Catalogue,
    engagement: &Engagement,
    opts: ResolveOptions,
) -> Result<Report, ResolveError> {
    let locale = opts.locale;
    if !catalogue.locales.contains(&locale) {
        return Err(ResolveError::LocaleNotInCatalogue {
            catalogue: catalogue.id.clone(),
            locale,
            has: catalogue
                .locales
                .iter()
                .map(|l| l.tag())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let date = |d: Date| -> Result<DateView, I18nError> {
        Ok(DateView {
            date: d,
            iso: d.to_string(),
            text: tr.date(locale, d)?,
        })
    };
    let labels = Labels::resolve(tr, locale)?;
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            Ok(StatusLabel {
                status: *s,
                key: s.key().to_owned(),
                label: tr.message(locale, &format!("status-{}", s.key()), &[])?,
            })
        })
        .collect::<Result<Vec<_>, I18nError>>()?;
    let issued = issue_date(engagement, opts.fallback_date);

    let not_started = ItemState::not_started();
    let mut phases = Vec::new();
    let mut totals = Counts::default();
    let mut overdue = Vec::new();
    for phase in &catalogue.phases {
        let mut counts = Counts::default();
        let mut items = Vec::new();
        for item in &phase.items {
            let st = engagement.states.get(&item.id).unwrap_or(&not_started);
            counts.add(st.status);
            totals.add(st.status);
            let is_overdue = st.status.is_open() && st.due.is_some_and(|d| d < issued);
            if is_overdue {
                overdue.push(item.id.clone());
            }
            items.push(ItemView {
                id: item.id.clone(),
                text: item.text.get(locale).to_owned(),
                optional: item.optional,
                status: st.status,
                status_label: statuses[st.status.index()].label.clone(),
                owner_id: st.owner.clone(),
                owner: st
                    .owner
                    .as_deref()
                    .and_then(|o| engagement.contact(o))
                    .map(|c| c.name.clone()),
                due: st.due.map(date).transpose()?,
                done_on: st.done_on.map(date).transpose()?,
                note: st.note.clone(),
                overdue: is_overdue,
            });
        }
        phases.push(PhaseView {
            id: phase.id.clone(),
            title: phase.title.get(locale).to_owned(),
            counts,
            items,
        });
    }

    // With nobody named yet, the statement still has a blank block per party.
    let blank: Vec<Signoff> = Party::ALL
        .iter()
        .map(|p| Signoff {
            party: *p,
            name: String::new(),
            title: None,
            date: None,
        })
        .collect();
    let parties = if engagement.signoff.is_empty() {
        &blank
    } else {
        &engagement.signoff
    };
    let signoff = parties
        .iter()
        .map(|s| {
            let d = s.date.map(date).transpose()?;
            let status_text = match &d {
                Some(d) => {
                    tr.message(locale, "signoff-signed-on", &[("date", Arg::Str(&d.text))])?
                }
                None => labels.signoff_unsigned.clone(),
            };
            Ok(SignoffView {
                party: s.party,
                party_label: tr.message(locale, &format!("party-{}", s.party.key()), &[])?,
                name: s.name.clone(),
                title: s.title.clone(),
                date: d,
                status_text,
            })
        })
        .collect::<Result<Vec<_>, I18nError>>()?;
    let signed_off = engagement.is_signed_off();
    let state = if signed_off {
        SignState::SignedOff
    } else {
        SignState::Draft
    };
    let state_label = tr.message(
        locale,
        if signed_off {
            "state-signed-off"
        } else {
            "state-draft"
        },
        &[],
    )?;
    let draft_detail = if signed_off {
        None
    } else {
        let waiting: Vec<String> = signoff
            .iter()
            .filter(|s| s.date.is_none())
            .map(|s| {
                if s.name.is_empty() {
                    s.party_label.clone()
                } else {
                    format!("{} ({})", s.name, s.party_label)
                }
            })
            .collect();
        if waiting.is_empty() {
            None
        } else {
            Some(tr.message(
                locale,
                "draft-marking-detail",
                &[("parties", Arg::Str(&waiting.join(", ")))],
            )?)
        }
    };

    let issued_view = date(issued)?;
    let start = date(engagement.start)?;
    let target = date(engagement.target)?;
    let sha = content_sha256(catalogue, engagement);
    let fingerprint = short_fingerprint(&sha);
    let overdue_count = i64::try_from(overdue.len()).unwrap_or(i64::MAX);
    Ok(Report {
        locale,
        statuses,
        engagement_id: engagement.id.clone(),
        customer: engagement.customer.clone(),
        tenant: engagement.tenant.clone(),
        provider: engagement.provider.clone(),
        catalogue_id: catalogue.id.clone(),
        catalogue_version: catalogue.version.clone(),
        catalogue_title: catalogue.title.get(locale).to_owned(),
        period: tr.message(
            locale,
            "cover-period-range",
            &[
                ("start", Arg::Str(&start.text)),
                ("target", Arg::Str(&target.text)),
            ],
        )?,
        start,
        target,
        document_version: engagement.revisions.last().map(|r| r.version.clone()),
        state,
        state_label,
        draft_detail,
        revisions: engagement
            .revisions
            .iter()
            .map(|r| {
                Ok(RevisionView {
                    version: r.version.clone(),
                    date: date(r.date)?,
                    note: r.note.clone().unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, I18nError>>()?,
        phases,
        totals,
        overdue_text: tr.message(
            locale,
            "summary-overdue-count",
            &[
                ("count", Arg::Num(overdue_count)),
                ("date", Arg::Str(&issued_view.text)),
            ],
        )?,
        overdue,
        contacts: engagement
            .contacts
            .iter()
            .map(|c| ContactView {
                id: c.id.clone(),
                name: c.name.clone(),
                role: c.role.clone(),
                email: c.email.clone(),
            })
            .collect(),
        acknowledgement: tr.message(
            locale,
            "signoff-acknowledgement",
            &[
                ("customer", Arg::Str(&engagement.customer)),
                ("provider", Arg::Str(&engagement.provider)),
                ("date", Arg::Str(&issued_view.text)),
            ],
        )?,
        signoff,
        page_of_template: tr.message(
            locale,
            "page-of",
            &[("page", Arg::Str("{page}")), ("pages", Arg::Str("{pages}"))],
        )?,
        fingerprint_text: tr.message(
            locale,
            "footer-fingerprint",
            &[("fingerprint", Arg::Str(&fingerprint))],
        )?,
        subject: tr.message(
            locale,
            "document-subject",
            &[
                ("catalogue", Arg::Str(catalogue.title.get(locale))),
                ("engagement", Arg::Str(&engagement.id)),
            ],
        )?,
        keywords: tr.message(
            locale,
            "document-keywords",
            &[
                ("catalogue", Arg::Str(&catalogue.id)),
                ("engagement", Arg::Str(&engagement.id)),
            ],
        )?,
        issued: issued_view,
        fingerprint,
        content_sha256: sha,
        labels,
    })
}
