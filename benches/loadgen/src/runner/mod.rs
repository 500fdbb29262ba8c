//! `make bench`'s runner: for each scenario, runs the same PHP server script on
//! native PHP and on rsock, alternating (A B A B ...), a fresh server process
//! per run, drives it with `loadgen`, and reports medians and rsock/native
//! ratios as a Markdown table (stdout), JSON and an SVG chart.
//!
//! ```text
//! bench-runner [--quick] [--rounds N] [--only ID,ID] [--list] [--pin]
//!              [--root DIR] [--php PHP] [--ext PATH/librsock.so] [--loadgen PATH]
//!              [--out DIR] [--logs DIR]
//! ```
//!
//! Per run it reads the server's utime+stime (/proc/PID/stat) once the server
//! is listening and again once the load is over and the server has gone idle,
//! VmRSS before the load, VmHWM after it, and (hold) the server's VmRSS while
//! every connection is open, sampled by loadgen.

use std::{
    fmt::Write as _,
    fs,
    process::{Command, ExitCode, Stdio},
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use crate::{procfs, raise_nofile};

mod cli;
mod loadgen;
mod metrics;
mod process;
mod report;
mod rows;
mod run;
mod scenarios;
mod server;
mod stats;
mod summary;

use cli::{Config, parse_args};
use report::format::fmt_ratio;
use run::{Run, run_once};
use scenarios::{Kind, arg_value, is_steady, scenarios};
use serde::Serialize;
use server::php_command;
use summary::{RowOut, ScenarioOut, summarize};

const IMPLS: [&str; 2] = ["native", "rsock"];

/// A steady run repeats when others used more than this many cores during its load.
const RETRY_OTHER_CORES: f64 = 0.3;
const MAX_ATTEMPTS: u32 = 3;

/// Waits (up to 2 minutes) until the machine uses under 0.15 cores over
/// half a second; returns the seconds waited.
fn wait_quiet() -> f64 {
    let t = Instant::now();
    let mut said = false;
    loop {
        let (Some(a), t0) = (procfs::system_busy_ticks(), Instant::now()) else {
            return 0.0;
        };
        thread::sleep(Duration::from_millis(500));
        let Some(b) = procfs::system_busy_ticks() else {
            return 0.0;
        };
        let cores = (b - a) as f64 / procfs::clk_tck() as f64 / t0.elapsed().as_secs_f64();
        if cores < 0.15 || t.elapsed() > Duration::from_secs(120) {
            if said {
                eprintln!("          quiet after {:.0} s", t.elapsed().as_secs_f64());
            }
            return t.elapsed().as_secs_f64() - 0.5;
        }
        if !said {
            eprintln!(
                "          the machine is busy ({cores:.2} cores in use), waiting for quiet (at most 2 min)"
            );
            said = true;
        }
    }
}

fn ratio_text(row: &RowOut) -> String {
    match (row.ratio, row.native, row.rsock) {
        (Some(q), _, _) => fmt_ratio(q),
        // Both zero (e.g. no errors on either side).
        (None, Some(n), Some(r)) if n == 0.0 && r == 0.0 => "=".into(),
        (None, Some(_), Some(_)) => "—".into(),
        _ => "—".into(),
    }
}

fn markdown(
    outs: &[ScenarioOut],
    machine: &Machine,
    rounds: usize,
    quick: bool,
    background: &str,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "{} on {} ({} cores), Linux {}, PHP {}, rsock {}; medians of {rounds} round{} (native and rsock alternating, a fresh server per run). ↑ higher is better, ↓ lower is better.\n",
        if quick {
            "`make bench-quick` (smaller subset, not for quoting)"
        } else {
            "`make bench`"
        },
        machine.cpu_model,
        machine.nproc,
        machine.kernel,
        machine.php_version,
        machine.rsock_commit,
        if rounds == 1 { "" } else { "s" },
    );
    md.push_str(
        "| Scenario | Metric | native | rsock | rsock/native |\n|---|---|---:|---:|---:|\n",
    );
    for o in outs {
        for (i, row) in o.rows.iter().enumerate() {
            let name = if i == 0 {
                o.scenario.title.as_str()
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "| {name} | {} | {} | {} | {} |",
                row.label,
                row.native_text,
                row.rsock_text,
                ratio_text(row)
            );
        }
    }
    let burst_to = outs
        .iter()
        .find(|o| o.scenario.kind == Kind::Burst)
        .and_then(|o| arg_value(&o.scenario.args, "--timeout"));
    md.push_str("\nServers: `benches/php/echo_server.php` (echo, hold, mixed), `accept_close.php` (connect, burst), `bulk_sink.php` (bulk), `tls_server.php` (TLS), ");
    md.push_str("each a plain-built-ins script run unchanged on both; listen backlog is PHP's default (native 32, rsock `somaxconn`). ");
    md.push_str("Server CPU = utime+stime of the PHP process from before the load until it is idle after it, per message / connection / MiB. ");
    md.push_str("Hold: every connection is opened and greeted (one round trip, at most 16 being opened at once), left idle, then all are pinged at once; RSS per idle conn = (VmRSS with all open − VmRSS before) / N. ");
    if let Some(t) = burst_to {
        let _ = write!(
            md,
            "Burst: latencies over every attempt, an unanswered connection counted as the {t} s after which loadgen gave up (a lower bound). "
        );
    }
    if outs.iter().any(|o| o.scenario.kind == Kind::Tls) {
        md.push_str("TLS: every connection is a full TLS 1.3 handshake (no resumption, no client certificate; loadgen on OpenSSL does not verify the server's self-signed ECDSA P-256 certificate, generated at server start), then one 64 B echo, then the client closes; at most 16 connections at once, so native's backlog of 32 never drops one; handshake latency = connect start to handshake done; CPU per handshake counts the whole connection. `tcp:// + enable_crypto`: a plain listener with the `ssl` options in its context and `stream_socket_enable_crypto()` on each non-blocking accepted connection from the select loop; `ssl:// accept`: an `ssl://` listener, whose `stream_socket_accept()` does the handshake (blocking) before it returns the connection. Both set `tcp_nodelay` (else TLS 1.3's session tickets leave the echo waiting 40 ms for a delayed ACK). ");
    }
    for o in outs.iter().filter(|o| o.scenario.kind == Kind::Tls) {
        let busy: Vec<&str> = [("native", &o.native), ("rsock", &o.rsock)]
            .into_iter()
            .filter(|(_, side)| side.medians.get("loadgen_busy").is_some_and(|&b| b >= 0.9))
            .map(|(name, _)| name)
            .collect();
        if !busy.is_empty() {
            let _ = write!(
                md,
                "{}: loadgen (one thread) was busy all along on the {} side, so that rate is the client's limit, a lower bound for the server (compare CPU per handshake). ",
                o.scenario.title,
                busy.join(" and ")
            );
        }
    }
    md.push_str("`failed (FD_SETSIZE)`: PHP's `stream_select()` warned that a descriptor is beyond FD_SETSIZE (1024) and the server stopped. ");
    md.push_str(background);
    md.push('\n');
    md
}

