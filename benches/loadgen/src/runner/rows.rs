//! Which metrics each kind of scenario shows in the table, under what label,
//! in what format, and which way is better.

use super::{
    report::format::Fmt,
    scenarios::{Kind, Scenario, arg_value},
};

/// One metric row of the table.
pub(crate) struct Row {
    pub(crate) key: &'static str,
    pub(crate) label: String,
    pub(crate) fmt: Fmt,
    /// true: higher is better.
    pub(crate) higher_better: bool,
}

/// The rows `s` shows, in order.
pub(crate) fn rows_for(s: &Scenario) -> Vec<Row> {
    let r = |key, label: &str, fmt, higher_better| Row {
        key,
        label: label.to_string(),
        fmt,
        higher_better,
    };
    match s.kind {
        Kind::Echo | Kind::Mixed => vec![
            r("throughput", "throughput ↑", Fmt::Rate("msg/s"), true),
            r("p99_us", "p99 round trip ↓", Fmt::Micros, false),
            r(
                "cpu_per_op_us",
                "server CPU per msg ↓",
                Fmt::CpuMicros,
                false,
            ),
            r("peak_rss_kb", "server peak RSS ↓", Fmt::Kib, false),
        ],
        Kind::Connect => vec![
            r("throughput", "throughput ↑", Fmt::Rate("conn/s"), true),
            r("p99_us", "p99 connect→reply ↓", Fmt::Micros, false),
            r("max_us", "max connect→reply ↓", Fmt::Micros, false),
            r(
                "cpu_per_op_us",
                "server CPU per conn ↓",
                Fmt::CpuMicros,
                false,
            ),
            r("peak_rss_kb", "server peak RSS ↓", Fmt::Kib, false),
        ],
        Kind::Burst => vec![
            r("all_connect_p99_us", "p99 connect ↓", Fmt::Micros, false),
            r("all_connect_max_us", "max connect ↓", Fmt::Micros, false),
            r("all_p50_us", "p50 connect→reply ↓", Fmt::Micros, false),
            r("all_p99_us", "p99 connect→reply ↓", Fmt::Micros, false),
            r("all_max_us", "max connect→reply ↓", Fmt::Micros, false),
            r(
                "errors",
                &format!(
                    "no reply within {} s ↓",
                    arg_value(&s.args, "--timeout").unwrap_or(0)
                ),
                Fmt::Count,
                false,
            ),
            r(
                "cpu_per_op_us",
                "server CPU per conn ↓",
                Fmt::CpuMicros,
                false,
            ),
        ],
        Kind::Bulk => vec![
            r("throughput", "throughput ↑", Fmt::MiBs, true),
            r(
                "cpu_per_op_us",
                "server CPU per MiB ↓",
                Fmt::CpuMicros,
                false,
            ),
            r("peak_rss_kb", "server peak RSS ↓", Fmt::Kib, false),
        ],
        Kind::Hold => vec![
            r(
                "p99_us",
                "p99 ping (all pinged at once) ↓",
                Fmt::Micros,
                false,
            ),
            r(
                "rss_per_conn_kb",
                "server RSS per idle conn ↓",
                Fmt::Kib,
                false,
            ),
            r("peak_rss_kb", "server peak RSS ↓", Fmt::Kib, false),
            r(
                "cpu_per_op_us",
                "server CPU per conn ↓",
                Fmt::CpuMicros,
                false,
            ),
        ],
        Kind::Tls => vec![
            r(
                "throughput",
                "handshakes/s ↑",
                Fmt::Rate("handshakes/s"),
                true,
            ),
            r("p99_us", "p99 handshake ↓", Fmt::Micros, false),
            r(
                "cpu_per_op_us",
                "server CPU per handshake ↓",
                Fmt::CpuMicros,
                false,
            ),
            r("peak_rss_kb", "server peak RSS ↓", Fmt::Kib, false),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::scenarios::scenarios;

    fn labels(s: &Scenario) -> Vec<String> {
        rows_for(s).into_iter().map(|r| r.label).collect()
    }

    #[test]
    fn burst_names_its_timeout() {
        let find = |quick| {
            scenarios(quick)
                .into_iter()
                .find(|s| s.kind == Kind::Burst)
                .unwrap()
        };
        assert!(labels(&find(false)).contains(&"no reply within 15 s ↓".to_string()));
        assert!(labels(&find(true)).contains(&"no reply within 5 s ↓".to_string()));
    }

    #[test]
    fn arrows_match_the_direction() {
        for s in scenarios(false) {
            for r in rows_for(&s) {
                let arrow = if r.higher_better { '↑' } else { '↓' };
                assert!(r.label.ends_with(arrow), "{}: {}", s.id, r.label);
                // Only rates are better higher.
                assert_eq!(
                    r.higher_better,
                    r.key == "throughput",
                    "{}: {}",
                    s.id,
                    r.key
                );
            }
        }
    }

    #[test]
    fn rows_per_kind() {
        let keys = |id: &str| -> Vec<&'static str> {
            let s = scenarios(false).into_iter().find(|s| s.id == id).unwrap();
            rows_for(&s).into_iter().map(|r| r.key).collect()
        };
        assert_eq!(
            keys("bulk-1g"),
            ["throughput", "cpu_per_op_us", "peak_rss_kb"]
        );
        assert_eq!(
            keys("hold-1000"),
            ["p99_us", "rss_per_conn_kb", "peak_rss_kb", "cpu_per_op_us"]
        );
        assert_eq!(keys("echo-1"), keys("mixed-900-50"));
        assert_eq!(keys("burst-2000")[5], "errors");
    }
}
