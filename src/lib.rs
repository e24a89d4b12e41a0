//! `handover` turns a responsibility catalogue and an engagement state file
//! into a customer handover pack: a signed-off PDF statement of
//! responsibilities and an XLSX tracking workbook, in Korean or English.
//!
//! # Steps
//!
//! 1. **load** ([`check`]): YAML into the raw types of [`raw`] with serde;
//!    unknown fields are errors, and every error has a file, line and column
//!    ([`source`], [`diagnostic`]).
//! 2. **check** ([`check`]): the rules of the design (ids exist, owners are
//!    contacts, each status has what it needs, dates are real and
//!    consistent), all problems collected at once, into the checked types
//!    of [`model`].
//! 3. **resolve** ([`report`]): one localized [`report::Report`], every
//!    label from Fluent ([`i18n`]), every date formatted, every count summed.
//! 4. **render**: the PDF and XLSX renderers take only the `Report`.
//!
//! [`load`] runs steps 1 and 2 for an engagement, finding its catalogue
//! among the [`bundled`] ones unless another is given; [`pack`] renders and
//! writes one pack, and [`batch`] builds many in parallel. [`import`] reads
//! an edited tracker back; [`diff`] says what changed between two states of
//! an engagement. [`page`] reads a responsibilities page (Markdown) and
//! merges its translations into a catalogue; [`catalogue_diff`] says what
//! a revision of a catalogue changed. [`Error`] is every stage's error in
//! one type.

#![deny(missing_docs)]

pub mod atomic;
pub mod batch;
pub mod bundled;
pub mod canonical;
pub mod catalogue_diff;
pub mod check;
pub mod diagnostic;
pub mod diff;
mod error;
pub mod i18n;
pub mod import;
pub mod init;
pub mod limits;
pub mod locale;
pub mod model;
pub mod pack;
pub mod page;
pub mod particle;
pub mod pdf;
pub mod raw;
pub mod report;
pub mod sign;
pub mod signatures;
pub mod source;
pub mod template;
pub mod xlsx;
pub mod xml;

use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use crate::error::Error;

use crate::check::Parsed;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Locale;
use crate::model::{Catalogue, Engagement};
use crate::source::Source;

/// A checked engagement with its catalogue.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The catalogue.
    pub catalogue: Arc<Catalogue>,
    /// The catalogue's file (for the manifest).
    pub catalogue_source: Arc<Source>,
    /// The engagement.
    pub engagement: Engagement,
    /// Warnings from both files.
    pub warnings: Diagnostics,
}

impl Loaded {
    /// The output locale: the one asked for, else the engagement's, else en-US.
    pub fn locale(&self, asked: Option<Locale>) -> Locale {
        asked.or(self.engagement.locale).unwrap_or(Locale::FALLBACK)
    }

    /// Resolves the engagement into a [`report::Report`] in `locale`, with
    /// the bundled labels, for a draft (or signed-off) statement.
    /// `fallback_date` is the issue date when the engagement gives none
    /// (from `SOURCE_DATE_EPOCH`; see [`report::ResolveOptions`]).
    ///
    /// # Errors
    /// The catalogue lacks the locale, or a label is broken.
    pub fn report(
        &self,
        locale: Locale,
        fallback_date: Option<jiff::civil::Date>,
    ) -> Result<report::Report, report::ResolveError> {
        self.resolve(report::ResolveOptions {
            locale,
            secondary: None,
            fallback_date,
            for_signature: false,
        })
    }

    /// Resolves the engagement with every option of [`report::resolve`].
    ///
    /// # Errors
    /// The catalogue lacks the locale, or a label is broken.
    pub fn resolve(
        &self,
        options: report::ResolveOptions,
    ) -> Result<report::Report, report::ResolveError> {
        report::resolve(
            i18n::Translator::global()?,
            &self.catalogue,
            &self.engagement,
            options,
        )
    }
}

/// A failed load: the diagnostics, and the sources they point into.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// Everything wrong.
    pub diagnostics: Diagnostics,
    /// The files the diagnostics point into (for quoting lines).
    pub sources: Vec<Source>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.diagnostics)
    }
}

