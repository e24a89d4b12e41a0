//! `handover import`: a customer's edited tracker back into the engagement.
//!
//! The workbook is read with `calamine`. Its hidden `_handover` sheet says
//! which engagement and catalogue version it belongs to and how its
//! statuses, phases, columns and contacts were named; the Tracker sheet's
//! rows are mapped back to ids (status names of either locale, contact
//! names), checked, and compared with the engagement. The engagement file is
//! then edited in place: only the entries of changed responsibilities are
//! rewritten, so its other values, its comments and its key order stay.

//!
//! - `cells`: a cell's value as text or as a date;
//! - `dates`: dates as customers type them (year first; year last refused);
//! - `workbook`: the workbook read back into states, or the reasons to
//!   refuse it;
//! - `rewrite`: the engagement file's text with the changed entries
//!   rewritten.

mod cells;
mod dates;
mod rewrite;
mod workbook;

pub use workbook::read_states;

use crate::Loaded;
use crate::check::check_engagement;
use crate::diff::{self, ItemChange};
use crate::i18n::Translator;
use crate::model::ItemState;
use crate::source::Source;

/// Why a workbook was refused: the sheet and cell, what is wrong, a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Sheet name.
    pub sheet: String,
    /// Cell (`G12`), row (`12`) or empty for the whole sheet.
    pub cell: String,
    /// What is wrong.
    pub message: String,
    /// What may fix it.
    pub hint: Option<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.cell.is_empty() {
            write!(f, "{}: {}", self.sheet, self.message)?;
        } else {
            write!(f, "{}!{}: {}", self.sheet, self.cell, self.message)?;
        }
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// What can go wrong importing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a workbook calamine can read.
    #[error("not a readable XLSX workbook: {0}")]
    Open(String),
    /// The workbook was refused; nothing is written.
    #[error("the workbook was refused ({} problem{})", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Refused(Vec<Refusal>),
    /// The edited engagement would not validate (a bug if it happens).
    #[error("the updated engagement does not validate: {0}")]
    Invalid(String),
}

/// The outcome of reading a workbook against an engagement.
#[derive(Debug, Clone)]
pub struct Import {
    /// What changed, in catalogue order.
    pub changes: Vec<ItemChange>,
    /// The engagement file's new text (the old text when nothing changed).
    pub updated: String,
}

/// Reads a workbook against an engagement and works out the engagement's
/// new text. Nothing is written.
///
/// # Errors
/// The workbook is unreadable or refused, or (a bug) the edit would not
/// validate.
pub fn import(src: &Source, loaded: &Loaded, xlsx: &[u8]) -> Result<Import, ImportError> {
    let tr = Translator::global().map_err(|e| ImportError::Invalid(e.to_string()))?;
    let states = read_states(xlsx, loaded, tr)?;
    let changes = diff::states(&loaded.catalogue, &loaded.engagement.states, &states);
    if changes.is_empty() {
        return Ok(Import {
            changes,
            updated: src.text().to_owned(),
        });
    }
    let mut ids: Vec<&str> = changes.iter().map(|c| c.item.as_str()).collect();
    ids.dedup();
    let updated = rewrite::rewrite(src, loaded, &states, &ids);
    // The new file must load, and say exactly what the workbook says.
    let check = Source::new(src.name(), updated.clone());
    let checked = check_engagement(&check, &loaded.catalogue)
        .map_err(|d| ImportError::Invalid(d.to_string()))?;
    let blank = ItemState::not_started();
    for (id, want) in &states {
        let got = checked.value.states.get(id).unwrap_or(&blank);
        if got != want {
            return Err(ImportError::Invalid(format!(
                "{id} would read back as {got:?}, not {want:?}"
            )));
        }
    }
    let mut rest_old = loaded.engagement.clone();
    let mut rest_new = checked.value;
    rest_old.states.clear();
    rest_new.states.clear();
    if rest_old != rest_new {
        return Err(ImportError::Invalid(
            "other values of the engagement would change".to_owned(),
        ));
    }
    Ok(Import { changes, updated })
}
