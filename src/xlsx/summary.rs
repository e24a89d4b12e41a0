//! The Summary sheet: the engagement at a glance, a phase × status table of
//! counts and "% done" as live formulas over the tracker table (with cached
//! results), and a stacked bar chart of the counts.

use jiff::civil::Date;
use rust_xlsxwriter::utility::column_number_to_name as col_name;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Format,
    FormatAlign, FormatBorder,
};

use super::bilingual::{
    LINE, Other, Pair, SECOND_LINE, both, is_bilingual, secondary_font, secondary_title,
    text_height,
};
use super::chart_cache::ChartPoints;
use super::columns::{DUE, PHASE, STATUS};
use super::names::{plain_criterion, str_lit};
use super::sheet::{AMBER, GREEN, LIGHT, RULE, Sheet, Styles, status_colors};
use super::width::{display_width, fit_width};
use super::{Layout, XlsxError};
use crate::model::Status;
use crate::report::{Counts, Report};

/// One line of the engagement block.
enum Value<'a> {
    /// Text, in one or both languages.
    Text(Pair<'a>),
    /// One or more dates, side by side.
    Dates(Vec<Date>),
    /// Draft or signed off, coloured, with the detail beside it.
    State,
}

/// A value in one language (a name or an id).
fn one(t: &str) -> Value<'_> {
    Value::Text(Pair::new(t, None))
}

/// The engagement block: label and value, in order.
fn info(report: &Report) -> Vec<(Pair<'_>, Value<'_>)> {
    let mut v = vec![(both(report, |r| &r.labels.customer), one(&report.customer))];
    if let Some(t) = &report.tenant {
        v.push((both(report, |r| &r.labels.tenant), one(t)));
    }
    v.push((both(report, |r| &r.labels.provider), one(&report.provider)));
    v.push((
        both(report, |r| &r.labels.engagement),
        one(&report.engagement_id),
    ));
    v.push((
        both(report, |r| &r.labels.catalogue),
        Value::Text(both(report, |r| &r.catalogue_title)),
    ));
    v.push((
        both(report, |r| &r.labels.catalogue_version),
        one(&report.catalogue_version),
    ));
    v.push((
        both(report, |r| &r.labels.period),
        Value::Dates(vec![report.start.date, report.target.date]),
    ));
    v.push((
        both(report, |r| &r.labels.issued),
        Value::Dates(vec![report.issued.date]),
    ));
    if let Some(d) = &report.document_version {
        v.push((both(report, |r| &r.labels.document_version), one(d)));
    }
    v.push((both(report, |r| &r.labels.state), Value::State));
    v
}

/// Rows of the sheet (0-based), fixed by the report.
struct Rows {
    /// First row of the engagement block.
    info: u32,
    /// The section heading.
    heading: u32,
    /// The table's header row (phase, statuses, total, % done).
    header: u32,
    /// First phase row.
    first_phase: u32,
    /// The total row.
    total: u32,
    /// The overdue row.
    overdue: u32,
    /// Where the chart goes.
    chart: u32,
}

impl Rows {
    fn new(report: &Report) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX / 4);
        let info = 4;
        let heading = info + n(info_len(report)) + 1;
        let header = heading + 1;
        let first_phase = header + 1;
        let total = first_phase + n(report.phases.len());
        let overdue = total + 1;
        Self {
            info,
            heading,
            header,
            first_phase,
            total,
            overdue,
            chart: overdue + 2,
        }
    }
}

fn info_len(report: &Report) -> usize {
    info(report).len()
}

/// First column of the status counts.
const FIRST_STATUS_COL: u16 = 1;
/// Column of a status's counts.
fn status_col(s: Status) -> u16 {
    FIRST_STATUS_COL + u16::try_from(s.index()).unwrap_or(0)
}
/// Column of the per-phase totals.
const TOTAL_COL: u16 = FIRST_STATUS_COL + 5;
/// Column of "% done".
const PERCENT_COL: u16 = TOTAL_COL + 1;

