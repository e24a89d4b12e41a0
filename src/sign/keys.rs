//! Keys and certificates read from PEM files or a PKCS#12 file, checked
//! against each other: RSA (2048 bits or more, PKCS#1 v1.5 with SHA-256)
//! and ECDSA P-256. Key material lives in zeroizing buffers and is never
//! written out; the keys themselves zeroize on drop. PKCS#12 files are
//! read by our own `p12` module (MAC first, then the bags), encrypted keys
//! decrypted by `pbe` (every decrypted buffer and derived key zeroizing);
//! this module pairs the key with a certificate and orders the chain.

use pkcs8::{DecodePrivateKey, PrivateKeyInfo};
use rsa::traits::PublicKeyParts;
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::SignError;

/// rsaEncryption.
const RSA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey.
const EC: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// prime256v1 (P-256).
const P256: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// A private key that can sign.
pub enum SigningKey {
    /// RSA, PKCS#1 v1.5 with SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    /// ECDSA on P-256 with SHA-256 (RFC 6979 nonces: deterministic).
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SigningKey::Rsa(_) => "SigningKey::Rsa(..)",
            SigningKey::P256(_) => "SigningKey::P256(..)",
        })
    }
}

/// What signs: the key, its certificate and the certificates that chain
/// it to a root (as given).
#[derive(Debug)]
pub struct Credentials {
    /// The private key.
    pub key: SigningKey,
    /// The signer's certificate.
    pub cert: Certificate,
    /// The rest of the chain, issuer first.
    pub chain: Vec<Certificate>,
}

/// A source of the password of an encrypted key, asked only when one is
/// needed; `None` when there is none to ask.
pub type Password<'a> = &'a mut dyn FnMut() -> Option<Zeroizing<String>>;

impl Credentials {
    /// Reads a PKCS#8 key (PEM, encrypted or not) and its certificate
    /// (PEM; further certificates in it, and those of `chain`, are the
    /// chain).
    ///
    /// # Errors
    /// A file is not what it should be, the password is missing or wrong,
    /// or the key does not match the certificate.
    pub fn from_pem(
        key_pem: &[u8],
        cert_pem: &[u8],
        chain_pem: Option<&[u8]>,
        password: Password<'_>,
    ) -> Result<Self, SignError> {
        let key_pem = std::str::from_utf8(key_pem)
            .map_err(|_| SignError::Key("the key file is not PEM text".into()))?;
        let (label, der) = der::pem::decode_vec(key_pem.as_bytes())
            .map_err(|e| SignError::Key(format!("the key file is not PEM ({e})")))?;
        let der = Zeroizing::new(der);
        let key = match label {
            "PRIVATE KEY" => signing_key(&der)?,
            "ENCRYPTED PRIVATE KEY" => {
                let pass = password().ok_or(SignError::NoPassword {
                    variable: "HANDOVER_KEY_PASSWORD",
                })?;
                signing_key(&super::pbe::decrypt_key(&der, &pass)?)?
            }
            other => {
                return Err(SignError::Key(format!(
                    "the key file holds `{other}`, not a PKCS#8 private key (convert it with `openssl pkcs8 -topk8`)"
                )));
            }
        };
        let mut certs = Certificate::load_pem_chain(cert_pem)
            .map_err(|e| SignError::Cert(format!("the certificate file cannot be read ({e})")))?;
        if certs.is_empty() {
            return Err(SignError::Cert(
                "the certificate file holds no certificate".into(),
            ));
        }
        let cert = certs.remove(0);
        if let Some(chain) = chain_pem {
            certs
                .extend(Certificate::load_pem_chain(chain).map_err(|e| {
                    SignError::Cert(format!("the chain file cannot be read ({e})"))
                })?);
        }
        Self::checked(key, cert, certs)
    }

