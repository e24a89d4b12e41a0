//! PDF/A-3b (ISO 19005-3, level B): what an archival record needs beyond
//! what printpdf writes.
//!
//! - the document information and an XMP packet that says the same
//!   (title, author, subject, keywords, creator, producer, dates from the
//!   engagement, never the clock) and identifies the file as PDF/A-3B,
//!   with document and instance ids derived from the content fingerprint;
//! - an sRGB output intent (`/GTS_PDFA1`) with the ICC profile compiled
//!   in, so the statement's DeviceRGB colours have a meaning;
//! - none of printpdf's leftovers: empty resource dictionaries and empty
//!   annotation arrays are removed.

use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

use super::finish::text_string;
use crate::xml::escape;

/// The sRGB profile of the output intent (zlib licence, beside it).
static SRGB_ICC: &[u8] = include_bytes!("../../templates/default/icc/sRGB.icc");

/// What the document says about itself, once: the Info dictionary and the
/// XMP packet are both written from this, so they cannot disagree.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    /// Title.
    pub title: String,
    /// Author (the provider).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: String,
    /// The program that made the content.
    pub creator: String,
    /// The program that wrote the PDF.
    pub producer: String,
    /// Creation and modification date (the issue date).
    pub date: jiff::civil::Date,
    /// The document's language tag.
    pub lang: String,
    /// Seed of the document id: the same for every build of this content
    /// in this language.
    pub document_seed: String,
    /// Seed of the instance id: this very file (also kind of build).
    pub instance_seed: String,
}

impl Meta {
    /// `D:20261120000000Z`, as the Info dictionary dates are written.
    fn pdf_date(&self) -> String {
        let d = self.date;
        format!("D:{:04}{:02}{:02}000000Z", d.year(), d.month(), d.day())
    }

    /// `2026-11-20T00:00:00Z`, the same instant as XMP writes it.
    fn xmp_date(&self) -> String {
        format!("{}T00:00:00Z", self.date)
    }

    /// The 16 bytes of the file identifier (trailer `/ID`): this instance.
    pub(crate) fn file_id(&self) -> Vec<u8> {
        Sha256::digest(self.instance_seed.as_bytes())[..16].to_vec()
    }

    /// The Info dictionary.
    pub(crate) fn info(&self) -> Dictionary {
        let mut info = Dictionary::new();
        info.set("Title", text_string(&self.title));
        info.set("Author", text_string(&self.author));
        info.set("Subject", text_string(&self.subject));
        info.set("Keywords", text_string(&self.keywords));
        info.set("Creator", text_string(&self.creator));
        info.set("Producer", text_string(&self.producer));
        info.set("CreationDate", Object::string_literal(self.pdf_date()));
        info.set("ModDate", Object::string_literal(self.pdf_date()));
        info
    }

    /// The XMP packet.
    pub(crate) fn xmp(&self) -> String {
        let date = self.xmp_date();
        format!(
            concat!(
                "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
                " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
                "  <rdf:Description rdf:about=\"\"\n",
                "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
                "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n",
                "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n",
                "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n",
                "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n",
                "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
                "   <dc:format>application/pdf</dc:format>\n",
                "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
                "   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
                "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n",
                "   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n",
                "   <pdf:Keywords>{keywords}</pdf:Keywords>\n",
                "   <pdf:Producer>{producer}</pdf:Producer>\n",
                "   <xmp:CreatorTool>{creator}</xmp:CreatorTool>\n",
                "   <xmp:CreateDate>{date}</xmp:CreateDate>\n",
                "   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
                "   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n",
                "   <xmpMM:DocumentID>{document}</xmpMM:DocumentID>\n",
                "   <xmpMM:InstanceID>{instance}</xmpMM:InstanceID>\n",
                "   <pdfaid:part>3</pdfaid:part>\n",
                "   <pdfaid:conformance>B</pdfaid:conformance>\n",
                "   <pdfuaid:part>1</pdfuaid:part>\n",
                "  </rdf:Description>\n",
                "{extension}",
                " </rdf:RDF>\n",
                "</x:xmpmeta>\n",
                "<?xpacket end=\"w\"?>"
            ),
            title = escape(&self.title),
            author = escape(&self.author),
            subject = escape(&self.subject),
            lang = escape(&self.lang),
            keywords = escape(&self.keywords),
            producer = escape(&self.producer),
            creator = escape(&self.creator),
            date = date,
            document = uuid(&self.document_seed),
            instance = uuid(&self.instance_seed),
            extension = PDFUA_EXTENSION,
        )
    }
}

/// The PDF/A extension schema that declares `pdfuaid:part` (PDF/A-3
/// allows only the schemas it predefines, and those declared so).
const PDFUA_EXTENSION: &str = concat!(
    "  <rdf:Description rdf:about=\"\"\n",
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n",
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n",
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
    "   <pdfaExtension:schemas>\n",
    "    <rdf:Bag>\n",
    "     <rdf:li rdf:parseType=\"Resource\">\n",
    "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
    "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
    "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
    "      <pdfaSchema:property>\n",
    "       <rdf:Seq>\n",
    "        <rdf:li rdf:parseType=\"Resource\">\n",
    "         <pdfaProperty:name>part</pdfaProperty:name>\n",
    "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
    "         <pdfaProperty:category>internal</pdfaProperty:category>\n",
    "         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
    "        </rdf:li>\n",
    "       </rdf:Seq>\n",
    "      </pdfaSchema:property>\n",
    "     </rdf:li>\n",
    "    </rdf:Bag>\n",
    "   </pdfaExtension:schemas>\n",
    "  </rdf:Description>\n",
);

