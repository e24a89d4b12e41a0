//! `handover build` writing statements through the real binary: the
//! bundled template, a template folder (Letter, another colour, a PNG
//! logo), and the messages for broken template folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

fn handover(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handover"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run handover")
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/engagements")
        .join(name)
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A template folder: the default one's fonts, with `yaml` as template.yaml.
fn template_dir(root: &Path, yaml: &str) -> PathBuf {
    let dir = root.join("tpl");
    std::fs::create_dir_all(dir.join("fonts")).expect("mkdir");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/default/fonts");
    for f in ["NanumGothic.ttf", "NanumGothicBold.ttf"] {
        std::fs::copy(fonts.join(f), dir.join("fonts").join(f)).expect("copy font");
    }
    std::fs::write(dir.join("template.yaml"), yaml).expect("write yaml");
    dir
}

fn png_logo(path: &Path) {
    let (w, h) = (40u32, 20u32);
    let mut data = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let on = (x / 5 + y / 5) % 2 == 0;
            data.extend_from_slice(if on {
                &[0x1F, 0x4E, 0x79, 255]
            } else {
                &[0, 0, 0, 0]
            });
        }
    }
    let file = std::fs::File::create(path).expect("create png");
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .expect("header")
        .write_image_data(&data)
        .expect("data");
}

#[test]
fn build_writes_a_statement_with_the_bundled_template() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let o = handover(&[
        "build",
        &sample("contoso-midway.yaml"),
        "--locale",
        "ko-KR",
        "--out",
        &out.display().to_string(),
        "--only",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = out.join("ENG-2026-0142/statement-ko-KR.pdf");
    let bytes = std::fs::read(&file).expect("statement written");
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = Document::load_mem(&bytes).expect("lopdf reads it");
    assert!(doc.get_pages().len() >= 5);
    // The same inputs give the same bytes.
    let again = tmp.path().join("again");
    let o = handover(&[
        "build",
        &sample("contoso-midway.yaml"),
        "--locale",
        "ko-KR",
        "--out",
        &again.display().to_string(),
        "--only",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(again.join("ENG-2026-0142/statement-ko-KR.pdf")).expect("again"),
        bytes
    );
}

#[test]
fn a_template_folder_sets_page_size_colour_and_logo() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = template_dir(
        tmp.path(),
        "page: Letter\nmargins_mm: { top: 20, right: 20, bottom: 18, left: 20 }\nfont_size: 10\nbrand_colour: \"#7A1F5C\"\nlogo: logo.png\nfonts: { regular: fonts/NanumGothic.ttf, bold: fonts/NanumGothicBold.ttf }\n",
    );
    png_logo(&dir.join("logo.png"));
    let out = tmp.path().join("out");
    let o = handover(&[
        "build",
        &sample("fabrikam-signed.yaml"),
        "--out",
        &out.display().to_string(),
        "--template",
        &dir.display().to_string(),
        "--only",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(out.join("ENG-2026-0087/statement-en-US.pdf")).expect("written");
    let doc = Document::load_mem(&bytes).expect("load");
    let first = *doc.get_pages().values().next().expect("a page");
    let page = doc.get_dictionary(first).expect("page");
    let media: Vec<f32> = page
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .expect("MediaBox")
        .iter()
        .map(|o| o.as_float().expect("number"))
        .collect();
    assert!(
        (media[2] - 612.0).abs() < 0.5 && (media[3] - 792.0).abs() < 0.5,
        "Letter: {media:?}"
    );
    let images: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .collect();
    assert!(
        images.iter().any(
            |s| s.dict.get(b"Width").and_then(Object::as_i64).ok() == Some(40)
                && s.dict.get(b"SMask").is_ok()
        ),
        "the logo with its alpha mask"
    );
}

#[test]
fn broken_templates_are_named_with_a_position_and_a_hint() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = template_dir(
        tmp.path(),
        "page: A4\nfontsize: 9\nfonts: { regular: fonts/NanumGothic.ttf, bold: fonts/NanumGothicBold.ttf }\n",
    );
    let run = |dir: &Path| {
        handover(&[
            "build",
            &sample("contoso-midway.yaml"),
            "--out",
            &tmp.path().join("o").display().to_string(),
            "--template",
            &dir.display().to_string(),
        ])
    };
    let o = run(&dir);
    // The template is an input: a broken one is invalid input (exit 1).
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("template.yaml:2:1")
            && e.contains("unknown field `fontsize`")
            && e.contains("hint:"),
        "{e}"
    );

    std::fs::write(
        dir.join("template.yaml"),
        "page: A5\nfonts: { regular: a.ttf, bold: b.ttf }\n",
    )
    .expect("write");
    let e = stderr(&run(&dir));
    assert!(
        e.contains("template.yaml:1:7") && e.contains("A4 or Letter"),
        "{e}"
    );

    std::fs::write(
        dir.join("template.yaml"),
        "fonts: { regular: fonts/missing.ttf, bold: fonts/NanumGothicBold.ttf }\n",
    )
    .expect("write");
    let e = stderr(&run(&dir));
    assert!(
        e.contains("missing.ttf") && e.contains("relative to the template folder"),
        "{e}"
    );

    std::fs::write(
        dir.join("template.yaml"),
        "fonts: { regular: template.yaml, bold: fonts/NanumGothicBold.ttf }\n",
    )
    .expect("write");
    let e = stderr(&run(&dir));
    assert!(
        e.contains("template.yaml: not a usable TrueType/OpenType font"),
        "{e}"
    );

    std::fs::write(dir.join("template.yaml"), "brand_colour: \"#12345\"\nfonts: { regular: fonts/NanumGothic.ttf, bold: fonts/NanumGothicBold.ttf }\n").expect("write");
    let e = stderr(&run(&dir));
    assert!(e.contains("`brand_colour`") && e.contains("#1F4E79"), "{e}");

    let e = stderr(&run(&tmp.path().join("nowhere")));
    assert!(
        e.contains("nowhere/template.yaml") && e.contains("cannot read"),
        "{e}"
    );
}
