//! The Tracker sheet: one Excel table row per responsibility. The catalogue
//! columns are locked, the state columns editable; status and owner are
//! dropdowns, the dates real dates with date validation; conditional
//! formats mark done, overdue and blocked rows.

use jiff::civil::date;
use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationRule, Format, FormatAlign, Formula,
    ProtectionOptions, Table, TableColumn, TableStyle,
};

use super::bilingual::{
    Other, Pair, both, is_bilingual, secondary_font, secondary_header_font, text_height,
};
use super::columns::{
    COUNT, DONE_ON, DUE, ID, NOTE, OPTIONAL, OWNER, PHASE, RESPONSIBILITY, STATUS,
};
use super::names::{clip_utf16, header_footer_text, str_lit};
use super::sheet::{Sheet, table_header};
use super::width::{display_width, fit_width, wrapped_lines};
use super::{Layout, OWNER_LIST_NAME, TRACKER_TABLE, XlsxError, split_header};
use crate::model::Status;
use crate::report::{InputMessages, Report};

/// Room for a table header's filter button, in column units.
const FILTER_BUTTON: usize = 4;
/// Room for a dropdown arrow.
const DROPDOWN: usize = 3;

/// Height of one line of 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// The most characters an inline dropdown list may hold.
const INLINE_LIST_MAX: usize = 255;

/// The most characters (UTF-16 units) Excel allows in a validation's
/// prompt or error title.
const VALIDATION_TITLE_MAX: usize = 32;
/// … and in its prompt or error message.
const VALIDATION_MESSAGE_MAX: usize = 255;

/// Writes the Tracker sheet.
pub(super) fn write(report: &Report, layout: &Layout) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.tracker)?;
    let date_format = report.labels.date_excel_format.as_str();

    // Catalogue columns: locked (the default). State columns: unlocked.
    let top = Format::new().set_align(FormatAlign::Top);
    let f_id = top.clone().set_bold();
    let f_wrap = top.clone().set_text_wrap();
    let f_center = top.clone().set_align(FormatAlign::Center);
    let f_edit = top.clone().set_unlocked();
    let f_edit_wrap = f_wrap.clone().set_unlocked();
    let f_edit_date = f_edit
        .clone()
        .set_num_format(date_format)
        .set_align(FormatAlign::Left);

    let f_second = secondary_font(&f_wrap);
    let other = Other::of(report);
    let (yes, no) = (
        both(report, |r| &r.labels.yes),
        both(report, |r| &r.labels.no),
    );

    let mut row = 0u32;
    for (phase, item) in report.items() {
        row += 1;
        s.text(row, ID, &item.id, &f_id)?;
        s.pair(row, PHASE, other.phase(phase), &f_wrap, &f_second)?;
        s.pair(row, RESPONSIBILITY, other.item(item), &f_wrap, &f_second)?;
        let optional = if item.optional { yes } else { no };
        s.pair(row, OPTIONAL, optional, &f_center, &f_second)?;
        s.opt_text(row, OWNER, item.owner.as_deref(), &f_edit)?;
        s.opt_date(row, DUE, item.due.as_ref().map(|d| d.date), &f_edit_date)?;
        s.text(row, STATUS, &item.status_label, &f_edit)?;
        s.opt_date(
            row,
            DONE_ON,
            item.done_on.as_ref().map(|d| d.date),
            &f_edit_date,
        )?;
        s.opt_text(row, NOTE, item.note.as_deref(), &f_edit_wrap)?;
    }
    let last = layout.tracker_last_row();
    if row == 0 {
        // No items: one empty, editable row keeps the table valid.
        for col in 0..COUNT {
            s.blank(1, col, &f_edit)?;
        }
    }

    let header = if is_bilingual(report) {
        table_header().set_text_wrap()
    } else {
        table_header()
    };
    let table_columns: Vec<TableColumn> = layout
        .headers
        .iter()
        .map(|h| TableColumn::new().set_header(h).set_header_format(&header))
        .collect();
    let table = Table::new()
        .set_name(TRACKER_TABLE)
        .set_style(TableStyle::Medium2)
        .set_banded_rows(true)
        .set_autofilter(true)
        .set_columns(&table_columns);
    let e = s.err("adding the tracker table");
    s.ws.add_table(0, 0, last, COUNT - 1, &table).map_err(e)?;
    if is_bilingual(report) {
        // The same header texts, the secondary part in a lighter run.
        let second = secondary_header_font(&header);
        for (col, h) in (0..).zip(&layout.headers) {
            s.pair(0, col, split_header(h), &header, &second)?;
        }
        let e = s.err("sizing the header row");
        s.ws.set_row_height(0, 2.0 * LINE_HEIGHT + 4.0).map_err(e)?;
    }

    validations(&mut s, report, layout, last)?;
    conditional_formats(&mut s, report, last)?;
    let w = widths(report, layout);
    for (col, width) in (0..).zip(w) {
        s.width(col, width)?;
    }
    row_heights(&mut s, report, &w)?;

    let e = s.err("freezing the header");

    s.ws.set_freeze_panes(1, ID + 1).map_err(e)?;
    s.ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        sort: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    page_setup(&mut s, report)?;
    Ok(s)
}

