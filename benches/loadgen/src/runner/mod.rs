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

use std::{process::ExitCode, time::Instant};

use crate::raise_nofile;

mod cli;
mod loadgen;
mod machine;
mod metrics;
mod process;
mod quiet;
mod report;
mod rows;
mod run;
mod scenarios;
mod schedule;
mod server;
mod stats;
mod summary;
#[cfg(test)]
mod testutil;
mod timestamp;

use cli::parse_args;
use machine::machine;
use quiet::Background;
use report::{chart_title, json::json, markdown::markdown, svg::svg};
use scenarios::scenarios;
use schedule::{run_all, total_runs};
use summary::{ScenarioOut, summarize};
use timestamp::timestamp;

/// `bench-runner`'s entry point: runs what the command line asks for and
/// returns the process's exit code.
pub fn main() -> ExitCode {
    let cfg = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bench-runner: {e}");
            eprint!("{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if cfg.help {
        print!("{}", cli::USAGE);
        return ExitCode::SUCCESS;
    }
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
    let total = total_runs(&cfg, &list);
    eprintln!(
        "bench-runner: {} scenarios, {} round(s), {total} runs; PHP {} with rsock {} ({}); logs in {}",
        list.len(),
        cfg.rounds,
        machine.php_version,
        machine.rsock_version,
        machine.rsock_commit,
        cfg.logs.display()
    );
    let runs = match run_all(&cfg, &list) {
        Ok(runs) => runs,
        Err(e) => {
            eprintln!("bench-runner: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outs: Vec<ScenarioOut> = list.iter().map(|s| summarize(s, &runs)).collect();
    let bg = Background::of(&list, &runs);
    let background = bg.text();
    eprintln!("bench-runner: {background}");
    if bg.load_s > 0.0 && bg.average_cores() > 0.25 {
        eprintln!(
            "bench-runner: WARNING: something else was using the CPU during the runs; the numbers are skewed"
        );
    }
    let md = markdown(&outs, &machine, cfg.rounds, cfg.quick, &background);
    println!("{md}");
    let elapsed = started.elapsed().as_secs_f64();
    let text = json(&cfg, &stamp, elapsed, &machine, &bg, &outs, &runs);
    let chart = svg(&outs, &chart_title(&machine, cfg.quick));
    if let Err(e) = report::write(&cfg, &stamp, text, chart, md) {
        eprintln!("bench-runner: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("bench-runner: done in {elapsed:.0} s");
    ExitCode::SUCCESS
}
