//! Reading a PKCS#12 file (`.p12`/`.pfx`, RFC 7292): the MAC checked
//! first, then each SafeContents (plain, or password-encrypted) walked for
//! its first private key and its certificates. Bags of other kinds are
//! skipped.
//!
//! Supported: the MAC with HMAC-SHA-1/-256/-384/-512 keyed by the PKCS#12
//! KDF; PBES2 (PBKDF2 with HMAC-SHA-1/-224/-256/-384/-512, AES-128/192/256-CBC
//! or 3DES-CBC: openssl 3's default); and the PKCS#12 PBE schemes with SHA-1
//! and 3-key or 2-key 3DES-CBC (older Windows and openssl `-legacy` keys),
//! 128-bit or 40-bit RC2-CBC (openssl `-legacy` certificates). RC4 and scrypt
//! are refused, naming the algorithm. BER (indefinite lengths) is not read.
//!
//! # Secrets, and how each is wiped
//! - the password as the PKCS#12 KDF wants it (UTF-16 big-endian with two
//!   zero bytes at the end): a `Zeroizing<Vec<u8>>` allocated at its final
//!   size, so no copy is left behind by growing it;
//! - every derived key and IV (PBKDF2 into a `Zeroizing<[u8; 32]>`, the
//!   PKCS#12 KDF into a `Zeroizing<Vec<u8>>`) and the MAC key;
//! - every decrypted buffer: the ciphertext is copied into a
//!   `Zeroizing<Vec<u8>>` and decrypted in place, so the plaintext (a
//!   SafeContents, or a PKCS#8 key) exists only there; bags are parsed by
//!   borrowing from it; an unencrypted key bag is copied into a
//!   `Zeroizing<Vec<u8>>` of its exact size;
//! - the block ciphers' key schedules (aes, des, rc2 with their `zeroize`
//!   feature) wipe themselves on drop.
//!
//! Each `Zeroizing` buffer is overwritten with zeros when dropped, on every
//! path out, errors included. Not wiped (the crates keep them internal):
//! the hash states inside the KDFs and HMAC, and the last block of the
//! PKCS#12 KDF's output.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipher, BlockDecryptMut, InnerIvInit};
use der::asn1::{AnyRef, ObjectIdentifier as Oid, OctetStringRef};
use der::{Decode, Encode, Sequence};
use hmac::{Mac, SimpleHmac};
use pkcs12::kdf::{Pkcs12KeyType, derive_key};
use sha2::digest::core_api::BlockSizeUser;
use sha2::digest::{Digest, FixedOutputReset, KeyInit};
use spki::AlgorithmIdentifierRef;
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::SignError;

/// The most iterations a KDF may ask for: more would only hang.
pub const MAX_ITERATIONS: u32 = 10_000_000;

/// How deep SafeContents bags may nest.
const MAX_DEPTH: u8 = 4;

const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
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

/// `EncryptedPrivateKeyInfo` with any algorithm (the PKCS#12 PBE ones too).
#[derive(Sequence)]
struct ShroudedKey<'a> {
    algorithm: AlgorithmIdentifierRef<'a>,
    data: OctetStringRef<'a>,
}

/// The password in the two forms the schemes use.
struct Password<'a> {
    /// UTF-8, for PBES2.
    utf8: &'a [u8],
    /// BMPString with the two zero bytes, for the PKCS#12 KDF (empty when
    /// the file was made with no password at all).
    bmp: Zeroizing<Vec<u8>>,
    /// Whether a MAC proved the password right.
    proved: bool,
}

fn unreadable(e: impl std::fmt::Display) -> SignError {
    SignError::Key(format!("the PKCS#12 file cannot be read ({e})"))
}

fn wrong_password() -> SignError {
    SignError::WrongPassword {
        what: "PKCS#12 file",
    }
}

fn unsupported(what: &str, alg: &str) -> SignError {
    SignError::Key(format!(
        "the PKCS#12 file protects its {what} with {alg}, which is not supported: re-export it \
         with `openssl pkcs12 -export … -keypbe AES-256-CBC -certpbe AES-256-CBC`"
    ))
}