/// Dropdowns for status and owner, date rules for the two date columns;
/// each with its prompt and error message in the workbook's language.
fn validations(
    s: &mut Sheet,
    report: &Report,
    layout: &Layout,
    last: u32,
) -> Result<(), XlsxError> {
    let messages = &report.validation;
    let labels: Vec<&str> = report.statuses.iter().map(|st| st.label.as_str()).collect();
    let inline_len = labels
        .iter()
        .map(|l| l.encode_utf16().count())
        .sum::<usize>()
        + labels.len().saturating_sub(1);
    let status = if inline_len <= INLINE_LIST_MAX && !labels.iter().any(|l| l.contains(',')) {
        DataValidation::new()
            .allow_list_strings(&labels)
            .map_err(s.err("the status dropdown"))?
    } else {
        // Too long for an inline list: point at the status names in the
        // summary's header row; in a bilingual workbook, whose header cells
        // hold both languages, at the primary names on the hidden sheet.
        let range = if is_bilingual(report) {
            let (first, last_row) = super::meta::status_rows(report);
            format!(
                "={}!$B${}:$B${}",
                super::names::quote_sheet(super::META_SHEET),
                first + 1,
                last_row + 1
            )
        } else {
            let (row, first, last_col) = super::summary::status_header_cells(report);
            format!(
                "={}!${}${}:${}${}",
                super::names::quote_sheet(&layout.summary),
                rust_xlsxwriter::utility::column_number_to_name(first),
                row + 1,
                rust_xlsxwriter::utility::column_number_to_name(last_col),
                row + 1
            )
        };
        DataValidation::new().allow_list_formula(Formula::new(range))
    };
    let status = with_messages(status, &messages.status).map_err(s.err("the status dropdown"))?;
    let e = s.err("the status dropdown");
    s.ws.add_data_validation(1, STATUS, last, STATUS, &status)
        .map_err(e)?;

    if layout.contacts_len > 0 {
        let owner =
            DataValidation::new().allow_list_formula(Formula::new(format!("={OWNER_LIST_NAME}")));
        let owner = with_messages(owner, &messages.owner).map_err(s.err("the owner dropdown"))?;
        let e = s.err("the owner dropdown");
        s.ws.add_data_validation(1, OWNER, last, OWNER, &owner)
            .map_err(e)?;
    }

    let dates = DataValidation::new().allow_date(DataValidationRule::Between(
        date(1900, 1, 1),
        date(9999, 12, 31),
    ));
    for (col, m) in [(DUE, &messages.due), (DONE_ON, &messages.done_on)] {
        let rule = with_messages(dates.clone(), m).map_err(s.err("the date validation"))?;
        let e = s.err("the date validation");
        s.ws.add_data_validation(1, col, last, col, &rule)
            .map_err(e)?;
    }
    Ok(())
}

/// A validation with its prompt and error message, each cut to Excel's
/// limits (the bundled texts fit; a test checks).
fn with_messages(
    dv: DataValidation,
    m: &InputMessages,
) -> Result<DataValidation, rust_xlsxwriter::XlsxError> {
    dv.set_input_title(clip_utf16(&m.prompt_title, VALIDATION_TITLE_MAX))?
        .set_input_message(clip_utf16(&m.prompt, VALIDATION_MESSAGE_MAX))?
        .set_error_title(clip_utf16(&m.error_title, VALIDATION_TITLE_MAX))?
        .set_error_message(clip_utf16(&m.error, VALIDATION_MESSAGE_MAX))
}

/// Whole-row highlights: blocked (red), overdue (amber), done (green), not
/// applicable (greyed). Blocked wins over overdue where both hold.
fn conditional_formats(s: &mut Sheet, report: &Report, last: u32) -> Result<(), XlsxError> {
    let status = |st: Status| str_lit(report.status_label(st));
    let col = |c: u16| rust_xlsxwriter::utility::column_number_to_name(c);
    let (st, due) = (col(STATUS), col(DUE));
    let rules = [
        (
            format!("=${st}2={}", status(Status::Blocked)),
            Format::new()
                .set_background_color(0x00FF_C7CE)
                .set_font_color(0x009C_0006),
        ),
        (
            format!(
                "=AND(ISNUMBER(${due}2),${due}2<TODAY(),${st}2<>{},${st}2<>{})",
                status(Status::Done),
                status(Status::NotApplicable)
            ),
            Format::new()
                .set_background_color(0x00FF_EB9C)
                .set_font_color(0x009C_5700),
        ),
        (
            format!("=${st}2={}", status(Status::Done)),
            Format::new()
                .set_background_color(0x00C6_EFCE)
                .set_font_color(0x0000_6100),
        ),
        (
            format!("=${st}2={}", status(Status::NotApplicable)),
            Format::new()
                .set_background_color(0x00ED_EDED)
                .set_font_color(0x0075_7575),
        ),
    ];
    for (rule, format) in rules {
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(format);
        let e = s.err("a conditional format");
        s.ws.add_conditional_format(1, 0, last, COUNT - 1, &cf)
            .map_err(e)?;
    }
    Ok(())
}

