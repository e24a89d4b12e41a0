//! The `handover` command: the command line lives here, in the binary
//! ([`cli`]); the pipeline it drives is the `handover` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
