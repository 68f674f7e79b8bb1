//! The bash script: one completion function driven by tables of kps' options
//! (`kps.bash.in`), instead of clap_complete's, which repeats the same code for
//! every option of every command.

use clap::{Arg, Command, ValueHint};
use clap_complete::aot::utils;

use super::values::{pid_commands, pid_option_pattern, tty_option_pattern, user_option_pattern};
use super::{fill, specifier_option_pattern, specifier_words};
use crate::docs::visible_subcommands;

const TEMPLATE: &str = include_str!("kps.bash.in");

pub(super) fn script(cmd: &Command) -> String {
    let subcommands: Vec<&str> = visible_subcommands(cmd).map(Command::get_name).collect();
    let subcommand_alternatives = match subcommands.as_slice() {
        [] => "''".to_string(),
        names => names.join("|"),
    };
    fill(
        TEMPLATE,
        &[
            ("SPECIFIERS", &specifier_words()),
            ("SUBCOMMAND_WORDS", &subcommands.join(" ")),
            ("OPTIONS", &option_lists(cmd)),
            ("VALUES", &value_arms(cmd)),
            ("PID_COMMANDS", &pid_command_lines(cmd)),
            ("SUBCOMMANDS", &subcommand_alternatives),
            ("PIDS", &pid_option_pattern()),
            ("USERS", &user_option_pattern()),
            ("TTYS", &tty_option_pattern()),
            ("SPECIFIER_OPTIONS", &specifier_option_pattern()),
        ],
    )
}

/// kps itself (named by the empty string, as no command was given) and its
/// commands.
fn commands(cmd: &Command) -> impl Iterator<Item = (&str, &Command)> {
    std::iter::once(("", cmd)).chain(visible_subcommands(cmd).map(|sub| (sub.get_name(), sub)))
}

/// `case` arms that set `opts` to the words a command takes: its options, the
/// values of its positional arguments that have a fixed set (the BSD letters)
/// and its commands.
fn option_lists(cmd: &Command) -> String {
    commands(cmd)
        .map(|(name, command)| {
            let words: Vec<String> = utils::shorts_and_visible_aliases(command)
                .iter()
                .map(|short| format!("-{short}"))
                .chain(
                    utils::longs_and_visible_aliases(command)
                        .iter()
                        .map(|long| format!("--{long}")),
                )
                .chain(
                    command
                        .get_positionals()
                        .filter_map(utils::possible_values)
                        .flatten()
                        .map(|value| value.get_name().to_string()),
                )
                .chain(visible_subcommands(command).map(|sub| sub.get_name().to_string()))
                .collect();
            format!("        {:?}) opts=\"{}\" ;;", name, words.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What completes the value of `arg`: one of its values, free text (a
/// number, a pattern), or a file name.
fn value_action(arg: &Arg) -> String {
    if let Some(values) = utils::possible_values(arg) {
        let names: Vec<&str> = values
            .iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| value.get_name())
            .collect();
        let names = names.join(" ");
        // The specifier list is long and already in a variable.
        let words = if names == specifier_words() {
            "$_kps_specifiers".to_string()
        } else {
            names
        };
        format!("COMPREPLY=( $(compgen -W \"{words}\" -- \"$cur\") )")
    } else if arg.get_value_hint() == ValueHint::Other {
        "COMPREPLY=(\"$cur\")\n            compopt -o nospace 2>/dev/null".to_string()
    } else {
        "COMPREPLY=( $(compgen -f -- \"$cur\") )".to_string()
    }
}

/// `case` arms on the command and the word before the cursor, one for each
/// way of completing a value, listing every option completed that way.
fn value_arms(cmd: &Command) -> String {
    let mut arms: Vec<(String, Vec<String>)> = Vec::new();
    for (name, command) in commands(cmd) {
        let command_word = if name.is_empty() { "kps" } else { name };
        for arg in command.get_opts() {
            let spellings = arg
                .get_long_and_visible_aliases()
                .unwrap_or_default()
                .into_iter()
                .map(|long| format!("--{long}"))
                .chain(
                    arg.get_short_and_visible_aliases()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|short| format!("-{short}")),
                )
                .map(|option| format!("\"{command_word} {option}\""));
            let action = value_action(arg);
            match arms.iter_mut().find(|(known, _)| *known == action) {
                Some((_, patterns)) => patterns.extend(spellings),
                None => arms.push((action, spellings.collect())),
            }
        }
    }
    arms.iter()
        .map(|(action, patterns)| {
            format!(
                "        {})\n            {action}\n            return 0\n            ;;",
                patterns.join("|")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `case` arms for the commands whose operands are PIDs: the spellings of
/// their options whose value names users, and of those whose value is the
/// next word.
fn pid_command_lines(cmd: &Command) -> String {
    let alternatives = |spellings: &[String]| match spellings {
        [] => "^$".to_string(),
        _ => format!("^({})$", spellings.join("|")),
    };
    pid_commands(cmd)
        .iter()
        .map(|command| {
            format!(
                "        {}) users='{}' values='{}' ;;",
                command.name,
                alternatives(&command.user_options),
                alternatives(&command.value_options),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
