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

use lopdf::Document;
use lopdf::xref::XrefEntry;

use syntax::Value;

mod rebuild;
mod section;
mod syntax;

pub(crate) use rebuild::read_apart;
pub(crate) use section::within_listing_limit;

use section::{Listing, MAX_ENTRIES, Section, section, start_of_last};

/// The most sections followed after one signature.
const MAX_SECTIONS: usize = 64;

/// The most entries walked in all, over every signature's walk of the
/// sections after it: each walk reads each section again, so without it
/// a small file of many signatures and many sections of compressed free
/// entries would keep verify busy for hours.
const MAX_WALKED: usize = 2 << 20;

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
