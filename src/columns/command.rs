//! The command: its name, its arguments, its executable, its environment.

use super::printer::*;
use super::{Role, Row, Value};
use crate::proc::snapshot::{Needs, Proc};
use crate::render::escape;

/// The value keeps the arguments as they are (newlines too); ps prints and
/// sorts the command line with newlines turned into blanks.
pub(super) const ARGS: Printer = Printer::of(ARGV, |r| Value::text(&raw_command_line(r.proc)))
    .text(|r, room, out| {
        let start = out.len();
        out.push_str(r.forest_within(room));
        push_args(r, out);
        push_environment(r, room, start, out);
    })
    .sort_by(|r| Value::text(&command_line(r.proc)))
    .role(Role::CommandLine)
    .key("args");
// The name comes from stat or, where stat is malformed, from comm.
pub(super) const COMM: Printer = Printer::of(Needs::NONE, |r| Value::text(&r.proc.comm))
    .text(|r, room, out| {
        let start = out.len();
        out.push_str(r.forest_within(room));
        if r.opts.full_command_for_comm {
            push_args(r, out);
        } else {
            escape::push_escaped(out, &r.proc.comm);
        }
        push_environment(r, room, start, out);
    })
    .role(Role::CommandName)
    .key("comm");
/// The command name in at most 8 cells after the tree art (procps'
/// pr_fname: "8=default, but forest maybe feeds more").
pub(super) const FNAME: Printer =
    Printer::of(Needs::NONE, |r| Value::text(&r.proc.comm)).text(|r, room, out| {
        let art = r.forest_within(room);
        out.push_str(art);
        let mut name = String::new();
        escape::push_escaped(&mut name, &r.proc.comm);
        let left = room.saturating_sub(art.len()).min(8);
        out.push_str(crate::render::escape::prefix_within(&name, left));
    });
pub(super) const EXE: Printer = Printer::of(Needs::EXE, |r| {
    r.proc.extra.exe.as_deref().map_or(Value::Null, Value::text)
})
.text(|r, _, out| match &r.proc.extra.exe {
    Some(path) => escape::push_escaped(out, path),
    None => out.push('-'),
});

/// The argument vector as one string: NULs (and newlines, as ps does) become
/// blanks, trailing NULs go, and so does a final blank that was not followed
/// by a NUL.
pub fn joined_argv(cmdline: &[u8]) -> Vec<u8> {
    let end = cmdline.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let mut joined: Vec<u8> = cmdline[..end]
        .iter()
        .map(|&b| if b == 0 || b == b'\n' { b' ' } else { b })
        .collect();
    if cmdline.last() == Some(&b' ') {
        joined.pop();
    }
    joined
}

/// The command line as ps shows it, unescaped: the joined argv; for a process
/// without one (kernel threads, zombies) the name in brackets, zombies marked
/// `<defunct>`; `?` when the argv is only blanks away from empty.
pub(super) fn command_line(p: &Proc) -> Vec<u8> {
    match p.cmdline.as_deref().unwrap_or_default() {
        [] => bracketed_name(p),
        cmdline => match joined_argv(cmdline) {
            joined if joined.is_empty() => b"?".to_vec(),
            joined => joined,
        },
    }
}

/// The arguments joined by blanks, otherwise untouched, or what
/// [`command_line`] shows for a process without them.
pub(super) fn raw_command_line(p: &Proc) -> Vec<u8> {
    match p.cmdline.as_deref().unwrap_or_default() {
        [] => bracketed_name(p),
        cmdline => {
            let end = cmdline.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            let args = cmdline[..end].iter();
            args.map(|&b| if b == 0 { b' ' } else { b }).collect()
        }
    }
}

pub(super) fn bracketed_name(p: &Proc) -> Vec<u8> {
    let defunct = if p.stat.state == 'Z' {
        " <defunct>"
    } else {
        ""
    };
    [b"[", &p.comm[..], b"]", defunct.as_bytes()].concat()
}

/// `args`: the command line, or the name alone under BSD `c`.
pub(super) fn push_args(r: &Row, out: &mut String) {
    if r.opts.command_name_only {
        escape::push_escaped(out, &r.proc.comm);
    } else {
        escape::push_escaped(out, &command_line(r.proc));
    }
}

/// BSD `e`: the environment after a command that began at `start`, if more
/// than one cell of room is left.
pub(super) fn push_environment(r: &Row, room: usize, start: usize, out: &mut String) {
    if !r.opts.show_environment {
        return;
    }
    let used = crate::render::escape::display_width(&out[start..]);
    if let Some(environ) = r.proc.environ.as_deref().filter(|e| !e.is_empty())
        && room.saturating_sub(used) > 1
    {
        out.push(' ');
        escape::push_escaped(out, &joined_argv(environ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::tests::{STAT_LINE, proc_with};

    #[test]
    fn command_lines() {
        assert_eq!(joined_argv(b"sleep\x0010\x00"), b"sleep 10");
        assert_eq!(joined_argv(b"a\nb\x00c \x00\x00"), b"a b c ");
        // A final blank not followed by a NUL was padding, and goes.
        assert_eq!(joined_argv(b"title "), b"title");
        let mut zombie = proc_with("sh", &STAT_LINE.replacen('S', "Z", 1));
        assert_eq!(command_line(&zombie), b"[sh] <defunct>");
        zombie.cmdline = Some(b"\x00\x00".to_vec());
        assert_eq!(command_line(&zombie), b"?");
        zombie.cmdline = Some(b"a\nb\x00c\x00".to_vec());
        assert_eq!(command_line(&zombie), b"a b c");
        assert_eq!(raw_command_line(&zombie), b"a\nb c");
    }
}
