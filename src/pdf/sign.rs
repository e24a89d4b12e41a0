//! A signature added to a statement built for signature, as an
//! incremental update: the bytes before it stay as they were, so a
//! signature made earlier stays valid.
//!
//! [`SignTarget::open`] reads the statement and its signature fields;
//! [`SignTarget::prepare`] writes the update with a reserved `/Contents`
//! (zeros, [`CONTENTS_CAPACITY`] bytes) and a fixed-width `/ByteRange`,
//! then patches the byte range in; the caller hashes
//! [`Prepared::signed_ranges`], makes the CMS, and [`Prepared::finish`]
//! writes it into `/Contents`.
//!
//! The update holds the signature dictionary (`/Filter /Adobe.PPKLite`,
//! `/SubFilter /ETSI.CAdES.detached`, `/M`, `/Reason`, `/Location`), the
//! field (with `/V` and a new appearance: `appearance`), and for the first
//! signature the catalog with `/Perms /DocMDP`: the first signature
//! certifies the statement (`/Reference` with the DocMDP transform, `/P 2`:
//! only filling in the other signature fields is allowed after it); a
//! later one approves. Its cross-reference section is a classic table
//! with `/Prev`. A statement written by handover ends with `%%EOF` and no
//! end of line: the update starts with `\n`, so the bytes before it are
//! exactly the statement that was signed.
//!
//! Pure: bytes in, bytes out; no clock, no key (the CMS is the caller's).

mod appearance;
use super::serial;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::face::Face;
use super::finish::text_string;

/// Bytes reserved for the CMS in `/Contents` (written as twice as many hex
/// digits).
pub const CONTENTS_CAPACITY: usize = 8192;

/// Each number of the `/ByteRange` placeholder: ten digits, room for any
/// offset in a file under 10 GB.
const PLACEHOLDER: i64 = 9_999_999_999;

/// The `/ByteRange` placeholder as written.
fn range_placeholder() -> String {
    format!("[{PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER} {PLACEHOLDER}]")
}

/// Why a statement cannot be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignPdfError {
    /// Not a PDF lopdf can read.
    #[error("not a readable PDF ({0})")]
    Unreadable(String),
    /// A PDF, but not one handover wrote.
    #[error("not a handover statement (its creator is {creator})")]
    NotAStatement {
        /// The `/Creator` found.
        creator: String,
    },
    /// A handover statement without signature fields.
    #[error(
        "this statement was not built for signature (it has no signature fields): build it with `handover build --for-signature`"
    )]
    NotForSignature,
    /// The party has no field: it was signed off in the engagement.
    #[error(
        "the statement has no signature field `{field}` (the party was signed off in the engagement when it was built)"
    )]
    NoField {
        /// The field's name.
        field: String,
    },
    /// The statement is certified with no changes allowed (DocMDP P=1):
    /// another signature would break the certification.
    #[error(
        "the statement is certified with no changes allowed (DocMDP level 1): another signature would invalidate the certification; ask its certifier to certify it allowing form filling (level 2)"
    )]
    NoChangesAllowed,
    /// The party's field is signed already.
    #[error("the field `{field}` is signed already")]
    AlreadySigned {
        /// The field's name.
        field: String,
    },
    /// The structure of the statement is not what handover writes.
    #[error("the statement's {0} cannot be read")]
    Structure(&'static str),
    /// The appearance's font cannot be subset.
    #[error("the appearance's font cannot be subset: {0}")]
    Font(String),
    /// The CMS does not fit the space reserved for it.
    #[error("the signature ({len} bytes) does not fit the {CONTENTS_CAPACITY} bytes reserved")]
    TooLarge {
        /// Its length.
        len: usize,
    },
}

/// A signature field of the statement.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name (`customer-signature`).
    pub name: String,
    /// The merged field/widget object.
    id: ObjectId,
    /// Whether it holds a signature (`/V`).
    pub signed: bool,
}

/// What the signature dictionary and the appearance say.
#[derive(Debug, Clone)]
pub struct Signing<'a> {
    /// The field to sign.
    pub field: &'a str,
    /// The time as a PDF date (`D:20261120100000+00'00'`).
    pub pdf_time: &'a str,
    /// The lines of the appearance (signer, date, reason).
    pub lines: Vec<String>,
    /// `/Reason`.
    pub reason: Option<&'a str>,
    /// `/Location`.
    pub location: Option<&'a str>,
}

