//! The pack inside the statement: files attached as PDF/A-3 associated
//! files, and read back out.
//!
//! Each attachment is an embedded file stream (`/Type /EmbeddedFile`, a
//! MIME `/Subtype`, `/Params` with its size, MD5 checksum and a
//! modification date from the inputs) in a file specification (`/F`,
//! `/UF`, `/Desc`, `/AFRelationship`) that is listed both in the catalog's
//! `/AF` array and in the `/EmbeddedFiles` name tree, so that archive
//! software and ordinary viewers (the attachments panel) both find it.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use md5::{Digest, Md5};

use super::PdfError;
use super::finish::text_string;

/// How an attached file relates to the statement (PDF/A-3's
/// `/AFRelationship`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    /// What the statement was made from (the engagement, the catalogue).
    Source,
    /// The same content in a form easier to work with (the tracker).
    Supplement,
    /// Data the statement presents.
    Data,
}

impl Relationship {
    fn name(self) -> &'static [u8] {
        match self {
            Relationship::Source => b"Source",
            Relationship::Supplement => b"Supplement",
            Relationship::Data => b"Data",
        }
    }

    fn from_name(n: &[u8]) -> Option<Self> {
        [
            Relationship::Source,
            Relationship::Supplement,
            Relationship::Data,
        ]
        .into_iter()
        .find(|r| r.name() == n)
    }
}

/// A file to attach to a statement.
#[derive(Debug, Clone, Copy)]
pub struct Attachment<'a> {
    /// Its file name (no folders).
    pub name: &'a str,
    /// Its MIME type, e.g. `application/yaml`.
    pub mime: &'a str,
    /// What it is, in the statement's language.
    pub description: &'a str,
    /// How it relates to the statement.
    pub relationship: Relationship,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Its modification date (from the inputs, never the clock).
    pub modified: jiff::civil::Date,
}

/// A file attached to a statement, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// Its file name.
    pub name: String,
    /// Its MIME type.
    pub mime: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// How it relates to the statement, when it says.
    pub relationship: Option<Relationship>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Attaches `files` to the document (catalog `/AF` and `/Names
/// /EmbeddedFiles`).
pub(crate) fn attach(
    pdf: &mut lopdf::Document,
    root: ObjectId,
    files: &[Attachment<'_>],
) -> lopdf::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut specs: Vec<(String, ObjectId)> = Vec::new();
    for f in files {
        let d = f.modified;
        let date = format!("D:{:04}{:02}{:02}000000Z", d.year(), d.month(), d.day());
        let mut params = Dictionary::new();
        params.set(
            "Size",
            Object::Integer(i64::try_from(f.bytes.len()).unwrap_or(i64::MAX)),
        );
        params.set(
            "CheckSum",
            Object::String(Md5::digest(f.bytes).to_vec(), StringFormat::Hexadecimal),
        );
        params.set("ModDate", Object::string_literal(date));
        let mut ef = Dictionary::new();
        ef.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        ef.set("Subtype", Object::Name(f.mime.as_bytes().to_vec()));
        ef.set("Params", Object::Dictionary(params));
        // A zip (a workbook) is compressed already: deflating it again
        // costs time and saves nothing.
        let zipped = f.bytes.starts_with(b"PK\x03\x04");
        let stream = pdf.add_object(Stream::new(ef, f.bytes.to_vec()).with_compression(!zipped));

        let mut streams = Dictionary::new();
        streams.set("F", Object::Reference(stream));
        streams.set("UF", Object::Reference(stream));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("F", text_string(f.name));
        spec.set("UF", text_string(f.name));
        spec.set("Desc", text_string(f.description));
        spec.set(
            "AFRelationship",
            Object::Name(f.relationship.name().to_vec()),
        );
        spec.set("EF", Object::Dictionary(streams));
        specs.push((f.name.to_owned(), pdf.add_object(spec)));
    }
    // A name tree's keys are sorted by their bytes.
    let mut sorted = specs.clone();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let names: Vec<Object> = sorted
        .iter()
        .flat_map(|(n, id)| [text_string(n), Object::Reference(*id)])
        .collect();
    let mut tree = Dictionary::new();
    tree.set("Names", Object::Array(names));
    let tree = pdf.add_object(tree);

    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set(
        "AF",
        Object::Array(specs.iter().map(|(_, id)| Object::Reference(*id)).collect()),
    );
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    names.set("EmbeddedFiles", Object::Reference(tree));
    catalog.set("Names", Object::Dictionary(names));
    Ok(())
}

