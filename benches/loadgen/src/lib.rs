//! Shared pieces of the load generator (`loadgen`) and the runner
//! (`bench-runner`): latency summaries, the descriptor limit, and reading a
//! server process's CPU time and memory from `/proc`.

mod latency;
mod nofile;
pub mod procfs;

pub use latency::Latency;
pub use nofile::raise_nofile;
