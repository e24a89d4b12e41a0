//! The summary chart's cached points, so the chart shows its counts where
//! nothing recalculates.
//!
//! A chart series points at cells (the phase titles, one status column of
//! counts) and carries a copy of their values, its *caches*. Excel redraws
//! from the cells after recalculating; mail previews, Quick Look and most
//! phone viewers draw from the caches alone. `rust_xlsxwriter` fills the
//! caches from the cells it wrote, but a formula cell gives it no value, and
//! every count on the summary is a live formula: its value caches came out
//! with a point count and no points, an empty chart in those viewers.
//!
//! [`fill`] rewrites the saved workbook's chart part with the counts the
//! report already knows: each series' categories (the phase titles, a
//! `c:strCache`) and values (its status's count per phase, a `c:numCache`).
//! The same pass writes the workbook's languages into its core properties
//! (`dc:language`, which `rust_xlsxwriter` has no setter for). Every other
//! part is copied as it was, compressed bytes and all; the rewritten parts
//! get the fixed options the library gives every part, so the same report
//! still gives the same bytes.

use crate::xml::escape;
use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::XlsxError;

/// The part of the summary's chart (the workbook's only chart).
pub(super) const CHART_PART: &str = "xl/charts/chart1.xml";
/// The core properties part.
const CORE_PART: &str = "docProps/core.xml";

/// What the chart's caches hold.
pub(super) struct ChartPoints {
    /// The categories, in order: the phase titles.
    pub categories: Vec<String>,
    /// One series per status, in the chart's order: the count of each
    /// category.
    pub series: Vec<Vec<usize>>,
}

/// The workbook `bytes` with the caches of [`CHART_PART`] holding `points`
/// and `languages` (BCP 47 tags, the primary first) as its core
/// properties' `dc:language`.
///
/// # Errors
/// The workbook cannot be read back or written again, or its chart part is
/// not the chart of `points` (another number of series or categories).
pub(super) fn fill(
    bytes: &[u8],
    points: &ChartPoints,
    languages: &[&str],
) -> Result<Vec<u8>, XlsxError> {
    let zip_err = |source| XlsxError::Repackage {
        source: Box::new(source),
    };
    let io_err = |e: std::io::Error| zip_err(e.into());
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 4096)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default());
    let mut found = false;
    for i in 0..archive.len() {
        let name = match archive.name_for_index(i) {
            Some(name) => name.map_err(zip_err)?.into_owned(),
            None => String::new(),
        };
        let mut read = |i: usize| -> Result<String, XlsxError> {
            let mut xml = String::new();
            archive
                .by_index(i)
                .map_err(zip_err)?
                .read_to_string(&mut xml)
                .map_err(io_err)?;
            Ok(xml)
        };
        if name == CORE_PART {
            let xml = read(i)?;
            let tags: String = languages
                .iter()
                .map(|t| format!("<dc:language>{}</dc:language>", escape(t)))
                .collect();
            let xml = xml.replacen("</cp:coreProperties>", &(tags + "</cp:coreProperties>"), 1);
            out.start_file(CORE_PART, options).map_err(zip_err)?;
            out.write_all(xml.as_bytes()).map_err(io_err)?;
        } else if name == CHART_PART {
            let xml = read(i)?;
            let xml =
                with_caches(&xml, points).map_err(|detail| XlsxError::ChartShape { detail })?;
            out.start_file(CHART_PART, options).map_err(zip_err)?;
            out.write_all(xml.as_bytes()).map_err(io_err)?;
            found = true;
        } else {
            let file = archive.by_index_raw(i).map_err(zip_err)?;
            out.raw_copy_file(file).map_err(zip_err)?;
        }
    }
    if !found {
        return Err(XlsxError::ChartShape {
            detail: format!("no part {CHART_PART}"),
        });
    }
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

/// The chart XML with every series' `c:cat` and `c:val` holding `points`.
fn with_caches(xml: &str, points: &ChartPoints) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + 64 * points.categories.len());
    let mut rest = xml;
    let mut series = points.series.iter();
    let mut seen = 0;
    while let Some((before, ser, after)) = split_element(rest, "c:ser")? {
        let values = series.next().ok_or_else(|| {
            format!(
                "the chart has more series than the {} expected",
                points.series.len()
            )
        })?;
        if values.len() != points.categories.len() {
            return Err(format!(
                "series {seen}: {} values for {} categories",
                values.len(),
                points.categories.len()
            ));
        }
        out.push_str(before);
        out.push_str("<c:ser>");
        let ser = replace_element(ser, "c:cat", |f| categories_ref(f, &points.categories))?;
        let ser = replace_element(&ser, "c:val", |f| values_ref(f, values))?;
        out.push_str(&ser);
        out.push_str("</c:ser>");
        rest = after;
        seen += 1;
    }
    if seen != points.series.len() {
        return Err(format!(
            "the chart has {seen} series, not the {} expected",
            points.series.len()
        ));
    }
    out.push_str(rest);
    Ok(out)
}