impl std::error::Error for LoadError {}

/// Reads a file as a [`Source`]; a file that cannot be read or is not UTF-8
/// becomes a diagnostic.
///
/// # Errors
/// The file cannot be read, or is not UTF-8 text.
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = path.display().to_string();
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(
                Diagnostic::error(&name, None, "this is a folder, not a file")
                    .hint("name an engagement or catalogue .yaml file"),
            );
        }
        if meta.len() > limits::MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                &name,
                None,
                format!(
                    "the file is {} bytes; the limit is {} MiB",
                    meta.len(),
                    limits::MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .hint("is this the right file? Engagement and catalogue files are YAML text"));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; `handover init` writes a new engagement file"
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the path names a readable file",
        };
        Diagnostic::error(&name, None, format!("cannot read the file: {e}")).hint(hint)
    })?;
    source_from_bytes(name, bytes)
}

/// Wraps bytes as a [`Source`], refusing what is not UTF-8 text.
///
/// # Errors
/// The bytes are not UTF-8, or contain NUL.
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            None,
            format!(
                "the input is {} bytes; the limit is {} MiB",
                bytes.len(),
                limits::MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(i) = text.find('\0') {
                let src = Source::new(name.clone(), text.clone());
                return Err(Diagnostic::error(
                    &name,
                    Some(src.pos_at(i)),
                    "the file contains a NUL byte: it is not a text file",
                )
                .hint("engagement and catalogue files are UTF-8 YAML text"));
            }
            Ok(Source::new(name, text))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let src = Source::new(name.clone(), valid);
            Err(Diagnostic::error(
                &name,
                Some(src.pos_at(at)),
                format!("the file is not UTF-8 text (invalid byte at offset {at})"),
            )
            .hint("save the file as UTF-8"))
        }
    }
}

/// Catalogues, each checked once and shared by every engagement that
/// names it (a batch of a thousand engagements parses the catalogue once).
#[derive(Debug)]
pub struct Catalogues {
    given: Option<OnceLock<CatalogueResult>>,
    given_source: Option<Arc<Source>>,
    bundled: Vec<OnceLock<CatalogueResult>>,
}

/// A catalogue's file and its checked form.
type Entry = (Arc<Source>, Arc<Catalogue>);

type CatalogueResult = Result<Entry, Diagnostics>;

