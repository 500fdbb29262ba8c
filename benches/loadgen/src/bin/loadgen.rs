//! rsock's load generator: drives a server on loopback and prints one JSON
//! report (see [`rsock_bench::load`] for its modes and options).

fn main() -> std::process::ExitCode {
    rsock_bench::load::main()
}
