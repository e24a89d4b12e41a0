//! `handover import`: a customer's edited tracker back into the engagement.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use handover::diagnostic::Diagnostic;
use handover::import::{self, ImportError};
use handover::{Error as Stage, atomic};

use super::args::ImportArgs;
use super::error::{Error, Staged, code};
use super::output::{self, Out};
use super::{load_with, read};

/// Lists the changes a workbook brings; with `--write`, applies them.
pub fn run(out: &mut Out, args: &ImportArgs) -> Result<ExitCode, Error> {
    let (tracker, engagement) = (&args.tracker, &args.engagement);
    let src = read(engagement)?;
    let loaded = load_with(&src, args.catalogue.as_deref())?;
    let bytes = std::fs::read(tracker).map_err(|e| {
        Error::Stage(
            Diagnostic::error(
                &tracker.display().to_string(),
                None,
                format!("cannot read the workbook: {e}"),
            )
            .hint("check the path of the tracker-<locale>.xlsx")
            .into(),
        )
    })?;
    let imported = match import::import(&src, &loaded, &bytes) {
        Ok(i) => i,
        Err(ImportError::Refused(refusals)) => {
            for r in &refusals {
                output::note(format!("error: {}: {r}", tracker.display()));
            }
            output::note(format!(
                "handover: refused {}: {} problem{}; {} is unchanged",
                tracker.display(),
                refusals.len(),
                if refusals.len() == 1 { "" } else { "s" },
                engagement.display()
            ));
            return Ok(ExitCode::from(code::INVALID));
        }
        Err(e @ ImportError::Open(_)) => {
            output::note(format!("error: {}: {e}", tracker.display()));
            return Ok(ExitCode::from(code::INVALID));
        }
        Err(e) => return Err(Error::Stage(e.into())),
    };
    let locale = loaded.locale(None);
    if imported.changes.is_empty() {
        out.line(format!(
            "no changes: {} matches {}",
            tracker.display(),
            engagement.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    out.line(format!(
        "{}: {} change{} from {}",
        loaded.engagement.id,
        imported.changes.len(),
        if imported.changes.len() == 1 { "" } else { "s" },
        tracker.display()
    ))?;
    let mut phase = "";
    for c in &imported.changes {
        if c.phase != phase {
            phase = &c.phase;
            let title = loaded
                .catalogue
                .phases
                .iter()
                .find(|p| p.id == c.phase)
                .map_or(c.phase.as_str(), |p| p.title.get(locale));
            out.line(format!("{title}:"))?;
        }
        out.line(format!(
            "  {:<10} {:<8} {} → {}",
            c.item,
            c.field.key(),
            c.old,
            c.new
        ))?;
    }
    if args.write {
        let bak = PathBuf::from(format!("{}.bak", engagement.display()));
        let replace = |path: &Path, bytes: &[u8]| {
            atomic::replace_file(path, bytes)
                .map_err(|source| Stage::Write {
                    path: path.to_path_buf(),
                    source,
                })
                .staged()
        };
        replace(&bak, src.text().as_bytes())?;
        replace(engagement, imported.updated.as_bytes())?;
        out.line(format!(
            "updated {} (previous version: {})",
            engagement.display(),
            bak.display()
        ))?;
    } else {
        out.line(format!(
            "(nothing written: pass --write to update {})",
            engagement.display()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
