#!/usr/bin/env python3
"""PDF/A-3b check of statements with pikepdf's validator (veraPDF's rule ids).

Usage: pdfa_check.py FILE.pdf ...

For each file: opens it first (the validator never raises, and reports no
findings for a file it could not read), prints its page count and every
finding, and exits 1 if any file has a violation or could not be opened.
"""
import sys

import pikepdf
import pikepdf.pdfa as pdfa

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
    violations = [f for f in report.findings if f.kind == "violation"]
    print(f"{path}: opened, {pages} pages, {len(violations)} violations, "
          f"{len(report.findings) - len(violations)} unchecked")
    for f in report.findings:
        print(f"  {f.kind}: {f.rule} at {f.where}: {f.message}")
    failed |= bool(violations)
sys.exit(1 if failed else 0)
