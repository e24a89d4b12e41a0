"""Tampered copies of a signed statement, for tests/verify_signatures.rs.

    python3 tests/tamper.py KIND SRC OUT

Each is an incremental update written with pyHanko's incremental writer
(the bytes of SRC are kept as they are, so every signature's digest still
holds): what the published attacks on PDF signatures add after signing.

  content        page 1's content stream redefined under its own object
                 number (incremental saving attack: content replaced)
  annotation     a square annotation with an appearance laid over page 1
                 (incremental saving attack: an overlay)
  info           only the document information changed (objects appended
                 that no signature covers, when SRC's last update is a
                 signature)
  shadow-hide    before signing: a second content stream kept in page 1's
                 dictionary, drawn by nothing (the shadow attack's hidden
                 content)
  shadow-reveal  after signing: page 1's /Contents pointed at that hidden
                 stream, no new object at all (the shadow attack's replace)
  content-xref, content-objstm, content-metadata, content-info
                 page 1's content stream redefined as in `content`, and
                 disguised as what may change after a signature: given
                 /Type /XRef or /ObjStm, or named as the catalog's
                 /Metadata or the trailer's /Info (made between two
                 signatures, so that the second one covers it)
  attachment-xref
                 the attached engagement file redefined, given /Type /XRef
  font           the first font page 1 uses redefined (the shadow attack's
                 replace: the same text codes drawn as other glyphs)
  shadow-hide-catalog
                 before signing: a whole second document (catalog, page
                 tree, page, content) added that nothing refers to; prints
                 its catalog's object number
  shadow-replace-catalog
                 python3 tests/tamper.py shadow-replace-catalog SRC OUT N:
                 after signing, an update that adds no object at all, only
                 a trailer whose /Root is object N (the shadow attack's
                 hide-and-replace)
  shadow-hide-revision
                 before signing: two updates, the first redefining page 1's
                 content stream as forged text (with a font for it), the
                 second redefining it back as it was: the forged bytes stay
                 in the file, under the content's own object number
  xref-repoint   after signing a statement made with shadow-hide-revision,
                 an update of nothing but a cross-reference that points
                 page 1's content stream back at its forged definition,
                 bytes that the signature covers
  xrefstm, dup, index-dup, free-stray
                 hand-written updates that PDF readers read differently,
                 each giving page 1's first content stream forged text (in
                 the page's own font): a table listing only a new
                 cross-reference stream, named by the trailer's /XRefStm,
                 that lists the forged stream; a table listing the forged
                 stream, then the original, under the same number; the same
                 in a cross-reference stream whose /Index lists the number
                 twice; the number freed, with a forged object of that
                 number written but listed nowhere (a reader that finds the
                 object missing rebuilds the cross-reference from the
                 objects it finds)
  generation     the catalog written again as it was, listed with
                 generation 1 while its header says 0, and a forged content
                 object listed nowhere: a reader that finds the catalog not
                 where the cross-reference says rebuilds it from the
                 objects it finds, and the forged one is the newest
  rebuild        a cross-reference stream poppler does not read (its type
                 5 bytes wide) listing a stream whose data holds a forged
                 object of page 1's content's number: rebuilding the
                 cross-reference, poppler takes that one
  objstm-twice   an object stream holding the catalog twice, and a
                 cross-reference stream pointing the catalog into it
                 (lopdf keeps the last copy, other readers the one at the
                 index given)
  drop-provider  the provider's field taken out of /AcroForm /Fields, and
                 page 1's content forged
  acroform-info  the catalog's /AcroForm pointed at the /Info dictionary,
                 which gains the form's /Fields and /NeedAppearances
  cert-swap      python3 tests/tamper.py cert-swap SRC OUT CERT.pem: the last
                 signature's CMS given CERT (another certificate for the same
                 key) as its signer's, in place, no byte outside /Contents
                 changed: the signature still checks with the key, only the
                 signed signing-certificate attribute names the original
"""

import io
import sys

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

FORGED = b"BT /Helvetica 36 Tf 72 400 Td (ALL DONE - PAID IN FULL) Tj ET\n"


def content_ref(page):
    """The reference to page's (first) content stream."""
    ref = page.raw_get("/Contents")
    if isinstance(ref, generic.ArrayObject):
        ref = ref.raw_get(0)
    return ref


