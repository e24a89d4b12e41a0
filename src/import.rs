//! `handover import`: a customer's edited tracker back into the engagement.
//!
//! The workbook is read with `calamine`. Its hidden `_handover` sheet says
//! which engagement and catalogue version it belongs to and how its
//! statuses, phases, columns and contacts were named; the Tracker sheet's
//! rows are mapped back to ids (status names of either locale, contact
//! names), checked, and compared with the engagement. The engagement file is
//! then edited in place: only the entries of changed responsibilities are
//! rewritten, so its other values, its comments and its key order stay.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use jiff::civil::Date;

use crate::Loaded;
use crate::check::{check_engagement, parse_iso_date};
use crate::diagnostic::nearest;
use crate::i18n::Translator;
use crate::locale::Locale;
use crate::model::{ItemState, Status};
use crate::source::{Path, Source, YamlIndex};
use crate::xlsx::{META_SHEET, columns, keys};

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

/// One changed field of one responsibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Phase id.
    pub phase: String,
    /// Item id.
    pub item: String,
    /// `status`, `owner`, `due`, `done_on` or `note`.
    pub field: &'static str,
    /// Value before (`—` when empty).
    pub old: String,
    /// Value after (`—` when empty).
    pub new: String,
}

/// The outcome of reading a workbook against an engagement.
#[derive(Debug, Clone)]
pub struct Import {
    /// What changed, in catalogue order.
    pub changes: Vec<Change>,
    /// The engagement file's new text (the old text when nothing changed).
    pub updated: String,
}

fn col_name(c: u32) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = u8::try_from((n - 1) % 26).unwrap_or(0);
        s.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// `G12` for 0-based row 11, column 6.
fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row + 1)
}

fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Parses a date cell: a real date, an ISO text, or the long forms the
/// outputs print (`2026년 11월 20일`, `November 20, 2026`). A number is a
/// date serial of the workbook's date system: days since 1900 (serial 1 is
/// 1900-01-01), or since 1904 for a workbook saved with `date1904` (serial
/// 0 is 1904-01-01, as old Mac workbooks count).
fn date_of(d: &Data, is_1904: bool) -> Result<Option<Date>, String> {
    // calamine clamps a serial outside its system's range (and NaN) to one
    // of its ends: refuse those instead.
    let (first, last) = if is_1904 {
        (0.0, 2_957_003.0)
    } else {
        (1.0, 2_958_465.0)
    };
    let serial = |v: f64| {
        let not_a_date = || {
            let system = if is_1904 {
                "0, 1904-01-01, to 2957003, 9999-12-31, in this workbook's 1904 date system"
            } else {
                "1, 1900-01-01, to 2958465, 9999-12-31"
            };
            format!("the number {v} is not a date (date serials run from {system})")
        };
        if !(first..last + 1.0).contains(&v) {
            return Err(not_a_date());
        }
        let dt = calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, is_1904);
        let (y, m, day, ..) = dt.to_ymd_hms_milli();
        let (Ok(y), Ok(m), Ok(day)) = (i16::try_from(y), i8::try_from(m), i8::try_from(day)) else {
            return Err(not_a_date());
        };
        Date::new(y, m, day).map_err(|_| not_a_date())
    };
    match d {
        Data::Empty => Ok(None),
        Data::DateTime(dt) => serial(dt.as_f64()).map(Some),
        Data::Float(f) => serial(*f).map(Some),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => serial(*i as f64).map(Some),
        Data::DateTimeIso(s) => parse_iso_date(s.get(..10).unwrap_or(s)).map(Some),
        Data::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            parse_iso_date(s)
                .or_else(|_| parse_long_date(s).ok_or_else(|| format!("`{s}` is not a date")))
                .map(Some)
        }
        other => Err(format!("`{}` is not a date", text_of(other))),
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn parse_long_date(s: &str) -> Option<Date> {
    let nums: Vec<i32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let (y, m, d) = if s.contains('년') {
        (*nums.first()?, *nums.get(1)?, *nums.get(2)?)
    } else {
        let lower = s.to_lowercase();
        let m = MONTHS.iter().position(|m| lower.starts_with(m))? + 1;
        (*nums.get(1)?, i32::try_from(m).ok()?, *nums.first()?)
    };
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// Reads the workbook and returns the state of every responsibility it
/// holds, or every reason to refuse it.
///
/// # Errors
/// The workbook cannot be read, or is refused.
pub fn read_states(
    bytes: &[u8],
    loaded: &Loaded,
    tr: &Translator,
) -> Result<BTreeMap<String, ItemState>, ImportError> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::Open(e.to_string()))?;
    let is_1904 = book.has_1904_epoch();
    let mut rf = Refusals::default();

    // The identity sheet.
    let Ok(meta_range) = book.worksheet_range(META_SHEET) else {
        return Err(ImportError::Refused(vec![Refusal {
            sheet: META_SHEET.to_owned(),
            cell: String::new(),
            message: format!(
                "the workbook has no `{META_SHEET}` sheet: it is not a handover tracker"
            ),
            hint: Some(
                "import the tracker-<locale>.xlsx of a pack built by `handover build`".to_owned(),
            ),
        }]));
    };
    let meta = read_meta(&meta_range);
    let get = |k: &str| meta.get(k).map(|(v, r)| (v.as_str(), cell_ref(*r, 1)));
    let e = &loaded.engagement;
    for (key, want, what) in [
        (keys::SCHEMA, keys::SCHEMA_VERSION, "workbook layout"),
        (keys::ENGAGEMENT_ID, e.id.as_str(), "engagement"),
        (
            keys::CATALOGUE_ID,
            loaded.catalogue.id.as_str(),
            "catalogue",
        ),
        (
            keys::CATALOGUE_VERSION,
            loaded.catalogue.version.as_str(),
            "catalogue version",
        ),
    ] {
        match get(key) {
            Some((v, _)) if v == want => {}
            Some((v, cell)) => rf.add(
                META_SHEET,
                cell,
                format!("this workbook is for {what} `{v}`, the engagement file is for `{want}`"),
                Some(match key {
                    keys::ENGAGEMENT_ID => "import it into the engagement it was built from".to_owned(),
                    keys::SCHEMA => "rebuild the pack with this version of handover".to_owned(),
                    _ => "rebuild the pack from the current engagement and catalogue, then re-enter the edits".to_owned(),
                }),
            ),
            None => rf.add(META_SHEET, String::new(), format!("`{key}` is missing"), None),
        }
    }
    if !rf.0.is_empty() {
        return Err(ImportError::Refused(rf.0));
    }
    let sheet =
        get(keys::TRACKER_SHEET).map_or_else(|| "Tracker".to_owned(), |(v, _)| v.to_owned());
    let Ok(range) = book.worksheet_range(&sheet) else {
        return Err(ImportError::Refused(vec![Refusal {
            sheet,
            cell: String::new(),
            message: "the tracker sheet is missing".to_owned(),
            hint: Some("do not rename or delete the tracker sheet".to_owned()),
        }]));
    };

    // Names → ids.
    let mut statuses: HashMap<String, Status> = HashMap::new();
    for st in Status::ALL {
        statuses.insert(st.key().to_owned(), st);
        for l in Locale::ALL {
            if let Ok(label) = tr.message(l, &format!("status-{}", st.key()), &[]) {
                statuses.insert(label.to_lowercase(), st);
            }
        }
        if let Some((v, _)) = get(&format!("{}{}", keys::STATUS_PREFIX, st.key())) {
            statuses.insert(v.to_lowercase(), st);
        }
    }
    let status_names: Vec<String> = Status::ALL
        .iter()
        .filter_map(|st| {
            get(&format!("{}{}", keys::STATUS_PREFIX, st.key())).map(|(v, _)| v.to_owned())
        })
        .collect();
    let mut owners: HashMap<String, Vec<String>> = HashMap::new();
    for c in &e.contacts {
        owners.entry(c.name.clone()).or_default().push(c.id.clone());
        owners.entry(c.id.clone()).or_default().push(c.id.clone());
    }
    for (k, (v, _)) in &meta {
        if let Some(id) = k.strip_prefix(keys::CONTACT_PREFIX)
            && e.contact(id).is_some()
            && !owners.contains_key(v)
        {
            owners.entry(v.clone()).or_default().push(id.to_owned());
        }
    }
    for ids in owners.values_mut() {
        ids.dedup();
    }

    // The header row.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (i, field) in columns::FIELDS.iter().enumerate() {
        let col = c0 + u32::try_from(i).unwrap_or(0);
        let want = get(&format!("{}{field}", keys::COLUMN_PREFIX)).map(|(v, _)| v.to_owned());
        let have = range.get_value((r0, col)).map(text_of).unwrap_or_default();
        if let Some(want) = want
            && have != want
        {
            rf.add(
                &sheet,
                cell_ref(r0, col),
                format!("expected the column `{want}` here, found `{have}`"),
                Some("do not move, insert or delete the tracker's columns".to_owned()),
            );
        }
    }
    if !rf.0.is_empty() {
        return Err(ImportError::Refused(rf.0));
    }

    // The rows.
    let known: Vec<&str> = loaded
        .catalogue
        .items()
        .map(|(_, i)| i.id.as_str())
        .collect();
    let mut states = BTreeMap::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let end_row = range.end().map_or(r0, |(r, _)| r);
    let cell = |r: u32, field: u16| {
        range
            .get_value((r, c0 + u32::from(field)))
            .cloned()
            .unwrap_or_default()
    };
    for r in (r0 + 1)..=end_row {
        let id = text_of(&cell(r, columns::ID));
        let editable = [
            columns::OWNER,
            columns::DUE,
            columns::STATUS,
            columns::DONE_ON,
            columns::NOTE,
        ];
        if id.is_empty() {
            if editable.iter().any(|f| !matches!(cell(r, *f), Data::Empty)) {
                rf.add(
                    &sheet,
                    cell_ref(r, c0),
                    "a row without an id: rows cannot be added to the tracker".to_owned(),
                    Some("add responsibilities to the catalogue, not to the workbook".to_owned()),
                );
            }
            continue;
        }
        if let Some(first) = seen.insert(id.clone(), r) {
            rf.add(
                &sheet,
                cell_ref(r, c0),
                format!("`{id}` appears twice"),
                Some(format!("first at {}", cell_ref(first, c0))),
            );
            continue;
        }
        if loaded.catalogue.item(&id).is_none() {
            rf.add(
                &sheet,
                cell_ref(r, c0),
                format!(
                    "`{id}` is not a responsibility of `{}`",
                    loaded.catalogue.id
                ),
                nearest(&id, known.iter().copied()).map(|n| format!("did you mean `{n}`?")),
            );
            continue;
        }
        let at = |f: u16| cell_ref(r, c0 + u32::from(f));
        let status_text = text_of(&cell(r, columns::STATUS));
        let status = if status_text.is_empty() {
            Some(Status::NotStarted)
        } else {
            statuses.get(&status_text.to_lowercase()).copied()
        };
        if status.is_none() {
            rf.add(
                &sheet,
                at(columns::STATUS),
                format!("`{id}`: unknown status `{status_text}`"),
                Some(format!("use one of: {}", status_names.join(", "))),
            );
        }
        let owner_text = text_of(&cell(r, columns::OWNER));
        let owner = if owner_text.is_empty() {
            None
        } else {
            match owners.get(&owner_text).map(Vec::as_slice) {
                Some([one]) => Some(one.clone()),
                Some(many) => {
                    rf.add(
                        &sheet,
                        at(columns::OWNER),
                        format!(
                            "`{id}`: owner `{owner_text}` is the name of several contacts ({})",
                            many.join(", ")
                        ),
                        Some("give the contacts distinct names in the engagement file".to_owned()),
                    );
                    None
                }
                None => {
                    let names: Vec<&str> = e.contacts.iter().map(|c| c.name.as_str()).collect();
                    rf.add(
                        &sheet,
                        at(columns::OWNER),
                        format!("`{id}`: owner `{owner_text}` is not a contact"),
                        Some(match nearest(&owner_text, names.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`? New people go under `contacts:` in the engagement file first"),
                            None => format!("the contacts: {}; new people go under `contacts:` in the engagement file first", names.join(", ")),
                        }),
                    );
                    None
                }
            }
        };
        let mut date = |f: u16, what: &str| match date_of(&cell(r, f), is_1904) {
            Ok(d) => {
                if let Some(d) = d.filter(|d| *d < e.start) {
                    rf.add(
                        &sheet,
                        at(f),
                        format!(
                            "`{id}`: {what} {d} is before the engagement starts ({})",
                            e.start
                        ),
                        None,
                    );
                }
                d
            }
            Err(why) => {
                rf.add(
                    &sheet,
                    at(f),
                    format!("`{id}`: {what}: {why}"),
                    Some("enter a date, e.g. 2026-11-20".to_owned()),
                );
                None
            }
        };
        let due = date(columns::DUE, "due");
        let done_on = date(columns::DONE_ON, "done on");
        let note_text = text_of(&cell(r, columns::NOTE));
        let note = (!note_text.is_empty()).then_some(note_text);
        let Some(status) = status else { continue };
        match status {
            Status::Done
                if done_on.is_none() && matches!(cell(r, columns::DONE_ON), Data::Empty) =>
            {
                rf.add(
                    &sheet,
                    at(columns::DONE_ON),
                    format!("`{id}` is done but has no done-on date"),
                    Some("enter the date it was done".to_owned()),
                );
            }
            Status::Blocked | Status::NotApplicable if note.is_none() => {
                rf.add(
                    &sheet,
                    at(columns::NOTE),
                    format!("`{id}` is {status} but has no note saying why"),
                    None,
                );
            }
            _ => {}
        }
        if status != Status::Done && done_on.is_some() {
            rf.add(
                &sheet,
                at(columns::DONE_ON),
                format!("`{id}` has a done-on date but its status is {status}"),
                Some("set the status to done, or clear the date".to_owned()),
            );
        }
        if let (Some(d), Some(a)) = (done_on, e.as_of)
            && d > a
        {
            rf.add(
                &sheet,
                at(columns::DONE_ON),
                format!("`{id}`: done on {d}, after the engagement's `as_of` ({a})"),
                Some("move `as_of` forward in the engagement file first".to_owned()),
            );
        }
        states.insert(
            id,
            ItemState {
                status,
                owner,
                due,
                done_on,
                note,
            },
        );
    }
    let missing: Vec<&str> = known
        .iter()
        .copied()
        .filter(|id| !seen.contains_key(*id))
        .collect();
    if !missing.is_empty() {
        rf.add(
            &sheet,
            String::new(),
            format!(
                "{} responsibilit{} missing: {}",
                missing.len(),
                if missing.len() == 1 {
                    "y is"
                } else {
                    "ies are"
                },
                missing.join(", ")
            ),
            Some(
                "rows cannot be deleted from the tracker; rebuild it with `handover build`"
                    .to_owned(),
            ),
        );
    }
    if rf.0.is_empty() {
        Ok(states)
    } else {
        Err(ImportError::Refused(rf.0))
    }
}

/// The refusals collected while reading.
#[derive(Default)]
struct Refusals(Vec<Refusal>);

impl Refusals {
    fn add(&mut self, sheet: &str, cell: String, message: String, hint: Option<String>) {
        self.0.push(Refusal {
            sheet: sheet.to_owned(),
            cell,
            message,
            hint,
        });
    }
}

/// `key → (value, 0-based row)` from the hidden sheet.
fn read_meta(range: &Range<Data>) -> HashMap<String, (String, u32)> {
    let mut out = HashMap::new();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (i, row) in range.rows().enumerate() {
        let r = r0 + u32::try_from(i).unwrap_or(0);
        if c0 != 0 {
            continue;
        }
        if let (Some(k), Some(v)) = (row.first(), row.get(1)) {
            out.insert(text_of(k), (text_of(v), r));
        }
    }
    out
}

fn show<T: ToString>(v: Option<&T>) -> String {
    v.map_or_else(|| "—".to_owned(), ToString::to_string)
}

/// Lists the changes from the engagement's states to `new`, in catalogue order.
pub fn changes(loaded: &Loaded, new: &BTreeMap<String, ItemState>) -> Vec<Change> {
    let blank = ItemState::not_started();
    let mut out = Vec::new();
    for (phase, item) in loaded.catalogue.items() {
        let old = loaded.engagement.states.get(&item.id).unwrap_or(&blank);
        let Some(new) = new.get(&item.id) else {
            continue;
        };
        let mut push = |field: &'static str, a: String, b: String| {
            if a != b {
                out.push(Change {
                    phase: phase.id.clone(),
                    item: item.id.clone(),
                    field,
                    old: a,
                    new: b,
                });
            }
        };
        push("status", old.status.to_string(), new.status.to_string());
        push("owner", show(old.owner.as_ref()), show(new.owner.as_ref()));
        push("due", show(old.due.as_ref()), show(new.due.as_ref()));
        push(
            "done_on",
            show(old.done_on.as_ref()),
            show(new.done_on.as_ref()),
        );
        push("note", show(old.note.as_ref()), show(new.note.as_ref()));
    }
    out
}

/// A responsibility's state as a one-line YAML flow mapping.
fn flow(state: &ItemState) -> String {
    let mut parts = vec![format!("status: {}", state.status)];
    if let Some(o) = &state.owner {
        parts.push(format!("owner: {}", scalar(o)));
    }
    if let Some(d) = state.due {
        parts.push(format!("due: {d}"));
    }
    if let Some(d) = state.done_on {
        parts.push(format!("done_on: {d}"));
    }
    if let Some(n) = &state.note {
        parts.push(format!("note: {}", scalar(n)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A scalar safe inside a flow mapping: plain when it is a simple word,
/// double-quoted (JSON escapes are valid YAML) otherwise.
fn scalar(s: &str) -> String {
    let simple = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if simple && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off") {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// Edits the engagement text: the entries of `changed` items are rewritten
/// (or added after the nearest preceding item), everything else is kept
/// byte for byte.
fn rewrite(
    src: &Source,
    loaded: &Loaded,
    new: &BTreeMap<String, ItemState>,
    changed: &[&str],
) -> String {
    let text = src.text();
    let index = YamlIndex::build(src);
    let rpath = Path::root().key("responsibilities");
    // New lines end as the file's lines do (CRLF from Windows editors).
    let nl = src.line_break();
    let order: Vec<&str> = loaded
        .catalogue
        .items()
        .map(|(_, i)| i.id.as_str())
        .collect();
    let line_of = |id: &str| format!("{id}: {}", new.get(id).map_or_else(String::new, flow));

    // A flow or empty `responsibilities` becomes a block mapping of all
    // entries (existing and changed), in catalogue order.
    let block = index
        .value_span(&rpath)
        .filter(|r| !text[r.clone()].starts_with('{'))
        .is_some();
    if !block {
        let mut ids: Vec<&str> = order
            .iter()
            .copied()
            .filter(|id| loaded.engagement.states.contains_key(*id) || changed.contains(id))
            .collect();
        ids.dedup();
        let body: String = ids
            .iter()
            .map(|id| format!("{nl}  {}", line_of(id)))
            .collect();
        return match (index.key(&rpath), index.value_span(&rpath)) {
            (_, Some(span)) => format!(
                "{}{}{}",
                &text[..span.start].trim_end_matches([' ', '\t']),
                body,
                &text[span.end..]
            ),
            (Some(key), None) => {
                let eol = src.line_end(key.bytes.start);
                format!("{}{}{}", &text[..eol], body, &text[eol..])
            }
            (None, None) => {
                let sep = if text.ends_with(['\n', '\r']) { "" } else { nl };
                format!("{text}{sep}responsibilities:{body}{nl}")
            }
        };
    }

    // Edits as (byte range, replacement), applied from the end.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let indent = order
        .iter()
        .find_map(|id| index.key(&rpath.key(id)))
        .map_or(2, |p| p.column - 1);
    for id in changed {
        let path = rpath.key(id);
        if let Some(span) = index.value_span(&path) {
            let replacement = new.get(*id).map_or_else(String::new, flow);
            edits.push((span, replacement));
            continue;
        }
        // Not in the file yet: after the nearest preceding listed item, or
        // before the first listed one.
        let pos = order.iter().position(|o| o == id).unwrap_or(0);
        let before = order[..pos]
            .iter()
            .rev()
            .find_map(|o| index.value_span(&rpath.key(o)));
        let line = format!("{}{}", " ".repeat(indent), line_of(id));
        match before {
            Some(span) => {
                let eol = src.line_end(span.end);
                edits.push((eol..eol, format!("{nl}{line}")));
            }
            None => {
                let first = order
                    .iter()
                    .filter_map(|o| index.key(&rpath.key(o)))
                    .map(|p| p.bytes.start)
                    .min()
                    .unwrap_or(text.len());
                let bol = src.line_start(first);
                edits.push((bol..bol, format!("{line}{nl}")));
            }
        }
    }
    // Insertions at the same place keep catalogue order.
    edits.sort_by_key(|e| e.0.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    for (range, replacement) in &edits {
        out.push_str(&text[last..range.start]);
        out.push_str(replacement);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Reads a workbook against an engagement and works out the engagement's
/// new text. Nothing is written.
///
/// # Errors
/// The workbook is unreadable or refused, or (a bug) the edit would not
/// validate.
pub fn import(src: &Source, loaded: &Loaded, xlsx: &[u8]) -> Result<Import, ImportError> {
    let tr = Translator::bundled().map_err(|e| ImportError::Invalid(e.to_string()))?;
    let states = read_states(xlsx, loaded, tr)?;
    let changes = changes(loaded, &states);
    if changes.is_empty() {
        return Ok(Import {
            changes,
            updated: src.text().to_owned(),
        });
    }
    let mut ids: Vec<&str> = changes.iter().map(|c| c.item.as_str()).collect();
    ids.dedup();
    let updated = rewrite(src, loaded, &states, &ids);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_and_dates() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(11, 6), "G12");
        assert_eq!(cell_ref(0, 27), "AB1");
        assert_eq!(
            parse_long_date("2026년 11월 20일"),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(
            parse_long_date("November 20, 2026"),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(parse_long_date("Smarch 20, 2026"), None);
        assert_eq!(
            date_of(&Data::Float(46346.0), false).unwrap(),
            Some(jiff::civil::date(2026, 11, 20))
        );
        // The same day in the 1904 date system is 1,462 days fewer.
        assert_eq!(
            date_of(&Data::Float(44884.0), true).unwrap(),
            Some(jiff::civil::date(2026, 11, 20))
        );
        assert_eq!(
            date_of(&Data::Int(0), true).unwrap(),
            Some(jiff::civil::date(1904, 1, 1))
        );
        assert!(date_of(&Data::Int(0), false).is_err());
        assert!(date_of(&Data::Float(2_957_004.0), true).is_err());
        assert!(date_of(&Data::String("2026-02-30".into()), false).is_err());
    }

    #[test]
    fn flow_quotes_what_needs_it() {
        assert_eq!(scalar("minjun"), "minjun");
        assert_eq!(scalar("=SUM(A1)"), "\"=SUM(A1)\"");
        assert_eq!(scalar("a, b: c"), "\"a, b: c\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("회선 \"대기\""), "\"회선 \\\"대기\\\"\"");
    }
}
