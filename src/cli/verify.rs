//! `handover verify`: a pack against its manifest and, with an engagement,
//! whether it is current; the signatures of its statements (or of one
//! statement), each proved or refused with what does not hold.

use std::path::Path;
use std::process::ExitCode;

use handover::pack;
use handover::signatures::{self, Anchors, Signatures, Trust};

use super::args::VerifyArgs;
use super::error::{Error, Staged, code};
use super::output::Out;
use super::{load_with, read};

/// Prints what holds and what does not; exit code 1 when anything does not.
pub fn run(out: &mut Out, args: &VerifyArgs) -> Result<ExitCode, Error> {
    let mut anchors = Anchors::none();
    for path in &args.trust {
        let pem = std::fs::read(path)
            .map_err(|e| Error::Usage(format!("--trust {}: {e}", path.display())))?;
        anchors
            .add_pem(&pem)
            .map_err(|e| Error::Usage(format!("--trust {}: {e}", path.display())))?;
    }
    if args.dir.is_file() {
        return statement(out, &args.dir, &anchors);
    }
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no such file or folder (give the pack folder `handover build` wrote, or a statement PDF)",
            dir.display()
        )));
    }
    if !dir.join(pack::MANIFEST).is_file() {
        return Err(Error::Usage(format!(
            "{}: not a pack folder: it has no {} (give the pack folder `handover build` wrote, such as out/ENG-2026-0142, or a statement PDF)",
            dir.display(),
            pack::MANIFEST
        )));
    }
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
    let mut signatures_hold = true;
    for s in &v.signed {
        let bytes = std::fs::read(dir.join(&s.name)).unwrap_or_default();
        match signatures::verify(&bytes, &anchors) {
            Ok(found) if starts_right_after(&bytes, s.unsigned_bytes, found.unsigned_len) => {
                out.line(format!("signed   {}: {}", s.name, signed_by(&found)))?;
                signatures_hold &= found.holds() && !found.signatures.is_empty();
                report(out, &found)?;
            }
            Ok(found) if !found.signatures.is_empty() => {
                signatures_hold = false;
                out.line(format!(
                    "CHANGED  {}: its unsigned revision is not the listed statement (bytes were added before its first signature)",
                    s.name
                ))?;
                report(out, &found)?;
            }
            Ok(_) => {
                signatures_hold = false;
                out.line(format!(
                    "CHANGED  {}: bytes were added after the listed statement, and none of them is a signature",
                    s.name
                ))?;
            }
            Err(e) => {
                signatures_hold = false;
                out.line(format!("CHANGED  {}: {e}", s.name))?;
            }
        }
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
    if v.holds() && signatures_hold {
        out.line(format!("pack {} holds", dir.display()))?;
        Ok(ExitCode::SUCCESS)
    } else {
        out.line(format!("pack {} does not hold", dir.display()))?;
        Ok(ExitCode::from(code::INVALID))
    }
}

/// One statement's signatures (a `.pdf` argument).
fn statement(out: &mut Out, path: &Path, anchors: &Anchors) -> Result<ExitCode, Error> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| Error::Usage(format!("{shown}: {e}")))?;
    let found = match signatures::verify(&bytes, anchors) {
        Ok(found) => found,
        Err(e) => {
            out.line(format!("statement {shown} does not hold: {e}"))?;
            return Ok(ExitCode::from(code::INVALID));
        }
    };
    if found.signatures.is_empty() {
        out.line(format!(
            "statement {shown} does not hold: it has no signatures"
        ))?;
        return Ok(ExitCode::from(code::INVALID));
    }
    out.line(format!("{shown}: {}", signed_by(&found)))?;
    report(out, &found)?;
    if found.holds() {
        out.line(format!("statement {shown} holds"))?;
        Ok(ExitCode::SUCCESS)
    } else {
        out.line(format!("statement {shown} does not hold"))?;
        Ok(ExitCode::from(code::INVALID))
    }
}

/// "signed by A (provider), B (customer)".
fn signed_by(found: &Signatures) -> String {
    let names: Vec<String> = found
        .signatures
        .iter()
        .map(|s| {
            let who = s
                .signer_name
                .clone()
                .or_else(|| s.signer.clone())
                .unwrap_or_else(|| "an unknown signer".to_string());
            match &s.party {
                Some(p) => format!("{who} ({p})"),
                None => format!("{who} ({})", s.field),
            }
        })
        .collect();
    format!("signed by {}", names.join(", "))
}

fn yes(b: bool) -> &'static str {
    if b { "valid" } else { "NOT VALID" }
}

/// Every signature's findings, then the file's.
fn report(out: &mut Out, found: &Signatures) -> Result<(), Error> {
    for (i, s) in found.signatures.iter().enumerate() {
        let party = s
            .party
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        out.line(format!("  signature {}: field {}{party}", i + 1, s.field))?;
        out.line(format!(
            "    signer       {}",
            s.signer.as_deref().unwrap_or("unknown")
        ))?;
        out.line(format!(
            "    time         {}",
            s.time.as_deref().unwrap_or("none")
        ))?;
        out.line(format!("    type         {}", s.sub_filter))?;
        out.line(format!("    digest       {}", yes(s.digest_valid)))?;
        out.line(format!("    signature    {}", yes(s.signature_valid)))?;
        out.line(format!(
            "    certificate  {}",
            if s.certificate_valid {
                "valid at that time"
            } else {
                "NOT VALID at that time"
            }
        ))?;
        let trust = match &s.trust {
            Trust::NotChecked => "not checked (no --trust given)".to_string(),
            Trust::Trusted(anchor) => format!("trusted: chains to {anchor}"),
            Trust::NotTrusted(why) => format!("NOT TRUSTED: {why}"),
        };
        out.line(format!("    chain        {trust}"))?;
        let extent = if s.covers.whole_file {
            "the whole file".to_string()
        } else {
            format!(
                "the file up to its revision (byte {})",
                s.covers.revision_end
            )
        };
        out.line(format!(
            "    covers       {} bytes: {extent}, less its own /Contents",
            s.covers.signed_bytes
        ))?;
        for p in &s.problems {
            out.line(format!("    PROBLEM      {p}"))?;
        }
    }
    for p in &found.problems {
        out.line(format!("  PROBLEM  {p}"))?;
    }
    Ok(())
}

/// Whether the first signature's update starts right after the listed
/// statement's bytes: nothing between them but the line end that ends its
/// `%%EOF` line (a signer adds one when the statement has none).
fn starts_right_after(bytes: &[u8], listed: u64, unsigned: Option<u64>) -> bool {
    let (Ok(listed), Some(Ok(unsigned))) = (usize::try_from(listed), unsigned.map(usize::try_from))
    else {
        return false;
    };
    unsigned >= listed
        && bytes
            .get(listed..unsigned)
            .is_some_and(|gap| gap.len() <= 2 && gap.iter().all(|b| matches!(b, b'\r' | b'\n')))
}