def first_page(w):
    return w.root["/Pages"]["/Kids"][0]


def cert_swap(src, out, cert_pem):
    import re
    from asn1crypto import cms, pem, x509

    data = open(src, "rb").read()
    ranges = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))
    a, b, c, d = (int(x) for x in ranges[-1].groups())
    hexed = data[a + b + 1 : c - 1]
    raw = bytes.fromhex(hexed.decode())
    info = cms.ContentInfo.load(raw, strict=False)
    sd = info["content"]
    with open(cert_pem, "rb") as f:
        _, _, der = pem.unarmor(f.read())
    new = x509.Certificate.load(der)
    signer = sd["signer_infos"][0]
    old_sid = signer["sid"].chosen
    certs = sd["certificates"]
    for i, choice in enumerate(certs):
        c0 = choice.chosen
        if c0.issuer == old_sid["issuer"] and c0.serial_number == old_sid["serial_number"].native:
            certs[i] = cms.CertificateChoices(name="certificate", value=new)
    signer["sid"] = cms.SignerIdentifier(
        name="issuer_and_serial_number",
        value=cms.IssuerAndSerialNumber({"issuer": new.issuer, "serial_number": new.serial_number}),
    )
    swapped = info.dump(force=True).hex().encode()
    assert len(swapped) <= len(hexed), "the new CMS does not fit in /Contents"
    swapped += b"0" * (len(hexed) - len(swapped))
    with open(out, "wb") as o:
        o.write(data[: a + b + 1] + swapped + data[c - 1 :])


def xref_repoint(src, out):
    """An update of one cross-reference section (classic or stream, as SRC
    has it) re-pointing page 1's content object at its forged definition
    (the one with the forged text); nothing else is written."""
    import re
    import struct

    from pyhanko.pdf_utils.reader import PdfFileReader

    data = open(src, "rb").read()
    with open(src, "rb") as f:
        r = PdfFileReader(f)
        page = r.root["/Pages"]["/Kids"][0]
        contents = content_ref(page)
        trailer = r.trailer
        size = int(trailer["/Size"])
        prev = r.last_startxref
        stream_xref = r.has_xref_stream
        keep = {k: trailer.raw_get(k) for k in ("/Root", "/Info", "/ID") if k in trailer}
    hits = [
        m.start()
        for m in re.finditer(rb"(?<![0-9])%d 0 obj" % contents.idnum, data)
        if FORGED in data[m.start() : data.index(b"endobj", m.start())]
    ]
    assert len(hits) == 1, f"forged object {contents.idnum} found {len(hits)} times"
    at = hits[0]

    def entries():
        out = io.BytesIO()
        for k, v in keep.items():
            out.write(k.encode() + b" ")
            v.write_to_stream(out)
            out.write(b" ")
        return out.getvalue()

    start = len(data)
    if stream_xref:
        own = size
        rows = struct.pack(">BIH", 1, at, 0) + struct.pack(">BIH", 1, start, 0)
        body = (
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 1 %d 1] /Prev %d "
            % (own, size + 1, contents.idnum, own, prev)
            + entries()
            + b"/Length %d >>\nstream\n" % len(rows)
            + rows
            + b"\nendstream\nendobj\n"
        )
        tail = body + b"startxref\n%d\n%%%%EOF\n" % start
    else:
        tail = (
            b"xref\n%d 1\n%010d 00000 n\r\ntrailer\n<< /Size %d /Prev %d " % (contents.idnum, at, size, prev)
            + entries()
            + b">>\nstartxref\n%d\n%%%%EOF\n" % start
        )
    with open(out, "wb") as o:
        o.write(data + tail)


def forged_in_page_font(page):
    """FORGED's text in page 1's own first font (its codes from the
    font's /ToUnicode), so that it shows without a new font."""
    import re

    fonts = page["/Resources"]["/Font"]
    name = sorted(fonts.keys())[0]
    cmap = fonts[name]["/ToUnicode"].data.decode("latin-1")
    codes = {}
    for block in cmap.split("beginbfchar")[1:]:
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", block.split("endbfchar")[0]):
            codes.setdefault(chr(int(uni, 16)), code)
    text = "ALL DONE - PAID IN FULL"
    hexed = "".join(codes[c] for c in text)
    return b"BT %s 30 Tf 60 420 Td <%s> Tj ET\n" % (name.encode(), hexed.encode())


