//! The YAML index: saphyr's event parser walked once more for the span of
//! every key and value, so that a rule broken by a value can point at its
//! line and column.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, Span as YamlSpan};

use super::{Path, Pos, Source};

/// Where each key and value of a YAML document starts.
#[derive(Debug, Default)]
pub struct YamlIndex {
    values: HashMap<Path, Pos>,
    keys: HashMap<Path, Pos>,
    ends: HashMap<Path, usize>,
    duplicates: Vec<Duplicate>,
    too_deep: Option<Pos>,
    aliases: Vec<Pos>,
    documents: Vec<Pos>,
    syntax_error: Option<(Pos, String)>,
}

/// A mapping key that occurs twice in the same mapping.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The path of the repeated key.
    pub path: Path,
    /// Where it first occurs.
    pub first: Pos,
    /// Where it occurs again.
    pub again: Pos,
}

/// An open container while walking the events.
enum Frame {
    /// A mapping at `path`; `pending_key` while its next event is a key.
    Map { path: Path, pending_key: bool },
    /// A sequence at `path`; `next` is the index of its next item.
    Seq { path: Path, next: usize },
}

impl YamlIndex {
    /// Indexes a document. A document the event parser rejects yields an
    /// empty index; the data parser reports that error with its position.
    pub fn build(source: &Source) -> Self {
        let mut index = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut current_key: Option<Path> = None;
        // End (byte) of the last scalar or container seen: a block
        // container ends where its last value ends.
        let mut last_end = 0usize;
        let mut parser = Parser::new_from_str(source.text());
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(event) => event,
                Err(e) => {
                    let m = e.marker();
                    let pos = source.pos_at(source.byte_of(m.line(), m.col()));
                    index.syntax_error = Some((pos, e.info().to_owned()));
                    break;
                }
            };
            let pos = source.pos_of_span(&span);
            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
                && stack.len() >= crate::limits::MAX_DEPTH
            {
                index.too_deep = Some(pos);
                break;
            }
            if matches!(event, Event::Alias(..)) {
                index.aliases.push(pos.clone());
            }
            let span_end = source.byte_of(span.end.line(), span.end.col());
            if matches!(event, Event::Scalar(..) | Event::Alias(..)) {
                let start = pos.bytes.start;
                let end = span_end.max(start);
                last_end = start + source.text()[start..end].trim_end().len();
            }
            // Is this event a key of a mapping, or a value at some path?
            let value_path = match stack.last_mut() {
                Some(Frame::Map { path, pending_key }) => {
                    if matches!(event, Event::MappingEnd) {
                        None
                    } else if *pending_key {
                        *pending_key = false;
                        if let Event::Scalar(key, ..) = &event {
                            let key_path = path.key(key);
                            if let Some(first) = index.keys.get(&key_path) {
                                index.duplicates.push(Duplicate {
                                    path: key_path.clone(),
                                    first: first.clone(),
                                    again: pos.clone(),
                                });
                                // Index the repeated entry apart, so its
                                // fields are not reported as repeats too.
                                let n = index.duplicates.len();
                                current_key = Some(path.key(&format!("{key}#{n}")));
                            } else {
                                index.keys.insert(key_path.clone(), pos.clone());
                                current_key = Some(key_path);
                            }
                        } else {
                            current_key = Some(path.key("?"));
                        }
                        continue;
                    } else {
                        *pending_key = true;
                        current_key.take()
                    }
                }
                Some(Frame::Seq { path, next }) => {
                    if matches!(event, Event::SequenceEnd) {
                        None
                    } else {
                        *next += 1;
                        Some(path.index(*next - 1))
                    }
                }
                None => Some(Path::root()),
            };
            match event {
                Event::MappingStart(..) => {
                    let path = value_path.unwrap_or_default();
                    index.values.entry(path.clone()).or_insert(pos);
                    stack.push(Frame::Map {
                        path,
                        pending_key: true,
                    });
                }
                Event::SequenceStart(..) => {
                    let path = value_path.unwrap_or_default();
                    index.values.entry(path.clone()).or_insert(pos);
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) = stack.pop() {
                        let start = index.values.get(&path).map_or(0, |p| p.bytes.start);
                        let flow = matches!(source.text().as_bytes().get(start), Some(b'{' | b'['));
                        // A flow container ends with its closing bracket.
                        let close = source.byte_of(span.start.line(), span.start.col());
                        let end = if flow { close + 1 } else { last_end };
                        last_end = end.max(start);
                        index.ends.entry(path).or_insert(last_end);
                    }
                }
                Event::Scalar(..) | Event::Alias(..) => {
                    if let Some(path) = value_path {
                        index.ends.entry(path.clone()).or_insert(last_end);
                        index.values.entry(path).or_insert(pos);
                    }
                }
                Event::DocumentStart(_) => {
                    index.documents.push(pos);
                    // A second document is an error of its own; its keys
                    // are not repeats of the first one's.
                    if index.documents.len() > 1 {
                        break;
                    }
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        index
    }

    /// Where the value at `path` starts, if the document has it.
    pub fn value(&self, path: &Path) -> Option<&Pos> {
        self.values.get(path)
    }

