//! `handover sign`: the provider signs with a PEM key, the customer with a
//! PKCS#12 file; what is written is read back with lopdf, poppler's
//! pdfsig and `openssl cms`; every refusal leaves the file byte for byte
//! as it was.
//!
//! The test PKI (a root CA, RSA 2048 and P-256 signers, one short-lived,
//! one without key usages, an encrypted key, a PKCS#12 file) is made with
//! the `openssl` command line, once per run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use lopdf::{Document, Object};

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("runs");
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn openssl(dir: &Path, args: &[&str]) {
    run(Command::new("openssl").args(args).current_dir(dir));
}

/// The test PKI's folder.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sign-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("pki dir");
        std::fs::write(
            dir.join("ext.cnf"),
            "[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n\
             [bare]\nbasicConstraints=CA:FALSE\n",
        )
        .expect("ext");
        openssl(
            &dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-subj",
                "/CN=Handover Test Root",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
            ],
        );
        let leaf = |key: &str, alg: &[&str], cn: &str, days: &str, ext: &str, cert: &str| {
            let mut a = vec!["genpkey"];
            a.extend_from_slice(alg);
            a.extend_from_slice(&["-out", key]);
            openssl(&dir, &a);
            let csr = format!("{cert}.csr");
            openssl(
                &dir,
                &[
                    "req", "-new", "-key", key, "-utf8", "-subj", cn, "-out", &csr,
                ],
            );
            openssl(
                &dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-days",
                    days,
                    "-extfile",
                    "ext.cnf",
                    "-extensions",
                    ext,
                    "-out",
                    cert,
                ],
            );
        };
        let rsa = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
        let ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
        leaf(
            "provider.key",
            &rsa,
            "/O=FastTrack Center/CN=Jane Doe",
            "3650",
            "leaf",
            "provider.pem",
        );
        leaf(
            "customer.key",
            &ec,
            "/O=Contoso/CN=김민준",
            "3650",
            "leaf",
            "customer.pem",
        );
        leaf(
            "short.key",
            &ec,
            "/CN=Short Lived",
            "2",
            "leaf",
            "short.pem",
        );
        let small = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"];
        leaf(
            "small.key",
            &small,
            "/CN=Small Key",
            "3650",
            "leaf",
            "small.pem",
        );
        leaf(
            "bare.key",
            &rsa,
            "/CN=No Key Usage",
            "3650",
            "bare",
            "bare.pem",
        );
        openssl(
            &dir,
            &[
                "pkcs12",
                "-export",
                "-inkey",
                "customer.key",
                "-in",
                "customer.pem",
                "-certfile",
                "ca.pem",
                "-passout",
                "pass:p12-secret",
                "-out",
                "customer.p12",
            ],
        );
        openssl(
            &dir,
            &[
                "pkcs8",
                "-topk8",
                "-in",
                "provider.key",
                "-v2",
                "aes-256-cbc",
                "-passout",
                "pass:key-secret",
                "-out",
                "provider-enc.key",
            ],
        );
        // The same key under a PKCS#12 scheme (SHA-1 and 3DES), the way
        // older tools encrypt PKCS#8 keys.
        openssl(
            &dir,
            &[
                "pkcs8",
                "-topk8",
                "-in",
                "provider.key",
                "-v1",
                "PBE-SHA1-3DES",
                "-passout",
                "pass:key-secret",
                "-out",
                "provider-3des.key",
            ],
        );
        dir
    })
}

fn pki_path(name: &str) -> String {
    pki().join(name).display().to_string()
}

/// A signing time inside every test certificate's validity, `days` from now.
fn time(days: i64) -> String {
    // The certificates first: the time is after they were made.
    let _ = pki();
    let now = jiff::Timestamp::now().as_second();
    // The next whole hour: after the certificates were made, and the same
    // for the runs of a test.
    let t = (now / 3600 + 1) * 3600 + days * 86_400;
    jiff::Timestamp::from_second(t).expect("time").to_string()
}

