//! `handover validate`: check engagement and catalogue files, printing
//! every problem with its place.

use std::path::Path;
use std::process::ExitCode;

use handover::{Catalogues, LoadError, check, read_source};

use super::args::ValidateArgs;
use super::error::{Error, code};
use super::output::{self, Out};
use super::{print_warnings, read};

/// Checks each file; exit code 1 if any is invalid.
pub fn run(out: &mut Out, args: &ValidateArgs) -> Result<ExitCode, Error> {
    // One catalogue check for all the engagements given.
    let catalogues = Catalogues::new(args.catalogue.as_deref().map(read).transpose()?);
    let mut failed = 0usize;
    for f in &args.files {
        match one(&catalogues, f) {
            Ok(what) => out.line(format!("ok: {} ({what})", f.display()))?,
            Err(e) => {
                failed += 1;
                output::diagnostics(&e);
                output::note(format!(
                    "invalid: {} ({})",
                    f.display(),
                    output::errors(e.diagnostics.errors().count())
                ));
            }
        }
    }
    Ok(ExitCode::from(if failed == 0 {
        code::OK
    } else {
        code::INVALID
    }))
}

/// Checks one file, as a catalogue when it has `phases:` at the top, else
/// as an engagement against its catalogue; says what it is.
fn one(catalogues: &Catalogues, f: &Path) -> Result<String, LoadError> {
    let src = read_source(f)?;
    let parsed = check::parse(&src);
    if parsed.is_catalogue() {
        let c = check::check_parsed_catalogue(parsed).map_err(|d| LoadError {
            diagnostics: d,
            sources: vec![src.clone()],
        })?;
        return Ok(format!(
            "catalogue {} {}, {} phases, {} responsibilities",
            c.value.id,
            c.value.version,
            c.value.phases.len(),
            c.value.len()
        ));
    }
    let loaded = catalogues.load_parsed(parsed)?;
    print_warnings(&loaded, &src);
    let e = &loaded.engagement;
    let state = if e.is_signed_off() {
        "signed off"
    } else {
        "draft"
    };
    Ok(format!(
        "engagement {}, {} of {} responsibilities listed, {state}",
        e.id,
        e.states.len(),
        loaded.catalogue.len()
    ))
}