/// The cells holding the status names in the table header: (row, first
/// column, last column), 0-based.
pub(super) fn status_header_cells(report: &Report) -> (u32, u16, u16) {
    (Rows::new(report).header, FIRST_STATUS_COL, TOTAL_COL - 1)
}

/// Writes the Summary sheet.
pub(super) fn write(report: &Report, layout: &Layout, st: &Styles) -> Result<Sheet, XlsxError> {
    let mut s = Sheet::new(&layout.summary)?;
    let rows = Rows::new(report);
    let l = &report.labels;

    let second = secondary_font(&st.value);
    if is_bilingual(report) {
        // Across the table's width, the two languages one under the other.
        let across = (0, PERCENT_COL);
        let title2 = secondary_title(&st.title);
        s.merged_pair(
            0,
            across,
            both(report, |r| &r.labels.tracker_title),
            &st.title,
            &title2,
        )?;
        s.height(0, 40.0)?;
        let sub2 = secondary_font(&st.subtitle);
        s.merged_pair(
            1,
            across,
            both(report, |r| &r.catalogue_title),
            &st.subtitle,
            &sub2,
        )?;
        s.height(1, LINE + SECOND_LINE + 2.0)?;
        s.text(2, 0, &report.fingerprint_text, &st.note)?;
        let governing = both(report, |r| r.governing.as_deref().unwrap_or(""));
        s.merged_pair(3, across, governing, &st.value_wrap, &second)?;
        let width: f64 = widths(report).iter().sum();
        s.height(3, text_height(governing, width - 1.0) + 4.0)?;
    } else {
        s.text(0, 0, &l.tracker_title, &st.title)?;
        s.text(1, 0, &report.catalogue_title, &st.subtitle)?;
        s.text(2, 0, &report.fingerprint_text, &st.note)?;
    }

    let label_w = widths(report)[0];
    for (r, (label, value)) in (rows.info..).zip(info(report)) {
        s.pair(r, 0, label, &st.label, &secondary_font(&st.label))?;
        let mut h = text_height(label, label_w);
        match value {
            Value::Text(t) if t.secondary.is_some() => {
                let value_w: f64 = widths(report)[1..].iter().sum();
                s.merged_pair(r, (1, PERCENT_COL), t, &st.value, &second)?;
                h = h.max(text_height(t, value_w - 1.0));
            }
            Value::Text(t) => s.text(r, 1, t.primary, &st.value)?,
            Value::Dates(ds) => {
                for (c, d) in (1u16..).zip(ds) {
                    s.date(r, c, d, &st.value_date)?;
                }
            }
            Value::State => {
                let color = if report.is_signed_off() { GREEN } else { AMBER };
                let f = st.label.clone().set_font_color(color);
                let state = both(report, |r| &r.state_label);
                s.pair(r, 1, state, &f, &secondary_font(&f))?;
                let detail = both(report, |r| r.draft_detail.as_deref().unwrap_or(""));
                if !detail.primary.is_empty() {
                    // Beside the state, on one line.
                    s.text(r, 2, &detail.inline(), &st.value)?;
                }
            }
        }
        if is_bilingual(report) && h > LINE {
            s.height(r, h + 2.0)?;
        }
    }

    counts_table(&mut s, report, layout, &rows, st)?;
    let w = widths(report);
    for (c, width) in (0..).zip(w) {
        s.width(c, width)?;
    }
    // The chart as wide as the table (a column is about 7 pixels a unit,
    // plus 5).
    // Widths are small positive numbers: truncation is intended.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let table_px = w.iter().map(|w| (w * 7.0 + 5.0) as u32).sum::<u32>();
    chart(&mut s, report, layout, &rows, table_px)?;

    s.ws.protect();
    s.ws.set_portrait();
    s.ws.set_print_fit_to_pages(1, 0);
    Ok(s)
}

