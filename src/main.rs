use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = recovery_bot::cli::Cli::parse();
    match recovery_bot::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
