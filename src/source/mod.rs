//! Source files and positions in them.
//!
//! A [`Source`] is one input file held in memory: its display name and text.
//! [`YamlIndex`] (in `yaml`, the one module that reads saphyr's events) walks the YAML once more with an event parser that reports
//! spans, and remembers where every key and value of the document starts, so
//! that a rule broken by a value (an unknown id, an owner who is not a
//! contact) can point at the exact line and column.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

mod yaml;

pub use yaml::{Duplicate, YamlIndex};

/// One input file: where it came from and its whole text.
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// The byte offset of every [`CHAR_STEP`]th character, so that turning
    /// bytes into character columns and back costs a few dozen steps even
    /// on a line of a megabyte (a one-line JSON file). Empty for ASCII
    /// text, where the two counts agree.
    char_marks: Vec<usize>,
}

/// Characters between two entries of [`Source::char_marks`].
const CHAR_STEP: usize = 64;

impl Source {
    /// Wraps a file's text; `name` is what messages call the file.
    ///
    /// Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files), as the
    /// YAML parsers and most editors count them.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        let char_marks = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(CHAR_STEP)
                .map(|(i, _)| i)
                .collect()
        };
        Self {
            name: name.into(),
            text,
            line_starts,
            char_marks,
        }
    }

    /// How many characters come before byte `byte` (a character boundary).
    fn char_index(&self, byte: usize) -> usize {
        if self.char_marks.is_empty() {
            return byte;
        }
        let k = self.char_marks.partition_point(|&m| m <= byte).max(1) - 1;
        let from = self.char_marks[k];
        k * CHAR_STEP + self.text.get(from..byte).map_or(0, |t| t.chars().count())
    }

    /// The byte offset of character `index` (the end, past the last).
    fn byte_of_char(&self, index: usize) -> usize {
        if self.char_marks.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&from) = self.char_marks.get(index / CHAR_STEP) else {
            return self.text.len();
        };
        self.text[from..]
            .char_indices()
            .nth(index % CHAR_STEP)
            .map_or(self.text.len(), |(i, _)| from + i)
    }

    /// The name messages use for this file (usually its path).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text of the file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as messages quote it: a lone `\r` ends a line there too,
    /// so it becomes `\n` (one byte for one, so every byte range still
    /// holds).
    pub fn display_text(&self) -> Cow<'_, str> {
        if !self.text.contains('\r') {
            return Cow::Borrowed(&self.text);
        }
        let mut bytes = self.text.as_bytes().to_vec();
        for i in 0..bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                bytes[i] = b'\n';
            }
        }
        // Only ASCII bytes were swapped for ASCII bytes.
        Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| self.text.clone()))
    }

    /// The position of a byte offset: 1-based line and 1-based column in
    /// characters. An offset past the end is the end; one inside a
    /// character is that character's start.
    ///
    /// The returned [`Pos::bytes`] is the (possibly moved) offset itself.
    pub fn pos_at(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        // The end of a file that ends its last line is the end of that
        // line, not an empty line after it (quotes show no such line).
        if byte > 0 && byte == self.text.len() && self.line_starts.last() == Some(&byte) {
            byte -= if self.text.ends_with("\r\n") { 2 } else { 1 };
        }
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        let start = self.line_starts[line - 1];
        let column = self.char_index(byte) - self.char_index(start) + 1;
        Pos {
            line,
            column,
            bytes: byte..byte,
        }
    }

    /// Where the line holding byte `byte` starts.
    pub fn line_start(&self, byte: usize) -> usize {
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        self.line_starts[line - 1]
    }

    /// Where the line holding byte `byte` ends, before its line break.
    pub fn line_end(&self, byte: usize) -> usize {
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        self.body_end(line)
    }

    /// The end of 1-based line `line` before its line break.
    fn body_end(&self, line: usize) -> usize {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        start + self.text[start..end].trim_end_matches(['\n', '\r']).len()
    }

    /// The line break the file uses: `\r\n`, a lone `\r`, else `\n`.
    pub fn line_break(&self) -> &'static str {
        if self.text.contains("\r\n") {
            "\r\n"
        } else if self.text.contains('\r') {
            "\r"
        } else {
            "\n"
        }
    }

    /// The byte offset of a 1-based line and 0-based character column; a
    /// column past the line's end is its end, a line past the file's is the
    /// file's end.
    pub fn byte_of(&self, line: usize, col_chars: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.byte_of_char(self.char_index(start) + col_chars)
            .min(self.body_end(line))
    }

    /// Where the file's content starts: its first character that is not
    /// white space or in a comment (the end, for a file of nothing else).
    pub fn content_start(&self) -> Pos {
        let mut at = 0;
        for (i, line) in self.line_starts.iter().enumerate() {
            let end = self
                .line_starts
                .get(i + 1)
                .copied()
                .unwrap_or(self.text.len());
            let body = &self.text[*line..end];
            let trimmed = body.trim_start();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return self.pos_at(line + body.len() - trimmed.len());
            }
            at = end;
        }
        self.pos_at(at)
    }
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The bytes the position covers (empty for a point).
    pub bytes: Range<usize>,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path into a YAML document, such as `responsibilities.GEN-01.owner`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path(Vec<Seg>);

