//! The watch on a terminal: the alternate screen, raw mode for the keys,
//! redrawn in place each interval. Whatever ends the watch (q, Ctrl-C,
//! SIGTERM, SIGHUP, an error, a closed output) leaves the terminal as it was:
//! the guard restores it when it is dropped, unwinding included.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, SetAttribute};
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::{cursor, queue};

use super::{Clock, Counts, Frame, Source, timestamp};
use crate::cli::watch_args::Watch;
use crate::error::Result;
use crate::proc::root::ProcRoot;
use crate::render::color::Painter;
use crate::render::escape::cut_to_width as cut;
use crate::render::palette::Kind;

/// How often a waiting watch looks at the signal flag.
const TICK: Duration = Duration::from_millis(100);

pub fn run(
    source: &mut dyn Source,
    watch: Watch,
    root: &ProcRoot,
    painter: Painter,
    out: &mut impl Write,
) -> Result<bool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let input = terminal_input()?;
    let _terminal = Terminal::enter()?;
    let mut clock = Clock::new(watch.interval);
    let mut paused = false;
    let mut frames = 0;
    let mut frame: Frame;
    'frames: loop {
        let (columns, lines) = size();
        frame = source.frame(Some((columns, lines.saturating_sub(1))))?;
        frames += 1;
        draw(out, &frame, watch, root, paused, painter)?;
        if watch.count.is_some_and(|count| frames >= count) {
            break;
        }
        // Wait for the next frame, a key, a resize or a signal.
        loop {
            if stop.load(Ordering::Relaxed) {
                break 'frames;
            }
            if size() != (columns, lines) {
                if !paused {
                    continue 'frames;
                }
                draw(out, &frame, watch, root, paused, painter)?;
            }
            let wait = if paused {
                TICK
            } else {
                clock.remaining().min(TICK)
            };
            // Keys are read before the next frame starts, even when frames
            // take longer than the interval.
            match wait_for_input(&input, wait) {
                Waited::Nothing if !paused && clock.due() => {
                    clock.until_next();
                    continue 'frames;
                }
                Waited::Nothing => continue,
                // The terminal is gone: nobody is left to watch.
                Waited::Hangup => break 'frames,
                Waited::Input => {}
            }
            while event::poll(Duration::ZERO)? {
                let Event::Key(key) = event::read()? else {
                    continue;
                };
                if key.kind == KeyEventKind::Release {
                    continue;
                }
                match key.code {
                    KeyCode::Char('q') | KeyCode::Esc => break 'frames,
                    KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        break 'frames;
                    }
                    KeyCode::Char(' ') => {
                        paused = !paused;
                        if paused {
                            draw(out, &frame, watch, root, paused, painter)?;
                        } else {
                            clock.restart();
                            continue 'frames;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(true)
}

/// Where keys come from: standard input when it is the terminal, else the
/// controlling terminal (crossterm reads the same one).
enum Input {
    Stdin,
    Tty(std::fs::File),
}

fn terminal_input() -> Result<Input> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return Ok(Input::Stdin);
    }
    Ok(Input::Tty(std::fs::File::open("/dev/tty")?))
}

enum Waited {
    Nothing,
    Input,
    Hangup,
}

/// Waits up to `timeout` for a key. crossterm's own wait spins on a terminal
/// that hung up (read returns 0 forever), so the wait and the hangup are
/// seen here, and crossterm only reads what is there.
fn wait_for_input(input: &Input, timeout: Duration) -> Waited {
    use std::os::fd::AsRawFd;
    let fd = match input {
        Input::Stdin => libc::STDIN_FILENO,
        Input::Tty(file) => file.as_raw_fd(),
    };
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd, which poll only writes `revents` of.
    let ready = unsafe { libc::poll(&mut poll, 1, millis) };
    if ready <= 0 {
        // Timed out, or a signal (SIGTERM, SIGWINCH) came: look again.
        Waited::Nothing
    } else if poll.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Waited::Hangup
    } else {
        Waited::Input
    }
}

/// Raw mode and the alternate screen while it lives.
struct Terminal;

impl Terminal {
    fn enter() -> Result<Terminal> {
        terminal::enable_raw_mode()?;
        let terminal = Terminal;
        crossterm::execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )?;
        Ok(terminal)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = crossterm::execute!(
            std::io::stdout(),
            SetAttribute(Attribute::Reset),
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
        let _ = terminal::disable_raw_mode();
    }
}

/// Columns and lines of the terminal (80x24 if it does not say).
fn size() -> (usize, usize) {
    terminal::size()
        .map(|(columns, lines)| (usize::from(columns.max(1)), usize::from(lines.max(2))))
        .unwrap_or((80, 24))
}

/// Draws a frame under its status line; the styles of the status line and of
/// new processes' lines are the palette's, and there only when colour is on.
fn draw(
    out: &mut impl Write,
    frame: &Frame,
    watch: Watch,
    root: &ProcRoot,
    paused: bool,
    painter: Painter,
) -> Result<()> {
    let (columns, lines) = size();
    let start = |kind| {
        let mut sgr = String::new();
        painter.start(&mut sgr, kind);
        sgr
    };
    let mut end = String::new();
    painter.end(&mut end);
    queue!(out, cursor::MoveTo(0, 0))?;
    out.write_all(start(Kind::Status).as_bytes())?;
    let status = status_line(frame.counts, watch, root, paused);
    out.write_all(cut(&status, columns).as_bytes())?;
    // The status style runs to the edge of the screen.
    queue!(out, Clear(ClearType::UntilNewLine))?;
    out.write_all(end.as_bytes())?;
    let text = String::from_utf8_lossy(&frame.text);
    for (y, line) in text.lines().take(lines - 1).enumerate() {
        queue!(out, cursor::MoveTo(0, (y + 1) as u16))?;
        let new = frame.new_lines.get(y).copied().unwrap_or(false);
        if new {
            out.write_all(start(Kind::New).as_bytes())?;
        }
        out.write_all(cut(line, columns).as_bytes())?;
        if new {
            out.write_all(end.as_bytes())?;
        }
        queue!(out, Clear(ClearType::UntilNewLine))?;
    }
    let drawn = text.lines().count().min(lines - 1);
    queue!(
        out,
        cursor::MoveTo(0, (drawn + 1) as u16),
        Clear(ClearType::FromCursorDown)
    )?;
    out.flush()?;
    Ok(())
}

/// `kps 12:00:01  every 2s  312 processes, 2 running, 1 exited  load 0.1 0.2 0.3`
fn status_line(counts: Option<Counts>, watch: Watch, root: &ProcRoot, paused: bool) -> String {
    let time = timestamp();
    let mut line = format!(
        "kps {}  every {}s",
        time.get(11..).unwrap_or(&time),
        watch.interval.as_secs_f64()
    );
    if let Some(counts) = counts {
        line.push_str(&format!(
            "  {} processes, {} running, {} exited",
            counts.shown, counts.running, counts.exited
        ));
    }
    if let Some(load) = load_averages(root) {
        line.push_str("  load ");
        line.push_str(&load);
    }
    if paused {
        line.push_str("  [paused: space resumes]");
    }
    line
}

/// The three load averages of /proc/loadavg, of the machine whose processes
/// are shown.
fn load_averages(root: &ProcRoot) -> Option<String> {
    let text = std::fs::read_to_string(root.path("loadavg")).ok()?;
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    (fields.len() == 3).then(|| fields.join(" "))
}