fn svg(outs: &[ScenarioOut], title: &str) -> String {
    let rows: Vec<(&ScenarioOut, &RowOut)> = outs
        .iter()
        .flat_map(|o| o.rows.iter().map(move |r| (o, r)))
        .collect();
    let (label_w, chart_w, row_h, top) = (380.0, 460.0, 22.0, 70.0);
    let width = label_w + chart_w + 130.0;
    let height = top + rows.len() as f64 * row_h + 40.0;
    let span = 6.0_f64; // log2: 1/64 .. 64
    let x0 = label_w + chart_w / 2.0;
    let xof = |q: f64| x0 + q.log2().clamp(-span, span) / span * (chart_w / 2.0);
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"##
    );
    let _ = writeln!(o, r##"<rect width="100%" height="100%" fill="white"/>"##);
    let _ = writeln!(
        o,
        r##"<text x="10" y="22" font-size="15" font-weight="bold">{}</text>"##,
        esc(title)
    );
    let _ = writeln!(
        o,
        r##"<text x="10" y="42" fill="#444">rsock/native (log scale). Green: rsock better, red: rsock worse, grey: within 3 %. ↑ higher is better, ↓ lower is better.</text>"##
    );
    for k in [-6i32, -4, -2, 0, 2, 4, 6] {
        let x = xof(2f64.powi(k));
        let label = if k >= 0 {
            format!("{}×", 1u64 << k)
        } else {
            format!("1/{}×", 1u64 << -k)
        };
        let _ = writeln!(
            o,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            top - 6.0,
            top + rows.len() as f64 * row_h,
            if k == 0 { "#000" } else { "#ddd" },
            if k == 0 { 1.5 } else { 1.0 }
        );
        let _ = writeln!(
            o,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#666">{label}</text>"##,
            top - 10.0
        );
    }
    let mut last = "";
    for (i, (sc, row)) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        if sc.scenario.id != last {
            last = &sc.scenario.id;
            if i > 0 {
                let _ = writeln!(
                    o,
                    r##"<line x1="10" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#bbb"/>"##,
                    width - 10.0
                );
            }
            let _ = writeln!(
                o,
                r##"<text x="10" y="{:.1}" font-weight="bold">{}</text>"##,
                y + 15.0,
                esc(&sc.scenario.title)
            );
        }
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            label_w - 8.0,
            y + 15.0,
            esc(&row.label)
        );
        match row.ratio {
            Some(q) => {
                let better = if row.higher_is_better {
                    q > 1.03
                } else {
                    q < 0.97
                };
                let worse = if row.higher_is_better {
                    q < 0.97
                } else {
                    q > 1.03
                };
                let color = if better {
                    "#2e7d32"
                } else if worse {
                    "#c62828"
                } else {
                    "#9e9e9e"
                };
                let x = xof(q);
                let (xa, xb) = if x < x0 { (x, x0) } else { (x0, x) };
                let _ = writeln!(
                    o,
                    r##"<rect x="{xa:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"/>"##,
                    y + 4.0,
                    (xb - xa).max(1.0),
                    row_h - 8.0
                );
                let clamped = q.log2().abs() > span;
                let _ = writeln!(
                    o,
                    r##"<text x="{:.1}" y="{:.1}">{}{}</text>"##,
                    label_w + chart_w + 8.0,
                    y + 15.0,
                    fmt_ratio(q),
                    if clamped { " (off scale)" } else { "" }
                );
            }
            None => {
                let text = if row.native_text == row.rsock_text {
                    format!("both: {}", row.native_text)
                } else {
                    format!("native: {} · rsock: {}", row.native_text, row.rsock_text)
                };
                let _ = writeln!(
                    o,
                    r##"<text x="{:.1}" y="{:.1}" fill="#555">{}</text>"##,
                    label_w + 8.0,
                    y + 15.0,
                    esc(&text)
                );
            }
        }
    }
    o.push_str("</svg>\n");
    o
}

