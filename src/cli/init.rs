//! `handover init`: a new, valid engagement file.

use std::path::Path;
use std::process::ExitCode;

use handover::{atomic, bundled, check, init};

use super::args::InitArgs;
use super::error::{Error, Staged};
use super::output::{self, Out};
use super::{install_locales, parse_date_arg, parse_locale, read};

/// Writes the new engagement to `--out`, or to standard output.
pub fn run(out: &mut Out, args: &InitArgs) -> Result<ExitCode, Error> {
    install_locales(args.locales.as_deref())?;
    let locale = parse_locale(&args.locale)?;
    let cat_src = match bundled::catalogue(&args.catalogue) {
        Some(b) if !Path::new(&args.catalogue).exists() => b.source(),
        _ => read(Path::new(&args.catalogue))?,
    };
    let cat = check::check_catalogue(&cat_src)
        .map_err(|d| handover::LoadError {
            diagnostics: d,
            sources: vec![cat_src.clone()],
        })
        .staged()?;
    let start = match &args.start {
        Some(s) => parse_date_arg("--start", s)?,
        None => jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
    };
    let target = match &args.target {
        Some(s) => parse_date_arg("--target", s)?,
        None => start
            .checked_add(jiff::Span::new().days(90))
            .map_err(|e| Error::Usage(format!("--start: {e}")))?,
    };
    if target < start {
        return Err(Error::Usage(format!(
            "--target {target} is before --start {start}"
        )));
    }
    if args.customer.trim().is_empty() {
        return Err(Error::Usage("--customer must not be empty".to_owned()));
    }
    let text = init::engagement_yaml(
        &cat.value,
        &init::InitOptions {
            customer: args.customer.clone(),
            provider: args.provider.clone(),
            id: args.id.clone(),
            locale,
            start,
            target,
        },
    );
    match &args.out {
        None => out.text(&text)?,
        Some(path) => {
            if path.exists() && !args.force {
                return Err(Error::Usage(format!(
                    "{} exists; pass --force to overwrite it",
                    path.display()
                )));
            }
            atomic::replace_file(path, text.as_bytes())
                .map_err(|source| handover::Error::Write {
                    path: path.clone(),
                    source,
                })
                .staged()?;
            output::note(format!("wrote {}", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
