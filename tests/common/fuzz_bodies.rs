//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), shared with
//! `tests/fuzz_regressions.rs`, which replays every input ever found to
//! crash them. Each must return normally for any input: an error is fine,
//! a panic is a bug.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use handover::diagnostic::{Diagnostic, Diagnostics};
use handover::locale::Locale;
use handover::source::Source;

fn resolve_all(loaded: &handover::Loaded) -> Vec<handover::report::Report> {
    Locale::bundled()
        .iter()
        .filter_map(|&locale| loaded.report(locale, None).ok())
        .collect()
}

/// Every error and warning about the fuzzed file names a place in it: a
/// byte range inside its text on character boundaries, whose line and
/// column are the ones the message prints above the quoted line.
fn assert_placed<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, src: &Source) {
    let text = src.text();
    for d in diagnostics {
        if d.file != src.name() {
            continue;
        }
        let Some(pos) = &d.pos else {
            panic!("no place for `{}`", d.message);
        };
        let b = &pos.bytes;
        assert!(
            b.start <= b.end
                && b.end <= text.len()
                && text.is_char_boundary(b.start)
                && text.is_char_boundary(b.end),
            "bytes {b:?} of {} for `{}`",
            text.len(),
            d.message
        );
        let at = src.pos_at(b.start);
        assert_eq!(
            (pos.line, pos.column),
            (at.line, at.column),
            "the place of `{}` is not where its bytes are",
            d.message
        );
        let shown = Diagnostics(vec![d.clone()]).render(&[src], false);
        let place = format!("{}:{}:{}", src.name(), pos.line, pos.column);
        assert!(shown.contains(&place), "`{place}` not in:\n{shown}");
    }
}

/// Any bytes as an engagement file: load, check (against the bundled
/// catalogues, parsed once as in a batch build), resolve in both locales,
/// or render the diagnostics, each of which must name its place.
pub fn engagement(data: &[u8]) {
    static CATALOGUES: OnceLock<handover::Catalogues> = OnceLock::new();
    let catalogues = CATALOGUES.get_or_init(|| handover::Catalogues::new(None));
    let src = match handover::source_from_bytes("fuzz.yaml".into(), data.to_vec()) {
        Ok(src) => src,
        Err(d) => {
            assert!(d.pos.is_some(), "no place for `{}`", d.message);
            return;
        }
    };
    match catalogues.load(&src) {
        Ok(loaded) => {
            assert_placed(&loaded.warnings.0, &src);
            let _ = resolve_all(&loaded);
        }
        Err(e) => {
            assert!(e.diagnostics.has_errors());
            assert_placed(&e.diagnostics.0, &src);
            let sources: Vec<&Source> = e.sources.iter().collect();
            let _ = e.diagnostics.render(&sources, false);
        }
    }
}

/// Any bytes as a catalogue file; every diagnostic must name its place.
pub fn catalogue(data: &[u8]) {
    let Ok(src) = handover::source_from_bytes("fuzz.yaml".into(), data.to_vec()) else {
        return;
    };
    match handover::check::check_catalogue(&src) {
        Ok(c) => {
            assert_placed(&c.warnings.0, &src);
            let _ = c.value.len();
        }
        Err(d) => {
            assert!(d.has_errors());
            assert_placed(&d.0, &src);
            let _ = d.render(&[&src], false);
        }
    }
}

/// The seed engagement, loaded once.
fn seed() -> &'static (Source, handover::Loaded) {
    static SEED: OnceLock<(Source, handover::Loaded)> = OnceLock::new();
    SEED.get_or_init(|| {
        let src = handover::bundled::SAMPLES[0].source();
        let loaded = handover::load(&src, None).expect("seed loads");
        (src, loaded)
    })
}

/// The seed's tracker as (zip entry name, bytes), rendered once.
fn tracker_parts() -> &'static Vec<(String, Vec<u8>)> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let (_, loaded) = seed();
        let report = resolve_all(loaded).remove(0);
        let bytes = handover::xlsx::render(&report).expect("renders");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).expect("entry");
                let mut b = Vec::new();
                f.read_to_end(&mut b).expect("read");
                (f.name().map(|n| n.to_string()).unwrap_or_default(), b)
            })
            .collect()
    })
}

fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(*c as u32, 0..=8 | 11 | 12 | 14..=31 | 0xFFFE | 0xFFFF))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What [`import`] made of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// No workbook to import: an empty input, or edits the zip writer
    /// could not write.
    Nothing,
    /// The workbook was refused.
    Refused,
    /// The workbook was accepted, and the updated engagement file loads.
    Accepted,
}

/// The first byte picks the mode: raw bytes as a workbook (even), or the
/// seed's tracker with cells of the tracker sheet replaced by the input's
/// text (odd; split on `|`, cycling through columns A, E, F, G, H, I of
/// rows 2, 3, …).
pub fn import(data: &[u8]) -> Imported {
    let (src, loaded) = seed();
    let Some((&mode, rest)) = data.split_first() else {
        return Imported::Nothing;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let text = String::from_utf8_lossy(rest);
        let mut parts = tracker_parts().clone();
        let sheet = parts
            .iter_mut()
            .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
            .expect("the seed tracker has its tracker sheet");
        let mut xml = String::from_utf8_lossy(&sheet.1).into_owned();
        for (i, piece) in text.split('|').take(64).enumerate() {
            let col = ["A", "E", "F", "G", "H", "I"][i % 6];
            let row = 2 + (i / 6) % 44;
            let cell = format!("<c r=\"{col}{row}\"");
            if let Some(start) = xml.find(&cell) {
                let head = xml[start..].find('>').map_or(start, |e| start + e);
                let end = if xml.as_bytes().get(head.saturating_sub(1)) == Some(&b'/') {
                    head + 1
                } else {
                    xml[start..]
                        .find("</c>")
                        .map_or(head + 1, |e| start + e + 4)
                };
                let value = match piece.parse::<f64>() {
                    Ok(n) if n.is_finite() => format!("<c r=\"{col}{row}\"><v>{n}</v></c>"),
                    _ => format!(
                        "<c r=\"{col}{row}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        escape(piece)
                    ),
                };
                xml.replace_range(start..end, &value);
            }
        }
        sheet.1 = xml.into_bytes();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, b) in &parts {
            if out
                .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .is_err()
                || out.write_all(b).is_err()
            {
                return Imported::Nothing;
            }
        }
        match out.finish() {
            Ok(c) => c.into_inner(),
            Err(_) => return Imported::Nothing,
        }
    };
    match handover::import::import(src, loaded, &bytes) {
        Ok(imported) => {
            // Whatever is accepted must load again.
            let again = Source::new("fuzz.yaml", imported.updated);
            if let Err(e) = handover::load(&again, None) {
                panic!("an accepted import does not load:\n{e}");
            }
            Imported::Accepted
        }
        Err(_) => Imported::Refused,
    }
}

/// YAML double-quoted scalar (JSON's escapes are YAML's).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What [`pipeline`] made of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piped {
    /// The catalogue or engagement made of the input does not load (its
    /// texts can break a rule: an empty version, a text over the limit…).
    Refused,
    /// Loaded, and rendered to PDF and XLSX in this many locales.
    Rendered(usize),
}

