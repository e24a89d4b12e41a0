//! The PDF side of a signature: the file loaded, its signature fields and
//! their signature dictionaries found, and each `/ByteRange` checked to
//! span the file around exactly its own `/Contents` (the defence against
//! signature wrapping) and to end a revision.

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, xref::XrefEntry};
use sha2::{Digest, Sha256};

/// The most any one stream may inflate to, wherever verify decodes one
/// (loading, cross-reference streams, object streams): a statement's
/// largest (a font, the attached pack) is far below it.
pub(crate) const MAX_INFLATED: usize = 64 << 20;

/// The most fields followed through `/Kids`: a form has a handful.
const MAX_FIELDS: usize = 10_000;

/// A signature field with a value (a signature dictionary).
#[derive(Debug, Clone)]
pub(crate) struct SigField {
    /// The field's object.
    pub id: ObjectId,
    /// Its name (`/T`).
    pub name: String,
    /// `/Contents`, decoded.
    pub contents: Vec<u8>,
    /// `/ByteRange`, its integers (anything else as -1, which no check
    /// lets through).
    pub byte_range: Option<Vec<i64>>,
    /// `/ByteRange` as read (reals as lopdf reads them; its first eight
    /// values), for findings.
    pub byte_range_shown: String,
    /// `/SubFilter`.
    pub sub_filter: Option<String>,
    /// `/M`, as written.
    pub time: Option<String>,
    /// Where the signature dictionary's object starts in the file.
    pub sig_offset: Option<usize>,
    /// The DocMDP permission (`/P` 1, 2 or 3), when the signature certifies.
    pub docmdp: Option<i64>,
}

/// Loads a PDF, with a bound on what its streams may inflate to.
pub(crate) fn load(bytes: &[u8]) -> Result<Document, String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_INFLATED),
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(bytes, options).map_err(|e| e.to_string())
}

/// The object a value names, or the value itself.
pub(crate) fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A dictionary's entry, followed when it is a reference.
pub(crate) fn entry<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

