//! The workbook read back: its identity sheet checked, names mapped to ids,
//! every row read into a responsibility's state, and every reason to refuse
//! it collected with its sheet and cell.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};

use super::cells::{cell_ref, date_of, text_of};
use super::{ImportError, Refusal};
use crate::Loaded;
use crate::diagnostic::nearest;
use crate::i18n::Translator;
use crate::locale::Locale;
use crate::model::{BrokenRule, ItemState, StateField, Status};
use crate::xlsx::{META_SHEET, columns, keys};

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
        for l in Locale::all() {
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
        let mut unreadable = Vec::new();
        let mut date = |f: u16, field: StateField| match date_of(&cell(r, f), is_1904) {
            Ok(d) => d,
            Err(why) => {
                rf.add(
                    &sheet,
                    at(f),
                    format!("`{id}`: {}: {}", field.words(), why.message),
                    Some(why.hint),
                );
                unreadable.push(field);
                None
            }
        };
        let due = date(columns::DUE, StateField::Due);
        let done_on = date(columns::DONE_ON, StateField::DoneOn);
        let note_text = text_of(&cell(r, columns::NOTE));
        let note = (!note_text.is_empty()).then_some(note_text);
        let Some(status) = status else { continue };
        let state = ItemState {
            status,
            owner,
            due,
            done_on,
            note,
        };
        for rule in state.broken_rules(Some(e.start), e.as_of) {
            if unreadable.contains(&rule.field()) {
                continue;
            }
            let hint = match rule {
                BrokenRule::BeforeStart { .. } => None,
                BrokenRule::DoneAfterAsOf { .. } => {
                    Some("move `as_of` forward in the engagement file first")
                }
                BrokenRule::DoneWithoutDate => Some("enter the date it was done"),
                BrokenRule::NoReason(_) => Some("write the reason in the note"),
                BrokenRule::DateWithoutDone(_) => Some("set the status to done, or clear the date"),
            };
            rf.add(
                &sheet,
                at(column(rule.field())),
                rule.message(&id),
                hint.map(str::to_owned),
            );
        }
        states.insert(id, state);
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

/// The tracker column of a state field.
fn column(field: StateField) -> u16 {
    match field {
        StateField::Status => columns::STATUS,
        StateField::Owner => columns::OWNER,
        StateField::Due => columns::DUE,
        StateField::DoneOn => columns::DONE_ON,
        StateField::Note => columns::NOTE,
    }
}
