//! PDF objects written as bytes, and the file they make: lopdf's writer
//! is private, and a large statement's structure tree is cheaper written
//! straight to bytes ([`Written`]) than held as lopdf dictionaries (about
//! a kilobyte each). Used for the statement ([`save`]) and for the
//! incremental update a signature is added in. Strings are written as
//! hex unless they are printable ASCII without delimiters.

use std::io::Write as _;
use std::ops::Range;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// Objects already written as bytes, each under its number.
#[derive(Debug, Default)]
pub(crate) struct Written {
    bytes: Vec<u8>,
    objects: Vec<(u32, Range<usize>)>,
}

impl Written {
    /// Adds object `id` (generation 0), written by `write`.
    pub(crate) fn add(&mut self, id: ObjectId, write: impl FnOnce(&mut Vec<u8>)) {
        debug_assert_eq!(id.1, 0, "written objects are generation 0");
        let start = self.bytes.len();
        write(&mut self.bytes);
        self.objects.push((id.0, start..self.bytes.len()));
    }

    /// How many objects there are.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.objects.len()
    }
}

/// The whole file: the header, `pdf`'s objects and `written`'s in number
/// order, a cross-reference table, the trailer (`pdf`'s, its `/Size`
/// set). An object in both is written from `written`.
pub(crate) fn save(pdf: &lopdf::Document, written: &Written) -> Vec<u8> {
    let mut order: Vec<(u32, Range<usize>)> = written.objects.clone();
    order.sort_by_key(|(id, _)| *id);
    order.dedup_by_key(|(id, _)| *id);
    let streams: usize = pdf
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 128,
            _ => 96,
        })
        .sum();
    let mut out = Vec::with_capacity(streams + written.bytes.len() + order.len() * 40 + 64 * 1024);
    let _ = write!(out, "%PDF-{}\n%", pdf.version);
    if pdf.binary_mark.len() >= 4 && pdf.binary_mark.iter().all(|&b| b >= 128) {
        out.extend_from_slice(&pdf.binary_mark);
    } else {
        out.extend_from_slice(&[0xBB, 0xAD, 0xC0, 0xDE]);
    }
    out.push(b'\n');

    let mut offsets: Vec<(u32, u16, usize)> = Vec::with_capacity(pdf.objects.len() + order.len());
    let mut own = pdf.objects.iter().peekable();
    let mut raw = order.iter().peekable();
    loop {
        let take_raw = match (own.peek(), raw.peek()) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(((a, _), _)), Some((b, _))) => b <= a,
        };
        if take_raw {
            let Some((id, range)) = raw.next() else { break };
            if own.peek().is_some_and(|((a, _), _)| a == id) {
                own.next();
            }
            offsets.push((*id, 0, out.len()));
            let _ = writeln!(out, "{id} 0 obj");
            out.extend_from_slice(&written.bytes[range.clone()]);
            out.extend_from_slice(b"\nendobj\n");
        } else {
            let Some((&(id, g), o)) = own.next() else {
                break;
            };
            if is_cross_reference(o) {
                continue;
            }
            offsets.push((id, g, out.len()));
            let _ = writeln!(out, "{id} {g} obj");
            object(&mut out, o);
            out.extend_from_slice(b"\nendobj\n");
        }
    }

    let size = offsets
        .last()
        .map_or(0, |(id, _, _)| *id)
        .max(pdf.max_id)
        .saturating_add(1);
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && Some(offsets[j].0) == offsets[j - 1].0.checked_add(1) {
            j += 1;
        }
        let _ = writeln!(out, "{} {}", offsets[i].0, j - i);
        for (_, g, at) in &offsets[i..j] {
            let _ = write!(out, "{at:010} {g:05} n\r\n");
        }
        i = j;
    }
    let mut trailer = pdf.trailer.clone();
    trailer.set("Size", Object::Integer(i64::from(size)));
    for key in [
        &b"Prev"[..],
        b"XRefStm",
        b"Type",
        b"W",
        b"Index",
        b"Length",
        b"Filter",
    ] {
        trailer.remove(key);
    }
    out.extend_from_slice(b"trailer\n");
    dictionary(&mut out, &trailer);
    let _ = write!(out, "\nstartxref\n{xref}\n%%EOF\n");
    out
}

