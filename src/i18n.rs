//! Fluent: every label and date of the outputs, in every locale.
//!
//! The `.ftl` files of `locales/` are compiled in; [`Translator::install`]
//! adds the folders of `--locales DIR` (each `DIR/<tag>/*.ftl`: a new
//! language, or messages that override a bundled one's). A message a
//! locale lacks is taken along its [`Locale::chain`] (`en-GB` → `en-US`).
//! Fluent's isolation marks (U+2068/U+2069) are switched off: every locale
//! so far is left-to-right, and the marks would show as stray boxes in the
//! PDF and the workbook. fluent-rs has no `DATETIME()`, so a date is
//! formatted by the `date-long` message of each locale from `$year`,
//! `$month` and `$day`.
//! Every bundle has a `PARTICLE()` function for Korean particles
//! ([`PARTICLE_FUNCTION`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use jiff::civil::Date;
use unic_langid::LanguageIdentifier;

use crate::locale::{self, Locale};
use crate::particle;

/// The bundled `.ftl` files, by locale, en-US first.
pub fn bundled_ftl() -> Vec<(Locale, &'static str)> {
    locale::bundled_sources().collect()
}

/// The Fluent function that writes a word with the Korean particle that
/// fits it: `{ PARTICLE($customer, "은") }` is `한빛 산업은` or `콘토소 코리아는`
/// ([`crate::particle`]). A word that is not a text (a number, a missing
/// variable) or a particle not known keeps the bracketed form, never an
/// error.
pub const PARTICLE_FUNCTION: &str = "PARTICLE";

/// `PARTICLE(word, particle)`: see [`PARTICLE_FUNCTION`].
fn particle_function(args: &[FluentValue<'_>]) -> String {
    let name = match args.get(1) {
        Some(FluentValue::String(s)) => s.as_ref(),
        _ => "",
    };
    match args.first() {
        Some(FluentValue::String(word)) => particle::attach_named(word, name),
        Some(FluentValue::Number(n)) => particle::attach_named_bracketed(&n.as_string(), name),
        _ => particle::attach_named_bracketed("", name),
    }
}

/// What can go wrong with the labels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum I18nError {
    /// An `.ftl` file does not parse.
    #[error("{locale} labels do not parse: {message}")]
    Parse {
        /// The locale.
        locale: Locale,
        /// What fluent said, with the file, line and column.
        message: String,
    },
    /// A message the outputs need is missing.
    #[error("{locale} labels have no message `{id}`")]
    Missing {
        /// The locale.
        locale: Locale,
        /// The message id.
        id: String,
    },
    /// A message could not be formatted (e.g. a variable is missing).
    #[error("{locale} label `{id}` failed: {message}")]
    Format {
        /// The locale.
        locale: Locale,
        /// The message id.
        id: String,
        /// What fluent said.
        message: String,
    },
    /// A `--locales` folder cannot be used.
    #[error("{}: {message}\n  hint: {hint}", path.display())]
    Folder {
        /// The folder or file.
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
}

/// One argument to a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// A text.
    Str(&'a str),
    /// A number (for plural and exact selectors).
    Num(i64),
}

/// One locale's messages: a file's text and where it came from.
#[derive(Debug, Clone)]
pub struct FtlSource {
    /// The locale.
    pub locale: Locale,
    /// The file, as named in messages (`locales/ko-KR/handover.ftl` for
    /// a bundled one).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Reads the folders of `dir`: each `<tag>/` with `.ftl` files is a locale
/// (files in name order).
///
/// # Errors
/// The folder cannot be read, a subfolder is not a language tag, or holds
/// no `.ftl` file.
pub fn read_folders(dir: &Path) -> Result<Vec<FtlSource>, I18nError> {
    let folder_err = |path: &Path, message: String, hint: &str| I18nError::Folder {
        path: path.to_path_buf(),
        message,
        hint: hint.to_owned(),
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        folder_err(
            dir,
            format!("cannot read the locales folder ({e})"),
            "give a folder holding one folder per language, e.g. DIR/en-GB/handover.ftl",
        )
    })?;
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    let mut out = Vec::new();
    for sub in subdirs {
        let name = sub.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(locale) = Locale::from_folder_name(name) else {
            return Err(folder_err(
                &sub,
                format!("`{name}` is not a language tag"),
                "name each folder for its language the BCP 47 way, e.g. en-GB or ko-KR",
            ));
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&sub)
            .map_err(|e| {
                folder_err(
                    &sub,
                    format!("cannot read it ({e})"),
                    "check its permissions",
                )
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(folder_err(
                &sub,
                "holds no .ftl file".to_owned(),
                "copy locales/en-US/handover.ftl there and translate it",
            ));
        }
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                folder_err(
                    &file,
                    format!("cannot read it ({e})"),
                    "save it as UTF-8 text",
                )
            })?;
            out.push(FtlSource {
                locale,
                path: file,
                text,
            });
        }
    }
    if out.is_empty() {
        return Err(folder_err(
            dir,
            "holds no language folder".to_owned(),
            "give a folder holding one folder per language, e.g. DIR/en-GB/handover.ftl",
        ));
    }
    Ok(out)
}

