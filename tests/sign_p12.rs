//! `handover sign --p12`: PKCS#12 files as openssl writes them today
//! (PBES2 AES-256-CBC with PBKDF2-SHA256, MAC SHA-256) and as older tools
//! do (`-legacy`: a 3DES key bag, an RC2-40 certificate bag, MAC SHA-1;
//! and 3DES throughout), with RSA and P-256 keys. Each one signs a
//! statement that `handover verify --trust` then proves; a wrong password
//! is refused with the file unchanged. `openssl pkcs12 -info` confirms
//! each file holds the algorithms it is meant to.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const PASSWORD: &str = "p12-비밀-ä";

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("runs");
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn openssl(dir: &Path, args: &[&str]) -> String {
    let o = run(Command::new("openssl").args(args).current_dir(dir));
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// Whether this openssl has the legacy provider (RC2, and `-legacy`).
fn has_legacy(dir: &Path) -> bool {
    Command::new("openssl")
        .args(["list", "-providers", "-provider", "legacy"])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A root CA and two signers (RSA 2048, P-256), once per run.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("sign-p12-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("pki dir");
        std::fs::write(
            dir.join("ext.cnf"),
            "[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
        )
        .expect("ext");
        openssl(
            &dir,
            &[
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                "ca.pem", "-days", "3650", "-subj", "/CN=P12 Test Root", "-addext",
                "keyUsage=critical,keyCertSign,cRLSign", "-addext",
                "basicConstraints=critical,CA:TRUE",
            ],
        );
        for (name, alg, cn) in [
            ("rsa", "rsa_keygen_bits:2048", "/CN=RSA Signer"),
            ("p256", "ec_paramgen_curve:P-256", "/CN=P-256 Signer"),
        ] {
            let key = format!("{name}.key");
            let algorithm = if name == "rsa" { "RSA" } else { "EC" };
            openssl(
                &dir,
                &["genpkey", "-algorithm", algorithm, "-pkeyopt", alg, "-out", &key],
            );
            let csr = format!("{name}.csr");
            openssl(&dir, &["req", "-new", "-key", &key, "-subj", cn, "-out", &csr]);
            openssl(
                &dir,
                &[
                    "x509", "-req", "-in", &csr, "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "3650", "-extfile", "ext.cnf", "-extensions",
                    "leaf", "-out", &format!("{name}.pem"),
                ],
            );
        }
        dir
    })
}

/// Exports `key`'s key and certificate, with the CA, as `out` with the
/// extra `openssl pkcs12` arguments; returns what `openssl pkcs12 -info`
/// says of it.
fn export(key: &str, out: &str, extra: &[&str]) -> String {
    let dir = pki();
    let pass = format!("pass:{PASSWORD}");
    let (k, c) = (format!("{key}.key"), format!("{key}.pem"));
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        &k,
        "-in",
        &c,
        "-certfile",
        "ca.pem",
        "-passout",
        &pass,
        "-out",
        out,
    ];
    args.extend_from_slice(extra);
    openssl(dir, &args);
    let legacy: &[&str] = if extra.contains(&"-legacy") {
        &["-legacy"]
    } else {
        &[]
    };
    let mut info = vec!["pkcs12", "-info", "-in", out, "-passin", &pass, "-nokeys"];
    info.extend_from_slice(legacy);
    openssl(dir, &info)
}

