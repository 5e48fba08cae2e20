//! The `revhost` command: parse, run, exit with a code that says the outcome.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = <cli::args::Args as clap::Parser>::parse();
    cli::init_logging(args.verbose);
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("revhost: {e:#}");
            ExitCode::from(cli::exit::USAGE)
        }
    }
}
