//! What a signer's certificate must be: valid at the signing time, and
//! for signing (the digitalSignature or nonRepudiation key usage).

use der::asn1::{PrintableStringRef, Utf8StringRef};
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;

use super::SignError;

/// commonName.
const CN: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.3");

/// The signer's name: the subject's common name, else the whole subject.
pub fn subject_name(cert: &Certificate) -> String {
    let subject = &cert.tbs_certificate.subject;
    for rdn in subject.0.iter().rev() {
        for atv in rdn.0.iter() {
            if atv.oid == CN {
                if let Ok(s) = atv.value.decode_as::<Utf8StringRef<'_>>() {
                    return s.as_str().to_owned();
                }
                if let Ok(s) = atv.value.decode_as::<PrintableStringRef<'_>>() {
                    return s.as_str().to_owned();
                }
            }
        }
    }
    subject.to_string()
}

/// Checks that `cert` may sign at `time`.
///
/// # Errors
/// [`SignError::NotValidAt`] or [`SignError::KeyUsage`].
pub fn check(cert: &Certificate, time: jiff::Timestamp) -> Result<(), SignError> {
    let validity = &cert.tbs_certificate.validity;
    let secs = |t: x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    let (from, until) = (secs(validity.not_before), secs(validity.not_after));
    let at = time.as_second();
    if at < from || at > until {
        let show = |s: i64| {
            jiff::Timestamp::from_second(s)
                .map(|t| t.to_string())
                .unwrap_or_else(|_| s.to_string())
        };
        return Err(SignError::NotValidAt {
            subject: subject_name(cert),
            time: time.to_string(),
            from: show(from),
            until: show(until),
        });
    }
    let usage = cert
        .tbs_certificate
        .get::<KeyUsage>()
        .map_err(|e| SignError::Cert(format!("the key usage extension cannot be read ({e})")))?;
    let ok = usage.is_some_and(|(_, u)| u.digital_signature() || u.non_repudiation());
    if !ok {
        return Err(SignError::KeyUsage {
            subject: subject_name(cert),
        });
    }
    Ok(())
}
