//! XML character data: the one escape every XML part handover writes uses
//! (the statement's XMP packet, the workbook's chart part).

/// `s` as XML character data, safe in text and in attribute values alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five() {
        assert_eq!(
            super::escape(r#"A & B <c> "d" 'e' 한"#),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; 한"
        );
    }
}
