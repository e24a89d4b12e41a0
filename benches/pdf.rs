//! Times the PDF statement: the seed engagement (contoso-midway, ko-KR) and
//! a 5,000-item synthetic one. `cargo bench --bench pdf` (release build);
//! prints the median of several runs, the file size and the page count.
//! `cargo bench --bench pdf -- N` adds an N-item synthetic statement.

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use handover::locale::Locale;
use handover::report::Report;
use handover::source::Source;
use handover::template::Template;

fn seed() -> Report {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/engagements/contoso-midway.yaml"
    ))
    .expect("sample");
    let loaded = handover::load(&Source::new("contoso-midway.yaml", text.as_str()), None)
        .expect("sample loads");
    loaded.report(Locale::KoKr, None).expect("resolve")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, report: &Report, template: &Template, runs: usize) {
    let mut layout = Vec::new();
    let mut render = Vec::new();
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let doc = handover::pdf::layout(report, template);
        layout.push(t.elapsed());
        drop(doc);
        let t = Instant::now();
        let o = handover::pdf::render(report, template).expect("render");
        render.push(t.elapsed());
        out = Some(o);
    }
    let out = out.expect("at least one run");
    println!(
        "{name:<34} render {:>8.1} ms  (layout {:>7.1} ms)  {:>9} bytes  {:>4} pages",
        median(render).as_secs_f64() * 1e3,
        median(layout).as_secs_f64() * 1e3,
        out.bytes.len(),
        out.pages
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a bare number asks for an extra size.
    let extra: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let t = Instant::now();
    let template = Template::bundled().expect("template");
    println!(
        "bundled template (fonts parsed once): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    bench("seed: contoso-midway ko-KR (43)", &seed(), &template, 21);
    let five = synthetic::report(5000, Locale::KoKr);
    bench("synthetic 5,000 items ko-KR", &five, &template, 5);
    for n in extra {
        let r = synthetic::report(n, Locale::KoKr);
        bench(&format!("synthetic {n} items ko-KR"), &r, &template, 3);
    }
}
