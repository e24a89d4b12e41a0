//! A handover pack: the statement(s), the workbook(s) and `manifest.json` of
//! one engagement, rendered in memory, then written as a unit.
//!
//! [`write()`] puts every file into a temporary folder beside the target,
//! flushes it, and only then swaps it into place: a failure at any point
//! leaves the previous pack as it was and no partial file behind.
//! [`Staging`] does the same with files added as they are ready
//! ([`render_with`] hands over each tracker while its statement is
//! finished, and [`Staging::commit`] writes the rest side by side).
//! [`verify`] checks a pack folder against its manifest, and, given the
//! engagement, whether the pack is still current.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Loaded;
use crate::diff::{self, Change};
use crate::locale::Languages;
use crate::model::Engagement;
use crate::pdf;
use crate::report::{content_sha256, hex, short_fingerprint};
use crate::xlsx;

mod staging;

pub use crate::atomic::write_file;
pub use staging::{Staging, write, write_with};

/// The manifest's file name inside a pack.
pub const MANIFEST: &str = "manifest.json";

/// Which outputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// The PDF statement only.
    Pdf,
    /// The XLSX workbook only.
    Xlsx,
}

/// One file of a pack.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// File name inside the pack folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What can go wrong building, writing or reading a pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// Resolving the report failed.
    #[error(transparent)]
    Resolve(#[from] crate::report::ResolveError),
    /// The labels are broken.
    #[error(transparent)]
    Labels(#[from] crate::i18n::I18nError),
    /// The PDF renderer failed.
    #[error("statement: {0}")]
    Pdf(#[from] pdf::PdfError),
    /// The XLSX renderer failed.
    #[error("workbook: {0}")]
    Xlsx(#[from] xlsx::XlsxError),
    /// Writing failed; the previous pack, if any, is untouched.
    #[error("cannot write {path}: {source} (the previous pack, if any, is untouched)")]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The target folder holds files handover did not write.
    #[error("{path} exists and is not a handover pack (no {MANIFEST}); pass --force to replace it")]
    NotAPack {
        /// The folder.
        path: PathBuf,
    },
    /// The manifest cannot be read.
    #[error("{path}: {why}")]
    Manifest {
        /// The manifest's path.
        path: PathBuf,
        /// Why.
        why: String,
    },
}

/// An input of a pack, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// `engagement` or `catalogue`.
    pub role: String,
    /// File name (no folder, so the manifest is the same wherever it is built),
    /// or `bundled:<path>` for compiled-in inputs.
    pub path: String,
    /// sha256 of the file's bytes.
    pub sha256: String,
}

/// An output of a pack, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    /// File name inside the pack.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// sha256 of the bytes.
    pub sha256: String,
}

impl OutputRecord {
    /// The record of a pack file: its name, size and sha256.
    pub fn of(file: &PackFile) -> Self {
        Self {
            name: file.name.clone(),
            bytes: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
        }
    }
}

/// `manifest.json`: what a pack holds and what it was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `handover`.
    pub tool: String,
    /// The version of handover that built the pack.
    pub tool_version: String,
    /// Engagement id.
    pub engagement: String,
    /// Locales of the outputs.
    pub locales: Vec<String>,
    /// The kind of build: `draft`, `for-signature` (final content, empty
    /// signature fields) or `signed-off`.
    pub state: String,
    /// Short fingerprint of the resolved content, as printed on the statement.
    pub fingerprint: String,
    /// sha256 of the resolved content (catalogue + engagement).
    pub content_sha256: String,
    /// The input files.
    pub inputs: Vec<InputRecord>,
    /// The output files.
    pub outputs: Vec<OutputRecord>,
    /// The checked engagement the pack was built from, for `verify` to list
    /// what changed since. (Written with its keys sorted, as it always was.)
    #[serde(serialize_with = "sorted_keys")]
    pub snapshot: Engagement,
}

/// A rendered pack, not yet written.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The engagement id (the folder name).
    pub id: String,
    /// The outputs, then `manifest.json`.
    pub files: Vec<PackFile>,
    /// Warnings from the renderers.
    pub warnings: Vec<String>,
    /// The manifest (also among `files`).
    pub manifest: Manifest,
}

/// An input file's name and bytes, for the manifest.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// `engagement` or `catalogue`.
    pub role: &'a str,
    /// The path as given (only its file name is recorded).
    pub path: &'a str,
    /// The file's text.
    pub text: &'a str,
}

/// sha256 of bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn file_name(path: &str) -> String {
    if path.starts_with("bundled:") {
        return path.to_owned();
    }
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// How a pack is built.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The languages, one statement and one tracker each (a pair makes
    /// one bilingual statement and tracker).
    pub locales: &'a [Languages],
    /// Only the statement or only the tracker.
    pub only: Option<Only>,
    /// The issue date when the engagement gives none (`SOURCE_DATE_EPOCH`).
    pub fallback_date: Option<jiff::civil::Date>,
    /// A build for signature: final content and empty signature fields.
    pub for_signature: bool,
    /// Attach the tracker, the engagement state and the catalogue to each
    /// statement.
    pub attachments: bool,
}

