//! Loading and checking: YAML text → raw types → checked model.
//!
//! A file is parsed once ([`parse`]); what the batch and the catalogue
//! lookup need before the full check (the engagement's [`Head`]) is read
//! from that parse. Syntax and type errors come from `serde_yaml` (with its
//! place) and `serde_path_to_error` (with the path of the bad field, which
//! the [`YamlIndex`](crate::source::YamlIndex) turns into a line and
//! column). Every rule of DESIGN.md is then checked, and every problem is
//! collected: one run shows them all. The rules of a responsibility's state
//! live on the model ([`ItemState::broken_rules`](crate::model::ItemState::broken_rules));
//! this module only says where in the file each one is broken.
//!
//! - `doc`: the document being checked, its places and its diagnostics;
//! - `ids`: rules on ids;
//! - `catalogue`, `engagement`: the rules of each kind of file, one
//!   function per section.

mod catalogue;
mod doc;
mod engagement;
mod ids;

use jiff::civil::Date;
use serde_yaml::Value;

pub use catalogue::{check_catalogue, check_parsed_catalogue};
pub use engagement::{check_engagement, check_parsed_engagement};

use crate::diagnostic::Diagnostics;
use crate::source::Source;

/// A checked value with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked<T> {
    /// The value.
    pub value: T,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
}

/// A file read as YAML, once, and not yet checked: the batch reads an
/// engagement's [`Head`] from it, `validate` whether it is a catalogue, and
/// the check goes on from it without parsing again.
pub struct Parsed<'a> {
    src: &'a Source,
    doc: Result<(doc::Doc<'a>, Value), Diagnostics>,
}

impl std::fmt::Debug for Parsed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("file", &self.src.name())
            .field("parses", &self.doc.is_ok())
            .finish()
    }
}

/// Parses `src` as YAML (syntax, nesting, aliases, keys given twice).
pub fn parse(src: &Source) -> Parsed<'_> {
    Parsed {
        src,
        doc: doc::Doc::parse(src),
    }
}

/// The first fields of an engagement file: enough to find its catalogue
/// and its pack folder before the full check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Engagement id.
    pub id: String,
    /// Catalogue id.
    pub catalogue: String,
}

impl<'a> Parsed<'a> {
    /// The file.
    pub fn source(&self) -> &'a Source {
        self.src
    }

    /// The engagement's id and catalogue, when the file parses and gives
    /// both as text; the full check says why otherwise.
    pub fn head(&self) -> Option<Head> {
        let (_, value) = self.doc.as_ref().ok()?;
        let header = value.get("engagement")?;
        let text = |key: &str| header.get(key)?.as_str().map(str::to_owned);
        Some(Head {
            id: text("id")?,
            catalogue: text("catalogue")?,
        })
    }

    /// Whether the file is a catalogue: a mapping with `phases:` at the top.
    pub fn is_catalogue(&self) -> bool {
        self.doc
            .as_ref()
            .is_ok_and(|(_, v)| v.get("phases").is_some())
    }

    /// The problems that kept the file from parsing, if any.
    pub fn errors(&self) -> Option<&Diagnostics> {
        self.doc.as_ref().err()
    }

    fn into_doc(self) -> Result<(doc::Doc<'a>, Value), Diagnostics> {
        self.doc
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
