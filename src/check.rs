//! Loading and checking: YAML text → raw types → checked model.
//!
//! Syntax and type errors come from `serde_yaml` (with its line and column)
//! and `serde_path_to_error` (with the path of the bad field, which the
//! [`YamlIndex`] turns into a line and column). Every rule of DESIGN.md is
//! then checked, and every problem is collected: one run shows them all.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, nearest};
use crate::limits;
use crate::locale::Locale;
use crate::model::{
    Catalogue, Contact, Engagement, Item, ItemState, Party, Phase, Revision, Signoff, Status, Text,
};
use crate::raw::{
    RawCatalogue, RawContact, RawEngagement, RawItemState, RawRevision, RawSignoff, RawText,
};
use crate::source::{Path, Pos, Source, YamlIndex};

/// A parsed YAML document, with the place of every key and value indexed
/// on first need (a file without problems never needs it).
struct Doc<'a> {
    src: &'a Source,
    index: std::cell::OnceCell<YamlIndex>,
    diags: Diagnostics,
}

/// How deeply a value nests (a mapping or sequence counts one level).
fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Mapping(m) => stack.extend(m.iter().flat_map(|(k, v)| [(k, d + 1), (v, d + 1)])),
            Value::Sequence(s) => stack.extend(s.iter().map(|v| (v, d + 1))),
            Value::Tagged(t) => stack.push((&t.value, d)),
            _ => {}
        }
    }
    max
}

impl<'a> Doc<'a> {
    /// Parses `src`; a syntax error is returned as the only diagnostic.
    fn parse(src: &'a Source) -> Result<(Self, Value), Diagnostics> {
        if src.text().trim().is_empty() {
            return Err(Diagnostics(vec![
                Diagnostic::error(src.name(), Some(src.pos_at(0)), "the file is empty")
                    .hint("run `handover init --customer NAME` for a starting point"),
            ]));
        }
        let parsed = serde_yaml::from_str::<Value>(src.text());
        let mut doc = Doc {
            src,
            index: std::cell::OnceCell::new(),
            diags: Diagnostics::default(),
        };
        // The event index sees what the data parser forgives or cannot
        // place: duplicate keys, aliases, excessive nesting. A file that
        // parses, has no alias and nests shallowly needs none of it.
        let shallow = parsed.as_ref().is_ok_and(|v| depth(v) <= limits::MAX_DEPTH);
        if !shallow || src.text().contains('*') || src.text().contains('&') {
            doc.structural_checks();
        }
        if doc.diags.has_errors() {
            doc.diags.sort();
            doc.diags.cap(src.name(), limits::MAX_DIAGNOSTICS);
            return Err(doc.diags);
        }
        match parsed {
            Ok(Value::Null) => Err(Diagnostics(vec![
                Diagnostic::error(
                    src.name(),
                    Some(src.pos_at(0)),
                    "the file holds nothing but comments",
                )
                .hint("run `handover init --customer NAME` for a starting point"),
            ])),
            Ok(value) => Ok((doc, value)),
            Err(e) => {
                // The data parser counts its place in bytes.
                let pos = e.location().map(|l| doc.src.pos_at(l.index()));
                let message = strip_location(&e.to_string());
                let d = match message.as_str() {
                    "deserializing from YAML containing more than one document is not supported" => {
                        // The data parser does not say where the second
                        // document starts; the event parser does, unless it
                        // stops at a syntax error first: that error is then
                        // the one to fix.
                        let index = doc.index();
                        match (index.documents().get(1), index.syntax_error()) {
                            (Some(second), _) => Diagnostic::error(
                                src.name(),
                                Some(second.clone()),
                                "the file holds more than one YAML document",
                            )
                            .hint("remove the `---` line that starts the second one, or split the file"),
                            (None, Some((at, message))) => Diagnostic::error(
                                src.name(),
                                Some(at.clone()),
                                format!("YAML syntax: {message}"),
                            )
                            .hint("check the indentation and the quoting around this place"),
                            (None, None) => Diagnostic::error(
                                src.name(),
                                Some(src.content_start()),
                                "the file holds more than one YAML document",
                            )
                            .hint("a file holds one document: one mapping of sections"),
                        }
                    }
                    "repetition limit exceeded" => Diagnostic::error(
                        src.name(),
                        pos.or_else(|| doc.index().aliases().first().cloned()),
                        "YAML aliases expand into too many values (a \"billion laughs\" file?)",
                    )
                    .hint("write the values out instead of using anchors and aliases"),
                    "recursion limit exceeded" => {
                        Diagnostic::error(src.name(), pos, "the document is nested too deeply")
                            .hint("check the indentation")
                    }
                    _ => Diagnostic::error(src.name(), pos, format!("YAML syntax: {message}"))
                        .hint("check the indentation and the quoting around this place"),
                };
                Err(Diagnostics(vec![d]))
            }
        }
    }