/// The MIME type of a workbook.
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The MIME type of YAML (RFC 9512).
const YAML_MIME: &str = "application/yaml";

/// Renders the pack of one engagement in each locale.
///
/// # Errors
/// A locale the catalogue lacks, or a renderer failure.
pub fn render(
    loaded: &Loaded,
    inputs: &[Input<'_>],
    typesetter: &pdf::Typesetter,
    options: &Options<'_>,
) -> Result<Pack, PackError> {
    render_with(loaded, inputs, typesetter, options, &|_| Ok(()))
}

/// [`render`], handing each tracker to `ready` once it is rendered, to be
/// written beside the rest of the work (in parallel with its statement's
/// last pass, when a thread is free): a [`Staging`]'s
/// [`add`](Staging::add). The pack still lists it.
///
/// # Errors
/// As [`render`], and what `ready` returns.
pub fn render_with(
    loaded: &Loaded,
    inputs: &[Input<'_>],
    typesetter: &pdf::Typesetter,
    options: &Options<'_>,
    ready: &(dyn Fn(&PackFile) -> Result<(), PackError> + Sync),
) -> Result<Pack, PackError> {
    let only = options.only;
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut content = None;
    // The engagement a statement carries: its checked state written out
    // canonically (comments in the file may be internal notes), which
    // reads back as the same state.
    let engagement_text = options
        .attachments
        .then(|| crate::canonical::engagement_yaml(&loaded.engagement, &loaded.catalogue));
    for &languages in options.locales {
        let report = loaded.resolve(crate::report::ResolveOptions {
            locale: languages.primary,
            secondary: languages.secondary,
            fallback_date: options.fallback_date,
            for_signature: options.for_signature,
        })?;
        let want_pdf = only != Some(Only::Xlsx);
        // The workbook is attached to the statement: rendered whenever
        // either needs it, beside the statement's layout.
        let want_xlsx = only != Some(Only::Pdf) || (want_pdf && options.attachments);
        let tracker_name = format!("tracker-{languages}.xlsx");
        let (pdf, xlsx) = rayon::join(
            || want_pdf.then(|| typesetter.prepare(&report)).transpose(),
            || -> Result<Option<PackFile>, PackError> {
                let Some(bytes) = want_xlsx.then(|| xlsx::render(&report)).transpose()? else {
                    return Ok(None);
                };
                Ok(Some(PackFile {
                    name: tracker_name.clone(),
                    bytes,
                }))
            },
        );
        let xlsx = xlsx?;
        // The tracker is written while the statement is finished (it is
        // attached, so it is needed first): the statement's last pass does
        // not wait for the tracker's write and flush.
        let write_tracker = || -> Result<(), PackError> {
            match &xlsx {
                Some(tracker) if only != Some(Only::Pdf) => ready(tracker),
                _ => Ok(()),
            }
        };
        if let Some(prepared) = pdf? {
            let engagement_name = format!("engagement-{}.yaml", loaded.engagement.id);
            let catalogue_name = format!("catalogue-{}.yaml", loaded.catalogue.id);
            let mut attached = Vec::new();
            if let (Some(tracker), Some(engagement)) = (&xlsx, &engagement_text) {
                let labels = &report.labels;
                for (name, mime, description, relationship, bytes) in [
                    (
                        &tracker_name,
                        XLSX_MIME,
                        &labels.attachment_tracker,
                        pdf::Relationship::Supplement,
                        tracker.bytes.as_slice(),
                    ),
                    (
                        &engagement_name,
                        YAML_MIME,
                        &labels.attachment_engagement,
                        pdf::Relationship::Source,
                        engagement.as_bytes(),
                    ),
                    (
                        &catalogue_name,
                        YAML_MIME,
                        &labels.attachment_catalogue,
                        pdf::Relationship::Source,
                        loaded.catalogue_source.text().as_bytes(),
                    ),
                ] {
                    attached.push(pdf::Attachment {
                        name,
                        mime,
                        description,
                        relationship,
                        bytes,
                        modified: report.issued.date,
                    });
                }
            }
            let (out, written) = rayon::join(|| prepared.finish(&attached), write_tracker);
            written?;
            let out = out?;
            warnings.extend(out.warnings);
            files.push(PackFile {
                name: format!("statement-{languages}.pdf"),
                bytes: out.bytes,
            });
        } else {
            write_tracker()?;
        }
        if let Some(tracker) = xlsx.filter(|_| only != Some(Only::Pdf)) {
            files.push(tracker);
        }
        content = Some(report.content_sha256);
    }
    // The same in every locale: computed once, by the resolver.
    let content = content.unwrap_or_else(|| content_sha256(&loaded.catalogue, &loaded.engagement));
    let manifest = Manifest {
        tool: "handover".to_owned(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        engagement: loaded.engagement.id.clone(),
        locales: options.locales.iter().map(Languages::tag).collect(),
        state: if loaded.engagement.is_signed_off() {
            "signed-off".to_owned()
        } else if options.for_signature {
            "for-signature".to_owned()
        } else {
            "draft".to_owned()
        },
        fingerprint: short_fingerprint(&content),
        content_sha256: content,
        inputs: inputs
            .iter()
            .map(|i| InputRecord {
                role: i.role.to_owned(),
                path: file_name(i.path),
                sha256: sha256_hex(i.text.as_bytes()),
            })
            .collect(),
        outputs: files.iter().map(OutputRecord::of).collect(),
        snapshot: loaded.engagement.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| PackError::Manifest {
        path: PathBuf::from(MANIFEST),
        why: e.to_string(),
    })?;
    json.push(b'\n');
    files.push(PackFile {
        name: MANIFEST.to_owned(),
        bytes: json,
    });
    Ok(Pack {
        id: loaded.engagement.id.clone(),
        files,
        warnings,
        manifest,
    })
}

/// Serializes through a JSON value, whose keys are sorted: the manifests of
/// every version of handover list the snapshot's fields that way.
fn sorted_keys<S: serde::Serializer>(e: &Engagement, s: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(e)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// A statement of the pack that has been added to since it was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFile {
    /// Its name in the pack.
    pub name: String,
    /// The length the manifest lists: its bytes up to here are the listed ones.
    pub unsigned_bytes: u64,
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Files whose bytes differ from the manifest.
    pub changed: Vec<String>,
    /// Files the manifest lists that are missing.
    pub missing: Vec<String>,
    /// Files in the folder the manifest does not list.
    pub extra: Vec<String>,
    /// Files that match.
    pub ok: Vec<String>,
    /// Statements whose bytes differ from the manifest only by what follows
    /// the listed bytes: their first `unsigned_bytes` are the listed
    /// statement (signatures are added as incremental updates); whether
    /// those updates are signatures that hold is for [`crate::signatures`].
    pub signed: Vec<SignedFile>,
    /// With an engagement: what changed in it since the pack was built
    /// (empty: the pack is current).
    pub stale: Option<Vec<Change>>,
}

impl Verification {
    /// Whether everything holds.
    pub fn holds(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.stale.as_ref().is_none_or(Vec::is_empty)
    }
}

/// Reads a pack's manifest.
///
/// # Errors
/// It is missing or not a manifest.
pub fn read_manifest(dir: &Path) -> Result<Manifest, PackError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| PackError::Manifest {
        path: path.clone(),
        why: format!("cannot read it: {e}"),
    })?;
    serde_json::from_str(&text).map_err(|e| PackError::Manifest {
        path,
        why: format!("not a handover manifest: {e}"),
    })
}

/// Checks a pack folder against its manifest; with `current`, also whether
/// the pack is current for that engagement.
///
/// # Errors
/// The manifest is missing or unreadable.
pub fn verify(dir: &Path, current: Option<&Loaded>) -> Result<Verification, PackError> {
    let manifest = read_manifest(dir)?;
    let mut v = Verification::default();
    for o in &manifest.outputs {
        match std::fs::read(dir.join(&o.name)) {
            Ok(bytes) if sha256_hex(&bytes) == o.sha256 && bytes.len() as u64 == o.bytes => {
                v.ok.push(o.name.clone());
            }
            Ok(bytes) if extends(&bytes, o) => v.signed.push(SignedFile {
                name: o.name.clone(),
                unsigned_bytes: o.bytes,
            }),
            Ok(_) => v.changed.push(o.name.clone()),
            Err(_) => v.missing.push(o.name.clone()),
        }
    }
    let listed: Vec<&str> = manifest.outputs.iter().map(|o| o.name.as_str()).collect();
    let mut extra: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| PackError::Manifest {
            path: dir.to_path_buf(),
            why: e.to_string(),
        })?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != MANIFEST && !listed.contains(&n.as_str()))
        .collect();
    extra.sort();
    v.extra = extra;
    if let Some(loaded) = current {
        let now = content_sha256(&loaded.catalogue, &loaded.engagement);
        let mut changes = Vec::new();
        if now != manifest.content_sha256 {
            changes = diff::engagements(&loaded.catalogue, &manifest.snapshot, &loaded.engagement);
            if changes.is_empty() {
                changes.push(Change::Catalogue);
            }
        }
        v.stale = Some(changes);
    }
    Ok(v)
}

/// Whether a statement's bytes begin with the listed ones and go on.
fn extends(bytes: &[u8], o: &OutputRecord) -> bool {
    std::path::Path::new(&o.name)
        .extension()
        .is_some_and(|e| e == "pdf")
        && usize::try_from(o.bytes)
            .ok()
            .and_then(|n| bytes.get(..n).filter(|_| bytes.len() > n))
            .is_some_and(|head| sha256_hex(head) == o.sha256)
}
