//! Child processes in general: pinning one to a CPU, and stopping one
//! (SIGTERM, then SIGKILL after 3 s).

use std::{
    process::{Child, Command},
    thread,
    time::{Duration, Instant},
};

/// Restricts the child to `cpu` (sched_setaffinity between fork and exec).
pub(crate) fn pin_to(cmd: &mut Command, cpu: Option<usize>) {
    use std::os::unix::process::CommandExt;
    if let Some(cpu) = cpu {
        // SAFETY: only async-signal-safe calls on a local cpu_set_t in the child.
        unsafe {
            cmd.pre_exec(move || {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(cpu, &mut set);
                if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

/// Stops `child`: SIGTERM, then SIGKILL if it is still there after 3 s.
/// Returns its exit code only if it had already exited by itself.
pub(crate) fn kill(child: &mut Child) -> Option<i32> {
    if let Ok(Some(st)) = child.try_wait() {
        return Some(st.code().unwrap_or(-1));
    }
    // SAFETY: signalling our own child by pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(3) {
        if let Ok(Some(_)) = child.try_wait() {
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[cfg(test)]
mod tests {
    use std::process::Stdio;

    use super::*;

    #[test]
    fn kill_reports_only_an_exit_of_its_own() {
        let mut done = Command::new("sh").args(["-c", "exit 7"]).spawn().unwrap();
        done.wait().unwrap();
        assert_eq!(kill(&mut done), Some(7));
        let mut running = Command::new("sleep").arg("30").spawn().unwrap();
        let t = Instant::now();
        assert_eq!(kill(&mut running), None);
        assert!(t.elapsed() < Duration::from_secs(3), "SIGTERM was enough");
        assert!(running.try_wait().unwrap().is_some(), "reaped");
    }

    #[test]
    fn pinned_child_runs_on_that_cpu() {
        // The first CPU this process may run on, e.g. "0" of "0-1".
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let allowed = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .unwrap();
        let cpu: usize = allowed
            .trim()
            .split([',', '-'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let mut cmd = Command::new("grep");
        cmd.args(["^Cpus_allowed_list:", "/proc/self/status"])
            .stdout(Stdio::piped());
        pin_to(&mut cmd, Some(cpu));
        let out = cmd.output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("Cpus_allowed_list:\t{cpu}\n")
        );
    }
}
