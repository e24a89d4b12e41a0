//! Times the XLSX workbook: the seed engagement (contoso-midway, both
//! locales) and a 5,000-item synthetic one. `cargo bench --bench xlsx`
//! (release build); prints the median of several runs and the file size.
//! `cargo bench --bench xlsx -- N` adds an N-item synthetic workbook.

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use handover::locale::Locale;
use handover::report::Report;

fn seed(locale: Locale) -> Report {
    let sample = handover::bundled::sample("contoso-midway").expect("sample");
    let loaded = handover::load(&sample.source(), None).expect("sample loads");
    loaded.report(locale, None).expect("resolve")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, report: &Report, runs: usize) {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        bytes = handover::xlsx::render(report).expect("render");
        times.push(t.elapsed());
    }
    let fastest = times.iter().min().copied().unwrap_or_default();
    println!(
        "{name:<36} median {:>8.2} ms  (fastest {:>8.2} ms, {runs} runs)  {:>9} bytes",
        median(times).as_secs_f64() * 1e3,
        fastest.as_secs_f64() * 1e3,
        bytes.len()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a bare number asks for an extra size.
    let extra: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    bench("seed: contoso-midway ko-KR (43)", &seed(Locale::KoKr), 31);
    bench("seed: contoso-midway en-US (43)", &seed(Locale::EnUs), 31);
    let five = synthetic::report(5000, Locale::KoKr);
    bench("synthetic 5,000 items ko-KR", &five, 7);
    let five = synthetic::report(5000, Locale::EnUs);
    bench("synthetic 5,000 items en-US", &five, 7);
    for n in extra {
        let r = synthetic::report(n, Locale::KoKr);
        bench(&format!("synthetic {n} items ko-KR"), &r, 3);
    }
}
