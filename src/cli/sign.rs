//! `handover sign`: a party's PAdES signature in its empty field of a
//! statement built for signature, written as an incremental update
//! (atomically: to `--out`, or in place).

use std::path::Path;
use std::process::ExitCode;

use handover::diagnostic::Diagnostic;
use handover::model::Party;
use handover::sign::{self, Credentials};
use handover::template::Template;
use handover::{Error as Stage, atomic, pdf};
use zeroize::Zeroizing;

use super::args::{SignArgs, SignParty};
use super::error::{Error, Staged};
use super::output::Out;

/// Reads an input file, or says which one cannot be read.
fn read_input(path: &Path, what: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    std::fs::read(path).map(Zeroizing::new).map_err(|e| {
        Error::Stage(
            Diagnostic::error(
                &path.display().to_string(),
                None,
                format!("cannot read the {what}: {e}"),
            )
            .into(),
        )
    })
}

/// A password from `variable`, else asked on the terminal; `None` when
/// neither is there.
fn password(variable: &'static str, what: &str) -> Option<Zeroizing<String>> {
    if let Ok(v) = std::env::var(variable) {
        return Some(Zeroizing::new(v));
    }
    rpassword::prompt_password(format!("password for {what}: "))
        .ok()
        .map(Zeroizing::new)
}

/// Signs the statement.
pub fn run(out: &mut Out, args: &SignArgs) -> Result<ExitCode, Error> {
    let time = match &args.time {
        Some(t) => t.parse::<jiff::Timestamp>().map_err(|e| {
            Error::Usage(format!(
                "--time {t}: {e} (write RFC 3339, e.g. 2026-11-20T10:00:00Z)"
            ))
        })?,
        None => jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
            .map_err(|e| Error::Usage(e.to_string()))?,
    };
    let party = match args.party {
        SignParty::Customer => Party::Customer,
        SignParty::Provider => Party::Provider,
    };
    let statement = read_input(&args.statement, "statement")?;
    let credentials = match (&args.p12, &args.key, &args.cert) {
        (Some(p12), None, None) => {
            let bytes = read_input(p12, "PKCS#12 file")?;
            let name = p12.display().to_string();
            Credentials::from_pkcs12(&bytes, &mut || password("HANDOVER_P12_PASSWORD", &name))
        }
        (None, Some(key), Some(cert)) => {
            let key_bytes = read_input(key, "key")?;
            let cert_bytes = read_input(cert, "certificate")?;
            let chain = args
                .chain
                .as_deref()
                .map(|c| read_input(c, "chain"))
                .transpose()?;
            let name = key.display().to_string();
            Credentials::from_pem(
                &key_bytes,
                &cert_bytes,
                chain.as_ref().map(|c| c.as_slice()),
                &mut || password("HANDOVER_KEY_PASSWORD", &name),
            )
        }
        _ => {
            return Err(Error::Usage(
                "give --key KEY.pem --cert CERT.pem, or --p12 FILE.p12".into(),
            ));
        }
    }?;
    let template = Template::bundled().staged()?;
    let stem = template
        .regular
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Font")
        .to_owned();
    let face = pdf::Face::parse(template.regular.bytes.clone(), &stem).map_err(|e| {
        Error::Stage(Stage::Pdf(pdf::PdfError::Font {
            font: stem.clone(),
            message: e.to_string(),
        }))
    })?;
    let signed = sign::sign(
        &statement,
        &credentials,
        &face,
        &sign::Options {
            party,
            reason: args.reason.as_deref(),
            location: args.location.as_deref(),
            time,
        },
    )?;
    let target = args.out.as_deref().unwrap_or(&args.statement);
    let write_error = |source| Stage::Write {
        path: target.to_owned(),
        source,
    };
    // The signed statement keeps the permissions of the one it was made
    // from (the temporary file an atomic write renames is private).
    let permissions = std::fs::metadata(&args.statement).map(|m| m.permissions());
    atomic::replace_file(target, &signed)
        .map_err(write_error)
        .staged()?;
    if let Ok(p) = permissions {
        std::fs::set_permissions(target, p)
            .map_err(write_error)
            .staged()?;
    }
    out.line(format!(
        "signed {} as {} at {} → {}",
        pdf::field_name(party),
        sign::cert::subject_name(&credentials.cert),
        time,
        target.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
