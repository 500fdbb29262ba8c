//! The descriptor limit: loadgen holds up to 10,000 connections and the
//! runner's servers inherit its limit, so both raise the soft limit first.

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
