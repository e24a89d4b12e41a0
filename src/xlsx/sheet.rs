//! A worksheet being written, with every `rust_xlsxwriter` error turned into
//! an [`XlsxError`] that names the sheet and the cell; and the shared cell
//! formats and colours.

use jiff::civil::Date;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Worksheet};

use super::XlsxError;
use super::bilingual::Pair;
use crate::model::Status;

/// A worksheet and its name (for error messages).
pub(super) struct Sheet {
    /// The worksheet.
    pub ws: Worksheet,
    /// Its name.
    pub name: String,
}

/// The first date Excel's 1900 date system can show.
fn excel_can_show(d: Date) -> bool {
    d.year() >= 1900
}

impl Sheet {
    /// A new worksheet called `name` (already a valid sheet name).
    pub fn new(name: &str) -> Result<Self, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name).map_err(|source| XlsxError::Sheet {
            sheet: name.to_owned(),
            what: "naming the sheet",
            source: Box::new(source),
        })?;
        Ok(Self {
            ws,
            name: name.to_owned(),
        })
    }

    fn cell_err(
        &self,
        row: u32,
        col: u16,
    ) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> XlsxError + use<> {
        let sheet = self.name.clone();
        move |source| XlsxError::Cell {
            sheet,
            cell: rust_xlsxwriter::utility::row_col_to_cell(row, col),
            source: Box::new(source),
        }
    }

    /// The error of a sheet-wide step (a table, a validation, a chart…).
    pub fn err(
        &self,
        what: &'static str,
    ) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> XlsxError + use<> {
        let sheet = self.name.clone();
        move |source| XlsxError::Sheet {
            sheet,
            what,
            source: Box::new(source),
        }
    }

    /// Writes text as a string cell, whatever it starts with: user text is
    /// data, never a formula.
    pub fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let r = self.ws.write_string_with_format(row, col, s, f).map(|_| ());
        r.map_err(self.cell_err(row, col))
    }

    /// Writes a text in one or two languages: the primary text alone, or
    /// the primary then, on the next line, the secondary in `second`'s font
    /// (a rich string, the cell wrapping).
    pub fn pair(
        &mut self,
        row: u32,
        col: u16,
        p: Pair<'_>,
        f: &Format,
        second: &Format,
    ) -> Result<(), XlsxError> {
        let Some(secondary) = p.secondary else {
            return self.text(row, col, p.primary, f);
        };
        let cell = f.clone().set_text_wrap();
        if p.primary.is_empty() {
            return self.text(row, col, secondary, &cell);
        }
        let tail = format!("\n{secondary}");
        let runs = [(f, p.primary), (second, tail.as_str())];
        let r = self
            .ws
            .write_rich_string_with_format(row, col, &runs, &cell)
            .map(|_| ());
        r.map_err(self.cell_err(row, col))
    }

    /// Writes a text in one or two languages across the merged cells
    /// `first..=last` of a row (a merged range does not grow with its
    /// text: the caller sizes the row).
    pub fn merged_pair(
        &mut self,
        row: u32,
        (first, last): (u16, u16),
        p: Pair<'_>,
        f: &Format,
        second: &Format,
    ) -> Result<(), XlsxError> {
        let e = self.err("merging cells");
        if p.secondary.is_none() {
            self.ws
                .merge_range(row, first, row, last, p.primary, f)
                .map_err(e)?;
            return Ok(());
        }
        let cell = f.clone().set_text_wrap();
        self.ws
            .merge_range(row, first, row, last, "", &cell)
            .map_err(e)?;
        self.pair(row, first, p, &cell, second)
    }

    /// Sets a row's height in points.
    pub fn height(&mut self, row: u32, points: f64) -> Result<(), XlsxError> {
        let r = self.ws.set_row_height(row, points).map(|_| ());
        r.map_err(self.err("sizing a row"))
    }

    /// Writes an empty cell carrying a format (so an unlocked, date-formatted
    /// cell stays so when the customer types into it).
    pub fn blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError> {
        let r = self.ws.write_blank(row, col, f).map(|_| ());
        r.map_err(self.cell_err(row, col))
    }

    /// Writes text, or a blank with the format when there is none.
    pub fn opt_text(
        &mut self,
        row: u32,
        col: u16,
        s: Option<&str>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        match s {
            Some(s) if !s.is_empty() => self.text(row, col, s, f),
            _ => self.blank(row, col, f),
        }
    }

    /// Writes a real date cell; a date before 1900, which Excel cannot show,
    /// is written as ISO text instead.
    pub fn date(&mut self, row: u32, col: u16, d: Date, f: &Format) -> Result<(), XlsxError> {
        if !excel_can_show(d) {
            return self.text(row, col, &d.to_string(), f);
        }
        let r = self.ws.write_date_with_format(row, col, d, f).map(|_| ());
        r.map_err(self.cell_err(row, col))
    }

    /// Writes a date cell, or a blank with the format when there is none.
    pub fn opt_date(
        &mut self,
        row: u32,
        col: u16,
        d: Option<Date>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        match d {
            Some(d) => self.date(row, col, d, f),
            None => self.blank(row, col, f),
        }
    }

    /// Writes a formula with its cached result (what viewers that do not
    /// recalculate show).
    pub fn formula(
        &mut self,
        row: u32,
        col: u16,
        formula: &str,
        result: impl Into<String>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(formula).set_result(result);
        let r = self
            .ws
            .write_formula_with_format(row, col, formula, f)
            .map(|_| ());
        r.map_err(self.cell_err(row, col))
    }

    /// Sets a column width in character units.
    pub fn width(&mut self, col: u16, width: f64) -> Result<(), XlsxError> {
        let r = self.ws.set_column_width(col, width).map(|_| ());
        r.map_err(self.err("setting a column width"))
    }
}

