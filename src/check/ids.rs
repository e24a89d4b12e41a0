//! Rules on ids: their characters, the engagement id as a folder name, and
//! ids given twice.

use super::doc::Doc;
use crate::limits;
use crate::source::Path;

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

pub(super) fn check_id(doc: &mut Doc<'_>, id: &str, path: &Path) {
    if id.is_empty() || !id.chars().all(is_id_char) || id.starts_with('.') {
        let pos = doc.at(path);
        doc.error(pos, format!("`{path}`: `{id}` is not a valid id"))
            .hints
            .push("ids use letters, digits, `-`, `_` and `.`, e.g. `ENG-2026-0142`".to_owned());
    }
}

/// Names Windows reserves for devices: a folder cannot have them.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The engagement id names the pack's folder: it must be a safe name
/// everywhere (no path characters — [`check_id`] — no reserved device name,
/// not too long, no trailing dot).
pub(super) fn check_folder_name(doc: &mut Doc<'_>, id: &str, path: &Path) {
    let stem = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    let problem = if id.chars().count() > limits::MAX_ID_CHARS {
        Some(format!(
            "is longer than {} characters",
            limits::MAX_ID_CHARS
        ))
    } else if RESERVED.contains(&stem.as_str()) {
        Some("is a device name Windows reserves".to_owned())
    } else if id.ends_with('.') {
        Some("ends with a dot".to_owned())
    } else {
        None
    };
    if let Some(problem) = problem {
        let pos = doc.at(path);
        doc.error(
            pos,
            format!("engagement id `{id}` {problem}: it names the pack's folder"),
        )
        .hints
        .push("use a short id such as `ENG-2026-0142`".to_owned());
    }
}

pub(super) fn duplicate(doc: &mut Doc<'_>, what: &str, id: &str, first: &Path, again: &Path) {
    let first_pos = doc.at(first);
    let pos = doc.at(again);
    let d = doc.error(pos, format!("duplicate {what} `{id}`"));
    if let Some(f) = first_pos {
        d.hints.push(format!(
            "first used at line {}, column {}",
            f.line, f.column
        ));
    }
}
