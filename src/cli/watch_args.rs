//! `--watch[=SECONDS]` and `--count N`, which every view that can be watched
//! takes: the listing through the ps option table, `tree` and `show` through
//! clap.

use std::time::Duration;

use clap::Args;

/// The interval without `=SECONDS`, as watch(1) and procs use.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

/// Below this, a watch costs more than it shows.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// How often a view is redrawn, and how many times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    pub interval: Duration,
    /// `--count N`: stop after N frames.
    pub count: Option<u64>,
}

/// The clap arguments of `tree` and `show`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Redraw every SECONDS (2 by default, fractions allowed, at least 0.1): on a
    /// terminal in place, with %CPU and I/O over the interval; piped, one frame
    /// after another. q or Ctrl-C quits, space pauses.
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, require_equals = true,
          default_missing_value = "2", value_parser = parse_interval)]
    pub watch: Option<Duration>,

    /// Stop after N frames (implies --watch).
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub count: Option<u64>,
}

impl WatchArgs {
    /// `None` when the view is drawn once.
    pub fn watch(&self) -> Option<Watch> {
        schedule(self.watch, self.count)
    }
}

/// The watch `--watch` and `--count` ask for, if any.
pub fn schedule(interval: Option<Duration>, count: Option<u64>) -> Option<Watch> {
    (interval.is_some() || count.is_some()).then(|| Watch {
        interval: interval.unwrap_or(DEFAULT_INTERVAL),
        count,
    })
}

/// Seconds, fractions allowed, at least 0.1 and at most a day.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|secs| *secs <= 86_400.0)
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .filter(|interval| *interval >= MIN_INTERVAL)
        .ok_or_else(|| format!("--watch takes 0.1 to 86400 seconds: '{text}'"))
}

/// The longest `--sample`: a minute is already longer than anyone waits for
/// a listing.
pub const MAX_SAMPLE_MS: u64 = 60_000;

/// `--sample` without a value.
pub const DEFAULT_SAMPLE_MS: u64 = 200;

/// `--sample=MS`: 1 to [`MAX_SAMPLE_MS`] milliseconds.
pub fn parse_sample(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .ok()
        .filter(|ms| (1..=MAX_SAMPLE_MS).contains(ms))
        .ok_or_else(|| format!("--sample takes 1 to {MAX_SAMPLE_MS} milliseconds: '{text}'"))
}

/// A number of frames, at least one.
pub fn parse_count(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("--count takes a number of frames from 1: '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_fractions_down_to_a_tenth() {
        assert_eq!(parse_interval("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_interval("0.1"), Ok(Duration::from_millis(100)));
        for bad in ["0.05", "0", "-1", "x", "nan", "inf", ""] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
        assert!(parse_count("0").is_err());
        assert_eq!(
            schedule(None, Some(3)).map(|w| w.interval),
            Some(DEFAULT_INTERVAL)
        );
        assert_eq!(schedule(None, None), None);
    }
}
