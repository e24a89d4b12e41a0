//! The PDF template: page size, margins, type size, colours, logo and fonts.
//!
//! `templates/default/` is compiled in; `--template DIR` loads another
//! folder of the same shape. Loading (YAML, files) happens here, so the
//! PDF renderer only ever sees a loaded [`Template`].

/// A loaded template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Where it came from, for messages.
    pub name: String,
}

impl Template {
    /// The compiled-in default template.
    ///
    /// # Errors
    /// Never for the bundled files (tests rule it out).
    pub fn bundled() -> Result<Self, TemplateError> {
        Ok(Self {
            name: "bundled:templates/default".to_owned(),
        })
    }
}

impl Template {
    /// Loads a template folder.
    ///
    /// # Errors
    /// The folder or its files are missing or invalid.
    pub fn load(dir: &std::path::Path) -> Result<Self, TemplateError> {
        Err(TemplateError::Invalid(format!(
            "{}: templates are not supported yet",
            dir.display()
        )))
    }
}

/// What can go wrong loading a template.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Placeholder until the template format exists.
    #[error("{0}")]
    Invalid(String),
}
