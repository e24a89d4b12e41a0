//! The signed statements, keys and tampered copies the verify tests
//! share, made once per test binary (`tests/verify_signatures.rs`,
//! `tests/verify_attacks.rs`), and the helpers that verify them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub struct Fixture {
    pub dir: PathBuf,
}

impl Fixture {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    pub fn pack(&self) -> PathBuf {
        self.dir.join("packs/ENG-2026-0142")
    }
}

pub fn run(cmd: &mut Command) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

pub fn sh(dir: &Path, script: &str) {
    run(Command::new("bash")
        .arg("-euc")
        .arg(script)
        .current_dir(dir));
}

pub fn pyhanko_present() -> bool {
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
pub fn fixture() -> Option<&'static Fixture> {
    static F: OnceLock<Option<Fixture>> = OnceLock::new();
    F.get_or_init(|| pyhanko_present().then(make)).as_ref()
}

pub fn make() -> Fixture {
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
    let sample = include_str!("../../samples/engagements/contoso-midway.yaml");
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
for k in xrefstm dup index-dup free-stray generation rebuild objstm-twice drop-provider acroform-info; do
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

pub fn sha(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// Runs `handover verify TARGET ARGS…`: its exit code and output. The
/// target (or, for a pack, its statement) is unchanged by it.
pub fn verify(target: &Path, args: &[&str]) -> (i32, String) {
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

pub fn trust(f: &Fixture) -> [String; 2] {
    [
        "--trust".to_string(),
        f.path("ca.pem").display().to_string(),
    ]
}

/// Verifies `file` (in the fixture) with `--trust ca.pem`: refused, saying `what`.
pub fn refused(f: &Fixture, file: &Path, what: &[&str]) -> String {
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
pub fn with_byte_range(bytes: &[u8], new: impl Fn([i64; 4]) -> [i64; 4]) -> Vec<u8> {
    with_byte_range_text(bytes, |old| {
        let r = new(old);
        format!("{} {} {} {}", r[0], r[1], r[2], r[3])
    })
}

/// The customer's `/ByteRange` written as `new` gives it (the values
/// between the brackets), in place.
pub fn with_byte_range_text(bytes: &[u8], new: impl Fn([i64; 4]) -> String) -> Vec<u8> {
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
    let text = format!("{}]", new([old[0], old[1], old[2], old[3]]));
    let width = end + 1 - at;
    assert!(text.len() <= width);
    let mut out = bytes.to_vec();
    out[at..=end].copy_from_slice(format!("{text:width$}").as_bytes());
    assert_eq!(out.len(), bytes.len());
    out
}

pub fn write(f: &Fixture, name: &str, bytes: &[u8]) -> PathBuf {
    let p = f.path(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The text poppler extracts from a file (the forged page shows, so the
/// attack file is a working one).
pub fn text_of(f: &Fixture, name: &str) -> String {
    let o = Command::new("pdftotext")
        .arg(f.path(name))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    String::from_utf8_lossy(&o.stdout).into_owned()
}
