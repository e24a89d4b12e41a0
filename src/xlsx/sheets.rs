//! The Contacts sheet (a table, the owner dropdown's source) and the
//! Sign-off sheet (one block per party). Both come from the engagement file
//! and are protected, without a password.

use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, ProtectionOptions, Table, TableColumn, TableStyle,
};

use super::names::unique_headers;
use super::sheet::{AMBER, GREEN, RULE, Sheet, Styles, table_header};
use super::width::{fit_width, wrapped_lines};
use super::{CONTACTS_TABLE, Layout, XlsxError};
use crate::report::Report;

/// Writes the Contacts sheet: a table of id, name, role and e-mail.
pub(super) fn contacts(report: &Report, layout: &Layout) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.contacts)?;
    let l = &report.labels;
    let headers = unique_headers(&[
        &l.contact_id,
        &l.contact_name,
        &l.contact_role,
        &l.contact_email,
    ]);
    let plain = Format::new();
    let mut row = 0u32;
    for c in &report.contacts {
        row += 1;
        s.text(row, 0, &c.id, &plain)?;
        s.text(row, 1, &c.name, &plain)?;
        s.opt_text(row, 2, c.role.as_deref(), &plain)?;
        s.opt_text(row, 3, c.email.as_deref(), &plain)?;
    }
    let header = table_header();
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(h).set_header_format(&header))
        .collect();
    let table = Table::new()
        .set_name(CONTACTS_TABLE)
        .set_style(TableStyle::Medium2)
        .set_columns(&columns);
    let e = s.err("adding the contacts table");
    s.ws.add_table(0, 0, row.max(1), 3, &table).map_err(e)?;

    let cs = &report.contacts;
    let col = |i: usize, values: Vec<&str>| {
        fit_width(values.into_iter().chain([headers[i].as_str()]), 5, 10, 50)
    };
    s.width(0, col(0, cs.iter().map(|c| c.id.as_str()).collect()))?;
    s.width(1, col(1, cs.iter().map(|c| c.name.as_str()).collect()))?;
    s.width(
        2,
        col(2, cs.iter().filter_map(|c| c.role.as_deref()).collect()),
    )?;
    s.width(
        3,
        col(3, cs.iter().filter_map(|c| c.email.as_deref()).collect()),
    )?;
    let e = s.err("freezing the header");
    s.ws.set_freeze_panes(1, 0).map_err(e)?;
    s.ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        sort: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    s.ws.set_print_fit_to_pages(1, 0);
    Ok(s)
}

/// Writes the Sign-off sheet: the acknowledgement, then per party its
/// name, title, date and a line to sign on.
pub(super) fn signoff(report: &Report, layout: &Layout, st: &Styles) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.signoff)?;
    let l = &report.labels;
    let label_w = fit_width(
        [
            &l.signoff_name,
            &l.signoff_title,
            &l.signoff_date,
            &l.signoff_signature,
        ]
        .into_iter()
        .chain(report.signoff.iter().map(|p| &p.party_label))
        .map(String::as_str),
        3,
        14,
        30,
    );
    let value_w = 48.0;
    s.width(0, label_w)?;
    s.width(1, value_w)?;

    s.text(0, 0, &l.signoff_heading, &st.title)?;
    let ack = st.value_wrap.clone().set_align(FormatAlign::Top);
    let e = s.err("writing the acknowledgement");
    s.ws.merge_range(1, 0, 1, 1, &report.acknowledgement, &ack)
        .map_err(e)?;
    // Merged cells do not grow with their text: size the row by hand.
    let lines = wrapped_lines(&report.acknowledgement, label_w + value_w - 2.0);
    let lines = u32::try_from(lines).unwrap_or(10).min(20);
    let e = s.err("sizing the acknowledgement");
    s.ws.set_row_height(1, f64::from(lines) * 15.0 + 4.0)
        .map_err(e)?;

    let party = st.heading.clone();
    let line = Format::new()
        .set_border_bottom(FormatBorder::Thin)
        .set_border_bottom_color(RULE);
    let mut r = 3u32;
    for p in &report.signoff {
        let color = if p.date.is_some() { GREEN } else { AMBER };
        s.text(r, 0, &p.party_label, &party)?;
        s.text(
            r,
            1,
            &p.status_text,
            &party.clone().set_bold().set_font_color(color),
        )?;
        s.text(r + 1, 0, &l.signoff_name, &st.label)?;
        s.opt_text(r + 1, 1, Some(p.name.as_str()), &st.value)?;
        s.text(r + 2, 0, &l.signoff_title, &st.label)?;
        s.opt_text(r + 2, 1, p.title.as_deref(), &st.value)?;
        s.text(r + 3, 0, &l.signoff_date, &st.label)?;
        s.opt_date(r + 3, 1, p.date.as_ref().map(|d| d.date), &st.value_date)?;
        s.text(
            r + 4,
            0,
            &l.signoff_signature,
            &st.label.clone().set_align(FormatAlign::Bottom),
        )?;
        s.blank(r + 4, 1, &line)?;
        let e = s.err("sizing a signature line");
        s.ws.set_row_height(r + 4, 36.0).map_err(e)?;
        r += 6;
    }
    s.ws.protect();
    s.ws.set_portrait();
    s.ws.set_print_fit_to_pages(1, 0);
    Ok(s)
}