/// A statement built for signature from a sample (both parties unsigned
/// in northwind-fresh; contoso-midway's customer signed off in the file).
fn statement(dir: &Path, sample: &str, for_signature: bool) -> PathBuf {
    let out = dir.join("out");
    let engagement = format!(
        "{}/samples/engagements/{sample}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut args = vec!["build", engagement.as_str(), "--only", "pdf", "--out"];
    let out_s = out.display().to_string();
    args.push(&out_s);
    if for_signature {
        args.push("--for-signature");
    }
    run(Command::new(env!("CARGO_BIN_EXE_handover")).args(&args));
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
    let target = dir.join(format!("{sample}.pdf"));
    std::fs::copy(&pdf, &target).expect("copy");
    target
}

fn sign(pdf: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handover"));
    c.arg("sign")
        .arg(pdf)
        .args(args)
        .env_remove("HANDOVER_P12_PASSWORD")
        .env_remove("HANDOVER_KEY_PASSWORD");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("runs")
}

fn provider_args(t: &str) -> Vec<String> {
    [
        "--party",
        "provider",
        "--key",
        &pki_path("provider.key"),
        "--cert",
        &pki_path("provider.pem"),
        "--chain",
        &pki_path("ca.pem"),
        "--reason",
        "Handover approved",
        "--time",
        t,
    ]
    .map(String::from)
    .to_vec()
}

fn customer_args(t: &str) -> Vec<String> {
    [
        "--party",
        "customer",
        "--p12",
        &pki_path("customer.p12"),
        "--reason",
        "인수 승인",
        "--time",
        t,
    ]
    .map(String::from)
    .to_vec()
}

const P12: (&str, &str) = ("HANDOVER_P12_PASSWORD", "p12-secret");

/// `--party PARTY --key KEY --cert CERT --time TIME`, the key and
/// certificate from the test PKI.
fn key_args(party: &str, key: &str, cert: &str, time: &str) -> Vec<String> {
    vec![
        "--party".to_owned(),
        party.to_owned(),
        "--key".to_owned(),
        pki_path(key),
        "--cert".to_owned(),
        pki_path(cert),
        "--time".to_owned(),
        time.to_owned(),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The signature dictionaries, in the order of the file.
fn signatures(doc: &Document) -> Vec<lopdf::Dictionary> {
    let mut out: Vec<(i64, lopdf::Dictionary)> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Sig")
        })
        .map(|d| {
            let start = d
                .get(b"ByteRange")
                .and_then(Object::as_array)
                .map(|a| a[1].as_i64().unwrap_or(0))
                .unwrap_or(0);
            (start, d.clone())
        })
        .collect();
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, d)| d).collect()
}

fn range(d: &lopdf::Dictionary) -> Vec<usize> {
    d.get(b"ByteRange")
        .and_then(Object::as_array)
        .expect("ByteRange")
        .iter()
        .map(|o| usize::try_from(o.as_i64().expect("int")).expect("offset"))
        .collect()
}

fn contents(d: &lopdf::Dictionary) -> Vec<u8> {
    d.get(b"Contents")
        .and_then(Object::as_str)
        .expect("Contents")
        .to_vec()
}

