//! Inline Markdown and HTML as plain text: what a bullet or a heading of a
//! responsibilities page becomes in the catalogue.

/// Inline Markdown and HTML as plain text: links and images to their
/// text, emphasis and code marks removed, tags removed, a few entities
/// decoded, spaces collapsed.
pub fn plain(text: &str) -> String {
    let mut s = links(text);
    s = tags(&s);
    for (from, to) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        s = s.replace(from, to);
    }
    for mark in ["**", "__", "`", "*", "_"] {
        s = emphasis(&s, mark);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[t](u)` and `![t](u)` → `t`.
fn links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close + 2..].find(')').map(|e| close + 2 + e) else {
            break;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// HTML tags (`<a …>`, `</a>`, `<br/>`) removed.
fn tags(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if is_tag => {
                out.push_str(&rest[..open]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes pairs of `mark` that open before a non-space and close after
/// one; a single `_` or `*` also needs a non-word character outside it
/// (`snake_case` and `2 * 3` stay).
fn emphasis(text: &str, mark: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let strict = mark == "*" || mark == "_";
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find(mark) {
        let before = if open == 0 {
            out.chars().last()
        } else {
            rest[..open].chars().last()
        };
        let inner_start = open + mark.len();
        let first = rest[inner_start..].chars().next();
        let opens = first.is_some_and(|c| !c.is_whitespace()) && !(strict && word(before));
        let close = opens
            .then(|| rest[inner_start..].find(mark).map(|c| inner_start + c))
            .flatten();
        match close {
            Some(close)
                if close > inner_start
                    && rest[..close]
                        .chars()
                        .last()
                        .is_some_and(|c| !c.is_whitespace())
                    && !(strict && word(rest[close + mark.len()..].chars().next())) =>
            {
                out.push_str(&rest[..open]);
                out.push_str(&rest[inner_start..close]);
                rest = &rest[close + mark.len()..];
            }
            _ => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_becomes_plain_text() {
        assert_eq!(
            plain("See [the **docs**](https://x.example/a_b) and `cmd`, <b>bold</b>"),
            "See the docs and cmd, bold"
        );
        assert_eq!(
            plain("snake_case_name and 2 * 3 * 4"),
            "snake_case_name and 2 * 3 * 4"
        );
        assert_eq!(plain("an *em* and _em_ word"), "an em and em word");
        assert_eq!(plain("a &amp; b"), "a & b");
    }
}
