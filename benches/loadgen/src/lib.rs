//! rsock's benchmarks: the load generator (`loadgen`, in [`load`]), the runner
//! that alternates native PHP and rsock servers under it (`bench-runner`, in
//! [`runner`]), and what both use: latency summaries, the descriptor limit,
//! and reading a server process's CPU time and memory from `/proc`.

mod latency;
pub mod load;
mod nofile;
pub mod procfs;
pub mod runner;

pub use latency::Latency;
pub use nofile::raise_nofile;