    /// The position index, built on first use.
    fn index(&self) -> &YamlIndex {
        self.index.get_or_init(|| YamlIndex::build(self.src))
    }

    /// Nesting depth, aliases and duplicate keys, from the event index.
    fn structural_checks(&mut self) {
        let src = self.src;
        if let Some(pos) = self.index().too_deep().cloned() {
            self.diags.push(
                Diagnostic::error(src.name(), Some(pos), format!("the document is nested more than {} levels deep", limits::MAX_DEPTH))
                    .hint("engagement and catalogue files need a handful of levels; check the indentation"),
            );
            return;
        }
        if self.index().aliases().len() > limits::MAX_ALIASES {
            let pos = self.index().aliases().get(limits::MAX_ALIASES).cloned();
            self.diags.push(
                Diagnostic::error(src.name(), pos, format!("more than {} YAML aliases (`*name`)", limits::MAX_ALIASES))
                    .hint("aliases can multiply a small file into a huge one; write the values out instead"),
            );
            return;
        }
        let dups: Vec<_> = self.index().duplicates().to_vec();
        for d in dups {
            let msg = format!("`{}` is given twice", d.path);
            let hint = format!(
                "first given at line {}, column {}",
                d.first.line, d.first.column
            );
            self.diags
                .push(Diagnostic::error(src.name(), Some(d.again), msg).hint(hint));
        }
    }

