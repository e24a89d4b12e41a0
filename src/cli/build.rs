//! `handover build`: one pack per engagement, many in parallel.

use std::process::ExitCode;

use handover::batch::{self, Input, Outcome};
use handover::i18n::Translator;
use handover::pdf::Typesetter;
use handover::template::Template;
use handover::{Catalogues, locale};

use super::args::BuildArgs;
use super::error::{Error, Staged, code, stage_code};
use super::output::{self, Out, Progress};
use super::{install_locales, read, source_date_epoch};

/// Builds every pack; the exit code is that of the most serious failure.
pub fn run(out: &mut Out, args: &BuildArgs) -> Result<ExitCode, Error> {
    install_locales(args.locales.as_deref())?;
    let locales = args
        .locale
        .as_deref()
        .map(locale::parse_list)
        .transpose()
        .map_err(|e| Error::Usage(e.to_string()))?;
    let fallback_date = source_date_epoch()?;
    // Work done once per process: the template (fonts) and the labels
    // beside the catalogues (on the sample about 1 ms and 0.7 ms); the
    // labels and the catalogues are shared, and an error in them waits for
    // the first engagement that needs them. A broken template is reported
    // before an unreadable catalogue file.
    let (typesetter, catalogues) = rayon::join(
        || -> Result<Typesetter, Error> {
            let template = match &args.template {
                Some(dir) => Template::load(dir),
                None => Template::bundled(),
            }
            .staged()?;
            let typesetter = Typesetter::new(&template).staged()?;
            let _ = Translator::global();
            Ok(typesetter)
        },
        || -> Result<Catalogues, Error> {
            let catalogues = Catalogues::new(args.catalogue.as_deref().map(read).transpose()?);
            catalogues.warm();
            Ok(catalogues)
        },
    );
    let typesetter = typesetter?;
    let catalogues = catalogues?;
    let inputs = if args.files.is_empty() {
        vec![Input::Sample]
    } else {
        batch::expand(&args.files)
    };
    let options = batch::Options {
        catalogues: &catalogues,
        locales: locales.as_deref(),
        typesetter: &typesetter,
        only: args.only.map(Into::into),
        fallback_date,
        out: &args.out,
        force: args.force,
        for_signature: args.for_signature,
        attachments: !args.no_attachments,
    };
    let progress = Progress::new(inputs.len());
    let outcomes = batch::build(&inputs, &options, &|o| progress.done(o));
    progress.finish();
    summary(out, &outcomes, progress.is_bar())
}

/// Warnings, the packs built (after a bar), every failure in full, then a
/// line per failure.
fn summary(out: &mut Out, outcomes: &[Outcome], after_bar: bool) -> Result<ExitCode, Error> {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    for o in outcomes {
        if let Ok(b) = &o.result {
            for w in &b.warnings {
                output::note(format!("warning: {}: {w}", o.name));
            }
            if after_bar {
                out.line(format!("built {} → {}", o.name, b.dir.display()))?;
            }
        }
    }
    let mut worst = code::OK;
    for o in &failed {
        if let Err(e) = &o.result {
            worst = worst.max(stage_code(e));
            match e {
                handover::Error::Load(l) => output::diagnostics(l),
                e => output::note(format!("handover: {}: {e}", o.name)),
            }
        }
    }
    if outcomes.len() > 1 || !failed.is_empty() {
        output::note(format!(
            "{} built, {} failed",
            outcomes.len() - failed.len(),
            failed.len()
        ));
        for o in &failed {
            let why = match &o.result {
                Err(handover::Error::Load(l)) => {
                    let first = l
                        .diagnostics
                        .errors()
                        .next()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    format!(
                        "{}: {first}",
                        output::errors(l.diagnostics.errors().count())
                    )
                }
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            };
            output::note(format!("  failed: {}: {why}", o.name));
        }
    }
    Ok(ExitCode::from(worst))
}