/// The password as a BMPString (UTF-16 big-endian; characters beyond the
/// BMP as surrogate pairs, as openssl does) followed by two zero bytes.
pub fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let len = password.encode_utf16().count() * 2 + 2;
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// An iteration count within bounds.
fn iterations(n: i64) -> Result<u32, SignError> {
    if n < 1 {
        return Err(unreadable(format!("an iteration count of {n}")));
    }
    match u32::try_from(n) {
        Ok(n) if n <= MAX_ITERATIONS => Ok(n),
        _ => Err(SignError::Key(format!(
            "the PKCS#12 file asks for {n} iterations; more than {MAX_ITERATIONS} is refused"
        ))),
    }
}

/// The PKCS#12 KDF (RFC 7292 appendix B) with hash `D`, `len` bytes.
pub fn pkcs12_kdf<D>(
    bmp: &[u8],
    salt: &[u8],
    id: Pkcs12KeyType,
    rounds: u32,
    len: usize,
) -> Result<Zeroizing<Vec<u8>>, SignError>
where
    D: Digest + FixedOutputReset + BlockSizeUser,
{
    let rounds = i32::try_from(rounds).map_err(unreadable)?;
    Ok(Zeroizing::new(derive_key::<D>(bmp, salt, id, rounds, len)))
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
    let mut pass = Password {
        utf8: password.as_bytes(),
        bmp: bmp_password(password),
        proved: false,
    };
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

/// Decrypts an encrypted PKCS#8 key (`ENCRYPTED PRIVATE KEY` PEM, DER
/// here) with the same ciphers and the same care as a PKCS#12 file's key:
/// the `PrivateKeyInfo` comes back in a zeroizing buffer, the derived key
/// and IV are wiped. (`pkcs8`'s own decryption leaves its derived key in
/// memory.)
///
/// # Errors
/// Not an `EncryptedPrivateKeyInfo`, an unsupported scheme, or a wrong
/// password (a padding that does not hold).
pub fn decrypt_key(der: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let info = ShroudedKey::from_der(der)
        .map_err(|e| SignError::Key(format!("the encrypted key cannot be read ({e})")))?;
    let pass = Password {
        utf8: password.as_bytes(),
        bmp: bmp_password(password),
        proved: false,
    };
    decrypt_with(&info.algorithm, info.data.as_bytes(), &pass, "key").map_err(|e| match e {
        SignError::WrongPassword { .. } => SignError::WrongPassword { what: "key" },
        SignError::Key(m) => SignError::Key(
            m.replace(
                "the PKCS#12 file protects its key",
                "the key file is encrypted",
            )
            .replace("the PKCS#12 file", "the key file")
            .replace(
                "`openssl pkcs12 -export … -keypbe AES-256-CBC -certpbe AES-256-CBC`",
                "`openssl pkcs8 -topk8 -v2 aes-256-cbc`",
            ),
        ),
        other => other,
    })
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

/// Decrypts `ciphertext` and checks that what comes out is one DER
/// element (a key, or a list of bags): a wrong password passes the padding
/// check about once in 256 tries, and then gives bytes that are not.
fn decrypt_with(
    alg: &AlgorithmIdentifierRef<'_>,
    ciphertext: &[u8],
    pass: &Password<'_>,
    what: &str,
) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let plain = decrypt_padded(alg, ciphertext, pass, what)?;
    if AnyRef::from_der(&plain).is_err() {
        return Err(wrong_password());
    }
    Ok(plain)
}

fn decrypt_padded(
    alg: &AlgorithmIdentifierRef<'_>,
    ciphertext: &[u8],
    pass: &Password<'_>,
    what: &str,
) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    if alg.oid == PBES2 {
        pbes2(alg, pass.utf8, &mut buf, what)?;
        return Ok(buf);
    }
    let (cipher, key_len) = match alg.oid {
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => (Pbe::Tdes3, 24),
        pkcs12::PKCS_12_PBE_WITH_SHAAND2_KEY_TRIPLE_DES_CBC => (Pbe::Tdes2, 16),
        pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => (Pbe::Rc2, 16),
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => (Pbe::Rc2, 5),
        pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4 => return Err(unsupported(what, "RC4-128")),
        pkcs12::PKCS_12_PBE_WITH_SHAAND40_BIT_RC4 => return Err(unsupported(what, "RC4-40")),
        other => return Err(unsupported(what, &format!("the algorithm {other}"))),
    };
    let params = alg
        .parameters
        .ok_or_else(|| unreadable("PBE parameters missing"))?
        .decode_as::<pkcs12::pbe_params::Pkcs12PbeParams>()
        .map_err(unreadable)?;
    let rounds = iterations(i64::from(params.iterations))?;
    let salt = params.salt.as_bytes();
    let kdf = |id, len| pkcs12_kdf::<sha1::Sha1>(&pass.bmp, salt, id, rounds, len);
    let key = kdf(Pkcs12KeyType::EncryptionKey, key_len)?;
    let iv = kdf(Pkcs12KeyType::Iv, 8)?;
    match cipher {
        Pbe::Tdes3 => cbc::<des::TdesEde3>(&key, &iv, &mut buf)?,
        Pbe::Tdes2 => cbc::<des::TdesEde2>(&key, &iv, &mut buf)?,
        Pbe::Rc2 => unpad(
            rc2::Rc2::new_with_eff_key_len(&key, key_len * 8),
            &iv,
            &mut buf,
        )?,
    }
    Ok(buf)
}