#[test]
fn provider_then_customer_sign_and_both_hold() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let original = statement(dir.path(), "northwind-fresh", true);
    let before = std::fs::read(&original).expect("read");
    let one = dir.path().join("one.pdf");
    let two = dir.path().join("two.pdf");
    let mut a = provider_args(&time(0));
    a.extend(["--out".into(), one.display().to_string()]);
    let o = sign(&original, &strs(&a), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("signed provider-signature as Jane Doe"));
    let mut a = customer_args(&time(0));
    a.extend(["--out".into(), two.display().to_string()]);
    let o = sign(&one, &strs(&a), &[P12]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Each update appends: the earlier bytes are untouched.
    let b1 = std::fs::read(&one).expect("read");
    let b2 = std::fs::read(&two).expect("read");
    assert_eq!(
        std::fs::read(&original).expect("read"),
        before,
        "--out leaves the input"
    );
    assert!(b1.starts_with(&before) && b2.starts_with(&b1));

    let doc = Document::load_mem(&b2).expect("lopdf reads it");
    let sigs = signatures(&doc);
    assert_eq!(sigs.len(), 2);
    for s in &sigs {
        assert_eq!(
            s.get(b"SubFilter")
                .and_then(Object::as_name)
                .expect("SubFilter"),
            b"ETSI.CAdES.detached"
        );
        assert_eq!(
            s.get(b"Filter").and_then(Object::as_name).expect("Filter"),
            b"Adobe.PPKLite"
        );
        assert!(
            s.get(b"M")
                .and_then(Object::as_str)
                .expect("M")
                .starts_with(b"D:")
        );
    }
    // The first certifies, the second approves.
    let reference = sigs[0]
        .get(b"Reference")
        .and_then(Object::as_array)
        .expect("DocMDP reference");
    let params = reference[0]
        .as_dict()
        .expect("SigRef")
        .get(b"TransformParams")
        .and_then(Object::as_dict)
        .expect("params");
    assert_eq!(params.get(b"P").and_then(Object::as_i64).expect("P"), 2);
    assert!(
        sigs[1].get(b"Reference").is_err(),
        "the second signature approves"
    );
    let perms = doc
        .catalog()
        .expect("catalog")
        .get(b"Perms")
        .and_then(Object::as_dict)
        .expect("Perms");
    assert!(perms.get(b"DocMDP").is_ok());

    // Each range spans its revision around its /Contents; the last the whole file.
    let r1 = range(&sigs[0]);
    let r2 = range(&sigs[1]);
    assert_eq!(r1[2] + r1[3], b1.len());
    assert_eq!(r2[2] + r2[3], b2.len());
    assert_eq!((r1[0], b2[r1[1]], b2[r1[2] - 1]), (0, b'<', b'>'));

    // The CMS, read by openssl: signed attributes as PAdES wants.
    for (i, s) in sigs.iter().enumerate() {
        let der = contents(s);
        let p = dir.path().join(format!("sig{i}.der"));
        std::fs::write(&p, &der).expect("write");
        let o = run(Command::new("openssl")
            .args(["cms", "-cmsout", "-print", "-inform", "DER", "-in"])
            .arg(&p));
        let t = String::from_utf8_lossy(&o.stdout);
        let signed = t.split("signedAttrs:").nth(1).expect("signed attributes");
        let signed = signed
            .split("signatureAlgorithm:")
            .next()
            .expect("signed attributes");
        for oid in [
            "contentType (1.2.840.113549.1.9.3)",
            "messageDigest (1.2.840.113549.1.9.4)",
            "id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)",
        ] {
            assert!(signed.contains(oid), "{oid} missing: {signed}");
        }
        assert_eq!(
            signed.matches("object:").count(),
            3,
            "only those three (no signing-time): {signed}"
        );
        assert_eq!(
            t.matches("d.issuerAndSerialNumber:").count(),
            1,
            "one SignerInfo: {t}"
        );
        // Detached: no eContent.
        assert!(t.contains("eContent: <ABSENT>"), "{t}");
        // The signer's certificate and its chain (the test CA: given with
        // --chain, or inside the PKCS#12), each once.
        let certs = t
            .split("certificates:")
            .nth(1)
            .and_then(|c| c.split("crls:").next())
            .expect("certificates");
        assert_eq!(certs.matches("d.certificate:").count(), 2, "{certs}");
        assert_eq!(
            certs.matches("subject: CN=Handover Test Root\n").count(),
            1,
            "{certs}"
        );
        assert_eq!(
            certs.matches("issuer: CN=Handover Test Root\n").count(),
            2,
            "{certs}"
        );
    }

    // poppler checks the digests and signatures.
    if common::require_tool("pdfsig", "the signatures checked by poppler").is_some() {
        let o = Command::new("pdfsig").arg(&two).output().expect("pdfsig");
        let t = String::from_utf8_lossy(&o.stdout);
        assert_eq!(t.matches("Signature is Valid.").count(), 2, "{t}");
        assert_eq!(t.matches("Total document signed").count(), 1, "{t}");
        assert!(t.contains("Signer Certificate Common Name: 김민준"), "{t}");
        assert!(
            t.contains("Signer Certificate Common Name: Jane Doe"),
            "{t}"
        );
    }
    // handover's own verify proves both, against the test CA; with a CA
    // that issued neither, both are untrusted and verify fails.
    let o = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args([
            "verify",
            &two.display().to_string(),
            "--trust",
            &pki_path("ca.pem"),
        ])
        .output()
        .expect("verify");
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{t}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(t.contains("Jane Doe") && t.contains("김민준"), "{t}");
    let stranger = dir.path().join("stranger.pem");
    openssl(
        dir.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "stranger.key",
            "-out",
            "stranger.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Another CA",
        ],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args([
            "verify",
            &two.display().to_string(),
            "--trust",
            &stranger.display().to_string(),
        ])
        .output()
        .expect("verify");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // The appearance shows the signer, found by pdftotext.
    if common::require_tool("pdftotext", "the appearance's text").is_some() {
        let o = Command::new("pdftotext")
            .arg(&two)
            .arg("-")
            .output()
            .expect("pdftotext");
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(
            t.contains("Handover approved") && t.contains("인수 승인"),
            "{t}"
        );
        // Each appearance adds its signer's name and the signing time.
        let o = Command::new("pdftotext")
            .arg(&original)
            .arg("-")
            .output()
            .expect("pdftotext");
        let before = String::from_utf8_lossy(&o.stdout);
        for name in ["Jane Doe", "김민준"] {
            assert_eq!(
                t.matches(name).count(),
                before.matches(name).count() + 1,
                "{name} in the appearance: {t}"
            );
        }
        let when = time(0).replace('T', " ").replace('Z', " UTC");
        assert_eq!(t.matches(when.as_str()).count(), 2, "{when}: {t}");
    }
}

