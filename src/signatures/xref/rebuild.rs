//! What a reader would read if it rebuilt the cross-reference: PDF
//! readers that find an entry broken (poppler among them) rebuild it from
//! every object header in the file, inside stream data too, the newest
//! header of a number winning. A signed file must read the same that way
//! as by its cross-reference, or an object hidden anywhere in it (even in
//! the bytes a signature covers) can be brought forth by breaking an entry
//! later. Object streams likewise must list each number once, where the
//! cross-reference says: readers differ in which of two copies they take.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::xref::XrefEntry;
use lopdf::{Document, Object};

use super::syntax::{Parser, Value, header};

/// The most problems named; the rest are counted.
const MAX_NAMED: usize = 20;

/// Every way the file reads otherwise when its cross-reference is rebuilt,
/// or where its object streams are ambiguous.
pub(crate) fn read_apart(bytes: &[u8], doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let mut more = 0usize;
    let mut say = |line: String, out: &mut Vec<String>| {
        if out.len() < MAX_NAMED {
            out.push(line);
        } else {
            more += 1;
        }
    };
    // Entries that do not point at their own header.
    for (&num, entry) in &doc.reference_table.entries {
        let XrefEntry::Normal { offset, generation } = *entry else {
            continue;
        };
        let head = header(bytes, offset as usize);
        if head != Some((num, generation)) {
            say(
                format!(
                    "the cross-reference puts object {num} {generation} at byte {offset}, where {}: PDF readers then rebuild it from whatever the file holds",
                    match head {
                        Some((n, g)) => format!("object {n} {g} starts"),
                        None => "no object starts".to_string(),
                    }
                ),
                &mut out,
            );
        }
    }
    // The newest header of each number, as a rebuilt table has it.
    let mut newest: BTreeMap<u32, (usize, u16)> = BTreeMap::new();
    for (at, num, generation) in headers(bytes) {
        match newest.get(&num) {
            Some(&(_, g)) if g > generation => {}
            _ => {
                newest.insert(num, (at, generation));
            }
        }
    }
    for (&num, &(at, generation)) in &newest {
        let same = match doc.reference_table.get(num) {
            Some(XrefEntry::Normal { offset, .. }) => start(bytes, *offset as usize) == at,
            // A raw copy of an object an object stream holds: a rebuilt
            // table (poppler's reads no object streams) takes the copy.
            Some(XrefEntry::Compressed { .. }) => false,
            _ => false,
        };
        if !same {
            say(
                format!(
                    "object {num} {generation} at byte {at} is not the one the cross-reference names: a reader that rebuilds the cross-reference reads it instead"
                ),
                &mut out,
            );
        }
    }
    // The catalog: a rebuilt table takes the /Root of the last `trailer`
    // keyword in the file that has one, wherever it stands.
    match last_trailer_root(bytes) {
        Err(at) => say(
            format!(
                "the `trailer` at byte {at} cannot be read: a reader that rebuilds the cross-reference may take its /Root"
            ),
            &mut out,
        ),
        Ok(Some((at, root)))
            if Some(root) != doc.trailer.get(b"Root").and_then(Object::as_reference).ok() =>
        {
            say(
                format!(
                    "the last `trailer` in the file (at byte {at}) names object {} {} as the catalog: a reader that rebuilds the cross-reference takes that one",
                    root.0, root.1
                ),
                &mut out,
            );
        }
        Ok(_) => {}
    }
    // Object streams: each number once, at the index given.
    let mut containers: BTreeMap<u32, Vec<(u32, u16)>> = BTreeMap::new();
    for (&num, entry) in &doc.reference_table.entries {
        if let XrefEntry::Compressed { container, index } = *entry {
            containers.entry(container).or_default().push((num, index));
        }
    }
    for (container, listed) in containers {
        if let Err(why) = object_stream(doc, container, &listed) {
            say(format!("object stream {container} {why}"), &mut out);
        }
    }
    if more > 0 {
        out.push(format!(
            "… and {more} more objects read otherwise by a rebuilt cross-reference"
        ));
    }
    out
}

/// Where a `trailer` stands, and the object number and generation of the
/// `/Root` it names.
type TrailerRoot = (usize, (u32, u16));

/// The last `trailer` keyword in the file followed by a dictionary with
/// a `/Root` reference: where it stands, and that reference; or where a
/// `trailer <<` stands whose dictionary cannot be read (a reader with
/// another parser may find a /Root in it).
fn last_trailer_root(bytes: &[u8]) -> Result<Option<TrailerRoot>, usize> {
    let mut end = bytes.len();
    while let Some(at) = bytes[..end].windows(7).rposition(|w| w == b"trailer") {
        end = at;
        let mut p = Parser {
            b: bytes,
            at: at + 7,
        };
        p.skip();
        if !p.rest().starts_with(b"<<") {
            continue;
        }
        match p.value() {
            Ok(Value::Dict(d)) => {
                if let Some(Value::Ref(n, g)) = d.get(b"Root".as_slice()) {
                    return Ok(Some((at, (*n, *g))));
                }
            }
            _ => return Err(at),
        }
    }
    Ok(None)
}

