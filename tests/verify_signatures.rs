//! `handover verify` on signed statements: a pack signed by both parties
//! (with pyHanko: the provider with RSA, `adbe.pkcs7.detached`, the customer
//! with ECDSA P-256, `ETSI.CAdES.detached`) is accepted and names both
//! signers; each kind of tampering of the published attacks on PDF
//! signatures is refused, naming what changed; a signer from another CA is
//! not trusted. Every refusal leaves the file as it was.
//!
//! The attacks (Mladenov, Mainka et al., "1 Trillion Dollar Refund" 2019,
//! and "Shadow Attacks" 2021):
//! - incremental saving (ISA): an update after signing that redefines
//!   content, lays an annotation over a page, or appends objects or bytes no
//!   signature covers;
//! - signature wrapping (SWA): a `/ByteRange` that leaves out more than the
//!   signature's own `/Contents`, so that unsigned bytes hide in the gap;
//! - universal forgery (USF): a signature with no value (`/Contents` of
//!   zeros) or a `/ByteRange` that covers nothing;
//! - shadow attacks: content hidden in the signed revision (a second
//!   content stream no page draws, or a whole second document nothing
//!   refers to) revealed by an update that changes no bytes of it (the
//!   page's `/Contents` re-pointed at it, a cross-reference alone giving
//!   the page's content the hidden stream's bytes, a trailer alone making
//!   the hidden catalog the document's), or a font the page uses replaced:
//!   those, and the updates readers read apart, are in
//!   `tests/verify_attacks.rs`.
//!
//! Certificates are made (in `tests/common/signed.rs`) with the `openssl` CLI, signatures and
//! tampered updates with pyHanko (`tests/tamper.py`). Without pyHanko the
//! tests are skipped with a warning, except under CI, where they fail.

use std::process::Command;

#[path = "common/signed.rs"]
mod signed;

use signed::*;

#[test]
fn a_pack_signed_by_both_parties_holds_and_names_both_signers() {
    let Some(f) = fixture() else { return };
    let t = trust(f);
    let (code, out) = verify(&f.pack(), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "signed   statement-en-US.pdf: signed by Jane Doe (provider), Kim Minjun (customer)"
        ),
        "{out}"
    );
    assert!(!out.contains("CHANGED"), "{out}");
    assert_eq!(
        out.matches("trusted: chains to CN=Test Root CA").count(),
        2,
        "{out}"
    );
    assert!(out.contains("type         adbe.pkcs7.detached"), "{out}");
    assert!(out.contains("type         ETSI.CAdES.detached"), "{out}");
    assert_eq!(
        out.matches("certificate  valid at that time").count(),
        2,
        "{out}"
    );
    // The first covers its revision, the last the whole file.
    assert!(out.contains("the file up to its revision (byte "), "{out}");
    assert!(
        out.contains(": the whole file, less its own /Contents"),
        "{out}"
    );
    assert!(out.contains("pack ") && out.contains(" holds"), "{out}");
    assert!(!out.contains("PROBLEM"), "{out}");
    // pyHanko agrees.
    let o = Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            "ca.pem",
            "--trust-replace",
            "--no-revocation-check",
        ])
        .arg("both.pdf")
        .current_dir(&f.dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        text.matches("The signature is judged VALID").count(),
        2,
        "{text}"
    );
}

