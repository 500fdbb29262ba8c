//! The machine and the software under test, as the reports name them: CPU,
//! kernel, PHP and rsock versions, the rsock commit, `somaxconn`.

use std::{
    fs,
    process::{Command, Stdio},
    thread,
};

use serde::Serialize;

use super::{cli::Config, server::php_command};

/// The machine and versions (the JSON's `machine`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Machine {
    pub(crate) nproc: usize,
    pub(crate) cpu_model: String,
    pub(crate) kernel: String,
    pub(crate) php_version: String,
    pub(crate) rsock_version: String,
    pub(crate) rsock_commit: String,
    pub(crate) somaxconn: String,
}

/// A command's trimmed stdout, or "" if it failed.
fn cmd_out(cmd: &mut Command) -> String {
    cmd.stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Reads the machine's description and asks `cfg.php` for the versions.
pub(crate) fn machine(cfg: &Config) -> Machine {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .and_then(|r| r.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let commit = cmd_out(Command::new("git").arg("-C").arg(&cfg.root).args([
        "rev-parse",
        "--short",
        "HEAD",
    ]));
    let dirty = cmd_out(Command::new("git").arg("-C").arg(&cfg.root).args([
        "status",
        "--porcelain",
        "--",
        "src",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
    ]));
    Machine {
        nproc: thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        cpu_model,
        kernel: fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim()
            .to_string(),
        php_version: cmd_out(Command::new(&cfg.php).args(["-r", "echo PHP_VERSION;"])),
        rsock_version: cmd_out(php_command(cfg, "rsock").args(["-r", "echo phpversion('rsock');"])),
        rsock_commit: if commit.is_empty() {
            "unknown".into()
        } else if dirty.is_empty() {
            commit
        } else {
            format!("{commit}+uncommitted src changes")
        },
        somaxconn: fs::read_to_string("/proc/sys/net/core/somaxconn")
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_output_trimmed_or_empty() {
        assert_eq!(cmd_out(Command::new("echo").arg("  8.3.0 ")), "8.3.0");
        assert_eq!(cmd_out(&mut Command::new("false")), "");
        assert_eq!(cmd_out(&mut Command::new("/nonexistent/rsock-bench")), "");
    }
}
