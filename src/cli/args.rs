//! The arguments as parsed (clap): what the user typed, before any of it
//! is checked. Each command's module turns its arguments into checked
//! values (locales, dates, paths read) first.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Customer handover packs: a signed-off PDF statement of responsibilities
/// and an XLSX tracking workbook, in Korean (ko-KR) or English (en-US).
#[derive(Debug, Parser)]
#[command(name = "handover", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 1 invalid input or a check that does not hold, 2 usage error,\n3 an output could not be written, 4 internal error.\n\nExamples:\n  handover validate samples/engagements/contoso-midway.yaml\n  handover show samples/engagements/contoso-midway.yaml --locale en-US\n  handover init --customer \"Contoso Korea\" --out contoso.yaml"
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
        after_help = "Examples:\n  handover build                      # the bundled sample, into ./out\n  handover build contoso.yaml --locale ko-KR,en-US --out packs\n  handover build contoso.yaml --only xlsx\n  handover build contoso.yaml --for-signature   # final, with empty signature fields"
    )]
    Build(BuildArgs),
    /// Read a customer's edited tracker back into the engagement file.
    #[command(
        after_help = "Examples:\n  handover import tracker-ko-KR.xlsx --engagement contoso.yaml           # list the changes\n  handover import tracker-ko-KR.xlsx --engagement contoso.yaml --write   # apply them (old file kept as contoso.yaml.bak)\n\nStatus names of either language and contact names are mapped back to\ntheir ids. A workbook of another engagement or catalogue version, unknown\nor repeated ids, added or deleted rows, unknown statuses or owners and bad\ndates are refused with the sheet and cell; a refused import writes nothing."
    )]
    Import(ImportArgs),
    /// Check a pack against its manifest and, with --engagement, whether it is current.
    #[command(
        after_help = "Examples:\n  handover verify out/ENG-2026-0142\n  handover verify out/ENG-2026-0142 --engagement contoso.yaml\n  handover verify out/ENG-2026-0142 --trust ca.pem\n  handover verify statement-ko-KR.pdf --trust ca.pem\n\nA signed statement's unsigned revision must be the listed statement; each\nsignature is checked (digest, signature, certificate at its time, chain to\na --trust anchor, and that only later signatures follow it).\nExit code 0 when every file matches (and the pack is current) and every\nsignature holds (and is trusted, with --trust), 1 otherwise."
    )]
    Verify(VerifyArgs),
    /// Check engagement and catalogue files; print every problem with its place.
    #[command(
        after_help = "Example:\n  handover validate samples/engagements/*.yaml samples/catalogues/fasttrack-ems.yaml\n\nA file with a top-level `phases:` is checked as a catalogue; any other as\nan engagement (against its catalogue). Exit code 1 if any file is invalid."
    )]
    Validate(ValidateArgs),
    /// Write a new engagement file: every responsibility not started.
    #[command(
        after_help = "Example:\n  handover init --customer \"콘토소 코리아\" --locale ko-KR --start 2026-12-01 --out contoso.yaml\n\nWithout --out the file goes to standard output."
    )]
    Init(InitArgs),
    /// Print a summary of an engagement, or the resolved report as JSON.
    #[command(
        after_help = "Examples:\n  handover show samples/engagements/contoso-midway.yaml\n  handover show samples/engagements/contoso-midway.yaml --locale en-US --json | jq .totals"
    )]
    Show(ShowArgs),
    /// Write out the files attached to a statement: its tracker, engagement state and catalogue.
    #[command(
        after_help = "Examples:\n  handover extract statement-ko-KR.pdf --out inputs\n  handover build inputs/engagement-ENG-2026-0142.yaml --catalogue inputs/catalogue-fasttrack-ems.yaml --locale ko-KR\n\nA customer holding only the PDF has the tracker and the inputs, and can\nrebuild the pack from them. Existing files are kept unless they hold the\nsame bytes, or --force is given. Exit code 1 when the PDF has no attachments."
    )]
    Extract(ExtractArgs),
    /// Sign a statement built for signature as one party (PAdES), as an incremental update.
    #[command(
        after_help = "Examples:\n  handover sign statement-ko-KR.pdf --party provider --key provider.key --cert provider.pem\n  HANDOVER_P12_PASSWORD=... handover sign statement-ko-KR.pdf --party customer --p12 customer.p12 --reason Approved\n\nThe first signature certifies the statement (only the other signature may\nfollow), the second approves it. Passwords come from HANDOVER_KEY_PASSWORD /\nHANDOVER_P12_PASSWORD or a prompt on the terminal. A refused signature writes\nnothing. Exit code 1 for a key, certificate or statement that cannot sign."
    )]
    Sign(SignArgs),
    /// Make a catalogue from the translations of its source page, or compare two catalogues.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
}

