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
    /// CPUs for the server and for loadgen (None: no pinning).
    pub(crate) pin: Option<(usize, usize)>,
}

/// Parses the command line; paths not given are derived from `--root`.
pub(crate) fn parse_args() -> Result<Config, String> {
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
        pin: None,
    };
    let mut pin = false;
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--quick" => c.quick = true,
            "--list" => c.list = true,
            "--pin" => pin = true,
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
