//! The `depeche` binary: parses the command line and runs the library.

fn main() {
    std::process::exit(depeche::cli::main_exit_code());
}