/// An object stream, a cross-reference stream or a linearization
/// dictionary: lopdf's reading of a file, not an object of the file
/// written (as lopdf's own writer skips them).
fn is_cross_reference(o: &Object) -> bool {
    let kind = |d: &Dictionary| {
        matches!(
            d.get(b"Type").and_then(Object::as_name),
            Ok(b"ObjStm" | b"XRef")
        )
    };
    match o {
        Object::Stream(s) => kind(&s.dict),
        Object::Dictionary(d) => d.has(b"Linearized"),
        _ => false,
    }
}

/// Appends an integer (any of Rust's integer types).
pub(crate) fn integer(out: &mut Vec<u8>, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

/// Appends a reference, `id gen R`.
pub(crate) fn reference(out: &mut Vec<u8>, id: ObjectId) {
    let _ = write!(out, "{} {} R", id.0, id.1);
}

/// Appends `o` to `out`.
pub(crate) fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => integer(out, *i),
        // As lopdf writes it (shortest round trip): a value copied from
        // the statement must not change by a digit.
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
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
        Object::Reference(id) => reference(out, *id),
    }
}

/// Appends a dictionary.
pub(crate) fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        name(out, k);
        out.push(b' ');
        object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A real number without an exponent, at most 4 decimals.
pub(crate) fn real(r: f32) -> String {
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

/// Appends a name, `/` and its bytes (`#XX` for any but letters,
/// digits and `-_.+`).
pub(crate) fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b.is_ascii_alphanumeric() || b"-_.+".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// Appends a string.
pub(crate) fn string(out: &mut Vec<u8>, s: &[u8], f: StringFormat) {
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
pub(crate) fn hex(s: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut h = String::with_capacity(s.len() * 2);
    for &b in s {
        h.push(char::from(DIGITS[usize::from(b >> 4)]));
        h.push(char::from(DIGITS[usize::from(b & 15)]));
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

    #[test]
    fn saves_a_file_whose_table_points_at_each_object() {
        let mut pdf = lopdf::Document::with_version("1.7");
        let pages = pdf.new_object_id();
        let raw = pdf.new_object_id();
        let catalog = pdf.new_object_id();
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Pages".to_vec()));
        d.set("Kids", Object::Array(vec![]));
        d.set("Count", Object::Integer(0));
        pdf.objects.insert(pages, Object::Dictionary(d));
        let mut c = Dictionary::new();
        c.set("Type", Object::Name(b"Catalog".to_vec()));
        c.set("Pages", Object::Reference(pages));
        c.set("Extra", Object::Reference(raw));
        pdf.objects.insert(catalog, Object::Dictionary(c));
        pdf.trailer.set("Root", Object::Reference(catalog));
        let mut written = Written::default();
        written.add(raw, |out| out.extend_from_slice(b"<</Written (here)>>"));
        assert_eq!(written.len(), 1);
        let bytes = save(&pdf, &written);

        // Every in-use entry of the table is where its object starts.
        // (The header's binary mark is not UTF-8: offsets count bytes.)
        let at_byte = |at: usize| String::from_utf8_lossy(&bytes[at..]).into_owned();
        let text = at_byte(0);
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        let tail = at_byte(xref);
        let table = &tail[..tail.find("trailer").expect("trailer")];
        let mut lines = table.lines().skip(1);
        let mut seen = 0;
        while let Some(head) = lines.next() {
            let mut h = head.split(' ');
            let first: u32 = h.next().and_then(|n| n.parse().ok()).expect("first");
            let count: u32 = h.next().and_then(|n| n.parse().ok()).expect("count");
            for id in first..first + count {
                let entry = lines.next().expect("entry");
                assert_eq!(entry.len(), 18, "{entry:?}");
                if entry.ends_with('n') {
                    let at: usize = entry[..10].parse().expect("offset");
                    assert!(at_byte(at).starts_with(&format!("{id} 0 obj\n")), "{id}");
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 3);
        assert!(text.contains("/Size 4"), "{text}");

        let back = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let extra = back
            .get_dictionary(raw)
            .and_then(|d| d.get(b"Written"))
            .and_then(Object::as_str)
            .expect("the written object");
        assert_eq!(extra, b"here");
        assert_eq!(
            back.catalog().expect("catalog").get(b"Pages").ok(),
            Some(&Object::Reference(pages))
        );
    }
}
