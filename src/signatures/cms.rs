//! The CMS inside a signature's `/Contents`: a detached `SignedData` with
//! one `SignerInfo`, read with RustCrypto's `cms`; the digest of the
//! covered bytes compared with its message-digest attribute, and the
//! signature checked with the signer's key. RSA PKCS#1 v1.5 and ECDSA
//! P-256, both with SHA-256, are checked; anything else is named as
//! unsupported.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier as Oid, OctetStringRef};
use der::{Decode, Encode, SliceReader};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const SUBJECT_KEY_ID: Oid = Oid::new_unwrap("2.5.29.14");
/// ESS signing-certificate-v2 (RFC 5035) and its SHA-1 predecessor
/// (RFC 2634): the signed hash of the signer's certificate.
const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … }`
/// (and the v1 form, whose `ESSCertID` has no hash algorithm).
#[derive(der::Sequence)]
struct SigningCertificate<'a> {
    certs: Vec<EssCertId<'a>>,
    #[asn1(optional = "true")]
    policies: Option<der::asn1::AnyRef<'a>>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`.
#[derive(der::Sequence)]
struct EssCertId<'a> {
    #[asn1(optional = "true")]
    hash_algorithm: Option<spki::AlgorithmIdentifierRef<'a>>,
    cert_hash: OctetStringRef<'a>,
    #[asn1(optional = "true")]
    issuer_serial: Option<der::asn1::AnyRef<'a>>,
}

/// Whether the signed signing-certificate attribute names `cert`: `None`
/// when the hash algorithm is one this does not check.
fn names_certificate(
    attr: &der::asn1::AnyRef<'_>,
    v2: bool,
    cert: &Certificate,
) -> Result<Option<bool>, String> {
    let sc: SigningCertificate<'_> = attr
        .decode_as()
        .map_err(|e| format!("its signing-certificate attribute cannot be read: {e}"))?;
    let Some(first) = sc.certs.first() else {
        return Err("its signing-certificate attribute names no certificate".to_string());
    };
    let der = cert
        .to_der()
        .map_err(|e| format!("its certificate cannot be encoded: {e}"))?;
    let alg = if v2 {
        first.hash_algorithm.map_or(SHA256, |a| a.oid)
    } else {
        SHA1
    };
    let hash: Vec<u8> = if alg == SHA256 {
        Sha256::digest(&der).to_vec()
    } else if alg == Oid::new_unwrap("2.16.840.1.101.3.4.2.2") {
        sha2::Sha384::digest(&der).to_vec()
    } else if alg == Oid::new_unwrap("2.16.840.1.101.3.4.2.3") {
        sha2::Sha512::digest(&der).to_vec()
    } else if alg == SHA1 {
        use sha1::Digest as _;
        sha1::Sha1::digest(&der).to_vec()
    } else {
        return Ok(None);
    };
    Ok(Some(first.cert_hash.as_bytes() == hash.as_slice()))
}
pub(crate) const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSA_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub(crate) const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");

/// What the CMS says.
#[derive(Debug, Default)]
pub(crate) struct CmsCheck {
    /// The signer's certificate, when the CMS carries it.
    pub signer: Option<Certificate>,
    /// Every certificate it carries (the chain).
    pub certificates: Vec<Certificate>,
    /// The digest of the covered bytes is the signed one.
    pub digest_valid: bool,
    /// The signature checks with the signer's key.
    pub signature_valid: bool,
    /// What does not hold.
    pub problems: Vec<String>,
}

/// Checks a signature's CMS against the digest of the bytes it covers
/// (`None` when the `/ByteRange` could not be used).
pub(crate) fn check(contents: &[u8], digest: Option<&[u8; 32]>) -> CmsCheck {
    let mut out = CmsCheck::default();
    if let Err(why) = check_into(&mut out, contents, digest) {
        out.problems.push(why);
    }
    out
}

