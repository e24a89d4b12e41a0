//! Edits cells of an XLSX file the way another program would: by rewriting
//! the sheet XML inside the zip. Used to play the customer in import tests.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

/// A new cell value.
pub enum Val<'a> {
    /// A text (written as an inline string).
    Str(&'a str),
    /// A number (a date as its Excel serial), keeping the cell's style.
    Num(f64),
    /// Empty, keeping the cell's style.
    Empty,
}

/// The Excel serial of a date (1900 system).
pub fn serial(y: i16, m: i8, d: i8) -> f64 {
    let days = jiff::civil::date(1899, 12, 30)
        .until(jiff::civil::date(y, m, d))
        .unwrap()
        .get_days();
    f64::from(days)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn col_of(cell: &str) -> u32 {
    cell.chars()
        .take_while(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
}

fn row_of(cell: &str) -> &str {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
}

/// The part name of the sheet called `name` (e.g. `xl/worksheets/sheet2.xml`).
fn sheet_part(files: &[(String, Vec<u8>)], name: &str) -> String {
    let get =
        |n: &str| String::from_utf8(files.iter().find(|(f, _)| f == n).unwrap().1.clone()).unwrap();
    let wb = get("xl/workbook.xml");
    let at = wb
        .find(&format!("<sheet name=\"{name}\""))
        .unwrap_or_else(|| panic!("no sheet {name}"));
    let rid_at = wb[at..].find("r:id=\"").unwrap() + at + 6;
    let rid = &wb[rid_at..rid_at + wb[rid_at..].find('"').unwrap()];
    let rels = get("xl/_rels/workbook.xml.rels");
    let r_at = rels.find(&format!("Id=\"{rid}\"")).unwrap();
    let t_at = rels[r_at..].find("Target=\"").unwrap() + r_at + 8;
    format!("xl/{}", &rels[t_at..t_at + rels[t_at..].find('"').unwrap()])
}

fn set(xml: &mut String, cell: &str, v: &Val<'_>) {
    let open = format!("<c r=\"{cell}\"");
    let style = |attrs: &str| {
        attrs.find(" s=\"").map(|i| {
            let rest = &attrs[i + 4..];
            format!(" s=\"{}\"", &rest[..rest.find('"').unwrap()])
        })
    };
    let new = |s: Option<String>| {
        let s = s.unwrap_or_default();
        match v {
            Val::Str(t) => format!(
                "<c r=\"{cell}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                escape(t)
            ),
            Val::Num(n) => format!("<c r=\"{cell}\"{s}><v>{n}</v></c>"),
            Val::Empty => format!("<c r=\"{cell}\"{s}/>"),
        }
    };
    if let Some(start) = xml.find(&open) {
        let head_end = xml[start..].find('>').unwrap() + start;
        let self_closing = xml.as_bytes()[head_end - 1] == b'/';
        let end = if self_closing {
            head_end + 1
        } else {
            xml[start..].find("</c>").unwrap() + start + 4
        };
        let attrs = xml[start..head_end].to_owned();
        xml.replace_range(start..end, &new(style(&attrs)));
        return;
    }
    // The cell does not exist: add it to its row (in column order), or add the row.
    let row = row_of(cell);
    let row_open = format!("<row r=\"{row}\"");
    if let Some(rs) = xml.find(&row_open) {
        let re = xml[rs..].find("</row>").unwrap() + rs;
        let mut insert_at = re;
        let mut i = rs;
        while let Some(c) = xml[i..re].find("<c r=\"") {
            let cs = i + c;
            let name_end = xml[cs + 6..].find('"').unwrap() + cs + 6;
            if col_of(&xml[cs + 6..name_end]) > col_of(cell) {
                insert_at = cs;
                break;
            }
            i = name_end;
        }
        xml.insert_str(insert_at, &new(None));
    } else {
        let end = xml.find("</sheetData>").unwrap();
        xml.insert_str(end, &format!("<row r=\"{row}\">{}</row>", new(None)));
    }
}

fn unzip(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        files.push((f.name().unwrap().to_string(), bytes));
    }
    files
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Returns `xlsx` with the cells of sheet `sheet` set as given.
pub fn edit(xlsx: &[u8], sheet: &str, edits: &[(&str, Val<'_>)]) -> Vec<u8> {
    let mut files = unzip(xlsx);
    let part = sheet_part(&files, sheet);
    let entry = files.iter_mut().find(|(n, _)| *n == part).unwrap();
    let mut xml = String::from_utf8(entry.1.clone()).unwrap();
    for (cell, v) in edits {
        set(&mut xml, cell, v);
    }
    // Widen the sheet's dimension so readers see added rows.
    if let Some(d) = xml.find("<dimension ref=\"") {
        let e = xml[d + 16..].find('"').unwrap() + d + 16;
        xml.replace_range(d + 16..e, "A1:I2000");
    }
    entry.1 = xml.into_bytes();
    rezip(&files)
}

/// Days between the 1900 and the 1904 date systems' serials of one day.
pub const DAYS_1900_TO_1904: f64 = 1462.0;

/// Returns `xlsx` as a workbook saved in the 1904 date system (old Mac
/// workbooks): `date1904` set, and every number in the given columns of
/// sheet `sheet` (its date columns) counted from 1904-01-01 instead.
/// Returns also how many cells were shifted.
pub fn to_1904(xlsx: &[u8], sheet: &str, columns: &[&str]) -> (Vec<u8>, usize) {
    let mut files = unzip(xlsx);
    let wb = files
        .iter_mut()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap();
    let mut text = String::from_utf8(wb.1.clone()).unwrap();
    if let Some(at) = text.find("<workbookPr") {
        text.insert_str(at + "<workbookPr".len(), " date1904=\"1\"");
    } else {
        let at = text.find("<sheets>").unwrap();
        text.insert_str(at, "<workbookPr date1904=\"1\"/>");
    }
    wb.1 = text.into_bytes();

    let part = sheet_part(&files, sheet);
    let entry = files.iter_mut().find(|(n, _)| *n == part).unwrap();
    let xml = String::from_utf8(entry.1.clone()).unwrap();
    let mut out = String::with_capacity(xml.len());
    let mut shifted = 0;
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<c r=\"") {
        out.push_str(&rest[..at]);
        let cell = &rest[at..];
        let end = cell.find("</c>").map_or(0, |e| e + 4);
        let head_end = cell.find('>').unwrap() + 1;
        let name_end = cell[6..].find('"').unwrap() + 6;
        let column: String = cell[6..name_end]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let self_closing = cell.as_bytes()[head_end - 2] == b'/';
        let numeric = !cell[..head_end].contains(" t=\"");
        match (self_closing, cell[..end.max(head_end)].find("<v>")) {
            (false, Some(v)) if numeric && columns.contains(&column.as_str()) => {
                let v_end = cell[v..].find("</v>").unwrap() + v;
                let n: f64 = cell[v + 3..v_end].parse().unwrap();
                out.push_str(&cell[..v + 3]);
                out.push_str(&(n - DAYS_1900_TO_1904).to_string());
                out.push_str(&cell[v_end..end]);
                shifted += 1;
                rest = &cell[end..];
            }
            _ => {
                out.push_str(&cell[..head_end]);
                rest = &cell[head_end..];
            }
        }
    }
    out.push_str(rest);
    entry.1 = out.into_bytes();
    (rezip(&files), shifted)
}
