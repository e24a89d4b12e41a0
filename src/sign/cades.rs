//! The CMS SignedData of a PAdES baseline B-B signature: detached,
//! SHA-256, one SignerInfo whose signed attributes are content-type,
//! message-digest and ESS signing-certificate-v2 (RFC 5035). No
//! signing-time attribute: PAdES puts the time in the signature
//! dictionary's `/M`.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{Any, OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::SignError;
use super::keys::SigningKey;

/// id-aa-signingCertificateV2 (RFC 5035).
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-sha256.
const SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// id-data.
const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`
#[derive(Clone, Debug, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`;
/// the hash is SHA-256, so the algorithm is omitted (DER leaves out a
/// default).
#[derive(Clone, Debug, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }`
#[derive(Clone, Debug, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The signing-certificate-v2 attribute naming `cert`.
fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, der::Error> {
    let der = cert.to_der()?;
    let id = EssCertIdV2 {
        cert_hash: OctetString::new(Sha256::digest(&der).to_vec())?,
        issuer_serial: Some(IssuerSerial {
            issuer: vec![GeneralName::DirectoryName(
                cert.tbs_certificate.issuer.clone(),
            )],
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
    };
    let value = Any::encode_from(&SigningCertificateV2 { certs: vec![id] })?;
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute {
        oid: SIGNING_CERTIFICATE_V2,
        values,
    })
}

/// The DER of a detached CMS SignedData over content whose SHA-256 is
/// `digest`, signed by `key` as `cert`, with `chain` embedded after it.
///
/// # Errors
/// The structures cannot be encoded, or the key fails to sign.
pub(crate) fn signed_data(
    digest: &[u8],
    key: &SigningKey,
    cert: &Certificate,
    chain: &[Certificate],
) -> Result<Vec<u8>, SignError> {
    let cms = |e: &dyn std::fmt::Display| SignError::Cms(e.to_string());
    match key {
        SigningKey::Rsa(k) => build::<_, rsa::pkcs1v15::Signature>(k.as_ref(), digest, cert, chain),
        SigningKey::P256(k) => build::<_, p256::ecdsa::DerSignature>(k, digest, cert, chain),
    }
    .map_err(|e| cms(&e))
}

fn build<S, Sig>(
    signer: &S,
    digest: &[u8],
    cert: &Certificate,
    chain: &[Certificate],
) -> Result<Vec<u8>, cms::builder::Error>
where
    S: signature::Keypair + DynSignatureAlgorithmIdentifier,
    S: signature::Signer<Sig>,
    Sig: SignatureBitStringEncoding,
{
    let content = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA_256,
        parameters: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    // The builder adds content-type and message-digest itself (adding
    // content-type here trips its own check).
    let mut info = SignerInfoBuilder::new(signer, sid, sha256.clone(), &content, Some(digest))?;
    info.add_signed_attribute(signing_certificate_v2(cert)?)?;
    let mut data = SignedDataBuilder::new(&content);
    data.add_digest_algorithm(sha256)?;
    data.add_certificate(CertificateChoices::Certificate(cert.clone()))?;
    for c in chain {
        data.add_certificate(CertificateChoices::Certificate(c.clone()))?;
    }
    data.add_signer_info::<S, Sig>(info)?;
    Ok(data.build()?.to_der()?)
}
