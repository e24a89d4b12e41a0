//! `handover show`: a readable terminal summary of a resolved report, or
//! the report as JSON.

use std::fmt::Write;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use handover::bundled;
use handover::model::Status;
use handover::report::Report;

use super::args::ShowArgs;
use super::error::{Error, Staged};
use super::output::Out;
use super::{install_locales, load_with, parse_locale, print_warnings, read, source_date_epoch};

/// Prints the summary (or the JSON) of an engagement, the bundled sample
/// when none is given.
pub fn run(out: &mut Out, args: &ShowArgs) -> Result<ExitCode, Error> {
    install_locales(args.locales.as_deref())?;
    let asked = args.locale.as_deref().map(parse_locale).transpose()?;
    let src = match &args.file {
        Some(f) => read(f)?,
        None => bundled::SAMPLES[0].source(),
    };
    let loaded = load_with(&src, args.catalogue.as_deref())?;
    print_warnings(&loaded, &src);
    let report = loaded
        .report(loaded.locale(asked), source_date_epoch()?)
        .staged()?;
    if args.json {
        // Written straight to the handle: a reader that closes after the
        // first line stops the writing there.
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
        out.text("\n")?;
    } else {
        out.text(&summary(&report))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn rpad(s: &str, w: usize) -> String {
    let mut out = String::new();
    for _ in width(s)..w {
        out.push(' ');
    }
    out.push_str(s);
    out
}

/// The summary as plain text.
pub fn summary(r: &Report) -> String {
    let l = &r.labels;
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", l.document_title, r.customer);
    let _ = writeln!(o, "{}", r.catalogue_title);
    o.push('\n');
    let mut fields: Vec<(&str, String)> = vec![
        (&l.engagement, r.engagement_id.clone()),
        (&l.customer, r.customer.clone()),
    ];
    if let Some(t) = &r.tenant {
        fields.push((&l.tenant, t.clone()));
    }
    fields.push((&l.provider, r.provider.clone()));
    fields.push((
        &l.catalogue,
        format!("{} {}", r.catalogue_id, r.catalogue_version),
    ));
    fields.push((&l.period, r.period.clone()));
    fields.push((&l.issued, r.issued.text.clone()));
    if let Some(v) = &r.document_version {
        fields.push((&l.document_version, v.clone()));
    }
    fields.push((&l.state, r.state_label.clone()));
    let kw = fields.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    for (k, v) in &fields {
        let _ = writeln!(o, "  {}  {v}", pad(k, kw));
    }
    o.push('\n');

    // Phase × status table.
    let mut header = vec![l.summary_phase.clone()];
    header.extend(r.statuses.iter().map(|s| s.label.clone()));
    header.push(l.summary_total.clone());
    header.push(l.summary_done_percent.clone());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for p in &r.phases {
        rows.push(count_row(&p.title, &p.counts));
    }
    rows.push(count_row(&l.summary_total, &r.totals));
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            if i == 0 {
                s.push_str(&pad(c, widths[i]));
            } else {
                s.push_str("  ");
                s.push_str(&rpad(c, widths[i]));
            }
        }
        s.trim_end().to_owned()
    };
    let _ = writeln!(o, "{}", line(&header));
    for (i, row) in rows.iter().enumerate() {
        if i == rows.len() - 1 {
            let _ = writeln!(
                o,
                "  {}",
                "─".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
            );
        }
        let _ = writeln!(o, "{}", line(row));
    }
    o.push('\n');
    let _ = writeln!(o, "{}", r.overdue_text);
    for (_, item) in r.items().filter(|(_, i)| i.overdue) {
        let due = item.due.as_ref().map_or("", |d| d.text.as_str());
        let owner = item.owner.as_deref().unwrap_or("—");
        let _ = writeln!(
            o,
            "  {}  {}  {}  {}",
            item.id, due, owner, item.status_label
        );
    }
    let blocked: Vec<_> = r
        .items()
        .filter(|(_, i)| i.status == Status::Blocked)
        .collect();
    if !blocked.is_empty() {
        o.push('\n');
        let _ = writeln!(o, "{}:", r.status_label(Status::Blocked));
        for (_, item) in blocked {
            let _ = writeln!(o, "  {}  {}", item.id, item.note.as_deref().unwrap_or(""));
        }
    }
    o.push('\n');
    let _ = writeln!(o, "{}:", l.signoff_heading);
    for s in &r.signoff {
        let name = if s.name.is_empty() { "—" } else { &s.name };
        let title = s
            .title
            .as_deref()
            .map(|t| format!(", {t}"))
            .unwrap_or_default();
        let _ = writeln!(o, "  {}: {name}{title} — {}", s.party_label, s.status_text);
    }
    let _ = writeln!(o, "\n{}", r.fingerprint_text);
    o
}

fn count_row(title: &str, c: &handover::report::Counts) -> Vec<String> {
    let mut row = vec![title.to_owned()];
    row.extend(Status::ALL.iter().map(|s| c.get(*s).to_string()));
    row.push(c.total.to_string());
    row.push(format!("{:.0}%", c.percent_done().floor()));
    row
}