/// `handover catalogue …`.
#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Turn the translations of a responsibilities page (Markdown) into one catalogue.
    #[command(
        after_help = "Examples:\n  handover catalogue import ko-KR=samples/pages/fasttrack-ems.ko-KR.md en-US=samples/pages/fasttrack-ems.en-US.md --id fasttrack-ems --out ems.yaml\n  handover catalogue import ko-KR=ko.md en-US=en.md --id m365 --prefix general=GEN --title en-US=\"FastTrack for Microsoft 365\"\n\nOne `## ` section per phase, its bullets the responsibilities; the first\npage is the reference for ids. Translations that disagree (a phase\nmissing, another number of bullets) are refused with both places, and\nnothing is written. Without --out the catalogue goes to standard output."
    )]
    Import(CatalogueImportArgs),
    /// Say what a revision of a catalogue changed: items added, removed, reworded, moved, optional.
    #[command(
        after_help = "Examples:\n  handover catalogue diff old.yaml new.yaml\n  handover catalogue diff old.yaml new.yaml --locale en-US --json | jq '.changes[].kind'\n\nItems are matched by id and text, then by text anywhere, then by word\nsimilarity, so an inserted bullet is one addition, not a cascade of\nrenamed ids. Exit code 0 when nothing changed, 1 otherwise."
    )]
    Diff(CatalogueDiffArgs),
}

/// The arguments of `catalogue import`.
#[derive(Debug, Args)]
pub struct CatalogueImportArgs {
    /// The translations, each as its locale and its page, the reference first.
    #[arg(required = true, value_name = "LOCALE=PAGE.md")]
    pub pages: Vec<String>,
    /// The catalogue's id.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// The catalogue's version (default: the newest ms.date, YYYY-MM-DD).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// The item id prefix of a phase (default: the phase id upper-cased, its first 4 letters when longer than 6). Repeatable.
    #[arg(long, value_name = "PHASE=PFX")]
    pub prefix: Vec<String>,
    /// The catalogue's title in a locale, instead of the page's. Repeatable.
    #[arg(long, value_name = "LOCALE=TEXT")]
    pub title: Vec<String>,
    /// Write here instead of standard output; refuses to overwrite without --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `catalogue diff`.
#[derive(Debug, Args)]
pub struct CatalogueDiffArgs {
    /// The catalogue before.
    #[arg(value_name = "OLD.yaml")]
    pub old: PathBuf,
    /// The catalogue after.
    #[arg(value_name = "NEW.yaml")]
    pub new: PathBuf,
    /// The locale whose texts are compared (default: the first both have).
    #[arg(long, value_name = "LOCALE")]
    pub locale: Option<String>,
    /// Print the changes as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Engagement files (default: the bundled sample).
    #[arg(value_name = "ENGAGEMENT")]
    pub files: Vec<PathBuf>,
    /// Output language(s), comma-separated; two joined with `+` make one bilingual statement and tracker, the first the primary language (default: each engagement's, else en-US).
    #[arg(long, value_name = "LOCALE[,LOCALE|+LOCALE]")]
    pub locale: Option<String>,
    /// A folder of language folders (DIR/en-GB/handover.ftl …) that add languages or override the bundled messages.
    #[arg(long, value_name = "DIR")]
    pub locales: Option<PathBuf>,
    /// Output folder; each pack goes to OUT/<engagement-id>/.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Use this catalogue instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// A template folder (template.yaml, fonts/, logo) instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Build only the statement (pdf) or only the workbook (xlsx).
    #[arg(long, value_enum)]
    pub only: Option<Only>,
    /// Replace OUT/<engagement-id>/ even when it is not a handover pack.
    #[arg(long)]
    pub force: bool,
    /// Make the statement final, to be signed: no draft marking, and an
    /// empty signature field over each unsigned party's signature line.
    #[arg(long)]
    pub for_signature: bool,
    /// Do not attach the tracker, the engagement and the catalogue to the statement.
    #[arg(long)]
    pub no_attachments: bool,
}

/// The arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The edited tracker workbook.
    #[arg(value_name = "TRACKER.xlsx")]
    pub tracker: PathBuf,
    /// The engagement file to update.
    #[arg(long, value_name = "FILE")]
    pub engagement: PathBuf,
    /// The catalogue, when not the bundled one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// Write the changes into the engagement file (keeping FILE.bak); without it, only list them.
    #[arg(long)]
    pub write: bool,
}

