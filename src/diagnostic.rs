//! Problems found in the inputs, with their places, and how they are shown.
//!
//! Every check returns [`Diagnostic`]s instead of stopping at the first
//! problem; the command line prints them all at once with
//! [`Diagnostics::render`], which uses `annotate-snippets` to quote the line.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{Pos, Source};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input is still usable.
    Warning,
    /// The input cannot be used.
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file's display name.
    pub file: String,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What may fix it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error in `file` at `pos`.
    pub fn error(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            pos,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A warning in `file` at `pos`.
    pub fn warning(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pos, message)
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just the file when the place is unknown.
    pub fn location(&self) -> String {
        match &self.pos {
            Some(pos) => format!("{}:{}", self.file, pos),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message (hint: …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message)?;
        for hint in &self.hints {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, usually from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// Keeps the first `max` (sort them first); the rest become one error
    /// that counts them, placed where the first of them is.
    pub fn cap(&mut self, file: &str, max: usize) {
        let n = self.0.len();
        if n <= max {
            return;
        }
        let first_left_out = self.0[max].pos.clone();
        self.0.truncate(max);
        self.push(
            Diagnostic::error(
                file,
                first_left_out,
                format!("… and {} more problems from here on, not shown", n - max),
            )
            .hint("fix the ones above, then check the file again"),
        );
    }

    /// Sorts by file and place, keeping the order of equal places.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.pos.as_ref().map(|p| (p.line, p.column)))
                .cmp(&(&b.file, b.pos.as_ref().map(|p| (p.line, p.column))))
        });
    }

    /// Renders every diagnostic with the quoted source line, as a compiler
    /// does. `sources` supplies the text of the files named; a diagnostic
    /// whose file is not among them is shown without a quote.
    pub fn render(&self, sources: &[&Source], color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.0 {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let source = sources.iter().find(|s| s.name() == d.file);
            let text = source.map(|s| s.display_text());
            let mut group = Group::with_title(level.primary_title(d.message.as_str()));
            match (&text, &d.pos) {
                (Some(text), Some(pos)) => {
                    let span = if pos.bytes.is_empty() {
                        pos.bytes.start..pos.bytes.start
                    } else {
                        pos.bytes.clone()
                    };
                    group = group.element(
                        Snippet::source(text.as_ref())
                            .path(d.file.as_str())
                            .fold(true)
                            .annotation(AnnotationKind::Primary.span(span)),
                    );
                }
                _ => {
                    group = group.element(Level::NOTE.message(format!("in {}", d.location())));
                }
            }
            for hint in &d.hints {
                group = group.element(Level::HELP.message(hint.as_str()));
            }
            let report: [Group<'_>; 1] = [group];
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The closest candidate to `word` among `candidates`, if one is close
/// enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Removes the " at line X column Y" that serde_yaml appends to its
/// messages: diagnostics print their own place.
pub(crate) fn without_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_only() {
        let ids = ["ASSESS-01", "ASSESS-02", "GEN-01"];
        assert_eq!(nearest("ASESS-02", ids), Some("ASSESS-02"));
        assert_eq!(nearest("assess-02", ids), Some("ASSESS-02"));
        assert_eq!(nearest("zzz", ids), None);
    }

    #[test]
    fn renders_file_line_column_and_hint() {
        let src = Source::new("e.yaml", "a: 1\nowner: mnjun\n");
        let pos = src.pos_at(12);
        let d = Diagnostic::error(
            "e.yaml",
            Some(Pos {
                bytes: 12..17,
                ..pos
            }),
            "unknown owner",
        )
        .hint("did you mean `minjun`?");
        let out = Diagnostics(vec![d.clone()]).render(&[&src], false);
        assert!(out.contains("e.yaml:2:8"), "{out}");
        assert!(out.contains("owner: mnjun"), "{out}");
        assert!(out.contains("help: did you mean `minjun`?"), "{out}");
        assert_eq!(
            d.to_string(),
            "e.yaml:2:8: error: unknown owner (hint: did you mean `minjun`?)"
        );
    }
}
