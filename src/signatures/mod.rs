//! The signatures of a statement, proved: each one read from its field, its
//! CMS checked against the bytes it covers, its certificate checked at the
//! signing time (and chained to trust anchors when given), and the document
//! after it compared with what it signed.
//!
//! # Steps
//!
//! 1. [`pdf`]: the file loaded (lopdf), its signature fields found, each
//!    signature's `/ByteRange` checked to span the file around exactly its
//!    own `/Contents` and to end a revision (`%%EOF`).
//! 2. [`cms`]: the CMS `SignedData` read from `/Contents`, the digest of the
//!    covered bytes compared with its message-digest attribute, the
//!    signature checked with the signer's key (RSA PKCS#1 v1.5 or ECDSA
//!    P-256, SHA-256; anything else is a clear "unsupported" finding).
//! 3. [`chain`]: the signer's certificate valid at the signature's time
//!    (`/M`), with a usage that allows signing; with anchors, a chain of
//!    issuers that ends at one of them.
//! 4. [`revisions`]: what each later revision changed, object by object;
//!    only the later signatures' own updates may follow a signature, and
//!    nothing may follow the last one.
//!
//! Every finding is a sentence in [`Signature::problems`] or
//! [`Signatures::problems`]; the file is read from anyone, so nothing in
//! it may panic, hang or allocate without bound (a fuzz target feeds it
//! mutated statements).

mod chain;
mod cms;
mod pdf;
mod revisions;
mod xref;

pub use chain::Anchors;

use std::collections::BTreeSet;

use lopdf::{Document, ObjectId};

/// The most signatures checked in one file: a statement has two; each one
/// costs a load of its revision.
const MAX_SIGNATURES: usize = 16;

/// What can stop the signatures of a file from being checked at all.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    /// The file is not a PDF that can be read.
    #[error("not a readable PDF: {0}")]
    Unreadable(String),
    /// A trust anchor file holds no certificate that can be read.
    #[error("trust anchors: {0}")]
    Anchors(String),
}

/// Whether a signer's certificate chains to a trust anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// No anchors were given: the chain was not checked (which is not the
    /// same as trusted).
    NotChecked,
    /// The chain ends at this anchor (its subject).
    Trusted(String),
    /// No chain to any anchor, and why.
    NotTrusted(String),
}

/// What a signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// The bytes its digest covers (the file up to its revision, less its
    /// own `/Contents`).
    pub signed_bytes: u64,
    /// Where its revision ends: it covers the file up to here.
    pub revision_end: u64,
    /// Whether that is the whole file.
    pub whole_file: bool,
}

/// One signature, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The field's name (`/T`), e.g. `provider-signature`.
    pub field: String,
    /// The party the field is for (`customer`, `provider`), when it is one
    /// of handover's fields.
    pub party: Option<String>,
    /// The signature's `/SubFilter`, e.g. `ETSI.CAdES.detached`.
    pub sub_filter: String,
    /// The signer's certificate subject, when the CMS names one.
    pub signer: Option<String>,
    /// The signer's common name, for "signed by …".
    pub signer_name: Option<String>,
    /// The signing time (`/M`) as RFC 3339, when there is one.
    pub time: Option<String>,
    /// The digest of the covered bytes matches the signed one.
    pub digest_valid: bool,
    /// The signature value checks with the signer's key.
    pub signature_valid: bool,
    /// The signer's certificate was valid at the signing time and allows
    /// signing.
    pub certificate_valid: bool,
    /// The chain to a trust anchor.
    pub trust: Trust,
    /// What it covers.
    pub covers: Coverage,
    /// Everything that does not hold, one sentence each; empty when the
    /// signature holds.
    pub problems: Vec<String>,
}

impl Signature {
    /// Whether everything about this signature holds (trust aside).
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Every signature of a file, checked, and what the file as a whole does
/// not do right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatures {
    /// The signatures, in the order they were made (by where their
    /// revisions end).
    pub signatures: Vec<Signature>,
    /// Problems of the file rather than of one signature (bytes after the
    /// last signature).
    pub problems: Vec<String>,
    /// The length of the unsigned revision: the bytes before the first
    /// signature's update (the statement as it was built), when signed.
    pub unsigned_len: Option<u64>,
    /// Whether trust anchors were given.
    pub anchored: bool,
}

