//! `keyport-server`: the same program as `keyport serve`, as its own binary (the tests and the
//! load bench start it as a process they can kill).
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    match keyport_server::cli_main(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