    fn error(&mut self, pos: Option<Pos>, message: impl Into<String>) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(self.src.name(), pos, message));
        let last = self.diags.0.len() - 1;
        &mut self.diags.0[last]
    }

    /// The place of the value at `path` (or the nearest thing that exists;
    /// the start of the content when the event parser could not index the
    /// file at all).
    fn at(&self, path: &Path) -> Option<Pos> {
        Some(
            self.index()
                .nearest(path)
                .unwrap_or_else(|| self.src.content_start()),
        )
    }

    /// The place of the key ending `path`.
    fn key_at(&self, path: &Path) -> Option<Pos> {
        self.index().key(path).cloned().or_else(|| self.at(path))
    }

    /// Deserializes `value` (found at `base`) into `T`, reporting a failure
    /// at the exact field.
    fn decode<T: DeserializeOwned>(&mut self, value: Value, base: &Path) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Some(t),
            Err(err) => {
                let mut path = base.clone();
                for seg in err.path().iter() {
                    path = match seg {
                        serde_path_to_error::Segment::Seq { index } => path.index(*index),
                        serde_path_to_error::Segment::Map { key } => path.key(key),
                        serde_path_to_error::Segment::Enum { variant } => path.key(variant),
                        serde_path_to_error::Segment::Unknown => path,
                    };
                }
                let message = strip_location(&err.inner().to_string());
                self.type_error(&path, &message);
                None
            }
        }
    }

    /// Turns a serde message into a diagnostic with a helpful place and hint.
    fn type_error(&mut self, path: &Path, message: &str) {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or_default();
            let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
            // serde_path_to_error's path already ends with the unknown key.
            let path = match path.segments().last() {
                Some(crate::source::Seg::Key(k)) if k == field => path.parent(),
                _ => path.clone(),
            };
            let pos = self.key_at(&path.key(field));
            let where_ = if path.is_root() {
                String::new()
            } else {
                format!(" in `{path}`")
            };
            let d = self.error(pos, format!("unknown field `{field}`{where_}"));
            if let Some(near) = nearest(field, expected.iter().copied()) {
                d.hints.push(format!("did you mean `{near}`?"));
            }
            if !expected.is_empty() {
                d.hints
                    .push(format!("the fields allowed here: {}", expected.join(", ")));
            }
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or_default();
            let pos = self.at(path);
            let where_ = if path.is_root() {
                "at the top of the file".to_owned()
            } else {
                format!("in `{path}`")
            };
            self.error(pos, format!("missing field `{field}` {where_}"))
                .hints
                .push(format!("add `{field}:` here"));
        } else if message.starts_with("invalid type") {
            let pos = self.at(path);
            // serde names our types ("expected struct RawContact"): say what
            // the file should hold instead.
            let message = match message.find("expected struct ") {
                Some(i) => format!("{}expected a mapping of fields", &message[..i]),
                None => message.to_owned(),
            };
            let what = if path.is_root() {
                "the document".to_owned()
            } else {
                format!("`{path}`")
            };
            let d = self.error(pos, format!("{what}: {message}"));
            if message.contains("expected a string") {
                d.hints
                    .push("put the value in quotes, e.g. \"1.0\"".to_owned());
            }
        } else {
            let pos = self.at(path);
            self.error(pos, format!("`{path}`: {message}"));
        }
    }

    /// Refuses a text longer than [`limits::MAX_TEXT_CHARS`].
    fn length(&mut self, text: &str, path: &Path) {
        if text.len() > limits::MAX_TEXT_CHARS && text.chars().count() > limits::MAX_TEXT_CHARS {
            let pos = self.at(path);
            self.error(
                pos,
                format!(
                    "`{path}` is {} characters long; the limit is {}",
                    text.chars().count(),
                    limits::MAX_TEXT_CHARS
                ),
            )
            .hints
            .push("shorten it, or keep the details in a document it refers to".to_owned());
        }
    }

    /// Refuses a list longer than `max`.
    fn count(&mut self, n: usize, max: usize, path: &Path, what: &str) -> bool {
        if n > max {
            let pos = self.at(path);
            self.error(pos, format!("{n} {what}; the limit is {max}"));
            return false;
        }
        true
    }

    /// Parses an ISO date at `path`.
    fn date(&mut self, text: &str, path: &Path) -> Option<Date> {
        match parse_iso_date(text) {
            Ok(d) => Some(d),
            Err(why) => {
                let pos = self.at(path);
                self.error(pos, format!("`{path}`: `{text}` is not a date: {why}"))
                    .hints
                    .push("dates are written YYYY-MM-DD, e.g. 2026-11-20".to_owned());
                None
            }
        }
    }

    fn opt_date(&mut self, text: Option<&String>, path: &Path) -> Option<Date> {
        text.and_then(|t| self.date(t, path))
    }

    /// Checks that a multilingual text has exactly the declared locales.
    fn text(&mut self, raw: &RawText, path: &Path, locales: &[Locale]) -> Text {
        let mut out = BTreeMap::new();
        for (tag, value) in raw {
            match tag.parse::<Locale>() {
                Ok(l) if l.tag() == tag && locales.contains(&l) => {
                    self.length(value, &path.key(tag));
                    if value.trim().is_empty() {
                        let pos = self.at(&path.key(tag));
                        self.error(pos, format!("`{path}.{tag}` is empty"));
                    }
                    out.insert(l, value.trim().to_owned());
                }
                _ => {
                    let pos = self.key_at(&path.key(tag));
                    let tags: Vec<&str> = locales.iter().map(|l| l.tag()).collect();
                    let d = self.error(pos, format!("`{path}`: unknown locale `{tag}`"));
                    if let Some(near) = nearest(tag, tags.iter().copied()) {
                        d.hints.push(format!("did you mean `{near}`?"));
                    }
                    d.hints
                        .push(format!("this catalogue's locales: {}", tags.join(", ")));
                }
            }
        }
        for l in locales {
            if !out.contains_key(l) {
                let pos = self.at(path);
                self.error(pos, format!("`{path}` has no {} text", l.tag()))
                    .hints
                    .push(format!("add `{}: …` under `{path}`", l.tag()));
            }
        }
        Text(out)
    }

    fn finish<T>(mut self, value: Option<T>) -> Result<Checked<T>, Diagnostics> {
        self.diags.sort();
        self.diags.cap(self.src.name(), limits::MAX_DIAGNOSTICS);
        match value {
            Some(v) if !self.diags.has_errors() => Ok(Checked {
                value: v,
                warnings: self.diags,
            }),
            _ => Err(self.diags),
        }
    }
}

