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
//!   the hidden catalog the document's), or a font the page uses replaced.
//!
//! Certificates are made here with the `openssl` CLI, signatures and
//! tampered updates with pyHanko (`tests/tamper.py`). Without pyHanko the
//! tests are skipped with a warning, except under CI, where they fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

struct Fixture {
    dir: PathBuf,
}

impl Fixture {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    fn pack(&self) -> PathBuf {
        self.dir.join("packs/ENG-2026-0142")
    }
}

fn run(cmd: &mut Command) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn sh(dir: &Path, script: &str) {
    run(Command::new("bash")
        .arg("-euc")
        .arg(script)
        .current_dir(dir));
}

fn pyhanko_present() -> bool {
    let ok = Command::new("pyhanko")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyHanko is required under CI: .ci/run installs it"
        );
        eprintln!(
            "warning: skipped: pyHanko is not installed (pip install pyhanko-cli); under CI this fails"
        );
    }
    ok
}

/// The keys, the pack and the signed and tampered statements, made once.
fn fixture() -> Option<&'static Fixture> {
    static F: OnceLock<Option<Fixture>> = OnceLock::new();
    F.get_or_init(|| pyhanko_present().then(make)).as_ref()
}

fn make() -> Fixture {
    let dir = tempfile::tempdir().unwrap().keep();
    sh(
        &dir,
        r#"
ca() { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null; }
leaf() { openssl req -new -key "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -out "$1.pem" -days 365 \
    -extfile leaf.ext 2>/dev/null; }
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > leaf.ext
ca ca "Test Root CA"
ca other "Other CA"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out prov.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out cust.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out stranger.key 2>/dev/null
leaf prov "/CN=Jane Doe/O=FastTrack Center" ca
leaf cust "/CN=Kim Minjun/O=Contoso Korea" ca
leaf stranger "/CN=Mallory" other
cp cust.key swap.key
leaf swap "/CN=Mallory Swap/O=Contoso Korea" ca
# Intermediates: one that may issue, one without keyCertSign, one that
# allows no intermediate below it (and one below it all the same).
inter() { openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  printf "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -CAcreateserial -out "$1.pem" -days 365 \
    -extfile "$1.ext" 2>/dev/null; }
inter okint "Good Intermediate CA" 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n' ca
inter nosign "No keyCertSign CA" 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n' ca
inter pl0 "Path Length 0 CA" 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n' ca
inter under "Under Path Length 0 CA" 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' pl0
for k in good nosigned deep; do openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $k.key; done
leaf good "/CN=Good Chain" okint
leaf nosigned "/CN=Issued Without keyCertSign" nosign
leaf deep "/CN=Too Deep" under
cat under.pem pl0.pem > deep-chain.pem
"#,
    );
    // An engagement that neither party has signed off yet.
    let sample = include_str!("../samples/engagements/contoso-midway.yaml");
    let unsigned = sample.replace("title: IT 디렉터, date: 2026-11-20 }", "title: IT 디렉터 }");
    assert_ne!(sample, unsigned);
    std::fs::write(dir.join("eng.yaml"), unsigned).unwrap();
    run(Command::new(env!("CARGO_BIN_EXE_handover"))
        .args([
            "build",
            "eng.yaml",
            "--for-signature",
            "--locale",
            "en-US",
            "--out",
            "packs",
        ])
        .current_dir(&dir));
    let tamper = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tamper.py");
    let handover = env!("CARGO_BIN_EXE_handover");
    sh(
        &dir,
        &format!(
            r#"
cp packs/ENG-2026-0142/statement-en-US.pdf unsigned.pdf
pyhanko sign addsig --field provider-signature pemder --key prov.key --cert prov.pem --no-pass unsigned.pdf provider.pdf
pyhanko sign addsig --use-pades --field customer-signature pemder --key cust.key --cert cust.pem --no-pass provider.pdf both.pdf
pyhanko sign addsig --field customer-signature pemder --key stranger.key --cert stranger.pem --no-pass provider.pdf stranger.pdf
pyhanko sign addsig --prefer-pss --field provider-signature pemder --key prov.key --cert prov.pem --no-pass unsigned.pdf pss.pdf
pyhanko sign addsig --certify --field provider-signature pemder --key prov.key --cert prov.pem --no-pass unsigned.pdf certified.pdf
pyhanko sign addsig --use-pades --field customer-signature pemder --key cust.key --cert cust.pem --no-pass certified.pdf certified-both.pdf
for k in content annotation info; do python3 {tamper} $k both.pdf $k.pdf; done
python3 {tamper} shadow-hide unsigned.pdf hidden.pdf
pyhanko sign addsig --field provider-signature pemder --key prov.key --cert prov.pem --no-pass hidden.pdf hidden-signed.pdf
python3 {tamper} shadow-reveal hidden-signed.pdf shadow.pdf
python3 {tamper} cert-swap both.pdf swapped.pdf swap.pem
python3 {tamper} font both.pdf font.pdf
hidden=$(python3 {tamper} shadow-hide-catalog unsigned.pdf hidden-catalog.pdf)
pyhanko sign addsig --field provider-signature pemder --key prov.key --cert prov.pem --no-pass hidden-catalog.pdf hidden-catalog-signed.pdf
python3 {tamper} shadow-replace-catalog hidden-catalog-signed.pdf shadow-catalog.pdf "$hidden"
python3 {tamper} shadow-hide-revision unsigned.pdf hidden-revision.pdf
pyhanko sign addsig --field provider-signature pemder --key prov.key --cert prov.pem --no-pass hidden-revision.pdf hidden-revision-signed.pdf
python3 {tamper} xref-repoint hidden-revision-signed.pdf repointed.pdf
for k in xrefstm dup index-dup free-stray generation drop-provider acroform-info; do
  python3 {tamper} $k provider.pdf mid-$k.pdf
  {handover} sign mid-$k.pdf --party customer --key cust.key --cert cust.pem --out read-apart-$k.pdf
done
python3 {tamper} info unsigned.pdf pre-info.pdf
pyhanko sign addsig --field provider-signature pemder --key prov.key --cert prov.pem --no-pass pre-info.pdf pre-info-signed.pdf
for k in content content-xref content-objstm content-metadata content-info attachment-xref; do
  python3 {tamper} $k provider.pdf mid-$k.pdf
  {handover} sign mid-$k.pdf --party customer --key cust.key --cert cust.pem --out between-$k.pdf
done
{handover} sign unsigned.pdf --party provider --key good.key --cert good.pem --chain okint.pem --out chain-good.pdf
{handover} sign unsigned.pdf --party provider --key nosigned.key --cert nosigned.pem --chain nosign.pem --out chain-nosign.pdf
{handover} sign unsigned.pdf --party provider --key deep.key --cert deep.pem --chain deep-chain.pem --out chain-deep.pdf
cp both.pdf packs/ENG-2026-0142/statement-en-US.pdf
"#
        ),
    );
    Fixture { dir }
}

fn sha(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// Runs `handover verify TARGET ARGS…`: its exit code and output. The
/// target (or, for a pack, its statement) is unchanged by it.
fn verify(target: &Path, args: &[&str]) -> (i32, String) {
    let file = if target.is_dir() {
        target.join("statement-en-US.pdf")
    } else {
        target.to_path_buf()
    };
    let before = sha(&file);
    let o = Command::new(env!("CARGO_BIN_EXE_handover"))
        .arg("verify")
        .arg(target)
        .args(args)
        .current_dir(target.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(sha(&file), before, "verify changed {}", file.display());
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    (o.status.code().unwrap_or(-1), out)
}

fn trust(f: &Fixture) -> [String; 2] {
    [
        "--trust".to_string(),
        f.path("ca.pem").display().to_string(),
    ]
}

/// Verifies `file` (in the fixture) with `--trust ca.pem`: refused, saying `what`.
fn refused(f: &Fixture, file: &Path, what: &[&str]) -> String {
    let t = trust(f);
    let (code, out) = verify(file, &[&t[0], &t[1]]);
    assert_eq!(code, 1, "{} was accepted:\n{out}", file.display());
    for w in what {
        assert!(
            out.contains(w),
            "{}: expected {w:?} in:\n{out}",
            file.display()
        );
    }
    assert!(out.contains("does not hold"), "{out}");
    out
}

/// Rewrites the last `/ByteRange [a b c d]` of a file, keeping its width
/// (pyHanko pads it with spaces after the `]`).
fn with_byte_range(bytes: &[u8], new: impl Fn([i64; 4]) -> [i64; 4]) -> Vec<u8> {
    let at = bytes
        .windows(12)
        .rposition(|w| w == b"/ByteRange [")
        .unwrap()
        + 12;
    let close = at + bytes[at..].iter().position(|b| *b == b']').unwrap();
    let end = close + bytes[close + 1..].iter().position(|b| *b != b' ').unwrap();
    let old: Vec<i64> = std::str::from_utf8(&bytes[at..close])
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let r = new([old[0], old[1], old[2], old[3]]);
    let text = format!("{} {} {} {}]", r[0], r[1], r[2], r[3]);
    let width = end + 1 - at;
    assert!(text.len() <= width);
    let mut out = bytes.to_vec();
    out[at..=end].copy_from_slice(format!("{text:width$}").as_bytes());
    assert_eq!(out.len(), bytes.len());
    out
}

fn write(f: &Fixture, name: &str, bytes: &[u8]) -> PathBuf {
    let p = f.path(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

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

/// The text poppler extracts from a file (the forged page shows, so the
/// attack file is a working one).
fn text_of(f: &Fixture, name: &str) -> String {
    let o = Command::new("pdftotext")
        .arg(f.path(name))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    String::from_utf8_lossy(&o.stdout).into_owned()
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
        ("generation", "which no cross-reference lists"),
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
        ],
    );
    assert!(!out.contains("object 0 "), "{out}");
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