impl Signatures {
    /// Whether every signature holds, nothing else is wrong, and, when
    /// anchors were given, every signer is trusted.
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
            && self
                .signatures
                .iter()
                .all(|s| s.holds() && (!self.anchored || matches!(s.trust, Trust::Trusted(_))))
    }
}

/// The document in `bytes`, read by lopdf once its cross-reference
/// streams are known to list no more than a statement could.
fn load(bytes: &[u8]) -> Result<Document, String> {
    xref::within_listing_limit(bytes)?;
    pdf::load(bytes)
}

/// Checks every signature of a PDF's bytes.
///
/// # Errors
/// The bytes are not a PDF that can be read; a file that reads but whose
/// signatures are broken is not an error: its findings are in the result.
pub fn verify(bytes: &[u8], anchors: &Anchors) -> Result<Signatures, SignatureError> {
    let doc = load(bytes).map_err(SignatureError::Unreadable)?;
    let mut found = pdf::signature_fields(&doc);
    let mut out = Signatures {
        anchored: !anchors.is_empty(),
        ..Signatures::default()
    };
    if found.len() > MAX_SIGNATURES {
        out.problems.push(format!(
            "it has {} signatures; at most {MAX_SIGNATURES} are checked",
            found.len()
        ));
        found.truncate(MAX_SIGNATURES);
    }
    let mut checked: Vec<Checked> = Vec::new();
    for field in found.drain(..) {
        let (sig, end) = check_one(bytes, &field, anchors);
        checked.push((field, sig, end));
    }
    // The order they were made in: by where their revisions end.
    checked.sort_by_key(|(_, _, end)| end.unwrap_or(usize::MAX));

    let ends: Vec<Option<usize>> = checked.iter().map(|(_, _, e)| *e).collect();
    let taken = each_revision(bytes, &doc, &mut checked);
    if let Some(last) = ends.iter().flatten().max() {
        let rest = bytes.get(*last..).unwrap_or_default();
        if !rest.iter().all(u8::is_ascii_whitespace) {
            out.problems.push(format!(
                "{} bytes follow the last signed revision (from byte {last}): no signature covers them",
                rest.len()
            ));
        }
    }
    if !checked.is_empty() {
        out.problems.extend(xref::read_apart(bytes, &doc));
    }
    out.problems.extend(taken);
    if let Some(first) = checked
        .first()
        .and_then(|(f, _, _)| pdf::unsigned_len(bytes, f))
    {
        out.unsigned_len = Some(first as u64);
    }
    out.signatures = checked.into_iter().map(|(_, s, _)| s).collect();
    Ok(out)
}

/// A signature's field, its findings, and where its revision ends.
type Checked = (pdf::SigField, Signature, Option<usize>);

/// The most revisions looked into for signatures a later update took out.
const MAX_REVISIONS: usize = 32;

/// Each earlier revision the checks read, loaded once and dropped before
/// the next (at most two documents are held at a time): for the
/// signatures whose revision it is, what changed after it (their findings
/// gain it); and the signatures it has that the form no longer lists
/// (returned: a later update took the field out, or gave it another
/// value, and each would otherwise go unchecked, and so would everything
/// changed after it).
fn each_revision(bytes: &[u8], doc: &lopdf::Document, checked: &mut [Checked]) -> Vec<String> {
    let mut taken = Vec::new();
    let mut ends = pdf::revision_ends(bytes, MAX_REVISIONS);
    if ends.len() > MAX_REVISIONS {
        taken.push(format!(
            "it has more than {MAX_REVISIONS} revisions; the signatures of only {MAX_REVISIONS} are looked for"
        ));
        ends.truncate(MAX_REVISIONS);
    }
    // A signature's dictionary is written as it is, never in an object
    // stream: a revision with no /ByteRange has no signature.
    let first_byte_range = bytes.windows(10).position(|w| w == b"/ByteRange");
    ends.retain(|end| first_byte_range.is_some_and(|at| at + 10 <= *end));
    let signed_ends = checked.iter().filter_map(|(_, _, e)| *e);
    let all: BTreeSet<usize> = ends.iter().copied().chain(signed_ends).collect();

    let mut sections = xref::Sections::new(bytes);
    for end in all {
        let loaded;
        let revision = if end == bytes.len() {
            Ok(doc)
        } else {
            loaded = bytes.get(..end).map(load);
            match &loaded {
                Some(Ok(d)) => Ok(d),
                Some(Err(e)) => Err(e.as_str()),
                None => Err("it ends past the end of the file"),
            }
        };
        for i in 0..checked.len() {
            if checked[i].2 != Some(end) {
                continue;
            }
            let later: Vec<ObjectId> = checked[i + 1..].iter().map(|(f, _, _)| f.id).collect();
            let sig = &mut checked[i].1;
            if checked[i].0.docmdp == Some(1) && !later.is_empty() {
                sig.problems.push(format!(
                    "it certifies the statement with no changes allowed (DocMDP /P 1), yet {} signatures follow it",
                    later.len()
                ));
            }
            match revision {
                Ok(signed) => {
                    sig.problems.extend(sections.problems_after(end, doc));
                    sig.problems
                        .extend(revisions::changes_after(signed, doc, &later));
                }
                Err(e) => sig
                    .problems
                    .push(format!("the revision it signed cannot be read: {e}")),
            }
        }
        let (Ok(earlier), true) = (revision, ends.contains(&end)) else {
            continue;
        };
        for f in pdf::signature_fields(earlier) {
            let kept = checked
                .iter()
                .any(|(c, _, _)| c.id == f.id && c.contents == f.contents);
            if !kept && taken.len() < MAX_REVISIONS {
                taken.push(format!(
                    "the signature in field {} of the revision that ends at byte {end} is no longer in the form: a later update took it out",
                    f.name
                ));
            }
        }
    }
    taken.dedup();
    taken
}

