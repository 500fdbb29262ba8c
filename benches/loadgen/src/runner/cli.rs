//! bench-runner's command line: the options, their defaults, and the
//! paths derived from `--root`.

use std::{fs, path::PathBuf, thread};

/// What to run and where: the parsed command line with its defaults filled in.
pub(crate) struct Config {
    pub(crate) root: PathBuf,
    pub(crate) php: String,
    pub(crate) ext: PathBuf,
    pub(crate) loadgen: PathBuf,
    pub(crate) out: PathBuf,
    pub(crate) logs: PathBuf,
    pub(crate) rounds: usize,
    pub(crate) quick: bool,
    pub(crate) only: Option<Vec<String>>,
    pub(crate) list: bool,
    /// `--help`: print [`USAGE`] and run nothing.
    pub(crate) help: bool,
    /// CPUs for the server and for loadgen (None: no pinning).
    pub(crate) pin: Option<(usize, usize)>,
}

/// The options that take a value.
const VALUED: [&str; 8] = [
    "--root",
    "--php",
    "--ext",
    "--loadgen",
    "--out",
    "--logs",
    "--rounds",
    "--only",
];

/// What `--help` prints.
pub(crate) const USAGE: &str = "\
usage: bench-runner [options]
  --quick          one round of a subset (under a minute)
  --rounds N       rounds per scenario (default 7, 1 with --quick)
  --only A,B       run these scenarios only (see --list)
  --list           list the scenarios and exit
  --pin            pin the server and loadgen to different CPUs
  --root DIR       the repository (default .)
  --php PATH       the PHP binary (default $PHP or php)
  --ext PATH       rsock.so (default ROOT/target/release/librsock.so)
  --loadgen PATH   the load generator (default: next to bench-runner)
  --out DIR        where reports go (default ROOT/benches/results)
  --logs DIR       where server logs go (default ROOT/target/bench-logs)
  --help, -h       this text
";

/// Parses the command line (`args` without the program name); paths not
/// given are derived from `--root`.
pub(crate) fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
    let mut c = Config {
        root: PathBuf::from("."),
        php: std::env::var("PHP").unwrap_or_else(|_| "php".into()),
        ext: PathBuf::new(),
        loadgen: PathBuf::new(),
        out: PathBuf::new(),
        logs: PathBuf::new(),
        rounds: 0,
        quick: false,
        only: None,
        list: false,
        help: false,
        pin: None,
    };
    let mut pin = false;
    let mut it = args.into_iter();
    while let Some(k) = it.next() {
        match k.as_str() {
            "--quick" => c.quick = true,
            "--list" => c.list = true,
            "--pin" => pin = true,
            "--help" | "-h" => c.help = true,
            _ if !VALUED.contains(&k.as_str()) => return Err(format!("unknown option {k}")),
            _ => {
                let v = it.next().ok_or_else(|| format!("{k} needs a value"))?;
                match k.as_str() {
                    "--root" => c.root = PathBuf::from(v),
                    "--php" => c.php = v,
                    "--ext" => c.ext = PathBuf::from(v),
                    "--loadgen" => c.loadgen = PathBuf::from(v),
                    "--out" => c.out = PathBuf::from(v),
                    "--logs" => c.logs = PathBuf::from(v),
                    "--rounds" => c.rounds = v.parse().map_err(|_| format!("bad --rounds {v}"))?,
                    "--only" => c.only = Some(v.split(',').map(str::to_string).collect()),
                    _ => return Err(format!("unknown option {k}")),
                }
            }
        }
    }
    c.root = fs::canonicalize(&c.root).map_err(|e| format!("--root {}: {e}", c.root.display()))?;
    if c.ext.as_os_str().is_empty() {
        c.ext = c.root.join("target/release/librsock.so");
    }
    if c.loadgen.as_os_str().is_empty() {
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        c.loadgen = me.with_file_name("loadgen");
    }
    if c.out.as_os_str().is_empty() {
        c.out = c.root.join("benches/results");
    }
    if c.logs.as_os_str().is_empty() {
        c.logs = c.root.join("target/bench-logs");
    }
    // --pin: the server gets the last CPU and loadgen the first. Off by
    // default: on the 2-core machine it lowered throughput for both sides
    // without making runs steadier.
    let cpus = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if pin && cpus >= 2 {
        c.pin = Some((cpus - 1, 0));
    }
    if c.rounds == 0 {
        c.rounds = if c.quick { 1 } else { 7 };
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        parse_args(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn defaults_derive_from_root() {
        let c = parse(&[]).unwrap();
        let root = fs::canonicalize(".").unwrap();
        assert_eq!(c.root, root);
        assert_eq!(c.ext, root.join("target/release/librsock.so"));
        assert_eq!(c.out, root.join("benches/results"));
        assert_eq!(c.logs, root.join("target/bench-logs"));
        assert_eq!(c.loadgen.file_name().unwrap(), "loadgen");
        assert_eq!(
            c.loadgen.parent(),
            std::env::current_exe().unwrap().parent()
        );
        assert_eq!(c.rounds, 7);
        assert!(!c.quick && !c.list);
        assert!(c.only.is_none() && c.pin.is_none());
    }

    #[test]
    fn options_and_values() {
        let c = parse(&[
            "--quick",
            "--list",
            "--only",
            "echo-1,bulk-1g",
            "--ext",
            "/x/r.so",
            "--out",
            "/o",
            "--logs",
            "/l",
            "--loadgen",
            "/lg",
            "--php",
            "php8.3",
        ])
        .unwrap();
        assert!(c.quick && c.list);
        assert_eq!(c.rounds, 1, "--quick runs one round unless --rounds says");
        assert_eq!(
            c.only,
            Some(vec!["echo-1".to_string(), "bulk-1g".to_string()])
        );
        assert_eq!(c.ext, PathBuf::from("/x/r.so"));
        assert_eq!(c.out, PathBuf::from("/o"));
        assert_eq!(c.logs, PathBuf::from("/l"));
        assert_eq!(c.loadgen, PathBuf::from("/lg"));
        assert_eq!(c.php, "php8.3");
        assert_eq!(parse(&["--quick", "--rounds", "3"]).unwrap().rounds, 3);
        assert_eq!(parse(&["--rounds", "2"]).unwrap().rounds, 2);
    }

    #[test]
    fn pin_takes_the_last_cpu_for_the_server() {
        let cpus = thread::available_parallelism().unwrap().get();
        let want = (cpus >= 2).then(|| (cpus - 1, 0));
        assert_eq!(parse(&["--pin"]).unwrap().pin, want);
    }

    #[test]
    fn help_asks_for_the_usage() {
        assert!(parse(&["--help"]).unwrap().help);
        assert!(parse(&["-h"]).unwrap().help);
        assert!(!parse(&[]).unwrap().help);
        assert!(USAGE.contains("--only"));
    }

    #[test]
    fn errors() {
        let err = |args: &[&str]| parse(args).err().unwrap();
        assert_eq!(err(&["--rounds", "x"]), "bad --rounds x");
        assert_eq!(err(&["--rounds"]), "--rounds needs a value");
        assert_eq!(err(&["--bogus"]), "unknown option --bogus");
        assert_eq!(err(&["--bogus", "1"]), "unknown option --bogus");
        assert!(
            err(&["--root", "/nonexistent/rsock-bench"])
                .starts_with("--root /nonexistent/rsock-bench: ")
        );
    }
}
