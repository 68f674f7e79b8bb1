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

pub const EXAMPLES: &[Example] = &[
    Example {
        command: None,
        argv: &["kps", "aux"],
        pipe: "",
        text: "Every process, in the user-oriented BSD format.",
    },
    Example {
        command: None,
        argv: &["kps", "-ef"],
        pipe: "",
        text: "Every process, in the full UNIX format.",
    },
    Example {
        command: None,
        argv: &["kps", "-eo", "pid,ppid,rss,comm", "--sort=-rss"],
        pipe: "",
        text: "PID, parent, resident memory and name of every process, largest first.",
    },
    Example {
        command: None,
        argv: &["kps", "-C", "sshd", "-o", "pid,user,etime,args"],
        pipe: "",
        text: "The sshd processes, with their owner and how long they have run.",
    },
    Example {
        command: None,
        argv: &[
            "kps",
            "-u",
            "www-data",
            "--match",
            "php-fpm",
            "-o",
            "pid,rss,args",
        ],
        pipe: "",
        text: "www-data's processes whose name or command line matches php-fpm, in \
               any case (a pattern without capitals ignores case); kps never matches itself.",
    },
    Example {
        command: None,
        argv: &["kps", "aux", "--sort=-pcpu", "--watch=1"],
        pipe: "",
        text: "A top in ps' columns: redrawn every second, %CPU over the second, \
               q to quit, space to pause. Piped, one frame per second after a \
               timestamp line; --count N stops after N frames.",
    },
    Example {
        command: Some("tree"),
        argv: &["kps", "tree", "-o", "pid,user,rss,args", "--totals"],
        pipe: "",
        text: "The process tree with memory per process and the totals of each subtree.",
    },
    Example {
        command: Some("show"),
        argv: &["kps", "show", "1"],
        pipe: "",
        text: "Everything about process 1.",
    },
    Example {
        command: Some("fds"),
        argv: &["kps", "fds", "$$"],
        pipe: "",
        text: "The open files of this shell, and what each one points at.",
    },
    Example {
        command: Some("who"),
        argv: &["kps", "who", ":8080"],
        pipe: "",
        text: "The processes with a TCP or UDP socket on port 8080, local or remote end, \
               in any network namespace; a connection between two local processes names both.",
    },
    Example {
        command: Some("who"),
        argv: &["kps", "who", "--pids", "--under", "/mnt/data"],
        pipe: " | xargs -r kps -o pid,user,args -p",
        text: "The processes that use anything below /mnt/data (open, mapped, or as their \
               working directory), listed ps-style.",
    },
    Example {
        command: Some("who"),
        argv: &["kps", "who", "--deleted"],
        pipe: "",
        text: "Files deleted while still open or mapped, which keep their disk space until closed.",
    },
    Example {
        command: Some("env"),
        argv: &["kps", "env", "$$", "-0"],
        pipe: " | tr '\\0' '\\n' | grep '^PATH='",
        text: "One variable from the environment of a process.",
    },
    Example {
        command: None,
        argv: &["kps", "-e", "--no-headers", "-o", "rss"],
        pipe: " |\n    awk '{ kib += $1 } END { print kib \" KiB\" }'",
        text: "The resident memory of all processes together.",
    },
    Example {
        command: None,
        argv: &["kps", "-eo", "pid,comm"],
        pipe: " | grep -w bash",
        text: "Every bash process; one line per process, so grep sees whole processes.",
    },
    Example {
        command: None,
        argv: &["kps", "-e", "--json", "-o", "pid,rss,comm"],
        pipe: " |\n    jq -r 'sort_by(-.rss) | .[:5][] | \"\\(.pid) \\(.comm)\"'",
        text: "The five processes that use the most memory, through jq.",
    },
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
