//! The command line: arguments as parsed ([`args`]), one module per
//! command, the output ([`output`]) and the error kinds ([`error`]).
//!
//! Exit codes (`error::code`): 0 ok; 1 invalid input, or a check that does
//! not hold; 2 usage error; 3 an output could not be written; 4 internal
//! error. A reader of standard output that closes early (`| head -1`) ends
//! the output: that is exit 0, not a failure.

mod args;
mod build;
mod catalogue;
mod error;
mod extract;
mod import;
mod init;
mod output;
mod show;
mod sign;
mod validate;
mod verify;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use handover::locale::Locale;
use handover::source::Source;
use handover::{LoadError, Loaded, check, read_source};

use args::{Cli, Command};
use error::{Error, Staged};

/// Parses the arguments, runs the command, prints its failure once and
/// returns the exit code.
pub fn main() -> ExitCode {
    // The main thread is one of the pool's workers: one thread fewer to
    // start and to wake, and its joins and parallel loops run in the pool
    // instead of being handed to it. (Failing that, rayon makes its own
    // pool on first use.)
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            e.exit()
        }
    }
}

/// Prints a failure to standard error.
fn report(e: &Error) {
    match e {
        Error::Stage(handover::Error::Load(l)) => {
            output::diagnostics(l);
            output::note(format!(
                "handover: {} found",
                output::errors(l.diagnostics.errors().count())
            ));
        }
        e if e.exit_code() == error::code::INTERNAL => {
            output::note(format!("handover: internal error: {e}"));
        }
        e => output::note(format!("handover: {e}")),
    }
}

/// Runs one parsed command.
fn run(cli: Cli) -> Result<ExitCode, Error> {
    let mut out = output::Out::stdout();
    let code = match &cli.command {
        Command::Build(a) => build::run(&mut out, a)?,
        Command::Import(a) => import::run(&mut out, a)?,
        Command::Verify(a) => verify::run(&mut out, a)?,
        Command::Validate(a) => validate::run(&mut out, a)?,
        Command::Init(a) => init::run(&mut out, a)?,
        Command::Show(a) => show::run(&mut out, a)?,
        Command::Extract(a) => extract::run(&mut out, a)?,
        Command::Sign(a) => sign::run(&mut out, a)?,
        Command::Catalogue(c) => catalogue::run(&mut out, c)?,
    };
    out.flush()?;
    Ok(code)
}

/// `--locales DIR`: its languages installed before anything is parsed;
/// what they lack is said as a warning.
fn install_locales(dir: Option<&std::path::Path>) -> Result<(), Error> {
    if let Some(dir) = dir {
        for w in handover::i18n::Translator::install(dir).staged()? {
            eprintln!("warning: {w}");
        }
    }
    Ok(())
}

/// `--locale`, checked.
fn parse_locale(s: &str) -> Result<Locale, Error> {
    s.parse::<Locale>().map_err(|e| Error::Usage(e.to_string()))
}

/// A date argument, checked.
fn parse_date_arg(flag: &str, s: &str) -> Result<jiff::civil::Date, Error> {
    check::parse_iso_date(s)
        .map_err(|why| Error::Usage(format!("{flag} {s}: {why} (write YYYY-MM-DD)")))
}

/// The date `SOURCE_DATE_EPOCH` names, if set.
fn source_date_epoch() -> Result<Option<jiff::civil::Date>, Error> {
    let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let secs: i64 = v
        .trim()
        .parse()
        .map_err(|_| Error::Usage(format!("SOURCE_DATE_EPOCH={v} is not a number of seconds")))?;
    let ts = jiff::Timestamp::from_second(secs)
        .map_err(|e| Error::Usage(format!("SOURCE_DATE_EPOCH={v}: {e}")))?;
    Ok(Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date()))
}

/// Reads a file named on the command line.
fn read(path: &Path) -> Result<Source, Error> {
    read_source(path).map_err(|d| Error::Stage(d.into()))
}

/// Loads an engagement (with `--catalogue` when given).
fn load_with(src: &Source, catalogue: Option<&Path>) -> Result<Loaded, Error> {
    let cat = catalogue.map(read).transpose()?;
    handover::load(src, cat.as_ref()).staged()
}

/// Prints a load's warnings.
fn print_warnings(loaded: &Loaded, src: &Source) {
    if !loaded.warnings.0.is_empty() {
        output::diagnostics(&LoadError {
            diagnostics: loaded.warnings.clone(),
            sources: vec![src.clone()],
        });
    }
}
