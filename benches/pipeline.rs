//! The pipeline stage by stage, with criterion: load + check, resolve
//! (Fluent), layout, PDF, XLSX, and the whole pack in memory (both
//! renderers, hashes, manifest) — for the seed engagement (contoso-midway,
//! 43 items, ko-KR) and synthetic engagements of 1,000 and 5,000 items;
//! and the check of a one-line JSON engagement of 330 KB.
//!
//! ```text
//! cargo bench --bench pipeline                 # everything
//! cargo bench --bench pipeline -- seed/        # one group
//! ```
//!
//! Whole-process figures (wall time, peak memory, output bytes) come from
//! `benches/compare.sh`.

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use handover::locale::Locale;
use handover::pack::{Input, render as pack};
use handover::pdf::Typesetter;
use handover::source::Source;
use handover::template::Template;

/// One group of stage benchmarks over an engagement (and catalogue).
fn stages(c: &mut Criterion, group: &str, engagement: &str, catalogue: Option<&str>, quick: bool) {
    let template = Template::bundled().expect("template");
    let typesetter = Typesetter::new(&template).expect("fonts");
    let eng = Source::new("engagement.yaml", engagement);
    let cat = catalogue.map(|c| Source::new("catalogue.yaml", c));
    let loaded = handover::load(&eng, cat.as_ref()).expect("loads");
    let report = loaded.report(Locale::KO_KR, None).expect("resolves");

    let mut g = c.benchmark_group(group);
    if quick {
        g.sample_size(10).measurement_time(Duration::from_secs(8));
    }
    g.bench_function("load+check", |b| {
        b.iter(|| handover::load(black_box(&eng), cat.as_ref()).expect("loads"));
    });
    g.bench_function("resolve", |b| {
        b.iter(|| loaded.report(Locale::KO_KR, None).expect("resolves"));
    });
    g.bench_function("layout", |b| {
        b.iter(|| typesetter.layout(black_box(&report)));
    });
    g.bench_function("pdf", |b| {
        b.iter(|| typesetter.render(black_box(&report)).expect("pdf"));
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| handover::xlsx::render(black_box(&report)).expect("xlsx"));
    });
    let inputs = [Input {
        role: "engagement",
        path: "engagement.yaml",
        text: engagement,
    }];
    g.bench_function("pack (pdf+xlsx+manifest)", |b| {
        let options = handover::pack::Options {
            locales: &[handover::locale::Languages::one(Locale::KO_KR)],
            only: None,
            fallback_date: None,
            for_signature: false,
            attachments: true,
        };
        b.iter(|| pack(&loaded, &inputs, &typesetter, &options).expect("pack"));
    });
    g.finish();
}

fn seed(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/engagements/contoso-midway.yaml"
    ))
    .expect("sample");
    stages(c, "seed", &text, None, false);
}

fn items_1000(c: &mut Criterion) {
    let (cat, eng) = synthetic::synthetic(1000);
    stages(c, "items-1000", &eng, Some(&cat), true);
}

fn items_5000(c: &mut Criterion) {
    let (cat, eng) = synthetic::synthetic(5000);
    stages(c, "items-5000", &eng, Some(&cat), true);
}

/// A one-line JSON engagement (JSON is YAML) of 5,000 contacts, 330 KB
/// on one line, whose last contact repeats an id: every place the checker
/// and the message need lies far along that line.
fn one_line(c: &mut Criterion) {
    let text = synthetic::one_line_json(5000);
    assert!(!text.contains('\n'));
    let src = Source::new("one-line.yaml", text);
    let mut g = c.benchmark_group("one-line-5000-contacts");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("load+check+message", |b| {
        b.iter(|| {
            let err = handover::load(black_box(&src), None).expect_err("a repeated id");
            let sources: Vec<&Source> = err.sources.iter().collect();
            err.diagnostics.render(&sources, false)
        });
    });
    g.finish();
}

criterion_group!(benches, seed, items_1000, items_5000, one_line);
criterion_main!(benches);
