//! The cross-reference sections of the updates after a signature, read as
//! they are written.
//!
//! lopdf merges every section into one table, and where a file is
//! ambiguous it does not read it the way viewers do: it keeps the last of
//! two entries for one object in a section (viewers the first), skips free
//! (`f`, type 0) entries (so an object freed after signing stays in use),
//! and reads `/XRefStm` (a hybrid file's second table) only in the newest
//! trailer. An update after a signature is therefore read here too, section
//! by section, and refused when it is any of those, when its chain of
//! `/Prev` does not lead back to the signed revision, or when lopdf's table
//! does not say what the section says.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, Stream};

use syntax::{Parser, Value};

mod rebuild;
mod syntax;

pub(crate) use rebuild::read_apart;

/// The most sections followed after one signature.
const MAX_SECTIONS: usize = 64;

/// The largest `/Size` an update may give: readers allocate a table of
/// that many entries (poppler gives up at about 50 million).
const MAX_SIZE: i64 = 8 << 20;

/// The most entries one section may list (a handover statement has a few
/// thousand objects; an update after a signature lists a few of them).
const MAX_ENTRIES: usize = 1 << 20;

/// The most entries walked in all, over every signature's walk of the
/// sections after it: each walk reads each section again, so without it
/// a small file of many signatures and many sections of compressed free
/// entries would keep verify busy for hours.
const MAX_WALKED: usize = 2 << 20;

/// The most entries the cross-reference streams of one file may list in
/// all, counted before lopdf reads it: lopdf decodes every stream on the
/// chain of `/Prev` before anything can be checked, and rows of one byte
/// compress a thousand to one (a file of 700 KB listed 500 million).
const MAX_LISTED: u64 = 2 << 20;

/// What a section says of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Free,
    Normal { offset: u64, generation: u16 },
    Compressed { container: u32, index: u16 },
}

/// One section: its entries in the order written, and its trailer (or
/// stream) dictionary.
struct Section {
    entries: Vec<(u32, Listing)>,
    dict: BTreeMap<Vec<u8>, Value>,
}

/// The most findings named for one signature's updates; the rest are
/// counted (a section may list millions of entries).
const MAX_NAMED: usize = 20;

/// Findings, the first [`MAX_NAMED`] named and the rest counted.
#[derive(Default)]
struct Named {
    list: Vec<String>,
    more: usize,
}

impl Named {
    fn push(&mut self, finding: String) {
        if self.list.len() < MAX_NAMED {
            self.list.push(finding);
        } else {
            self.more += 1;
        }
    }

    fn into_vec(mut self) -> Vec<String> {
        if self.more > 0 {
            let more = self.more;
            self.list.push(format!(
                "… and {more} more findings about the cross-references after it"
            ));
        }
        self.list
    }
}

/// The cross-reference sections of one file, each read once however many
/// signatures' updates walk through it (every walk starts at the file's
/// last `startxref` and follows the same `/Prev` chain).
/// Sections are kept while they hold at most [`MAX_ENTRIES`] entries in
/// all (one section's worth); any beyond are read again when asked for.
pub(crate) struct Sections<'a> {
    bytes: &'a [u8],
    read: BTreeMap<usize, Result<Section, String>>,
    held: usize,
    spare: Option<Result<Section, String>>,
    walked: usize,
}

/// Why a section is not there to check.
enum Unread<'s> {
    /// It cannot be read as a section.
    Broken(&'s str),
    /// Reading it would walk more than [`MAX_WALKED`] entries in all.
    TooMany,
}

