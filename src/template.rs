//! The PDF template: page size, margins, type size, brand colour, logo and
//! fonts.
//!
//! `templates/default/` is compiled in; `--template DIR` loads another
//! folder of the same shape:
//!
//! ```yaml
//! page: A4                 # A4 or Letter
//! margins_mm: { top: 16, right: 17, bottom: 14, left: 17 }
//! font_size: 9             # points, 6–14
//! brand_colour: "#1F4E79"
//! logo: logo.png           # optional, PNG or JPEG
//! fonts:
//!   regular: fonts/NanumGothic.ttf
//!   bold: fonts/NanumGothicBold.ttf
//!   fallback: [fonts/DejaVuSans.ttf]   # optional: for characters those lack
//! ```
//!
//! Loading (YAML, files) happens here, once; a loaded [`Template`] is data
//! only: settings, colours, and the bytes of the fonts and the logo. The
//! PDF stage (`pdf::Typesetter`) turns the bytes into faces and pixels.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

static BUNDLED_YAML: &str = include_str!("../templates/default/template.yaml");
static BUNDLED_REGULAR: &[u8] = include_bytes!("../templates/default/fonts/NanumGothic.ttf");
static BUNDLED_BOLD: &[u8] = include_bytes!("../templates/default/fonts/NanumGothicBold.ttf");
static BUNDLED_FALLBACK: &[u8] = include_bytes!("../templates/default/fonts/DejaVuSans.ttf");

/// The most fallback faces a template may list.
pub const MAX_FALLBACKS: usize = 8;

/// Page sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[serde(alias = "a4")]
    A4,
    /// US Letter, 8.5 × 11 in.
    #[serde(alias = "letter", alias = "LETTER")]
    Letter,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::Letter => (215.9, 279.4),
        }
    }
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Right.
    pub right: f32,
    /// Bottom.
    pub bottom: f32,
    /// Left.
    pub left: f32,
}

/// An sRGB colour, as the template gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Colour {
    /// A colour from its components.
    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// Parses `#RRGGBB` (or `RRGGBB`).
    pub fn parse_hex(s: &str) -> Option<Self> {
        let h = s.trim().strip_prefix('#').unwrap_or(s.trim());
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Self::new(p(0)?, p(2)?, p(4)?))
    }
}

/// A font file of the template.
#[derive(Clone)]
pub struct FontFile {
    /// Its path as `template.yaml` gives it (for messages; its stem names
    /// a face that has no name of its own).
    pub path: PathBuf,
    /// The file.
    pub bytes: Cow<'static, [u8]>,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFile")
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// The kind of a logo file, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoKind {
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
}

impl LogoKind {
    /// The kind of an image file, if it is a PNG or a JPEG.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }
}

/// The logo file of the template.
#[derive(Clone, PartialEq, Eq)]
pub struct LogoFile {
    /// Its path as `template.yaml` gives it (for messages).
    pub path: PathBuf,
    /// PNG or JPEG.
    pub kind: LogoKind,
    /// The file.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for LogoFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogoFile")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A loaded template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Where it came from, for messages.
    pub name: String,
    /// Page size.
    pub page: PageSize,
    /// Margins.
    pub margins: Margins,
    /// Body type size in points.
    pub font_size: f32,
    /// Accent colour.
    pub brand: Colour,
    /// Cover logo.
    pub logo: Option<LogoFile>,
    /// The regular face's font file.
    pub regular: FontFile,
    /// The bold face's font file.
    pub bold: FontFile,
    /// The fallback faces, in order: a character the regular or bold face
    /// lacks is drawn with the first of these that has it.
    pub fallback: Vec<FontFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    #[serde(default)]
    page: Option<PageSize>,
    #[serde(default)]
    margins_mm: Option<Margins>,
    #[serde(default)]
    font_size: Option<f32>,
    #[serde(default)]
    brand_colour: Option<String>,
    #[serde(default)]
    logo: Option<PathBuf>,
    fonts: RawFonts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    regular: PathBuf,
    bold: PathBuf,
    #[serde(default)]
    fallback: Vec<PathBuf>,
}

/// What can go wrong loading a template.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A file cannot be read.
    #[error("{}: cannot read: {source}\n  hint: {hint}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
        /// What to do.
        hint: &'static str,
    },
    /// `template.yaml` is not valid YAML or has the wrong shape.
    #[error("{}:{line}:{column}: {message}\n  hint: {hint}", path.display())]
    Yaml {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// A value is out of range.
    #[error("{}: `{field}`: {message}\n  hint: {hint}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// The logo is neither a PNG nor a JPEG file.
    #[error("{}: not a PNG or JPEG image\n  hint: the logo must be a PNG or JPEG file", path.display())]
    Logo {
        /// The file.
        path: PathBuf,
    },
    /// The compiled-in template is broken (a bug).
    #[error("the bundled template is broken: {0}")]
    Bundled(String),
}

