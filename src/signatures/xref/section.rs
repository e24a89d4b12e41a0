//! One cross-reference section as written: a table or a cross-reference
//! stream, read entry by entry; and the count of what a file's streams
//! list, taken before lopdf decodes them.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, Stream};

use super::syntax::{Parser, Value};

/// The largest `/Size` an update may give: readers allocate a table of
/// that many entries (poppler gives up at about 50 million).
pub(super) const MAX_SIZE: i64 = 8 << 20;

/// The most entries one section may list (a handover statement has a few
/// thousand objects; an update after a signature lists a few of them).
pub(super) const MAX_ENTRIES: usize = 1 << 20;

/// The most entries the cross-reference streams of one file may list in
/// all, counted before lopdf reads it: lopdf decodes every stream on the
/// chain of `/Prev` before anything can be checked, and rows of one byte
/// compress a thousand to one (a file of 700 KB listed 500 million).
const MAX_LISTED: u64 = 2 << 20;

/// What a section says of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    Free,
    Normal { offset: u64, generation: u16 },
    Compressed { container: u32, index: u16 },
}

/// One section: its entries in the order written, and its trailer (or
/// stream) dictionary.
pub(super) struct Section {
    pub(super) entries: Vec<(u32, Listing)>,
    pub(super) dict: BTreeMap<Vec<u8>, Value>,
}

/// Refuses a file whose cross-reference streams, on the chain of `/Prev`
/// (and `/XRefStm`) from its last `startxref`, list more than
/// [`MAX_LISTED`] entries in all. Only their dictionaries are read; a
/// chain that cannot be followed is left to lopdf to refuse.
///
/// # Errors
/// What the streams list in all, and the limit.
pub(crate) fn within_listing_limit(bytes: &[u8]) -> Result<(), String> {
    let Some(last) = start_of_last(bytes) else {
        return Ok(());
    };
    let mut next = vec![last];
    let mut seen = BTreeSet::new();
    let mut listed = 0u64;
    while let Some(at) = next.pop() {
        if !seen.insert(at) {
            continue;
        }
        let mut p = Parser { b: bytes, at };
        p.skip();
        let dict = if p.rest().starts_with(b"xref") {
            let Some(trailer) = p.rest().windows(7).position(|w| w == b"trailer") else {
                continue;
            };
            p.at += trailer + 7;
            p.skip();
            match p.value() {
                Ok(Value::Dict(d)) => d,
                _ => continue,
            }
        } else {
            match stream_dict(&mut p) {
                Ok(d) => d,
                Err(_) => continue,
            }
        };
        if dict.get(b"Type".as_slice()) == Some(&Value::Name(b"XRef".to_vec())) {
            listed = listed.saturating_add(stream_listing(&dict));
            if listed > MAX_LISTED {
                return Err(format!(
                    "its cross-reference streams list more than {MAX_LISTED} objects in all (at byte {at}), more than a statement holds"
                ));
            }
        }
        for key in [b"Prev".as_slice(), b"XRefStm"] {
            if let Some(Value::Int(n)) = dict.get(key) {
                next.extend(usize::try_from(*n).ok());
            }
        }
    }
    Ok(())
}

/// How many entries a cross-reference stream's dictionary says it lists:
/// the counts of its `/Index`, or its `/Size`.
fn stream_listing(dict: &BTreeMap<Vec<u8>, Value>) -> u64 {
    let count = |v: &Value| match v {
        Value::Int(n) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    };
    match dict.get(b"Index".as_slice()) {
        Some(Value::Array(a)) => a.iter().skip(1).step_by(2).map(count).sum(),
        _ => dict.get(b"Size".as_slice()).map_or(0, count),
    }
}

/// The offset the last `startxref` of `bytes` gives.
pub(super) fn start_of_last(bytes: &[u8]) -> Option<usize> {
    let at = bytes.windows(9).rposition(|w| w == b"startxref")? + 9;
    let mut p = Parser { b: bytes, at };
    p.skip();
    match p.value().ok()? {
        Value::Int(n) if n >= 0 => usize::try_from(n).ok(),
        _ => None,
    }
}

/// The section that starts at `at`: a table, or a cross-reference stream.
pub(super) fn section(bytes: &[u8], at: usize) -> Result<Section, String> {
    let mut p = Parser { b: bytes, at };
    p.skip();
    if p.rest().starts_with(b"xref") {
        p.at += 4;
        table(&mut p)
    } else {
        stream_section(&mut p)
    }
}

