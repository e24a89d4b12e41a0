//! The command line: arguments (clap), dispatch, and exit codes.
//!
//! Exit codes: 0 ok, 1 invalid input (diagnostics on stderr), 2 usage or
//! internal error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Translator;
use crate::locale::Locale;
use crate::report::{ResolveOptions, resolve};
use crate::source::Source;
use crate::{LoadError, Loaded, bundled, check, init, load, read_source, show};

/// Customer handover packs: a signed-off PDF statement of responsibilities
/// and an XLSX tracking workbook, in Korean (ko-KR) or English (en-US).
#[derive(Debug, Parser)]
#[command(name = "handover", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 1 invalid input, 2 usage error.\n\nExamples:\n  handover validate samples/engagements/contoso-midway.yaml\n  handover show samples/engagements/contoso-midway.yaml --locale en-US\n  handover init --customer \"Contoso Korea\" --out contoso.yaml"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build handover packs: OUT/<engagement-id>/statement-<locale>.pdf and tracker-<locale>.xlsx.
    #[command(
        after_help = "Examples:\n  handover build                      # the bundled sample, into ./out\n  handover build contoso.yaml --locale ko-KR,en-US --out packs\n  handover build contoso.yaml --only xlsx"
    )]
    Build {
        /// Engagement files (default: the bundled sample).
        #[arg(value_name = "ENGAGEMENT")]
        files: Vec<PathBuf>,
        /// Output language(s), comma-separated (default: each engagement's, else en-US).
        #[arg(long, value_name = "LOCALE[,LOCALE]")]
        locale: Option<String>,
        /// Output folder; each pack goes to OUT/<engagement-id>/.
        #[arg(long, value_name = "DIR", default_value = "out")]
        out: PathBuf,
        /// Use this catalogue instead of the bundled one.
        #[arg(long, value_name = "FILE")]
        catalogue: Option<PathBuf>,
        /// A template folder (template.yaml, fonts/, logo) instead of the bundled one.
        #[arg(long, value_name = "DIR")]
        template: Option<PathBuf>,
        /// Build only the statement (pdf) or only the workbook (xlsx).
        #[arg(long, value_enum)]
        only: Option<crate::pack::Only>,
        /// Replace OUT/<engagement-id>/ even when it is not a handover pack.
        #[arg(long)]
        force: bool,
    },
    /// Read a customer's edited tracker back into the engagement file.
    #[command(
        after_help = "Examples:\n  handover import tracker-ko-KR.xlsx --engagement contoso.yaml           # list the changes\n  handover import tracker-ko-KR.xlsx --engagement contoso.yaml --write   # apply them (old file kept as contoso.yaml.bak)\n\nStatus names of either language and contact names are mapped back to\ntheir ids. A workbook of another engagement or catalogue version, unknown\nor repeated ids, added or deleted rows, unknown statuses or owners and bad\ndates are refused with the sheet and cell; a refused import writes nothing."
    )]
    Import {
        /// The edited tracker workbook.
        #[arg(value_name = "TRACKER.xlsx")]
        tracker: PathBuf,
        /// The engagement file to update.
        #[arg(long, value_name = "FILE")]
        engagement: PathBuf,
        /// The catalogue, when not the bundled one.
        #[arg(long, value_name = "FILE")]
        catalogue: Option<PathBuf>,
        /// Write the changes into the engagement file (keeping FILE.bak); without it, only list them.
        #[arg(long)]
        write: bool,
    },
    /// Check a pack against its manifest and, with --engagement, whether it is current.
    #[command(
        after_help = "Examples:\n  handover verify out/ENG-2026-0142\n  handover verify out/ENG-2026-0142 --engagement contoso.yaml\n\nExit code 0 when every file matches (and the pack is current), 1 otherwise."
    )]
    Verify {
        /// The pack folder (OUT/<engagement-id>).
        #[arg(value_name = "PACK_DIR")]
        dir: PathBuf,
        /// The engagement file: says whether the pack is current or stale, and what changed.
        #[arg(long, value_name = "FILE")]
        engagement: Option<PathBuf>,
        /// The catalogue, when not the bundled one.
        #[arg(long, value_name = "FILE")]
        catalogue: Option<PathBuf>,
    },
    /// Check engagement and catalogue files; print every problem with its place.
    #[command(
        after_help = "Example:\n  handover validate samples/engagements/*.yaml samples/catalogues/fasttrack-ems.yaml\n\nA file with a top-level `phases:` is checked as a catalogue; any other as\nan engagement (against its catalogue). Exit code 1 if any file is invalid."
    )]
    Validate {
        /// Engagement or catalogue files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check engagements against this catalogue instead of the bundled one.
        #[arg(long, value_name = "FILE")]
        catalogue: Option<PathBuf>,
    },
    /// Write a new engagement file: every responsibility not started.
    #[command(
        after_help = "Example:\n  handover init --customer \"콘토소 코리아\" --locale ko-KR --start 2026-12-01 --out contoso.yaml\n\nWithout --out the file goes to standard output."
    )]
    Init {
        /// The customer's name.
        #[arg(long, value_name = "NAME")]
        customer: String,
        /// The provider's name.
        #[arg(long, value_name = "NAME", default_value = "FastTrack Center")]
        provider: String,
        /// Engagement id (default: ENG-<year>-<4 hex digits from the customer name>).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// A bundled catalogue id, or a catalogue file.
        #[arg(long, value_name = "ID|FILE", default_value = "fasttrack-ems")]
        catalogue: String,
        /// Output language of the engagement (ko-KR or en-US).
        #[arg(long, value_name = "LOCALE", default_value = "en-US")]
        locale: String,
        /// Start date, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Target date, YYYY-MM-DD (default: start + 90 days).
        #[arg(long, value_name = "DATE")]
        target: Option<String>,
        /// Write here instead of standard output; refuses to overwrite without --force.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Overwrite --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print a summary of an engagement, or the resolved report as JSON.
    #[command(
        after_help = "Examples:\n  handover show samples/engagements/contoso-midway.yaml\n  handover show samples/engagements/contoso-midway.yaml --locale en-US --json | jq .totals"
    )]
    Show {
        /// The engagement file (default: the bundled sample).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Output language (default: the engagement's, else en-US).
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// Use this catalogue instead of the bundled one.
        #[arg(long, value_name = "FILE")]
        catalogue: Option<PathBuf>,
        /// Print the resolved report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// Invalid input: the diagnostics and the files they point into.
    Invalid(LoadError),
    /// Bad usage (exit 2).
    Usage(String),
    /// Something else went wrong (exit 2).
    Internal(String),
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Invalid(e)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Invalid(LoadError {
            diagnostics: Diagnostics(vec![d]),
            sources: Vec::new(),
        })
    }
}

fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints diagnostics to stderr.
pub fn print_diagnostics(e: &LoadError) {
    let sources: Vec<&Source> = e.sources.iter().collect();
    let text = e.diagnostics.render(&sources, color_stderr());
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Parses arguments, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Invalid(e)) => {
            print_diagnostics(&e);
            let n = e.diagnostics.errors().count();
            eprintln!("handover: {n} error{} found", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("handover: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(msg)) => {
            eprintln!("handover: internal error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Runs one parsed command.
///
/// # Errors
/// The failure to report.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Build {
            files,
            locale,
            out,
            catalogue,
            template,
            only,
            force,
        } => build(
            &files,
            locale.as_deref(),
            &out,
            catalogue.as_deref(),
            template.as_deref(),
            only,
            force,
        ),
        Command::Import {
            tracker,
            engagement,
            catalogue,
            write,
        } => import(&tracker, &engagement, catalogue.as_deref(), write),
        Command::Verify {
            dir,
            engagement,
            catalogue,
        } => verify(&dir, engagement.as_deref(), catalogue.as_deref()),
        Command::Validate { files, catalogue } => validate(&files, catalogue.as_deref()),
        Command::Init {
            customer,
            provider,
            id,
            catalogue,
            locale,
            start,
            target,
            out,
            force,
        } => {
            let locale = parse_locale(&locale)?;
            let cat_src = match bundled::catalogue(&catalogue) {
                Some(b) if !Path::new(&catalogue).exists() => b.source(),
                _ => read_source(Path::new(&catalogue))?,
            };
            let cat = check::check_catalogue(&cat_src).map_err(|d| LoadError {
                diagnostics: d,
                sources: vec![cat_src.clone()],
            })?;
            let start = match start {
                Some(s) => parse_date_arg("--start", &s)?,
                None => jiff::Timestamp::now()
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .date(),
            };
            let target = match target {
                Some(s) => parse_date_arg("--target", &s)?,
                None => start
                    .checked_add(jiff::Span::new().days(90))
                    .map_err(|e| Failure::Usage(format!("--start: {e}")))?,
            };
            if target < start {
                return Err(Failure::Usage(format!(
                    "--target {target} is before --start {start}"
                )));
            }
            if customer.trim().is_empty() {
                return Err(Failure::Usage("--customer must not be empty".to_owned()));
            }
            let text = init::engagement_yaml(
                &cat.value,
                &init::InitOptions {
                    customer,
                    provider,
                    id,
                    locale,
                    start,
                    target,
                },
            );
            match out {
                None => {
                    print!("{text}");
                }
                Some(path) => {
                    if path.exists() && !force {
                        return Err(Failure::Usage(format!(
                            "{} exists; pass --force to overwrite it",
                            path.display()
                        )));
                    }
                    write_atomic(&path, text.as_bytes()).map_err(|e| {
                        Failure::Usage(format!("cannot write {}: {e}", path.display()))
                    })?;
                    eprintln!("wrote {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            file,
            locale,
            catalogue,
            json,
        } => {
            let asked = locale.as_deref().map(parse_locale).transpose()?;
            let src = match &file {
                Some(f) => read_source(f)?,
                None => bundled::SAMPLES[0].source(),
            };
            let loaded = load_with(&src, catalogue.as_deref())?;
            print_warnings(&loaded, &src);
            let report = resolve(
                Translator::bundled().map_err(|e| Failure::Internal(e.to_string()))?,
                &loaded.catalogue,
                &loaded.engagement,
                ResolveOptions {
                    locale: loaded.locale(asked),
                    fallback_date: source_date_epoch()?,
                },
            )
            .map_err(|e| Failure::Usage(e.to_string()))?;
            if json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| Failure::Internal(e.to_string()))?;
                println!("{text}");
            } else {
                print!("{}", show::summary(&report));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Parses `--locale`.
fn parse_locale(s: &str) -> Result<Locale, Failure> {
    s.parse::<Locale>()
        .map_err(|e| Failure::Usage(e.to_string()))
}

fn parse_date_arg(flag: &str, s: &str) -> Result<jiff::civil::Date, Failure> {
    check::parse_iso_date(s)
        .map_err(|why| Failure::Usage(format!("{flag} {s}: {why} (write YYYY-MM-DD)")))
}

/// The date `SOURCE_DATE_EPOCH` names, if set.
///
/// # Errors
/// It is set but not a number of seconds.
pub fn source_date_epoch() -> Result<Option<jiff::civil::Date>, Failure> {
    let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let secs: i64 = v
        .trim()
        .parse()
        .map_err(|_| Failure::Usage(format!("SOURCE_DATE_EPOCH={v} is not a number of seconds")))?;
    let ts = jiff::Timestamp::from_second(secs)
        .map_err(|e| Failure::Usage(format!("SOURCE_DATE_EPOCH={v}: {e}")))?;
    Ok(Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date()))
}

fn load_with(src: &Source, catalogue: Option<&Path>) -> Result<Loaded, Failure> {
    let cat = catalogue.map(read_source).transpose()?;
    Ok(load(src, cat.as_ref())?)
}

fn print_warnings(loaded: &Loaded, src: &Source) {
    if !loaded.warnings.0.is_empty() {
        print_diagnostics(&LoadError {
            diagnostics: loaded.warnings.clone(),
            sources: vec![src.clone()],
        });
    }
}

/// Whether a file is to be checked as an engagement: anything but a file
/// with a top-level `phases:` (a catalogue).
fn is_engagement(src: &Source) -> bool {
    !src.text().lines().any(|l| l.starts_with("phases:"))
}

fn validate(files: &[PathBuf], catalogue: Option<&Path>) -> Result<ExitCode, Failure> {
    // One catalogue check for all the engagements given.
    let catalogues = crate::Catalogues::new(catalogue.map(read_source).transpose()?);
    let mut failed = 0usize;
    for f in files {
        let result = read_source(f)
            .map_err(|d| LoadError {
                diagnostics: Diagnostics(vec![d]),
                sources: Vec::new(),
            })
            .and_then(|src| {
                if is_engagement(&src) {
                    let loaded = catalogues.load(&src)?;
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
                } else {
                    let c = check::check_catalogue(&src).map_err(|d| LoadError {
                        diagnostics: d,
                        sources: vec![src.clone()],
                    })?;
                    Ok(format!(
                        "catalogue {} {}, {} phases, {} responsibilities",
                        c.value.id,
                        c.value.version,
                        c.value.phases.len(),
                        c.value.len()
                    ))
                }
            });
        match result {
            Ok(what) => println!("ok: {} ({what})", f.display()),
            Err(e) => {
                failed += 1;
                print_diagnostics(&e);
                let n = e.diagnostics.errors().count();
                eprintln!(
                    "invalid: {} ({n} error{})",
                    f.display(),
                    if n == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Engagement files named on the command line, folders expanded to the
/// `.yaml`/`.yml` files they hold (sorted, not recursive).
fn expand_inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in files {
        if f.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(f)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                        })
                        .collect()
                })
                .unwrap_or_default();
            inside.sort();
            if inside.is_empty() {
                // Reported as unreadable by the build of this path.
                out.push(f.clone());
            }
            out.extend(inside);
        } else {
            out.push(f.clone());
        }
    }
    out
}

/// What one engagement's build ended with.
struct Built {
    name: String,
    result: Result<(PathBuf, Vec<String>), Failure>,
}

/// Shows progress: a bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(total: usize) -> Self {
        let tty = std::io::stderr().is_terminal() && total > 1;
        let bar = tty.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} building packs [{bar:30}] {pos}/{len} {elapsed} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Self { bar }
    }

    fn done(&self, b: &Built) {
        match (&self.bar, &b.result) {
            (Some(bar), _) => {
                bar.set_message(b.name.clone());
                bar.inc(1);
            }
            (None, Ok((dir, _))) => println!("built {} → {}", b.name, dir.display()),
            (None, Err(_)) => println!("failed {}", b.name),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn build(
    files: &[PathBuf],
    locale: Option<&str>,
    out: &Path,
    catalogue: Option<&Path>,
    template: Option<&Path>,
    only: Option<crate::pack::Only>,
    force: bool,
) -> Result<ExitCode, Failure> {
    use rayon::prelude::*;

    let asked = locale
        .map(crate::locale::parse_list)
        .transpose()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    // Work done once per process: the template (fonts), the catalogues, the
    // labels (built on first use and shared).
    let template = match template {
        Some(dir) => crate::template::Template::load(dir),
        None => crate::template::Template::bundled(),
    }
    .map_err(|e| Failure::Usage(e.to_string()))?;
    let typesetter =
        crate::pdf::Typesetter::new(&template).map_err(|e| Failure::Usage(e.to_string()))?;
    let fallback = source_date_epoch()?;
    let catalogues = crate::Catalogues::new(catalogue.map(read_source).transpose()?);
    let job = Job {
        catalogues: &catalogues,
        asked: asked.as_deref(),
        typesetter: &typesetter,
        only,
        fallback,
        out,
        force,
    };
    let inputs: Vec<Option<PathBuf>> = if files.is_empty() {
        vec![None]
    } else {
        expand_inputs(files).into_iter().map(Some).collect()
    };
    // Read every input first, and make sure no two build the same pack:
    // the first file (in the order given) with an id wins.
    let sources: Vec<(String, Result<Source, Failure>)> = inputs
        .par_iter()
        .map(|path| match path {
            None => {
                let src = bundled::SAMPLES[0].source();
                (src.name().to_owned(), Ok(src))
            }
            Some(p) => (
                p.display().to_string(),
                read_source(p).map_err(Failure::from),
            ),
        })
        .collect();
    let ids: Vec<Option<String>> = sources
        .par_iter()
        .map(|(_, s)| {
            s.as_ref()
                .ok()
                .and_then(check::engagement_head)
                .map(|h| h.id)
        })
        .collect();
    let mut first: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut clash: Vec<Option<String>> = vec![None; sources.len()];
    for (i, id) in ids.iter().enumerate() {
        if let Some(id) = id {
            if let Some(other) = first.get(id.as_str()) {
                clash[i] = Some(format!(
                    "engagement id `{id}` is also built from {other}: each pack needs its own id"
                ));
            } else {
                first.insert(id, &sources[i].0);
            }
        }
    }
    let progress = Progress::new(sources.len());
    let built: Vec<Built> = sources
        .into_par_iter()
        .zip(clash)
        .map(|((name, src), clash)| {
            let result = match (src, clash) {
                (Err(e), _) => Err(e),
                (Ok(_), Some(why)) => Err(Failure::Usage(why)),
                (Ok(src), None) => job.build_one(&src),
            };
            let b = Built { name, result };
            progress.done(&b);
            b
        })
        .collect();
    progress.finish();

    let failed: Vec<&Built> = built.iter().filter(|b| b.result.is_err()).collect();
    for b in &built {
        if let Ok((dir, warnings)) = &b.result {
            for w in warnings {
                eprintln!("warning: {}: {w}", b.name);
            }
            if progress.bar.is_some() {
                println!("built {} → {}", b.name, dir.display());
            }
        }
    }
    for b in &failed {
        match &b.result {
            Err(Failure::Invalid(e)) => print_diagnostics(e),
            Err(Failure::Usage(m) | Failure::Internal(m)) => eprintln!("handover: {}: {m}", b.name),
            Ok(_) => {}
        }
    }
    if built.len() > 1 || !failed.is_empty() {
        eprintln!(
            "{} built, {} failed",
            built.len() - failed.len(),
            failed.len()
        );
        for b in &failed {
            let why = match &b.result {
                Err(Failure::Invalid(e)) => {
                    let n = e.diagnostics.errors().count();
                    let first = e
                        .diagnostics
                        .errors()
                        .next()
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    format!("{n} error{}: {first}", if n == 1 { "" } else { "s" })
                }
                Err(Failure::Usage(m) | Failure::Internal(m)) => m.clone(),
                Ok(_) => String::new(),
            };
            eprintln!("  failed: {}: {why}", b.name);
        }
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The settings shared by every engagement of one `build`.
struct Job<'a> {
    catalogues: &'a crate::Catalogues,
    asked: Option<&'a [Locale]>,
    typesetter: &'a crate::pdf::Typesetter,
    only: Option<crate::pack::Only>,
    fallback: Option<jiff::civil::Date>,
    out: &'a Path,
    force: bool,
}

impl Job<'_> {
    /// Loads, renders and writes one pack; returns its folder and warnings.
    fn build_one(&self, src: &Source) -> Result<(PathBuf, Vec<String>), Failure> {
        let loaded = self.catalogues.load(src)?;
        let mut warnings: Vec<String> = loaded.warnings.0.iter().map(ToString::to_string).collect();
        let locales = self
            .asked
            .map_or_else(|| vec![loaded.locale(None)], <[Locale]>::to_vec);
        let inputs = [
            crate::pack::Input {
                role: "engagement",
                path: src.name(),
                text: src.text(),
            },
            crate::pack::Input {
                role: "catalogue",
                path: loaded.catalogue_source.name(),
                text: loaded.catalogue_source.text(),
            },
        ];
        let pack = crate::pack::render(
            &loaded,
            &inputs,
            &locales,
            self.typesetter,
            self.only,
            self.fallback,
        )
        .map_err(|e| Failure::Internal(e.to_string()))?;
        warnings.extend(pack.warnings.iter().cloned());
        let dir = crate::pack::write(&pack, self.out, self.force)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        Ok((dir, warnings))
    }
}

fn verify(
    dir: &Path,
    engagement: Option<&Path>,
    catalogue: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let loaded = match engagement {
        Some(f) => {
            let src = read_source(f)?;
            Some(load_with(&src, catalogue)?)
        }
        None => None,
    };
    let v = crate::pack::verify(dir, loaded.as_ref()).map_err(|e| Failure::Usage(e.to_string()))?;
    for name in &v.ok {
        println!("ok       {name}");
    }
    for name in &v.changed {
        println!("CHANGED  {name}: its bytes differ from the manifest");
    }
    for name in &v.missing {
        println!("MISSING  {name}");
    }
    for name in &v.extra {
        println!("EXTRA    {name}: not in the manifest");
    }
    match &v.stale {
        None => {}
        Some(changes) if changes.is_empty() => println!("current: the pack matches the engagement"),
        Some(changes) => {
            println!("STALE: the engagement changed since the pack was built:");
            for c in changes {
                println!("  {c}");
            }
        }
    }
    if v.holds() {
        println!("pack {} holds", dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        println!("pack {} does not hold", dir.display());
        Ok(ExitCode::from(1))
    }
}

/// Writes one file atomically: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn import(
    tracker: &Path,
    engagement: &Path,
    catalogue: Option<&Path>,
    write: bool,
) -> Result<ExitCode, Failure> {
    let src = read_source(engagement)?;
    let loaded = load_with(&src, catalogue)?;
    let bytes = std::fs::read(tracker).map_err(|e| {
        Failure::from(
            Diagnostic::error(
                &tracker.display().to_string(),
                None,
                format!("cannot read the workbook: {e}"),
            )
            .hint("check the path of the tracker-<locale>.xlsx"),
        )
    })?;
    let result = crate::import::import(&src, &loaded, &bytes);
    let imported = match result {
        Ok(i) => i,
        Err(crate::import::ImportError::Refused(refusals)) => {
            for r in &refusals {
                eprintln!("error: {}: {r}", tracker.display());
            }
            eprintln!(
                "handover: refused {}: {} problem{}; {} is unchanged",
                tracker.display(),
                refusals.len(),
                if refusals.len() == 1 { "" } else { "s" },
                engagement.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(e @ crate::import::ImportError::Open(_)) => {
            eprintln!("error: {}: {e}", tracker.display());
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(Failure::Internal(e.to_string())),
    };
    let locale = loaded.locale(None);
    if imported.changes.is_empty() {
        println!(
            "no changes: {} matches {}",
            tracker.display(),
            engagement.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: {} change{} from {}",
        loaded.engagement.id,
        imported.changes.len(),
        if imported.changes.len() == 1 { "" } else { "s" },
        tracker.display()
    );
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
            println!("{title}:");
        }
        println!("  {:<10} {:<8} {} → {}", c.item, c.field, c.old, c.new);
    }
    if write {
        let bak = PathBuf::from(format!("{}.bak", engagement.display()));
        let fail = |p: &Path, e: std::io::Error| {
            Failure::Usage(format!("cannot write {}: {e}", p.display()))
        };
        write_atomic(&bak, src.text().as_bytes()).map_err(|e| fail(&bak, e))?;
        write_atomic(engagement, imported.updated.as_bytes()).map_err(|e| fail(engagement, e))?;
        println!(
            "updated {} (previous version: {})",
            engagement.display(),
            bak.display()
        );
    } else {
        println!(
            "(nothing written: pass --write to update {})",
            engagement.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