fn yaml_hint(message: &str) -> String {
    if message.contains("unknown field") {
        "template.yaml knows: page, margins_mm, font_size, brand_colour, logo, fonts (regular, bold, fallback)"
            .to_owned()
    } else if message.contains("unknown variant") {
        "page is A4 or Letter".to_owned()
    } else {
        "compare with templates/default/template.yaml".to_owned()
    }
}

impl Template {
    /// The compiled-in default template (parsed once per process).
    ///
    /// # Errors
    /// Never for the bundled files (tests rule it out).
    pub fn bundled() -> Result<Self, TemplateError> {
        static BUNDLED: OnceLock<Result<Template, String>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                Self::build(
                    "bundled:templates/default",
                    Path::new("templates/default/template.yaml"),
                    BUNDLED_YAML,
                    |p| match p.to_str() {
                        Some("fonts/NanumGothic.ttf") => Ok(Cow::Borrowed(BUNDLED_REGULAR)),
                        Some("fonts/NanumGothicBold.ttf") => Ok(Cow::Borrowed(BUNDLED_BOLD)),
                        Some("fonts/DejaVuSans.ttf") => Ok(Cow::Borrowed(BUNDLED_FALLBACK)),
                        _ => Err(TemplateError::Bundled(format!(
                            "no bundled file {}",
                            p.display()
                        ))),
                    },
                )
                .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(TemplateError::Bundled)
    }

    /// Loads a template folder: `DIR/template.yaml` and the files it names
    /// (relative to `DIR`).
    ///
    /// # Errors
    /// The folder or its files are missing or invalid; the message names the
    /// file (and line and column for YAML) and says what to do.
    pub fn load(dir: &Path) -> Result<Self, TemplateError> {
        let yaml_path = dir.join("template.yaml");
        let text = std::fs::read_to_string(&yaml_path).map_err(|source| TemplateError::Read {
            hint: if dir.is_dir() {
                "a template folder holds template.yaml, its fonts and an optional logo (see templates/default)"
            } else {
                "--template takes a folder that holds template.yaml"
            },
            path: yaml_path.clone(),
            source,
        })?;
        Self::build(&dir.display().to_string(), &yaml_path, &text, |p| {
            let path = dir.join(p);
            std::fs::read(&path)
                .map(Cow::Owned)
                .map_err(|source| TemplateError::Read {
                    path,
                    source,
                    hint: "paths in template.yaml are relative to the template folder",
                })
        })
    }