/// Column widths from the content: wide (CJK) characters count two; the
/// long texts wrap within a capped width.
fn widths(report: &Report, layout: &Layout) -> [f64; COUNT as usize] {
    let header = |c: u16| display_width(&layout.headers[usize::from(c)]) + FILTER_BUTTON;
    let items: Vec<_> = report.items().collect();
    // Each text of a bilingual cell is a line of its own.
    let other = Other::of(report);
    let phases: Vec<String> = report
        .phases
        .iter()
        .map(|p| other.phase(p).joined())
        .collect();
    let texts: Vec<String> = items.iter().map(|(_, i)| other.item(i).joined()).collect();
    let yes_no = [
        both(report, |r| &r.labels.yes),
        both(report, |r| &r.labels.no),
    ];
    let dates = items
        .iter()
        .flat_map(|(_, i)| [i.due.as_ref(), i.done_on.as_ref()])
        .flatten()
        .chain([&report.start, &report.target, &report.issued])
        .map(|d| d.text.as_str());
    let date_w = fit_width(dates, 3, 12, 30);

    let w = [
        (
            ID,
            fit_width(items.iter().map(|(_, i)| i.id.as_str()), 2, header(ID), 20),
        ),
        (
            PHASE,
            fit_width(phases.iter().map(String::as_str), 2, header(PHASE), 24),
        ),
        (
            RESPONSIBILITY,
            fit_width(
                texts.iter().map(String::as_str),
                2,
                header(RESPONSIBILITY),
                60,
            ),
        ),
        (
            OPTIONAL,
            fit_width(
                yes_no.iter().flat_map(|p| p.texts()),
                2,
                header(OPTIONAL),
                16,
            ),
        ),
        (
            OWNER,
            fit_width(
                report.contacts.iter().map(|c| c.name.as_str()),
                DROPDOWN + 1,
                header(OWNER).max(14),
                30,
            ),
        ),
        (DUE, date_w.max(to_f64(header(DUE)))),
        (
            STATUS,
            fit_width(
                report.statuses.iter().map(|st| st.label.as_str()),
                DROPDOWN + 1,
                header(STATUS),
                30,
            ),
        ),
        (DONE_ON, date_w.max(to_f64(header(DONE_ON)))),
        (
            NOTE,
            fit_width(
                items.iter().filter_map(|(_, i)| i.note.as_deref()),
                2,
                header(NOTE).max(30),
                50,
            ),
        ),
    ];
    let mut out = [0.0; COUNT as usize];
    for (col, width) in w {
        out[usize::from(col)] = width;
    }
    out
}

/// Heights of rows whose text wraps. Not every application grows a row to
/// its wrapped text on opening (`LibreOffice` does not), so the height is set
/// from an estimate; one-line rows keep the default, so the application
/// grows them as the customer types.
fn row_heights(s: &mut Sheet, report: &Report, w: &[f64]) -> Result<(), XlsxError> {
    let other = Other::of(report);
    for (row, (phase, item)) in (1u32..).zip(report.items()) {
        let pairs = [
            (PHASE, other.phase(phase)),
            (RESPONSIBILITY, other.item(item)),
            (NOTE, Pair::new(item.note.as_deref().unwrap_or(""), None)),
        ];
        if other.is_empty() {
            let lines = pairs
                .into_iter()
                .map(|(c, t)| wrapped_lines(t.primary, w[usize::from(c)]))
                .max()
                .unwrap_or(1);
            if lines > 1 {
                let lines = u32::try_from(lines).unwrap_or(u32::MAX).min(400);
                let e = s.err("sizing a row");
                s.ws.set_row_height(row, f64::from(lines) * LINE_HEIGHT + 2.0)
                    .map_err(e)?;
            }
        } else {
            // Each language wraps on lines of its own, the second smaller.
            let h = pairs
                .into_iter()
                .map(|(c, t)| text_height(t, w[usize::from(c)]))
                .fold(LINE_HEIGHT, f64::max);
            s.height(row, h.min(409.0) + 2.0)?;
        }
    }
    Ok(())
}

fn to_f64(n: usize) -> f64 {
    // Widths are small integers: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let f = n as f64;
    f
}

/// Printing: landscape, one page wide, the header row on every page, and a
/// footer with the engagement id and page numbers.
fn page_setup(s: &mut Sheet, report: &Report) -> Result<(), XlsxError> {
    s.ws.set_landscape();
    // US Letter in the US, A4 elsewhere.
    // Letter where it is the norm (the Americas, the Philippines), else A4.
    let letter = matches!(
        report.locale.region(),
        Some("US" | "CA" | "MX" | "CL" | "CO" | "PH")
    );
    s.ws.set_paper_size(if letter { 1 } else { 9 });
    s.ws.set_print_fit_to_pages(1, 0);
    let e = s.err("repeating the header row");
    s.ws.set_repeat_rows(0, 0).map_err(e)?;
    s.ws.set_footer(format!(
        "&L{}&R&P / &N",
        header_footer_text(&report.engagement_id)
    ));
    Ok(())
}
