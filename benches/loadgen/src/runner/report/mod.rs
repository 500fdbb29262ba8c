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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::runner::{cli::parse_args, testutil::machine};

    fn config(out: &Path, quick: bool) -> Config {
        let mut args = vec!["--out".to_string(), out.display().to_string()];
        if quick {
            args.push("--quick".into());
        }
        parse_args(args).unwrap()
    }

    #[test]
    fn file_names() {
        let dir = std::env::temp_dir().join(format!("rsock-bench-test-out-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let out = dir.join("results");
        let stamp = "20250101T000000Z";
        write(
            &config(&out, true),
            stamp,
            "J".into(),
            "S".into(),
            "M".into(),
        )
        .unwrap();
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["quick.json", "quick.md", "quick.svg"]);
        assert_eq!(fs::read_to_string(out.join("quick.md")).unwrap(), "M");
        fs::remove_dir_all(&out).unwrap();
        write(
            &config(&out, false),
            stamp,
            "J".into(),
            "S".into(),
            "M".into(),
        )
        .unwrap();
        for (name, body) in [
            ("latest.json", "J"),
            ("latest.svg", "S"),
            ("latest.md", "M"),
            ("20250101T000000Z.json", "J"),
        ] {
            assert_eq!(fs::read_to_string(out.join(name)).unwrap(), body, "{name}");
        }
        // --out under a file: the error names the directory.
        let blocked = dir.join("results/latest.md/x");
        let err = write(
            &config(&blocked, true),
            stamp,
            "J".into(),
            "S".into(),
            "M".into(),
        )
        .unwrap_err();
        assert!(
            err.starts_with(&format!("{}: ", blocked.display())),
            "{err}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn titles() {
        assert_eq!(command(true), "make bench-quick");
        assert_eq!(
            chart_title(&machine(), false),
            "rsock vs native PHP 8.3.0: Test CPU (2 cores), make bench"
        );
    }
}