#[derive(Debug, Clone, Serialize)]
struct Machine {
    nproc: usize,
    cpu_model: String,
    kernel: String,
    php_version: String,
    rsock_version: String,
    rsock_commit: String,
    somaxconn: String,
}

fn cmd_out(cmd: &mut Command) -> String {
    cmd.stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine(cfg: &Config) -> Machine {
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

/// UTC `YYYYMMDDTHHMMSSZ` without a date crate (civil-from-days).
fn timestamp() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `bench-runner`'s entry point: runs what the command line asks for and
/// returns the process's exit code.
pub fn main() -> ExitCode {
    let cfg = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bench-runner: {e}");
            return ExitCode::from(2);
        }
    };
    raise_nofile();
    let mut list = scenarios(cfg.quick);
    if let Some(only) = &cfg.only {
        list.retain(|s| only.contains(&s.id));
    }
    if cfg.list || list.is_empty() {
        for s in scenarios(false) {
            println!("{:18} {}", s.id, s.title);
        }
        return if cfg.list {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        };
    }
    for (what, p) in [("extension", &cfg.ext), ("loadgen", &cfg.loadgen)] {
        if !p.exists() {
            eprintln!(
                "bench-runner: {what} {} not found (run make bench, which builds both)",
                p.display()
            );
            return ExitCode::from(2);
        }
    }
    let machine = machine(&cfg);
    if machine.rsock_version.is_empty() {
        eprintln!(
            "bench-runner: {} does not load into {}",
            cfg.ext.display(),
            cfg.php
        );
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let stamp = timestamp();
    let total = 2 * cfg.rounds * list.len();
    eprintln!(
        "bench-runner: {} scenarios, {} round(s), {total} runs; PHP {} with rsock {} ({}); logs in {}",
        list.len(),
        cfg.rounds,
        machine.php_version,
        machine.rsock_version,
        machine.rsock_commit,
        cfg.logs.display()
    );
    let mut runs: Vec<Run> = Vec::new();
    let mut n = 0;
    for s in &list {
        for round in 1..=cfg.rounds {
            for imp in IMPLS {
                n += 1;
                // Other work on the machine skews every number: wait for quiet
                // before a run, and repeat a steady run that shared the CPU.
                let mut attempt = 0;
                let result = loop {
                    attempt += 1;
                    let waited = wait_quiet();
                    let r = run_once(&cfg, s, imp, round);
                    let busy = match &r {
                        Ok(run) if is_steady(s) && run.load_s > 0.5 => {
                            run.other_cpu_s.map(|o| o / run.load_s).unwrap_or(0.0)
                        }
                        _ => 0.0,
                    };
                    if busy > RETRY_OTHER_CORES && attempt < MAX_ATTEMPTS {
                        eprintln!(
                            "          {} {imp} round {round}: {busy:.2} cores used by others during the load, running it again",
                            s.id
                        );
                        thread::sleep(Duration::from_millis(300));
                        continue;
                    }
                    break r.map(|mut run| {
                        run.attempts = attempt;
                        run.waited_for_quiet_s = waited;
                        run
                    });
                };
                match result {
                    Ok(run) => {
                        let m = &run.metrics;
                        let show = |k: &str| {
                            m.get(k)
                                .map(|v| format!("{v:.1}"))
                                .unwrap_or_else(|| "-".into())
                        };
                        eprintln!(
                            "[{n:>3}/{total}] {:18} {imp:6} round {round}: {} throughput={} p99_us={} cpu_per_op_us={} peak_rss_kb={} errors={} ({:.1} s)",
                            s.id,
                            if run.ok { "ok" } else { "FAILED" },
                            show("throughput"),
                            show("p99_us"),
                            show("cpu_per_op_us"),
                            show("peak_rss_kb"),
                            show("errors"),
                            run.wall_s
                        );
                        if let Some(f) = &run.failure {
                            eprintln!("          {f}");
                        }
                        runs.push(run);
                    }
                    Err(e) => {
                        eprintln!("bench-runner: {} ({imp}): {e}", s.id);
                        return ExitCode::FAILURE;
                    }
                }
                thread::sleep(Duration::from_millis(300));
            }
        }
    }
    let outs: Vec<ScenarioOut> = list.iter().map(|s| summarize(s, &runs)).collect();
    // CPU that neither the server nor loadgen used while the load ran: other
    // processes on the machine would skew the numbers. Counted over the
    // echo, mixed and bulk runs only: connection churn (connect, burst, hold)
    // leaves kernel timer/softirq work that no process is charged for.
    let steady = |r: &&Run| list.iter().any(|s| s.id == r.scenario && is_steady(s));
    let load_s: f64 = runs.iter().filter(steady).map(|r| r.load_s).sum();
    let other_s: f64 = runs
        .iter()
        .filter(steady)
        .filter_map(|r| r.other_cpu_s)
        .sum();
    let other_max = runs
        .iter()
        .filter(steady)
        .filter(|r| r.load_s > 0.5)
        .filter_map(|r| r.other_cpu_s.map(|o| o / r.load_s))
        .fold(0.0_f64, f64::max);
    let background = format!(
        "Background check: CPU used on the machine by neither the server nor loadgen during the echo/mixed/bulk runs: {:.2} cores on average, {:.2} at most in one run.",
        if load_s > 0.0 { other_s / load_s } else { 0.0 },
        other_max
    );
    let repeated = runs.iter().filter(|r| r.attempts > 1).count();
    let waited: f64 = runs.iter().map(|r| r.waited_for_quiet_s.max(0.0)).sum();
    let background = format!(
        "{background} Runs wait for a quiet machine (under 0.15 cores busy) first; {repeated} steady run(s) were repeated because others used over {RETRY_OTHER_CORES} cores during the load; {waited:.0} s spent waiting."
    );
    eprintln!("bench-runner: {background}");
    if load_s > 0.0 && other_s / load_s > 0.25 {
        eprintln!(
            "bench-runner: WARNING: something else was using the CPU during the runs; the numbers are skewed"
        );
    }
    let md = markdown(&outs, &machine, cfg.rounds, cfg.quick, &background);
    println!("{md}");
    let elapsed = started.elapsed().as_secs_f64();
    let command = if cfg.quick {
        "make bench-quick"
    } else {
        "make bench"
    };
    let json = serde_json::json!({
        "tool": "rsock-bench bench-runner",
        "command": command,
        "started_utc": stamp,
        "elapsed_s": elapsed,
        "rounds": cfg.rounds,
        "pinned_cpus": cfg.pin.map(|(server, loadgen)| serde_json::json!({"server": server, "loadgen": loadgen})),
        "quick": cfg.quick,
        "machine": machine,
        "background_cpu": {
            "load_s": load_s,
            "other_cpu_s": other_s,
            "average_cores": if load_s > 0.0 { other_s / load_s } else { 0.0 },
            "max_cores_in_a_run": other_max,
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
    let text = serde_json::to_string_pretty(&json).expect("serializable") + "\n";
    let title = format!(
        "rsock vs native PHP {}: {} ({} cores), {}",
        machine.php_version, machine.cpu_model, machine.nproc, command
    );
    let chart = svg(&outs, &title);
    if let Err(e) = fs::create_dir_all(&cfg.out) {
        eprintln!("bench-runner: {}: {e}", cfg.out.display());
        return ExitCode::FAILURE;
    }
    let base = if cfg.quick { "quick" } else { "latest" };
    let mut files = vec![
        (cfg.out.join(format!("{base}.json")), text.clone()),
        (cfg.out.join(format!("{base}.svg")), chart),
        (cfg.out.join(format!("{base}.md")), md),
    ];
    if !cfg.quick {
        files.push((cfg.out.join(format!("{stamp}.json")), text));
    }
    for (path, body) in files {
        if let Err(e) = fs::write(&path, body) {
            eprintln!("bench-runner: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", path.display());
    }
    eprintln!("bench-runner: done in {elapsed:.0} s");
    ExitCode::SUCCESS
}
