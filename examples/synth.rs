//! Writes synthetic inputs for the benchmarks (`benches/compare.sh`), and
//! synthetic statements for looking at.
//!
//! ```text
//! cargo run --release --example synth -- items N DIR   # DIR/catalogue-N.yaml, DIR/engagement-N.yaml
//! cargo run --release --example synth -- batch N DIR   # N copies of the seed engagement, distinct ids
//! cargo run --release --example synth -- pdf N DIR     # DIR/synthetic-N-<locale>.pdf, both locales
//! ```

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::path::Path;
use std::process::ExitCode;

use handover::locale::Locale;
use handover::template::Template;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, n, dir] = args.as_slice() else {
        eprintln!("usage: synth items|batch|pdf N DIR");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a number");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| match kind.as_str() {
        "items" => {
            let (cat, eng) = synthetic::synthetic(n);
            std::fs::write(dir.join(format!("catalogue-{n}.yaml")), cat)?;
            std::fs::write(
                dir.join(format!("engagement-{n}.yaml")),
                eng.replace("ENG-SYN-0001", &format!("ENG-SYN-{n}")),
            )
        }
        "batch" => {
            let seed = handover::bundled::SAMPLES[0].text;
            for i in 1..=n {
                let text = seed.replace("ENG-2026-0142", &format!("ENG-BATCH-{i:05}"));
                std::fs::write(dir.join(format!("engagement-{i:05}.yaml")), text)?;
            }
            Ok(())
        }
        "pdf" => {
            let template = Template::bundled().map_err(std::io::Error::other)?;
            for locale in Locale::bundled() {
                let out = handover::pdf::render(&synthetic::report(n, locale), &template)
                    .map_err(std::io::Error::other)?;
                std::fs::write(dir.join(format!("synthetic-{n}-{locale}.pdf")), out.bytes)?;
            }
            Ok(())
        }
        _ => Err(std::io::Error::other("kind is `items`, `batch` or `pdf`")),
    }) {
        eprintln!("synth: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