/// Where the header that `offset` points at starts (past white space).
fn start(bytes: &[u8], offset: usize) -> usize {
    let mut p = Parser {
        b: bytes,
        at: offset,
    };
    p.skip();
    p.at
}

/// Checks one object stream against the entries that name it.
fn object_stream(doc: &Document, container: u32, listed: &[(u32, u16)]) -> Result<(), String> {
    let stream = doc
        .objects
        .range((container, 0)..=(container, u16::MAX))
        .find_map(|(_, o)| o.as_stream().ok())
        .ok_or("cannot be read")?;
    if stream.dict.has(b"Extends") {
        return Err("extends another (/Extends), which PDF readers do not read alike".to_string());
    }
    let int = |k: &[u8]| match stream.dict.get(k) {
        Ok(Object::Integer(n)) if *n >= 0 => Ok(*n as usize),
        _ => Err(format!("has no /{}", String::from_utf8_lossy(k))),
    };
    let (n, first) = (int(b"N")?, int(b"First")?);
    let data = if stream.dict.has(b"Filter") {
        stream
            .decompressed_content_with_limit(super::super::pdf::MAX_INFLATED)
            .map_err(|e| format!("cannot be decoded: {e}"))?
    } else {
        stream.content.clone()
    };
    let head = data.get(..first).ok_or("has a /First past its end")?;
    let mut p = Parser { b: head, at: 0 };
    let mut pairs = Vec::new();
    let mut seen = BTreeSet::new();
    loop {
        p.skip();
        if p.rest().is_empty() {
            break;
        }
        let (num, offset) = (p.uint()?, p.uint()?);
        let num = u32::try_from(num).map_err(|_| "lists an object number too big")?;
        if !seen.insert(num) {
            return Err(format!(
                "lists object {num} twice, which PDF readers do not read alike"
            ));
        }
        if pairs.last().is_some_and(|&(_, o)| o >= offset) {
            return Err("lists its objects out of order".to_string());
        }
        pairs.push((num, offset));
    }
    if pairs.len() != n {
        return Err(format!(
            "lists {} objects, and its /N says {n}",
            pairs.len()
        ));
    }
    for &(num, index) in listed {
        if pairs.get(usize::from(index)).map(|p| p.0) != Some(num) {
            return Err(format!(
                "does not hold object {num} at index {index}, where the cross-reference puts it"
            ));
        }
    }
    Ok(())
}

/// Every object header (`N G obj`) in the file: where it starts, its
/// number and generation.
fn headers(bytes: &[u8]) -> Vec<(usize, u32, u16)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = bytes
        .get(at..)
        .and_then(|r| r.windows(3).position(|w| w == b"obj"))
    {
        let obj = at + i;
        at = obj + 3;
        // Back over `G`, white space and `N` to where the header starts.
        let mut s = obj;
        let mut numbers = 0;
        while numbers < 2 {
            while s > 0 && matches!(bytes[s - 1], b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0') {
                s -= 1;
            }
            let digits_end = s;
            while s > 0 && bytes[s - 1].is_ascii_digit() {
                s -= 1;
            }
            if s == digits_end {
                break;
            }
            numbers += 1;
        }
        // Whatever comes before: a writer may start an object right after
        // the previous revision's `%%EOF`.
        if numbers < 2 {
            continue;
        }
        if let Some((num, generation)) = header(bytes, s) {
            out.push((s, num, generation));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_wherever_they_are() {
        let b = b"%PDF\n7 0 obj\n<< >>\nendobj\n12 0 obj (x 3 0 obj) endobj\n%x 9 1 obj\n";
        let found: Vec<(usize, u32, u16)> = headers(b);
        assert_eq!(found, vec![(5, 7, 0), (26, 12, 0), (38, 3, 0), (57, 9, 1)]);
        // `endobj` and `13 obj` (one number) are none; one right after
        // `%%EOF` is one.
        assert!(headers(b"endobj 13 obj").is_empty());
        assert_eq!(headers(b"%%EOF35 0 obj"), vec![(5, 35, 0)]);
    }

    #[test]
    fn the_last_trailer_with_a_root_is_the_one_a_rebuilt_table_takes() {
        let b = b"trailer << /Root 1 0 R >> (trailer << /Root 9 0 R /X [1 (a)] >>) trailer << /Size 3 >>";
        assert_eq!(last_trailer_root(b), Ok(Some((27, (9, 0)))));
        assert_eq!(last_trailer_root(b"trailer << /Root (x) >>"), Ok(None));
        assert_eq!(last_trailer_root(b"no such thing, trailer hitch"), Ok(None));
        // One its parser cannot read: another reader's may.
        assert_eq!(
            last_trailer_root(b"trailer << /Root 1 0 R >> trailer << /Root 36 0 R /X { >>"),
            Err(26)
        );
    }
}