impl<'a> Sections<'a> {
    /// The sections of `bytes`, none read yet.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Sections {
            bytes,
            read: BTreeMap::new(),
            held: 0,
            spare: None,
            walked: 0,
        }
    }

    /// The section that starts at `at`, read the first time it is asked
    /// for (and again when it was too many entries to keep); its entries
    /// count towards [`MAX_WALKED`] each time.
    fn at(&mut self, at: usize) -> Result<&Section, Unread<'_>> {
        if !self.read.contains_key(&at) {
            let read = section(self.bytes, at);
            let entries = read.as_ref().map_or(0, |s| s.entries.len());
            if self.held + entries > MAX_ENTRIES {
                self.spare = Some(read);
            } else {
                self.held += entries;
                self.read.insert(at, read);
            }
        }
        let read = self.read.get(&at).or(self.spare.as_ref());
        let entries = read.map_or(0, |r| r.as_ref().map_or(0, |s| s.entries.len()));
        self.walked = self.walked.saturating_add(entries);
        if self.walked > MAX_WALKED {
            return Err(Unread::TooMany);
        }
        match self.read.get(&at).or(self.spare.as_ref()) {
            Some(Ok(section)) => Ok(section),
            Some(Err(why)) => Err(Unread::Broken(why)),
            None => Err(Unread::Broken("it was not read")),
        }
    }

    /// What is wrong with the cross-reference sections written after the
    /// revision that ends at `end` (whose own section starts at
    /// `signed_xref`), compared with lopdf's reading of the whole file,
    /// `doc`.
    pub(crate) fn problems_after(&mut self, end: usize, doc: &Document) -> Vec<String> {
        let bytes = self.bytes;
        let Some(signed_xref) = bytes.get(..end).and_then(start_of_last) else {
            return vec!["the revision it signed has no startxref".to_string()];
        };
        let Some(mut at) = start_of_last(bytes) else {
            return vec!["the file has no startxref".to_string()];
        };
        let mut out = Named::default();
        let mut newest: BTreeMap<u32, Listing> = BTreeMap::new();
        let mut twice = BTreeSet::new();
        let mut seen = BTreeSet::new();
        while at >= end {
            if !seen.insert(at) || seen.len() > MAX_SECTIONS {
                out.push(format!(
                "the cross-references after it loop or are more than {MAX_SECTIONS} (at byte {at})"
            ));
                return out.into_vec();
            }
            let section = match self.at(at) {
                Ok(s) => s,
                Err(Unread::Broken(why)) => {
                    out.push(format!(
                        "the cross-reference after it at byte {at} cannot be read: {why}"
                    ));
                    return out.into_vec();
                }
                Err(Unread::TooMany) => {
                    out.push(format!(
                        "the cross-references after the signatures list more than {MAX_WALKED} entries in all (at byte {at}): verify reads no further"
                    ));
                    return out.into_vec();
                }
            };
            if section.dict.contains_key(b"XRefStm".as_slice()) {
                out.push(format!(
                "the update after it at byte {at} has a second, hybrid cross-reference (/XRefStm), which PDF readers do not read alike"
            ));
            }
            let mut listed = BTreeSet::new();
            for &(num, listing) in &section.entries {
                if !listed.insert(num) {
                    twice.insert(num);
                    out.push(format!(
                    "the cross-reference after it at byte {at} lists object {num} twice, which PDF readers do not read alike"
                ));
                    continue;
                }
                if listing == Listing::Free && num != 0 {
                    out.push(format!(
                    "after it signed, object {num} was freed (by the cross-reference at byte {at})"
                ));
                }
                newest.entry(num).or_insert(listing);
            }
            match section.dict.get(b"Prev".as_slice()) {
                Some(Value::Int(p)) if *p >= 0 => at = *p as usize,
                Some(_) => {
                    out.push(format!(
                    "the cross-reference after it at byte {at} has a /Prev that is not an offset"
                ));
                    return out.into_vec();
                }
                None => {
                    out.push(format!(
                    "the cross-reference after it at byte {at} has no /Prev: it does not lead back to the revision it signed"
                ));
                    return out.into_vec();
                }
            }
        }
        if at != signed_xref {
            out.push(format!(
            "the cross-references after it lead back to byte {at}, not to the revision it signed (byte {signed_xref})"
        ));
        }
        // lopdf, which the rest of the checks read, must see what was written.
        for (num, listing) in newest {
            let read = match doc.reference_table.get(num) {
                Some(XrefEntry::Normal { offset, generation }) => Some(Listing::Normal {
                    offset: u64::from(*offset),
                    generation: *generation,
                }),
                Some(XrefEntry::Compressed { container, index }) => Some(Listing::Compressed {
                    container: *container,
                    index: *index,
                }),
                _ => None,
            };
            if listing != Listing::Free && read != Some(listing) && !twice.contains(&num) {
                out.push(format!(
                    "object {num} is not read where the cross-reference after it puts it"
                ));
            }
        }
        out.into_vec()
    }
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
fn start_of_last(bytes: &[u8]) -> Option<usize> {
    let at = bytes.windows(9).rposition(|w| w == b"startxref")? + 9;
    let mut p = Parser { b: bytes, at };
    p.skip();
    match p.value().ok()? {
        Value::Int(n) if n >= 0 => usize::try_from(n).ok(),
        _ => None,
    }
}

