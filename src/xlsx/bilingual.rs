//! Two languages in one cell, for a bilingual workbook: the primary text
//! first, the secondary beneath it in a smaller, lighter run (one rich
//! string, so every reader sees `primary\nsecondary` as the cell's value).
//!
//! With no secondary report every helper gives the primary text alone, so a
//! one-language workbook is written exactly as before.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format};

use super::sheet::GREY;
use crate::report::{ItemView, PhaseView, Report};

/// A text in the primary language and, in a bilingual workbook, the same
/// text in the other language.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair<'a> {
    /// The primary language's text.
    pub primary: &'a str,
    /// The secondary language's text, when it says something the primary
    /// does not (an equal text, e.g. `ID`, is not repeated).
    pub secondary: Option<&'a str>,
}

impl<'a> Pair<'a> {
    /// A pair; an empty or equal secondary text is dropped.
    pub fn new(primary: &'a str, secondary: Option<&'a str>) -> Self {
        let secondary = secondary.filter(|s| !s.is_empty() && *s != primary);
        Self { primary, secondary }
    }

    /// The cell's value: the two texts on two lines.
    pub fn joined(&self) -> String {
        match self.secondary {
            Some(s) => format!("{}\n{s}", self.primary),
            None => self.primary.to_owned(),
        }
    }

    /// The two texts on one line, `primary / secondary` (for a chart title
    /// or a heading).
    pub fn inline(&self) -> String {
        match self.secondary {
            Some(s) => format!("{} / {s}", self.primary),
            None => self.primary.to_owned(),
        }
    }

    /// The texts, primary first.
    pub fn texts(self) -> impl Iterator<Item = &'a str> + use<'a> {
        std::iter::once(self.primary).chain(self.secondary)
    }
}

/// Height of a line of 11-point text, in points.
pub(super) const LINE: f64 = 15.0;
/// Height of a line of the secondary run's smaller text, in points.
pub(super) const SECOND_LINE: f64 = 13.0;

/// The height, in points, a text in one or two languages takes wrapped in
/// a column `width` units wide (no padding).
pub(super) fn text_height(p: Pair<'_>, width: f64) -> f64 {
    let n = |t: &str| {
        // Line counts are small: the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let n = super::width::wrapped_lines(t, width).min(200) as f64;
        n
    };
    n(p.primary) * LINE + p.secondary.map_or(0.0, |s| n(s) * SECOND_LINE)
}

/// A field of the report and of its secondary report.
pub(super) fn both(report: &Report, field: fn(&Report) -> &str) -> Pair<'_> {
    Pair::new(field(report), report.secondary.as_deref().map(field))
}

/// Whether the report is drawn in two languages.
pub(super) fn is_bilingual(report: &Report) -> bool {
    report.secondary.is_some()
}

/// The secondary report's phases and items, by id.
pub(super) struct Other<'a> {
    phases: HashMap<&'a str, &'a PhaseView>,
    items: HashMap<&'a str, &'a ItemView>,
}

impl<'a> Other<'a> {
    /// The secondary report's phases and items (none for one language).
    pub fn of(report: &'a Report) -> Self {
        let mut phases = HashMap::new();
        let mut items = HashMap::new();
        if let Some(s) = report.secondary.as_deref() {
            for p in &s.phases {
                phases.insert(p.id.as_str(), p);
                for i in &p.items {
                    items.insert(i.id.as_str(), i);
                }
            }
        }
        Self { phases, items }
    }

    /// Whether there is no secondary report.
    pub fn is_empty(&self) -> bool {
        self.phases.is_empty() && self.items.is_empty()
    }

    /// A phase's title in both languages.
    pub fn phase(&self, p: &'a PhaseView) -> Pair<'a> {
        Pair::new(
            &p.title,
            self.phases.get(p.id.as_str()).map(|o| o.title.as_str()),
        )
    }

    /// A responsibility's text in both languages.
    pub fn item(&self, i: &'a ItemView) -> Pair<'a> {
        Pair::new(
            &i.text,
            self.items.get(i.id.as_str()).map(|o| o.text.as_str()),
        )
    }
}

/// A sheet title's line in the other language: 12 pt grey, not bold.
pub(super) fn secondary_title(title: &Format) -> Format {
    title
        .clone()
        .unset_bold()
        .set_font_size(12)
        .set_font_color(GREY)
}

/// The font of the secondary run beneath a cell's text in `cell`'s
/// format: not bold, smaller, grey.
pub(super) fn secondary_font(cell: &Format) -> Format {
    cell.clone()
        .unset_bold()
        .set_font_size(9.5)
        .set_font_color(GREY)
}

/// The secondary run of a table header cell (white on blue): not bold,
/// smaller, a pale blue.
pub(super) fn secondary_header_font(cell: &Format) -> Format {
    cell.clone()
        .unset_bold()
        .set_font_size(9.5)
        .set_font_color(Color::RGB(0x00DD_E6F4))
}
