//! `handover extract`: the files a statement carries, written back out.

use std::process::ExitCode;

use handover::diagnostic::Diagnostic;
use handover::{Error as Stage, atomic, pdf};

use super::args::ExtractArgs;
use super::error::{Error, Staged, code};
use super::output::{self, Out};

/// Whether an attachment's name is a plain file name, safe to write into
/// `--out` (no folders, no parent, nothing hidden).
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0', ':'])
        && name.chars().all(|c| !c.is_control())
}

/// Writes every attachment into `--out`.
pub fn run(out: &mut Out, args: &ExtractArgs) -> Result<ExitCode, Error> {
    let path = &args.statement;
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Stage(
            Diagnostic::error(&name, None, format!("cannot read the statement: {e}"))
                .hint("name a statement-<locale>.pdf of a handover pack")
                .into(),
        )
    })?;
    let files = pdf::attachments(&bytes).staged()?;
    if files.is_empty() {
        output::note(format!(
            "handover: {name} has no attachments (built with --no-attachments, or not a handover statement)"
        ));
        return Ok(ExitCode::from(code::INVALID));
    }
    // Check every name and every target before writing any file.
    let mut plan = Vec::new();
    for f in &files {
        if !plain_name(&f.name) {
            output::note(format!(
                "handover: {name}: the attachment `{}` is not a plain file name; nothing written",
                f.name.escape_debug()
            ));
            return Ok(ExitCode::from(code::INVALID));
        }
        let target = args.out.join(&f.name);
        let same = std::fs::read(&target).ok().map(|b| b == f.bytes);
        if same == Some(false) && !args.force {
            return Err(Error::Usage(format!(
                "{} exists with other content; pass --force to replace it (nothing written)",
                target.display()
            )));
        }
        plan.push((f, target, same == Some(true)));
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|source| Stage::Write {
            path: args.out.clone(),
            source,
        })
        .staged()?;
    for (f, target, unchanged) in plan {
        if !unchanged {
            atomic::replace_file(&target, &f.bytes)
                .map_err(|source| Stage::Write {
                    path: target.clone(),
                    source,
                })
                .staged()?;
        }
        out.line(format!(
            "{} {} ({} bytes{}) → {}",
            if unchanged { "unchanged" } else { "extracted" },
            f.name,
            f.bytes.len(),
            f.mime
                .as_deref()
                .map(|m| format!(", {m}"))
                .unwrap_or_default(),
            target.display()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
