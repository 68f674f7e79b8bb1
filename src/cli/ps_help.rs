//! The ps options as clap sees them, for `--help`, the man page and the
//! shell completions: clap cannot parse ps syntax, but the clap [`Command`]
//! built from the option table by [`command`] gives clap_mangen and
//! clap_complete what they need to describe it.

use std::io::{self, Write};

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, Command, CommandFactory, ValueHint};

use super::Cli;
use super::ps_flags::{self, PsFlag, Takes};
use crate::columns;

/// The id of the argument that stands for the BSD option letters.
pub const BSD_ARG_ID: &str = "bsd-options";

/// Every format specifier name, for completing `-o` and `--sort`.
fn specifier_names() -> impl Iterator<Item = &'static str> {
    columns::SPECS.iter().map(|spec| spec.name)
}

/// kps' whole command line as a clap [`Command`], for help, the man page and
/// the completions only: the subcommands as clap parses them, and the ps
/// options described by [`PS_FLAGS`](ps_flags::PS_FLAGS).
///
/// A dashed option becomes a clap option; the BSD letters, which clap cannot
/// express, become the possible values of one positional argument.
pub fn command() -> Command {
    dashed_command().arg(bsd_arg())
}

/// [`command`] without the BSD letters, for a completion generator that
/// cannot combine subcommands with a positional argument.
pub fn dashed_command() -> Command {
    let cmd = Cli::command()
        .subcommand_required(false)
        .arg_required_else_help(false)
        .disable_help_flag(true)
        .disable_version_flag(true);
    ps_flags::documented()
        .filter(|flag| !flag.unix.is_empty() || !flag.long.is_empty())
        .fold(cmd, |cmd, flag| cmd.arg(dashed_arg(flag)))
        .arg(generate_arg())
}

/// `--generate KIND`: kps' own, not a ps option, so not in the ps table.
fn generate_arg() -> Arg {
    Arg::new("generate")
        .long("generate")
        .value_name("KIND")
        .action(ArgAction::Set)
        .value_parser(super::Generate::ALL.map(|(name, _)| name))
        .help(
            "Print the man page (man) or a completion script (bash, zsh, fish, elvish, \
             powershell) and exit; the whole command line, as kps --generate man.",
        )
        .help_heading(ps_flags::Section::Other.heading())
}

fn dashed_arg(flag: &PsFlag) -> Arg {
    let mut arg = Arg::new(flag.id)
        .help(with_other_spellings(flag))
        .help_heading(flag.section.heading());
    if let Some((first, rest)) = flag.unix.split_first() {
        arg = arg
            .short(*first)
            .visible_short_aliases(rest.iter().copied());
    }
    if let Some((first, rest)) = flag.long.split_first() {
        arg = arg.long(*first).visible_aliases(rest.iter().copied());
    }
    let Some(value_name) = flag.takes.value_name() else {
        let action = if flag.repeats {
            ArgAction::Count
        } else {
            ArgAction::SetTrue
        };
        return arg.action(action);
    };
    arg = arg.action(ArgAction::Set).value_name(value_name);
    if flag.takes.is_optional_with_equals() {
        arg = arg.num_args(0..=1).require_equals(true);
    }
    match flag.takes {
        Takes::OptionalWhen => arg.value_parser(["auto", "always", "never"]),
        Takes::Format | Takes::Sort => arg
            .value_parser(PossibleValuesParser::new(specifier_names()))
            .hide_possible_values(true),
        Takes::Users => arg.value_hint(ValueHint::Username),
        Takes::Commands => arg.value_hint(ValueHint::CommandName),
        _ => arg.value_hint(ValueHint::Other),
    }
}

/// The help, followed by the spellings the clap option itself does not show.
fn with_other_spellings(flag: &PsFlag) -> String {
    let mut others: Vec<String> = flag.unix.iter().skip(1).map(|c| format!("-{c}")).collect();
    others.extend(flag.bsd.iter().map(|c| format!("BSD {c}")));
    others.extend(flag.long.iter().skip(1).map(|name| format!("--{name}")));
    if others.is_empty() {
        flag.help.to_string()
    } else {
        format!("{} Also {}.", flag.help, others.join(", "))
    }
}

fn bsd_arg() -> Arg {
    let letters = ps_flags::documented().flat_map(|flag| {
        flag.bsd.iter().map(move |letter| {
            let help = match flag.takes.value_name() {
                Some(value) => format!("{} {value} follows.", flag.help),
                None => flag.help.to_string(),
            };
            PossibleValue::new(letter.to_string()).help(help)
        })
    });
    Arg::new(BSD_ARG_ID)
        .value_name("BSD-OPTIONS")
        .help(
            "BSD options: letters without a dash, grouped as in aux. A letter that takes a \
             value takes the rest of the word or the next word (axo pid,comm). A number is \
             a process ID.",
        )
        .help_heading("BSD options")
        .num_args(1..)
        .action(ArgAction::Append)
        .value_parser(PossibleValuesParser::new(letters))
}

/// Writes the help `kps --help` prints: one screen, the rest is in kps(1).
pub fn print_help(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "kps {}: a process inspector for Linux, with the options of ps",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out)?;
    writeln!(out, "Usage:")?;
    writeln!(
        out,
        "  kps [OPTIONS]         list processes, with ps options in any syntax:"
    )?;
    writeln!(
        out,
        "                        kps aux, kps -ef, kps -eo pid,comm --sort=-rss"
    )?;
    writeln!(out, "  kps COMMAND [ARGS]    a view ps does not have")?;
    writeln!(
        out,
        "  kps --generate KIND   the man page or a completion script: man, bash, zsh,"
    )?;
    writeln!(out, "                        fish, elvish, powershell")?;
    let cli = Cli::command();
    let subcommands: Vec<_> = cli.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    if !subcommands.is_empty() {
        writeln!(out)?;
        writeln!(out, "Commands:")?;
        for sub in subcommands {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            writeln!(out, "  {:<10}  {about}", sub.get_name())?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Options used most (UNIX -x, BSD x, GNU --x; mix freely):"
    )?;
    let common: Vec<_> = ps_flags::documented().filter(|flag| flag.common).collect();
    let width = common.iter().map(|f| f.synopsis().len()).max().unwrap_or(0);
    for flag in common {
        writeln!(out, "  {:<width$}  {}", flag.synopsis(), flag.help)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "'kps help COMMAND' describes a command; kps(1) describes every option,"
    )?;
    writeln!(
        out,
        "format specifier, the JSON output and the exit status."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documentation_command_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn help_fits_a_screen() {
        let mut text = Vec::new();
        print_help(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.lines().count() < 60, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(text.contains("kps(1)"));
    }
}