#[test]
fn the_same_statement_keys_and_time_give_the_same_bytes() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let original = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    let mut outs = Vec::new();
    for i in 0..2 {
        let one = dir.path().join(format!("p{i}.pdf"));
        let mut a = provider_args(&t);
        a.extend(["--out".into(), one.display().to_string()]);
        assert!(sign(&original, &strs(&a), &[]).status.success());
        let two = dir.path().join(format!("c{i}.pdf"));
        let mut a = customer_args(&t);
        a.extend(["--out".into(), two.display().to_string()]);
        assert!(sign(&one, &strs(&a), &[P12]).status.success());
        outs.push((
            std::fs::read(&one).expect("one"),
            std::fs::read(&two).expect("two"),
        ));
    }
    assert!(outs[0].0 == outs[1].0, "RSA signature differs between runs");
    assert!(
        outs[0].1 == outs[1].1,
        "ECDSA signature differs between runs"
    );
    // Another time, other bytes.
    let other = dir.path().join("other.pdf");
    let mut a = provider_args(&time(1));
    a.extend(["--out".into(), other.display().to_string()]);
    assert!(sign(&original, &strs(&a), &[]).status.success());
    assert!(std::fs::read(&other).expect("other") != outs[0].0);
}

#[test]
fn an_encrypted_pem_key_signs_with_its_password() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let before = std::fs::read(&pdf).expect("read");
    #[cfg(unix)]
    let before_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        0o640
    };
    let t = time(0);
    let args = key_args("provider", "provider-enc.key", "provider.pem", &t);
    let args = strs(&args);
    let o = sign(&pdf, &args, &[("HANDOVER_KEY_PASSWORD", "key-secret")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // In place, with the file's permissions kept.
    let after = std::fs::read(&pdf).expect("read");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, before_mode, "permissions changed");
    }
    assert!(after.len() > before.len() && after.starts_with(&before));
    assert_eq!(
        signatures(&Document::load_mem(&after).expect("lopdf")).len(),
        1
    );
}

/// Signs in place and expects a refusal with `message`; the file is as it was.
/// [`refused`] for the provider signing with `key` and `cert` at `time`.
fn refused_provider_key(pdf: &Path, key: &str, cert: &str, time: &str, message: &str) {
    let args = key_args("provider", key, cert, time);
    refused(pdf, &strs(&args), &[], message);
}