    /// Reads a PKCS#12 file (`.p12`/`.pfx`): its (first) key, the key's
    /// certificate (the one with the key's localKeyId, else the one whose
    /// public key is the key's) and the other certificates in it as the
    /// chain, issuers of the certificate first. The MAC is checked before
    /// anything is decrypted; see `p12` for the algorithms read and how
    /// the decrypted buffers are wiped.
    ///
    /// # Errors
    /// The file cannot be read or uses an algorithm that is not supported,
    /// the password is missing or wrong, it holds no key, or no
    /// certificate for its key.
    pub fn from_pkcs12(p12: &[u8], password: Password<'_>) -> Result<Self, SignError> {
        let pass = password().ok_or(SignError::NoPassword {
            variable: "HANDOVER_P12_PASSWORD",
        })?;
        let contents = super::p12::read(p12, &pass)?;
        drop(pass);
        let Some(der) = &contents.key else {
            return Err(SignError::Key(
                "the PKCS#12 file holds no private key".into(),
            ));
        };
        let key = signing_key(der)?;
        let mut certs = contents.certs;
        let by_id = contents
            .key_id
            .as_ref()
            .and_then(|id| certs.iter().position(|(_, c)| c.as_ref() == Some(id)));
        let Some(at) = by_id.or_else(|| certs.iter().position(|(c, _)| matches(&key, c))) else {
            return Err(SignError::Cert(
                "the PKCS#12 file holds no certificate for its key".into(),
            ));
        };
        let (cert, _) = certs.remove(at);
        let mut rest: Vec<Certificate> = certs.into_iter().map(|(c, _)| c).collect();
        // Issuers first, each after the one it issued; the rest as found.
        let mut chain = Vec::with_capacity(rest.len());
        let mut issuer = cert.tbs_certificate.issuer.clone();
        while let Some(i) = rest
            .iter()
            .position(|c| c.tbs_certificate.subject == issuer)
        {
            let c = rest.remove(i);
            issuer = c.tbs_certificate.issuer.clone();
            chain.push(c);
        }
        chain.extend(rest);
        Self::checked(key, cert, chain)
    }

    /// Checks that the key is the certificate's.
    fn checked(
        key: SigningKey,
        cert: Certificate,
        chain: Vec<Certificate>,
    ) -> Result<Self, SignError> {
        let matches = matches(&key, &cert);
        if !matches {
            return Err(SignError::KeyMismatch {
                subject: super::cert::subject_name(&cert),
            });
        }
        Ok(Self { key, cert, chain })
    }
}

/// Whether `cert` holds `key`'s public key.
fn matches(key: &SigningKey, cert: &Certificate) -> bool {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let bits = spki.subject_public_key.raw_bytes();
    match key {
        SigningKey::Rsa(k) => {
            spki.algorithm.oid == RSA && {
                use rsa::pkcs1::DecodeRsaPublicKey;
                rsa::RsaPublicKey::from_pkcs1_der(bits).is_ok_and(|p| {
                    let private: &rsa::RsaPrivateKey = (**k).as_ref();
                    let public: &rsa::RsaPublicKey = private.as_ref();
                    &p == public
                })
            }
        }
        SigningKey::P256(k) => {
            spki.algorithm.oid == EC
                && p256::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                    .is_ok_and(|p| &p == k.verifying_key())
        }
    }
}

/// The signing key of a PKCS#8 `PrivateKeyInfo`.
fn signing_key(der: &[u8]) -> Result<SigningKey, SignError> {
    let info = PrivateKeyInfo::try_from(der)
        .map_err(|e| SignError::Key(format!("the private key cannot be read ({e})")))?;
    let alg = info.algorithm.oid;
    if alg == RSA {
        let k = rsa::RsaPrivateKey::from_pkcs8_der(der)
            .map_err(|e| SignError::Key(format!("the RSA key cannot be read ({e})")))?;
        let bits = k.n().bits();
        if bits < 2048 {
            return Err(SignError::Key(format!(
                "the RSA key has {bits} bits; 2048 or more are needed"
            )));
        }
        Ok(SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(k))))
    } else if alg == EC {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| SignError::Key("the EC key names no curve".into()))?;
        if curve != P256 {
            return Err(SignError::Key(format!(
                "the EC key is on curve {curve}; only P-256 (prime256v1) is supported"
            )));
        }
        let k = p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map_err(|e| SignError::Key(format!("the P-256 key cannot be read ({e})")))?;
        Ok(SigningKey::P256(k))
    } else {
        Err(SignError::Key(format!(
            "the key's algorithm {alg} is not supported (use RSA or ECDSA P-256)"
        )))
    }
}