fn table(p: &mut Parser<'_>) -> Result<Section, String> {
    let mut entries = Vec::new();
    loop {
        p.skip();
        if p.rest().starts_with(b"trailer") {
            p.at += 7;
            p.skip();
            let Value::Dict(dict) = p.value()? else {
                return Err("its trailer is not a dictionary".to_string());
            };
            let size = size_of(&dict)?;
            if entries.iter().any(|(num, _)| u64::from(*num) >= size) {
                return Err("it lists objects past its /Size".to_string());
            }
            return Ok(Section { entries, dict });
        }
        let (first, count) = (p.uint()?, p.uint()?);
        if count > MAX_ENTRIES || entries.len() + count > MAX_ENTRIES {
            return Err(format!("it lists more than {MAX_ENTRIES} objects"));
        }
        for i in 0..count {
            let offset = p.uint()?;
            let generation = p.uint()?;
            p.skip();
            let kind = p.rest().first().copied();
            p.at += 1;
            let num = first
                .checked_add(i)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or("an object number is too big")?;
            let listing = match kind {
                Some(b'n') => Listing::Normal {
                    offset: offset as u64,
                    generation: u16::try_from(generation).map_err(|_| "a generation is too big")?,
                },
                Some(b'f')
                    if offset <= u32::MAX as usize && generation <= usize::from(u16::MAX) =>
                {
                    Listing::Free
                }
                Some(b'f') => {
                    return Err(format!("its free entry for object {num} is out of range"));
                }
                _ => return Err(format!("its entry for object {num} is not n or f")),
            };
            entries.push((num, listing));
        }
    }
}

/// The dictionary of the object at `p`, which should be a cross-reference
/// stream.
pub(super) fn stream_dict(p: &mut Parser<'_>) -> Result<BTreeMap<Vec<u8>, Value>, String> {
    p.uint()?;
    p.uint()?;
    p.skip();
    if !p.rest().starts_with(b"obj") {
        return Err("it is neither a table nor an object".to_string());
    }
    p.at += 3;
    p.skip();
    let Value::Dict(dict) = p.value()? else {
        return Err("its stream has no dictionary".to_string());
    };
    Ok(dict)
}

fn stream_section(p: &mut Parser<'_>) -> Result<Section, String> {
    let dict = stream_dict(p)?;
    if dict.get(b"Type".as_slice()) != Some(&Value::Name(b"XRef".to_vec())) {
        return Err("it is not a cross-reference stream".to_string());
    }
    p.skip();
    if !p.rest().starts_with(b"stream") {
        return Err("its stream is missing".to_string());
    }
    p.at += 6;
    if p.rest().starts_with(b"\r\n") {
        p.at += 2;
    } else if p.rest().starts_with(b"\n") {
        p.at += 1;
    }
    let Some(Value::Int(len)) = dict.get(b"Length".as_slice()) else {
        return Err("its /Length is not a number".to_string());
    };
    let data = usize::try_from(*len)
        .ok()
        .and_then(|n| p.rest().get(..n))
        .ok_or("its /Length reaches past the end of the file")?;
    let mut filters = Dictionary::new();
    for key in [b"Filter".as_slice(), b"DecodeParms"] {
        if let Some(v) = dict.get(key) {
            filters.set(key, to_lopdf(v));
        }
    }
    let raw = Stream::new(filters, data.to_vec());
    let decoded = if raw.dict.has(b"Filter") {
        raw.decompressed_content_with_limit(super::super::pdf::MAX_INFLATED)
            .map_err(|e| format!("its stream cannot be decoded: {e}"))?
    } else {
        data.to_vec()
    };
    let widths: Vec<usize> = match dict.get(b"W".as_slice()) {
        Some(Value::Array(w)) if w.len() == 3 => w
            .iter()
            .map(|v| match v {
                Value::Int(n) if (0..=8).contains(n) => Ok(*n as usize),
                _ => Err("its /W is not three widths of 0 to 8 bytes".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()
            .and_then(|w| {
                if w[0] > 4 {
                    Err("its /W gives the type more than 4 bytes".to_string())
                } else {
                    Ok(w)
                }
            })?,
        _ => return Err("its /W is not three widths".to_string()),
    };
    let index: Vec<i64> = match dict.get(b"Index".as_slice()) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::Int(n) if *n >= 0 => Ok(*n),
                _ => Err("its /Index is not numbers".to_string()),
            })
            .collect::<Result<_, _>>()?,
        None => match dict.get(b"Size".as_slice()) {
            Some(Value::Int(n)) if *n >= 0 => vec![0, *n],
            _ => return Err("it has neither /Index nor /Size".to_string()),
        },
        Some(_) => return Err("its /Index is not an array".to_string()),
    };
    if !index.len().is_multiple_of(2) {
        return Err("its /Index is not pairs".to_string());
    }
    let size = size_of(&dict)?;
    if index
        .chunks_exact(2)
        .any(|p| p[0] as u64 + p[1] as u64 > size)
    {
        return Err("it lists objects past its /Size".to_string());
    }
    let row = widths.iter().sum::<usize>();
    let mut rows = decoded.chunks_exact(row.max(1));
    let mut entries = Vec::new();
    for pair in index.chunks_exact(2) {
        let (first, count) = (pair[0] as u64, pair[1] as usize);
        if entries.len() + count > MAX_ENTRIES {
            return Err(format!("it lists more than {MAX_ENTRIES} objects"));
        }
        for i in 0..count as u64 {
            let num = u32::try_from(first + i).map_err(|_| "an object number is too big")?;
            let r = rows
                .next()
                .ok_or("its stream has fewer rows than /Index lists")?;
            let (a, rest) = r.split_at(widths[0]);
            let (b, c) = rest.split_at(widths[1]);
            let kind = if widths[0] == 0 { 1 } else { big_endian(a) };
            let (b, c) = (big_endian(b), big_endian(c));
            let listing = match kind {
                0 if b <= u64::from(u32::MAX) && c <= u64::from(u16::MAX) => Listing::Free,
                0 => return Err(format!("its free entry for object {num} is out of range")),
                1 => Listing::Normal {
                    offset: b,
                    generation: u16::try_from(c).map_err(|_| "a generation is too big")?,
                },
                2 => Listing::Compressed {
                    container: u32::try_from(b).map_err(|_| "a container is too big")?,
                    index: u16::try_from(c).map_err(|_| "an index is too big")?,
                },
                other => return Err(format!("its entry for object {num} is of type {other}")),
            };
            entries.push((num, listing));
        }
    }
    Ok(Section { entries, dict })
}