/// A statement opened for signing.
#[derive(Debug)]
pub struct SignTarget<'a> {
    bytes: &'a [u8],
    doc: lopdf::Document,
    /// Its signature fields.
    pub fields: Vec<Field>,
}

/// The update written, with the byte range patched in and `/Contents`
/// still zeros.
#[derive(Debug)]
pub struct Prepared {
    bytes: Vec<u8>,
    range: [usize; 4],
}

fn structure(what: &'static str) -> impl Fn(lopdf::Error) -> SignPdfError {
    move |_| SignPdfError::Structure(what)
}

impl<'a> SignTarget<'a> {
    /// Reads a statement and finds its signature fields.
    ///
    /// # Errors
    /// Not a PDF, not a handover statement, or one without signature
    /// fields.
    pub fn open(bytes: &'a [u8]) -> Result<Self, SignPdfError> {
        let doc = lopdf::Document::load_mem(bytes)
            .map_err(|e| SignPdfError::Unreadable(e.to_string()))?;
        let creator = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
            .and_then(|d| d.get(b"Creator"))
            .and_then(Object::as_str)
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_else(|_| "not given".into());
        if !creator.starts_with("handover ") {
            return Err(SignPdfError::NotAStatement { creator });
        }
        let catalog = doc.catalog().map_err(structure("catalog"))?;
        let mut fields = Vec::new();
        if let Ok(form) = catalog.get(b"AcroForm") {
            let form = match form {
                Object::Reference(r) => doc.get_dictionary(*r).map_err(structure("AcroForm"))?,
                o => o.as_dict().map_err(structure("AcroForm"))?,
            };
            let list = form
                .get(b"Fields")
                .and_then(Object::as_array)
                .map_err(structure("AcroForm fields"))?;
            for f in list {
                let Ok(id) = f.as_reference() else { continue };
                let Ok(d) = doc.get_dictionary(id) else {
                    continue;
                };
                let is_sig = d
                    .get(b"FT")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Sig");
                let Ok(name) = d.get(b"T").and_then(Object::as_str) else {
                    continue;
                };
                if is_sig {
                    fields.push(Field {
                        name: String::from_utf8_lossy(name).into_owned(),
                        id,
                        signed: d.has(b"V"),
                    });
                }
            }
        }
        if fields.is_empty() {
            return Err(SignPdfError::NotForSignature);
        }
        Ok(Self { bytes, doc, fields })
    }

    /// Writes the update for `signing`, with `face` for the appearance.
    ///
    /// # Errors
    /// The field is missing or signed, the structure is unexpected, or the
    /// font cannot be subset.
    pub fn prepare(&self, signing: &Signing<'_>, face: &Face) -> Result<Prepared, SignPdfError> {
        let field = self
            .fields
            .iter()
            .find(|f| f.name == signing.field)
            .ok_or_else(|| SignPdfError::NoField {
                field: signing.field.to_owned(),
            })?;
        if field.signed {
            return Err(SignPdfError::AlreadySigned {
                field: field.name.clone(),
            });
        }
        let certify = self.fields.iter().all(|f| !f.signed);
        let doc = &self.doc;
        if docmdp_level(doc) == Some(1) {
            return Err(SignPdfError::NoChangesAllowed);
        }
        // New objects after every number in use (and after `/Size`, which
        // counts free entries too).
        let size = doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0);
        let mut next = doc.max_id.max(size.saturating_sub(1)) + 1;
        let sig_id = (next, 0);
        next += 1;

        let mut widget = doc
            .get_dictionary(field.id)
            .map_err(structure("signature field"))?
            .clone();
        let rect = widget
            .get(b"Rect")
            .and_then(Object::as_array)
            .map_err(structure("field's rectangle"))?
            .iter()
            .map(|o| o.as_float().unwrap_or(0.0))
            .collect::<Vec<f32>>();
        let [x0, y0, x1, y1] = rect[..] else {
            return Err(SignPdfError::Structure("field's rectangle"));
        };
        let size = ((x1 - x0).abs(), (y1 - y0).abs());
        let ap =
            appearance::objects(face, &signing.lines, size, next).map_err(SignPdfError::Font)?;
        let mut n = Dictionary::new();
        n.set("N", Object::Reference(ap[0].0));
        widget.set("V", Object::Reference(sig_id));
        widget.set("AP", Object::Dictionary(n));