/// The Fluent bundles of every locale, built once per process.
pub struct Translator {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field(
                "locales",
                &self.bundles.iter().map(|b| b.0).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The messages `install` added, for the process-wide translator.
static USER_SOURCES: OnceLock<Vec<FtlSource>> = OnceLock::new();
static GLOBAL: OnceLock<Result<Translator, I18nError>> = OnceLock::new();

impl Translator {
    /// The translator for the compiled-in labels and those
    /// [`install`](Self::install)ed, built on first use.
    ///
    /// # Errors
    /// A bundled `.ftl` file is broken (which the tests rule out), or an
    /// installed one is.
    pub fn global() -> Result<&'static Translator, I18nError> {
        GLOBAL
            .get_or_init(|| {
                let mut sources: Vec<FtlSource> = locale::bundled_sources()
                    .map(|(locale, text)| FtlSource {
                        locale,
                        path: PathBuf::from(format!("locales/{locale}/handover.ftl")),
                        text: text.to_owned(),
                    })
                    .collect();
                sources.extend(USER_SOURCES.get().into_iter().flatten().cloned());
                Translator::from_sources(&sources)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Adds the language folders of `dir` (`--locales DIR`) to the
    /// process: their locales can be parsed and their messages are used.
    /// Checks every file first, so that a broken one is told with its file,
    /// line and column before anything is built. Call it once, before
    /// anything is parsed or translated.
    ///
    /// Returns a warning per locale that lacks messages the reference has
    /// (they come from the next locale along its chain).
    ///
    /// # Errors
    /// The folder is not usable, a file does not parse, or it is called
    /// twice or after the first translation.
    pub fn install(dir: &Path) -> Result<Vec<String>, I18nError> {
        let sources = read_folders(dir)?;
        // Checked on their own, so a broken file names itself.
        Translator::from_sources(&sources)?;
        let locales: Vec<Locale> = sources.iter().map(|s| s.locale).collect();
        let late = || I18nError::Folder {
            path: dir.to_path_buf(),
            message: "locales were installed already".to_owned(),
            hint: "give --locales once".to_owned(),
        };
        if GLOBAL.get().is_some() {
            return Err(late());
        }
        USER_SOURCES.set(sources).map_err(|_| late())?;
        if !locale::install(locales.clone()) {
            return Err(late());
        }
        let tr = Translator::global()?;
        let mut seen = Vec::new();
        let mut warnings = Vec::new();
        for l in locales {
            if seen.contains(&l) {
                continue;
            }
            seen.push(l);
            let gaps = tr.gaps(l);
            if !gaps.is_empty() {
                let from: Vec<String> = l.chain().iter().skip(1).map(ToString::to_string).collect();
                warnings.push(format!(
                    "{l}: {} of the reference's messages are not in {}, and come from {}",
                    gaps.len(),
                    dir.join(l.tag()).display(),
                    from.join(", then ")
                ));
            }
        }
        Ok(warnings)
    }

    /// Builds bundles from `.ftl` sources (the bundled ones, for tests).
    ///
    /// # Errors
    /// A source that does not parse, or defines a message twice.
    pub fn new(sources: &[(Locale, &str)]) -> Result<Self, I18nError> {
        let sources: Vec<FtlSource> = sources
            .iter()
            .map(|(locale, text)| FtlSource {
                locale: *locale,
                path: PathBuf::from(format!("{locale}.ftl")),
                text: (*text).to_owned(),
            })
            .collect();
        Self::from_sources(&sources)
    }

    /// Builds bundles from `.ftl` files: one bundle per locale, the later
    /// files of a locale overriding the messages of earlier ones.
    ///
    /// # Errors
    /// A file does not parse (named with its line and column), or one file
    /// defines a message twice.
    pub fn from_sources(sources: &[FtlSource]) -> Result<Self, I18nError> {
        let mut bundles: Vec<(Locale, FluentBundle<FluentResource>)> = Vec::new();
        for src in sources {
            let locale = src.locale;
            let resource = FluentResource::try_new(src.text.clone()).map_err(|(_, errs)| {
                I18nError::Parse {
                    locale,
                    message: errs
                        .iter()
                        .map(|e| {
                            let (line, col) = line_col(&src.text, e.pos.start);
                            format!("{}:{line}:{col}: {e}", src.path.display())
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
            let index = match bundles.iter().position(|(l, _)| *l == locale) {
                Some(i) => i,
                None => {
                    let langid: LanguageIdentifier =
                        locale.tag().parse().map_err(|_| I18nError::Parse {
                            locale,
                            message: "bad language tag".to_owned(),
                        })?;
                    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                    bundle.set_use_isolating(false);
                    bundle
                        .add_function(PARTICLE_FUNCTION, |args, _| particle_function(args).into())
                        .map_err(|e| I18nError::Parse {
                            locale,
                            message: e.to_string(),
                        })?;
                    bundles.push((locale, bundle));
                    bundles.len() - 1
                }
            };
            let (_, bundle) = &mut bundles[index];
            // A later file of the same locale (a user's folder over the
            // bundled one) overrides; duplicates within one file are still
            // refused by the tests of the bundled files.
            bundle.add_resource_overriding(resource);
        }
        Ok(Self { bundles })
    }

    /// The locales this translator has messages for.
    pub fn locales(&self) -> Vec<Locale> {
        self.bundles.iter().map(|(l, _)| *l).collect()
    }

    /// The reference's (en-US) message ids `locale` has no message of
    /// its own for.
    pub fn gaps(&self, locale: Locale) -> Vec<String> {
        let Some(own) = self.bundle(locale) else {
            return reference_ids();
        };
        reference_ids()
            .into_iter()
            .filter(|id| !own.has_message(id))
            .collect()
    }

    fn bundle(&self, locale: Locale) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, b)| b)
    }

    /// Formats message `id` in `locale` with `args`.
    ///
    /// # Errors
    /// The message is missing, or a variable it uses is not given.
    pub fn message(
        &self,
        locale: Locale,
        id: &str,
        args: &[(&str, Arg<'_>)],
    ) -> Result<String, I18nError> {
        let missing = || I18nError::Missing {
            locale,
            id: id.to_owned(),
        };
        let find = |l: Locale| {
            let b = self.bundle(l)?;
            Some((b, b.get_message(id)?.value()?))
        };
        // The locale's own message first; the chain only when it has none.
        let (bundle, pattern) = find(locale)
            .or_else(|| locale.chain().into_iter().skip(1).find_map(find))
            .ok_or_else(missing)?;
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(I18nError::Format {
                locale,
                id: id.to_owned(),
                message: e.to_string(),
            });
        }
        Ok(text.into_owned())
    }

    /// A date written out in `locale`: `2026년 11월 20일`, `November 20, 2026`.
    ///
    /// # Errors
    /// The locale's `date-long` message is missing or broken.
    pub fn date(&self, locale: Locale, date: Date) -> Result<String, I18nError> {
        self.message(
            locale,
            "date-long",
            &[
                ("year", Arg::Num(i64::from(date.year()))),
                ("month", Arg::Num(i64::from(date.month()))),
                ("day", Arg::Num(i64::from(date.day()))),
            ],
        )
    }
}

/// The ids of the reference's (en-US) messages: the lines that start
/// `id =` (a message; terms start with `-`, comments with `#`).
fn reference_ids() -> Vec<String> {
    let Some((_, text)) = locale::bundled_sources().find(|(l, _)| *l == Locale::EN_US) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let ok = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| id.to_owned())
        })
        .collect()
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_in_both_locales() {
        let tr = Translator::global().unwrap();
        let d = jiff::civil::date(2026, 11, 20);
        assert_eq!(tr.date(Locale::KO_KR, d).unwrap(), "2026년 11월 20일");
        assert_eq!(tr.date(Locale::EN_US, d).unwrap(), "November 20, 2026");
        assert_eq!(
            tr.date(Locale::EN_US, jiff::civil::date(2027, 1, 5))
                .unwrap(),
            "January 5, 2027"
        );
    }

    #[test]
    fn the_particle_function_fits_the_word_and_never_blanks_a_message() {
        let ftl = "m = { PARTICLE($w, \"은\") } / { PARTICLE($w, \"와(과)\") }\n\
                   unknown = { PARTICLE($w, \"에\") }\n\
                   bare = { PARTICLE($w) }\n\
                   literal = { PARTICLE(12, \"는\") }\n";
        let tr = Translator::new(&[(Locale::KO_KR, ftl)]).unwrap();
        let m = |id: &str, w: Arg<'_>| tr.message(Locale::KO_KR, id, &[("w", w)]);
        assert_eq!(
            m("m", Arg::Str("한빛 산업")).unwrap(),
            "한빛 산업은 / 한빛 산업과"
        );
        assert_eq!(
            m("m", Arg::Str("콘토소 코리아")).unwrap(),
            "콘토소 코리아는 / 콘토소 코리아와"
        );
        assert_eq!(
            m("m", Arg::Str("FastTrack Center")).unwrap(),
            "FastTrack Center은(는) / FastTrack Center와(과)"
        );
        // A number is not a word: bracketed, not an error.
        assert_eq!(m("m", Arg::Num(2)).unwrap(), "2은(는) / 2와(과)");
        assert_eq!(m("literal", Arg::Num(0)).unwrap(), "12은(는)");
        // A particle not known, or none: the word with what was given.
        assert_eq!(m("unknown", Arg::Str("한빛 산업")).unwrap(), "한빛 산업에");
        assert_eq!(m("bare", Arg::Str("한빛 산업")).unwrap(), "한빛 산업");
        // A missing variable is still reported.
        assert!(matches!(
            tr.message(Locale::KO_KR, "m", &[]),
            Err(I18nError::Format { .. })
        ));
    }

    #[test]
    fn no_isolation_marks_and_missing_messages_are_errors() {
        let tr = Translator::global().unwrap();
        let s = tr
            .message(
                Locale::EN_US,
                "page-of",
                &[("page", Arg::Num(2)), ("pages", Arg::Num(9))],
            )
            .unwrap();
        assert_eq!(s, "Page 2 of 9");
        assert!(!s.contains('\u{2068}'));
        assert!(matches!(
            tr.message(Locale::KO_KR, "no-such-message", &[]),
            Err(I18nError::Missing { .. })
        ));
        assert!(matches!(
            tr.message(Locale::KO_KR, "page-of", &[]),
            Err(I18nError::Format { .. })
        ));
    }
}