/// The first `<tag>…</tag>` of `s`: (what comes before it, its inside, what
/// comes after it); `None` when there is none.
fn split_element<'a>(s: &'a str, tag: &str) -> Result<Option<(&'a str, &'a str, &'a str)>, String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let Some(start) = s.find(&open) else {
        return Ok(None);
    };
    let inner = &s[start + open.len()..];
    let end = inner
        .find(&close)
        .ok_or_else(|| format!("`{open}` is not closed"))?;
    Ok(Some((
        &s[..start],
        &inner[..end],
        &inner[end + close.len()..],
    )))
}

/// `s` with its `<tag>…</tag>` replaced by `<tag>{make(formula)}</tag>`,
/// where `formula` is the range (`c:f`) the element refers to.
fn replace_element(
    s: &str,
    tag: &str,
    make: impl FnOnce(&str) -> String,
) -> Result<String, String> {
    let (before, inner, after) =
        split_element(s, tag)?.ok_or_else(|| format!("a series without `<{tag}>`"))?;
    let (_, formula, _) =
        split_element(inner, "c:f")?.ok_or_else(|| format!("`<{tag}>` without a range"))?;
    Ok(format!("{before}<{tag}>{}</{tag}>{after}", make(formula)))
}

/// A reference to the category cells with their cached text.
fn categories_ref(formula: &str, categories: &[String]) -> String {
    let mut s = format!(
        "<c:strRef><c:f>{formula}</c:f><c:strCache><c:ptCount val=\"{}\"/>",
        categories.len()
    );
    for (i, c) in categories.iter().enumerate() {
        let _ = write!(s, "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", escape(c));
    }
    s.push_str("</c:strCache></c:strRef>");
    s
}

/// A reference to the value cells with their cached counts.
fn values_ref(formula: &str, values: &[usize]) -> String {
    let mut s = format!(
        "<c:numRef><c:f>{formula}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{}\"/>",
        values.len()
    );
    for (i, v) in values.iter().enumerate() {
        let _ = write!(s, "<c:pt idx=\"{i}\"><c:v>{v}</c:v></c:pt>");
    }
    s.push_str("</c:numCache></c:numRef>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SER: &str = "<c:ser><c:idx val=\"0\"/><c:tx><c:strRef><c:f>S!$B$1</c:f></c:strRef></c:tx>\
        <c:cat><c:strRef><c:f>S!$A$2:$A$3</c:f><c:strCache><c:ptCount val=\"2\"/></c:strCache></c:strRef></c:cat>\
        <c:val><c:numRef><c:f>S!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"2\"/></c:numCache></c:numRef></c:val></c:ser>";

    fn points(series: Vec<Vec<usize>>) -> ChartPoints {
        ChartPoints {
            categories: vec!["A & B".into(), "<C>".into()],
            series,
        }
    }

    #[test]
    fn every_series_gets_its_points_and_the_rest_is_kept() {
        let xml = format!("<c:chart>{SER}{SER}<c:axId/></c:chart>");
        let out = with_caches(&xml, &points(vec![vec![1, 0], vec![0, 12]])).unwrap();
        assert_eq!(out.matches("<c:ser>").count(), 2);
        assert!(
            out.starts_with("<c:chart><c:ser><c:idx val=\"0\"/><c:tx>"),
            "{out}"
        );
        assert!(out.ends_with("</c:ser><c:axId/></c:chart>"), "{out}");
        assert_eq!(
            out.matches(
                "<c:cat><c:strRef><c:f>S!$A$2:$A$3</c:f><c:strCache><c:ptCount val=\"2\"/>\
                 <c:pt idx=\"0\"><c:v>A &amp; B</c:v></c:pt><c:pt idx=\"1\"><c:v>&lt;C&gt;</c:v></c:pt>\
                 </c:strCache></c:strRef></c:cat>"
            )
            .count(),
            2
        );
        assert!(out.contains(
            "<c:val><c:numRef><c:f>S!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode>\
             <c:ptCount val=\"2\"/><c:pt idx=\"0\"><c:v>0</c:v></c:pt><c:pt idx=\"1\"><c:v>12</c:v></c:pt>\
             </c:numCache></c:numRef></c:val></c:ser><c:axId/>"
        ));
    }

    #[test]
    fn a_chart_of_another_shape_is_refused() {
        let xml = format!("<c:chart>{SER}</c:chart>");
        let e = with_caches(&xml, &points(vec![vec![1, 0], vec![0, 1]])).unwrap_err();
        assert_eq!(e, "the chart has 1 series, not the 2 expected");
        let e = with_caches(&xml, &points(vec![vec![1]])).unwrap_err();
        assert_eq!(e, "series 0: 1 values for 2 categories");
        let e = with_caches(&format!("{xml}{SER}"), &points(vec![vec![1, 0]])).unwrap_err();
        assert_eq!(e, "the chart has more series than the 1 expected");
        let e = with_caches("<c:ser><c:val>", &points(vec![])).unwrap_err();
        assert_eq!(e, "`<c:ser>` is not closed");
    }
}
