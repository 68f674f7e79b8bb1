//! The one palette: which kind of text gets which style, in every view.
//!
//! Views say what a piece of text *is* (a header, a state, a high %CPU, the
//! caller's own user) and never pick a colour themselves, so a kind of value
//! looks the same in a listing, a tree, `show`, `fds`, `env`, `who` and under
//! `--watch`. Colour marks what is worth a glance; the rest stays plain.

use super::color::Style;

/// %CPU at or above this is high: half a CPU or more.
pub const HIGH_CPU: f64 = 50.0;

/// %MEM at or above this is high: a tenth of the machine's memory or more.
pub const HIGH_MEMORY: f64 = 10.0;

/// What a piece of coloured text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Column headers, section and process titles, labels (variable names).
    Header,
    /// A running process (state R).
    Running,
    /// Something stuck or gone: uninterruptible sleep (D), zombie (Z), dead (X).
    Stuck,
    /// Stopped or traced (T, t).
    Stopped,
    /// %CPU at or above [`HIGH_CPU`], %MEM at or above [`HIGH_MEMORY`].
    High,
    /// The user (name or ID) of the caller's own processes.
    Own,
    /// A field that may not be read.
    Denied,
    /// What `--match` found, and processes a pattern selected.
    Match,
    /// Pipes and FIFOs, as `ls` colours them.
    Pipe,
    /// Sockets, as `ls` colours them.
    Socket,
    /// A file deleted while open or mapped, as `ls` colours a broken link.
    Deleted,
    /// A process named as the other end of a pipe or socket.
    Peer,
    /// The status line of `--watch` on a terminal.
    Status,
    /// Under `--watch`, a line whose process appeared since the last frame.
    New,
}

impl Kind {
    /// The one place a kind becomes an SGR style.
    pub fn style(self) -> Style {
        match self {
            Kind::Header | Kind::New => Style::BOLD,
            Kind::Running => Style::GREEN,
            Kind::Stuck | Kind::Deleted => Style::RED,
            Kind::Stopped | Kind::Pipe => Style::YELLOW,
            Kind::High => Style::BOLD_MAGENTA,
            Kind::Own => Style::CYAN,
            Kind::Denied => Style::DIM,
            Kind::Match => Style::BOLD_RED,
            Kind::Socket => Style::MAGENTA,
            Kind::Peer => Style::BLUE,
            Kind::Status => Style::REVERSE,
        }
    }
}

/// Process states worth a glance: running, stuck or gone, stopped. Sleeping
/// and idle processes, most of any machine, stay plain.
pub fn state(state: char) -> Option<Kind> {
    match state {
        'R' => Some(Kind::Running),
        'D' | 'Z' | 'X' => Some(Kind::Stuck),
        'T' | 't' => Some(Kind::Stopped),
        _ => None,
    }
}

/// A %CPU figure, as printed.
pub fn cpu(text: &str) -> Option<Kind> {
    percent_at_least(text, HIGH_CPU)
}

/// A %MEM figure, as printed.
pub fn memory(text: &str) -> Option<Kind> {
    percent_at_least(text, HIGH_MEMORY)
}

fn percent_at_least(text: &str, high: f64) -> Option<Kind> {
    let value: f64 = text.trim().trim_end_matches('%').parse().ok()?;
    (value >= high).then_some(Kind::High)
}

/// The user of a process whose effective uid is `uid`, shown to `own_euid`.
pub fn user(uid: Option<u32>, own_euid: u32) -> Option<Kind> {
    (uid == Some(own_euid)).then_some(Kind::Own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_worth_a_glance() {
        assert_eq!(state('R'), Some(Kind::Running));
        assert_eq!(state('D'), Some(Kind::Stuck));
        assert_eq!(state('Z'), Some(Kind::Stuck));
        assert_eq!(state('t'), Some(Kind::Stopped));
        assert_eq!(state('S'), None);
        assert_eq!(state('I'), None);
    }

    #[test]
    fn high_figures() {
        assert_eq!(cpu(" 50.0"), Some(Kind::High));
        assert_eq!(cpu("199"), Some(Kind::High));
        assert_eq!(cpu("49.9"), None);
        assert_eq!(cpu("-"), None);
        assert_eq!(memory("10.0"), Some(Kind::High));
        assert_eq!(memory("9.9%"), None);
        assert_eq!(memory("12.5%"), Some(Kind::High));
    }

    #[test]
    fn own_user() {
        assert_eq!(user(Some(1000), 1000), Some(Kind::Own));
        assert_eq!(user(Some(0), 1000), None);
        assert_eq!(user(None, 1000), None);
    }

    #[test]
    fn kinds_that_mean_alike_look_alike() {
        assert_eq!(Kind::Stuck.style(), Kind::Deleted.style());
        assert_ne!(Kind::High.style(), Kind::Socket.style());
        assert_ne!(Kind::Own.style(), Kind::Peer.style());
        assert_ne!(Kind::Match.style(), Kind::Stuck.style());
    }
}
