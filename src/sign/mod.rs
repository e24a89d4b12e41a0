//! Signing a statement built for signature: a PAdES baseline B-B
//! signature (`ETSI.CAdES.detached`) in the party's empty field, added as
//! an incremental update.
//!
//! [`keys`] reads the key and certificates (PKCS#8 PEM, encrypted too, or
//! PKCS#12, read by `p12`; `pbe` decrypts) and checks that they belong
//! together; [`cert`] checks that the certificate may sign at the time; `cades` makes the CMS; the PDF side
//! (placeholders, byte range, appearance, DocMDP) is
//! [`crate::pdf::sign`]. [`sign`] does it all, in memory: the caller
//! writes the result (atomically) or nothing.
//!
//! Deterministic: no clock (the time is an argument), and RSA PKCS#1 v1.5
//! and RFC 6979 ECDSA signatures depend only on the key and the data.

mod cades;
pub mod cert;
pub mod keys;
mod p12;
mod pbe;

use sha2::{Digest, Sha256};

pub use keys::{Credentials, Password, SigningKey};

use crate::model::Party;
use crate::pdf::Face;
use crate::pdf::sign::{SignPdfError, SignTarget, Signing};

/// Why a statement cannot be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The key cannot be read or used.
    #[error("{0}")]
    Key(String),
    /// A certificate cannot be read.
    #[error("{0}")]
    Cert(String),
    /// An encrypted key or a PKCS#12 file needs a password and none was
    /// given.
    #[error(
        "a password is needed: set {variable} or run on a terminal to be asked (it is never taken as an argument)"
    )]
    NoPassword {
        /// The environment variable that gives it.
        variable: &'static str,
    },
    /// The password does not open the key.
    #[error("wrong password for the {what}")]
    WrongPassword {
        /// `key` or `PKCS#12 file`.
        what: &'static str,
    },
    /// The key is not the certificate's.
    #[error("the key does not match the certificate of {subject}")]
    KeyMismatch {
        /// The certificate's subject.
        subject: String,
    },
    /// The certificate is not valid at the signing time.
    #[error(
        "the certificate of {subject} is not valid at {time} (valid from {from} until {until})"
    )]
    NotValidAt {
        /// The certificate's subject.
        subject: String,
        /// The signing time.
        time: String,
        /// notBefore.
        from: String,
        /// notAfter.
        until: String,
    },
    /// The certificate is not for signing.
    #[error(
        "the certificate of {subject} lacks the digitalSignature and nonRepudiation key usages: it is not for signing documents"
    )]
    KeyUsage {
        /// The certificate's subject.
        subject: String,
    },
    /// The statement cannot be signed.
    #[error(transparent)]
    Pdf(#[from] SignPdfError),
    /// The CMS cannot be made.
    #[error("cannot make the CMS signature: {0}")]
    Cms(String),
}

/// What to sign as.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The party whose field is signed.
    pub party: Party,
    /// `/Reason`, also shown.
    pub reason: Option<&'a str>,
    /// `/Location`.
    pub location: Option<&'a str>,
    /// The signing time.
    pub time: jiff::Timestamp,
}

/// Signs `statement` as `options.party` and returns the signed file (the
/// statement's bytes followed by the update). `face` sets the appearance.
///
/// # Errors
/// The certificate may not sign at the time, the statement is not a
/// handover statement built for signature, the party's field is missing
/// or signed, or the CMS cannot be made.
pub fn sign(
    statement: &[u8],
    credentials: &Credentials,
    face: &Face,
    options: &Options<'_>,
) -> Result<Vec<u8>, SignError> {
    cert::check(&credentials.cert, options.time)?;
    let target = SignTarget::open(statement)?;
    let field = crate::pdf::field_name(options.party);
    let utc = options.time.to_zoned(jiff::tz::TimeZone::UTC);
    let pdf_time = utc.strftime("D:%Y%m%d%H%M%S+00'00'").to_string();
    let mut lines = vec![
        cert::subject_name(&credentials.cert),
        utc.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
    ];
    if let Some(r) = options.reason {
        lines.push(r.to_owned());
    }
    let prepared = target.prepare(
        &Signing {
            field: &field,
            pdf_time: &pdf_time,
            lines,
            reason: options.reason,
            location: options.location,
        },
        face,
    )?;
    let mut h = Sha256::new();
    for r in prepared.signed_ranges() {
        h.update(r);
    }
    let digest = h.finalize();
    let cms = cades::signed_data(
        &digest,
        &credentials.key,
        &credentials.cert,
        &credentials.chain,
    )?;
    Ok(prepared.finish(&cms)?)
}
