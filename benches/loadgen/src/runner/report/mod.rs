//! What bench-runner writes: the Markdown table (also on stdout), the JSON
//! with every run, and the SVG chart, in `--out` (`benches/results/`).

pub(crate) mod format;