/// Fill and font colour of a status, shared by the summary header cells and
/// the chart series.
pub(super) fn status_colors(s: Status) -> (Color, Color) {
    match s {
        Status::NotStarted => (Color::RGB(0x00BF_BFBF), Color::RGB(0x0026_2626)),
        Status::InProgress => (Color::RGB(0x004A_86C8), Color::White),
        Status::Blocked => (Color::RGB(0x00C0_392B), Color::White),
        Status::Done => (Color::RGB(0x0038_8E3C), Color::White),
        Status::NotApplicable => (Color::RGB(0x00A5_D6A7), Color::RGB(0x001B_3A1D)),
    }
}

/// Muted grey for secondary text.
pub(super) const GREY: Color = Color::RGB(0x0059_5959);
/// Light grey fill for label cells and table headers.
pub(super) const LIGHT: Color = Color::RGB(0x00F2_F2F2);
/// Border colour.
pub(super) const RULE: Color = Color::RGB(0x00A6_A6A6);
/// Amber for a draft.
pub(super) const AMBER: Color = Color::RGB(0x00B2_6A00);
/// Green for signed off.
pub(super) const GREEN: Color = Color::RGB(0x0027_6B2E);

/// The header fill of the tables' style (Medium 2).
const HEADER_BLUE: Color = Color::RGB(0x0044_72C4);

/// The header cells of a table: the table style paints them in Excel; the
/// explicit format makes them look the same where table styles are not
/// drawn (`LibreOffice`).
pub(super) fn table_header() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(HEADER_BLUE)
        .set_align(FormatAlign::VerticalCenter)
}

/// Formats shared by the sheets.
pub(super) struct Styles {
    /// Sheet title.
    pub title: Format,
    /// A line under the title.
    pub subtitle: Format,
    /// Section heading.
    pub heading: Format,
    /// A field label (bold).
    pub label: Format,
    /// A plain value.
    pub value: Format,
    /// A plain value that wraps.
    pub value_wrap: Format,
    /// A date value.
    pub value_date: Format,
    /// Small grey text.
    pub note: Format,
}

impl Styles {
    /// The formats, with `date_format` as the number format of dates.
    pub fn new(date_format: &str) -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Self {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_italic().set_font_color(GREY),
            heading: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(RULE),
            label: top.clone().set_bold(),
            value: top.clone().set_align(FormatAlign::Left),
            value_wrap: top.clone().set_text_wrap(),
            value_date: top.set_num_format(date_format).set_align(FormatAlign::Left),
            note: Format::new().set_font_color(GREY).set_font_size(9),
        }
    }
}