/// A checked value with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked<T> {
    /// The value.
    pub value: T,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
}

/// Removes the " at line X column Y" serde_yaml appends to its messages.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("expected the form YYYY-MM-DD".to_owned());
    }
    text.parse::<Date>().map_err(|e| {
        let e = e.to_string();
        // jiff says e.g. "parameter 'day' with value 30 is not in the required range of 1..=29"
        e.rsplit(": ").next().unwrap_or(&e).to_owned()
    })
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Loads and checks a catalogue.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_catalogue(src: &Source) -> Result<Checked<Catalogue>, Diagnostics> {
    let (mut doc, value) = Doc::parse(src)?;
    let Some(raw) = doc.decode::<RawCatalogue>(value, &Path::root()) else {
        return Err(doc.diags);
    };
    let root = Path::root();
    let locales = match &raw.locales {
        None => Locale::ALL.to_vec(),
        Some(tags) => {
            let mut ls = Vec::new();
            for (i, tag) in tags.iter().enumerate() {
                match tag.parse::<Locale>() {
                    Ok(l) if l.tag() == tag => ls.push(l),
                    _ => {
                        let pos = doc.at(&root.key("locales").index(i));
                        doc.error(pos, format!("unsupported locale `{tag}`"))
                            .hints
                            .push(format!("supported: {}", Locale::tags().join(", ")));
                    }
                }
            }
            ls
        }
    };
    check_id(&mut doc, &raw.id, &root.key("id"));
    let title = doc.text(&raw.title, &root.key("title"), &locales);
    let total: usize = raw.phases.iter().map(|p| p.items.len()).sum();
    if !doc.count(
        total,
        limits::MAX_ITEMS,
        &root.key("phases"),
        "responsibilities",
    ) {
        return Err(doc.diags);
    }
    let mut phases = Vec::new();
    let mut seen_items: HashMap<String, Path> = HashMap::new();
    let mut seen_phases: HashMap<String, Path> = HashMap::new();
    if raw.phases.is_empty() {
        let pos = doc.at(&root.key("phases"));
        doc.error(pos, "the catalogue has no phases");
    }
    for (pi, rp) in raw.phases.iter().enumerate() {
        let ppath = root.key("phases").index(pi);
        check_id(&mut doc, &rp.id, &ppath.key("id"));
        if let Some(first) = seen_phases.insert(rp.id.clone(), ppath.key("id")) {
            duplicate(&mut doc, "phase id", &rp.id, &first, &ppath.key("id"));
        }
        let ptitle = doc.text(&rp.title, &ppath.key("title"), &locales);
        let mut items = Vec::new();
        if rp.items.is_empty() {
            let pos = doc.at(&ppath.key("items"));
            doc.error(pos, format!("phase `{}` has no items", rp.id));
        }
        for (ii, ri) in rp.items.iter().enumerate() {
            let ipath = ppath.key("items").index(ii);
            check_id(&mut doc, &ri.id, &ipath.key("id"));
            if let Some(first) = seen_items.insert(ri.id.clone(), ipath.key("id")) {
                duplicate(&mut doc, "item id", &ri.id, &first, &ipath.key("id"));
            }
            let text = doc.text(&ri.text, &ipath.key("text"), &locales);
            items.push(Item {
                id: ri.id.clone(),
                optional: ri.optional,
                text,
            });
        }
        phases.push(Phase {
            id: rp.id.clone(),
            title: ptitle,
            items,
        });
    }
    let cat = Catalogue::new(raw.id, raw.version, locales, title, phases);
    doc.finish(Some(cat))
}

