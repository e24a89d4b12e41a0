//! A YAML document being checked: parsed once, the place of every key and
//! value indexed on first need, and the diagnostics found so far.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::{Checked, parse_iso_date};
use crate::diagnostic::{Diagnostic, Diagnostics, nearest, without_location};
use crate::limits;
use crate::locale::Locale;
use crate::model::Text;
use crate::raw::RawText;
use crate::source::{Path, Pos, Source, YamlIndex};

/// A parsed YAML document, with the place of every key and value indexed
/// on first need (a file without problems never needs it).
pub(super) struct Doc<'a> {
    pub(super) src: &'a Source,
    index: std::cell::OnceCell<YamlIndex>,
    pub(super) diags: Diagnostics,
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
    pub(super) fn parse(src: &'a Source) -> Result<(Self, Value), Diagnostics> {
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
                let message = without_location(&e.to_string());
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
    pub(super) fn index(&self) -> &YamlIndex {
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

    pub(super) fn error(
        &mut self,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(self.src.name(), pos, message));
        let last = self.diags.0.len() - 1;
        &mut self.diags.0[last]
    }

    /// The place of the value at `path` (or the nearest thing that exists;
    /// the start of the content when the event parser could not index the
    /// file at all).
    pub(super) fn at(&self, path: &Path) -> Option<Pos> {
        Some(
            self.index()
                .nearest(path)
                .unwrap_or_else(|| self.src.content_start()),
        )
    }

    /// The place of the key ending `path`.
    pub(super) fn key_at(&self, path: &Path) -> Option<Pos> {
        self.index().key(path).cloned().or_else(|| self.at(path))
    }

    /// Deserializes `value` (found at `base`) into `T`, reporting a failure
    /// at the exact field.
    pub(super) fn decode<T: DeserializeOwned>(&mut self, value: Value, base: &Path) -> Option<T> {
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
                let message = without_location(&err.inner().to_string());
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
    pub(super) fn length(&mut self, text: &str, path: &Path) {
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
    pub(super) fn count(&mut self, n: usize, max: usize, path: &Path, what: &str) -> bool {
        if n > max {
            let pos = self.at(path);
            self.error(pos, format!("{n} {what}; the limit is {max}"));
            return false;
        }
        true
    }

    /// Parses an ISO date at `path`.
    pub(super) fn date(&mut self, text: &str, path: &Path) -> Option<Date> {
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

    pub(super) fn opt_date(&mut self, text: Option<&String>, path: &Path) -> Option<Date> {
        text.and_then(|t| self.date(t, path))
    }

    /// Checks that a multilingual text has exactly the declared locales.
    pub(super) fn text(&mut self, raw: &RawText, path: &Path, locales: &[Locale]) -> Text {
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

    pub(super) fn finish<T>(mut self, value: Option<T>) -> Result<Checked<T>, Diagnostics> {
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