/// The arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The pack folder (OUT/<engagement-id>), or one statement (a `.pdf`
    /// file: only its signatures are checked).
    #[arg(value_name = "PACK_DIR|STATEMENT.pdf")]
    pub dir: PathBuf,
    /// A trust anchor (PEM, one or more CA certificates): every signer must
    /// chain to one. Repeatable. Without it, chains are "not checked".
    #[arg(long, value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// The engagement file: says whether the pack is current or stale, and what changed.
    #[arg(long, value_name = "FILE")]
    pub engagement: Option<PathBuf>,
    /// The catalogue, when not the bundled one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
}

/// The arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Engagement or catalogue files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check engagements against this catalogue instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
}

/// The arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The customer's name.
    #[arg(long, value_name = "NAME")]
    pub customer: String,
    /// The provider's name.
    #[arg(long, value_name = "NAME", default_value = "FastTrack Center")]
    pub provider: String,
    /// Engagement id (default: ENG-<year>-<4 hex digits from the customer name>).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// A bundled catalogue id, or a catalogue file.
    #[arg(long, value_name = "ID|FILE", default_value = "fasttrack-ems")]
    pub catalogue: String,
    /// Output language of the engagement (ko-KR, en-US, or one of --locales).
    #[arg(long, value_name = "LOCALE", default_value = "en-US")]
    pub locale: String,
    /// A folder of language folders (DIR/en-GB/handover.ftl …) that add languages.
    #[arg(long, value_name = "DIR")]
    pub locales: Option<PathBuf>,
    /// Start date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Target date, YYYY-MM-DD (default: start + 90 days).
    #[arg(long, value_name = "DATE")]
    pub target: Option<String>,
    /// Write here instead of standard output; refuses to overwrite without --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The engagement file (default: the bundled sample).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output language (default: the engagement's, else en-US).
    #[arg(long, value_name = "LOCALE")]
    pub locale: Option<String>,
    /// A folder of language folders (DIR/en-GB/handover.ftl …) that add languages or override the bundled messages.
    #[arg(long, value_name = "DIR")]
    pub locales: Option<PathBuf>,
    /// Use this catalogue instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// Print the resolved report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The statement.
    #[arg(value_name = "STATEMENT.pdf")]
    pub statement: PathBuf,
    /// Where to write the files.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Replace files that exist with other bytes.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The statement (built with --for-signature).
    #[arg(value_name = "STATEMENT.pdf")]
    pub statement: PathBuf,
    /// Whose signature field to sign.
    #[arg(long, value_enum)]
    pub party: SignParty,
    /// The private key (PKCS#8 PEM, encrypted or not).
    #[arg(
        long,
        value_name = "KEY.pem",
        requires = "cert",
        conflicts_with = "p12"
    )]
    pub key: Option<PathBuf>,
    /// The signer's certificate (PEM; further certificates in it are the chain).
    #[arg(
        long,
        value_name = "CERT.pem",
        requires = "key",
        conflicts_with = "p12"
    )]
    pub cert: Option<PathBuf>,
    /// The certificates between the signer's and the root (PEM).
    #[arg(long, value_name = "CHAIN.pem", requires = "cert")]
    pub chain: Option<PathBuf>,
    /// A PKCS#12 file (.p12/.pfx) with the key and its certificates.
    #[arg(long, value_name = "FILE.p12")]
    pub p12: Option<PathBuf>,
    /// Why the party signs (/Reason; also shown in the field).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Where (/Location).
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// The signing time, RFC 3339 (default: the clock); the same inputs and time give the same bytes.
    #[arg(long, value_name = "RFC3339")]
    pub time: Option<String>,
    /// Write the signed statement here instead of in place.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `--party`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignParty {
    /// The customer's field.
    Customer,
    /// The provider's field.
    Provider,
}

/// `--only`: which outputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Only {
    /// The PDF statement only.
    Pdf,
    /// The XLSX workbook only.
    Xlsx,
}

impl From<Only> for handover::pack::Only {
    fn from(o: Only) -> Self {
        match o {
            Only::Pdf => handover::pack::Only::Pdf,
            Only::Xlsx => handover::pack::Only::Xlsx,
        }
    }
}
