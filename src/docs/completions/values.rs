//! What the completions offer from the running system: PIDs (described by
//! the command name where the shell shows descriptions), user names and
//! terminal names. The scripts read /proc, /dev and the user database
//! themselves, so pressing Tab never runs kps, or anything a process could
//! have put in its command line.

use clap::Command;
use clap_mangen::roff::{Roff, roman};

use super::option_pattern;
use crate::cli::ps_flags::Takes;
use crate::docs::{section, visible_subcommands};

/// What the man page says the completions offer.
pub(in crate::docs) fn man_section() -> Roff {
    let mut roff = section("SHELL COMPLETION");
    roff.text([roman(
        "The completion scripts for bash, zsh and fish offer the commands, every ps option \
         in its UNIX, BSD and GNU spelling, and format specifier names after -o, o, \
         --format, -O, --sort and k, also inside a list. After show, fds, env, tree, -p, \
         --pid, -q and q they offer the PIDs of running processes, which zsh and fish \
         describe by the command name; after -u, -U, U and tree -u, user names; after -t, \
         --tty and t, terminal names (pts/3, tty1). The scripts read /proc, /dev and the \
         user database themselves: completing never runs kps.",
    )]);
    roff
}

pub(super) fn pid_option_pattern() -> String {
    option_pattern(|takes| takes == Takes::Pids)
}

pub(super) fn user_option_pattern() -> String {
    option_pattern(|takes| takes == Takes::Users)
}

pub(super) fn tty_option_pattern() -> String {
    option_pattern(|takes| matches!(takes, Takes::Terminals | Takes::OptionalTerminals))
}

/// The subcommands whose operands are PIDs (`show 1234`, `tree 1234`), each
/// with the spellings of its options that take a value as the next word (after
/// those, the next word is the value, not a PID) and of those whose value
/// names users.
pub(super) struct PidCommand {
    pub name: String,
    pub operand_ids: Vec<String>,
    pub value_options: Vec<String>,
    pub user_options: Vec<String>,
}

/// An operand whose value name says it is a PID (`PID`, `PID|PATTERN`).
fn names_pids(arg: &clap::Arg) -> bool {
    arg.get_value_names()
        .is_some_and(|names| names.iter().any(|name| name.contains("PID")))
}

pub(super) fn pid_commands(cmd: &Command) -> Vec<PidCommand> {
    visible_subcommands(cmd)
        .filter(|sub| sub.get_positionals().any(names_pids))
        .map(|sub| {
            let spellings = |arg: &clap::Arg| -> Vec<String> {
                let shorts = arg.get_short_and_visible_aliases().unwrap_or_default();
                let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
                shorts
                    .iter()
                    .map(|c| format!("-{c}"))
                    .chain(longs.iter().map(|name| format!("--{name}")))
                    .collect()
            };
            let takes_value = |arg: &&clap::Arg| {
                !arg.is_positional()
                    && arg.get_num_args().is_some_and(|n| n.takes_values())
                    && !arg.is_require_equals_set()
            };
            PidCommand {
                name: sub.get_name().to_string(),
                operand_ids: sub
                    .get_positionals()
                    .filter(|arg| names_pids(arg))
                    .map(|arg| arg.get_id().to_string())
                    .collect(),
                value_options: sub
                    .get_arguments()
                    .filter(takes_value)
                    .flat_map(spellings)
                    .collect(),
                user_options: sub
                    .get_arguments()
                    .filter(|arg| arg.get_value_hint() == clap::ValueHint::Username)
                    .flat_map(spellings)
                    .collect(),
            }
        })
        .collect()
}
