//! Where the time of one `handover build` goes, stage by stage (release):
//!
//! ```text
//! cargo run --release --example stages -- ENGAGEMENT [CATALOGUE]
//! ```

use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(eng) = args.first() else {
        eprintln!("usage: stages ENGAGEMENT [CATALOGUE]");
        std::process::exit(2);
    };
    let t = Instant::now();
    let lap = |what: &str, t0: &mut Instant| {
        println!("{what:<28} {:>8.2} ms", t0.elapsed().as_secs_f64() * 1000.0);
        *t0 = Instant::now();
    };
    let mut t0 = Instant::now();
    let template = handover::template::Template::bundled().expect("template");
    let typesetter = handover::pdf::Typesetter::new(&template).expect("fonts");
    let _ = handover::i18n::Translator::global().expect("labels");
    lap("template + labels", &mut t0);
    let src = handover::read_source(Path::new(eng)).expect("reads");
    let cat = args
        .get(1)
        .map(|c| handover::read_source(Path::new(c)).expect("reads"));
    lap("read files", &mut t0);
    let catalogues = handover::Catalogues::new(cat);
    let loaded = catalogues.load(&src).expect("loads");
    lap("load + check", &mut t0);
    let locale = loaded.locale(None);
    let report = loaded.report(locale, None).expect("resolves");
    lap("resolve (Fluent)", &mut t0);
    let pdf = typesetter.render(&report).expect("pdf");
    lap(
        &format!("pdf render ({} KB)", pdf.bytes.len() / 1024),
        &mut t0,
    );
    let xlsx = handover::xlsx::render(&report).expect("xlsx");
    lap(&format!("xlsx render ({} KB)", xlsx.len() / 1024), &mut t0);
    let inputs = [handover::pack::Input {
        role: "engagement",
        path: src.name(),
        text: src.text(),
    }];
    let pack = handover::pack::render(
        &loaded,
        &inputs,
        &typesetter,
        &handover::pack::Options {
            locales: &[handover::locale::Languages::one(locale)],
            only: Some(handover::pack::Only::Xlsx),
            fallback_date: None,
            for_signature: false,
            attachments: false,
        },
    )
    .expect("pack");
    lap("pack render (xlsx+manifest)", &mut t0);
    let out = tempfile::tempdir().expect("tmp");
    handover::pack::write(&pack, out.path(), false).expect("writes");
    lap("write (fsync)", &mut t0);
    println!(
        "{:<28} {:>8.2} ms",
        "total",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
