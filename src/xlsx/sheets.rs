//! The Contacts sheet (a table, the owner dropdown's source) and the
//! Sign-off sheet (one block per party). Both come from the engagement file
//! and are protected, without a password.

use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, ProtectionOptions, Table, TableColumn, TableStyle,
};

use super::bilingual::{
    LINE, Pair, both, is_bilingual, secondary_font, secondary_header_font, secondary_title,
    text_height,
};
use super::sheet::{AMBER, GREEN, RULE, Sheet, Styles, table_header};
use super::width::fit_width;
use super::{CONTACTS_TABLE, Layout, XlsxError};
use crate::report::Report;

/// Writes the Contacts sheet: a table of id, name, role and e-mail.
pub(super) fn contacts(report: &Report, layout: &Layout) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.contacts)?;
    let headers = super::bilingual_headers(report, |r| {
        let l = &r.labels;
        vec![
            &l.contact_id,
            &l.contact_name,
            &l.contact_role,
            &l.contact_email,
        ]
    });
    let plain = Format::new();
    let mut row = 0u32;
    for c in &report.contacts {
        row += 1;
        s.text(row, 0, &c.id, &plain)?;
        s.text(row, 1, &c.name, &plain)?;
        s.opt_text(row, 2, c.role.as_deref(), &plain)?;
        s.opt_text(row, 3, c.email.as_deref(), &plain)?;
    }
    let bi = is_bilingual(report);
    let header = if bi {
        table_header().set_text_wrap()
    } else {
        table_header()
    };
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
    if bi {
        let second = secondary_header_font(&header);
        for (col, h) in (0..).zip(&headers) {
            s.pair(0, col, super::split_header(h), &header, &second)?;
        }
        s.height(0, 2.0 * LINE + 4.0)?;
    }

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
/// name, title, date and a line to sign on. In a bilingual workbook every
/// label and sentence is in both languages, and the governing-language
/// sentence follows the acknowledgement.
pub(super) fn signoff(report: &Report, layout: &Layout, st: &Styles) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.signoff)?;
    let bi = is_bilingual(report);
    let name = both(report, |r| &r.labels.signoff_name);
    let title = both(report, |r| &r.labels.signoff_title);
    let date = both(report, |r| &r.labels.signoff_date);
    let signature = both(report, |r| &r.labels.signoff_signature);
    let second = report.secondary.as_deref();
    let parties: Vec<Pair<'_>> = (0..report.signoff.len())
        .map(|i| {
            Pair::new(
                &report.signoff[i].party_label,
                second
                    .and_then(|o| o.signoff.get(i))
                    .map(|p| p.party_label.as_str()),
            )
        })
        .collect();
    let label_w = fit_width(
        [name, title, date, signature]
            .iter()
            .chain(&parties)
            .flat_map(|p| p.texts()),
        3,
        14,
        30,
    );
    let value_w = 48.0;
    s.width(0, label_w)?;
    s.width(1, value_w)?;
    let height = |p: Pair<'_>| text_height(p, label_w + value_w - 2.0).min(300.0) + 4.0;

    let heading = both(report, |r| &r.labels.signoff_heading);
    if bi {
        let title2 = secondary_title(&st.title);
        s.merged_pair(0, (0, 1), heading, &st.title, &title2)?;
        s.height(0, 40.0)?;
    } else {
        s.text(0, 0, heading.primary, &st.title)?;
    }
    let ack = st.value_wrap.clone().set_align(FormatAlign::Top);
    let ack2 = secondary_font(&ack);
    let acknowledgement = both(report, |r| &r.acknowledgement);
    s.merged_pair(1, (0, 1), acknowledgement, &ack, &ack2)?;
    // Merged cells do not grow with their text: size the row by hand.
    s.height(1, height(acknowledgement))?;
    let mut r = 3u32;
    if bi {
        let governing = both(report, |r| r.governing.as_deref().unwrap_or(""));
        s.merged_pair(2, (0, 1), governing, &ack, &ack2)?;
        s.height(2, height(governing))?;
        r = 4;
    }

    let party = st.heading.clone();
    let label2 = secondary_font(&st.label);
    let line = Format::new()
        .set_border_bottom(FormatBorder::Thin)
        .set_border_bottom_color(RULE);
    for (i, p) in report.signoff.iter().enumerate() {
        let color = if p.date.is_some() { GREEN } else { AMBER };
        let status = Pair::new(
            &p.status_text,
            second
                .and_then(|o| o.signoff.get(i))
                .map(|o| o.status_text.as_str()),
        );
        let status_f = party.clone().set_bold().set_font_color(color);
        s.pair(r, 0, parties[i], &party, &secondary_font(&party))?;
        s.pair(r, 1, status, &status_f, &secondary_font(&status_f))?;
        s.pair(r + 1, 0, name, &st.label, &label2)?;
        s.opt_text(r + 1, 1, Some(p.name.as_str()), &st.value)?;
        s.pair(r + 2, 0, title, &st.label, &label2)?;
        s.opt_text(r + 2, 1, p.title.as_deref(), &st.value)?;
        s.pair(r + 3, 0, date, &st.label, &label2)?;
        s.opt_date(r + 3, 1, p.date.as_ref().map(|d| d.date), &st.value_date)?;
        let bottom = st.label.clone().set_align(FormatAlign::Bottom);
        s.pair(r + 4, 0, signature, &bottom, &secondary_font(&bottom))?;
        s.blank(r + 4, 1, &line)?;
        if bi {
            s.height(r, 2.0 * LINE + 6.0)?;
            for k in 1..=3 {
                s.height(r + k, 2.0 * LINE + 2.0)?;
            }
        }
        s.height(r + 4, 36.0)?;
        r += 6;
    }
    s.ws.protect();
    s.ws.set_portrait();
    s.ws.set_print_fit_to_pages(1, 0);
    Ok(s)
}
