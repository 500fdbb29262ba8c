//! How numbers are written in the table and the chart: thousands groups,
//! units scaled to the value (µs, ms, s; KiB, MiB), and ratios.

/// A metric's format.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fmt {
    Rate(&'static str),
    MiBs,
    Micros,
    CpuMicros,
    Kib,
    Count,
}

/// `1234567` as `1,234,567` (rounded to an integer).
fn group(n: f64) -> String {
    let s = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 { format!("-{out}") } else { out }
}

/// `v` with its unit, e.g. `12,345 msg/s`, `1.25 ms`, `3.1 MiB`.
pub(crate) fn fmt_value(v: f64, fmt: Fmt) -> String {
    match fmt {
        Fmt::Rate(unit) => format!("{} {unit}", group(v)),
        Fmt::MiBs => format!("{} MiB/s", group(v)),
        Fmt::Micros => {
            if v >= 1_000_000.0 {
                format!("{:.2} s", v / 1e6)
            } else if v >= 1000.0 {
                format!("{:.2} ms", v / 1e3)
            } else {
                format!("{v:.0} µs")
            }
        }
        Fmt::CpuMicros => {
            if v >= 100.0 {
                format!("{v:.0} µs")
            } else {
                format!("{v:.2} µs")
            }
        }
        Fmt::Kib => {
            if v >= 10240.0 {
                format!("{:.1} MiB", v / 1024.0)
            } else {
                format!("{v:.1} KiB")
            }
        }
        Fmt::Count => group(v),
    }
}

/// `0.85×`; small ratios keep two significant digits (`0.0045×`), and a true zero stays `0×`.
pub(crate) fn fmt_ratio(q: f64) -> String {
    if q == 0.0 {
        "0×".into()
    } else if q < 0.1 {
        let digits = (-q.log10().floor()) as usize + 1;
        format!("{q:.digits$}×")
    } else {
        format!("{q:.2}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups() {
        assert_eq!(group(0.0), "0");
        assert_eq!(group(999.4), "999");
        assert_eq!(group(999.6), "1,000");
        assert_eq!(group(123_456.0), "123,456");
        assert_eq!(group(1_234_567.0), "1,234,567");
        assert_eq!(group(-1234.0), "-1,234");
    }

    #[test]
    fn values_with_units() {
        assert_eq!(fmt_value(12_345.6, Fmt::Rate("msg/s")), "12,346 msg/s");
        assert_eq!(fmt_value(1536.2, Fmt::MiBs), "1,536 MiB/s");
        assert_eq!(fmt_value(999.0, Fmt::Micros), "999 µs");
        assert_eq!(fmt_value(1500.0, Fmt::Micros), "1.50 ms");
        assert_eq!(fmt_value(2_500_000.0, Fmt::Micros), "2.50 s");
        assert_eq!(fmt_value(5.678, Fmt::CpuMicros), "5.68 µs");
        assert_eq!(fmt_value(150.4, Fmt::CpuMicros), "150 µs");
        assert_eq!(fmt_value(512.0, Fmt::Kib), "512.0 KiB");
        assert_eq!(fmt_value(20_480.0, Fmt::Kib), "20.0 MiB");
        assert_eq!(fmt_value(2000.0, Fmt::Count), "2,000");
    }

    #[test]
    fn ratios_keep_two_significant_digits() {
        assert_eq!(fmt_ratio(0.0), "0×");
        assert_eq!(fmt_ratio(0.85), "0.85×");
        assert_eq!(fmt_ratio(1.0), "1.00×");
        assert_eq!(fmt_ratio(12.5), "12.50×");
        assert_eq!(fmt_ratio(0.1), "0.10×");
        assert_eq!(fmt_ratio(0.05), "0.050×");
        assert_eq!(fmt_ratio(0.0045), "0.0045×");
    }
}