/// The section that starts at `at`: a table, or a cross-reference stream.
fn section(bytes: &[u8], at: usize) -> Result<Section, String> {
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
fn stream_dict(p: &mut Parser<'_>) -> Result<BTreeMap<Vec<u8>, Value>, String> {
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
        raw.decompressed_content_with_limit(super::pdf::MAX_INFLATED)
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
fn size_of(dict: &BTreeMap<Vec<u8>, Value>) -> Result<u64, String> {
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

    /// A signed revision (its section at byte 9) and one update after it.
    fn file(update: &str) -> (Vec<u8>, usize) {
        let signed = "%PDF-1.7\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n";
        let mut b = signed.as_bytes().to_vec();
        let end = b.len();
        b.extend_from_slice(update.replace("END", &end.to_string()).as_bytes());
        (b, end)
    }

    fn problems(update: &str) -> Vec<String> {
        let (b, end) = file(update);
        Sections::new(&b).problems_after(end, &Document::new())
    }

    #[test]
    fn findings_past_twenty_are_counted() {
        let freed = "0000000000 00001 f\r\n".repeat(30);
        let p = problems(&format!(
            "xref\n0 1\n0000000000 65535 f\r\n1 30\n{freed}trailer\n<< /Size 31 /Prev 9 >>\nstartxref\nEND\n%%EOF\n"
        ));
        assert_eq!(p.len(), 21, "{p:?}");
        assert!(p[0].contains("object 1 was freed"), "{p:?}");
        assert!(p[19].contains("object 20 was freed"), "{p:?}");
        assert_eq!(
            p[20],
            "… and 10 more findings about the cross-references after it"
        );
    }

    #[test]
    fn entries_walked_past_the_budget_stop_the_walk() {
        // One update whose stream lists the most entries a section may
        // (all free, one byte a row); each signature's walk reads them.
        let count = MAX_ENTRIES - 1;
        let mut update = format!(
            "12 0 obj\n<< /Type /XRef /Size {MAX_ENTRIES} /W [1 0 0] /Index [1 {count}] /Prev 9 /Length {count} >>\nstream\n"
        )
        .into_bytes();
        update.resize(update.len() + count, 0);
        update.extend_from_slice(b"\nendstream\nendobj\nstartxref\nEND\n%%EOF\n");
        let (b, end) = file(std::str::from_utf8(&update).unwrap_or_default());
        let mut sections = Sections::new(&b);
        let doc = Document::new();
        for _ in 0..MAX_WALKED / count {
            let p = sections.problems_after(end, &doc);
            assert!(p[0].contains("object 1 was freed"), "{p:?}");
            assert!(
                p[20].contains(&format!("{} more findings", count - 20)),
                "{p:?}"
            );
        }
        let p = sections.problems_after(end, &doc);
        assert_eq!(
            p,
            [format!(
                "the cross-references after the signatures list more than {MAX_WALKED} entries in all (at byte {end}): verify reads no further"
            )]
        );
        // A section past MAX_ENTRIES is not read at all.
        let update = format!(
            "12 0 obj\n<< /Type /XRef /Size {} /W [1 0 0] /Index [1 {}] /Prev 9 /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\nEND\n%%EOF\n",
            MAX_ENTRIES + 2,
            MAX_ENTRIES + 1
        );
        let p = problems(&update);
        assert!(
            p[0].contains(&format!("it lists more than {MAX_ENTRIES} objects")),
            "{p:?}"
        );
    }

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

    #[test]
    fn an_update_freeing_listing_twice_or_hybrid_is_named() {
        let p = problems(
            "xref\n0 1\n0000000000 65535 f\r\n7 2\n0000000000 00001 f\r\n0000000009 00000 n\r\n7 1\n0000000009 00000 n\r\ntrailer\n<< /Size 9 /Prev 9 /XRefStm 0 /ID [<00> (a (nested\\) string))] /X << /Prev 1 >> >>\nstartxref\nEND\n%%EOF\n",
        );
        let all = p.join("\n");
        assert!(all.contains("object 7 was freed"), "{all}");
        assert!(all.contains("lists object 7 twice"), "{all}");
        assert!(all.contains("hybrid cross-reference (/XRefStm)"), "{all}");
        // The nested /Prev is not the trailer's: the chain leads back.
        assert!(!all.contains("lead back"), "{all}");
        // Object 8 is listed, and lopdf (here, nothing) does not see it.
        assert!(all.contains("object 8 is not read where"), "{all}");
        assert!(!all.contains("object 0"), "{all}");
    }

    #[test]
    fn a_chain_that_loops_skips_or_ends_is_named() {
        let looped =
            problems("xref\n0 0\ntrailer\n<< /Size 1 /Prev END >>\nstartxref\nEND\n%%EOF\n");
        assert!(looped.iter().any(|p| p.contains("loop")), "{looped:?}");
        let elsewhere =
            problems("xref\n0 0\ntrailer\n<< /Size 1 /Prev 3 >>\nstartxref\nEND\n%%EOF\n");
        assert!(
            elsewhere[0].contains("lead back to byte 3, not to the revision it signed (byte 9)"),
            "{elsewhere:?}"
        );
        let none = problems("xref\n0 0\ntrailer\n<< /Size 1 >>\nstartxref\nEND\n%%EOF\n");
        assert!(none[0].contains("has no /Prev"), "{none:?}");
        let broken = problems("xref\n0 1\n00000 zz\ntrailer\n<< >>\nstartxref\nEND\n%%EOF\n");
        assert!(broken[0].contains("cannot be read"), "{broken:?}");
    }

    #[test]
    fn a_cross_reference_stream_is_read_row_by_row() {
        // Rows (W 1 2 1): object 4 free, object 5 at byte 9, object 5 again.
        let rows = [0u8, 0, 0, 0, 1, 0, 9, 0, 1, 0, 9, 0];
        let mut update =
            b"12 0 obj\n<< /Type /XRef /Size 13 /W [1 2 1] /Index [4 2 5 1] /Prev 9 /Length 12 >>\nstream\n"
                .to_vec();
        update.extend_from_slice(&rows);
        update.extend_from_slice(b"\nendstream\nendobj\nstartxref\nEND\n%%EOF\n");
        let p = problems(std::str::from_utf8(&update).unwrap_or_default());
        let all = p.join("\n");
        assert!(all.contains("object 4 was freed"), "{all}");
        assert!(all.contains("lists object 5 twice"), "{all}");
        // Too few rows for its /Index.
        let short = problems(
            "12 0 obj\n<< /Type /XRef /Size 13 /W [1 2 1] /Index [4 9] /Prev 9 /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\nEND\n%%EOF\n",
        );
        assert!(
            short[0].contains("fewer rows than /Index lists"),
            "{short:?}"
        );
        // A free entry whose next free number does not fit (2^40).
        let mut update = b"12 0 obj\n<< /Type /XRef /Size 13 /W [1 5 1] /Index [0 1] /Prev 9 /Length 7 >>\nstream\n".to_vec();
        update.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0]);
        update.extend_from_slice(b"\nendstream\nendobj\nstartxref\nEND\n%%EOF\n");
        let wide = problems(std::str::from_utf8(&update).unwrap_or_default());
        assert!(
            wide[0].contains("its free entry for object 0 is out of range"),
            "{wide:?}"
        );
    }
}
