//! The last pass over the written PDF, with lopdf: what printpdf 0.12
//! cannot be told.
//!
//! - the document information (title, author, subject, keywords, dates
//!   from the engagement, never the clock), without printpdf's empty
//!   `/GTS_PDFXVersion` that makes readers call the file PDF/X;
//! - `/Lang`, `/PageMode /UseOutlines` as a name, `/DisplayDocTitle`;
//! - the outline, in document order, each entry pointing at its heading
//!   (printpdf sorts bookmarks by page and title, and points at page tops);
//! - a trailer `/ID` derived from the content fingerprint and the locale
//!   instead of printpdf's pseudo-random one;
//! - PDF/A-3b: the XMP packet and the output intent ([`super::archive`]);
//! - the structure tree, PDF/UA-1 ([`super::tags`]);
//! - each page's content, from [`super::content`], in place of printpdf's;
//! - PDF 1.7 header; the other streams compressed at zlib level 4, in
//!   parallel; the file written by [`super::serial::save`].

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use sha2::{Digest, Sha256};

use super::attach::Attachment;
use super::layout::Bookmark;
use super::layout::SignatureField;
use super::{PdfError, archive, attach, form, serial, tags};
use crate::report::Report;

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with a BOM
/// otherwise.
pub(crate) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

/// What the pass adds besides the pages: the outline, the signature
/// fields, the attachments.
pub(crate) struct Extras<'a> {
    /// Outline entries, in document order.
    pub bookmarks: &'a [Bookmark],
    /// Empty signature fields.
    pub fields: &'a [SignatureField],
    /// Files to attach.
    pub attachments: &'a [Attachment<'a>],
    /// The structure, and what of it each page's marked content is.
    pub tagged: &'a super::tags::Tagged,
}

/// Finishes and writes the document.
///
/// # Errors
/// The document printpdf wrote lacks what this pass expects (a page's
/// contents, the catalog) or has a page count other than `contents`'.
pub(crate) fn finish(
    mut pdf: lopdf::Document,
    contents: Vec<Vec<u8>>,
    extras: &Extras<'_>,
    page_height: f32,
    report: &Report,
) -> Result<Vec<u8>, PdfError> {
    let bookmarks = extras.bookmarks;
    let wr = |e: lopdf::Error| PdfError::Write(e.to_string());
    pdf.version = "1.7".to_owned();

    // Document information, and the same in the XMP packet.
    let meta = meta(report, extras.attachments);
    let info = meta.info();
    let info_id = match pdf.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            pdf.objects.insert(id, Object::Dictionary(info));
            id
        }
        Err(_) => pdf.add_object(info),
    };
    pdf.trailer.set("Info", Object::Reference(info_id));

    // Page contents, compressed already.
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    if pages.len() != contents.len() {
        return Err(PdfError::Write(format!(
            "{} pages but {} content streams",
            pages.len(),
            contents.len()
        )));
    }
    for (page, content) in pages.iter().zip(contents) {
        let stream_id = pdf
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(wr)?;
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let stream = lopdf::Stream::new(dict, content).with_compression(false);
        pdf.objects.insert(stream_id, Object::Stream(stream));
    }

    // Outline.
    let outline_id = pdf.new_object_id();
    let entries: Vec<(ObjectId, &Bookmark)> = bookmarks
        .iter()
        .filter(|b| b.page < pages.len())
        .map(|b| (pdf.new_object_id(), b))
        .collect();
    for (k, (id, b)) in entries.iter().enumerate() {
        let mut e = Dictionary::new();
        e.set("Title", text_string(&b.title));
        e.set("Parent", Object::Reference(outline_id));
        e.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(pages[b.page]),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(page_height - b.y + 4.0),
                Object::Null,
            ]),
        );
        if k > 0 {
            e.set("Prev", Object::Reference(entries[k - 1].0));
        }
        if let Some((next, _)) = entries.get(k + 1) {
            e.set("Next", Object::Reference(*next));
        }
        pdf.objects.insert(*id, Object::Dictionary(e));
    }

    let root_id = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(wr)?;
    let catalog = pdf
        .get_object_mut(root_id)
        .and_then(Object::as_dict_mut)
        .map_err(wr)?;
    catalog.remove(b"Outlines");
    catalog.set("Lang", Object::string_literal(report.locale.tag()));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    if let (Some((first, _)), Some((last, _))) = (entries.first(), entries.last()) {
        catalog.set("Outlines", Object::Reference(outline_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        let mut o = Dictionary::new();
        o.set("Type", Object::Name(b"Outlines".to_vec()));
        o.set("First", Object::Reference(*first));
        o.set("Last", Object::Reference(*last));
        o.set(
            "Count",
            Object::Integer(i64::try_from(entries.len()).unwrap_or(0)),
        );
        pdf.objects.insert(outline_id, Object::Dictionary(o));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }

    archive::apply(&mut pdf, root_id, &meta).map_err(wr)?;
    let widgets = form::add_signature_fields(&mut pdf, root_id, &pages, page_height, extras.fields)
        .map_err(wr)?;
    let written = tags::apply(
        &mut pdf,
        root_id,
        &pages,
        extras.tagged,
        extras.fields,
        &widgets,
    )
    .map_err(wr)?;
    attach::attach(&mut pdf, root_id, extras.attachments).map_err(wr)?;

    // A stable file identifier.
    let id = meta.file_id();
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );

    compress(&mut pdf);
    Ok(serial::save(&pdf, &written))
}

