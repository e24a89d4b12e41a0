//! The XLSX tracking workbook: a live tracker the customer edits.
//!
//! [`render`] turns a [`Report`] into the bytes of `tracker-<locale>.xlsx`,
//! every name and header already localized by the report:
//!
//! - **Summary** — the engagement (customer, tenant, provider, ids,
//!   catalogue, dates, draft or signed off), a phase × status table of
//!   counts and the "% done", all live `COUNTIFS` formulas over the tracker
//!   table (with cached results for viewers that do not recalculate), and a
//!   stacked bar chart of those counts (its cached points written in after
//!   saving, by `chart_cache`).
//! - **Tracker** — an Excel table of every responsibility. The catalogue
//!   columns are locked; owner, due, status, done-on and note are editable,
//!   with dropdowns, date validation and conditional formats; the sheet is
//!   protected without a password (see *Protection* below).
//! - **Contacts** — a table of the contacts (the owner dropdown's source).
//! - **Sign-off** — parties, names, titles, dates.
//! - a hidden sheet, [`META_SHEET`], and custom document properties with
//!   the ids `handover import` reads back ([`keys`]).
//!
//! Rendering is pure: no files, no clock. The creation date is the report's
//! issue date, so the same report gives the same bytes.
//!
//! This module is the only one that uses `rust_xlsxwriter` (and `zip`, to
//! fill in the chart's caches).
//!
//! # Protection
//!
//! Every sheet is protected with no password, so the customer can lift it
//! (Review › Unprotect Sheet) when they need to. On the protected tracker
//! the customer can pick a status and an owner from the dropdowns, type
//! dates into the due and done-on cells (anything but a date is refused),
//! write notes, and filter with the table's header buttons
//! (`autoFilter` allowed). They cannot change the id, phase,
//! responsibility or optional cells, nor insert or delete rows. Sorting is
//! allowed in the protection options, but Excel and LibreOffice both refuse
//! to sort a range that holds locked cells, so sorting the table needs the
//! protection lifted. Excel also lets the customer resize rows and columns
//! (`formatRows`, `formatColumns`); LibreOffice 7.4 does not honour those
//! two and refuses.

mod bilingual;
mod chart_cache;
mod meta;
mod names;
mod sheet;
mod sheets;
mod summary;
mod tracker;
mod width;

use rust_xlsxwriter::Workbook;

use crate::report::Report;

pub use meta::keys;

/// The name of the tracker's Excel table (what the summary formulas count).
pub const TRACKER_TABLE: &str = "Tracker";
/// The name of the contacts' Excel table.
pub const CONTACTS_TABLE: &str = "Contacts";
/// The defined name of the owner dropdown's list (the contacts' names).
pub const OWNER_LIST_NAME: &str = "HandoverOwners";
/// The hidden sheet holding the workbook's identity as `key | value` rows.
pub const META_SHEET: &str = "_handover";

/// Tracker columns, in order.
pub mod columns {
    /// Responsibility id.
    pub const ID: u16 = 0;
    /// Phase title.
    pub const PHASE: u16 = 1;
    /// Responsibility text.
    pub const RESPONSIBILITY: u16 = 2;
    /// Optional: yes or no.
    pub const OPTIONAL: u16 = 3;
    /// Owner's name.
    pub const OWNER: u16 = 4;
    /// Due date.
    pub const DUE: u16 = 5;
    /// Status name.
    pub const STATUS: u16 = 6;
    /// Date done.
    pub const DONE_ON: u16 = 7;
    /// Note.
    pub const NOTE: u16 = 8;
    /// How many.
    pub const COUNT: u16 = 9;
    /// The field names (as the hidden sheet keys them), in column order.
    pub const FIELDS: [&str; COUNT as usize] = [
        "id",
        "phase",
        "responsibility",
        "optional",
        "owner",
        "due",
        "status",
        "done_on",
        "note",
    ];
}

/// The most rows a worksheet holds.
const MAX_ROWS: usize = 1_048_576;

/// What can go wrong rendering the workbook.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// A cell was refused (e.g. a text over Excel's 32,767 characters).
    #[error("sheet `{sheet}`, cell {cell}: {source}")]
    Cell {
        /// Sheet name.
        sheet: String,
        /// Cell, e.g. `I7`.
        cell: String,
        /// Why.
        #[source]
        source: Box<rust_xlsxwriter::XlsxError>,
    },
    /// A sheet-wide step was refused (a table, a validation, a chart…).
    #[error("sheet `{sheet}`, {what}: {source}")]
    Sheet {
        /// Sheet name.
        sheet: String,
        /// The step.
        what: &'static str,
        /// Why.
        #[source]
        source: Box<rust_xlsxwriter::XlsxError>,
    },
    /// A workbook-wide step was refused (a defined name, saving).
    #[error("{what}: {source}")]
    Workbook {
        /// The step.
        what: &'static str,
        /// Why.
        #[source]
        source: Box<rust_xlsxwriter::XlsxError>,
    },
    /// The saved workbook could not be read back and written again to fill
    /// in the chart's cached points.
    #[error("filling in the chart's cached points: {source}")]
    Repackage {
        /// Why.
        #[source]
        source: Box<zip::result::ZipError>,
    },
    /// The saved chart is not the summary's chart as the renderer drew it
    /// (a bug).
    #[error("filling in the chart's cached points: {detail}")]
    ChartShape {
        /// What did not match.
        detail: String,
    },
    /// More responsibilities than one worksheet holds.
    #[error("{items} responsibilities do not fit in one worksheet (at most {max})")]
    TooManyItems {
        /// Items in the report.
        items: usize,
        /// The most that fit.
        max: usize,
    },
}