impl Catalogues {
    /// The bundled catalogues, or only `given` when there is one (a
    /// catalogue file named on the command line).
    pub fn new(given: Option<Source>) -> Self {
        Self {
            given: given.as_ref().map(|_| OnceLock::new()),
            given_source: given.map(Arc::new),
            bundled: bundled::CATALOGUES
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    fn check(src: Arc<Source>) -> CatalogueResult {
        let checked = check::check_catalogue(&src)?;
        Ok((src, Arc::new(checked.value)))
    }

    /// The catalogue for an engagement: the given one, else the bundled one
    /// its head names. `Ok(None)`: the engagement names none (or is too
    /// broken to say).
    fn for_engagement(&self, parsed: &Parsed<'_>) -> Result<Option<Entry>, LoadError> {
        let engagement = parsed.source();
        let fail = |diagnostics: Diagnostics, sources: Vec<Source>| LoadError {
            diagnostics,
            sources,
        };
        if let (Some(cell), Some(src)) = (&self.given, &self.given_source) {
            return cell
                .get_or_init(|| Self::check(src.clone()))
                .clone()
                .map(Some)
                .map_err(|d| fail(d, vec![engagement.clone(), (**src).clone()]));
        }
        let Some(check::Head { catalogue: id, .. }) = parsed.head() else {
            return Ok(None);
        };
        match bundled::CATALOGUES.iter().position(|c| c.id == id) {
            Some(i) => self.bundled_at(i).map(Some).map_err(|d| fail(d, vec![])),
            None => {
                let idx = source::YamlIndex::build(engagement);
                // The event parser may reject what the data parser read:
                // then the id's first occurrence in the text is the place.
                let pos = idx
                    .nearest(&source::Path::root().key("engagement").key("catalogue"))
                    .or_else(|| {
                        let at = engagement.text().find(id.as_str())?;
                        let start = engagement.pos_at(at);
                        Some(source::Pos {
                            bytes: start.bytes.start..at + id.len(),
                            ..start
                        })
                    })
                    .unwrap_or_else(|| engagement.content_start());
                let known: Vec<&str> = bundled::CATALOGUES.iter().map(|c| c.id).collect();
                let mut d = Diagnostic::error(
                    engagement.name(),
                    Some(pos),
                    format!("unknown catalogue `{id}`"),
                );
                if let Some(near) = diagnostic::nearest(&id, known.iter().copied()) {
                    d = d.hint(format!("did you mean `{near}`?"));
                }
                d = d.hint(format!(
                    "bundled catalogues: {}; pass another with --catalogue FILE",
                    known.join(", ")
                ));
                Err(fail(Diagnostics(vec![d]), vec![engagement.clone()]))
            }
        }
    }

    /// Checks now the catalogues a build may need: the given one, else
    /// every bundled one (an engagement names which; there is one). The
    /// result is kept, so a caller with a core to spare can do this
    /// beside other start-up work; an error waits for the first
    /// engagement that needs the catalogue.
    pub fn warm(&self) {
        if let (Some(cell), Some(src)) = (&self.given, &self.given_source) {
            cell.get_or_init(|| Self::check(src.clone()));
        } else {
            for i in 0..self.bundled.len() {
                let _ = self.bundled_at(i);
            }
        }
    }

    fn bundled_at(&self, i: usize) -> CatalogueResult {
        self.bundled[i]
            .get_or_init(|| Self::check(Arc::new(bundled::CATALOGUES[i].source())))
            .clone()
    }

    /// Loads and checks an engagement against its catalogue.
    ///
    /// # Errors
    /// Every problem in the engagement (or its catalogue).
    pub fn load(&self, engagement: &Source) -> Result<Loaded, LoadError> {
        self.load_parsed(check::parse(engagement))
    }

    /// [`Catalogues::load`] of an engagement already parsed (a batch reads
    /// each file's head from the same parse).
    ///
    /// # Errors
    /// Every problem in the engagement (or its catalogue).
    pub fn load_parsed(&self, parsed: Parsed<'_>) -> Result<Loaded, LoadError> {
        let engagement = parsed.source();
        if let Some(errors) = parsed.errors() {
            return Err(LoadError {
                diagnostics: errors.clone(),
                sources: vec![engagement.clone()],
            });
        }
        let Some((cat_source, catalogue)) = self.for_engagement(&parsed)? else {
            // No catalogue named: the check against the first bundled one
            // says why (a missing section or field, with its place).
            let (_, cat) = self.bundled_at(0).map_err(|d| LoadError {
                diagnostics: d,
                sources: vec![],
            })?;
            let diagnostics = match check::check_parsed_engagement(parsed, &cat) {
                Ok(_) => Diagnostics(vec![Diagnostic::error(
                    engagement.name(),
                    Some(engagement.content_start()),
                    "the engagement names no catalogue",
                )]),
                Err(d) => d,
            };
            return Err(LoadError {
                diagnostics,
                sources: vec![engagement.clone()],
            });
        };
        let checked =
            check::check_parsed_engagement(parsed, &catalogue).map_err(|d| LoadError {
                diagnostics: d,
                sources: vec![engagement.clone(), (*cat_source).clone()],
            })?;
        Ok(Loaded {
            catalogue,
            catalogue_source: cat_source,
            engagement: checked.value,
            warnings: checked.warnings,
        })
    }
}

/// Loads and checks an engagement and its catalogue.
///
/// The catalogue is `catalogue` when given, else the bundled catalogue the
/// engagement names. To load many engagements, keep one [`Catalogues`].
///
/// # Errors
/// Every problem in either file.
pub fn load(engagement: &Source, catalogue: Option<&Source>) -> Result<Loaded, LoadError> {
    Catalogues::new(catalogue.cloned()).load(engagement)
}
