//! A responsibilities page (the Markdown shape of Microsoft's docs pages,
//! such as the seed's "사용자의 책임") read into its parts: front matter,
//! title, one section per phase and the bullets of each, every part with
//! its 1-based line number. Pure: text in, [`Page`] out; `inline` turns
//! inline Markdown into plain text ([`plain`]); [`merge`] turns the pages
//! of several translations into one catalogue.
//!
//! The shape read:
//! - YAML front matter between `---` lines (`title`, `ms.date`,
//!   `ms.contentlocale`; the other keys are kept but unused);
//! - a `# ` title, then an introduction (skipped);
//! - one `## ` section per phase, its anchor `<a name="…"></a>` in the
//!   heading or on the line before it; a `### ` sub-section is a phase of
//!   its own, titled `Parent — Sub` with the id `parent-sub`;
//! - bullets (`-`, `*`, `+`) at the section's top level are items; their
//!   continuation lines are joined with a space, and nested bullets are
//!   joined into the item's text (`Parent: a; b; c.`);
//! - `> ` blocks (`[!NOTE]`…), fenced code and other paragraphs are
//!   skipped, as is a "See also" / "Next steps" section or one whose
//!   bullets are all bare links.

mod inline;
pub mod merge;

pub use inline::plain;

use std::collections::BTreeMap;

/// A page read into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The front matter's `key: value` lines (values unquoted), each with
    /// its line.
    pub front: BTreeMap<String, (String, usize)>,
    /// The `# ` title (plain text) and its line.
    pub title: Option<(String, usize)>,
    /// The phases, in order (skipped sections are not here).
    pub sections: Vec<Section>,
}

/// One phase of a page: a `## ` section, or a `### ` sub-section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The phase id (see [`IdFrom`]).
    pub id: String,
    /// Where the id comes from.
    pub id_from: IdFrom,
    /// The title, plain text (`Parent — Sub` for a sub-section).
    pub title: String,
    /// The heading's line.
    pub line: usize,
    /// The items, in order.
    pub bullets: Vec<Bullet>,
}

/// Where a section's id comes from: two translations agree on a phase when
/// their ids are equal, or when either has only its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFrom {
    /// The `<a name="…">` anchor, without a `-phase`, `-responsibilities`
    /// or `-stage` suffix.
    Anchor,
    /// A slug of the (ASCII part of the) title, without those suffixes.
    Title,
    /// Neither: `phase-N`, N its position among the page's phases.
    Position,
}

/// One item of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bullet {
    /// Plain text: markup removed, nested bullets joined in, the optional
    /// marker removed.
    pub text: String,
    /// Marked optional (`(선택 사항)`, `(Optional)`, `Optional:`, "if you
    /// choose to").
    pub optional: bool,
    /// The bullet's first line.
    pub line: usize,
}

impl Page {
    /// A front-matter value and its line.
    pub fn front(&self, key: &str) -> Option<(&str, usize)> {
        self.front.get(key).map(|(v, l)| (v.as_str(), *l))
    }

    /// The page's title: the front matter's `title`, else the `# ` heading.
    pub fn display_title(&self) -> Option<&str> {
        self.front("title")
            .map(|(t, _)| t)
            .filter(|t| !t.is_empty())
            .or(self.title.as_ref().map(|(t, _)| t.as_str()))
    }
}

/// Section titles and anchors that close a page and are not phases.
const CLOSING: [&str; 6] = [
    "see also",
    "see-also",
    "next steps",
    "next-steps",
    "참고 항목",
    "다음 단계",
];

/// A bullet being read: its first line, its text lines, its nested bullets.
struct Open {
    line: usize,
    text: String,
    nested: Vec<String>,
}

/// A section being read.
struct OpenSection {
    anchor: Option<String>,
    title: String,
    line: usize,
    /// The `## ` section's id and title, for a `### ` sub-section.
    parent: Option<(String, IdFrom, String)>,
    /// A sub-section's position in its `## ` section (1, 2, …).
    sub_index: usize,
    raw_bullets: Vec<(usize, String)>,
    bullets: Vec<Bullet>,
    top_indent: Option<usize>,
    open: Option<Open>,
}

