#!/usr/bin/env bash
# Writes fuzz/seeds/verify/tiny-*.pdf: small signed PDFs for the verify
# target, beside the signed test statements (130–230 KB each, most of it
# fonts, the ICC profile and the embedded workbook). On a one-page file of
# 2 KB with two empty signature fields (classic xref, and an xref stream
# with object streams), pyHanko signs as provider (certifying, RSA) and
# customer (PAdES, P-256), one after the other or alone, and once with
# RSASSA-PSS. At 10–18 KB a mutation lands on the structure verify reads
# (xref, trailers, revisions, fields, the CMS) instead of on font data.
# Their CA is made here and thrown away, so under the target's anchor
# (fuzz/verify-ca.pem) every one is refused as untrusted; their diff,
# digest and signature checks run all the same.
#
#   fuzz/tiny-seeds.sh      (needs openssl, qpdf, pyhanko: pip install pyhanko-cli)
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/seeds/verify"
for tool in openssl qpdf pyhanko python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 2; }
done
w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
cd "$w"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 3650 \
  -subj "/CN=Tiny Seed CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >leaf.ext
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out prov.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out cust.key
for p in prov cust; do
  openssl req -new -key $p.key -out $p.csr -subj "/CN=Tiny $p" 2>/dev/null
  openssl x509 -req -in $p.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $p.pem -days 3650 -extfile leaf.ext 2>/dev/null
done

cat >tiny.py <<'PY'
import sys
from pyhanko.sign import fields, signers
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

def page(path):
    """A one-page PDF with a classic xref table."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << >> >>",
    ]
    content = b"0 0 1 rg 10 50 50 40 re f"
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    offsets.append(len(out))
    out += b"4 0 obj\n<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    open(path, "wb").write(out)

def sign(src, dst, field, key, cert, *how):
    signer = signers.SimpleSigner.load(key, cert, ca_chain_files=("ca.pem",), prefer_pss="pss" in how)
    meta = signers.PdfSignatureMetadata(
        field_name=field, certify="certify" in how, reason="tiny seed",
        subfilter=fields.SigSeedSubFilter.PADES if "pades" in how else None)
    with open(src, "rb") as f, open(dst, "wb") as o:
        signers.PdfSigner(meta, signer=signer).sign_pdf(IncrementalPdfFileWriter(f), bytes_reserved=5120, output=o)

if sys.argv[1] == "page":
    page(sys.argv[2])
else:
    sign(*sys.argv[2:])
PY

python3 tiny.py page base.pdf
qpdf --object-streams=generate base.pdf xs.pdf
for b in base xs; do
  pyhanko sign addfields --field 1/10,10,90,40/provider-signature --field 1/100,10,190,40/customer-signature $b.pdf $b-fields.pdf
  python3 tiny.py sign $b-fields.pdf $b-provider.pdf provider-signature prov.key prov.pem certify
  python3 tiny.py sign $b-provider.pdf $b-both.pdf customer-signature cust.key cust.pem pades
  python3 tiny.py sign $b-fields.pdf $b-customer.pdf customer-signature cust.key cust.pem pades
done
python3 tiny.py sign base-fields.pdf base-pss.pdf provider-signature prov.key prov.pem pss
# The nine outputs: each file made from base.pdf or xs.pdf above.
for f in {base,xs}-*.pdf; do cp "$f" "$out/tiny-$f"; done
seeds=("$out"/tiny-*.pdf)
echo "fuzz/seeds/verify: ${#seeds[@]} tiny seeds, $(cat "${seeds[@]}" | wc -c) bytes"