#[test]
fn a_certified_statement_approved_by_the_other_party_holds() {
    let Some(f) = fixture() else { return };
    let t = trust(f);
    // The provider certifies (DocMDP, form filling allowed: /Perms in the
    // catalog), the customer approves.
    let (code, out) = verify(&f.path("certified-both.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("signed by Jane Doe (provider), Kim Minjun (customer)"),
        "{out}"
    );
    // Content replaced after it is refused as before.
    let p = f.path("certified-content.pdf");
    let o = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tamper.py"))
        .arg("content")
        .arg(f.path("certified-both.pdf"))
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    refused(f, &p, &["(a stream the pages draw) was changed"]);
}

#[test]
fn without_anchors_the_chain_is_not_checked_and_never_called_trusted() {
    let Some(f) = fixture() else { return };
    let (code, out) = verify(&f.pack(), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("chain        not checked (no --trust given)")
            .count(),
        2,
        "{out}"
    );
    assert!(!out.contains("trusted:"), "{out}");
}

#[test]
fn a_statement_whose_provider_field_pyhanko_signed_verifies() {
    let Some(f) = fixture() else { return };
    let t = trust(f);
    let (code, out) = verify(&f.path("provider.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("provider.pdf: signed by Jane Doe (provider)\n"),
        "{out}"
    );
    assert!(out.contains("field provider-signature (provider)"), "{out}");
    assert!(
        out.contains("signer       O=FastTrack Center,CN=Jane Doe"),
        "{out}"
    );
}

#[test]
fn isa_content_replaced_after_signing_is_refused() {
    let Some(f) = fixture() else { return };
    let out = refused(
        f,
        &f.path("content.pdf"),
        &["(a stream the pages draw) was changed"],
    );
    // Both signatures are told, and the bytes no signature covers.
    assert_eq!(
        out.matches("(a stream the pages draw) was changed").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("bytes follow the last signed revision"),
        "{out}"
    );
}

/// Tampering made between the two signatures, which the second one then
/// covers: only what changed after the first one can tell it, however the
/// update labels the object it rewrites.
#[test]
fn isa_content_replaced_between_the_signatures_is_refused_however_it_is_labelled() {
    let Some(f) = fixture() else { return };
    for (kind, what) in [
        ("content", "(a stream the pages draw) was changed"),
        ("content-xref", "(a stream the pages draw) was changed"),
        ("content-objstm", "(a stream the pages draw) was changed"),
        ("content-metadata", "(a stream the pages draw) was changed"),
        ("content-info", "(a stream the pages draw) was changed"),
        (
            "attachment-xref",
            "(a stream the signed document holds, now calling itself /XRef) was changed",
        ),
    ] {
        let file = f.path(&format!("between-{kind}.pdf"));
        let out = refused(f, &file, &[what]);
        // The provider's signature is the one refused; the customer's
        // covers the whole file and holds.
        let (first, second) = out.split_once("signature 2:").unwrap();
        assert!(first.contains(what), "{kind}: {out}");
        assert!(!second.contains("PROBLEM"), "{kind}: {out}");
        assert!(second.contains("the whole file"), "{kind}: {out}");
    }
}

#[test]
fn isa_an_annotation_laid_over_the_page_is_refused() {
    let Some(f) = fixture() else { return };
    refused(
        f,
        &f.path("annotation.pdf"),
        &["(a /Square annotation) was added", "(page 1) was changed"],
    );
}

#[test]
fn isa_an_update_no_signature_covers_is_refused() {
    let Some(f) = fixture() else { return };
    let out = refused(
        f,
        &f.path("info.pdf"),
        &["bytes follow the last signed revision"],
    );
    // Its only change is allowed between signatures (the document
    // information); after the last one, nothing is.
    assert!(!out.contains("was changed"), "{out}");
}

#[test]
fn isa_bytes_appended_without_a_cross_reference_are_refused() {
    let Some(f) = fixture() else { return };
    let mut bytes = std::fs::read(f.path("both.pdf")).unwrap();
    let n = bytes.len();
    bytes.extend_from_slice(b"99 0 obj\n<< /Type /Annot /Subtype /FreeText /Rect [0 0 600 800] /Contents (PAID) >>\nendobj\n");
    let p = write(f, "appended.pdf", &bytes);
    refused(
        f,
        &p,
        &[&format!(
            "bytes follow the last signed revision (from byte {n})"
        )],
    );
}

#[test]
fn swa_a_byte_range_that_leaves_out_more_than_the_contents_is_refused() {
    let Some(f) = fixture() else { return };
    let bytes = std::fs::read(f.path("both.pdf")).unwrap();
    // The gap widened by 10 bytes past the signature's hex string.
    let wrapped = with_byte_range(&bytes, |[a, b, c, d]| [a, b, c + 10, d - 10]);
    let p = write(f, "wrapped.pdf", &wrapped);
    refused(
        f,
        &p,
        &[
            "does not span the file around its /Contents: the bytes it leaves out are not one hex string",
        ],
    );
}

#[test]
fn usf_a_signature_without_a_value_is_refused() {
    let Some(f) = fixture() else { return };
    let bytes = std::fs::read(f.path("both.pdf")).unwrap();
    let at = bytes
        .windows(12)
        .rposition(|w| w == b"/ByteRange [")
        .unwrap();
    let start = bytes[..at]
        .windows(11)
        .rposition(|w| w == b"/Contents <")
        .unwrap()
        + 10;
    let mut zeroed = bytes.clone();
    let len = zeroed[start..].iter().position(|b| *b == b'>').unwrap();
    zeroed[start + 1..start + len].fill(b'0');
    let p = write(f, "zero-contents.pdf", &zeroed);
    refused(f, &p, &["its /Contents is empty: there is no signature"]);
}

#[test]
fn usf_a_byte_range_of_nonsense_is_refused() {
    let Some(f) = fixture() else { return };
    let bytes = std::fs::read(f.path("both.pdf")).unwrap();
    let p = write(
        f,
        "zero-range.pdf",
        &with_byte_range(&bytes, |_| [0, 0, 0, 0]),
    );
    refused(
        f,
        &p,
        &["/ByteRange [0, 0, 0, 0] does not span the file around its /Contents"],
    );
    let p = write(
        f,
        "past-end.pdf",
        &with_byte_range(&bytes, |[a, b, c, _]| [a, b, c, 99_999_999]),
    );
    refused(f, &p, &["it reaches past the end of the file"]);
    // A real where an offset goes is shown as written, and refused.
    let range = std::cell::Cell::new([0; 4]);
    let real = with_byte_range_text(&bytes, |r| {
        range.set(r);
        format!("{} {}.0 {} {}", r[0], r[1], r[2], r[3])
    });
    let p = write(f, "real-range.pdf", &real);
    let [a, b, c, d] = range.get();
    refused(
        f,
        &p,
        &[&format!(
            "its /ByteRange [{a}, {b}.0, {c}, {d}] does not span the file around its /Contents: it is not four non-negative numbers"
        )],
    );
}

#[test]
fn byte_ranges_that_do_not_span_the_file_or_are_missing_are_refused() {
    let Some(f) = fixture() else { return };
    let bytes = std::fs::read(f.path("both.pdf")).unwrap();
    for (name, range, what) in [
        (
            "late-start.pdf",
            with_byte_range(&bytes, |[a, b, c, d]| [a + 1, b - 1, c, d]),
            "does not start at the beginning of the file",
        ),
        (
            "short-end.pdf",
            with_byte_range(&bytes, |[a, b, c, d]| [a, b, c, d - 5]),
            "it does not end at the end of a revision (%%EOF)",
        ),
    ] {
        let p = write(f, name, &range);
        refused(f, &p, &[what]);
    }
    // The customer's signature dictionary without its /ByteRange key.
    let at = bytes
        .windows(12)
        .rposition(|w| w == b"/ByteRange [")
        .unwrap();
    let mut missing = bytes.clone();
    missing[at..at + 10].copy_from_slice(b"/ByteRangX");
    let p = write(f, "no-range.pdf", &missing);
    refused(
        f,
        &p,
        &["the signature has no /ByteRange: it covers nothing"],
    );
}

#[test]
fn a_signer_from_another_ca_is_not_trusted() {
    let Some(f) = fixture() else { return };
    let p = f.path("stranger.pdf");
    let out = refused(
        f,
        &p,
        &["NOT TRUSTED: no chain to a trust anchor: its issuer CN=Other CA"],
    );
    assert!(
        out.contains("trusted: chains to CN=Test Root CA"),
        "the provider stays trusted:\n{out}"
    );
    // The signature itself holds: without anchors, it verifies.
    let (code, out) = verify(&p, &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_chain_holds_only_through_intermediates_that_may_issue() {
    let Some(f) = fixture() else { return };
    let t = trust(f);
    let (code, out) = verify(&f.path("chain-good.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("trusted: chains to CN=Test Root CA"), "{out}");
    refused(
        f,
        &f.path("chain-nosign.pdf"),
        &[
            "NOT TRUSTED: no chain to a trust anchor: the issuer CN=No keyCertSign CA may not sign certificates (its key usage has no keyCertSign)",
        ],
    );
    refused(
        f,
        &f.path("chain-deep.pdf"),
        &[
            "NOT TRUSTED: no chain to a trust anchor: the issuer CN=Path Length 0 CA allows 0 intermediate certificates below it, and the chain has 1",
        ],
    );
}

#[test]
fn an_unsupported_algorithm_is_named() {
    let Some(f) = fixture() else { return };
    refused(
        f,
        &f.path("pss.pdf"),
        &["unsupported signature algorithm 1.2.840.113549.1.1.10"],
    );
}

#[test]
fn a_pack_whose_unsigned_revision_changed_is_not_signed() {
    let Some(f) = fixture() else { return };
    let pack = f.path("packs-edited/ENG-2026-0142");
    std::fs::create_dir_all(&pack).unwrap();
    for name in ["manifest.json", "tracker-en-US.xlsx"] {
        std::fs::copy(f.pack().join(name), pack.join(name)).unwrap();
    }
    // One byte of the first revision changed (in the comment after the
    // header): the signatures break, and the pack names the statement as
    // changed.
    let mut bytes = std::fs::read(f.path("both.pdf")).unwrap();
    assert_eq!(bytes[9], b'%');
    bytes[10] ^= 0x01;
    std::fs::write(pack.join("statement-en-US.pdf"), &bytes).unwrap();
    let (code, out) = verify(&pack, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("CHANGED  statement-en-US.pdf: its bytes differ from the manifest"),
        "{out}"
    );
    assert!(!out.contains("signed by"), "{out}");
}

/// A pack whose statement, after the listed bytes, has an update that is
/// no signature: alone, or before the first signature.
#[test]
fn a_pack_whose_statement_gained_an_update_that_is_no_signature_is_changed() {
    let Some(f) = fixture() else { return };
    for (name, said) in [
        (
            "pre-info.pdf",
            "CHANGED  statement-en-US.pdf: bytes were added after the listed statement, and none of them is a signature",
        ),
        (
            "pre-info-signed.pdf",
            "CHANGED  statement-en-US.pdf: its unsigned revision is not the listed statement (bytes were added before its first signature)",
        ),
    ] {
        let pack = f.path(&format!("packs-{name}/ENG-2026-0142"));
        std::fs::create_dir_all(&pack).unwrap();
        for part in ["manifest.json", "tracker-en-US.xlsx"] {
            std::fs::copy(f.pack().join(part), pack.join(part)).unwrap();
        }
        let bytes = std::fs::read(f.path(name)).unwrap();
        let unsigned = std::fs::read(f.path("unsigned.pdf")).unwrap();
        assert!(bytes.starts_with(&unsigned) && bytes.len() > unsigned.len());
        std::fs::write(pack.join("statement-en-US.pdf"), &bytes).unwrap();
        let (code, out) = verify(&pack, &[]);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains(said), "{name}: {out}");
        assert!(!out.contains("signed by"), "{name}: {out}");
    }
}

#[test]
fn a_signer_certificate_swapped_for_another_of_the_same_key_is_refused() {
    // Signature substitution: another certificate for the customer's key,
    // from the same trusted CA, put in the CMS as the signer's. The
    // signature still checks with the key; only the signed
    // signing-certificate attribute still names the original.
    let Some(f) = fixture() else { return };
    let out = refused(
        f,
        &f.path("swapped.pdf"),
        &["names another certificate than the one it carries as the signer's"],
    );
    assert!(
        out.contains("Mallory Swap"),
        "the swapped signer is named: {out}"
    );
    // Without anchors too: the swap is not a matter of trust.
    let (code, out) = verify(&f.path("swapped.pdf"), &[]);
    assert_eq!(code, 1, "{out}");
}
