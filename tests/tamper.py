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
  cert-swap      python3 tests/tamper.py cert-swap SRC OUT CERT.pem: the last
                 signature's CMS given CERT (another certificate for the same
                 key) as its signer's, in place, no byte outside /Contents
                 changed: the signature still checks with the key, only the
                 signed signing-certificate attribute names the original
"""

import sys

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

FORGED = b"BT /Helvetica 36 Tf 72 400 Td (ALL DONE - PAID IN FULL) Tj ET\n"


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


def main(kind, src, out, *rest):
    if kind == "cert-swap":
        cert_swap(src, out, rest[0])
        return
    with open(src, "rb") as f:
        w = IncrementalPdfFileWriter(f)
        page = first_page(w)
        if kind == "content":
            ref = page.raw_get("/Contents")
            if isinstance(ref, generic.ArrayObject):
                ref = ref.raw_get(0)
            w.objects[(ref.generation, ref.idnum)] = generic.StreamObject(stream_data=FORGED)
        elif kind.startswith("content-"):
            # Keep the writer from adding its own /Info update: the trailer
            # may point at the forged stream.
            w._update_meta = lambda: None
            ref = page.raw_get("/Contents")
            if isinstance(ref, generic.ArrayObject):
                ref = ref.raw_get(0)
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
        elif kind == "shadow-reveal":
            page[generic.pdf_name("/Contents")] = page.raw_get("/PieceInfo")
            w.update_container(page)
        else:
            sys.exit(f"unknown kind {kind}")
        with open(out, "wb") as o:
            w.write(o)


if __name__ == "__main__":
    main(*sys.argv[1:])