/// Sheet names and table headers, fixed before any sheet is written because
/// the sheets refer to each other.
pub(crate) struct Layout {
    /// Summary sheet name.
    summary: String,
    /// Tracker sheet name.
    tracker: String,
    /// Contacts sheet name.
    contacts: String,
    /// Sign-off sheet name.
    signoff: String,
    /// Tracker table headers, unique, in [`columns`] order.
    headers: Vec<String>,
    /// Number of responsibilities (tracker data rows).
    items: usize,
    /// Number of contacts.
    contacts_len: usize,
}

impl Layout {
    fn new(report: &Report) -> Self {
        let mut taken = vec![META_SHEET.to_owned()];
        let mut name = |label: &str| {
            let n = names::sheet_name(label, &taken);
            taken.push(n.clone());
            n
        };
        let l = &report.labels;
        // Sheet names stay in the primary language.
        let summary = name(&l.sheet_summary);
        let tracker = name(&l.sheet_tracker);
        let contacts = name(&l.sheet_contacts);
        let signoff = name(&l.sheet_signoff);
        let headers = bilingual_headers(report, |r| {
            let l = &r.labels;
            vec![
                &l.column_id,
                &l.column_phase,
                &l.column_responsibility,
                &l.column_optional,
                &l.column_owner,
                &l.column_due,
                &l.column_status,
                &l.column_done_on,
                &l.column_note,
            ]
        });
        Self {
            summary,
            tracker,
            contacts,
            signoff,
            headers,
            items: report.items().count(),
            contacts_len: report.contacts.len(),
        }
    }

    /// Last tracker row (0-based) holding an item; the table keeps one data
    /// row even with no items.
    fn tracker_last_row(&self) -> u32 {
        u32::try_from(self.items.max(1)).unwrap_or(u32::MAX)
    }

    /// A reference to a whole tracker column for formulas on other sheets:
    /// a structured reference `Tracker[Status]` (it follows the table when
    /// rows are added), or, when the header needs escaping, the absolute
    /// range of the column's data.
    fn tracker_column_ref(&self, col: u16) -> String {
        let header = &self.headers[usize::from(col)];
        if names::plain_table_header(header) {
            format!("{TRACKER_TABLE}[{header}]")
        } else {
            let c = rust_xlsxwriter::utility::column_number_to_name(col);
            format!(
                "{}!${c}$2:${c}${}",
                names::quote_sheet(&self.tracker),
                self.tracker_last_row() + 1
            )
        }
    }
}

/// Table headers made unique, in the report's language; in a bilingual
/// workbook each is the primary header, a line break and the secondary one
/// (the parts made unique in their own language, so a header holds a line
/// break only between its two languages; see [`split_header`]).
fn bilingual_headers(report: &Report, labels: fn(&Report) -> Vec<&String>) -> Vec<String> {
    let unique = |r: &Report| {
        let l: Vec<&str> = labels(r).into_iter().map(String::as_str).collect();
        names::unique_headers(&l)
    };
    let primary = unique(report);
    match report.secondary.as_deref() {
        None => primary,
        Some(s) => primary
            .iter()
            .zip(unique(s))
            .map(|(a, b)| bilingual::Pair::new(a, Some(&b)).joined())
            .collect(),
    }
}

/// A header of [`bilingual_headers`] as its two languages.
fn split_header(header: &str) -> bilingual::Pair<'_> {
    match header.split_once('\n') {
        Some((a, b)) => bilingual::Pair::new(a, Some(b)),
        None => bilingual::Pair::new(header, None),
    }
}

/// Renders the tracking workbook of a report.
///
/// The bytes depend on the report only: the same report gives the same
/// bytes.
///
/// # Errors
/// More items than a worksheet holds, or `rust_xlsxwriter` refuses a cell
/// (e.g. a text over 32,767 characters); the error names the sheet and cell.
pub fn render(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let layout = Layout::new(report);
    if layout.items + 1 > MAX_ROWS {
        return Err(XlsxError::TooManyItems {
            items: layout.items,
            max: MAX_ROWS - 1,
        });
    }
    let styles = sheet::Styles::new(&report.labels.date_excel_format);
    let mut wb = Workbook::new();
    // zlib level 4, as the statement's streams: the zip crate's default
    // (6) takes some 5 % longer here for a file 1.4 % smaller.
    wb.set_zip_compression_level(4);
    wb.set_properties(&meta::properties(report));

    let mut summary = summary::write(report, &layout, &styles)?;
    summary.ws.set_active(true);
    wb.push_worksheet(summary.ws);
    wb.push_worksheet(tracker::write(report, &layout)?.ws);
    wb.push_worksheet(sheets::contacts(report, &layout)?.ws);
    wb.push_worksheet(sheets::signoff(report, &layout, &styles)?.ws);
    wb.push_worksheet(meta::sheet(report, &layout)?.ws);

    if layout.contacts_len > 0 {
        let range = format!(
            "={}!$B$2:$B${}",
            names::quote_sheet(&layout.contacts),
            layout.contacts_len + 1
        );
        wb.define_name(OWNER_LIST_NAME, &range)
            .map_err(|source| XlsxError::Workbook {
                what: "defining the owner list",
                source: Box::new(source),
            })?;
    }
    let bytes = wb.save_to_buffer().map_err(|source| XlsxError::Workbook {
        what: "saving the workbook",
        source: Box::new(source),
    })?;
    // The counts are formulas, which leave the chart's caches without
    // points: write the report's counts into them.
    let mut languages = vec![report.locale.tag()];
    languages.extend(report.secondary.as_ref().map(|s| s.locale.tag()));
    chart_cache::fill(&bytes, &summary::chart_points(report), &languages)
}
