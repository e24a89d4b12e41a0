//! Reading a PKCS#12 file (`.p12`/`.pfx`, RFC 7292): the MAC checked
//! first, then each SafeContents (plain, or password-encrypted) walked for
//! its first private key and its certificates. Bags of other kinds are
//! skipped. The decryption itself, and how its secrets are wiped, is
//! [`super::pbe`]'s.
//!
//! Supported: the MAC with HMAC-SHA-1/-256/-384/-512 keyed by the PKCS#12
//! KDF, and every scheme `pbe` reads. BER (indefinite lengths) is not read.
//!
//! # Secrets here
//! - the password as the PKCS#12 KDF wants it and the MAC key: see `pbe`;
//! - bags are parsed by borrowing from the decrypted buffer; an
//!   unencrypted key bag is copied into a `Zeroizing<Vec<u8>>` of its
//!   exact size.

use der::asn1::{AnyRef, ObjectIdentifier as Oid, OctetStringRef};
use der::{Decode, Encode, Sequence};
use hmac::{Mac, SimpleHmac};
use pkcs12::kdf::Pkcs12KeyType;
use sha2::digest::core_api::BlockSizeUser;
use sha2::digest::{Digest, FixedOutputReset, KeyInit};
use spki::AlgorithmIdentifierRef;
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::SignError;
use super::pbe::{
    Password, ShroudedKey, decrypt_with, iterations, pkcs12_kdf, unreadable, unsupported,
    wrong_password,
};

/// How deep SafeContents bags may nest.
const MAX_DEPTH: u8 = 4;

const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
const LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");
const X509_CERT: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

/// What a PKCS#12 file holds, for [`super::keys`] to pair up.
pub struct Contents {
    /// The first private key: a PKCS#8 `PrivateKeyInfo`, DER.
    pub key: Option<Zeroizing<Vec<u8>>>,
    /// That key's localKeyId attribute.
    pub key_id: Option<Vec<u8>>,
    /// The certificates, each with its localKeyId attribute, in file order.
    pub certs: Vec<(Certificate, Option<Vec<u8>>)>,
}

/// `PFX ::= SEQUENCE { version, authSafe ContentInfo, macData OPTIONAL }`.
#[derive(Sequence)]
struct Pfx<'a> {
    version: u8,
    auth_safe: ContentInfo<'a>,
    mac_data: Option<pkcs12::mac_data::MacData>,
}

/// A CMS `ContentInfo`, borrowed.
#[derive(Sequence)]
struct ContentInfo<'a> {
    content_type: Oid,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    content: AnyRef<'a>,
}

/// A `SafeBag`, borrowed (from the file, or from a decrypted buffer).
#[derive(Sequence)]
struct SafeBag<'a> {
    bag_id: Oid,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    value: AnyRef<'a>,
    attributes: Option<AnyRef<'a>>,
}

/// An `Attribute`: its values are a SET, read by hand (not all writers
/// sort it as DER wants).
#[derive(Sequence)]
struct Attribute<'a> {
    oid: Oid,
    values: AnyRef<'a>,
}

/// Reads `p12` with `password`.
///
/// # Errors
/// A wrong password (the MAC does not hold, or a bag does not decrypt),
/// a file that is not PKCS#12, an unsupported algorithm, or too many
/// iterations.
pub fn read(p12: &[u8], password: &str) -> Result<Contents, SignError> {
    let pfx = Pfx::from_der(p12).map_err(unreadable)?;
    if pfx.version != 3 {
        return Err(unreadable(format!("version {}", pfx.version)));
    }
    if pfx.auth_safe.content_type != DATA {
        return Err(unsupported("contents", "public-key integrity"));
    }
    let auth_safe = octets(pfx.auth_safe.content)?;
    let mut pass = Password::new(password);
    if let Some(mac) = &pfx.mac_data {
        if !mac_holds(mac, auth_safe, &pass.bmp)? {
            // openssl may key an empty password's MAC with no bytes at all.
            let none = Zeroizing::new(Vec::new());
            if !(password.is_empty() && mac_holds(mac, auth_safe, &none)?) {
                return Err(wrong_password());
            }
            pass.bmp = none;
        }
        pass.proved = true;
    }
    let safes = Vec::<ContentInfo<'_>>::from_der(auth_safe).map_err(unreadable)?;
    let mut out = Contents {
        key: None,
        key_id: None,
        certs: Vec::new(),
    };
    for safe in safes {
        if safe.content_type == DATA {
            let list = Vec::<SafeBag<'_>>::from_der(octets(safe.content)?);
            bags(list.map_err(unreadable)?, &pass, &mut out, 0)?;
        } else if safe.content_type == ENCRYPTED_DATA {
            let data = safe
                .content
                .decode_as::<cms::encrypted_data::EncryptedData>()
                .map_err(unreadable)?;
            let info = data.enc_content_info;
            let Some(ciphertext) = info.encrypted_content else {
                continue;
            };
            let alg = AlgorithmIdentifierRef {
                oid: info.content_enc_alg.oid,
                parameters: info.content_enc_alg.parameters.as_ref().map(Into::into),
            };
            let plain = decrypt(&alg, ciphertext.as_bytes(), &pass, "certificates")?;
            let list = Vec::<SafeBag<'_>>::from_der(&plain).map_err(unreadable)?;
            bags(list, &pass, &mut out, 0)?;
        }
        // Public-key-enveloped safes are skipped, as unknown bags are.
    }
    Ok(out)
}

