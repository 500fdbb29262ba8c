//! The JSON report: how the run was made, the machine, the background
//! check, what each metric means, every scenario's summary and every run.

use super::command;
use crate::runner::{
    cli::Config, machine::Machine, quiet::Background, run::Run, summary::ScenarioOut,
};

/// The whole report as pretty-printed JSON with a final newline.
pub(crate) fn json(
    cfg: &Config,
    stamp: &str,
    elapsed: f64,
    machine: &Machine,
    bg: &Background,
    outs: &[ScenarioOut],
    runs: &[Run],
) -> String {
    let json = serde_json::json!({
        "tool": "rsock-bench bench-runner",
        "command": command(cfg.quick),
        "started_utc": stamp,
        "elapsed_s": elapsed,
        "rounds": cfg.rounds,
        "pinned_cpus": cfg.pin.map(|(server, loadgen)| serde_json::json!({"server": server, "loadgen": loadgen})),
        "quick": cfg.quick,
        "machine": machine,
        "background_cpu": {
            "load_s": bg.load_s,
            "other_cpu_s": bg.other_s,
            "average_cores": bg.average_cores(),
            "max_cores_in_a_run": bg.other_max,
            "note": "machine busy time (/proc/stat) minus server and loadgen CPU during the load phases of the echo, mixed and bulk runs (every run has its own other_cpu_s)"
        },
        "order": "per scenario: round 1 native, round 1 rsock, round 2 native, ... (a fresh PHP server per run)",
        "metric_notes": {
            "throughput": "loadgen ops per second (bulk: MiB/s)",
            "p99_us": "loadgen round-trip latency, nearest-rank p99 (tls: connect start to handshake done)",
            "cpu_per_op_us": "server CPU time (utime+stime, read in ns with clock_getcpuclockid; runs[].server.cpu_ticks has /proc/PID/stat's ticks) from before the load until the server is idle after it, per message / connection / MiB / completed TLS handshake",
            "peak_rss_kb": "server VmHWM after the load",
            "rss_per_conn_kb": "hold: (server VmRSS with every connection open - VmRSS before the load) / connections",
            "loadgen_busy": "loadgen's CPU time / its load phase (loadgen is one thread: near 1, the client set the pace)"
        },
        "summary": outs,
        "runs": runs,
    });
    serde_json::to_string_pretty(&json).expect("serializable") + "\n"
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::runner::{
        cli::parse_args,
        testutil::{machine, ok_run, out, scenario},
    };

    #[test]
    fn report_fields() {
        let cfg = parse_args(["--quick".to_string()]).unwrap();
        let s = scenario("echo-50");
        let mut runs = vec![ok_run(&s, "native", &[("throughput", 10.0)])];
        runs[0].load_s = 2.0;
        runs[0].other_cpu_s = Some(0.5);
        let bg = Background::of(std::slice::from_ref(&s), &runs);
        let outs = [out(&s, &[("throughput", 10.0)], &[("throughput", 20.0)])];
        let text = json(
            &cfg,
            "20250101T000000Z",
            12.5,
            &machine(),
            &bg,
            &outs,
            &runs,
        );
        assert!(text.ends_with("}\n"));
        let v: Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "background_cpu",
                "command",
                "elapsed_s",
                "machine",
                "metric_notes",
                "order",
                "pinned_cpus",
                "quick",
                "rounds",
                "runs",
                "started_utc",
                "summary",
                "tool",
            ]
        );
        assert_eq!(v["command"], "make bench-quick");
        assert_eq!(v["started_utc"], "20250101T000000Z");
        assert_eq!(
            (v["quick"].as_bool(), v["rounds"].as_u64()),
            (Some(true), Some(1))
        );
        assert!(v["pinned_cpus"].is_null());
        assert_eq!(v["background_cpu"]["average_cores"], 0.25);
        assert_eq!(v["background_cpu"]["max_cores_in_a_run"], 0.25);
        assert_eq!(v["machine"]["cpu_model"], "Test CPU");
        assert_eq!(v["summary"][0]["scenario"]["id"], "echo-50");
        assert_eq!(v["summary"][0]["scenario"]["kind"], "echo");
        assert_eq!(v["summary"][0]["rows"][0]["ratio"], 2.0);
        assert_eq!(v["runs"][0]["implementation"], "native");
        assert_eq!(v["runs"][0]["metrics"]["throughput"], 10.0);
    }
}
