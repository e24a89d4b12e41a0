//! Inputs compiled into the binary: the catalogues and sample engagements.
//!
//! They make `handover` work from any folder; files named on the command
//! line take their place.

use crate::source::Source;

/// A file compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    /// The id it is known by (catalogue id, or sample file stem).
    pub id: &'static str,
    /// The path it had in the repository; messages name it `bundled:<path>`.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
}

impl Bundled {
    /// As a [`Source`] named `bundled:<path>`.
    pub fn source(&self) -> Source {
        Source::new(format!("bundled:{}", self.path), self.text)
    }
}

/// The bundled catalogues.
pub const CATALOGUES: &[Bundled] = &[Bundled {
    id: "fasttrack-ems",
    path: "samples/catalogues/fasttrack-ems.yaml",
    text: include_str!("../samples/catalogues/fasttrack-ems.yaml"),
}];

/// The bundled sample engagements.
pub const SAMPLES: &[Bundled] = &[
    Bundled {
        id: "contoso-midway",
        path: "samples/engagements/contoso-midway.yaml",
        text: include_str!("../samples/engagements/contoso-midway.yaml"),
    },
    Bundled {
        id: "fabrikam-signed",
        path: "samples/engagements/fabrikam-signed.yaml",
        text: include_str!("../samples/engagements/fabrikam-signed.yaml"),
    },
    Bundled {
        id: "northwind-fresh",
        path: "samples/engagements/northwind-fresh.yaml",
        text: include_str!("../samples/engagements/northwind-fresh.yaml"),
    },
];

/// The bundled catalogue with this id.
pub fn catalogue(id: &str) -> Option<&'static Bundled> {
    CATALOGUES.iter().find(|c| c.id == id)
}

/// The bundled sample with this id.
pub fn sample(id: &str) -> Option<&'static Bundled> {
    SAMPLES.iter().find(|c| c.id == id)
}
