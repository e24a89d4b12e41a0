//! Compiles in every folder of `locales/`: a language added there is a
//! folder, not a code change. Writes `$OUT_DIR/locales.rs`, the list of
//! (tag, messages) that `src/locale.rs` includes, en-US (the reference)
//! first, the rest by tag.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a build script
    // shared by two checkouts (one target folder) must read its own.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut folders: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&root)
        .expect("locales/ is readable")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("handover.ftl").is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    folders.sort_by_key(|(tag, _)| (tag != "en-US", tag.clone()));
    let mut out = String::from(
        "/// The compiled-in folders of `locales/`: (tag, messages), en-US first.\n\
         pub(crate) const BUNDLED: &[(&str, &str)] = &[\n",
    );
    for (tag, dir) in &folders {
        let file = dir.join("handover.ftl");
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            out,
            "    ({tag:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("a String takes writes");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
