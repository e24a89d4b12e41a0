//! Translations of one responsibilities page → one catalogue, as the YAML
//! text of a catalogue file, checked by [`check::check_catalogue`] before
//! it is returned.
//!
//! The first translation is the reference: its phase ids name the phases
//! and its order numbers the items. Every other translation must have the
//! same phases (by id, in order: a phase whose id is only its position
//! agrees with any id at the same place) and the same number of items in
//! each; otherwise the import is refused with both places, for every
//! disagreement found. An item is optional when any translation marks it.

use std::collections::{BTreeMap, BTreeSet};

use super::{IdFrom, Page, Section};
use crate::LoadError;
use crate::check;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locale::Locale;
use crate::model::Catalogue;
use crate::source::{Pos, Source};

/// One translation of the page: its locale and its file.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The locale its texts are in.
    pub locale: Locale,
    /// The page's file.
    pub source: Source,
}

/// What the pages do not say.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The catalogue's id.
    pub id: String,
    /// The catalogue's version (default: the newest `ms.date`, `YYYY-MM-DD`).
    pub version: Option<String>,
    /// Phase id → item id prefix (default: see [`prefix`]).
    pub prefixes: BTreeMap<String, String>,
    /// Locale → the catalogue's title, instead of the page's (every
    /// responsibilities page is titled "Your responsibilities"; the
    /// catalogue's title should name the offering).
    pub titles: BTreeMap<Locale, String>,
}

/// An imported catalogue.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalogue file's text.
    pub yaml: String,
    /// The same, checked.
    pub catalogue: Catalogue,
}

/// The file name the generated catalogue is checked under.
pub const GENERATED: &str = "<imported catalogue>";

/// Reads the translations and merges them into one catalogue.
///
/// # Errors
/// Every problem at once, each with its file and line: a page with no
/// phase, a `ms.contentlocale` other than the locale given, an `ms.date`
/// that is not `MM/DD/YYYY`, translations that disagree, no version; and
/// the generated catalogue's own diagnostics (a bad `--id` or prefix).
pub fn import(
    translations: &[Translation],
    options: &ImportOptions,
) -> Result<Imported, LoadError> {
    let pages: Vec<Page> = translations
        .iter()
        .map(|t| super::parse(t.source.text()))
        .collect();
    let mut diags = Diagnostics::default();
    let mut dates = Vec::new();
    for (t, page) in translations.iter().zip(&pages) {
        let src = &t.source;
        if page.sections.is_empty() {
            let at = page.title.as_ref().map_or(1, |(_, l)| *l);
            diags.push(
                Diagnostic::error(src.name(), Some(line_pos(src, at)), "the page has no phase")
                    .hint("a phase is a `## ` section with bullets (`-   text`)"),
            );
        }
        if let Some((tag, line)) = page.front("ms.contentlocale")
            && !tag.eq_ignore_ascii_case(t.locale.tag())
        {
            diags.push(
                Diagnostic::error(
                    src.name(),
                    Some(line_pos(src, line)),
                    format!("the page is in {tag}, but was given as {}", t.locale),
                )
                .hint(format!("write {tag}={}", src.name())),
            );
        }
        if let Some((date, line)) = page.front("ms.date") {
            match ms_date(date) {
                Some(d) => dates.push(d),
                None => diags.push(
                    Diagnostic::error(
                        src.name(),
                        Some(line_pos(src, line)),
                        format!("ms.date `{date}` is not a date MM/DD/YYYY"),
                    )
                    .hint("or give the catalogue's version with --version"),
                ),
            }
        }
        if page.display_title().is_none() && !options.titles.contains_key(&t.locale) {
            diags.push(Diagnostic::error(
                src.name(),
                Some(line_pos(src, 1)),
                "the page has no title (front matter `title:` or a `# ` heading)",
            ));
        }
    }
    if let (Some(reference), Some(ref_page)) = (translations.first(), pages.first()) {
        for (t, page) in translations.iter().zip(&pages).skip(1) {
            disagreements(reference, ref_page, t, page, &mut diags);
        }
    }
    let version = match (&options.version, dates.iter().max()) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    };
    let sources = || translations.iter().map(|t| t.source.clone()).collect();
    if diags.has_errors() || translations.is_empty() {
        return Err(LoadError {
            diagnostics: diags,
            sources: sources(),
        });
    }
    let Some(version) = version else {
        let name = translations.first().map_or("", |t| t.source.name());
        return Err(LoadError {
            diagnostics: Diagnostics(vec![
                Diagnostic::error(name, None, "no page has an `ms.date`")
                    .hint("give the catalogue's version with --version"),
            ]),
            sources: sources(),
        });
    };
    let yaml = render(translations, &pages, options, &version);
    let generated = Source::new(GENERATED, yaml.clone());
    match check::check_catalogue(&generated) {
        Ok(c) => Ok(Imported {
            yaml,
            catalogue: c.value,
        }),
        Err(d) => Err(LoadError {
            diagnostics: d,
            sources: vec![generated],
        }),
    }
}