        let mut sig = Dictionary::new();
        sig.set("Type", Object::Name(b"Sig".to_vec()));
        // Placeholders, first so that they are found first.
        sig.set(
            "ByteRange",
            Object::Array(vec![Object::Integer(PLACEHOLDER); 4]),
        );
        sig.set(
            "Contents",
            Object::String(vec![0; CONTENTS_CAPACITY], StringFormat::Hexadecimal),
        );
        sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
        sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
        sig.set(
            "M",
            Object::String(signing.pdf_time.as_bytes().to_vec(), StringFormat::Literal),
        );
        if let Some(r) = signing.reason {
            sig.set("Reason", text_string(r));
        }
        if let Some(l) = signing.location {
            sig.set("Location", text_string(l));
        }
        let mut objects: Vec<(ObjectId, Object)> = Vec::new();
        if certify {
            let mut params = Dictionary::new();
            params.set("Type", Object::Name(b"TransformParams".to_vec()));
            params.set("P", Object::Integer(2));
            params.set("V", Object::Name(b"1.2".to_vec()));
            let mut reference = Dictionary::new();
            reference.set("Type", Object::Name(b"SigRef".to_vec()));
            reference.set("TransformMethod", Object::Name(b"DocMDP".to_vec()));
            reference.set("TransformParams", Object::Dictionary(params));
            sig.set(
                "Reference",
                Object::Array(vec![Object::Dictionary(reference)]),
            );
            let root = doc
                .trailer
                .get(b"Root")
                .and_then(Object::as_reference)
                .map_err(structure("catalog"))?;
            let mut catalog = doc
                .get_dictionary(root)
                .map_err(structure("catalog"))?
                .clone();
            let mut perms = Dictionary::new();
            perms.set("DocMDP", Object::Reference(sig_id));
            catalog.set("Perms", Object::Dictionary(perms));
            objects.push((root, Object::Dictionary(catalog)));
        }
        objects.push((field.id, Object::Dictionary(widget)));
        objects.push((sig_id, Object::Dictionary(sig)));
        objects.extend(ap);
        objects.sort_by_key(|(id, _)| *id);
        self.write(objects, sig_id)
    }

    /// Appends the update and patches its byte range.
    fn write(
        &self,
        objects: Vec<(ObjectId, Object)>,
        sig_id: ObjectId,
    ) -> Result<Prepared, SignPdfError> {
        let prev = last_startxref(self.bytes).ok_or(SignPdfError::Structure("cross-reference"))?;
        let mut out = Vec::with_capacity(self.bytes.len() + CONTENTS_CAPACITY * 2 + 64 * 1024);
        out.extend_from_slice(self.bytes);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets = Vec::new();
        let mut sig_at = 0;
        for (id, o) in &objects {
            offsets.push((*id, out.len()));
            if *id == sig_id {
                sig_at = out.len();
            }
            out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
            serial::object(&mut out, o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let size = objects
            .iter()
            .map(|(id, _)| id.0)
            .max()
            .unwrap_or(0)
            .max(self.doc.max_id)
            + 1;
        let mut trailer = Dictionary::new();
        trailer.set("Size", Object::Integer(i64::from(size)));
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(v) = self.doc.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        trailer.set("Prev", Object::Integer(i64::try_from(prev).unwrap_or(0)));
        let xref = out.len();
        // The same kind of cross-reference section as the one before.
        if self
            .bytes
            .get(prev..)
            .is_some_and(|b| b.starts_with(b"xref"))
        {
            out.extend_from_slice(b"xref\n");
            for run in runs(&offsets) {
                let first = run.first().map_or(0, |(id, _)| id.0);
                out.extend_from_slice(format!("{first} {}\n", run.len()).as_bytes());
                for (id, at) in run {
                    out.extend_from_slice(format!("{at:010} {:05} n\r\n", id.1).as_bytes());
                }
            }
            out.extend_from_slice(b"trailer\n");
            serial::dictionary(&mut out, &trailer);
            out.push(b'\n');
        } else {
            // A cross-reference stream, listing itself too.
            let own = (size, 0u16);
            offsets.push((own, xref));
            let mut index = Vec::new();
            let mut rows = Vec::new();
            for run in runs(&offsets) {
                let first = run.first().map_or(0, |(id, _)| id.0);
                index.extend([
                    Object::Integer(i64::from(first)),
                    Object::Integer(run.len() as i64),
                ]);
                for (id, at) in run {
                    let at =
                        u32::try_from(*at).map_err(|_| SignPdfError::Structure("file size"))?;
                    rows.push(1u8);
                    rows.extend_from_slice(&at.to_be_bytes());
                    rows.extend_from_slice(&id.1.to_be_bytes());
                }
            }
            trailer.set("Type", Object::Name(b"XRef".to_vec()));
            trailer.set("Size", Object::Integer(i64::from(size) + 1));
            trailer.set("Index", Object::Array(index));
            trailer.set(
                "W",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Integer(4),
                    Object::Integer(2),
                ]),
            );
            let stream = lopdf::Stream::new(trailer, rows);
            out.extend_from_slice(format!("{} 0 obj\n", own.0).as_bytes());
            serial::object(&mut out, &Object::Stream(stream));
            out.extend_from_slice(b"\nendobj\n");
        }
        out.extend_from_slice(format!("startxref\n{xref}\n%%EOF\n").as_bytes());

        // The placeholders, in the signature dictionary: patched in
        // place, same widths, so no offset moves.
        let find = |from: usize, pat: &[u8]| {
            out.get(from..)
                .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
                .map(|p| from + p)
        };
        let placeholder = range_placeholder();
        let br =
            find(sig_at, placeholder.as_bytes()).ok_or(SignPdfError::Structure("placeholder"))?;
        let lt = find(sig_at, b"/Contents <").ok_or(SignPdfError::Structure("placeholder"))? + 10;
        let gt = lt + CONTENTS_CAPACITY * 2 + 2;
        let range = [0, lt, gt, out.len() - gt];
        let mut text = format!("[0 {} {} {}", range[1], range[2], range[3]).into_bytes();
        text.resize(placeholder.len() - 1, b' ');
        text.push(b']');
        out.splice(br..br + placeholder.len(), text);
        Ok(Prepared { bytes: out, range })
    }
}