/// The contents of an OCTET STRING.
fn octets(any: AnyRef<'_>) -> Result<&[u8], SignError> {
    Ok(any
        .decode_as::<OctetStringRef<'_>>()
        .map_err(unreadable)?
        .as_bytes())
}

/// Whether `mac`'s HMAC over `data` holds with the password `bmp`.
fn mac_holds(mac: &pkcs12::mac_data::MacData, data: &[u8], bmp: &[u8]) -> Result<bool, SignError> {
    fn hmac<D>(mac: &pkcs12::mac_data::MacData, data: &[u8], bmp: &[u8]) -> Result<bool, SignError>
    where
        D: Digest + FixedOutputReset + BlockSizeUser,
    {
        let rounds = iterations(i64::from(mac.iterations))?;
        let salt = mac.mac_salt.as_bytes();
        let len = <D as Digest>::output_size();
        let key = pkcs12_kdf::<D>(bmp, salt, Pkcs12KeyType::Mac, rounds, len)?;
        let mut h = <SimpleHmac<D> as KeyInit>::new_from_slice(&key).map_err(unreadable)?;
        h.update(data);
        // Constant time: `verify_slice` compares with `subtle`.
        Ok(h.verify_slice(mac.mac.digest.as_bytes()).is_ok())
    }
    let oid = mac.mac.algorithm.oid;
    match oid {
        SHA1 => hmac::<sha1::Sha1>(mac, data, bmp),
        SHA256 => hmac::<sha2::Sha256>(mac, data, bmp),
        SHA384 => hmac::<sha2::Sha384>(mac, data, bmp),
        SHA512 => hmac::<sha2::Sha512>(mac, data, bmp),
        _ => Err(unsupported("integrity", &format!("a MAC over {oid}"))),
    }
}

/// Walks a SafeContents, keeping the first key and every certificate.
fn bags(
    list: Vec<SafeBag<'_>>,
    pass: &Password<'_>,
    out: &mut Contents,
    depth: u8,
) -> Result<(), SignError> {
    if depth > MAX_DEPTH {
        return Err(unreadable("SafeContents nested too deep"));
    }
    for bag in list {
        let key_id = bag.attributes.and_then(local_key_id);
        match bag.bag_id {
            pkcs12::PKCS_12_KEY_BAG_OID | pkcs12::PKCS_12_PKCS8_KEY_BAG_OID
                if out.key.is_some() => {}
            pkcs12::PKCS_12_KEY_BAG_OID => {
                let len = bag.value.encoded_len().map_err(unreadable)?;
                let len = usize::try_from(u32::from(len)).map_err(unreadable)?;
                let mut key = Zeroizing::new(vec![0; len]);
                bag.value.encode_to_slice(&mut key).map_err(unreadable)?;
                out.key = Some(key);
                out.key_id = key_id;
            }
            pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                let shrouded = bag
                    .value
                    .decode_as::<ShroudedKey<'_>>()
                    .map_err(unreadable)?;
                let key = decrypt(&shrouded.algorithm, shrouded.data.as_bytes(), pass, "key")?;
                out.key = Some(key);
                out.key_id = key_id;
            }
            pkcs12::PKCS_12_CERT_BAG_OID => {
                let bag = bag
                    .value
                    .decode_as::<pkcs12::cert_type::CertBag>()
                    .map_err(unreadable)?;
                if bag.cert_id == X509_CERT {
                    let cert = Certificate::from_der(bag.cert_value.as_bytes()).map_err(|e| {
                        SignError::Cert(format!(
                            "a certificate of the PKCS#12 file cannot be read ({e})"
                        ))
                    })?;
                    out.certs.push((cert, key_id));
                }
            }
            pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID => {
                let inner = bag.value.decode_as::<Vec<SafeBag<'_>>>();
                bags(inner.map_err(unreadable)?, pass, out, depth + 1)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The localKeyId among a bag's attributes.
fn local_key_id(attributes: AnyRef<'_>) -> Option<Vec<u8>> {
    let mut reader = der::SliceReader::new(attributes.value()).ok()?;
    while !der::Reader::is_finished(&reader) {
        let attr: Attribute<'_> = der::Reader::decode(&mut reader).ok()?;
        if attr.oid == LOCAL_KEY_ID {
            let id = OctetStringRef::from_der(attr.values.value()).ok()?;
            return Some(id.as_bytes().to_vec());
        }
    }
    None
}

/// Decrypts `ciphertext` (the `what` of the file) into a zeroizing buffer.
/// A padding that does not hold is a wrong password, unless the MAC
/// proved the password: then the file is damaged, or the key has a
/// password of its own.
fn decrypt(
    alg: &AlgorithmIdentifierRef<'_>,
    ciphertext: &[u8],
    pass: &Password<'_>,
    what: &str,
) -> Result<Zeroizing<Vec<u8>>, SignError> {
    match decrypt_with(alg, ciphertext, pass, what) {
        Err(SignError::WrongPassword { .. }) if pass.proved => Err(SignError::Key(format!(
            "the PKCS#12 file's {what} cannot be decrypted with the password its MAC accepts \
             (a damaged file, or a password of its own for the {what})"
        ))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"\x30",
            b"\x30\x03\x02\x01\x03",
            b"not a p12 file",
        ] {
            assert!(read(bytes, "x").is_err());
        }
    }
}