/// A section's `/Size`: how many objects the file has, at most
/// [`MAX_SIZE`].
pub(super) fn size_of(dict: &BTreeMap<Vec<u8>, Value>) -> Result<u64, String> {
    match dict.get(b"Size".as_slice()) {
        Some(Value::Int(n)) if (0..=MAX_SIZE).contains(n) => Ok(*n as u64),
        Some(Value::Int(n)) if *n > MAX_SIZE => Err(format!(
            "its /Size {n} is more objects than PDF readers take ({MAX_SIZE} at most)"
        )),
        _ => Err("its /Size is not a number of objects".to_string()),
    }
}

fn big_endian(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |n, x| (n << 8) | u64::from(*x))
}

fn to_lopdf(v: &Value) -> Object {
    match v {
        Value::Int(n) => Object::Integer(*n),
        Value::Name(n) => Object::Name(n.clone()),
        Value::Array(a) => Object::Array(a.iter().map(to_lopdf).collect()),
        Value::Dict(d) => {
            let mut out = Dictionary::new();
            for (k, v) in d {
                out.set(k.clone(), to_lopdf(v));
            }
            Object::Dictionary(out)
        }
        Value::Ref(n, g) => Object::Reference((*n, *g)),
        Value::Other => Object::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_listing_more_than_a_statement_holds_are_refused_unread() {
        // Two streams on the chain (the newest also through a table's
        // /XRefStm), each listing half the limit and one more; their data
        // is not read, so none is there.
        let half = MAX_LISTED / 2 + 1;
        let stream = |prev: &str| {
            format!(
                "<< /Type /XRef /Size {half} /W [1 0 0] /Index [0 1 1 {}]{prev} /Length 0 >>\nstream\n\nendstream\nendobj\n",
                half - 1
            )
        };
        let mut b = format!("%PDF-1.7\n1 0 obj\n{}", stream("")).into_bytes();
        let second = b.len();
        b.extend_from_slice(format!("2 0 obj\n{}", stream(" /Prev 9")).as_bytes());
        let table = b.len();
        b.extend_from_slice(
            format!(
                "xref\n0 0\ntrailer\n<< /Size 1 /XRefStm {second} >>\nstartxref\n{table}\n%%EOF\n"
            )
            .as_bytes(),
        );
        let refused = within_listing_limit(&b);
        assert_eq!(
            refused,
            Err(format!(
                "its cross-reference streams list more than {MAX_LISTED} objects in all (at byte 9), more than a statement holds"
            ))
        );
        // One stream alone is within the limit, and so is a table whose
        // trailer cannot be found.
        let at = b.len();
        b.extend_from_slice(b"startxref\n9\n%%EOF\n");
        assert_eq!(within_listing_limit(&b), Ok(()));
        b.truncate(at);
        b.extend_from_slice(format!("xref\n0 0\nstartxref\n{at}\n%%EOF\n").as_bytes());
        assert_eq!(within_listing_limit(&b), Ok(()));
    }
}