/// Where `other` disagrees with the reference: one diagnostic per phase
/// whose id or item count differs; after a missing phase the rest is not
/// compared (it would only repeat the shift).
fn disagreements(
    reference: &Translation,
    ref_page: &Page,
    other: &Translation,
    page: &Page,
    diags: &mut Diagnostics,
) {
    let (rn, on) = (reference.source.name(), other.source.name());
    let count = ref_page.sections.len().max(page.sections.len());
    for i in 0..count {
        match (ref_page.sections.get(i), page.sections.get(i)) {
            (Some(r), Some(o)) if same_phase(r, o) => {
                if r.bullets.len() != o.bullets.len() {
                    diags.push(
                        Diagnostic::error(
                            rn,
                            Some(line_pos(&reference.source, r.line)),
                            format!(
                                "phase `{}` has {} items — {on}:{}: {}",
                                r.id,
                                r.bullets.len(),
                                o.line,
                                o.bullets.len()
                            ),
                        )
                        .hint(format!(
                            "each bullet of {rn} needs its translation in {on}, in the same order"
                        )),
                    );
                }
            }
            (Some(r), Some(o)) => {
                diags.push(Diagnostic::error(
                    rn,
                    Some(line_pos(&reference.source, r.line)),
                    format!(
                        "phase {} is `{}` — {on}:{}: `{}`",
                        i + 1,
                        r.id,
                        o.line,
                        o.id
                    ),
                ));
                return;
            }
            (Some(r), None) => {
                diags.push(Diagnostic::error(
                    rn,
                    Some(line_pos(&reference.source, r.line)),
                    format!("phase `{}` is not in {on}", r.id),
                ));
                return;
            }
            (None, Some(o)) => {
                diags.push(Diagnostic::error(
                    on,
                    Some(line_pos(&other.source, o.line)),
                    format!("phase `{}` is not in {rn}", o.id),
                ));
                return;
            }
            (None, None) => return,
        }
    }
}

/// Whether two translations' sections are the same phase.
fn same_phase(a: &Section, b: &Section) -> bool {
    a.id == b.id || a.id_from == IdFrom::Position || b.id_from == IdFrom::Position
}

/// The whole of line `line` as a place.
fn line_pos(src: &Source, line: usize) -> Pos {
    let start = src.byte_of(line, 0);
    Pos {
        bytes: start..src.line_end(start),
        ..src.pos_at(start)
    }
}

/// `MM/DD/YYYY` as a date.
fn ms_date(s: &str) -> Option<jiff::civil::Date> {
    let mut parts = s.trim().split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The default item-id prefix of a phase: its id's letters and digits
/// upper-cased, the whole when 6 or fewer, else the first 4 (`general` →
/// `GENE`, `assess` → `ASSESS`); a prefix an earlier phase took gets a
/// number (`GENE2`).
pub fn prefix(phase_id: &str, taken: &BTreeSet<String>) -> String {
    let up: String = phase_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let base = if up.chars().count() <= 6 {
        up
    } else {
        up.chars().take(4).collect()
    };
    let base = if base.is_empty() {
        "P".to_owned()
    } else {
        base
    };
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|p| !taken.contains(p))
        .unwrap_or(base)
}