/// Arbitrary text into every text of a small catalogue and engagement, then
/// the whole pipeline to PDF and XLSX in both locales: what loads must
/// resolve and render in every locale.
pub fn pipeline(data: &[u8]) -> Piped {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1f}');
    let mut next = |fallback: &str| {
        parts
            .next()
            .map_or_else(|| fallback.to_owned(), str::to_owned)
    };
    let (item_ko, item_en, customer, note, name, phase) = (
        next("가"),
        next("a"),
        next("c"),
        next("n"),
        next("x"),
        next("p"),
    );
    let catalogue = format!(
        "id: fz\nversion: \"1\"\ntitle: {{ ko-KR: {t}, en-US: {t} }}\nphases:\n  - id: one\n    title: {{ ko-KR: {p}, en-US: {p} }}\n    items:\n      - id: A-01\n        text: {{ ko-KR: {ko}, en-US: {en} }}\n      - id: A-02\n        optional: true\n        text: {{ ko-KR: {en}, en-US: {ko} }}\n",
        t = q(&customer),
        p = q(&phase),
        ko = q(&item_ko),
        en = q(&item_en),
    );
    let engagement = format!(
        "engagement:\n  id: FZ-1\n  catalogue: fz\n  catalogue_version: \"1\"\n  customer: {{ name: {c}, tenant: {n} }}\n  provider: {{ name: {x} }}\n  start: 2026-01-01\n  target: 2026-02-01\ncontacts:\n  - {{ id: a, name: {x}, role: {c} }}\nresponsibilities:\n  A-01: {{ status: blocked, owner: a, due: 2026-01-10, note: {n} }}\n  A-02: {{ status: done, done_on: 2026-01-02, note: {c} }}\nsignoff:\n  - {{ party: customer, name: {x}, title: {n} }}\nrevisions:\n  - {{ version: {p}, date: 2026-01-01, note: {n} }}\n",
        c = q(&customer),
        n = q(&note),
        x = q(&name),
        p = q(&phase),
    );
    let cat = Source::new("fz-catalogue.yaml", catalogue);
    let Ok(loaded) = handover::load(&Source::new("fz.yaml", engagement), Some(&cat)) else {
        return Piped::Refused;
    };
    // The fonts are parsed once per process, as in a batch build.
    static TYPESETTER: OnceLock<handover::pdf::Typesetter> = OnceLock::new();
    let typesetter = TYPESETTER.get_or_init(|| {
        let template = handover::template::Template::bundled().expect("bundled template");
        handover::pdf::Typesetter::new(&template).expect("bundled fonts")
    });
    let mut rendered = 0;
    for locale in Locale::bundled() {
        let report = loaded
            .report(locale, None)
            .unwrap_or_else(|e| panic!("{locale}: a loaded engagement does not resolve: {e}"));
        let pdf = typesetter
            .render(&report)
            .unwrap_or_else(|e| panic!("{locale}: a loaded engagement gives no PDF: {e}"));
        assert!(pdf.pages > 0, "{locale}: a statement without pages");
        let xlsx = handover::xlsx::render(&report)
            .unwrap_or_else(|e| panic!("{locale}: a loaded engagement gives no XLSX: {e}"));
        assert!(
            xlsx.starts_with(b"PK"),
            "{locale}: the workbook is not a zip"
        );
        rendered += 1;
    }
    Piped::Rendered(rendered)
}

/// What [`verify`] made of a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// Not a PDF that can be read.
    Unreadable,
    /// Read, with no signature.
    Unsigned,
    /// Every signature holds and chains to the test CA.
    Holds,
    /// Some signature, or the file after it, does not hold.
    Refused,
}

/// The `verify` target: a PDF from anyone through every signature check,
/// with the CA that signed the seeds (`fuzz/verify-ca.pem`) as the anchor.
pub fn verify(data: &[u8]) -> Verified {
    use handover::signatures::{self, Anchors};
    static ANCHORS: OnceLock<Anchors> = OnceLock::new();
    let anchors = ANCHORS.get_or_init(|| {
        let mut a = Anchors::none();
        a.add_pem(include_bytes!("../../fuzz/verify-ca.pem"))
            .expect("the test CA reads");
        a
    });
    match signatures::verify(data, anchors) {
        Err(_) => Verified::Unreadable,
        Ok(found) if found.signatures.is_empty() => Verified::Unsigned,
        Ok(found) => {
            for s in &found.signatures {
                // Whatever the file says, a signature that holds has a
                // valid digest, value and certificate.
                if s.holds() {
                    assert!(
                        s.digest_valid && s.signature_valid && s.certificate_valid,
                        "{s:?}"
                    );
                }
            }
            if found.holds() {
                Verified::Holds
            } else {
                Verified::Refused
            }
        }
    }
}