/// A statement built for signature, in `dir`.
fn statement(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let engagement = format!(
        "{}/samples/engagements/northwind-fresh.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = common::handover(
        &[
            "build",
            &engagement,
            "--only",
            "pdf",
            "--for-signature",
            "--out",
            &out.display().to_string(),
        ],
        dir,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pack = std::fs::read_dir(&out)
        .expect("out")
        .next()
        .expect("pack")
        .expect("entry")
        .path();
    let pdf = std::fs::read_dir(&pack)
        .expect("pack")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("statement");
    let target = dir.join("statement.pdf");
    std::fs::copy(&pdf, &target).expect("copy");
    target
}

/// `handover sign PDF --party provider --p12 P12 --out OUT` with the
/// password in the environment.
fn sign(pdf: &Path, p12: &str, password: &str, out: &Path) -> Output {
    let time = jiff::Timestamp::now().as_second() / 3600 * 3600 + 3600;
    Command::new(env!("CARGO_BIN_EXE_handover"))
        .arg("sign")
        .arg(pdf)
        .args(["--party", "provider", "--p12"])
        .arg(pki().join(p12))
        .args([
            "--time",
            &jiff::Timestamp::from_second(time).expect("t").to_string(),
        ])
        .arg("--out")
        .arg(out)
        .env("HANDOVER_P12_PASSWORD", password)
        .output()
        .expect("runs")
}

/// Signs with `p12`, checks `handover verify --trust ca.pem` names
/// `signer` and holds, then that a wrong password is refused and leaves
/// the statement as it was.
fn signs_and_verifies(p12: &str, signer: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path());
    let before = std::fs::read(&pdf).expect("read");
    let signed = dir.path().join("signed.pdf");
    let o = sign(&pdf, p12, PASSWORD, &signed);
    assert!(
        o.status.success(),
        "{p12}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ca = pki().join("ca.pem").display().to_string();
    let o = common::handover(
        &["verify", &signed.display().to_string(), "--trust", &ca],
        dir.path(),
    );
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{p12}: {t}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(t.contains(signer), "{p12}: {t}");

    // A wrong password: refused, nothing written, the statement unchanged.
    let wrong = dir.path().join("wrong.pdf");
    for password in ["wrong", "p12-비밀-a", ""] {
        let o = sign(&pdf, p12, password, &wrong);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{p12}: {err}");
        assert!(
            err.contains("wrong password for the PKCS#12 file"),
            "{p12} with `{password}`: {err}"
        );
        assert!(!wrong.exists(), "{p12}: a refused signature wrote a file");
        assert!(
            std::fs::read(&pdf).expect("read") == before,
            "{p12}: changed"
        );
    }
}

#[test]
fn openssl_3_default_pkcs12_files_sign() {
    if common::require_tool("openssl", "the test PKCS#12 files").is_none() {
        return;
    }
    for (key, signer) in [("rsa", "RSA Signer"), ("p256", "P-256 Signer")] {
        let file = format!("{key}-default.p12");
        let info = export(key, &file, &[]);
        assert!(info.contains("MAC: sha256"), "{info}");
        assert!(info.contains("PBES2, PBKDF2, AES-256-CBC"), "{info}");
        signs_and_verifies(&file, signer);
    }
}

#[test]
fn legacy_pkcs12_files_sign() {
    if common::require_tool("openssl", "the test PKCS#12 files").is_none() {
        return;
    }
    for (key, signer) in [("rsa", "RSA Signer"), ("p256", "P-256 Signer")] {
        // 3DES for the key and the certificates, MAC SHA-1: what older
        // Windows exports.
        let file = format!("{key}-3des.p12");
        let info = export(
            key,
            &file,
            &[
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
        );
        assert!(info.contains("MAC: sha1"), "{info}");
        assert!(info.contains("pbeWithSHA1And3-KeyTripleDES-CBC"), "{info}");
        signs_and_verifies(&file, signer);

        // openssl -legacy: the certificates under RC2-40.
        if has_legacy(pki()) {
            let file = format!("{key}-legacy.p12");
            let info = export(key, &file, &["-legacy"]);
            assert!(info.contains("pbeWithSHA1And40BitRC2-CBC"), "{info}");
            signs_and_verifies(&file, signer);
        } else {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"warning: skipped the -legacy PKCS#12 files: no legacy provider in openssl\n",
            );
        }
    }
}

#[test]
fn an_unsupported_cipher_or_a_file_without_the_keys_certificate_is_refused() {
    if common::require_tool("openssl", "the test PKCS#12 files").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path());
    let before = std::fs::read(&pdf).expect("read");
    let out = dir.path().join("signed.pdf");
    let mut cases = vec![(
        "p256-nocert.p12",
        vec!["-nocerts"],
        "the PKCS#12 file holds no certificate for its key",
    )];
    if has_legacy(pki()) {
        cases.push((
            "p256-rc4.p12",
            vec!["-legacy", "-keypbe", "PBE-SHA1-RC4-128"],
            "the PKCS#12 file protects its key with RC4-128, which is not supported: re-export it with `openssl pkcs12 -export … -keypbe AES-256-CBC -certpbe AES-256-CBC`",
        ));
    }
    for (file, extra, message) in cases {
        let dir = pki();
        let pass = format!("pass:{PASSWORD}");
        let mut args = vec![
            "pkcs12", "-export", "-inkey", "p256.key", "-passout", &pass, "-out", file,
        ];
        if extra != ["-nocerts"] {
            args.extend_from_slice(&["-in", "p256.pem"]);
        }
        args.extend_from_slice(&extra);
        openssl(dir, &args);
        let o = sign(&pdf, file, PASSWORD, &out);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(message), "{file}: {err}");
        assert!(!out.exists() && std::fs::read(&pdf).expect("read") == before);
    }
}
