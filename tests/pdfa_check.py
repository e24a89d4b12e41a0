#!/usr/bin/env python3
"""PDF/A-3b check of statements with pikepdf's validator (veraPDF's rule ids).

Usage: pdfa_check.py FILE.pdf ...

For each file: opens it first (the validator never raises, and reports no
findings for a file it could not read), prints its page count and every
finding, and exits 1 if any file has a violation or could not be opened.

The validator does not read PDF/A extension schemas (pikepdf writes
none): it calls the schema's own namespaces, its `pdfaExtension:schemas`
and the property it declares (`pdfuaid:part`, the PDF/UA identification
PDF/A-3 requires be declared that way) "not permitted". Those findings,
and only those, are printed as known and do not fail the check.
"""
import sys

import pikepdf
import pikepdf.pdfa as pdfa

# Rule and message of each known false positive (see above).
KNOWN = {
    ("ISO_19005_3:6.6.2.3.1-1", m)
    for m in (
        "XMP namespace pdfaExtension=http://www.aiim.org/pdfa/ns/extension/ is not permitted",
        "XMP namespace pdfaSchema=http://www.aiim.org/pdfa/ns/schema# is not permitted",
        "XMP namespace pdfaProperty=http://www.aiim.org/pdfa/ns/property# is not permitted",
        "XMP property pdfaExtension:schemas is not permitted",
        "XMP property pdfuaid:part is not permitted",
    )
}

failed = False
for path in sys.argv[1:]:
    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
    except Exception as e:  # noqa: BLE001 - any failure to open is a failure
        print(f"{path}: cannot open: {e}")
        failed = True
        continue
    if pages == 0:
        print(f"{path}: no pages")
        failed = True
        continue
    report = pdfa.validate_written(path, "3b")
    known = [f for f in report.findings if (f.rule, f.message) in KNOWN]
    violations = [f for f in report.findings
                  if f.kind == "violation" and (f.rule, f.message) not in KNOWN]
    print(f"{path}: opened, {pages} pages, {len(violations)} violations, "
          f"{len(known)} known (extension schema), "
          f"{len(report.findings) - len(violations) - len(known)} unchecked")
    for f in report.findings:
        kind = "known" if (f.rule, f.message) in KNOWN else f.kind
        print(f"  {kind}: {f.rule} at {f.where}: {f.message}")
    failed |= bool(violations)
sys.exit(1 if failed else 0)