/// `uuid:…`, a name-based UUID (version 5 layout) from `seed`'s sha256.
fn uuid(seed: &str) -> String {
    let mut b: [u8; 16] = [0; 16];
    b.copy_from_slice(&Sha256::digest(seed.as_bytes())[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Makes the document PDF/A-3b: its XMP packet and the sRGB output intent
/// in the catalog, printpdf's empty dictionaries gone.
pub(crate) fn apply(pdf: &mut lopdf::Document, root: ObjectId, meta: &Meta) -> lopdf::Result<()> {
    // Metadata: uncompressed, so that archives and search tools can read
    // it without a PDF library.
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata = pdf.add_object(Stream::new(md, meta.xmp().into_bytes()).with_compression(false));

    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    icc.set("Alternate", Object::Name(b"DeviceRGB".to_vec()));
    let profile = pdf.add_object(Stream::new(icc, SRGB_ICC.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    intent.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", Object::Reference(profile));
    let intent = pdf.add_object(intent);

    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );

    drop_empty(pdf);
    Ok(())
}

/// Removes empty resource dictionaries (`/ExtGState`, `/Shading`,
/// `/XObject` …) and empty `/Annots` arrays that printpdf writes on every
/// page: they say nothing, and validators stumble on them.
/// Keys to remove from a dictionary: the object, the key of an inline
/// dictionary inside it (or the object itself), the keys.
type Drop = (ObjectId, Option<Vec<u8>>, Vec<Vec<u8>>);

fn drop_empty(pdf: &mut lopdf::Document) {
    let is_empty = |pdf: &lopdf::Document, v: &Object| match v {
        Object::Dictionary(d) => d.is_empty(),
        Object::Array(a) => a.is_empty(),
        Object::Reference(id) => match pdf.get_object(*id) {
            Ok(Object::Dictionary(d)) => d.is_empty(),
            Ok(Object::Array(a)) => a.is_empty(),
            _ => false,
        },
        _ => false,
    };
    // Found first, removed after.
    let mut drops: Vec<Drop> = Vec::new();
    for (&id, object) in &pdf.objects {
        let Object::Dictionary(page) = object else {
            continue;
        };
        if page.get(b"Type").and_then(Object::as_name).ok() != Some(b"Page".as_slice()) {
            continue;
        }
        if page.get(b"Annots").is_ok_and(|a| is_empty(pdf, a)) {
            drops.push((id, None, vec![b"Annots".to_vec()]));
        }
        let (res_id, inline, res) = match page.get(b"Resources") {
            Ok(Object::Dictionary(res)) => (id, true, res),
            Ok(Object::Reference(r)) => match pdf.get_object(*r) {
                Ok(Object::Dictionary(res)) => (*r, false, res),
                _ => continue,
            },
            _ => continue,
        };
        let keys: Vec<Vec<u8>> = res
            .iter()
            .filter(|(_, v)| is_empty(pdf, v))
            .map(|(k, _)| k.clone())
            .collect();
        if !keys.is_empty() {
            drops.push((res_id, inline.then(|| b"Resources".to_vec()), keys));
        }
    }
    for (id, within, keys) in drops {
        let Ok(Object::Dictionary(dict)) = pdf.get_object_mut(id) else {
            continue;
        };
        let dict = match within {
            Some(key) => match dict.get_mut(&key) {
                Ok(Object::Dictionary(inner)) => inner,
                _ => continue,
            },
            None => dict,
        };
        for k in keys {
            dict.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            title: "고객 책임 확인서 — A & B <co>".into(),
            author: "FastTrack Center".into(),
            subject: "s".into(),
            keywords: "k".into(),
            creator: "handover".into(),
            producer: "handover".into(),
            date: jiff::civil::date(2026, 11, 20),
            lang: "ko-KR".into(),
            document_seed: "doc".into(),
            instance_seed: "inst".into(),
        }
    }

    #[test]
    fn xmp_agrees_with_the_info_dictionary_and_escapes_its_text() {
        let m = meta();
        let x = m.xmp();
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(x.contains("고객 책임 확인서 — A &amp; B &lt;co&gt;"));
        assert!(x.contains("<xmp:CreateDate>2026-11-20T00:00:00Z</xmp:CreateDate>"));
        assert_eq!(
            m.info().get(b"CreationDate").unwrap(),
            &Object::string_literal("D:20261120000000Z")
        );
        let doc = uuid("doc");
        assert!(x.contains(&format!("<xmpMM:DocumentID>{doc}</xmpMM:DocumentID>")));
        assert_eq!(doc.len(), "uuid:".len() + 36);
        assert_eq!(&doc[19..20], "5", "version 5 layout: {doc}");
        assert_ne!(uuid("doc"), uuid("inst"));
    }
}
