//! Password-based decryption, for the keys and certificates of a PKCS#12
//! file and for an encrypted PKCS#8 key: PBES2 (PBKDF2 with
//! HMAC-SHA-1/-224/-256/-384/-512, AES-128/192/256-CBC or 3DES-CBC:
//! openssl 3's default), and the PKCS#12 PBE schemes with SHA-1 and 3-key
//! or 2-key 3DES-CBC (older Windows and openssl `-legacy` keys), 128-bit
//! or 40-bit RC2-CBC (openssl `-legacy` certificates). RC4 and scrypt are
//! refused, naming the algorithm.
//!
//! # Secrets, and how each is wiped
//! - the password as the PKCS#12 KDF wants it (UTF-16 big-endian with two
//!   zero bytes at the end): a `Zeroizing<Vec<u8>>` allocated at its final
//!   size, so no copy is left behind by growing it;
//! - every derived key and IV (PBKDF2 into a `Zeroizing<[u8; 32]>`, the
//!   PKCS#12 KDF into a `Zeroizing<Vec<u8>>`) and the MAC key;
//! - every decrypted buffer: the ciphertext is copied into a
//!   `Zeroizing<Vec<u8>>` and decrypted in place, so the plaintext (a
//!   SafeContents, or a PKCS#8 key) exists only there;
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
use der::{Decode, Sequence};
use pkcs12::kdf::{Pkcs12KeyType, derive_key};
use sha2::digest::core_api::BlockSizeUser;
use sha2::digest::{Digest, FixedOutputReset, KeyInit};
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use super::SignError;

/// The most iterations a KDF may ask for: more would only hang.
pub(super) const MAX_ITERATIONS: u32 = 10_000_000;

const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");

/// The password in the two forms the schemes use.
pub(super) struct Password<'a> {
    /// UTF-8, for PBES2.
    pub(super) utf8: &'a [u8],
    /// BMPString with the two zero bytes, for the PKCS#12 KDF (empty when
    /// the file was made with no password at all).
    pub(super) bmp: Zeroizing<Vec<u8>>,
    /// Whether a MAC proved the password right.
    pub(super) proved: bool,
}

impl<'a> Password<'a> {
    /// `password` in both forms, not yet proved by a MAC.
    pub(super) fn new(password: &'a str) -> Self {
        Password {
            utf8: password.as_bytes(),
            bmp: bmp_password(password),
            proved: false,
        }
    }
}

/// `EncryptedPrivateKeyInfo` with any algorithm (the PKCS#12 PBE ones too).
#[derive(Sequence)]
pub(super) struct ShroudedKey<'a> {
    pub(super) algorithm: AlgorithmIdentifierRef<'a>,
    pub(super) data: OctetStringRef<'a>,
}

/// A file that cannot be read, and why. (`decrypt_key` words the errors
/// of this module for a key file instead of a PKCS#12 file.)
pub(super) fn unreadable(e: impl std::fmt::Display) -> SignError {
    SignError::Key(format!("the PKCS#12 file cannot be read ({e})"))
}

/// The password does not open the file.
pub(super) fn wrong_password() -> SignError {
    SignError::WrongPassword {
        what: "PKCS#12 file",
    }
}

/// `what` is protected with `alg`, which is not read; the hint is an
/// openssl command that re-exports the file with what is.
pub(super) fn unsupported(what: &str, alg: &str) -> SignError {
    SignError::Key(format!(
        "the PKCS#12 file protects its {what} with {alg}, which is not supported: re-export it \
         with `openssl pkcs12 -export … -keypbe AES-256-CBC -certpbe AES-256-CBC`"
    ))
}

/// The password as a BMPString (UTF-16 big-endian; characters beyond the
/// BMP as surrogate pairs, as openssl does) followed by two zero bytes.
pub(super) fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let len = password.encode_utf16().count() * 2 + 2;
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// An iteration count within bounds.
pub(super) fn iterations(n: i64) -> Result<u32, SignError> {
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
pub(super) fn pkcs12_kdf<D>(
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

/// Decrypts an encrypted PKCS#8 key (`ENCRYPTED PRIVATE KEY` PEM, DER
/// here) with the same ciphers and the same care as a PKCS#12 file's key:
/// the `PrivateKeyInfo` comes back in a zeroizing buffer, the derived key
/// and IV are wiped. (`pkcs8`'s own decryption leaves its derived key in
/// memory.)
///
/// # Errors
/// Not an `EncryptedPrivateKeyInfo`, an unsupported scheme, or a wrong
/// password (a padding that does not hold).
pub(super) fn decrypt_key(der: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let info = ShroudedKey::from_der(der)
        .map_err(|e| SignError::Key(format!("the encrypted key cannot be read ({e})")))?;
    let pass = Password::new(password);
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

/// Decrypts `ciphertext` and checks that what comes out is one DER
/// element (a key, or a list of bags): a wrong password passes the padding
/// check about once in 256 tries, and then gives bytes that are not.
pub(super) fn decrypt_with(
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

/// Decrypts `ciphertext` with the scheme `alg` names; a padding that
/// does not hold is a wrong password.
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
    use der::Encode;

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
        let pass = Password::new;
        let wrong = (0..10_000)
            .map(|i| &*format!("wrong-{i}").leak())
            .find(|p| {
                decrypt_padded(&info.algorithm, info.data.as_bytes(), &pass(p), "key").is_ok()
            })
            .unwrap();
        let e = decrypt_key(&der, wrong).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("wrong password for the key"), "{wrong}");
    }
}
