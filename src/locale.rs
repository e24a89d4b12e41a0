//! The output languages handover speaks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// Korean (South Korea).
    KoKr,
    /// English (United States).
    EnUs,
}

impl Locale {
    /// Every supported locale, in a fixed order.
    pub const ALL: [Locale; 2] = [Locale::KoKr, Locale::EnUs];

    /// The fallback when neither the command line nor the engagement names one.
    pub const FALLBACK: Locale = Locale::EnUs;

    /// The BCP 47 tag, e.g. `ko-KR`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::KoKr => "ko-KR",
            Locale::EnUs => "en-US",
        }
    }

    /// The tags of every supported locale, for hints.
    pub fn tags() -> Vec<&'static str> {
        Self::ALL.iter().map(|l| l.tag()).collect()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

impl<'de> Deserialize<'de> for Locale {
    /// Only the exact tags (`ko-KR`, `en-US`): what [`Serialize`] writes.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(d)?;
        Locale::ALL
            .into_iter()
            .find(|l| l.tag() == tag)
            .ok_or_else(|| serde::de::Error::custom(UnknownLocale(tag)))
    }
}

/// A locale tag that handover does not support.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported locale `{0}` (supported: ko-KR, en-US)")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// Accepts the exact tags; `ko`, `en`, `ko_KR` and case variants too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "ko-kr" | "ko" => Ok(Locale::KoKr),
            "en-us" | "en" => Ok(Locale::EnUs),
            _ => Err(UnknownLocale(s.to_owned())),
        }
    }
}

/// Parses a comma-separated list of locales, e.g. `ko-KR,en-US`.
pub fn parse_list(s: &str) -> Result<Vec<Locale>, UnknownLocale> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let l: Locale = part.parse()?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        return Err(UnknownLocale(s.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_lists() {
        assert_eq!("ko-KR".parse::<Locale>().unwrap(), Locale::KoKr);
        assert_eq!("en_us".parse::<Locale>().unwrap(), Locale::EnUs);
        assert!("fr-FR".parse::<Locale>().is_err());
        assert_eq!(
            parse_list("ko-KR, en-US").unwrap(),
            vec![Locale::KoKr, Locale::EnUs]
        );
        assert!(parse_list(" , ").is_err());
    }
}
