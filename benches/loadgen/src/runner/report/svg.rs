//! The SVG chart: one bar per table row, rsock/native on a log scale from
//! 1/64× to 64×, coloured by which side is better.

use std::fmt::Write as _;

use super::format::fmt_ratio;
use crate::runner::summary::{RowOut, ScenarioOut};

/// The chart: one bar per row of `outs`, under `title`.
pub(crate) fn svg(outs: &[ScenarioOut], title: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::testutil::{out, scenario};

    fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    #[test]
    fn bars_coloured_by_which_side_is_better() {
        // bulk: throughput (higher better), CPU per MiB and peak RSS (lower better).
        let o = out(
            &scenario("bulk-1g"),
            &[
                ("throughput", 100.0),
                ("cpu_per_op_us", 10.0),
                ("peak_rss_kb", 1000.0),
            ],
            &[
                ("throughput", 200.0),
                ("cpu_per_op_us", 20.0),
                ("peak_rss_kb", 1010.0),
            ],
        );
        let svg = svg(&[o], "t");
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"970\" height=\"176\" "
        ));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(
            count(&svg, r##"fill="#2e7d32""##),
            1,
            "throughput x2: better"
        );
        assert_eq!(count(&svg, r##"fill="#c62828""##), 1, "CPU x2: worse");
        assert_eq!(
            count(&svg, r##"fill="#9e9e9e""##),
            1,
            "RSS x1.01: within 3 %"
        );
        assert_eq!(count(&svg, "2.00×</text>"), 2);
        assert_eq!(count(&svg, "1.01×</text>"), 1);
        // Within 3 % either way is grey, whichever way is better.
        let o = out(
            &scenario("echo-50"),
            &[("throughput", 100.0), ("p99_us", 100.0)],
            &[("throughput", 102.0), ("p99_us", 98.0)],
        );
        let svg = super::svg(&[o], "t");
        assert_eq!(count(&svg, r##"fill="#9e9e9e""##), 2);
    }

    #[test]
    fn log_scale_and_off_scale() {
        let o = out(
            &scenario("bulk-1g"),
            &[("throughput", 400.0), ("cpu_per_op_us", 1.0)],
            &[("throughput", 100.0), ("cpu_per_op_us", 100.0)],
        );
        let svg = svg(&[o], "t");
        // 1/4 is two of the six doublings left of the 1× line at x=610.
        assert!(
            svg.contains(
                r##"<rect x="533.3" y="74.0" width="76.7" height="14.0" fill="#c62828"/>"##
            )
        );
        // 100× is past 64×: the bar stops at the edge, the text says so.
        assert!(svg.contains(r##"<rect x="610.0" y="96.0" width="230.0" height="14.0""##));
        assert!(svg.contains(">100.00× (off scale)</text>"));
    }

    #[test]
    fn rows_without_ratio_show_both_values() {
        let echo = out(&scenario("echo-50"), &[("throughput", 1000.0)], &[]);
        let svg = svg(&[echo, out(&scenario("bulk-1g"), &[], &[])], "a & b <c>");
        assert!(svg.contains(">a &amp; b &lt;c&gt;</text>"));
        assert!(svg.contains(">native: 1,000 msg/s · rsock: n/a</text>"));
        assert!(svg.contains(">both: n/a</text>"));
        assert_eq!(
            count(&svg, r##"stroke="#bbb""##),
            1,
            "one line between the two scenarios"
        );
        assert_eq!(
            count(&svg, "font-weight=\"bold\">echo 64 B, 50 conns</text>"),
            1
        );
    }
}
