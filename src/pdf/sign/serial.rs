//! PDF objects written as bytes, for the incremental update a signature
//! is added in (lopdf's writer is private). Strings are written as hex
//! unless they are printable ASCII without delimiters.

use std::fmt::Write as _;

use lopdf::{Dictionary, Object, StringFormat};

/// Appends `o` to `out`.
pub(super) fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // As lopdf writes it (shortest round trip): a value copied from
        // the statement must not change by a digit.
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(n) => name(out, n),
        Object::String(s, f) => string(out, s, *f),
        Object::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, x);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut d = s.dict.clone();
            d.set(
                "Length",
                Object::Integer(i64::try_from(s.content.len()).unwrap_or(i64::MAX)),
            );
            dictionary(out, &d);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, g)) => out.extend_from_slice(format!("{id} {g} R").as_bytes()),
    }
}

/// Appends a dictionary.
pub(super) fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        name(out, k);
        out.push(b' ');
        object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A real number without an exponent, at most 4 decimals.
pub(super) fn real(r: f32) -> String {
    if !r.is_finite() {
        return "0".into();
    }
    let s = format!("{r:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.into()
    }
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b.is_ascii_alphanumeric() || b"-_.+".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn string(out: &mut Vec<u8>, s: &[u8], f: StringFormat) {
    let plain = s
        .iter()
        .all(|&b| (0x20..0x7F).contains(&b) && !b"()\\".contains(&b));
    if plain && f == StringFormat::Literal {
        out.push(b'(');
        out.extend_from_slice(s);
        out.push(b')');
    } else {
        out.push(b'<');
        out.extend_from_slice(hex(s).as_bytes());
        out.push(b'>');
    }
}

/// Upper-case hex digits.
pub(super) fn hex(s: &[u8]) -> String {
    let mut h = String::with_capacity(s.len() * 2);
    for b in s {
        let _ = write!(h, "{b:02X}");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_lopdf_reads_back() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Sig".to_vec()));
        d.set("A B", Object::Real(91.34648));
        d.set(
            "T",
            Object::String(b"x (y)".to_vec(), StringFormat::Literal),
        );
        d.set(
            "R",
            Object::Array(vec![Object::Reference((3, 0)), Object::Integer(-2)]),
        );
        let mut out = Vec::new();
        dictionary(&mut out, &d);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<</Type /Sig/A#20B 91.34648/T <7820287929>/R [3 0 R -2]>>"
        );
        assert_eq!(real(0.1), "0.1");
        assert_eq!(real(-0.00001), "0");
        assert_eq!(real(200.0), "200");
    }
}