impl Path {
    /// The document root.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path with a key appended.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_owned()));
        Self(segs)
    }

    /// This path with a sequence index appended.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Self(segs)
    }

    /// The path one step up, or the root.
    #[must_use]
    pub fn parent(&self) -> Self {
        let mut segs = self.0.clone();
        segs.pop();
        Self(segs)
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Seg] {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pos_at_counts_characters() {
        let src = Source::new("t", "가나다: x\n");
        let byte = src.text().find('x').unwrap();
        assert_eq!(src.pos_at(byte).to_string(), "1:6");
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let src = Source::new("t", "a: 1\rb: 2\r\nc: 3\nd: 가\r");
        let at = |needle: &str| src.pos_at(src.text().find(needle).unwrap()).to_string();
        assert_eq!(at("b"), "2:1");
        assert_eq!(at("c"), "3:1");
        assert_eq!(at("d"), "4:1");
        assert_eq!(src.byte_of(3, 0), src.text().find('c').unwrap());
        // A column past the line's end is its end, not the next line.
        assert_eq!(src.byte_of(1, 99), 4);
        assert_eq!(src.byte_of(9, 0), src.text().len());
        let b = src.text().find("b: 2").unwrap();
        assert_eq!((src.line_start(b + 2), src.line_end(b)), (b, b + 4));
        assert_eq!(src.line_break(), "\r\n");
        assert_eq!(Source::new("t", "a\rb").line_break(), "\r");
        // A place inside a character is that character's start.
        let ga = src.text().find('가').unwrap();
        assert_eq!(src.pos_at(ga + 1).bytes, ga..ga);
        // The end of a file that ends its last line is that line's end.
        assert_eq!(src.pos_at(src.text().len()).to_string(), "4:5");
        assert_eq!(Source::new("t", "x\r\n").pos_at(3).to_string(), "1:2");
        // Quotes see the lone CR as a line end, byte for byte.
        assert_eq!(src.display_text(), "a: 1\nb: 2\r\nc: 3\nd: 가\n");
    }

    #[test]
    fn places_agree_with_counting_characters_on_long_mixed_lines() {
        let line = "가a😀b ".repeat(50);
        let text = format!("{line}\n{line}\r\nx\r{line}");
        let src = Source::new("t", text.as_str());
        let (mut line_no, mut col) = (1, 1);
        let mut prev = None;
        for (b, c) in text.char_indices() {
            // A lone CR or an LF ends a line; the LF of a CRLF does not start one.
            if prev == Some('\n') || (prev == Some('\r') && c != '\n') {
                (line_no, col) = (line_no + 1, 1);
            }
            let pos = src.pos_at(b);
            assert_eq!((pos.line, pos.column), (line_no, col), "byte {b}");
            // Back from line:column (the LF of a CRLF is past the line's end).
            if !(c == '\n' && prev == Some('\r')) {
                assert_eq!(src.byte_of(line_no, col - 1), b, "{line_no}:{col}");
            }
            col += 1;
            prev = Some(c);
        }
    }

    #[test]
    fn content_starts_after_blank_and_comment_lines() {
        let src = Source::new("t", "# head\n\n   \n  x: 1\n");
        assert_eq!(src.content_start().to_string(), "4:3");
        assert_eq!(
            Source::new("t", "# only\n").content_start().to_string(),
            "1:7"
        );
    }
}
