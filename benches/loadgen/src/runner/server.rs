//! The PHP server under test: its command line (native, or with rsock
//! loaded), starting it and waiting for its `READY` line, waiting for it to
//! go idle after the load, and cleaning up after it.

use std::{
    fs,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use super::{
    cli::Config,
    process::{kill, pin_to},
    scenarios::Scenario,
};
use crate::procfs;

/// A started server that has said `READY` and runs the implementation asked for.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) pid: u32,
    /// Its `READY impl=... addr=...` line (tls: `certdir=` too).
    pub(crate) ready: String,
    /// Where its stderr goes.
    pub(crate) log: PathBuf,
}

impl Server {
    /// The value after `key` (e.g. `addr=`) in the READY line, or "".
    pub(crate) fn field(&self, key: &str) -> String {
        ready_field(&self.ready, key)
    }

    /// Where loadgen connects: the READY line's `addr=` without its scheme.
    pub(crate) fn addr(&self) -> String {
        without_scheme(&self.field("addr="))
    }

    /// The server's processes: its own pid, then the `workers=` of its READY
    /// line (a master and its forked workers, examples/workers.php).
    pub(crate) fn pids(&self) -> Vec<u32> {
        ready_pids(self.pid, &self.ready)
    }
}

/// `pid`, then the comma-separated `workers=` pids of a READY line.
fn ready_pids(pid: u32, ready: &str) -> Vec<u32> {
    let workers = ready_field(ready, "workers=");
    std::iter::once(pid)
        .chain(workers.split(',').filter_map(|w| w.parse().ok()))
        .collect()
}

/// A scenario's script: a bare file name is in benches/php/, a path is
/// relative to the checkout (`examples/workers.php`).
fn script_path(root: &Path, script: &str) -> PathBuf {
    if script.contains('/') {
        root.join(script)
    } else {
        root.join("benches/php").join(script)
    }
}

/// The value after `key` in a READY line, or "".
fn ready_field(ready: &str, key: &str) -> String {
    ready
        .split_whitespace()
        .find_map(|f| f.strip_prefix(key).map(str::to_string))
        .unwrap_or_default()
}

/// `tcp://127.0.0.1:8000` as `127.0.0.1:8000`.
fn without_scheme(addr: &str) -> String {
    addr.split_once("://").map_or(addr, |(_, a)| a).to_string()
}

/// Starts `s`'s script on `imp` (its stderr into the logs directory) and
/// waits up to 15 s for its READY line; a server that does not get ready,
/// or reports another implementation, is stopped and is an `Err`.
pub(crate) fn start(
    cfg: &Config,
    s: &Scenario,
    imp: &'static str,
    round: usize,
) -> Result<Server, String> {
    fs::create_dir_all(&cfg.logs).map_err(|e| format!("{}: {e}", cfg.logs.display()))?;
    let log = cfg.logs.join(format!("{}-{imp}-r{round}.log", s.id));
    let log_file = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let script = script_path(&cfg.root, s.script);
    let mut server = php_command(cfg, imp);
    pin_to(&mut server, cfg.pin.map(|p| p.0));
    let mut server = server
        .arg(&script)
        .arg(s.listen)
        .args(&s.server_args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log_file))
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", cfg.php))?;
    let pid = server.id();
    let stdout = server.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let ready = loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(line) if line.starts_with("READY ") => break line,
            Ok(_) => continue,
            Err(_) => {
                let code = kill(&mut server);
                return Err(format!(
                    "{} on {imp} did not get ready (exit {code:?}): {}",
                    s.script,
                    stderr_tail(&log)
                ));
            }
        }
    };
    let mut server = Server {
        child: server,
        pid,
        ready,
        log,
    };
    if server.field("impl=") != imp {
        kill(&mut server.child);
        return Err(format!(
            "asked for {imp}, the server reports impl={} (is rsock installed system-wide, or does {} not load?)",
            server.field("impl="),
            cfg.ext.display()
        ));
    }
    Ok(server)
}

/// `php` for `imp`: rsock is loaded with `-d extension=`, native runs as is.
pub(crate) fn php_command(cfg: &Config, imp: &str) -> Command {
    let mut cmd = Command::new(&cfg.php);
    if imp == "rsock" {
        cmd.arg("-d")
            .arg(format!("extension={}", cfg.ext.display()));
    }
    cmd
}

