//! Reading another process's counters from `/proc` (and the kernel's
//! per-process CPU clocks): CPU time, memory, and the machine's busy time.

/// Clock ticks per second (`utime`/`stime` unit).
pub fn clk_tck() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as u64 } else { 100 }
}

/// utime + stime of `pid` in clock ticks (fields 14 and 15 of /proc/PID/stat).
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    stat_cpu_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// utime + stime from the text of a /proc/PID/stat.
fn stat_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) may hold spaces: fields restart after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): utime is field 14, stime field 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The CPU time (user + system, all threads) `pid` has used, in
/// nanoseconds: the same counter as utime+stime, read through
/// `clock_getcpuclockid` without /proc/PID/stat's 10 ms ticks.
pub fn cpu_ns(pid: u32) -> Option<u64> {
    // SAFETY: both calls only write the out-parameters we pass.
    unsafe {
        let mut clock: libc::clockid_t = 0;
        if libc::clock_getcpuclockid(pid as libc::pid_t, &mut clock) != 0 {
            return None;
        }
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if libc::clock_gettime(clock, &mut ts) != 0 {
            return None;
        }
        Some(ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
    }
}

/// Busy CPU time of the whole machine (all CPUs, everything but idle
/// and iowait) from /proc/stat, in clock ticks.
pub fn system_busy_ticks() -> Option<u64> {
    busy_ticks(&std::fs::read_to_string("/proc/stat").ok()?)
}

/// Busy ticks from the `cpu ` line of the text of /proc/stat.
fn busy_ticks(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest is inside user)
    Some(
        v.iter()
            .take(8)
            .enumerate()
            .filter(|(i, _)| *i != 3 && *i != 4)
            .map(|(_, x)| x)
            .sum(),
    )
}

/// CPU time (user + system) of this process's reaped children, in seconds.
pub fn children_cpu_s() -> f64 {
    // SAFETY: getrusage writes the struct we pass.
    unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) != 0 {
            return 0.0;
        }
        let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        tv(ru.ru_utime) + tv(ru.ru_stime)
    }
}

/// `read` summed over `pids` (a server of several processes: a master and
/// its workers); `None` if it is `None` for any of them.
pub fn sum_over(pids: &[u32], read: impl Fn(u32) -> Option<u64>) -> Option<u64> {
    pids.iter().map(|&pid| read(pid)).sum()
}

/// A `kB` value from /proc/PID/status, e.g. `VmRSS` or `VmHWM`.
pub fn status_kb(pid: u32, key: &str) -> Option<u64> {
    status_value(
        &std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?,
        key,
    )
}

/// The number after `key:` in the text of a /proc/PID/status.
fn status_value(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?;
        value.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_counted_after_the_last_parenthesis() {
        // comm "php ) x" holds a space and a ')'; utime 100, stime 23.
        let stat = "42 (php ) x) S 1 42 42 0 -1 4194560 10 0 0 0 100 23 0 0 20 0 1 0 7 8 9\n";
        assert_eq!(stat_cpu_ticks(stat), Some(123));
        assert_eq!(stat_cpu_ticks("42 (php) S 1 2"), None);
        assert_eq!(stat_cpu_ticks("no parenthesis at all"), None);
    }

    #[test]
    fn busy_ticks_leave_out_idle_iowait_and_guest() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        let stat = "cpu  10 20 30 400 50 6 7 8 9 10\ncpu0 1 1 1 1 1 1 1 1 1 1\nintr 5\n";
        assert_eq!(busy_ticks(stat), Some(10 + 20 + 30 + 6 + 7 + 8));
        assert_eq!(busy_ticks("cpu0 1 2 3\n"), None);
    }

    #[test]
    fn sums_over_processes() {
        let read = |pid: u32| (pid < 10).then_some(u64::from(pid) * 2);
        assert_eq!(sum_over(&[1, 2, 3], read), Some(12));
        assert_eq!(sum_over(&[1, 20], read), None, "one unreadable: no sum");
        assert_eq!(sum_over(&[], read), Some(0));
        let me = std::process::id();
        assert_eq!(
            sum_over(&[me, me], |p| status_kb(p, "VmSwap").map(|_| 1)),
            Some(2)
        );
    }

    #[test]
    fn status_values_by_exact_key() {
        let status = "Name:\tphp\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nRssFile:\t 7 kB\n";
        assert_eq!(status_value(status, "VmRSS"), Some(1024));
        assert_eq!(status_value(status, "VmHWM"), Some(2048));
        assert_eq!(status_value(status, "VmRS"), None);
        assert_eq!(status_value(status, "VmSwap"), None);
    }

    /// This process's CPU time through CLOCK_PROCESS_CPUTIME_ID, in ns.
    fn own_cpu_ns() -> u64 {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime only writes the timespec we pass.
        assert_eq!(
            unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) },
            0
        );
        ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
    }

    #[test]
    fn own_process_counters() {
        let pid = std::process::id();
        assert!(cpu_ticks(pid).is_some());
        let t = std::time::Instant::now();
        while t.elapsed().as_millis() < 30 {
            std::hint::black_box(0);
        }
        // The same counter read two ways (not a wall-clock bound, which a
        // busy machine breaks).
        let before = own_cpu_ns();
        let ns = cpu_ns(pid).unwrap();
        let after = own_cpu_ns();
        assert!(
            before > 0 && before <= ns && ns <= after,
            "{before} {ns} {after}"
        );
        assert!(status_kb(pid, "VmRSS").unwrap() > 0);
        assert!(status_kb(pid, "VmHWM").unwrap() > 0);
        assert!(system_busy_ticks().unwrap() > 0);
    }
}