/// The phase × status table with live formulas.
fn counts_table(
    s: &mut Sheet,
    report: &Report,
    layout: &Layout,
    rows: &Rows,
    st: &Styles,
) -> Result<(), XlsxError> {
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(RULE);
    let th = border
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(LIGHT);
    let td_phase = border
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let td_count = border
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let td_pct = td_count.clone().set_num_format("0%").set_bold();
    let tot = |f: &Format| {
        f.clone()
            .set_bold()
            .set_border_top(FormatBorder::Double)
            .set_border_top_color(RULE)
    };

    let bi = is_bilingual(report);
    let other = Other::of(report);
    let widths = widths(report);
    s.text(
        rows.heading,
        0,
        &both(report, |r| &r.labels.summary_heading).inline(),
        &st.heading,
    )?;
    for c in 1..=PERCENT_COL {
        s.blank(rows.heading, c, &st.heading)?;
    }

    // Header: the phase column, one column per status in its colour, total, % done.
    // In a bilingual workbook the second language sits beneath, in the
    // same colour, not bold and smaller.
    let h = rows.header;
    let under = |f: &Format| f.clone().unset_bold().set_font_size(9.5);
    let th_left = th.clone().set_align(FormatAlign::Left);
    let phase_label = both(report, |r| &r.labels.summary_phase);
    s.pair(h, 0, phase_label, &th_left, &under(&th_left))?;
    let mut header_h = text_height(phase_label, widths[0]);
    let second = report.secondary.as_deref();
    for sl in &report.statuses {
        let (fill, font) = status_colors(sl.status);
        let f = th.clone().set_background_color(fill).set_font_color(font);
        let name = Pair::new(&sl.label, second.map(|o| o.status_label(sl.status)));
        let c = status_col(sl.status);
        s.pair(h, c, name, &f, &under(&f))?;
        header_h = header_h.max(text_height(name, widths[usize::from(c)]));
    }
    for (c, label) in [
        (TOTAL_COL, both(report, |r| &r.labels.summary_total)),
        (
            PERCENT_COL,
            both(report, |r| &r.labels.summary_done_percent),
        ),
    ] {
        s.pair(h, c, label, &th, &under(&th))?;
        header_h = header_h.max(text_height(label, widths[usize::from(c)]));
    }
    if bi {
        s.height(h, header_h + 4.0)?;
    }

    let phase_ref = layout.tracker_column_ref(PHASE);
    let status_ref = layout.tracker_column_ref(STATUS);
    // A status's criterion: its header cell, or in a bilingual workbook
    // (whose header cells hold both languages) the primary name the
    // tracker's status cells hold.
    let hdr = |c: u16| {
        let name = report
            .statuses
            .iter()
            .find(|sl| status_col(sl.status) == c)
            .map_or("", |sl| sl.label.as_str());
        if bi {
            str_lit(name)
        } else {
            format!("{}${}", col_name(c), h + 1)
        }
    };
    let pct = |row: u32| {
        let r = row + 1;
        format!(
            "=IF({t}{r}=0,0,({d}{r}+{n}{r})/{t}{r})",
            t = col_name(TOTAL_COL),
            d = col_name(status_col(Status::Done)),
            n = col_name(status_col(Status::NotApplicable)),
        )
    };
    let fraction = |c: &Counts| c.percent_done() / 100.0;

    for (row, phase) in (rows.first_phase..).zip(&report.phases) {
        let r = row + 1;
        // The title as the tracker's phase cells hold it.
        let title = other.phase(phase);
        s.pair(row, 0, title, &td_phase, &secondary_font(&td_phase))?;
        if bi {
            s.height(row, text_height(title, widths[0]) + 4.0)?;
        }
        let title = title.joined();
        for sl in &report.statuses {
            let c = status_col(sl.status);
            let formula = if plain_criterion(&title) && plain_criterion(&sl.label) {
                format!("=COUNTIFS({phase_ref},$A{r},{status_ref},{})", hdr(c))
            } else {
                // A criterion would read `*`, `?`, `~` or a leading
                // operator specially: compare exactly instead.
                format!("=SUMPRODUCT(({phase_ref}=$A{r})*({status_ref}={}))", hdr(c))
            };
            s.formula(
                row,
                c,
                &formula,
                phase.counts.get(sl.status).to_string(),
                &td_count,
            )?;
        }
        let total = if plain_criterion(&title) {
            format!("=COUNTIFS({phase_ref},$A{r})")
        } else {
            format!("=SUMPRODUCT(--({phase_ref}=$A{r}))")
        };
        s.formula(
            row,
            TOTAL_COL,
            &total,
            phase.counts.total.to_string(),
            &td_count,
        )?;
        s.formula(
            row,
            PERCENT_COL,
            &pct(row),
            fraction(&phase.counts).to_string(),
            &td_pct,
        )?;
    }

    // Totals: sums of the phase rows.
    let t = rows.total;
    let last_phase = t; // 1-based row of the last phase = 0-based total row
    let total = both(report, |r| &r.labels.summary_total);
    s.pair(
        t,
        0,
        total,
        &tot(&td_phase),
        &secondary_font(&tot(&td_phase)),
    )?;
    if bi {
        s.height(t, text_height(total, widths[0]) + 4.0)?;
    }
    for c in FIRST_STATUS_COL..=TOTAL_COL {
        let cl = col_name(c);
        let formula = format!("=SUM({cl}{}:{cl}{last_phase})", rows.first_phase + 1);
        let cached = if c == TOTAL_COL {
            report.totals.total
        } else {
            report
                .statuses
                .iter()
                .find(|sl| status_col(sl.status) == c)
                .map_or(0, |sl| report.totals.get(sl.status))
        };
        s.formula(t, c, &formula, cached.to_string(), &tot(&td_count))?;
    }
    s.formula(
        t,
        PERCENT_COL,
        &pct(t),
        fraction(&report.totals).to_string(),
        &tot(&td_pct),
    )?;

    overdue_row(s, report, layout, rows, &td_phase, &td_count)
}