/// A PDF text string as Rust text (UTF-16BE with a BOM, or
/// PDFDocEncoding read as Latin-1, which agrees with it on ASCII).
fn text_of(o: &Object) -> Option<String> {
    let Object::String(b, _) = o else {
        return None;
    };
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    Some(b.iter().map(|&c| char::from(c)).collect())
}

/// The files attached to a PDF, from its `/EmbeddedFiles` name tree (kids
/// followed), each checked against the size and checksum it declares.
///
/// # Errors
/// The bytes are not a PDF lopdf can read, or an attachment is broken
/// (no stream, a size or checksum that does not match its bytes).
pub fn attachments(pdf: &[u8]) -> Result<Vec<Attached>, PdfError> {
    let bad = |why: String| PdfError::Attachment(why);
    let doc =
        lopdf::Document::load_mem(pdf).map_err(|e| bad(format!("not a readable PDF: {e}")))?;
    let root = doc
        .catalog()
        .map_err(|e| bad(format!("no document catalog: {e}")))?;
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let Some(tree) = root
        .get(b"Names")
        .ok()
        .and_then(&deref)
        .and_then(|n| {
            n.as_dict()
                .ok()
                .and_then(|d| d.get(b"EmbeddedFiles").ok().cloned())
        })
        .and_then(|t| deref(&t))
    else {
        return Ok(Vec::new());
    };
    // Walk the name tree (bounded: a tree deeper than 32 or with more than
    // 10,000 entries is not one handover wrote).
    let mut pairs: Vec<(Object, Object)> = Vec::new();
    let mut stack = vec![(tree, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > 32 || pairs.len() > 10_000 {
            return Err(bad("the attachment list is too deep or too long".to_owned()));
        }
        let Ok(d) = node.as_dict() else { continue };
        if let Ok(Object::Array(names)) = d.get(b"Names").map(|n| deref(n).unwrap_or(Object::Null))
        {
            for pair in names.chunks(2) {
                if let [k, v] = pair {
                    pairs.push((k.clone(), v.clone()));
                }
            }
        }
        if let Ok(Object::Array(kids)) = d.get(b"Kids").map(|n| deref(n).unwrap_or(Object::Null)) {
            for k in kids.iter().rev() {
                if let Some(kid) = deref(k) {
                    stack.push((kid, depth + 1));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (key, spec) in pairs {
        let spec = deref(&spec).ok_or_else(|| bad("a file specification is missing".to_owned()))?;
        let spec = spec
            .as_dict()
            .map_err(|_| bad("a file specification is not a dictionary".to_owned()))?;
        let name = spec
            .get(b"UF")
            .ok()
            .and_then(text_of)
            .or_else(|| spec.get(b"F").ok().and_then(text_of))
            .or_else(|| text_of(&key))
            .unwrap_or_default();
        let ef = spec
            .get(b"EF")
            .ok()
            .and_then(&deref)
            .ok_or_else(|| bad(format!("`{name}` has no embedded file")))?;
        let stream_ref = ef
            .as_dict()
            .ok()
            .and_then(|d| d.get(b"UF").or_else(|_| d.get(b"F")).ok().cloned())
            .ok_or_else(|| bad(format!("`{name}` has no embedded file")))?;
        let Some(Object::Stream(stream)) = deref(&stream_ref) else {
            return Err(bad(format!("`{name}`: the embedded file is not a stream")));
        };
        let bytes = if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content()
                .map_err(|e| bad(format!("`{name}`: cannot decompress it: {e}")))?
        } else {
            stream.content.clone()
        };
        let params = stream.dict.get(b"Params").ok().and_then(&deref);
        if let Some(Object::Dictionary(p)) = &params {
            if let Ok(size) = p.get(b"Size").and_then(Object::as_i64)
                && usize::try_from(size).ok() != Some(bytes.len())
            {
                return Err(bad(format!(
                    "`{name}` says it has {size} bytes but has {}",
                    bytes.len()
                )));
            }
            if let Ok(Object::String(sum, _)) = p.get(b"CheckSum")
                && sum.as_slice() != Md5::digest(&bytes).as_slice()
            {
                return Err(bad(format!(
                    "`{name}`: its checksum does not match its bytes (changed after it was attached?)"
                )));
            }
        }
        out.push(Attached {
            name,
            mime: stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned()),
            description: spec.get(b"Desc").ok().and_then(text_of),
            relationship: spec
                .get(b"AFRelationship")
                .and_then(Object::as_name)
                .ok()
                .and_then(Relationship::from_name),
            bytes,
        });
    }
    Ok(out)
}
