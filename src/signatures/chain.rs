//! Certificates: the signer's valid at the signing time and allowed to
//! sign, and a chain of issuers from it to a trust anchor (`--trust`), each
//! link's signature checked and each intermediate a CA valid at that time,
//! allowed to sign certificates (keyCertSign) and within its path length.
//! Revocation is not checked (no network).

use der::Decode;
use der::Encode;
use der::asn1::ObjectIdentifier as Oid;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};

use super::cms::verify_prehash;
use super::{SignatureError, Trust};

const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");

/// The longest chain followed from a signer to an anchor.
const MAX_DEPTH: usize = 8;

/// The certificates a signer's chain may end at (`--trust CA.pem`).
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    certs: Vec<Certificate>,
}

impl Anchors {
    /// No anchors: chains are not checked.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds every certificate of a PEM file.
    ///
    /// # Errors
    /// The text holds no certificate that can be read.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<(), SignatureError> {
        let certs =
            Certificate::load_pem_chain(pem).map_err(|e| SignatureError::Anchors(e.to_string()))?;
        if certs.is_empty() {
            return Err(SignatureError::Anchors(
                "no certificate in the file".to_string(),
            ));
        }
        self.certs.extend(certs);
        Ok(())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Whether `cert` chains to one of the anchors through the
    /// certificates a signature carries, at time `at` (Unix seconds).
    pub(crate) fn trust(
        &self,
        cert: &Certificate,
        carried: &[Certificate],
        at: Option<i64>,
    ) -> Trust {
        let mut cur = cert.clone();
        // `below`: the issuers already passed between the signer and `cur`.
        for below in 0..MAX_DEPTH {
            if self.certs.iter().any(|a| a == &cur) {
                return Trust::Trusted(subject(&cur));
            }
            let issuer = &cur.tbs_certificate.issuer;
            if let Some(a) = self
                .certs
                .iter()
                .find(|a| &a.tbs_certificate.subject == issuer && issued_by(&cur, a).is_ok())
            {
                return Trust::Trusted(subject(a));
            }
            let next = carried.iter().find(|c| {
                &c.tbs_certificate.subject == issuer && *c != &cur && issued_by(&cur, c).is_ok()
            });
            let Some(next) = next else {
                return Trust::NotTrusted(format!(
                    "no chain to a trust anchor: its issuer {issuer} is not one, nor issued by one"
                ));
            };
            if let Err(why) = may_issue(next, below) {
                return Trust::NotTrusted(format!(
                    "no chain to a trust anchor: the issuer {issuer} {why}"
                ));
            }
            if at.is_some_and(|t| !valid_at(next, t)) {
                return Trust::NotTrusted(format!(
                    "no chain to a trust anchor: the issuer {issuer} was not valid at the signing time"
                ));
            }
            cur = next.clone();
        }
        Trust::NotTrusted(format!(
            "no chain to a trust anchor within {MAX_DEPTH} certificates"
        ))
    }
}

/// A certificate's subject (RFC 4514).
pub(crate) fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

/// A certificate's common name.
pub(crate) fn common_name(cert: &Certificate) -> Option<String> {
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == COMMON_NAME)
        .map(|atv| {
            let shown = atv.to_string();
            shown
                .split_once('=')
                .map_or(shown.clone(), |(_, v)| v.to_string())
        })
}

/// Whether a signer's certificate was valid at `at` and allows signing.
pub(crate) fn usable_at(cert: &Certificate, at: i64) -> Result<(), String> {
    if !valid_at(cert, at) {
        let v = &cert.tbs_certificate.validity;
        return Err(format!(
            "its certificate was not valid at the signing time (valid from {} to {})",
            v.not_before, v.not_after
        ));
    }
    for e in cert.tbs_certificate.extensions.iter().flatten() {
        if e.extn_id == KEY_USAGE {
            let ku = KeyUsage::from_der(e.extn_value.as_bytes())
                .map_err(|_| "its certificate's key usage cannot be read".to_string())?;
            if !ku.digital_signature() && !ku.non_repudiation() {
                return Err("its certificate's key usage allows neither digitalSignature nor nonRepudiation".to_string());
            }
        }
    }
    Ok(())
}

fn valid_at(cert: &Certificate, at: i64) -> bool {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: &x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    secs(&v.not_before) <= at && at <= secs(&v.not_after)
}

/// Whether an intermediate `cert` may issue the certificate below it, with
/// `below` intermediates between that one and the signer (RFC 5280 §6.1.4:
/// a CA, its key usage, if given, with keyCertSign, and a path length
/// constraint, if given, of at least `below`).
fn may_issue(cert: &Certificate, below: usize) -> Result<(), String> {
    let ext = |oid| {
        cert.tbs_certificate
            .extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == oid)
    };
    let bc = ext(BASIC_CONSTRAINTS)
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .filter(|b| b.ca)
        .ok_or("is not a certificate authority (no basicConstraints CA:TRUE)")?;
    if let Some(e) = ext(KEY_USAGE) {
        let ku = KeyUsage::from_der(e.extn_value.as_bytes())
            .map_err(|_| "has a key usage that cannot be read")?;
        if !ku.key_cert_sign() {
            return Err("may not sign certificates (its key usage has no keyCertSign)".to_string());
        }
    }
    match bc.path_len_constraint {
        Some(n) if usize::from(n) < below => Err(format!(
            "allows {n} intermediate certificates below it, and the chain has {below}"
        )),
        _ => Ok(()),
    }
}

/// Whether `child`'s signature checks with `issuer`'s key.
fn issued_by(child: &Certificate, issuer: &Certificate) -> Result<(), String> {
    let tbs = child.tbs_certificate.to_der().map_err(|e| e.to_string())?;
    let hash: [u8; 32] = Sha256::digest(&tbs).into();
    let sig = child
        .signature
        .as_bytes()
        .ok_or_else(|| "unaligned signature".to_string())?;
    verify_prehash(issuer, &child.signature_algorithm.oid, &hash, sig)
}
