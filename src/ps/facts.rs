//! What resolving a ps command line reads from the system, gathered once
//! before resolution starts so that resolution itself reads nothing.

use std::io::IsTerminal;

use crate::cli::lists::parse_c_number;
use crate::cli::personality::Personality;

/// Everything outside the command line that decides what a listing shows.
///
/// [`SystemFacts::gather`] reads it from the running system; tests build it
/// by hand, so that resolution is tested without /proc and without a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemFacts {
    /// kps' own effective user, for the default "only yours" selection.
    pub own_euid: u32,
    /// kps' own terminal (`tty_nr`, 0 for none), for `T` and the default selection.
    pub own_tty: i32,
    /// `PS_PERSONALITY` (and its fallbacks).
    pub personality: Personality,
    /// `PS_FORMAT`, when set and not empty.
    pub ps_format: Option<String>,
    /// `COLUMNS`, as strtol reads it.
    pub columns: Option<usize>,
    /// `LINES`, as strtol reads it.
    pub lines: Option<usize>,
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Columns and rows of the terminal on stdout, stderr or stdin.
    pub window: Option<(usize, usize)>,
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// Digits of the kernel's `pid_max`: the least width of a process-id column.
    pub pid_max_digits: usize,
    /// `LIBPROC_HIDE_KERNEL` is set (to anything): procps' library then skips
    /// kthreadd and its children, the kernel threads.
    pub hide_kernel: bool,
}

impl SystemFacts {
    /// Reads the facts from the running system, under `personality` (which
    /// the command line was parsed with).
    pub fn gather(personality: Personality) -> SystemFacts {
        let (own_tty, own_euid) = crate::proc::system::own_tty_and_euid();
        SystemFacts {
            own_euid,
            own_tty,
            personality,
            ps_format: std::env::var("PS_FORMAT").ok().filter(|f| !f.is_empty()),
            columns: env_number("COLUMNS"),
            lines: env_number("LINES"),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            window: terminal_size(),
            no_color: crate::render::color::no_color_requested(),
            pid_max_digits: crate::proc::system::pid_max_digits(),
            hide_kernel: std::env::var_os("LIBPROC_HIDE_KERNEL").is_some(),
        }
    }
}

#[cfg(test)]
impl Default for SystemFacts {
    /// A root kps with no terminal, no environment and five-digit PIDs.
    fn default() -> SystemFacts {
        SystemFacts {
            own_euid: 0,
            own_tty: 0,
            personality: Personality::default(),
            ps_format: None,
            columns: None,
            lines: None,
            stdout_is_terminal: false,
            window: None,
            no_color: false,
            pid_max_digits: 5,
            hide_kernel: false,
        }
    }
}

/// The width `kps tree` cuts its lines at, by ps' rule ([`line_width`]),
/// from `--cols` and `-w` and what the system says.
///
/// [`line_width`]: super::resolve::line_width
pub fn tree_width(cols: Option<usize>, wide: u8) -> Option<usize> {
    let terminal = std::io::stdout().is_terminal().then(terminal_size);
    super::resolve::line_width(cols, u32::from(wide), env_number("COLUMNS"), terminal)
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| parse_c_number(&v))
        .map(|n| n as usize)
}

/// Columns and rows of the terminal on stdout, stderr or stdin, in that order.
fn terminal_size() -> Option<(usize, usize)> {
    [libc::STDOUT_FILENO, libc::STDERR_FILENO, libc::STDIN_FILENO]
        .into_iter()
        .find_map(|fd| {
            // SAFETY: winsize is plain integers, for which all zeroes is a value.
            let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
            // SAFETY: TIOCGWINSZ fills a plain struct; a failed ioctl leaves it zeroed.
            let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } == 0;
            (ok && ws.ws_col > 0 && ws.ws_row > 0)
                .then_some((ws.ws_col as usize, ws.ws_row as usize))
        })
}
