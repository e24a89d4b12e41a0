//! The output languages handover speaks: one per folder of `.ftl`
//! messages.
//!
//! The folders of `locales/` are compiled in (ko-KR, en-US); a user adds or
//! overrides a language with a folder of their own (`--locales DIR`, read
//! by [`crate::i18n::read_folders`] and installed once per process with
//! [`install`]). A [`Locale`] is one of those languages; parsing a tag
//! checks it against the set installed, so an engagement naming a language
//! nobody wrote labels for is told so where it names it.
//!
//! Each locale has a fallback [`chain`](Locale::chain): itself, the other
//! locales of its language (the bundled one first), then en-US, the
//! reference every folder is checked against. Labels and catalogue texts a
//! locale lacks are taken from the next along it.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An output language: a BCP 47 tag with a folder of messages behind it.
///
/// Copied freely (the tag is interned). Ordered ko-KR, en-US, then the
/// others by tag: the order of the first versions, which the content
/// fingerprint (a hash of the texts in this order) keeps.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale(&'static str);

impl Locale {
    fn rank(self) -> (u8, &'static str) {
        match self.0 {
            "ko-KR" => (0, ""),
            "en-US" => (1, ""),
            tag => (2, tag),
        }
    }
}

impl Ord for Locale {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Locale {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The tags of the compiled-in folders, the reference first.
fn bundled_tags() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(tag, _)| *tag)
}

/// The compiled-in messages of each bundled locale, en-US first.
pub(crate) fn bundled_sources() -> impl Iterator<Item = (Locale, &'static str)> {
    BUNDLED.iter().map(|(tag, ftl)| (Locale(tag), *ftl))
}

impl Locale {
    /// Korean (South Korea).
    pub const KO_KR: Locale = Locale("ko-KR");
    /// English (United States): the reference every folder is checked
    /// against, and the last fallback.
    pub const EN_US: Locale = Locale("en-US");

    /// The fallback when neither the command line nor the engagement names one.
    pub const FALLBACK: Locale = Locale::EN_US;

    /// The BCP 47 tag, e.g. `ko-KR`.
    pub fn tag(self) -> &'static str {
        self.0
    }

    /// The language subtag, e.g. `ko`.
    pub fn language(self) -> &'static str {
        self.0.split('-').next().unwrap_or(self.0)
    }

    /// The region subtag, e.g. `KR`, if the tag has one.
    pub fn region(self) -> Option<&'static str> {
        self.0
            .split('-')
            .skip(1)
            .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()))
    }

    /// Whether the compiled-in `locales/` holds this language.
    pub fn is_bundled(self) -> bool {
        bundled_tags().any(|t| t == self.0)
    }

    /// Every locale installed (compiled in, and from `--locales`), in
    /// [`Ord`] order.
    pub fn all() -> Vec<Locale> {
        let mut all: Vec<Locale> = bundled_tags().map(Locale).collect();
        all.extend(installed().iter().copied());
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The compiled-in locales, the reference (en-US) first.
    pub fn bundled() -> Vec<Locale> {
        bundled_tags().map(Locale).collect()
    }

    /// The tags of every locale installed, for hints.
    pub fn tags() -> Vec<&'static str> {
        Self::all().into_iter().map(Locale::tag).collect()
    }

    /// Where labels and texts this locale lacks come from, in order:
    /// itself, the other installed locales of its language (bundled ones
    /// first), then en-US.
    pub fn chain(self) -> Vec<Locale> {
        let mut chain = vec![self];
        let mut same: Vec<Locale> = Self::all()
            .into_iter()
            .filter(|l| *l != self && l.language() == self.language())
            .collect();
        same.sort_by_key(|l| (!l.is_bundled(), l.0));
        chain.extend(same);
        if !chain.contains(&Locale::EN_US) {
            chain.push(Locale::EN_US);
        }
        chain
    }

    /// The tag written the canonical way (`ko-kr`, `ko_KR` → `ko-KR`), if
    /// it is a well-formed language tag with an ISO 639 language (two or
    /// three letters: BCP 47 also allows five to eight, which would take
    /// `british` for a language).
    fn canonical(s: &str) -> Option<String> {
        let id: unic_langid::LanguageIdentifier = s.trim().replace('_', "-").parse().ok()?;
        let tag = id.to_string();
        let language = tag.split('-').next().unwrap_or_default();
        (2..=3).contains(&language.len()).then_some(tag)
    }

    /// A locale for a folder's tag, whether or not it is installed yet
    /// (for [`crate::i18n::read_folders`]).
    pub(crate) fn from_folder_name(name: &str) -> Option<Locale> {
        let tag = Self::canonical(name)?;
        if tag != name {
            return None;
        }
        Some(intern(&tag))
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Locale {
    /// Only the exact tags of installed locales: what [`Serialize`] writes.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(d)?;
        Locale::all()
            .into_iter()
            .find(|l| l.0 == tag)
            .ok_or_else(|| serde::de::Error::custom(UnknownLocale::new(&tag)))
    }
}

/// A locale tag that no installed folder provides.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unsupported locale `{tag}` (supported: {supported}; a folder of messages given with --locales adds one)"
)]
pub struct UnknownLocale {
    /// The tag as given.
    pub tag: String,
    /// The installed tags, comma-separated.
    pub supported: String,
}

