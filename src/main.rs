use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = kravkat::cli::Cli::parse();
    let reporter = kravkat::report::Reporter::new(&cli.report);
    match kravkat::cli::run(cli, &reporter) {
        Ok(code) => ExitCode::from(code),
        Err(kravkat::error::Error::Other(e)) if kravkat::write::is_stdout_closed(&e) => ExitCode::SUCCESS,
        Err(e) => {
            reporter.error(&e);
            ExitCode::from(kravkat::error::TROUBLE)
        }
    }
}