/// The overdue count as of today: due before `TODAY()` and neither done nor
/// not applicable. (Its cached value is the report's count, as of the issue
/// date.)
fn overdue_row(
    s: &mut Sheet,
    report: &Report,
    layout: &Layout,
    rows: &Rows,
    label: &Format,
    value: &Format,
) -> Result<(), XlsxError> {
    let o = rows.overdue;
    let hdr = |c: u16| format!("${}${}", col_name(c), rows.header + 1);
    // In a bilingual workbook the names themselves (see `counts_table`).
    let hdr = |c: u16, st: Status| {
        if is_bilingual(report) {
            str_lit(report.status_label(st))
        } else {
            hdr(c)
        }
    };
    let due_ref = layout.tracker_column_ref(DUE);
    let status_ref = layout.tracker_column_ref(STATUS);
    let done = hdr(status_col(Status::Done), Status::Done);
    let na = hdr(status_col(Status::NotApplicable), Status::NotApplicable);
    let closed_plain = plain_criterion(report.status_label(Status::Done))
        && plain_criterion(report.status_label(Status::NotApplicable));
    let overdue = if closed_plain {
        format!(
            "=COUNTIFS({due_ref},\"<\"&TODAY(),{status_ref},\"<>\"&{done},{status_ref},\"<>\"&{na})"
        )
    } else {
        format!(
            "=SUMPRODUCT(ISNUMBER({due_ref})*({due_ref}<TODAY())*({status_ref}<>{done})*({status_ref}<>{na}))"
        )
    };
    let name = both(report, |r| &r.labels.summary_overdue);
    s.pair(o, 0, name, label, &secondary_font(label))?;
    if is_bilingual(report) {
        s.height(o, text_height(name, widths(report)[0]) + 4.0)?;
    }
    s.formula(
        o,
        1,
        &overdue,
        report.overdue.len().to_string(),
        &value.clone().set_bold().set_font_color(0x009C_0006),
    )
}

