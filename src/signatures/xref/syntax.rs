//! The few pieces of PDF syntax a cross-reference section is made of:
//! numbers, names, arrays, dictionaries (strings and references skipped
//! over), and object headers.

use std::collections::BTreeMap;

/// A value of a dictionary, as far as the sections need one.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Int(i64),
    Name(Vec<u8>),
    Array(Vec<Value>),
    Dict(BTreeMap<Vec<u8>, Value>),
    Ref(u32, u16),
    Other,
}

/// The object number and generation of the header (`N G obj`) at `at`.
pub(super) fn header(bytes: &[u8], at: usize) -> Option<(u32, u16)> {
    let mut p = Parser { b: bytes, at };
    let num = u32::try_from(p.uint().ok()?).ok()?;
    let generation = u16::try_from(p.uint().ok()?).ok()?;
    p.skip();
    let rest = p.rest();
    (rest.starts_with(b"obj") && rest.get(3).is_none_or(|c| is_delimiter(*c)))
        .then_some((num, generation))
}

/// The most nested arrays and dictionaries read.
const MAX_DEPTH: usize = 32;

/// Reads the few PDF values a section is made of.
pub(super) struct Parser<'a> {
    pub(super) b: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Parser<'a> {
    pub(super) fn rest(&self) -> &'a [u8] {
        self.b.get(self.at..).unwrap_or_default()
    }

    /// Skips white space and comments.
    pub(super) fn skip(&mut self) {
        while let Some(&c) = self.b.get(self.at) {
            if c == b'%' {
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| *c != b'\n' && *c != b'\r')
                {
                    self.at += 1;
                }
            } else if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0') {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    pub(super) fn uint(&mut self) -> Result<usize, String> {
        self.skip();
        let start = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        std::str::from_utf8(self.b.get(start..self.at).unwrap_or_default())
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("a number is expected at byte {start}"))
    }

    pub(super) fn value(&mut self) -> Result<Value, String> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("values nest deeper than {MAX_DEPTH}"));
        }
        self.skip();
        let start = self.at;
        let rest = self.rest();
        match rest.first().copied() {
            None => Err("the file ends inside a value".to_string()),
            Some(b'<') if rest.starts_with(b"<<") => {
                self.at += 2;
                let mut d = BTreeMap::new();
                loop {
                    self.skip();
                    if self.rest().starts_with(b">>") {
                        self.at += 2;
                        return Ok(Value::Dict(d));
                    }
                    let Value::Name(k) = self.value_at(depth + 1)? else {
                        return Err(format!("a dictionary key is not a name (byte {start})"));
                    };
                    let v = self.value_at(depth + 1)?;
                    d.insert(k, v);
                }
            }
            Some(b'<') => {
                let len = rest
                    .iter()
                    .position(|c| *c == b'>')
                    .ok_or("a hex string does not end")?;
                self.at += len + 1;
                Ok(Value::Other)
            }
            Some(b'[') => {
                self.at += 1;
                let mut a = Vec::new();
                loop {
                    self.skip();
                    if self.rest().starts_with(b"]") {
                        self.at += 1;
                        return Ok(Value::Array(a));
                    }
                    a.push(self.value_at(depth + 1)?);
                }
            }
            Some(b'(') => {
                let mut nest = 0usize;
                let mut i = 0;
                while let Some(&c) = rest.get(i) {
                    match c {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                self.at += i + 1;
                                return Ok(Value::Other);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                Err("a string does not end".to_string())
            }
            Some(b'/') => {
                let len = 1 + rest[1..]
                    .iter()
                    .position(|c| is_delimiter(*c))
                    .unwrap_or(rest.len() - 1);
                self.at += len;
                Ok(Value::Name(rest[1..len].to_vec()))
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                let len = rest
                    .iter()
                    .position(|c| !(c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.')))
                    .unwrap_or(rest.len());
                self.at += len;
                let n = std::str::from_utf8(&rest[..len])
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok());
                // A reference: `N G R`.
                let save = self.at;
                if let (Some(num), Ok(generation)) = (n, self.uint()) {
                    self.skip();
                    if self.rest().first() == Some(&b'R') {
                        self.at += 1;
                        return Ok(match (u32::try_from(num), u16::try_from(generation)) {
                            (Ok(num), Ok(generation)) => Value::Ref(num, generation),
                            _ => Value::Other,
                        });
                    }
                }
                self.at = save;
                Ok(n.map_or(Value::Other, Value::Int))
            }
            Some(_) => {
                let len = rest
                    .iter()
                    .position(|c| is_delimiter(*c))
                    .unwrap_or(rest.len());
                if len == 0 {
                    return Err(format!("an unexpected character at byte {start}"));
                }
                self.at += len;
                Ok(Value::Other)
            }
        }
    }
}

pub(super) fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | b'\0'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}
