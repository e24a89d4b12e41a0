//! A signature's visible appearance: a form XObject the size of the
//! field with the signer's name, the date and the reason, set in a subset
//! of the template's regular face embedded as a Type 0 font (PDF/A wants
//! every font embedded) with its widths and `/ToUnicode` map.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::super::deflate::deflate;
use super::super::face::Face;
use super::super::subset::{CharSet, subset_face};
use crate::pdf::serial::real;

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn int(n: usize) -> Object {
    Object::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The objects of an appearance, numbered from `first`; the first of
/// them is the form XObject.
pub(super) fn objects(
    face: &Face,
    lines: &[String],
    (w, h): (f32, f32),
    first: u32,
) -> Result<Vec<(ObjectId, Object)>, String> {
    let mut chars = CharSet::default();
    for c in lines.iter().flat_map(|l| l.chars()) {
        chars.insert(c);
    }
    let subset = subset_face(face, &chars)?;
    let [xobject, font, cid, descriptor, file, cmap] =
        [0, 1, 2, 3, 4, 5].map(|i| (first + i, 0u16));

    // Lines fill the box: the size is the largest that fits the height
    // and the widest line, at most 10 pt.
    let n = lines.len().max(1) as f32;
    let pad = 2.0;
    let widest = lines
        .iter()
        .map(|l| face.units(l))
        .max()
        .unwrap_or(0)
        .max(1);
    let by_width = (w - 2.0 * pad) * 1000.0 / widest as f32;
    let by_height = (h - 2.0 * pad) / (n * 1.2);
    let size = by_width.min(by_height).clamp(1.0, 10.0);
    let mut ops = String::from("q\nBT\n");
    let _ = writeln!(ops, "/F1 {} Tf", real(size));
    let lead = size * 1.2;
    let top = h - pad - size * face.ascent();
    for (i, l) in lines.iter().enumerate() {
        let y = top - lead * i as f32;
        let _ = writeln!(ops, "1 0 0 1 {} {} Tm", real(pad), real(y));
        ops.push('<');
        for c in l.chars() {
            let g = subset.glyphs.get(&c).copied().unwrap_or(0);
            let _ = write!(ops, "{g:04X}");
        }
        ops.push_str("> Tj\n");
    }
    ops.push_str("ET\nQ\n");

    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let mut xd = Dictionary::new();
    xd.set("Type", name("XObject"));
    xd.set("Subtype", name("Form"));
    xd.set(
        "BBox",
        Object::Array(vec![0.0, 0.0, w, h].into_iter().map(Object::Real).collect()),
    );
    xd.set("Resources", Object::Dictionary(resources));
    xd.set("Filter", name("FlateDecode"));
    let xo = Stream::new(xd, deflate(ops.as_bytes())).with_compression(false);

    // Widths by subset glyph id, in 1/1000 em.
    let mut by_gid: BTreeMap<u16, (char, u32)> = BTreeMap::new();
    for (&c, &g) in &subset.glyphs {
        by_gid.insert(g, (c, face.advance(c)));
    }
    let widths: Vec<Object> = by_gid
        .iter()
        .flat_map(|(g, (_, a))| {
            [
                Object::Integer(i64::from(*g)),
                Object::Array(vec![Object::Integer(i64::from(*a))]),
            ]
        })
        .collect();
    let cff = subset.bytes.starts_with(b"OTTO");

    let mut t0 = Dictionary::new();
    t0.set("Type", name("Font"));
    t0.set("Subtype", name("Type0"));
    t0.set("BaseFont", name(&subset.name));
    t0.set("Encoding", name("Identity-H"));
    t0.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid)]),
    );
    t0.set("ToUnicode", Object::Reference(cmap));

    let mut info = Dictionary::new();
    info.set(
        "Registry",
        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
    );
    info.set(
        "Ordering",
        Object::String(b"Identity".to_vec(), StringFormat::Literal),
    );
    info.set("Supplement", Object::Integer(0));
    let mut cd = Dictionary::new();
    cd.set("Type", name("Font"));
    cd.set(
        "Subtype",
        name(if cff { "CIDFontType0" } else { "CIDFontType2" }),
    );
    cd.set("BaseFont", name(&subset.name));
    cd.set("CIDSystemInfo", Object::Dictionary(info));
    cd.set("FontDescriptor", Object::Reference(descriptor));
    cd.set("DW", Object::Integer(1000));
    cd.set("W", Object::Array(widths));
    if !cff {
        cd.set("CIDToGIDMap", name("Identity"));
    }

    let asc = (face.ascent() * 1000.0).round();
    let desc = -(face.descent() * 1000.0).round();
    let mut fd = Dictionary::new();
    fd.set("Type", name("FontDescriptor"));
    fd.set("FontName", name(&subset.name));
    fd.set("Flags", Object::Integer(4));
    fd.set(
        "FontBBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Real(desc),
            Object::Integer(1000),
            Object::Real(asc),
        ]),
    );
    fd.set("ItalicAngle", Object::Integer(0));
    fd.set("Ascent", Object::Real(asc));
    fd.set("Descent", Object::Real(desc));
    fd.set("CapHeight", Object::Real(asc));
    fd.set("StemV", Object::Integer(80));
    fd.set(
        if cff { "FontFile3" } else { "FontFile2" },
        Object::Reference(file),
    );

    let mut ff = Dictionary::new();
    ff.set("Filter", name("FlateDecode"));
    if cff {
        ff.set("Subtype", name("OpenType"));
    } else {
        ff.set("Length1", int(subset.bytes.len()));
    }
    let ff = Stream::new(ff, deflate(&subset.bytes)).with_compression(false);

    let mut cm = Dictionary::new();
    cm.set("Filter", name("FlateDecode"));
    let cm = Stream::new(cm, deflate(to_unicode(&by_gid).as_bytes())).with_compression(false);

    Ok(vec![
        (xobject, Object::Stream(xo)),
        (font, Object::Dictionary(t0)),
        (cid, Object::Dictionary(cd)),
        (descriptor, Object::Dictionary(fd)),
        (file, Object::Stream(ff)),
        (cmap, Object::Stream(cm)),
    ])
}

/// The `/ToUnicode` CMap: each subset glyph id → its character.
fn to_unicode(by_gid: &BTreeMap<u16, (char, u32)>) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = by_gid.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (g, (c, _)) in chunk {
            let mut u = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut u)
                .iter()
                .map(|x| format!("{x:04X}"))
                .collect();
            let _ = writeln!(s, "<{g:04X}> <{units}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}