def xref_update(kind, src, out):
    """An update written by hand, whose cross-reference PDF readers read
    differently (see the kinds above)."""
    import re
    import struct

    from pyhanko.pdf_utils.reader import PdfFileReader

    data = open(src, "rb").read()
    if not data.endswith(b"\n"):
        data += b"\n"
    with open(src, "rb") as f:
        r = PdfFileReader(f)
        page = r.root["/Pages"]["/Kids"][0]
        ref = content_ref(page)
        c = ref.idnum
        forged = forged_in_page_font(page)
        size = int(r.trailer["/Size"])
        prev = r.last_startxref
        r_root = r.trailer.raw_get("/Root").idnum
        keep = io.BytesIO()
        for k in ("/Root", "/Info", "/ID"):
            keep.write(k.encode() + b" ")
            r.trailer.raw_get(k).write_to_stream(keep)
            keep.write(b" ")
    keys = keep.getvalue()
    original = [m.start() for m in re.finditer(rb"(?<![0-9])%d 0 obj" % c, data)][-1]
    buf = bytearray(data)

    def add(b):
        at = len(buf)
        buf.extend(b)
        return at

    def stream(num, extra, body):
        return add(b"%d 0 obj\n<< /Length %d %s >>\nstream\n" % (num, len(body), extra) + body + b"\nendstream\nendobj\n")

    def row(offset):
        return struct.pack(">BIH", 1, offset, 0)

    def entry(offset, kind=b"n", gen=0):
        return b"%010d %05d %s\r\n" % (offset, gen, kind)

    if kind == "rebuild":
        # A cross-reference stream poppler refuses (a type 5 bytes wide),
        # listing a stream whose data holds a forged object of page 1's
        # content's number: poppler rebuilds the cross-reference from every
        # header, and that one is the newest.
        hidden, x = size, size + 1
        inner = b"\n%d 0 obj\n<< /Length %d >>\nstream\n" % (c, len(forged)) + forged + b"\nendstream\n"
        h = stream(hidden, b"/Type /XRef", inner)
        xref = len(buf)
        wide = lambda o: struct.pack(">BI", 0, 1) + struct.pack(">IH", o, 0)
        stream(
            x,
            b"/Type /XRef /Size %d /W [5 4 2] /Index [%d 2] /Prev %d " % (x + 1, hidden, prev) + keys,
            wide(h) + wide(xref),
        )
    elif kind == "objstm-twice":
        # An object stream holding the catalog twice, as signed, and a
        # cross-reference stream pointing the catalog at its first copy.
        root = r_root
        at = [m.start() for m in re.finditer(rb"(?<![0-9])%d 0 obj" % root, data)][-1]
        body = data[data.index(b"<<", at) : data.index(b"endobj", at)].rstrip()
        objstm, x = size, size + 1
        head = b"%d 0 %d %d " % (root, root, len(body) + 1)
        o = stream(objstm, b"/Type /ObjStm /N 2 /First %d" % len(head), head + body + b"\n" + body + b"\n")
        xref = len(buf)
        stream(
            x,
            b"/Type /XRef /Size %d /W [1 4 2] /Index [%d 1 %d 2] /Prev %d " % (x + 1, root, objstm, prev) + keys,
            struct.pack(">BIH", 2, objstm, 0) + row(o) + row(xref),
        )
    elif kind == "generation":
        root = r_root
        at = [m.start() for m in re.finditer(rb"(?<![0-9])%d 0 obj" % root, data)][-1]
        catalog = data[at : data.index(b"endobj", at) + 6]
        copy = add(catalog + b"\n")
        stream(c, b"", forged)
        xref = add(b"xref\n%d 1\n" % root + entry(copy, gen=1) + b"trailer\n<< /Size %d /Prev %d %s>>\n" % (size, prev, keys))
    elif kind == "free-stray":
        stream(c, b"", forged)
        xref = add(b"xref\n%d 1\n" % c + entry(0, b"f", 1) + b"trailer\n<< /Size %d /Prev %d %s>>\n" % (size, prev, keys))
    else:
        at = stream(c, b"", forged)
        x = size
        if kind == "dup":
            xref = add(
                b"xref\n%d 1\n" % c + entry(at) + b"%d 1\n" % c + entry(original)
                + b"trailer\n<< /Size %d /Prev %d %s>>\n" % (size, prev, keys)
            )
        else:
            ox = len(buf)
            index, rows = {
                "xrefstm": (b"%d 1 %d 1" % (c, x), row(at) + row(ox)),
                "index-dup": (b"%d 1 %d 1 %d 1" % (c, c, x), row(at) + row(original) + row(ox)),
            }[kind]
            extra = b"/Type /XRef /Size %d /W [1 4 2] /Index [%s]" % (x + 1, index)
            if kind == "index-dup":
                extra += b" /Prev %d " % prev + keys
            stream(x, extra, rows)
            xref = ox
            if kind == "xrefstm":
                # The table lists the stream alone; /XRefStm names it.
                xref = add(
                    b"xref\n%d 1\n" % x + entry(ox)
                    + b"trailer\n<< /Size %d /Prev %d /XRefStm %d %s>>\n" % (x + 1, prev, ox, keys)
                )
    add(b"startxref\n%d\n%%%%EOF\n" % xref)
    with open(out, "wb") as o:
        o.write(bytes(buf))


