//! What the completions offer from the running system: PIDs (described by
//! the command name where the shell shows descriptions), user names and
//! terminal names. The scripts read /proc, /dev and the user database
//! themselves, so pressing Tab never runs kps, or anything a process could
//! have put in its command line.

use clap::Command;
use clap_mangen::roff::{Roff, roman};

use super::option_pattern;
use crate::cli::ps_flags::{self, Takes};
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

/// Bash helpers: the PIDs and terminal names, one a line, and the completion
/// of the item after the last comma of a list.
pub(super) const BASH_FUNCTIONS: &str = r#"# The PIDs of running processes, read from /proc: completing runs no program.
_kps_pids() {
    local dir
    for dir in /proc/[0-9]*; do
        printf '%s\n' "${dir#/proc/}"
    done
}

# Terminal names as ps takes them: pts/N, ttyN, ttyS0.
_kps_ttys() {
    local dev
    for dev in /dev/pts/[0-9]* /dev/tty[0-9A-Z]*; do
        [[ -e "$dev" ]] && printf '%s\n' "${dev#/dev/}"
    done
}

# Completes the item after the last comma of a list with one of the words.
_kps_reply_list() {
    local prefix="" name="$1"
    if [[ "$name" == *,* ]]; then
        prefix="${name%,*},"
        name="${name##*,}"
    fi
    COMPREPLY=( $(compgen -P "$prefix" -W "$2" -- "$name") )
}"#;

/// zsh helpers: PIDs with their command names, and lists of PIDs, users and
/// terminals.
pub(super) const ZSH_FUNCTIONS: &str = r#"# PIDs read from /proc, described by the command name: completing runs no
# program. Control characters in a name show as ?.
(( $+functions[_kps_pids] )) ||
_kps_pids() {
    local -a pids
    local dir comm
    for dir in /proc/<->(N); do
        comm=
        { read -r comm <$dir/comm } 2>/dev/null
        pids+=("${dir#/proc/}:${comm//[[:cntrl:]]/?}")
    done
    _describe -t pids 'process ID' pids
}

(( $+functions[_kps_pid_list] )) ||
_kps_pid_list() {
    compset -P '*,'
    _kps_pids
}

(( $+functions[_kps_user_list] )) ||
_kps_user_list() {
    compset -P '*,'
    _users
}

# Terminal names as ps takes them: pts/N, ttyN, ttyS0.
(( $+functions[_kps_tty_list] )) ||
_kps_tty_list() {
    compset -P '*,'
    local -a ttys
    ttys=(/dev/pts/<->(N) /dev/tty[0-9A-Z]*(N))
    compadd -- ${ttys#/dev/}
}"#;

/// Bash: `case` arms that complete the operands of the subcommands that take
/// PIDs, and user names after their user options.
pub(super) fn bash_pid_command_arms(cmd: &Command) -> String {
    let alternatives = |spellings: &[String]| match spellings {
        [] => "^$".to_string(),
        _ => format!("^({})$", spellings.join("|")),
    };
    pid_commands(cmd)
        .iter()
        .map(|command| {
            format!(
                r#"
        {name})
            if [[ "$option" =~ {users} ]]; then
                _kps_reply_list "$cur" "$(compgen -u)"
            elif [[ "$cur" == -* || "$option" =~ {values} ]]; then
                _kps "$@"
            else
                _kps_reply_list "$cur" "$(_kps_pids)"
            fi
            return 0
            ;;"#,
                name = command.name,
                users = alternatives(&command.user_options),
                values = alternatives(&command.value_options),
            )
        })
        .collect()
}

/// Fish: PIDs (described by the command name), users and terminals after
/// the options and in the operands that take them.
pub(super) fn fish_values(cmd: &Command) -> String {
    let spellings = |options: &[String]| -> String {
        options
            .iter()
            .map(|option| match option.strip_prefix("--") {
                Some(long) => format!("-l {long}"),
                None => format!("-s {}", option.trim_start_matches('-')),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut operands = String::new();
    let mut user_options = String::new();
    for command in pid_commands(cmd) {
        let values = match command.value_options.as_slice() {
            [] => "^$".to_string(),
            options => format!("^({})$", options.join("|")),
        };
        operands.push_str(&format!(
            "        case {name}\n            not string match -qr -- '{values}' $words[-1]\n",
            name = command.name,
        ));
        if !command.user_options.is_empty() {
            user_options.push_str(&format!(
                "complete -c kps -n '__kps_in_command {name}' {options} -r -f -a '(__kps_users)'\n",
                name = command.name,
                options = spellings(&command.user_options),
            ));
        }
    }
    let long_pid_options = ps_flags::documented()
        .filter(|flag| flag.takes == Takes::Pids)
        .flat_map(|flag| flag.long.iter().map(|name| format!("-l {name}")))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        r#"
# PIDs (described by the command name), users and terminals, read from /proc,
# the user database and /dev: completing runs no program of its own.
function __kps_list_prefix
    string match -r -- '^(?:.*,)?' (string replace -r -- '^--[a-zA-Z-]+=' '' (commandline -ct))
end

function __kps_pids
    set -l prefix (__kps_list_prefix)
    for dir in /proc/*
        set -l pid (string replace -- /proc/ '' $dir)
        string match -qr -- '^[0-9]+$' $pid; or continue
        set -l comm ''
        test -r $dir/comm; and read comm <$dir/comm
        printf '%s%s\t%s\n' "$prefix" $pid (string replace -ra -- '[[:cntrl:]]' '?' "$comm")
    end
end

function __kps_users
    set -l prefix (__kps_list_prefix)
    for user in (__fish_complete_users)
        printf '%s%s\n' "$prefix" $user
    end
end

function __kps_ttys
    set -l prefix (__kps_list_prefix)
    for dev in /dev/pts/* /dev/tty*
        string match -qr -- '^/dev/(pts/[0-9]+|tty[0-9A-Z].*)$' $dev; or continue
        printf '%s%s\n' "$prefix" (string replace -- /dev/ '' $dev)
    end
end

function __kps_last_word_matches
    set -l words (commandline -opc)
    not contains -- "$words[2]" {subcommands}; and string match -qr -- $argv[1] $words[-1]
end

function __kps_wants_pids
    __kps_last_word_matches '{pids}'
end

function __kps_wants_users
    __kps_last_word_matches '{users}'
end

function __kps_wants_ttys
    __kps_last_word_matches '{ttys}'
end

function __kps_in_command
    set -l words (commandline -opc)
    test "$words[2]" = "$argv[1]"
end

function __kps_wants_pid_operand
    set -l words (commandline -opc)
    string match -q -- '-*' (commandline -ct); and return 1
    switch "$words[2]"
{operands}        case '*'
            return 1
    end
end

complete -c kps -n __kps_wants_pids -f -a '(__kps_pids)'
complete -c kps -n __kps_wants_users -f -a '(__kps_users)'
complete -c kps -n __kps_wants_ttys -f -a '(__kps_ttys)'
complete -c kps {long_pid_options} -r -f -a '(__kps_pids)'
complete -c kps -n __kps_wants_pid_operand -f -a '(__kps_pids)'
{user_options}"#,
        subcommands = visible_subcommands(cmd)
            .map(Command::get_name)
            .collect::<Vec<_>>()
            .join(" "),
        pids = pid_option_pattern(),
        users = user_option_pattern(),
        ttys = tty_option_pattern(),
    )
}
