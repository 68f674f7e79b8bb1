//! Whether output is coloured, decided once per run, and the styles views use.
//!
//! Colour is for people at a terminal: `--color=auto` colours only when stdout is
//! one, and the NO_COLOR convention (<https://no-color.org>) turns it off unless
//! the user asked for it explicitly with `--color=always`.

use std::io::IsTerminal;

use super::palette::{self, Kind};

/// The `--color=WHEN` choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Colour even when piped or NO_COLOR is set.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given what is known about stdout and the environment.
    pub fn enabled(self, stdout_is_terminal: bool, no_color: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        }
    }

    /// Whether to colour this process' stdout.
    pub fn enabled_for_stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal(), no_color_requested())
    }
}

/// NO_COLOR counts when it is set to anything but the empty string.
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// An SGR attribute sequence (the part between `ESC[` and `m`). Only the
/// palette ([`super::palette`]) names styles; views name kinds of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style(&'static str);

impl Style {
    pub(super) const BOLD: Style = Style("1");
    pub(super) const DIM: Style = Style("2");
    pub(super) const REVERSE: Style = Style("7");
    pub(super) const RED: Style = Style("31");
    pub(super) const GREEN: Style = Style("32");
    pub(super) const YELLOW: Style = Style("33");
    pub(super) const BLUE: Style = Style("34");
    pub(super) const MAGENTA: Style = Style("35");
    pub(super) const CYAN: Style = Style("36");
    pub(super) const BOLD_RED: Style = Style("1;31");
    pub(super) const BOLD_MAGENTA: Style = Style("1;35");

    /// The escape sequence that starts the style.
    pub fn sgr(self) -> String {
        format!("\x1b[{}m", self.0)
    }
}

/// The sequence that ends every style.
pub const RESET: &str = "\x1b[0m";

/// Writes the palette's styles when colour is on and nothing when it is off,
/// so views call it unconditionally.
#[derive(Debug, Clone, Copy, Default)]
pub struct Painter {
    enabled: bool,
    /// Whose processes are the caller's own ([`Kind::Own`]).
    own_euid: u32,
}

impl Painter {
    /// A painter for this process' caller (its effective user is "own").
    pub fn new(enabled: bool) -> Painter {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let own_euid = unsafe { libc::geteuid() };
        Painter::for_user(enabled, own_euid)
    }

    /// A painter that takes `own_euid` as the caller's effective user.
    pub fn for_user(enabled: bool, own_euid: u32) -> Painter {
        Painter { enabled, own_euid }
    }

    /// A painter for stdout under `--color=choice` (and NO_COLOR).
    pub fn for_stdout(choice: ColorChoice) -> Painter {
        Painter::new(choice.enabled_for_stdout())
    }

    pub fn enabled(self) -> bool {
        self.enabled
    }

    /// The kind of a user name or ID of a process running as `uid`.
    pub fn user(self, uid: Option<u32>) -> Option<Kind> {
        palette::user(uid, self.own_euid)
    }

    /// Starts `kind`'s style; text pushed after it is styled until [`Painter::end`].
    pub fn start(self, out: &mut String, kind: Kind) {
        if self.enabled {
            out.push_str(&kind.style().sgr());
        }
    }

    pub fn end(self, out: &mut String) {
        if self.enabled {
            out.push_str(RESET);
        }
    }

    /// Pushes the text `write` produces, in `kind`'s style (or plainly).
    pub fn paint(self, out: &mut String, kind: Option<Kind>, write: impl FnOnce(&mut String)) {
        match kind {
            Some(kind) if self.enabled => {
                self.start(out, kind);
                write(out);
                self.end(out);
            }
            _ => write(out),
        }
    }

    /// `text` in `kind`'s style (or plainly), as a new string.
    pub fn painted(self, kind: Kind, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        self.paint(&mut out, Some(kind), |o| o.push_str(text));
        out
    }

    /// `text` with its first line (a table's header) styled as `kind`, the
    /// style ended before the newline so that a cut line keeps none open.
    pub fn first_line(self, text: &str, kind: Kind) -> String {
        let (first, rest) = text.split_at(text.find('\n').unwrap_or(text.len()));
        let mut out = String::with_capacity(text.len() + 8);
        let kind = (!first.is_empty()).then_some(kind);
        self.paint(&mut out, kind, |o| o.push_str(first));
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(ColorChoice::Auto.enabled(true, false));
        assert!(!ColorChoice::Auto.enabled(false, false));
        assert!(!ColorChoice::Auto.enabled(true, true));
    }

    #[test]
    fn explicit_choices_win() {
        assert!(ColorChoice::Always.enabled(false, true));
        assert!(!ColorChoice::Never.enabled(true, false));
    }

    #[test]
    fn painter_writes_nothing_when_off() {
        let mut text = String::new();
        Painter::new(false).paint(&mut text, Some(Kind::Stuck), |o| o.push('x'));
        assert_eq!(text, "x");
        let mut text = String::new();
        Painter::new(true).paint(&mut text, Some(Kind::Stuck), |o| o.push('x'));
        assert_eq!(text, "\x1b[31mx\x1b[0m");
        assert_eq!(
            Painter::new(true).painted(Kind::Denied, "y"),
            "\x1b[2my\x1b[0m"
        );
        assert_eq!(Painter::new(false).painted(Kind::Denied, "y"), "y");
    }

    #[test]
    fn a_header_line_is_styled_alone() {
        let painter = Painter::new(true);
        assert_eq!(
            painter.first_line("A  B\n1  2\n", Kind::Header),
            "\x1b[1mA  B\x1b[0m\n1  2\n"
        );
        assert_eq!(painter.first_line("", Kind::Header), "");
        assert_eq!(
            Painter::new(false).first_line("a\nb\n", Kind::Header),
            "a\nb\n"
        );
    }

    #[test]
    fn own_processes_are_the_callers() {
        let painter = Painter::for_user(true, 1000);
        assert_eq!(painter.user(Some(1000)), Some(Kind::Own));
        assert_eq!(painter.user(Some(0)), None);
    }
}
