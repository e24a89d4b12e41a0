//! Everything the command line prints: standard output through a handle
//! whose writes return `io::Result` (a closed pipe ends the output instead
//! of crashing), diagnostics and notes on standard error, and the progress
//! bar of a batch.

use std::io::{IsTerminal, Write};

use handover::LoadError;
use handover::batch::Outcome;
use handover::source::Source;

/// Standard output, line by line. Every write returns its error, so a
/// reader that closes early (`| head -1`) stops the command cleanly.
pub struct Out {
    // Not the lock: the batch's progress lines are written from worker
    // threads while this handle lives.
    inner: std::io::BufWriter<std::io::Stdout>,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Self {
        Self {
            inner: std::io::BufWriter::new(std::io::stdout()),
        }
    }

    /// Writes `text` and a line break.
    pub fn line(&mut self, text: impl std::fmt::Display) -> std::io::Result<()> {
        writeln!(self.inner, "{text}")
    }

    /// Writes `text` as it is.
    pub fn text(&mut self, text: &str) -> std::io::Result<()> {
        self.inner.write_all(text.as_bytes())
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether standard error takes colour.
fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Writes to standard error; a closed standard error is not worth failing
/// for, so its errors are dropped.
pub fn note(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Prints diagnostics, with the lines they point at, to standard error.
pub fn diagnostics(e: &LoadError) {
    let sources: Vec<&Source> = e.sources.iter().collect();
    let text = e.diagnostics.render(&sources, color_stderr());
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// "1 error" / "3 errors".
pub fn errors(n: usize) -> String {
    format!("{n} error{}", if n == 1 { "" } else { "s" })
}

/// Shows a batch's progress: a bar on a terminal, plain lines otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// Progress over `total` inputs.
    pub fn new(total: usize) -> Self {
        let tty = std::io::stderr().is_terminal() && total > 1;
        let bar = tty.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} building packs [{bar:30}] {pos}/{len} {elapsed} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Self { bar }
    }

    /// Whether a bar is drawn (then the per-pack lines come at the end).
    pub fn is_bar(&self) -> bool {
        self.bar.is_some()
    }

    /// One input finished. Without a bar, its line goes to standard output
    /// at once (a closed pipe only stops these lines: the packs still build).
    pub fn done(&self, o: &Outcome) {
        match (&self.bar, &o.result) {
            (Some(bar), _) => {
                bar.set_message(o.name.clone());
                bar.inc(1);
            }
            (None, Ok(b)) => {
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "built {} → {}",
                    o.name,
                    b.dir.display()
                );
            }
            (None, Err(_)) => {
                let _ = writeln!(std::io::stdout().lock(), "failed {}", o.name);
            }
        }
    }

    /// Every input finished.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