/// The last three non-empty lines of a server's stderr, joined with ` | `.
pub(crate) fn stderr_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}

/// Waits until the processes have stopped using CPU (they have handled the
/// last closes: under 0.1 ms in each of two 100 ms windows), at most `max`.
pub(crate) fn wait_idle(pids: &[u32], max: Duration) {
    let t = Instant::now();
    let cpu_ns = || procfs::sum_over(pids, procfs::cpu_ns);
    let Some(mut last) = cpu_ns() else {
        return;
    };
    let mut stable = 0;
    while t.elapsed() < max {
        thread::sleep(Duration::from_millis(100));
        let Some(now) = cpu_ns() else {
            return;
        };
        if now - last < 100_000 {
            stable += 1;
            if stable >= 2 {
                return;
            }
        } else {
            stable = 0;
        }
        last = now;
    }
}

/// tls_server.php's generated certificate (READY ... certdir=DIR): the server
/// is killed, so it cannot remove the directory itself. Only that directory's
/// two files, and only a directory named like one.
pub(crate) fn remove_cert_dir(dir: &str) {
    let p = Path::new(dir);
    let ours = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("rsock-bench-tls-"));
    if dir.is_empty() || !ours {
        return;
    }
    for f in ["cert.pem", "key.pem"] {
        let _ = fs::remove_file(p.join(f));
    }
    let _ = fs::remove_dir(p);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_line_fields() {
        let ready = "READY impl=rsock addr=ssl://127.0.0.1:41234 certdir=/tmp/rsock-bench-tls-x";
        assert_eq!(ready_field(ready, "impl="), "rsock");
        assert_eq!(ready_field(ready, "certdir="), "/tmp/rsock-bench-tls-x");
        assert_eq!(ready_field(ready, "pid="), "");
        assert_eq!(
            without_scheme(&ready_field(ready, "addr=")),
            "127.0.0.1:41234"
        );
        assert_eq!(without_scheme("127.0.0.1:1"), "127.0.0.1:1");
        assert_eq!(without_scheme("tcp://[::1]:80"), "[::1]:80");
    }

    #[test]
    fn pids_of_a_multi_process_server() {
        let ready = "READY workers impl=rsock addr=tcp://127.0.0.1:1 master=7 workers=8,9";
        assert_eq!(ready_pids(7, ready), [7, 8, 9]);
        assert_eq!(ready_pids(7, "READY echo impl=native pid=7"), [7]);
        assert_eq!(ready_pids(7, "READY x workers=8,,oops"), [7, 8]);
    }

    #[test]
    fn scripts_by_name_or_path() {
        let root = Path::new("/r");
        assert_eq!(
            script_path(root, "echo_server.php"),
            Path::new("/r/benches/php/echo_server.php")
        );
        assert_eq!(
            script_path(root, "examples/workers.php"),
            Path::new("/r/examples/workers.php")
        );
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn stderr_tail_keeps_the_last_three_lines() {
        let dir = scratch("rsock-bench-test-tail");
        let log = dir.join("server.log");
        fs::write(&log, "a\n\n b \nc\nd\n   \n").unwrap();
        assert_eq!(stderr_tail(&log), " b  | c | d");
        fs::write(&log, "only\n").unwrap();
        assert_eq!(stderr_tail(&log), "only");
        assert_eq!(stderr_tail(&dir.join("missing.log")), "");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_our_cert_dirs_are_removed() {
        let ours = scratch("rsock-bench-tls-test");
        let other = scratch("rsock-bench-test-other");
        for d in [&ours, &other] {
            fs::write(d.join("cert.pem"), "c").unwrap();
            fs::write(d.join("key.pem"), "k").unwrap();
        }
        remove_cert_dir(other.to_str().unwrap());
        assert!(other.join("cert.pem").exists(), "not named like ours");
        remove_cert_dir("");
        remove_cert_dir(ours.to_str().unwrap());
        assert!(!ours.exists());
        // A directory holding anything else stays (its two files go).
        let busy = scratch("rsock-bench-tls-test-busy");
        fs::write(busy.join("cert.pem"), "c").unwrap();
        fs::write(busy.join("other"), "o").unwrap();
        remove_cert_dir(busy.to_str().unwrap());
        assert!(busy.join("other").exists() && !busy.join("cert.pem").exists());
        fs::remove_dir_all(&busy).unwrap();
        fs::remove_dir_all(&other).unwrap();
    }
}
