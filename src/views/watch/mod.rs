//! `--watch`: a view drawn again every interval.
//!
//! On a terminal the frames replace each other on the alternate screen, cut to
//! its size, under a status line ([`screen`]). Piped, or as JSON, frames follow
//! each other: text frames each after a line with its time, JSON frames one
//! per line; nothing there is a terminal escape.

mod listing;
mod screen;

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub use listing::ListingSource;

use crate::cli::watch_args::Watch;
use crate::error::Result;
use crate::proc::root::ProcRoot;
use crate::render::color::Painter;
use crate::render::timefmt::LocalTime;

/// A frame: the view's output, and what the status line says of it.
#[derive(Default)]
pub struct Frame {
    pub text: Vec<u8>,
    /// Per line of `text`: the process on it appeared since the last frame.
    pub new_lines: Vec<bool>,
    pub counts: Option<Counts>,
}

/// Processes in a frame, for the status line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub shown: usize,
    pub running: usize,
    /// Processes of the last frame that are gone.
    pub exited: usize,
}

/// A view that can be drawn again and again.
pub trait Source {
    /// The next frame. `screen`: the columns and lines it may fill, on a terminal.
    fn frame(&mut self, screen: Option<(usize, usize)>) -> Result<Frame>;
}

/// A view drawn afresh each frame through its ordinary entry point.
pub struct Redraw<F>(pub F);

impl<F: FnMut(&mut Vec<u8>) -> Result<bool>> Source for Redraw<F> {
    fn frame(&mut self, _screen: Option<(usize, usize)>) -> Result<Frame> {
        let mut text = Vec::new();
        (self.0)(&mut text)?;
        Ok(Frame {
            text,
            ..Frame::default()
        })
    }
}

/// Watches `source`: on a terminal unless `json`, else as a stream of frames;
/// `root` is the proc mount the status line reads the load from, and
/// `painter` styles the status line and new processes' lines on a terminal.
pub fn run(
    source: &mut dyn Source,
    watch: Watch,
    json: bool,
    root: &ProcRoot,
    painter: Painter,
    out: &mut impl Write,
) -> Result<bool> {
    if !json && std::io::stdout().is_terminal() {
        out.flush()?;
        return screen::run(source, watch, root, painter, out);
    }
    let mut clock = Clock::new(watch.interval);
    for frame in 1.. {
        let drawn = source.frame(None)?;
        if !json {
            writeln!(out, "--- {}", timestamp())?;
        }
        out.write_all(&drawn.text)?;
        out.flush()?;
        if watch.count.is_some_and(|count| frame >= count) {
            break;
        }
        std::thread::sleep(clock.until_next());
    }
    Ok(true)
}

/// When the next frame is due: intervals are kept from frame start to frame
/// start, so that drawing does not make the watch drift.
struct Clock {
    interval: Duration,
    next: Instant,
}

impl Clock {
    fn new(interval: Duration) -> Clock {
        Clock {
            interval,
            next: Instant::now() + interval,
        }
    }

    /// The wait until the next frame, and the frame after it scheduled. A
    /// frame that ran late starts the count again rather than catch up.
    fn until_next(&mut self) -> Duration {
        let now = Instant::now();
        let wait = self.next.saturating_duration_since(now);
        self.next = self.next.max(now) + self.interval;
        wait
    }

    fn restart(&mut self) {
        self.next = Instant::now() + self.interval;
    }

    fn due(&self) -> bool {
        Instant::now() >= self.next
    }

    fn remaining(&self) -> Duration {
        self.next.saturating_duration_since(Instant::now())
    }
}

/// Now in local time, `YYYY-MM-DD HH:MM:SS`.
pub fn timestamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let t = LocalTime::at(now);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year,
        t.month + 1,
        t.mday,
        t.hour,
        t.min,
        t.sec
    )
}