fn text(o: &Object) -> Option<String> {
    match o {
        Object::String(s, _) => Some(
            lopdf::decode_text_string(o)
                .unwrap_or_else(|_| String::from_utf8_lossy(s).into_owned()),
        ),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// A `/ByteRange` as written (its first eight values), for findings.
fn shown(values: &[Object]) -> String {
    let mut parts: Vec<String> = values
        .iter()
        .take(8)
        .map(|o| match o {
            Object::Integer(n) => n.to_string(),
            Object::Real(r) => format!("{r:?}"),
            Object::Reference((n, g)) => format!("{n} {g} R"),
            Object::Null => "null".to_string(),
            other => format!("({})", other.enum_variant()),
        })
        .collect();
    if values.len() > 8 {
        parts.push(format!("… {} more", values.len() - 8));
    }
    format!("[{}]", parts.join(", "))
}

/// The catalog's `/AcroForm`, its object when indirect.
pub(crate) fn acro_form(doc: &Document) -> Option<(Option<ObjectId>, &Dictionary)> {
    let catalog = doc.catalog().ok()?;
    match catalog.get(b"AcroForm").ok()? {
        Object::Reference(id) => Some((Some(*id), doc.get_dictionary(*id).ok()?)),
        Object::Dictionary(d) => Some((None, d)),
        _ => None,
    }
}

/// Every signature field with a value, through `/Kids`.
pub(crate) fn signature_fields(doc: &Document) -> Vec<SigField> {
    let mut out = Vec::new();
    let Some((_, form)) = acro_form(doc) else {
        return out;
    };
    let Some(Object::Array(fields)) = entry(doc, form, b"Fields") else {
        return out;
    };
    let mut stack: Vec<ObjectId> = fields
        .iter()
        .filter_map(|o| o.as_reference().ok())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || seen.len() > MAX_FIELDS {
            continue;
        }
        let Ok(field) = doc.get_dictionary(id) else {
            continue;
        };
        if let Some(Object::Array(kids)) = entry(doc, field, b"Kids") {
            stack.extend(kids.iter().filter_map(|o| o.as_reference().ok()));
        }
        let is_sig = matches!(field.get(b"FT"), Ok(Object::Name(n)) if n == b"Sig");
        let Some(v) = field.get(b"V").ok().filter(|_| is_sig) else {
            continue;
        };
        let sig_id = v.as_reference().ok();
        let Some(Object::Dictionary(sig)) = deref(doc, v) else {
            continue;
        };
        let contents = match sig.get(b"Contents") {
            Ok(Object::String(s, _)) => s.clone(),
            _ => Vec::new(),
        };
        let (byte_range, byte_range_shown) = match entry(doc, sig, b"ByteRange") {
            Some(Object::Array(a)) => (
                Some(a.iter().map(|o| o.as_i64().unwrap_or(-1)).collect()),
                shown(a),
            ),
            _ => (None, String::new()),
        };
        let sig_offset = sig_id.and_then(|sid| match doc.reference_table.get(sid.0) {
            Some(XrefEntry::Normal { offset, .. }) => Some(*offset as usize),
            _ => None,
        });
        let docmdp = match entry(doc, sig, b"Reference") {
            Some(Object::Array(refs)) => refs.iter().find_map(|r| {
                let Some(Object::Dictionary(r)) = deref(doc, r) else {
                    return None;
                };
                let is_mdp =
                    matches!(r.get(b"TransformMethod"), Ok(Object::Name(n)) if n == b"DocMDP");
                let p = match entry(doc, r, b"TransformParams") {
                    Some(Object::Dictionary(t)) => {
                        t.get(b"P").and_then(Object::as_i64).unwrap_or(2)
                    }
                    _ => 2,
                };
                is_mdp.then_some(p)
            }),
            _ => None,
        };
        out.push(SigField {
            id,
            docmdp,
            name: field.get(b"T").ok().and_then(text).unwrap_or_default(),
            contents,
            byte_range,
            byte_range_shown,
            sub_filter: entry(doc, sig, b"SubFilter").and_then(text),
            time: entry(doc, sig, b"M").and_then(text),
            sig_offset,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The `/ByteRange` of a signature, checked: it starts the file, leaves
/// out exactly the hex string of its own `/Contents` (inside its own
/// signature dictionary), and ends a revision. Any other shape is the
/// signature wrapping or universal forgery of the published attacks.
pub(crate) fn placement(bytes: &[u8], f: &SigField) -> Result<[usize; 4], String> {
    let Some(br) = &f.byte_range else {
        return Err("the signature has no /ByteRange: it covers nothing".to_string());
    };
    let shown = &f.byte_range_shown;
    let bad = |why: &str| {
        Err(format!(
            "its /ByteRange {shown} does not span the file around its /Contents: {why}"
        ))
    };
    let r: Vec<usize> = br.iter().filter_map(|v| usize::try_from(*v).ok()).collect();
    let [a0, l0, a1, l1] = r[..] else {
        return bad("it is not four non-negative numbers");
    };
    if a0 != 0 {
        return bad("it does not start at the beginning of the file");
    }
    let Some(end) = a1.checked_add(l1).filter(|e| *e <= bytes.len()) else {
        return bad("it reaches past the end of the file");
    };
    if l0 == 0 || a1 <= l0 + 1 {
        return bad("it leaves no room for the signature");
    }
    let gap = &bytes[l0..a1];
    let hex = &gap[1..gap.len() - 1];
    if gap[0] != b'<' || gap[gap.len() - 1] != b'>' || !hex.iter().all(u8::is_ascii_hexdigit) {
        return bad("the bytes it leaves out are not one hex string");
    }
    if hex.len() != 2 * f.contents.len() || !hex_equals(hex, &f.contents) {
        return bad("the bytes it leaves out are not this signature's /Contents");
    }
    let Some(at) = f.sig_offset.filter(|o| *o < l0) else {
        return bad("its signature dictionary is not where the left-out bytes are");
    };
    let head = &bytes[at..l0];
    if find(head, b"endobj").is_some() || !trim_end(head).ends_with(b"/Contents") {
        return bad("the left-out bytes are not the /Contents of its own signature dictionary");
    }
    if !trim_end(&bytes[..end]).ends_with(b"%%EOF") {
        return bad("it does not end at the end of a revision (%%EOF)");
    }
    Ok([a0, l0, a1, l1])
}

/// The length of the revision before a signature's update: up to the end of
/// the last `%%EOF` line before its signature dictionary.
pub(crate) fn unsigned_len(bytes: &[u8], f: &SigField) -> Option<usize> {
    let at = f.sig_offset?.min(bytes.len());
    Some(past_eol(bytes, rfind(&bytes[..at], b"%%EOF")? + 5))
}

/// Where a revision ends whose `%%EOF` ends at `at`: past its end of line
/// (CR, LF or CR LF), when it has one.
fn past_eol(bytes: &[u8], mut at: usize) -> usize {
    if bytes.get(at) == Some(&b'\r') {
        at += 1;
    }
    if bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    at
}

/// Where each revision of the file ends (after each `%%EOF` and its end
/// of line), but the file's own end; at most `max + 1` of them.
pub(crate) fn revision_ends(bytes: &[u8], max: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    let content = trim_end(bytes).len();
    while let Some(i) = find(&bytes[from..], b"%%EOF").filter(|_| out.len() <= max) {
        let end = past_eol(bytes, from + i + 5);
        if end < content {
            out.push(end);
        }
        from = end;
    }
    out
}

/// SHA-256 of the bytes a checked `/ByteRange` covers.
pub(crate) fn digest(bytes: &[u8], r: [usize; 4]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&bytes[r[0]..r[0] + r[1]]);
    h.update(&bytes[r[2]..r[2] + r[3]]);
    h.finalize().into()
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`, fields after the year optional)
/// as Unix seconds and RFC 3339.
pub(crate) fn pdf_time(s: &str) -> Option<(i64, String)> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 || digits.len() > 14 || !digits.len().is_multiple_of(2) {
        return None;
    }
    let part = |i: usize, default: i32| -> Option<i32> {
        digits
            .get(i..i + 2)
            .map_or(Some(default), |p| p.parse().ok())
    };
    let year: i16 = digits.get(..4)?.parse().ok()?;
    let (month, day) = (part(4, 1)?, part(6, 1)?);
    let (hour, minute, second) = (part(8, 0)?, part(10, 0)?, part(12, 0)?);
    let rest = &s[digits.len()..];
    let offset = match rest.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let nums: Vec<i32> = rest[1..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .take(2)
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            let secs =
                nums.first().copied().unwrap_or(0) * 3600 + nums.get(1).copied().unwrap_or(0) * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let dt = jiff::civil::DateTime::new(
        year,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(offset).ok()?);
    let zoned = dt.to_zoned(tz).ok()?;
    Some((
        zoned.timestamp().as_second(),
        zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    ))
}

fn hex_equals(hex: &[u8], bytes: &[u8]) -> bool {
    let nibble = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c.wrapping_sub(b'A').wrapping_add(10),
    };
    hex.chunks_exact(2)
        .zip(bytes)
        .all(|(pair, b)| (nibble(pair[0]) << 4 | nibble(pair[1])) == *b)
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &b[..n]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