/// The phase ids: the reference's, else the first translation's that is
/// more than a position.
fn phase_ids(pages: &[Page]) -> Vec<String> {
    let Some(first) = pages.first() else {
        return Vec::new();
    };
    (0..first.sections.len())
        .map(|i| {
            pages
                .iter()
                .filter_map(|p| p.sections.get(i))
                .find(|s| s.id_from != IdFrom::Position)
                .or(first.sections.get(i))
                .map(|s| s.id.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// The catalogue file's text.
fn render(
    translations: &[Translation],
    pages: &[Page],
    options: &ImportOptions,
    version: &str,
) -> String {
    let mut y = String::from("# Imported by `handover catalogue import` from:\n");
    for (t, p) in translations.iter().zip(pages) {
        let file = std::path::Path::new(t.source.name())
            .file_name()
            .map_or_else(|| t.source.name().into(), |f| f.to_string_lossy());
        let date = p
            .front("ms.date")
            .map(|(d, _)| format!(" (ms.date {d})"))
            .unwrap_or_default();
        y += &format!("#   {}: {file}{date}\n", t.locale);
    }
    y += &format!("id: {}\n", scalar(&options.id));
    y += &format!("version: {}\n", quoted(version));
    let tags: Vec<&str> = translations.iter().map(|t| t.locale.tag()).collect();
    y += &format!("locales: [{}]\n", tags.join(", "));
    y += "title:\n";
    for (t, p) in translations.iter().zip(pages) {
        let title = options
            .titles
            .get(&t.locale)
            .map(String::as_str)
            .or(p.display_title())
            .unwrap_or("");
        y += &format!("  {}: {}\n", t.locale, quoted(title));
    }
    y += "phases:\n";
    let mut taken = BTreeSet::new();
    let Some(reference) = pages.first() else {
        return y;
    };
    for (pi, (section, id)) in reference.sections.iter().zip(phase_ids(pages)).enumerate() {
        let pfx = options
            .prefixes
            .get(&id)
            .cloned()
            .unwrap_or_else(|| prefix(&id, &taken));
        taken.insert(pfx.clone());
        y += &format!("  - id: {}\n    title:\n", scalar(&id));
        for (t, p) in translations.iter().zip(pages) {
            let title = p.sections.get(pi).map_or("", |s| s.title.as_str());
            y += &format!("      {}: {}\n", t.locale, quoted(title));
        }
        y += "    items:\n";
        for ii in 0..section.bullets.len() {
            let bullets: Vec<_> = pages
                .iter()
                .map(|p| p.sections.get(pi).and_then(|s| s.bullets.get(ii)))
                .collect();
            y += &format!("      - id: {}\n", scalar(&format!("{pfx}-{:02}", ii + 1)));
            if bullets.iter().flatten().any(|b| b.optional) {
                y += "        optional: true\n";
            }
            y += "        text:\n";
            for (t, b) in translations.iter().zip(&bullets) {
                let text = b.map_or("", |b| b.text.as_str());
                y += &format!("          {}: {}\n", t.locale, quoted(text));
            }
        }
    }
    y
}

/// A YAML double-quoted scalar (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// A plain scalar when it reads back as the same string, else quoted.
fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain { s.to_owned() } else { quoted(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let mut taken = BTreeSet::new();
        assert_eq!(prefix("general", &taken), "GENE");
        assert_eq!(prefix("assess", &taken), "ASSESS");
        taken.insert("GENE".to_owned());
        assert_eq!(prefix("general-setup", &taken), "GENE2");
    }

    #[test]
    fn dates() {
        assert_eq!(
            ms_date("06/01/2018").map(|d| d.to_string()),
            Some("2018-06-01".into())
        );
        assert_eq!(ms_date("2018-06-01"), None);
        assert_eq!(ms_date("13/01/2018"), None);
    }
}