/// What the chart shows, for its caches: the phase titles, and per status
/// (in the order of the series) its count in each phase.
pub(super) fn chart_points(report: &Report) -> ChartPoints {
    ChartPoints {
        // The titles as the summary's phase cells hold them.
        categories: {
            let other = Other::of(report);
            report
                .phases
                .iter()
                .map(|p| other.phase(p).joined())
                .collect()
        },
        series: report
            .statuses
            .iter()
            .map(|sl| {
                report
                    .phases
                    .iter()
                    .map(|p| p.counts.get(sl.status))
                    .collect()
            })
            .collect(),
    }
}

/// A stacked bar chart: one bar per phase, one segment per status. (Its
/// series' caches are filled in after saving: see [`super::chart_cache`].)
fn chart(
    s: &mut Sheet,
    report: &Report,
    layout: &Layout,
    rows: &Rows,
    width: u32,
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::BarStacked);
    let name = layout.summary.as_str();
    let (first, last) = (rows.first_phase, rows.total - 1);
    for sl in &report.statuses {
        let c = status_col(sl.status);
        let (fill, _) = status_colors(sl.status);
        chart
            .add_series()
            .set_name((name, rows.header, c))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, c, last, c))
            .set_gap(60)
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(fill))
                    .set_no_border(),
            );
    }
    chart
        .title()
        .set_name(&both(report, |r| &r.labels.summary_progress).inline());
    // Phases top to bottom in catalogue order, the value axis below.
    // (In a bar chart the category axis is the y axis.)
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.x_axis().set_num_format("0");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    let phases = u32::try_from(report.phases.len()).unwrap_or(20).min(40);
    chart
        .set_width(width.clamp(480, 1400))
        .set_height(180 + 42 * phases);
    let e = s.err("inserting the chart");
    s.ws.insert_chart(rows.chart, 0, &chart).map_err(e)?;
    Ok(())
}

/// Column widths: labels and phase titles in A, statuses and dates in B–F;
/// in a bilingual workbook wide enough for either language's text.
fn widths(report: &Report) -> [f64; PERCENT_COL as usize + 1] {
    let other = Other::of(report);
    let a: Vec<&str> = info(report)
        .into_iter()
        .map(|(label, _)| label)
        .chain(report.phases.iter().map(|p| other.phase(p)))
        .chain([
            both(report, |r| &r.labels.summary_total),
            both(report, |r| &r.labels.summary_overdue),
            both(report, |r| &r.labels.summary_phase),
        ])
        .flat_map(|p| p.texts())
        .collect();
    let mut w = [0.0; PERCENT_COL as usize + 1];
    w[0] = fit_width(a, 2, 14, 32);
    let dates = [&report.start, &report.target, &report.issued].map(|d| d.text.as_str());
    let status_w = std::iter::once(report)
        .chain(report.secondary.as_deref())
        .flat_map(|r| &r.statuses)
        .map(|sl| display_width(&sl.label))
        .chain(dates.iter().map(|d| display_width(d) + 1))
        .max()
        .unwrap_or(0);
    let status_w = fit_width(std::iter::empty(), status_w + 2, 11, 24);
    for c in FIRST_STATUS_COL..TOTAL_COL {
        w[usize::from(c)] = status_w;
    }
    let total = both(report, |r| &r.labels.summary_total);
    let done = both(report, |r| &r.labels.summary_done_percent);
    w[usize::from(TOTAL_COL)] = fit_width(total.texts(), 3, 9, 20);
    w[usize::from(PERCENT_COL)] = fit_width(done.texts(), 3, 9, 20);
    w
}
