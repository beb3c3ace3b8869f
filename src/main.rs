use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = kravkat::cli::Cli::parse();
    match kravkat::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprint!("{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
