//! The controlling terminal.

use super::printer::*;
use super::{Row, Sort, Value};

pub(super) const TTY8: Printer = Printer::of(TTY, tty_value)
    .text(|r, _, out| push_tty_name(out, r.snap.ttys.name(r.proc.stat.tty_nr)))
    .sort(Sort::Natural)
    .key("tty");
/// TTY in 4 cells: `pts/3` shows as `3`, `tty1` as `1`.
pub(super) const TTY4: Printer = Printer::of(TTY, tty_value)
    .text(|r, _, out| push_tty_name(out, short_tty_name(r.snap.ttys.name(r.proc.stat.tty_nr))))
    .sort(Sort::Natural)
    .key("tty");

pub(super) fn tty_value(r: &Row) -> Value {
    match r.proc.stat.tty_nr {
        0 => Value::Null,
        nr => Value::Text(r.snap.ttys.name(nr).to_string()),
    }
}

/// A terminal name as ps prints it: bytes that are blank, control or not
/// ASCII become `?`, and it stops after 64.
pub(super) fn push_tty_name(out: &mut String, name: &str) {
    out.extend(name.bytes().take(64).map(|b| match b {
        0x21..=0x7e => b as char,
        _ => '?',
    }));
}

pub(super) fn short_tty_name(name: &str) -> &str {
    match name.strip_prefix("tty") {
        Some(rest) if !rest.is_empty() => rest,
        _ => name.strip_prefix("pts/").unwrap_or(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_safe_terminal_names() {
        assert_eq!(short_tty_name("pts/3"), "3");
        assert_eq!(short_tty_name("ttyS0"), "S0");
        assert_eq!(short_tty_name("tty"), "tty");
        let mut out = String::new();
        push_tty_name(&mut out, "a b\u{e9}");
        assert_eq!(out, "a?b??");
    }
}