    fn build(
        name: &str,
        yaml_path: &Path,
        text: &str,
        read: impl Fn(&Path) -> Result<Cow<'static, [u8]>, TemplateError>,
    ) -> Result<Self, TemplateError> {
        let raw: RawTemplate = serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = crate::diagnostic::without_location(&e.to_string());
            TemplateError::Yaml {
                path: yaml_path.to_owned(),
                line,
                column,
                hint: yaml_hint(&message),
                message,
            }
        })?;
        let invalid = |field: &'static str, message: String, hint: &str| TemplateError::Invalid {
            path: yaml_path.to_owned(),
            field,
            message,
            hint: hint.to_owned(),
        };
        let page = raw.page.unwrap_or(PageSize::A4);
        let margins = raw.margins_mm.unwrap_or(Margins {
            top: 16.0,
            right: 17.0,
            bottom: 14.0,
            left: 17.0,
        });
        for (side, v) in [
            ("top", margins.top),
            ("right", margins.right),
            ("bottom", margins.bottom),
            ("left", margins.left),
        ] {
            if !(5.0..=60.0).contains(&v) {
                return Err(invalid(
                    "margins_mm",
                    format!("{side} margin {v} mm is outside 5–60 mm"),
                    "margins are in millimetres",
                ));
            }
        }
        let (pw, ph) = page.mm();
        if pw - margins.left - margins.right < 120.0 || ph - margins.top - margins.bottom < 160.0 {
            return Err(invalid(
                "margins_mm",
                "the margins leave too little room for the tables".to_owned(),
                "keep at least 120 mm of width and 160 mm of height inside the margins",
            ));
        }
        let font_size = raw.font_size.unwrap_or(9.0);
        if !(6.0..=14.0).contains(&font_size) {
            return Err(invalid(
                "font_size",
                format!("{font_size} pt is outside 6–14 pt"),
                "the body text size, in points; 9 is the default",
            ));
        }
        let brand = match &raw.brand_colour {
            None => Colour::new(0x1F, 0x4E, 0x79),
            Some(s) => Colour::parse_hex(s).ok_or_else(|| {
                invalid(
                    "brand_colour",
                    format!("`{s}` is not a colour"),
                    "write it as hex, e.g. \"#1F4E79\" (in quotes: # starts a YAML comment)",
                )
            })?,
        };
        let font = |p: &Path| -> Result<FontFile, TemplateError> {
            Ok(FontFile {
                path: p.to_owned(),
                bytes: read(p)?,
            })
        };
        let regular = font(&raw.fonts.regular)?;
        let bold = font(&raw.fonts.bold)?;
        if raw.fonts.fallback.len() > MAX_FALLBACKS {
            return Err(invalid(
                "fonts.fallback",
                format!(
                    "{} fallback fonts; at most {MAX_FALLBACKS}",
                    raw.fonts.fallback.len()
                ),
                "list the faces in the order they are tried; one wide face is usually enough",
            ));
        }
        let fallback = raw
            .fonts
            .fallback
            .iter()
            .map(|p| font(p))
            .collect::<Result<Vec<_>, _>>()?;
        let logo = match &raw.logo {
            None => None,
            Some(p) => {
                let bytes = read(p)?.into_owned();
                let kind =
                    LogoKind::of(&bytes).ok_or_else(|| TemplateError::Logo { path: p.clone() })?;
                Some(LogoFile {
                    path: p.clone(),
                    kind,
                    bytes,
                })
            }
        };
        Ok(Self {
            name: name.to_owned(),
            page,
            margins,
            font_size,
            brand,
            logo,
            regular,
            bold,
            fallback,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_template_loads() {
        let t = Template::bundled().expect("bundled");
        assert_eq!(t.page, PageSize::A4);
        assert_eq!(t.regular.path, Path::new("fonts/NanumGothic.ttf"));
        assert_eq!(t.bold.bytes, BUNDLED_BOLD);
        assert_eq!(t.fallback.len(), 1);
        assert_eq!(t.fallback[0].path, Path::new("fonts/DejaVuSans.ttf"));
        assert_eq!(t.fallback[0].bytes, BUNDLED_FALLBACK);
    }

    #[test]
    fn fallbacks_are_optional_and_in_order() {
        let read = |p: &Path| Ok(Cow::Owned(p.to_string_lossy().into_owned().into_bytes()));
        let yaml = "fonts: { regular: a.ttf, bold: b.ttf }\n";
        let t = Template::build("t", Path::new("t.yaml"), yaml, read).expect("no fallback");
        assert!(t.fallback.is_empty());
        let yaml = "fonts: { regular: a.ttf, bold: b.ttf, fallback: [c.ttf, d.otf] }\n";
        let t = Template::build("t", Path::new("t.yaml"), yaml, read).expect("fallbacks");
        let got: Vec<&[u8]> = t.fallback.iter().map(|f| &*f.bytes).collect();
        assert_eq!(got, [b"c.ttf".as_slice(), b"d.otf".as_slice()]);
        let many = (0..=MAX_FALLBACKS)
            .map(|i| format!("f{i}.ttf"))
            .collect::<Vec<_>>();
        let yaml = format!(
            "fonts: {{ regular: a.ttf, bold: b.ttf, fallback: [{}] }}\n",
            many.join(", ")
        );
        let e = Template::build("t", Path::new("t.yaml"), &yaml, read).expect_err("too many");
        assert!(e.to_string().contains("`fonts.fallback`"), "{e}");
    }

    #[test]
    fn unknown_fields_are_rejected_with_a_position() {
        let e = Template::build("t", Path::new("t.yaml"), "page: A4\nfontsize: 9\n", |_| {
            Ok(Cow::Borrowed(BUNDLED_REGULAR))
        })
        .expect_err("unknown field");
        let msg = e.to_string();
        assert!(
            msg.starts_with("t.yaml:2:1: unknown field `fontsize`"),
            "{msg}"
        );
        assert!(msg.contains("hint:"), "{msg}");
    }

    #[test]
    fn bad_values_are_named() {
        let yaml = "brand_colour: blue\nfonts: { regular: a.ttf, bold: b.ttf }\n";
        let e = Template::build("t", Path::new("t.yaml"), yaml, |_| {
            Ok(Cow::Borrowed(BUNDLED_REGULAR))
        })
        .expect_err("bad colour");
        assert!(e.to_string().contains("`brand_colour`"), "{e}");
    }
}