/// Reads a page. CRLF and lone CR line ends are read as LF; nothing is refused (the
/// import says what a page lacks).
pub fn parse(text: &str) -> Page {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut page = Page::default();
    let mut i = 0;
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        i = 1;
        while i < lines.len() && lines[i].trim_end() != "---" {
            if let Some((k, v)) = lines[i].split_once(':') {
                let v = unquote(v.trim());
                page.front.insert(k.trim().to_owned(), (v, i + 1));
            }
            i += 1;
        }
        i += 1;
    }
    let mut current: Option<OpenSection> = None;
    let mut parent: Option<(String, IdFrom, String)> = None;
    let mut pending_anchor: Option<String> = None;
    let mut subs = 0usize;
    let mut in_fence = false;
    let mut in_quote = false;
    let mut after_blank = false;
    let mut n = 0usize;
    for (idx, raw) in lines.iter().enumerate().skip(i) {
        let line_no = idx + 1;
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if trimmed.is_empty() {
            in_quote = false;
            after_blank = true;
            continue;
        }
        if trimmed.starts_with('>') || (in_quote && !trimmed.starts_with('#')) {
            in_quote = true;
            continue;
        }
        if let Some(rest) = heading(trimmed, 1) {
            let (_, title) = anchor_and_title(rest, pending_anchor.take());
            page.title = Some((title, line_no));
            after_blank = false;
            continue;
        }
        let level2 = heading(trimmed, 2);
        let level3 = heading(trimmed, 3);
        if level2.is_some() || level3.is_some() {
            if let Some(s) = current.take() {
                finish(&mut page, s, &mut n);
            }
            let (anchor, title) =
                anchor_and_title(level2.or(level3).unwrap_or(""), pending_anchor.take());
            let sub_parent = if level3.is_some() {
                subs += 1;
                parent.clone()
            } else {
                subs = 0;
                let (id, from) = section_id(anchor.as_deref(), &title, None);
                parent = Some((id, from, title.clone()));
                None
            };
            current = Some(OpenSection {
                anchor,
                title,
                line: line_no,
                parent: sub_parent,
                sub_index: subs,
                raw_bullets: Vec::new(),
                bullets: Vec::new(),
                top_indent: None,
                open: None,
            });
            after_blank = false;
            continue;
        }
        if trimmed.starts_with('#') {
            // A deeper heading: its title is kept as a paragraph would be.
            continue;
        }
        if let Some(a) = only_anchor(trimmed) {
            pending_anchor = Some(a);
            continue;
        }
        let Some(s) = current.as_mut() else {
            continue; // the introduction
        };
        let indent = raw.len() - raw.trim_start().len();
        if let Some(body) = bullet(trimmed) {
            let top = *s.top_indent.get_or_insert(indent);
            if indent <= top || s.open.is_none() {
                close_bullet(s);
                s.raw_bullets.push((line_no, body.to_owned()));
                s.open = Some(Open {
                    line: line_no,
                    text: body.to_owned(),
                    nested: Vec::new(),
                });
            } else if let Some(o) = s.open.as_mut() {
                o.nested.push(body.to_owned());
            }
        } else if let Some(o) = s.open.as_mut() {
            if after_blank && indent < 2 {
                // A paragraph after the list: not part of an item.
                close_bullet(s);
            } else if let Some(last) = o.nested.last_mut() {
                join(last, trimmed);
            } else {
                join(&mut o.text, trimmed);
                if let Some((_, raw_text)) = s.raw_bullets.last_mut() {
                    join(raw_text, trimmed);
                }
            }
        }
        after_blank = false;
    }
    if let Some(s) = current.take() {
        finish(&mut page, s, &mut n);
    }
    page
}

fn join(into: &mut String, more: &str) {
    into.push(' ');
    into.push_str(more);
}

/// Closes the open bullet of a section into an item.
fn close_bullet(s: &mut OpenSection) {
    let Some(o) = s.open.take() else { return };
    let mut text = plain(&o.text);
    if !o.nested.is_empty() {
        if !text.ends_with(':') && !text.ends_with('：') {
            text.push(':');
        }
        let parts: Vec<String> = o
            .nested
            .iter()
            .map(|t| {
                plain(t)
                    .trim_end_matches(['.', ';', ','])
                    .trim_end()
                    .to_owned()
            })
            .filter(|t| !t.is_empty())
            .collect();
        text.push(' ');
        text.push_str(&parts.join("; "));
        text.push('.');
    }
    let (text, optional) = optional(&text);
    s.bullets.push(Bullet {
        text,
        optional,
        line: o.line,
    });
}

/// Ends a section: a phase unless it closes the page or holds no items.
fn finish(page: &mut Page, mut s: OpenSection, n: &mut usize) {
    close_bullet(&mut s);
    let closing = |t: &str| CLOSING.contains(&t.to_lowercase().as_str());
    let all_links = !s.raw_bullets.is_empty() && s.raw_bullets.iter().all(|(_, b)| bare_link(b));
    if s.bullets.is_empty()
        || all_links
        || closing(&s.title)
        || s.anchor.as_deref().is_some_and(closing)
    {
        return;
    }
    *n += 1;
    let (id, id_from, title) = match &s.parent {
        None => {
            let (id, from) = section_id(s.anchor.as_deref(), &s.title, Some(*n));
            (id, from, s.title.clone())
        }
        Some((pid, pfrom, ptitle)) => {
            let (sub, from) = section_id(s.anchor.as_deref(), &s.title, None);
            let sub = if from == IdFrom::Position {
                s.sub_index.to_string()
            } else {
                sub
            };
            let from = if *pfrom == IdFrom::Position || from == IdFrom::Position {
                IdFrom::Position
            } else {
                from
            };
            let id = if *pfrom == IdFrom::Position {
                format!("phase-{n}")
            } else {
                format!("{pid}-{sub}")
            };
            (id, from, format!("{ptitle} — {}", s.title))
        }
    };
    page.sections.push(Section {
        id,
        id_from,
        title,
        line: s.line,
        bullets: s.bullets,
    });
}

