//! Many packs at once: the inputs expanded (folders to their `.yaml`
//! files) and read, engagement ids checked for clashes (each file of a
//! batch of several parsed for its head, the parse dropped), and each
//! pack built and written in parallel. One bad input never stops
//! the others: each input gets its own [`Outcome`].
//!
//! The library draws nothing: a caller that shows progress passes a
//! callback, called as each input finishes (from the worker threads).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::locale::Languages;
use crate::pack::{self, Only};
use crate::pdf::Typesetter;
use crate::source::Source;
use crate::{Catalogues, Error, bundled, check, read_source};

/// What to build: a file, or the bundled sample engagement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An engagement file.
    File(PathBuf),
    /// The bundled sample engagement.
    Sample,
}

/// The settings shared by every pack of one batch.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The catalogues (each checked once for the whole batch).
    pub catalogues: &'a Catalogues,
    /// The languages to build (one statement and tracker each); `None`:
    /// each engagement's own (else en-US).
    pub locales: Option<&'a [Languages]>,
    /// The template made ready to set statements in (its fonts parsed once
    /// for the whole batch).
    pub typesetter: &'a Typesetter,
    /// Only the statement or only the workbook.
    pub only: Option<Only>,
    /// The issue date when an engagement gives none (`SOURCE_DATE_EPOCH`).
    pub fallback_date: Option<jiff::civil::Date>,
    /// The output folder: each pack goes to `out/<engagement-id>/`.
    pub out: &'a Path,
    /// Replace a target folder that is not a pack.
    pub force: bool,
    /// Build for signature: final content, empty signature fields.
    pub for_signature: bool,
    /// Attach the tracker and the inputs to each statement.
    pub attachments: bool,
}

/// A pack built and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Its folder.
    pub dir: PathBuf,
    /// Warnings from the check and the renderers.
    pub warnings: Vec<String>,
}

/// What one input ended with.
#[derive(Debug)]
pub struct Outcome {
    /// The input as named (its path, or the sample's name).
    pub name: String,
    /// The pack, or why there is none.
    pub result: Result<Built, Error>,
}

/// Engagement files named by the caller, folders expanded to the
/// `.yaml`/`.yml` files they hold (sorted, not recursive). A folder with
/// none stays as it is, so that its build reports it.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                        })
                        .collect()
                })
                .unwrap_or_default();
            inside.sort();
            if inside.is_empty() {
                out.push(Input::File(p.clone()));
            }
            out.extend(inside.into_iter().map(Input::File));
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    out
}

/// Builds a pack for every input, in parallel, calling `on_done` as each
/// finishes. The outcomes are in the order of the inputs. When two inputs
/// have the same engagement id, the first (in that order) builds and the
/// others fail with [`Error::IdClash`].
pub fn build(
    inputs: &[Input],
    options: &Options<'_>,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let read: Vec<(String, Result<Source, Diagnostic>)> = inputs
        .par_iter()
        .map(|input| match input {
            Input::Sample => {
                let src = bundled::SAMPLES[0].source();
                (src.name().to_owned(), Ok(src))
            }
            Input::File(p) => (p.display().to_string(), read_source(p)),
        })
        .collect();
    // The engagement ids, for the clash check: with more than one input,
    // each file is parsed for its head first and the parse dropped, so a
    // batch never holds more parses than packs in progress (a parse of a
    // seed-sized engagement is some 70 KiB); each is parsed again when its
    // pack is built.
    let ids: Vec<Option<String>> = if read.len() > 1 {
        read.par_iter()
            .map(|(_, src)| {
                let src = src.as_ref().ok()?;
                Some(check::parse(src).head()?.id)
            })
            .collect()
    } else {
        vec![None; read.len()]
    };
    let clashes = clashes(&read, &ids);
    read.par_iter()
        .zip(clashes)
        .map(|((name, src), clash)| {
            let result = match (src, clash) {
                (Err(unread), _) => Err(Error::from(unread.clone())),
                (Ok(_), Some(clash)) => Err(clash),
                (Ok(src), None) => one(check::parse(src), options),
            };
            let outcome = Outcome {
                name: name.clone(),
                result,
            };
            on_done(&outcome);
            outcome
        })
        .collect()
}

/// For each input, the clash with an earlier input of the same id.
fn clashes(
    read: &[(String, Result<Source, Diagnostic>)],
    ids: &[Option<String>],
) -> Vec<Option<Error>> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    ids.iter()
        .zip(read)
        .map(|(id, (name, _))| {
            let id = id.as_deref()?;
            match first.get(id) {
                Some(other) => Some(Error::IdClash {
                    id: id.to_owned(),
                    other: (*other).to_owned(),
                }),
                None => {
                    first.insert(id, name);
                    None
                }
            }
        })
        .collect()
}

/// Loads, renders and writes one pack.
fn one(parsed: check::Parsed<'_>, options: &Options<'_>) -> Result<Built, Error> {
    let src = parsed.source();
    let loaded = options.catalogues.load_parsed(parsed)?;
    let mut warnings: Vec<String> = loaded.warnings.0.iter().map(ToString::to_string).collect();
    let locales = options.locales.map_or_else(
        || vec![Languages::one(loaded.locale(None))],
        <[Languages]>::to_vec,
    );
    let inputs = [
        pack::Input {
            role: "engagement",
            path: src.name(),
            text: src.text(),
        },
        pack::Input {
            role: "catalogue",
            path: loaded.catalogue_source.name(),
            text: loaded.catalogue_source.text(),
        },
    ];
    // Each tracker is written (and flushed) into the pack's staging folder
    // while its statement is finished, beside the rest of the work.
    let staging = pack::Staging::new(&loaded.engagement.id, options.out, options.force)?;
    let pack = pack::render_with(
        &loaded,
        &inputs,
        options.typesetter,
        &pack::Options {
            locales: &locales,
            only: options.only,
            fallback_date: options.fallback_date,
            for_signature: options.for_signature,
            attachments: options.attachments,
        },
        &|file| staging.add(file),
    )?;
    warnings.extend(pack.warnings.iter().cloned());
    let dir = staging.commit(&pack)?;
    Ok(Built { dir, warnings })
}
