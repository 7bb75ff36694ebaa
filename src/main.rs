//! The `depeche` binary: parses the command line and runs the library.
//!
//! Memory comes from mimalloc rather than the system allocator: the
//! readers allocate and free many small buffers per dispatch, and glibc's
//! malloc spent about 5 % of an indexing run's instructions in its own
//! code (figures in the README's Dependencies table and in bench/README,
//! "2026-12-07 (morning)").

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(depeche::cli::main_exit_code());
}
