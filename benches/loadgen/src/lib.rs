//! Shared pieces of the load generator (`loadgen`) and the runner
//! (`bench-runner`): latency summaries, the descriptor limit, and reading a
//! server process's CPU time and memory from `/proc`.

use serde::{Deserialize, Serialize};

/// p50/p99/max of a set of latencies, in microseconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Latency {
    pub count: u64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

impl Latency {
    /// Nearest-rank percentiles over latencies in nanoseconds; `None` when empty.
    pub fn from_nanos(mut samples: Vec<u64>) -> Option<Latency> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let n = samples.len();
        let rank = |p: f64| -> f64 {
            let idx = ((p / 100.0) * n as f64).ceil() as usize;
            samples[idx.clamp(1, n) - 1] as f64 / 1000.0
        };
        let sum: u128 = samples.iter().map(|&s| u128::from(s)).sum();
        Some(Latency {
            count: n as u64,
            p50_us: rank(50.0),
            p99_us: rank(99.0),
            max_us: samples[n - 1] as f64 / 1000.0,
            mean_us: (sum as f64 / n as f64) / 1000.0,
        })
    }
}

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns (soft, hard) as now set.
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every target
pub fn raise_nofile() -> (u64, u64) {
    // SAFETY: getrlimit/setrlimit write/read a plain struct we own.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return (0, 0);
        }
        if lim.rlim_cur < lim.rlim_max {
            let want = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &want) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        (lim.rlim_cur as u64, lim.rlim_max as u64)
    }
}

/// Reading another process's counters from `/proc`.
pub mod procfs {
    /// Clock ticks per second (`utime`/`stime` unit).
    pub fn clk_tck() -> u64 {
        // SAFETY: sysconf has no preconditions.
        let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        if t > 0 { t as u64 } else { 100 }
    }

    /// utime + stime of `pid` in clock ticks (fields 14 and 15 of /proc/PID/stat).
    pub fn cpu_ticks(pid: u32) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
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
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
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

    /// A `kB` value from /proc/PID/status, e.g. `VmRSS` or `VmHWM`.
    pub fn status_kb(pid: u32, key: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse().ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let l = Latency::from_nanos((1..=100).map(|i| i * 1000).collect()).unwrap();
        assert_eq!(l.p50_us, 50.0);
        assert_eq!(l.p99_us, 99.0);
        assert_eq!(l.max_us, 100.0);
        assert_eq!(l.count, 100);
        let one = Latency::from_nanos(vec![7000]).unwrap();
        assert_eq!((one.p50_us, one.p99_us, one.max_us), (7.0, 7.0, 7.0));
        assert!(Latency::from_nanos(vec![]).is_none());
    }

    #[test]
    fn own_process_counters() {
        let pid = std::process::id();
        assert!(procfs::cpu_ticks(pid).is_some());
        let t = std::time::Instant::now();
        while t.elapsed().as_millis() < 30 {
            std::hint::black_box(0);
        }
        assert!(procfs::cpu_ns(pid).unwrap() >= 20_000_000);
        assert!(procfs::status_kb(pid, "VmRSS").unwrap() > 0);
        assert!(procfs::status_kb(pid, "VmHWM").unwrap() > 0);
    }
}
