//! The `handover` command. Everything lives in the library; see [`handover::cli`].

fn main() -> std::process::ExitCode {
    handover::cli::main()
}
