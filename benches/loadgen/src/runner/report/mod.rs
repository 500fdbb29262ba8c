//! What bench-runner writes: the Markdown table (also on stdout), the JSON
//! with every run, and the SVG chart, in `--out` (`benches/results/`).

use std::fs;

use super::{cli::Config, machine::Machine};

pub(crate) mod format;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod svg;

/// How the run was asked for, as the JSON and the chart's title name it.
pub(crate) fn command(quick: bool) -> &'static str {
    if quick {
        "make bench-quick"
    } else {
        "make bench"
    }
}

/// The chart's title: versions, machine and command.
pub(crate) fn chart_title(machine: &Machine, quick: bool) -> String {
    format!(
        "rsock vs native PHP {}: {} ({} cores), {}",
        machine.php_version,
        machine.cpu_model,
        machine.nproc,
        command(quick)
    )
}

/// Writes `quick.{json,svg,md}` (`--quick`) or `latest.{json,svg,md}` and a
/// `<stamp>.json` kept beside them into `cfg.out`, naming each on stderr.
pub(crate) fn write(
    cfg: &Config,
    stamp: &str,
    json: String,
    svg: String,
    md: String,
) -> Result<(), String> {
    fs::create_dir_all(&cfg.out).map_err(|e| format!("{}: {e}", cfg.out.display()))?;
    let base = if cfg.quick { "quick" } else { "latest" };
    let mut files = vec![
        (cfg.out.join(format!("{base}.json")), json.clone()),
        (cfg.out.join(format!("{base}.svg")), svg),
        (cfg.out.join(format!("{base}.md")), md),
    ];
    if !cfg.quick {
        files.push((cfg.out.join(format!("{stamp}.json")), json));
    }
    for (path, body) in files {
        fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
