//! The engagement file's text with the entries of changed responsibilities
//! rewritten: every other byte (values, comments, key order, line ends)
//! stays as it was.

use std::collections::BTreeMap;

use crate::Loaded;
use crate::model::ItemState;
use crate::source::{Path, Source, YamlIndex};

/// A responsibility's state as a one-line YAML flow mapping.
fn inline_state(state: &ItemState) -> String {
    let mut parts = vec![format!("status: {}", state.status)];
    if let Some(o) = &state.owner {
        parts.push(format!("owner: {}", flow_scalar(o)));
    }
    if let Some(d) = state.due {
        parts.push(format!("due: {d}"));
    }
    if let Some(d) = state.done_on {
        parts.push(format!("done_on: {d}"));
    }
    if let Some(n) = &state.note {
        parts.push(format!("note: {}", flow_scalar(n)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A scalar safe inside a flow mapping: plain when it is a simple word,
/// double-quoted (JSON escapes are valid YAML) otherwise.
fn flow_scalar(s: &str) -> String {
    let simple = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if simple && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off") {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// Edits the engagement text: the entries of `changed` items are rewritten
/// (or added after the nearest preceding item), everything else is kept
/// byte for byte.
pub(super) fn rewrite(
    src: &Source,
    loaded: &Loaded,
    new: &BTreeMap<String, ItemState>,
    changed: &[&str],
) -> String {
    let text = src.text();
    let index = YamlIndex::build(src);
    let rpath = Path::root().key("responsibilities");
    // New lines end as the file's lines do (CRLF from Windows editors).
    let nl = src.line_break();
    let order: Vec<&str> = loaded
        .catalogue
        .items()
        .map(|(_, i)| i.id.as_str())
        .collect();
    let line_of = |id: &str| {
        format!(
            "{id}: {}",
            new.get(id).map_or_else(String::new, inline_state)
        )
    };

    // A flow or empty `responsibilities` becomes a block mapping of all
    // entries (existing and changed), in catalogue order.
    let block = index
        .value_span(&rpath)
        .filter(|r| !text[r.clone()].starts_with('{'))
        .is_some();
    if !block {
        let mut ids: Vec<&str> = order
            .iter()
            .copied()
            .filter(|id| loaded.engagement.states.contains_key(*id) || changed.contains(id))
            .collect();
        ids.dedup();
        let body: String = ids
            .iter()
            .map(|id| format!("{nl}  {}", line_of(id)))
            .collect();
        return match (index.key(&rpath), index.value_span(&rpath)) {
            (_, Some(span)) => format!(
                "{}{}{}",
                &text[..span.start].trim_end_matches([' ', '\t']),
                body,
                &text[span.end..]
            ),
            (Some(key), None) => {
                let eol = src.line_end(key.bytes.start);
                format!("{}{}{}", &text[..eol], body, &text[eol..])
            }
            (None, None) => {
                let sep = if text.ends_with(['\n', '\r']) { "" } else { nl };
                format!("{text}{sep}responsibilities:{body}{nl}")
            }
        };
    }

    // Edits as (byte range, replacement), applied from the end.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let indent = order
        .iter()
        .find_map(|id| index.key(&rpath.key(id)))
        .map_or(2, |p| p.column - 1);
    for id in changed {
        let path = rpath.key(id);
        if let Some(span) = index.value_span(&path) {
            let replacement = new.get(*id).map_or_else(String::new, inline_state);
            edits.push((span, replacement));
            continue;
        }
        // Not in the file yet: after the nearest preceding listed item, or
        // before the first listed one.
        let pos = order.iter().position(|o| o == id).unwrap_or(0);
        let before = order[..pos]
            .iter()
            .rev()
            .find_map(|o| index.value_span(&rpath.key(o)));
        let line = format!("{}{}", " ".repeat(indent), line_of(id));
        match before {
            Some(span) => {
                let eol = src.line_end(span.end);
                edits.push((eol..eol, format!("{nl}{line}")));
            }
            None => {
                let first = order
                    .iter()
                    .filter_map(|o| index.key(&rpath.key(o)))
                    .map(|p| p.bytes.start)
                    .min()
                    .unwrap_or(text.len());
                let bol = src.line_start(first);
                edits.push((bol..bol, format!("{line}{nl}")));
            }
        }
    }
    // Insertions at the same place keep catalogue order.
    edits.sort_by_key(|e| e.0.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    for (range, replacement) in &edits {
        out.push_str(&text[last..range.start]);
        out.push_str(replacement);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_scalars_quote_what_needs_it() {
        assert_eq!(flow_scalar("minjun"), "minjun");
        assert_eq!(flow_scalar("=SUM(A1)"), "\"=SUM(A1)\"");
        assert_eq!(flow_scalar("a, b: c"), "\"a, b: c\"");
        assert_eq!(flow_scalar("yes"), "\"yes\"");
        assert_eq!(flow_scalar("회선 \"대기\""), "\"회선 \\\"대기\\\"\"");
    }
}
