use std::process::ExitCode;

fn main() -> ExitCode {
    kps::run(std::env::args_os().collect())
}