fn check_id(doc: &mut Doc<'_>, id: &str, path: &Path) {
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
fn check_folder_name(doc: &mut Doc<'_>, id: &str, path: &Path) {
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

fn duplicate(doc: &mut Doc<'_>, what: &str, id: &str, first: &Path, again: &Path) {
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

/// The first fields of an engagement file: enough to find its catalogue
/// and its pack folder before the full check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Head {
    /// Engagement id.
    pub id: String,
    /// Catalogue id.
    pub catalogue: String,
}

/// Reads the [`Head`] of an engagement file cheaply (the rest of the file is
/// skipped, not checked). `None` when the file is too broken to say;
/// [`check_engagement`] then reports why.
pub fn engagement_head(src: &Source) -> Option<Head> {
    #[derive(serde::Deserialize)]
    struct File {
        engagement: Head,
    }
    serde_yaml::from_str::<File>(src.text())
        .ok()
        .map(|f| f.engagement)
}

/// The top-level sections of an engagement file.
const SECTIONS: [&str; 5] = [
    "engagement",
    "contacts",
    "responsibilities",
    "signoff",
    "revisions",
];

/// Loads and checks an engagement against its catalogue.
///
/// # Errors
/// Every problem found, each with its place.
pub fn check_engagement(
    src: &Source,
    catalogue: &Catalogue,
) -> Result<Checked<Engagement>, Diagnostics> {
    let (mut doc, value) = Doc::parse(src)?;
    let root = Path::root();
    let Value::Mapping(map) = value else {
        let pos = doc.at(&root);
        doc.error(pos, "an engagement file is a mapping with `engagement:`, `contacts:`, `responsibilities:`, `signoff:` and `revisions:`");
        return Err(doc.diags);
    };
    let mut sections: HashMap<&str, Value> = HashMap::new();
    for (k, v) in map {
        let key = k.as_str().unwrap_or("?").to_owned();
        match SECTIONS.iter().find(|s| **s == key) {
            Some(s) => {
                sections.insert(s, v);
            }
            None => {
                let pos = doc.key_at(&root.key(&key));
                let d = doc.error(pos, format!("unknown section `{key}`"));
                if let Some(near) = nearest(&key, SECTIONS) {
                    d.hints.push(format!("did you mean `{near}`?"));
                }
                d.hints
                    .push(format!("the sections: {}", SECTIONS.join(", ")));
            }
        }
    }

    // engagement:
    let header = match sections.remove("engagement") {
        Some(v) => doc.decode::<RawEngagement>(v, &root.key("engagement")),
        None => {
            doc.error(Some(src.pos_at(0)), "missing section `engagement`")
                .hints
                .push("start the file with `engagement:` and its id, catalogue, customer, provider, start and target".to_owned());
            None
        }
    };

    // contacts:
    let contacts_raw: Vec<(Path, RawContact)> =
        decode_list(&mut doc, sections.remove("contacts"), "contacts");
    let mut contacts = Vec::new();
    let mut contact_paths: HashMap<String, Path> = HashMap::new();
    doc.count(
        contacts_raw.len(),
        limits::MAX_ENTRIES,
        &root.key("contacts"),
        "contacts",
    );
    for (path, c) in contacts_raw.iter().take(limits::MAX_ENTRIES).cloned() {
        doc.length(&c.name, &path.key("name"));
        for (field, v) in [("role", &c.role), ("email", &c.email)] {
            if let Some(v) = v {
                doc.length(v, &path.key(field));
            }
        }
        check_id(&mut doc, &c.id, &path.key("id"));
        if let Some(first) = contact_paths.insert(c.id.clone(), path.key("id")) {
            duplicate(&mut doc, "contact id", &c.id, &first, &path.key("id"));
        }
        if c.name.trim().is_empty() {
            let pos = doc.at(&path.key("name"));
            doc.error(pos, format!("contact `{}` has an empty name", c.id));
        }
        contacts.push(Contact {
            id: c.id,
            name: c.name.trim().to_owned(),
            role: non_empty(c.role),
            email: non_empty(c.email),
        });
    }
    let contact_ids: Vec<String> = contacts.iter().map(|c| c.id.clone()).collect();

    // The header's own rules.
    let mut start = None;
    let mut as_of = None;
    let mut locale = None;
    if let Some(h) = &header {
        let hp = root.key("engagement");
        check_id(&mut doc, &h.id, &hp.key("id"));
        check_folder_name(&mut doc, &h.id, &hp.key("id"));
        doc.length(&h.customer.name, &hp.key("customer").key("name"));
        doc.length(&h.provider.name, &hp.key("provider").key("name"));
        if let Some(t) = &h.customer.tenant {
            doc.length(t, &hp.key("customer").key("tenant"));
        }
        if h.catalogue != catalogue.id {
            let pos = doc.at(&hp.key("catalogue"));
            doc.error(
                pos,
                format!(
                    "catalogue `{}` does not match the catalogue loaded, `{}`",
                    h.catalogue, catalogue.id
                ),
            )
            .hints
            .push(format!(
                "write `catalogue: {}`, or pass the right file with --catalogue",
                catalogue.id
            ));
        } else if h.catalogue_version != catalogue.version {
            let pos = doc.at(&hp.key("catalogue_version"));
            doc.error(
                pos,
                format!(
                    "catalogue version `{}` does not match `{}` version `{}`",
                    h.catalogue_version, catalogue.id, catalogue.version
                ),
            )
            .hints
            .push(format!(
                "write `catalogue_version: \"{}\"` after checking the responsibilities against it",
                catalogue.version
            ));
        }
        if let Some(tag) = &h.locale {
            match tag.parse::<Locale>() {
                Ok(l) if l.tag() == tag => {
                    if catalogue.locales.contains(&l) {
                        locale = Some(l);
                    } else {
                        let pos = doc.at(&hp.key("locale"));
                        doc.error(
                            pos,
                            format!("catalogue `{}` has no {tag} texts", catalogue.id),
                        );
                    }
                }
                _ => {
                    let pos = doc.at(&hp.key("locale"));
                    let d = doc.error(pos, format!("unsupported locale `{tag}`"));
                    if let Some(near) = nearest(tag, Locale::tags()) {
                        d.hints.push(format!("did you mean `{near}`?"));
                    }
                    d.hints
                        .push(format!("supported: {}", Locale::tags().join(", ")));
                }
            }
        }
        if h.customer.name.trim().is_empty() {
            let pos = doc.at(&hp.key("customer").key("name"));
            doc.error(pos, "the customer's name is empty");
        }
        if h.provider.name.trim().is_empty() {
            let pos = doc.at(&hp.key("provider").key("name"));
            doc.error(pos, "the provider's name is empty");
        }
        start = doc.date(&h.start, &hp.key("start"));
        let target = doc.date(&h.target, &hp.key("target"));
        as_of = doc.opt_date(h.as_of.as_ref(), &hp.key("as_of"));
        if let (Some(s), Some(t)) = (start, target)
            && t < s
        {
            let pos = doc.at(&hp.key("target"));
            doc.error(pos, format!("target {t} is before the start {s}"))
                .hints
                .push("the target date must not be before `start`".to_owned());
        }
    }

    // responsibilities:
    let mut states = BTreeMap::new();
    let rpath = root.key("responsibilities");
    match sections.remove("responsibilities") {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(m))
            if doc.count(
                m.len(),
                catalogue.len().max(1),
                &rpath,
                "responsibilities listed, more than the catalogue has",
            ) =>
        {
            let known: Vec<&str> = catalogue.items().map(|(_, i)| i.id.as_str()).collect();
            for (k, v) in m {
                let id = match &k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                let ipath = rpath.key(&id);
                if catalogue.item(&id).is_none() {
                    let pos = doc.key_at(&ipath);
                    let d = doc.error(
                        pos,
                        format!("`{id}` is not a responsibility of `{}`", catalogue.id),
                    );
                    match nearest(&id, known.iter().copied()) {
                        Some(near) => d.hints.push(format!("did you mean `{near}`?")),
                        None => d.hints.push(format!(
                            "ids look like {} … {}",
                            known.first().copied().unwrap_or_default(),
                            known.last().copied().unwrap_or_default()
                        )),
                    }
                }
                let Some(rs) = doc.decode::<RawItemState>(v, &ipath) else {
                    continue;
                };
                if let Some(state) =
                    check_state(&mut doc, &id, &ipath, rs, &contact_ids, start, as_of)
                {
                    states.insert(id, state);
                }
            }
        }
        Some(_) => {
            let pos = doc.at(&rpath);
            doc.error(
                pos,
                "`responsibilities` must be a mapping from item id to its state",
            )
            .hints
            .push("e.g. `GEN-01: { status: done, owner: minjun, done_on: 2026-09-28 }`".to_owned());
        }
    }

    // signoff:
    let signoff_raw: Vec<(Path, RawSignoff)> =
        decode_list(&mut doc, sections.remove("signoff"), "signoff");
    let mut signoff = Vec::new();
    doc.count(
        signoff_raw.len(),
        limits::MAX_ENTRIES,
        &root.key("signoff"),
        "sign-off parties",
    );
    for (path, s) in signoff_raw.into_iter().take(limits::MAX_ENTRIES) {
        doc.length(&s.name, &path.key("name"));
        if let Some(t) = &s.title {
            doc.length(t, &path.key("title"));
        }
        let party = match s.party.parse::<Party>() {
            Ok(p) => Some(p),
            Err(()) => {
                let pos = doc.at(&path.key("party"));
                let keys: Vec<&str> = Party::ALL.iter().map(|p| p.key()).collect();
                let d = doc.error(pos, format!("unknown party `{}`", s.party));
                if let Some(near) = nearest(&s.party, keys.iter().copied()) {
                    d.hints.push(format!("did you mean `{near}`?"));
                }
                d.hints.push(format!("the parties: {}", keys.join(", ")));
                None
            }
        };
        if s.name.trim().is_empty() {
            let pos = doc.at(&path.key("name"));
            doc.error(pos, "the signatory's name is empty");
        }
        let date = doc.opt_date(s.date.as_ref(), &path.key("date"));
        if let (Some(d), Some(st)) = (date, start)
            && d < st
        {
            let pos = doc.at(&path.key("date"));
            doc.error(
                pos,
                format!("signed on {d}, before the engagement starts ({st})"),
            );
        }
        if let Some(party) = party {
            signoff.push(Signoff {
                party,
                name: s.name.trim().to_owned(),
                title: non_empty(s.title),
                date,
            });
        }
    }

    // revisions:
    let revisions_raw: Vec<(Path, RawRevision)> =
        decode_list(&mut doc, sections.remove("revisions"), "revisions");
    let mut revisions: Vec<Revision> = Vec::new();
    let mut versions: HashMap<String, Path> = HashMap::new();
    doc.count(
        revisions_raw.len(),
        limits::MAX_ENTRIES,
        &root.key("revisions"),
        "revisions",
    );
    for (path, r) in revisions_raw.into_iter().take(limits::MAX_ENTRIES) {
        if let Some(n) = &r.note {
            doc.length(n, &path.key("note"));
        }
        if let Some(first) = versions.insert(r.version.clone(), path.key("version")) {
            duplicate(
                &mut doc,
                "revision",
                &r.version,
                &first,
                &path.key("version"),
            );
        }
        let Some(date) = doc.date(&r.date, &path.key("date")) else {
            continue;
        };
        if let Some(prev) = revisions.last()
            && date < prev.date
        {
            let pos = doc.at(&path.key("date"));
            doc.error(
                pos,
                format!(
                    "revision {} is dated {date}, before revision {} ({})",
                    r.version, prev.version, prev.date
                ),
            )
            .hints
            .push("list revisions oldest first, newest last".to_owned());
        }
        revisions.push(Revision {
            version: r.version,
            date,
            note: non_empty(r.note),
        });
    }

    let engagement = header.and_then(|h| {
        Some(Engagement {
            id: h.id,
            catalogue: h.catalogue,
            catalogue_version: h.catalogue_version,
            locale,
            customer: h.customer.name.trim().to_owned(),
            tenant: non_empty(h.customer.tenant),
            provider: h.provider.name.trim().to_owned(),
            start: start?,
            target: parse_iso_date(&h.target).ok()?,
            as_of,
            contacts,
            states,
            signoff,
            revisions,
        })
    });
    doc.finish(engagement)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Decodes a list section entry by entry, so one bad entry does not hide
/// the problems of the others.
fn decode_list<T: DeserializeOwned>(
    doc: &mut Doc<'_>,
    value: Option<Value>,
    name: &str,
) -> Vec<(Path, T)> {
    let path = Path::root().key(name);
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(items)) => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let p = path.index(i);
                doc.decode::<T>(v, &p).map(|t| (p, t))
            })
            .collect(),
        Some(_) => {
            let pos = doc.at(&path);
            doc.error(
                pos,
                format!("`{name}` must be a list (each entry starting with `- `)"),
            );
            Vec::new()
        }
    }
}