impl Prepared {
    /// The bytes the signature covers: the file around `/Contents`.
    pub fn signed_ranges(&self) -> [&[u8]; 2] {
        let [a, b, c, d] = self.range;
        [&self.bytes[a..a + b], &self.bytes[c..c + d]]
    }

    /// The `/ByteRange`.
    pub fn byte_range(&self) -> [usize; 4] {
        self.range
    }

    /// Writes `cms` (DER) into `/Contents` and returns the signed file.
    ///
    /// # Errors
    /// The CMS is larger than [`CONTENTS_CAPACITY`].
    pub fn finish(mut self, cms: &[u8]) -> Result<Vec<u8>, SignPdfError> {
        if cms.len() > CONTENTS_CAPACITY {
            return Err(SignPdfError::TooLarge { len: cms.len() });
        }
        let at = self.range[1] + 1;
        let hex = serial::hex(cms);
        self.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// The entries in runs of consecutive object numbers (`offsets` sorted).
fn runs(offsets: &[(ObjectId, usize)]) -> Vec<&[(ObjectId, usize)]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0.0 == offsets[j - 1].0.0 + 1 {
            j += 1;
        }
        out.push(&offsets[i..j]);
        i = j;
    }
    out
}

/// The offset the last `startxref` names.
fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let p = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[p + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}
/// The DocMDP level of a certified document: `/P` of the certification
/// signature's DocMDP reference (the catalog's `/Perms /DocMDP`), 2 when
/// the reference gives none; `None` for a document not certified.
fn docmdp_level(doc: &lopdf::Document) -> Option<i64> {
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let catalog = doc.catalog().ok()?;
    let perms = deref(catalog.get(b"Perms").ok()?)?;
    let sig = deref(perms.as_dict().ok()?.get(b"DocMDP").ok()?)?;
    let refs = deref(sig.as_dict().ok()?.get(b"Reference").ok()?)?;
    let level = refs.as_array().ok()?.iter().find_map(|r| {
        let r = deref(r)?;
        let r = r.as_dict().ok()?;
        (r.get(b"TransformMethod").ok()?.as_name().ok()? == b"DocMDP").then(|| {
            r.get(b"TransformParams")
                .ok()
                .and_then(&deref)
                .and_then(|p| p.as_dict().ok()?.get(b"P").ok()?.as_i64().ok())
                .unwrap_or(2)
        })
    });
    Some(level.unwrap_or(2))
}