    /// The bytes the value at `path` spans, from its first character to its
    /// last (a flow mapping's closing brace included).
    pub fn value_span(&self, path: &Path) -> Option<Range<usize>> {
        let start = self.values.get(path)?.bytes.start;
        let end = *self.ends.get(path)?;
        Some(start..end.max(start))
    }

    /// Where the key that ends `path` stands, if the document has it.
    pub fn key(&self, path: &Path) -> Option<&Pos> {
        self.keys.get(path)
    }

    /// The nearest known place for `path`: the value, else its key, else the
    /// nearest ancestor that exists.
    pub fn nearest(&self, path: &Path) -> Option<Pos> {
        let mut p = path.clone();
        loop {
            if let Some(pos) = self.values.get(&p).or_else(|| self.keys.get(&p)) {
                return Some(pos.clone());
            }
            if p.is_root() {
                return None;
            }
            p = p.parent();
        }
    }

    /// Where the document nests deeper than [`crate::limits::MAX_DEPTH`], if it does.
    pub fn too_deep(&self) -> Option<&Pos> {
        self.too_deep.as_ref()
    }

    /// Where the document uses aliases (`*name`).
    pub fn aliases(&self) -> &[Pos] {
        &self.aliases
    }

    /// Where the event parser stopped at a syntax error, and its words.
    pub fn syntax_error(&self) -> Option<&(Pos, String)> {
        self.syntax_error.as_ref()
    }

    /// Where each document of the file starts (a file should hold one).
    pub fn documents(&self) -> &[Pos] {
        &self.documents
    }

    /// Keys that occur twice in one mapping.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }
}

impl Source {
    /// The place a saphyr span covers, cut at the end of its first line.
    fn pos_of_span(&self, span: &YamlSpan) -> Pos {
        let start = self.byte_of(span.start.line(), span.start.col());
        let end = self.byte_of(span.end.line(), span.end.col()).max(start);
        // A block scalar's span can run over the line break; keep the first line.
        let end = self.text[start..end]
            .find(['\n', '\r'])
            .map_or(end, |nl| start + nl)
            .max(start);
        let at = self.pos_at(start);
        Pos {
            bytes: at.bytes.start..end.max(at.bytes.start),
            ..at
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Seg;

    #[test]
    fn indexes_keys_and_values_with_positions() {
        let src = Source::new(
            "t.yaml",
            "a:\n  b: 1\n  c: [x, y]\nlist:\n  - { id: one }\n  - id: two\n    name: 이름\n",
        );
        let idx = YamlIndex::build(&src);
        let p = |s: &[Seg]| Path(s.to_vec());
        let k = |s: &str| Seg::Key(s.into());
        assert_eq!(idx.value(&p(&[k("a"), k("b")])).unwrap().to_string(), "2:6");
        assert_eq!(idx.key(&p(&[k("a"), k("c")])).unwrap().to_string(), "3:3");
        assert_eq!(
            idx.value(&p(&[k("a"), k("c"), Seg::Index(1)]))
                .unwrap()
                .to_string(),
            "3:10"
        );
        assert_eq!(
            idx.value(&p(&[k("list"), Seg::Index(0), k("id")]))
                .unwrap()
                .to_string(),
            "5:11"
        );
        let name = idx
            .value(&p(&[k("list"), Seg::Index(1), k("name")]))
            .unwrap();
        assert_eq!(name.to_string(), "7:11");
        assert_eq!(&src.text()[name.bytes.clone()], "이름");
    }

    #[test]
    fn value_spans_cover_scalars_flow_and_block_containers() {
        let text = "r:\n  A: { status: done, note: \"x, y\" }  # c\n  B:\n    status: blocked\n    note: 이유\n\nnext: [1, 2]\n";
        let src = Source::new("t.yaml", text);
        let idx = YamlIndex::build(&src);
        let span = |p: &str| {
            let path = p.split('.').fold(Path::root(), |acc, k| acc.key(k));
            let r = idx.value_span(&path).unwrap();
            &text[r]
        };
        assert_eq!(span("r.A"), "{ status: done, note: \"x, y\" }");
        assert_eq!(span("r.A.note"), "\"x, y\"");
        assert_eq!(span("r.B"), "status: blocked\n    note: 이유");
        assert_eq!(
            span("r"),
            "A: { status: done, note: \"x, y\" }  # c\n  B:\n    status: blocked\n    note: 이유"
        );
        assert_eq!(span("next"), "[1, 2]");
    }

    #[test]
    fn reports_duplicate_keys() {
        let src = Source::new("t.yaml", "r:\n  GEN-01: 1\n  GEN-01: 2\n");
        let idx = YamlIndex::build(&src);
        let d = &idx.duplicates()[0];
        assert_eq!(d.path.to_string(), "r.GEN-01");
        assert_eq!((d.first.line, d.again.line), (2, 3));
    }

    #[test]
    fn a_second_document_ends_the_index() {
        let src = Source::new("t", "a: 1\n---\na: 2\n");
        let idx = YamlIndex::build(&src);
        assert_eq!(idx.documents()[1].to_string(), "2:1");
        assert!(idx.duplicates().is_empty());
    }
}
