//! `handover verify`: a pack against its manifest and, with an engagement,
//! whether it is current.

use std::process::ExitCode;

use handover::pack;

use super::args::VerifyArgs;
use super::error::{Error, Staged, code};
use super::output::Out;
use super::{load_with, read};

/// Prints what holds and what does not; exit code 1 when anything does not.
pub fn run(out: &mut Out, args: &VerifyArgs) -> Result<ExitCode, Error> {
    let dir = &args.dir;
    let loaded = match &args.engagement {
        Some(f) => {
            let src = read(f)?;
            Some(load_with(&src, args.catalogue.as_deref())?)
        }
        None => None,
    };
    let v = pack::verify(dir, loaded.as_ref()).staged()?;
    for name in &v.ok {
        out.line(format!("ok       {name}"))?;
    }
    for name in &v.changed {
        out.line(format!(
            "CHANGED  {name}: its bytes differ from the manifest"
        ))?;
    }
    for name in &v.missing {
        out.line(format!("MISSING  {name}"))?;
    }
    for name in &v.extra {
        out.line(format!("EXTRA    {name}: not in the manifest"))?;
    }
    match &v.stale {
        None => {}
        Some(changes) if changes.is_empty() => {
            out.line("current: the pack matches the engagement")?;
        }
        Some(changes) => {
            out.line("STALE: the engagement changed since the pack was built:")?;
            for c in changes {
                out.line(format!("  {c}"))?;
            }
        }
    }
    if v.holds() {
        out.line(format!("pack {} holds", dir.display()))?;
        Ok(ExitCode::SUCCESS)
    } else {
        out.line(format!("pack {} does not hold", dir.display()))?;
        Ok(ExitCode::from(code::INVALID))
    }
}
