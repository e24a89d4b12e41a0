//! `handover verify` against the attacks that rest on PDF readers reading
//! one file two ways: the shadow attacks (content hidden in the signed
//! revision, revealed without changing its bytes) and updates whose
//! cross-reference readers read apart (a hybrid /XRefStm table, an object
//! listed twice or freed, an entry whose object is not there, a table only
//! some readers can read, so that they rebuild it from every object header
//! in the file, an ambiguous object stream), a signature taken out of the
//! form, and the form pointed elsewhere. Each attack file is shown by
//! poppler to work where it can be; each is refused, naming why. The files
//! are made by `tests/tamper.py` (see `tests/common/signed.rs`).

#[path = "common/signed.rs"]
mod signed;

use signed::*;

#[test]
fn shadow_hidden_content_revealed_after_signing_is_refused() {
    let Some(f) = fixture() else { return };
    // Signed with the hidden stream in it, the statement holds ...
    let t = trust(f);
    let (code, out) = verify(&f.path("hidden-signed.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    // ... and pointing the page at it, with no new object, is refused.
    let out = refused(f, &f.path("shadow.pdf"), &["(page 1) was changed"]);
    assert!(!out.contains("was added"), "{out}");
}

#[test]
fn shadow_a_hidden_document_made_the_catalog_by_a_trailer_alone_is_refused() {
    let Some(f) = fixture() else { return };
    // Signed with the unreferenced second document in it, the statement
    // holds, and shows the real page ...
    let t = trust(f);
    let (code, out) = verify(&f.path("hidden-catalog-signed.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(!text_of(f, "hidden-catalog-signed.pdf").contains("PAID IN FULL"));
    // ... and an update of a trailer alone shows the forged one instead,
    // which verify refuses.
    assert!(text_of(f, "shadow-catalog.pdf").contains("PAID IN FULL"));
    let out = refused(
        f,
        &f.path("shadow-catalog.pdf"),
        &["the catalog was replaced by another object after it signed"],
    );
    assert!(!out.contains("was added"), "no object was: {out}");
}

#[test]
fn shadow_signed_bytes_given_back_to_an_object_by_a_cross_reference_alone_are_refused() {
    let Some(f) = fixture() else { return };
    // Signed with the forged content in an earlier revision of its own
    // object, the statement holds and shows the real page ...
    let t = trust(f);
    let (code, out) = verify(&f.path("hidden-revision-signed.pdf"), &[&t[0], &t[1]]);
    assert_eq!(code, 0, "{out}");
    assert!(!text_of(f, "hidden-revision-signed.pdf").contains("PAID IN FULL"));
    // ... and an update of a cross-reference alone, every byte of the
    // page's new content one the signature covers, shows the forged one.
    let signed = std::fs::read(f.path("hidden-revision-signed.pdf")).unwrap();
    let bytes = std::fs::read(f.path("repointed.pdf")).unwrap();
    assert!(bytes.starts_with(&signed));
    assert!(text_of(f, "repointed.pdf").contains("PAID IN FULL"));
    let update = String::from_utf8_lossy(&bytes[signed.len()..]).into_owned();
    assert!(
        update.matches(" obj").count() <= 1,
        "a cross-reference alone: {update}"
    );
    let out = refused(
        f,
        &f.path("repointed.pdf"),
        &["(a stream the pages draw) was changed"],
    );
    assert!(!out.contains("was added"), "no object was: {out}");
}

/// Updates between the signatures, covered by the customer's, that PDF
/// readers read apart: each shows forged text on page 1 in poppler, and
/// verify, which reads the update's cross-reference as written, refuses
/// it, naming why.
#[test]
fn isa_a_cross_reference_that_readers_read_apart_is_refused() {
    let Some(f) = fixture() else { return };
    for (kind, what) in [
        (
            "xrefstm",
            "has a second, hybrid cross-reference (/XRefStm), which PDF readers do not read alike",
        ),
        ("dup", "twice, which PDF readers do not read alike"),
        ("index-dup", "twice, which PDF readers do not read alike"),
        ("free-stray", "was freed (by the cross-reference at byte"),
    ] {
        let name = format!("read-apart-{kind}.pdf");
        assert!(
            text_of(f, &name).contains("PAID IN FULL"),
            "{kind}: poppler shows the forgery"
        );
        let out = refused(f, &f.path(&name), &[what]);
        let (first, second) = out.split_once("signature 2:").unwrap();
        assert!(
            first.contains(what),
            "{kind}: the provider's is refused: {out}"
        );
        // The customer's own checks hold (the file's may not).
        assert!(!second.contains("    PROBLEM"), "{kind}: {out}");
    }
}

#[test]
fn isa_an_entry_whose_generation_is_not_its_objects_is_refused() {
    let Some(f) = fixture() else { return };
    // The whole file is refused: readers rebuild its cross-reference.
    let out = refused(
        f,
        &f.path("read-apart-generation.pdf"),
        &[
            "  PROBLEM  the cross-reference puts object ",
            " 1 at byte ",
            " 0 starts: PDF readers then rebuild it from whatever the file holds",
            // ... and the forged one, listed nowhere, is what they read.
            " is not the one the cross-reference names: a reader that rebuilds the cross-reference reads it instead",
        ],
    );
    assert!(text_of(f, "read-apart-generation.pdf").contains("PAID IN FULL"));
    assert!(!out.contains("object 0 "), "{out}");
}

#[test]
fn isa_a_cross_reference_that_readers_rebuild_or_an_ambiguous_object_stream_is_refused() {
    let Some(f) = fixture() else { return };
    // poppler rebuilds the cross-reference and shows the forged object
    // hidden in a listed stream's data.
    assert!(text_of(f, "read-apart-rebuild.pdf").contains("PAID IN FULL"));
    let out = refused(
        f,
        &f.path("read-apart-rebuild.pdf"),
        &[
            "cannot be read: its /W gives the type more than 4 bytes",
            " is not the one the cross-reference names: a reader that rebuilds the cross-reference reads it instead",
        ],
    );
    assert!(
        out.contains("  PROBLEM  object "),
        "a problem of the file: {out}"
    );
    refused(
        f,
        &f.path("read-apart-objstm-twice.pdf"),
        &[" twice, which PDF readers do not read alike"],
    );
}

#[test]
fn isa_a_signature_taken_out_of_the_form_is_refused() {
    let Some(f) = fixture() else { return };
    let name = "read-apart-drop-provider.pdf";
    assert!(text_of(f, name).contains("PAID IN FULL"));
    let out = refused(
        f,
        &f.path(name),
        &[
            "the signature in field provider-signature of the revision that ends at byte ",
            "is no longer in the form: a later update took it out",
        ],
    );
    // Only the customer's is left in the form, and it holds by itself.
    assert!(out.contains("signed by Kim Minjun (customer)\n"), "{out}");
}

#[test]
fn isa_the_form_pointed_at_the_document_information_is_refused() {
    let Some(f) = fixture() else { return };
    refused(
        f,
        &f.path("read-apart-acroform-info.pdf"),
        &[
            "(a /Catalog) was changed: the form (/AcroForm) was replaced by another object",
            "the form (/AcroForm) changed in /Fields, /NeedAppearances",
        ],
    );
}

#[test]
fn shadow_a_font_the_page_uses_replaced_after_signing_is_refused() {
    let Some(f) = fixture() else { return };
    let out = refused(f, &f.path("font.pdf"), &["(a font) was changed"]);
    assert_eq!(
        out.matches("(a font) was changed").count(),
        2,
        "both signatures are told: {out}"
    );
}