fn refused(pdf: &Path, args: &[&str], env: &[(&str, &str)], message: &str) {
    let before = std::fs::read(pdf).expect("read");
    let o = sign(pdf, args, env);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "expected `{message}` in: {err}");
    assert!(
        std::fs::read(pdf).expect("read") == before,
        "the file changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(pdf.parent().expect("dir"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn an_encrypted_pem_key_under_a_pkcs12_scheme_signs_and_a_wrong_password_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    let args = key_args("provider", "provider-3des.key", "provider.pem", &t);
    let args = strs(&args);
    refused(
        &pdf,
        &args,
        &[("HANDOVER_KEY_PASSWORD", "not-it")],
        "wrong password for the key",
    );
    let o = sign(&pdf, &args, &[("HANDOVER_KEY_PASSWORD", "key-secret")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = Document::load_mem(&std::fs::read(&pdf).expect("read")).expect("lopdf");
    assert_eq!(signatures(&after).len(), 1);
}

#[test]
fn a_field_signed_already_or_missing_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    assert!(sign(&pdf, &strs(&provider_args(&t)), &[]).status.success());
    refused(
        &pdf,
        &strs(&provider_args(&t)),
        &[],
        "the field `provider-signature` is signed already",
    );

    // contoso-midway's customer signed off in the engagement: no field.
    let contoso = statement(&dir.path().join("c"), "contoso-midway", true);
    refused(
        &contoso,
        &strs(&customer_args(&t)),
        &[P12],
        "the statement has no signature field `customer-signature`",
    );
}

#[test]
fn a_key_of_another_certificate_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    refused_provider_key(
        &pdf,
        "customer.key",
        "provider.pem",
        &t,
        "the key does not match the certificate of Jane Doe",
    );
    refused_provider_key(
        &pdf,
        "bare.key",
        "provider.pem",
        &t,
        "the key does not match the certificate of Jane Doe",
    );
}

#[test]
fn a_certificate_not_valid_at_the_time_or_not_for_signing_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    // short.pem is valid for two days from now: expired in ten.
    let later = time(10);
    refused_provider_key(
        &pdf,
        "short.key",
        "short.pem",
        &later,
        "the certificate of Short Lived is not valid at",
    );
    // Before any certificate was issued.
    let before = time(-10);
    refused_provider_key(
        &pdf,
        "provider.key",
        "provider.pem",
        &before,
        "the certificate of Jane Doe is not valid at",
    );
    let t = time(0);
    refused_provider_key(
        &pdf,
        "bare.key",
        "bare.pem",
        &t,
        "the certificate of No Key Usage lacks the digitalSignature and nonRepudiation key usages",
    );
}

#[test]
fn a_wrong_password_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    refused(
        &pdf,
        &strs(&customer_args(&t)),
        &[("HANDOVER_P12_PASSWORD", "wrong")],
        "wrong password for the PKCS#12 file",
    );
    let args = key_args("provider", "provider-enc.key", "provider.pem", &t);
    let args = strs(&args);
    refused(
        &pdf,
        &args,
        &[("HANDOVER_KEY_PASSWORD", "wrong")],
        "wrong password for the key",
    );
}

#[test]
fn a_pdf_that_is_not_a_statement_for_signature_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let t = time(0);
    let draft = statement(dir.path(), "northwind-fresh", false);
    refused(
        &draft,
        &strs(&provider_args(&t)),
        &[],
        "this statement was not built for signature",
    );

    // A PDF another program wrote.
    let other = dir.path().join("other.pdf");
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let page = doc.add_object(lopdf::dictionary! { "Type" => "Page", "Parent" => pages, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()] });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    doc.save(&other).expect("save");
    refused(
        &other,
        &strs(&provider_args(&t)),
        &[],
        "not a handover statement",
    );

    let text = dir.path().join("notes.pdf");
    std::fs::write(&text, "not a PDF at all\n").expect("write");
    refused(&text, &strs(&provider_args(&t)), &[], "not a readable PDF");
}

#[test]
fn without_a_password_or_a_terminal_the_message_says_where_one_comes_from() {
    if common::require_tool("openssl", "the test certificates").is_none()
        || common::require_tool("setsid", "a run without a terminal").is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let before = std::fs::read(&pdf).expect("read");
    let t = time(0);
    // setsid: a new session, no controlling terminal to prompt on.
    let o = Command::new("setsid")
        .arg(env!("CARGO_BIN_EXE_handover"))
        .arg("sign")
        .arg(&pdf)
        .args(strs(&customer_args(&t)))
        .env_remove("HANDOVER_P12_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a password is needed: set HANDOVER_P12_PASSWORD or run on a terminal"),
        "{err}"
    );
    assert!(std::fs::read(&pdf).expect("read") == before);
}

