//! `make bench`'s runner: native PHP vs rsock on the same server scripts
//! (see [`rsock_bench::runner`] for what it does and its options).

fn main() -> std::process::ExitCode {
    rsock_bench::runner::main()
}