/// The id of a section: its anchor, else a slug of its title, else
/// `phase-N` (`Position`; with `n` unknown, an empty id).
fn section_id(anchor: Option<&str>, title: &str, n: Option<usize>) -> (String, IdFrom) {
    let strip = |s: String| -> String {
        for suffix in ["-responsibilities", "-phase", "-stage"] {
            if let Some(base) = s.strip_suffix(suffix).filter(|b| !b.is_empty()) {
                return base.to_owned();
            }
        }
        s
    };
    if let Some(a) = anchor.map(slug).filter(|a| !a.is_empty()) {
        return (strip(a), IdFrom::Anchor);
    }
    let s = slug(title);
    if !s.is_empty() {
        return (strip(s), IdFrom::Title);
    }
    (
        n.map(|n| format!("phase-{n}")).unwrap_or_default(),
        IdFrom::Position,
    )
}

/// Lower-case ASCII letters and digits, other runs as one `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The rest of a heading of exactly `level` `#`s.
fn heading(line: &str, level: usize) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    (hashes == level && (rest.is_empty() || rest.starts_with(' '))).then(|| rest.trim())
}

/// The body of a bullet line (`-`, `*` or `+` and a space).
fn bullet(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let marker = chars.next()?;
    let rest = chars.as_str();
    (matches!(marker, '-' | '*' | '+') && (rest.starts_with([' ', '\t']))).then(|| rest.trim())
}

/// `<a name="x"></a>` alone on a line: `x`.
fn only_anchor(line: &str) -> Option<String> {
    let (anchor, rest) = anchor_and_title(line, None);
    anchor.filter(|_| rest.is_empty())
}

/// A heading's anchor (inline, else `pending`) and its plain title.
fn anchor_and_title(text: &str, pending: Option<String>) -> (Option<String>, String) {
    let mut anchor = pending;
    let lower = text.to_ascii_lowercase();
    for key in ["name=", "id="] {
        if let Some(at) = lower.find(&format!("<a {key}")) {
            let after = &text[at + 3 + key.len()..];
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            if let Some(q) = quote
                && let Some(end) = after[1..].find(q)
            {
                anchor = Some(after[1..=end].to_owned());
                break;
            }
        }
    }
    (anchor, plain(text))
}

/// A bullet that is only a link: `[text](url)`.
fn bare_link(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(')') && t.find("](").is_some_and(|i| !t[i..].contains(' '))
}

/// Removes a value's YAML quotes.
fn unquote(v: &str) -> String {
    let unq = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
    unq.unwrap_or(v).to_owned()
}

/// The optional markers removed, and whether there was one (or "if you
/// choose to", which stays in the text).
fn optional(text: &str) -> (String, bool) {
    let mut t = text.to_owned();
    let mut marked = false;
    for marker in ["(선택 사항)", "(선택사항)", "(Optional)", "(optional)"] {
        if t.contains(marker) {
            t = t.replace(marker, " ");
            marked = true;
        }
    }
    for prefix in ["Optional:", "optional:"] {
        if let Some(rest) = t.trim_start().strip_prefix(prefix) {
            // `Optional: configure …` → `Configure …`.
            let rest = rest.trim_start();
            let mut chars = rest.chars();
            t = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            marked = true;
        }
    }
    marked |= t.to_lowercase().contains("if you choose to");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (t, marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_the_suffixes() {
        assert_eq!(
            section_id(Some("general-responsibilities"), "x", None).0,
            "general"
        );
        assert_eq!(section_id(None, "Assess phase", None).0, "assess");
        assert_eq!(
            section_id(None, "평가 단계", Some(3)),
            ("phase-3".to_owned(), IdFrom::Position)
        );
    }

    #[test]
    fn optional_markers() {
        assert_eq!(
            optional("(선택 사항) 공유합니다."),
            ("공유합니다.".into(), true)
        );
        assert_eq!(optional("Optional: share."), ("Share.".into(), true));
        assert_eq!(
            optional("Share it if you choose to."),
            ("Share it if you choose to.".into(), true)
        );
        assert_eq!(optional("Share."), ("Share.".into(), false));
    }
}