fn check_into(
    out: &mut CmsCheck,
    contents: &[u8],
    digest: Option<&[u8; 32]>,
) -> Result<(), String> {
    if contents.iter().all(|b| *b == 0) {
        return Err("its /Contents is empty: there is no signature".to_string());
    }
    // /Contents is padded with zeros after the DER: read one value, ignore the rest.
    let info = SliceReader::new(contents)
        .and_then(|mut r| ContentInfo::decode(&mut r))
        .map_err(|e| format!("its /Contents is not a CMS signature: {e}"))?;
    if info.content_type != SIGNED_DATA {
        return Err(format!(
            "its /Contents is CMS {} rather than SignedData",
            info.content_type
        ));
    }
    let sd: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("its CMS SignedData cannot be read: {e}"))?;
    if sd.encap_content_info.econtent.is_some() {
        out.problems
            .push("its CMS carries content: a detached signature is expected".to_string());
    }
    out.certificates = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .collect();
    let infos = sd.signer_infos.0.as_slice();
    let [si] = infos else {
        return Err(format!(
            "its CMS has {} signer infos; one is expected",
            infos.len()
        ));
    };
    out.signer = signer_certificate(si, &out.certificates);
    let Some(cert) = out.signer.clone() else {
        return Err("its CMS does not carry the signer's certificate".to_string());
    };
    if si.digest_alg.oid != SHA256 {
        return Err(format!(
            "unsupported digest algorithm {}: only SHA-256 is checked",
            si.digest_alg.oid
        ));
    }
    let Some(digest) = digest else {
        return Err("the bytes it covers cannot be told, so its digest is not checked".to_string());
    };
    // What the signature is over: the signed attributes (DER, as a SET),
    // or, without them, the covered bytes themselves.
    let signed = match &si.signed_attrs {
        Some(attrs) => {
            let mut md = None;
            let mut ct = None;
            for a in attrs.iter() {
                let v2 = a.oid == SIGNING_CERTIFICATE_V2;
                if v2 || a.oid == SIGNING_CERTIFICATE {
                    let checked = a
                        .values
                        .iter()
                        .next()
                        .ok_or_else(|| "its signing-certificate attribute is empty".to_string())
                        .and_then(|v| names_certificate(&der::asn1::AnyRef::from(v), v2, &cert));
                    match checked {
                        Ok(Some(true)) => {}
                        Ok(Some(false)) => out.problems.push(
                            "its signed signing-certificate attribute names another certificate than the one it carries as the signer's: the certificate was swapped".to_string(),
                        ),
                        Ok(None) => out.problems.push(
                            "its signing-certificate attribute uses a hash this does not check".to_string(),
                        ),
                        Err(why) => out.problems.push(why),
                    }
                }
                if a.oid == MESSAGE_DIGEST {
                    md = a
                        .values
                        .iter()
                        .next()
                        .and_then(|v| v.decode_as::<OctetStringRef<'_>>().ok());
                } else if a.oid == CONTENT_TYPE {
                    ct = a
                        .values
                        .iter()
                        .next()
                        .and_then(|v| v.decode_as::<Oid>().ok());
                }
            }
            if ct != Some(DATA) {
                out.problems
                    .push("its signed attributes do not give the content type id-data".to_string());
            }
            match md {
                Some(md) if md.as_bytes() == digest.as_slice() => out.digest_valid = true,
                Some(_) => out.problems.push(
                    "the digest of the bytes it covers is not the signed one: they changed after signing".to_string(),
                ),
                None => out.problems.push("its signed attributes have no message digest".to_string()),
            }
            let der = attrs
                .to_der()
                .map_err(|e| format!("its signed attributes cannot be encoded: {e}"))?;
            let h: [u8; 32] = Sha256::digest(&der).into();
            h
        }
        None => *digest,
    };
    let alg = &si.signature_algorithm.oid;
    match verify_prehash(&cert, alg, &signed, si.signature.as_bytes()) {
        Ok(()) => {
            out.signature_valid = true;
            if si.signed_attrs.is_none() {
                out.digest_valid = true;
            }
        }
        Err(why) => out.problems.push(why),
    }
    Ok(())
}

/// The certificate a `SignerInfo` names.
fn signer_certificate(si: &SignerInfo, certs: &[Certificate]) -> Option<Certificate> {
    certs
        .iter()
        .find(|c| match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                c.tbs_certificate.issuer == ias.issuer
                    && c.tbs_certificate.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .tbs_certificate
                .extensions
                .iter()
                .flatten()
                .filter(|e| e.extn_id == SUBJECT_KEY_ID)
                .any(|e| {
                    OctetStringRef::from_der(e.extn_value.as_bytes())
                        .is_ok_and(|v| v.as_bytes() == ski.0.as_bytes())
                }),
        })
        .cloned()
}

/// Checks a signature over a SHA-256 digest with a certificate's key,
/// for the given signature algorithm.
pub(crate) fn verify_prehash(
    cert: &Certificate,
    alg: &Oid,
    hash: &[u8; 32],
    sig: &[u8],
) -> Result<(), String> {
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| format!("the signer's key cannot be read: {e}"))?;
    let key_alg = cert.tbs_certificate.subject_public_key_info.algorithm.oid;
    if (*alg == RSA || *alg == RSA_SHA256) && key_alg == RSA {
        use rsa::pkcs8::DecodePublicKey;
        use rsa::traits::PublicKeyParts;
        let key = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|e| format!("unsupported RSA key: {e}"))?;
        if key.size() < 256 {
            return Err(format!(
                "unsupported RSA key of {} bits: at least 2048 are needed",
                key.size() * 8
            ));
        }
        key.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), hash, sig)
            .map_err(|_| "the signature value does not check with the signer's key".to_string())
    } else if (*alg == ECDSA_SHA256 || *alg == EC_PUBLIC_KEY) && key_alg == EC_PUBLIC_KEY {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        use p256::pkcs8::DecodePublicKey;
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .map_err(|_| "unsupported elliptic-curve key: only P-256 is checked".to_string())?;
        let sig = p256::ecdsa::Signature::from_der(sig)
            .map_err(|_| "the ECDSA signature value cannot be read".to_string())?;
        key.verify_prehash(hash, &sig)
            .map_err(|_| "the signature value does not check with the signer's key".to_string())
    } else {
        Err(format!(
            "unsupported signature algorithm {alg} with a {key_alg} key: only RSA PKCS#1 v1.5 and ECDSA P-256 with SHA-256 are checked"
        ))
    }
}
