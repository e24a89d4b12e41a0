//! `handover catalogue import` (a catalogue from the translations of its
//! source page) and `handover catalogue diff` (what a revision changed).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use handover::catalogue_diff::{self, CatalogueDiff, Change};
use handover::locale::Locale;
use handover::model::Catalogue;
use handover::page::merge::{self, ImportOptions, Translation};
use handover::{LoadError, atomic, check};

use super::args::{CatalogueCommand, CatalogueDiffArgs, CatalogueImportArgs};
use super::error::{Error, Staged, code};
use super::output::{self, Out};
use super::{parse_locale, read};

/// Runs a `catalogue` subcommand.
pub fn run(out: &mut Out, command: &CatalogueCommand) -> Result<ExitCode, Error> {
    match command {
        CatalogueCommand::Import(a) => import(out, a),
        CatalogueCommand::Diff(a) => diff(out, a),
    }
}

/// `KEY=VALUE`, both sides non-empty.
fn pair<'a>(flag: &str, s: &'a str) -> Result<(&'a str, &'a str), Error> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => Ok((k.trim(), v)),
        _ => Err(Error::Usage(format!(
            "{flag}`{s}`: write it as {}",
            match flag {
                "" => "LOCALE=PAGE.md",
                "--prefix " => "PHASE=PREFIX",
                _ => "LOCALE=TEXT",
            }
        ))),
    }
}

fn import(out: &mut Out, args: &CatalogueImportArgs) -> Result<ExitCode, Error> {
    let mut translations = Vec::new();
    for arg in &args.pages {
        let (tag, page) = pair("", arg)?;
        let locale = parse_locale(tag)?;
        if translations
            .iter()
            .any(|t: &Translation| t.locale == locale)
        {
            return Err(Error::Usage(format!("{locale} is given twice")));
        }
        translations.push(Translation {
            locale,
            source: read(Path::new(page))?,
        });
    }
    let mut prefixes = BTreeMap::new();
    for p in &args.prefix {
        let (phase, pfx) = pair("--prefix ", p)?;
        prefixes.insert(phase.to_owned(), pfx.to_owned());
    }
    let mut titles = BTreeMap::new();
    for t in &args.title {
        let (tag, text) = pair("--title ", t)?;
        titles.insert(parse_locale(tag)?, text.to_owned());
    }
    if let Some(v) = &args.version
        && v.trim().is_empty()
    {
        return Err(Error::Usage("--version must not be empty".to_owned()));
    }
    let options = ImportOptions {
        id: args.id.clone(),
        version: args.version.clone(),
        prefixes,
        titles,
    };
    if let Some(path) = &args.out
        && path.exists()
        && !args.force
    {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        )));
    }
    let imported = merge::import(&translations, &options).staged()?;
    let unknown: Vec<&String> = options
        .prefixes
        .keys()
        .filter(|p| !imported.catalogue.phases.iter().any(|q| &q.id == *p))
        .collect();
    if let Some(p) = unknown.first() {
        let ids: Vec<&str> = imported
            .catalogue
            .phases
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        return Err(Error::Usage(format!(
            "--prefix {p}=…: the pages have no phase `{p}` (their phases: {})",
            ids.join(", ")
        )));
    }
    let c = &imported.catalogue;
    let summary = format!(
        "catalogue {} {}, {} phases, {} responsibilities ({} optional)",
        c.id,
        c.version,
        c.phases.len(),
        c.len(),
        c.items().filter(|(_, i)| i.optional).count()
    );
    match &args.out {
        None => out.text(&imported.yaml)?,
        Some(path) => {
            write(path, &imported.yaml)?;
            output::note(format!("wrote {}: {summary}", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    atomic::replace_file(path, text.as_bytes())
        .map_err(|source| handover::Error::Write {
            path: path.to_path_buf(),
            source,
        })
        .staged()
}

/// Reads and checks a catalogue file.
fn catalogue(path: &Path) -> Result<Catalogue, Error> {
    let src = read(path)?;
    check::check_catalogue(&src)
        .map(|c| c.value)
        .map_err(|d| LoadError {
            diagnostics: d,
            sources: vec![src.clone()],
        })
        .staged()
}

fn diff(out: &mut Out, args: &CatalogueDiffArgs) -> Result<ExitCode, Error> {
    let old = catalogue(&args.old)?;
    let new = catalogue(&args.new)?;
    let locale = match &args.locale {
        Some(l) => {
            let l = parse_locale(l)?;
            if !old.locales.contains(&l) || !new.locales.contains(&l) {
                return Err(Error::Usage(format!(
                    "--locale {l}: both catalogues must have it ({}: {}; {}: {})",
                    args.old.display(),
                    tags(&old.locales),
                    args.new.display(),
                    tags(&new.locales)
                )));
            }
            l
        }
        None => *old
            .locales
            .iter()
            .find(|l| new.locales.contains(l))
            .ok_or_else(|| Error::Usage("the two catalogues have no locale in common".into()))?,
    };
    let d = catalogue_diff::diff(&old, &new, locale);
    if args.json {
        let json = serde_json::to_string_pretty(&d)
            .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        out.line(json)?;
    } else {
        print(out, &d)?;
    }
    Ok(ExitCode::from(if d.is_empty() {
        code::OK
    } else {
        code::INVALID
    }))
}

fn tags(ls: &[Locale]) -> String {
    ls.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ")
}

/// `GEN-04`, or `GEN-04 → GEN-05` when the id changed.
fn ids(old: &str, new: &str) -> String {
    if old == new {
        old.to_owned()
    } else {
        format!("{old} → {new}")
    }
}

/// The diff as lines for a reader.
fn print(out: &mut Out, d: &CatalogueDiff) -> std::io::Result<()> {
    let n = d.changes.len();
    out.line(format!(
        "{} {} → {} {} ({} texts): {}",
        d.old.id,
        d.old.version,
        d.new.id,
        d.new.version,
        d.locale,
        match (n, d.renumbered.len()) {
            (0, 0) => "no changes".to_owned(),
            (1, _) => "1 change".to_owned(),
            (n, _) => format!("{n} changes"),
        }
    ))?;
    for c in &d.changes {
        let line = match c {
            Change::Added { phase, id, text } => format!("added     {id} ({phase}): {text}"),
            Change::Removed { phase, id, text } => format!("removed   {id} ({phase}): {text}"),
            Change::Reworded {
                old_id,
                new_id,
                marked,
                ..
            } => format!("reworded  {}: {marked}", ids(old_id, new_id)),
            Change::Moved {
                old_id,
                new_id,
                from,
                to,
            } => format!("moved     {}: {from} → {to}", ids(old_id, new_id)),
            Change::Optional {
                old_id,
                new_id,
                optional,
            } => format!(
                "optional  {}: now {}",
                ids(old_id, new_id),
                if *optional { "optional" } else { "required" }
            ),
            Change::PhaseAdded { phase } => format!("phase     {phase}: added"),
            Change::PhaseRemoved { phase } => format!("phase     {phase}: removed"),
            Change::PhaseRetitled { phase, old, new } => {
                format!("phase     {phase}: retitled {old} → {new}")
            }
        };
        out.line(format!("  {line}"))?;
    }
    if !d.renumbered.is_empty() {
        let pairs: Vec<String> = d
            .renumbered
            .iter()
            .map(|(a, b)| format!("{a} → {b}"))
            .collect();
        out.line(format!(
            "  renumbered: {} items keep their text under a new id (rename them in engagement files): {}",
            pairs.len(),
            pairs.join(", ")
        ))?;
    }
    Ok(())
}