#[test]
fn an_rsa_key_under_2048_bits_is_refused() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    refused_provider_key(
        &pdf,
        "small.key",
        "small.pem",
        &t,
        "the RSA key has 1024 bits; 2048 or more are needed",
    );
}

/// pyHanko signs the provider's field (an approval, `adbe.pkcs7.detached`),
/// handover countersigns: both hold for poppler, and for pyHanko.
#[test]
fn a_statement_signed_by_pyhanko_is_countersigned() {
    if common::require_tool("openssl", "the test certificates").is_none()
        || common::require_tool("pyhanko", "a signature made by another program").is_none()
        || common::require_tool("pdfsig", "the signatures checked by poppler").is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let by_pyhanko = dir.path().join("pyhanko.pdf");
    run(Command::new("pyhanko")
        .args([
            "sign",
            "addsig",
            "--field",
            "provider-signature",
            "pemder",
            "--key",
        ])
        .arg(pki().join("provider.key"))
        .arg("--cert")
        .arg(pki().join("provider.pem"))
        .arg("--no-pass")
        .arg(&pdf)
        .arg(&by_pyhanko));
    let first = std::fs::read(&by_pyhanko).expect("read");
    let both = dir.path().join("both.pdf");
    let mut a = customer_args(&time(0));
    a.extend(["--out".into(), both.display().to_string()]);
    let o = sign(&by_pyhanko, &strs(&a), &[P12]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&both).expect("read");
    assert!(bytes.starts_with(&first));
    let doc = Document::load_mem(&bytes).expect("lopdf");
    let sigs = signatures(&doc);
    assert_eq!(sigs.len(), 2);
    assert!(
        sigs[1].get(b"Reference").is_err(),
        "a statement signed already is approved, not certified"
    );
    let o = Command::new("pdfsig").arg(&both).output().expect("pdfsig");
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(t.matches("Signature is Valid.").count(), 2, "{t}");
    let o = Command::new("pyhanko")
        .args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(pki().join("ca.pem"))
        .args(["--trust-replace", "--no-revocation-check"])
        .arg(&both)
        .output()
        .expect("pyhanko");
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(t.matches("The signature is judged VALID").count(), 2, "{t}");
    // And handover's own verify proves both: pyHanko's, then ours.
    let o = Command::new(env!("CARGO_BIN_EXE_handover"))
        .args([
            "verify",
            &both.display().to_string(),
            "--trust",
            &pki_path("ca.pem"),
        ])
        .output()
        .expect("verify");
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert_eq!(t.matches("signature    valid").count(), 2, "{t}");
}

/// On a terminal the password is asked for, and not echoed.
#[test]
fn on_a_terminal_the_password_is_asked_for() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    // `script` (util-linux) runs the command on a pseudo-terminal.
    let Some(script) = common::require_tool("script", "the password prompt on a terminal") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let signed = dir.path().join("signed.pdf");
    let cmd = format!(
        "{} sign {} --party customer --p12 {} --time {} --out {}",
        env!("CARGO_BIN_EXE_handover"),
        pdf.display(),
        pki_path("customer.p12"),
        time(0),
        signed.display()
    );
    let mut child = Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("HANDOVER_P12_PASSWORD")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut seen = Vec::new();
    {
        use std::io::{Read, Write};
        // Typed once the prompt is up (and a moment after, for the
        // terminal's echo to be off).
        let stdout = child.stdout.as_mut().expect("stdout");
        let mut buf = [0u8; 256];
        while !String::from_utf8_lossy(&seen).contains("password for") {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        let mut stdin = child.stdin.take().expect("stdin");
        // A command that does not ask has gone: the assertions say so.
        let _ = stdin.write_all(b"p12-secret\n");
    }
    let out = child.wait_with_output().expect("waits");
    seen.extend_from_slice(&out.stdout);
    let s = String::from_utf8_lossy(&seen);
    assert!(s.contains("password for"), "{s}");
    assert!(!s.contains("p12-secret"), "the password was echoed: {s}");
    assert!(s.contains("signed customer-signature as 김민준"), "{s}");
    assert_eq!(
        signatures(&Document::load_mem(&std::fs::read(&signed).expect("signed")).expect("lopdf"))
            .len(),
        1
    );
}

