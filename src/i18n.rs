//! Fluent: every label and date of the outputs, in every locale.
//!
//! The `.ftl` files under `locales/` are compiled in. Fluent's isolation
//! marks (U+2068/U+2069) are switched off: both locales are left-to-right,
//! and the marks would show as stray boxes in the PDF and the workbook.
//! fluent-rs has no `DATETIME()`, so a date is formatted by the `date-long`
//! message of each locale from `$year`, `$month` and `$day`. Every bundle
//! has a `PARTICLE()` function for Korean particles ([`PARTICLE_FUNCTION`]).

use std::sync::OnceLock;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use jiff::civil::Date;
use unic_langid::LanguageIdentifier;

use crate::locale::Locale;
use crate::particle;

/// The bundled `.ftl` files, by locale.
pub const BUNDLED_FTL: [(Locale, &str); 2] = [
    (Locale::KoKr, include_str!("../locales/ko-KR/handover.ftl")),
    (Locale::EnUs, include_str!("../locales/en-US/handover.ftl")),
];

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
        /// What fluent said.
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
}

/// One argument to a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// A text.
    Str(&'a str),
    /// A number (for plural and exact selectors).
    Num(i64),
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

impl Translator {
    /// The translator for the compiled-in labels, built on first use.
    ///
    /// # Errors
    /// Only if a bundled `.ftl` file is broken, which the tests rule out.
    pub fn bundled() -> Result<&'static Translator, I18nError> {
        static CELL: OnceLock<Result<Translator, I18nError>> = OnceLock::new();
        CELL.get_or_init(|| Translator::new(&BUNDLED_FTL))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds bundles from `.ftl` sources.
    ///
    /// # Errors
    /// A source that does not parse, or defines a message twice.
    pub fn new(sources: &[(Locale, &str)]) -> Result<Self, I18nError> {
        let mut bundles = Vec::new();
        for (locale, text) in sources {
            let resource = FluentResource::try_new((*text).to_owned()).map_err(|(_, errs)| {
                I18nError::Parse {
                    locale: *locale,
                    message: errs
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
            let langid: LanguageIdentifier =
                locale.tag().parse().map_err(|_| I18nError::Parse {
                    locale: *locale,
                    message: "bad language tag".to_owned(),
                })?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle
                .add_function(PARTICLE_FUNCTION, |args, _| particle_function(args).into())
                .map_err(|e| I18nError::Parse {
                    locale: *locale,
                    message: e.to_string(),
                })?;
            bundle
                .add_resource(resource)
                .map_err(|errs| I18nError::Parse {
                    locale: *locale,
                    message: errs
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                })?;
            bundles.push((*locale, bundle));
        }
        Ok(Self { bundles })
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
        let (_, bundle) = self
            .bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .ok_or_else(missing)?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_in_both_locales() {
        let tr = Translator::bundled().unwrap();
        let d = jiff::civil::date(2026, 11, 20);
        assert_eq!(tr.date(Locale::KoKr, d).unwrap(), "2026년 11월 20일");
        assert_eq!(tr.date(Locale::EnUs, d).unwrap(), "November 20, 2026");
        assert_eq!(
            tr.date(Locale::EnUs, jiff::civil::date(2027, 1, 5))
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
        let tr = Translator::new(&[(Locale::KoKr, ftl)]).unwrap();
        let m = |id: &str, w: Arg<'_>| tr.message(Locale::KoKr, id, &[("w", w)]);
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
            tr.message(Locale::KoKr, "m", &[]),
            Err(I18nError::Format { .. })
        ));
    }

    #[test]
    fn no_isolation_marks_and_missing_messages_are_errors() {
        let tr = Translator::bundled().unwrap();
        let s = tr
            .message(
                Locale::EnUs,
                "page-of",
                &[("page", Arg::Num(2)), ("pages", Arg::Num(9))],
            )
            .unwrap();
        assert_eq!(s, "Page 2 of 9");
        assert!(!s.contains('\u{2068}'));
        assert!(matches!(
            tr.message(Locale::KoKr, "no-such-message", &[]),
            Err(I18nError::Missing { .. })
        ));
        assert!(matches!(
            tr.message(Locale::KoKr, "page-of", &[]),
            Err(I18nError::Format { .. })
        ));
    }
}