/// One field's signature: placement, CMS and certificate checks. Also
/// returns where its revision ends, when its `/ByteRange` says so sanely.
fn check_one(bytes: &[u8], field: &pdf::SigField, anchors: &Anchors) -> (Signature, Option<usize>) {
    let mut problems = Vec::new();
    let sub_filter = field.sub_filter.clone().unwrap_or_default();
    match sub_filter.as_str() {
        "ETSI.CAdES.detached" | "adbe.pkcs7.detached" => {}
        "" => problems.push("the signature has no /SubFilter".to_string()),
        other => problems.push(format!(
            "unsupported /SubFilter {other}: only adbe.pkcs7.detached and ETSI.CAdES.detached are checked"
        )),
    }
    let time = field.time.as_deref().and_then(pdf::pdf_time);
    if field.time.is_some() && time.is_none() {
        problems.push("its time (/M) is not a PDF date".to_string());
    } else if time.is_none() {
        problems.push(
            "it has no time (/M): its certificate cannot be checked at that time".to_string(),
        );
    }
    let placed = pdf::placement(bytes, field);
    let (range, end) = match placed {
        Ok(p) => (Some(p), Some(p[2] + p[3])),
        Err(why) => {
            problems.push(why);
            (None, None)
        }
    };
    let mut sig = Signature {
        field: field.name.clone(),
        party: field
            .name
            .strip_suffix("-signature")
            .filter(|p| *p == "customer" || *p == "provider")
            .map(str::to_string),
        sub_filter,
        signer: None,
        signer_name: None,
        time: time.as_ref().map(|(_, s)| s.clone()),
        digest_valid: false,
        signature_valid: false,
        certificate_valid: false,
        trust: Trust::NotChecked,
        covers: Coverage {
            signed_bytes: range.map_or(0, |r| (r[1] + r[3]) as u64),
            revision_end: end.unwrap_or(0) as u64,
            whole_file: end.is_some_and(|e| bytes[e..].iter().all(u8::is_ascii_whitespace)),
        },
        problems: Vec::new(),
    };
    let digest = range.map(|r| pdf::digest(bytes, r));
    let cms = cms::check(&field.contents, digest.as_ref());
    problems.extend(cms.problems);
    sig.digest_valid = cms.digest_valid;
    sig.signature_valid = cms.signature_valid;
    if let Some(cert) = &cms.signer {
        sig.signer = Some(chain::subject(cert));
        sig.signer_name = chain::common_name(cert);
        if let Some((at, _)) = &time {
            match chain::usable_at(cert, *at) {
                Ok(()) => sig.certificate_valid = true,
                Err(why) => problems.push(why),
            }
        }
        if !anchors.is_empty() {
            let at = time.as_ref().map(|(t, _)| *t);
            sig.trust = anchors.trust(cert, &cms.certificates, at);
        }
    }
    sig.problems = problems;
    (sig, end)
}