/// A statement saved again with a cross-reference stream (qpdf with object
/// streams) gets updates with cross-reference streams too; both
/// signatures hold and qpdf finds the file sound.
#[test]
fn a_statement_with_a_cross_reference_stream_is_updated_in_kind() {
    if common::require_tool("openssl", "the test certificates").is_none()
        || common::require_tool("qpdf", "a statement with a cross-reference stream").is_none()
        || common::require_tool("pdfsig", "the signatures checked by poppler").is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let streams = dir.path().join("streams.pdf");
    run(Command::new("qpdf")
        .arg("--object-streams=generate")
        .arg(&pdf)
        .arg(&streams));
    let before = std::fs::read(&streams).expect("read");
    let t = time(0);
    assert!(
        sign(&streams, &strs(&provider_args(&t)), &[])
            .status
            .success()
    );
    assert!(
        sign(&streams, &strs(&customer_args(&t)), &[P12])
            .status
            .success()
    );
    let after = std::fs::read(&streams).expect("read");
    assert!(after.starts_with(&before));
    let update = String::from_utf8_lossy(&after[before.len()..]);
    assert_eq!(update.matches("/Type /XRef").count(), 2, "one per update");
    assert!(
        !update.contains("\nxref\n"),
        "no classic table after a stream"
    );
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(&streams)
        .output()
        .expect("qpdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let o = Command::new("pdfsig")
        .arg(&streams)
        .output()
        .expect("pdfsig");
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(t.matches("Signature is Valid.").count(), 2, "{t}");
    assert_eq!(t.matches("Total document signed").count(), 1, "{t}");
}

#[test]
fn a_pack_whose_statement_both_parties_signed_in_place_verifies_as_signed() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let engagement = format!(
        "{}/samples/engagements/northwind-fresh.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    run(Command::new(env!("CARGO_BIN_EXE_handover")).args([
        "build",
        &engagement,
        "--locale",
        "en-US",
        "--for-signature",
        "--out",
        &out.display().to_string(),
    ]));
    let pack = out.join("ENG-2026-0201");
    let pdf = pack.join("statement-en-US.pdf");
    // Signed in place, one party after the other.
    let o = sign(&pdf, &strs(&provider_args(&time(0))), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sign(&pdf, &strs(&customer_args(&time(0))), &[P12]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let verify = |extra: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_handover"));
        c.arg("verify").arg(&pack).args(extra);
        c.output().expect("verify")
    };
    let o = verify(&["--trust", &pki_path("ca.pem")]);
    let t = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains("signed   statement-en-US.pdf: signed by"),
        "the unsigned revision is the listed statement: {t}"
    );
    assert!(t.contains("Jane Doe") && t.contains("김민준"), "{t}");
    assert!(!t.contains("CHANGED"), "{t}");
    // One byte of the unsigned revision changed: not the listed statement.
    let mut bytes = std::fs::read(&pdf).expect("read");
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    std::fs::write(&pdf, &bytes).expect("write");
    let o = verify(&["--trust", &pki_path("ca.pem")]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("CHANGED"));
}

#[test]
fn a_statement_certified_with_no_changes_allowed_is_not_countersigned() {
    if common::require_tool("openssl", "the test certificates").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = statement(dir.path(), "northwind-fresh", true);
    let t = time(0);
    assert!(sign(&pdf, &strs(&provider_args(&t)), &[]).status.success());
    // The certification as another tool would write it with level 1 (no
    // changes at all): its DocMDP parameters say /P 1.
    let bytes = std::fs::read(&pdf).expect("read");
    let at = bytes
        .windows(15)
        .rposition(|w| w == b"/TransformParam")
        .expect("the DocMDP reference");
    let tail = &bytes[at..];
    let p = tail.windows(4).position(|w| w == b"/P 2").expect("/P 2") + at;
    let mut level1 = bytes.clone();
    level1[p + 3] = b'1';
    std::fs::write(&pdf, &level1).expect("write");
    refused(
        &pdf,
        &strs(&customer_args(&t)),
        &[("HANDOVER_P12_PASSWORD", "p12-secret")],
        "certified with no changes allowed",
    );
}