def main(kind, src, out, *rest):
    if kind == "cert-swap":
        cert_swap(src, out, rest[0])
        return
    if kind == "xref-repoint":
        xref_repoint(src, out)
        return
    if kind in ("xrefstm", "dup", "index-dup", "free-stray", "generation", "rebuild", "objstm-twice"):
        xref_update(kind, src, out)
        return
    with open(src, "rb") as f:
        w = IncrementalPdfFileWriter(f)
        page = first_page(w)
        if kind == "content":
            ref = content_ref(page)
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(stream_data=FORGED)
        elif kind.startswith("content-"):
            # Keep the writer from adding its own /Info update: the trailer
            # may point at the forged stream.
            w._update_meta = lambda: None
            ref = content_ref(page)
            disguise = {
                "content-xref": {"/Type": "/XRef"},
                "content-objstm": {"/Type": "/ObjStm", "/N": 0, "/First": 0},
            }.get(kind, {})
            d = generic.DictionaryObject(
                {
                    generic.pdf_name(k): generic.pdf_name(v) if isinstance(v, str) else generic.NumberObject(v)
                    for k, v in disguise.items()
                }
            )
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(d, stream_data=FORGED)
            if kind == "content-metadata":
                w.root[generic.pdf_name("/Metadata")] = ref
                w.update_root()
            elif kind == "content-info":
                w.trailer[generic.pdf_name("/Info")] = ref
            elif not disguise:
                sys.exit(f"unknown kind {kind}")
        elif kind == "attachment-xref":
            w._update_meta = lambda: None
            names = w.root["/Names"]["/EmbeddedFiles"]
            pairs = names.get("/Names")
            if pairs is None:
                pairs = names["/Kids"][0]["/Names"]
            found = False
            for i in range(0, len(pairs), 2):
                if "engagement" in str(pairs[i]):
                    spec = pairs[i + 1]
                    ref = spec["/EF"].raw_get("/F")
                    keep = {k: v for k, v in spec["/EF"]["/F"].items() if k not in ("/Length", "/Filter", "/DecodeParms")}
                    d = generic.DictionaryObject(keep)
                    d[generic.pdf_name("/Type")] = generic.pdf_name("/XRef")
                    w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(d, stream_data=b"# forged\n")
                    found = True
            if not found:
                sys.exit("no attached engagement file")
        elif kind == "annotation":
            ap = generic.StreamObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
                    generic.pdf_name("/BBox"): generic.ArrayObject(map(generic.NumberObject, [0, 0, 500, 300])),
                },
                stream_data=b"1 1 1 rg 0 0 500 300 re f\n",
            )
            annot = generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/Square"),
                    generic.pdf_name("/Rect"): generic.ArrayObject(map(generic.NumberObject, [50, 300, 550, 600])),
                    generic.pdf_name("/F"): generic.NumberObject(4),
                    generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): w.add_object(ap)}),
                }
            )
            annots = page.get("/Annots", generic.ArrayObject())
            annots.append(w.add_object(annot))
            page[generic.pdf_name("/Annots")] = annots
            w.update_container(page)
        elif kind == "info":
            w.trailer["/Info"][generic.pdf_name("/Title")] = generic.TextStringObject("Forged")
            w.update_container(w.trailer["/Info"])
        elif kind == "shadow-hide":
            hidden = w.add_object(generic.StreamObject(stream_data=FORGED))
            page[generic.pdf_name("/PieceInfo")] = hidden
            w.update_container(page)
        elif kind == "drop-provider":
            w._update_meta = lambda: None
            form = w.root["/AcroForm"]
            fields = form.raw_get("/Fields")
            kept = generic.ArrayObject(
                [f for f in fields if "provider" not in str(f.get_object().get("/T", ""))]
            )
            assert len(kept) == len(fields) - 1, "no provider field"
            form[generic.pdf_name("/Fields")] = kept
            w.update_container(form)
            ref = content_ref(page)
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(stream_data=forged_in_page_font(page))
        elif kind == "acroform-info":
            w._update_meta = lambda: None
            info_ref = w.trailer.raw_get("/Info")
            info = info_ref.get_object()
            info[generic.pdf_name("/Fields")] = w.root["/AcroForm"].raw_get("/Fields")
            info[generic.pdf_name("/SigFlags")] = generic.NumberObject(3)
            info[generic.pdf_name("/NeedAppearances")] = generic.BooleanObject(True)
            w.update_container(info)
            w.root[generic.pdf_name("/AcroForm")] = info_ref
            w.update_root()
        elif kind == "font":
            fonts = page["/Resources"]["/Font"]
            name = sorted(fonts.keys())[0]
            ref = fonts.raw_get(name)
            w.objects[(ref.generation, ref.idnum)] = generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                    generic.pdf_name("/BaseFont"): generic.pdf_name("/Courier"),
                }
            )
        elif kind == "shadow-hide-revision":
            ref = content_ref(page)
            original = ref.get_object()
            helvetica = w.add_object(
                generic.DictionaryObject(
                    {
                        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
                    }
                )
            )
            page["/Resources"]["/Font"][generic.pdf_name("/Helvetica")] = helvetica
            w.update_container(page["/Resources"]["/Font"])
            w.update_container(page)
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(stream_data=FORGED)
            first = io.BytesIO()
            w.write(first)
            # The second update: the content as it was, bytes and all.
            w = IncrementalPdfFileWriter(first)
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(
                generic.DictionaryObject({k: v for k, v in original.items() if k != "/Length"}),
                encoded_data=original.encoded_data,
            )
        elif kind == "shadow-hide-catalog":
            content = w.add_object(generic.StreamObject(stream_data=FORGED))
            pages = generic.DictionaryObject({generic.pdf_name("/Type"): generic.pdf_name("/Pages")})
            pages_ref = w.add_object(pages)
            copy = generic.DictionaryObject({k: v for k, v in page.items() if k not in ("/Parent", "/Annots")})
            copy[generic.pdf_name("/Contents")] = content
            # The forged text's font, so that it shows (and extracts).
            helvetica = generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                    generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
                }
            )
            copy[generic.pdf_name("/Resources")] = generic.DictionaryObject(
                {
                    generic.pdf_name("/Font"): generic.DictionaryObject(
                        {generic.pdf_name("/Helvetica"): w.add_object(helvetica)}
                    )
                }
            )
            copy[generic.pdf_name("/Parent")] = pages_ref
            page_ref = w.add_object(copy)
            pages[generic.pdf_name("/Kids")] = generic.ArrayObject([page_ref])
            pages[generic.pdf_name("/Count")] = generic.NumberObject(1)
            catalog = generic.DictionaryObject({k: w.root.raw_get(k) for k in w.root.keys()})
            catalog[generic.pdf_name("/Pages")] = pages_ref
            catalog_ref = w.add_object(catalog)
            print(catalog_ref.idnum)
        elif kind == "shadow-replace-catalog":
            w._update_meta = lambda: None
            w._force_write_when_empty = True
            w._root = generic.IndirectObject(int(rest[0]), 0, w.prev)
        elif kind == "shadow-reveal":
            page[generic.pdf_name("/Contents")] = page.raw_get("/PieceInfo")
            w.update_container(page)
        else:
            sys.exit(f"unknown kind {kind}")
        with open(out, "wb") as o:
            w.write(o)


if __name__ == "__main__":
    main(*sys.argv[1:])
