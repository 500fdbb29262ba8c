//! loadgen as the runner's child: its command line for a scenario, the hard
//! cap on its run, and what it left (report, stderr, CPU time).

use std::{
    io::Read,
    process::{Command, ExitStatus, Stdio},
    thread,
    time::{Duration, Instant},
};

use super::{cli::Config, process::pin_to, scenarios::Scenario};
use crate::procfs;

/// A finished loadgen.
pub(crate) struct Loadgen {
    /// `None`: killed at the cap (the scenario's `cap_s` + 15 s).
    pub(crate) status: Option<ExitStatus>,
    /// Its JSON report, if it wrote one.
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
    /// CPU time (user + system) it used, in seconds.
    pub(crate) cpu_s: f64,
}

/// Runs loadgen in `s`'s mode against the server `pid` listening on `addr`
/// and waits for it (at most the cap).
pub(crate) fn run(cfg: &Config, s: &Scenario, pid: u32, addr: &str) -> Result<Loadgen, String> {
    let children0 = procfs::children_cpu_s();
    let mut lg = Command::new(&cfg.loadgen);
    pin_to(&mut lg, cfg.pin.map(|p| p.1));
    let mut lg = lg
        .arg(s.mode)
        .arg("--addr")
        .arg(addr)
        .arg("--pid")
        .arg(pid.to_string())
        .arg("--max-time")
        .arg(format!("{}", s.cap_s))
        .args(&s.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", cfg.loadgen.display()))?;
    let mut lg_out = lg.stdout.take().expect("piped");
    let reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = lg_out.read_to_end(&mut buf);
        buf
    });
    let cap = Duration::from_secs_f64(s.cap_s + 15.0);
    let t = Instant::now();
    let status = loop {
        match lg.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if t.elapsed() > cap => {
                let _ = lg.kill();
                let _ = lg.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("loadgen: {e}")),
        }
    };
    // loadgen is reaped and the server is not: the children's CPU grew by loadgen's alone.
    let cpu_s = procfs::children_cpu_s() - children0;
    let stdout = reader.join().unwrap_or_default();
    let mut stderr = String::new();
    if let Some(mut e) = lg.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    Ok(Loadgen {
        status,
        stdout,
        stderr,
        cpu_s,
    })
}
