//! The man page's EXAMPLES section: the examples, and those that apply to this build.

use clap::Command;
use clap_mangen::roff::{Roff, bold};

use super::{paragraph, section};

/// One example of the EXAMPLES section.
pub struct Example {
    /// The subcommand the example needs, if any.
    pub command: Option<&'static str>,
    /// The kps command line, program name first.
    pub argv: &'static [&'static str],
    /// Appended after the kps command: a pipe into another program, on a
    /// line of its own when it starts with a newline.
    pub pipe: &'static str,
    pub text: &'static str,
}

impl Example {
    /// An example of a listing: `argv` is the command line, program name first.
    const fn new(argv: &'static [&'static str], text: &'static str) -> Example {
        Example {
            command: None,
            argv,
            pipe: "",
            text,
        }
    }

    /// An example of the command that is `argv`'s second word.
    const fn of_command(argv: &'static [&'static str], text: &'static str) -> Example {
        Example {
            command: Some(argv[1]),
            ..Example::new(argv, text)
        }
    }

    const fn piped(self, pipe: &'static str) -> Example {
        Example { pipe, ..self }
    }
}

pub const EXAMPLES: &[Example] = &[
    Example::new(
        &["kps", "aux"],
        "Every process, in the user-oriented BSD format.",
    ),
    Example::new(&["kps", "-ef"], "Every process, in the full UNIX format."),
    Example::new(
        &["kps", "-eo", "pid,ppid,rss,comm", "--sort=-rss"],
        "PID, parent, resident memory and name of every process, largest first.",
    ),
    Example::new(
        &["kps", "-C", "sshd", "-o", "pid,user,etime,args"],
        "The sshd processes, with their owner and how long they have run.",
    ),
    Example::new(
        &[
            "kps",
            "-u",
            "www-data",
            "--match",
            "php-fpm",
            "-o",
            "pid,rss,args",
        ],
        "www-data's processes whose name or command line matches php-fpm, in \
         any case (a pattern without capitals ignores case); kps never matches itself.",
    ),
    Example::new(
        &["kps", "aux", "--sort=-pcpu", "--watch=1"],
        "A top in ps' columns: redrawn every second, %CPU over the second, \
         q to quit, space to pause. Piped, one frame per second after a \
         timestamp line; --count N stops after N frames.",
    ),
    Example::of_command(
        &["kps", "tree", "-o", "pid,user,rss,args", "--totals"],
        "The process tree with memory per process and the totals of each subtree.",
    ),
    Example::of_command(&["kps", "show", "1"], "Everything about process 1."),
    Example::of_command(
        &["kps", "fds", "$$"],
        "The open files of this shell, and what each one points at.",
    ),
    Example::of_command(
        &["kps", "who", ":8080"],
        "The processes with a TCP or UDP socket on port 8080, local or remote end, \
         in any network namespace; a connection between two local processes names both.",
    ),
    Example::of_command(
        &["kps", "who", "--pids", "--under", "/mnt/data"],
        "The processes that use anything below /mnt/data (open, mapped, or as their \
         working directory), listed ps-style.",
    )
    .piped(" | xargs -r kps -o pid,user,args -p"),
    Example::of_command(
        &["kps", "who", "--deleted"],
        "Files deleted while still open or mapped, which keep their disk space until closed.",
    ),
    Example::of_command(
        &["kps", "env", "$$", "-0"],
        "One variable from the environment of a process.",
    )
    .piped(" | tr '\\0' '\\n' | grep '^PATH='"),
    Example::new(
        &["kps", "-e", "--no-headers", "-o", "rss"],
        "The resident memory of all processes together.",
    )
    .piped(" |\n    awk '{ kib += $1 } END { print kib \" KiB\" }'"),
    Example::new(
        &["kps", "-eo", "pid,comm"],
        "Every bash process; one line per process, so grep sees whole processes.",
    )
    .piped(" | grep -w bash"),
    Example::new(
        &["kps", "-e", "--json", "-o", "pid,rss,comm"],
        "The five processes that use the most memory, through jq.",
    )
    .piped(" |\n    jq -r 'sort_by(-.rss) | .[:5][] | \"\\(.pid) \\(.comm)\"'"),
];

/// The examples that apply to this build: those of the commands that exist.
pub fn applicable_examples(cmd: &Command) -> impl Iterator<Item = &'static Example> + '_ {
    EXAMPLES.iter().filter(|example| {
        example
            .command
            .is_none_or(|name| cmd.find_subcommand(name).is_some())
    })
}

pub(super) fn examples(cmd: &Command) -> Roff {
    let mut roff = section("EXAMPLES");
    for example in applicable_examples(cmd) {
        paragraph(&mut roff, example.text);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        let command = format!("{}{}", example.argv.join(" "), example.pipe);
        for line in command.lines() {
            roff.text([bold(line)]);
        }
        roff.control("fi", []);
        roff.control("RE", []);
    }
    roff
}