/// The block cipher of a PKCS#12 PBE scheme (all with SHA-1 and CBC).
enum Pbe {
    Tdes3,
    Tdes2,
    Rc2,
}

/// Decrypts `buf` in place with `C` in CBC mode.
fn cbc<C>(key: &[u8], iv: &[u8], buf: &mut Zeroizing<Vec<u8>>) -> Result<(), SignError>
where
    C: BlockDecryptMut + BlockCipher + KeyInit,
{
    let cipher = C::new_from_slice(key).map_err(|_| unreadable("a key of the wrong size"))?;
    unpad(cipher, iv, buf)
}

/// Decrypts `buf` in place with `cipher` in CBC mode and drops the
/// padding; a bad padding is a wrong password.
fn unpad<C>(cipher: C, iv: &[u8], buf: &mut Zeroizing<Vec<u8>>) -> Result<(), SignError>
where
    C: BlockDecryptMut + BlockCipher,
{
    let dec = cbc::Decryptor::inner_iv_slice_init(cipher, iv)
        .map_err(|_| unreadable("an IV of the wrong size"))?;
    let n = dec
        .decrypt_padded_mut::<Pkcs7>(buf)
        .map_err(|_| wrong_password())?
        .len();
    buf.truncate(n);
    Ok(())
}

/// PBES2 (RFC 8018): PBKDF2 then a CBC cipher, on the UTF-8 password.
fn pbes2(
    alg: &AlgorithmIdentifierRef<'_>,
    password: &[u8],
    buf: &mut Zeroizing<Vec<u8>>,
    what: &str,
) -> Result<(), SignError> {
    use pkcs5::pbes2::{EncryptionScheme as E, Kdf, Pbkdf2Prf as P};
    let params = alg
        .parameters
        .ok_or_else(|| unreadable("PBES2 parameters missing"))?;
    let params = pkcs5::pbes2::Parameters::try_from(params).map_err(|e| match e.kind() {
        der::ErrorKind::OidUnknown { oid } => unsupported(what, &format!("PBES2 with {oid}")),
        _ => unreadable(e),
    })?;
    let Kdf::Pbkdf2(kdf) = params.kdf else {
        return Err(unsupported(what, "scrypt"));
    };
    let rounds = iterations(i64::from(kdf.iteration_count))?;
    let len = params.encryption.key_size();
    if kdf.key_length.is_some_and(|l| usize::from(l) != len) {
        return Err(unreadable("a PBES2 key length that is not the cipher's"));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    let out = key
        .get_mut(..len)
        .ok_or_else(|| unreadable("PBES2 key too long"))?;
    match kdf.prf {
        P::HmacWithSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, kdf.salt, rounds, out),
        P::HmacWithSha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, kdf.salt, rounds, out),
        P::HmacWithSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, kdf.salt, rounds, out),
        P::HmacWithSha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, kdf.salt, rounds, out),
        P::HmacWithSha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, kdf.salt, rounds, out),
        _ => return Err(unsupported(what, "PBKDF2 with an unknown hash")),
    }
    let key = &out[..];
    match params.encryption {
        E::Aes128Cbc { iv } => cbc::<aes::Aes128>(key, iv, buf),
        E::Aes192Cbc { iv } => cbc::<aes::Aes192>(key, iv, buf),
        E::Aes256Cbc { iv } => cbc::<aes::Aes256>(key, iv, buf),
        E::DesEde3Cbc { iv } => cbc::<des::TdesEde3>(key, iv, buf),
        other => Err(unsupported(what, &format!("PBES2 with {}", other.oid()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_password_is_utf16_big_endian_with_two_zero_bytes() {
        assert_eq!(bmp_password("").as_slice(), &[0, 0]);
        assert_eq!(bmp_password("ab").as_slice(), &[0, b'a', 0, b'b', 0, 0]);
        // U+00E4 and U+D55C (한), then U+1F511 as a surrogate pair.
        assert_eq!(
            bmp_password("ä한🔑").as_slice(),
            &[0x00, 0xe4, 0xd5, 0x5c, 0xd8, 0x3d, 0xdd, 0x11, 0, 0]
        );
    }

    /// The vectors of the pkcs12 crate's `tests/kdf.rs` (0.1.0), which it
    /// says were checked against openssl's `PKCS12_key_gen_utf8`.
    #[test]
    fn the_pkcs12_kdf_matches_openssl() {
        let bmp = bmp_password("ge@äheim");
        let salt = [1, 2, 3, 4, 5, 6, 7, 8];
        let hex = |k: &[u8]| k.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let key = |id, n| pkcs12_kdf::<sha2::Sha256>(&bmp, &salt, id, 100, n).map(|k| hex(&k));
        assert_eq!(
            key(Pkcs12KeyType::EncryptionKey, 32).ok().as_deref(),
            Some("fae4d4957a3cc781e1180b9d4fb79c1e0c8579b746a3177e5b0768a3118bf863")
        );
        assert_eq!(
            key(Pkcs12KeyType::Iv, 32).ok().as_deref(),
            Some("e5ff813bc6547de5155b14d2fada85b3201a977349db6e26ccc998d9e8f83d6c")
        );
        assert_eq!(
            key(Pkcs12KeyType::Mac, 20).ok().as_deref(),
            Some("136355ed9434516682534f46d63956db5ff06b84")
        );
    }

    #[test]
    fn iteration_counts_out_of_bounds_are_refused() {
        assert!(iterations(1).is_ok() && iterations(10_000_000).is_ok());
        for n in [0, -1, 10_000_001, i64::from(u32::MAX) + 1] {
            assert!(iterations(n).is_err(), "{n}");
        }
        let e = iterations(20_000_000).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("more than 10000000 is refused")));
    }

    /// A key encrypted with `password` (PBES2, AES-256-CBC, one round).
    fn encrypted_key(plain: &[u8], password: &[u8]) -> Vec<u8> {
        use cbc::cipher::{BlockEncryptMut, KeyIvInit};
        let (salt, iv) = ([7; 8], [9; 16]);
        let params = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(1, &salt, &iv).unwrap();
        let mut key = [0; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &salt, 1, &mut key);
        let mut buf = [0; 64];
        buf[..plain.len()].copy_from_slice(plain);
        let data = cbc::Encryptor::<aes::Aes256>::new(&key.into(), &iv.into())
            .encrypt_padded_mut::<Pkcs7>(&mut buf, plain.len())
            .unwrap()
            .to_vec();
        let params = params.to_der().unwrap();
        ShroudedKey {
            algorithm: AlgorithmIdentifierRef {
                oid: PBES2,
                parameters: Some(AnyRef::from_der(&params).unwrap()),
            },
            data: OctetStringRef::new(&data).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    #[test]
    fn a_wrong_password_that_passes_the_padding_check_is_still_a_wrong_password() {
        let plain = [0x30, 0x03, 0x02, 0x01, 0x00];
        let der = encrypted_key(&plain, b"right");
        assert_eq!(decrypt_key(&der, "right").unwrap().as_slice(), plain);
        // About one wrong password in 256 gives a padding that holds.
        let info = ShroudedKey::from_der(&der).unwrap();
        let pass = |p: &'static str| Password {
            utf8: p.as_bytes(),
            bmp: bmp_password(p),
            proved: false,
        };
        let wrong = (0..10_000)
            .map(|i| &*format!("wrong-{i}").leak())
            .find(|p| {
                decrypt_padded(&info.algorithm, info.data.as_bytes(), &pass(p), "key").is_ok()
            })
            .unwrap();
        let e = decrypt_key(&der, wrong).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("wrong password for the key"), "{wrong}");
    }

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