impl UnknownLocale {
    fn new(tag: &str) -> Self {
        Self {
            tag: tag.to_owned(),
            supported: Locale::tags().join(", "),
        }
    }
}

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// Accepts an installed tag in any case and with `_` for `-`, and a
    /// bare language (`ko`, `en`) when one installed locale of it is
    /// bundled.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || UnknownLocale::new(s);
        let tag = Self::canonical(s).ok_or_else(err)?;
        let all = Self::all();
        if let Some(l) = all.iter().find(|l| l.0.eq_ignore_ascii_case(&tag)) {
            return Ok(*l);
        }
        if !tag.contains('-') {
            let mut of_language = all.iter().filter(|l| l.language() == tag && l.is_bundled());
            if let (Some(l), None) = (of_language.next(), of_language.next()) {
                return Ok(*l);
            }
        }
        Err(err())
    }
}

/// The language or languages of one statement and tracker: one locale, or
/// two (`ko-KR+en-US`: bilingual, the first the primary language, whose
/// text prevails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Languages {
    /// The language the document is in first.
    pub primary: Locale,
    /// The other language of a bilingual document.
    pub secondary: Option<Locale>,
}

impl Languages {
    /// One language.
    pub fn one(locale: Locale) -> Self {
        Self {
            primary: locale,
            secondary: None,
        }
    }

    /// The tag the file names carry: `ko-KR`, or `ko-KR+en-US`.
    pub fn tag(&self) -> String {
        match self.secondary {
            Some(s) => format!("{}+{}", self.primary, s),
            None => self.primary.tag().to_owned(),
        }
    }
}

impl fmt::Display for Languages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag())
    }
}

impl FromStr for Languages {
    type Err = UnknownLocale;

    /// `ko-KR`, or `ko-KR+en-US` (two different locales).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('+') {
            None => Ok(Self::one(s.parse()?)),
            Some((a, b)) => {
                let (primary, secondary): (Locale, Locale) = (a.parse()?, b.parse()?);
                if primary == secondary {
                    return Err(UnknownLocale {
                        tag: s.to_owned(),
                        supported: "two different locales joined with `+`, e.g. ko-KR+en-US"
                            .to_owned(),
                    });
                }
                Ok(Self {
                    primary,
                    secondary: Some(secondary),
                })
            }
        }
    }
}

/// Parses a comma-separated list of languages, e.g. `ko-KR,en-US` or
/// `ko-KR+en-US`.
///
/// # Errors
/// A tag no installed folder provides, or an empty list.
pub fn parse_list(s: &str) -> Result<Vec<Languages>, UnknownLocale> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let l: Languages = part.parse()?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        return Err(UnknownLocale::new(s));
    }
    Ok(out)
}

/// Tags interned for the life of the process (a handful at most).
fn intern(tag: &str) -> Locale {
    static TAGS: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    if let Some(t) = bundled_tags().find(|t| *t == tag) {
        return Locale(t);
    }
    let mut tags = TAGS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(t) = tags.iter().find(|t| **t == tag) {
        return Locale(t);
    }
    let t: &'static str = Box::leak(tag.to_owned().into_boxed_str());
    tags.push(t);
    Locale(t)
}

static INSTALLED: OnceLock<Vec<Locale>> = OnceLock::new();

fn installed() -> &'static [Locale] {
    INSTALLED.get().map_or(&[], Vec::as_slice)
}

/// Makes the locales of user folders known to parsing (called by
/// [`crate::i18n::Translator::install`], once, before anything is parsed).
pub(crate) fn install(locales: Vec<Locale>) -> bool {
    INSTALLED.set(locales).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_lists() {
        assert_eq!("ko-KR".parse::<Locale>().unwrap(), Locale::KO_KR);
        assert_eq!("en_us".parse::<Locale>().unwrap(), Locale::EN_US);
        assert_eq!("ko".parse::<Locale>().unwrap(), Locale::KO_KR);
        assert!("fr-FR".parse::<Locale>().is_err());
        assert!("not a tag".parse::<Locale>().is_err());
        assert_eq!(
            parse_list("ko-KR, en-US").unwrap(),
            vec![Languages::one(Locale::KO_KR), Languages::one(Locale::EN_US)]
        );
        assert!(parse_list(" , ").is_err());
    }

    #[test]
    fn a_pair_is_primary_then_secondary() {
        let l: Languages = "en-US+ko-KR".parse().unwrap();
        assert_eq!(l.primary, Locale::EN_US);
        assert_eq!(l.secondary, Some(Locale::KO_KR));
        assert_eq!(l.tag(), "en-US+ko-KR");
        assert!("ko-KR+ko".parse::<Languages>().is_err());
        assert!("ko-KR+fr-FR".parse::<Languages>().is_err());
    }

    #[test]
    fn every_chain_ends_in_the_reference() {
        assert_eq!(Locale::KO_KR.chain(), [Locale::KO_KR, Locale::EN_US]);
        assert_eq!(Locale::EN_US.chain(), [Locale::EN_US]);
        assert_eq!(Locale::KO_KR.region(), Some("KR"));
    }
}
