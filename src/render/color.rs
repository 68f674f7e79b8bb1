//! Whether output is coloured, decided once per run, and the styles views use.
//!
//! Colour is for people at a terminal: `--color=auto` colours only when stdout is
//! one, and the NO_COLOR convention (<https://no-color.org>) turns it off unless
//! the user asked for it explicitly with `--color=always`.

use std::io::IsTerminal;

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

/// An SGR attribute sequence (the part between `ESC[` and `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style(&'static str);

impl Style {
    pub const BOLD: Style = Style("1");
    pub const DIM: Style = Style("2");
    pub const RED: Style = Style("31");
    pub const GREEN: Style = Style("32");
    pub const YELLOW: Style = Style("33");
    pub const MAGENTA: Style = Style("35");
    pub const CYAN: Style = Style("36");
    /// What `--match` found, on a terminal.
    pub const MATCH: Style = Style("1;31");
}

/// The one palette for process states, in listings, trees and `show`: states
/// worth a glance stand out. Running is green; uninterruptible sleep, zombie
/// and dead red (something is stuck or gone); stopped yellow.
pub fn state_style(state: char) -> Option<Style> {
    match state {
        'R' => Some(Style::GREEN),
        'D' | 'Z' | 'X' => Some(Style::RED),
        'T' | 't' => Some(Style::YELLOW),
        _ => None,
    }
}

/// Writes styles when colour is on and nothing when it is off, so views call it
/// unconditionally.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    enabled: bool,
}

impl Painter {
    pub fn new(enabled: bool) -> Painter {
        Painter { enabled }
    }

    /// Starts `style`; text pushed after it is styled until [`Painter::end`].
    pub fn start(self, out: &mut String, style: Style) {
        if self.enabled {
            out.push_str("\x1b[");
            out.push_str(style.0);
            out.push('m');
        }
    }

    pub fn end(self, out: &mut String) {
        if self.enabled {
            out.push_str("\x1b[0m");
        }
    }

    /// Pushes the text `write` produces, in `style` (or plainly).
    pub fn paint(self, out: &mut String, style: Option<Style>, write: impl FnOnce(&mut String)) {
        match style {
            Some(style) if self.enabled => {
                self.start(out, style);
                write(out);
                self.end(out);
            }
            _ => write(out),
        }
    }

    /// `text` in `style` (or plainly), as a new string.
    pub fn painted(self, style: Style, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        self.paint(&mut out, Some(style), |o| o.push_str(text));
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
    fn one_palette_for_states() {
        assert_eq!(state_style('R'), Some(Style::GREEN));
        assert_eq!(state_style('D'), Some(Style::RED));
        assert_eq!(state_style('Z'), Some(Style::RED));
        assert_eq!(state_style('t'), Some(Style::YELLOW));
        assert_eq!(state_style('S'), None);
    }

    #[test]
    fn painter_writes_nothing_when_off() {
        let mut text = String::new();
        Painter::new(false).paint(&mut text, Some(Style::RED), |o| o.push('x'));
        assert_eq!(text, "x");
        let mut text = String::new();
        Painter::new(true).paint(&mut text, Some(Style::RED), |o| o.push('x'));
        assert_eq!(text, "\x1b[31mx\x1b[0m");
        assert_eq!(
            Painter::new(true).painted(Style::DIM, "y"),
            "\x1b[2my\x1b[0m"
        );
        assert_eq!(Painter::new(false).painted(Style::DIM, "y"), "y");
    }
}
