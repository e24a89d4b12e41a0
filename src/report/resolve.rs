//! [`resolve`]: a checked catalogue and engagement, in one locale, become
//! a [`Report`].

use jiff::civil::Date;

use super::labels::ValidationContext;
use super::{
    ContactView, Counts, DateView, ItemView, Labels, PhaseView, Report, ResolveError,
    ResolveOptions, RevisionView, SignState, SignoffView, StatusLabel, content_sha256, issue_date,
    short_fingerprint,
};
use crate::i18n::{Arg, I18nError, Translator};
use crate::locale::Locale;
use crate::model::{Catalogue, Engagement, ItemState, Party, Signoff, Status};

/// Resolves a checked catalogue and engagement into a [`Report`] in one
/// language.
///
/// # Errors
/// A label is missing, or the catalogue lacks the locale.
fn resolve_one(
    tr: &Translator,
    catalogue: &Catalogue,
    engagement: &Engagement,
    opts: ResolveOptions,
) -> Result<Report, ResolveError> {
    let locale = opts.locale;
    if catalogue.texts_for(locale).is_none() {
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
            let party_label = tr.message(locale, &format!("party-{}", s.party.key()), &[])?;
            let field_tooltip = tr.message(
                locale,
                "signature-field-tooltip",
                &[
                    ("party", Arg::Str(&party_label)),
                    ("name", Arg::Str(&s.name)),
                ],
            )?;
            Ok(SignoffView {
                party: s.party,
                party_label,
                field_tooltip,
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
    } else if opts.for_signature {
        SignState::ForSignature
    } else {
        SignState::Draft
    };
    let state_label = tr.message(
        locale,
        match state {
            SignState::SignedOff => "state-signed-off",
            SignState::ForSignature => "state-for-signature",
            SignState::Draft => "state-draft",
        },
        &[],
    )?;
    let signature_notice = (state == SignState::ForSignature)
        .then(|| tr.message(locale, "for-signature-notice", &[]))
        .transpose()?;
    let draft_detail = if state != SignState::Draft {
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

    let chart_alt = chart_alt(tr, locale, &labels, &phases, &totals)?;
    let issued_view = date(issued)?;
    let validation = super::ValidationMessages::resolve(
        tr,
        locale,
        &ValidationContext {
            statuses: &statuses,
            labels: &labels,
            provider: &engagement.provider,
            example: &issued_view.iso,
        },
    )?;
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
        signature_notice,
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
        chart_alt,
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
        validation,
        governing: None,
        secondary: None,
    })
}

/// The report in `opts.locale` and, for a bilingual statement, beside it
/// the same in `opts.secondary`, each with the sentence saying that the
/// primary language's text prevails.
///
/// # Errors
/// As [`resolve_one`], for either language.
pub fn resolve(
    tr: &Translator,
    catalogue: &Catalogue,
    engagement: &Engagement,
    opts: ResolveOptions,
) -> Result<Report, ResolveError> {
    let mut report = resolve_one(tr, catalogue, engagement, opts)?;
    if let Some(other) = opts.secondary.filter(|l| *l != opts.locale) {
        let mut second = resolve_one(
            tr,
            catalogue,
            engagement,
            ResolveOptions {
                locale: other,
                secondary: None,
                ..opts
            },
        )?;
        report.governing = Some(governing(tr, opts.locale, opts.locale, other)?);
        second.governing = Some(governing(tr, other, opts.locale, other)?);
        report.secondary = Some(Box::new(second));
    }
    Ok(report)
}

/// "In case of any difference between the Korean and English texts, the
/// Korean text prevails", in `locale`.
fn governing(
    tr: &Translator,
    locale: Locale,
    primary: Locale,
    secondary: Locale,
) -> Result<String, I18nError> {
    let name = |of: Locale| {
        tr.message(locale, &format!("language-{}", of.language()), &[])
            .unwrap_or_else(|_| of.tag().to_owned())
    };
    tr.message(
        locale,
        "governing-language",
        &[
            ("primary", Arg::Str(&name(primary))),
            ("secondary", Arg::Str(&name(secondary))),
        ],
    )
}

/// The progress chart said in words: a sentence per phase and one for all,
/// with the counts by status.
fn chart_alt(
    tr: &Translator,
    locale: Locale,
    labels: &Labels,
    phases: &[PhaseView],
    totals: &Counts,
) -> Result<String, I18nError> {
    let n = |c: &Counts, s: Status| Arg::Num(i64::try_from(c.get(s)).unwrap_or(i64::MAX));
    let sentences = phases
        .iter()
        .map(|p| (p.title.as_str(), &p.counts))
        .chain([(labels.summary_total.as_str(), totals)])
        .map(|(phase, c)| {
            // 0–100: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let percent = c.percent_done().floor() as i64;
            tr.message(
                locale,
                "chart-alt-phase",
                &[
                    ("phase", Arg::Str(phase)),
                    (
                        "total",
                        Arg::Num(i64::try_from(c.total).unwrap_or(i64::MAX)),
                    ),
                    ("done", n(c, Status::Done)),
                    ("in_progress", n(c, Status::InProgress)),
                    ("blocked", n(c, Status::Blocked)),
                    ("not_started", n(c, Status::NotStarted)),
                    ("not_applicable", n(c, Status::NotApplicable)),
                    ("percent", Arg::Num(percent)),
                ],
            )
        })
        .collect::<Result<Vec<_>, I18nError>>()?;
    tr.message(
        locale,
        "chart-alt",
        &[
            ("title", Arg::Str(&labels.summary_progress)),
            ("phases", Arg::Str(&sentences.join(" "))),
        ],
    )
}