/// What the statement says about itself: title, author, dates from the
/// report; ids from its content fingerprint and language.
fn meta(report: &Report, attachments: &[Attachment<'_>]) -> archive::Meta {
    let seed = format!("{}\0{}", report.content_sha256, report.locale.tag());
    // This very file: the kind of build and what is attached count too.
    let mut instance = seed.clone();
    if report.state == crate::report::SignState::ForSignature {
        instance.push_str("\0for-signature");
    }
    for a in attachments {
        instance.push_str(&format!(
            "\0{}\0{}",
            a.name,
            crate::report::hex(&Sha256::digest(a.bytes))
        ));
    }
    archive::Meta {
        title: format!("{} — {}", report.labels.document_title, report.customer),
        author: report.provider.clone(),
        subject: report.subject.clone(),
        keywords: report.keywords.clone(),
        creator: concat!("handover ", env!("CARGO_PKG_VERSION")).to_owned(),
        producer: "handover (printpdf 0.12, lopdf)".to_owned(),
        date: report.issued.date,
        lang: report.locale.tag().to_owned(),
        document_seed: format!("document\0{seed}"),
        instance_seed: instance,
    }
}

/// Compresses every stream that has no filter yet (fonts, `/ToUnicode`,
/// images) with the page contents' [`super::deflate::deflate`] (lopdf's
/// own pass uses level 9: three times the time for 5 % smaller files),
/// streams in parallel.
pub(super) fn compress(pdf: &mut lopdf::Document) {
    compress_known(pdf, Vec::new());
}

/// [`compress`], taking the compressed form of a stream whose content is
/// one of `known`'s originals from there (compressed beforehand, beside
/// other work).
pub(super) fn compress_known(pdf: &mut lopdf::Document, mut known: Vec<(&[u8], Vec<u8>)>) {
    use rayon::prelude::*;
    let mut streams: Vec<(&mut lopdf::Stream, Option<Vec<u8>>)> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                let ready = known
                    .iter()
                    .position(|(original, _)| *original == s.content.as_slice())
                    .map(|i| known.swap_remove(i).1);
                Some((s, ready))
            }
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|(s, ready)| {
        let z = ready
            .take()
            .unwrap_or_else(|| super::deflate::deflate(&s.content));
        if z.len() + 19 < s.content.len() {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(z);
        }
    });
}