fn check_state(
    doc: &mut Doc<'_>,
    id: &str,
    path: &Path,
    rs: RawItemState,
    contact_ids: &[String],
    start: Option<Date>,
    as_of: Option<Date>,
) -> Option<ItemState> {
    let status = match rs.status.parse::<Status>() {
        Ok(s) => Some(s),
        Err(()) => {
            let pos = doc.at(&path.key("status"));
            let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
            let d = doc.error(pos, format!("`{id}`: unknown status `{}`", rs.status));
            if let Some(near) = nearest(&rs.status, keys.iter().copied()) {
                d.hints.push(format!("did you mean `{near}`?"));
            }
            d.hints.push(format!("the statuses: {}", keys.join(", ")));
            None
        }
    };
    if let Some(owner) = &rs.owner
        && !contact_ids.iter().any(|c| c == owner)
    {
        let pos = doc.at(&path.key("owner"));
        let d = doc.error(pos, format!("`{id}`: owner `{owner}` is not a contact"));
        if let Some(near) = nearest(owner, contact_ids.iter().map(String::as_str)) {
            d.hints.push(format!("did you mean `{near}`?"));
        }
        if contact_ids.is_empty() {
            d.hints
                .push("add the person under `contacts:` with this id".to_owned());
        } else {
            d.hints
                .push(format!("the contacts: {}", contact_ids.join(", ")));
        }
    }
    let due = doc.opt_date(rs.due.as_ref(), &path.key("due"));
    let done_on = doc.opt_date(rs.done_on.as_ref(), &path.key("done_on"));
    if let Some(n) = &rs.note {
        doc.length(n, &path.key("note"));
    }
    let note = non_empty(rs.note);
    if let Some(st) = start {
        if let Some(d) = done_on.filter(|d| *d < st) {
            let pos = doc.at(&path.key("done_on"));
            doc.error(
                pos,
                format!("`{id}`: done on {d}, before the engagement starts ({st})"),
            );
        }
        if let Some(d) = due.filter(|d| *d < st) {
            let pos = doc.at(&path.key("due"));
            doc.error(
                pos,
                format!("`{id}`: due {d}, before the engagement starts ({st})"),
            );
        }
    }
    if let (Some(d), Some(a)) = (done_on, as_of)
        && d > a
    {
        let pos = doc.at(&path.key("done_on"));
        doc.error(
            pos,
            format!("`{id}`: done on {d}, after the state's date `as_of` ({a})"),
        )
        .hints
        .push("move `as_of` forward, or correct `done_on`".to_owned());
    }
    let status = status?;
    match status {
        Status::Done if rs.done_on.is_none() => {
            let pos = doc.at(path);
            doc.error(pos, format!("`{id}` is done but has no `done_on`"))
                .hints
                .push("add `done_on: YYYY-MM-DD`, the date it was done".to_owned());
        }
        Status::Blocked | Status::NotApplicable if note.is_none() => {
            let pos = doc.at(path);
            doc.error(
                pos,
                format!("`{id}` is {status} but has no `note` saying why"),
            )
            .hints
            .push("add `note: …` with the reason".to_owned());
        }
        _ => {}
    }
    if status != Status::Done && rs.done_on.is_some() {
        let pos = doc.key_at(&path.key("done_on"));
        doc.error(
            pos,
            format!("`{id}` has `done_on` but its status is {status}"),
        )
        .hints
        .push("set `status: done`, or remove `done_on`".to_owned());
    }
    Some(ItemState {
        status,
        owner: rs.owner,
        due,
        done_on,
        note,
    })
}
